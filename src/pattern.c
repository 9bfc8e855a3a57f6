/* pattern.c - serum against urine B2M: which compartment is high. */
#include "b2m.h"

/* B2M degrades in urine below pH 6.0 (Mayo Clinic Laboratories B2MU; Quest):
 * laboratories reject such specimens, so a urine value that is not high
 * cannot be trusted.  Exactly 6.0 is acceptable. */
static const double acid_ph = 6.0;

double b2m_pattern_acid_ph(void)
{
    return acid_ph;
}

size_t b2m_pattern_classify(size_t n, const b2m_pattern_input *in, int *out,
                            b2m_bad_rows bad[B2M_PATTERN_ARGS],
                            b2m_bad_rows *acid)
{
    size_t i, k, total = 0;
    for (i = 0; i < n; i++) {
        double serum = b2m_column_checked(&in->serum, i, in->serum_max, &bad[0]);
        double serum_uln = b2m_column_checked_positive(&in->serum_uln, i,
                                                       in->serum_max, &bad[1]);
        double urine = b2m_column_checked(&in->urine, i, in->urine_max, &bad[2]);
        double urine_uln = b2m_column_checked_positive(&in->urine_uln, i,
                                                       in->urine_max, &bad[3]);
        double ph = b2m_column_checked(&in->urine_ph, i, in->ph_max, &bad[4]);
        int serum_high, urine_high;
        if (isnan(serum) || isnan(serum_uln) || isnan(urine) || isnan(urine_uln)) {
            out[i] = B2M_NA_INT;
            continue;
        }
        /* Laboratories flag a result only when it exceeds the limit. */
        serum_high = serum > serum_uln;
        urine_high = urine > urine_uln;
        /* A high urine value stands in acid urine: degradation only lowers it. */
        if (!urine_high && ph < acid_ph) {
            b2m_bad_rows_add(acid, i, B2M_VALUE_OK);
            out[i] = B2M_NA_INT;
            continue;
        }
        out[i] = 1 + serum_high + 2 * urine_high;
    }
    for (k = 0; k < B2M_PATTERN_ARGS; k++)
        total += bad[k].count;
    return total;
}
