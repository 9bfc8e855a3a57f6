/* test_staging.c - the staging mechanism and every system's table. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "b2m.h"
#include "staging_plan.h" /* the tests look inside the plan */

#define NA NAN
#define T 1.0
#define F 0.0

static const b2m_scale same = {1, 1};

/* A plan of exactly the bytes `system` needs, so that AddressSanitizer
 * finds any key beyond them; freed by the caller. */
static b2m_stage_plan *new_plan(const b2m_stage_system *system)
{
    b2m_stage_plan *plan = malloc(b2m_stage_plan_size(system));
    if (plan == NULL) {
        fprintf(stderr, "out of memory for a plan\n");
        exit(1);
    }
    return plan;
}

/* The levels of an ordinal column in these tests (none, monoallelic,
 * biallelic), and the largest value of the others. */
#define LEVELS 3
#define LARGEST(system, k) \
    ((system)->n_columns > (k) && (system)->columns[k].kind == B2M_STAGE_LEVEL \
         ? LEVELS - 1 : 1e9)

/* The stage (1-based, B2M_NA_INT) and score of one row given in the
 * canonical units, or in `unit` for every numeric column. */
static int stage_in(const char *name, const double *row, b2m_scale unit,
                    double *score)
{
    const b2m_stage_system *system = b2m_stage_find(name);
    b2m_column cols[B2M_STAGE_MAX_COLUMNS];
    b2m_scale scales[B2M_STAGE_MAX_COLUMNS];
    double max[B2M_STAGE_MAX_COLUMNS];
    b2m_bad_rows bad[B2M_STAGE_MAX_COLUMNS];
    int flags[B2M_STAGE_MAX_COLUMNS], stage;
    double ignored;
    size_t k;

    for (k = 0; k < system->n_columns; k++) {
        if (system->columns[k].kind == B2M_STAGE_FLAG) {
            flags[k] = isnan(row[k]) ? B2M_NA_INT : (int) row[k];
            cols[k] = b2m_column_integer(&flags[k], 1);
        } else {
            cols[k] = b2m_column_real(&row[k], 1);
        }
        scales[k] = system->columns[k].kind == B2M_STAGE_AGE ? same : unit;
        max[k] = LARGEST(system, k);
        b2m_bad_rows_init(&bad[k]);
    }
    CHECK(b2m_stage_compute(system, 1, cols, scales, max, &stage,
                            score != NULL ? score : &ignored, bad) == 0);
    return stage;
}

static int stage_of(const char *name, const double *row)
{
    return stage_in(name, row, same, NULL);
}

static double score_of(const char *name, const double *row)
{
    double score;
    stage_in(name, row, same, &score);
    return score;
}

#define STAGE(name, expected, ...)                                             \
    do {                                                                       \
        const double row_[] = {__VA_ARGS__};                                   \
        CHECK(stage_of(name, row_) == (expected));                             \
    } while (0)
#define SCORE(name, expected, ...)                                             \
    do {                                                                       \
        const double row_[] = {__VA_ARGS__};                                   \
        CHECK_NEAR(score_of(name, row_), expected, 0);                         \
    } while (0)

/* Every system: its columns fit, every condition refers to a column of the
 * right kind, and every reachable score has exactly the groups the table
 * means (some group matches every combination of criteria). */
static void test_tables(void)
{
    size_t s, c, j, k, g;
    CHECK(b2m_stage_n_systems > 0);
    CHECK(b2m_stage_find("nope") == NULL);
    for (s = 0; s < b2m_stage_n_systems; s++) {
        const b2m_stage_system *system = b2m_stage_systems[s];
        size_t conditions = 0, clauses = 0, combos;
        CHECK(b2m_stage_find(system->key) == system);
        CHECK(system->n_columns <= B2M_STAGE_MAX_COLUMNS);
        for (c = 0; c < system->n_criteria; c++) {
            const b2m_stage_criterion *criterion = &system->criteria[c];
            CHECK(criterion->n_all >= 1);
            clauses += criterion->n_all;
            for (j = 0; j < criterion->n_all; j++) {
                const b2m_stage_clause *clause = &criterion->all[j];
                CHECK(clause->n_any >= 1);
                conditions += clause->n_any;
                for (k = 0; k < clause->n_any; k++) {
                    const b2m_stage_condition *cond = &clause->any[k];
                    int flag = system->columns[cond->column].kind == B2M_STAGE_FLAG;
                    CHECK((size_t) cond->column < system->n_columns);
                    CHECK(flag == (cond->op == B2M_STAGE_TRUE));
                    CHECK(cond->versus < (int) system->n_columns);
                }
            }
        }
        CHECK(conditions <= B2M_STAGE_MAX_CONDITIONS);
        CHECK(clauses <= B2M_STAGE_MAX_CLAUSES);
        for (g = 0; g < system->n_groups; g++) {
            CHECK(system->groups[g].min_score <= system->groups[g].max_score);
            CHECK(system->groups[g].requires < (int) system->n_criteria);
            CHECK(system->groups[g].excludes < (int) system->n_criteria);
        }
        /* Every subset of met criteria lands in some group. */
        combos = (size_t) 1 << system->n_criteria;
        for (k = 0; k < combos; k++) {
            double total = 0;
            int found = 0;
            for (c = 0; c < system->n_criteria; c++)
                if (k >> c & 1)
                    total += system->criteria[c].points;
            for (g = 0; g < system->n_groups && !found; g++) {
                const b2m_stage_group *group = &system->groups[g];
                found = total >= group->min_score && total <= group->max_score &&
                        (group->requires < 0 || (k >> group->requires & 1)) &&
                        (group->excludes < 0 || !(k >> group->excludes & 1));
            }
            CHECK(found);
        }
        /* An outcome gives one figure per group, in a cohort named. */
        CHECK((system->n_outcomes > 0) == (system->outcomes != NULL));
        CHECK(system->n_outcomes == 0 || system->cohort != NULL);
        for (k = 0; k < system->n_outcomes; k++) {
            const b2m_stage_outcome *outcome = &system->outcomes[k];
            CHECK(outcome->n_values == system->n_groups);
            CHECK(strcmp(outcome->confidence, "P") == 0 ||
                  strcmp(outcome->confidence, "S") == 0);
            CHECK((outcome->cohort == NULL) == (outcome->era == NULL));
        }
    }
}

static void test_iss_family(void)
{
    const b2m_scale mg_dl = {1, 10}, g_l_alb = {10, 1};
    /* The reference file's worked examples (stage I = 1, II = 2, III = 3). */
    STAGE("iss", 1, 2.5, 4.0);
    STAGE("iss", 2, 2.5, 3.0);
    STAGE("iss", 2, 4.0, 4.0);
    STAGE("iss", 3, 6.0, 4.5);
    STAGE("iss", 3, 6.0, NA);
    STAGE("iss", 2, 4.0, NA);
    STAGE("iss", B2M_NA_INT, 2.5, NA);
    STAGE("iss", 1, 3.49, 3.5);
    STAGE("iss", 2, 3.5, 4.0);
    STAGE("iss", 2, 5.49, 3.0);
    STAGE("iss", 3, 5.5, 4.2);
    STAGE("iss", 3, 5.5, NA);
    STAGE("iss", 2, nextafter(5.5, 0), NA);
    STAGE("iss", 2, 3.5, NA);
    STAGE("iss", B2M_NA_INT, nextafter(3.5, 0), NA);
    STAGE("iss", B2M_NA_INT, NA, 3.0); /* not I, but II or III */
    STAGE("iss", B2M_NA_INT, NA, 4.0);
    STAGE("iss", 2, 1.0, nextafter(3.5, 0));
    SCORE("iss", 2, 6.0, 4.5);
    CHECK(isnan(score_of("iss", (const double[]) {6.0, NA})));

    /* Thresholds converted into the column's unit, exactly. */
    {
        const double at[] = {0.55, 4.0}, below[] = {0.35, 4.0};
        const double tenfold[] = {34.9, 35}; /* both columns scaled by 10 */
        CHECK(stage_in("iss", at, mg_dl, NULL) == 3);
        CHECK(stage_in("iss", below, mg_dl, NULL) == 2);
        CHECK(stage_in("iss", tenfold, g_l_alb, NULL) == 1);
    }

    /* R-ISS: b2m, albumin, ldh_high, del17p, t4_14, t14_16. */
    STAGE("riss", 1, 2.5, 4.0, F, F, F, F);
    STAGE("riss", 2, 6.0, 4.0, F, F, F, F); /* ISS III, LDH normal, no CA */
    STAGE("riss", 3, 6.0, 4.0, F, T, F, F); /* ISS III, del(17p) */
    STAGE("riss", 3, 6.0, 4.0, T, F, F, F); /* ISS III, LDH high */
    STAGE("riss", 3, 6.0, 4.0, F, F, F, T); /* ISS III, t(14;16) */
    STAGE("riss", 2, 2.5, 4.0, F, F, T, F); /* ISS I, t(4;14) */
    STAGE("riss", 2, 4.0, 4.0, F, T, F, F); /* ISS II, del(17p) */
    STAGE("riss", 2, 4.0, NA, NA, NA, NA, NA); /* ISS II whatever */
    STAGE("riss", B2M_NA_INT, 6.0, NA, NA, F, F, F);
    STAGE("riss", 3, 6.0, NA, NA, T, NA, NA);
    STAGE("riss", 2, 2.5, 4.0, NA, T, NA, NA);
    STAGE("riss", B2M_NA_INT, 2.5, 4.0, F, F, F, NA);
    STAGE("riss", 2, 2.5, 3.0, NA, NA, NA, NA);

    /* R2-ISS: b2m, albumin, ldh_high, del17p, t4_14, gain1q. */
    STAGE("r2iss", 1, 2.5, 4.0, F, F, F, F);
    STAGE("r2iss", 2, 2.5, 4.0, F, F, F, T);
    STAGE("r2iss", 3, 4.0, 4.0, F, F, F, T);
    STAGE("r2iss", 3, 6.0, 4.0, F, F, F, F);
    STAGE("r2iss", 4, 4.0, 4.0, T, F, T, F);
    STAGE("r2iss", 4, 6.0, 4.0, T, T, T, T);
    SCORE("r2iss", 0.5, 2.5, 4.0, F, F, F, T);
    SCORE("r2iss", 1.5, 4.0, 4.0, F, F, F, T);
    SCORE("r2iss", 5, 6.0, 4.0, T, T, T, T);
    SCORE("r2iss", 2.5, 6.0, 4.0, F, T, F, F);
    STAGE("r2iss", 4, 6.0, NA, T, T, NA, NA);
    STAGE("r2iss", B2M_NA_INT, 6.0, 4.0, T, F, F, NA); /* 2.5 or 3 */
    STAGE("r2iss", 3, 6.0, 4.0, F, F, F, NA);          /* 1.5 or 2 */
}

