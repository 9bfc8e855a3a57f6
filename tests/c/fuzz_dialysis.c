/* fuzz_dialysis.c - b2m_dialysis_reduction_ratio over fuzzed columns, with
 * and without the haemoconcentration correction, in chunks.  Invariants:
 * every bad-row record is exact (pre must be positive, the weights within
 * their plausible range and, both plausible, no further apart than the
 * largest change; the weights are not read without correction); the ratio
 * is NA where an input it reads is missing or bad or the correction is
 * undefined (weight_pre <= 0.8 x weight_post), otherwise
 * 100 x (1 - post' / pre), never above 100. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_input in = {data, size};
    size_t n = fuzz_rows(&in), chunk = fuzz_chunk(&in, n), start, i, k;
    b2m_reduction_input input;
    fuzz_column col[B2M_REDUCTION_ARGS];
    double max[B2M_REDUCTION_ARGS];
    b2m_bad_rows bad[B2M_REDUCTION_ARGS];
    double *out = malloc((n ? n : 1) * sizeof *out);

    FUZZ_ASSERT(out != NULL);
    input.corrected = fuzz_byte(&in) & 1;
    input.b2m_max = fuzz_positive(&in);
    input.weight_max = fuzz_byte(&in) & 1 ? 500 : fuzz_positive(&in);
    input.weight_min = fmin(fuzz_byte(&in) & 1 ? 0.5 : fuzz_positive(&in),
                            input.weight_max);
    /* R passes 0.15; beyond 0.2 the correction's pole is reachable */
    input.weight_change_max = fuzz_byte(&in) & 1 ? 0.15 : fuzz_positive(&in);
    max[0] = max[1] = input.b2m_max;
    max[2] = max[3] = input.weight_max;
    for (k = 0; k < B2M_REDUCTION_ARGS; k++) {
        col[k] = fuzz_column_read(&in, n);
        b2m_bad_rows_init(&bad[k]);
    }
    for (start = 0; start < n; start += chunk) {
        size_t len = n - start < chunk ? n - start : chunk;
        b2m_reduction_input part = input;
        part.pre = b2m_column_from(col[0].col, start);
        part.post = b2m_column_from(col[1].col, start);
        part.weight_pre = b2m_column_from(col[2].col, start);
        part.weight_post = b2m_column_from(col[3].col, start);
        for (k = 0; k < B2M_REDUCTION_ARGS; k++)
            bad[k].offset = start;
        b2m_dialysis_reduction_ratio(len, &part, out + start, bad);
    }
    fuzz_check_bad_rows(&bad[0], &col[0].col, n, max[0], 1);
    fuzz_check_bad_rows(&bad[1], &col[1].col, n, max[1], 0);
    if (!input.corrected)
        FUZZ_ASSERT(bad[2].count == 0 && bad[3].count == 0);
    else
        fuzz_check_bad_rows_range(&bad[3], &col[3].col, n, input.weight_min,
                                  max[3], 1);
    {
        /* weight_pre: its own problem, else (both weights plausible) a
         * change too large; a recycled value, or pair, is reported once */
        size_t count = 0;
        int pre_once = col[2].col.stride == 0;
        int pair_once = pre_once && col[3].col.stride == 0;
        for (i = 0; input.corrected && i < n; i++) {
            double w_pre = b2m_column_get(&col[2].col, i);
            double w_post = fuzz_usable_range(&col[3].col, i, input.weight_min,
                                              max[3], 1);
            b2m_value_problem p = fuzz_problem_range(w_pre, input.weight_min,
                                                     max[2], 1);
            int once = pre_once;
            if (p == B2M_VALUE_OK && !isnan(w_pre) && !isnan(w_post) &&
                fabs(w_pre - w_post) > input.weight_change_max * w_post) {
                p = B2M_VALUE_INCONSISTENT;
                once = pair_once;
            }
            if (p == B2M_VALUE_OK || (once && i > 0))
                continue;
            if (count < B2M_MAX_REPORTED) {
                FUZZ_ASSERT(bad[2].rows[count] == i);
                FUZZ_ASSERT(bad[2].problems[count] == (int) p);
            }
            count++;
        }
        FUZZ_ASSERT(bad[2].count == count);
    }
    for (i = 0; i < n; i++) {
        double pre = fuzz_usable(&col[0].col, i, max[0], 1);
        double post = fuzz_usable(&col[1].col, i, max[1], 0);
        if (input.corrected) {
            double w_pre = fuzz_usable_range(&col[2].col, i, input.weight_min,
                                             max[2], 1);
            double w_post = fuzz_usable_range(&col[3].col, i, input.weight_min,
                                              max[3], 1);
            double factor = 1 + (w_pre - w_post) / (0.2 * w_post);
            if (fabs(w_pre - w_post) > input.weight_change_max * w_post)
                factor = NAN;
            post = factor > 0 ? post / factor : NAN;
        }
        if (isnan(pre) || isnan(post)) {
            FUZZ_ASSERT(fuzz_is_na_real(out[i]));
        } else {
            FUZZ_ASSERT(!isnan(out[i]) && out[i] <= 100);
            FUZZ_ASSERT(out[i] == 100 * (1 - post / pre));
        }
    }
    for (k = 0; k < B2M_REDUCTION_ARGS; k++)
        fuzz_column_free(&col[k]);
    free(out);
    return 0;
}
