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

/* The labels of a unit per row (see b2m_column): a laboratory extract's
 * unit column holds a few labels ("mg/L", "mg/dL"), and each row names one
 * of them, by a code (a factor's: label j's code is first_code + j) or by
 * a pointer (a character vector's element: equal labels are one pointer,
 * compared by its bits, never followed).  Label j is in unit unit[j] of the
 * column (0-based, see b2m_stage_units), or in none when that is negative
 * (a missing unit).  A label may be listed twice: its first entry counts. */
typedef struct {
    size_t n;
    const int *unit;            /* n */
    int first_code;             /* rows naming labels by code */
    const void *const *pointer; /* rows naming labels by pointer: each
                                   label's (n) */
    /* rows naming labels by pointer: incremented (when not NULL) for rows
     * whose pointer is none of the labels' (read as without a unit) */
    size_t *unmatched;
} b2m_unit_labels;

typedef struct {
    const double *real; /* exactly one of real and integer is non-NULL */
    const int *integer;
    size_t stride;      /* 1, or 0 for a length-1 argument */
    /* NULL, or a censored result per row (read with the same stride) where
     * the value is missing: its b2m_censor and its bound.  Only the staging
     * mechanism and b2m_classify() read them; elsewhere a censored row is a
     * missing one. */
    const int *censor;
    const double *bound;
    /* NULL, or a unit per row (read with the same stride): the row's value
     * and bound are in the staging plan's unit unit[i] of the column (see
     * b2m_stage_units), 0-based.  Only the staging mechanism reads it; it
     * compares each row in its own unit, with the thresholds converted into
     * that unit once per call, so the column is never converted.  With
     * `unit_labels`, unit[i] is the code of the row's label instead. */
    const int *unit;
    /* NULL, or a unit per row as the pointers of its labels (see
     * b2m_unit_labels): element i of this array of pointers is row i's */
    const void *unit_pointer;
    /* NULL (unit[i] is the row's unit), or the labels unit[i] or
     * unit_pointer's elements name */
    const b2m_unit_labels *unit_labels;
} b2m_column;

/* How a censored result relates to its bound (R's comparator codes). */
typedef enum {
    B2M_CENSOR_NONE = 0, /* an exact (or missing) result */
    B2M_CENSOR_LT = 1,   /* value < bound */
    B2M_CENSOR_LE = 2,   /* value <= bound */
    B2M_CENSOR_GT = 3,   /* value > bound */
    B2M_CENSOR_GE = 4    /* value >= bound */
} b2m_censor;

b2m_column b2m_column_real(const double *x, size_t length);
b2m_column b2m_column_integer(const int *x, size_t length);
/* `col` with the censored results `censor` and `bound` (its length). */
b2m_column b2m_column_censored(b2m_column col, const int *censor,
                               const double *bound);
/* `col` with a unit per row, `unit` (its length; see b2m_column). */
b2m_column b2m_column_with_units(b2m_column col, const int *unit);
/* `col` with a unit per row through `labels`: row i's label is code[i],
 * or the pointer at element i of the array of pointers `pointer` (one of
 * the two NULL). */
b2m_column b2m_column_with_unit_labels(b2m_column col, const int *code,
                                       const void *pointer,
                                       const b2m_unit_labels *labels);
/* The unit of row i of a column with a unit per row: 0-based among its
 * units, negative for none, B2M_UNIT_UNMATCHED for a pointer that is no
 * label's. */
#define B2M_UNIT_UNMATCHED (-2)
int b2m_column_unit_of_row(const b2m_column *col, size_t i);
/* The label whose pointer is `pointer` (its first entry), or -1. */
int b2m_unit_labels_find(const b2m_unit_labels *labels, const void *pointer);
/* The unit of the label whose pointer or code is given (-1: none, or no
 * label's code; B2M_UNIT_UNMATCHED: no label's pointer). */
int b2m_unit_labels_of_pointer(const b2m_unit_labels *labels, const void *pointer);
int b2m_unit_labels_of_code(const b2m_unit_labels *labels, int code);
/* The column from row `start` on, for processing in chunks. */
b2m_column b2m_column_from(b2m_column col, size_t start);

