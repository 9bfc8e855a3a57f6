/* test_interpret.c - the mechanism, follow-up and comment of one row. */
#include <string.h>
#include "check.h"
#include "b2m.h"

static const b2m_interpret_cuts cuts = {60, 1.5};

static void test_mechanism(void)
{
    const int E = B2M_STATUS_ELEVATED, N = B2M_STATUS_NORMAL;
    /* the cut-offs: eGFR < 60, excess > 1.5 */
    CHECK(b2m_interpret_mechanism(E, 59.99, 1, 1, cuts) ==
          B2M_MECHANISM_REDUCED_CLEARANCE);
    CHECK(b2m_interpret_mechanism(E, 60, 1, 1, cuts) ==
          B2M_MECHANISM_INDETERMINATE);
    CHECK(b2m_interpret_mechanism(E, 40, 1.5, 1, cuts) ==
          B2M_MECHANISM_REDUCED_CLEARANCE);
    CHECK(b2m_interpret_mechanism(E, 40, 1.51, 1, cuts) == B2M_MECHANISM_BOTH);
    CHECK(b2m_interpret_mechanism(E, 80, 1.51, 1, cuts) ==
          B2M_MECHANISM_INCREASED_PRODUCTION);
    CHECK(b2m_interpret_mechanism(E, 80, 1.5, 1, cuts) ==
          B2M_MECHANISM_INDETERMINATE);
    /* unknown eGFR or excess, missing status, tubular first */
    CHECK(b2m_interpret_mechanism(E, NAN, 3, 1, cuts) ==
          B2M_MECHANISM_INDETERMINATE);
    CHECK(b2m_interpret_mechanism(E, 30, NAN, B2M_NA_INT, cuts) ==
          B2M_MECHANISM_INDETERMINATE);
    CHECK(b2m_interpret_mechanism(B2M_NA_INT, 30, 1, 1, cuts) == B2M_NA_INT);
    CHECK(b2m_interpret_mechanism(N, 30, 3, 1, cuts) == B2M_MECHANISM_NORMAL);
    CHECK(b2m_interpret_mechanism(B2M_NA_INT, NAN, NAN, B2M_PATTERN_TUBULAR,
                                  cuts) == B2M_MECHANISM_TUBULAR);
    CHECK(b2m_interpret_mechanism(E, 90, 3, B2M_PATTERN_COMBINED, cuts) ==
          B2M_MECHANISM_INCREASED_PRODUCTION);
    CHECK(strcmp(b2m_mechanism_name(B2M_MECHANISM_BOTH), "both") == 0);
    CHECK(b2m_mechanism_name(0) == NULL);
    CHECK(b2m_mechanism_name(B2M_MECHANISM_COUNT + 1) == NULL);
}

static void test_follow_up(void)
{
    CHECK(b2m_interpret_follow_up(B2M_MECHANISM_NORMAL, 20, B2M_PATTERN_TUBULAR, 1, cuts) == 0);
    CHECK(b2m_interpret_follow_up(B2M_NA_INT, 20, 1, 1, cuts) == B2M_NA_INT);
    CHECK(b2m_interpret_follow_up(B2M_MECHANISM_REDUCED_CLEARANCE, 40, 1, 1, cuts) == B2M_FOLLOW_UP_RENAL);
    CHECK(b2m_interpret_follow_up(B2M_MECHANISM_BOTH, 40, 1, 1, cuts) ==
          (B2M_FOLLOW_UP_RENAL | B2M_FOLLOW_UP_PRODUCTION));
    /* indeterminate: the screen only when the eGFR excludes the kidney */
    CHECK(b2m_interpret_follow_up(B2M_MECHANISM_INDETERMINATE, 60, 1, 1, cuts) ==
          B2M_FOLLOW_UP_PRODUCTION);
    CHECK(b2m_interpret_follow_up(B2M_MECHANISM_INDETERMINATE, NAN, 1, 1, cuts) ==
          B2M_FOLLOW_UP_RENAL);
    CHECK(b2m_interpret_follow_up(B2M_MECHANISM_TUBULAR, 90,
                                  B2M_PATTERN_TUBULAR, 1, cuts) ==
          B2M_FOLLOW_UP_TUBULAR);
    CHECK(b2m_interpret_follow_up(B2M_MECHANISM_INCREASED_PRODUCTION, 80,
                                  B2M_PATTERN_COMBINED, 1, cuts) ==
          (B2M_FOLLOW_UP_PRODUCTION | B2M_FOLLOW_UP_TUBULAR));
}

static void test_follow_up_known_malignancy(void)
{
    /* the screen is left out, the kidney and tubular items stay */
    CHECK(b2m_interpret_follow_up(B2M_MECHANISM_BOTH, 40, B2M_PATTERN_COMBINED,
                                  0, cuts) ==
          (B2M_FOLLOW_UP_RENAL | B2M_FOLLOW_UP_TUBULAR));
    CHECK(b2m_interpret_follow_up(B2M_MECHANISM_INCREASED_PRODUCTION, 80, 1, 0,
                                  cuts) == 0);
}

static void test_comment(void)
{
    char buf[512], small[16];
    const char *want =
        "Serum B2M is raised (2.0 x the upper reference limit), as the reduced "
        "kidney function (eGFR 40 mL/min/1.73 m^2) explains. B2M is "
        "non-specific: this is a signpost, not a diagnosis.";
    int len = b2m_interpret_comment(buf, sizeof buf,
                                    B2M_MECHANISM_REDUCED_CLEARANCE, 2, 40.4, 1);
    CHECK(strcmp(buf, want) == 0);
    CHECK(len == (int) strlen(want));
    /* cut to the buffer, full length returned */
    CHECK(b2m_interpret_comment(small, sizeof small,
                                B2M_MECHANISM_REDUCED_CLEARANCE, 2, 40.4, 1) ==
          len);
    CHECK(strlen(small) == sizeof small - 1);
    b2m_interpret_comment(buf, sizeof buf, B2M_MECHANISM_NORMAL, 0.8, 90, 1);
    CHECK(strcmp(buf, "Serum B2M is within the reference interval.") == 0);
    b2m_interpret_comment(buf, sizeof buf, B2M_MECHANISM_INDETERMINATE, NAN,
                          NAN, 0);
    CHECK(strcmp(buf, "Serum B2M is raised; kidney function is unknown, so "
                      "the cause cannot be told.") == 0);
    /* "%.0f" rounds half to even */
    b2m_interpret_comment(buf, sizeof buf, B2M_MECHANISM_BOTH, 3, 40.5, 0);
    CHECK(strstr(buf, "(eGFR 40 mL/min/1.73 m^2)") != NULL);
    CHECK(b2m_interpret_comment(buf, sizeof buf, B2M_NA_INT, 1, 1, 1) == -1);
}

void test_interpret(void)
{
    test_mechanism();
    test_follow_up();
    test_follow_up_known_malignancy();
    test_comment();
}
