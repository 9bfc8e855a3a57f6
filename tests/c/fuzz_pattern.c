/* fuzz_pattern.c - b2m_pattern_classify over fuzzed serum, urine, limit and
 * pH columns, in chunks.  Invariants: every bad-row record is exact (limits
 * must be positive); a code is NA where a value or limit is missing or bad,
 * or where urine not above its limit comes with a pH below 6.0 (recorded as
 * acid, in row order); otherwise 1 + serum high + 2 x urine high. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_input in = {data, size};
    size_t n = fuzz_rows(&in), chunk = fuzz_chunk(&in, n), start, i, k, acid_rows = 0;
    b2m_pattern_input input;
    fuzz_column col[B2M_PATTERN_ARGS];
    double max[B2M_PATTERN_ARGS];
    b2m_bad_rows bad[B2M_PATTERN_ARGS], acid;
    int *out = malloc((n ? n : 1) * sizeof *out);

    FUZZ_ASSERT(out != NULL);
    input.serum_max = fuzz_positive(&in);
    input.urine_max = fuzz_positive(&in);
    input.ph_max = fuzz_byte(&in) & 1 ? 14 : fuzz_positive(&in);
    max[0] = max[1] = input.serum_max;
    max[2] = max[3] = input.urine_max;
    max[4] = input.ph_max;
    for (k = 0; k < B2M_PATTERN_ARGS; k++) {
        col[k] = fuzz_column_read(&in, n);
        b2m_bad_rows_init(&bad[k]);
    }
    b2m_bad_rows_init(&acid);
    for (start = 0; start < n; start += chunk) {
        size_t len = n - start < chunk ? n - start : chunk;
        b2m_pattern_input part = input;
        part.serum = b2m_column_from(col[0].col, start);
        part.serum_uln = b2m_column_from(col[1].col, start);
        part.urine = b2m_column_from(col[2].col, start);
        part.urine_uln = b2m_column_from(col[3].col, start);
        part.urine_ph = b2m_column_from(col[4].col, start);
        for (k = 0; k < B2M_PATTERN_ARGS; k++)
            bad[k].offset = start;
        acid.offset = start;
        b2m_pattern_classify(len, &part, out + start, bad, &acid);
    }
    for (k = 0; k < B2M_PATTERN_ARGS; k++)
        fuzz_check_bad_rows(&bad[k], &col[k].col, n, max[k], k == 1 || k == 3);
    for (i = 0; i < n; i++) {
        double v[B2M_PATTERN_ARGS];
        int missing = 0, serum_high, urine_high;
        for (k = 0; k < B2M_PATTERN_ARGS; k++) {
            v[k] = fuzz_usable(&col[k].col, i, max[k], k == 1 || k == 3);
            missing |= k < 4 && isnan(v[k]);
        }
        if (missing) {
            FUZZ_ASSERT(out[i] == B2M_NA_INT);
            continue;
        }
        serum_high = v[0] > v[1];
        urine_high = v[2] > v[3];
        if (!urine_high && v[4] < 6.0) {
            FUZZ_ASSERT(out[i] == B2M_NA_INT);
            if (acid_rows < B2M_MAX_REPORTED)
                FUZZ_ASSERT(acid.rows[acid_rows] == i);
            acid_rows++;
            continue;
        }
        FUZZ_ASSERT(out[i] == 1 + serum_high + 2 * urine_high);
    }
    FUZZ_ASSERT(acid.count == acid_rows);
    for (k = 0; k < B2M_PATTERN_ARGS; k++)
        fuzz_column_free(&col[k]);
    free(out);
    return 0;
}
