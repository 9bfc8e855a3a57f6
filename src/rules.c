/* rules.c - the staging systems as data, one entry per system holding every
 * fact about it: its key and names, the disease it is for, its primary
 * publication, its inputs (the R arguments, in order, with their units), its
 * criteria with their thresholds and points, and its groups (the stages, in
 * order) as score ranges.  The rules are those of the package's clinical
 * reference file (sections 2-5).  R reads this table through one entry point
 * (r_stage_tables) and builds from it b2m_rules(), the citations of
 * b2m_methods(), the b2m_annotate() registry and the help pages' criteria;
 * CONTRIBUTING.md says how to add a system. */
#include "b2m.h"

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))
#define NONE (-1)

/* Inputs.  A number is compared in `unit`, the unit of the paper; `quantity`
 * gives R its accepted units and plausible range, `unit_arg` the argument
 * choosing its unit (NULL: always in `unit`). */
#define NUMBER(arg, kind_, unit_, quantity_, unit_arg_)                       \
    {.name = (arg), .kind = (kind_), .unit = (unit_), .quantity = (quantity_), \
     .unit_arg = (unit_arg_), .coding = NULL}
#define FLAG(arg)                                                             \
    {.name = (arg), .kind = B2M_STAGE_FLAG, .unit = NULL, .quantity = NULL,    \
     .unit_arg = NULL, .coding = NULL}
#define B2M_MG_L NUMBER("b2m", B2M_STAGE_VALUE, "mg/L", "b2m", "b2m_unit")
#define ALBUMIN_G_DL \
    NUMBER("albumin", B2M_STAGE_VALUE, "g/dL", "albumin", "albumin_unit")
#define HEMOGLOBIN_G_DL \
    NUMBER("hemoglobin", B2M_STAGE_VALUE, "g/dL", "hemoglobin", "hemoglobin_unit")
#define AGE_YEARS NUMBER("age", B2M_STAGE_AGE, "years", "age", NULL)

/* Conditions: an input compared with a threshold in its `unit`, a flag that
 * is TRUE, or an input above another input (a laboratory's own limit). */
#define COMPARE(col, op_, t) \
    {.column = (col), .op = (op_), .threshold = (t), .versus = NONE}
#define BELOW(col, t) COMPARE(col, B2M_STAGE_LT, t)
#define AT_MOST(col, t) COMPARE(col, B2M_STAGE_LE, t)
#define ABOVE(col, t) COMPARE(col, B2M_STAGE_GT, t)
#define AT_LEAST(col, t) COMPARE(col, B2M_STAGE_GE, t)
#define IS_TRUE(col) COMPARE(col, B2M_STAGE_TRUE, 1)
#define ABOVE_INPUT(col, limit) \
    {.column = (col), .op = B2M_STAGE_GT, .threshold = 0, .versus = (limit)}

/* A clause: any of `conditions` holds. */
#define ANY_OF(conditions) {.any = (conditions), .n_any = COUNT(conditions)}
/* A criterion met when every one of `clauses` holds. */
#define CRITERION_ALL(label_, clauses, points_) \
    {.label = (label_), .all = (clauses), .n_all = COUNT(clauses), \
     .points = (points_), .note = NULL, .confidence = NULL}
/* A criterion met when any of `conditions` holds: one clause (a compound
 * literal at file scope, so of static storage). */
#define ONE_CLAUSE(conditions) \
    .all = (const b2m_stage_clause[]){ANY_OF(conditions)}, .n_all = 1
#define CRITERION(label_, conditions, points_) \
    {.label = (label_), ONE_CLAUSE(conditions), .points = (points_), \
     .note = NULL, .confidence = NULL}
/* A criterion whose reading the clinical reference qualifies. */
#define CRITERION_NOTED(label_, conditions, points_, note_, confidence_) \
    {.label = (label_), ONE_CLAUSE(conditions), .points = (points_), \
     .note = (note_), .confidence = (confidence_)}
/* A group taking the scores [low, high]. */
#define GROUP(name_, low, high) \
    {.name = (name_), .min_score = (low), .max_score = (high), \
     .requires = NONE, .excludes = NONE}
/* The tables of a system, from its `prefix`_columns, _criteria and _groups. */
#define TABLES(prefix)                                                          \
    .columns = prefix##_columns, .n_columns = COUNT(prefix##_columns),           \
    .criteria = prefix##_criteria, .n_criteria = COUNT(prefix##_criteria),       \
    .groups = prefix##_groups, .n_groups = COUNT(prefix##_groups)
/* The outcome figures of a system's stages (clinical-rules-2.md section A):
 * one per group, in the groups' order, in the derivation cohort or, with
 * OUTCOME_IN, in another one. */
#define FIGURES(...) .values = (const double[]){__VA_ARGS__}, \
    .n_values = COUNT(((const double[]){__VA_ARGS__}))
