/* test_pattern.c - serum/urine pattern and the acid-urine rule. */
#include "check.h"
#include "b2m.h"

void test_pattern(void)
{
    const double serum[6] = {1.8, 6.0, 1.8, 8.0, 6.0, 6.0};
    const double urine[6] = {150, 150, 4000, 9000, 150, 2400};
    const double ph[6] = {NAN, 6.0, NAN, NAN, 5.5, 5.5};
    const double s_uln = 2.7, u_uln = 300;
    const int want[6] = {1, 2, 3, 4, B2M_NA_INT, 4};
    int out[6];
    b2m_bad_rows bad[B2M_PATTERN_ARGS], acid;
    b2m_pattern_input in;
    size_t i;

    in.serum = b2m_column_real(serum, 6);
    in.serum_uln = b2m_column_real(&s_uln, 1);
    in.urine = b2m_column_real(urine, 6);
    in.urine_uln = b2m_column_real(&u_uln, 1);
    in.urine_ph = b2m_column_real(ph, 6);
    in.serum_max = 200;
    in.urine_max = 2000000;
    in.ph_max = 14;
    for (i = 0; i < B2M_PATTERN_ARGS; i++)
        b2m_bad_rows_init(&bad[i]);
    b2m_bad_rows_init(&acid);
    CHECK(b2m_pattern_classify(6, &in, out, bad, &acid) == 0);
    for (i = 0; i < 6; i++)
        CHECK(out[i] == want[i]);
    CHECK(acid.count == 1 && acid.rows[0] == 4);

    /* a bad pH is an error of its own argument */
    {
        const double bad_ph = 15;
        in.urine_ph = b2m_column_real(&bad_ph, 1);
        for (i = 0; i < B2M_PATTERN_ARGS; i++)
            b2m_bad_rows_init(&bad[i]);
        CHECK(b2m_pattern_classify(2, &in, out, bad, &acid) == 1);
        CHECK(bad[4].count == 1 && bad[4].problems[0] == B2M_VALUE_IMPLAUSIBLE);
    }
    CHECK(b2m_pattern_acid_ph() == 6.0); /* Mayo B2MU: rejected below pH 6 */
}
