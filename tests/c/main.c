/* main.c - runs the core's own tests; closes with "N passed, M failed". */
#include "check.h"

int check_passed = 0, check_failed = 0;

int main(void)
{
    test_values();
    test_units();
    test_reference();
    test_kidney();
    test_pattern();
    test_dialysis();
    test_trend();
    test_trend_partition();
    test_staging();
    test_staging_units();
    test_interpret();
    printf("C core: %d passed, %d failed\n", check_passed, check_failed);
    return check_failed != 0;
}
