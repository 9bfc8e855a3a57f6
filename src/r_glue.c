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
