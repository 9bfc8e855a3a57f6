/* r_urine.c - glue for urine.c. */
#include "r_glue.h"

typedef struct {
    b2m_urine_input in;
    r_measurement b2m, creatinine; /* a unit per row or one */
    b2m_urine_out out;
    b2m_bad_rows bad[B2M_URINE_ARGS];
    b2m_bad_rows unit_hint;
    size_t hint_of;
} urine_call;

static void urine_chunk(void *ctx, size_t start, size_t len)
{
    urine_call *c = ctx;
    b2m_urine_input in = c->in;
    b2m_urine_out out;
    r_bad_rows_offset(c->bad, B2M_URINE_ARGS, start);
    /* the arguments' order: b2m, creatinine, specific gravity */
    in.b2m = r_measurement_rows(&c->b2m, start, len, &c->bad[0]);
    in.creatinine = r_measurement_rows(&c->creatinine, start, len, &c->bad[1]);
    in.specific_gravity = b2m_column_from(in.specific_gravity, start);
    out.ug_per_g = c->out.ug_per_g + start;
    out.ug_per_mmol = c->out.ug_per_mmol + start;
    out.above_trigger = c->out.above_trigger + start;
    out.dilute = c->out.dilute + start;
    out.concentrated = c->out.concentrated + start;
    out.recollect = c->out.recollect + start;
    out.unit_hint = &c->unit_hint;
    out.hint_of = &c->hint_of;
    r_bad_rows_offset(&c->unit_hint, 1, start);
    b2m_urine_ratio(len, &in, &out, c->bad);
}

/* b2m, creatinine and specific_gravity are measurements
 * (r_measurement_read(); b2m and creatinine with a unit per row or one,
 * r_measurement_read_rows(); specific_gravity one NA when not given); a urine
 * B2M below hint_below, in a unit hint_factor times finer than another,
 * reads like the coarser unit (hint_below 0: not looked for).  Returns
 * list(ug_per_g, ug_per_mmol, above_trigger, dilute, concentrated,
 * recollect), or the bad values; either with attribute "b2m_unit_hint" (a
 * "b2m_bad_values" list with attribute "positive", as r_scale_outliers()
 * returns) when some urine B2M reads like a coarser unit. */
SEXP r_urine_ratio(SEXP b2m, SEXP creatinine, SEXP specific_gravity,
                   SEXP hint_below, SEXP hint_factor)
{
    static const char what[] = "r_urine_ratio";
    r_measurement urine = r_measurement_read_rows(b2m, what);
    r_measurement cr = r_measurement_read_rows(creatinine, what);
    r_measurement sg = r_measurement_read(specific_gravity, what);
    const SEXP columns[3] = {urine.value, cr.value, sg.value};
    size_t n = r_common_length_of(columns, 3), k;
    urine_call c;
    SEXP out, result;

    c.b2m = urine;
    c.in.b2m = urine.column; /* replaced a chunk at a time */
    c.in.b2m_unit = urine.unit;
    c.in.b2m_max = urine.max_in_unit;
    c.creatinine = cr;
    c.in.creatinine = cr.column;
    c.in.creatinine_unit = cr.unit;
    c.in.creatinine_max = cr.max_in_unit;
    c.in.specific_gravity = sg.column;
    c.in.specific_gravity_max = sg.max_in_unit;
    c.in.hint_below = r_scalar(hint_below);
    c.in.hint_factor = r_scalar(hint_factor);
    for (k = 0; k < B2M_URINE_ARGS; k++)
        b2m_bad_rows_init(&c.bad[k]);
    b2m_bad_rows_init(&c.unit_hint);
    c.hint_of = 0;
    out = PROTECT(Rf_allocVector(VECSXP, 6));
    SET_VECTOR_ELT(out, 0, Rf_allocVector(REALSXP, (R_xlen_t) n));
    SET_VECTOR_ELT(out, 1, Rf_allocVector(REALSXP, (R_xlen_t) n));
    SET_VECTOR_ELT(out, 2, Rf_allocVector(LGLSXP, (R_xlen_t) n));
    SET_VECTOR_ELT(out, 3, Rf_allocVector(LGLSXP, (R_xlen_t) n));
    SET_VECTOR_ELT(out, 4, Rf_allocVector(LGLSXP, (R_xlen_t) n));
    SET_VECTOR_ELT(out, 5, Rf_allocVector(LGLSXP, (R_xlen_t) n));
    c.out.ug_per_g = REAL(VECTOR_ELT(out, 0));
    c.out.ug_per_mmol = REAL(VECTOR_ELT(out, 1));
    c.out.above_trigger = LOGICAL(VECTOR_ELT(out, 2));
    c.out.dilute = LOGICAL(VECTOR_ELT(out, 3));
    c.out.concentrated = LOGICAL(VECTOR_ELT(out, 4));
    c.out.recollect = LOGICAL(VECTOR_ELT(out, 5));
    r_run_chunked(n, urine_chunk, &c);
    result = PROTECT(r_result(out, c.bad, B2M_URINE_ARGS, NULL));
    if (c.unit_hint.count > 0) {
        SEXP symbol = Rf_install("b2m_unit_hint"); /* symbols are never collected */
        Rf_setAttrib(result, symbol,
                     PROTECT(r_unit_hint(&c.unit_hint, c.hint_of)));
        UNPROTECT(1);
    }
    UNPROTECT(2);
    return result;
}

/* The rule's numbers, named: trigger (ug/g), dilute below and concentrated
 * above (g/L), dilute below (specific gravity), creatinine molecular weight
 * (g/mol). */
SEXP r_urine_limits(void)
{
    static const char *const names[] = {"trigger_ug_per_g", "dilute_below_g_per_l",
                                        "concentrated_above_g_per_l",
                                        "dilute_below_sg", "creatinine_g_per_mol"};
    b2m_urine_limits l = b2m_urine_rule_limits();
    const double values[] = {l.trigger_ug_per_g, l.dilute_below_g_per_l,
                             l.concentrated_above_g_per_l, l.dilute_below_sg,
                             l.creatinine_g_per_mol};
    return r_named_doubles(names, values, 5);
}
