/* rules.c - the staging systems as data: every threshold, comparison, point
 * and group cut-off, once, with its primary source.  The rules are those of
 * the package's clinical reference file (sections 2-5); b2m's staging_rules()
 * shows these tables from R. */
#include "b2m.h"

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))
#define NONE (-1)
#define CRITERION(label, conditions, points) \
    {label, conditions, COUNT(conditions), points}
#define SYSTEM(name, source, columns, criteria, groups)                        \
    {name, source, columns, COUNT(columns), criteria, COUNT(criteria), groups, \
     COUNT(groups)}

/* ---- myeloma: ISS, R-ISS, R2-ISS ---------------------------------------
 * The three share their first two columns (b2m, albumin) and the ISS
 * conditions, so the ISS thresholds are written once. */

enum { ISS_B2M, ISS_ALBUMIN, ISS_LDH_HIGH, ISS_DEL17P, ISS_T4_14, ISS_OTHER };

/* Greipp 2005: stage I is B2M < 3.5 mg/L and albumin >= 3.5 g/dL, so its
 * negation (stage II or III) is B2M >= 3.5 or albumin < 3.5. */
static const b2m_stage_condition iss_not_i[] = {
    {ISS_B2M, B2M_STAGE_GE, 3.5, NONE},
    {ISS_ALBUMIN, B2M_STAGE_LT, 3.5, NONE},
};
/* Stage III is B2M >= 5.5 mg/L (the primary's ">=", not the "> 5.5" of
 * secondary summaries). */
static const b2m_stage_condition iss_iii[] = {
    {ISS_B2M, B2M_STAGE_GE, 5.5, NONE},
};

static const b2m_stage_column iss_columns[] = {
    {"b2m", B2M_STAGE_VALUE, "mg/L"},
    {"albumin", B2M_STAGE_VALUE, "g/dL"},
};
static const b2m_stage_criterion iss_criteria[] = {
    CRITERION("ISS II or III", iss_not_i, 1),
    CRITERION("ISS III", iss_iii, 1),
};
static const b2m_stage_group iss_groups[] = {
    {"I", 0, 0, NONE, NONE},
    {"II", 1, 1, NONE, NONE},
    {"III", 2, 2, NONE, NONE},
};

/* Palumbo 2015: high-risk CA by iFISH is del(17p), t(4;14) or t(14;16); high
 * LDH is above the laboratory's upper limit (the `ldh_high` flag).  I is
 * ISS I without either (score 0), III is ISS III with either (score 4). */
static const b2m_stage_column riss_columns[] = {
    {"b2m", B2M_STAGE_VALUE, "mg/L"},
    {"albumin", B2M_STAGE_VALUE, "g/dL"},
    {"ldh_high", B2M_STAGE_FLAG, NULL},
    {"del17p", B2M_STAGE_FLAG, NULL},
    {"t4_14", B2M_STAGE_FLAG, NULL},
    {"t14_16", B2M_STAGE_FLAG, NULL},
};
static const b2m_stage_condition riss_risk[] = {
    {ISS_DEL17P, B2M_STAGE_TRUE, 1, NONE},
    {ISS_T4_14, B2M_STAGE_TRUE, 1, NONE},
    {ISS_OTHER, B2M_STAGE_TRUE, 1, NONE}, /* t(14;16) */
    {ISS_LDH_HIGH, B2M_STAGE_TRUE, 1, NONE},
};
static const b2m_stage_criterion riss_criteria[] = {
    CRITERION("ISS II or III", iss_not_i, 1),
    CRITERION("ISS III", iss_iii, 1),
    CRITERION("high-risk CA or high LDH", riss_risk, 2),
};
static const b2m_stage_group riss_groups[] = {
    {"I", 0, 0, NONE, NONE},
    {"II", 1, 3, NONE, NONE},
    {"III", 4, 4, NONE, NONE},
};

/* D'Agostino 2022: ISS II 1, ISS III 1.5 (= 1 + 0.5), del(17p) 1, LDH above
 * the upper limit 1, t(4;14) 1, 1q gain or amplification 0.5; t(14;16) is not
 * scored.  Halves are exact in binary, so the group bounds are exact. */
