/* r_units.c - glue for units.c. */
#include "r_glue.h"

typedef struct {
    b2m_column x;
    double mul, div, max;
    double *out;
    b2m_bad_rows bad;
} convert_call;

static void convert_chunk(void *ctx, size_t start, size_t len)
{
    convert_call *c = (convert_call *) ctx;
    r_bad_rows_offset(&c->bad, 1, start);
    b2m_convert(len, b2m_column_from(c->x, start), c->mul, c->div, c->max,
                c->out + start, &c->bad);
}

SEXP r_b2m_convert(SEXP x, SEXP multiply, SEXP divide, SEXP max_in_unit)
{
    size_t n = (size_t) XLENGTH(x);
    convert_call c;
    SEXP out, result;

    c.x = r_column(x);
    c.mul = r_scalar(multiply);
    c.div = r_scalar(divide);
    c.max = r_scalar(max_in_unit);
    out = PROTECT(Rf_allocVector(REALSXP, (R_xlen_t) n));
    c.out = REAL(out);
    b2m_bad_rows_init(&c.bad);
    r_run_chunked(n, convert_chunk, &c);
    result = r_result(out, &c.bad, 1, NULL);
    UNPROTECT(1);
    return result;
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
