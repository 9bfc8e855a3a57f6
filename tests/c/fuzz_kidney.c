/* fuzz_kidney.c - the kidney kernels over fuzzed columns, in chunks:
 * b2m_kidney_egfr (every equation, race-based ones included),
 * b2m_kidney_egfr_b2m, _b2m_expected,
 * _b2m_excess and _gfr_category.  Invariants: every bad-row record is exact
 * (a marker an equation does not read is never checked); a result is NA
 * exactly where an input it reads is missing or bad (or, for CKD-EPI, the
 * age is under 18, recorded as young); otherwise an eGFR or B2M is positive
 * and never NaN, the excess is observed over expected, and a category is
 * the KDIGO band of the value. */
#include "fuzz.h"

static const b2m_scale unit_scales[] = {
    {1, 1}, {1000, 1}, {1, 10}, {1e6, 11800}, {884, 10}, {1, 1}, {10, 1}, {1, 1}
};

/* KDIGO lower bounds of G1..G4 (G5 below 15). */
static int gfr_band(double g)
{
    return g >= 90 ? 1 : g >= 60 ? 2 : g >= 45 ? 3 : g >= 30 ? 4 : g >= 15 ? 5 : 6;
}

static void fuzz_egfr(fuzz_input *in, size_t n, size_t chunk)
{
    b2m_egfr_equation eq = (b2m_egfr_equation) (fuzz_byte(in) % B2M_EGFR_EQUATIONS);
    int uses_cr = eq != B2M_EGFR_CYS,
        uses_cys = eq == B2M_EGFR_CYS || eq == B2M_EGFR_CRCYS || eq == B2M_EGFR_CRCYS_2012,
        uses_black = eq == B2M_EGFR_CR_2009 || eq == B2M_EGFR_CRCYS_2012;
    fuzz_column cr = fuzz_column_read(in, n), cys = fuzz_column_read(in, n),
                age = fuzz_column_read(in, n), female = fuzz_column_read(in, n),
                black = fuzz_column_read(in, n);
    b2m_egfr_input input;
    b2m_egfr_bad bad;
    double *out = malloc((n ? n : 1) * sizeof *out);
    size_t start, i, young = 0;

    FUZZ_ASSERT(out != NULL);
    input.creatinine = cr.col;
    input.creatinine_unit = unit_scales[fuzz_byte(in) % 8];
    input.creatinine_max = fuzz_positive(in);
    input.creatinine_min = fmin(fuzz_positive(in), input.creatinine_max);
    input.cystatin = cys.col;
    input.cystatin_max = fuzz_positive(in);
    input.cystatin_min = fmin(fuzz_positive(in), input.cystatin_max);
    input.age = age.col;
    input.age_max = fuzz_positive(in);
    input.female = female.col;
    input.black = black.col;
    b2m_egfr_bad_init(&bad);
    for (start = 0; start < n; start += chunk) {
        b2m_egfr_input part = input;
        size_t len = n - start < chunk ? n - start : chunk;
        part.creatinine = b2m_column_from(cr.col, start);
        part.cystatin = b2m_column_from(cys.col, start);
        part.age = b2m_column_from(age.col, start);
        part.female = b2m_column_from(female.col, start);
        part.black = b2m_column_from(black.col, start);
        b2m_egfr_bad_offset(&bad, start);
        b2m_kidney_egfr(eq, len, &part, out + start, &bad);
    }
    if (uses_cr)
        fuzz_check_bad_rows_range(&bad.creatinine, &cr.col, n, input.creatinine_min,
                                  input.creatinine_max, 1);
    else
        FUZZ_ASSERT(bad.creatinine.count == 0);
    if (uses_cys)
        fuzz_check_bad_rows_range(&bad.cystatin, &cys.col, n, input.cystatin_min,
                                  input.cystatin_max, 1);
    else
        FUZZ_ASSERT(bad.cystatin.count == 0);
    fuzz_check_bad_rows(&bad.age, &age.col, n, input.age_max, 0);
    for (i = 0; i < n; i++) {
        double c = uses_cr ? fuzz_usable_range(&cr.col, i, input.creatinine_min,
                                               input.creatinine_max, 1) : 1;
        double y = uses_cys ? fuzz_usable_range(&cys.col, i, input.cystatin_min,
                                                input.cystatin_max, 1) : 1;
        double a = fuzz_usable(&age.col, i, input.age_max, 0);
        double f = b2m_column_get(&female.col, i);
        double b = uses_black ? b2m_column_get(&black.col, i) : 0;
        if (isnan(c) || isnan(y) || isnan(a) || isnan(f) || isnan(b)) {
            FUZZ_ASSERT(fuzz_is_na_real(out[i]));
        } else if (a < 18) {
            FUZZ_ASSERT(fuzz_is_na_real(out[i]));
            if (young < B2M_MAX_REPORTED)
                FUZZ_ASSERT(bad.young.rows[young] == i);
            young++;
        } else {
            FUZZ_ASSERT(!isnan(out[i]) && out[i] >= 0);
        }
    }
    FUZZ_ASSERT(bad.young.count == young);
    free(out);
    fuzz_column_free(&cr);
    fuzz_column_free(&cys);
    fuzz_column_free(&age);
    fuzz_column_free(&female);
    fuzz_column_free(&black);
}