static void test_lymphoid(void)
{
    /* CLL-IPI: tp53, ighv_unmutated, b2m, advanced stage, age. */
    STAGE("cll_ipi", 1, F, F, 3.5, F, 65);
    STAGE("cll_ipi", 2, F, F, 3.51, F, 50);
    STAGE("cll_ipi", 3, F, T, 4.0, F, 70);
    STAGE("cll_ipi", 4, T, T, 3.6, T, 66);
    SCORE("cll_ipi", 5, F, T, 4.0, F, 70);
    SCORE("cll_ipi", 10, T, T, 3.6, T, 66);
    SCORE("cll_ipi", 0, F, F, 3.5, F, 65.9); /* completed years */
    SCORE("cll_ipi", 1, F, F, 3.5, F, 66);
    STAGE("cll_ipi", B2M_NA_INT, T, T, NA, NA, NA); /* 6-10 */
    STAGE("cll_ipi", 3, T, F, 3.0, NA, 50);          /* 4 or 5 */
    STAGE("cll_ipi", 4, T, T, 4.0, NA, NA);          /* 8-10 */

    /* IPSSWM: age, hemoglobin, platelets, b2m, igm. */
    STAGE("ipsswm", 1, 60, 12.0, 150, 2.5, 3);
    STAGE("ipsswm", 1, 60, 12.0, 150, 3.0, 3);
    STAGE("ipsswm", 1, 60, 12.0, 150, 3.5, 3);
    STAGE("ipsswm", 2, 70, 12.0, 150, 2.5, 3);
    STAGE("ipsswm", 2, 60, 11.5, 150, 3.5, 3);
    STAGE("ipsswm", 3, 70, 12.0, 90, 3.1, 3);
    STAGE("ipsswm", 1, 65.9, 12.0, 150, 2.5, 7.0);
    STAGE("ipsswm", 2, 66, 12.0, 150, 2.5, 7.0);
    STAGE("ipsswm", 2, 60, 12.0, 100, 2.5, nextafter(7.0, 8));
    SCORE("ipsswm", 3, 70, 12.0, 90, 3.1, 3);
    STAGE("ipsswm", 3, 70, 11.0, 90, NA, NA);
    STAGE("ipsswm", B2M_NA_INT, 60, 12.0, 150, 3.5, NA);

    /* Revised IPSSWM: age, b2m, ldh, albumin. */
    STAGE("ripsswm", 1, 60, 3.9, 240, 3.6);
    STAGE("ripsswm", 3, 70, 4.0, 240, 3.6);
    STAGE("ripsswm", 4, 76, 3.9, 250, 3.6);
    STAGE("ripsswm", 5, 80, 5, 300, 3.0);
    STAGE("ripsswm", 2, 75.9, 3.9, 240, 3.5);
    SCORE("ripsswm", 2, 76, 3.9, 240, 3.5);
    SCORE("ripsswm", 1, 66, 3.9, nextafter(250, 0), 3.5);
    STAGE("ripsswm", 5, 80, 5, NA, 3.0);
    STAGE("ripsswm", B2M_NA_INT, NA, 5, 300, 3.0);

    /* FLIPI2: age, b2m, b2m_uln, node, bone_marrow, hemoglobin. */
    STAGE("flipi2", 1, 55, 2.0, 2.7, 4, F, 13);
    STAGE("flipi2", 2, 65, 2.0, 2.7, 4, T, 13);
    STAGE("flipi2", 3, 61, 3.0, 2.7, 7, F, 11.9);
    SCORE("flipi2", 4, 61, 3.0, 2.7, 7, F, 11.9);
    SCORE("flipi2", 0, 60, 2.7, 2.7, 6.0, F, 12.0);
    SCORE("flipi2", 1, 60, nextafter(2.7, 3), 2.7, 6.0, F, 12.0);
    STAGE("flipi2", 2, 60, NA, 2.7, 6.0, T, 12.0);
    STAGE("flipi2", 2, 60, 3.0, NA, 6.0, T, 12.0);
    STAGE("flipi2", 3, 61, NA, NA, 7, T, 12.0);
    STAGE("flipi2", B2M_NA_INT, 61, NA, NA, 7, F, 12.0);
    STAGE("flipi2", B2M_NA_INT, 60, NA, NA, 6, F, 12.0);

    /* PRIMA-PI: b2m, bone_marrow (1 low, 2 intermediate, 3 high). */
    STAGE("prima_pi", 2, 3.0, T);
    STAGE("prima_pi", 3, 3.01, F);
    STAGE("prima_pi", 3, 3.01, T);
    STAGE("prima_pi", 1, 2.5, F);
    STAGE("prima_pi", 3, 3.5, NA);
    STAGE("prima_pi", B2M_NA_INT, 3.0, NA);
    STAGE("prima_pi", B2M_NA_INT, NA, F);
}

static void test_checks(void)
{
    /* Bad values are recorded per column and give NA. */
    const b2m_stage_system *iss = b2m_stage_find("iss");
    const double b2m[3] = {6.0, -1, 300}, albumin = 4.0;
    b2m_column cols[2];
    b2m_scale scales[2] = {{1, 1}, {1, 1}};
    double max[2] = {200, 10};
    b2m_bad_rows bad[2];
    int stage[3];

    cols[0] = b2m_column_real(b2m, 3);
    cols[1] = b2m_column_real(&albumin, 1);
    b2m_bad_rows_init(&bad[0]);
    b2m_bad_rows_init(&bad[1]);
    CHECK(b2m_stage_compute(iss, 3, cols, scales, max, stage, NULL, bad) == 2);
    CHECK(stage[0] == 3 && stage[1] == B2M_NA_INT && stage[2] == B2M_NA_INT);
    CHECK(bad[0].count == 2 && bad[0].rows[0] == 1 && bad[0].rows[1] == 2);
    CHECK(bad[0].problems[0] == B2M_VALUE_NEGATIVE);
    CHECK(bad[0].problems[1] == B2M_VALUE_IMPLAUSIBLE);
    CHECK(bad[1].count == 0);

    /* A laboratory limit must be positive; an age is checked too. */
    {
        const b2m_stage_system *fl = b2m_stage_find("flipi2");
        const double age = 130, value = 2, zero = 0, node = 3, hb = 13;
        const int marrow = 0;
        b2m_column c6[6];
        b2m_scale s6[6] = {{1, 1}, {1, 1}, {1, 1}, {1, 1}, {1, 1}, {1, 1}};
        double m6[6] = {120, 200, 200, 50, 0, 25};
        b2m_bad_rows b6[6];
        size_t k;
        c6[0] = b2m_column_real(&age, 1);
        c6[1] = b2m_column_real(&value, 1);
        c6[2] = b2m_column_real(&zero, 1);
        c6[3] = b2m_column_real(&node, 1);
        c6[4] = b2m_column_integer(&marrow, 1);
        c6[5] = b2m_column_real(&hb, 1);
        for (k = 0; k < 6; k++)
            b2m_bad_rows_init(&b6[k]);
        CHECK(b2m_stage_compute(fl, 1, c6, s6, m6, stage, NULL, b6) == 2);
        CHECK(b6[0].problems[0] == B2M_VALUE_IMPLAUSIBLE);
        CHECK(b6[2].problems[0] == B2M_VALUE_ZERO);
    }
}

/* The per-call plan: thresholds in the data's unit, the stage and score of
 * every mask of met criteria, what a missing column can meet. */
static void test_plan(void)
{
    const b2m_stage_system *iss = b2m_stage_find("iss");
    const b2m_scale per_dl[2] = {{1, 10}, {1, 1}}; /* B2M in mg/dL */
    const double max[2] = {15, 10};
    b2m_stage_plan *plan = new_plan(iss);
    size_t s;

    CHECK(b2m_stage_plan_make(iss, per_dl, max, plan) == 0);
    CHECK(plan->n_conditions == 3);
    CHECK(plan->in_unit[0].threshold[0] == 0.35); /* 3.5 mg/L, exactly as typed */
    CHECK(plan->in_unit[0].threshold[2] == 0.55);
    CHECK(plan->in_unit[0].threshold[1] == 3.5);
    CHECK(plan->bit[0] == 1u && plan->bit[1] == 1u && plan->bit[2] == 2u);
    /* masks: bit 0 "II or III", bit 1 "III" */
    CHECK(plan->stage_of[0] == 1 && plan->score_of[0] == 0);
    CHECK(plan->stage_of[1] == 2 && plan->score_of[1] == 1);
    CHECK(plan->stage_of[3] == 3 && plan->score_of[3] == 2);
    CHECK(plan->stage_of[2] == 2); /* score 1 alone: II */
    CHECK(plan->stage_of[4] == 1); /* no criterion 2: bit ignored */
    /* a missing B2M can meet nothing, "II or III", or both */
    CHECK(plan->n_column_masks[0] == 3);
    CHECK(plan->column_masks[0][0] == 0 && plan->column_masks[0][1] == 1 &&
          plan->column_masks[0][2] == 3);
    /* a missing albumin: nothing or "II or III" */
    CHECK(plan->n_column_masks[1] == 2);

    /* Every system fits the plan's limits; a group-less mask is NA. */
    for (s = 0; s < b2m_stage_n_systems; s++) {
        b2m_scale scales[B2M_STAGE_MAX_COLUMNS];
        double maxes[B2M_STAGE_MAX_COLUMNS];
        size_t k;
        b2m_stage_plan *its = new_plan(b2m_stage_systems[s]);
        for (k = 0; k < B2M_STAGE_MAX_COLUMNS; k++) {
            scales[k] = same;
            maxes[k] = LARGEST(b2m_stage_systems[s], k);
        }
        CHECK(b2m_stage_plan_make(b2m_stage_systems[s], scales, maxes, its) == 0);
        CHECK(b2m_stage_systems[s]->n_criteria <= B2M_STAGE_MAX_CRITERIA);
        free(its);
    }
    free(plan);
}

/* FLIPI2 rows from a small linear congruential generator (the same rows
 * everywhere), with missing values in every column, as columns. */
static void flipi2_rows(size_t n, unsigned state, double *age, double *b2m,
                        const double *uln, double *node, int *marrow, double *hb,
                        b2m_column *cols)
{
    size_t i;
    for (i = 0; i < n; i++) {
        state = state * 1103515245u + 12345u;
        age[i] = i % 37 == 0 ? NA : 40 + (state >> 8) % 40 + 0.5;
        b2m[i] = i % 29 == 0 ? NA : 1 + (double) ((state >> 4) % 40) / 10;
        node[i] = i % 31 == 0 ? NA : (double) ((state >> 12) % 12);
        hb[i] = i % 23 == 0 ? NA : 8 + (double) ((state >> 16) % 80) / 10;
        marrow[i] = i % 19 == 0 ? B2M_NA_INT : (int) ((state >> 20) & 1);
    }
    cols[0] = b2m_column_real(age, n);
    cols[1] = b2m_column_real(b2m, n);
    cols[2] = b2m_column_real(uln, 1);
    cols[3] = b2m_column_real(node, n);
    cols[4] = b2m_column_integer(marrow, n);
    cols[5] = b2m_column_real(hb, n);
}

/* Rows staged in blocks give what each row gives alone, across block
 * boundaries, in a short last block, with recycled columns and with bad
 * values recorded in row order. */
static void test_blocks(void)
{
    const b2m_stage_system *fl = b2m_stage_find("flipi2");
    enum { N = 600 };
    static double age[N], b2m[N], node[N], hb[N];
    static int marrow[N], stage[N];
    static double score[N];
    const double uln = 2.7;
    b2m_column cols[6];
    b2m_scale scales[6];
    double max[6];
    b2m_bad_rows bad[6];
    size_t i, k, same_stage = 0, same_score = 0;

    flipi2_rows(N, 12345, age, b2m, &uln, node, marrow, hb, cols);
    b2m[300] = -1;   /* bad rows, in two blocks */
    b2m[555] = -2;
    for (k = 0; k < 6; k++) {
        scales[k] = same;
        max[k] = 1e9;
        b2m_bad_rows_init(&bad[k]);
    }
    CHECK(b2m_stage_compute(fl, N - 7, cols, scales, max, stage, NULL, bad) == 2);
    CHECK(bad[1].count == 2 && bad[1].rows[0] == 300 && bad[1].rows[1] == 555);
    for (k = 0; k < 6; k++)
        b2m_bad_rows_init(&bad[k]);
    CHECK(b2m_stage_compute(fl, N - 7, cols, scales, max, NULL, score, bad) == 2);
    for (i = 0; i < N - 7; i++) {
        double row[6], one_score;
        row[0] = age[i];
        row[1] = b2m[i] < 0 ? NA : b2m[i];
        row[2] = uln;
        row[3] = node[i];
        row[4] = marrow[i] == B2M_NA_INT ? NA : marrow[i];
        row[5] = hb[i];
        same_stage += stage_in("flipi2", row, same, &one_score) == stage[i];
        same_score += (isnan(one_score) && isnan(score[i])) || one_score == score[i];
    }
    CHECK(same_stage == N - 7);
    CHECK(same_score == N - 7);
}

/* A system made for the test, beyond what rules.c needs: ages compared with
 * thresholds that are not whole years by every comparison, two ages compared
 * with each other, an age given as integers, a flag given as doubles.  Every
 * row, in blocks, must give what the definition gives: completed years
 * compared as stated, and for a row with missing values the stage common to
 * every value they could take (a grid fine enough to reach every region),
 * a comparison of two columns with a missing side being either true or
 * false (b2m.h). */
enum { T_AGE, T_AGE2, T_FLAG, T_X };
static const b2m_stage_column t_columns[] = {
    {.name = "age", .kind = B2M_STAGE_AGE, .unit = "years"},
    {.name = "age2", .kind = B2M_STAGE_AGE, .unit = "years"},
    {.name = "flag", .kind = B2M_STAGE_FLAG, .unit = NULL},
    {.name = "x", .kind = B2M_STAGE_VALUE, .unit = "mg/L"},
};
static const b2m_stage_condition t_c0[] = {{T_AGE, B2M_STAGE_GT, 60.5, -1}};
static const b2m_stage_condition t_c1[] = {{T_AGE, B2M_STAGE_GE, 70.2, -1},
                                           {T_X, B2M_STAGE_LE, 2.5, -1}};
static const b2m_stage_condition t_c2[] = {{T_AGE, B2M_STAGE_LT, 40.7, -1}};
static const b2m_stage_condition t_c3[] = {{T_AGE, B2M_STAGE_LE, 50.5, -1}};
static const b2m_stage_condition t_c4[] = {{T_AGE2, B2M_STAGE_LT, 0, T_AGE}};
static const b2m_stage_condition t_c5[] = {{T_FLAG, B2M_STAGE_TRUE, 1, -1}};
static const b2m_stage_condition t_c6[] = {{T_X, B2M_STAGE_LE, 0, T_AGE}};
/* A criterion of one clause, any of `conditions`. */
#define T_CRITERION(label_, conditions, points_)                               \
    {.label = (label_),                                                        \
     .all = (const b2m_stage_clause[]){                                        \
         {(conditions), sizeof(conditions) / sizeof((conditions)[0])}},        \
     .n_all = 1, .points = (points_)}