static const b2m_stage_column r2iss_columns[] = {
    {"b2m", B2M_STAGE_VALUE, "mg/L"},
    {"albumin", B2M_STAGE_VALUE, "g/dL"},
    {"ldh_high", B2M_STAGE_FLAG, NULL},
    {"del17p", B2M_STAGE_FLAG, NULL},
    {"t4_14", B2M_STAGE_FLAG, NULL},
    {"gain1q", B2M_STAGE_FLAG, NULL},
};
static const b2m_stage_condition r2iss_del17p[] = {{ISS_DEL17P, B2M_STAGE_TRUE, 1, NONE}};
static const b2m_stage_condition r2iss_ldh[] = {{ISS_LDH_HIGH, B2M_STAGE_TRUE, 1, NONE}};
static const b2m_stage_condition r2iss_t4_14[] = {{ISS_T4_14, B2M_STAGE_TRUE, 1, NONE}};
static const b2m_stage_condition r2iss_gain1q[] = {{ISS_OTHER, B2M_STAGE_TRUE, 1, NONE}};
static const b2m_stage_criterion r2iss_criteria[] = {
    CRITERION("ISS II or III", iss_not_i, 1),
    CRITERION("ISS III", iss_iii, 0.5),
    CRITERION("del(17p)", r2iss_del17p, 1),
    CRITERION("LDH above the upper limit", r2iss_ldh, 1),
    CRITERION("t(4;14)", r2iss_t4_14, 1),
    CRITERION("1q gain or amplification", r2iss_gain1q, 0.5),
};
static const b2m_stage_group r2iss_groups[] = {
    {"I", 0, 0, NONE, NONE},
    {"II", 0.5, 1, NONE, NONE},
    {"III", 1.5, 2.5, NONE, NONE},
    {"IV", 3, 5, NONE, NONE},
};

/* ---- CLL-IPI (International CLL-IPI working group 2016) ------------------ */

enum { CLL_TP53, CLL_IGHV, CLL_B2M, CLL_STAGE, CLL_AGE };

static const b2m_stage_column cll_columns[] = {
    {"tp53", B2M_STAGE_FLAG, NULL},
    {"ighv_unmutated", B2M_STAGE_FLAG, NULL},
    {"b2m", B2M_STAGE_VALUE, "mg/L"},
    /* TRUE for Binet B/C or Rai I-IV (mapped from the labels in R). */
    {"clinical_stage", B2M_STAGE_FLAG, NULL},
    {"age", B2M_STAGE_AGE, "years"},
};
static const b2m_stage_condition cll_tp53[] = {{CLL_TP53, B2M_STAGE_TRUE, 1, NONE}};
static const b2m_stage_condition cll_ighv[] = {{CLL_IGHV, B2M_STAGE_TRUE, 1, NONE}};
static const b2m_stage_condition cll_b2m[] = {{CLL_B2M, B2M_STAGE_GT, 3.5, NONE}};
static const b2m_stage_condition cll_stage[] = {{CLL_STAGE, B2M_STAGE_TRUE, 1, NONE}};
static const b2m_stage_condition cll_age[] = {{CLL_AGE, B2M_STAGE_GT, 65, NONE}};
static const b2m_stage_criterion cll_criteria[] = {
    CRITERION("TP53 deleted and/or mutated", cll_tp53, 4),
    CRITERION("IGHV unmutated", cll_ighv, 2),
    CRITERION("B2M > 3.5 mg/L", cll_b2m, 2),
    CRITERION("Binet B/C or Rai I-IV", cll_stage, 1),
    CRITERION("age > 65 years", cll_age, 1),
};
static const b2m_stage_group cll_groups[] = {
    {"low", 0, 1, NONE, NONE},
    {"intermediate", 2, 3, NONE, NONE},
    {"high", 4, 6, NONE, NONE},
    {"very high", 7, 10, NONE, NONE},
};

/* ---- IPSSWM (Morel 2009) ------------------------------------------------- */

enum { WM_AGE, WM_HEMOGLOBIN, WM_PLATELETS, WM_B2M, WM_IGM };

