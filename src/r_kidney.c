/* r_kidney.c - glue for kidney.c. */
#include "r_glue.h"

/* ---- CKD-EPI ------------------------------------------------------------ */

typedef struct {
    b2m_egfr_equation equation;
    b2m_egfr_input in;
    r_coded female; /* sex, read through its labels */
    int *female_rows;
    double *out;
    b2m_egfr_bad bad;
} egfr_call;

static void egfr_chunk(void *ctx, size_t start, size_t len)
{
    egfr_call *c = ctx;
    size_t at;
    /* sex is converted B2M_CODED_CHUNK rows at a time */
    for (at = start; at < start + len; at += B2M_CODED_CHUNK) {
        size_t rows = start + len - at < B2M_CODED_CHUNK ? start + len - at
                                                          : B2M_CODED_CHUNK;
        b2m_egfr_input in = c->in;
        in.creatinine = b2m_column_from(in.creatinine, at);
        in.cystatin = b2m_column_from(in.cystatin, at);
        in.age = b2m_column_from(in.age, at);
        r_coded_fill(&c->female, at, rows, c->female_rows);
        in.female = b2m_column_integer(c->female_rows, B2M_CODED_CHUNK);
        b2m_egfr_bad_offset(&c->bad, at);
        b2m_kidney_egfr(c->equation, rows, &in, c->out + at, &c->bad);
    }
}

/* limits = c(creatinine num, den, creatinine min, creatinine max, cystatin
 * min, cystatin max, age max);
 * female is the coded sex, list(x, labels, values). */
