/* staging.c - the one mechanism behind every staging system: criteria met by
 * any of their conditions add points, the first matching group is the stage.
 * The systems themselves are data, in rules.c. */
#include <string.h>
#include "b2m.h"

#define MAX_CONDITIONS B2M_STAGE_MAX_CONDITIONS
/* Three representatives per threshold of a column, or FALSE/TRUE. */
#define MAX_REPRESENTATIVES (3 * MAX_CONDITIONS)
/* One dimension per missing column plus one per `versus` condition. */
#define MAX_DIMENSIONS (B2M_STAGE_MAX_COLUMNS + MAX_CONDITIONS)

/* The thresholds of one call, in the units of the columns. */
typedef struct {
    const b2m_stage_condition *condition[MAX_CONDITIONS];
    int criterion[MAX_CONDITIONS];
    double threshold[MAX_CONDITIONS];
    size_t n;
} prepared;

const b2m_stage_system *b2m_stage_find(const char *name)
{
    size_t s;
    for (s = 0; s < b2m_stage_n_systems; s++)
        if (strcmp(b2m_stage_systems[s]->name, name) == 0)
            return b2m_stage_systems[s];
    return NULL;
}

static void prepare(const b2m_stage_system *system, const b2m_scale *scales,
                    prepared *p)
{
    size_t c, k;
    p->n = 0;
    for (c = 0; c < system->n_criteria; c++) {
        const b2m_stage_criterion *criterion = &system->criteria[c];
        for (k = 0; k < criterion->n_any && p->n < MAX_CONDITIONS; k++) {
            const b2m_stage_condition *cond = &criterion->any[k];
            const b2m_stage_column *col = &system->columns[cond->column];
            p->condition[p->n] = cond;
            p->criterion[p->n] = (int) c;
            /* Ages and flags have no unit; the threshold is used as stated. */
            p->threshold[p->n] = col->kind == B2M_STAGE_AGE || col->kind == B2M_STAGE_FLAG
                ? cond->threshold
                : b2m_scale_threshold(cond->threshold, scales[cond->column]);
            p->n++;
        }
    }
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

/* The group (0-based) of one complete row, -1 if no group matches; `forced`
 * gives the truth of a condition decided by the enumeration (-1: compute). */
static int evaluate(const b2m_stage_system *system, const prepared *p,
                    const double *value, const int *forced, double *score)
{
    int met[MAX_CONDITIONS] = {0};
    double total = 0;
    size_t k, g;

    for (k = 0; k < p->n; k++) {
        const b2m_stage_condition *cond = p->condition[k];
        int truth = forced[k];
        if (truth < 0) {
            double reference = cond->versus >= 0 ? value[cond->versus] : p->threshold[k];
            truth = compare(value[cond->column], cond->op, reference);
        }
        if (truth)
            met[p->criterion[k]] = 1;
    }
    for (k = 0; k < system->n_criteria; k++)
        if (met[k])
            total += system->criteria[k].points;
    *score = total;
    for (g = 0; g < system->n_groups; g++) {
        const b2m_stage_group *group = &system->groups[g];
        if (total < group->min_score || total > group->max_score)
            continue;
        if (group->requires >= 0 && !met[group->requires])
            continue;
        if (group->excludes >= 0 && met[group->excludes])
            continue;
        return (int) g;
    }
    return -1;
}

/* Values standing for every region of a missing column: just below, at and
 * just above each threshold (whole years either side for an age, whose
 * completed years are compared), FALSE and TRUE for a flag.  A column with
 * no threshold of its own (a limit) gets one placeholder: its comparisons are
 * enumerated as conditions.  Returns the count. */
static size_t representatives(const b2m_stage_system *system, const prepared *p,
                              int column, double *out)
{
    size_t k, n = 0;
    b2m_stage_kind kind = system->columns[column].kind;
    if (kind == B2M_STAGE_FLAG) {
        out[0] = 0;
        out[1] = 1;
        return 2;
    }
    for (k = 0; k < p->n; k++) {
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

/* The group of a row with missing values: the common group of every
 * combination of representatives, or -1 when two combinations differ. */
static int enumerate(const b2m_stage_system *system, const prepared *p,
                     double *value, const int *missing)
{
    double reps[MAX_DIMENSIONS][MAX_REPRESENTATIVES];
    size_t count[MAX_DIMENSIONS], at[MAX_DIMENSIONS] = {0};
    int target[MAX_DIMENSIONS]; /* >= 0: a column; < 0: condition -1 - k */
    int forced[MAX_CONDITIONS];
    size_t dims = 0, d, k;
    int first = -2;
    double score;

    for (k = 0; k < system->n_columns; k++) {
        if (!missing[k])
            continue;
        count[dims] = representatives(system, p, (int) k, reps[dims]);
        target[dims++] = (int) k;
    }
    for (k = 0; k < p->n; k++) {
        const b2m_stage_condition *cond = p->condition[k];
        forced[k] = -1;
        if (cond->versus >= 0 && (missing[cond->column] || missing[cond->versus])) {
            reps[dims][0] = 0;
            reps[dims][1] = 1;
            count[dims] = 2;
            target[dims++] = -1 - (int) k;
        }
    }
    for (;;) {
        int group;
        for (d = 0; d < dims; d++) {
            if (target[d] >= 0)
                value[target[d]] = reps[d][at[d]];
            else
                forced[-1 - target[d]] = (int) reps[d][at[d]];
        }
        group = evaluate(system, p, value, forced, &score);
        if (group < 0 || (first != -2 && group != first))
            return -1;
        first = group;
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

size_t b2m_stage_compute(const b2m_stage_system *system, size_t n,
                         const b2m_column *columns, const b2m_scale *scales,
                         const double *max_in_unit, int *stage, double *score,
                         b2m_bad_rows *bad)
{
    prepared p;
    int no_force[MAX_CONDITIONS];
    size_t i, k, total_bad = 0;

    prepare(system, scales, &p);
    for (k = 0; k < MAX_CONDITIONS; k++)
        no_force[k] = -1;

    for (i = 0; i < n; i++) {
        double value[B2M_STAGE_MAX_COLUMNS], points;
        int missing[B2M_STAGE_MAX_COLUMNS], any_missing = 0, group;

        for (k = 0; k < system->n_columns; k++) {
            const b2m_column *col = &columns[k];
            double v;
            switch (system->columns[k].kind) {
            case B2M_STAGE_FLAG:
                v = b2m_column_get(col, i);
                break;
            case B2M_STAGE_LIMIT:
                v = b2m_column_checked_positive(col, i, max_in_unit[k], &bad[k]);
                break;
            case B2M_STAGE_AGE:
                /* Completed years: a 65.9-year-old is 65. */
                v = floor(b2m_column_checked(col, i, max_in_unit[k], &bad[k]));
                break;
            default:
                v = b2m_column_checked(col, i, max_in_unit[k], &bad[k]);
                break;
            }
            value[k] = v;
            missing[k] = isnan(v);
            any_missing |= missing[k];
        }

        if (!any_missing) {
            group = evaluate(system, &p, value, no_force, &points);
        } else {
            points = b2m_na_real();
            group = stage != NULL ? enumerate(system, &p, value, missing) : -1;
        }
        if (stage != NULL)
            stage[i] = group < 0 ? B2M_NA_INT : group + 1;
        if (score != NULL)
            score[i] = points;
    }
    for (k = 0; k < system->n_columns; k++)
        total_bad += bad[k].count;
    return total_bad;
}
