/* fuzz_classify.c - b2m_classify over fuzzed x and limit columns, in chunks.
 * Invariants: every code is 1, 2 or NA; NA exactly where x or the limit is
 * missing or bad (a zero limit is bad); 2 exactly where x > limit; both
 * bad-row records exact and their sum returned. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_input in = {data, size};
    size_t n = fuzz_rows(&in), chunk = fuzz_chunk(&in, n), start, i, total = 0;
    double max = fuzz_positive(&in);
    fuzz_column x = fuzz_column_read(&in, n), uln = fuzz_column_read(&in, n);
    int *out = malloc((n ? n : 1) * sizeof *out);
    b2m_bad_rows bad_x, bad_uln;

    FUZZ_ASSERT(out != NULL);
    b2m_bad_rows_init(&bad_x);
    b2m_bad_rows_init(&bad_uln);
    for (start = 0; start < n; start += chunk) {
        size_t len = n - start < chunk ? n - start : chunk;
        bad_x.offset = bad_uln.offset = start;
        total = b2m_classify(len, b2m_column_from(x.col, start),
                             b2m_column_from(uln.col, start), max, out + start,
                             &bad_x, &bad_uln);
    }
    fuzz_check_bad_rows(&bad_x, &x.col, n, max, 0);
    fuzz_check_bad_rows(&bad_uln, &uln.col, n, max, 1);
    FUZZ_ASSERT(n == 0 || total == bad_x.count + bad_uln.count);
    for (i = 0; i < n; i++) {
        double v = fuzz_usable(&x.col, i, max, 0), limit = fuzz_usable(&uln.col, i, max, 1);
        if (isnan(v) || isnan(limit))
            FUZZ_ASSERT(out[i] == B2M_NA_INT);
        else
            FUZZ_ASSERT(out[i] == (v > limit ? 2 : 1));
    }
    free(out);
    fuzz_column_free(&x);
    fuzz_column_free(&uln);
    return 0;
}
