/* r_dialysis.c - glue for dialysis.c. */
#include "r_glue.h"

typedef struct {
    b2m_reduction_input in;
    double *out;
    b2m_bad_rows bad[B2M_REDUCTION_ARGS];
} reduction_call;

static void reduction_chunk(void *ctx, size_t start, size_t len)
{
    reduction_call *c = ctx;
    b2m_reduction_input in = c->in;
    in.pre = b2m_column_from(in.pre, start);
    in.post = b2m_column_from(in.post, start);
    in.weight_pre = b2m_column_from(in.weight_pre, start);
    in.weight_post = b2m_column_from(in.weight_post, start);
    r_bad_rows_offset(c->bad, B2M_REDUCTION_ARGS, start);
    b2m_dialysis_reduction_ratio(len, &in, c->out + start, c->bad);
}

/* limits = c(B2M max in the unit, weight min, weight max, largest weight
 * change, corrected 0/1). */
SEXP r_b2m_reduction_ratio(SEXP pre, SEXP post, SEXP weight_pre,
                           SEXP weight_post, SEXP limits)
{
    const SEXP columns[B2M_REDUCTION_ARGS] = {pre, post, weight_pre, weight_post};
    size_t n = r_common_length_of(columns, B2M_REDUCTION_ARGS), k;
    reduction_call c;
    SEXP out, result;

    if (XLENGTH(limits) != 5)
        Rf_error("b2m internal error: bad limits");
    c.in.pre = r_column(pre);
    c.in.post = r_column(post);
    c.in.weight_pre = r_column(weight_pre);
    c.in.weight_post = r_column(weight_post);
    c.in.b2m_max = REAL_RO(limits)[0];
    c.in.weight_min = REAL_RO(limits)[1];
    c.in.weight_max = REAL_RO(limits)[2];
    c.in.weight_change_max = REAL_RO(limits)[3];
    c.in.corrected = REAL_RO(limits)[4] != 0;
    for (k = 0; k < B2M_REDUCTION_ARGS; k++)
        b2m_bad_rows_init(&c.bad[k]);
    out = PROTECT(Rf_allocVector(REALSXP, (R_xlen_t) n));
    c.out = REAL(out);
    r_run_chunked(n, reduction_chunk, &c);
    result = r_result(out, c.bad, B2M_REDUCTION_ARGS, NULL);
    UNPROTECT(1);
    return result;
}
