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
    in.weight_max = 500;
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

    /* pre = 0 is a bad divisor; weight gain beyond 25 % is undefined. */
    {
        const double zero = 0, light = 80, heavy = 100;
        in.pre = b2m_column_real(&zero, 1);
        CHECK(b2m_dialysis_reduction_ratio(1, &in, out, bad) == 1);
        CHECK(bad[0].problems[0] == B2M_VALUE_ZERO);
        in.pre = b2m_column_real(pre, 4);
        in.weight_pre = b2m_column_real(&light, 1);
        in.weight_post = b2m_column_real(&heavy, 1);
        for (k = 0; k < B2M_REDUCTION_ARGS; k++)
            b2m_bad_rows_init(&bad[k]);
        CHECK(b2m_dialysis_reduction_ratio(1, &in, out, bad) == 0);
        CHECK(isnan(out[0]));
    }
}