static const b2m_stage_column ipsswm_columns[] = {
    {"age", B2M_STAGE_AGE, "years"},
    {"hemoglobin", B2M_STAGE_VALUE, "g/dL"},
    {"platelets", B2M_STAGE_VALUE, "10^9/L"},
    {"b2m", B2M_STAGE_VALUE, "mg/L"},
    {"igm", B2M_STAGE_VALUE, "g/dL"},
};
static const b2m_stage_condition ipsswm_age[] = {{WM_AGE, B2M_STAGE_GT, 65, NONE}};
static const b2m_stage_condition ipsswm_hemoglobin[] = {{WM_HEMOGLOBIN, B2M_STAGE_LE, 11.5, NONE}};
static const b2m_stage_condition ipsswm_platelets[] = {{WM_PLATELETS, B2M_STAGE_LE, 100, NONE}};
static const b2m_stage_condition ipsswm_b2m[] = {{WM_B2M, B2M_STAGE_GT, 3, NONE}};
static const b2m_stage_condition ipsswm_igm[] = {{WM_IGM, B2M_STAGE_GT, 7, NONE}};
static const b2m_stage_criterion ipsswm_criteria[] = {
    CRITERION("age > 65 years", ipsswm_age, 1),
    CRITERION("haemoglobin <= 11.5 g/dL", ipsswm_hemoglobin, 1),
    CRITERION("platelets <= 100 x 10^9/L", ipsswm_platelets, 1),
    CRITERION("B2M > 3 mg/L", ipsswm_b2m, 1),
    CRITERION("monoclonal IgM > 7 g/dL", ipsswm_igm, 1),
};
/* Low: at most one adverse characteristic other than age, and age <= 65;
 * intermediate: two, or age > 65 alone; high: more than two. */
static const b2m_stage_group ipsswm_groups[] = {
    {"low", 0, 1, NONE, 0},
    {"intermediate", 0, 2, NONE, NONE},
    {"high", 3, 5, NONE, NONE},
};

/* ---- revised IPSSWM (Kastritis 2019) -------------------------------------
 * The primary's ">=" for B2M and LDH and its age bands: <= 65 0, 66-75 1,
 * >= 76 2 (two criteria of one point). */

enum { RWM_AGE, RWM_B2M, RWM_LDH, RWM_ALBUMIN };

static const b2m_stage_column ripsswm_columns[] = {
    {"age", B2M_STAGE_AGE, "years"},
    {"b2m", B2M_STAGE_VALUE, "mg/L"},
    {"ldh", B2M_STAGE_VALUE, "U/L"},
    {"albumin", B2M_STAGE_VALUE, "g/dL"},
};
static const b2m_stage_condition ripsswm_age66[] = {{RWM_AGE, B2M_STAGE_GT, 65, NONE}};
static const b2m_stage_condition ripsswm_age76[] = {{RWM_AGE, B2M_STAGE_GE, 76, NONE}};
static const b2m_stage_condition ripsswm_b2m[] = {{RWM_B2M, B2M_STAGE_GE, 4, NONE}};
static const b2m_stage_condition ripsswm_albumin[] = {{RWM_ALBUMIN, B2M_STAGE_LT, 3.5, NONE}};
static const b2m_stage_condition ripsswm_ldh[] = {{RWM_LDH, B2M_STAGE_GE, 250, NONE}};
static const b2m_stage_criterion ripsswm_criteria[] = {
    CRITERION("age 66 years or more", ripsswm_age66, 1),
    CRITERION("age 76 years or more", ripsswm_age76, 1),
    CRITERION("B2M >= 4 mg/L", ripsswm_b2m, 1),
    CRITERION("albumin < 3.5 g/dL", ripsswm_albumin, 1),
    CRITERION("LDH >= 250 U/L", ripsswm_ldh, 1),
};
static const b2m_stage_group ripsswm_groups[] = {
    {"very low", 0, 0, NONE, NONE},
    {"low", 1, 1, NONE, NONE},
    {"intermediate", 2, 2, NONE, NONE},
    {"high", 3, 3, NONE, NONE},
    {"very high", 4, 5, NONE, NONE},
};

/* ---- FLIPI2 (Federico 2009) ---------------------------------------------- */

enum { FL_AGE, FL_B2M, FL_B2M_ULN, FL_NODE, FL_MARROW, FL_HEMOGLOBIN };

