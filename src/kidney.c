/* kidney.c - eGFR equations (CKD-EPI creatinine, cystatin C and both, and
 * the race-based 2009 and 2012 equations kept for historic analyses; EKFC;
 * the B2M equation), the B2M a GFR explains, and the KDIGO GFR categories.
 * The paediatric equations are in paediatric.c.
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
    const char *key;      /* R's key of the equation (b2m_rules(), b2m_methods()) */
    const char *source;
    double intercept;
    double age_base;      /* age_base^age */
    double female_factor;
    int uses_creatinine, uses_cystatin;
    marker_terms creatinine; /* mg/dL */
    marker_terms cystatin;   /* mg/L */
    double black_factor;     /* 0: no race term */
    const char *confidence;  /* clinical-rules-2.md label, or NULL */
} ckdepi_equation;

#define INKER_2021 "Inker LA, et al. N Engl J Med 2021;385:1737-1749. doi:10.1056/NEJMoa2102953"
#define INKER_2012 "Inker LA, et al. N Engl J Med 2012;367:20-29. doi:10.1056/NEJMoa1114248"
#define INKER_2016 "Inker LA, et al. Am J Kidney Dis 2016;67(1):40-48. doi:10.1053/j.ajkd.2015.07.025"
#define LEVEY_2009 "Levey AS, et al. Ann Intern Med 2009;150(9):604-612. doi:10.7326/0003-4819-150-9-200905050-00006"

/* Indexed by b2m_egfr_equation. */
static const ckdepi_equation ckdepi[B2M_EGFR_EQUATIONS] = {
    {"CKD-EPI 2021 creatinine", "ckdepi_cr", INKER_2021, 142, 0.9938, 1.012, 1, 0,
     {{0.9, 0.7}, {-0.302, -0.241}, -1.200},
     {{1, 1}, {0, 0}, 0}, 0, NULL},
    /* 0.996, not the 0.9962 of some secondary sources: the primary stands. */
    {"CKD-EPI 2012 cystatin C", "ckdepi_cys", INKER_2012, 133, 0.996, 0.932, 0, 1,
     {{1, 1}, {0, 0}, 0},
     {{0.8, 0.8}, {-0.499, -0.499}, -1.328}, 0, NULL},
    {"CKD-EPI 2021 creatinine-cystatin C", "ckdepi_crcys", INKER_2021, 135, 0.9961, 0.963, 1, 1,
     {{0.9, 0.7}, {-0.144, -0.219}, -0.544},
     {{0.8, 0.8}, {-0.323, -0.323}, -0.778}, 0, NULL},
    /* The single-equation form the NKF and NIDDK print (P); piecewise tables
     * with 144 for women run 0.32 % high. */
    {"CKD-EPI 2009 creatinine", "ckdepi_cr_2009", LEVEY_2009, 141, 0.993, 1.018, 1, 0,
     {{0.9, 0.7}, {-0.411, -0.329}, -1.209},
     {{1, 1}, {0, 0}, 0}, 1.159, "P"},
    /* Secondary sources only (S), all concordant; the single form again
     * (piecewise tables print 130 for women, 0.62 % low). */
    {"CKD-EPI 2012 creatinine-cystatin C", "ckdepi_crcys_2012", INKER_2012, 135, 0.995, 0.969, 1, 1,
     {{0.9, 0.7}, {-0.207, -0.248}, -0.601},
     {{0.8, 0.8}, {-0.375, -0.375}, -0.711}, 1.08, "S"},
};

/* eGFR = intercept * B2M^exponent (B2M in mg/L), B2M alone.  The reference
 * file marks both coefficients "to be confirmed" against the paper's table
 * of final equations; they live here only. */
static const struct {
    const char *name;
    const char *key;
    const char *source;
    double intercept;
    double exponent;
} b2m_equation = {"B2M (coefficients to be confirmed)", "egfr_b2m", INKER_2016, 133,
                  -0.852};

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
    double log_black;        /* log(black factor); 0 without a race term */
} prepared_terms;

