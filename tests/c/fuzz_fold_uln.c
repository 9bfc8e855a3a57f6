/* fuzz_fold_uln.c - b2m_fold_uln over fuzzed x and limit columns, in chunks.
 * Invariants: NA (R's payload) exactly where x or the limit is missing or bad
 * (a zero limit is bad), else x / limit, never negative; both bad-row records
 * exact and their sum returned. */
#include "fuzz_limit.h"

static size_t kernel(size_t len, b2m_column x, b2m_column uln, double max,
                     void *out, size_t start, b2m_bad_rows *bad_x,
                     b2m_bad_rows *bad_uln)
{
    return b2m_fold_uln(len, x, uln, max, (double *) out + start, bad_x, bad_uln);
}

static void check(const void *out, size_t i, double x, double limit)
{
    double fold = ((const double *) out)[i];
    if (isnan(x) || isnan(limit))
        FUZZ_ASSERT(fuzz_is_na_real(fold));
    else
        /* +Inf for a tiny (subnormal) limit: the core has no lower bound
         * on a limit, only > 0. */
        FUZZ_ASSERT(fold == x / limit && fold >= 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_against_limit(data, size, sizeof(double), kernel, check);
}