static const b2m_stage_criterion t_criteria[] = {
    T_CRITERION("c0", t_c0, 1), T_CRITERION("c1", t_c1, 1),
    T_CRITERION("c2", t_c2, 1), T_CRITERION("c3", t_c3, 2),
    T_CRITERION("c4", t_c4, 1), T_CRITERION("c5", t_c5, 1),
    T_CRITERION("c6", t_c6, 1),
};
static const b2m_stage_group t_groups[] = {
    {"a", 0, 1, -1, -1}, {"b", 2, 3, -1, 4}, {"c", 2, 10, -1, -1},
};
static const b2m_stage_system t_system = {
    .key = "test", .name = "test",
    .columns = t_columns, .n_columns = 4,
    .criteria = t_criteria, .n_criteria = 7,
    .groups = t_groups, .n_groups = 3,
};

/* The definition: stage and score of one complete row.  c4 and c6 compare
 * two columns; a value 0 or 1 of `c4` / `c6` forces their truth, -1 lets
 * them be compared. */
static int t_stage(double age, double age2, double flag, double x, int c4, int c6,
                   double *score)
{
    double a = floor(age), a2 = floor(age2), points = 0;
    int met[7];
    size_t g;
    met[0] = a > 60.5;
    met[1] = a >= 70.2 || x <= 2.5;
    met[2] = a < 40.7;
    met[3] = a <= 50.5;
    met[4] = c4 >= 0 ? c4 : a2 < a;
    met[5] = flag != 0;
    met[6] = c6 >= 0 ? c6 : x <= a; /* only the age in completed years */
    for (g = 0; g < 7; g++)
        points += met[g] ? t_criteria[g].points : 0;
    *score = points;
    for (g = 0; g < 3; g++)
        if (points >= t_groups[g].min_score && points <= t_groups[g].max_score &&
            !(t_groups[g].excludes >= 0 && met[t_groups[g].excludes]))
            return (int) g + 1;
    return B2M_NA_INT;
}

/* The definition with missing values: every value on a grid, and both
 * truths of a comparison of two columns with a missing side. */
static int t_stage_missing(double age, double age2, double flag, double x)
{
    const double x_grid[] = {0, 2.5, nextafter(2.5, 3), 10};
    const int free4 = isnan(age) || isnan(age2), free6 = isnan(age) || isnan(x);
    double a, a2, f, ignored;
    size_t xi;
    int first = 0, c4, c6;
    for (c4 = free4 ? 0 : -1; c4 <= (free4 ? 1 : -1); c4++) {
        for (c6 = free6 ? 0 : -1; c6 <= (free6 ? 1 : -1); c6++) {
            for (a = 0; a <= 100; a += 0.5) {
                if (!isnan(age) && a > 0)
                    break;
                for (a2 = 0; a2 <= 100; a2 += 0.5) {
                    if (!isnan(age2) && a2 > 0)
                        break;
                    for (f = 0; f <= 1; f++) {
                        if (!isnan(flag) && f > 0)
                            break;
                        for (xi = 0; xi < 4; xi++) {
                            int code;
                            if (!isnan(x) && xi > 0)
                                break;
                            code = t_stage(isnan(age) ? a : age, isnan(age2) ? a2 : age2,
                                           isnan(flag) ? f : flag,
                                           isnan(x) ? x_grid[xi] : x, c4, c6, &ignored);
                            if (code == B2M_NA_INT || (first != 0 && code != first))
                                return B2M_NA_INT;
                            first = code;
                        }
                    }
                }
            }
        }
    }
    return first;
}

/* A system of flags only, in blocks: the first check of each block is that
 * of four flags, which sets the keys, the fifth flag ors into them.  A flag
 * is TRUE whatever its value but 0 and NA (2, -1 and INT_MAX too, which R's
 * logical vectors never hold but an integer column may).  Criteria: f0 (1
 * point), f1 or f2 (1), f3 (1), f4 (2); stages a (0-1), b (2-3), c (4-). */
static const b2m_stage_column f_columns[] = {
    {.name = "f0", .kind = B2M_STAGE_FLAG, .unit = NULL},
    {.name = "f1", .kind = B2M_STAGE_FLAG, .unit = NULL},
    {.name = "f2", .kind = B2M_STAGE_FLAG, .unit = NULL},
    {.name = "f3", .kind = B2M_STAGE_FLAG, .unit = NULL},
    {.name = "f4", .kind = B2M_STAGE_FLAG, .unit = NULL},
};
static const b2m_stage_condition f_c0[] = {{0, B2M_STAGE_TRUE, 1, -1}};
static const b2m_stage_condition f_c1[] = {{1, B2M_STAGE_TRUE, 1, -1},
                                           {2, B2M_STAGE_TRUE, 1, -1}};
static const b2m_stage_condition f_c2[] = {{3, B2M_STAGE_TRUE, 1, -1}};
static const b2m_stage_condition f_c3[] = {{4, B2M_STAGE_TRUE, 1, -1}};
static const b2m_stage_criterion f_criteria[] = {
    T_CRITERION("f0", f_c0, 1), T_CRITERION("f1 or f2", f_c1, 1),
    T_CRITERION("f3", f_c2, 1), T_CRITERION("f4", f_c3, 2),
};
static const b2m_stage_group f_groups[] = {
    {"a", 0, 1, -1, -1}, {"b", 2, 3, -1, -1}, {"c", 4, 10, -1, -1},
};
static const b2m_stage_system f_system = {
    .key = "flags", .name = "flags",
    .columns = f_columns, .n_columns = 5,
    .criteria = f_criteria, .n_criteria = 4,
    .groups = f_groups, .n_groups = 3,
};

/* The group of `points` (1-based). */
static int f_group(int points)
{
    return 1 + (points >= 2) + (points >= 4);
}

static void test_flag_values(void)
{
    static const int value[] = {0, 1, B2M_NA_INT, 2, -1, INT_MAX, B2M_NA_INT + 1, 0, 1};
    enum { N = 300, N_VALUES = sizeof value / sizeof value[0] };
    static int flags[5][N], stage[N];
    static double score[N];
    b2m_column cols[5];
    b2m_scale scales[5];
    double max[5];
    b2m_bad_rows bad[5];
    unsigned state = 2024;
    size_t i, k, right_stage = 0, right_score = 0, open = 0;
    for (k = 0; k < 5; k++) {
        for (i = 0; i < N; i++) {
            state = state * 1103515245u + 12345u;
            flags[k][i] = value[(state >> 16) % N_VALUES];
        }
        cols[k] = b2m_column_integer(flags[k], N);
        scales[k] = same;
        max[k] = 1;
        b2m_bad_rows_init(&bad[k]);
    }
    CHECK(b2m_stage_compute(&f_system, N, cols, scales, max, stage, NULL, bad) == 0);
    CHECK(b2m_stage_compute(&f_system, N, cols, scales, max, NULL, score, bad) == 0);
    for (i = 0; i < N; i++) {
        /* each flag missing (-1), false (0) or true (1); the lowest and
         * highest points the missing ones allow */
        int f[5], lo, hi, any_missing = 0;
        for (k = 0; k < 5; k++) {
            f[k] = flags[k][i] == B2M_NA_INT ? -1 : flags[k][i] != 0;
            any_missing |= f[k] < 0;
        }
        lo = (f[0] == 1) + (f[1] == 1 || f[2] == 1) + (f[3] == 1) + 2 * (f[4] == 1);
        hi = (f[0] != 0) + (f[1] != 0 || f[2] != 0) + (f[3] != 0) + 2 * (f[4] != 0);
        open += f_group(lo) != f_group(hi);
        right_stage += stage[i] == (f_group(lo) == f_group(hi) ? f_group(lo) : B2M_NA_INT);
        right_score += any_missing ? isnan(score[i]) : score[i] == lo;
    }
    CHECK(right_stage == N);
    CHECK(right_score == N);
    CHECK(open > 0 && open < N); /* both kinds of row were met */
}

static void test_general_system(void)
{
    enum { N = 700 };
    static double age[N], flag[N], x[N], score[N];
    static int age2[N], stage[N];
    b2m_column cols[4];
    b2m_scale scales[4] = {{1, 1}, {1, 1}, {1, 1}, {1, 1}};
    double max[4] = {120, 120, 1, 150};
    b2m_bad_rows bad[4];
    b2m_stage_plan *plan = new_plan(&t_system);
    size_t i, k, same_stage = 0, same_score = 0;
    unsigned state = 777;

    for (i = 0; i < N; i++) {
        state = state * 1103515245u + 12345u;
        age[i] = i % 7 == 0 ? NA : 30 + (double) ((state >> 8) % 500) / 10;
        age2[i] = i % 11 == 0 ? B2M_NA_INT : 30 + (int) ((state >> 4) % 50);
        flag[i] = i % 13 == 0 ? NA : (double) ((state >> 16) & 1);
        /* near 2.5 and among the ages, in tenths */
        x[i] = i % 5 == 0 ? NA : (double) ((state >> 20) % 1000) / 10;
    }
    x[400] = -1;  /* a bad value: recorded, then missing */
    age[650] = 500;
    cols[0] = b2m_column_real(age, N);
    cols[1] = b2m_column_integer(age2, N);
    cols[2] = b2m_column_real(flag, N);
    cols[3] = b2m_column_real(x, N);
    for (k = 0; k < 4; k++)
        b2m_bad_rows_init(&bad[k]);
    CHECK(b2m_stage_plan_make(&t_system, scales, max, plan) == 0);
    /* one plan, two runs (as over chunks): the second reuses what the
     * first learned about rows with missing values */
    CHECK(b2m_stage_run(plan, 300, cols, stage, NULL, bad) == 0);
    for (k = 0; k < 4; k++)
        cols[k] = b2m_column_from(cols[k], 300);
    CHECK(b2m_stage_run(plan, N - 300, cols, stage + 300, score + 300, bad) == 2);
    CHECK(bad[3].count == 1 && bad[3].rows[0] == 100); /* row 400 of the call */
    CHECK(bad[0].count == 1 && bad[0].rows[0] == 350);
    x[400] = NA;
    age[650] = NA;
    for (i = 0; i < N; i++) {
        double a2 = age2[i] == B2M_NA_INT ? NA : age2[i], want_score;
        int complete = !isnan(age[i]) && !isnan(a2) && !isnan(flag[i]) && !isnan(x[i]);
        int want = complete ? t_stage(age[i], a2, flag[i], x[i], -1, -1, &want_score)
                            : t_stage_missing(age[i], a2, flag[i], x[i]);
        same_stage += stage[i] == want;
        if (i >= 300)
            same_score += complete ? score[i] == want_score : isnan(score[i]);
        else
            same_score++;
    }
    CHECK(same_stage == N);
    CHECK(same_score == N);
    free(plan);
}

/* A long run called as for a later chunk: the bad rows are recorded with
 * the chunk's offset, the first ones in row order, all of them counted. */
static void test_bad_rows_offset(void)
{
    const b2m_stage_system *fl = b2m_stage_find("flipi2");
    enum { N = 150001 };
    static double age[N], b2m[N], node[N], hb[N], score[N];
    static int marrow[N], stage[N], missing[N];
    const double uln = 2.7;
    b2m_column cols[6];
    b2m_scale scales[6];
    double max[6];
    b2m_bad_rows bad[6];
    b2m_stage_plan *plan = new_plan(fl);
    size_t i, k, agree = 0;

    flipi2_rows(N, 99, age, b2m, &uln, node, marrow, hb, cols);
    for (i = 3; i < N; i += 20000)
        b2m[i] = -1; /* eight bad rows, from the first block to the last */
    for (k = 0; k < 6; k++) {
        scales[k] = same;
        max[k] = 1e9;
        b2m_bad_rows_init(&bad[k]);
        bad[k].offset = 1000; /* as for a later chunk */
    }
    CHECK(b2m_stage_plan_make(fl, scales, max, plan) == 0);
    CHECK(b2m_stage_run(plan, N, cols, stage, score, bad) == 8);
    CHECK(bad[1].count == 8);
    for (k = 0; k < B2M_MAX_REPORTED; k++)
        CHECK(bad[1].rows[k] == 1003 + 20000 * k);
    /* and a bad value is staged as a missing one */
    for (i = 3; i < N; i += 20000)
        b2m[i] = NAN;
    for (k = 0; k < 6; k++)
        b2m_bad_rows_init(&bad[k]);
    CHECK(b2m_stage_run(plan, N, cols, missing, NULL, bad) == 0);
    for (i = 0; i < N; i++)
        agree += stage[i] == missing[i];
    CHECK(agree == N);
    free(plan);
}


/* IMS/IMWG 2025: criteria of several clauses (an AND of ORs) and an ordinal
 * input.  Columns: del17p_ccf, tp53, t4_14, t14_16, t14_20, gain1q,
 * del1p32 (0 none, 1 monoallelic, 2 biallelic), b2m (mg/L), creatinine
 * (mg/dL); stage 1 standard, 2 high. */
