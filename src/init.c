/* init.c - registration of every .Call entry point (exact argument counts). */
#include <R_ext/Rdynload.h>
#include <R_ext/Visibility.h>
#include "r_glue.h"

SEXP r_b2m_convert(SEXP, SEXP, SEXP, SEXP);
SEXP r_b2m_convert_rows(SEXP, SEXP, SEXP, SEXP, SEXP, SEXP, SEXP);
SEXP r_b2m_classify(SEXP, SEXP);
SEXP r_b2m_fold_uln(SEXP, SEXP);
SEXP r_egfr_ckdepi(SEXP, SEXP, SEXP, SEXP, SEXP);
SEXP r_egfr_ckdepi_race(SEXP, SEXP, SEXP, SEXP, SEXP, SEXP);
SEXP r_egfr_ekfc(SEXP, SEXP, SEXP, SEXP);
SEXP r_egfr_ckid_u25(SEXP, SEXP, SEXP, SEXP, SEXP, SEXP);
SEXP r_egfr_schwartz(SEXP, SEXP);
SEXP r_urine_ratio(SEXP, SEXP, SEXP, SEXP, SEXP);
SEXP r_urine_limits(void);
SEXP r_egfr_b2m(SEXP);
SEXP r_b2m_expected(SEXP, SEXP);
SEXP r_b2m_excess(SEXP, SEXP);
SEXP r_gfr_category(SEXP);
SEXP r_kidney_constants(void);
SEXP r_b2m_pattern(SEXP, SEXP, SEXP, SEXP, SEXP);
SEXP r_pattern_acid_ph(void);
SEXP r_b2m_reduction_ratio(SEXP, SEXP, SEXP, SEXP, SEXP, SEXP);
SEXP r_b2m_trend(SEXP, SEXP, SEXP, SEXP, SEXP, SEXP, SEXP);
SEXP r_b2m_trend_summary(SEXP, SEXP, SEXP, SEXP, SEXP, SEXP);
SEXP r_b2m_trend_codes(SEXP);
SEXP r_b2m_trend_order(SEXP, SEXP, SEXP, SEXP);
SEXP r_stage(SEXP, SEXP, SEXP, SEXP, SEXP, SEXP);
SEXP r_stage_where(SEXP, SEXP, SEXP, SEXP, SEXP, SEXP);
SEXP r_stage_tables(void);
SEXP r_constants(void);
SEXP r_interpret_mechanism(SEXP, SEXP, SEXP, SEXP, SEXP);
SEXP r_interpret_follow_up(SEXP, SEXP, SEXP, SEXP, SEXP, SEXP);
SEXP r_interpret_comment(SEXP, SEXP, SEXP, SEXP, SEXP);
SEXP r_interpret_levels(void);
SEXP r_row_groups(SEXP);
SEXP r_first_known(SEXP, SEXP);
SEXP r_distinct_strings(SEXP);
SEXP r_all_missing(SEXP);
SEXP r_any_missing_code(SEXP);
SEXP r_scale_outliers(SEXP, SEXP, SEXP, SEXP);
SEXP r_limit_rows_outliers(SEXP, SEXP, SEXP, SEXP, SEXP, SEXP, SEXP, SEXP, SEXP, SEXP);
SEXP r_names_of_bits(SEXP, SEXP, SEXP, SEXP);
SEXP r_names_of_states(SEXP, SEXP, SEXP, SEXP, SEXP);

/* gcc -Wextra warns on a direct cast between function pointer types.  `name`
 * is an identifier, also stringized, so it cannot take parentheses. */
/* NOLINTNEXTLINE(bugprone-macro-parentheses) */
#define CALLDEF(name, n) {#name, (DL_FUNC) (void (*)(void)) &name, n}

static const R_CallMethodDef call_methods[] = {
    CALLDEF(r_b2m_convert, 4),
    CALLDEF(r_b2m_convert_rows, 7),
    CALLDEF(r_b2m_classify, 2),
    CALLDEF(r_b2m_fold_uln, 2),
    CALLDEF(r_egfr_ckdepi, 5),
    CALLDEF(r_egfr_ckdepi_race, 6),
    CALLDEF(r_egfr_ekfc, 4),
    CALLDEF(r_egfr_ckid_u25, 6),
    CALLDEF(r_egfr_schwartz, 2),
    CALLDEF(r_urine_ratio, 5),
    CALLDEF(r_urine_limits, 0),
    CALLDEF(r_egfr_b2m, 1),
    CALLDEF(r_b2m_expected, 2),
    CALLDEF(r_b2m_excess, 2),
    CALLDEF(r_gfr_category, 1),
    CALLDEF(r_kidney_constants, 0),
    CALLDEF(r_b2m_pattern, 5),
    CALLDEF(r_pattern_acid_ph, 0),
    CALLDEF(r_b2m_reduction_ratio, 6),
    CALLDEF(r_b2m_trend, 7),
    CALLDEF(r_b2m_trend_summary, 6),
    CALLDEF(r_b2m_trend_codes, 1),
    CALLDEF(r_b2m_trend_order, 4),
    CALLDEF(r_stage, 6),
    CALLDEF(r_stage_where, 6),
    CALLDEF(r_stage_tables, 0),
    CALLDEF(r_constants, 0),
    CALLDEF(r_interpret_mechanism, 5),
    CALLDEF(r_interpret_follow_up, 6),
    CALLDEF(r_interpret_comment, 5),
    CALLDEF(r_interpret_levels, 0),
    CALLDEF(r_row_groups, 1),
    CALLDEF(r_first_known, 2),
    CALLDEF(r_distinct_strings, 1),
    CALLDEF(r_all_missing, 1),
    CALLDEF(r_any_missing_code, 1),
    CALLDEF(r_scale_outliers, 4),
    CALLDEF(r_limit_rows_outliers, 10),
    CALLDEF(r_names_of_bits, 4),
    CALLDEF(r_names_of_states, 5),
    {NULL, NULL, 0}
};

void attribute_visible R_init_b2m(DllInfo *dll)
{
    R_registerRoutines(dll, NULL, call_methods, NULL, NULL);
    R_useDynamicSymbols(dll, FALSE);
    R_forceSymbols(dll, TRUE);
}
