/* values.c - columns, unit scales and the value checks shared by every
 * computation of the core. */
#include <stdint.h>
#include <string.h>
#include "b2m.h"

double b2m_na_real(void)
{
    const uint64_t bits = UINT64_C(0x7FF00000000007A2); /* R's NA_real_ */
    double value;
    memcpy(&value, &bits, sizeof value);
    return value;
}

b2m_column b2m_column_real(const double *x, size_t length)
{
    b2m_column col;
    col.real = x;
    col.integer = NULL;
    col.stride = length == 1 ? 0 : 1;
    col.censor = NULL;
    col.bound = NULL;
    col.unit = NULL;
    col.unit_pointer = NULL;
    col.unit_labels = NULL;
    return col;
}

b2m_column b2m_column_integer(const int *x, size_t length)
{
    b2m_column col;
    col.real = NULL;
    col.integer = x;
    col.stride = length == 1 ? 0 : 1;
    col.censor = NULL;
    col.bound = NULL;
    col.unit = NULL;
    col.unit_pointer = NULL;
    col.unit_labels = NULL;
    return col;
}

b2m_column b2m_column_censored(b2m_column col, const int *censor,
                               const double *bound)
{
    col.censor = censor;
    col.bound = bound;
    return col;
}

b2m_column b2m_column_with_units(b2m_column col, const int *unit)
{
    col.unit = unit;
    return col;
}

b2m_column b2m_column_with_unit_labels(b2m_column col, const int *code,
                                       const void *pointer,
                                       const b2m_unit_labels *labels)
{
    col.unit = code;
    col.unit_pointer = pointer;
    col.unit_labels = labels;
    return col;
}

int b2m_unit_labels_find(const b2m_unit_labels *labels, const void *pointer)
{
    size_t j;
    for (j = 0; j < labels->n; j++)
        if (labels->pointer[j] == pointer)
            return (int) j;
    return -1;
}

/* The unit of label j, or -1. */
static int unit_of_label(const b2m_unit_labels *labels, int j)
{
    return j >= 0 && (size_t) j < labels->n && labels->unit[j] >= 0 ? labels->unit[j]
                                                                    : -1;
}

int b2m_unit_labels_of_pointer(const b2m_unit_labels *labels, const void *pointer)
{
    const int j = b2m_unit_labels_find(labels, pointer);
    return j < 0 ? B2M_UNIT_UNMATCHED : unit_of_label(labels, j);
}

int b2m_unit_labels_of_code(const b2m_unit_labels *labels, int code)
{
    /* a missing code (INT_MIN) is below every label's */
    return code < labels->first_code ? -1
                                     : unit_of_label(labels, code - labels->first_code);
}

int b2m_column_unit_of_row(const b2m_column *col, size_t i)
{
    const size_t at = i * col->stride;
    if (col->unit_labels == NULL)
        return col->unit[at];
    if (col->unit_pointer != NULL) {
        const void *pointer;
        /* an element of an array of pointers, copied as its bytes */
        memcpy(&pointer, (const char *) col->unit_pointer + at * sizeof pointer,
               sizeof pointer);
        return b2m_unit_labels_of_pointer(col->unit_labels, pointer);
    }
    return b2m_unit_labels_of_code(col->unit_labels, col->unit[at]);
}

b2m_column b2m_column_from(b2m_column col, size_t start)
{
    if (col.unit != NULL)
        col.unit += start * col.stride;
    if (col.unit_pointer != NULL)
        col.unit_pointer = (const char *) col.unit_pointer +
                           start * col.stride * sizeof(const void *);
    if (col.real != NULL)
        col.real += start * col.stride;
    else
        col.integer += start * col.stride;
    if (col.censor != NULL) {
        col.censor += start * col.stride;
        col.bound += start * col.stride;
    }
    return col;
}

/* Multiplying before dividing keeps thresholds such as 5.5 mg/L = 0.55 mg/dL
 * equal to the double a user types for them (5.5 / 10 is correctly rounded). */
double b2m_scale_threshold(double canonical_value, b2m_scale unit)
{
    return canonical_value * unit.num / unit.den;
}

void b2m_bad_rows_init(b2m_bad_rows *bad)
{
    bad->offset = 0;
    bad->count = 0;
}

