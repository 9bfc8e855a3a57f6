/* test_kidney.c - CKD-EPI (race-free and race-based), EKFC, CKiD U25,
 * bedside Schwartz, the B2M equation, GFR categories, the urine ratio. */
#include "check.h"
#include "b2m.h"

static b2m_egfr_input adult_input(const double *scr, const double *scys,
                                  const double *age, const int *female, size_t n)
{
    b2m_egfr_input in;
    b2m_scale mg_dl = {1, 1};
    in.creatinine = b2m_column_real(scr, n);
    in.creatinine_unit = mg_dl;
    in.creatinine_min = 0.05;
    in.creatinine_max = 30;
    in.cystatin = b2m_column_real(scys, n);
    in.cystatin_min = 0.1;
    in.cystatin_max = 15;
    in.age = b2m_column_real(age, n);
    in.age_max = 120;
    in.female = b2m_column_integer(female, n);
    in.black = b2m_column_integer(female, n); /* replaced where read */
    return in;
}

static void test_kidney_more(void);

void test_kidney(void)
{
    const double scr[4] = {1.0, 1.2, 0.6, 2.0}, scys[4] = {1.0, 1.4, 0.7, 1.8};
    const double age[4] = {50, 65, 30, 60};
    const int female[4] = {0, 1, 1, 0};
    double out[4];
    int cat[8];
    b2m_egfr_bad bad;
    b2m_egfr_input in = adult_input(scr, scys, age, female, 4);

    /* The dossier's worked examples (4 decimals). */
    b2m_egfr_bad_init(&bad);
    CHECK(b2m_kidney_egfr(B2M_EGFR_CRCYS, 4, &in, out, &bad) == 0);
    CHECK_NEAR(out[0], 88.1440, 1e-6);
    CHECK_NEAR(out[1], 48.6661, 1e-6);
    CHECK_NEAR(out[2], 124.8651, 1e-6);
    CHECK_NEAR(out[3], 36.8010, 1e-6);
    CHECK(b2m_kidney_egfr(B2M_EGFR_CR, 1, &in, out, &bad) == 0);
    CHECK_NEAR(out[0], 91.6915, 1e-6);
    CHECK(b2m_kidney_egfr(B2M_EGFR_CYS, 1, &in, out, &bad) == 0);
    CHECK_NEAR(out[0], 80.9323, 1e-6);
    CHECK(bad.young.count == 0);

    /* umol/L through the scale: 88.4 umol/L = 1 mg/dL. */
    {
        const double umol = 88.4;
        b2m_scale scale = {884, 10};
        b2m_egfr_input u = adult_input(&umol, scys, age, female, 1);
        u.creatinine_unit = scale;
        u.creatinine_min = 0.05 * 88.4;
        u.creatinine_max = 30 * 88.4;
        CHECK(b2m_kidney_egfr(B2M_EGFR_CR, 1, &u, out, &bad) == 0);
        CHECK_NEAR(out[0], 91.6915, 1e-6);
    }

    /* Under 18: missing and flagged; missing inputs: missing, not flagged;
     * bad values: recorded per argument. */
    {
        const double a[4] = {17.5, NAN, 50, 130};
        const double s[4] = {1, 1, 0, 1};
        const int f[4] = {1, 1, 1, B2M_NA_INT};
        b2m_egfr_input y = adult_input(s, scys, a, f, 4);
        b2m_egfr_bad_init(&bad);
        CHECK(b2m_kidney_egfr(B2M_EGFR_CR, 4, &y, out, &bad) == 2);
        CHECK(isnan(out[0]) && isnan(out[1]) && isnan(out[2]) && isnan(out[3]));
        CHECK(bad.young.count == 1 && bad.young.rows[0] == 0);
        CHECK(bad.creatinine.count == 1 && bad.creatinine.rows[0] == 2);
        CHECK(bad.creatinine.problems[0] == B2M_VALUE_ZERO);
        CHECK(bad.age.count == 1 && bad.age.rows[0] == 3);
        CHECK(bad.cystatin.count == 0); /* not used by the creatinine equation */
    }

    /* Below the smallest plausible marker: refused, never a huge eGFR
     * (creatinine 5e-324 mg/dL gave 8.7e79). */
    {
        const double s[4] = {0.05, nextafter(0.05, 0), 5e-324, 0.0005};
        const double c[4] = {0.1, nextafter(0.1, 0), 1, 1};
        const int f[4] = {1, 1, 1, 1};
        b2m_egfr_input low = adult_input(s, c, age, f, 4);
        b2m_egfr_bad_init(&bad);
        CHECK(b2m_kidney_egfr(B2M_EGFR_CRCYS, 4, &low, out, &bad) == 4);
        CHECK(!isnan(out[0]) && out[0] < 500);
        CHECK(isnan(out[1]) && isnan(out[2]) && isnan(out[3]));
        CHECK(bad.creatinine.count == 3 && bad.creatinine.rows[0] == 1);
        CHECK(bad.creatinine.problems[0] == B2M_VALUE_TOO_LOW);
        CHECK(bad.creatinine.problems[1] == B2M_VALUE_TOO_LOW);
        CHECK(bad.cystatin.count == 1 && bad.cystatin.rows[0] == 1);
        CHECK(bad.cystatin.problems[0] == B2M_VALUE_TOO_LOW);
    }

    /* The B2M equation, its inverse and the excess. */
    {
        const double b2m[3] = {1.5, 10, 2500};
        const double g[3] = {90, 15, 60};
        b2m_scale mg = {1, 1}, ug = {1000, 1};
        b2m_bad_rows bad_b, bad_g;
        double expected[3], back[3];
        b2m_bad_rows_init(&bad_b);
        b2m_bad_rows_init(&bad_g);
        CHECK(b2m_kidney_egfr_b2m(2, b2m_column_real(b2m, 3), mg, 200, out, &bad_b) == 0);
        CHECK_NEAR(out[0], 94.150339, 1e-7);
        CHECK_NEAR(out[1], 18.700432, 1e-7);
        CHECK(b2m_kidney_egfr_b2m(3, b2m_column_real(b2m, 3), ug, 200000, out, &bad_b) == 0);
        CHECK_NEAR(out[2], 73.684151 * pow(2.5 / 2.0, -0.852), 1e-7);
        CHECK(b2m_kidney_b2m_expected(3, b2m_column_real(g, 3), 0.1, 500, mg, expected,
                                      &bad_g) == 0);
        CHECK_NEAR(expected[0], 1.581509, 1e-6);
        CHECK(b2m_kidney_egfr_b2m(3, b2m_column_real(expected, 3), mg, 200, back, &bad_b) == 0);
        CHECK_NEAR(back[0], 90, 1e-13);
        CHECK_NEAR(back[1], 15, 1e-13);
        b2m_bad_rows_init(&bad_b);
        b2m_bad_rows_init(&bad_g);
        CHECK(b2m_kidney_b2m_excess(3, b2m_column_real(expected, 3), mg, 200,
                                    b2m_column_real(g, 3), 0.1, 500, out, &bad_b,
                                    &bad_g) == 0);
        CHECK_NEAR(out[2], 1, 1e-13);
        CHECK(b2m_kidney_b2m_expected(1, b2m_column_real(&b2m[2], 1), 0.1, 500, mg, out,
                                      &bad_g) == 1);
        CHECK(bad_g.problems[0] == B2M_VALUE_IMPLAUSIBLE);
    }

    /* The B2M a GFR explains grows without bound as the GFR falls: below
     * the smallest plausible eGFR it is refused, never Inf. */
    {
        const double g[3] = {0.1, nextafter(0.1, 0), 1e-300};
        b2m_scale mg = {1, 1};
        b2m_bad_rows bad_g;
        b2m_bad_rows_init(&bad_g);
        CHECK(b2m_kidney_b2m_expected(3, b2m_column_real(g, 3), 0.1, 500, mg, out,
                                      &bad_g) == 2);
        CHECK(isfinite(out[0]) && isnan(out[1]) && isnan(out[2]));
        CHECK(bad_g.rows[0] == 1 && bad_g.problems[0] == B2M_VALUE_TOO_LOW);
    }

    /* KDIGO: a value on a bound is in the higher-GFR category. */
    {
        const double g[8] = {90, nextafter(90, 0), 60, nextafter(60, 0), 15,
                             nextafter(15, 0), 0, NAN};
        const int want[8] = {1, 2, 2, 3, 5, 6, 6, B2M_NA_INT};
        b2m_bad_rows bad_g;
        size_t i;
        b2m_bad_rows_init(&bad_g);
        CHECK(b2m_kidney_gfr_category(8, b2m_column_real(g, 8), 500, cat, &bad_g) == 0);
        for (i = 0; i < 8; i++)
            CHECK(cat[i] == want[i]);
    }

    /* The coefficient table: counts itself, writes only what fits. */
    {
        b2m_constant rows[64];
        size_t n = b2m_kidney_constants(NULL, 0);
        CHECK(n > 30 && n <= 64 * 3);
        CHECK(b2m_kidney_constants(rows, 64) == n);
        CHECK(rows[0].value == 142);
        CHECK(rows[0].confidence == NULL);
    }
    test_kidney_more();
}

