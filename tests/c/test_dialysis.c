/* test_dialysis.c - reduction ratio and the Bergstrom-Wehle correction. */
#include "check.h"
#include "b2m.h"

void test_dialysis(void)
{
    const double pre[4] = {30, 35, 40, 25}, post[4] = {12, 10, 8, 15};
    const double w_pre[4] = {72, 80, 90, 60}, w_post[4] = {70, 77.5, 86, 60};
    double out[4];
    b2m_bad_rows bad[B2M_REDUCTION_ARGS];
    b2m_reduction_input in;
    size_t k;

    in.pre = b2m_column_real(pre, 4);
    in.post = b2m_column_real(post, 4);
    in.weight_pre = b2m_column_real(w_pre, 4);
    in.weight_post = b2m_column_real(w_post, 4);
    in.b2m_max = 200;
    in.weight_min = 0.5;
    in.weight_max = 500;
    in.weight_change_max = 0.15;
    in.corrected = 0;
    for (k = 0; k < B2M_REDUCTION_ARGS; k++)
        b2m_bad_rows_init(&bad[k]);
    CHECK(b2m_dialysis_reduction_ratio(4, &in, out, bad) == 0);
    CHECK_NEAR(out[0], 60, 1e-14);
    in.corrected = 1;
    CHECK(b2m_dialysis_reduction_ratio(4, &in, out, bad) == 0);
    CHECK_NEAR(out[0], 65, 1e-14);
    CHECK_NEAR(out[1], 100 * (1 - 8.6111111111111111 / 35), 1e-12);
    CHECK_NEAR(out[3], 40, 1e-14);

    /* pre = 0 is a bad divisor; weights further apart than 15 % of the
     * post weight are recorded against weight_pre, never a ratio from near
     * the correction's pole (-559,999,901 % for 56.000001 and 70 kg). */
    {
        const double zero = 0, light[3] = {85, nextafter(85, 0), 56.000001};
        const double heavy = 100, far_post = 70;
        in.pre = b2m_column_real(&zero, 1);
        CHECK(b2m_dialysis_reduction_ratio(1, &in, out, bad) == 1);
        CHECK(bad[0].problems[0] == B2M_VALUE_ZERO);
        in.pre = b2m_column_real(pre, 4);
        in.weight_pre = b2m_column_real(light, 3);
        in.weight_post = b2m_column_real(&heavy, 1);
        for (k = 0; k < B2M_REDUCTION_ARGS; k++)
            b2m_bad_rows_init(&bad[k]);
        CHECK(b2m_dialysis_reduction_ratio(2, &in, out, bad) == 1);
        CHECK(!isnan(out[0]) && isnan(out[1]));
        CHECK(bad[2].count == 1 && bad[2].rows[0] == 1);
        CHECK(bad[2].problems[0] == B2M_VALUE_INCONSISTENT);
        CHECK(bad[3].count == 0);
        in.weight_pre = b2m_column_real(&light[2], 1);
        in.weight_post = b2m_column_real(&far_post, 1);
        for (k = 0; k < B2M_REDUCTION_ARGS; k++)
            b2m_bad_rows_init(&bad[k]);
        CHECK(b2m_dialysis_reduction_ratio(3, &in, out, bad) == 1);
        CHECK(isnan(out[0]) && isnan(out[2]));
        CHECK(bad[2].count == 1 && bad[2].rows[0] == 0); /* recycled: once */
    }

    /* Weights below the smallest plausible one are too low, not zero. */
    {
        const double tiny = 0.4, zero = 0;
        in.weight_pre = b2m_column_real(&tiny, 1);
        in.weight_post = b2m_column_real(&zero, 1);
        for (k = 0; k < B2M_REDUCTION_ARGS; k++)
            b2m_bad_rows_init(&bad[k]);
        CHECK(b2m_dialysis_reduction_ratio(1, &in, out, bad) == 2);
        CHECK(bad[2].problems[0] == B2M_VALUE_TOO_LOW);
        CHECK(bad[3].problems[0] == B2M_VALUE_ZERO);
    }
}
