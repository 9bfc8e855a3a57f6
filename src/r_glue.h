/* r_glue.h - helpers shared by the SEXP glue (r_*.c).  Only the glue includes
 * R headers; the core (b2m.h and its .c files) never does. */
#ifndef B2M_R_GLUE_H
#define B2M_R_GLUE_H

#define R_NO_REMAP
#include <R.h>
#include <Rinternals.h>
#include "b2m.h"

/* Rows handed to the core at a time; the user can interrupt between chunks. */
#define B2M_CHUNK ((size_t) 65536)

/* A numeric or logical vector as a core column (read-only, no copy). */
b2m_column r_column(SEXP x);
/* A double, integer or logical vector of n rows, to be filled by C. */
SEXP r_alloc_rows(SEXPTYPE type, R_xlen_t n);
/* A length-1 double argument. */
double r_scalar(SEXP x);

/* Prepare `n` bad-row records for the chunk starting at `start`. */
void r_bad_rows_offset(b2m_bad_rows *bad, size_t n, size_t start);
/* NULL when no argument had a bad value, else a list of class
 * "b2m_bad_values" (arg, row, problem, count) that R turns into the error. */
SEXP r_bad_values(const b2m_bad_rows *bad, size_t n_args);
/* The rows of a value that reads like another unit (b2m_scale_outliers()) as
 * r_bad_values() gives them, with the count of the column's positive values
 * (what they are a share of) as attribute "positive". */
SEXP r_unit_hint(const b2m_bad_rows *rows, size_t positive);

/* The common length of k arguments: R has checked that each is 1 or n
 * (check_sizes(), as in every domain); C only refuses other lengths. */
size_t r_common_length_of(const SEXP *xs, size_t k);

/* Run fn(ctx, start, len) over rows [0, n) in chunks of B2M_CHUNK with an
 * interrupt check between chunks; fn sets its bad-row offsets to start. */
typedef void (*r_chunk_fn)(void *ctx, size_t start, size_t len);
void r_run_chunked(size_t n, r_chunk_fn fn, void *ctx);
/* The same in chunks of `chunk` rows (B2M_CODED_CHUNK for coded columns). */
void r_run_chunks(size_t n, size_t chunk, r_chunk_fn fn, void *ctx);

/* What a kernel's .Call returns: the bad-values record when an argument had
 * a bad value, else `out`, with the rows in `flags` (may be NULL) attached
 * as attribute "b2m_flagged" = list(row, count) when there are any, for R
 * to turn into a classed warning.  `out` must be protected by the caller. */
SEXP r_result(SEXP out, const b2m_bad_rows *bad, size_t n_bad,
              const b2m_bad_rows *flags);

/* A list of n values (each protected by the caller) named `names`. */
SEXP r_named_list(const char *const *names, const SEXP *values, int n);
/* A double vector of n values named `names`. */
SEXP r_named_doubles(const char *const *names, const double *values, int n);

/* The core's named constants as a named list (max_reported, egfr_equation,
 * ckdepi_min_age, dialysis_ecf_fraction): R reads them here, never mirrors
 * them. */
SEXP r_constants(void);

/* Whether a logical vector is all NA (TRUE for length 0), without a copy. */
SEXP r_all_missing(SEXP x);
/* Whether an integer vector (a factor's codes) has a missing element, without
 * the logical vector of is.na() (which anyNA() of a factor builds). */
SEXP r_any_missing_code(SEXP x);

/* ---- measurements -----------------------------------------------------------
 * Every domain receives a measurement as R's numeric_input() builds it, a
 * named list: its `value` (the column, never a converted copy), the scale of
 * its unit (`num`, `den`: a value in the unit is the canonical value * num /
 * den) and its plausible range in that unit (`min_in_unit`, `max_in_unit`).
 * A unit alone (unit_spec()) is the same list without `value`; a censored
 * measurement has its `censor` and `bound` too.  The glue
 * reads them by name, never by position. */

struct r_unit_rows;