#define OUTCOME(metric_, unit_, confidence_, ...) \
    {.metric = (metric_), .unit = (unit_), .confidence = (confidence_), \
     FIGURES(__VA_ARGS__), .cohort = NULL, .era = NULL}
#define OUTCOME_IN(cohort_, era_, metric_, unit_, confidence_, ...) \
    {.metric = (metric_), .unit = (unit_), .confidence = (confidence_), \
     FIGURES(__VA_ARGS__), .cohort = (cohort_), .era = (era_)}
/* The derivation cohort of a system and the outcomes of `prefix`_outcomes. */
#define OUTCOMES(prefix) \
    .outcomes = prefix##_outcomes, .n_outcomes = COUNT(prefix##_outcomes)
#define NO_OUTCOMES .outcomes = NULL, .n_outcomes = 0
/* o-umlaut, as UTF-8 (the source stays ASCII) */
#define O_UML "\xc3\xb6"

/* ---- ISS (Greipp 2005) ----------------------------------------------------
 * R-ISS and R2-ISS begin with the same two inputs and reuse the ISS
 * conditions, so the ISS thresholds are written once. */

enum { ISS_B2M, ISS_ALBUMIN };

static const b2m_stage_column iss_columns[] = {B2M_MG_L, ALBUMIN_G_DL};
/* Stage I is B2M < 3.5 mg/L and albumin >= 3.5 g/dL, so its negation
 * (stage II or III) is B2M >= 3.5 or albumin < 3.5. */
static const b2m_stage_condition iss_not_i[] = {
    AT_LEAST(ISS_B2M, 3.5),
    BELOW(ISS_ALBUMIN, 3.5),
};
/* Stage III is B2M >= 5.5 mg/L (the primary's ">=", not the "> 5.5" of
 * secondary summaries); IMS/IMWG 2025 uses the same comparator. */
#define ISS_III_B2M(column) AT_LEAST(column, 5.5)
static const b2m_stage_condition iss_iii[] = {ISS_III_B2M(ISS_B2M)};
static const b2m_stage_criterion iss_criteria[] = {
    CRITERION("ISS II or III", iss_not_i, 1),
    CRITERION("ISS III", iss_iii, 1),
};
static const b2m_stage_group iss_groups[] = {
    GROUP("I", 0, 0), GROUP("II", 1, 1), GROUP("III", 2, 2),
};

static const b2m_stage_outcome iss_outcomes[] = {
    OUTCOME("median overall survival", "months", "P", 62, 44, 29),
};

static const b2m_stage_system iss = {
    .key = "iss",
    .name = "ISS",
    .long_name = "the International Staging System (ISS) for multiple myeloma",
    .disease = "myeloma",
    .citation = {
        .key = "greipp2005",
        .authors = "Greipp PR, San Miguel J, Durie BGM, et al.",
        .title = "International staging system for multiple myeloma",
        .journal = "J Clin Oncol", .year = 2005, .volume = 23, .issue = 15,
        .pages = "3412-3420", .doi = "10.1200/JCO.2005.04.242"},
    .has_score = 0,
    .points_encode_rule = 1,
    TABLES(iss),
    .cohort = "10,750 previously untreated symptomatic myeloma patients from 17 "
              "institutions in North America, Europe and Asia",
    .era = "conventional chemotherapy and autologous transplantation, before "
           "the novel agents",
    OUTCOMES(iss),
    .outcomes_note = NULL,
};

/* ---- R-ISS (Palumbo 2015) -------------------------------------------------
 * High-risk CA by iFISH is del(17p), t(4;14) or t(14;16); high LDH is above
 * the laboratory's upper limit (the `ldh_high` flag).  I is ISS I without
 * either (score 0), III is ISS III with either (score 4). */

enum { RISS_B2M = ISS_B2M, RISS_ALBUMIN = ISS_ALBUMIN, RISS_LDH_HIGH,
       RISS_DEL17P, RISS_T4_14, RISS_T14_16 };

static const b2m_stage_column riss_columns[] = {
    B2M_MG_L, ALBUMIN_G_DL, FLAG("ldh_high"), FLAG("del17p"), FLAG("t4_14"),
    FLAG("t14_16"),
};
static const b2m_stage_condition riss_risk[] = {
    IS_TRUE(RISS_DEL17P),
    IS_TRUE(RISS_T4_14),
    IS_TRUE(RISS_T14_16),
    IS_TRUE(RISS_LDH_HIGH),
};
static const b2m_stage_criterion riss_criteria[] = {
    CRITERION("ISS II or III", iss_not_i, 1),
    CRITERION("ISS III", iss_iii, 1),
    CRITERION("high-risk CA or high LDH", riss_risk, 2),
};
static const b2m_stage_group riss_groups[] = {
    GROUP("I", 0, 0), GROUP("II", 1, 3), GROUP("III", 4, 4),
};

