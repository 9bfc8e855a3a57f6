/* staging.c - the one mechanism behind every staging system: criteria met by
 * any of their conditions add points, the first matching group is the stage.
 * The systems themselves are data, in rules.c. */
#include <string.h>
#include "b2m.h"

#define MAX_CONDITIONS B2M_STAGE_MAX_CONDITIONS
/* Three representatives per threshold of a column, or FALSE/TRUE. */
/* One dimension per missing column plus one per `versus` condition. */
#define MAX_DIMENSIONS (B2M_STAGE_MAX_COLUMNS + MAX_CONDITIONS)

const b2m_stage_system *b2m_stage_find(const char *name)
{
    size_t s;
    for (s = 0; s < b2m_stage_n_systems; s++)
        if (strcmp(b2m_stage_systems[s]->name, name) == 0)
            return b2m_stage_systems[s];
    return NULL;
}

/* The group (0-based, -1 if none matches) and the score of a row whose met
 * criteria are `mask`: the points summed in criterion order, then the first
 * group that takes them. */
static int group_of_mask(const b2m_stage_system *system, unsigned mask,
                         double *score)
{
    double total = 0;
    size_t k, g;
    for (k = 0; k < system->n_criteria; k++)
        if (mask & (1u << k))
            total += system->criteria[k].points;
    *score = total;
    for (g = 0; g < system->n_groups; g++) {
        const b2m_stage_group *group = &system->groups[g];
        if (total < group->min_score || total > group->max_score)
            continue;
        if (group->requires >= 0 && !(mask & (1u << group->requires)))
            continue;
        if (group->excludes >= 0 && (mask & (1u << group->excludes)))
            continue;
        return (int) g;
    }
    return -1;
}

static int compare(double value, b2m_stage_op op, double threshold)
{
    switch (op) {
    case B2M_STAGE_LT:
        return value < threshold;
    case B2M_STAGE_LE:
        return value <= threshold;
    case B2M_STAGE_GT:
        return value > threshold;
    case B2M_STAGE_GE:
        return value >= threshold;
    case B2M_STAGE_TRUE:
        return value != 0;
    }
    return 0;
}

/* Values standing for every region of a missing column: just below, at and
 * just above each threshold (whole years either side for an age, whose
 * completed years are compared), FALSE and TRUE for a flag.  A column with
 * no threshold of its own (a limit) gets one placeholder: its comparisons are
 * enumerated as conditions.  Returns the count. */
static size_t representatives(const b2m_stage_plan *p, int column, double *out)
{
    size_t k, n = 0;
    b2m_stage_kind kind = p->system->columns[column].kind;
    if (kind == B2M_STAGE_FLAG) {
        out[0] = 0;
        out[1] = 1;
        return 2;
    }
    for (k = 0; k < p->n_conditions; k++) {
        double t = p->threshold[k];
        if (p->condition[k]->column != column || p->condition[k]->versus >= 0)
            continue;
        if (kind == B2M_STAGE_AGE) {
            out[n++] = floor(t) - 1;
            out[n++] = floor(t);
            out[n++] = floor(t) + 1;
        } else {
            out[n++] = nextafter(t, -INFINITY);
            out[n++] = t;
            out[n++] = nextafter(t, INFINITY);
        }
    }
    if (n == 0)
        out[n++] = 0;
    return n;
}

/* The masks column k's own conditions (not those comparing two columns)
 * give over its representatives, without repeats: what the column can
 * contribute to a row's met criteria when it is missing. */
