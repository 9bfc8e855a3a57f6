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
