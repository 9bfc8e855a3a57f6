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