void b2m_bad_rows_add(b2m_bad_rows *bad, size_t row, b2m_value_problem problem)
{
    if (bad->count < B2M_MAX_REPORTED) {
        bad->rows[bad->count] = bad->offset + row;
        bad->problems[bad->count] = (int) problem;
    }
    bad->count++;
}

b2m_value_problem b2m_value_check(double value, double max_in_unit)
{
    if (isnan(value))
        return B2M_VALUE_OK;
    if (isinf(value))
        return B2M_VALUE_INFINITE;
    if (value < 0)
        return B2M_VALUE_NEGATIVE;
    if (value > max_in_unit)
        return B2M_VALUE_IMPLAUSIBLE;
    return B2M_VALUE_OK;
}

b2m_value_problem b2m_value_check_between(double value, double min_in_unit,
                                          double max_in_unit)
{
    b2m_value_problem problem = b2m_value_check(value, max_in_unit);
    if (problem != B2M_VALUE_OK || isnan(value) || value >= min_in_unit)
        return problem;
    return value == 0 ? B2M_VALUE_ZERO : B2M_VALUE_TOO_LOW;
}

const char *b2m_value_problem_name(b2m_value_problem problem)
{
    switch (problem) {
    case B2M_VALUE_NEGATIVE:
        return "negative";
    case B2M_VALUE_INFINITE:
        return "infinite";
    case B2M_VALUE_IMPLAUSIBLE:
        return "too_high";
    case B2M_VALUE_ZERO:
        return "zero";
    case B2M_VALUE_TOO_LOW:
        return "too_low";
    case B2M_VALUE_INCONSISTENT:
        return "inconsistent";
    case B2M_VALUE_NO_UNIT:
        return "no_unit";
    case B2M_VALUE_OK:
        break;
    }
    return "ok";
}

/* Records a bad value and returns NA, or returns a missing value as it is. */
void b2m_column_record(const b2m_column *col, size_t i,
                       b2m_value_problem problem, b2m_bad_rows *bad)
{
    /* A recycled length-1 argument is one value: report it once, as row 0. */
    if (col->stride != 0 || bad->offset + i == 0)
        b2m_bad_rows_add(bad, i, problem);
}

static double record(const b2m_column *col, size_t i, double value,
                     b2m_value_problem problem, b2m_bad_rows *bad)
{
    if (problem == B2M_VALUE_OK)
        return value;
    b2m_column_record(col, i, problem, bad);
    return b2m_na_real();
}

double b2m_column_recheck(const b2m_column *col, size_t i, double value,
                          double max_in_unit, int positive, b2m_bad_rows *bad)
{
    b2m_value_problem problem = b2m_value_check(value, max_in_unit);
    if (problem == B2M_VALUE_OK && positive && value == 0)
        problem = B2M_VALUE_ZERO;
    return record(col, i, value, problem, bad);
}

double b2m_column_recheck_between(const b2m_column *col, size_t i, double value,
                                  double min_in_unit, double max_in_unit,
                                  b2m_bad_rows *bad)
{
    return record(col, i, value,
                  b2m_value_check_between(value, min_in_unit, max_in_unit), bad);
}

size_t b2m_count_positive(size_t n, b2m_column x)
{
    size_t i, found = 0, rows = x.stride == 0 && n > 0 ? 1 : n;
    for (i = 0; i < rows; i++) {
        double value = b2m_column_get(&x, i);
        found += value > 0;
    }
    return found;
}

size_t b2m_scale_outliers(size_t n, b2m_column x, double below, double above,
                          double factor, b2m_bad_rows *bad)
{
    size_t i, found = 0, rows = x.stride == 0 && n > 0 ? 1 : n;
    for (i = 0; i < rows; i++) {
        double value = b2m_column_get(&x, i);
        b2m_value_problem problem;
        if (!(value > 0) || value == HUGE_VAL)
            continue;
        if (value * factor < below)
            problem = B2M_VALUE_TOO_LOW;
        else if (value > above * factor)
            problem = B2M_VALUE_IMPLAUSIBLE;
        else
            continue;
        /* a recycled value is one value, reported once as row 0 */
        if (x.stride != 0 || bad->offset == 0) {
            b2m_bad_rows_add(bad, i, problem);
            found++;
        }
    }
    return found;
}
