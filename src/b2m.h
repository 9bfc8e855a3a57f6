/*
 * b2m.h - the public header of the b2m C core.
 *
 * The core is plain C99 with no R header: functions over arrays that can be
 * compiled, tested, fuzzed and run under sanitizers without R.  The R glue
 * (r_*.c, init.c) converts R objects to the types below and back.
 *
 * Conventions
 *   - Missing doubles are NaN (R's NA_real_ is a NaN); a missing result is
 *     written as b2m_na_real(); missing integers and logicals are B2M_NA_INT.
 *   - Every input vector is a b2m_column: either real or integer data, read
 *     with a stride of 1, or 0 for a length-1 argument recycled to n.
 *   - Value checks (negative, infinite, impossible for the unit) happen in the
 *     pass that computes the answer; offending rows are recorded in a
 *     b2m_bad_rows, one per checked argument, never printed.
 *   - A unit is a b2m_scale: value_in_unit = value_in_canonical_unit * num / den
 *     with num and den exact integers, so a threshold stated in the canonical
 *     unit is converted with one correctly rounded multiplication and division.
 */
#ifndef B2M_H
#define B2M_H

#include <limits.h>
#include <math.h>
#include <stddef.h>

/* Missing integer or logical: the same bit pattern R uses for NA_integer_. */
#define B2M_NA_INT INT_MIN

/* The missing double the core writes: a NaN with the payload R prints as NA
 * (a plain NaN would print as NaN). */
double b2m_na_real(void);

/* How many offending rows are remembered per argument for the message. */
#define B2M_MAX_REPORTED 5

/* ---- columns ----------------------------------------------------------- */

typedef struct {
    const double *real; /* exactly one of real and integer is non-NULL */
    const int *integer;
    size_t stride;      /* 1, or 0 for a length-1 argument */
} b2m_column;

b2m_column b2m_column_real(const double *x, size_t length);
b2m_column b2m_column_integer(const int *x, size_t length);
/* The column from row `start` on, for processing in chunks. */
b2m_column b2m_column_from(b2m_column col, size_t start);

/* Value of row i as a double; NaN when missing. */
static inline double b2m_column_get(const b2m_column *col, size_t i)
{
    if (col->real != NULL)
        return col->real[i * col->stride];
    {
        int v = col->integer[i * col->stride];
        return v == B2M_NA_INT ? b2m_na_real() : (double) v;
    }
}

/* ---- units -------------------------------------------------------------- */

typedef struct {
    double num; /* value_in_unit = canonical * num / den; both exact integers */
    double den;
} b2m_scale;

/* A value stated in the canonical unit (a threshold), expressed in `unit`. */
double b2m_scale_threshold(double canonical_value, b2m_scale unit);

/* ---- value checks ------------------------------------------------------- */

typedef enum {
    B2M_VALUE_OK = 0,      /* also used for a missing value */
    B2M_VALUE_NEGATIVE = 1,
    B2M_VALUE_INFINITE = 2,
    B2M_VALUE_IMPLAUSIBLE = 3, /* above the largest value possible in the unit */
    B2M_VALUE_ZERO = 4         /* zero where a positive value is needed */
} b2m_value_problem;

typedef struct {
    size_t offset;                    /* added to recorded rows (chunked calls) */
    size_t count;                     /* rows with a problem */
    size_t rows[B2M_MAX_REPORTED];    /* the first such rows, 0-based */
    int problems[B2M_MAX_REPORTED];   /* their b2m_value_problem */
} b2m_bad_rows;

void b2m_bad_rows_init(b2m_bad_rows *bad);
void b2m_bad_rows_add(b2m_bad_rows *bad, size_t row, b2m_value_problem problem);

/* Classify one value: NaN is fine (missing); negative, infinite or above
 * `max_in_unit` is a problem. */
b2m_value_problem b2m_value_check(double value, double max_in_unit);

/* Check row i of col and record a problem; a recycled length-1 column is
 * recorded once, as row 0.  Returns the value read, NaN for a bad one. */
