/* fuzz.h - what every libFuzzer harness (tests/c/fuzz_<entry>.c) shares:
 * decoding the fuzzer's bytes into the core's inputs, and a plain restatement
 * of the value checks to compare the core's bad-row records with.
 *
 * A harness defines LLVMFuzzerTestOneInput, reads its inputs with the
 * fuzz_* readers below (which never fail: an exhausted input reads as zeros),
 * calls the core -- in chunks, as the glue does -- and asserts its invariants
 * with FUZZ_ASSERT, which aborts so that libFuzzer saves the input.
 *
 * Every column is allocated with exactly its length (1 for a recycled
 * argument, read with stride 0), so AddressSanitizer sees any read past it. */
#ifndef B2M_FUZZ_H
#define B2M_FUZZ_H

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "b2m.h"

/* Rows in one fuzzed call: small, so that a run covers many shapes. */
#define FUZZ_MAX_ROWS 64

#define FUZZ_ASSERT(cond)                                                      \
    do {                                                                       \
        if (!(cond)) {                                                         \
            fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__,         \
                    __LINE__, #cond);                                          \
            abort();                                                           \
        }                                                                      \
    } while (0)

typedef struct {
    const uint8_t *data;
    size_t size;
} fuzz_input;

static inline uint8_t fuzz_byte(fuzz_input *in)
{
    uint8_t b;
    if (in->size == 0)
        return 0;
    b = in->data[0];
    in->data++;
    in->size--;
    return b;
}

static inline void fuzz_bytes(fuzz_input *in, void *out, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        ((uint8_t *) out)[i] = fuzz_byte(in);
}

/* A double, weighted towards the values that break numeric code: missing (NA
 * and plain NaN), infinite, signed zero, the extremes, subnormals, negative,
 * then ordinary laboratory values and any bit pattern at all. */
static inline double fuzz_double(fuzz_input *in)
{
    uint8_t kind = fuzz_byte(in);
    double raw;
    switch (kind % 16) {
    case 0: return b2m_na_real();
    case 1: return NAN;
    case 2: return INFINITY;
    case 3: return -INFINITY;
    case 4: return -0.0;
    case 5: return 0.0;
    case 6: return DBL_MAX;
    case 7: return DBL_MIN;
    case 8: return DBL_MIN / 4096; /* subnormal */
    case 9: return -(double) fuzz_byte(in) / 10;
    case 10: return 1e300;
    case 11: return (double) fuzz_byte(in) / 10;          /* 0 .. 25.5 */
    case 12: return (double) fuzz_byte(in) / 100 + 2.0;   /* near limits */
    case 13: {
        uint16_t v;
        fuzz_bytes(in, &v, sizeof v);
        return (double) v / 10;                           /* 0 .. 6553.5 */
    }
    default:
        fuzz_bytes(in, &raw, sizeof raw);
        return raw;
    }
}

/* An int as R stores integers and logicals: NA, the extremes, 0/1 flags,
 * negative, anything. */
static inline int fuzz_int(fuzz_input *in)
{
    uint8_t kind = fuzz_byte(in);
    int raw;
    switch (kind % 8) {
    case 0: return B2M_NA_INT;
    case 1: return INT_MAX;
    case 2: return INT_MIN + 1;
    case 3: return 0;
    case 4: return 1;
    case 5: return -(int) fuzz_byte(in);
    case 6: return (int) fuzz_byte(in);
    default:
        fuzz_bytes(in, &raw, sizeof raw);
        return raw;
    }
}

/* A positive finite double: a plausibility limit or a unit factor as the R
 * side computes them. */
static inline double fuzz_positive(fuzz_input *in)
{
    static const double common[8] = {200, 2000, 100, 200000, 0.1, 20, 1e6 / 11800, 1};
    uint8_t kind = fuzz_byte(in);
    if (kind < 200)
        return common[kind % 8];
    {
        double v = fabs(fuzz_double(in));
        return isfinite(v) && v > 0 ? v : 1;
    }
}

/* A column of `n` rows: real or integer storage, either n values or one
 * recycled value (stride 0).  The storage is heap-allocated to its exact
 * size; free it with fuzz_column_free. */
typedef struct {
    b2m_column col;
    void *storage;
    size_t length;
} fuzz_column;

