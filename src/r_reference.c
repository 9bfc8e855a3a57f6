/* r_reference.c - glue for reference.c. */
#include "r_glue.h"

typedef size_t (*int_kernel)(size_t, b2m_column, b2m_column, double, int *,
                             b2m_bad_rows *, b2m_bad_rows *);
typedef size_t (*real_kernel)(size_t, b2m_column, b2m_column, double, double *,
                              b2m_bad_rows *, b2m_bad_rows *);

typedef struct {
    r_measurement x; /* each a unit per row or one */
    r_measurement uln;
    double max;
    int_kernel kernel_int; /* exactly one of the kernels is set */
    real_kernel kernel_real;
    int *out_int;
    double *out_real;
    b2m_bad_rows bad[2];
} limit_call;

static void limit_chunk(void *ctx, size_t start, size_t len)
{
    limit_call *c = (limit_call *) ctx;
    b2m_column sx, su;
    r_bad_rows_offset(c->bad, 2, start);
    sx = r_measurement_rows(&c->x, start, len, &c->bad[0]);
    su = r_measurement_rows_after(&c->uln, &c->x, start, len, &c->bad[1]);
    if (c->kernel_int != NULL)
        c->kernel_int(len, sx, su, c->max, c->out_int + start, &c->bad[0], &c->bad[1]);
    else
        c->kernel_real(len, sx, su, c->max, c->out_real + start, &c->bad[0], &c->bad[1]);
}

/* classify and fold_uln share their shape: the measurement x against a
 * per-row limit uln, each with a unit per row or one
 * (r_measurement_read_rows()), read in the same unit. */
static SEXP against_limit(SEXP x, SEXP uln, int_kernel kernel_int,
                          real_kernel kernel_real)
{
    static const char what[] = "the reference limits";
    r_measurement value = r_measurement_read_rows(x, what);
    r_measurement limit = r_measurement_read_rows(uln, what);
    const SEXP columns[2] = {value.value, limit.value};
    size_t n = r_common_length_of(columns, 2);
    limit_call c;
    SEXP out, result;

    c.x = value;
    c.uln = limit;
    c.max = value.max_in_unit;
    c.kernel_int = kernel_int;
    c.kernel_real = kernel_real;
    out = PROTECT(Rf_allocVector(kernel_int != NULL ? INTSXP : REALSXP, (R_xlen_t) n));
    c.out_int = kernel_int != NULL ? INTEGER(out) : NULL;
    c.out_real = kernel_int != NULL ? NULL : REAL(out);
    b2m_bad_rows_init(&c.bad[0]);
    b2m_bad_rows_init(&c.bad[1]);
    r_run_chunked(n, limit_chunk, &c);
    result = r_result(out, c.bad, 2, NULL);
    UNPROTECT(1);
    return result;
}

SEXP r_b2m_classify(SEXP x, SEXP uln)
{
    return against_limit(x, uln, b2m_classify, NULL);
}

SEXP r_b2m_fold_uln(SEXP x, SEXP uln)
{
    return against_limit(x, uln, NULL, b2m_fold_uln);
}