static const b2m_stage_outcome riss_outcomes[] = {
    OUTCOME("5-year overall survival", "%", "S", 82, 62, 40),
    OUTCOME("5-year progression-free survival", "%", "S", 55, 36, 24),
};

static const b2m_stage_system riss = {
    .key = "riss",
    .name = "R-ISS",
    .long_name = "the Revised International Staging System (R-ISS) for "
                 "multiple myeloma",
    .disease = "myeloma",
    .citation = {
        .key = "palumbo2015",
        .authors = "Palumbo A, Avet-Loiseau H, Oliva S, et al.",
        .title = "Revised International Staging System for multiple myeloma: "
                 "a report from International Myeloma Working Group",
        .journal = "J Clin Oncol", .year = 2015, .volume = 33, .issue = 26,
        .pages = "2863-2869", .doi = "10.1200/JCO.2015.61.2267"},
    .has_score = 0,
    .points_encode_rule = 1,
    TABLES(riss),
    .cohort = "4,445 newly diagnosed myeloma patients in 11 international trials",
    .era = "novel agents (95% of patients)",
    OUTCOMES(riss),
    .outcomes_note = "the median PFS and OS of the R-ISS are left out",
};

/* ---- R2-ISS (D'Agostino 2022) ---------------------------------------------
 * ISS II 1, ISS III 1.5 (= 1 + 0.5), del(17p) 1, LDH above the upper limit
 * 1, t(4;14) 1, 1q gain or amplification 0.5; t(14;16) is not scored.
 * Halves are exact in binary, so the group bounds are exact. */

enum { R2ISS_B2M = ISS_B2M, R2ISS_ALBUMIN = ISS_ALBUMIN, R2ISS_LDH_HIGH,
       R2ISS_DEL17P, R2ISS_T4_14, R2ISS_GAIN1Q };

static const b2m_stage_column r2iss_columns[] = {
    B2M_MG_L, ALBUMIN_G_DL, FLAG("ldh_high"), FLAG("del17p"), FLAG("t4_14"),
    FLAG("gain1q"),
};
static const b2m_stage_condition r2iss_del17p[] = {IS_TRUE(R2ISS_DEL17P)};
static const b2m_stage_condition r2iss_ldh[] = {IS_TRUE(R2ISS_LDH_HIGH)};
static const b2m_stage_condition r2iss_t4_14[] = {IS_TRUE(R2ISS_T4_14)};
static const b2m_stage_condition r2iss_gain1q[] = {IS_TRUE(R2ISS_GAIN1Q)};
static const b2m_stage_criterion r2iss_criteria[] = {
    CRITERION("ISS II or III", iss_not_i, 1),
    CRITERION("ISS III", iss_iii, 0.5),
    CRITERION("del(17p)", r2iss_del17p, 1),
    CRITERION("LDH above the upper limit", r2iss_ldh, 1),
    CRITERION("t(4;14)", r2iss_t4_14, 1),
    CRITERION("1q gain or amplification", r2iss_gain1q, 0.5),
};
static const b2m_stage_group r2iss_groups[] = {
    GROUP("I", 0, 0), GROUP("II", 0.5, 1), GROUP("III", 1.5, 2.5),
    GROUP("IV", 3, 5),
};

static const b2m_stage_system r2iss = {
    .key = "r2iss",
    .name = "R2-ISS",
    .long_name = "the Second Revision of the International Staging System "
                 "(R2-ISS) for multiple myeloma",
    .disease = "myeloma",
    .citation = {
        .key = "dagostino2022",
        .authors = "D'Agostino M, Cairns DA, Lahuerta JJ, et al.",
        .title = "Second Revision of the International Staging System "
                 "(R2-ISS) for overall survival in multiple myeloma: a "
                 "European Myeloma Network (EMN) report within the HARMONY "
                 "project",
        .journal = "J Clin Oncol", .year = 2022, .volume = 40, .issue = 29,
        .pages = "3406-3418", .doi = "10.1200/JCO.21.02614"},
    .has_score = 1,
    .points_encode_rule = 0,
    TABLES(r2iss),
    .cohort = NULL, .era = NULL,
    NO_OUTCOMES,
    .outcomes_note = "no outcome of the R2-ISS is given (its abstract was "
                     "not read)",
};

/* ---- IMS/IMWG 2025 high-risk myeloma (Avet-Loiseau 2025) -----------------
 * High risk when at least one criterion is met (clinical-rules-2.md B):
 * (1) del(17p) in >= 20 % of clonal plasma cells and/or a TP53 mutation;
 * (2) t(4;14), t(14;16) or t(14;20) with 1q+ and/or del(1p32);
 * (3) monoallelic del(1p32) with 1q+, or biallelic del(1p32): written as
 *     del(1p32) AND (1q+ OR biallelic), the same rule;
 * (4) B2M >= 5.5 mg/L (ISS III) with creatinine < 1.2 mg/dL.
 * del(1p32) is an ordinal: 0 none, 1 monoallelic, 2 biallelic. */

