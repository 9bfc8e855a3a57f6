/* r_reference.c - glue for reference.c. */
#include "r_glue.h"

/* classify and fold_uln share their shape: x against a per-row limit. */
static SEXP against_limit(SEXP x, SEXP uln, SEXP max_in_unit, SEXPTYPE type,
                          size_t (*kernel_int)(size_t, b2m_column, b2m_column, double,
                                               int *, b2m_bad_rows *, b2m_bad_rows *),
                          size_t (*kernel_real)(size_t, b2m_column, b2m_column, double,
                                                double *, b2m_bad_rows *, b2m_bad_rows *))
{
    size_t n = r_common_length(x, uln), start;
    double max = r_scalar(max_in_unit);
    b2m_column cx = r_column(x), cu = r_column(uln);
    b2m_bad_rows bad[2];
    SEXP out = PROTECT(Rf_allocVector(type, (R_xlen_t) n));

    b2m_bad_rows_init(&bad[0]);
    b2m_bad_rows_init(&bad[1]);
    for (start = 0; start < n; start += B2M_CHUNK) {
        size_t len = n - start < B2M_CHUNK ? n - start : B2M_CHUNK;
        b2m_column sx = b2m_column_from(cx, start), su = b2m_column_from(cu, start);
        r_bad_rows_offset(bad, 2, start);
        if (type == INTSXP)
            kernel_int(len, sx, su, max, INTEGER(out) + start, &bad[0], &bad[1]);
        else
            kernel_real(len, sx, su, max, REAL(out) + start, &bad[0], &bad[1]);
        R_CheckUserInterrupt();
    }
    UNPROTECT(1);
    /* `out` is dropped here, so r_bad_values() may collect it. */
    if (bad[0].count + bad[1].count > 0)
        return r_bad_values(bad, 2);
    return out;
}

SEXP r_b2m_classify(SEXP x, SEXP uln, SEXP max_in_unit)
{
    return against_limit(x, uln, max_in_unit, INTSXP, b2m_classify, NULL);
}

SEXP r_b2m_fold_uln(SEXP x, SEXP uln, SEXP max_in_unit)
{
    return against_limit(x, uln, max_in_unit, REALSXP, NULL, b2m_fold_uln);
}
