/* fuzz_stage.c - b2m_stage_compute over every system of b2m_stage_systems,
 * with fuzzed columns (real or integer, recycled or not, NA/NaN/Inf/negative/
 * huge), units and plausibility limits, run in chunks as the glue runs it.
 * Invariants: every stage is a group (1..n_groups) or NA; the score is NA
 * exactly when an input is missing or bad, and otherwise the points of the
 * met criteria; a complete row gets the stage and the criteria a plain
 * restatement of the rules gives; with one of its inputs made missing, the enumeration gives
 * that same stage or NA, never another; a row with missing inputs staged
 * anyway keeps its stage whatever values fill them, and so does each
 * criterion said met or not met; every bad-row record is exact.
 * Each call of the core costs a whole block of rows however few it is given,
 * so an input makes few calls (at most three chunks, the score alone in one,
 * every row with one input made missing in one), and the Makefile builds it
 * without tracing integer comparisons (see there). */
#include "fuzz.h"
#include "staging_plan.h" /* the harness reads the plan's system */

/* Units as exact-integer scales (value_in_unit = canonical * num / den). */
static const b2m_scale unit_scales[] = {
    {1, 1}, {1000, 1}, {1, 10}, {10, 1}, {1e6, 11800}, {1000, 1}, {884, 10}, {1, 1}
};

/* The truth of one condition for complete values, restated from b2m.h. */
static int holds(const b2m_stage_system *s, const b2m_stage_condition *c,
                 const double *value, const b2m_scale *scales)
{
    b2m_stage_kind kind = s->columns[c->column].kind;
    double v = value[c->column], t;
    if (c->op == B2M_STAGE_TRUE)
        return v != 0;
    if (c->versus >= 0)
        t = value[c->versus];
    else if (kind == B2M_STAGE_AGE || kind == B2M_STAGE_FLAG ||
             kind == B2M_STAGE_LEVEL)
        t = c->threshold;
    else
        t = b2m_scale_threshold(c->threshold, scales[c->column]);
    switch (c->op) {
    case B2M_STAGE_LT: return v < t;
    case B2M_STAGE_LE: return v <= t;
    case B2M_STAGE_GT: return v > t;
    case B2M_STAGE_GE: return v >= t;
    default: return 0;
    }
}

/* Whether criterion c holds for a complete row: each clause by any of its
 * conditions. */
static int restated_criterion(const b2m_stage_system *s, size_t c,
                              const double *value, const b2m_scale *scales)
{
    size_t j, k;
    for (j = 0; j < s->criteria[c].n_all; j++) {
        const b2m_stage_clause *clause = &s->criteria[c].all[j];
        int any = 0;
        for (k = 0; k < clause->n_any; k++)
            any |= holds(s, &clause->any[k], value, scales);
        if (!any)
            return 0;
    }
    return 1;
}

/* The 1-based group of a complete row (ages already in completed years), or
 * B2M_NA_INT when no group matches; its score in *score. */
static int restated_stage(const b2m_stage_system *s, const double *value,
                          const b2m_scale *scales, double *score)
{
    int met[B2M_STAGE_MAX_CRITERIA] = {0};
    size_t c, g;
    *score = 0;
    for (c = 0; c < s->n_criteria; c++) {
        met[c] = restated_criterion(s, c, value, scales);
        if (met[c])
            *score += s->criteria[c].points;
    }
    for (g = 0; g < s->n_groups; g++) {
        const b2m_stage_group *grp = &s->groups[g];
        if (*score < grp->min_score || *score > grp->max_score)
            continue;
        if (grp->requires >= 0 && !met[grp->requires])
            continue;
        if (grp->excludes >= 0 && met[grp->excludes])
            continue;
        return (int) g + 1;
    }
    return B2M_NA_INT;
}

/* The value a row is computed with: NaN when missing or bad. */
static double usable(const b2m_stage_system *s, size_t k, const b2m_column *col,
                     size_t i, double max)
{
    b2m_stage_kind kind = s->columns[k].kind;
    if (kind == B2M_STAGE_FLAG)
        return b2m_column_get(col, i);
    return kind == B2M_STAGE_AGE ? floor(fuzz_usable(col, i, max, 0))
                                 : fuzz_usable(col, i, max, kind == B2M_STAGE_LIMIT);
}

/* A value to fill a missing column with: a flag, 0 or a threshold of the
 * system near which the stage changes, or the largest plausible value. */
