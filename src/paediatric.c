/* paediatric.c - eGFR for children and young adults: CKiD U25 (creatinine,
 * cystatin C or their average) and the bedside Schwartz equation.
 *
 * Every coefficient is in the tables below and nowhere else;
 * b2m_paediatric_constants() hands them to R with b2m_kidney_constants(). */
#include "b2m.h"

#define PIERCE_2021 "Pierce CB, Munoz A, Ng DK, et al. Kidney Int 2021;99(4):948-956. doi:10.1016/j.kint.2020.10.047"
#define SCHWARTZ_2009 "Schwartz GJ, Munoz A, Schneider MF, et al. J Am Soc Nephrol 2009;20(3):629-637. doi:10.1681/ASN.2008030287"

/* ---- CKiD U25 -------------------------------------------------------------- */

/* K = base x growth^(age - pivot) under adult_age, with growth_below under
 * the pivot and growth_from at and above it; K = adult from adult_age. */
typedef struct {
    double base, pivot, growth_below, growth_from, adult;
} u25_k;

/* [marker: creatinine, cystatin C][male, female]; all P (abstract and the
 * study group's own code agree). */
static const u25_k u25_table[2][2] = {
    {{39.0, 12, 1.008, 1.045, 50.8}, {36.1, 12, 1.008, 1.023, 41.4}},
    {{87.2, 15, 1.011, 0.960, 77.1}, {79.9, 12, 1.004, 0.974, 68.3}},
};
static const double u25_adult_age = 18;
/* 1 to 25 years (P); ages are decimals, as in the study group's code. */
static const b2m_age_range u25_ages = {1, 25, 25};

b2m_age_range b2m_ckid_u25_ages(void)
{
    return u25_ages;
}

/* K in log form: the growth factors' logarithms are taken once per call, so
 * a row costs one exp() instead of one pow() (the same K to a few ulp). */
typedef struct {
    double base, pivot, log_growth_below, log_growth_from, adult;
} u25_log_k;

static u25_log_k u25_log_k_of(const u25_k *k)
{
    u25_log_k l;
    l.base = k->base;
    l.pivot = k->pivot;
    l.log_growth_below = log(k->growth_below);
    l.log_growth_from = log(k->growth_from);
    l.adult = k->adult;
    return l;
}

static double u25_k_at(const u25_log_k *k, double age)
{
    if (age >= u25_adult_age)
        return k->adult;
    return k->base * exp((age - k->pivot) * (age < k->pivot ? k->log_growth_below
                                                             : k->log_growth_from));
}

void b2m_u25_bad_init(b2m_u25_bad *bad)
{
    size_t k;
    for (k = 0; k < B2M_U25_ARGS; k++)
        b2m_bad_rows_init(&bad->args[k]);
    b2m_bad_rows_init(&bad->out_of_range);
}

void b2m_u25_bad_offset(b2m_u25_bad *bad, size_t start)
{
    size_t k;
    for (k = 0; k < B2M_U25_ARGS; k++)
        bad->args[k].offset = start;
    bad->out_of_range.offset = start;
}