#define IMWG(expected, ...) STAGE("imwg2025", expected, __VA_ARGS__)
enum { STD = 1, HIGH = 2, IMWG_COLUMN_DEL1P32 = 6 };

/* The criteria of one row as the core gives them: 1, 0 or B2M_NA_INT. */
static void imwg_criteria(const double *row, int *criteria)
{
    const b2m_stage_system *system = b2m_stage_find("imwg2025");
    b2m_column cols[B2M_STAGE_MAX_COLUMNS];
    b2m_scale scales[B2M_STAGE_MAX_COLUMNS];
    double max[B2M_STAGE_MAX_COLUMNS];
    b2m_bad_rows bad[B2M_STAGE_MAX_COLUMNS];
    b2m_stage_plan *plan = new_plan(system);
    int stage;
    size_t k;
    for (k = 0; k < system->n_columns; k++) {
        cols[k] = b2m_column_real(&row[k], 1);
        scales[k] = same;
        max[k] = LARGEST(system, k);
        b2m_bad_rows_init(&bad[k]);
    }
    CHECK(b2m_stage_plan_make(system, scales, max, plan) == 0);
    CHECK(b2m_stage_run_criteria(plan, 1, cols, &stage, NULL, criteria, 1, bad) == 0);
    free(plan);
}

/* What the core reports of a row besides its stage: the open inputs of a
 * row without a stage, and conditions' states (held or not, doubled at the
 * threshold exactly), read from the comparisons of the stage.  Rows: CCF 20
 * with B2M 6 and creatinine 1.3 (high, B2M not counted); CCF, TP53 and
 * creatinine missing with B2M 5.5 (open); CCF 10, B2M 2, creatinine 1.2. */
static void test_stage_report(void)
{
    const int X = B2M_NA_INT;
    const b2m_stage_system *imwg = b2m_stage_find("imwg2025");
    b2m_stage_plan *plan = new_plan(imwg);
    static const double values[9][3] = {
        {20, NA, 10}, {F, NA, F}, {F, F, F}, {F, F, F}, {F, F, F}, {F, F, F},
        {0, 0, 0}, {6, 5.5, 2}, {1.3, NA, 1.2}};
    b2m_column cols[B2M_STAGE_MAX_COLUMNS];
    b2m_scale scales[B2M_STAGE_MAX_COLUMNS];
    double max[B2M_STAGE_MAX_COLUMNS];
    b2m_bad_rows bad[B2M_STAGE_MAX_COLUMNS];
    b2m_stage_report report;
    /* TP53 as R passes a flag: integers */
    static const int tp53_mutation[3] = {0, B2M_NA_INT, 0};
    int stage[3], criteria[4][3], open[3], ccf[3], tp53[3], b2m[3], creatinine[3];
    size_t k;
    for (k = 0; k < imwg->n_columns; k++) {
        cols[k] = b2m_column_real(values[k], 3);
        scales[k] = same;
        max[k] = LARGEST(imwg, k);
        b2m_bad_rows_init(&bad[k]);
    }
    cols[1] = b2m_column_integer(tp53_mutation, 3);
    memset(&report, 0, sizeof report);
    report.with_criteria = 1;
    for (k = 0; k < 4; k++)
        report.criteria[k] = criteria[k];
    report.open_inputs = open;
    report.n_conditions = 4;
    report.condition[0] = 0;  /* del17p_ccf >= 20 */
    report.condition[1] = 10; /* b2m >= 5.5 */
    report.condition[2] = 11; /* creatinine < 1.2 */
    report.condition[3] = 1;  /* tp53_mutation */
    report.conditions[0] = ccf;
    report.conditions[1] = b2m;
    report.conditions[2] = creatinine;
    report.conditions[3] = tp53;
    CHECK(b2m_stage_plan_make(imwg, scales, max, plan) == 0);
    CHECK(b2m_stage_run_report(plan, 3, cols, stage, NULL, &report, bad) == 0);
    CHECK(stage[0] == HIGH && stage[1] == X && stage[2] == STD);
    CHECK(criteria[0][0] == 1 && criteria[3][0] == 0 && criteria[0][1] == X &&
          criteria[3][1] == X && criteria[0][2] == 0);
    /* del17p_ccf, tp53_mutation and creatinine: columns 0, 1 and 8 */
    CHECK(open[0] == 0 && open[1] == (1 | 2 | 256) && open[2] == 0);
    CHECK(ccf[0] == 2 && ccf[1] == X && ccf[2] == -1);
    CHECK(b2m[0] == 1 && b2m[1] == 2 && b2m[2] == -1);
    CHECK(creatinine[0] == -1 && creatinine[1] == X && creatinine[2] == -2);
    /* a flag that is FALSE does not hold: -1, never 0 */
    CHECK(tp53[0] == -1 && tp53[1] == X && tp53[2] == -1);
    free(plan);
}

/* The deciding conditions: those that hold in a criterion the row meets,
 * bit x for condition x.  ISS conditions: 0 B2M >= 3.5, 1 albumin < 3.5
 * (criterion II or III), 2 B2M >= 5.5 (III).  Rows: B2M 6 with albumin 4
 * (both B2M conditions); B2M 2 with albumin 3 (albumin alone); B2M 2 with
 * albumin 4 (none: stage I); B2M missing with albumin 3 (II or III is met
 * by the albumin, III is open); B2M 5.5 exactly with albumin 3.5 exactly;
 * B2M "<3" with albumin 3 (a censored value that fails B2M >= 3.5). */
static void test_deciding(void)
{
    const b2m_stage_system *iss = b2m_stage_find("iss");
    b2m_stage_plan *plan = new_plan(iss);
    static const double b2m[6] = {6, 2, 2, NA, 5.5, NA};
    static const double albumin[6] = {4, 3, 4, 3, 3.5, 3};
    static const int censor[6] = {B2M_CENSOR_NONE, B2M_CENSOR_NONE,
                                  B2M_CENSOR_NONE, B2M_CENSOR_NONE,
                                  B2M_CENSOR_NONE, B2M_CENSOR_LT};
    static const double bound[6] = {NA, NA, NA, NA, NA, 3};
    static const int expected[6] = {1 | 4, 2, 0, 2, 1 | 4, 2};
    b2m_column cols[2];
    b2m_scale scales[2] = {{1, 1}, {1, 1}};
    double max[2];
    b2m_bad_rows bad[2];
    b2m_stage_report report;
    int stage[6], deciding[6];
    size_t k;
    cols[0] = b2m_column_censored(b2m_column_real(b2m, 6), censor, bound);
    cols[1] = b2m_column_real(albumin, 6);
    for (k = 0; k < 2; k++) {
        max[k] = LARGEST(iss, k);
        b2m_bad_rows_init(&bad[k]);
    }
    memset(&report, 0, sizeof report);
    report.deciding = deciding;
    CHECK(b2m_stage_plan_make(iss, scales, max, plan) == 0);
    CHECK(b2m_stage_run_report(plan, 6, cols, stage, NULL, &report, bad) == 0);
    CHECK(stage[0] == 3 && stage[1] == 2 && stage[2] == 1 &&
          stage[3] == B2M_NA_INT && stage[4] == 3 && stage[5] == 2);
    for (k = 0; k < 6; k++)
        CHECK(deciding[k] == expected[k]);
    free(plan);
}

#define CRITERIA(c1, c2, c3, c4, ...)                                          \
    do {                                                                       \
        const double row_[] = {__VA_ARGS__};                                   \
        int got_[4];                                                           \
        imwg_criteria(row_, got_);                                             \
        CHECK(got_[0] == (c1) && got_[1] == (c2) && got_[2] == (c3) &&         \
              got_[3] == (c4));                                                \
    } while (0)

static void test_imwg2025(void)
{
    const int X = B2M_NA_INT;
    const b2m_stage_system *imwg = b2m_stage_find("imwg2025");
    b2m_stage_plan *plan = new_plan(imwg);
    b2m_scale scales[B2M_STAGE_MAX_COLUMNS], umol = {884, 10};
    double max[B2M_STAGE_MAX_COLUMNS];
    size_t k;
    /* The reference file's worked examples (B.6). */
    IMWG(HIGH, 35, NA, NA, NA, NA, NA, NA, NA, NA);
    IMWG(HIGH, 20, F, F, F, F, F, 0, 2, 0.8);
    IMWG(X, 15, NA, F, F, F, F, 0, 2, 0.8);
    IMWG(HIGH, 15, T, F, F, F, F, 0, 2, 0.8);
    IMWG(STD, 0, F, T, F, F, F, 0, 2, 0.8);
    IMWG(HIGH, 0, F, T, F, F, T, 0, 2, 0.8);
    IMWG(X, 0, F, T, F, F, NA, 0, 2, 0.8);
    IMWG(HIGH, 0, F, F, F, T, F, 1, 2, 0.8);
    IMWG(HIGH, 0, F, F, F, F, T, 1, 2, 0.8);
    IMWG(STD, 0, F, F, F, F, F, 1, 2, 0.8);
    IMWG(HIGH, 0, F, F, F, F, F, 2, 2, 0.8);
    IMWG(HIGH, 0, F, F, F, F, F, 0, 6.0, 0.9);
    IMWG(STD, 0, F, F, F, F, F, 0, 6.0, 1.3);
    IMWG(STD, 0, F, F, F, F, F, 0, 5.49, 0.8);
    IMWG(X, 0, F, F, F, F, F, 0, 6.0, NA);
    /* Boundaries: CCF, B2M, creatinine just below, at and above. */
    IMWG(STD, nextafter(20, 0), F, F, F, F, F, 0, 2, 0.8);
    IMWG(HIGH, nextafter(20, 100), F, F, F, F, F, 0, 2, 0.8);
    IMWG(STD, 0, F, F, F, F, F, 0, nextafter(5.5, 0), 0.8);
    IMWG(HIGH, 0, F, F, F, F, F, 0, 5.5, nextafter(1.2, 0));
    IMWG(STD, 0, F, F, F, F, F, 0, 5.5, 1.2);
    /* B2M < 5.5 needs no creatinine; creatinine >= 1.2 needs no B2M. */
    IMWG(STD, 0, F, F, F, F, F, 0, 5.0, NA);
    IMWG(STD, 0, F, F, F, F, F, 0, NA, 1.2);
    IMWG(X, 0, F, F, F, F, F, 0, NA, 1.1);
    /* del(1p32) unknown: with 1q+ any del(1p32) is high, so it is open;
     * without translocation and 1q+, only biallelic would be. */
    IMWG(X, 0, F, F, F, F, T, NA, 2, 0.8);
    IMWG(X, 0, F, F, F, F, F, NA, 2, 0.8);
    /* a translocation with a missing 1q and monoallelic del(1p32): high */
    IMWG(HIGH, 0, F, T, F, F, NA, 1, 2, 0.8);
    /* 1q+ and del(1p32) known: the translocations do not matter */
    IMWG(HIGH, 0, F, NA, NA, NA, T, 1, 2, 0.8);
    IMWG(X, 0, F, NA, F, F, T, 0, 2, 0.8);

    /* Each criterion three-valued, exactly as the enumeration. */
    CRITERIA(1, 0, 0, 0, 35, NA, F, F, F, F, 0, 2, 0.8);
    CRITERIA(X, 0, 0, 0, 15, NA, F, F, F, F, 0, 2, 0.8);
    CRITERIA(1, X, X, X, 35, NA, NA, NA, NA, NA, NA, NA, NA);
    CRITERIA(0, X, 0, 0, 0, F, T, F, F, NA, 0, 2, 0.8);
    /* del(1p32) missing with 1q+: criterion 3 is open, 2 met by 1q+ with
     * the translocation; without 1q+ criterion 3 is open (biallelic) */
    CRITERIA(0, 1, X, 0, 0, F, T, F, F, T, NA, 2, 0.8);
    CRITERIA(0, X, X, 0, 0, F, T, F, F, F, NA, 2, 0.8);
    CRITERIA(0, 0, X, 0, 0, F, F, F, F, F, NA, 2, 0.8);
    /* B2M < 5.5 decides item 4 without creatinine; creatinine >= 1.2
     * without B2M */
    CRITERIA(0, 0, 0, 0, 0, F, F, F, F, F, 0, 5.0, NA);
    CRITERIA(0, 0, 0, 0, 0, F, F, F, F, F, 0, NA, 1.3);
    CRITERIA(0, 0, 0, X, 0, F, F, F, F, F, 0, 6.0, NA);
    CRITERIA(0, 0, 0, 1, 0, F, F, F, F, F, 0, 6.0, 0.9);

    /* The plan: seven clauses, one bit each, criteria of 1, 2, 2, 2. */
    for (k = 0; k < imwg->n_columns; k++) {
        scales[k] = same;
        max[k] = LARGEST(imwg, k);
    }
    CHECK(b2m_stage_plan_make(imwg, scales, max, plan) == 0);
    CHECK(plan->n_clauses == 7);
    CHECK(plan->clauses_of[0] == 0x01 && plan->clauses_of[1] == 0x06 &&
          plan->clauses_of[2] == 0x18 && plan->clauses_of[3] == 0x60);
    CHECK(plan->criteria_of[0x06] == 0x2 && plan->criteria_of[0x02] == 0);
    CHECK(plan->stage_of[0x02] == STD && plan->stage_of[0x60] == HIGH);
    /* a missing del(1p32) takes each of its three levels */
    CHECK(plan->n_column_masks[IMWG_COLUMN_DEL1P32] == 3);
    /* Creatinine in umol/L: 1.2 mg/dL is exactly 106.08 umol/L. */
    scales[8] = umol;
    CHECK(b2m_stage_plan_make(imwg, scales, max, plan) == 0);
    CHECK(plan->in_unit[0].threshold[plan->n_conditions - 1] == 106.08);
    /* A smallest plausible creatinine (0.05 mg/dL = 4.42 umol/L): below it
     * a value is bad and staged as missing; at it, it is read. */
    {
        const double ccf = 0, flag = 0, level = 0, b2m = 6;
        const double creatinine[3] = {4.41, 4.42, 200};
        double mins[B2M_STAGE_MAX_COLUMNS] = {0};
        b2m_column cols[B2M_STAGE_MAX_COLUMNS];
        b2m_bad_rows bad[B2M_STAGE_MAX_COLUMNS];
        int stage[3];
        for (k = 0; k < imwg->n_columns; k++) {
            cols[k] = b2m_column_real(k == 0 ? &ccf : k == 6 ? &level
                                      : k == 7 ? &b2m : &flag, 1);
            cols[k].stride = 0;
            b2m_bad_rows_init(&bad[k]);
        }
        cols[8] = b2m_column_real(creatinine, 3);
        mins[8] = 4.42;
        CHECK(b2m_stage_plan_make_between(imwg, scales, mins, max, plan) == 0);
        CHECK(b2m_stage_run(plan, 3, cols, stage, NULL, bad) == 1);
        CHECK(bad[8].count == 1 && bad[8].rows[0] == 0);
        CHECK(stage[0] == X && stage[1] == HIGH && stage[2] == STD);
    }
    /* an ordinal of too many levels is beyond the core's limits */
    max[IMWG_COLUMN_DEL1P32] = 16;
    CHECK(b2m_stage_plan_make(imwg, scales, max, plan) == -1);
    free(plan);
}

