/* test_units.c - columns, value checks, conversion and classification. */
#include <string.h>
#include "check.h"
#include "b2m.h"

void test_values(void)
{
    const double x[3] = {1.0, NAN, 2.0};
    const int flags[2] = {1, B2M_NA_INT};
    b2m_column col = b2m_column_real(x, 3), one = b2m_column_real(x, 1);
    b2m_column lgl = b2m_column_integer(flags, 2), tail = b2m_column_from(col, 2);
    b2m_bad_rows bad;
    b2m_scale mg_dl = {1, 10}, nmol = {1e6, 11800};
    size_t i;

    CHECK(b2m_column_get(&col, 2) == 2.0);
    CHECK(isnan(b2m_column_get(&col, 1)));
    CHECK(b2m_column_get(&one, 2) == 1.0); /* stride 0 recycles row 0 */
    CHECK(b2m_column_get(&lgl, 0) == 1.0);
    CHECK(isnan(b2m_column_get(&lgl, 1)));
    CHECK(b2m_column_get(&tail, 0) == 2.0);

    CHECK(b2m_value_check(NAN, 10) == B2M_VALUE_OK);
    CHECK(b2m_value_check(0, 10) == B2M_VALUE_OK);
    CHECK(b2m_value_check(10, 10) == B2M_VALUE_OK);
    CHECK(b2m_value_check(nextafter(10, 11), 10) == B2M_VALUE_IMPLAUSIBLE);
    CHECK(b2m_value_check(-0.1, 10) == B2M_VALUE_NEGATIVE);
    CHECK(b2m_value_check(INFINITY, 10) == B2M_VALUE_INFINITE);
    CHECK(b2m_value_check(-INFINITY, 10) == B2M_VALUE_INFINITE);
    CHECK(b2m_value_check_between(NAN, 0.05, 10) == B2M_VALUE_OK);
    CHECK(b2m_value_check_between(0.05, 0.05, 10) == B2M_VALUE_OK);
    CHECK(b2m_value_check_between(nextafter(0.05, 0), 0.05, 10) == B2M_VALUE_TOO_LOW);
    CHECK(b2m_value_check_between(5e-324, 0.05, 10) == B2M_VALUE_TOO_LOW);
    CHECK(b2m_value_check_between(0, 0.05, 10) == B2M_VALUE_ZERO);
    CHECK(b2m_value_check_between(-1, 0.05, 10) == B2M_VALUE_NEGATIVE);
    CHECK(b2m_value_check_between(11, 0.05, 10) == B2M_VALUE_IMPLAUSIBLE);
    CHECK(b2m_value_check_between(-INFINITY, 0.05, 10) == B2M_VALUE_INFINITE);
    CHECK(strcmp(b2m_value_problem_name(B2M_VALUE_TOO_LOW), "too_low") == 0);
    CHECK(strcmp(b2m_value_problem_name(B2M_VALUE_IMPLAUSIBLE), "too_high") == 0);
    CHECK(strcmp(b2m_value_problem_name(B2M_VALUE_INCONSISTENT), "inconsistent") == 0);

    /* The typed double for a threshold in another unit. */
    CHECK(b2m_scale_threshold(5.5, mg_dl) == 0.55);
    CHECK_NEAR(b2m_scale_threshold(5.5, nmol), 466.10169491525426, 1e-15);

    /* Only the first rows are kept, all are counted, with the offset. */
    b2m_bad_rows_init(&bad);
    bad.offset = 100;
    for (i = 0; i < B2M_MAX_REPORTED + 3; i++)
        b2m_bad_rows_add(&bad, i, B2M_VALUE_NEGATIVE);
    CHECK(bad.count == B2M_MAX_REPORTED + 3);
    CHECK(bad.rows[0] == 100 && bad.rows[B2M_MAX_REPORTED - 1] == 100 + B2M_MAX_REPORTED - 1);

    /* A bad recycled value is reported once, as row 0. */
    {
        const double negative = -1;
        b2m_column rec = b2m_column_real(&negative, 1);
        b2m_bad_rows_init(&bad);
        for (i = 0; i < 4; i++)
            CHECK(isnan(b2m_column_checked(&rec, i, 10, &bad)));
        CHECK(bad.count == 1 && bad.rows[0] == 0);
    }
    {
        const double zero = 0;
        b2m_column z = b2m_column_real(&zero, 1);
        b2m_bad_rows_init(&bad);
        CHECK(isnan(b2m_column_checked_positive(&z, 0, 10, &bad)));
        CHECK(bad.count == 1 && bad.problems[0] == B2M_VALUE_ZERO);
    }

    /* b2m_scale_outliers: more than 20 times away, either side; exactly 20
     * times is not; missing, zero, negative and infinite are left alone */
    {
        const double lim[8] = {54, 54.000001, 0.135, 0.13499, NAN, 0, -1, INFINITY};
        const double urine[3] = {15, 14.99, 1e6};
        b2m_column c8 = b2m_column_real(lim, 8), c3 = b2m_column_real(urine, 3);
        b2m_column single = b2m_column_real(lim + 1, 1);
        b2m_bad_rows_init(&bad);
        CHECK(b2m_scale_outliers(8, c8, 2.7, 2.7, 20, &bad) == 2);
        CHECK(bad.count == 2 && bad.rows[0] == 1 && bad.rows[1] == 3);
        CHECK(bad.problems[0] == B2M_VALUE_IMPLAUSIBLE);
        CHECK(bad.problems[1] == B2M_VALUE_TOO_LOW);
        b2m_bad_rows_init(&bad);
        CHECK(b2m_scale_outliers(3, c3, 300, HUGE_VAL, 20, &bad) == 1);
        CHECK(bad.rows[0] == 1 && bad.problems[0] == B2M_VALUE_TOO_LOW);
        b2m_bad_rows_init(&bad);
        CHECK(b2m_scale_outliers(5, single, 2.7, 2.7, 20, &bad) == 1);
        CHECK(bad.count == 1 && bad.rows[0] == 0);
        bad.offset = 5; /* a later chunk of a recycled value: not again */
        CHECK(b2m_scale_outliers(5, single, 2.7, 2.7, 20, &bad) == 0);
        CHECK(bad.count == 1);
        /* what those rows are a share of: the positive values, NaN, zero
         * and negative not; a recycled value once */
        CHECK(b2m_count_positive(8, c8) == 5);
        CHECK(b2m_count_positive(5, single) == 1);
        CHECK(b2m_count_positive(0, single) == 0);
    }
}

