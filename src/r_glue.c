/* r_glue.c - conversions between R objects and the core's types. */
#include "r_glue.h"

b2m_column r_column(SEXP x)
{
    size_t length = (size_t) XLENGTH(x);
    switch (TYPEOF(x)) {
    case REALSXP:
        return b2m_column_real(REAL_RO(x), length);
    case INTSXP:
        return b2m_column_integer(INTEGER_RO(x), length);
    case LGLSXP:
        return b2m_column_integer(LOGICAL_RO(x), length);
    default:
        Rf_error("b2m internal error: a column must be numeric or logical");
    }
}

size_t r_common_length(SEXP x, SEXP y)
{
    R_xlen_t nx = XLENGTH(x), ny = XLENGTH(y);
    return (size_t) (nx == 1 ? ny : nx);
}

double r_scalar(SEXP x)
{
    if (TYPEOF(x) != REALSXP || XLENGTH(x) != 1)
        Rf_error("b2m internal error: expected a length-1 double");
    return REAL_RO(x)[0];
}

void r_bad_rows_offset(b2m_bad_rows *bad, size_t n, size_t start)
{
    size_t k;
    for (k = 0; k < n; k++)
        bad[k].offset = start;
}

/* The rows of one record that were kept for the message. */
static size_t reported_rows(const b2m_bad_rows *bad)
{
    return bad->count < B2M_MAX_REPORTED ? bad->count : B2M_MAX_REPORTED;
}

SEXP r_bad_values(const b2m_bad_rows *bad, size_t n_args)
{
    size_t k, j, reported = 0, total = 0, at = 0;
    SEXP out, names, arg, row, problem, count;
    const char *fields[] = {"arg", "row", "problem", "count"};

    for (k = 0; k < n_args; k++) {
        total += bad[k].count;
        reported += reported_rows(&bad[k]);
    }
    if (total == 0)
        return R_NilValue;

    out = PROTECT(Rf_allocVector(VECSXP, 4));
    arg = PROTECT(Rf_allocVector(INTSXP, (R_xlen_t) reported));
    row = PROTECT(Rf_allocVector(REALSXP, (R_xlen_t) reported));
    problem = PROTECT(Rf_allocVector(INTSXP, (R_xlen_t) reported));
    count = PROTECT(Rf_allocVector(REALSXP, (R_xlen_t) n_args));
    for (k = 0; k < n_args; k++) {
        size_t shown = reported_rows(&bad[k]);
        for (j = 0; j < shown; j++, at++) {
            INTEGER(arg)[at] = (int) k + 1;
            REAL(row)[at] = (double) bad[k].rows[j] + 1;
            INTEGER(problem)[at] = bad[k].problems[j];
        }
        REAL(count)[k] = (double) bad[k].count;
    }
    SET_VECTOR_ELT(out, 0, arg);
    SET_VECTOR_ELT(out, 1, row);
    SET_VECTOR_ELT(out, 2, problem);
    SET_VECTOR_ELT(out, 3, count);
    names = PROTECT(Rf_allocVector(STRSXP, 4));
    for (k = 0; k < 4; k++)
        SET_STRING_ELT(names, (R_xlen_t) k, Rf_mkChar(fields[k]));
    Rf_setAttrib(out, R_NamesSymbol, names);
    Rf_setAttrib(out, R_ClassSymbol, Rf_mkString("b2m_bad_values"));
    UNPROTECT(6);
    return out;
}

size_t r_common_length_of(const SEXP *xs, size_t k)
{
    size_t j;
    for (j = 0; j < k; j++)
        if (XLENGTH(xs[j]) != 1)
            return (size_t) XLENGTH(xs[j]);
    return 1;
}

void r_run_chunked(size_t n, r_chunk_fn fn, void *ctx)
{
    size_t start;
    for (start = 0; start < n; start += B2M_CHUNK) {
        fn(ctx, start, n - start < B2M_CHUNK ? n - start : B2M_CHUNK);
        R_CheckUserInterrupt();
    }
}

static SEXP flagged_rows(const b2m_bad_rows *flags)
{
    size_t j, shown = flags->count < B2M_MAX_REPORTED ? flags->count : B2M_MAX_REPORTED;
    SEXP out = PROTECT(Rf_allocVector(VECSXP, 2));
    SEXP row = PROTECT(Rf_allocVector(REALSXP, (R_xlen_t) shown));
    SEXP names = PROTECT(Rf_allocVector(STRSXP, 2));
    /* cppcheck follows one caller whose record is still empty and calls the
     * condition always false; other callers fill it. */
    /* cppcheck-suppress knownConditionTrueFalse */
    for (j = 0; j < shown; j++)
        REAL(row)[j] = (double) flags->rows[j] + 1;
    SET_VECTOR_ELT(out, 0, row);
    SET_VECTOR_ELT(out, 1, Rf_ScalarReal((double) flags->count));
    SET_STRING_ELT(names, 0, Rf_mkChar("row"));
    SET_STRING_ELT(names, 1, Rf_mkChar("count"));
    Rf_setAttrib(out, R_NamesSymbol, names);
    UNPROTECT(3);
    return out;
}

SEXP r_result(SEXP out, const b2m_bad_rows *bad, size_t n_bad,
              const b2m_bad_rows *flags)
{
    size_t k;
    for (k = 0; k < n_bad; k++)
        if (bad[k].count > 0)
            return r_bad_values(bad, n_bad);
    if (flags != NULL && flags->count > 0) {
        SEXP symbol = Rf_install("b2m_flagged"); /* symbols are never collected */
        Rf_setAttrib(out, symbol, PROTECT(flagged_rows(flags)));
        UNPROTECT(1);
    }
    return out;
}
