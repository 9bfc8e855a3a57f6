/* fuzz_kidney_more.c - the EKFC, CKiD U25, bedside Schwartz and urine-ratio
 * kernels over fuzzed columns, in chunks.  Invariants: every bad-row record
 * is exact (a column a form does not read is never checked); a result is NA
 * exactly where an input it reads is missing or bad, or the age is outside
 * the equation's range (recorded, in row order); EKFC ages above 90 are
 * computed and recorded; a Schwartz height below 30 cm is recorded and NA;
 * otherwise an eGFR or ratio is a number >= 0, and the urine flags follow
 * their thresholds. */
#include "fuzz.h"

static const b2m_scale scales[] = {{1, 1}, {884, 10}, {100, 1}, {1000, 11312},
                                   {1, 100}, {1000, 1}, {1e6, 11800}, {1, 10}};

static b2m_scale fuzz_scale(fuzz_input *in)
{
    return scales[fuzz_byte(in) % 8];
}

/* A plausibility limit as R passes them: never beyond 1e7 in any unit. */
static double fuzz_max(fuzz_input *in)
{
    return fmin(fuzz_positive(in), 1e7);
}

/* Asserts the flagged rows of a record are exactly `want` rows, in order. */
typedef struct {
    const b2m_bad_rows *bad;
    size_t seen;
} flag_check;

static void flagged(flag_check *c, size_t row)
{
    if (c->seen < B2M_MAX_REPORTED)
        FUZZ_ASSERT(c->bad->rows[c->seen] == row);
    c->seen++;
}

static void fuzz_ekfc(fuzz_input *in, size_t n, size_t chunk)
{
    b2m_ekfc_marker marker = (b2m_ekfc_marker) (fuzz_byte(in) & 1);
    fuzz_column x = fuzz_column_read(in, n), age = fuzz_column_read(in, n),
                female = fuzz_column_read(in, n);
    b2m_ekfc_input input;
    b2m_ekfc_bad bad;
    b2m_age_range ages = b2m_ekfc_ages();
    double *out = malloc((n ? n : 1) * sizeof *out);
    flag_check range, warned;
    size_t start, i;

    FUZZ_ASSERT(out != NULL);
    input.marker_unit = fuzz_scale(in);
    input.marker_max = fuzz_max(in);
    input.marker_min = fmin(fuzz_max(in), input.marker_max);
    input.age_max = fuzz_max(in);
    b2m_ekfc_bad_init(&bad);
    for (start = 0; start < n; start += chunk) {
        size_t len = n - start < chunk ? n - start : chunk;
        input.marker = b2m_column_from(x.col, start);
        input.age = b2m_column_from(age.col, start);
        input.female = b2m_column_from(female.col, start);
        b2m_ekfc_bad_offset(&bad, start);
        b2m_kidney_ekfc(marker, len, &input, out + start, &bad);
    }
    fuzz_check_bad_rows_range(&bad.marker, &x.col, n, input.marker_min,
                              input.marker_max, 1);
    fuzz_check_bad_rows(&bad.age, &age.col, n, input.age_max, 0);
    range.bad = &bad.out_of_range;
    warned.bad = &bad.unvalidated;
    range.seen = warned.seen = 0;
    for (i = 0; i < n; i++) {
        double v = fuzz_usable_range(&x.col, i, input.marker_min, input.marker_max, 1);
        double a = fuzz_usable(&age.col, i, input.age_max, 0);
        double f = marker == B2M_EKFC_CR ? b2m_column_get(&female.col, i) : 0;
        if (isnan(v) || isnan(a) || isnan(f)) {
            FUZZ_ASSERT(fuzz_is_na_real(out[i]));
        } else if (a < ages.min || a > ages.max) {
            FUZZ_ASSERT(fuzz_is_na_real(out[i]));
            flagged(&range, i);
        } else {
            FUZZ_ASSERT(!isnan(out[i]) && out[i] >= 0);
            if (a > ages.validated_max)
                flagged(&warned, i);
        }
    }
    FUZZ_ASSERT(bad.out_of_range.count == range.seen);
    FUZZ_ASSERT(bad.unvalidated.count == warned.seen);
    free(out);
    fuzz_column_free(&x);
    fuzz_column_free(&age);
    fuzz_column_free(&female);
}

