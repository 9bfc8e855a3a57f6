/* fuzz_classify.c - b2m_classify over fuzzed x and limit columns, in chunks.
 * Invariants: every code is 1, 2 or NA; NA exactly where x or the limit is
 * missing or bad (a zero limit is bad); 2 exactly where x > limit; both
 * bad-row records exact and their sum returned. */
#include "fuzz_limit.h"

static size_t kernel(size_t len, b2m_column x, b2m_column uln, double max,
                     void *out, size_t start, b2m_bad_rows *bad_x,
                     b2m_bad_rows *bad_uln)
{
    return b2m_classify(len, x, uln, max, (int *) out + start, bad_x, bad_uln);
}

static void check(const void *out, size_t i, double x, double limit)
{
    int code = ((const int *) out)[i];
    if (isnan(x) || isnan(limit))
        FUZZ_ASSERT(code == B2M_NA_INT);
    else
        FUZZ_ASSERT(code == (x > limit ? 2 : 1));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_against_limit(data, size, sizeof(int), kernel, check);
}