/* ---- the race-based CKD-EPI equations (clinical-rules-2.md E) ----------- */

static void test_ckdepi_race(void)
{
    /* E.1 worked examples, then E.2 */
    const double scr[8] = {1.0, 1.0, 1.0, 0.6, 0.7, 0.9, 2.0, 1.2};
    const double age[8] = {50, 50, 50, 70, 40, 40, 30, 80};
    const int female[8] = {1, 0, 0, 1, 1, 0, 0, 1};
    const int black[8] = {0, 0, 1, 0, 0, 0, 1, 1};
    const double want[8] = {65.6376, 87.3697, 101.2615, 92.3506, 108.3769,
                            106.4606, 50.4097, 49.4292};
    const double scr2[7] = {1.0, 1.0, 1.2, 0.6, 2.0, 0.7, 0.9};
    const double cys2[7] = {1.0, 1.0, 1.4, 0.7, 1.8, 0.8, 0.8};
    const double age2[7] = {50, 50, 65, 30, 60, 40, 40};
    const int female2[7] = {0, 0, 1, 1, 0, 1, 0};
    const int black2[7] = {0, 1, 0, 0, 0, 0, 0};
    const double want2[7] = {84.1559, 90.8884, 45.8853, 122.9419, 34.7454,
                             107.0485, 110.4732};
    double out[8];
    b2m_egfr_bad bad;
    b2m_egfr_input in = adult_input(scr, scr, age, female, 8);
    size_t i;

    in.black = b2m_column_integer(black, 8);
    b2m_egfr_bad_init(&bad);
    CHECK(b2m_kidney_egfr(B2M_EGFR_CR_2009, 8, &in, out, &bad) == 0);
    for (i = 0; i < 8; i++)
        CHECK(fabs(out[i] - want[i]) < 1e-4);
    in = adult_input(scr2, cys2, age2, female2, 7);
    in.black = b2m_column_integer(black2, 7);
    CHECK(b2m_kidney_egfr(B2M_EGFR_CRCYS_2012, 7, &in, out, &bad) == 0);
    for (i = 0; i < 7; i++)
        CHECK(fabs(out[i] - want2[i]) < 1e-4);
    /* a missing race is a missing eGFR; the race-free equations never read it */
    {
        const int na = B2M_NA_INT;
        in = adult_input(scr, scr, age, female, 1);
        in.black = b2m_column_integer(&na, 1);
        CHECK(b2m_kidney_egfr(B2M_EGFR_CR_2009, 1, &in, out, &bad) == 0);
        CHECK(isnan(out[0]));
        CHECK(b2m_kidney_egfr(B2M_EGFR_CR, 1, &in, out, &bad) == 0);
        CHECK(!isnan(out[0]));
    }
}