static double fill(const b2m_stage_system *s, size_t k, uint8_t pick,
                   const b2m_scale *scales, const double *max)
{
    b2m_stage_kind kind = s->columns[k].kind;
    size_t c, j, a, seen = 0;
    if (kind == B2M_STAGE_FLAG)
        return pick & 1;
    if (kind == B2M_STAGE_LEVEL)
        return (double) (pick % ((int) max[k] + 1));
    if (pick % 4 == 0)
        return kind == B2M_STAGE_LIMIT ? max[k] : 0;
    if (pick % 4 == 1)
        return kind == B2M_STAGE_AGE ? floor(max[k]) : max[k];
    for (c = 0; c < s->n_criteria; c++)
        for (a = 0; a < s->criteria[c].n_all; a++)
        for (j = 0; j < s->criteria[c].all[a].n_any; j++) {
            const b2m_stage_condition *cond = &s->criteria[c].all[a].any[j];
            double t;
            if ((size_t) cond->column != k || cond->versus >= 0 ||
                cond->op == B2M_STAGE_TRUE)
                continue;
            t = kind == B2M_STAGE_AGE ? cond->threshold
                                      : b2m_scale_threshold(cond->threshold, scales[k]);
            if (seen++ == (size_t) (pick / 4) % 4) {
                double v = pick & 128 ? nextafter(t, INFINITY) : t;
                if (kind == B2M_STAGE_AGE)
                    v = floor(v) + (pick & 64 ? 1 : 0);
                return v > 0 && v <= max[k] ? v : max[k];
            }
        }
    return max[k];
}

/* Rows that are a complete row with one input made missing, one per input
 * of each complete row, staged in one call through the plan of the input
 * (a call per row would cost the core a whole block each, and the harness
 * most of its time): each gets the complete row's stage or NA, never
 * another.  Every column is allocated to exactly the rows' count. */
static void check_one_missing(b2m_stage_plan *plan, size_t n,
                              const double (*value)[B2M_STAGE_MAX_COLUMNS],
                              const int *complete, const int *stage)
{
    const size_t n_columns = plan->system->n_columns;
    double *open[B2M_STAGE_MAX_COLUMNS];
    b2m_column cols[B2M_STAGE_MAX_COLUMNS];
    b2m_bad_rows bad[B2M_STAGE_MAX_COLUMNS];
    size_t i, k, m = 0, row = 0;
    int *open_stage;
    for (i = 0; i < n; i++)
        m += complete[i] ? n_columns : 0;
    if (m == 0)
        return;
    open_stage = malloc(m * sizeof *open_stage);
    FUZZ_ASSERT(open_stage != NULL);
    for (k = 0; k < n_columns; k++) {
        open[k] = malloc(m * sizeof *open[k]);
        FUZZ_ASSERT(open[k] != NULL);
        b2m_bad_rows_init(&bad[k]);
    }
    for (i = 0; i < n; i++) {
        size_t missing;
        if (!complete[i])
            continue;
        for (missing = 0; missing < n_columns; missing++, row++)
            for (k = 0; k < n_columns; k++)
                open[k][row] = k == missing ? NAN : value[i][k];
    }
    for (k = 0; k < n_columns; k++)
        cols[k] = b2m_column_real(open[k], m);
    FUZZ_ASSERT(b2m_stage_run(plan, m, cols, open_stage, NULL, bad) == 0);
    for (i = 0, row = 0; i < n; i++) {
        if (!complete[i])
            continue;
        for (k = 0; k < n_columns; k++, row++)
            FUZZ_ASSERT(open_stage[row] == B2M_NA_INT || open_stage[row] == stage[i]);
    }
    for (k = 0; k < n_columns; k++)
        free(open[k]);
    free(open_stage);
}

/* The chunk size for n rows: at most 3 chunks, since every call of the core
 * costs a whole block of rows however few it is given; the offsets of later
 * chunks, a one-row chunk and a short last chunk are all still met. */
static size_t stage_chunk(fuzz_input *in, size_t n)
{
    size_t chunk = fuzz_chunk(in, n);
    return chunk < (n + 2) / 3 ? (n + 2) / 3 : chunk;
}

/* What the plan reports of each row besides its stage (every condition
 * asked): open inputs only for a row without a stage, and among its
 * missing (or bad) columns; a condition's state NA exactly where a column
 * it compares is, else 1 or -1 as it holds, doubled only at its threshold. */
