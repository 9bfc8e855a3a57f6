/* r_pattern.c - glue for pattern.c. */
#include "r_glue.h"

typedef struct {
    b2m_pattern_input in;
    int *out;
    b2m_bad_rows bad[B2M_PATTERN_ARGS];
    b2m_bad_rows acid;
} pattern_call;

static void pattern_chunk(void *ctx, size_t start, size_t len)
{
    pattern_call *c = ctx;
    b2m_pattern_input in = c->in;
    in.serum = b2m_column_from(in.serum, start);
    in.serum_uln = b2m_column_from(in.serum_uln, start);
    in.urine = b2m_column_from(in.urine, start);
    in.urine_uln = b2m_column_from(in.urine_uln, start);
    in.urine_ph = b2m_column_from(in.urine_ph, start);
    r_bad_rows_offset(c->bad, B2M_PATTERN_ARGS, start);
    c->acid.offset = start;
    b2m_pattern_classify(len, &in, c->out + start, c->bad, &c->acid);
}

/* limits = c(serum max, urine max, pH max), each in its argument's unit. */
SEXP r_b2m_pattern(SEXP serum, SEXP serum_uln, SEXP urine, SEXP urine_uln,
                   SEXP urine_ph, SEXP limits)
{
    const SEXP columns[B2M_PATTERN_ARGS] = {serum, serum_uln, urine, urine_uln,
                                            urine_ph};
    size_t n = r_common_length_of(columns, B2M_PATTERN_ARGS), k;
    pattern_call c;
    SEXP out, result;

    if (XLENGTH(limits) != 3)
        Rf_error("b2m internal error: bad limits");
    c.in.serum = r_column(serum);
    c.in.serum_uln = r_column(serum_uln);
    c.in.urine = r_column(urine);
    c.in.urine_uln = r_column(urine_uln);
    c.in.urine_ph = r_column(urine_ph);
    c.in.serum_max = REAL_RO(limits)[0];
    c.in.urine_max = REAL_RO(limits)[1];
    c.in.ph_max = REAL_RO(limits)[2];
    for (k = 0; k < B2M_PATTERN_ARGS; k++)
        b2m_bad_rows_init(&c.bad[k]);
    b2m_bad_rows_init(&c.acid);
    out = PROTECT(Rf_allocVector(INTSXP, (R_xlen_t) n));
    c.out = INTEGER(out);
    r_run_chunked(n, pattern_chunk, &c);
    result = r_result(out, c.bad, B2M_PATTERN_ARGS, &c.acid);
    UNPROTECT(1);
    return result;
}

/* The acid-urine pH limit, for b2m_rules() and the warning. */
SEXP r_pattern_acid_ph(void)
{
    return Rf_ScalarReal(b2m_pattern_acid_ph());
}
