/* kidney.c - eGFR equations (CKD-EPI creatinine, cystatin C and both; the
 * B2M equation), the B2M a GFR explains, and the KDIGO GFR categories.
 *
 * Every coefficient is in the tables below and nowhere else;
 * b2m_kidney_constants() hands the same numbers to R (kidney_constants()). */
#include "b2m.h"

/* ---- coefficient tables ------------------------------------------------ */

/* One marker's spline: min(x / kappa, 1)^low * max(x / kappa, 1)^high. */
typedef struct {
    double kappa[2]; /* indexed by female: [0] male, [1] female */
    double low[2];
    double high;
} marker_terms;

typedef struct {
    const char *name;
    const char *source;
    double intercept;
    double age_base;      /* age_base^age */
    double female_factor;
    int uses_creatinine, uses_cystatin;
    marker_terms creatinine; /* mg/dL */
    marker_terms cystatin;   /* mg/L */
} ckdepi_equation;

#define INKER_2021 "Inker LA, et al. N Engl J Med 2021;385:1737-1749. doi:10.1056/NEJMoa2102953"
#define INKER_2012 "Inker LA, et al. N Engl J Med 2012;367:20-29. doi:10.1056/NEJMoa1114248"
#define INKER_2016 "Inker LA, et al. Am J Kidney Dis 2016;67(1):40-48. doi:10.1053/j.ajkd.2015.07.025"

/* Indexed by b2m_egfr_equation. */
static const ckdepi_equation ckdepi[3] = {
    {"CKD-EPI 2021 creatinine", INKER_2021, 142, 0.9938, 1.012, 1, 0,
     {{0.9, 0.7}, {-0.302, -0.241}, -1.200},
     {{1, 1}, {0, 0}, 0}},
    /* 0.996, not the 0.9962 of some secondary sources: the primary stands. */
    {"CKD-EPI 2012 cystatin C", INKER_2012, 133, 0.996, 0.932, 0, 1,
     {{1, 1}, {0, 0}, 0},
     {{0.8, 0.8}, {-0.499, -0.499}, -1.328}},
    {"CKD-EPI 2021 creatinine-cystatin C", INKER_2021, 135, 0.9961, 0.963, 1, 1,
     {{0.9, 0.7}, {-0.144, -0.219}, -0.544},
     {{0.8, 0.8}, {-0.323, -0.323}, -0.778}},
};

/* eGFR = intercept * B2M^exponent (B2M in mg/L), B2M alone.  The reference
 * file marks both coefficients "to be confirmed" against the paper's table
 * of final equations; they live here only. */
static const struct {
    const char *name;
    const char *source;
    double intercept;
    double exponent;
} b2m_equation = {"B2M (coefficients to be confirmed)", INKER_2016, 133, -0.852};

/* KDIGO 2012/2024: the lower bound of each category G1..G4 (G5 is below
 * 15); a value equal to a bound belongs to the higher-GFR category. */
static const double gfr_bounds[B2M_GFR_CATEGORIES - 1] = {90, 60, 45, 30, 15};
#define KDIGO "KDIGO 2012 CKD guideline. Kidney Int Suppl 2013;3:19-62. doi:10.1038/kisup.2012.64"

/* ---- CKD-EPI ------------------------------------------------------------ */

/* Per-call constants: the logarithms the row loop needs, so a row costs one
 * log per marker and one exp. */
typedef struct {
    double log_base[2];      /* log(intercept * female factor), by female */
    double log_age;          /* log(age_base) */
    double cr_inv_kappa[2];  /* 1 / kappa in creatinine's unit, by female */
    double cys_inv_kappa[2]; /* 1 / kappa in mg/L, by female */
} prepared_terms;

static prepared_terms prepare(const ckdepi_equation *eq, b2m_scale cr_unit)
{
    prepared_terms p;
    int f;
    p.log_age = log(eq->age_base);
    for (f = 0; f < 2; f++) {
        p.log_base[f] = log(eq->intercept) + (f ? log(eq->female_factor) : 0);
        /* creatinine in its unit: mg/dL = value * den / num */
        p.cr_inv_kappa[f] = cr_unit.den / (cr_unit.num * eq->creatinine.kappa[f]);
        p.cys_inv_kappa[f] = 1 / eq->cystatin.kappa[f];
    }
    return p;
}