static void fuzz_u25(fuzz_input *in, size_t n, size_t chunk)
{
    b2m_u25_form form = (b2m_u25_form) (fuzz_byte(in) % 3);
    int uses_cr = form != B2M_U25_CYS, uses_cys = form != B2M_U25_CR;
    fuzz_column age = fuzz_column_read(in, n), female = fuzz_column_read(in, n),
                h = fuzz_column_read(in, n), cr = fuzz_column_read(in, n),
                cys = fuzz_column_read(in, n);
    b2m_u25_input input;
    b2m_u25_bad bad;
    b2m_age_range ages = b2m_ckid_u25_ages();
    double *out = malloc((n ? n : 1) * sizeof *out);
    flag_check range;
    size_t start, i;

    FUZZ_ASSERT(out != NULL);
    input.age_max = fuzz_max(in);
    input.height_unit = fuzz_scale(in);
    input.height_max = fuzz_max(in);
    input.creatinine_unit = fuzz_scale(in);
    input.creatinine_max = fuzz_max(in);
    input.creatinine_min = fmin(fuzz_max(in), input.creatinine_max);
    input.cystatin_max = fuzz_max(in);
    input.cystatin_min = fmin(fuzz_max(in), input.cystatin_max);
    b2m_u25_bad_init(&bad);
    for (start = 0; start < n; start += chunk) {
        size_t len = n - start < chunk ? n - start : chunk;
        input.age = b2m_column_from(age.col, start);
        input.female = b2m_column_from(female.col, start);
        input.height = b2m_column_from(h.col, start);
        input.creatinine = b2m_column_from(cr.col, start);
        input.cystatin = b2m_column_from(cys.col, start);
        b2m_u25_bad_offset(&bad, start);
        b2m_kidney_ckid_u25(form, len, &input, out + start, &bad);
    }
    fuzz_check_bad_rows(&bad.args[0], &age.col, n, input.age_max, 0);
    if (uses_cr) {
        fuzz_check_bad_rows(&bad.args[1], &h.col, n, input.height_max, 1);
        fuzz_check_bad_rows_range(&bad.args[2], &cr.col, n, input.creatinine_min,
                                  input.creatinine_max, 1);
    } else {
        FUZZ_ASSERT(bad.args[1].count == 0 && bad.args[2].count == 0);
    }
    if (uses_cys)
        fuzz_check_bad_rows_range(&bad.args[3], &cys.col, n, input.cystatin_min,
                                  input.cystatin_max, 1);
    else
        FUZZ_ASSERT(bad.args[3].count == 0);
    range.bad = &bad.out_of_range;
    range.seen = 0;
    for (i = 0; i < n; i++) {
        double a = fuzz_usable(&age.col, i, input.age_max, 0);
        double f = b2m_column_get(&female.col, i);
        int missing = isnan(a) || isnan(f);
        if (uses_cr)
            missing = missing || isnan(fuzz_usable(&h.col, i, input.height_max, 1)) ||
                      isnan(fuzz_usable_range(&cr.col, i, input.creatinine_min,
                                                input.creatinine_max, 1));
        if (uses_cys)
            missing = missing || isnan(fuzz_usable_range(&cys.col, i,
                                  input.cystatin_min, input.cystatin_max, 1));
        if (missing) {
            FUZZ_ASSERT(fuzz_is_na_real(out[i]));
        } else if (a < ages.min || a > ages.max) {
            FUZZ_ASSERT(fuzz_is_na_real(out[i]));
            flagged(&range, i);
        } else {
            FUZZ_ASSERT(!isnan(out[i]) && out[i] >= 0);
        }
    }
    FUZZ_ASSERT(bad.out_of_range.count == range.seen);
    free(out);
    fuzz_column_free(&age);
    fuzz_column_free(&female);
    fuzz_column_free(&h);
    fuzz_column_free(&cr);
    fuzz_column_free(&cys);
}