/* Value of row i as a double; NaN when missing. */
static inline double b2m_column_get(const b2m_column *col, size_t i)
{
    if (col->real != NULL)
        return col->real[i * col->stride];
    {
        /* exactly one of real and integer is set (b2m_column_real/_integer) */
        int v = col->integer[i * col->stride]; /* NOLINT(clang-analyzer-core.NullDereference) */
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
    B2M_VALUE_ZERO = 4,        /* zero where a positive value is needed */
    B2M_VALUE_TOO_LOW = 5,     /* positive, below the smallest plausible value */
    B2M_VALUE_INCONSISTENT = 6, /* plausible alone, not with the row's other
                                   values (the kernel says which) */
    B2M_VALUE_NO_UNIT = 7       /* a value whose row has none of the
                                   column's units (staging, see
                                   b2m_stage_units) */
} b2m_value_problem;

/* The name R reports for each problem ("negative", "infinite", ...): the
 * glue hands names, never codes, to R. */
const char *b2m_value_problem_name(b2m_value_problem problem);

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

/* The same for a quantity with a smallest plausible value `min_in_unit`
 * (> 0): zero and values below it are problems too. */
b2m_value_problem b2m_value_check_between(double value, double min_in_unit,
                                          double max_in_unit);

/* Records `problem` for row i of col (a recycled length-1 column once, as
 * row 0). */
void b2m_column_record(const b2m_column *col, size_t i,
                       b2m_value_problem problem, b2m_bad_rows *bad);

/* The slow path of the two checks below, out of line: value is not a
 * plausible number (missing, negative, infinite, too large, or zero where
 * `positive`).  Records a problem and returns NaN, or returns a missing
 * value as it is. */
double b2m_column_recheck(const b2m_column *col, size_t i, double value,
                          double max_in_unit, int positive, b2m_bad_rows *bad);
/* The slow path of b2m_column_checked_between(). */
double b2m_column_recheck_between(const b2m_column *col, size_t i, double value,
                                  double min_in_unit, double max_in_unit,
                                  b2m_bad_rows *bad);

/* Check row i of col and record a problem; a recycled length-1 column is
 * recorded once, as row 0.  Returns the value read, NaN for a bad one.
 * Inline: every kernel calls it once per row and value, and the usual value
 * takes one comparison chain (NaN fails every comparison). */
static inline double b2m_column_checked(const b2m_column *col, size_t i,
                                        double max_in_unit, b2m_bad_rows *bad)
{
    double value = b2m_column_get(col, i);
    if (value >= 0 && value <= max_in_unit && value < HUGE_VAL)
        return value;
    return b2m_column_recheck(col, i, value, max_in_unit, 0, bad);
}

/* The same for a column that must be positive (a divisor, a limit). */
static inline double b2m_column_checked_positive(const b2m_column *col, size_t i,
                                                 double max_in_unit,
                                                 b2m_bad_rows *bad)
{
    double value = b2m_column_get(col, i);
    if (value > 0 && value <= max_in_unit && value < HUGE_VAL)
        return value;
    return b2m_column_recheck(col, i, value, max_in_unit, 1, bad);
}

/* The same for a quantity with a smallest plausible value min_in_unit > 0
 * (creatinine, cystatin C, a body weight): a plausible value lies in
 * [min_in_unit, max_in_unit]. */
static inline double b2m_column_checked_between(const b2m_column *col, size_t i,
                                                double min_in_unit,
                                                double max_in_unit,
                                                b2m_bad_rows *bad)
{
    double value = b2m_column_get(col, i);
    if (value >= min_in_unit && value <= max_in_unit && value < HUGE_VAL)
        return value;
    return b2m_column_recheck_between(col, i, value, min_in_unit, max_in_unit,
                                      bad);
}

/* A test of the unit a value is in, not of the value: rows of a positive
 * finite value more than `factor` times below `below` (value * factor <
 * below: B2M_VALUE_TOO_LOW) or above `above` (value > above * factor:
 * B2M_VALUE_IMPLAUSIBLE); pass 0 or HUGE_VAL to test one side only.  Missing,
 * zero, negative and infinite values are left to the kernel's own checks.  A
 * recycled length-1 column is recorded once, as row 0.  Returns the number
 * of rows recorded. */
size_t b2m_scale_outliers(size_t n, b2m_column x, double below, double above,
                          double factor, b2m_bad_rows *bad);

/* The number of positive values of x (a recycled length-1 column counts
 * once): what b2m_scale_outliers()'s rows are a share of, for a test about
 * the bulk of a column rather than any one row. */
size_t b2m_count_positive(size_t n, b2m_column x);

/* ---- unit conversion (units.c) ------------------------------------------ */

/* out[i] = x[i] * multiply / divide; multiply and divide are exact integers
 * derived from the two units.  Negative, infinite or implausible values
 * (above max_in_unit, the largest plausible B2M of any specimen in the unit
 * of x) are recorded in bad and give NaN.  Returns the number of bad rows. */
size_t b2m_convert(size_t n, b2m_column x, double multiply, double divide,
                   double max_in_unit, double *out, b2m_bad_rows *bad);

/* The factors between every pair of a quantity's units (row-major, `from`
 * then `to`, each 1-based in the n_units known units), and each unit's
 * plausible range (min_in_unit 0: no smallest value). */
typedef struct {
    size_t n_units;
    const double *multiply, *divide;          /* n_units * n_units */
    const double *min_in_unit, *max_in_unit; /* n_units */
} b2m_unit_pairs;

/* b2m_convert() with a unit per row: row i is in unit from[i] and wanted in
 * to[i] (1-based codes; a missing code gives NaN), and checked against the
 * plausible range of its own unit. */
size_t b2m_convert_rows(size_t n, b2m_column x, const int *from, const int *to,
                        const b2m_unit_pairs *pairs, double *out,
                        b2m_bad_rows *bad);

/* ---- reference classification (reference.c) ----------------------------- */

/* out[i] = 1 (normal, x <= uln), 2 (elevated, x > uln) or B2M_NA_INT.
 * The upper limit is itself a column (a per-row laboratory limit) in the
 * unit of x; it must be positive.  A censored x (a missing value with a
 * comparator and a bound, see b2m_column) lies in an interval, its bound on
 * one side and 0 or max_in_unit on the other ("<0.5" is [0, 0.5), ">20"
 * (20, max_in_unit]): it is classified when every value of the interval
 * has the same class, NA otherwise.  Its bound is checked as a value, and
 * an interval without a plausible value ("<0", ">" max_in_unit) is
 * recorded as the value's problem. */
size_t b2m_classify(size_t n, b2m_column x, b2m_column uln, double max_in_unit,
                    int *out, b2m_bad_rows *bad_x, b2m_bad_rows *bad_uln);

/* out[i] = x[i] / uln[i]. */
size_t b2m_fold_uln(size_t n, b2m_column x, b2m_column uln, double max_in_unit,
                    double *out, b2m_bad_rows *bad_x, b2m_bad_rows *bad_uln);

/* ---- kidney function (kidney.c) ------------------------------------------- */

/* The CKD-EPI equations, in the order of the coefficient table. */
typedef enum {
    B2M_EGFR_CR = 0,    /* CKD-EPI 2021 creatinine (race-free) */
    B2M_EGFR_CYS = 1,   /* CKD-EPI 2012 cystatin C */
    B2M_EGFR_CRCYS = 2, /* CKD-EPI 2021 creatinine-cystatin C */
    /* Race-based, for reproducing historic analyses only (never a default). */
    B2M_EGFR_CR_2009 = 3,    /* CKD-EPI 2009 creatinine */
    B2M_EGFR_CRCYS_2012 = 4  /* CKD-EPI 2012 creatinine-cystatin C */
} b2m_egfr_equation;

/* The number of CKD-EPI equations in the coefficient table. */
#define B2M_EGFR_EQUATIONS 5

/* The CKD-EPI equations were developed in adults: younger patients get no
 * estimate (and R warns).  Shown by b2m_rules(). */
#define B2M_CKDEPI_MIN_AGE 18

/* Inputs of a CKD-EPI equation; a marker the equation does not use is
 * ignored (pass any column).  `female` is 1, 0 or B2M_NA_INT. */
typedef struct {
    b2m_column creatinine;
    b2m_scale creatinine_unit; /* creatinine's unit relative to mg/dL */
    double creatinine_min;     /* smallest plausible creatinine (> 0), its unit */
    double creatinine_max;     /* largest plausible creatinine, in its unit */
    b2m_column cystatin;       /* mg/L */
    double cystatin_min, cystatin_max;
    b2m_column age;            /* years */
    double age_max;
    b2m_column female;
    b2m_column black;          /* 1, 0 or B2M_NA_INT; read only by the
                                  race-based equations */
} b2m_egfr_input;

/* Offending rows per argument (errors) and the rows under 18 (a warning). */
typedef struct {
    b2m_bad_rows creatinine, cystatin, age; /* in this order for the glue */
    b2m_bad_rows young;
} b2m_egfr_bad;

void b2m_egfr_bad_init(b2m_egfr_bad *bad);
void b2m_egfr_bad_offset(b2m_egfr_bad *bad, size_t start);

/* out[i] = eGFR in mL/min/1.73 m^2.  Missing where an input is missing or
 * the age is under 18 (recorded in bad->young: adult equations).  Creatinine
 * and cystatin must lie within their plausible [min, max], age within
 * 0..age_max.  Returns the number
 * of rows with a bad value. */
size_t b2m_kidney_egfr(b2m_egfr_equation equation, size_t n,
                       const b2m_egfr_input *in, double *out, b2m_egfr_bad *bad);

/* The B2M equation: out[i] = eGFR from serum B2M given in `unit` (a scale
 * relative to mg/L); B2M must be positive. */
size_t b2m_kidney_egfr_b2m(size_t n, b2m_column b2m, b2m_scale unit,
                           double max_in_unit, double *out, b2m_bad_rows *bad);

/* Its inverse: out[i] = the serum B2M (in `unit`) the B2M equation expects
 * for eGFR egfr[i]; egfr must lie within [egfr_min, egfr_max], egfr_min > 0
 * (the inverse grows without bound as the GFR falls to 0). */
size_t b2m_kidney_b2m_expected(size_t n, b2m_column egfr, double egfr_min,
                               double egfr_max, b2m_scale unit, double *out,
                               b2m_bad_rows *bad);

/* out[i] = observed B2M / expected B2M for eGFR egfr[i] (egfr as above). */
size_t b2m_kidney_b2m_excess(size_t n, b2m_column b2m, b2m_scale unit,
                             double b2m_max, b2m_column egfr, double egfr_min,
                             double egfr_max, double *out,
                             b2m_bad_rows *bad_b2m, b2m_bad_rows *bad_egfr);

/* out[i] = KDIGO GFR category 1..6 = G1, G2, G3a, G3b, G4, G5, or
 * B2M_NA_INT. */
#define B2M_GFR_CATEGORIES 6
size_t b2m_kidney_gfr_category(size_t n, b2m_column egfr, double egfr_max,
                               int *out, b2m_bad_rows *bad);

/* One published coefficient, for display and tests from R.  `confidence` is
 * the reference file's label (clinical-rules-2.md: "P" primary, "S"
 * secondary, "U" unconfirmed), or NULL where the reference gives none. */
typedef struct {
    const char *key;      /* R's key of the equation, as b2m_rules() shows it */
    const char *equation; /* its display name */
    const char *coefficient;
    double value;
    const char *source;
    const char *confidence;
} b2m_constant;

/* Writes up to `max` coefficients of every kidney equation to rows and
 * returns how many there are. */
size_t b2m_kidney_constants(b2m_constant *rows, size_t max);

/* Writes one coefficient at rows[at] when at < max; returns at + 1 (so a
 * NULL, 0 call counts the rows).  Shared by the kidney tables' writers. */
size_t b2m_constant_put(b2m_constant *rows, size_t at, size_t max,
                        const char *key, const char *equation,
                        const char *coefficient, double value,
                        const char *source, const char *confidence);

/* ---- EKFC (kidney.c) --------------------------------------------------------
 * eGFR = 107.3 / (x / Q)^a x 0.990^(age - 40) above age 40, for creatinine
 * (Q by sex, a polynomial in age up to 25) or cystatin C (Q by age). */
typedef enum {
    B2M_EKFC_CR = 0,  /* Pottel 2021, creatinine */
    B2M_EKFC_CYS = 1  /* Pottel 2023, cystatin C */
} b2m_ekfc_marker;

typedef struct {
    b2m_column marker;       /* creatinine or cystatin C */
    b2m_scale marker_unit;   /* relative to mg/dL (creatinine) or mg/L */
    double marker_min;       /* smallest plausible, in its unit */
    double marker_max;       /* largest plausible, in its unit */
    b2m_column age;          /* years */
    double age_max;
    b2m_column female;       /* read only by the creatinine equation */
} b2m_ekfc_input;

/* Offending rows (errors, in this order for the glue), the rows outside the
 * computed age range (missing) and the rows computed beyond the validated
 * age (a warning). */
typedef struct {
    b2m_bad_rows marker, age;
    b2m_bad_rows out_of_range;
    b2m_bad_rows unvalidated;
} b2m_ekfc_bad;

void b2m_ekfc_bad_init(b2m_ekfc_bad *bad);
void b2m_ekfc_bad_offset(b2m_ekfc_bad *bad, size_t start);

/* out[i] = EKFC eGFR in mL/min/1.73 m^2; missing where an input is missing
 * or the age is outside b2m_ekfc_ages().  Returns the number of bad rows. */
size_t b2m_kidney_ekfc(b2m_ekfc_marker marker, size_t n, const b2m_ekfc_input *in,
                       double *out, b2m_ekfc_bad *bad);

/* The EKFC age range: computed from `min` to `max` years, warned above
 * `validated_max`. */
typedef struct {
    double min, validated_max, max;
} b2m_age_range;
b2m_age_range b2m_ekfc_ages(void);

/* ---- paediatric equations (paediatric.c) ------------------------------------ */

/* CKiD U25: the creatinine form K_cr x height (m) / Scr, the cystatin C form
 * K_cys / cystatin, or their average; K by sex and age. */
typedef enum {
    B2M_U25_CR = 0,
    B2M_U25_CYS = 1,
    B2M_U25_AVERAGE = 2
} b2m_u25_form;

typedef struct {
    b2m_column age;          /* years */
    double age_max;
    b2m_column female;       /* 1, 0 or B2M_NA_INT */
    b2m_column height;       /* read by the creatinine form */
    b2m_scale height_unit;   /* relative to m */
    double height_max;
    b2m_column creatinine;   /* read by the creatinine form */
    b2m_scale creatinine_unit; /* relative to mg/dL */
    double creatinine_min, creatinine_max;
    b2m_column cystatin;     /* mg/L; read by the cystatin C form */
    double cystatin_min, cystatin_max;
} b2m_u25_input;

/* Offending rows per argument, in this order for the glue, and the rows
 * whose age is outside the equations' 1 to 25 years (missing). */
enum { B2M_U25_ARGS = 4 };
typedef struct {
    b2m_bad_rows args[B2M_U25_ARGS]; /* age, height, creatinine, cystatin */
    b2m_bad_rows out_of_range;
} b2m_u25_bad;

void b2m_u25_bad_init(b2m_u25_bad *bad);
void b2m_u25_bad_offset(b2m_u25_bad *bad, size_t start);
size_t b2m_kidney_ckid_u25(b2m_u25_form form, size_t n, const b2m_u25_input *in,
                           double *out, b2m_u25_bad *bad);
b2m_age_range b2m_ckid_u25_ages(void);

/* Bedside Schwartz: 0.413 x height (cm) / Scr (mg/dL).  A height below
 * b2m_schwartz_min_height_cm() looks like metres: recorded in `metres`
 * (the caller raises the error), missing. */
typedef struct {
    b2m_column creatinine;
    b2m_scale creatinine_unit; /* relative to mg/dL */
    double creatinine_min, creatinine_max;
    b2m_column height;
    b2m_scale height_unit;     /* relative to m */
    double height_max;
} b2m_schwartz_input;

enum { B2M_SCHWARTZ_ARGS = 2 }; /* creatinine, height */
size_t b2m_kidney_schwartz(size_t n, const b2m_schwartz_input *in, double *out,
                           b2m_bad_rows bad[B2M_SCHWARTZ_ARGS],
                           b2m_bad_rows *metres);
double b2m_schwartz_min_height_cm(void);

/* The paediatric coefficients, appended to rows from `at` (see
 * b2m_constant_put); returns the new count. */
size_t b2m_paediatric_constants(b2m_constant *rows, size_t at, size_t max);

/* ---- urine B2M/creatinine ratio (urine.c) ---------------------------------- */

typedef struct {
    b2m_column b2m;            /* urine B2M */
    b2m_scale b2m_unit;        /* relative to mg/L */
    double b2m_max;
    b2m_column creatinine;     /* urine creatinine */
    b2m_scale creatinine_unit; /* relative to mg/dL (molecular weight 113.12) */
    double creatinine_max;
    b2m_column specific_gravity; /* may be all missing (not given) */
    double specific_gravity_max;
    /* Urine B2M that reads like a unit 1000 times coarser, looked for in the
     * same pass: rows of b2m_scale_outliers(b2m, hint_below, HUGE_VAL,
     * hint_factor) go to out->unit_hint.  hint_below 0: none looked for. */
    double hint_below, hint_factor;
} b2m_urine_input;

enum { B2M_URINE_ARGS = 3 }; /* b2m, creatinine, specific gravity */

/* Per row: the ratio in ug/g and ug/mmol creatinine; above the OSHA trigger
 * (> 300 ug/g; B2M_NA_INT where the ratio is missing or the sample must be
 * recollected); dilute (creatinine < 0.3 g/L or specific gravity < 1.008),
 * concentrated (creatinine > 3.0 g/L): 1, 0 or B2M_NA_INT. */
typedef struct {
    double *ug_per_g, *ug_per_mmol;
    int *above_trigger, *dilute, *concentrated;
    int *recollect; /* dilute or concentrated (R's `|` of the two) */
    b2m_bad_rows *unit_hint; /* see hint_below; unused when that is 0 */
    size_t *hint_of;         /* += b2m_count_positive(b2m) (with unit_hint) */
} b2m_urine_out;

size_t b2m_urine_ratio(size_t n, const b2m_urine_input *in,
                       const b2m_urine_out *out,
                       b2m_bad_rows bad[B2M_URINE_ARGS]);

/* The rule's numbers, for b2m_rules(). */
typedef struct {
    double trigger_ug_per_g;      /* OSHA: above it */
    double dilute_below_g_per_l;  /* creatinine */
    double concentrated_above_g_per_l;
    double dilute_below_sg;       /* specific gravity */
    double creatinine_g_per_mol; /* g/mol */
} b2m_urine_limits;
b2m_urine_limits b2m_urine_rule_limits(void);

/* ---- serum/urine pattern (pattern.c) -------------------------------------- */

/* Serum and its limit share a unit, urine and its limit share a unit; the
 * pH column may be all missing (no pH given). */
typedef struct {
    b2m_column serum, serum_uln, urine, urine_uln, urine_ph;
    double serum_max, urine_max, ph_max; /* largest plausible, in the unit */
} b2m_pattern_input;

/* Offending rows, in the order of the arguments, for the glue. */
enum { B2M_PATTERN_ARGS = 5 };

/* out[i] = 1 normal, 2 glomerular (serum high only), 3 tubular (urine high
 * only), 4 combined, or B2M_NA_INT; high means above the limit.  A urine
 * value not above its limit in urine of pH < 6.0 may be falsely low: the
 * row is missing and recorded in `acid`.  Returns the number of bad rows. */
size_t b2m_pattern_classify(size_t n, const b2m_pattern_input *in, int *out,
                            b2m_bad_rows bad[B2M_PATTERN_ARGS],
                            b2m_bad_rows *acid);

/* The urine pH below which B2M degrades (the acid-urine rule above). */
double b2m_pattern_acid_ph(void);

/* ---- dialysis (dialysis.c) -------------------------------------------------- */

typedef struct {
    b2m_column pre, post;                /* same unit */
    b2m_column weight_pre, weight_post;  /* kg; read only when corrected */
    double b2m_max, weight_min, weight_max; /* weight_min > 0 */
    /* the largest plausible |weight_pre - weight_post| / weight_post */
    double weight_change_max;
    int corrected;                       /* 1: correct post for haemoconcentration */
} b2m_reduction_input;

/* Offending rows, in the order pre, post, weight_pre, weight_post. */
enum { B2M_REDUCTION_ARGS = 4 };

/* Bergstrom J, Wehle B. Lancet 1987;1(8533):628-629: B2M is distributed in
 * the extracellular fluid, taken as this fraction of the post-dialysis body
 * weight.  Shown by b2m_rules(). */
#define B2M_DIALYSIS_ECF_FRACTION 0.2

/* out[i] = 100 * (1 - post / pre), the post value first corrected for
 * haemoconcentration (Bergstrom-Wehle) when in->corrected.  pre must be
 * positive, the weights within [weight_min, weight_max]; two plausible
 * weights that differ by more than weight_change_max x weight_post are
 * recorded against weight_pre as B2M_VALUE_INCONSISTENT.  A weight gain
 * beyond the correction's range (weight_pre <= 0.8 x weight_post, possible
 * only with weight_change_max >= 0.2) gives a missing value.  Returns the
 * number of bad rows. */
size_t b2m_dialysis_reduction_ratio(size_t n, const b2m_reduction_input *in,
                                    double *out,
                                    b2m_bad_rows bad[B2M_REDUCTION_ARGS]);
/* ---- per-patient trends (trend.c) --------------------------------------- */

/* Long-format measurements, one row per (patient, time), read through an
 * ordering of the rows.  `order` holds 1-based row numbers sorted by group,
 * then time -- the convention of R's order(), so the caller hands over the
 * ordering it computed without a 0-based copy.  `group` is a patient code
 * (equal codes = same patient) by row, `time` a number (days, seconds or
 * the user's unit) by ORDERED position (time[k] is the time of row
 * order[k]), and group_end[g - 1] the ordered position after group g's last
 * row, as b2m_trend_place() and b2m_trend_sort_groups() leave them: a
 * patient's rows and times are then read side by side, not from all over
 * the columns.  `value` is the B2M column, by row.  Group codes are positive
 * (they index the per-patient results); neither group nor time may be
 * missing: the caller checks both before ordering. */
typedef struct {
    size_t n;
    const int *order;
    const int *group;
    const double *time;
    const int *group_end;
    b2m_column value;
    /* A change from a reference r is significant when value > r * rcv_up or
     * value < r * rcv_down (strictly): the reference change value limits as
     * factors, 1 + limit.  NaN when no limits are given: every significance
     * is then missing. */
    double rcv_down, rcv_up;
} b2m_trend_data;

/* Loops over rows at scattered positions (the ordering of shuffled data,
 * a hash table) miss every cache at registry size.  Asking for the row
 * B2M_AHEAD iterations ahead while the current one is computed overlaps those
 * misses instead of waiting for each in turn.  B2M_PREFETCH is a macro to be
 * used in the loop itself: a function doing nothing but prefetch has no
 * effect the compiler must keep, and GCC at -O2 drops its calls. */
#define B2M_AHEAD ((size_t) 16)
#if defined(__GNUC__) || defined(__clang__)
#define B2M_PREFETCH(address, write) __builtin_prefetch((address), (write))
#else
#define B2M_PREFETCH(address, write) ((void) (address))
#endif

/* The ordering b2m_trend_data reads, as R's order(group, time) gives it
 * (ties keep row order), in O(n) plus a sort of each patient's few times:
 * a counting sort by group code, then a stable sort of each group's rows by
 * time.  Codes must be in 1..n_groups; times are finite.
 *
 * b2m_trend_group_starts() counts the groups into `start` (n_groups + 1
 * slots) and returns the size of the largest group, or B2M_TREND_BAD_CODE
 * when a code is outside 1..n_groups (nothing else is then valid).
 * b2m_trend_place() writes into `order` (n slots) the 1-based rows grouped by
 * code, each group in row order, their times into `sorted_time` (n slots),
 * and leaves start[g] = the ordered position where group g begins (g in
 * 1..n_groups; group g ends where g + 1 begins, the last at n).
 * b2m_trend_sort_groups() then sorts groups [first, last] (codes) by time,
 * rows and times together, using `scratch` and `scratch_time`, as many slots
 * as the largest group; a caller can sort a range of groups at a time.
 * b2m_trend_group_ends() writes each group's end (n_groups slots) from the
 * starts b2m_trend_place() left. */
#define B2M_TREND_BAD_CODE ((size_t) -1)
size_t b2m_trend_group_starts(size_t n, const int *group, size_t n_groups,
                              size_t *start);
void b2m_trend_place(size_t n, const int *group, const double *time,
                     size_t *start, int *order, double *sorted_time);
void b2m_trend_sort_groups(size_t n, size_t n_groups, const size_t *start,
                           size_t first, size_t last, int *order,
                           double *sorted_time, int *scratch,
                           double *scratch_time);
void b2m_trend_group_ends(size_t n, size_t n_groups, const size_t *start,
                          int *group_end);

/* The same ordering for data larger than the cache, exactly as
 * b2m_trend_group_starts() and b2m_trend_place() leave it (order,
 * sorted_time, start; the same largest group or B2M_TREND_BAD_CODE), with
 * the rows first moved into buckets of B2M_TREND_SPAN_CODES consecutive
 * codes (b2m_trend_code_spans(n_groups) buckets, each in row order) and
 * each bucket then counted and placed within its own cache-sized range.
 * Scratch: fill b2m_trend_code_spans(n_groups) slots, start
 * B2M_TREND_SPAN_CODES + 1, row, code and time n each. */
#define B2M_TREND_SPAN_CODES 4096
/* From this many rows (2^21: the value column and the three columns the
 * pass writes then take 64 MB, twice a large cache) the partitioned
 * ordering and pass are faster; below, where most of the columns stay in
 * the cache, the direct ones are. */
#define B2M_TREND_PARTITION_ROWS ((size_t) 1 << 21)
typedef struct {
    size_t *fill, *start;
    int *row, *code;
    double *time;
} b2m_trend_arrange_scratch;
size_t b2m_trend_code_spans(size_t n_groups);
size_t b2m_trend_arrange(size_t n, const int *group, size_t n_groups,
                         const double *time,
                         const b2m_trend_arrange_scratch *scratch,
                         size_t *start, int *order, double *sorted_time);

/* Moves by a permutation without a scattered write over more than a
 * cache-sized range: the records first go, as streams, into the buckets of
 * 65536 consecutive places (b2m_trend_spans(n) buckets), then bucket by
 * bucket to their places.  b2m_trend_scatter() writes
 * to[j][index[i] - 1] = from[j] row i for i < n, j < columns (index: 1-based
 * places, a permutation of 1..n), so with index = order it moves values
 * from ordered positions to rows, with index = position from rows to
 * ordered positions.  b2m_trend_positions() writes the inverse of `order`,
 * position[order[k] - 1] = k + 1, with `ordinal` n ints of scratch.
 * Scratch: fill b2m_trend_spans(n) slots, index n, payload n * columns. */
typedef struct {
    size_t *fill;
    int *index;
    double *payload;
} b2m_trend_scratch;
size_t b2m_trend_spans(size_t n);
void b2m_trend_scatter(size_t n, const int *index, size_t columns,
                       const b2m_column *from, double *const *to,
                       const b2m_trend_scratch *scratch);
void b2m_trend_positions(size_t n, const int *order, int *position,
                         int *ordinal, const b2m_trend_scratch *scratch);

/* Per-row results, written at each row's own position (0-based row =
 * order[k] - 1), so the result is in the input order. */
typedef struct {
    double *baseline;       /* earliest non-missing value of the patient */
    double *change;         /* value - baseline */
    double *pct_change;     /* 100 * change / baseline */
    double *nadir;          /* lowest non-missing value up to this time */
    double *pct_from_nadir; /* 100 * (value - nadir) / nadir */
    double *previous;       /* the patient's last non-missing value before */
    double *pct_from_previous; /* 100 * (value - previous) / previous */
    /* Logicals (0, 1 or B2M_NA_INT): the change from the baseline, from the
     * previous value and the rise above the nadir beyond the RCV limits. */
    int *significant_change, *significant_from_previous, *significant_from_nadir;
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
    /* last vs baseline beyond the RCV limits: -1 below, 0 within, 1 above;
     * B2M_NA_INT with fewer than two values or without limits */
    int *rcv_direction;
} b2m_trend_groups_out;

/* Values must be positive (a percent of a zero baseline and the log of zero
 * are undefined) and possible in the unit; bad rows, in row order, go to
 * `bad`.  Rows [0, n) of `value`.  Returns the number of bad rows. */
size_t b2m_trend_check(size_t n, b2m_column value, double max_in_unit,
                       b2m_bad_rows *bad);

/* Process whole patients from ordered position `start` until at least
 * `chunk` positions are done (or the data end), so a caller can interrupt
 * between chunks.  Of the per-row results it writes baseline, nadir and
 * previous; once every patient is passed, b2m_trend_rows_finish() computes
 * the others from them, for rows [start, start + len) in row order.  Two adjacent ordered rows with the same group and time are
 * recorded in `duplicates` (both rows; the problem code is unused).  Any of
 * rows, groups and duplicates may be NULL.  Returns the ordered position where the next chunk
 * starts (n when done). */
size_t b2m_trend_pass(const b2m_trend_data *data, size_t start, size_t chunk,
                      b2m_trend_rows_out *rows, b2m_trend_groups_out *groups,
                      b2m_bad_rows *duplicates);
void b2m_trend_rows_finish(const b2m_trend_data *data, size_t start, size_t len,
                           b2m_trend_rows_out *rows);
/* b2m_trend_pass() reading the values from `sorted`, the value column
 * gathered into ordered positions (sorted[k] = value of row order[k]; see
 * b2m_trend_scatter()), so that its reads are side by side; it then writes
 * baseline, nadir and previous at ordered positions too, for
 * b2m_trend_scatter() to move to the rows before b2m_trend_rows_finish().
 * Aggregates and duplicates are as b2m_trend_pass() gives them. */
size_t b2m_trend_pass_sorted(const b2m_trend_data *data, const double *sorted,
                             size_t start, size_t chunk,
                             b2m_trend_rows_out *rows,
                             b2m_trend_groups_out *groups,
                             b2m_bad_rows *duplicates);
/* ---- staging (staging.c: the mechanism; rules.c: the systems) ------------
 *
 * A staging system is data, not a function.  It reads `columns` (the R
 * arguments, in order).  Each criterion is met when ALL of its clauses hold,
 * a clause when ANY of its conditions holds (most criteria are one clause),
 * and then adds its points to the score.  The stage is the first group
 * whose [min_score, max_score] holds the score and whose required / excluded
 * criterion (if any) is met / not met.
 *
 * A condition compares a column with a threshold stated in the column's
 * canonical unit (converted once per call with b2m_scale_threshold, never
 * the data), or with another column of the same unit (`versus`, a per-row
 * laboratory limit).  Ages are compared in completed years (floor).
 *
 * Missing inputs: a stage is returned when it is the same for every possible
 * value of the missing inputs.  Every possible value is represented by the
 * values just below, at and just above each threshold of the column (whole
 * years for ages, FALSE/TRUE for flags, every level of an ordinal): the
 * truth of every condition is
 * constant between them, so the enumeration is exact.  A comparison with a
 * missing side of a `versus` condition is taken as both true and false.  A
 * score is missing whenever any column is.
 *
 * Censored inputs (a measurement's column with `censor`, see b2m_column):
 * a row whose value is missing and censored is known to lie in an interval,
 * its bound to one side and the column's plausible range to the other
 * ("<0.5" is [0, 0.5)).  The stage is the common stage of every value in
 * the interval, enumerated over the same regions between thresholds as a
 * missing value but only those the interval meets; a `versus` condition is
 * decided when the two sides' intervals do not overlap.  A bound is checked
 * as a value (recorded in bad[k]), and so is an interval with no plausible
 * value ("<0" is negative).  A score stays missing, as for a missing value. */

#define B2M_STAGE_MAX_COLUMNS 9
#define B2M_STAGE_MAX_CONDITIONS 16 /* over all criteria of a system */
#define B2M_STAGE_MAX_CRITERIA 8
#define B2M_STAGE_MAX_CLAUSES 8     /* over all criteria of a system */
#define B2M_STAGE_MAX_UNITS 8       /* units of one column in one call */

typedef enum {
    B2M_STAGE_VALUE = 0, /* a measurement: finite, >= 0, plausible in its unit */
    B2M_STAGE_LIMIT = 1, /* a laboratory limit: as VALUE and positive */
    B2M_STAGE_AGE = 2,   /* years; compared in completed years */
    B2M_STAGE_FLAG = 3,  /* TRUE/FALSE, read as 1/0 */
    B2M_STAGE_LEVEL = 4  /* an ordinal read from labels (`coding`) as
                            0, 1, ..., its largest level the column's
                            max_in_unit; thresholds are levels */
} b2m_stage_kind;

typedef enum {
    B2M_STAGE_LT = 0,
    B2M_STAGE_LE = 1,
    B2M_STAGE_GT = 2,
    B2M_STAGE_GE = 3,
    B2M_STAGE_TRUE = 4 /* a flag that is TRUE */
} b2m_stage_op;

typedef struct {
    const char *name;     /* the R argument */
    b2m_stage_kind kind;
    const char *unit;     /* canonical unit of its thresholds; NULL for a flag */
    const char *quantity; /* R's quantity of a number (its units and plausible
                             range); NULL for a flag */
    const char *unit_arg; /* the R argument giving its unit; NULL: read in
                             `unit` only */
    const char *coding;   /* NULL, or the labels R reads as this flag (a coded
                             column, e.g. "binet_rai") */
} b2m_stage_column;

typedef struct {
    int column;
    b2m_stage_op op;
    double threshold; /* canonical unit; unused for TRUE and versus */
    int versus;       /* -1, or the column compared with instead */
} b2m_stage_condition;

/* Conditions of which any one holding makes the clause hold. */
typedef struct {
    const b2m_stage_condition *any;
    size_t n_any;
} b2m_stage_clause;

typedef struct {
    const char *label;
    const b2m_stage_clause *all; /* every one must hold */
    size_t n_all;
    double points;
    /* What the criterion's rows of b2m_rules() must add: NULL, or a note
     * (a reading the source leaves open) and the confidence of the
     * clinical reference ("P", "S" or "U"). */
    const char *note;
    const char *confidence;
} b2m_stage_criterion;

typedef struct {
    const char *name;
    double min_score, max_score;
    int requires; /* -1, or a criterion that must be met */
    int excludes; /* -1, or a criterion that must not be met */
} b2m_stage_group;

/* A system's primary publication, in the fields a reference list and
 * BibTeX need (Vancouver-style authors; issue 0 when the journal has none). */
typedef struct {
    const char *key; /* BibTeX key */
    const char *authors, *title, *journal;
    int year, volume, issue;
    const char *pages, *doi;
} b2m_citation;

/* An outcome the defining paper publishes per stage: one figure per group,
 * in the groups' order, in `unit` ("months", "years" or "%"), read in the
 * primary paper ("P") or in secondary text ("S").  `cohort` and `era` are
 * NULL for the system's own derivation cohort. */
typedef struct {
    const char *metric;
    const char *unit;
    const char *confidence;
    const double *values;
    size_t n_values;
    const char *cohort, *era;
} b2m_stage_outcome;

typedef struct {
    const char *key;        /* "iss": R's name, stage_<key>() and score_<key>() */
    const char *name;       /* "ISS": the display name */
    const char *long_name;  /* how a methods section names it */
    const char *disease;    /* a level of R's b2m_diagnosis() */
    const char *prefix;     /* NULL, or the R function's prefix instead of
                               "stage" ("risk": risk_<key>()) */
    b2m_citation citation;
    int has_score;          /* 1: score_<key>() exists (the paper's points) */
    int points_encode_rule; /* 1: the paper gives a decision rule, no points */
    const b2m_stage_column *columns;
    size_t n_columns;
    const b2m_stage_criterion *criteria;
    size_t n_criteria;
    const b2m_stage_group *groups;
    size_t n_groups;
    /* the derivation cohort and its treatment era, the outcomes published
     * for its stages (none: NULL, 0) and what of them was left out */
    const char *cohort, *era;
    const b2m_stage_outcome *outcomes;
    size_t n_outcomes;
    const char *outcomes_note;
} b2m_stage_system;

/* The systems (rules.c). */
extern const b2m_stage_system *const b2m_stage_systems[];
extern const size_t b2m_stage_n_systems;

/* The system whose key is `key`, or NULL. */
const b2m_stage_system *b2m_stage_find(const char *key);

/* A system compiled for one call (private to staging.c, which defines it in
 * staging_plan.h): the thresholds in the units of the data and the stage of
 * every pattern of met criteria.  The caller provides
 * b2m_stage_plan_size(system) bytes, aligned as malloc() aligns, to compile
 * that system; the size grows with its clauses and columns. */
typedef struct b2m_stage_plan b2m_stage_plan;
size_t b2m_stage_plan_size(const b2m_stage_system *system);

/* Compiles `system` for columns in units scales[k] with largest plausible
 * values max_in_unit[k] (the scales ignored for flags and levels).  Returns
 * 0, or -1 when the system exceeds B2M_STAGE_MAX_COLUMNS, _CONDITIONS,
 * _CRITERIA or _CLAUSES, has an ordinal of more than 16 levels or more than
 * 127 groups. */
int b2m_stage_plan_make(const b2m_stage_system *system, const b2m_scale *scales,
                        const double *max_in_unit, b2m_stage_plan *plan);
/* The same for columns of which a value (of a measurement, not a limit) is
 * plausible only from min_in_unit[k] up (0: none; e.g. creatinine). */
int b2m_stage_plan_make_between(const b2m_stage_system *system,
                                const b2m_scale *scales,
                                const double *min_in_unit,
                                const double *max_in_unit, b2m_stage_plan *plan);

/* A unit per row.  A laboratory extract gives each result with its own
 * unit; staging it must cost neither a converted copy of the column nor a
 * different answer.  A column's b2m_stage_units lists the units it may be
 * in, each with its scale and plausible range, and its rows' codes or
 * labels (b2m_column's `unit`, `unit_pointer` and `unit_labels`) say which
 * one each row is in.  The plan holds every
 * threshold, region break and plausible range in each of those units,
 * converted once per call with b2m_scale_threshold() as for one unit, and
 * each row is compared in its own unit (or, in a block of rows in two
 * units, multiplied into the other when the plan has found that every
 * threshold and plausible limit of the column lands on the other unit's:
 * mg/dL into mg/L, never into a coarser unit): a row in unit u gets exactly the
 * stage, score, criteria, open inputs, condition states and deciding
 * conditions a call with the whole column in u gives it, at a threshold
 * and beside it, censored, missing or bad alike.  A row whose code is not
 * one of its column's units is read as missing, and recorded in bad[k] as
 * B2M_VALUE_NO_UNIT when it has a value or a censored bound (R then says
 * which unit is missing or unknown: it reads the labels of a unit column
 * only when C met one it was not given).  The two sides of a `versus` condition must share their units
 * and codes (a limit is in the unit of the results it goes with): they are
 * compared as they are.  A plan is refused (-1) when a column's thresholds
 * would cut its values into different regions in two of its units (two
 * thresholds that one unit's rounding makes equal): the stage of a missing
 * or censored value is enumerated once for every unit. */
typedef struct {
    size_t n;                 /* 1 .. B2M_STAGE_MAX_UNITS */
    const b2m_scale *scale;   /* n (ignored for flags and levels) */
    const double *min_in_unit; /* n, or NULL: no smallest plausible value */
    const double *max_in_unit; /* n */
} b2m_stage_units;

/* b2m_stage_plan_make_between() with units[k] the units of column k. */
int b2m_stage_plan_make_units(const b2m_stage_system *system,
                              const b2m_stage_units *units, b2m_stage_plan *plan);

/* Stages rows 0..n-1 of `columns` (one per system column, in order; flags as
 * integer columns).  Writes the group (1-based) or B2M_NA_INT to `stage` and
 * the score or NaN to `score`; either may be NULL.  Bad values are recorded
 * in bad[k] and treated as missing.  Returns the number of bad values.
 * The plan remembers the stage of each pattern of missing values it meets,
 * so one plan serves every chunk of a call. */
size_t b2m_stage_run(b2m_stage_plan *plan, size_t n,
                     const b2m_column *columns, int *stage, double *score,
                     b2m_bad_rows *bad);

/* b2m_stage_run() that also writes, unless `criteria` is NULL, whether row
 * i meets criterion c to criteria[c * stride + i]: 1, 0, or B2M_NA_INT when
 * that depends on the missing inputs (the same enumeration as the stage:
 * met for every possible value of them, for none, or for some). */
size_t b2m_stage_run_criteria(b2m_stage_plan *plan, size_t n,
                              const b2m_column *columns, int *stage,
                              double *score, int *criteria, size_t stride,
                              b2m_bad_rows *bad);

/* What b2m_stage_run_report() writes besides the stages and scores, one
 * value per row into each column asked for (a pointer not NULL):
 * - criteria[c]: whether the row meets criterion c, as
 *   b2m_stage_run_criteria() (with_criteria set: every criterion's column);
 * - open_inputs: for a row without a stage, bit k set when column k is
 *   missing and read by an undetermined criterion; 0 for a staged row;
 * - conditions[x], for x < n_conditions: the state of condition
 *   condition[x] (an index in criterion, clause and condition order, below
 *   the plan's count of conditions): B2M_NA_INT when a column it compares
 *   is missing or bad, or censored with an interval on both sides of the
 *   threshold, else 1 when it holds and -1 when it does not, or 2 and -2
 *   when moreover the value equals its threshold (in the data's unit;
 *   completed years for an age; a censored value never does).
 * - deciding: bit x set when condition x (in the order above) holds and
 *   the row meets its criterion: what gave the row its stage.
 * These are what the R functions say of a row besides its stage (notes,
 * missing inputs, the criteria a stage rests on), from the comparisons the
 * stage was made with. */
typedef struct {
    int with_criteria;
    int *criteria[B2M_STAGE_MAX_CRITERIA];
    int *open_inputs;
    int *deciding;
    size_t n_conditions;
    int condition[B2M_STAGE_MAX_CONDITIONS];
    int *conditions[B2M_STAGE_MAX_CONDITIONS];
} b2m_stage_report;

size_t b2m_stage_run_report(b2m_stage_plan *plan, size_t n,
                            const b2m_column *columns, int *stage,
                            double *score, const b2m_stage_report *report,
                            b2m_bad_rows *bad);

/* b2m_stage_plan_make() then b2m_stage_run(); a system beyond the limits
 * (none of rules.c) gives missing stages and scores. */
size_t b2m_stage_compute(const b2m_stage_system *system, size_t n,
                         const b2m_column *columns, const b2m_scale *scales,
                         const double *max_in_unit, int *stage, double *score,
                         b2m_bad_rows *bad);

/* ---- interpretation of a row (interpret.c) ------------------------------- */

/* The codes the interpretation reads: b2m_classify()'s status and
 * b2m_pattern_classify()'s pattern, B2M_NA_INT missing. */
enum { B2M_STATUS_NORMAL = 1, B2M_STATUS_ELEVATED = 2 };
enum { B2M_PATTERN_TUBULAR = 3, B2M_PATTERN_COMBINED = 4 };

/* The mechanism of a row, 1-based like the levels of R's factor (the order
 * b2m_mechanism_name() gives); B2M_NA_INT when serum B2M is missing. */
typedef enum {
    B2M_MECHANISM_NORMAL = 1,
    B2M_MECHANISM_REDUCED_CLEARANCE,
    B2M_MECHANISM_INCREASED_PRODUCTION,
    B2M_MECHANISM_BOTH,
    B2M_MECHANISM_TUBULAR,
    B2M_MECHANISM_INDETERMINATE,
    B2M_MECHANISM_COUNT = B2M_MECHANISM_INDETERMINATE
} b2m_mechanism;

/* The level name of a mechanism code (1..B2M_MECHANISM_COUNT), else NULL. */
const char *b2m_mechanism_name(int mechanism);

/* The interpretation's two cut-offs (R's interpret_thresholds): kidney
 * function is reduced when eGFR < reduced_egfr; production is beyond the
 * GFR when the excess > excess_beyond. */
typedef struct {
    double reduced_egfr;
    double excess_beyond;
} b2m_interpret_cuts;

/* The mechanism of one row from its status, eGFR, excess (NaN missing) and
 * pattern (first rule that applies: tubular pattern; missing; normal; the
 * elevated cases; indeterminate). */
int b2m_interpret_mechanism(int status, double egfr, double excess,
                            int pattern, b2m_interpret_cuts cuts);

/* The follow-up items of one row as bits (renal function, monoclonal-protein
 * screen, tubular work-up), 0 for none; B2M_NA_INT for a missing mechanism.
 * `screen` 0 leaves out the screen (a malignancy already known). */
enum {
    B2M_FOLLOW_UP_RENAL = 1,
    B2M_FOLLOW_UP_PRODUCTION = 2,
    B2M_FOLLOW_UP_TUBULAR = 4,
    B2M_FOLLOW_UP_COMBINATIONS = 8
};
int b2m_interpret_follow_up(int mechanism, double egfr, int pattern,
                            int screen, b2m_interpret_cuts cuts);

/* Writes the comment of one row (mechanism, fold of the upper limit and
 * eGFR, NaN missing) to buf, NUL-terminated and cut at size - 1 bytes;
 * `caveat` adds the sentence that B2M is non-specific to an abnormal
 * result.  Returns the comment's full length (as snprintf), or -1 for a
 * missing mechanism (nothing written). */
int b2m_interpret_comment(char *buf, size_t size, int mechanism, double fold,
                          double egfr, int caveat);

#endif