/* ---- EKFC (D) --------------------------------------------------------------- */

static double ekfc_one(b2m_ekfc_marker marker, double x, b2m_scale unit,
                       double age, int female, b2m_ekfc_bad *bad)
{
    b2m_ekfc_input in;
    double out;
    in.marker = b2m_column_real(&x, 1);
    in.marker_unit = unit;
    in.marker_min = 1e-6;
    in.marker_max = 1e6;
    in.age = b2m_column_real(&age, 1);
    in.age_max = 120;
    in.female = b2m_column_integer(&female, 1);
    b2m_ekfc_bad_init(bad);
    b2m_kidney_ekfc(marker, 1, &in, &out, bad);
    return out;
}

static void test_ekfc(void)
{
    const b2m_scale mg_dl = {1, 1}, umol = {884, 10}, mg_l = {1, 1};
    b2m_ekfc_bad bad;
    double below, at, above;
    /* D.1 */
    CHECK(fabs(ekfc_one(B2M_EKFC_CR, 1.0, mg_dl, 50, 0, &bad) - 86.6694) < 1e-4);
    CHECK(fabs(ekfc_one(B2M_EKFC_CR, 0.6, mg_dl, 30, 1, &bad) - 112.8308) < 1e-4);
    CHECK(fabs(ekfc_one(B2M_EKFC_CR, 62, umol, 60, 1, &bad) - 87.7614) < 1e-4);
    CHECK(fabs(ekfc_one(B2M_EKFC_CR, 150, umol, 70, 0, &bad) - 38.9599) < 1e-4);
    CHECK(fabs(ekfc_one(B2M_EKFC_CR, 1.4, mg_dl, 60, 0, &bad) - 53.5551) < 1e-4);
    CHECK(fabs(ekfc_one(B2M_EKFC_CR, 0.5, mg_dl, 10, 1, &bad) - 108.0071) < 1e-4);
    CHECK(fabs(ekfc_one(B2M_EKFC_CR, 0.5, mg_dl, 10, 0, &bad) - 109.6390) < 1e-4);
    CHECK(fabs(ekfc_one(B2M_EKFC_CR, 0.9, mg_dl, 25, 0, &bad) - 107.8634) < 1e-4);
    CHECK(fabs(ekfc_one(B2M_EKFC_CR, 0.9, mg_dl, 26, 0, &bad) - 107.4907) < 1e-4);
    /* the step at 25: the polynomial at 25, the adult Q just above */
    at = ekfc_one(B2M_EKFC_CR, 0.9, mg_dl, 25, 0, &bad);
    above = ekfc_one(B2M_EKFC_CR, 0.9, mg_dl, 25.0001, 0, &bad);
    CHECK(fabs(above - 107.4907 * pow(0.99, 0)) < 1e-3 && at - above > 0.3);
    /* r = 1 and age 40: continuous, the comparators only choose the branch */
    below = ekfc_one(B2M_EKFC_CR, nextafter(62, 0), umol, 30, 1, &bad);
    at = ekfc_one(B2M_EKFC_CR, 62, umol, 30, 1, &bad);
    CHECK_NEAR(at, 107.3, 1e-15);
    CHECK_NEAR(below, 107.3, 1e-12);
    CHECK_NEAR(ekfc_one(B2M_EKFC_CR, 62, umol, 40, 1, &bad), 107.3, 1e-15);
    CHECK_NEAR(ekfc_one(B2M_EKFC_CR, 62, umol, 41, 1, &bad), 107.3 * 0.99, 1e-14);
    /* D.2 */
    CHECK(fabs(ekfc_one(B2M_EKFC_CYS, 0.70, mg_l, 30, 0, &bad) - 113.3499) < 1e-4);
    CHECK(fabs(ekfc_one(B2M_EKFC_CYS, 0.83, mg_l, 45, 0, &bad) - 102.0412) < 1e-4);
    CHECK(fabs(ekfc_one(B2M_EKFC_CYS, 1.00, mg_l, 50, 0, &bad) - 78.5865) < 1e-4);
    CHECK(fabs(ekfc_one(B2M_EKFC_CYS, 1.00, mg_l, 60, 0, &bad) - 75.9378) < 1e-4);
    CHECK(fabs(ekfc_one(B2M_EKFC_CYS, 1.50, mg_l, 75, 0, &bad) - 45.2752) < 1e-4);
    CHECK(fabs(ekfc_one(B2M_EKFC_CYS, 0.90, mg_l, 10, 0, &bad) - 97.9025) < 1e-4);
    /* cystatin Q at 50: 0.83 on both sides (continuous); sex is not read */
    CHECK_NEAR(ekfc_one(B2M_EKFC_CYS, 0.83, mg_l, 50, B2M_NA_INT, &bad),
               107.3 * pow(0.99, 10), 1e-14);
    CHECK_NEAR(ekfc_one(B2M_EKFC_CYS, 0.83, mg_l, nextafter(50, 0), 1, &bad),
               107.3 * pow(0.99, 10), 1e-12);
    /* ages: NA below 2 and above 100, warned above 90 */
    CHECK(isnan(ekfc_one(B2M_EKFC_CR, 1, mg_dl, nextafter(2, 0), 0, &bad)));
    CHECK(bad.out_of_range.count == 1 && bad.unvalidated.count == 0);
    CHECK(!isnan(ekfc_one(B2M_EKFC_CR, 1, mg_dl, 2, 0, &bad)));
    CHECK(bad.out_of_range.count == 0);
    CHECK(!isnan(ekfc_one(B2M_EKFC_CR, 1, mg_dl, 90, 0, &bad)));
    CHECK(bad.unvalidated.count == 0);
    CHECK(!isnan(ekfc_one(B2M_EKFC_CR, 1, mg_dl, nextafter(90, 100), 0, &bad)));
    CHECK(bad.unvalidated.count == 1);
    CHECK(!isnan(ekfc_one(B2M_EKFC_CR, 1, mg_dl, 100, 0, &bad)));
    CHECK(isnan(ekfc_one(B2M_EKFC_CR, 1, mg_dl, nextafter(100, 200), 0, &bad)));
    CHECK(bad.out_of_range.count == 1 && bad.unvalidated.count == 0);
    CHECK(isnan(ekfc_one(B2M_EKFC_CR, 1, mg_dl, 50, B2M_NA_INT, &bad)));
    CHECK(isnan(ekfc_one(B2M_EKFC_CR, 0, mg_dl, 50, 0, &bad)));
    CHECK(bad.marker.count == 1 && bad.marker.problems[0] == B2M_VALUE_ZERO);
    CHECK(b2m_ekfc_ages().min == 2 && b2m_ekfc_ages().max == 100);
}

