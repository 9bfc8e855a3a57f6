/* r_kidney.c - glue for kidney.c. */
#include "r_glue.h"

/* ---- sex, a piece at a time ------------------------------------------------ */

/* Runs fn over rows [start, start + len) in pieces of B2M_CODED_CHUNK rows,
 * each with the coded sex of its rows converted into `buffer`. */
typedef void (*r_sex_piece_fn)(void *ctx, size_t at, size_t rows,
                               b2m_column female);

static void by_sex_pieces(const r_coded *sex, int *buffer, size_t start,
                          size_t len, r_sex_piece_fn fn, void *ctx)
{
    size_t at;
    for (at = start; at < start + len; at += B2M_CODED_CHUNK) {
        size_t rows = start + len - at < B2M_CODED_CHUNK ? start + len - at
                                                          : B2M_CODED_CHUNK;
        r_coded_fill(sex, at, rows, buffer);
        fn(ctx, at, rows, b2m_column_integer(buffer, B2M_CODED_CHUNK));
    }
}

/* ---- CKD-EPI ------------------------------------------------------------ */

typedef struct {
    b2m_egfr_equation equation;
    b2m_egfr_input in;
    r_measurement creatinine; /* a unit per row or one */
    r_coded female; /* sex, read through its labels */
    int *female_rows;
    double *out;
    b2m_egfr_bad bad;
} egfr_call;

static void egfr_piece(void *ctx, size_t at, size_t rows, b2m_column female)
{
    egfr_call *c = ctx;
    b2m_egfr_input in = c->in;
    b2m_egfr_bad_offset(&c->bad, at);
    in.creatinine = r_measurement_rows(&c->creatinine, at, rows,
                                       &c->bad.creatinine);
    in.cystatin = b2m_column_from(in.cystatin, at);
    in.age = b2m_column_from(in.age, at);
    in.black = b2m_column_from(in.black, at);
    in.female = female;
    b2m_kidney_egfr(c->equation, rows, &in, c->out + at, &c->bad);
}

static void egfr_chunk(void *ctx, size_t start, size_t len)
{
    egfr_call *c = ctx;
    by_sex_pieces(&c->female, c->female_rows, start, len, egfr_piece, c);
}

/* creatinine, cystatin and age are measurements (r_measurement_read(): a
 * marker the equation does not read is one NA; creatinine may have a unit
 * per row, r_measurement_read_rows()); female is the coded sex,
 * list(x, labels, values); black is a logical column, or R_NilValue for the
 * equations without a race term. */
static SEXP egfr_ckdepi_run(SEXP equation, SEXP creatinine, SEXP cystatin,
                            SEXP age, SEXP female, SEXP black)
{
    static const char what[] = "r_egfr_ckdepi";
    r_measurement cr, cys, years;
    SEXP columns[5];
    size_t n;
    egfr_call c;
    b2m_bad_rows bad[3];
    SEXP out, result;

    if (TYPEOF(equation) != INTSXP || XLENGTH(equation) != 1 ||
        INTEGER_RO(equation)[0] < 0 ||
        INTEGER_RO(equation)[0] >= B2M_EGFR_EQUATIONS)
        Rf_error("b2m internal error: bad arguments to r_egfr_ckdepi");
    cr = r_measurement_read_rows(creatinine, what);
    cys = r_measurement_read(cystatin, what);
    years = r_measurement_read(age, what);
    r_coded_init(&c.female, female);
    columns[0] = cr.value;
    columns[1] = cys.value;
    columns[2] = years.value;
    columns[3] = c.female.x;
    columns[4] = black == R_NilValue ? years.value : black;
    n = r_common_length_of(columns, 5);
    c.female_rows = (int *) R_alloc(B2M_CODED_CHUNK, sizeof(int));
    c.equation = (b2m_egfr_equation) INTEGER_RO(equation)[0];
    c.creatinine = cr;
    c.in.creatinine = cr.column; /* replaced a piece at a time */
    c.in.creatinine_unit = cr.unit;
    c.in.creatinine_min = cr.min_in_unit;
    c.in.creatinine_max = cr.max_in_unit;
    c.in.cystatin = cys.column;
    c.in.cystatin_min = cys.min_in_unit;
    c.in.cystatin_max = cys.max_in_unit;
    c.in.age = years.column;
    c.in.age_max = years.max_in_unit;
    /* an equation without a race term never reads it */
    c.in.black = r_column(columns[4]);
    out = PROTECT(Rf_allocVector(REALSXP, (R_xlen_t) n));
    c.out = REAL(out);
    b2m_egfr_bad_init(&c.bad);
    r_run_chunked(n, egfr_chunk, &c);
    bad[0] = c.bad.creatinine;
    bad[1] = c.bad.cystatin;
    bad[2] = c.bad.age;
    result = r_result(out, bad, 3, &c.bad.young);
    UNPROTECT(1);
    return result;
}