enum { IMWG_DEL17P_CCF, IMWG_TP53, IMWG_T4_14, IMWG_T14_16, IMWG_T14_20,
       IMWG_GAIN1Q, IMWG_DEL1P32, IMWG_B2M, IMWG_CREATININE };
enum { DEL1P32_MONOALLELIC = 1, DEL1P32_BIALLELIC = 2 };

static const b2m_stage_column imwg2025_columns[] = {
    NUMBER("del17p_ccf", B2M_STAGE_VALUE, "%", "clonal_fraction", NULL),
    FLAG("tp53_mutation"), FLAG("t4_14"), FLAG("t14_16"), FLAG("t14_20"),
    FLAG("gain1q"),
    {.name = "del1p32", .kind = B2M_STAGE_LEVEL, .unit = NULL, .quantity = NULL,
     .unit_arg = NULL, .coding = "del1p32"},
    B2M_MG_L,
    NUMBER("creatinine", B2M_STAGE_VALUE, "mg/dL", "creatinine",
           "creatinine_unit"),
};
static const b2m_stage_condition imwg_tp53[] = {
    AT_LEAST(IMWG_DEL17P_CCF, 20), IS_TRUE(IMWG_TP53),
};
static const b2m_stage_condition imwg_translocation[] = {
    IS_TRUE(IMWG_T4_14), IS_TRUE(IMWG_T14_16), IS_TRUE(IMWG_T14_20),
};
static const b2m_stage_condition imwg_chromosome1[] = {
    IS_TRUE(IMWG_GAIN1Q), AT_LEAST(IMWG_DEL1P32, DEL1P32_MONOALLELIC),
};
static const b2m_stage_condition imwg_del1p32[] = {
    AT_LEAST(IMWG_DEL1P32, DEL1P32_MONOALLELIC),
};
static const b2m_stage_condition imwg_gain1q_or_biallelic[] = {
    IS_TRUE(IMWG_GAIN1Q), AT_LEAST(IMWG_DEL1P32, DEL1P32_BIALLELIC),
};
static const b2m_stage_condition imwg_b2m[] = {ISS_III_B2M(IMWG_B2M)};
static const b2m_stage_condition imwg_creatinine[] = {
    BELOW(IMWG_CREATININE, 1.2),
};
static const b2m_stage_clause imwg_item2[] = {
    ANY_OF(imwg_translocation), ANY_OF(imwg_chromosome1),
};
static const b2m_stage_clause imwg_item3[] = {
    ANY_OF(imwg_del1p32), ANY_OF(imwg_gain1q_or_biallelic),
};
static const b2m_stage_clause imwg_item4[] = {
    ANY_OF(imwg_b2m), ANY_OF(imwg_creatinine),
};
static const b2m_stage_criterion imwg2025_criteria[] = {
    CRITERION_NOTED("del(17p) in >= 20% of clonal plasma cells and/or TP53 "
                    "mutation", imwg_tp53, 1,
                    "comparator unresolved: '>= 20%' or '> 20%' (only a "
                    "clonal fraction of exactly 20% differs); coded as >= 20",
                    "S"),
    CRITERION_ALL("t(4;14), t(14;16) or t(14;20) with 1q+ and/or del(1p32)",
                  imwg_item2, 1),
    CRITERION_ALL("monoallelic del(1p32) with 1q+, or biallelic del(1p32)",
                  imwg_item3, 1),
    CRITERION_ALL("B2M >= 5.5 mg/L with creatinine < 1.2 mg/dL", imwg_item4, 1),
};
static const b2m_stage_group imwg2025_groups[] = {
    GROUP("standard", 0, 0), GROUP("high", 1, 4),
};

static const b2m_stage_system imwg2025 = {
    .key = "imwg2025",
    .name = "IMS/IMWG 2025",
    .long_name = "the International Myeloma Society/International Myeloma "
                 "Working Group (IMS/IMWG) 2025 consensus definition of "
                 "high-risk multiple myeloma",
    .disease = "myeloma",
    .prefix = "risk",
    .citation = {
        .key = "avetloiseau2025",
        .authors = "Avet-Loiseau H, Davies FE, Samur MK, et al.",
        .title = "International Myeloma Society/International Myeloma "
                 "Working Group consensus recommendations on the definition "
                 "of high-risk multiple myeloma",
        .journal = "J Clin Oncol", .year = 2025, .volume = 43, .issue = 24,
        .pages = "2739-2751", .doi = "10.1200/JCO-24-01893"},
    .has_score = 0,
    .points_encode_rule = 1,
    TABLES(imwg2025),
    .cohort = NULL, .era = NULL,
    NO_OUTCOMES,
    .outcomes_note = NULL,
};