void test_units(void)
{
    const double x[4] = {2.5, NAN, 0, -1};
    double out[4], back[4];
    b2m_bad_rows bad;
    size_t i;

    b2m_bad_rows_init(&bad);
    CHECK(b2m_convert(3, b2m_column_real(x, 4), 1e6, 11800, 2000, out, &bad) == 0);
    CHECK_NEAR(out[0], 211.86440677966101, 1e-15);
    CHECK(isnan(out[1]));
    CHECK(out[2] == 0);
    CHECK(b2m_convert(3, b2m_column_real(out, 4), 11800, 1e6, 2000 * 1e6 / 11800, back,
                      &bad) == 0);
    for (i = 0; i < 3; i++)
        CHECK_NEAR(back[i], x[i], 1e-12);

    b2m_bad_rows_init(&bad);
    CHECK(b2m_convert(4, b2m_column_real(x, 4), 1000, 1, 2000, out, &bad) == 1);
    CHECK(out[0] == 2500);
    CHECK(bad.rows[0] == 3 && bad.problems[0] == B2M_VALUE_NEGATIVE);
    CHECK(isnan(out[3]));

    /* Above the largest plausible value of any specimen: recorded. */
    {
        const double big[3] = {2000, nextafter(2000, 3000), 1e9};
        b2m_bad_rows_init(&bad);
        CHECK(b2m_convert(3, b2m_column_real(big, 3), 1000, 1, 2000, out, &bad) == 2);
        CHECK(out[0] == 2e6 && isnan(out[1]) && isnan(out[2]));
        CHECK(bad.rows[0] == 1 && bad.problems[0] == B2M_VALUE_IMPLAUSIBLE);
    }

    /* A unit per row: units 1 mg/L and 2 ug/L, each row its own pair. */
    {
        const double values[4] = {2.5, 2500, 2500, 3000};
        const int from[4] = {1, 2, 2, 1}, to[4] = {2, 1, B2M_NA_INT, 1};
        const double multiply[4] = {1, 1000, 1, 1}, divide[4] = {1, 1, 1000, 1};
        const double smallest[2] = {0, 0}, largest[2] = {2000, 2e6};
        b2m_unit_pairs pairs;
        pairs.n_units = 2;
        pairs.multiply = multiply;
        pairs.divide = divide;
        pairs.min_in_unit = smallest;
        pairs.max_in_unit = largest;
        b2m_bad_rows_init(&bad);
        CHECK(b2m_convert_rows(4, b2m_column_real(values, 4), from, to, &pairs, out,
                               &bad) == 1);
        CHECK(out[0] == 2500 && out[1] == 2.5 && isnan(out[2]) && isnan(out[3]));
        /* 3000 is implausible in mg/L, its own row's unit, not in ug/L */
        CHECK(bad.rows[0] == 3 && bad.problems[0] == B2M_VALUE_IMPLAUSIBLE);
        /* below the smallest plausible value of its own unit */
        {
            const double low[2] = {0.5, 0.5}, floor_[2] = {1, 0.1};
            const int unit_1[2] = {1, 2};
            pairs.min_in_unit = floor_;
            b2m_bad_rows_init(&bad);
            CHECK(b2m_convert_rows(2, b2m_column_real(low, 2), unit_1, unit_1,
                                   &pairs, out, &bad) == 1);
            CHECK(isnan(out[0]) && out[1] == 0.5);
            CHECK(bad.rows[0] == 0 && bad.problems[0] == B2M_VALUE_TOO_LOW);
        }
        /* a value given once, plausible in ug/L and not in mg/L: each row
         * in mg/L is bad, not only the first row */
        {
            const double once = 3000;
            const int unit_rows[4] = {2, 1, 1, 2}, to_mg[4] = {1, 1, 1, 1};
            pairs.min_in_unit = smallest;
            b2m_bad_rows_init(&bad);
            CHECK(b2m_convert_rows(4, b2m_column_real(&once, 1), unit_rows, to_mg,
                                   &pairs, out, &bad) == 2);
            CHECK(out[0] == 3 && isnan(out[1]) && isnan(out[2]) && out[3] == 3);
            CHECK(bad.rows[0] == 1 && bad.rows[1] == 2);
            CHECK(bad.problems[0] == B2M_VALUE_IMPLAUSIBLE &&
                  bad.problems[1] == B2M_VALUE_IMPLAUSIBLE);
        }
    }
}

