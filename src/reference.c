/* reference.c - classification of a B2M result against an upper reference
 * limit, and the result expressed as a multiple of that limit. */
#include "b2m.h"

size_t b2m_classify(size_t n, b2m_column x, b2m_column uln, double max_in_unit,
                    int *out, b2m_bad_rows *bad_x, b2m_bad_rows *bad_uln)
{
    size_t i;
    for (i = 0; i < n; i++) {
        double value = b2m_column_checked(&x, i, max_in_unit, bad_x);
        double limit = b2m_column_checked_positive(&uln, i, max_in_unit, bad_uln);
        if (isnan(value) || isnan(limit))
            out[i] = B2M_NA_INT;
        else
            /* Laboratories flag a result only when it exceeds the limit. */
            out[i] = value > limit ? 2 : 1;
    }
    return bad_x->count + bad_uln->count;
}

size_t b2m_fold_uln(size_t n, b2m_column x, b2m_column uln, double max_in_unit,
                    double *out, b2m_bad_rows *bad_x, b2m_bad_rows *bad_uln)
{
    size_t i;
    for (i = 0; i < n; i++) {
        double value = b2m_column_checked(&x, i, max_in_unit, bad_x);
        double limit = b2m_column_checked_positive(&uln, i, max_in_unit, bad_uln);
        out[i] = isnan(value) || isnan(limit) ? b2m_na_real() : value / limit;
    }
    return bad_x->count + bad_uln->count;
}