/* ---- CKiD U25 and bedside Schwartz (F) ---------------------------------------- */

static double u25_one(b2m_u25_form form, double age, int female, double h,
                      double scr, double cys, b2m_u25_bad *bad)
{
    b2m_u25_input in;
    b2m_scale m = {1, 1}, mg_dl = {1, 1};
    double out;
    in.age = b2m_column_real(&age, 1);
    in.age_max = 120;
    in.female = b2m_column_integer(&female, 1);
    in.height = b2m_column_real(&h, 1);
    in.height_unit = m;
    in.height_max = 3;
    in.creatinine_min = 1e-6;
    in.cystatin_min = 1e-6;
    in.creatinine = b2m_column_real(&scr, 1);
    in.creatinine_unit = mg_dl;
    in.creatinine_max = 30;
    in.cystatin = b2m_column_real(&cys, 1);
    in.cystatin_max = 15;
    b2m_u25_bad_init(bad);
    b2m_kidney_ckid_u25(form, 1, &in, &out, bad);
    return out;
}

static void test_ckid(void)
{
    /* F.1 study-group checks (to 0.1 as printed): sex, age, height, Scr, CysC */
    static const double rows[6][4] = {
        {11, 1.20, 0.9, 1.3}, {11, 1.20, 0.9, 1.3}, {15, 1.60, 1.9, 1.6},
        {15, 1.60, 1.9, 1.6}, {20, 1.81, 2.1, 1.8}, {20, 1.81, 2.1, 1.8}};
    static const double want[6][3] = {
        {51.6, 64.2, 57.9}, {47.8, 61.2, 54.5}, {37.5, 54.5, 46.0},
        {32.5, 46.1, 39.3}, {43.8, 42.8, 43.3}, {35.7, 37.9, 36.8}};
    b2m_u25_bad bad;
    size_t r;
    int form;
    for (r = 0; r < 6; r++) {
        int female = (int) (r % 2); /* male rows first, as printed */
        for (form = 0; form < 3; form++) {
            double got = u25_one((b2m_u25_form) form, rows[r][0], female,
                                 rows[r][1], rows[r][2], rows[r][3], &bad);
            CHECK(fabs(got - want[r][form]) < 0.05 + 1e-9);
        }
    }
    /* K at the boundaries: 17.999 vs 18 (a small step), the pivots */
    CHECK_NEAR(u25_one(B2M_U25_CR, 18, 0, 1, 1, 1, &bad), 50.8, 1e-15);
    CHECK(fabs(u25_one(B2M_U25_CR, 17.999, 0, 1, 1, 1, &bad) - 50.786) < 1e-3);
    CHECK_NEAR(u25_one(B2M_U25_CR, 18, 1, 1, 1, 1, &bad), 41.4, 1e-15);
    CHECK(fabs(u25_one(B2M_U25_CR, 17.999, 1, 1, 1, 1, &bad) - 41.376) < 1e-3);
    CHECK_NEAR(u25_one(B2M_U25_CYS, 18, 0, 1, 1, 1, &bad), 77.1, 1e-15);
    CHECK(fabs(u25_one(B2M_U25_CYS, 17.999, 0, 1, 1, 1, &bad) - 77.152) < 1e-3);
    CHECK_NEAR(u25_one(B2M_U25_CYS, 18, 1, 1, 1, 1, &bad), 68.3, 1e-15);
    CHECK(fabs(u25_one(B2M_U25_CYS, 17.999, 1, 1, 1, 1, &bad) - 68.220) < 1e-3);
    CHECK_NEAR(u25_one(B2M_U25_CR, 12, 0, 1, 1, 1, &bad), 39.0, 1e-15);
    CHECK_NEAR(u25_one(B2M_U25_CR, 11.999, 0, 1, 1, 1, &bad),
               39.0 * pow(1.008, -0.001), 1e-14);
    CHECK_NEAR(u25_one(B2M_U25_CR, 12.001, 0, 1, 1, 1, &bad),
               39.0 * pow(1.045, 0.001), 1e-14);
    CHECK_NEAR(u25_one(B2M_U25_CYS, 15, 0, 1, 1, 1, &bad), 87.2, 1e-15);
    CHECK_NEAR(u25_one(B2M_U25_CYS, 14.999, 0, 1, 1, 1, &bad),
               87.2 * pow(1.011, -0.001), 1e-14);
    CHECK_NEAR(u25_one(B2M_U25_CYS, 15.001, 0, 1, 1, 1, &bad),
               87.2 * pow(0.960, 0.001), 1e-14);
    CHECK_NEAR(u25_one(B2M_U25_CYS, 12, 1, 1, 1, 1, &bad), 79.9, 1e-15);
    /* abstract: K_cr at age 1 is 35.7 (M) and 33.1 (F) */
    CHECK(fabs(u25_one(B2M_U25_CR, 1, 0, 1, 1, 1, &bad) - 35.727) < 1e-3);
    CHECK(fabs(u25_one(B2M_U25_CR, 1, 1, 1, 1, 1, &bad) - 33.071) < 1e-3);
    /* ages 1 and 25 computed; just outside missing and flagged */
    CHECK(!isnan(u25_one(B2M_U25_CR, 25, 0, 1, 1, 1, &bad)));
    CHECK(bad.out_of_range.count == 0);
    CHECK(isnan(u25_one(B2M_U25_CR, nextafter(25, 26), 0, 1, 1, 1, &bad)));
    CHECK(bad.out_of_range.count == 1);
    CHECK(isnan(u25_one(B2M_U25_CR, nextafter(1, 0), 0, 1, 1, 1, &bad)));
    CHECK(bad.out_of_range.count == 1);
    /* F.3: the fork's example with "sex = 0" is the male constants */
    /* The reference file computes 68.45 here; the constants give 68.423,
     * which is the fork's printed 68.4 (to 0.1). */
    CHECK(fabs(u25_one(B2M_U25_CYS, 9.5, 0, 1, 1, 1.2, &bad) - 68.4) < 0.05);
    CHECK(fabs(u25_one(B2M_U25_CYS, 9.5, 0, 1, 1, 1.2, &bad) - 87.2 * pow(1.011, -5.5) / 1.2) < 1e-12);
    CHECK(fabs(u25_one(B2M_U25_CR, 9.5, 0, 1.32, 0.8, 1, &bad) - 63.08) < 5e-3);
    CHECK(fabs(u25_one(B2M_U25_CYS, 9.5, 1, 1, 1, 1.2, &bad) - 65.92) < 5e-3);
    CHECK(fabs(u25_one(B2M_U25_CR, 9.5, 1, 1.32, 0.8, 1, &bad) - 58.39) < 5e-3);
    /* F.2 example beside U25: male 10 y, 1.40 m, 0.6 */
    CHECK(fabs(u25_one(B2M_U25_CR, 10, 0, 1.40, 0.6, 1, &bad) - 89.56) < 5e-3);
    /* the cystatin form reads neither height nor creatinine */
    CHECK(!isnan(u25_one(B2M_U25_CYS, 10, 0, NAN, -1, 1, &bad)));
    CHECK(bad.args[1].count == 0 && bad.args[2].count == 0);
    CHECK(isnan(u25_one(B2M_U25_CR, 10, 0, 4, 1, 1, &bad)));
    CHECK(bad.args[1].count == 1 && bad.args[1].problems[0] == B2M_VALUE_IMPLAUSIBLE);

    /* bedside Schwartz */
    {
        const double scr[4] = {0.5, 0.4, 0.6, 0.6};
        const double h[4] = {120, 100, 140, 1.4};
        const double want_s[3] = {99.12, 103.25, 96.3667};
        b2m_schwartz_input in;
        b2m_bad_rows sbad[B2M_SCHWARTZ_ARGS], metres;
        double out[4];
        b2m_scale mg_dl = {1, 1}, cm = {100, 1};
        in.creatinine = b2m_column_real(scr, 4);
        in.creatinine_unit = mg_dl;
        in.creatinine_min = 1e-6;
        in.creatinine_max = 30;
        in.height = b2m_column_real(h, 4);
        in.height_unit = cm;
        in.height_max = 300;
        b2m_bad_rows_init(&sbad[0]);
        b2m_bad_rows_init(&sbad[1]);
        b2m_bad_rows_init(&metres);
        CHECK(b2m_kidney_schwartz(4, &in, out, sbad, &metres) == 0);
        for (r = 0; r < 3; r++)
            CHECK(fabs(out[r] - want_s[r]) < 1e-4);
        CHECK(isnan(out[3]) && metres.count == 1 && metres.rows[0] == 3);
        CHECK(b2m_schwartz_min_height_cm() == 30);
    }
}