static prepared_terms prepare(const ckdepi_equation *eq, b2m_scale cr_unit)
{
    prepared_terms p;
    int f;
    p.log_age = log(eq->age_base);
    p.log_black = eq->black_factor != 0 ? log(eq->black_factor) : 0;
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
        double scr = 0, scys = 0, age, female, black = 0, log_egfr;
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
        if (eq->black_factor != 0)
            black = b2m_column_get(&in->black, i);
        if (isnan(scr) || isnan(scys) || isnan(age) || isnan(female) ||
            isnan(black)) {
            out[i] = b2m_na_real();
            continue;
        }
        /* Adult equations: no estimate under 18, and the caller warns. */
        if (age < B2M_CKDEPI_MIN_AGE) {
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
        if (black != 0)
            log_egfr += p.log_black;
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

/* ---- EKFC ---------------------------------------------------------------- */

#define POTTEL_2021 "Pottel H, Bjork J, Courbebaisse M, et al. Ann Intern Med 2021;174(2):183-191. doi:10.7326/M20-4366"
#define POTTEL_2023 "Pottel H, Bjork J, Rule AD, et al. N Engl J Med 2023;388(4):333-343. doi:10.1056/NEJMoa2203769"

/* eGFR = intercept / (x / Q)^a x age_base^(age - age_knot) above the knot;
 * a = exponent_below if x / Q < 1, else exponent_above (the first author's
 * "is 1 or more").  Q is in q_unit: for creatinine umol/L, in which the
 * equation was developed, so Q is never rounded to 0.70/0.90 mg/dL. */
typedef struct {
    const char *name;
    const char *key;
    const char *source;
    double intercept, exponent_below, exponent_above;
    double age_knot, age_base;
    b2m_scale q_unit;      /* Q's unit relative to the marker's canonical one */
    int by_sex;            /* Q depends on sex */
    double adult_q[2];     /* [male, female] */
    /* Q = exp(c0 + c1 age + c2 ln(age) + c3 age^2 + c4 age^3) for
     * age <= child_max_age (0: no paediatric Q) */
    double child_max_age;
    double child_ln_q[2][5];
    /* Q + q_slope x (age - q_slope_from) for age >= q_slope_from */
    double q_slope, q_slope_from;
    /* labels: the form (intercept, exponents, age term); Q [male, female];
     * the paediatric polynomial; the age slope of Q */
    const char *form_confidence;
    const char *q_confidence[2];
    const char *child_confidence;
    const char *slope_confidence;
} ekfc_equation;

/* Indexed by b2m_ekfc_marker. */
static const ekfc_equation ekfc[2] = {
    /* Q 62 umol/L (women) P, 80 (men) S; the polynomial S (kidney.epi's code
     * of the original publication), applied for age <= 25 (the only
     * comparator seen): a 1.1 % (men) and 0.7 % (women) step in Q at 25. */
    {"EKFC creatinine", "ekfc_cr", POTTEL_2021, 107.3, 0.322, 1.132, 40, 0.990,
     {884, 10}, 1, {80, 62}, 25,
     {{3.200, 0.259, -0.543, -0.00763, 0.0000790},
      {3.080, 0.177, -0.223, -0.00596, 0.0000686}},
     0, 0, "P", {"S", "P"}, "S", NULL},
    /* Q 0.83 mg/L, rising by 0.005 a year from 50 (P); children take the
     * same 0.83 (P, Pottel et al., journal U). */
    {"EKFC cystatin C", "ekfc_cys", POTTEL_2023, 107.3, 0.322, 1.132, 40, 0.990,
     {1, 1}, 0, {0.83, 0.83}, 0, {{0, 0, 0, 0, 0}, {0, 0, 0, 0, 0}},
     0.005, 50, "P", {"P", "P"}, NULL, "P"},
};

/* From 2 years (S, three sources); the upper limit is U (90 in one letter,
 * 100 in kidney.epi): computed to 100, with a warning above 90. */
static const b2m_age_range ekfc_ages = {2, 90, 100};

b2m_age_range b2m_ekfc_ages(void)
{
    return ekfc_ages;
}

void b2m_ekfc_bad_init(b2m_ekfc_bad *bad)
{
    b2m_bad_rows_init(&bad->marker);
    b2m_bad_rows_init(&bad->age);
    b2m_bad_rows_init(&bad->out_of_range);
    b2m_bad_rows_init(&bad->unvalidated);
}

void b2m_ekfc_bad_offset(b2m_ekfc_bad *bad, size_t start)
{
    bad->marker.offset = start;
    bad->age.offset = start;
    bad->out_of_range.offset = start;
    bad->unvalidated.offset = start;
}

static double ekfc_q(const ekfc_equation *eq, double age, int female)
{
    if (age <= eq->child_max_age) {
        const double *c = eq->child_ln_q[female];
        return exp(c[0] + c[1] * age + c[2] * log(age) + c[3] * age * age +
                   c[4] * age * age * age);
    }
    if (eq->q_slope != 0 && age >= eq->q_slope_from)
        return eq->adult_q[female] + eq->q_slope * (age - eq->q_slope_from);
    return eq->adult_q[female];
}

size_t b2m_kidney_ekfc(b2m_ekfc_marker marker, size_t n, const b2m_ekfc_input *in,
                       double *out, b2m_ekfc_bad *bad)
{
    const ekfc_equation *eq = &ekfc[marker];
    /* the marker in Q's unit = value * den * q.num / (num * q.den) */
    const double to_q = in->marker_unit.den * eq->q_unit.num /
                        (in->marker_unit.num * eq->q_unit.den);
    const double log_intercept = log(eq->intercept);
    const double log_age_base = log(eq->age_base);
    size_t i;

    for (i = 0; i < n; i++) {
        double x = b2m_column_checked_between(&in->marker, i, in->marker_min,
                                              in->marker_max, &bad->marker);
        double age = b2m_column_checked(&in->age, i, in->age_max, &bad->age);
        double female = eq->by_sex ? b2m_column_get(&in->female, i) : 0;
        double r, log_egfr;
        if (isnan(x) || isnan(age) || isnan(female)) {
            out[i] = b2m_na_real();
            continue;
        }
        if (age < ekfc_ages.min || age > ekfc_ages.max) {
            b2m_bad_rows_add(&bad->out_of_range, i, B2M_VALUE_OK);
            out[i] = b2m_na_real();
            continue;
        }
        if (age > ekfc_ages.validated_max)
            b2m_bad_rows_add(&bad->unvalidated, i, B2M_VALUE_OK);
        r = x * to_q / ekfc_q(eq, age, female != 0);
        log_egfr = log_intercept -
                   (r < 1 ? eq->exponent_below : eq->exponent_above) * log(r);
        if (age > eq->age_knot)
            log_egfr += (age - eq->age_knot) * log_age_base;
        out[i] = exp(log_egfr);
    }
    return bad->marker.count + bad->age.count;
}

/* ---- the coefficients, for R ------------------------------------------------ */

size_t b2m_constant_put(b2m_constant *rows, size_t at, size_t max,
                        const char *key, const char *equation,
                        const char *coefficient, double value,
                        const char *source, const char *confidence)
{
    if (at < max) {
        rows[at].key = key;
        rows[at].equation = equation;
        rows[at].coefficient = coefficient;
        rows[at].value = value;
        rows[at].source = source;
        rows[at].confidence = confidence;
    }
    return at + 1;
}

static size_t put(b2m_constant *rows, size_t at, size_t max,
                  const ckdepi_equation *eq, const char *coefficient,
                  double value)
{
    return b2m_constant_put(rows, at, max, eq->key, eq->name, coefficient, value,
                            eq->source, eq->confidence);
}

static size_t put_marker(b2m_constant *rows, size_t at, size_t max,
                         const ckdepi_equation *eq, const marker_terms *m,
                         const char *const names[5])
{
    at = put(rows, at, max, eq, names[0], m->kappa[0]);
    at = put(rows, at, max, eq, names[1], m->kappa[1]);
    at = put(rows, at, max, eq, names[2], m->low[0]);
    at = put(rows, at, max, eq, names[3], m->low[1]);
    return put(rows, at, max, eq, names[4], m->high);
}

static size_t ekfc_constants(b2m_constant *rows, size_t at, size_t max);

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
    for (e = 0; e < B2M_EGFR_EQUATIONS; e++) {
        const ckdepi_equation *eq = &ckdepi[e];
        at = put(rows, at, max, eq, "intercept", eq->intercept);
        if (eq->uses_creatinine)
            at = put_marker(rows, at, max, eq, &eq->creatinine, cr_names);
        if (eq->uses_cystatin)
            at = put_marker(rows, at, max, eq, &eq->cystatin, cys_names);
        at = put(rows, at, max, eq, "age base", eq->age_base);
        at = put(rows, at, max, eq, "female factor", eq->female_factor);
        if (eq->black_factor != 0)
            at = put(rows, at, max, eq, "Black factor", eq->black_factor);
    }
    /* Section I of clinical-rules-2.md: both coefficients still U. */
    at = b2m_constant_put(rows, at, max, b2m_equation.key, b2m_equation.name, "intercept",
                          b2m_equation.intercept, b2m_equation.source, "U");
    at = b2m_constant_put(rows, at, max, b2m_equation.key, b2m_equation.name, "B2M exponent",
                          b2m_equation.exponent, b2m_equation.source, "U");
    {
        static const char *const names[B2M_GFR_CATEGORIES - 1] = {
            "G1 lower bound", "G2 lower bound", "G3a lower bound",
            "G3b lower bound", "G4 lower bound"};
        size_t k;
        for (k = 0; k < B2M_GFR_CATEGORIES - 1; k++)
            at = b2m_constant_put(rows, at, max, "kdigo", "KDIGO GFR categories",
                                  names[k], gfr_bounds[k], KDIGO, NULL);
    }
    at = ekfc_constants(rows, at, max);
    return b2m_paediatric_constants(rows, at, max);
}

static size_t ekfc_constants(b2m_constant *rows, size_t at, size_t max)
{
    static const char *const q_names[2][2] = {
        {"Q (male, umol/L)", "Q (female, umol/L)"},
        {"Q (mg/L)", "Q (mg/L)"}};
    static const char *const poly_names[2][5] = {
        {"ln Q up to 25 (male): constant", "ln Q (male): x age",
         "ln Q (male): x ln(age)", "ln Q (male): x age^2", "ln Q (male): x age^3"},
        {"ln Q up to 25 (female): constant", "ln Q (female): x age",
         "ln Q (female): x ln(age)", "ln Q (female): x age^2",
         "ln Q (female): x age^3"}};
    size_t e;
    for (e = 0; e < 2; e++) {
        const ekfc_equation *eq = &ekfc[e];
        const char *key = eq->key, *name = eq->name, *src = eq->source;
        const char *form = eq->form_confidence;
        int f;
        at = b2m_constant_put(rows, at, max, key, name, "intercept", eq->intercept, src, form);
        at = b2m_constant_put(rows, at, max, key, name, "exponent for x/Q below 1",
                              eq->exponent_below, src, form);
        at = b2m_constant_put(rows, at, max, key, name, "exponent for x/Q of 1 or more",
                              eq->exponent_above, src, form);
        at = b2m_constant_put(rows, at, max, key, name, "age above which the age term applies",
                              eq->age_knot, src, form);
        at = b2m_constant_put(rows, at, max, key, name, "age base", eq->age_base, src, form);
        for (f = 0; f < (eq->by_sex ? 2 : 1); f++)
            at = b2m_constant_put(rows, at, max, key, name, q_names[e][f], eq->adult_q[f],
                                  src, eq->q_confidence[f]);
        if (eq->child_max_age > 0) {
            at = b2m_constant_put(rows, at, max, key, name, "last age of the paediatric Q",
                                  eq->child_max_age, src, eq->child_confidence);
            for (f = 0; f < 2; f++) {
                int k;
                for (k = 0; k < 5; k++)
                    at = b2m_constant_put(rows, at, max, key, name, poly_names[f][k],
                                          eq->child_ln_q[f][k], src,
                                          eq->child_confidence);
            }
        }
        if (eq->q_slope != 0) {
            at = b2m_constant_put(rows, at, max, key, name, "Q rise per year",
                                  eq->q_slope, src, eq->slope_confidence);
            at = b2m_constant_put(rows, at, max, key, name, "age from which Q rises",
                                  eq->q_slope_from, src, eq->slope_confidence);
        }
        at = b2m_constant_put(rows, at, max, key, name, "lowest age", ekfc_ages.min, src, "S");
        at = b2m_constant_put(rows, at, max, key, name, "age above which a warning is given",
                              ekfc_ages.validated_max, src, "U");
        at = b2m_constant_put(rows, at, max, key, name, "highest age computed",
                              ekfc_ages.max, src, "U");
    }
    return at;
}