static void check_report(b2m_stage_plan *plan, size_t n, const fuzz_column *cols,
                         const double (*value)[B2M_STAGE_MAX_COLUMNS],
                         const int *stage)
{
    const b2m_stage_system *s = plan->system;
    b2m_column whole[B2M_STAGE_MAX_COLUMNS];
    b2m_bad_rows ignored[B2M_STAGE_MAX_COLUMNS];
    b2m_stage_report report;
    int *open = malloc((n ? n : 1) * sizeof *open);
    int *states = malloc((n ? n : 1) * plan->n_conditions * sizeof *states);
    size_t c, i, k;
    FUZZ_ASSERT(open != NULL && (states != NULL || plan->n_conditions == 0));
    memset(&report, 0, sizeof report);
    report.open_inputs = open;
    report.n_conditions = plan->n_conditions;
    for (c = 0; c < plan->n_conditions; c++) {
        report.condition[c] = (int) c;
        report.conditions[c] = states + c * n;
    }
    for (k = 0; k < s->n_columns; k++) {
        whole[k] = cols[k].col;
        b2m_bad_rows_init(&ignored[k]);
    }
    b2m_stage_run_report(plan, n, whole, NULL, NULL, &report, ignored);
    for (i = 0; i < n; i++) {
        unsigned missing = 0;
        for (k = 0; k < s->n_columns; k++)
            if (isnan(value[i][k]))
                missing |= 1u << k;
        FUZZ_ASSERT(open[i] == 0 || stage[i] == B2M_NA_INT);
        FUZZ_ASSERT(((unsigned) open[i] & ~missing) == 0);
        for (c = 0; c < plan->n_conditions; c++) {
            const b2m_stage_condition *cond = plan->condition[c];
            const int state = states[c * n + i];
            const int unknown = isnan(value[i][cond->column]) ||
                                (cond->versus >= 0 && isnan(value[i][cond->versus]));
            FUZZ_ASSERT((state == B2M_NA_INT) == unknown);
            FUZZ_ASSERT(unknown || state == 1 || state == -1 ||
                        ((state == 2 || state == -2) && cond->op != B2M_STAGE_TRUE));
        }
    }
    free(open);
    free(states);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_input in = {data, size};
    const b2m_stage_system *s = b2m_stage_systems[fuzz_byte(&in) % b2m_stage_n_systems];
    size_t n = fuzz_rows(&in), chunk = stage_chunk(&in, n), start, i, k;
    int want_score = fuzz_byte(&in) & 1;
    b2m_scale scales[B2M_STAGE_MAX_COLUMNS];
    double max[B2M_STAGE_MAX_COLUMNS];
    fuzz_column cols[B2M_STAGE_MAX_COLUMNS];
    b2m_bad_rows bad[B2M_STAGE_MAX_COLUMNS];
    b2m_stage_plan *plan = malloc(b2m_stage_plan_size(s)); /* exactly: ASan */
    static double value[FUZZ_MAX_ROWS][B2M_STAGE_MAX_COLUMNS];
    int complete[FUZZ_MAX_ROWS];
    int *stage = malloc((n ? n : 1) * sizeof *stage);
    double *score = malloc((n ? n : 1) * sizeof *score);
    /* criterion c of row i at criteria[c * n + i] */
    int *criteria = malloc((n ? n : 1) * s->n_criteria * sizeof *criteria);

    FUZZ_ASSERT(plan != NULL && stage != NULL && score != NULL && criteria != NULL);
    FUZZ_ASSERT(s->n_columns <= B2M_STAGE_MAX_COLUMNS);
    for (k = 0; k < s->n_columns; k++) {
        scales[k] = unit_scales[fuzz_byte(&in) % 8];
        max[k] = fuzz_positive(&in);
        /* an ordinal has at most 16 levels, its largest the maximum */
        if (s->columns[k].kind == B2M_STAGE_LEVEL)
            max[k] = floor(fmod(max[k], 16));
        cols[k] = fuzz_column_read(&in, n);
        b2m_bad_rows_init(&bad[k]);
    }
    FUZZ_ASSERT(b2m_stage_plan_make(s, scales, max, plan) == 0);
    for (start = 0; start < n; start += chunk) {
        size_t len = n - start < chunk ? n - start : chunk;
        b2m_column part[B2M_STAGE_MAX_COLUMNS];
        for (k = 0; k < s->n_columns; k++) {
            part[k] = b2m_column_from(cols[k].col, start);
            bad[k].offset = start;
        }
        /* Stage and score in one call or the stage alone, as R asks; the
         * first chunk through b2m_stage_compute (which compiles its own
         * plan), the others through the plan compiled once, as the glue. */
        if (start == 0)
            b2m_stage_compute(s, len, part, scales, max, stage + start,
                              want_score ? score + start : NULL, bad);
        else
            b2m_stage_run(plan, len, part, stage + start,
                          want_score ? score + start : NULL, bad);
    }
    /* The criteria, in one call through the plan (which knows every key
     * by now, so the stages it gives must be the same). */
    {
        b2m_column whole[B2M_STAGE_MAX_COLUMNS];
        b2m_bad_rows ignored[B2M_STAGE_MAX_COLUMNS];
        int *again = malloc((n ? n : 1) * sizeof *again);
        FUZZ_ASSERT(again != NULL);
        for (k = 0; k < s->n_columns; k++) {
            whole[k] = cols[k].col;
            b2m_bad_rows_init(&ignored[k]);
        }
        b2m_stage_run_criteria(plan, n, whole, again, NULL, criteria, n, ignored);
        for (i = 0; i < n; i++)
            FUZZ_ASSERT(again[i] == stage[i]);
        free(again);
    }
    /* The score alone, in one call. */
    if (!want_score) {
        b2m_column whole[B2M_STAGE_MAX_COLUMNS];
        b2m_bad_rows ignored[B2M_STAGE_MAX_COLUMNS];
        for (k = 0; k < s->n_columns; k++) {
            whole[k] = cols[k].col;
            b2m_bad_rows_init(&ignored[k]);
        }
        b2m_stage_run(plan, n, whole, NULL, score, ignored);
    }
    for (k = 0; k < s->n_columns; k++) {
        b2m_stage_kind kind = s->columns[k].kind;
        if (kind == B2M_STAGE_FLAG)
            FUZZ_ASSERT(bad[k].count == 0);
        else
            fuzz_check_bad_rows(&bad[k], &cols[k].col, n, max[k],
                                kind == B2M_STAGE_LIMIT);
    }

    for (i = 0; i < n; i++) {
        double points;
        int missing = 0, want;
        FUZZ_ASSERT(stage[i] == B2M_NA_INT || (stage[i] >= 1 && (size_t) stage[i] <= s->n_groups));
        for (k = 0; k < s->n_columns; k++) {
            value[i][k] = usable(s, k, &cols[k].col, i, max[k]);
            missing |= isnan(value[i][k]);
        }
        complete[i] = !missing;
        if (missing) {
            FUZZ_ASSERT(fuzz_is_na_real(score[i]));
            /* Any filling of the missing inputs gives the stage, if one
             * was given, and each criterion said met or not met. */
            {
                int trial;
                for (trial = 0; trial < 4; trial++) {
                    double filled[B2M_STAGE_MAX_COLUMNS];
                    for (k = 0; k < s->n_columns; k++)
                        filled[k] = isnan(value[i][k])
                            ? fill(s, k, fuzz_byte(&in) ^ (uint8_t) (trial * 37), scales, max)
                            : value[i][k];
                    FUZZ_ASSERT(stage[i] == B2M_NA_INT ||
                                restated_stage(s, filled, scales, &points) == stage[i]);
                    for (k = 0; k < s->n_criteria; k++) {
                        int c = criteria[k * n + i];
                        FUZZ_ASSERT(c == B2M_NA_INT ||
                                    c == restated_criterion(s, k, filled, scales));
                    }
                }
            }
            continue;
        }
        want = restated_stage(s, value[i], scales, &points);
        FUZZ_ASSERT(stage[i] == want);
        FUZZ_ASSERT(score[i] == points);
        for (k = 0; k < s->n_criteria; k++)
            FUZZ_ASSERT(criteria[k * n + i] == restated_criterion(s, k, value[i], scales));
    }
    /* One input missing: the same stage or NA. */
    check_one_missing(plan, n, (const double (*)[B2M_STAGE_MAX_COLUMNS]) value,
                      complete, stage);
    check_report(plan, n, cols, (const double (*)[B2M_STAGE_MAX_COLUMNS]) value,
                 stage);
    for (k = 0; k < s->n_columns; k++)
        fuzz_column_free(&cols[k]);
    free(stage);
    free(score);
    free(criteria);
    free(plan);
    return 0;
}
