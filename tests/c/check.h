/* check.h - a minimal test harness for the core's own tests. */
#ifndef B2M_CHECK_H
#define B2M_CHECK_H

#include <math.h>
#include <stdio.h>

extern int check_passed, check_failed;

#define CHECK(cond)                                                            \
    do {                                                                       \
        if (cond) {                                                            \
            check_passed++;                                                    \
        } else {                                                               \
            check_failed++;                                                    \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__,   \
                    #cond);                                                    \
        }                                                                      \
    } while (0)

/* Equal to a relative tolerance (both NaN counts as equal). */
#define CHECK_NEAR(got, want, rel)                                             \
    do {                                                                       \
        double g_ = (got), w_ = (want);                                        \
        int ok_ = (isnan(g_) && isnan(w_)) ||                                  \
                  fabs(g_ - w_) <= (rel) * fabs(w_);                           \
        if (ok_) {                                                             \
            check_passed++;                                                    \
        } else {                                                               \
            check_failed++;                                                    \
            fprintf(stderr, "%s:%d: %s = %.17g, expected %.17g\n", __FILE__,   \
                    __LINE__, #got, g_, w_);                                   \
        }                                                                      \
    } while (0)

/* One function per core file, called by main.c. */
void test_values(void);
void test_units(void);
void test_reference(void);
void test_kidney(void);
void test_pattern(void);
void test_dialysis(void);
void test_trend(void);
void test_trend_partition(void);
void test_staging(void);
void test_staging_units(void);
void test_interpret(void);

#endif