/* ---- censored values ------------------------------------------------------
 * Every system, every measurement column, each censoring form with bounds
 * below, at and above each of the column's thresholds, in random rows:
 * the engine's stage equals the common stage of the plain rows made of
 * every value that stands for a region of the interval (the thresholds of
 * the column and of the columns it is compared with, a hair either side,
 * and the interval's own ends), NA when two differ. */
#define CENSORED_ROWS 3000

static unsigned next_random(unsigned *state)
{
    *state = *state * 1103515245u + 12345u;
    return *state >> 8;
}

/* The thresholds (in the canonical unit) of column k's own conditions. */
static size_t thresholds_of(const b2m_stage_system *system, size_t k, double *out)
{
    size_t c, j, m, n = 0;
    for (c = 0; c < system->n_criteria; c++)
        for (j = 0; j < system->criteria[c].n_all; j++)
            for (m = 0; m < system->criteria[c].all[j].n_any; m++) {
                const b2m_stage_condition *cond = &system->criteria[c].all[j].any[m];
                if (cond->column == (int) k && cond->versus < 0 &&
                    cond->op != B2M_STAGE_TRUE)
                    out[n++] = cond->threshold;
            }
    return n;
}

/* Appends to `out` the exact values of `row` that column k is compared with
 * (by a `versus` condition); returns their count. */
static size_t compared_values(const b2m_stage_system *system, size_t k,
                              const double *row, double *out)
{
    size_t c, j, m, n = 0;
    for (c = 0; c < system->n_criteria; c++)
        for (j = 0; j < system->criteria[c].n_all; j++)
            for (m = 0; m < system->criteria[c].all[j].n_any; m++) {
                const b2m_stage_condition *cond = &system->criteria[c].all[j].any[m];
                int other = cond->column == (int) k ? cond->versus
                            : cond->versus == (int) k ? cond->column : -1;
                if (other >= 0 && !isnan(row[other]))
                    out[n++] = row[other];
            }
    return n;
}

/* Appends to `out` (after column k's thresholds) the exact values of row i
 * that column k is compared with; returns their count. */
static size_t partners_of(const b2m_stage_system *system, size_t k,
                          double value[][CENSORED_ROWS], size_t i, double *out)
{
    double row[B2M_STAGE_MAX_COLUMNS];
    size_t c;
    for (c = 0; c < system->n_columns; c++)
        row[c] = value[c][i];
    return compared_values(system, k, row, out + thresholds_of(system, k, out));
}

/* A random exact or missing value of column k. */
static double random_value(const b2m_stage_system *system, size_t k, unsigned *state)
{
    double t[B2M_STAGE_MAX_CONDITIONS];
    size_t n = thresholds_of(system, k, t);
    const unsigned r = next_random(state);
    switch (system->columns[k].kind) {
    case B2M_STAGE_FLAG:
        return r % 3 == 2 ? NA : (double) (r % 2);
    case B2M_STAGE_LEVEL:
        return r % 4 == 3 ? NA : (double) (r % LEVELS);
    default:
        break;
    }
    if (r % 5 == 0)
        return NA;
    if (n == 0)
        return 0.5 + (double) (r % 40) / 4; /* a limit */
    return t[(r / 5) % n] * (0.5 + (double) ((r / 50) % 5) / 4);
}

/* Whether x satisfies `censor` `bound` and lies in [lowest, 1e9]. */
static int in_interval(double x, int censor, double bound, double lowest)
{
    if (!(x >= lowest && x <= 1e9))
        return 0;
    switch (censor) {
    case B2M_CENSOR_LT: return x < bound;
    case B2M_CENSOR_LE: return x <= bound;
    case B2M_CENSOR_GT: return x > bound;
    case B2M_CENSOR_GE: return x >= bound;
    default: return 0;
    }
}

/* The values standing for column k's regions inside its interval. */
static size_t candidates(const b2m_stage_system *system, size_t k, const double *row,
                         int censor, double bound, double *out)
{
    double points[3 * (B2M_STAGE_MAX_CONDITIONS + B2M_STAGE_MAX_COLUMNS) + 6];
    const double lowest = system->columns[k].kind == B2M_STAGE_LIMIT ? nextafter(0, 1) : 0;
    size_t n = thresholds_of(system, k, points), p, out_n = 0, base;
    n += compared_values(system, k, row, points + n);
    base = n;
    for (p = 0; p < base; p++) {
        points[n++] = nextafter(points[p], -INFINITY);
        points[n++] = nextafter(points[p], INFINITY);
    }
    points[n++] = bound;
    points[n++] = nextafter(bound, -INFINITY);
    points[n++] = nextafter(bound, INFINITY);
    points[n++] = lowest;
    points[n++] = 1e9;
    for (p = 0; p < n; p++)
        if (in_interval(points[p], censor, bound, lowest))
            out[out_n++] = points[p];
    return out_n;
}

/* The expected stage of a row whose columns a (and b, unless -1) are
 * censored. */
static int expected_censored(const b2m_stage_system *system, double *row, int a,
                             int censor_a, double bound_a, int b, int censor_b,
                             double bound_b)
{
    double ca[3 * (B2M_STAGE_MAX_CONDITIONS + B2M_STAGE_MAX_COLUMNS) + 6];
    double cb[3 * (B2M_STAGE_MAX_CONDITIONS + B2M_STAGE_MAX_COLUMNS) + 6];
    size_t na, nb = 1, i, j;
    int common = 0;
    row[a] = NA;
    if (b >= 0)
        row[b] = NA;
    na = candidates(system, (size_t) a, row, censor_a, bound_a, ca);
    for (i = 0; i < na; i++) {
        row[a] = ca[i];
        if (b >= 0)
            nb = candidates(system, (size_t) b, row, censor_b, bound_b, cb);
        for (j = 0; j < nb; j++) {
            int stage;
            if (b >= 0)
                row[b] = cb[j];
            stage = stage_in(system->key, row, same, NULL);
            if (stage == B2M_NA_INT || (common != 0 && stage != common))
                common = B2M_NA_INT;
            else
                common = stage;
            if (b >= 0)
                row[b] = NA;
        }
        /* the candidates of b depend on a's value only through versus */
    }
    row[a] = NA;
    return common == 0 ? B2M_NA_INT : common;
}

static const int censor_forms[] = {B2M_CENSOR_LT, B2M_CENSOR_LE, B2M_CENSOR_GT,
                                   B2M_CENSOR_GE};

/* Censors column `col` of row i (its value becomes missing) in a random
 * form at a bound below, at or above one of its thresholds or of its
 * partners' values, or far from it (at 1 when it has none), unless `col` is
 * `taken` (the row's column censored already): then it returns 0, having
 * drawn the threshold only, as the callers' random sequences expect. */
static int censor_near_threshold(const b2m_stage_system *system, int col, int taken,
                                 size_t i, double value[][CENSORED_ROWS],
                                 int censor[][CENSORED_ROWS],
                                 double bound[][CENSORED_ROWS], unsigned *state)
{
    static const double offsets[] = {-0.01, 0, 0.01, -0.5, 0.5};
    double t[B2M_STAGE_MAX_CONDITIONS];
    const size_t n_t = thresholds_of(system, (size_t) col, t) +
                       partners_of(system, (size_t) col, value, i, t);
    const double at = n_t == 0 ? 1 : t[next_random(state) % n_t];
    if (col == taken)
        return 0;
    censor[col][i] = censor_forms[next_random(state) % 4];
    bound[col][i] = at * (1 + offsets[next_random(state) % 5]);
    value[col][i] = NA;
    return 1;
}

static void test_censored_system(const b2m_stage_system *system, unsigned state)
{
    static double value[B2M_STAGE_MAX_COLUMNS][CENSORED_ROWS];
    static double bound[B2M_STAGE_MAX_COLUMNS][CENSORED_ROWS];
    static int censor[B2M_STAGE_MAX_COLUMNS][CENSORED_ROWS];
    static int flags[B2M_STAGE_MAX_COLUMNS][CENSORED_ROWS], stage[CENSORED_ROWS];
    static int which[2][CENSORED_ROWS];
    b2m_stage_plan *plan;
    b2m_column cols[B2M_STAGE_MAX_COLUMNS];
    b2m_scale scales[B2M_STAGE_MAX_COLUMNS];
    double max[B2M_STAGE_MAX_COLUMNS];
    b2m_bad_rows bad[B2M_STAGE_MAX_COLUMNS];
    int measured[B2M_STAGE_MAX_COLUMNS];
    size_t n_measured = 0, i, k, failures = 0, bad_count = 0;

    for (k = 0; k < system->n_columns; k++) {
        if (system->columns[k].kind == B2M_STAGE_VALUE)
            measured[n_measured++] = (int) k;
        scales[k] = same;
        max[k] = LARGEST(system, k);
        b2m_bad_rows_init(&bad[k]);
    }
    if (n_measured == 0)
        return;
    for (i = 0; i < CENSORED_ROWS; i++) {
        int c;
        for (k = 0; k < system->n_columns; k++) {
            value[k][i] = random_value(system, k, &state);
            censor[k][i] = B2M_CENSOR_NONE;
            bound[k][i] = NA;
        }
        which[1][i] = -1;
        for (c = 0; c < (next_random(&state) % 4 == 0 ? 2 : 1); c++) {
            const int col = measured[next_random(&state) % n_measured];
            if (!censor_near_threshold(system, col, c == 1 ? which[0][i] : -1, i,
                                       value, censor, bound, &state))
                break;
            which[c][i] = col;
        }
    }
    for (k = 0; k < system->n_columns; k++) {
        if (system->columns[k].kind == B2M_STAGE_FLAG) {
            for (i = 0; i < CENSORED_ROWS; i++)
                flags[k][i] = isnan(value[k][i]) ? B2M_NA_INT : (int) value[k][i];
            cols[k] = b2m_column_integer(flags[k], CENSORED_ROWS);
        } else {
            cols[k] = b2m_column_censored(b2m_column_real(value[k], CENSORED_ROWS),
                                          censor[k], bound[k]);
        }
    }
    plan = new_plan(system);
    CHECK(b2m_stage_plan_make(system, scales, max, plan) == 0);
    /* in two runs, as the glue's chunks: the cache serves both */
    b2m_stage_run(plan, CENSORED_ROWS / 2, cols, stage, NULL, bad);
    for (k = 0; k < system->n_columns; k++)
        cols[k] = b2m_column_from(cols[k], CENSORED_ROWS / 2);
    b2m_stage_run(plan, CENSORED_ROWS - CENSORED_ROWS / 2, cols,
                  stage + CENSORED_ROWS / 2, NULL, bad);
    for (k = 0; k < system->n_columns; k++)
        bad_count += bad[k].count;
    CHECK(bad_count == 0);
    for (i = 0; i < CENSORED_ROWS; i++) {
        double row[B2M_STAGE_MAX_COLUMNS];
        int a = which[0][i], b = which[1][i], want;
        for (k = 0; k < system->n_columns; k++)
            row[k] = value[k][i];
        want = expected_censored(system, row, a, censor[a][i], bound[a][i], b,
                                 b < 0 ? 0 : censor[b][i], b < 0 ? 0 : bound[b][i]);
        if (stage[i] != want && failures++ < 5)
            fprintf(stderr, "%s row %d: censored stage %d, expected %d\n",
                    system->name, (int) i, stage[i], want);
    }
    CHECK(failures == 0);
    free(plan);
}

