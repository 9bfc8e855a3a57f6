/* urine.c - the urine B2M/creatinine ratio, the OSHA cadmium trigger and
 * the dilute/concentrated sample rules (clinical-rules-2.md section G). */
#include "b2m.h"

/* Creatinine thresholds are kept in mg/dL, the canonical unit, so that each
 * converts to the user's unit with one correctly rounded multiplication and
 * division (30 mg/dL is exactly the 0.3 a user types in g/L). */
static const struct {
    double trigger_ug_per_g;  /* OSHA 29 CFR 1910.1027(l)(3): above 300 (P) */
    double dilute_below_mg_dl;        /* 0.3 g/L (P, MAK Commission/WHO) */
    double concentrated_above_mg_dl;  /* 3.0 g/L (P, same); the ends
                                         themselves are acceptable: the
                                         package's choice (U) */
    double dilute_below_sg;   /* OSHA letters 1994 and 1996 (P) */
    double g_per_mol;        /* creatinine, g/mol: 1 g = 8.840 mmol */
} rule = {300, 30, 300, 1.008, 113.12};

/* mg/dL per g/L */
#define MG_DL_PER_G_L 100

b2m_urine_limits b2m_urine_rule_limits(void)
{
    b2m_urine_limits l;
    l.trigger_ug_per_g = rule.trigger_ug_per_g;
    l.dilute_below_g_per_l = rule.dilute_below_mg_dl / MG_DL_PER_G_L;
    l.concentrated_above_g_per_l = rule.concentrated_above_mg_dl / MG_DL_PER_G_L;
    l.dilute_below_sg = rule.dilute_below_sg;
    l.creatinine_g_per_mol = rule.g_per_mol;
    return l;
}

static int flag(double x)
{
    return isnan(x) ? B2M_NA_INT : x != 0;
}

/* dilute or concentrated, with R's `|` for missing flags */
static int either(int dilute, int concentrated)
{
    if (dilute == 1 || concentrated == 1)
        return 1;
    return dilute == B2M_NA_INT || concentrated == B2M_NA_INT ? B2M_NA_INT : 0;
}

/* The factors and limits of one call, in the units of its inputs. */
typedef struct {
    double multiply, divide, low, high;
} urine_scale;

/* One row, every value checked (the general path). */
static void urine_row(const b2m_urine_input *in, const urine_scale *u,
                      const b2m_urine_out *out, size_t i,
                      b2m_bad_rows bad[B2M_URINE_ARGS])
{
    double b2m = b2m_column_checked(&in->b2m, i, in->b2m_max, &bad[0]);
    double cr = b2m_column_checked_positive(&in->creatinine, i,
                                            in->creatinine_max, &bad[1]);
    double sg = b2m_column_checked(&in->specific_gravity, i,
                                   in->specific_gravity_max, &bad[2]);
    double ratio = b2m * u->multiply / (cr * u->divide);
    /* a missing specific gravity is one not measured: creatinine decides */
    int dilute_sg = !isnan(sg) && sg < rule.dilute_below_sg;
    int dilute = dilute_sg || cr < u->low ? 1 : flag(isnan(cr) ? cr : 0);
    int concentrated = flag(isnan(cr) ? cr : cr > u->high);
    out->ug_per_g[i] = isnan(ratio) ? b2m_na_real() : ratio;
    out->ug_per_mmol[i] = isnan(ratio) ? b2m_na_real()
                                       : ratio * rule.g_per_mol / 1000;
    out->dilute[i] = dilute;
    out->concentrated[i] = concentrated;
    out->recollect[i] = either(dilute, concentrated);
    /* the trigger is not judged on a sample to be recollected */
    out->above_trigger[i] = isnan(ratio) || dilute == 1 || concentrated == 1
                                ? B2M_NA_INT
                                : ratio > rule.trigger_ug_per_g;
}

/* Rows [start, end) of plain double columns, no specific gravity: the
 * arithmetic of urine_row() without its checks' branches (missing values
 * give NA here too).  Returns whether some value needs a look (negative,
 * infinite, zero creatinine, above the largest plausible: the block is then
 * computed again by urine_row()); `hints` is set to the number of B2M values
 * that read like a coarser unit (none when hint_below is 0) and `positive` to
 * the number of positive B2M values (b2m_count_positive()'s count). */
