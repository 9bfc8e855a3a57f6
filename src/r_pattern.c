/* r_pattern.c - glue for pattern.c. */
#include "r_glue.h"

typedef struct {
    b2m_pattern_input in;
    r_measurement serum, urine; /* a unit per row or one */
    int *out;
    b2m_bad_rows bad[B2M_PATTERN_ARGS];
    b2m_bad_rows acid;
} pattern_call;

static void pattern_chunk(void *ctx, size_t start, size_t len)
{
    pattern_call *c = ctx;
    b2m_pattern_input in = c->in;
    r_bad_rows_offset(c->bad, B2M_PATTERN_ARGS, start);
    /* the arguments' order: serum, serum_uln, urine, urine_uln, urine_ph */
    in.serum = r_measurement_rows(&c->serum, start, len, &c->bad[0]);
    in.serum_uln = b2m_column_from(in.serum_uln, start);
    in.urine = r_measurement_rows(&c->urine, start, len, &c->bad[2]);
    in.urine_uln = b2m_column_from(in.urine_uln, start);
    in.urine_ph = b2m_column_from(in.urine_ph, start);
    c->acid.offset = start;
    b2m_pattern_classify(len, &in, c->out + start, c->bad, &c->acid);
}

/* Each argument is a measurement (r_measurement_read(); the results with a
 * unit per row or one, r_measurement_read_rows()): the limits in the unit
 * the results are read in, urine_ph one NA when not given. */
SEXP r_b2m_pattern(SEXP serum, SEXP serum_uln, SEXP urine, SEXP urine_uln,
                   SEXP urine_ph)
{
    static const char what[] = "r_b2m_pattern";
    r_measurement serum_in = r_measurement_read_rows(serum, what);
    r_measurement serum_limit = r_measurement_read(serum_uln, what);
    r_measurement urine_in = r_measurement_read_rows(urine, what);
    r_measurement urine_limit = r_measurement_read(urine_uln, what);
    r_measurement ph = r_measurement_read(urine_ph, what);
    const SEXP columns[B2M_PATTERN_ARGS] = {serum_in.value, serum_limit.value,
                                            urine_in.value, urine_limit.value,
                                            ph.value};
    size_t n = r_common_length_of(columns, B2M_PATTERN_ARGS), k;
    pattern_call c;
    SEXP out, result;

    c.serum = serum_in;
    c.in.serum = serum_in.column; /* replaced a chunk at a time */
    c.in.serum_uln = serum_limit.column;
    c.urine = urine_in;
    c.in.urine = urine_in.column;
    c.in.urine_uln = urine_limit.column;
    c.in.urine_ph = ph.column;
    c.in.serum_max = serum_in.max_in_unit;
    c.in.urine_max = urine_in.max_in_unit;
    c.in.ph_max = ph.max_in_unit;
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