void test_reference(void)
{
    const double x[5] = {2.7, nextafter(2.7, 3), NAN, 1.0, 300};
    const double uln = 2.7;
    int cls[5];
    double fold[5];
    b2m_bad_rows bad_x, bad_uln;

    b2m_bad_rows_init(&bad_x);
    b2m_bad_rows_init(&bad_uln);
    CHECK(b2m_classify(4, b2m_column_real(x, 5), b2m_column_real(&uln, 1), 200,
                       cls, &bad_x, &bad_uln) == 0);
    CHECK(cls[0] == 1); /* at the limit: normal */
    CHECK(cls[1] == 2); /* just above: elevated */
    CHECK(cls[2] == B2M_NA_INT);
    CHECK(cls[3] == 1);

    CHECK(b2m_classify(5, b2m_column_real(x, 5), b2m_column_real(&uln, 1), 200,
                       cls, &bad_x, &bad_uln) == 1);
    CHECK(bad_x.rows[0] == 4 && bad_x.problems[0] == B2M_VALUE_IMPLAUSIBLE);
    CHECK(cls[4] == B2M_NA_INT);

    {
        /* censored results against 2.7: ">b" is (b, 200], ">=b" [b, 200],
         * "<b" [0, b), "<=b" [0, b]; a bound is checked as a value */
        enum { N = 12 };
        const double missing[N] = {NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN,
                                   NAN, NAN, NAN, NAN};
        const int censor[N] = {B2M_CENSOR_GT, B2M_CENSOR_GT, B2M_CENSOR_GE,
                               B2M_CENSOR_GE, B2M_CENSOR_LT, B2M_CENSOR_LT,
                               B2M_CENSOR_LE, B2M_CENSOR_LE, B2M_CENSOR_NONE,
                               B2M_CENSOR_LT, B2M_CENSOR_GT, B2M_CENSOR_GE};
        const double bound[N] = {2.7, 2.69, 2.7, 2.71, 2.7, 2.71, 2.7, 2.71,
                                 NAN, 0, 200, -1};
        const double top = 200;
        int got[N];
        b2m_column cx = b2m_column_censored(b2m_column_real(missing, N), censor,
                                            bound);
        b2m_bad_rows_init(&bad_x);
        b2m_bad_rows_init(&bad_uln);
        CHECK(b2m_classify(N, cx, b2m_column_real(&uln, 1), 200, got, &bad_x,
                           &bad_uln) == 3);
        CHECK(got[0] == 2 && got[1] == B2M_NA_INT);  /* >2.7, >2.69 */
        CHECK(got[2] == B2M_NA_INT && got[3] == 2);  /* >=2.7, >=2.71 */
        CHECK(got[4] == 1 && got[5] == B2M_NA_INT);  /* <2.7, <2.71 */
        CHECK(got[6] == 1 && got[7] == B2M_NA_INT);  /* <=2.7, <=2.71 */
        CHECK(got[8] == B2M_NA_INT);                 /* missing */
        CHECK(bad_x.rows[0] == 9 && bad_x.problems[0] == B2M_VALUE_NEGATIVE);
        CHECK(bad_x.rows[1] == 10 && bad_x.problems[1] == B2M_VALUE_IMPLAUSIBLE);
        CHECK(bad_x.rows[2] == 11 && bad_x.problems[2] == B2M_VALUE_NEGATIVE);
        /* the limit at the largest plausible value: (2.7, 200] is normal */
        b2m_bad_rows_init(&bad_x);
        CHECK(b2m_classify(1, cx, b2m_column_real(&top, 1), 200, got, &bad_x,
                           &bad_uln) == 0);
        CHECK(got[0] == 1);
    }

    b2m_bad_rows_init(&bad_x);
    b2m_bad_rows_init(&bad_uln);
    CHECK(b2m_fold_uln(4, b2m_column_real(x, 5), b2m_column_real(&uln, 1), 200,
                       fold, &bad_x, &bad_uln) == 0);
    CHECK(fold[0] == 1.0);
    CHECK(isnan(fold[2]));
    CHECK_NEAR(fold[3], 1 / 2.7, 1e-15);
    {
        const double zero = 0;
        CHECK(b2m_fold_uln(1, b2m_column_real(x, 5), b2m_column_real(&zero, 1), 200,
                           fold, &bad_x, &bad_uln) == 1);
        CHECK(bad_uln.problems[0] == B2M_VALUE_ZERO);
    }
}