static void column_masks(b2m_stage_plan *p, int column)
{
    double reps[3 * MAX_CONDITIONS];
    size_t r, k, m, n_reps = representatives(p, column, reps);
    p->n_column_masks[column] = 0;
    for (r = 0; r < n_reps; r++) {
        unsigned mask = 0;
        for (k = 0; k < p->n_conditions; k++) {
            const b2m_stage_condition *cond = p->condition[k];
            if (cond->column == column && cond->versus < 0 &&
                compare(reps[r], cond->op, p->threshold[k]))
                mask |= p->bit[k];
        }
        for (m = 0; m < p->n_column_masks[column]; m++)
            if (p->column_masks[column][m] == mask)
                break;
        if (m == p->n_column_masks[column])
            p->column_masks[column][p->n_column_masks[column]++] = mask;
    }
}

int b2m_stage_plan_make(const b2m_stage_system *system, const b2m_scale *scales,
                        const double *max_in_unit, b2m_stage_plan *plan)
{
    size_t c, k;
    unsigned mask;
    if (system->n_columns > B2M_STAGE_MAX_COLUMNS ||
        system->n_criteria > B2M_STAGE_MAX_CRITERIA)
        return -1;
    plan->system = system;
    plan->n_conditions = 0;
    for (c = 0; c < system->n_criteria; c++) {
        const b2m_stage_criterion *criterion = &system->criteria[c];
        for (k = 0; k < criterion->n_any; k++) {
            const b2m_stage_condition *cond = &criterion->any[k];
            b2m_stage_kind kind = system->columns[cond->column].kind;
            size_t at = plan->n_conditions;
            if (at == MAX_CONDITIONS)
                return -1;
            plan->condition[at] = cond;
            plan->criterion[at] = (int) c;
            plan->bit[at] = 1u << c;
            /* Ages and flags have no unit; the threshold is used as stated. */
            plan->threshold[at] = kind == B2M_STAGE_AGE || kind == B2M_STAGE_FLAG
                ? cond->threshold
                : b2m_scale_threshold(cond->threshold, scales[cond->column]);
            plan->n_conditions++;
        }
    }
    for (k = 0; k < system->n_columns; k++) {
        plan->max_in_unit[k] = max_in_unit[k];
        column_masks(plan, (int) k);
    }
    for (mask = 0; mask < B2M_STAGE_MASKS; mask++) {
        int group = group_of_mask(system, mask, &plan->score_of[mask]);
        plan->stage_of[mask] = group < 0 ? B2M_NA_INT : group + 1;
    }
    return 0;
}

/* The stage code of a row with missing values whose known conditions meet
 * `known`: the common stage of every combination of what its missing columns
 * (and the comparisons of two columns with a missing side) can meet, or
 * B2M_NA_INT when two combinations differ or one matches no group.  This is
 * the enumeration of every combination of representative values, done on
 * masks: a row's met criteria are the union of those met by each column's
 * conditions. */
static int enumerate(const b2m_stage_plan *p, unsigned known,
                     const double *const *values, size_t j)
{
    const b2m_stage_system *system = p->system;
    unsigned either[MAX_CONDITIONS][2];
    const unsigned *choices[MAX_DIMENSIONS];
    size_t count[MAX_DIMENSIONS], at[MAX_DIMENSIONS] = {0};
    size_t dims = 0, d, k;
    int first = 0;

    for (k = 0; k < system->n_columns; k++) {
        if (!isnan(values[k][j]))
            continue;
        choices[dims] = p->column_masks[k];
        count[dims++] = p->n_column_masks[k];
    }
    for (k = 0; k < p->n_conditions; k++) {
        const b2m_stage_condition *cond = p->condition[k];
        if (cond->versus >= 0 &&
            (isnan(values[cond->column][j]) || isnan(values[cond->versus][j]))) {
            either[k][0] = 0;
            either[k][1] = p->bit[k];
            choices[dims] = either[k];
            count[dims++] = 2;
        }
    }
    for (;;) {
        unsigned mask = known;
        int code;
        for (d = 0; d < dims; d++)
            mask |= choices[d][at[d]];
        code = p->stage_of[mask];
        if (code == B2M_NA_INT || (first != 0 && code != first))
            return B2M_NA_INT;
        first = code;
        /* The next combination, odometer style. */
        for (d = 0; d < dims; d++) {
            if (++at[d] < count[d])
                break;
            at[d] = 0;
        }
        if (d == dims)
            return first;
    }
}