SEXP r_egfr_ckdepi(SEXP equation, SEXP creatinine, SEXP cystatin, SEXP age,
                   SEXP female, SEXP limits)
{
    SEXP columns[4];
    size_t n;
    const double *lim = REAL_RO(limits);
    egfr_call c;
    b2m_bad_rows bad[3];
    SEXP out, result;

    if (XLENGTH(limits) != 7 || TYPEOF(equation) != INTSXP)
        Rf_error("b2m internal error: bad arguments to r_egfr_ckdepi");
    r_coded_init(&c.female, female);
    columns[0] = creatinine;
    columns[1] = cystatin;
    columns[2] = age;
    columns[3] = c.female.x;
    n = r_common_length_of(columns, 4);
    c.female_rows = (int *) R_alloc(B2M_CODED_CHUNK, sizeof(int));
    c.equation = (b2m_egfr_equation) INTEGER_RO(equation)[0];
    c.in.creatinine = r_column(creatinine);
    c.in.creatinine_unit.num = lim[0];
    c.in.creatinine_unit.den = lim[1];
    c.in.creatinine_min = lim[2];
    c.in.creatinine_max = lim[3];
    c.in.cystatin = r_column(cystatin);
    c.in.cystatin_min = lim[4];
    c.in.cystatin_max = lim[5];
    c.in.age = r_column(age);
    c.in.age_max = lim[6];
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

/* ---- one column in, one column out ---------------------------------------- */

typedef struct {
    b2m_column x, y;
    b2m_scale unit;
    double x_min, x_max, y_min, y_max; /* plausible ranges */
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
    b2m_kidney_egfr_b2m(len, b2m_column_from(c->x, start), c->unit, c->x_max,
                        c->real_out + start, &c->bad[0]);
}

static void expected_chunk(void *ctx, size_t start, size_t len)
{
    pair_call *c = ctx;
    pair_offset(c, start);
    b2m_kidney_b2m_expected(len, b2m_column_from(c->x, start), c->x_min, c->x_max,
                            c->unit, c->real_out + start, &c->bad[0]);
}

static void excess_chunk(void *ctx, size_t start, size_t len)
{
    pair_call *c = ctx;
    pair_offset(c, start);
    b2m_kidney_b2m_excess(len, b2m_column_from(c->x, start), c->unit, c->x_max,
                          b2m_column_from(c->y, start), c->y_min, c->y_max,
                          c->real_out + start, &c->bad[0], &c->bad[1]);
}

static void category_chunk(void *ctx, size_t start, size_t len)
{
    pair_call *c = ctx;
    pair_offset(c, start);
    b2m_kidney_gfr_category(len, b2m_column_from(c->x, start), c->x_max,
                            c->int_out + start, &c->bad[0]);
}

/* x (and y) with scale = c(num, den, x min, x max, y min, y max); y may be
 * R_NilValue.  A minimum is read only by the kernels that have one. */
static SEXP run_pair(SEXP x, SEXP y, SEXP scale, SEXPTYPE type, r_chunk_fn fn,
                     size_t n_args)
{
    const SEXP columns[2] = {x, y == R_NilValue ? x : y};
    size_t n = r_common_length_of(columns, 2);
    const double *s = REAL_RO(scale);
    pair_call c;
    SEXP out, result;

    if (XLENGTH(scale) != 6)
        Rf_error("b2m internal error: bad scale");
    c.x = r_column(x);
    c.y = y == R_NilValue ? c.x : r_column(y);
    c.unit.num = s[0];
    c.unit.den = s[1];
    c.x_min = s[2];
    c.x_max = s[3];
    c.y_min = s[4];
    c.y_max = s[5];
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

SEXP r_egfr_b2m(SEXP b2m, SEXP scale)
{
    return run_pair(b2m, R_NilValue, scale, REALSXP, egfr_b2m_chunk, 1);
}

SEXP r_b2m_expected(SEXP egfr, SEXP scale)
{
    return run_pair(egfr, R_NilValue, scale, REALSXP, expected_chunk, 1);
}

SEXP r_b2m_excess(SEXP b2m, SEXP egfr, SEXP scale)
{
    return run_pair(b2m, egfr, scale, REALSXP, excess_chunk, 2);
}

SEXP r_gfr_category(SEXP egfr, SEXP scale)
{
    return run_pair(egfr, R_NilValue, scale, INTSXP, category_chunk, 1);
}

/* ---- the coefficient table ------------------------------------------------- */

SEXP r_kidney_constants(void)
{
    size_t n = b2m_kidney_constants(NULL, 0), k;
    b2m_constant *rows = (b2m_constant *) R_alloc(n, sizeof *rows);
    const char *names[4] = {"equation", "coefficient", "value", "source"};
    SEXP out = PROTECT(Rf_allocVector(VECSXP, 4));
    SEXP equation = PROTECT(Rf_allocVector(STRSXP, (R_xlen_t) n));
    SEXP coefficient = PROTECT(Rf_allocVector(STRSXP, (R_xlen_t) n));
    SEXP value = PROTECT(Rf_allocVector(REALSXP, (R_xlen_t) n));
    SEXP source = PROTECT(Rf_allocVector(STRSXP, (R_xlen_t) n));
    SEXP field_names = PROTECT(Rf_allocVector(STRSXP, 4));

    b2m_kidney_constants(rows, n);
    for (k = 0; k < n; k++) {
        SET_STRING_ELT(equation, (R_xlen_t) k, Rf_mkChar(rows[k].equation));
        SET_STRING_ELT(coefficient, (R_xlen_t) k, Rf_mkChar(rows[k].coefficient));
        REAL(value)[k] = rows[k].value;
        SET_STRING_ELT(source, (R_xlen_t) k, Rf_mkChar(rows[k].source));
    }
    SET_VECTOR_ELT(out, 0, equation);
    SET_VECTOR_ELT(out, 1, coefficient);
    SET_VECTOR_ELT(out, 2, value);
    SET_VECTOR_ELT(out, 3, source);
    for (k = 0; k < 4; k++)
        SET_STRING_ELT(field_names, (R_xlen_t) k, Rf_mkChar(names[k]));
    Rf_setAttrib(out, R_NamesSymbol, field_names);
    UNPROTECT(6);
    return out;
}