static int censored_iss(int censor, double bound, double albumin)
{
    const b2m_stage_system *iss = b2m_stage_find("iss");
    double b2m = NA;
    b2m_column cols[2];
    b2m_scale scales[2] = {{1, 1}, {1, 1}};
    double max[2] = {200, 10};
    b2m_bad_rows bad[2];
    int stage;
    b2m_bad_rows_init(&bad[0]);
    b2m_bad_rows_init(&bad[1]);
    cols[0] = b2m_column_censored(b2m_column_real(&b2m, 1), &censor, &bound);
    cols[1] = b2m_column_real(&albumin, 1);
    if (b2m_stage_compute(iss, 1, cols, scales, max, &stage, NULL, bad) != 0)
        return -(int) bad[0].problems[0];
    return stage;
}

/* Stages `rows` ISS rows of `cols` (B2M and albumin, either censored, in
 * the canonical units) into `stage` and `score` (either may be NULL), bad
 * rows into `bad`; returns the count of bad rows. */
static size_t iss_compute(size_t rows, const b2m_column *cols, int *stage,
                          double *score, b2m_bad_rows *bad)
{
    b2m_scale scales[2] = {{1, 1}, {1, 1}};
    double max[2] = {200, 10};
    b2m_bad_rows_init(&bad[0]);
    b2m_bad_rows_init(&bad[1]);
    return b2m_stage_compute(b2m_stage_find("iss"), rows, cols, scales, max, stage,
                             score, bad);
}

/* Stages `rows` ISS rows of censored B2M (`b2m`, `censor`, `bound`) and
 * `albumin` in the canonical units into `stage`, bad rows into `bad`; the
 * columns into `cols`.  Returns the count of bad rows. */
static size_t stage_censored_iss(size_t rows, const double *b2m, const int *censor,
                                 const double *bound, const double *albumin,
                                 b2m_column *cols, int *stage, double *score,
                                 b2m_bad_rows *bad)
{
    cols[0] = b2m_column_censored(b2m_column_real(b2m, rows), censor, bound);
    cols[1] = b2m_column_real(albumin, rows);
    return iss_compute(rows, cols, stage, score, bad);
}

/* Censored rows scattered among plain ones (exact, missing, a code beside
 * an exact value, a code that is none of the four) stage in blocks as each
 * row does alone; a censored value recycled over the rows too. */
static void test_censored_sparse(void)
{
    enum { ROWS = 1000 };
    const b2m_stage_system *iss = b2m_stage_find("iss");
    static double b2m[ROWS], albumin[ROWS], bound[ROWS];
    static int censor[ROWS], stage[ROWS];
    b2m_column cols[2];
    b2m_scale scales[2] = {{1, 1}, {1, 1}};
    double max[2] = {200, 10}, recycled_bound = 20, recycled_value = NA;
    int recycled_censor = B2M_CENSOR_GT;
    b2m_bad_rows bad[2];
    size_t i, failures = 0;
    for (i = 0; i < ROWS; i++) {
        b2m[i] = 0.5 + (double) (i % 13);
        albumin[i] = i % 29 == 0 ? NA : 2.5 + (double) (i % 7) * 0.25;
        censor[i] = B2M_CENSOR_NONE;
        bound[i] = NA;
        if (i % 37 == 0 || i % 101 == 5) {
            censor[i] = censor_forms[i % 4];
            bound[i] = i % 3 == 0 ? 3.5 : 0.5 + (double) (i % 11);
            b2m[i] = NA;
        }
    }
    b2m[200] = NA;          /* missing, not censored */
    censor[300] = B2M_CENSOR_GT; /* a code beside an exact value: the value */
    bound[300] = 20;
    censor[400] = 7;        /* not a code: a missing value */
    bound[400] = 20;
    b2m[400] = NA;
    CHECK(stage_censored_iss(ROWS, b2m, censor, bound, albumin, cols, stage, NULL,
                             bad) == 0);
    for (i = 0; i < ROWS; i++) {
        int want;
        if (isnan(b2m[i]) && censor[i] >= B2M_CENSOR_LT && censor[i] <= B2M_CENSOR_GE) {
            want = censored_iss(censor[i], bound[i], albumin[i]);
        } else {
            b2m_column one[2];
            one[0] = b2m_column_real(&b2m[i], 1);
            one[1] = b2m_column_real(&albumin[i], 1);
            CHECK(b2m_stage_compute(iss, 1, one, scales, max, &want, NULL, bad) == 0);
        }
        if (stage[i] != want && failures++ < 5)
            fprintf(stderr, "sparse censored row %d: stage %d, expected %d\n",
                    (int) i, stage[i], want);
    }
    CHECK(failures == 0);
    CHECK(stage[300] == 1); /* B2M 1.5 read, albumin 4.0 */
    /* ">20" recycled over every row: ISS III whatever the albumin */
    cols[0] = b2m_column_censored(b2m_column_real(&recycled_value, 1),
                                  &recycled_censor, &recycled_bound);
    CHECK(b2m_stage_compute(iss, ROWS, cols, scales, max, stage, NULL, bad) == 0);
    for (i = 0; i < ROWS; i++)
        failures += stage[i] != 3;
    CHECK(failures == 0);
}

/* The stage of ISS row i of `cols` staged alone. */
static int iss_alone(const b2m_column *cols, size_t i)
{
    const b2m_stage_system *iss = b2m_stage_find("iss");
    b2m_scale scales[2] = {{1, 1}, {1, 1}};
    double max[2] = {200, 10}, b2m = b2m_column_get(&cols[0], i),
           albumin = b2m_column_get(&cols[1], i);
    b2m_bad_rows bad[2];
    b2m_column one[2];
    int stage;
    if (isnan(b2m))
        return censored_iss(cols[0].censor[i], cols[0].bound[i], albumin);
    b2m_bad_rows_init(&bad[0]);
    b2m_bad_rows_init(&bad[1]);
    one[0] = b2m_column_real(&b2m, 1);
    one[1] = b2m_column_real(&albumin, 1);
    b2m_stage_compute(iss, 1, one, scales, max, &stage, NULL, bad);
    return stage;
}

/* More censored rows than a run keeps to re-stage at once, nearly every row
 * censored (every seventh exact, so that the rows kept fill up within a
 * block): each stages as it does alone, with stages alone asked for and
 * with scores (NA: a score needs every input); and bad values and bad
 * bounds in many blocks are recorded in the order of a run that stages
 * each block's censored rows with it (a block's bad values, then its bad
 * bounds, block by block). */
static void test_censored_pending(void)
{
    enum { ROWS = 4000 };
    const double bounds[] = {0.5, 3.5, 5.5, 4, 20, 6}, albumins[] = {NA, 3, 3.5, 4};
    static double b2m[ROWS], albumin[ROWS], bound[ROWS], score[ROWS];
    static int censor[ROWS], stage[ROWS];
    const size_t bad_rows[] = {10, 5, 1500, 2000, 3000};
    b2m_column cols[2];
    b2m_bad_rows bad[2];
    size_t i, failures = 0;
    for (i = 0; i < ROWS; i++) {
        const int exact = i % 7 == 3;
        b2m[i] = exact ? 2 + (double) (i % 5) : NA;
        censor[i] = exact ? B2M_CENSOR_NONE : censor_forms[i % 4];
        bound[i] = exact ? NA : bounds[i % 6];
        albumin[i] = albumins[(i / 3) % 4];
    }
    CHECK(stage_censored_iss(ROWS, b2m, censor, bound, albumin, cols, stage, NULL,
                             bad) == 0);
    for (i = 0; i < ROWS; i++) {
        const int want = iss_alone(cols, i);
        if (stage[i] != want && failures++ < 5)
            fprintf(stderr, "pending censored row %d: stage %d, expected %d\n",
                    (int) i, stage[i], want);
    }
    CHECK(failures == 0);
    /* ">20": III whatever the albumin; ">0.5" with 3.5 g/dL: I, II or III */
    CHECK(stage[22] == 3 && stage[6] == B2M_NA_INT);
    CHECK(stage_censored_iss(ROWS, b2m, censor, bound, albumin, cols, stage, score,
                             bad) == 0);
    for (i = 0; i < ROWS; i++)
        failures += stage[i] != iss_alone(cols, i) ||
                    (censor[i] != B2M_CENSOR_NONE && !isnan(score[i]));
    CHECK(failures == 0);

    /* every other row censored "<0.5", the others exact 1; bad bounds "<-1"
     * in rows 5 and 1500, bad values in rows 10, 2000 (above 200) and 3000 */
    for (i = 0; i < ROWS; i++) {
        b2m[i] = i % 2 ? NA : 1;
        censor[i] = i % 2 ? B2M_CENSOR_LT : B2M_CENSOR_NONE;
        bound[i] = i % 2 ? 0.5 : NA;
    }
    censor[5] = censor[1500] = B2M_CENSOR_LT;
    bound[5] = bound[1500] = -1;
    b2m[1500] = NA;
    b2m[10] = b2m[3000] = -1;
    b2m[2000] = 300;
    CHECK(stage_censored_iss(ROWS, b2m, censor, bound, albumin, cols, stage, NULL,
                             bad) == 5);
    CHECK(bad[0].count == 5 && bad[1].count == 0);
    for (i = 0; i < 5; i++)
        CHECK(bad[0].rows[i] == bad_rows[i]);
    CHECK(bad[0].problems[1] == B2M_VALUE_NEGATIVE &&
          bad[0].problems[3] == B2M_VALUE_IMPLAUSIBLE);
    CHECK(stage[5] == B2M_NA_INT && stage[7] == 1 && stage[8] == 1);
}

/* Stages `rows` ISS rows of `cols` (B2M and albumin, either censored, in
 * the canonical units) with their criteria (rows apart) into `stage` and
 * `criteria`, as a run that reads its keys at once; returns the count of
 * bad rows. */
static size_t iss_criteria(size_t rows, const b2m_column *cols, int *stage,
                           int *criteria)
{
    const b2m_stage_system *iss = b2m_stage_find("iss");
    b2m_stage_plan *plan = new_plan(iss);
    b2m_scale scales[2] = {{1, 1}, {1, 1}};
    double max[2] = {200, 10};
    b2m_bad_rows bad[2];
    size_t count;
    b2m_bad_rows_init(&bad[0]);
    b2m_bad_rows_init(&bad[1]);
    CHECK(b2m_stage_plan_make(iss, scales, max, plan) == 0);
    count = b2m_stage_run_criteria(plan, rows, cols, stage, NULL, criteria, rows, bad);
    free(plan);
    return count;
}

/* Row i of ISS columns `cols` (a recycled one read at its one row) as
 * columns of its own in `one`, over `value`, `censor` and `bound`. */
static void iss_row(const b2m_column *cols, size_t i, double *value, int *censor,
                    double *bound, b2m_column *one)
{
    size_t k;
    for (k = 0; k < 2; k++) {
        const size_t at = i * cols[k].stride;
        value[k] = cols[k].real[at];
        censor[k] = cols[k].censor != NULL ? cols[k].censor[at] : B2M_CENSOR_NONE;
        bound[k] = cols[k].censor != NULL ? cols[k].bound[at] : NA;
        one[k] = b2m_column_censored(b2m_column_real(&value[k], 1), &censor[k],
                                     &bound[k]);
    }
}

/* The rows of `rows` ISS rows of `cols` whose stage (`stage`) or criteria
 * (`criteria`, NULL: not checked, rows apart) differ from those of the row
 * staged alone, reported on stderr as `what`. */
static size_t iss_rows_differing(size_t rows, const b2m_column *cols,
                                 const int *stage, const int *criteria,
                                 const char *what)
{
    size_t i, failures = 0;
    for (i = 0; i < rows; i++) {
        double value[2], bound[2];
        int censor[2], alone, alone_criteria[2];
        b2m_column one[2];
        iss_row(cols, i, value, censor, bound, one);
        iss_criteria(1, one, &alone, alone_criteria);
        if (stage[i] == alone &&
            (criteria == NULL || (criteria[i] == alone_criteria[0] &&
                                  criteria[rows + i] == alone_criteria[1])))
            continue;
        if (failures++ < 5)
            fprintf(stderr, "%s row %d: stage %d, alone %d\n", what, (int) i,
                    stage[i], alone);
    }
    return failures;
}

