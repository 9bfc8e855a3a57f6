/* fuzz_convert.c - b2m_convert over fuzzed columns, in chunks as the glue
 * calls it.  Invariants: a missing value stays missing, a negative, infinite
 * or implausible one gives NA and is recorded, anything else is x * multiply
 * / divide; the record is the same however the rows are chunked. */
#include "fuzz.h"

/* Unit factors as b2m_convert() in R derives them: products of the exact
 * integers of quantity_table. */
static const double factors[] = {1, 10, 1000, 10000, 1e6, 11800, 118000, 11800000};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_input in = {data, size};
    size_t n = fuzz_rows(&in), chunk = fuzz_chunk(&in, n), start, i;
    double multiply = factors[fuzz_byte(&in) % 8], divide = factors[fuzz_byte(&in) % 8];
    double max = fuzz_positive(&in);
    fuzz_column x = fuzz_column_read(&in, n);
    double *out = malloc((n ? n : 1) * sizeof *out);
    b2m_bad_rows bad;

    FUZZ_ASSERT(out != NULL);
    b2m_bad_rows_init(&bad);
    for (start = 0; start < n; start += chunk) {
        size_t len = n - start < chunk ? n - start : chunk;
        bad.offset = start;
        b2m_convert(len, b2m_column_from(x.col, start), multiply, divide, max,
                    out + start, &bad);
    }
    fuzz_check_bad_rows(&bad, &x.col, n, max, 0);
    for (i = 0; i < n; i++) {
        double v = b2m_column_get(&x.col, i);
        double usable = fuzz_usable(&x.col, i, max, 0);
        if (isnan(v))
            FUZZ_ASSERT(isnan(out[i])); /* NA stays NA, NaN stays NaN */
        else if (isnan(usable))
            FUZZ_ASSERT(fuzz_is_na_real(out[i]));
        else
            FUZZ_ASSERT(out[i] == usable * multiply / divide && out[i] >= 0);
    }
    free(out);
    fuzz_column_free(&x);
    return 0;
}
