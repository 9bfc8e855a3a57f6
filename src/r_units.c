/* r_units.c - glue for units.c. */
#include "r_glue.h"

typedef struct {
    b2m_column x;
    double mul, div, max;
    double *out;
    b2m_bad_rows bad;
} convert_call;

static void convert_chunk(void *ctx, size_t start, size_t len)
{
    convert_call *c = (convert_call *) ctx;
    r_bad_rows_offset(&c->bad, 1, start);
    b2m_convert(len, b2m_column_from(c->x, start), c->mul, c->div, c->max,
                c->out + start, &c->bad);
}

SEXP r_b2m_convert(SEXP x, SEXP multiply, SEXP divide, SEXP max_in_unit)
{
    size_t n = (size_t) XLENGTH(x);
    convert_call c;
    SEXP out, result;

    c.x = r_column(x);
    c.mul = r_scalar(multiply);
    c.div = r_scalar(divide);
    c.max = r_scalar(max_in_unit);
    out = PROTECT(Rf_allocVector(REALSXP, (R_xlen_t) n));
    c.out = REAL(out);
    b2m_bad_rows_init(&c.bad);
    r_run_chunked(n, convert_chunk, &c);
    result = r_result(out, &c.bad, 1, NULL);
    UNPROTECT(1);
    return result;
}

/* ---- a value in another unit --------------------------------------------- */

SEXP r_unit_hint(const b2m_bad_rows *rows, size_t positive)
{
    SEXP out = PROTECT(r_bad_values(rows, 1));
    SEXP symbol = Rf_install("positive"); /* symbols are never collected */
    Rf_setAttrib(out, symbol, PROTECT(Rf_ScalarReal((double) positive)));
    UNPROTECT(2);
    return out;
}

typedef struct {
    b2m_column x;
    double below, above, factor;
    size_t positive; /* the count of positive values seen */
    b2m_bad_rows bad;
} outliers_call;

static void outliers_chunk(void *ctx, size_t start, size_t len)
{
    outliers_call *c = (outliers_call *) ctx;
    b2m_column x = b2m_column_from(c->x, start);
    r_bad_rows_offset(&c->bad, 1, start);
    b2m_scale_outliers(len, x, c->below, c->above, c->factor, &c->bad);
    c->positive += b2m_count_positive(len, x);
}

/* The rows of x whose unit cannot be the one stated (b2m_scale_outliers()):
 * NULL, or the bad-values record (r_unit_hint(): the count of positive
 * values as attribute "positive"). */
SEXP r_scale_outliers(SEXP x, SEXP below, SEXP above, SEXP factor)
{
    outliers_call c;
    c.x = r_column(x);
    c.below = r_scalar(below);
    c.above = r_scalar(above);
    c.factor = r_scalar(factor);
    c.positive = 0;
    b2m_bad_rows_init(&c.bad);
    r_run_chunked((size_t) XLENGTH(x), outliers_chunk, &c);
    return c.bad.count > 0 ? r_unit_hint(&c.bad, c.positive) : R_NilValue;
}

/* ---- a unit per row ---------------------------------------------------------
 * `from` and `to` are coded columns (the units read through their distinct
 * labels), converted a piece at a time into small buffers. */

typedef struct {
    b2m_column x;
    r_coded from, to;
    b2m_unit_pairs pairs;
    int from_codes[B2M_CODED_CHUNK], to_codes[B2M_CODED_CHUNK];
    double *out;
    b2m_bad_rows bad;
} convert_rows_call;

static void convert_rows_chunk(void *ctx, size_t start, size_t len)
{
    convert_rows_call *c = (convert_rows_call *) ctx;
    r_bad_rows_offset(&c->bad, 1, start);
    r_coded_fill(&c->from, start, len, c->from_codes);
    r_coded_fill(&c->to, start, len, c->to_codes);
    b2m_convert_rows(len, b2m_column_from(c->x, start), c->from_codes,
                     c->to_codes, &c->pairs, c->out + start, &c->bad);
}