/* log of min(r, 1)^low * max(r, 1)^high: only one of the two is not 1. */
static double spline_log(double ratio, const marker_terms *m, int female)
{
    return (ratio <= 1 ? m->low[female] : m->high) * log(ratio);
}

void b2m_egfr_bad_init(b2m_egfr_bad *bad)
{
    b2m_bad_rows_init(&bad->creatinine);
    b2m_bad_rows_init(&bad->cystatin);
    b2m_bad_rows_init(&bad->age);
    b2m_bad_rows_init(&bad->young);
}

void b2m_egfr_bad_offset(b2m_egfr_bad *bad, size_t start)
{
    bad->creatinine.offset = start;
    bad->cystatin.offset = start;
    bad->age.offset = start;
    bad->young.offset = start;
}

size_t b2m_kidney_egfr(b2m_egfr_equation equation, size_t n,
                       const b2m_egfr_input *in, double *out, b2m_egfr_bad *bad)
{
    const ckdepi_equation *eq = &ckdepi[equation];
    const prepared_terms p = prepare(eq, in->creatinine_unit);
    size_t i;

    for (i = 0; i < n; i++) {
        double scr = 0, scys = 0, age, female, log_egfr;
        int f;
        /* Every value is checked, even in a row already missing, so that an
         * impossible value is never hidden by a missing neighbour. */
        if (eq->uses_creatinine)
            scr = b2m_column_checked_between(&in->creatinine, i,
                                             in->creatinine_min,
                                             in->creatinine_max, &bad->creatinine);
        if (eq->uses_cystatin)
            scys = b2m_column_checked_between(&in->cystatin, i, in->cystatin_min,
                                              in->cystatin_max, &bad->cystatin);
        age = b2m_column_checked(&in->age, i, in->age_max, &bad->age);
        female = b2m_column_get(&in->female, i);
        if (isnan(scr) || isnan(scys) || isnan(age) || isnan(female)) {
            out[i] = b2m_na_real();
            continue;
        }
        /* Adult equations: no estimate under 18, and the caller warns. */
        if (age < 18) {
            b2m_bad_rows_add(&bad->young, i, B2M_VALUE_OK);
            out[i] = b2m_na_real();
            continue;
        }
        f = female != 0;
        log_egfr = p.log_base[f] + age * p.log_age;
        if (eq->uses_creatinine)
            log_egfr += spline_log(scr * p.cr_inv_kappa[f], &eq->creatinine, f);
        if (eq->uses_cystatin)
            log_egfr += spline_log(scys * p.cys_inv_kappa[f], &eq->cystatin, f);
        out[i] = exp(log_egfr);
    }
    return bad->creatinine.count + bad->cystatin.count + bad->age.count;
}

/* ---- the B2M equation and its inverse ----------------------------------- */

size_t b2m_kidney_egfr_b2m(size_t n, b2m_column b2m, b2m_scale unit,
                           double max_in_unit, double *out, b2m_bad_rows *bad)
{
    const double log_intercept = log(b2m_equation.intercept);
    /* mg/L = value * den / num, folded into the logarithm */
    const double log_to_mg = log(unit.den / unit.num);
    size_t i;
    for (i = 0; i < n; i++) {
        double x = b2m_column_checked_positive(&b2m, i, max_in_unit, bad);
        out[i] = isnan(x) ? b2m_na_real()
                          : exp(log_intercept +
                                b2m_equation.exponent * (log(x) + log_to_mg));
    }
    return bad->count;
}

/* log of the expected B2M in mg/L for a GFR: (g / intercept)^(1 / exponent). */
static double log_expected_mg(double egfr)
{
    return (log(egfr) - log(b2m_equation.intercept)) / b2m_equation.exponent;
}

size_t b2m_kidney_b2m_expected(size_t n, b2m_column egfr, double egfr_min,
                               double egfr_max, b2m_scale unit, double *out,
                               b2m_bad_rows *bad)
{
    size_t i;
    for (i = 0; i < n; i++) {
        double g = b2m_column_checked_between(&egfr, i, egfr_min, egfr_max, bad);
        out[i] = isnan(g) ? b2m_na_real()
                          : exp(log_expected_mg(g)) * unit.num / unit.den;
    }
    return bad->count;
}

