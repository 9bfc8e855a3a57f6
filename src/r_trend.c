/* r_trend.c - glue for trend.c. */
#include "r_glue.h"

/* The ordered data as the core reads it; R has made order and group integer
 * vectors and time a double vector of the same length as value. */
static b2m_trend_data trend_data(SEXP order, SEXP group, SEXP time, SEXP value)
{
    b2m_trend_data d;
    if (TYPEOF(order) != INTSXP || TYPEOF(group) != INTSXP ||
        TYPEOF(time) != REALSXP || XLENGTH(order) != XLENGTH(value) ||
        XLENGTH(group) != XLENGTH(value) || XLENGTH(time) != XLENGTH(value))
        Rf_error("b2m internal error: malformed trend input");
    d.n = (size_t) XLENGTH(value);
    d.order = INTEGER_RO(order);
    d.group = INTEGER_RO(group);
    d.time = REAL_RO(time);
    d.value = r_column(value);
    return d;
}

/* Value checks in row order, then the ordered pass; bad[0] receives bad
 * values, bad[1] duplicated (id, time) rows.  Returns the count of both. */
static size_t trend_run(const b2m_trend_data *d, double max_in_unit,
                        b2m_trend_rows_out *rows, b2m_trend_groups_out *groups,
                        b2m_bad_rows *bad)
{
    size_t start;
    b2m_bad_rows_init(&bad[0]);
    b2m_bad_rows_init(&bad[1]);
    for (start = 0; start < d->n; start += B2M_CHUNK) {
        size_t len = d->n - start < B2M_CHUNK ? d->n - start : B2M_CHUNK;
        r_bad_rows_offset(bad, 1, start);
        b2m_trend_check(len, b2m_column_from(d->value, start), max_in_unit, &bad[0]);
        R_CheckUserInterrupt();
    }
    /* Bad values make every result void: skip the pass. */
    if (bad[0].count > 0)
        return bad[0].count;
    bad[0].offset = 0;
    start = 0;
    while (start < d->n) {
        start = b2m_trend_pass(d, start, B2M_CHUNK, rows, groups, &bad[1]);
        R_CheckUserInterrupt();
    }
    return bad[1].count;
}

static SEXP named_list(SEXP out, const char **names, int n)
{
    SEXP nm = PROTECT(Rf_allocVector(STRSXP, n));
    int k;
    for (k = 0; k < n; k++)
        SET_STRING_ELT(nm, k, Rf_mkChar(names[k]));
    Rf_setAttrib(out, R_NamesSymbol, nm);
    UNPROTECT(1);
    return out;
}

static double *real_element(SEXP out, int k, R_xlen_t n)
{
    SET_VECTOR_ELT(out, k, Rf_allocVector(REALSXP, n));
    return REAL(VECTOR_ELT(out, k));
}

static int *integer_element(SEXP out, int k, R_xlen_t n)
{
    SET_VECTOR_ELT(out, k, Rf_allocVector(INTSXP, n));
    return INTEGER(VECTOR_ELT(out, k));
}

SEXP r_b2m_trend(SEXP order, SEXP group, SEXP time, SEXP value, SEXP max_in_unit)
{
    static const char *names[] = {"baseline", "change", "pct_change", "nadir",
                                  "pct_from_nadir"};
    b2m_trend_data d = trend_data(order, group, time, value);
    double max = r_scalar(max_in_unit);
    R_xlen_t n = (R_xlen_t) d.n;
    b2m_trend_rows_out rows;
    b2m_bad_rows bad[2];
    SEXP out = PROTECT(Rf_allocVector(VECSXP, 5));

    rows.baseline = real_element(out, 0, n);
    rows.change = real_element(out, 1, n);
    rows.pct_change = real_element(out, 2, n);
    rows.nadir = real_element(out, 3, n);
    rows.pct_from_nadir = real_element(out, 4, n);
    if (trend_run(&d, max, &rows, NULL, bad) > 0) {
        UNPROTECT(1);
        return r_bad_values(bad, 2);
    }
    /* named_list() allocates: `out` stays protected until it returns. */
    named_list(out, names, 5);
    UNPROTECT(1);
    return out;
}

SEXP r_b2m_trend_summary(SEXP order, SEXP group, SEXP time, SEXP value,
                         SEXP max_in_unit, SEXP n_groups)
{
    static const char *names[] = {"first_row", "n", "first_time", "last_time",
                                  "baseline", "last", "nadir", "pct_change",
                                  "pct_from_nadir", "slope"};
    b2m_trend_data d = trend_data(order, group, time, value);
    double max = r_scalar(max_in_unit);
    R_xlen_t g = (R_xlen_t) r_scalar(n_groups), k;
    b2m_trend_groups_out groups;
    b2m_bad_rows bad[2];
    SEXP out = PROTECT(Rf_allocVector(VECSXP, 10));

    groups.first_row = integer_element(out, 0, g);
    groups.n = integer_element(out, 1, g);
    groups.first_time = real_element(out, 2, g);
    groups.last_time = real_element(out, 3, g);
    groups.baseline = real_element(out, 4, g);
    groups.last = real_element(out, 5, g);
    groups.nadir = real_element(out, 6, g);
    groups.pct_change = real_element(out, 7, g);
    groups.pct_from_nadir = real_element(out, 8, g);
    groups.slope = real_element(out, 9, g);
    /* R passes codes in 1..n_groups (match() codes or factor codes with
     * n_groups = nlevels), so every write is in bounds.  Codes without rows
     * (unused factor levels) stay marked as such. */
    for (k = 0; k < g; k++)
        groups.first_row[k] = -1;
    if (trend_run(&d, max, NULL, &groups, bad) > 0) {
        UNPROTECT(1);
        return r_bad_values(bad, 2);
    }
    named_list(out, names, 10);
    UNPROTECT(1);
    return out;
}
