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
    double molar_mass;        /* creatinine, g/mol: 1 g = 8.840 mmol */
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
    l.creatinine_molar_mass = rule.molar_mass;
    return l;
}

static int flag(double x)
{
    return isnan(x) ? B2M_NA_INT : x != 0;
}

size_t b2m_urine_ratio(size_t n, const b2m_urine_input *in,
                       const b2m_urine_out *out,
                       b2m_bad_rows bad[B2M_URINE_ARGS])
{
    /* ug/g = b2m (ug/L) / creatinine (g/L) = (b2m x multiply) / (creatinine x
     * divide): ug/L = b2m x den x 1000 / num and g/L = creatinine x den /
     * (num x 100), so both factors are exact integers. */
    const double multiply = in->b2m_unit.den * 1000 * in->creatinine_unit.num *
                            MG_DL_PER_G_L;
    const double divide = in->b2m_unit.num * in->creatinine_unit.den;
    const double low = b2m_scale_threshold(rule.dilute_below_mg_dl,
                                           in->creatinine_unit);
    const double high = b2m_scale_threshold(rule.concentrated_above_mg_dl,
                                            in->creatinine_unit);
    size_t i;

    for (i = 0; i < n; i++) {
        double b2m = b2m_column_checked(&in->b2m, i, in->b2m_max, &bad[0]);
        double cr = b2m_column_checked_positive(&in->creatinine, i,
                                                in->creatinine_max, &bad[1]);
        double sg = b2m_column_checked(&in->specific_gravity, i,
                                       in->specific_gravity_max, &bad[2]);
        double ratio = b2m * multiply / (cr * divide);
        /* a missing specific gravity is one not measured: creatinine decides */
        int dilute_sg = !isnan(sg) && sg < rule.dilute_below_sg;
        int dilute = dilute_sg || cr < low ? 1 : flag(isnan(cr) ? cr : 0);
        int concentrated = flag(isnan(cr) ? cr : cr > high);
        out->ug_per_g[i] = isnan(ratio) ? b2m_na_real() : ratio;
        out->ug_per_mmol[i] = isnan(ratio) ? b2m_na_real()
                                           : ratio * rule.molar_mass / 1000;
        out->dilute[i] = dilute;
        out->concentrated[i] = concentrated;
        /* the trigger is not judged on a sample to be recollected */
        out->above_trigger[i] = isnan(ratio) || dilute == 1 || concentrated == 1
                                    ? B2M_NA_INT
                                    : ratio > rule.trigger_ug_per_g;
    }
    return bad[0].count + bad[1].count + bad[2].count;
}