/* ---- urine ratio (G) ------------------------------------------------------------- */

/* The output columns of a urine-ratio call; the count of positive B2M values
 * goes to urine_hint_of. */
static size_t urine_hint_of;

static b2m_urine_out urine_out(double *g, double *mmol, int *a, int *d, int *c,
                               int *r, b2m_bad_rows *hint)
{
    b2m_urine_out out;
    out.hint_of = &urine_hint_of;
    out.ug_per_g = g;
    out.ug_per_mmol = mmol;
    out.above_trigger = a;
    out.dilute = d;
    out.concentrated = c;
    out.recollect = r;
    out.unit_hint = hint;
    return out;
}

/* The look for urine B2M that reads like mg/L, done in the ratio's pass,
 * finds the rows b2m_scale_outliers() finds, numbered across blocks, in
 * plain blocks and in blocks with a bad value alike. */
static void test_urine_unit_hint(b2m_urine_input *in)
{
    enum { N = 1300 };
    static double b2m[N], cr[N], g[N], mmol[N];
    static int a[N], d[N], c[N], r[N];
    b2m_urine_out out;
    b2m_bad_rows bad[B2M_URINE_ARGS], hint, want;
    const b2m_scale mg_dl = {1, 1};
    size_t i;

    for (i = 0; i < N; i++) {
        b2m[i] = 450;
        cr[i] = 100;
    }
    b2m[3] = 14.9;          /* 14.9 x 20 < 300: reads like mg/L */
    b2m[4] = 15;            /* exactly 20 times below: accepted */
    b2m[5] = 0;             /* zero reads the same in every unit */
    b2m[6] = NAN;
    b2m[700] = 0.2;
    b2m[1100] = 1;
    b2m[1101] = -1;         /* a bad value in the same block */
    out = urine_out(g, mmol, a, d, c, r, &hint);
    in->b2m = b2m_column_real(b2m, N);
    in->creatinine = b2m_column_real(cr, N);
    in->creatinine_unit = mg_dl;
    in->hint_below = 300;
    in->hint_factor = 20;
    for (i = 0; i < B2M_URINE_ARGS; i++)
        b2m_bad_rows_init(&bad[i]);
    b2m_bad_rows_init(&hint);
    b2m_bad_rows_init(&want);
    urine_hint_of = 0;
    CHECK(b2m_urine_ratio(N, in, &out, bad) == 1 && bad[0].rows[0] == 1101);
    b2m_scale_outliers(N, in->b2m, 300, HUGE_VAL, 20, &want);
    CHECK(hint.count == 3 && want.count == 3);
    /* the share's denominator: every positive value (not 0, NaN or -1) */
    CHECK(urine_hint_of == N - 3 && b2m_count_positive(N, in->b2m) == N - 3);
    for (i = 0; i < 3; i++)
        CHECK(hint.rows[i] == want.rows[i] && hint.problems[i] == want.problems[i]);
    CHECK(hint.rows[0] == 3 && hint.rows[1] == 700 && hint.rows[2] == 1100);
    /* a length-1 B2M is one value, recorded once as row 0 */
    for (i = 0; i < B2M_URINE_ARGS; i++)
        b2m_bad_rows_init(&bad[i]);
    b2m_bad_rows_init(&hint);
    urine_hint_of = 0;
    in->b2m = b2m_column_real(&b2m[3], 1);
    CHECK(b2m_urine_ratio(N, in, &out, bad) == 0);
    CHECK(hint.count == 1 && hint.rows[0] == 0 && urine_hint_of == 1);
    in->hint_below = 0;
}

