/* r_dialysis.c - glue for dialysis.c. */
#include "r_glue.h"

typedef struct {
    b2m_reduction_input in;
    r_measurement pre, post; /* read a chunk at a time: a unit per row */
    double *out;
    b2m_bad_rows bad[B2M_REDUCTION_ARGS];
} reduction_call;

static void reduction_chunk(void *ctx, size_t start, size_t len)
{
    reduction_call *c = ctx;
    b2m_reduction_input in = c->in;
    r_bad_rows_offset(c->bad, B2M_REDUCTION_ARGS, start);
    in.pre = r_measurement_rows(&c->pre, start, len, &c->bad[0]);
    in.post = r_measurement_rows(&c->post, start, len, &c->bad[1]);
    in.weight_pre = b2m_column_from(in.weight_pre, start);
    in.weight_post = b2m_column_from(in.weight_post, start);
    b2m_dialysis_reduction_ratio(len, &in, c->out + start, c->bad);
}

/* pre, post and the weights are measurements (pre and post with a unit per
 * row or one, r_measurement_read_rows(); the weights one NA each when not
 * corrected); weight_change_max the largest
 * plausible |weight_pre - weight_post| / weight_post; corrected TRUE to
 * correct post for haemoconcentration. */
SEXP r_b2m_reduction_ratio(SEXP pre, SEXP post, SEXP weight_pre,
                           SEXP weight_post, SEXP weight_change_max,
                           SEXP corrected)
{
    static const char what[] = "r_b2m_reduction_ratio";
    r_measurement before = r_measurement_read_rows(pre, what);
    r_measurement after = r_measurement_read_rows(post, what);
    r_measurement w_pre = r_measurement_read(weight_pre, what);
    r_measurement w_post = r_measurement_read(weight_post, what);
    const SEXP columns[B2M_REDUCTION_ARGS] = {before.value, after.value,
                                              w_pre.value, w_post.value};
    size_t n = r_common_length_of(columns, B2M_REDUCTION_ARGS), k;
    reduction_call c;
    SEXP out, result;

    if (TYPEOF(corrected) != LGLSXP || XLENGTH(corrected) != 1)
        Rf_error("b2m internal error: bad arguments to r_b2m_reduction_ratio");
    c.pre = before;
    c.post = after;
    /* replaced a chunk at a time */
    c.in.pre = before.column;
    c.in.post = after.column;
    c.in.weight_pre = w_pre.column;
    c.in.weight_post = w_post.column;
    c.in.b2m_max = before.max_in_unit;
    c.in.weight_min = w_pre.min_in_unit;
    c.in.weight_max = w_pre.max_in_unit;
    c.in.weight_change_max = r_scalar(weight_change_max);
    c.in.corrected = LOGICAL_RO(corrected)[0] == 1;
    for (k = 0; k < B2M_REDUCTION_ARGS; k++)
        b2m_bad_rows_init(&c.bad[k]);
    out = PROTECT(Rf_allocVector(REALSXP, (R_xlen_t) n));
    c.out = REAL(out);
    r_run_chunked(n, reduction_chunk, &c);
    result = r_result(out, c.bad, B2M_REDUCTION_ARGS, NULL);
    UNPROTECT(1);
    return result;
}