size_t b2m_kidney_b2m_excess(size_t n, b2m_column b2m, b2m_scale unit,
                             double b2m_max, b2m_column egfr, double egfr_min,
                             double egfr_max, double *out,
                             b2m_bad_rows *bad_b2m, b2m_bad_rows *bad_egfr)
{
    size_t i;
    for (i = 0; i < n; i++) {
        double x = b2m_column_checked(&b2m, i, b2m_max, bad_b2m);
        double g = b2m_column_checked_between(&egfr, i, egfr_min, egfr_max,
                                              bad_egfr);
        out[i] = isnan(x) || isnan(g)
                     ? b2m_na_real()
                     : x * unit.den / unit.num / exp(log_expected_mg(g));
    }
    return bad_b2m->count + bad_egfr->count;
}

/* ---- KDIGO categories ------------------------------------------------------ */

size_t b2m_kidney_gfr_category(size_t n, b2m_column egfr, double egfr_max,
                               int *out, b2m_bad_rows *bad)
{
    size_t i;
    for (i = 0; i < n; i++) {
        double g = b2m_column_checked(&egfr, i, egfr_max, bad);
        int k = 0;
        if (isnan(g)) {
            out[i] = B2M_NA_INT;
            continue;
        }
        while (k < B2M_GFR_CATEGORIES - 1 && g < gfr_bounds[k])
            k++;
        out[i] = k + 1;
    }
    return bad->count;
}

/* ---- the coefficients, for R ------------------------------------------------ */

static size_t put(b2m_constant *rows, size_t at, size_t max, const char *equation,
                  const char *coefficient, double value, const char *source)
{
    if (at < max) {
        rows[at].equation = equation;
        rows[at].coefficient = coefficient;
        rows[at].value = value;
        rows[at].source = source;
    }
    return at + 1;
}

static size_t put_marker(b2m_constant *rows, size_t at, size_t max,
                         const ckdepi_equation *eq, const marker_terms *m,
                         const char *const names[5])
{
    at = put(rows, at, max, eq->name, names[0], m->kappa[0], eq->source);
    at = put(rows, at, max, eq->name, names[1], m->kappa[1], eq->source);
    at = put(rows, at, max, eq->name, names[2], m->low[0], eq->source);
    at = put(rows, at, max, eq->name, names[3], m->low[1], eq->source);
    return put(rows, at, max, eq->name, names[4], m->high, eq->source);
}

size_t b2m_kidney_constants(b2m_constant *rows, size_t max)
{
    static const char *const cr_names[5] = {
        "creatinine kappa (male)", "creatinine kappa (female)",
        "creatinine exponent below kappa (male)",
        "creatinine exponent below kappa (female)",
        "creatinine exponent above kappa"};
    static const char *const cys_names[5] = {
        "cystatin kappa (male)", "cystatin kappa (female)",
        "cystatin exponent below kappa (male)",
        "cystatin exponent below kappa (female)",
        "cystatin exponent above kappa"};
    size_t at = 0, e;
    for (e = 0; e < 3; e++) {
        const ckdepi_equation *eq = &ckdepi[e];
        at = put(rows, at, max, eq->name, "intercept", eq->intercept, eq->source);
        if (eq->uses_creatinine)
            at = put_marker(rows, at, max, eq, &eq->creatinine, cr_names);
        if (eq->uses_cystatin)
            at = put_marker(rows, at, max, eq, &eq->cystatin, cys_names);
        at = put(rows, at, max, eq->name, "age base", eq->age_base, eq->source);
        at = put(rows, at, max, eq->name, "female factor", eq->female_factor,
                 eq->source);
    }
    at = put(rows, at, max, b2m_equation.name, "intercept", b2m_equation.intercept,
             b2m_equation.source);
    at = put(rows, at, max, b2m_equation.name, "B2M exponent",
             b2m_equation.exponent, b2m_equation.source);
    {
        static const char *const names[B2M_GFR_CATEGORIES - 1] = {
            "G1 lower bound", "G2 lower bound", "G3a lower bound",
            "G3b lower bound", "G4 lower bound"};
        size_t k;
        for (k = 0; k < B2M_GFR_CATEGORIES - 1; k++)
            at = put(rows, at, max, "KDIGO GFR categories", names[k],
                     gfr_bounds[k], KDIGO);
    }
    return at;
}
