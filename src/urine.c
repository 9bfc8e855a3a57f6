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

/* Rows are taken in blocks: where both inputs are plain double columns and no
 * specific gravity is given, a full block is first computed by urine_plain();
 * only a block with a value that needs a look, and the last, partial one, is
 * computed row by row, with the same arithmetic.  The rows of B2M that reads
 * like a coarser unit are looked for in a block only while the record still
 * keeps rows; after that urine_plain()'s count is all the record needs. */
#define URINE_BLOCK 512

/* The ratios of URINE_BLOCK rows of plain double columns (B2M `b`,
 * creatinine `c`) into ug_g and ug_mmol; returns whether some value needs a
 * look, and counts the hints and positive values as urine_plain() says.
 * The pointers are parameters so that `restrict` tells gcc they do not
 * overlap, and the loop is written as selects on doubles only (the ratio in
 * ug/mmol computed whether or not it is kept, and tested for NaN itself):
 * gcc (12, -O2) vectorizes that, over a fixed count of rows, not a loop
 * that also writes ints or branches.  A comparison with NaN is false: a
 * missing value leaves the checks and the counts as they are. */
static int urine_values(const b2m_urine_input *in, const urine_scale *u,
                        const double *restrict b, const double *restrict c,
                        double *restrict ug_g, double *restrict ug_mmol,
                        size_t *hints, size_t *positive)
{
    const double multiply = u->multiply, divide = u->divide,
                 b_max = in->b2m_max, c_max = in->creatinine_max,
                 hint_below = in->hint_below, hint_factor = in->hint_factor,
                 g_per_mol = rule.g_per_mol, na = b2m_na_real();
    double hinted = 0, above_zero = 0, suspect = 0;
    size_t j;
    for (j = 0; j < URINE_BLOCK; j++) {
        double x = b[j], cr = c[j], ratio = x * multiply / (cr * divide);
        double mmol = ratio * g_per_mol / 1000, positive_x = x > 0 ? 1.0 : 0.0;
        ug_g[j] = ratio != ratio ? na : ratio;
        ug_mmol[j] = mmol != mmol ? na : mmol;
        suspect = x < 0 ? 1 : suspect;
        suspect = x > b_max ? 1 : suspect;
        suspect = cr <= 0 ? 1 : suspect;
        suspect = cr > c_max ? 1 : suspect;
        /* b2m_scale_outliers()'s test, and what it is a share of */
        hinted += x * hint_factor < hint_below ? positive_x : 0.0;
        above_zero += positive_x;
    }
    *hints = (size_t) hinted;
    *positive = (size_t) above_zero;
    return suspect != 0;
}

/* The URINE_BLOCK rows from `start` of plain double columns, no specific
 * gravity: the arithmetic of urine_row() without its checks' branches
 * (missing values give NA here too).  Returns whether some value needs a
 * look (negative, infinite, zero creatinine, above the largest plausible:
 * the block is then computed again by urine_row()); `hints` is set to the
 * number of B2M values that read like a coarser unit (none when hint_below
 * is 0) and `positive` to the number of positive B2M values
 * (b2m_count_positive()'s count). */
static int urine_plain(const b2m_urine_input *in, const urine_scale *u,
                       const b2m_urine_out *out, size_t start, size_t *hints,
                       size_t *positive)
{
    const double *c = in->creatinine.real + start, *ug_g = out->ug_per_g + start;
    int *above = out->above_trigger + start, *dilute = out->dilute + start,
        *concentrated = out->concentrated + start,
        *recollect = out->recollect + start;
    const double low = u->low, high = u->high, trigger = rule.trigger_ug_per_g;
    const int suspect = urine_values(in, u, in->b2m.real + start, c,
                                     out->ug_per_g + start,
                                     out->ug_per_mmol + start, hints, positive);
    size_t j;
    /* the flags, from the ratios just written (NaN where there is none),
     * without a branch */
    for (j = 0; j < URINE_BLOCK; j++) {
        double cr = c[j], ratio = ug_g[j];
        int missing = -(int) isnan(cr) & B2M_NA_INT;
        int d = (cr < low) | missing, k = (cr > high) | missing;
        /* every bit set where the trigger is not judged: arithmetic, not a
         * branch, as a recollect flag is not predictable */
        int unjudged = -(isnan(ratio) | (d != 0) | (k != 0));
        dilute[j] = d;
        concentrated[j] = k;
        recollect[j] = d | k;
        above[j] = (B2M_NA_INT & unjudged) | ((ratio > trigger) & ~unjudged);
    }
    return suspect;
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
        const int full = plain && end - start == URINE_BLOCK;
        int suspect = !full || urine_plain(in, &u, out, start, &hints, &positive);
        if (suspect)
            for (i = start; i < end; i++)
                urine_row(in, &u, out, i, bad);
        if (!want_hint)
            continue;
        if (full)
            *out->hint_of += positive;
        if (!full || (hints > 0 && out->unit_hint->count < B2M_MAX_REPORTED))
            urine_hint(in, out, start, end, !full);
        else
            out->unit_hint->count += hints;
    }
    return bad[0].count + bad[1].count + bad[2].count;
}