SEXP r_egfr_ckdepi(SEXP equation, SEXP creatinine, SEXP cystatin, SEXP age,
                   SEXP female)
{
    return egfr_ckdepi_run(equation, creatinine, cystatin, age, female,
                           R_NilValue);
}

/* The race-based equations (2009 creatinine, 2012 creatinine-cystatin C). */
SEXP r_egfr_ckdepi_race(SEXP equation, SEXP creatinine, SEXP cystatin, SEXP age,
                        SEXP female, SEXP black)
{
    if (TYPEOF(black) != LGLSXP)
        Rf_error("b2m internal error: `black` must be logical");
    return egfr_ckdepi_run(equation, creatinine, cystatin, age, female, black);
}

/* ---- results with a second set of flagged rows ------------------------------ */

/* r_result(), and the rows in `warned` (may be NULL) as attribute
 * "b2m_flagged_warned" in the shape of "b2m_flagged", for a second warning.
 * `out` must be protected by the caller. */
static SEXP result_warned(SEXP out, const b2m_bad_rows *bad, size_t n_bad,
                          const b2m_bad_rows *flags, const b2m_bad_rows *warned)
{
    size_t k;
    for (k = 0; k < n_bad; k++)
        if (bad[k].count > 0)
            return r_bad_values(bad, n_bad);
    if (warned != NULL && warned->count > 0) {
        SEXP flagged_symbol = Rf_install("b2m_flagged");
        SEXP flagged;
        r_result(out, NULL, 0, warned);
        flagged = PROTECT(Rf_getAttrib(out, flagged_symbol));
        Rf_setAttrib(out, Rf_install("b2m_flagged_warned"), flagged);
        Rf_setAttrib(out, flagged_symbol, R_NilValue);
        UNPROTECT(1);
    }
    return r_result(out, bad, n_bad, flags);
}

/* ---- EKFC ------------------------------------------------------------------- */

typedef struct {
    b2m_ekfc_marker marker;
    b2m_ekfc_input in;
    r_measurement measured; /* creatinine: a unit per row or one */
    r_coded female;
    int *female_rows;
    double *out;
    b2m_ekfc_bad bad;
} ekfc_call;

static void ekfc_piece(void *ctx, size_t at, size_t rows, b2m_column female)
{
    ekfc_call *c = ctx;
    b2m_ekfc_input in = c->in;
    b2m_ekfc_bad_offset(&c->bad, at);
    in.marker = r_measurement_rows(&c->measured, at, rows, &c->bad.marker);
    in.age = b2m_column_from(in.age, at);
    in.female = female;
    b2m_kidney_ekfc(c->marker, rows, &in, c->out + at, &c->bad);
}

static void ekfc_chunk(void *ctx, size_t start, size_t len)
{
    ekfc_call *c = ctx;
    by_sex_pieces(&c->female, c->female_rows, start, len, ekfc_piece, c);
}

/* marker 0 creatinine, 1 cystatin C; value and age are measurements
 * (r_measurement_read(); value may have a unit per row,
 * r_measurement_read_rows()); female the coded sex (an all-NA one for cystatin
 * C, unread). */
