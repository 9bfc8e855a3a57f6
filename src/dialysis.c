/* dialysis.c - B2M reduction over a dialysis session. */
#include "b2m.h"

/* Bergstrom J, Wehle B. Lancet 1987;1(8533):628-629: B2M is distributed in
 * the extracellular fluid, taken as 20 % of post-dialysis body weight, which
 * shrinks by the weight removed; the post value is scaled back to the
 * pre-dialysis volume. */
static const double ecf_fraction = 0.2;

size_t b2m_dialysis_reduction_ratio(size_t n, const b2m_reduction_input *in,
                                    double *out,
                                    b2m_bad_rows bad[B2M_REDUCTION_ARGS])
{
    size_t i, k, total = 0;
    for (i = 0; i < n; i++) {
        double pre = b2m_column_checked_positive(&in->pre, i, in->b2m_max, &bad[0]);
        double post = b2m_column_checked(&in->post, i, in->b2m_max, &bad[1]);
        if (in->corrected) {
            double w_pre = b2m_column_checked_positive(&in->weight_pre, i,
                                                       in->weight_max, &bad[2]);
            double w_post = b2m_column_checked_positive(&in->weight_post, i,
                                                        in->weight_max, &bad[3]);
            double factor = 1 + (w_pre - w_post) / (ecf_fraction * w_post);
            /* A weight gain of a quarter or more empties the assumed
             * extracellular volume: no correction is defined. */
            post = factor > 0 ? post / factor : b2m_na_real();
        }
        out[i] = isnan(pre) || isnan(post) ? b2m_na_real()
                                           : 100 * (1 - post / pre);
    }
    for (k = 0; k < B2M_REDUCTION_ARGS; k++)
        total += bad[k].count;
    return total;
}