/* ---- CLL-IPI (International CLL-IPI working group 2016) ------------------ */

enum { CLL_TP53, CLL_IGHV, CLL_B2M, CLL_STAGE, CLL_AGE };

static const b2m_stage_column cll_ipi_columns[] = {
    FLAG("tp53"),
    FLAG("ighv_unmutated"),
    B2M_MG_L,
    /* TRUE for Binet B/C or Rai I-IV: R reads the labels. */
    {.name = "clinical_stage", .kind = B2M_STAGE_FLAG, .unit = NULL,
     .quantity = NULL, .unit_arg = NULL, .coding = "binet_rai"},
    AGE_YEARS,
};
static const b2m_stage_condition cll_tp53[] = {IS_TRUE(CLL_TP53)};
static const b2m_stage_condition cll_ighv[] = {IS_TRUE(CLL_IGHV)};
static const b2m_stage_condition cll_b2m[] = {ABOVE(CLL_B2M, 3.5)};
static const b2m_stage_condition cll_stage[] = {IS_TRUE(CLL_STAGE)};
static const b2m_stage_condition cll_age[] = {ABOVE(CLL_AGE, 65)};
static const b2m_stage_criterion cll_ipi_criteria[] = {
    CRITERION("TP53 deleted and/or mutated", cll_tp53, 4),
    CRITERION("IGHV unmutated", cll_ighv, 2),
    CRITERION("B2M > 3.5 mg/L", cll_b2m, 2),
    CRITERION("Binet B/C or Rai I-IV", cll_stage, 1),
    CRITERION("age > 65 years", cll_age, 1),
};
static const b2m_stage_group cll_ipi_groups[] = {
    GROUP("low", 0, 1), GROUP("intermediate", 2, 3), GROUP("high", 4, 6),
    GROUP("very high", 7, 10),
};

static const b2m_stage_outcome cll_ipi_outcomes[] = {
    OUTCOME("5-year overall survival", "%", "S", 93.2, 79.3, 63.3, 23.3),
};

static const b2m_stage_system cll_ipi = {
    .key = "cll_ipi",
    .name = "CLL-IPI",
    .long_name = "the International Prognostic Index for chronic lymphocytic "
                 "leukaemia (CLL-IPI)",
    .disease = "CLL",
    .citation = {
        .key = "cllipi2016",
        .authors = "International CLL-IPI working group",
        .title = "An international prognostic index for patients with chronic "
                 "lymphocytic leukaemia (CLL-IPI): a meta-analysis of "
                 "individual patient data",
        .journal = "Lancet Oncol", .year = 2016, .volume = 17, .issue = 6,
        .pages = "779-790", .doi = "10.1016/S1470-2045(16)30029-8"},
    .has_score = 1,
    .points_encode_rule = 0,
    TABLES(cll_ipi),
    .cohort = "3,472 treatment-naive CLL patients from 8 phase 3 trials",
    .era = "chemotherapy and chemoimmunotherapy, before the targeted "
           "signalling inhibitors",
    OUTCOMES(cll_ipi),
    .outcomes_note = NULL,
};

/* ---- IPSSWM (Morel 2009) ------------------------------------------------- */

enum { WM_AGE, WM_HEMOGLOBIN, WM_PLATELETS, WM_B2M, WM_IGM };

static const b2m_stage_column ipsswm_columns[] = {
    AGE_YEARS,
    HEMOGLOBIN_G_DL,
    NUMBER("platelets", B2M_STAGE_VALUE, "10^9/L", "platelets", NULL),
    B2M_MG_L,
    NUMBER("igm", B2M_STAGE_VALUE, "g/dL", "igm", "igm_unit"),
};
static const b2m_stage_condition ipsswm_age[] = {ABOVE(WM_AGE, 65)};
static const b2m_stage_condition ipsswm_hemoglobin[] = {AT_MOST(WM_HEMOGLOBIN, 11.5)};
static const b2m_stage_condition ipsswm_platelets[] = {AT_MOST(WM_PLATELETS, 100)};
static const b2m_stage_condition ipsswm_b2m[] = {ABOVE(WM_B2M, 3)};
static const b2m_stage_condition ipsswm_igm[] = {ABOVE(WM_IGM, 7)};
enum { WM_CRITERION_AGE }; /* the first criterion */
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
    {.name = "low", .min_score = 0, .max_score = 1, .requires = NONE,
     .excludes = WM_CRITERION_AGE},
    GROUP("intermediate", 0, 2),
    GROUP("high", 3, 5),
};

static const b2m_stage_outcome ipsswm_outcomes[] = {
    OUTCOME("5-year survival", "%", "P", 87, 68, 36),
    OUTCOME("median survival", "months", "S", 142, 99, 43),
};