static void test_urine(void)
{
    /* G.6 worked examples; creatinine in mg/dL except the last (mmol/L) */
    const double b2m[7] = {450, 450, 300, 120, 120, 450, 2000};
    const double cr[7] = {150, 100, 50, 30, 29.9, 15, 350};
    const double want_g[7] = {300, 450, 600, 400, 401.338, 3000, 571.429};
    const double want_mmol[7] = {33.936, 50.904, 67.872, 45.248, 45.399,
                                 339.36, 64.640};
    const int above[7] = {0, 1, 1, 1, B2M_NA_INT, B2M_NA_INT, B2M_NA_INT};
    const int dilute[7] = {0, 0, 0, 0, 1, 1, 0};
    const int concentrated[7] = {0, 0, 0, 0, 0, 0, 1};
    const double no_sg = NAN;
    double g[7], mmol[7];
    int a[7], d[7], c[7], r[7];
    b2m_urine_out out;
    b2m_urine_input in;
    b2m_bad_rows bad[B2M_URINE_ARGS];
    b2m_scale ug = {1000, 1}, mg_dl = {1, 1}, mmol_l = {1000, 11312}, g_l = {1, 100};
    size_t i;

    out = urine_out(g, mmol, a, d, c, r, NULL);
    in.b2m = b2m_column_real(b2m, 7);
    in.b2m_unit = ug;
    in.b2m_max = 2e6;
    in.creatinine = b2m_column_real(cr, 7);
    in.creatinine_unit = mg_dl;
    in.creatinine_max = 1000;
    in.specific_gravity = b2m_column_real(&no_sg, 1);
    in.specific_gravity_max = 1.2;
    in.hint_below = 0; /* no look for a coarser unit */
    in.hint_factor = 20;
    for (i = 0; i < B2M_URINE_ARGS; i++)
        b2m_bad_rows_init(&bad[i]);
    CHECK(b2m_urine_ratio(7, &in, &out, bad) == 0);
    for (i = 0; i < 7; i++) {
        CHECK(fabs(g[i] - want_g[i]) <= 1e-4 * want_g[i] + 1e-3);
        CHECK(fabs(mmol[i] - want_mmol[i]) <= 1e-4 * want_mmol[i]);
        CHECK(a[i] == above[i] && d[i] == dilute[i] && c[i] == concentrated[i]);
        CHECK(r[i] == (dilute[i] || concentrated[i]));
    }
    CHECK(g[0] == 300 && a[0] == 0); /* exactly 300 is not above it */
    /* 750 ug/L with 8.84 mmol/L (0.99998 g/L) */
    {
        const double x = 750, y = 8.84;
        in.b2m = b2m_column_real(&x, 1);
        in.creatinine = b2m_column_real(&y, 1);
        in.creatinine_unit = mmol_l;
        CHECK(b2m_urine_ratio(1, &in, &out, bad) == 0);
        CHECK(fabs(g[0] - 750.0) < 0.05 && fabs(mmol[0] - 84.84) < 0.005);
        CHECK(a[0] == 1);
    }
    /* G.4 boundaries in g/L: 0.3 and 3.0 acceptable, just outside recollect;
     * specific gravity 1.008 acceptable, just below dilute */
    {
        const double x = 450;
        const double y[6] = {nextafter(0.3, 0), 0.3, 3.0, nextafter(3.0, 4), 1, 1};
        const double sg[6] = {NAN, NAN, NAN, NAN, 1.008, nextafter(1.008, 1)};
        const int want_d[6] = {1, 0, 0, 0, 0, 1}, want_c[6] = {0, 0, 0, 1, 0, 0};
        in.b2m = b2m_column_real(&x, 1);
        in.creatinine = b2m_column_real(y, 6);
        in.creatinine_unit = g_l;
        in.specific_gravity = b2m_column_real(sg, 6);
        CHECK(b2m_urine_ratio(6, &in, &out, bad) == 0);
        for (i = 0; i < 6; i++)
            CHECK(d[i] == want_d[i] && c[i] == want_c[i]);
        CHECK(b2m_urine_rule_limits().dilute_below_g_per_l == 0.3);
    }
    /* missing: the ratio needs both, the sample flags only the creatinine */
    {
        const double x[2] = {NAN, 450}, y[2] = {100, NAN};
        in.b2m = b2m_column_real(x, 2);
        in.creatinine = b2m_column_real(y, 2);
        in.creatinine_unit = mg_dl;
        in.specific_gravity = b2m_column_real(&no_sg, 1);
        CHECK(b2m_urine_ratio(2, &in, &out, bad) == 0);
        CHECK(isnan(g[0]) && a[0] == B2M_NA_INT && d[0] == 0 && c[0] == 0);
        CHECK(isnan(g[1]) && d[1] == B2M_NA_INT && c[1] == B2M_NA_INT);
    }
    test_urine_unit_hint(&in);
}

static void test_kidney_more(void)
{
    test_ckdepi_race();
    test_ekfc();
    test_ckid();
    test_urine();
}