/* Censored rows at the first and last row of blocks of 128 rows and of a
 * short last block, in either column or both, with bounds inside the
 * plausible range and at its ends (where the interval may be empty: a bad
 * bound), beside exact and missing rows, a row with a code beside its
 * value and one with a code that is none; and a censored column recycled
 * over the rows: every row stages as it does alone, with stages alone
 * asked for (its censored rows re-staged after the others) and with its
 * criteria (read at once). */
static void test_censored_block_edges(void)
{
    enum { ROWS = 3 * 128 + 5 };
    const size_t edges[] = {0, 127, 128, 255, 256, 383, 384, ROWS - 1};
    const double b2m_bounds[] = {0, 3.5, 5.5, 200, 2, 7, 3.4};
    const double albumin_bounds[] = {3.5, 10, 0, 2.5, 4.5};
    static double value[2][ROWS], bound[2][ROWS];
    static int censor[2][ROWS], stage[ROWS], criteria[2 * ROWS];
    double recycled_value = NA, recycled_bound = 3;
    int recycled_censor = B2M_CENSOR_LT;
    b2m_column cols[2];
    b2m_bad_rows bad[2];
    size_t i, k, e;
    for (i = 0; i < ROWS; i++) {
        value[0][i] = 1 + (double) (i % 9);
        value[1][i] = 3 + (double) (i % 5) * 0.25;
        for (k = 0; k < 2; k++) {
            censor[k][i] = B2M_CENSOR_NONE;
            bound[k][i] = NA;
        }
    }
    for (i = 0; i < ROWS; i++) {
        int edge = i % 10 == 0;
        for (e = 0; e < sizeof edges / sizeof *edges; e++)
            edge |= edges[e] == i;
        for (k = 0; edge && k < 2; k++) {
            /* B2M, albumin or both, by turns */
            if (i % 3 != k && i % 3 != 2)
                continue;
            censor[k][i] = censor_forms[(i + k) % 4];
            bound[k][i] = k == 0 ? b2m_bounds[i % 7] : albumin_bounds[i % 5];
            value[k][i] = NA;
        }
    }
    value[0][129] = 2.5;        /* a code beside a value: the value */
    censor[0][129] = B2M_CENSOR_GT;
    bound[0][129] = 20;
    value[0][131] = NA;         /* missing, no code */
    value[0][132] = NA;         /* a code that is none: missing */
    censor[0][132] = 9;
    bound[0][132] = 20;
    for (k = 0; k < 2; k++)
        cols[k] = b2m_column_censored(b2m_column_real(value[k], ROWS), censor[k],
                                      bound[k]);
    iss_compute(ROWS, cols, stage, NULL, bad);
    CHECK(iss_rows_differing(ROWS, cols, stage, NULL, "edges") == 0);
    iss_criteria(ROWS, cols, stage, criteria);
    CHECK(iss_rows_differing(ROWS, cols, stage, criteria, "edges, criteria") == 0);
    /* row 129 read as B2M 2.5 (ISS I with albumin 4.0 g/dL); row 130, B2M 5
     * with albumin ">=3.5": II whatever the albumin */
    CHECK(stage[129] == 1 && stage[130] == 2);
    /* albumin "<3" over every row: below 3.5 g/dL whatever it is */
    cols[1] = b2m_column_censored(b2m_column_real(&recycled_value, 1), &recycled_censor,
                                  &recycled_bound);
    iss_compute(ROWS, cols, stage, NULL, bad);
    CHECK(iss_rows_differing(ROWS, cols, stage, NULL, "recycled") == 0);
    iss_criteria(ROWS, cols, stage, criteria);
    CHECK(iss_rows_differing(ROWS, cols, stage, criteria, "recycled, criteria") == 0);
    CHECK(stage[3] == 2 && stage[7] == 3); /* B2M 4: II; B2M 8: III */
}

/* Rows censored in one column compared with no other take their slot from
 * the plan's memo: for every system, rows censored at the first and last
 * rows of blocks and between, in a measurement or a limit, in one column
 * or two (one of them a limit compared with a measurement: the general
 * path), among exact and missing values; and with a measurement censored
 * and recycled over every row.  Staged with stages alone (the censored rows
 * re-staged after the others) and with criteria (at once), in two runs
 * sharing the plan, each row as its candidate values stage it. */
#define MEMO_ROWS (3 * 128 + 5)
static void test_censored_memo_system(const b2m_stage_system *system, unsigned state)
{
    static double value[B2M_STAGE_MAX_COLUMNS][CENSORED_ROWS];
    static double bound[B2M_STAGE_MAX_COLUMNS][CENSORED_ROWS];
    static int censor[B2M_STAGE_MAX_COLUMNS][CENSORED_ROWS];
    static int flags[B2M_STAGE_MAX_COLUMNS][MEMO_ROWS], stage[MEMO_ROWS];
    static int criteria[B2M_STAGE_MAX_CRITERIA * MEMO_ROWS];
    static int which[2][MEMO_ROWS];
    const size_t edges[] = {0, 1, 126, 127, 128, 129, 255, 256, 383, 384, MEMO_ROWS - 1};
    b2m_stage_plan *plan = new_plan(system);
    b2m_column cols[B2M_STAGE_MAX_COLUMNS];
    b2m_scale scales[B2M_STAGE_MAX_COLUMNS];
    double max[B2M_STAGE_MAX_COLUMNS], t[B2M_STAGE_MAX_CONDITIONS];
    double recycled_value = NA, recycled_bound = 0;
    int recycled_censor = B2M_CENSOR_GT, measured[B2M_STAGE_MAX_COLUMNS];
    b2m_bad_rows bad[B2M_STAGE_MAX_COLUMNS];
    size_t n_censorable = 0, i, k, e, pass, failures = 0;
    for (k = 0; k < system->n_columns; k++) {
        if (system->columns[k].kind == B2M_STAGE_VALUE ||
            system->columns[k].kind == B2M_STAGE_LIMIT)
            measured[n_censorable++] = (int) k;
        scales[k] = same;
        max[k] = LARGEST(system, k);
    }
    if (n_censorable == 0) {
        free(plan);
        return;
    }
    for (i = 0; i < MEMO_ROWS; i++) {
        int edge = i % 7 == 3, c;
        for (e = 0; e < sizeof edges / sizeof *edges; e++)
            edge |= edges[e] == i;
        for (k = 0; k < system->n_columns; k++) {
            value[k][i] = random_value(system, k, &state);
            censor[k][i] = B2M_CENSOR_NONE;
            bound[k][i] = NA;
        }
        which[0][i] = which[1][i] = -1;
        for (c = 0; edge && c < (i % 3 == 0 ? 2 : 1); c++) {
            const int col = measured[(i / 2 + (size_t) c) % n_censorable];
            if (!censor_near_threshold(system, col, c == 1 ? which[0][i] : -1, i,
                                       value, censor, bound, &state))
                break;
            which[c][i] = col;
        }
    }
    for (pass = 0; pass < 4; pass++) {
        /* passes 2 and 3: the first measurement censored in every row */
        const int recycled = pass >= 2 ? measured[0] : -1;
        for (k = 0; k < system->n_columns; k++) {
            b2m_bad_rows_init(&bad[k]);
            if (system->columns[k].kind == B2M_STAGE_FLAG) {
                for (i = 0; i < MEMO_ROWS; i++)
                    flags[k][i] = isnan(value[k][i]) ? B2M_NA_INT : (int) value[k][i];
                cols[k] = b2m_column_integer(flags[k], MEMO_ROWS);
            } else if ((int) k == recycled) {
                recycled_bound = thresholds_of(system, k, t) > 0 ? t[0] : 1;
                cols[k] = b2m_column_censored(b2m_column_real(&recycled_value, 1),
                                              &recycled_censor, &recycled_bound);
            } else {
                cols[k] = b2m_column_censored(b2m_column_real(value[k], MEMO_ROWS),
                                              censor[k], bound[k]);
            }
        }
        CHECK(b2m_stage_plan_make(system, scales, max, plan) == 0);
        /* in two runs, as the glue's chunks: the memo serves both */
        for (e = 0; e < 2; e++) {
            const size_t from = e == 0 ? 0 : 200, rows = e == 0 ? 200 : MEMO_ROWS - 200;
            b2m_column part[B2M_STAGE_MAX_COLUMNS];
            for (k = 0; k < system->n_columns; k++)
                part[k] = b2m_column_from(cols[k], from);
            if (pass % 2 == 0)
                b2m_stage_run(plan, rows, part, stage + from, NULL, bad);
            else
                b2m_stage_run_criteria(plan, rows, part, stage + from, NULL,
                                       criteria + from, MEMO_ROWS, bad);
        }
        for (k = 0; k < system->n_columns; k++)
            CHECK(bad[k].count == 0);
        for (i = 0; i < MEMO_ROWS; i++) {
            double row[B2M_STAGE_MAX_COLUMNS];
            int a = which[0][i], b = which[1][i], want;
            for (k = 0; k < system->n_columns; k++)
                row[k] = value[k][i];
            if (recycled >= 0) {
                /* the recycled column and the row's others censored (at
                 * most one more: expected_censored() takes two) */
                const int other = a == recycled ? b : a;
                const int third = a == recycled || b == recycled ? -1 : b;
                if (third >= 0)
                    continue;
                a = recycled;
                b = other;
                row[recycled] = NA;
            }
            want = a < 0 ? stage_of(system->key, row)
                   : expected_censored(system, row, a,
                                       a == recycled ? recycled_censor : censor[a][i],
                                       a == recycled ? recycled_bound : bound[a][i], b,
                                       b < 0 ? 0 : censor[b][i], b < 0 ? 0 : bound[b][i]);
            if (stage[i] != want && failures++ < 5)
                fprintf(stderr, "%s memo pass %d row %d: stage %d, expected %d\n",
                        system->name, (int) pass, (int) i, stage[i], want);
        }
    }
    CHECK(failures == 0);
    free(plan);
}

static void test_censored(void)
{
    size_t s;
    /* the examples: B2M ">20" is ISS III whatever the albumin, "<0.5"
     * with albumin 4.0 g/dL is ISS I */
    CHECK(censored_iss(B2M_CENSOR_GT, 20, 2) == 3);
    CHECK(censored_iss(B2M_CENSOR_GT, 20, 5) == 3);
    CHECK(censored_iss(B2M_CENSOR_GT, 20, NA) == 3);
    CHECK(censored_iss(B2M_CENSOR_LT, 0.5, 4.0) == 1);
    CHECK(censored_iss(B2M_CENSOR_LT, 0.5, 3.0) == 2);
    CHECK(censored_iss(B2M_CENSOR_LT, 0.5, NA) == B2M_NA_INT);
    /* the bound at a threshold: < and <= differ there */
    CHECK(censored_iss(B2M_CENSOR_LT, 3.5, 4) == 1);
    CHECK(censored_iss(B2M_CENSOR_LE, 3.5, 4) == B2M_NA_INT);
    CHECK(censored_iss(B2M_CENSOR_GE, 5.5, 4) == 3);
    CHECK(censored_iss(B2M_CENSOR_GT, 3.5, 4) == B2M_NA_INT);
    CHECK(censored_iss(B2M_CENSOR_GE, 3.5, 4) == B2M_NA_INT);
    CHECK(censored_iss(B2M_CENSOR_LT, 5.5, 3) == 2);
    CHECK(censored_iss(B2M_CENSOR_LE, 5.5, 3) == B2M_NA_INT);
    /* a bound is checked as a value, and so is an interval with none */
    CHECK(censored_iss(B2M_CENSOR_LT, -1, 4) == -B2M_VALUE_NEGATIVE);
    CHECK(censored_iss(B2M_CENSOR_LT, 0, 4) == -B2M_VALUE_NEGATIVE);
    CHECK(censored_iss(B2M_CENSOR_LE, 0, 4) == 1);
    CHECK(censored_iss(B2M_CENSOR_GT, 300, 4) == -B2M_VALUE_IMPLAUSIBLE);
    CHECK(censored_iss(B2M_CENSOR_GT, 200, 4) == -B2M_VALUE_IMPLAUSIBLE);
    CHECK(censored_iss(B2M_CENSOR_GE, 200, 4) == 3);
    CHECK(censored_iss(B2M_CENSOR_GT, INFINITY, 4) == -B2M_VALUE_INFINITE);
    /* a censored code without a bound is a missing value */
    CHECK(censored_iss(B2M_CENSOR_GT, NA, 4) == B2M_NA_INT);
    for (s = 0; s < b2m_stage_n_systems; s++)
        test_censored_system(b2m_stage_systems[s], 12345u + (unsigned) s);
    test_censored_sparse();
    test_censored_pending();
    test_censored_block_edges();
    for (s = 0; s < b2m_stage_n_systems; s++)
        test_censored_memo_system(b2m_stage_systems[s], 999u + (unsigned) s);
}