double b2m_column_checked(const b2m_column *col, size_t i, double max_in_unit,
                          b2m_bad_rows *bad);

/* The same for a column that must be positive (a divisor, a limit). */
double b2m_column_checked_positive(const b2m_column *col, size_t i,
                                   double max_in_unit, b2m_bad_rows *bad);

/* ---- unit conversion (units.c) ------------------------------------------ */

/* out[i] = x[i] * multiply / divide; multiply and divide are exact integers
 * derived from the two units.  Negative or infinite values are recorded in
 * bad and give NaN.  Returns the number of bad rows. */
size_t b2m_convert(size_t n, b2m_column x, double multiply, double divide,
                   double *out, b2m_bad_rows *bad);

/* ---- reference classification (reference.c) ----------------------------- */

/* out[i] = 1 (normal, x <= uln), 2 (elevated, x > uln) or B2M_NA_INT.
 * The upper limit is itself a column (a per-row laboratory limit) in the
 * unit of x; it must be positive. */
size_t b2m_classify(size_t n, b2m_column x, b2m_column uln, double max_in_unit,
                    int *out, b2m_bad_rows *bad_x, b2m_bad_rows *bad_uln);

/* out[i] = x[i] / uln[i]. */
size_t b2m_fold_uln(size_t n, b2m_column x, b2m_column uln, double max_in_unit,
                    double *out, b2m_bad_rows *bad_x, b2m_bad_rows *bad_uln);

/* ---- per-patient trends (trend.c) --------------------------------------- */

/* Long-format measurements, one row per (patient, time), read through an
 * ordering of the rows.  `order` holds 1-based row numbers sorted by group,
 * then time -- the convention of R's order(), so the caller hands over the
 * ordering it computed without a 0-based copy.  `group` is a patient code
 * (equal codes = same patient), `time` a number (days, seconds or
 * the user's unit), `value` the B2M column.  Group codes are positive (they
 * index the per-patient results); neither group nor time may be missing: the
 * caller checks both before ordering. */
typedef struct {
    size_t n;
    const int *order;
    const int *group;
    const double *time;
    b2m_column value;
} b2m_trend_data;

/* Per-row results, written at each row's own position (0-based row =
 * order[k] - 1), so the result is in the input order. */
typedef struct {
    double *baseline;       /* earliest non-missing value of the patient */
    double *change;         /* value - baseline */
    double *pct_change;     /* 100 * change / baseline */
    double *nadir;          /* lowest non-missing value up to this time */
    double *pct_from_nadir; /* 100 * (value - nadir) / nadir */
} b2m_trend_rows_out;

/* Per-patient results, written at index group - 1: the caller sizes them to
 * the largest group code.  A code with no rows keeps first_row = -1. */
typedef struct {
    int *first_row;    /* 0-based row of the patient's earliest time */
    int *n;            /* non-missing values */
    double *first_time, *last_time; /* of the first and last non-missing value */
    double *baseline, *last, *nadir;
    double *pct_change;     /* last vs baseline, percent */
    double *pct_from_nadir; /* last vs nadir, percent */
    double *slope;          /* least-squares slope of log(value) on time */
} b2m_trend_groups_out;

/* Values must be positive (a percent of a zero baseline and the log of zero
 * are undefined) and possible in the unit; bad rows, in row order, go to
 * `bad`.  Rows [0, n) of `value`.  Returns the number of bad rows. */
size_t b2m_trend_check(size_t n, b2m_column value, double max_in_unit,
                       b2m_bad_rows *bad);

/* Process whole patients from ordered position `start` until at least
 * `chunk` positions are done (or the data end), so a caller can interrupt
 * between chunks.  Two adjacent ordered rows with the same group and time are
 * recorded in `duplicates` (both rows; the problem code is unused).  Any of
 * rows, groups and duplicates may be NULL.  Returns the ordered position where the next chunk
 * starts (n when done). */
size_t b2m_trend_pass(const b2m_trend_data *data, size_t start, size_t chunk,
                      b2m_trend_rows_out *rows, b2m_trend_groups_out *groups,
                      b2m_bad_rows *duplicates);

#endif