static const b2m_stage_system ipsswm = {
    .key = "ipsswm",
    .name = "IPSSWM",
    .long_name = "the International Prognostic Scoring System for "
                 "Waldenstr" O_UML "m macroglobulinaemia (IPSSWM)",
    .disease = "Waldenstrom",
    .citation = {
        .key = "morel2009",
        .authors = "Morel P, Duhamel A, Gobbi P, et al.",
        .title = "International prognostic scoring system for Waldenstr" O_UML
                 "m macroglobulinemia",
        .journal = "Blood", .year = 2009, .volume = 113, .issue = 18,
        .pages = "4163-4170", .doi = "10.1182/blood-2008-08-174961"},
    .has_score = 1,
    .points_encode_rule = 0,
    TABLES(ipsswm),
    .cohort = "587 symptomatic Waldenstr" O_UML "m patients, survival counted "
              "from the start of first-line treatment",
    .era = "alkylating agents and purine analogues, before rituximab",
    OUTCOMES(ipsswm),
    .outcomes_note = NULL,
};

/* ---- revised IPSSWM (Kastritis 2019) -------------------------------------
 * The primary's ">=" for B2M and LDH and its age bands: <= 65 0, 66-75 1,
 * >= 76 2 (two criteria of one point). */

enum { RWM_AGE, RWM_B2M, RWM_LDH, RWM_ALBUMIN };

static const b2m_stage_column ripsswm_columns[] = {
    AGE_YEARS,
    B2M_MG_L,
    NUMBER("ldh", B2M_STAGE_VALUE, "U/L", "ldh", NULL),
    ALBUMIN_G_DL,
};
static const b2m_stage_condition ripsswm_age66[] = {ABOVE(RWM_AGE, 65)};
static const b2m_stage_condition ripsswm_age76[] = {AT_LEAST(RWM_AGE, 76)};
static const b2m_stage_condition ripsswm_b2m[] = {AT_LEAST(RWM_B2M, 4)};
static const b2m_stage_condition ripsswm_albumin[] = {BELOW(RWM_ALBUMIN, 3.5)};
static const b2m_stage_condition ripsswm_ldh[] = {AT_LEAST(RWM_LDH, 250)};
static const b2m_stage_criterion ripsswm_criteria[] = {
    CRITERION("age 66 years or more", ripsswm_age66, 1),
    CRITERION("age 76 years or more", ripsswm_age76, 1),
    CRITERION("B2M >= 4 mg/L", ripsswm_b2m, 1),
    CRITERION("albumin < 3.5 g/dL", ripsswm_albumin, 1),
    CRITERION("LDH >= 250 U/L", ripsswm_ldh, 1),
};
static const b2m_stage_group ripsswm_groups[] = {
    GROUP("very low", 0, 0), GROUP("low", 1, 1), GROUP("intermediate", 2, 2),
    GROUP("high", 3, 3), GROUP("very high", 4, 5),
};

static const b2m_stage_outcome ripsswm_outcomes[] = {
    OUTCOME("3-year Waldenstr" O_UML "m-related death", "%", "P",
            0, 10, 14, 38, 48),
    OUTCOME("10-year survival", "%", "P", 84, 59, 37, 19, 9),
    OUTCOME("5-year overall survival", "%", "S", 95, 86, 78, 47, 36),
};

static const b2m_stage_system ripsswm = {
    .key = "ripsswm",
    .name = "rIPSSWM",
    .long_name = "the revised International Prognostic Scoring System for "
                 "Waldenstr" O_UML "m macroglobulinaemia (rIPSSWM)",
    .disease = "Waldenstrom",
    .citation = {
        .key = "kastritis2019",
        .authors = "Kastritis E, Morel P, Duhamel A, et al.",
        .title = "A revised international prognostic score system for "
                 "Waldenstr" O_UML "m's macroglobulinemia",
        .journal = "Leukemia", .year = 2019, .volume = 33, .issue = 11,
        .pages = "2654-2661", .doi = "10.1038/s41375-019-0431-y"},
    .has_score = 1,
    .points_encode_rule = 0,
    TABLES(ripsswm),
    .cohort = "492 symptomatic Waldenstr" O_UML "m patients followed for a median "
              "of 7 years",
    .era = "chemoimmunotherapy, with and without frontline rituximab",
    OUTCOMES(ripsswm),
    .outcomes_note = NULL,
};

/* ---- FLIPI2 (Federico 2009) ---------------------------------------------- */

enum { FL_AGE, FL_B2M, FL_B2M_ULN, FL_NODE, FL_MARROW, FL_HEMOGLOBIN };

