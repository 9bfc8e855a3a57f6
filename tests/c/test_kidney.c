/* test_kidney.c - CKD-EPI, the B2M equation, GFR categories. */
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
    return in;
}

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
        CHECK(n > 30 && n <= 64);
        CHECK(b2m_kidney_constants(rows, 64) == n);
        CHECK(rows[0].value == 142);
    }
}