static inline fuzz_column fuzz_column_read(fuzz_input *in, size_t n)
{
    uint8_t shape = fuzz_byte(in);
    fuzz_column fc;
    size_t i;
    fc.length = (shape & 2) ? 1 : n;
    /* malloc(0) may return NULL; the core never reads a zero-length column. */
    if (shape & 1) {
        int *x = malloc((fc.length ? fc.length : 1) * sizeof *x);
        FUZZ_ASSERT(x != NULL);
        for (i = 0; i < fc.length; i++)
            x[i] = fuzz_int(in);
        fc.storage = x;
        fc.col = b2m_column_integer(x, fc.length);
    } else {
        double *x = malloc((fc.length ? fc.length : 1) * sizeof *x);
        FUZZ_ASSERT(x != NULL);
        for (i = 0; i < fc.length; i++)
            x[i] = fuzz_double(in);
        fc.storage = x;
        fc.col = b2m_column_real(x, fc.length);
    }
    return fc;
}

static inline void fuzz_column_free(fuzz_column *fc)
{
    free(fc->storage);
    fc->storage = NULL;
}

/* Rows of a call (0 .. FUZZ_MAX_ROWS) and the chunk size the glue would use
 * (1 .. rows), so that offsets and recycled columns across chunks are
 * exercised with small inputs. */
static inline size_t fuzz_rows(fuzz_input *in)
{
    return fuzz_byte(in) % (FUZZ_MAX_ROWS + 1);
}

static inline size_t fuzz_chunk(fuzz_input *in, size_t n)
{
    return n == 0 ? 1 : 1 + fuzz_byte(in) % n;
}

/* ---- the value checks, restated ---------------------------------------- */

/* What b2m_column_checked[_positive] should report for one value, and with
 * a smallest plausible value min_in_unit > 0 (positive implied),
 * b2m_column_checked_between. */
static inline b2m_value_problem fuzz_problem_range(double v, double min_in_unit,
                                                   double max_in_unit, int positive)
{
    if (isnan(v))
        return B2M_VALUE_OK;
    if (isinf(v))
        return B2M_VALUE_INFINITE;
    if (v < 0)
        return B2M_VALUE_NEGATIVE;
    if (v > max_in_unit)
        return B2M_VALUE_IMPLAUSIBLE;
    if ((positive || min_in_unit > 0) && v == 0)
        return B2M_VALUE_ZERO;
    if (v < min_in_unit)
        return B2M_VALUE_TOO_LOW;
    return B2M_VALUE_OK;
}

static inline b2m_value_problem fuzz_problem(double v, double max_in_unit, int positive)
{
    return fuzz_problem_range(v, 0, max_in_unit, positive);
}

/* The value a kernel should compute with for row i: NaN when missing or
 * bad. */
static inline double fuzz_usable_range(const b2m_column *col, size_t i,
                                       double min_in_unit, double max_in_unit,
                                       int positive)
{
    double v = b2m_column_get(col, i);
    return fuzz_problem_range(v, min_in_unit, max_in_unit, positive) == B2M_VALUE_OK
               ? v : NAN;
}

static inline double fuzz_usable(const b2m_column *col, size_t i, double max_in_unit,
                          int positive)
{
    return fuzz_usable_range(col, i, 0, max_in_unit, positive);
}

/* Assert that `bad` is exactly the record of the bad values of `col` over n
 * rows: the count (a recycled value once), then the first rows with their
 * problems, in order. */
static inline void fuzz_check_bad_rows_range(const b2m_bad_rows *bad,
                                             const b2m_column *col, size_t n,
                                             double min_in_unit,
                                             double max_in_unit, int positive)
{
    size_t i, count = 0;
    for (i = 0; i < n; i++) {
        b2m_value_problem p = fuzz_problem_range(b2m_column_get(col, i), min_in_unit,
                                                 max_in_unit, positive);
        if (p == B2M_VALUE_OK)
            continue;
        if (col->stride == 0 && i > 0)
            break; /* the same recycled value: reported once */
        if (count < B2M_MAX_REPORTED) {
            FUZZ_ASSERT(bad->rows[count] == i);
            FUZZ_ASSERT(bad->problems[count] == (int) p);
        }
        count++;
    }
    FUZZ_ASSERT(bad->count == count);
}

static inline void fuzz_check_bad_rows(const b2m_bad_rows *bad, const b2m_column *col,
                                size_t n, double max_in_unit, int positive)
{
    fuzz_check_bad_rows_range(bad, col, n, 0, max_in_unit, positive);
}

/* A missing result is the NA payload, not any NaN. */
static inline int fuzz_is_na_real(double v)
{
    double na = b2m_na_real();
    return memcmp(&v, &na, sizeof v) == 0;
}

#endif