SEXP r_egfr_ekfc(SEXP marker, SEXP value, SEXP age, SEXP female)
{
    static const char what[] = "r_egfr_ekfc";
    r_measurement measured, years;
    SEXP columns[3];
    size_t n;
    ekfc_call c;
    b2m_bad_rows bad[2];
    SEXP out, result;

    if (TYPEOF(marker) != INTSXP || XLENGTH(marker) != 1 ||
        (INTEGER_RO(marker)[0] != B2M_EKFC_CR && INTEGER_RO(marker)[0] != B2M_EKFC_CYS))
        Rf_error("b2m internal error: bad arguments to r_egfr_ekfc");
    measured = r_measurement_read_rows(value, what);
    years = r_measurement_read(age, what);
    r_coded_init(&c.female, female);
    c.marker = (b2m_ekfc_marker) INTEGER_RO(marker)[0];
    columns[0] = measured.value;
    columns[1] = years.value;
    columns[2] = c.marker == B2M_EKFC_CR ? c.female.x : years.value;
    n = r_common_length_of(columns, 3);
    c.female_rows = (int *) R_alloc(B2M_CODED_CHUNK, sizeof(int));
    c.measured = measured;
    c.in.marker = measured.column; /* replaced a piece at a time */
    c.in.marker_unit = measured.unit;
    c.in.marker_max = measured.max_in_unit;
    c.in.marker_min = measured.min_in_unit;
    c.in.age = years.column;
    c.in.age_max = years.max_in_unit;
    out = PROTECT(Rf_allocVector(REALSXP, (R_xlen_t) n));
    c.out = REAL(out);
    b2m_ekfc_bad_init(&c.bad);
    r_run_chunked(n, ekfc_chunk, &c);
    bad[0] = c.bad.marker;
    bad[1] = c.bad.age;
    result = result_warned(out, bad, 2, &c.bad.out_of_range, &c.bad.unvalidated);
    UNPROTECT(1);
    return result;
}

/* ---- CKiD U25 ---------------------------------------------------------------- */

typedef struct {
    b2m_u25_form form;
    b2m_u25_input in;
    r_measurement creatinine; /* a unit per row or one */
    r_coded female;
    int *female_rows;
    double *out;
    b2m_u25_bad bad;
} u25_call;

static void u25_piece(void *ctx, size_t at, size_t rows, b2m_column female)
{
    u25_call *c = ctx;
    b2m_u25_input in = c->in;
    b2m_u25_bad_offset(&c->bad, at);
    in.age = b2m_column_from(in.age, at);
    in.height = b2m_column_from(in.height, at);
    /* the arguments' order of b2m_u25_bad: age, height, creatinine, ... */
    in.creatinine = r_measurement_rows(&c->creatinine, at, rows, &c->bad.args[2]);
    in.cystatin = b2m_column_from(in.cystatin, at);
    in.female = female;
    b2m_kidney_ckid_u25(c->form, rows, &in, c->out + at, &c->bad);
}

static void u25_chunk(void *ctx, size_t start, size_t len)
{
    u25_call *c = ctx;
    by_sex_pieces(&c->female, c->female_rows, start, len, u25_piece, c);
}

/* form 0 creatinine, 1 cystatin C, 2 average; age, height, creatinine and
 * cystatin are measurements (r_measurement_read(): a marker the form does
 * not read is one NA; creatinine may have a unit per row,
 * r_measurement_read_rows()); female the coded sex. */
SEXP r_egfr_ckid_u25(SEXP form, SEXP age, SEXP female, SEXP height,
                     SEXP creatinine, SEXP cystatin)
{
    static const char what[] = "r_egfr_ckid_u25";
    r_measurement years, tall, cr, cys;
    SEXP columns[5];
    size_t n;
    u25_call c;
    SEXP out, result;

    if (TYPEOF(form) != INTSXP || XLENGTH(form) != 1 ||
        INTEGER_RO(form)[0] < B2M_U25_CR || INTEGER_RO(form)[0] > B2M_U25_AVERAGE)
        Rf_error("b2m internal error: bad arguments to r_egfr_ckid_u25");
    years = r_measurement_read(age, what);
    tall = r_measurement_read(height, what);
    cr = r_measurement_read_rows(creatinine, what);
    cys = r_measurement_read(cystatin, what);
    r_coded_init(&c.female, female);
    c.form = (b2m_u25_form) INTEGER_RO(form)[0];
    columns[0] = years.value;
    columns[1] = c.female.x;
    columns[2] = tall.value;
    columns[3] = cr.value;
    columns[4] = cys.value;
    n = r_common_length_of(columns, 5);
    c.female_rows = (int *) R_alloc(B2M_CODED_CHUNK, sizeof(int));
    c.in.age = years.column;
    c.in.age_max = years.max_in_unit;
    c.in.height = tall.column;
    c.in.height_unit = tall.unit;
    c.in.height_max = tall.max_in_unit;
    c.creatinine = cr;
    c.in.creatinine = cr.column; /* replaced a piece at a time */
    c.in.creatinine_unit = cr.unit;
    c.in.creatinine_max = cr.max_in_unit;
    c.in.creatinine_min = cr.min_in_unit;
    c.in.cystatin = cys.column;
    c.in.cystatin_max = cys.max_in_unit;
    c.in.cystatin_min = cys.min_in_unit;
    out = PROTECT(Rf_allocVector(REALSXP, (R_xlen_t) n));
    c.out = REAL(out);
    b2m_u25_bad_init(&c.bad);
    r_run_chunked(n, u25_chunk, &c);
    result = r_result(out, c.bad.args, B2M_U25_ARGS, &c.bad.out_of_range);
    UNPROTECT(1);
    return result;
}