static void fuzz_schwartz(fuzz_input *in, size_t n, size_t chunk)
{
    fuzz_column cr = fuzz_column_read(in, n), h = fuzz_column_read(in, n);
    b2m_schwartz_input input;
    b2m_bad_rows bad[B2M_SCHWARTZ_ARGS], metres;
    double *out = malloc((n ? n : 1) * sizeof *out);
    size_t start, i, seen = 0;

    FUZZ_ASSERT(out != NULL);
    input.creatinine_unit = fuzz_scale(in);
    input.creatinine_max = fuzz_max(in);
    input.creatinine_min = fmin(fuzz_max(in), input.creatinine_max);
    input.height_unit = fuzz_scale(in);
    input.height_max = fuzz_max(in);
    b2m_bad_rows_init(&bad[0]);
    b2m_bad_rows_init(&bad[1]);
    b2m_bad_rows_init(&metres);
    for (start = 0; start < n; start += chunk) {
        size_t len = n - start < chunk ? n - start : chunk;
        input.creatinine = b2m_column_from(cr.col, start);
        input.height = b2m_column_from(h.col, start);
        bad[0].offset = bad[1].offset = metres.offset = start;
        b2m_kidney_schwartz(len, &input, out + start, bad, &metres);
    }
    fuzz_check_bad_rows_range(&bad[0], &cr.col, n, input.creatinine_min,
                              input.creatinine_max, 1);
    fuzz_check_bad_rows(&bad[1], &h.col, n, input.height_max, 1);
    for (i = 0; i < n; i++) {
        double c = fuzz_usable_range(&cr.col, i, input.creatinine_min,
                                     input.creatinine_max, 1);
        double v = fuzz_usable(&h.col, i, input.height_max, 1);
        double cm = v * input.height_unit.den * 100 / input.height_unit.num;
        if (isnan(c) || isnan(v)) {
            FUZZ_ASSERT(fuzz_is_na_real(out[i]));
        } else if (cm < b2m_schwartz_min_height_cm()) {
            FUZZ_ASSERT(fuzz_is_na_real(out[i]));
            if (h.col.stride != 0 || i == 0) {
                if (seen < B2M_MAX_REPORTED)
                    FUZZ_ASSERT(metres.rows[seen] == i);
                seen++;
            }
        } else {
            FUZZ_ASSERT(!isnan(out[i]) && out[i] >= 0);
        }
    }
    FUZZ_ASSERT(metres.count == seen);
    free(out);
    fuzz_column_free(&cr);
    fuzz_column_free(&h);
}

