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

static double u25_k_of(const u25_k *k, double age)
{
    if (age >= u25_adult_age)
        return k->adult;
    return k->base * pow(age < k->pivot ? k->growth_below : k->growth_from,
                         age - k->pivot);
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
    size_t i, k;

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
            egfr_cr = u25_k_of(&u25_table[0][f], age) * h / scr * to_m_per_mg_dl;
        if (uses_cys)
            egfr_cys = u25_k_of(&u25_table[1][f], age) / cys;
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

size_t b2m_kidney_schwartz(size_t n, const b2m_schwartz_input *in, double *out,
                           b2m_bad_rows bad[B2M_SCHWARTZ_ARGS],
                           b2m_bad_rows *metres)
{
    /* height in cm = h * den * 100 / num; creatinine in mg/dL = scr * den / num */
    const double to_cm = in->height_unit.den * 100 / in->height_unit.num;
    const double to_mg_dl = in->creatinine_unit.den / in->creatinine_unit.num;
    size_t i;
    for (i = 0; i < n; i++) {
        double scr = b2m_column_checked_between(&in->creatinine, i,
                                                in->creatinine_min,
                                                in->creatinine_max, &bad[0]);
        double h = b2m_column_checked_positive(&in->height, i, in->height_max,
                                               &bad[1]);
        double cm;
        if (isnan(scr) || isnan(h)) {
            out[i] = b2m_na_real();
            continue;
        }
        cm = h * to_cm;
        if (cm < schwartz.min_height_cm) {
            if (in->height.stride != 0 || metres->offset + i == 0)
                b2m_bad_rows_add(metres, i, B2M_VALUE_IMPLAUSIBLE);
            out[i] = b2m_na_real();
            continue;
        }
        out[i] = schwartz.coefficient * cm / (scr * to_mg_dl);
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