/* ---- bedside Schwartz ---------------------------------------------------------- */

typedef struct {
    b2m_schwartz_input in;
    r_measurement creatinine; /* a unit per row or one */
    double *out;
    b2m_bad_rows bad[B2M_SCHWARTZ_ARGS];
    b2m_bad_rows metres;
} schwartz_call;

static void schwartz_chunk(void *ctx, size_t start, size_t len)
{
    schwartz_call *c = ctx;
    b2m_schwartz_input in = c->in;
    r_bad_rows_offset(c->bad, B2M_SCHWARTZ_ARGS, start);
    in.creatinine = r_measurement_rows(&c->creatinine, start, len, &c->bad[0]);
    in.height = b2m_column_from(in.height, start);
    c->metres.offset = start;
    b2m_kidney_schwartz(len, &in, c->out + start, c->bad, &c->metres);
}

/* creatinine and height are measurements (creatinine with a unit per row or
 * one, r_measurement_read_rows()); the rows
 * whose height looks like metres come back flagged. */
SEXP r_egfr_schwartz(SEXP creatinine, SEXP height)
{
    static const char what[] = "r_egfr_schwartz";
    r_measurement cr = r_measurement_read_rows(creatinine, what);
    r_measurement tall = r_measurement_read(height, what);
    SEXP columns[2];
    size_t n, k;
    schwartz_call c;
    SEXP out, result;

    columns[0] = cr.value;
    columns[1] = tall.value;
    n = r_common_length_of(columns, 2);
    c.creatinine = cr;
    c.in.creatinine = cr.column; /* replaced a chunk at a time */
    c.in.creatinine_unit = cr.unit;
    c.in.creatinine_max = cr.max_in_unit;
    c.in.creatinine_min = cr.min_in_unit;
    c.in.height = tall.column;
    c.in.height_unit = tall.unit;
    c.in.height_max = tall.max_in_unit;
    for (k = 0; k < B2M_SCHWARTZ_ARGS; k++)
        b2m_bad_rows_init(&c.bad[k]);
    b2m_bad_rows_init(&c.metres);
    out = PROTECT(Rf_allocVector(REALSXP, (R_xlen_t) n));
    c.out = REAL(out);
    r_run_chunked(n, schwartz_chunk, &c);
    result = r_result(out, c.bad, B2M_SCHWARTZ_ARGS, &c.metres);
    UNPROTECT(1);
    return result;
}

/* ---- one column in, one column out ---------------------------------------- */

typedef struct {
    r_measurement x, y; /* y is x when the kernel reads one column */
    b2m_scale unit;     /* the unit of the B2M read or written */
    double *real_out;
    int *int_out;
    b2m_bad_rows bad[2];
} pair_call;

static void pair_offset(pair_call *c, size_t start)
{
    c->bad[0].offset = start;
    c->bad[1].offset = start;
}

static void egfr_b2m_chunk(void *ctx, size_t start, size_t len)
{
    pair_call *c = ctx;
    pair_offset(c, start);
    b2m_kidney_egfr_b2m(len, r_measurement_rows(&c->x, start, len, &c->bad[0]),
                        c->unit,
                        c->x.max_in_unit, c->real_out + start, &c->bad[0]);
}

static void expected_chunk(void *ctx, size_t start, size_t len)
{
    pair_call *c = ctx;
    pair_offset(c, start);
    b2m_kidney_b2m_expected(len, r_measurement_rows(&c->x, start, len, &c->bad[0]),
                            c->x.min_in_unit, c->x.max_in_unit, c->unit,
                            c->real_out + start, &c->bad[0]);
}

static void excess_chunk(void *ctx, size_t start, size_t len)
{
    pair_call *c = ctx;
    pair_offset(c, start);
    b2m_kidney_b2m_excess(len, r_measurement_rows(&c->x, start, len, &c->bad[0]),
                          c->unit,
                          c->x.max_in_unit, b2m_column_from(c->y.column, start),
                          c->y.min_in_unit, c->y.max_in_unit,
                          c->real_out + start, &c->bad[0], &c->bad[1]);
}