/* Rows are staged in blocks, a column at a time: each column is read and
 * checked in one tight loop, each condition is one loop of comparisons, and
 * the stage is one table look-up per row.  The loops run over whole blocks
 * (a short last block is padded with missing rows) so that the compiler can
 * vectorize them at -O2. */
#define BLOCK 256

/* Reads rows [start, start + len) of column k into out (NaN when missing or
 * bad, completed years for an age) and marks missing rows, padding the block
 * with missing rows. */
static void read_block(const b2m_stage_plan *plan, size_t k, const b2m_column *col,
                       size_t start, size_t len, b2m_bad_rows *bad, double *out,
                       unsigned char *missing)
{
    const b2m_stage_kind kind = plan->system->columns[k].kind;
    const double max = plan->max_in_unit[k];
    /* A limit must be positive: 0 is a problem too (-1 never matches). */
    const double bad_zero = kind == B2M_STAGE_LIMIT ? 0 : -1;
    size_t j;
    int problem = 0;

    if (len == BLOCK && col->stride == 1 && col->real != NULL) {
        const double *x = col->real + start;
        for (j = 0; j < BLOCK; j++) {
            double v = x[j];
            out[j] = v;
            /* NaN fails every comparison: a missing value is no problem */
            problem |= (v < 0) | (v > max) | (v == HUGE_VAL) | (v == bad_zero);
        }
    } else if (len == BLOCK && col->stride == 1) {
        const int *x = col->integer + start;
        const double na = b2m_na_real();
        for (j = 0; j < BLOCK; j++)
            out[j] = x[j] == B2M_NA_INT ? na : (double) x[j];
        if (kind != B2M_STAGE_FLAG)
            for (j = 0; j < BLOCK; j++)
                problem |= (out[j] < 0) | (out[j] > max) | (out[j] == bad_zero);
    } else {
        for (j = 0; j < len; j++)
            out[j] = b2m_column_get(col, start + j);
        for (j = len; j < BLOCK; j++)
            out[j] = b2m_na_real();
        for (j = 0; j < len; j++)
            problem |= (out[j] < 0) | (out[j] > max) | (out[j] == HUGE_VAL) |
                       (out[j] == bad_zero);
    }
    /* The rare block with a bad value: record it and make it missing, in
     * row order. */
    if (problem && kind != B2M_STAGE_FLAG)
        for (j = 0; j < len; j++)
            if (!isnan(out[j]))
                out[j] = b2m_column_recheck(col, start + j, out[j], max,
                                            kind == B2M_STAGE_LIMIT, bad);
    if (kind == B2M_STAGE_AGE && max < 2147483647.0) {
        /* Completed years: a 65.9-year-old is 65.  A checked age is NaN or in
         * [0, max]; truncation is floor there and needs no libm call. */
        for (j = 0; j < BLOCK; j++)
            out[j] = out[j] >= 0 ? (double) (int) out[j] : out[j];
    } else if (kind == B2M_STAGE_AGE) {
        for (j = 0; j < BLOCK; j++)
            out[j] = floor(out[j]);
    }
    for (j = 0; j < BLOCK; j++)
        missing[j] |= out[j] != out[j];
}

/* Sets condition k's criterion bit in the mask of every row of the block
 * where it holds: one loop per comparison, without a branch on the data. */
#define MARK(test)                                      \
    do {                                                \
        for (j = 0; j < BLOCK; j++)                     \
            mask[j] |= bit & -(unsigned) (test);        \
    } while (0)

/* `values` cannot be const: ISO C does not convert double (*)[BLOCK] to
 * const double (*)[BLOCK]. */
