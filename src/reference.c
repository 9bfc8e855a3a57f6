/* reference.c - classification of a B2M result against an upper reference
 * limit, and the result expressed as a multiple of that limit. */
#include "b2m.h"

/* The class of row i of x when it is a censored result (see b2m_classify()),
 * else B2M_NA_INT; a bad bound or an empty interval is recorded in bad. */
static int censored_class(const b2m_column *x, size_t i, double limit,
                          double max_in_unit, b2m_bad_rows *bad)
{
    int censor, above;
    double bound;
    if (x->censor == NULL)
        return B2M_NA_INT;
    censor = x->censor[i * x->stride];
    bound = x->bound[i * x->stride];
    if (censor < B2M_CENSOR_LT || censor > B2M_CENSOR_GE || isnan(bound))
        return B2M_NA_INT;
    above = censor == B2M_CENSOR_GT || censor == B2M_CENSOR_GE;
    if (b2m_value_check(bound, max_in_unit) != B2M_VALUE_OK) {
        b2m_column_record(x, i, b2m_value_check(bound, max_in_unit), bad);
        return B2M_NA_INT;
    }
    if ((censor == B2M_CENSOR_LT && bound == 0) ||
        (censor == B2M_CENSOR_GT && bound == max_in_unit)) {
        b2m_column_record(x, i, above ? B2M_VALUE_IMPLAUSIBLE : B2M_VALUE_NEGATIVE,
                          bad);
        return B2M_NA_INT;
    }
    if (isnan(limit))
        return B2M_NA_INT;
    if (above) /* (bound, max_in_unit] or [bound, max_in_unit] */
        return bound > limit || (bound == limit && censor == B2M_CENSOR_GT) ? 2
               : max_in_unit <= limit ? 1 : B2M_NA_INT;
    /* [0, bound) or [0, bound]: never wholly above a positive limit */
    return bound <= limit ? 1 : B2M_NA_INT;
}

size_t b2m_classify(size_t n, b2m_column x, b2m_column uln, double max_in_unit,
                    int *out, b2m_bad_rows *bad_x, b2m_bad_rows *bad_uln)
{
    size_t i;
    for (i = 0; i < n; i++) {
        double value = b2m_column_checked(&x, i, max_in_unit, bad_x);
        double limit = b2m_column_checked_positive(&uln, i, max_in_unit, bad_uln);
        if (isnan(value)) /* missing, bad, or censored (its bound checked) */
            out[i] = censored_class(&x, i, limit, max_in_unit, bad_x);
        else if (isnan(limit))
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
