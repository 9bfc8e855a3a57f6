/* r_units.c - glue for units.c. */
#include "r_glue.h"

SEXP r_b2m_convert(SEXP x, SEXP multiply, SEXP divide, SEXP max_in_unit)
{
    size_t n = (size_t) XLENGTH(x), start;
    double mul = r_scalar(multiply), div = r_scalar(divide), max = r_scalar(max_in_unit);
    b2m_column col = r_column(x);
    b2m_bad_rows bad;
    SEXP out = PROTECT(Rf_allocVector(REALSXP, (R_xlen_t) n));
    double *res = REAL(out);

    b2m_bad_rows_init(&bad);
    for (start = 0; start < n; start += B2M_CHUNK) {
        size_t len = n - start < B2M_CHUNK ? n - start : B2M_CHUNK;
        r_bad_rows_offset(&bad, 1, start);
        b2m_convert(len, b2m_column_from(col, start), mul, div, max, res + start, &bad);
        R_CheckUserInterrupt();
    }
    if (bad.count > 0) {
        UNPROTECT(1);
        return r_bad_values(&bad, 1);
    }
    UNPROTECT(1);
    return out;
}

/* The rows of x whose unit cannot be the one stated (b2m_scale_outliers()):
 * NULL, or the bad-values record. */
SEXP r_scale_outliers(SEXP x, SEXP below, SEXP above, SEXP factor)
{
    size_t n = (size_t) XLENGTH(x), start;
    double lo = r_scalar(below), hi = r_scalar(above), f = r_scalar(factor);
    b2m_column col = r_column(x);
    b2m_bad_rows bad;

    b2m_bad_rows_init(&bad);
    for (start = 0; start < n; start += B2M_CHUNK) {
        size_t len = n - start < B2M_CHUNK ? n - start : B2M_CHUNK;
        r_bad_rows_offset(&bad, 1, start);
        b2m_scale_outliers(len, b2m_column_from(col, start), lo, hi, f, &bad);
        if (col.stride == 0)
            break;
        R_CheckUserInterrupt();
    }
    return bad.count > 0 ? r_bad_values(&bad, 1) : R_NilValue;
}