static void fuzz_b2m_equation(fuzz_input *in, size_t n, size_t chunk)
{
    b2m_scale unit = unit_scales[fuzz_byte(in) % 4];
    /* The eGFR limit R passes is 500 (quantity_table); above about 1e290 the
     * expected B2M underflows to 0, which no R call can reach.  Likewise the
     * B2M limit (at most 2e6 in any unit from R) keeps x * den / num finite. */
    static const double egfr_limits[4] = {500, 200, 90, 1};
    double b2m_max = fmin(fuzz_positive(in), 1e7);
    double egfr_max = egfr_limits[fuzz_byte(in) % 4];
    /* R passes 0.1; any smallest eGFR keeps the expected B2M finite */
    double egfr_min = fmin(fuzz_byte(in) & 1 ? 0.1 : fuzz_positive(in), egfr_max);
    fuzz_column b2m = fuzz_column_read(in, n), egfr = fuzz_column_read(in, n);
    double *gfr = malloc((n ? n : 1) * sizeof *gfr);
    double *expected = malloc((n ? n : 1) * sizeof *expected);
    double *excess = malloc((n ? n : 1) * sizeof *excess);
    int *category = malloc((n ? n : 1) * sizeof *category);
    b2m_bad_rows bad_b2m, bad_egfr, bad_expected, bad_x, bad_g, bad_cat;
    size_t start, i;

    FUZZ_ASSERT(gfr && expected && excess && category);
    b2m_bad_rows_init(&bad_b2m);
    b2m_bad_rows_init(&bad_expected);
    b2m_bad_rows_init(&bad_x);
    b2m_bad_rows_init(&bad_g);
    b2m_bad_rows_init(&bad_cat);
    for (start = 0; start < n; start += chunk) {
        size_t len = n - start < chunk ? n - start : chunk;
        b2m_column x = b2m_column_from(b2m.col, start), g = b2m_column_from(egfr.col, start);
        bad_b2m.offset = bad_expected.offset = bad_x.offset = bad_g.offset =
            bad_cat.offset = start;
        b2m_kidney_egfr_b2m(len, x, unit, b2m_max, gfr + start, &bad_b2m);
        b2m_kidney_b2m_expected(len, g, egfr_min, egfr_max, unit, expected + start,
                                &bad_expected);
        b2m_kidney_b2m_excess(len, x, unit, b2m_max, g, egfr_min, egfr_max,
                              excess + start, &bad_x, &bad_g);
        b2m_kidney_gfr_category(len, g, egfr_max, category + start, &bad_cat);
    }
    fuzz_check_bad_rows(&bad_b2m, &b2m.col, n, b2m_max, 1);
    fuzz_check_bad_rows_range(&bad_expected, &egfr.col, n, egfr_min, egfr_max, 1);
    fuzz_check_bad_rows(&bad_x, &b2m.col, n, b2m_max, 0);
    fuzz_check_bad_rows_range(&bad_g, &egfr.col, n, egfr_min, egfr_max, 1);
    fuzz_check_bad_rows(&bad_cat, &egfr.col, n, egfr_max, 0);
    bad_egfr = bad_g;
    (void) bad_egfr;
    for (i = 0; i < n; i++) {
        double xp = fuzz_usable(&b2m.col, i, b2m_max, 1);
        double x0 = fuzz_usable(&b2m.col, i, b2m_max, 0);
        double gp = fuzz_usable_range(&egfr.col, i, egfr_min, egfr_max, 1);
        double g0 = fuzz_usable(&egfr.col, i, egfr_max, 0);
        if (isnan(xp))
            FUZZ_ASSERT(fuzz_is_na_real(gfr[i]));
        else
            FUZZ_ASSERT(!isnan(gfr[i]) && gfr[i] > 0);
        if (isnan(gp))
            FUZZ_ASSERT(fuzz_is_na_real(expected[i]));
        else
            FUZZ_ASSERT(!isnan(expected[i]) && expected[i] > 0 &&
                        (egfr_min < 1e-200 || isfinite(expected[i])));
        if (isnan(x0) || isnan(gp)) {
            FUZZ_ASSERT(fuzz_is_na_real(excess[i]));
        } else {
            FUZZ_ASSERT(!isnan(excess[i]) && excess[i] >= 0);
            /* observed / expected, when both are ordinary numbers */
            if (isfinite(expected[i]) && expected[i] > 1e-300 && x0 > 1e-300 &&
                x0 < 1e300)
                FUZZ_ASSERT(fabs(excess[i] - x0 / expected[i]) <=
                            1e-9 * (x0 / expected[i]));
        }
        if (isnan(g0))
            FUZZ_ASSERT(category[i] == B2M_NA_INT);
        else
            FUZZ_ASSERT(category[i] == gfr_band(g0));
    }
    free(gfr);
    free(expected);
    free(excess);
    free(category);
    fuzz_column_free(&b2m);
    fuzz_column_free(&egfr);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_input in = {data, size};
    int which = fuzz_byte(&in) & 1;
    size_t n = fuzz_rows(&in), chunk = fuzz_chunk(&in, n);
    if (which)
        fuzz_egfr(&in, n, chunk);
    else
        fuzz_b2m_equation(&in, n, chunk);
    return 0;
}
