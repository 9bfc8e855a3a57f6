/* fuzz_limit.h - the harness shared by kernels of x against a per-row limit
 * (b2m_classify, b2m_fold_uln): fuzzed x and limit columns, the kernel run
 * in chunks as the glue runs it, both bad-row records checked exactly, then
 * each row's result checked by the harness's own `check` with the values the
 * kernel should have used (NaN when missing or bad; a zero limit is bad). */
#ifndef B2M_FUZZ_LIMIT_H
#define B2M_FUZZ_LIMIT_H

#include "fuzz.h"

/* Runs the kernel on rows [start, start + len) writing out from row start. */
typedef size_t (*fuzz_limit_kernel)(size_t len, b2m_column x, b2m_column uln,
                                    double max, void *out, size_t start,
                                    b2m_bad_rows *bad_x, b2m_bad_rows *bad_uln);
typedef void (*fuzz_limit_check)(const void *out, size_t i, double x, double limit);

static inline int fuzz_against_limit(const uint8_t *data, size_t size,
                                     size_t out_size, fuzz_limit_kernel kernel,
                                     fuzz_limit_check check)
{
    fuzz_input in = {data, size};
    size_t n = fuzz_rows(&in), chunk = fuzz_chunk(&in, n), start, i, total = 0;
    double max = fuzz_positive(&in);
    fuzz_column x = fuzz_column_read(&in, n), uln = fuzz_column_read(&in, n);
    void *out = malloc((n ? n : 1) * out_size);
    b2m_bad_rows bad_x, bad_uln;

    FUZZ_ASSERT(out != NULL);
    b2m_bad_rows_init(&bad_x);
    b2m_bad_rows_init(&bad_uln);
    for (start = 0; start < n; start += chunk) {
        size_t len = n - start < chunk ? n - start : chunk;
        bad_x.offset = bad_uln.offset = start;
        total = kernel(len, b2m_column_from(x.col, start),
                       b2m_column_from(uln.col, start), max, out, start,
                       &bad_x, &bad_uln);
    }
    fuzz_check_bad_rows(&bad_x, &x.col, n, max, 0);
    fuzz_check_bad_rows(&bad_uln, &uln.col, n, max, 1);
    /* The kernel returns the records' counts so far (they accumulate). */
    FUZZ_ASSERT(n == 0 || total == bad_x.count + bad_uln.count);
    for (i = 0; i < n; i++)
        check(out, i, fuzz_usable(&x.col, i, max, 0), fuzz_usable(&uln.col, i, max, 1));
    free(out);
    fuzz_column_free(&x);
    fuzz_column_free(&uln);
    return 0;
}

#endif
