/* fuzz_values.c - the helpers of values.c every kernel builds on: column
 * reads (real, integer, recycled, from an offset), the value checks, the
 * bad-row record (more rows than it keeps) and unit thresholds. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_input in = {data, size};
    size_t n = fuzz_rows(&in), start = n ? fuzz_byte(&in) % n : 0, i;
    double max = fuzz_positive(&in);
    int positive = fuzz_byte(&in) & 1;
    fuzz_column x = fuzz_column_read(&in, n);
    b2m_column tail = b2m_column_from(x.col, start);
    b2m_bad_rows bad;
    b2m_scale scale;

    /* Reads: recycled columns repeat row 0, integers map NA to NaN. */
    for (i = 0; i < n; i++) {
        double v = b2m_column_get(&x.col, i);
        size_t at = x.length == 1 ? 0 : i;
        if (x.col.real != NULL) {
            double want = x.col.real[at];
            FUZZ_ASSERT(memcmp(&v, &want, sizeof v) == 0);
        } else if (x.col.integer[at] == B2M_NA_INT) {
            FUZZ_ASSERT(isnan(v));
        } else {
            FUZZ_ASSERT(v == (double) x.col.integer[at]);
        }
        if (i >= start) {
            double t = b2m_column_get(&tail, i - start);
            FUZZ_ASSERT(memcmp(&t, &v, sizeof v) == 0 || (isnan(t) && isnan(v)));
        }
    }

    /* The checked reads agree with the restated checks, and record exactly. */
    b2m_bad_rows_init(&bad);
    for (i = 0; i < n; i++) {
        double got = positive ? b2m_column_checked_positive(&x.col, i, max, &bad)
                              : b2m_column_checked(&x.col, i, max, &bad);
        double v = b2m_column_get(&x.col, i);
        if (fuzz_problem(v, max, positive) != B2M_VALUE_OK)
            FUZZ_ASSERT(fuzz_is_na_real(got));
        else
            FUZZ_ASSERT(memcmp(&got, &v, sizeof v) == 0 || (isnan(got) && isnan(v)));
        FUZZ_ASSERT(b2m_value_check(v, max) == fuzz_problem(v, max, 0));
    }
    fuzz_check_bad_rows(&bad, &x.col, n, max, positive);

    /* The same with a smallest plausible value. */
    {
        double min = fmin(fuzz_positive(&in), max);
        b2m_bad_rows_init(&bad);
        for (i = 0; i < n; i++) {
            double got = b2m_column_checked_between(&x.col, i, min, max, &bad);
            double v = b2m_column_get(&x.col, i);
            b2m_value_problem p = fuzz_problem_range(v, min, max, 1);
            FUZZ_ASSERT(b2m_value_check_between(v, min, max) == p);
            if (p != B2M_VALUE_OK)
                FUZZ_ASSERT(fuzz_is_na_real(got));
            else
                FUZZ_ASSERT(memcmp(&got, &v, sizeof v) == 0 || (isnan(got) && isnan(v)));
        }
        fuzz_check_bad_rows_range(&bad, &x.col, n, min, max, 1);
    }

    /* The record keeps the first rows, with the offset, and counts them all. */
    b2m_bad_rows_init(&bad);
    bad.offset = start;
    for (i = 0; i < n; i++)
        b2m_bad_rows_add(&bad, i, B2M_VALUE_NEGATIVE);
    FUZZ_ASSERT(bad.count == n);
    for (i = 0; i < n && i < B2M_MAX_REPORTED; i++)
        FUZZ_ASSERT(bad.rows[i] == start + i);

    /* Thresholds: the exact-integer scales of the units map a threshold to
     * the same double as dividing and multiplying by hand. */
    scale.num = (double) (fuzz_byte(&in) % 16 + 1);
    scale.den = (double) (fuzz_byte(&in) % 16 + 1);
    {
        double v = fuzz_double(&in), t = b2m_scale_threshold(v, scale);
        FUZZ_ASSERT(memcmp(&t, &(double){v * scale.num / scale.den}, sizeof t) == 0
                    || (isnan(t) && isnan(v)));
    }
    FUZZ_ASSERT(isnan(b2m_na_real()));

    fuzz_column_free(&x);
    return 0;
}