static const b2m_stage_column flipi2_columns[] = {
    AGE_YEARS,
    B2M_MG_L,
    /* the laboratory's limit, in the unit of `b2m` */
    NUMBER("b2m_uln", B2M_STAGE_LIMIT, "mg/L", "b2m", "b2m_unit"),
    NUMBER("node_diameter_cm", B2M_STAGE_VALUE, "cm", "node_diameter", NULL),
    FLAG("bone_marrow"),
    HEMOGLOBIN_G_DL,
};
/* B2M above the laboratory's own upper limit, compared row by row. */
static const b2m_stage_condition flipi2_b2m[] = {ABOVE_INPUT(FL_B2M, FL_B2M_ULN)};
static const b2m_stage_condition flipi2_node[] = {ABOVE(FL_NODE, 6)};
static const b2m_stage_condition flipi2_marrow[] = {IS_TRUE(FL_MARROW)};
static const b2m_stage_condition flipi2_hemoglobin[] = {BELOW(FL_HEMOGLOBIN, 12)};
static const b2m_stage_condition flipi2_age[] = {ABOVE(FL_AGE, 60)};
static const b2m_stage_criterion flipi2_criteria[] = {
    CRITERION("B2M above the upper limit", flipi2_b2m, 1),
    CRITERION("largest node > 6 cm", flipi2_node, 1),
    CRITERION("bone marrow involvement", flipi2_marrow, 1),
    CRITERION("haemoglobin < 12 g/dL", flipi2_hemoglobin, 1),
    CRITERION("age > 60 years", flipi2_age, 1),
};
static const b2m_stage_group flipi2_groups[] = {
    GROUP("low", 0, 0), GROUP("intermediate", 1, 2), GROUP("high", 3, 5),
};

static const b2m_stage_outcome flipi2_outcomes[] = {
    OUTCOME("3-year progression-free survival", "%", "P", 91, 69, 51),
    OUTCOME("3-year overall survival", "%", "P", 99, 96, 84),
};

static const b2m_stage_system flipi2 = {
    .key = "flipi2",
    .name = "FLIPI2",
    .long_name = "the Follicular Lymphoma International Prognostic Index 2 "
                 "(FLIPI2)",
    .disease = "follicular lymphoma",
    .citation = {
        .key = "federico2009",
        .authors = "Federico M, Bellei M, Marcheselli L, et al.",
        .title = "Follicular lymphoma international prognostic index 2: a new "
                 "prognostic index for follicular lymphoma developed by the "
                 "international follicular lymphoma prognostic factor project",
        .journal = "J Clin Oncol", .year = 2009, .volume = 27, .issue = 27,
        .pages = "4555-4562", .doi = "10.1200/JCO.2008.21.3991"},
    .has_score = 1,
    .points_encode_rule = 0,
    TABLES(flipi2),
    .cohort = "the F2 study: 832 of 1,093 newly diagnosed follicular lymphoma "
              "patients registered 2003-2005, with complete data",
    .era = "immunochemotherapy",
    OUTCOMES(flipi2),
    .outcomes_note = "the FLIPI2 paper reports 3-year figures; its 5-year "
                     "PFS is left out",
};

/* ---- PRIMA-PI (Bachy 2018) -----------------------------------------------
 * A decision rule, not a published score: high is B2M > 3 mg/L whatever the
 * marrow, intermediate B2M <= 3 with marrow involvement, low without.  The
 * points 2 and 1 encode exactly that. */

enum { PRIMA_B2M, PRIMA_MARROW };

static const b2m_stage_column prima_pi_columns[] = {B2M_MG_L, FLAG("bone_marrow")};
static const b2m_stage_condition prima_b2m[] = {ABOVE(PRIMA_B2M, 3)};
static const b2m_stage_condition prima_marrow[] = {IS_TRUE(PRIMA_MARROW)};
static const b2m_stage_criterion prima_pi_criteria[] = {
    CRITERION("B2M > 3 mg/L", prima_b2m, 2),
    CRITERION("bone marrow involvement", prima_marrow, 1),
};
static const b2m_stage_group prima_pi_groups[] = {
    GROUP("low", 0, 0), GROUP("intermediate", 1, 1), GROUP("high", 2, 3),
};

static const b2m_stage_outcome prima_pi_outcomes[] = {
    OUTCOME("5-year progression-free survival", "%", "P", 69, 55, 37),
    OUTCOME_IN("479 follicular lymphoma patients of the FL2000 trial and the "
               "Iowa/Mayo Molecular Epidemiology Resource (validation)",
               "immunochemotherapy",
               "5-year event-free survival", "%", "P", 77, 57, 44),
};

static const b2m_stage_system prima_pi = {
    .key = "prima_pi",
    .name = "PRIMA-PI",
    .long_name = "the PRIMA Prognostic Index (PRIMA-PI) for follicular lymphoma",
    .disease = "follicular lymphoma",
    .citation = {
        .key = "bachy2018",
        .authors = "Bachy E, Maurer MJ, Habermann TM, et al.",
        .title = "A simplified scoring system in de novo follicular lymphoma "
                 "treated initially with immunochemotherapy",
        .journal = "Blood", .year = 2018, .volume = 132, .issue = 1,
        .pages = "49-58", .doi = "10.1182/blood-2017-11-816405"},
    .has_score = 0,
    .points_encode_rule = 1,
    TABLES(prima_pi),
    .cohort = "the PRIMA trial: 1,135 follicular lymphoma patients",
    .era = "R-chemotherapy, with or without rituximab maintenance",
    OUTCOMES(prima_pi),
    .outcomes_note = NULL,
};

