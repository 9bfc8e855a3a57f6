/* units.c - conversion of B2M concentrations between units. */
#include "b2m.h"

size_t b2m_convert(size_t n, b2m_column x, double multiply, double divide,
                   double max_in_unit, double *out, b2m_bad_rows *bad)
{
    size_t i;
    for (i = 0; i < n; i++) {
        double value = b2m_column_checked(&x, i, max_in_unit, bad);
        out[i] = isnan(value) ? value : value * multiply / divide;
    }
    return bad->count;
}

size_t b2m_convert_rows(size_t n, b2m_column x, const int *from, const int *to,
                        const b2m_unit_pairs *pairs, double *out,
                        b2m_bad_rows *bad)
{
    size_t i;
    for (i = 0; i < n; i++) {
        int f = from[i], t = to[i];
        if (f == B2M_NA_INT || t == B2M_NA_INT) {
            /* R has refused a value whose unit is missing */
            out[i] = b2m_na_real();
            continue;
        }
        {
            size_t pair = (size_t) (f - 1) * pairs->n_units + (size_t) (t - 1);
            double value = b2m_column_checked_between(
                &x, i, pairs->min_in_unit[f - 1], pairs->max_in_unit[f - 1], bad);
            out[i] = isnan(value) ? value
                                  : value * pairs->multiply[pair] / pairs->divide[pair];
        }
    }
    return bad->count;
}
