/* dialysis.c - B2M reduction over a dialysis session. */
#include "b2m.h"

/* B2M is distributed in the extracellular fluid (B2M_DIALYSIS_ECF_FRACTION
 * of the post-dialysis body weight), which shrinks by the weight removed;
 * the post value is scaled back to the pre-dialysis volume. */
static const double ecf_fraction = B2M_DIALYSIS_ECF_FRACTION;

/* The corrected post value, or NA where the correction is undefined; a pair
 * of weights too far apart for one session is recorded against weight_pre. */
static double corrected_post(const b2m_reduction_input *in, size_t i, double post,
                             b2m_bad_rows bad[B2M_REDUCTION_ARGS])
{
    double w_pre = b2m_column_checked_between(&in->weight_pre, i, in->weight_min,
                                              in->weight_max, &bad[2]);
    double w_post = b2m_column_checked_between(&in->weight_post, i, in->weight_min,
                                               in->weight_max, &bad[3]);
    double factor;
    if (isnan(w_pre) || isnan(w_post))
        return b2m_na_real();
    /* Near the correction's pole (a gain of a fifth of the weight) the
     * result is any number at all: weights that far apart are a data error
     * (swapped, another unit, another session), not a session. */
    if (fabs(w_pre - w_post) > in->weight_change_max * w_post) {
        if (in->weight_pre.stride != 0 || in->weight_post.stride != 0 ||
            bad[2].offset + i == 0)
            b2m_bad_rows_add(&bad[2], i, B2M_VALUE_INCONSISTENT);
        return b2m_na_real();
    }
    factor = 1 + (w_pre - w_post) / (ecf_fraction * w_post);
    /* A weight gain of a quarter or more empties the assumed extracellular
     * volume: no correction is defined. */
    return factor > 0 ? post / factor : b2m_na_real();
}

size_t b2m_dialysis_reduction_ratio(size_t n, const b2m_reduction_input *in,
                                    double *out,
                                    b2m_bad_rows bad[B2M_REDUCTION_ARGS])
{
    size_t i, k, total = 0;
    for (i = 0; i < n; i++) {
        double pre = b2m_column_checked_positive(&in->pre, i, in->b2m_max, &bad[0]);
        double post = b2m_column_checked(&in->post, i, in->b2m_max, &bad[1]);
        if (in->corrected)
            post = corrected_post(in, i, post, bad);
        out[i] = isnan(pre) || isnan(post) ? b2m_na_real()
                                           : 100 * (1 - post / pre);
    }
    for (k = 0; k < B2M_REDUCTION_ARGS; k++)
        total += bad[k].count;
    return total;
}