/* ---- MASS (Abdallah 2022) ------------------------------------------------
 * The Mayo Additive Staging System: one point for each of five high-risk
 * factors, I 0, II 1, III 2-5.  ISS III is the ISS condition itself, so MASS
 * decides it as stage_iss() does; high LDH is the `ldh_high` flag of R-ISS
 * and R2-ISS.  The three translocations are one criterion, so several count
 * once. */

enum { MASS_B2M = ISS_B2M, MASS_LDH_HIGH, MASS_DEL17P, MASS_T4_14,
       MASS_T14_16, MASS_T14_20, MASS_GAIN1Q };

static const b2m_stage_column mass_columns[] = {
    B2M_MG_L, FLAG("ldh_high"), FLAG("del17p"), FLAG("t4_14"), FLAG("t14_16"),
    FLAG("t14_20"), FLAG("gain1q"),
};
static const b2m_stage_condition mass_igh[] = {
    IS_TRUE(MASS_T4_14),
    IS_TRUE(MASS_T14_16),
    IS_TRUE(MASS_T14_20),
};
static const b2m_stage_condition mass_gain1q[] = {IS_TRUE(MASS_GAIN1Q)};
static const b2m_stage_condition mass_chr17[] = {IS_TRUE(MASS_DEL17P)};
static const b2m_stage_condition mass_ldh[] = {IS_TRUE(MASS_LDH_HIGH)};
static const b2m_stage_criterion mass_criteria[] = {
    CRITERION_NOTED("high-risk IgH translocation", mass_igh, 1,
                    "t(4;14), t(14;16) and t(14;20): the usual Mayo/mSMART list, "
                    "not in the abstract read; several count once, inferred from "
                    "the abstract's one factor (no explicit sentence read)",
                    "U"),
    CRITERION_NOTED("1q gain or amplification", mass_gain1q, 1,
                    "read as 3 copies (gain) or 4 or more (amplification), "
                    "as in R2-ISS; the paper's own definition was not read",
                    "U"),
    CRITERION_NOTED("chromosome 17 abnormality", mass_chr17, 1,
                    "del(17p); whether monosomy 17 counts too was not "
                    "confirmed (set the flag for it if your laboratory "
                    "counts it)", "U"),
    CRITERION("ISS III", iss_iii, 1),
    CRITERION_NOTED("LDH above the upper limit", mass_ldh, 1,
                    "the comparator was not read; above the upper limit is "
                    "assumed, as in R-ISS and R2-ISS", "U"),
};
static const b2m_stage_group mass_groups[] = {
    GROUP("I", 0, 0), GROUP("II", 1, 1), GROUP("III", 2, 5),
};

static const b2m_stage_outcome mass_outcomes[] = {
    OUTCOME("median overall survival", "years", "P", 11.0, 7.0, 4.5),
};

static const b2m_stage_system mass = {
    .key = "mass",
    .name = "MASS",
    .long_name = "the Mayo Additive Staging System (MASS) for multiple myeloma",
    .disease = "myeloma",
    .citation = {
        .key = "abdallah2022",
        .authors = "Abdallah NH, Binder M, Rajkumar SV, et al.",
        .title = "A simple additive staging system for newly diagnosed "
                 "multiple myeloma",
        /* the reference gives no article number */
        .journal = "Blood Cancer J", .year = 2022, .volume = 12, .issue = 1,
        .pages = NULL, .doi = "10.1038/s41408-022-00611-x"},
    .has_score = 1,
    .points_encode_rule = 0,
    TABLES(mass),
    .cohort = "1,327 newly diagnosed myeloma patients of the Mayo Clinic, "
              "diagnosed February 2004 to June 2019 (2,556 screened)",
    .era = "novel agents",
    OUTCOMES(mass),
    .outcomes_note = "the MASS abstract gives \"OS\" in years per stage, "
                     "read as median overall survival; the figures of its "
                     "validation cohort (502 MMRF CoMMpass patients) are "
                     "left out",
};

/* ---- the systems, in the order b2m_rules() and b2m_methods() list them --- */

const b2m_stage_system *const b2m_stage_systems[] = {
    &iss, &riss, &r2iss, &imwg2025, &cll_ipi, &ipsswm, &ripsswm, &flipi2,
    &prima_pi, &mass,
};
const size_t b2m_stage_n_systems = COUNT(b2m_stage_systems);
