/* init.c - registration of every .Call entry point (exact argument counts). */
#include <R_ext/Rdynload.h>
#include <R_ext/Visibility.h>
#include "r_glue.h"

SEXP r_b2m_convert(SEXP, SEXP, SEXP);
SEXP r_b2m_classify(SEXP, SEXP, SEXP);
SEXP r_b2m_fold_uln(SEXP, SEXP, SEXP);

/* gcc -Wextra warns on a direct cast between function pointer types.  `name`
 * is an identifier, also stringized, so it cannot take parentheses. */
/* NOLINTNEXTLINE(bugprone-macro-parentheses) */
#define CALLDEF(name, n) {#name, (DL_FUNC) (void (*)(void)) &name, n}

static const R_CallMethodDef call_methods[] = {
    CALLDEF(r_b2m_convert, 3),
    CALLDEF(r_b2m_classify, 3),
    CALLDEF(r_b2m_fold_uln, 3),
    {NULL, NULL, 0}
};

void attribute_visible R_init_b2m(DllInfo *dll)
{
    R_registerRoutines(dll, NULL, call_methods, NULL, NULL);
    R_useDynamicSymbols(dll, FALSE);
    R_forceSymbols(dll, TRUE);
}