static void fuzz_urine(fuzz_input *in, size_t n, size_t chunk)
{
    fuzz_column b2m = fuzz_column_read(in, n), cr = fuzz_column_read(in, n),
                sg = fuzz_column_read(in, n);
    b2m_urine_input input;
    b2m_urine_limits lim = b2m_urine_rule_limits();
    b2m_bad_rows bad[B2M_URINE_ARGS], hint, want_hint;
    size_t hint_of = 0, want_of = 0;
    size_t m = n ? n : 1, start, i, k;
    double *g = malloc(m * sizeof *g), *mmol = malloc(m * sizeof *mmol);
    int *above = malloc(m * sizeof *above), *dilute = malloc(m * sizeof *dilute),
        *conc = malloc(m * sizeof *conc), *recollect = malloc(m * sizeof *recollect);
    double low, high;

    FUZZ_ASSERT(g && mmol && above && dilute && conc && recollect);
    input.b2m_unit = scales[5 + fuzz_byte(in) % 3];
    input.b2m_max = fuzz_max(in);
    input.creatinine_unit = scales[(fuzz_byte(in) % 3) ? 0 : 3 + fuzz_byte(in) % 2];
    input.creatinine_max = fuzz_max(in);
    input.specific_gravity_max = fuzz_max(in);
    input.hint_below = fuzz_byte(in) % 2 ? fuzz_max(in) : 0;
    input.hint_factor = 20;
    b2m_bad_rows_init(&hint);
    b2m_bad_rows_init(&want_hint);
    low = b2m_scale_threshold(lim.dilute_below_g_per_l * 100, input.creatinine_unit);
    high = b2m_scale_threshold(lim.concentrated_above_g_per_l * 100,
                               input.creatinine_unit);
    for (k = 0; k < B2M_URINE_ARGS; k++)
        b2m_bad_rows_init(&bad[k]);
    for (start = 0; start < n; start += chunk) {
        size_t len = n - start < chunk ? n - start : chunk;
        b2m_urine_out out;
        out.ug_per_g = g + start;
        out.ug_per_mmol = mmol + start;
        out.above_trigger = above + start;
        out.dilute = dilute + start;
        out.concentrated = conc + start;
        out.recollect = recollect + start;
        out.unit_hint = &hint;
        out.hint_of = &hint_of;
        input.b2m = b2m_column_from(b2m.col, start);
        input.creatinine = b2m_column_from(cr.col, start);
        input.specific_gravity = b2m_column_from(sg.col, start);
        for (k = 0; k < B2M_URINE_ARGS; k++)
            bad[k].offset = start;
        hint.offset = start;
        b2m_urine_ratio(len, &input, &out, bad);
        /* the coarser-unit rows are those of the separate scan */
        want_hint.offset = start;
        if (input.hint_below > 0) {
            b2m_scale_outliers(len, input.b2m, input.hint_below, HUGE_VAL,
                               input.hint_factor, &want_hint);
            if (input.b2m.stride != 0 || start == 0)
                want_of += b2m_count_positive(len, input.b2m);
        }
    }
    FUZZ_ASSERT(hint.count == want_hint.count);
    FUZZ_ASSERT(hint_of == want_of);
    for (k = 0; k < hint.count && k < B2M_MAX_REPORTED; k++)
        FUZZ_ASSERT(hint.rows[k] == want_hint.rows[k] &&
                    hint.problems[k] == want_hint.problems[k]);
    fuzz_check_bad_rows(&bad[0], &b2m.col, n, input.b2m_max, 0);
    fuzz_check_bad_rows(&bad[1], &cr.col, n, input.creatinine_max, 1);
    fuzz_check_bad_rows(&bad[2], &sg.col, n, input.specific_gravity_max, 0);
    for (i = 0; i < n; i++) {
        double x = fuzz_usable(&b2m.col, i, input.b2m_max, 0);
        double c = fuzz_usable(&cr.col, i, input.creatinine_max, 1);
        double s = fuzz_usable(&sg.col, i, input.specific_gravity_max, 0);
        int want_dilute = (!isnan(s) && s < lim.dilute_below_sg) || c < low
                              ? 1
                              : isnan(c) ? B2M_NA_INT : 0;
        int want_conc = isnan(c) ? B2M_NA_INT : c > high;
        FUZZ_ASSERT(dilute[i] == want_dilute && conc[i] == want_conc);
        FUZZ_ASSERT(recollect[i] == (want_dilute == 1 || want_conc == 1 ? 1
                                     : want_dilute == B2M_NA_INT ||
                                           want_conc == B2M_NA_INT
                                         ? B2M_NA_INT
                                         : 0));
        if (isnan(x) || isnan(c)) {
            FUZZ_ASSERT(fuzz_is_na_real(g[i]) && fuzz_is_na_real(mmol[i]));
            FUZZ_ASSERT(above[i] == B2M_NA_INT);
            continue;
        }
        FUZZ_ASSERT(!isnan(g[i]) && g[i] >= 0 && !isnan(mmol[i]));
        if (want_dilute == 1 || want_conc == 1)
            FUZZ_ASSERT(above[i] == B2M_NA_INT);
        else
            FUZZ_ASSERT(above[i] == (g[i] > lim.trigger_ug_per_g));
    }
    free(g);
    free(mmol);
    free(above);
    free(dilute);
    free(conc);
    free(recollect);
    fuzz_column_free(&b2m);
    fuzz_column_free(&cr);
    fuzz_column_free(&sg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_input in = {data, size};
    int which = fuzz_byte(&in) % 4;
    size_t n = fuzz_rows(&in), chunk = fuzz_chunk(&in, n);
    if (which == 0)
        fuzz_ekfc(&in, n, chunk);
    else if (which == 1)
        fuzz_u25(&in, n, chunk);
    else if (which == 2)
        fuzz_schwartz(&in, n, chunk);
    else
        fuzz_urine(&in, n, chunk);
    return 0;
}