static int urine_plain(const b2m_urine_input *in, const urine_scale *u,
                       const b2m_urine_out *out, size_t start, size_t end,
                       size_t *hints, size_t *positive)
{
    const double *b = in->b2m.real, *c = in->creatinine.real;
    double *ug_g = out->ug_per_g, *ug_mmol = out->ug_per_mmol;
    int *above = out->above_trigger, *dilute = out->dilute;
    int *concentrated = out->concentrated, *recollect = out->recollect;
    const double multiply = u->multiply, divide = u->divide, low = u->low,
                 high = u->high, b_max = in->b2m_max, c_max = in->creatinine_max,
                 hint_below = in->hint_below, hint_factor = in->hint_factor,
                 trigger = rule.trigger_ug_per_g, g_per_mol = rule.g_per_mol,
                 na = b2m_na_real();
    /* the block's smallest and largest values, for the checks */
    double lo_x = HUGE_VAL, hi_x = -HUGE_VAL, lo_c = HUGE_VAL, hi_c = -HUGE_VAL;
    size_t i, hinted = 0, above_zero = 0;

    /* No branch in the loop (a missing creatinine's NA is a mask, the checks
     * are a running minimum and maximum), so the processor overlaps the
     * divisions of many rows. A comparison with NaN is false: a missing
     * value leaves the extremes and the counts as they are. */
    for (i = start; i < end; i++) {
        double x = b[i], cr = c[i], ratio = x * multiply / (cr * divide);
        int no_ratio = isnan(ratio), missing = -(int) isnan(cr) & B2M_NA_INT;
        int d = (cr < low) | missing, k = (cr > high) | missing;
        ug_g[i] = no_ratio ? na : ratio;
        ug_mmol[i] = no_ratio ? na : ratio * g_per_mol / 1000;
        dilute[i] = d;
        concentrated[i] = k;
        recollect[i] = d | k;
        above[i] = (no_ratio | (d != 0) | (k != 0)) ? B2M_NA_INT : ratio > trigger;
        lo_x = x < lo_x ? x : lo_x;
        hi_x = x > hi_x ? x : hi_x;
        lo_c = cr < lo_c ? cr : lo_c;
        hi_c = cr > hi_c ? cr : hi_c;
        /* b2m_scale_outliers()'s test, and what it is a share of */
        hinted += (x > 0) & (x * hint_factor < hint_below);
        above_zero += x > 0;
    }
    *hints = hinted;
    *positive = above_zero;
    return (lo_x < 0) | (hi_x > b_max) | (lo_c <= 0) | (hi_c > c_max);
}

/* Rows [start, end) into out->unit_hint, numbered as in the whole column;
 * with `count`, their positive values into out->hint_of too (a recycled
 * value only where the whole column starts). */
static void urine_hint(const b2m_urine_input *in, const b2m_urine_out *out,
                       size_t start, size_t end, int count)
{
    b2m_bad_rows *hint = out->unit_hint;
    size_t offset = hint->offset;
    b2m_column rows = b2m_column_from(in->b2m, start);
    hint->offset = offset + start;
    b2m_scale_outliers(end - start, rows, in->hint_below, HUGE_VAL,
                       in->hint_factor, hint);
    hint->offset = offset;
    if (count && (rows.stride != 0 || offset + start == 0))
        *out->hint_of += b2m_count_positive(end - start, rows);
}

/* Rows are taken in blocks: where both inputs are plain double columns and no
 * specific gravity is given, a block is first computed by urine_plain(); only
 * a block with a value that needs a look is computed again row by row, with
 * the same arithmetic.  The rows of B2M that reads like a coarser unit are
 * looked for in a block only while the record still keeps rows; after that
 * urine_plain()'s count is all the record needs. */
#define URINE_BLOCK 512

size_t b2m_urine_ratio(size_t n, const b2m_urine_input *in,
                       const b2m_urine_out *out,
                       b2m_bad_rows bad[B2M_URINE_ARGS])
{
    /* ug/g = b2m (ug/L) / creatinine (g/L) = (b2m x multiply) / (creatinine x
     * divide): ug/L = b2m x den x 1000 / num and g/L = creatinine x den /
     * (num x 100), so both factors are exact integers. */
    urine_scale u;
    const int plain = in->b2m.real != NULL && in->b2m.stride == 1 &&
                      in->creatinine.real != NULL && in->creatinine.stride == 1 &&
                      in->specific_gravity.stride == 0 &&
                      isnan(b2m_column_get(&in->specific_gravity, 0));
    const int want_hint = in->hint_below > 0;
    size_t start, i;

    u.multiply = in->b2m_unit.den * 1000 * in->creatinine_unit.num * MG_DL_PER_G_L;
    u.divide = in->b2m_unit.num * in->creatinine_unit.den;
    u.low = b2m_scale_threshold(rule.dilute_below_mg_dl, in->creatinine_unit);
    u.high = b2m_scale_threshold(rule.concentrated_above_mg_dl, in->creatinine_unit);
    for (start = 0; start < n; start += URINE_BLOCK) {
        size_t end = n - start < URINE_BLOCK ? n : start + URINE_BLOCK,
               hints = 0, positive = 0;
        int suspect = !plain || urine_plain(in, &u, out, start, end, &hints,
                                            &positive);
        if (suspect)
            for (i = start; i < end; i++)
                urine_row(in, &u, out, i, bad);
        if (!want_hint)
            continue;
        if (plain)
            *out->hint_of += positive;
        if (!plain || (hints > 0 && out->unit_hint->count < B2M_MAX_REPORTED))
            urine_hint(in, out, start, end, !plain);
        else
            out->unit_hint->count += hints;
    }
    return bad[0].count + bad[1].count + bad[2].count;
}