/* ---- a system at the plan's limits ----------------------------------------
 * B2M_STAGE_MAX_COLUMNS measurements x0..x8 and B2M_STAGE_MAX_CLAUSES
 * clauses: x_c >= 1 for c < 6 (a criterion each), and (x6 >= 1) and
 * (x7 >= 1 or x8 >= 1) the seventh; a point each, stage I at 0-2 points,
 * II at 3-4, III at 5-7.  Its plan holds every row key the limits allow
 * (2^17) and the censored slots after them. */
static const b2m_stage_column l_columns[B2M_STAGE_MAX_COLUMNS] = {
    {.name = "x0", .unit = "mg/L"}, {.name = "x1", .unit = "mg/L"},
    {.name = "x2", .unit = "mg/L"}, {.name = "x3", .unit = "mg/L"},
    {.name = "x4", .unit = "mg/L"}, {.name = "x5", .unit = "mg/L"},
    {.name = "x6", .unit = "mg/L"}, {.name = "x7", .unit = "mg/L"},
    {.name = "x8", .unit = "mg/L"},
};
#define L_AT_LEAST_1(k) {(k), B2M_STAGE_GE, 1, -1}
static const b2m_stage_condition l_x[B2M_STAGE_MAX_COLUMNS][1] = {
    {L_AT_LEAST_1(0)}, {L_AT_LEAST_1(1)}, {L_AT_LEAST_1(2)}, {L_AT_LEAST_1(3)},
    {L_AT_LEAST_1(4)}, {L_AT_LEAST_1(5)}, {L_AT_LEAST_1(6)}, {L_AT_LEAST_1(7)},
    {L_AT_LEAST_1(8)},
};
static const b2m_stage_condition l_x7_or_x8[] = {L_AT_LEAST_1(7), L_AT_LEAST_1(8)};
#define L_FIRST_SIX                                                            \
    T_CRITERION("x0", l_x[0], 1), T_CRITERION("x1", l_x[1], 1),                \
    T_CRITERION("x2", l_x[2], 1), T_CRITERION("x3", l_x[3], 1),                \
    T_CRITERION("x4", l_x[4], 1), T_CRITERION("x5", l_x[5], 1)
static const b2m_stage_criterion l_criteria[] = {
    L_FIRST_SIX,
    {.label = "x6 and (x7 or x8)",
     .all = (const b2m_stage_clause[]){{l_x[6], 1}, {l_x7_or_x8, 2}},
     .n_all = 2, .points = 1},
};
static const b2m_stage_group l_groups[] = {
    {"I", 0, 2, -1, -1}, {"II", 3, 4, -1, -1}, {"III", 5, 7, -1, -1},
};
static const b2m_stage_system l_system = {
    .key = "limits", .name = "limits",
    .columns = l_columns, .n_columns = B2M_STAGE_MAX_COLUMNS,
    .criteria = l_criteria, .n_criteria = 7,
    .groups = l_groups, .n_groups = 3,
};
/* One clause too many: x6 and x7 and x8. */
static const b2m_stage_criterion l_over_criteria[] = {
    L_FIRST_SIX,
    {.label = "x6 and x7 and x8",
     .all = (const b2m_stage_clause[]){{l_x[6], 1}, {l_x[7], 1}, {l_x[8], 1}},
     .n_all = 3, .points = 1},
};
static const b2m_stage_system l_over_system = {
    .key = "over", .name = "over",
    .columns = l_columns, .n_columns = B2M_STAGE_MAX_COLUMNS,
    .criteria = l_over_criteria, .n_criteria = 7,
    .groups = l_groups, .n_groups = 3,
};

/* The definition of l_system for a complete row. */
static int l_stage(const double *x)
{
    int points = 0;
    size_t c;
    for (c = 0; c < 6; c++)
        points += x[c] >= 1;
    points += x[6] >= 1 && (x[7] >= 1 || x[8] >= 1);
    return points <= 2 ? 1 : points <= 4 ? 2 : 3;
}

/* The stage common to every value columns k.. of `x` can take: a missing
 * one either side of the threshold, a censored one a value of each region
 * of its interval; 0 when none is given yet, B2M_NA_INT when two differ. */
static int l_common(double *x, const int *censor, const double *bound, size_t k,
                    int common)
{
    const double region[] = {0, nextafter(1, 0), 1, nextafter(1, 2), 1e9};
    const double either[] = {0, 2};
    double value;
    size_t r;
    if (k == B2M_STAGE_MAX_COLUMNS) {
        const int stage = l_stage(x);
        return common == 0 || common == stage ? stage : B2M_NA_INT;
    }
    value = x[k];
    if (censor[k] != B2M_CENSOR_NONE) {
        for (r = 0; r < sizeof region / sizeof region[0]; r++)
            if (in_interval(region[r], censor[k], bound[k], 0)) {
                x[k] = region[r];
                common = l_common(x, censor, bound, k + 1, common);
            }
    } else if (isnan(value)) {
        for (r = 0; r < 2; r++) {
            x[k] = either[r];
            common = l_common(x, censor, bound, k + 1, common);
        }
    } else {
        common = l_common(x, censor, bound, k + 1, common);
    }
    x[k] = value;
    return common;
}

/* The rows of a run of the limits system whose stage is not the one every
 * value of their intervals gives (l_common()), the first five printed under
 * `label`.  Row i of column k is x[k * rows + i], with its censoring and
 * bound at the same place of `censor` and `bound`. */
static size_t limits_failures(const char *label, size_t rows, const double *x,
                              const int *censor, const double *bound,
                              const int *stage)
{
    size_t i, k, failures = 0;
    for (i = 0; i < rows; i++) {
        double row[B2M_STAGE_MAX_COLUMNS], row_bound[B2M_STAGE_MAX_COLUMNS];
        int row_censor[B2M_STAGE_MAX_COLUMNS], want;
        for (k = 0; k < B2M_STAGE_MAX_COLUMNS; k++) {
            row[k] = x[k * rows + i];
            row_censor[k] = censor[k * rows + i];
            row_bound[k] = bound[k * rows + i];
        }
        want = l_common(row, row_censor, row_bound, 0, 0);
        if (stage[i] != want && failures++ < 5)
            fprintf(stderr, "%s row %d: stage %d, expected %d\n", label, (int) i,
                    stage[i], want);
    }
    return failures;
}

static void test_limits(void)
{
    enum { ROWS = 3000, CENSORABLE = 2 };
    const size_t censorable[CENSORABLE] = {0, 8};
    const double values[] = {NA, 0, 1, 2, 0.5}, bounds[] = {0.5, 1, 1.5, 5};
    static double x[B2M_STAGE_MAX_COLUMNS][ROWS], bound[CENSORABLE][ROWS];
    static int censor[CENSORABLE][ROWS], stage[ROWS];
    /* the censoring of every column, none outside the censorable ones */
    static int column_censor[B2M_STAGE_MAX_COLUMNS][ROWS];
    static double column_bound[B2M_STAGE_MAX_COLUMNS][ROWS];
    b2m_column cols[B2M_STAGE_MAX_COLUMNS];
    b2m_scale scales[B2M_STAGE_MAX_COLUMNS];
    double max[B2M_STAGE_MAX_COLUMNS];
    b2m_bad_rows bad[B2M_STAGE_MAX_COLUMNS];
    const size_t iss = b2m_stage_plan_size(b2m_stage_find("iss"));
    const size_t imwg = b2m_stage_plan_size(b2m_stage_find("imwg2025"));
    const size_t limits = b2m_stage_plan_size(&l_system);
    b2m_stage_plan *plan = new_plan(&l_system);
    unsigned state = 4242;
    size_t i, k, c;

    /* the size grows with the clauses and columns: 2^4, 2^11, 2^16, 2^17 keys */
    CHECK(iss == B2M_STAGE_PLAN_BYTES(2, 2));
    CHECK(limits == B2M_STAGE_PLAN_BYTES(B2M_STAGE_MAX_CLAUSES, B2M_STAGE_MAX_COLUMNS));
    CHECK(iss < b2m_stage_plan_size(&t_system) &&
          b2m_stage_plan_size(&t_system) < imwg && imwg < limits);
    /* a system beyond the limits: refused within the bytes its size gives */
    CHECK(b2m_stage_plan_size(&l_over_system) == limits);
    CHECK(b2m_stage_plan_make(&l_over_system, scales, max, plan) == -1);

    for (i = 0; i < ROWS; i++)
        for (k = 0; k < B2M_STAGE_MAX_COLUMNS; k++)
            x[k][i] = values[next_random(&state) % 5];
    for (c = 0; c < CENSORABLE; c++)
        for (i = 0; i < ROWS; i++) {
            const unsigned r = next_random(&state);
            censor[c][i] = r % 4 == 0 ? censor_forms[(r / 4) % 4] : B2M_CENSOR_NONE;
            bound[c][i] = bounds[(r / 16) % 4];
            if (censor[c][i] != B2M_CENSOR_NONE)
                x[censorable[c]][i] = NA;
        }
    /* every column missing: the largest plain key; and with x0 censored */
    for (k = 0; k < B2M_STAGE_MAX_COLUMNS; k++)
        x[k][0] = x[k][1] = NA;
    censor[0][0] = censor[1][0] = censor[1][1] = B2M_CENSOR_NONE;
    censor[0][1] = B2M_CENSOR_GE;
    bound[0][1] = 5;
    for (k = 0; k < B2M_STAGE_MAX_COLUMNS; k++) {
        cols[k] = b2m_column_real(x[k], ROWS);
        scales[k] = same;
        max[k] = 1e9;
        b2m_bad_rows_init(&bad[k]);
    }
    for (c = 0; c < CENSORABLE; c++)
        cols[censorable[c]] = b2m_column_censored(cols[censorable[c]], censor[c],
                                                  bound[c]);
    CHECK(b2m_stage_plan_make(&l_system, scales, max, plan) == 0);
    CHECK(plan->n_clauses == B2M_STAGE_MAX_CLAUSES);
    CHECK(b2m_stage_run(plan, ROWS, cols, stage, NULL, bad) == 0);
    CHECK(stage[0] == B2M_NA_INT && stage[1] == B2M_NA_INT);
    for (c = 0; c < CENSORABLE; c++)
        for (i = 0; i < ROWS; i++) {
            column_censor[censorable[c]][i] = censor[c][i];
            column_bound[censorable[c]][i] = bound[c][i];
        }
    CHECK(limits_failures("limits", ROWS, &x[0][0], &column_censor[0][0],
                          &column_bound[0][0], stage) == 0);
    free(plan);
}

/* More rows censored in one column than the censored cache holds
 * descriptions (every row censored in one of the nine columns of the limits
 * system, the others exact or missing at random): the cache is emptied
 * within the run, and its memo with it, so no row takes a stale slot. */
static void test_censored_memo_refills(void)
{
    enum { ROWS = 4000 };
    const double values[] = {NA, 0, 1, 2, 0.5}, bounds[] = {0.5, 1, 1.5, 5};
    static double x[B2M_STAGE_MAX_COLUMNS][ROWS], bound[B2M_STAGE_MAX_COLUMNS][ROWS];
    static int censor[B2M_STAGE_MAX_COLUMNS][ROWS], stage[ROWS];
    b2m_column cols[B2M_STAGE_MAX_COLUMNS];
    b2m_scale scales[B2M_STAGE_MAX_COLUMNS];
    double max[B2M_STAGE_MAX_COLUMNS];
    b2m_bad_rows bad[B2M_STAGE_MAX_COLUMNS];
    b2m_stage_plan *plan = new_plan(&l_system);
    unsigned state = 777;
    size_t i, k;
    for (i = 0; i < ROWS; i++) {
        const size_t at = next_random(&state) % B2M_STAGE_MAX_COLUMNS;
        for (k = 0; k < B2M_STAGE_MAX_COLUMNS; k++) {
            x[k][i] = values[next_random(&state) % 5];
            censor[k][i] = B2M_CENSOR_NONE;
            bound[k][i] = NA;
        }
        censor[at][i] = censor_forms[next_random(&state) % 4];
        bound[at][i] = bounds[next_random(&state) % 4];
        x[at][i] = NA;
    }
    for (k = 0; k < B2M_STAGE_MAX_COLUMNS; k++) {
        cols[k] = b2m_column_censored(b2m_column_real(x[k], ROWS), censor[k], bound[k]);
        scales[k] = same;
        max[k] = 1e9;
        b2m_bad_rows_init(&bad[k]);
    }
    CHECK(b2m_stage_plan_make(&l_system, scales, max, plan) == 0);
    CHECK(b2m_stage_run(plan, ROWS, cols, stage, NULL, bad) == 0);
    CHECK(limits_failures("memo refill", ROWS, &x[0][0], &censor[0][0], &bound[0][0],
                          stage) == 0);
    free(plan);
}

void test_staging(void)
{
    test_limits();
    test_censored_memo_refills();
    test_censored();
    test_imwg2025();
    test_stage_report();
    test_deciding();
    test_bad_rows_offset();
    test_general_system();
    test_flag_values();
    test_tables();
    test_plan();
    test_blocks();
    test_iss_family();
    test_lymphoid();
    test_checks();
}