static void apply_condition(const b2m_stage_plan *plan, size_t k,
                            double values[][BLOCK], /* cppcheck-suppress constParameter */
                            unsigned *mask)
{
    const b2m_stage_condition *cond = plan->condition[k];
    const double *v = values[cond->column];
    const unsigned bit = plan->bit[k];
    size_t j;
    if (cond->versus >= 0) {
        const double *t = values[cond->versus];
        switch (cond->op) {
        case B2M_STAGE_LT: MARK(v[j] < t[j]); break;
        case B2M_STAGE_LE: MARK(v[j] <= t[j]); break;
        case B2M_STAGE_GT: MARK(v[j] > t[j]); break;
        case B2M_STAGE_GE: MARK(v[j] >= t[j]); break;
        case B2M_STAGE_TRUE: MARK((v[j] < 0) | (v[j] > 0)); break;
        }
    } else {
        const double t = plan->threshold[k];
        switch (cond->op) {
        case B2M_STAGE_LT: MARK(v[j] < t); break;
        case B2M_STAGE_LE: MARK(v[j] <= t); break;
        case B2M_STAGE_GT: MARK(v[j] > t); break;
        case B2M_STAGE_GE: MARK(v[j] >= t); break;
        case B2M_STAGE_TRUE: MARK((v[j] < 0) | (v[j] > 0)); break;
        }
    }
}

size_t b2m_stage_run(const b2m_stage_plan *plan, size_t n,
                     const b2m_column *columns, int *stage, double *score,
                     b2m_bad_rows *bad)
{
    const b2m_stage_system *system = plan->system;
    const size_t n_columns = system->n_columns;
    double values[B2M_STAGE_MAX_COLUMNS][BLOCK];
    unsigned mask[BLOCK];
    unsigned char missing[BLOCK];
    const double *column_values[B2M_STAGE_MAX_COLUMNS];
    size_t start, i, j, k, total_bad = 0;

    for (k = 0; k < n_columns; k++)
        column_values[k] = values[k];

    for (start = 0; start < n; start += BLOCK) {
        const size_t len = n - start < BLOCK ? n - start : BLOCK;
        memset(missing, 0, sizeof missing);
        memset(mask, 0, sizeof mask);
        for (k = 0; k < n_columns; k++)
            read_block(plan, k, &columns[k], start, len, &bad[k], values[k],
                       missing);
        /* Comparisons with NaN are false: a missing row's mask holds what its
         * known values meet. */
        for (k = 0; k < plan->n_conditions; k++)
            apply_condition(plan, k, values, mask);
        /* cppcheck takes len for 0 here (it is 1..BLOCK) */
        /* cppcheck-suppress knownConditionTrueFalse */
        for (j = 0; j < len; j++) {
            i = start + j;
            if (!missing[j]) {
                if (stage != NULL)
                    stage[i] = plan->stage_of[mask[j]];
                if (score != NULL)
                    score[i] = plan->score_of[mask[j]];
                continue;
            }
            /* Only rows with a missing value are enumerated; a score needs
             * every input. */
            if (stage != NULL)
                stage[i] = enumerate(plan, mask[j], column_values, j);
            if (score != NULL)
                score[i] = b2m_na_real();
        }
    }
    for (k = 0; k < n_columns; k++)
        total_bad += bad[k].count;
    return total_bad;
}

size_t b2m_stage_compute(const b2m_stage_system *system, size_t n,
                         const b2m_column *columns, const b2m_scale *scales,
                         const double *max_in_unit, int *stage, double *score,
                         b2m_bad_rows *bad)
{
    b2m_stage_plan plan;
    size_t i;
    if (b2m_stage_plan_make(system, scales, max_in_unit, &plan) == 0)
        return b2m_stage_run(&plan, n, columns, stage, score, bad);
    for (i = 0; i < n; i++) {
        if (stage != NULL)
            stage[i] = B2M_NA_INT;
        if (score != NULL)
            score[i] = b2m_na_real();
    }
    return 0;
}