/* The conversion's columns, pairs and bad rows; returns the rows' count. */
static size_t convert_rows_init(convert_rows_call *c, SEXP x, SEXP from, SEXP to,
                                SEXP multiply, SEXP divide, SEXP min_in_unit,
                                SEXP max_in_unit)
{
    /* R has checked that each is 1 or the common length */
    SEXP lengths[3];
    r_unit_pairs_read(multiply, divide, min_in_unit, max_in_unit, &c->pairs);
    c->x = r_column(x);
    r_coded_init(&c->from, from);
    r_coded_init(&c->to, to);
    b2m_bad_rows_init(&c->bad);
    lengths[0] = x;
    lengths[1] = c->from.x;
    lengths[2] = c->to.x;
    return r_common_length_of(lengths, 3);
}

SEXP r_b2m_convert_rows(SEXP x, SEXP from, SEXP to, SEXP multiply, SEXP divide,
                        SEXP min_in_unit, SEXP max_in_unit)
{
    size_t n;
    convert_rows_call *c;
    SEXP out, result;

    /* the buffers are too large for the stack */
    c = (convert_rows_call *) R_alloc(1, sizeof(convert_rows_call));
    n = convert_rows_init(c, x, from, to, multiply, divide, min_in_unit,
                          max_in_unit);
    out = PROTECT(Rf_allocVector(REALSXP, (R_xlen_t) n));
    c->out = REAL(out);
    r_run_chunks(n, B2M_CODED_CHUNK, convert_rows_chunk, c);
    result = r_result(out, &c->bad, 1, NULL);
    UNPROTECT(1);
    return result;
}

/* ---- a limit with a unit per row ------------------------------------------
 * r_b2m_convert_rows() and r_scale_outliers() of what it converts in one
 * pass, a chunk of rows at a time through a buffer: the checks of a limit
 * that the staging mechanism reads in its rows' own units, with no
 * converted copy of the column. */

typedef struct {
    convert_rows_call rows; /* its `out` unused: converted into `converted` */
    double converted[B2M_CODED_CHUNK];
    double below, above, factor;
    size_t positive;
    b2m_bad_rows outliers;
} limit_rows_call;

static void limit_rows_chunk(void *ctx, size_t start, size_t len)
{
    limit_rows_call *c = (limit_rows_call *) ctx;
    convert_rows_call *rows = &c->rows;
    /* a stride of 1, also for a last chunk of one row */
    const b2m_column converted = b2m_column_real(c->converted, B2M_CODED_CHUNK);
    r_bad_rows_offset(&rows->bad, 1, start);
    r_bad_rows_offset(&c->outliers, 1, start);
    r_coded_fill(&rows->from, start, len, rows->from_codes);
    r_coded_fill(&rows->to, start, len, rows->to_codes);
    b2m_convert_rows(len, b2m_column_from(rows->x, start), rows->from_codes,
                     rows->to_codes, &rows->pairs, c->converted, &rows->bad);
    b2m_scale_outliers(len, converted, c->below, c->above, c->factor, &c->outliers);
    c->positive += b2m_count_positive(len, converted);
}

/* list(bad values of the conversion, as r_b2m_convert_rows() records them,
 * or NULL; else the converted values' outliers, as r_scale_outliers() gives
 * them, or NULL). */
SEXP r_limit_rows_outliers(SEXP x, SEXP from, SEXP to, SEXP multiply,
                           SEXP divide, SEXP min_in_unit, SEXP max_in_unit,
                           SEXP below, SEXP above, SEXP factor)
{
    size_t n;
    limit_rows_call *c;
    SEXP out = PROTECT(Rf_allocVector(VECSXP, 2));

    /* the buffers are too large for the stack */
    c = (limit_rows_call *) R_alloc(1, sizeof(limit_rows_call));
    n = convert_rows_init(&c->rows, x, from, to, multiply, divide, min_in_unit,
                          max_in_unit);
    c->below = r_scalar(below);
    c->above = r_scalar(above);
    c->factor = r_scalar(factor);
    c->positive = 0;
    b2m_bad_rows_init(&c->outliers);
    r_run_chunks(n, B2M_CODED_CHUNK, limit_rows_chunk, c);
    if (c->rows.bad.count > 0)
        SET_VECTOR_ELT(out, 0, r_bad_values(&c->rows.bad, 1));
    else if (c->outliers.count > 0)
        SET_VECTOR_ELT(out, 1, r_unit_hint(&c->outliers, c->positive));
    UNPROTECT(1);
    return out;
}