static void category_chunk(void *ctx, size_t start, size_t len)
{
    pair_call *c = ctx;
    pair_offset(c, start);
    b2m_kidney_gfr_category(len, r_measurement_rows(&c->x, start, len, &c->bad[0]),
                            c->x.max_in_unit, c->int_out + start, &c->bad[0]);
}

/* Runs fn over the measurement x (a unit per row or one, read through
 * r_measurement_rows()) and y (which may be R_NilValue), the B2M
 * in `unit` (a unit_spec(); R_NilValue: the unit of x).  A minimum is read
 * only by the kernels that have one. */
static SEXP run_pair(SEXP x, SEXP y, SEXP unit, SEXPTYPE type, r_chunk_fn fn,
                     size_t n_args, const char *what)
{
    SEXP columns[2];
    size_t n;
    pair_call c;
    SEXP out, result;

    c.x = r_measurement_read_rows(x, what);
    c.y = y == R_NilValue ? c.x : r_measurement_read(y, what);
    c.unit = c.x.unit;
    if (unit != R_NilValue) {
        double min_in_unit, max_in_unit; /* of the B2M: no kernel reads them */
        r_unit_read(unit, what, &c.unit, &min_in_unit, &max_in_unit);
    }
    columns[0] = c.x.value;
    columns[1] = c.y.value;
    n = r_common_length_of(columns, 2);
    b2m_bad_rows_init(&c.bad[0]);
    b2m_bad_rows_init(&c.bad[1]);
    out = PROTECT(Rf_allocVector(type, (R_xlen_t) n));
    c.real_out = type == REALSXP ? REAL(out) : NULL;
    c.int_out = type == INTSXP ? INTEGER(out) : NULL;
    r_run_chunked(n, fn, &c);
    result = r_result(out, c.bad, n_args, NULL);
    UNPROTECT(1);
    return result;
}

SEXP r_egfr_b2m(SEXP b2m)
{
    return run_pair(b2m, R_NilValue, R_NilValue, REALSXP, egfr_b2m_chunk, 1,
                    "r_egfr_b2m");
}

/* The expected B2M of each egfr, in `b2m_unit` (a unit_spec()). */
SEXP r_b2m_expected(SEXP egfr, SEXP b2m_unit)
{
    return run_pair(egfr, R_NilValue, b2m_unit, REALSXP, expected_chunk, 1,
                    "r_b2m_expected");
}

SEXP r_b2m_excess(SEXP b2m, SEXP egfr)
{
    return run_pair(b2m, egfr, R_NilValue, REALSXP, excess_chunk, 2,
                    "r_b2m_excess");
}

SEXP r_gfr_category(SEXP egfr)
{
    return run_pair(egfr, R_NilValue, R_NilValue, INTSXP, category_chunk, 1,
                    "r_gfr_category");
}

/* ---- the coefficient table ------------------------------------------------- */

SEXP r_kidney_constants(void)
{
    static const char *const names[] = {"equation", "coefficient", "value",
                                        "source", "confidence", "key"};
    size_t n = b2m_kidney_constants(NULL, 0), k;
    b2m_constant *rows = (b2m_constant *) R_alloc(n, sizeof *rows);
    SEXP columns[6], out;
    int j;

    b2m_kidney_constants(rows, n);
    for (j = 0; j < 6; j++)
        columns[j] = PROTECT(Rf_allocVector(j == 2 ? REALSXP : STRSXP, (R_xlen_t) n));
    for (k = 0; k < n; k++) {
        R_xlen_t i = (R_xlen_t) k;
        SET_STRING_ELT(columns[0], i, Rf_mkChar(rows[k].equation));
        SET_STRING_ELT(columns[1], i, Rf_mkChar(rows[k].coefficient));
        REAL(columns[2])[k] = rows[k].value;
        SET_STRING_ELT(columns[3], i, Rf_mkChar(rows[k].source));
        SET_STRING_ELT(columns[4], i, rows[k].confidence == NULL
                       ? NA_STRING : Rf_mkChar(rows[k].confidence));
        SET_STRING_ELT(columns[5], i, Rf_mkChar(rows[k].key));
    }
    out = r_named_list(names, columns, 6);
    UNPROTECT(6);
    return out;
}