size_t b2m_kidney_ckid_u25(b2m_u25_form form, size_t n, const b2m_u25_input *in,
                           double *out, b2m_u25_bad *bad)
{
    const int uses_cr = form != B2M_U25_CYS, uses_cys = form != B2M_U25_CR;
    /* height (m) / creatinine (mg/dL) = h / scr x this */
    const double to_m_per_mg_dl = in->height_unit.den * in->creatinine_unit.num /
                                  (in->height_unit.num * in->creatinine_unit.den);
    u25_log_k table[2][2];
    size_t i, k;

    for (k = 0; k < 4; k++)
        table[k / 2][k % 2] = u25_log_k_of(&u25_table[k / 2][k % 2]);

    for (i = 0; i < n; i++) {
        double age = b2m_column_checked(&in->age, i, in->age_max, &bad->args[0]);
        double female = b2m_column_get(&in->female, i);
        double h = 0, scr = 0, cys = 0, egfr_cr = 0, egfr_cys = 0;
        int f;
        if (uses_cr) {
            h = b2m_column_checked_positive(&in->height, i, in->height_max,
                                            &bad->args[1]);
            scr = b2m_column_checked_between(&in->creatinine, i,
                                             in->creatinine_min,
                                             in->creatinine_max, &bad->args[2]);
        }
        if (uses_cys)
            cys = b2m_column_checked_between(&in->cystatin, i, in->cystatin_min,
                                             in->cystatin_max, &bad->args[3]);
        if (isnan(age) || isnan(female) || isnan(h) || isnan(scr) || isnan(cys)) {
            out[i] = b2m_na_real();
            continue;
        }
        if (age < u25_ages.min || age > u25_ages.max) {
            b2m_bad_rows_add(&bad->out_of_range, i, B2M_VALUE_OK);
            out[i] = b2m_na_real();
            continue;
        }
        f = female != 0;
        if (uses_cr)
            egfr_cr = u25_k_at(&table[0][f], age) * h / scr * to_m_per_mg_dl;
        if (uses_cys)
            egfr_cys = u25_k_at(&table[1][f], age) / cys;
        out[i] = form == B2M_U25_CR    ? egfr_cr
                 : form == B2M_U25_CYS ? egfr_cys
                                       : (egfr_cr + egfr_cys) / 2;
    }
    for (k = 0, i = 0; k < B2M_U25_ARGS; k++)
        i += bad->args[k].count;
    return i;
}

/* ---- bedside Schwartz -------------------------------------------------------- */

static const struct {
    const char *name;
    const char *key;
    const char *source;
    double coefficient; /* x height (cm) / creatinine (mg/dL); P */
    /* A child of 1 year or more is never this short (cm); a height in metres
     * is at most 3: the package's guard against the wrong unit. */
    double min_height_cm;
} schwartz = {"Bedside Schwartz", "schwartz", SCHWARTZ_2009, 0.413, 30};

double b2m_schwartz_min_height_cm(void)
{
    return schwartz.min_height_cm;
}

/* One row, every value checked (the general path). */
static double schwartz_row(const b2m_schwartz_input *in, size_t i, double to_cm,
                           double to_mg_dl, b2m_bad_rows bad[B2M_SCHWARTZ_ARGS],
                           b2m_bad_rows *metres)
{
    double scr = b2m_column_checked_between(&in->creatinine, i, in->creatinine_min,
                                            in->creatinine_max, &bad[0]);
    double h = b2m_column_checked_positive(&in->height, i, in->height_max, &bad[1]);
    double cm;
    if (isnan(scr) || isnan(h))
        return b2m_na_real();
    cm = h * to_cm;
    if (cm < schwartz.min_height_cm) {
        if (in->height.stride != 0 || metres->offset + i == 0)
            b2m_bad_rows_add(metres, i, B2M_VALUE_IMPLAUSIBLE);
        return b2m_na_real();
    }
    return schwartz.coefficient * cm / (scr * to_mg_dl);
}

/* Rows are taken in blocks: where both inputs are plain double columns, a
 * full block is first computed in one loop without the checks' branches
 * (missing values give NA there too; the compiler may vectorize it) that
 * notes whether any value needs a look (implausible, metres); only such a
 * block, and the last, partial one, is computed row by row.  The formula is
 * the same in both loops. */
#define SCHWARTZ_BLOCK 512

typedef struct {
    double to_cm, to_mg_dl, cr_min, cr_max, h_max, na;
} schwartz_limits;

static int schwartz_block(const double *restrict scr, const double *restrict h,
                          double *restrict out, const schwartz_limits *l)
{
    const double to_cm = l->to_cm, to_mg_dl = l->to_mg_dl, cr_min = l->cr_min,
                 cr_max = l->cr_max, h_max = l->h_max, na = l->na,
                 k = schwartz.coefficient, min_cm = schwartz.min_height_cm;
    /* Written as selects, one per test, into a double: gcc (12, -O2)
     * vectorizes that, not a reduction of the tests into an int. */
    double suspect = 0;
    size_t j;
    for (j = 0; j < SCHWARTZ_BLOCK; j++) {
        double s = scr[j], hj = h[j], cm = hj * to_cm;
        double egfr = k * cm / (s * to_mg_dl);
        /* NaN exactly where an input is missing: every other value of a
         * block that is not suspect gives a number */
        out[j] = egfr != egfr ? na : egfr;
        /* every comparison with a missing value is false */
        suspect = s < cr_min ? 1 : suspect;
        suspect = s > cr_max ? 1 : suspect;
        suspect = hj > h_max ? 1 : suspect;
        suspect = cm < min_cm ? 1 : suspect;
    }
    return suspect != 0;
}

