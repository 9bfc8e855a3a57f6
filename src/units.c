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

/* The slow path of a row of b2m_convert_rows(): the value is judged in its
 * row's own unit, so a value given once (x recycled) can be bad in some rows
 * only, and each such row is recorded (not the recycled value once, as
 * b2m_column_checked_between() would).  Returns NaN for a bad value, a
 * missing one as it is. */
static double recheck_in_row(size_t i, double value, double min_in_unit,
                             double max_in_unit, b2m_bad_rows *bad)
{
    b2m_value_problem problem = b2m_value_check_between(value, min_in_unit, max_in_unit);
    if (problem == B2M_VALUE_OK)
        return value;
    b2m_bad_rows_add(bad, i, problem);
    return b2m_na_real();
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
            const double min = pairs->min_in_unit[f - 1], max = pairs->max_in_unit[f - 1];
            double value = b2m_column_get(&x, i);
            if (!(value >= min && value <= max && value < HUGE_VAL))
                value = recheck_in_row(i, value, min, max, bad);
            out[i] = isnan(value) ? value
                                  : value * pairs->multiply[pair] / pairs->divide[pair];
        }
    }
    return bad->count;
}