static const b2m_stage_column flipi2_columns[] = {
    {"age", B2M_STAGE_AGE, "years"},
    {"b2m", B2M_STAGE_VALUE, "mg/L"},
    {"b2m_uln", B2M_STAGE_LIMIT, "mg/L"},
    {"node_diameter_cm", B2M_STAGE_VALUE, "cm"},
    {"bone_marrow", B2M_STAGE_FLAG, NULL},
    {"hemoglobin", B2M_STAGE_VALUE, "g/dL"},
};
/* B2M above the laboratory's own upper limit, compared row by row. */
static const b2m_stage_condition flipi2_b2m[] = {{FL_B2M, B2M_STAGE_GT, 0, FL_B2M_ULN}};
static const b2m_stage_condition flipi2_node[] = {{FL_NODE, B2M_STAGE_GT, 6, NONE}};
static const b2m_stage_condition flipi2_marrow[] = {{FL_MARROW, B2M_STAGE_TRUE, 1, NONE}};
static const b2m_stage_condition flipi2_hemoglobin[] = {{FL_HEMOGLOBIN, B2M_STAGE_LT, 12, NONE}};
static const b2m_stage_condition flipi2_age[] = {{FL_AGE, B2M_STAGE_GT, 60, NONE}};
static const b2m_stage_criterion flipi2_criteria[] = {
    CRITERION("B2M above the upper limit", flipi2_b2m, 1),
    CRITERION("largest node > 6 cm", flipi2_node, 1),
    CRITERION("bone marrow involvement", flipi2_marrow, 1),
    CRITERION("haemoglobin < 12 g/dL", flipi2_hemoglobin, 1),
    CRITERION("age > 60 years", flipi2_age, 1),
};
static const b2m_stage_group flipi2_groups[] = {
    {"low", 0, 0, NONE, NONE},
    {"intermediate", 1, 2, NONE, NONE},
    {"high", 3, 5, NONE, NONE},
};

/* ---- PRIMA-PI (Bachy 2018) -----------------------------------------------
 * A decision rule, not a published score: high is B2M > 3 mg/L whatever the
 * marrow, intermediate B2M <= 3 with marrow involvement, low without.  The
 * points 2 and 1 encode exactly that. */

enum { PRIMA_B2M, PRIMA_MARROW };

static const b2m_stage_column prima_columns[] = {
    {"b2m", B2M_STAGE_VALUE, "mg/L"},
    {"bone_marrow", B2M_STAGE_FLAG, NULL},
};
static const b2m_stage_condition prima_b2m[] = {{PRIMA_B2M, B2M_STAGE_GT, 3, NONE}};
static const b2m_stage_condition prima_marrow[] = {{PRIMA_MARROW, B2M_STAGE_TRUE, 1, NONE}};
static const b2m_stage_criterion prima_criteria[] = {
    CRITERION("B2M > 3 mg/L", prima_b2m, 2),
    CRITERION("bone marrow involvement", prima_marrow, 1),
};
static const b2m_stage_group prima_groups[] = {
    {"low", 0, 0, NONE, NONE},
    {"intermediate", 1, 1, NONE, NONE},
    {"high", 2, 3, NONE, NONE},
};

/* ---- the systems ---------------------------------------------------------- */

static const b2m_stage_system iss = SYSTEM(
    "ISS", "10.1200/JCO.2005.04.242", iss_columns, iss_criteria, iss_groups);
static const b2m_stage_system riss = SYSTEM(
    "R-ISS", "10.1200/JCO.2015.61.2267", riss_columns, riss_criteria, riss_groups);
static const b2m_stage_system r2iss = SYSTEM(
    "R2-ISS", "10.1200/JCO.21.02614", r2iss_columns, r2iss_criteria, r2iss_groups);
static const b2m_stage_system cll_ipi = SYSTEM(
    "CLL-IPI", "10.1016/S1470-2045(16)30029-8", cll_columns, cll_criteria, cll_groups);
static const b2m_stage_system ipsswm = SYSTEM(
    "IPSSWM", "10.1182/blood-2008-08-174961", ipsswm_columns, ipsswm_criteria,
    ipsswm_groups);
static const b2m_stage_system ripsswm = SYSTEM(
    "rIPSSWM", "10.1038/s41375-019-0431-y", ripsswm_columns, ripsswm_criteria,
    ripsswm_groups);
static const b2m_stage_system flipi2 = SYSTEM(
    "FLIPI2", "10.1200/JCO.2008.21.3991", flipi2_columns, flipi2_criteria,
    flipi2_groups);
static const b2m_stage_system prima_pi = SYSTEM(
    "PRIMA-PI", "10.1182/blood-2017-11-816405", prima_columns, prima_criteria,
    prima_groups);

const b2m_stage_system *const b2m_stage_systems[] = {
    &iss, &riss, &r2iss, &cll_ipi, &ipsswm, &ripsswm, &flipi2, &prima_pi,
};
const size_t b2m_stage_n_systems = COUNT(b2m_stage_systems);