typedef struct {
    SEXP value;         /* the column as R holds it (for its length) */
    b2m_column column;
    b2m_scale unit;
    double min_in_unit; /* 0 when the quantity has no smallest value */
    double max_in_unit;
    /* NULL, or the unit of each row (r_measurement_read_rows()): `column`
     * is then in those units, and `unit` and the range are the unit a
     * kernel reads it in (r_measurement_rows()). */
    struct r_unit_rows *rows;
} r_measurement;

/* The element of list `x` named `name`, or R_NilValue. */
SEXP r_field(SEXP x, const char *name);
/* A length-1 double element of list `x`; an internal error naming `what`
 * (the routine or system reading it) otherwise. */
double r_number_field(SEXP x, const char *name, const char *what);
/* The unit of `input`: its scale and plausible range (min_in_unit 0 when
 * the list has none). */
void r_unit_read(SEXP input, const char *what, b2m_scale *unit,
                 double *min_in_unit, double *max_in_unit);
/* The column of `x`, the `value` of `input`, with the censored results of
 * its `censor` (integer b2m_censor codes) and `bound` (double) when it has
 * them (numeric_input(censored = TRUE)). */
b2m_column r_censored_column(SEXP input, SEXP x, const char *what);
/* A measurement: its numeric `value` column (censored when the input is)
 * with its unit.  An input with a unit per row is an internal error here:
 * only a routine that reads its rows through r_measurement_rows() takes one
 * (r_measurement_read_rows()). */
r_measurement r_measurement_read(SEXP input, const char *what);
/* r_measurement_read() of an input that may have a unit per row
 * (numeric_input(rows_in_c = TRUE): its `unit_rows`, the coded units and
 * the tables of their pairs, as convert_coded_rows() gives them). */
r_measurement r_measurement_read_rows(SEXP input, const char *what);
/* Rows [start, start + len) of m's column as a kernel reads them (len at
 * most B2M_CHUNK): the column itself, or, with a unit per row, each row
 * checked in its own unit and converted into m->unit, in a buffer of m's
 * (so the column is never copied whole).  A row outside its own unit's
 * range is recorded in `bad` (its offset set to `start` by the caller) and
 * read as missing, so that the kernel does not record it again. */
b2m_column r_measurement_rows(const r_measurement *m, size_t start, size_t len,
                              b2m_bad_rows *bad);

/* The pair tables of a quantity's units (convert_coded_rows() in R): the
 * factors of each (from, to) pair, row-major, and each unit's plausible
 * range. */
void r_unit_pairs_read(SEXP multiply, SEXP divide, SEXP min_in_unit,
                       SEXP max_in_unit, b2m_unit_pairs *pairs);

/* ---- coded columns --------------------------------------------------------
 * A character or factor argument (sex, a clinical stage) is read through a
 * table of its distinct labels: R folds the few labels, C maps every row to
 * its label's integer, a chunk at a time into a small buffer, so neither a
 * per-row copy nor a converted column is ever allocated. */

/* Rows converted at a time (a 32 kB buffer). */
#define B2M_CODED_CHUNK ((size_t) 8192)

/* The distinct strings of a character vector (NA included), in order of
 * first appearance: one pass hashing the cached CHARSXP pointers. */
SEXP r_distinct_strings(SEXP x);

typedef struct {
    SEXP x;            /* character, factor codes, or an all-NA logical */
    const int *values; /* per label (character) or level (factor) */
    size_t n_values;
    SEXP const *keys;  /* hash of label pointers -> index; NULL unless strings */
    const int *slots;
    size_t mask;
} r_coded;

/* `spec` is list(x, labels, values) built by coded_input() in R. */
void r_coded_init(r_coded *coded, SEXP spec);
/* The integers of rows [start, start + len) into out (B2M_NA_INT missing). */
void r_coded_fill(const r_coded *coded, size_t start, size_t len, int *out);

/* A unit per row of a measurement (r_measurement_read_rows()). */
struct r_unit_rows {
    r_coded units;         /* each row's unit, 1-based among the quantity's */
    b2m_unit_pairs pairs;  /* the quantity's unit pairs and ranges */
    int from[B2M_CHUNK];   /* the codes of the rows read */
    int to[B2M_CHUNK];     /* the code of the kernel's unit, every row */
    double converted[B2M_CHUNK]; /* their values in that unit */
};

#endif