size_t b2m_kidney_schwartz(size_t n, const b2m_schwartz_input *in, double *out,
                           b2m_bad_rows bad[B2M_SCHWARTZ_ARGS],
                           b2m_bad_rows *metres)
{
    schwartz_limits l;
    const double *scr = in->creatinine.stride == 1 ? in->creatinine.real : NULL;
    const double *h = in->height.stride == 1 ? in->height.real : NULL;
    size_t start, i;
    /* height in cm = h * den * 100 / num; creatinine in mg/dL = scr * den / num */
    l.to_cm = in->height_unit.den * 100 / in->height_unit.num;
    l.to_mg_dl = in->creatinine_unit.den / in->creatinine_unit.num;
    l.cr_min = in->creatinine_min;
    l.cr_max = in->creatinine_max;
    l.h_max = in->height_max;
    l.na = b2m_na_real();
    for (start = 0; start < n; start += SCHWARTZ_BLOCK) {
        size_t end = n - start < SCHWARTZ_BLOCK ? n : start + SCHWARTZ_BLOCK;
        if (scr != NULL && h != NULL && end - start == SCHWARTZ_BLOCK &&
            !schwartz_block(scr + start, h + start, out + start, &l))
            continue;
        for (i = start; i < end; i++)
            out[i] = schwartz_row(in, i, l.to_cm, l.to_mg_dl, bad, metres);
    }
    return bad[0].count + bad[1].count;
}

/* ---- the coefficients, for R --------------------------------------------------- */

/* Row names, [marker][male, female][term]. */
#define U25_TERMS(marker, sex)                                                  \
    {marker " K at the pivot age (" sex ")", marker " pivot age (" sex ")",     \
     marker " K growth per year under the pivot (" sex ")",                     \
     marker " K growth per year from the pivot to 18 (" sex ")",               \
     marker " K from 18 (" sex ")"}
static const char *const u25_names[2][2][5] = {
    {U25_TERMS("creatinine", "male"), U25_TERMS("creatinine", "female")},
    {U25_TERMS("cystatin C", "male"), U25_TERMS("cystatin C", "female")},
};

size_t b2m_paediatric_constants(b2m_constant *rows, size_t at, size_t max)
{
    const char *eq = "CKiD U25";
    int m, f, t;
    for (m = 0; m < 2; m++)
        for (f = 0; f < 2; f++) {
            const u25_k *k = &u25_table[m][f];
            const double values[5] = {k->base, k->pivot, k->growth_below,
                                      k->growth_from, k->adult};
            for (t = 0; t < 5; t++)
                at = b2m_constant_put(rows, at, max, "ckid_u25", eq, u25_names[m][f][t],
                                      values[t], PIERCE_2021, "P");
        }
    at = b2m_constant_put(rows, at, max, "ckid_u25", eq, "age of the adult K", u25_adult_age,
                          PIERCE_2021, "P");
    at = b2m_constant_put(rows, at, max, "ckid_u25", eq, "lowest age", u25_ages.min,
                          PIERCE_2021, "P");
    at = b2m_constant_put(rows, at, max, "ckid_u25", eq, "highest age", u25_ages.max,
                          PIERCE_2021, "P");
    at = b2m_constant_put(rows, at, max, schwartz.key, schwartz.name,
                          "x height (cm) / creatinine (mg/dL)",
                          schwartz.coefficient, schwartz.source, "P");
    /* not a clinical rule: the package's unit guard (no label) */
    return b2m_constant_put(rows, at, max, schwartz.key, schwartz.name,
                            "height (cm) below which it looks like metres",
                            schwartz.min_height_cm, schwartz.source, NULL);
}
