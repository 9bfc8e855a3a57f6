/* staging.c - the one mechanism behind every staging system: criteria met
 * when each of their clauses holds (a clause: any of its conditions) add
 * points, the first matching group is the stage.
 * The systems themselves are data, in rules.c. */
#include <float.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "b2m.h"
#include "staging_plan.h"

#define MAX_CONDITIONS B2M_STAGE_MAX_CONDITIONS
/* Three representatives per threshold of a column, or FALSE/TRUE. */
/* One dimension per missing column plus one per `versus` condition. */
#define MAX_DIMENSIONS (B2M_STAGE_MAX_COLUMNS + MAX_CONDITIONS)

const b2m_stage_system *b2m_stage_find(const char *key)
{
    size_t s;
    for (s = 0; s < b2m_stage_n_systems; s++)
        if (strcmp(b2m_stage_systems[s]->key, key) == 0)
            return b2m_stage_systems[s];
    return NULL;
}

/* The group (0-based, -1 if none matches) and the score of a row whose met
 * criteria are `mask` (bit c: criterion c): the points summed in criterion order, then the first
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
        return value < 0 || value > 0; /* false for a missing flag */
    }
    return 0;
}

/* The most levels an ordinal column may have (its representatives). */
#define MAX_LEVELS 16

/* Values standing for every region of a missing column: just below, at and
 * just above each threshold (whole years either side for an age, whose
 * completed years are compared), FALSE and TRUE for a flag, every level of
 * an ordinal.  A column with no threshold of its own (a limit) gets one
 * placeholder: its comparisons are enumerated as conditions.  Returns the
 * count. */
static size_t representatives(const b2m_stage_plan *p, const b2m_stage_in_unit *in,
                              int column, double *out)
{
    size_t k, n = 0;
    b2m_stage_kind kind = p->system->columns[column].kind;
    if (kind == B2M_STAGE_FLAG) {
        out[0] = 0;
        out[1] = 1;
        return 2;
    }
    if (kind == B2M_STAGE_LEVEL) {
        for (n = 0; (double) n <= in->max_in_unit[column]; n++)
            out[n] = (double) n;
        return n;
    }
    for (k = 0; k < p->n_conditions; k++) {
        double t = in->threshold[k];
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
 * give over its representatives in unit `in`, without repeats, into `out`
 * (3 * MAX_CONDITIONS); returns their count. */
static size_t masks_in_unit(const b2m_stage_plan *p, const b2m_stage_in_unit *in,
                            int column, unsigned *out)
{
    double reps[3 * MAX_CONDITIONS > MAX_LEVELS ? 3 * MAX_CONDITIONS : MAX_LEVELS];
    size_t r, k, m, n = 0, n_reps = representatives(p, in, column, reps);
    for (r = 0; r < n_reps; r++) {
        unsigned mask = 0;
        for (k = 0; k < p->n_conditions; k++) {
            const b2m_stage_condition *cond = p->condition[k];
            if (cond->column == column && cond->versus < 0 &&
                compare(reps[r], cond->op, in->threshold[k]))
                mask |= p->bit[k];
        }
        for (m = 0; m < n && out[m] != mask; m++)
            ;
        if (m == n)
            out[n++] = mask;
    }
    return n;
}

/* What column k can contribute to a row's met criteria when it is missing
 * (masks_in_unit()): one list for all its units, or -1 when they differ. */
static int column_masks(b2m_stage_plan *p, int column)
{
    unsigned other[3 * MAX_CONDITIONS];
    const size_t n = masks_in_unit(p, &p->in_unit[0], column, p->column_masks[column]);
    size_t u;
    p->n_column_masks[column] = n;
    for (u = 1; u < p->n_units[column]; u++)
        if (masks_in_unit(p, &p->in_unit[u], column, other) != n ||
            memcmp(other, p->column_masks[column], n * sizeof *other) != 0)
            return -1;
    return 0;
}

/* The thresholds of a measurement's or a limit's own conditions in unit
 * `in`, distinct and ascending (into in->breaks), and the clauses those
 * conditions make hold in each region they cut (into `region_mask`): region
 * 2i is below threshold i (and above i - 1), 2i + 1 is at it, 2n above the
 * last.  A censored value's interval meets a run of them.  Returns n. */
static size_t regions_in_unit(const b2m_stage_plan *p, b2m_stage_in_unit *in,
                              int column, unsigned *region_mask)
{
    double *t = in->breaks[column];
    size_t k, j, n = 0, r;
    for (k = 0; k < p->n_conditions; k++) {
        double x = in->data_threshold[k];
        if (p->condition[k]->column != column || p->condition[k]->versus >= 0)
            continue;
        for (j = 0; j < n && t[j] < x; j++)
            ;
        if (j < n && t[j] == x)
            continue;
        memmove(t + j + 1, t + j, (n - j) * sizeof *t);
        t[j] = x;
        n++;
    }
    for (r = 0; r <= 2 * n; r++) {
        /* a value standing for the region, as representatives() has it */
        double v = r % 2 == 1 ? t[r / 2]
                   : r < 2 * n ? nextafter(t[r / 2], -INFINITY)
                   : n > 0 ? nextafter(t[n - 1], INFINITY) : 0;
        unsigned mask = 0;
        for (k = 0; k < p->n_conditions; k++) {
            const b2m_stage_condition *cond = p->condition[k];
            if (cond->column == column && cond->versus < 0 &&
                compare(v, p->data_op[k], in->data_threshold[k]))
                mask |= p->bit[k];
        }
        region_mask[r] = mask;
    }
    return n;
}

/* The region of column k (see regions_in_unit()) holding x: twice the
 * count of its breaks below x, plus one at a break (they are distinct).
 * Counted over every break, the loop's length that of the column's breaks
 * whatever x is. */
static inline size_t region_of(const b2m_stage_plan *p,
                               const b2m_stage_in_unit *in, size_t k, double x)
{
    const double *t = in->breaks[k];
    size_t j, below = 0, at = 0;
    for (j = 0; j < p->n_breaks[k]; j++) {
        below += t[j] < x;
        at += t[j] == x;
    }
    return 2 * below + at;
}

/* The regions of column k (regions_in_unit()): the same in each of its
 * units, else -1. */
static int compile_regions(b2m_stage_plan *p, int column)
{
    unsigned other[B2M_STAGE_MAX_REGIONS];
    size_t n, u;
    p->n_breaks[column] = 0;
    if (p->system->columns[column].kind != B2M_STAGE_VALUE &&
        p->system->columns[column].kind != B2M_STAGE_LIMIT)
        return 0;
    n = regions_in_unit(p, &p->in_unit[0], column, p->region_mask[column]);
    p->n_breaks[column] = n;
    for (u = 1; u < p->n_units[column]; u++)
        if (regions_in_unit(p, &p->in_unit[u], column, other) != n ||
            memcmp(other, p->region_mask[column], (2 * n + 1) * sizeof *other) != 0)
            return -1;
    for (u = 0; u < p->n_units[column]; u++) {
        b2m_stage_in_unit *in = &p->in_unit[u];
        in->lowest_region[column] = (unsigned char) region_of(p, in, column,
                                                              in->lowest[column]);
        in->highest_region[column] = (unsigned char) region_of(p, in, column,
                                                               in->highest[column]);
    }
    return 0;
}

/* The comparison of the data that is the same as `op` against `t` on the
 * completed years of an age: floor(a) > t is a >= floor(t) + 1, floor(a) >= t
 * is a >= ceil(t), and so on; NaN fails both sides. */
static void age_comparison(b2m_stage_op op, double t, b2m_stage_op *data_op,
                           double *data_t)
{
    switch (op) {
    case B2M_STAGE_GT:
        *data_op = B2M_STAGE_GE;
        *data_t = floor(t) + 1;
        return;
    case B2M_STAGE_GE:
        *data_op = B2M_STAGE_GE;
        *data_t = ceil(t);
        return;
    case B2M_STAGE_LT:
        *data_op = B2M_STAGE_LT;
        *data_t = ceil(t);
        return;
    case B2M_STAGE_LE:
        *data_op = B2M_STAGE_LT;
        *data_t = floor(t) + 1;
        return;
    case B2M_STAGE_TRUE:
        break;
    }
    *data_op = op;
    *data_t = t;
}

/* ---- compiling a plan --------------------------------------------------
 * How a row is staged: b2m_stage_plan_make() converts each threshold once
 * into the unit of its column's data (compile_conditions), sets each
 * column's plausible range and the criteria it can meet when missing
 * (compile_columns), and tabulates the stage and score of every set of met
 * criteria (compile_masks).  b2m_stage_run() then reads each row's columns,
 * sets one bit per met criterion and per missing column (the row's key),
 * and looks the stage up: a complete row's key is its set of met criteria;
 * a row with missing values is enumerated once per distinct key
 * (enumerate()) and remembered in `code_of`. */

/* The condition of a plan for condition `cond` of clause bit `bit`: the
 * threshold in each unit of the data (a column's units beyond its own
 * repeat its first) and the comparison made on the data. */
static void compile_condition(b2m_stage_plan *plan, size_t at,
                              const b2m_stage_condition *cond, unsigned bit,
                              const b2m_stage_units *units)
{
    b2m_stage_kind kind = plan->system->columns[cond->column].kind;
    const b2m_stage_units *own = &units[cond->column];
    size_t u;
    plan->condition[at] = cond;
    plan->bit[at] = bit;
    plan->data_op[at] = cond->op;
    for (u = 0; u < B2M_STAGE_MAX_UNITS; u++) {
        b2m_stage_in_unit *in = &plan->in_unit[u];
        /* Ages, flags and levels have no unit; the threshold is used as stated. */
        in->threshold[at] = kind == B2M_STAGE_AGE || kind == B2M_STAGE_FLAG ||
                            kind == B2M_STAGE_LEVEL
            ? cond->threshold
            : b2m_scale_threshold(cond->threshold, own->scale[u < own->n ? u : 0]);
        in->data_threshold[at] = in->threshold[at];
        if (kind == B2M_STAGE_AGE && cond->versus < 0)
            age_comparison(cond->op, in->threshold[at], &plan->data_op[at],
                           &in->data_threshold[at]);
    }
}

/* One entry per condition, in criterion and clause order (compile_condition),
 * one bit per clause.  Records which columns are compared with another
 * (`in_versus`) and which are flags compared with nothing else
 * (`only_flag`).  Returns -1 beyond MAX_CONDITIONS or
 * B2M_STAGE_MAX_CLAUSES. */
static int compile_conditions(b2m_stage_plan *plan, const b2m_stage_units *units,
                              int *in_versus, int *only_flag)
{
    const b2m_stage_system *system = plan->system;
    size_t c, j, k;
    plan->n_conditions = 0;
    plan->n_clauses = 0;
    for (c = 0; c < system->n_criteria; c++) {
        const b2m_stage_criterion *criterion = &system->criteria[c];
        plan->clauses_of[c] = 0;
        for (j = 0; j < criterion->n_all; j++, plan->n_clauses++) {
            const b2m_stage_clause *clause = &criterion->all[j];
            const unsigned bit = 1u << plan->n_clauses;
            if (plan->n_clauses == B2M_STAGE_MAX_CLAUSES)
                return -1;
            plan->clauses_of[c] |= bit;
            for (k = 0; k < clause->n_any; k++) {
                const b2m_stage_condition *cond = &clause->any[k];
                if (plan->n_conditions == MAX_CONDITIONS)
                    return -1;
                compile_condition(plan, plan->n_conditions++, cond, bit, units);
                if (cond->versus >= 0) {
                    in_versus[cond->column] = 1;
                    in_versus[cond->versus] = 1;
                }
                only_flag[cond->column] &= cond->op == B2M_STAGE_TRUE;
            }
        }
    }
    return 0;
}

/* Column k's plausible range in each of its units (those beyond its own
 * repeat its first). */
static void compile_ranges(b2m_stage_plan *plan, size_t k, const b2m_stage_units *own)
{
    b2m_stage_kind kind = plan->system->columns[k].kind;
    size_t u;
    for (u = 0; u < B2M_STAGE_MAX_UNITS; u++) {
        b2m_stage_in_unit *in = &plan->in_unit[u];
        const size_t from = u < own->n ? u : 0;
        const double max = own->max_in_unit[from];
        in->min_in_unit[k] = own->min_in_unit != NULL && kind == B2M_STAGE_VALUE &&
                             own->min_in_unit[from] > 0 ? own->min_in_unit[from] : 0;
        in->max_in_unit[k] = max;
        /* Outside [lowest, highest]: negative, infinite, above the maximum,
         * below the minimum, zero for a limit (below the least positive
         * double), or missing.  A flag is never bad. */
        in->lowest[k] = kind == B2M_STAGE_FLAG ? -HUGE_VAL
            : kind == B2M_STAGE_LIMIT ? nextafter(0, 1) : in->min_in_unit[k];
        in->highest[k] = kind == B2M_STAGE_FLAG ? HUGE_VAL
            : max < DBL_MAX ? max : DBL_MAX;
    }
}

/* Whether {x : x < t_u} is {x : x * g < t_b}, and the same for `>`
 * (below_only: `<` alone), over every double x.  A product with g > 0 is
 * monotone in x, so each set is a half-line and it is enough that t_u and
 * its neighbours land on the right sides of t_b (conversion rounding could
 * move a value across it). */
static int lands_on(double t_u, double t_b, double g, int below_only)
{
    const int below = t_u * g >= t_b && nextafter(t_u, -HUGE_VAL) * g < t_b;
    return below && (below_only || (t_u * g <= t_b &&
                                    nextafter(t_u, HUGE_VAL) * g > t_b));
}

/* Whether column k's values in unit u, multiplied by g, are read in unit v
 * exactly as in u: every threshold of its comparisons lands on v's
 * (lands_on(); equality with it too: a condition's state tells it), and so
 * do both ends of its plausible range. */
static int reads_alike(const b2m_stage_plan *plan, size_t k, size_t u, size_t v,
                       double g)
{
    const b2m_stage_in_unit *from = &plan->in_unit[u], *to = &plan->in_unit[v];
    size_t c;
    if (!(g > 0 && g < HUGE_VAL) ||
        !lands_on(from->lowest[k], to->lowest[k], g, 1) ||
        !lands_on(-from->highest[k], -to->highest[k], g, 1))
        return 0;
    for (c = 0; c < plan->n_conditions; c++) {
        const b2m_stage_condition *cond = plan->condition[c];
        if (cond->column != (int) k)
            continue;
        /* TRUE compares with 0 */
        if (plan->data_op[c] == B2M_STAGE_TRUE ? !lands_on(0, 0, g, 0)
            : !lands_on(from->threshold[c], to->threshold[c], g, 0) ||
              !lands_on(from->data_threshold[c], to->data_threshold[c], g, 0))
            return 0;
    }
    return 1;
}

/* The conversions between the units of column k (see `converts`): none
 * for a column compared with another, whose rows must stay in the unit of
 * the other side's. */
static void compile_conversions(b2m_stage_plan *plan, size_t k,
                                const b2m_stage_units *own, int in_versus)
{
    size_t u, v;
    for (u = 0; u < B2M_STAGE_MAX_UNITS; u++)
        for (v = 0; v < B2M_STAGE_MAX_UNITS; v++) {
            plan->converts[k][u][v] = 0;
            plan->to_unit_m1[k][u][v] = 0;
            if (u >= own->n || v >= own->n || u == v || in_versus)
                continue;
            /* x in v = x in u * (den_u * num_v) / (num_u * den_v), applied
             * as 1 + m1 (what the block's loop multiplies by) */
            plan->to_unit_m1[k][u][v] = own->scale[u].den * own->scale[v].num /
                                            (own->scale[u].num * own->scale[v].den) - 1.0;
            plan->converts[k][u][v] = (unsigned char) reads_alike(
                plan, k, u, v, 1.0 + plan->to_unit_m1[k][u][v]);
        }
}

/* Per column: its plausible range, how it is read, its first comparison
 * with a threshold, and what it can meet when missing.  Returns -1 when a
 * column's regions differ between its units (column_masks(),
 * compile_regions()). */
static int compile_columns(b2m_stage_plan *plan, const b2m_stage_units *units,
                           const int *in_versus, const int *only_flag)
{
    const b2m_stage_system *system = plan->system;
    size_t c, k;
    plan->versus_columns = 0;
    for (k = 0; k < system->n_columns; k++) {
        b2m_stage_kind kind = system->columns[k].kind;
        plan->n_units[k] = units[k].n;
        compile_ranges(plan, k, &units[k]);
        compile_conversions(plan, k, &units[k], in_versus[k]);
        if (column_masks(plan, (int) k) != 0 || compile_regions(plan, (int) k) != 0)
            return -1;
        plan->read_integer[k] = kind == B2M_STAGE_FLAG && only_flag[k] && !in_versus[k];
        plan->versus_columns |= (unsigned) in_versus[k] << k;
        plan->first_condition[k] = -1;
        for (c = plan->n_conditions; c-- > 0;)
            if (plan->condition[c]->column == (int) k && plan->condition[c]->versus < 0)
                plan->first_condition[k] = (int) c;
    }
    return 0;
}

/* The criteria met when the clauses of `mask` hold: those whose every
 * clause does. */
static unsigned criteria_of_clauses(const b2m_stage_plan *plan, unsigned mask)
{
    unsigned met = 0;
    size_t c;
    for (c = 0; c < plan->system->n_criteria; c++)
        if ((mask & plan->clauses_of[c]) == plan->clauses_of[c])
            met |= 1u << c;
    return met;
}

/* The criteria, stage and score of every mask of holding clauses, and the
 * codes of the complete rows' keys; the keys of rows with a missing value
 * start unknown. */
static void compile_masks(b2m_stage_plan *plan)
{
    const b2m_stage_system *system = plan->system;
    /* Clauses beyond the system's never occur; their bits are ignored. */
    const unsigned complete = 1u << plan->n_clauses;
    unsigned mask;
    for (mask = 0; mask < B2M_STAGE_MASKS; mask++) {
        if (mask < complete) {
            unsigned criteria = criteria_of_clauses(plan, mask);
            int group = group_of_mask(system, criteria, &plan->score_of[mask]);
            plan->criteria_of[mask] = (unsigned char) criteria;
            plan->stage_of[mask] = group < 0 ? B2M_NA_INT : group + 1;
        } else {
            plan->criteria_of[mask] = plan->criteria_of[mask & (complete - 1)];
            plan->stage_of[mask] = plan->stage_of[mask & (complete - 1)];
            plan->score_of[mask] = plan->score_of[mask & (complete - 1)];
        }
    }
    plan->score_of[B2M_STAGE_MASKS] = b2m_na_real();
    for (mask = 0; mask < complete; mask++) {
        plan->code_of[mask] = (signed char) (plan->stage_of[mask] == B2M_NA_INT
                                             ? -1 : plan->stage_of[mask]);
        plan->met_of[mask] = plan->criteria_of[mask];
        plan->open_of[mask] = 0;
    }
    memset(plan->code_of + complete, 0, plan->censored_base - complete);
}

/* No censored row known yet. */
static void censored_cache_clear(b2m_stage_censored_cache *cache)
{
    cache->n = 0;
    memset(cache->bucket, 0xFF, sizeof cache->bucket); /* every one -1 */
    memset(cache->memo_tag, 0, sizeof cache->memo_tag);
}

/* Points the key tables into the plan's tail, once its clauses are
 * counted. */
static void place_key_tables(b2m_stage_plan *plan)
{
    const size_t keys = B2M_STAGE_N_KEYS(plan->n_clauses, plan->system->n_columns);
    plan->censored_base = (uint32_t) (keys - B2M_STAGE_CENSORED_KEYS); /* last */
    plan->code_of = (signed char *) plan->key_tables;
    plan->met_of = plan->key_tables + keys;
    plan->open_of = plan->met_of + keys;
}

size_t b2m_stage_plan_size(const b2m_stage_system *system)
{
    size_t n_clauses = 0, n_columns = system->n_columns, c;
    for (c = 0; c < system->n_criteria && c < B2M_STAGE_MAX_CRITERIA; c++)
        n_clauses += system->criteria[c].n_all;
    /* Counted up to the limits: b2m_stage_plan_make() refuses a larger
     * system before it places the key tables. */
    if (n_clauses > B2M_STAGE_MAX_CLAUSES)
        n_clauses = B2M_STAGE_MAX_CLAUSES;
    if (n_columns > B2M_STAGE_MAX_COLUMNS)
        n_columns = B2M_STAGE_MAX_COLUMNS;
    return B2M_STAGE_PLAN_BYTES(n_clauses, n_columns);
}

int b2m_stage_plan_make(const b2m_stage_system *system, const b2m_scale *scales,
                        const double *max_in_unit, b2m_stage_plan *plan)
{
    return b2m_stage_plan_make_between(system, scales, NULL, max_in_unit, plan);
}

int b2m_stage_plan_make_between(const b2m_stage_system *system,
                                const b2m_scale *scales,
                                const double *min_in_unit,
                                const double *max_in_unit, b2m_stage_plan *plan)
{
    b2m_stage_units units[B2M_STAGE_MAX_COLUMNS];
    size_t k;
    if (system->n_columns > B2M_STAGE_MAX_COLUMNS)
        return -1;
    /* all set, so that no reading of a column is ever of garbage (the
     * static analyser does not trust n_columns to stay put) */
    memset(units, 0, sizeof units);
    for (k = 0; k < system->n_columns; k++) {
        units[k].n = 1;
        units[k].scale = &scales[k];
        units[k].min_in_unit = min_in_unit == NULL ? NULL : &min_in_unit[k];
        units[k].max_in_unit = &max_in_unit[k];
    }
    return b2m_stage_plan_make_units(system, units, plan);
}

int b2m_stage_plan_make_units(const b2m_stage_system *system,
                              const b2m_stage_units *units, b2m_stage_plan *plan)
{
    int in_versus[B2M_STAGE_MAX_COLUMNS] = {0}, only_flag[B2M_STAGE_MAX_COLUMNS];
    size_t k;
    if (system->n_columns > B2M_STAGE_MAX_COLUMNS ||
        system->n_criteria > B2M_STAGE_MAX_CRITERIA || system->n_groups > 127)
        return -1;
    plan->system = system;
    /* every entry, not only the system's columns: the static analyser does
     * not trust n_columns to stay put between the loops that read them */
    for (k = 0; k < B2M_STAGE_MAX_COLUMNS; k++)
        only_flag[k] = 1;
    for (k = 0; k < system->n_columns; k++) {
        const b2m_stage_kind kind = system->columns[k].kind;
        /* only measurements and limits have units to choose from */
        if (units[k].n < 1 || units[k].n > B2M_STAGE_MAX_UNITS ||
            (units[k].n > 1 && kind != B2M_STAGE_VALUE && kind != B2M_STAGE_LIMIT))
            return -1;
        if (kind == B2M_STAGE_LEVEL &&
            !(units[k].max_in_unit[0] >= 0 && units[k].max_in_unit[0] < MAX_LEVELS))
            return -1;
    }
    if (compile_conditions(plan, units, in_versus, only_flag) != 0 ||
        compile_columns(plan, units, in_versus, only_flag) != 0)
        return -1;
    place_key_tables(plan);
    compile_masks(plan);
    censored_cache_clear(&plan->censored);
    return 0;
}

/* The distinct masks of the regions from censored->first[k] to ->last[k]
 * of column k, written to `out`; returns their count. */
static size_t interval_masks(const b2m_stage_plan *p, size_t k,
                             const b2m_stage_censored *censored, unsigned *out)
{
    size_t r, m, n = 0;
    for (r = censored->first[k]; r <= censored->last[k]; r++) {
        const unsigned mask = p->region_mask[k][r];
        for (m = 0; m < n && out[m] != mask; m++)
            ;
        if (m == n)
            out[n++] = mask;
    }
    return n;
}

/* The stage code of a row with missing values whose known conditions make
 * the clauses `known` hold and whose missing columns are the bits of
 * `missing`: the common stage of every combination of what its missing
 * columns (and the comparisons of two columns with a missing side) can
 * meet, or B2M_NA_INT when two combinations differ or one matches no group.
 * Sets *met to the criteria met in every combination and *open to those met
 * in some only.  This is the enumeration of every combination of
 * representative values, done on masks: a row's holding clauses are the
 * union of those each column's conditions make hold.  With `censored`
 * (NULL: none), a censored column takes the masks of its interval's regions
 * only, and the `versus` conditions it decides are not enumerated. */
static int enumerate(const b2m_stage_plan *p, unsigned known, unsigned missing,
                     const b2m_stage_censored *censored, unsigned *met,
                     unsigned *open)
{
    const b2m_stage_system *system = p->system;
    unsigned either[MAX_CONDITIONS][2];
    unsigned in_interval[B2M_STAGE_MAX_COLUMNS][B2M_STAGE_MAX_REGIONS];
    const unsigned *choices[MAX_DIMENSIONS];
    size_t count[MAX_DIMENSIONS], at[MAX_DIMENSIONS] = {0};
    size_t dims = 0, d, k;
    unsigned always = ~0u, sometimes = 0;
    const unsigned is_censored = censored == NULL ? 0 : censored->censored;
    const unsigned decided = censored == NULL ? 0 : censored->decided;
    int first = 0;

    for (k = 0; k < system->n_columns; k++) {
        if (!(missing >> k & 1u))
            continue;
        if (is_censored >> k & 1u) {
            choices[dims] = in_interval[k];
            count[dims++] = interval_masks(p, k, censored, in_interval[k]);
            continue;
        }
        choices[dims] = p->column_masks[k];
        count[dims++] = p->n_column_masks[k];
    }
    for (k = 0; k < p->n_conditions; k++) {
        const b2m_stage_condition *cond = p->condition[k];
        if (cond->versus >= 0 && !(decided >> k & 1u) &&
            (missing >> cond->column & 1u || missing >> cond->versus & 1u)) {
            either[k][0] = 0;
            either[k][1] = p->bit[k];
            choices[dims] = either[k];
            count[dims++] = 2;
        }
    }
    /* Every combination is seen (not only until two stages differ): the
     * criteria need all of them; a key is enumerated once per plan. */
    for (;;) {
        unsigned mask = known;
        int code;
        /* clang's analyzer takes a censored interval for empty (first
         * region after the last), which censored_regions() never gives */
        for (d = 0; d < dims; d++)
            mask |= choices[d][at[d]]; /* NOLINT(clang-analyzer-core.uninitialized.Assign) */
        code = p->stage_of[mask];
        if (code == B2M_NA_INT || (first != 0 && code != first))
            first = B2M_NA_INT;
        else
            first = code;
        always &= p->criteria_of[mask];
        sometimes |= p->criteria_of[mask];
        /* The next combination, odometer style. */
        for (d = 0; d < dims; d++) {
            if (++at[d] < count[d])
                break;
            at[d] = 0;
        }
        if (d == dims)
            break;
    }
    *met = always;
    *open = sometimes & ~always;
    return first;
}

/* Rows are staged in blocks, a column at a time: each column is checked in
 * one loop and each condition is one loop of comparisons, all without a
 * branch on the data, over whole blocks (a short last block is padded with
 * missing rows) so that the compiler vectorizes them at -O2.  Each loop
 * sets bits of the row's key: the criteria met, the columns missing, and
 * `bad` (the bit after those) for a value outside its plausible range,
 * which sends the row to a slow path that tells a missing value from a bad
 * one.  The stage is then one table look-up per row.  (Blocks of 128 rows
 * measured as fast as or faster than 256 or more.) */
#define BLOCK 128

/* A pointer read as two 32-bit words where it is: GCC and Clang let a
 * may_alias type read any object; other compilers read a copy. */
#if defined(__GNUC__)
typedef uint32_t pointer_word __attribute__((__may_alias__));
#define WORDS_IN_PLACE 1
#else
typedef uint32_t pointer_word;
#define WORDS_IN_PLACE 0
#endif

/* A block of a column whose rows name two labels, the second's rows to be
 * multiplied by 1 + m1 into the first's unit by the column's check
 * (check_converted()): the labels' codes or, when `code` is NULL, the
 * pointers' words, the first of each compared and the second equal to
 * `shared` (block_two_labels()). */
typedef struct {
    const int *code;
    const pointer_word *word;
    uint32_t shared, first, second;
    double m1;
    const double *raw; /* the values as given */
} converted_read;

typedef struct {
    /* the block's values of each column: the data itself when possible */
    const double *real[B2M_STAGE_MAX_COLUMNS];
    const int *integer[B2M_STAGE_MAX_COLUMNS];
    /* copies: short blocks, recycled values, integers read as doubles */
    double real_copy[B2M_STAGE_MAX_COLUMNS][BLOCK];
    int integer_copy[B2M_STAGE_MAX_COLUMNS][BLOCK];
    int recycled_done[B2M_STAGE_MAX_COLUMNS];
    /* per column with a unit per row: its rows' units, each one of the
     * column's (a row with a code that is none is marked bad, for
     * slow_key(), and read in unit 0 here); NULL: every row in unit
     * one_unit[k] (0 for a column in one unit) */
    const int *unit[B2M_STAGE_MAX_COLUMNS];
    int unit_copy[B2M_STAGE_MAX_COLUMNS][BLOCK];
    int one_unit[B2M_STAGE_MAX_COLUMNS];
    /* per column with labels by pointer: the last two labels met and their
     * units (unit_of_pointer()) */
    const void *seen[B2M_STAGE_MAX_COLUMNS][2];
    int seen_unit[B2M_STAGE_MAX_COLUMNS][2];
    size_t n_seen[B2M_STAGE_MAX_COLUMNS];
    /* per column: whether its values are converted by its check, as
     * convert[k] says, into real_copy[k] (then real[k]) */
    int converting[B2M_STAGE_MAX_COLUMNS];
    converted_read convert[B2M_STAGE_MAX_COLUMNS];
    uint32_t key[BLOCK];
    int keys_set; /* the keys hold bits already (see b2m_stage_run_report()) */
} block;

/* The loops below are kept out of line: inlined into b2m_stage_run, gcc
 * (12, -O2) no longer vectorizes them. */
#if defined(__GNUC__)
#define KERNEL static __attribute__((noinline)) void
#define OUT_OF_LINE __attribute__((noinline))
#else
#define KERNEL static void
#define OUT_OF_LINE
#endif

/* ---- a unit per row -------------------------------------------------------
 * A column with a unit per row is read a block at a time.  A block whose
 * rows name one or two labels (the common case: a laboratory changed its
 * unit, two laboratories' results are mixed) is read from the labels'
 * codes or pointers in one loop, with nothing looked up per row: when the
 * plan converts one label's unit into the other's exactly
 * (compile_conversions()), that label's rows are multiplied into it and the
 * block is read as a column in one unit, with the comparisons and checks
 * of one unit; otherwise each row gets one of the two units, and the block
 * each row's thresholds (check_real_units()).  Any other block is read a
 * row at a time (block_units_by_row()). */

/* Whether a column has a unit per row (see b2m_column). */
static int has_unit_rows(const b2m_column *col)
{
    return col->unit != NULL || col->unit_pointer != NULL;
}

/* The label of row j and whether it is the second: `label` is its code,
 * or the word of its pointer in which the two labels differ, and `also`
 * is nonzero for a row naming a third label that `label` alone cannot
 * tell (its pointer's other word differs from the labels' `shared` one);
 * is_second is 1 for the rows naming the second label, else 0, and
 * `neither` becomes nonzero at a row naming neither.  No branch on the
 * data: gcc vectorizes the loops that read it. */
#define READ_LABEL(label, also)                                             \
    const uint32_t a = (uint32_t) (label);                                  \
    const int is_second = a == second;                                      \
    neither |= (also) | ((a ^ first) & ((uint32_t) is_second - 1u))
/* the loop of two_labels(): the second label's unit or the first's */
#define TWO_LABELS(label, also)                                             \
    do {                                                                    \
        for (j = 0; j < BLOCK; j++) {                                       \
            READ_LABEL(label, also);                                        \
            unit[j] = (u_second & -is_second) | (u_first & (is_second - 1)); \
        }                                                                   \
    } while (0)

/* A block whose rows name labels first and second, with codes `code` or,
 * when `code` is NULL, with pointers whose words are `word` (word d of
 * each is compared, the other must be `shared`): into `unit` each row's
 * unit (u_first or u_second).  Sets *neither nonzero when a row names
 * another label. */
KERNEL two_labels(const int *restrict code, const pointer_word *restrict word, size_t d,
                  uint32_t shared, uint32_t first, uint32_t second,
                  int u_first, int u_second, int *restrict unit, uint32_t *neither_out)
{
    uint32_t neither = 0;
    size_t j;
    /* each loop with its words at constant offsets: gcc vectorizes no
     * other.  The caller passes one of code and word (block_two_labels());
     * clang's analyzer does not follow that across the call, hence the
     * NOLINTs. */
    if (code != NULL)
        TWO_LABELS(code[j], 0); /* NOLINT(clang-analyzer-core.NullDereference,clang-analyzer-core.uninitialized.Assign) */
    else if (d == 0)
        TWO_LABELS(word[2 * j], word[2 * j + 1] ^ shared); /* NOLINT(clang-analyzer-core.NullDereference,clang-analyzer-core.uninitialized.Assign) */
    else
        TWO_LABELS(word[2 * j + 1], word[2 * j] ^ shared); /* NOLINT(clang-analyzer-core.NullDereference,clang-analyzer-core.uninitialized.Assign) */
    *neither_out = neither;
}

/* The unit of the label whose pointer is row j's of `word`, column k's,
 * looked up only when it is neither of the last two met. */
static int unit_of_pointer(const b2m_column *col, size_t k, const pointer_word *word,
                           size_t j, block *b)
{
    const void *pointer;
    size_t e;
    int u;
    memcpy(&pointer, word + 2 * j, sizeof pointer);
    for (e = 0; e < b->n_seen[k]; e++)
        if (b->seen[k][e] == pointer)
            return b->seen_unit[k][e];
    u = b2m_unit_labels_of_pointer(col->unit_labels, pointer);
    b->seen[k][1] = b->seen[k][0];
    b->seen_unit[k][1] = b->seen_unit[k][0];
    b->seen[k][0] = pointer;
    b->seen_unit[k][0] = u;
    b->n_seen[k] += b->n_seen[k] < 2;
    return u;
}

/* The unit of the label a row names by `code` (codes without labels are
 * the units themselves). */
static int unit_of_code(const b2m_column *col, int code)
{
    return col->unit_labels == NULL ? code
                                    : b2m_unit_labels_of_code(col->unit_labels, code);
}

/* The units of column k's block of BLOCK rows from `start` (stride 1) when
 * its rows name at most two labels, each of a unit of the column: 0 when
 * they do not; else 1, with the block's units set (b->one_unit[k], or a
 * unit per row in b->unit[k]), or 2 with its values too, to be converted
 * into one unit by its check (b->convert[k], b->real[k] and
 * b->one_unit[k]), which finds whether a row names a third label. */
static int block_two_labels(const b2m_stage_plan *plan, size_t k,
                            const b2m_column *col, size_t start, block *b)
{
    const unsigned n_units = (unsigned) plan->n_units[k];
    uint32_t copy[2 * BLOCK], first, second, shared = 0, neither;
    const pointer_word *word = copy;
    const int *code = NULL;
    size_t d = 0, j, at;
    int u_first, u_second, base, converted;
    double m1;
    converted_read *r;
    if (col->unit_pointer != NULL) {
        const char *rows = (const char *) col->unit_pointer + start * sizeof(const void *);
        /* a pointer is read as two 32-bit words: SSE2, the x86-64 baseline,
         * compares 32-bit words but no 64-bit ones */
        if (sizeof(const void *) != 2 * sizeof copy[0])
            return 0;
        if (WORDS_IN_PLACE)
            word = (const pointer_word *) (const void *) rows;
        else
            memcpy(copy, rows, sizeof copy);
        j = 1;
        while (j < BLOCK && word[2 * j] == word[0] && word[2 * j + 1] == word[1])
            j++;
        at = j < BLOCK ? j : 0;
        u_first = unit_of_pointer(col, k, word, 0, b);
        u_second = at == 0 ? u_first : unit_of_pointer(col, k, word, at, b);
        /* the word in which the two pointers differ; the other is shared
         * (else the rows are read one at a time) */
        d = word[0] != word[2 * at] ? 0 : 1;
        if (word[1 - d] != word[2 * at + 1 - d])
            return 0;
        first = word[d];
        second = word[2 * at + d];
        shared = word[1 - d];
    } else {
        code = col->unit + start;
        j = 1;
        while (j < BLOCK && code[j] == code[0])
            j++;
        at = j < BLOCK ? j : 0;
        u_first = unit_of_code(col, code[0]);
        u_second = unit_of_code(col, code[at]);
        first = (uint32_t) code[0];
        second = (uint32_t) code[at];
    }
    if ((unsigned) u_first >= n_units || (unsigned) u_second >= n_units)
        return 0;
    if (j == BLOCK) {
        b->one_unit[k] = u_first; /* one label */
        return 1;
    }
    /* the check reads the words of a pointer in place and compares the
     * first (the other case, a pointer 4 GB from the other label's, takes a
     * unit per row) */
    converted = col->real != NULL && (code != NULL || (d == 0 && WORDS_IN_PLACE));
    if (converted && (u_first == u_second || plan->converts[k][u_second][u_first])) {
        base = u_first;
        m1 = plan->to_unit_m1[k][u_second][u_first];
    } else if (converted && plan->converts[k][u_first][u_second]) {
        /* the first label's rows are converted: the roles swap */
        base = u_second;
        m1 = plan->to_unit_m1[k][u_first][u_second];
        const uint32_t swap = first;
        first = second;
        second = swap;
    } else {
        two_labels(code, word, d, shared, first, second, u_first, u_second,
                   b->unit_copy[k], &neither);
        if (neither != 0)
            return 0;
        b->unit[k] = b->unit_copy[k];
        return 1;
    }
    r = &b->convert[k];
    r->code = code;
    r->word = code == NULL ? word : NULL;
    r->shared = shared;
    r->first = first;
    r->second = second;
    r->m1 = m1;
    r->raw = col->real + start;
    b->converting[k] = 1;
    b->real[k] = b->real_copy[k];
    b->integer[k] = NULL;
    b->one_unit[k] = base;
    return 2;
}

/* Each row's unit into b->unit[k], a row at a time (a block of rows naming
 * more than two labels, or short: padded with unit 0); a row without a
 * unit is read in unit 0 and marked `bad` (for slow_key()), and a pointer
 * that is no label's is counted in the labels' `unmatched`. */
static void block_units_by_row(const b2m_stage_plan *plan, size_t k,
                               const b2m_column *col, size_t start, size_t len,
                               uint32_t bad, block *b)
{
    const unsigned n_units = (unsigned) plan->n_units[k];
    int *restrict copy = b->unit_copy[k];
    size_t j;
    b->unit[k] = copy;
    if (!b->keys_set)
        memset(b->key, 0, sizeof b->key);
    b->keys_set = 1;
    for (j = 0; j < len; j++) {
        const int u = b2m_column_unit_of_row(col, start + j);
        const int known = (unsigned) u < n_units;
        if (u == B2M_UNIT_UNMATCHED && col->unit_labels->unmatched != NULL)
            ++*col->unit_labels->unmatched;
        copy[j] = known ? u : 0;
        b->key[j] |= known ? 0 : bad;
    }
    for (j = len; j < BLOCK; j++)
        copy[j] = 0;
}

/* Points the block at rows [start, start + len) of column k (`by_row`:
 * with a unit per row read a row at a time). */
static void block_read(const b2m_stage_plan *plan, size_t k, const b2m_column *col,
                       size_t start, size_t len, int by_row, block *b)
{
    size_t j;
    b->unit[k] = NULL;
    b->one_unit[k] = 0;
    b->converting[k] = 0;
    if (has_unit_rows(col)) {
        const int read = col->stride == 1 && len == BLOCK && !by_row
                             ? block_two_labels(plan, k, col, start, b) : 0;
        if (read == 2)
            return; /* its values converted into one unit */
        if (read == 0)
            block_units_by_row(plan, k, col, start, len,
                               (uint32_t) 1 << (plan->n_clauses + plan->system->n_columns),
                               b);
    }
    if (plan->read_integer[k] && col->integer != NULL) {
        int *copy = b->integer_copy[k];
        b->real[k] = NULL;
        if (col->stride == 1 && len == BLOCK) {
            b->integer[k] = col->integer + start;
            return;
        }
        b->integer[k] = copy;
        if (col->stride == 0) {
            if (!b->recycled_done[k])
                for (j = 0; j < BLOCK; j++)
                    copy[j] = col->integer[0];
            b->recycled_done[k] = 1;
            return;
        }
        for (j = 0; j < len; j++)
            copy[j] = col->integer[start + j];
        for (j = len; j < BLOCK; j++)
            copy[j] = B2M_NA_INT;
    } else {
        double *copy = b->real_copy[k];
        b->integer[k] = NULL;
        if (col->real != NULL && col->stride == 1 && len == BLOCK) {
            b->real[k] = col->real + start;
            return;
        }
        b->real[k] = copy;
        if (col->stride == 0) {
            if (!b->recycled_done[k])
                for (j = 0; j < BLOCK; j++)
                    copy[j] = b2m_column_get(col, 0);
            b->recycled_done[k] = 1;
            return;
        }
        for (j = 0; j < len; j++)
            copy[j] = b2m_column_get(col, start + j);
        for (j = len; j < BLOCK; j++)
            copy[j] = b2m_na_real();
    }
}

/* Flags read as integers are checked up to FLAGS_AT_ONCE columns per pass
 * over the keys: a pass per column cost more than its comparisons. */
#define FLAGS_AT_ONCE 4

/* The bits of a flag read as an integer: `missing` where it is NA, `bit`
 * where it is TRUE (any value but 0 and NA).  As masks (all ones or zero)
 * and-ed with the bits, each comparison made once: gcc (12, -O2)
 * vectorizes that with a quarter fewer instructions than `? bit : 0` on
 * each bit.  (Not so for doubles: the masks of their comparisons are not
 * vectorized at all.) */
static inline uint32_t flag_bits(int x, uint32_t missing, uint32_t bit)
{
    const uint32_t is_na = -(uint32_t) (x == B2M_NA_INT);
    const uint32_t not_true = -(uint32_t) (x == 0) | is_na;
    return (is_na & missing) | (~not_true & bit);
}

/* The checks of a block's columns below write `met` of each row (after
 * the declarations `row`) into the keys, keeping the bits `keep` of what
 * they held: 0 for the first check of a block, which sets them, all ones
 * for the others, which or into them.  (Clearing the 128 keys beforehand
 * cost a fifth of the staging loop beside the checks; an and per four
 * rows costs less, and a loop setting the keys without reading them
 * vectorizes worse than one that ors into them.) */
#define SET_OR_KEYS(row, met)                                               \
    do {                                                                    \
        for (j = 0; j < BLOCK; j++) {                                       \
            row;                                                            \
            const uint32_t met_bits = (met);                                \
            key[j] = (key[j] & keep) | met_bits;                            \
        }                                                                   \
    } while (0)
#define CHECK_FLAGS(bits) SET_OR_KEYS((void) 0, bits)
#define FLAG(i) flag_bits(x##i[j], m##i, b##i)

/* Marks the rows where each of n (1 to FLAGS_AT_ONCE) integer columns
 * x[i] is missing (missing[i]) and sets bit[i] where it is TRUE: its first
 * comparison, as every comparison of a flag read as an integer is with
 * TRUE. */
KERNEL check_flags(uint32_t *restrict key, uint32_t keep, size_t n, const int *const *x,
                   const uint32_t *missing, const uint32_t *bit)
{
    /* the columns beyond n are column 0 again, never read */
    const size_t i1 = n > 1 ? 1 : 0, i2 = n > 2 ? 2 : 0, i3 = n > 3 ? 3 : 0;
    const int *restrict x0 = x[0], *restrict x1 = x[i1], *restrict x2 = x[i2],
              *restrict x3 = x[i3];
    const uint32_t m0 = missing[0], m1 = missing[i1], m2 = missing[i2],
                   m3 = missing[i3], b0 = bit[0], b1 = bit[i1], b2 = bit[i2],
                   b3 = bit[i3];
    size_t j;
    switch (n) {
    case 1: CHECK_FLAGS(FLAG(0)); break;
    case 2: CHECK_FLAGS(FLAG(0) | FLAG(1)); break;
    case 3: CHECK_FLAGS(FLAG(0) | FLAG(1) | FLAG(2)); break;
    default: CHECK_FLAGS(FLAG(0) | FLAG(1) | FLAG(2) | FLAG(3)); break;
    }
}

/* Marks the rows where a double column is missing, or outside its
 * plausible range [lowest, highest] (a missing value is both), and sets
 * `bit` where the column's first comparison (`op` with `t`) holds: one pass
 * over the column for the most common case of one comparison per column. */
#define CHECK_BITS(test)                                                    \
    ((v != v ? missing : 0) | (((v < lowest) | (v > highest)) ? bad : 0) |  \
     ((test) ? bit : 0))
#define CHECK_AND(test) SET_OR_KEYS(const double v = x[j], CHECK_BITS(test))

KERNEL check_real(uint32_t *restrict key, uint32_t keep, const double *restrict x,
                  double lowest, double highest, uint32_t missing, uint32_t bad,
                  b2m_stage_op op, double t, uint32_t bit)
{
    size_t j;
    switch (op) {
    case B2M_STAGE_LT: CHECK_AND(v < t); break;
    case B2M_STAGE_LE: CHECK_AND(v <= t); break;
    case B2M_STAGE_GT: CHECK_AND(v > t); break;
    case B2M_STAGE_GE: CHECK_AND(v >= t); break;
    case B2M_STAGE_TRUE: CHECK_AND((v < 0) | (v > 0)); break;
    }
}

/* check_real() of a block whose rows name two labels (`r`), read as
 * two_labels() reads them, with each value multiplied by 1 + m1 where the
 * row names the second label (by 1 + 0 * m1 = 1 elsewhere) and written
 * to `out` for the column's other comparisons: one loop over the labels
 * and values rather than a converted copy read again.  Sets *neither
 * nonzero when a row names another label (the keys are then wrong:
 * b2m_stage_run_report() reads the block again). */
#define CHECK_CONVERTED(label, also, test)                                  \
    SET_OR_KEYS(READ_LABEL(label, also);                                    \
                const double v = raw[j] * (1.0 + (double) is_second * m1);  \
                out[j] = v,                                                 \
                CHECK_BITS(test))
#define CHECK_CONVERTED_OP(label, also)                                     \
    do {                                                                    \
        switch (op) {                                                       \
        case B2M_STAGE_LT: CHECK_CONVERTED(label, also, v < t); break;      \
        case B2M_STAGE_LE: CHECK_CONVERTED(label, also, v <= t); break;     \
        case B2M_STAGE_GT: CHECK_CONVERTED(label, also, v > t); break;      \
        case B2M_STAGE_GE: CHECK_CONVERTED(label, also, v >= t); break;     \
        case B2M_STAGE_TRUE:                                                \
            CHECK_CONVERTED(label, also, (v < 0) | (v > 0));                \
            break;                                                          \
        }                                                                   \
    } while (0)

KERNEL check_converted(uint32_t *restrict key, uint32_t keep, const converted_read *r,
                       double *restrict out, double lowest, double highest,
                       uint32_t missing, uint32_t bad, b2m_stage_op op, double t,
                       uint32_t bit, uint32_t *neither_out)
{
    const int *restrict code = r->code;
    const pointer_word *restrict word = r->word;
    const double *restrict raw = r->raw;
    const uint32_t shared = r->shared, first = r->first, second = r->second;
    const double m1 = r->m1;
    uint32_t neither = 0;
    size_t j;
    /* the words at constant offsets, as in two_labels() */
    if (code != NULL)
        CHECK_CONVERTED_OP(code[j], 0);
    else
        CHECK_CONVERTED_OP(word[2 * j], word[2 * j + 1] ^ shared);
    *neither_out = neither;
}

/* Sets `bit` in the key of every row of the block where `test` holds.
 * (The bits are computed first, then or-ed in: gcc vectorizes that with
 * fewer instructions than a select on the key.) */
#define MARK(test)                                      \
    do {                                                \
        for (j = 0; j < BLOCK; j++) {                   \
            uint32_t met = (test) ? bit : 0;            \
            key[j] |= met;                              \
        }                                               \
    } while (0)

/* A flag read as an integer: TRUE is any value but 0 and NA. */
KERNEL mark_flag(uint32_t *restrict key, const int *restrict x, uint32_t bit)
{
    size_t j;
    MARK((x[j] != 0) & (x[j] != B2M_NA_INT));
}

/* A column compared with a threshold: one loop per comparison. */
KERNEL mark_threshold(uint32_t *restrict key, const double *restrict v,
                      b2m_stage_op op, double t, uint32_t bit)
{
    size_t j;
    switch (op) {
    case B2M_STAGE_LT: MARK(v[j] < t); break;
    case B2M_STAGE_LE: MARK(v[j] <= t); break;
    case B2M_STAGE_GT: MARK(v[j] > t); break;
    case B2M_STAGE_GE: MARK(v[j] >= t); break;
    case B2M_STAGE_TRUE: MARK((v[j] < 0) | (v[j] > 0)); break;
    }
}

/* A column compared with another, row by row (an age in completed years). */
KERNEL mark_versus(uint32_t *restrict key, const double *restrict v,
                   const double *restrict t, b2m_stage_op op, int v_years,
                   int t_years, uint32_t bit)
{
    size_t j;
    if (v_years || t_years) {
        MARK(compare(v_years ? floor(v[j]) : v[j], op, t_years ? floor(t[j]) : t[j]));
        return;
    }
    switch (op) {
    case B2M_STAGE_LT: MARK(v[j] < t[j]); break;
    case B2M_STAGE_LE: MARK(v[j] <= t[j]); break;
    case B2M_STAGE_GT: MARK(v[j] > t[j]); break;
    case B2M_STAGE_GE: MARK(v[j] >= t[j]); break;
    case B2M_STAGE_TRUE: MARK((v[j] < 0) | (v[j] > 0)); break;
    }
}

/* check_real() for a column with a unit per row: each row's plausible
 * range and first comparison's threshold are those of its unit u = unit[j]
 * (lowest[u], highest[u], t_of[u]). */
#define CHECK_UNITS(test)                                                   \
    SET_OR_KEYS(const int u = unit[j]; const double v = x[j],               \
                (v != v ? missing : 0) |                                    \
                (((v < lowest[u]) | (v > highest[u])) ? bad : 0) |          \
                ((test) ? bit : 0))

KERNEL check_real_units(uint32_t *restrict key, uint32_t keep, const double *restrict x,
                        const int *restrict unit, const double *lowest,
                        const double *highest, uint32_t missing, uint32_t bad,
                        b2m_stage_op op, const double *t_of, uint32_t bit)
{
    size_t j;
    switch (op) {
    case B2M_STAGE_LT: CHECK_UNITS(v < t_of[u]); break;
    case B2M_STAGE_LE: CHECK_UNITS(v <= t_of[u]); break;
    case B2M_STAGE_GT: CHECK_UNITS(v > t_of[u]); break;
    case B2M_STAGE_GE: CHECK_UNITS(v >= t_of[u]); break;
    case B2M_STAGE_TRUE: CHECK_UNITS((v < 0) | (v > 0)); break;
    }
}

/* mark_threshold() for a column with a unit per row: row j against the
 * threshold of its unit, t_of[unit[j]]. */
KERNEL mark_threshold_units(uint32_t *restrict key, const double *restrict v,
                            const int *restrict unit, b2m_stage_op op,
                            const double *t_of, uint32_t bit)
{
    size_t j;
    switch (op) {
    case B2M_STAGE_LT: MARK(v[j] < t_of[unit[j]]); break;
    case B2M_STAGE_LE: MARK(v[j] <= t_of[unit[j]]); break;
    case B2M_STAGE_GT: MARK(v[j] > t_of[unit[j]]); break;
    case B2M_STAGE_GE: MARK(v[j] >= t_of[unit[j]]); break;
    case B2M_STAGE_TRUE: MARK((v[j] < 0) | (v[j] > 0)); break;
    }
}

/* Condition c's threshold on the data in each unit, into t_of
 * (B2M_STAGE_MAX_UNITS). */
static void data_thresholds(const b2m_stage_plan *plan, size_t c, double *t_of)
{
    size_t u;
    for (u = 0; u < B2M_STAGE_MAX_UNITS; u++)
        t_of[u] = plan->in_unit[u].data_threshold[c];
}

/* check_real_units() for column k of the block, whose first comparison is
 * condition c (-1: none); `keep` as for SET_OR_KEYS. */
static void check_units(const b2m_stage_plan *plan, size_t k, int c, uint32_t keep,
                        block *b)
{
    double lowest[B2M_STAGE_MAX_UNITS], highest[B2M_STAGE_MAX_UNITS],
        t_of[B2M_STAGE_MAX_UNITS] = {0};
    const size_t n_clauses = plan->n_clauses;
    size_t u;
    for (u = 0; u < B2M_STAGE_MAX_UNITS; u++) {
        lowest[u] = plan->in_unit[u].lowest[k];
        highest[u] = plan->in_unit[u].highest[k];
    }
    if (c >= 0)
        data_thresholds(plan, (size_t) c, t_of);
    check_real_units(b->key, keep, b->real[k], b->unit[k], lowest, highest,
                     (uint32_t) 1 << (n_clauses + k),
                     (uint32_t) 1 << (n_clauses + plan->system->n_columns),
                     c < 0 ? B2M_STAGE_LT : plan->data_op[c], t_of,
                     c < 0 ? 0 : plan->bit[c]);
}

/* The bits set in any key of the block. */
static uint32_t any_key(const uint32_t *key)
{
    uint32_t any = 0;
    size_t j;
    for (j = 0; j < BLOCK; j++)
        any |= key[j];
    return any;
}

/* Marks the block's rows where a column is missing or bad, and sets the
 * bit of each column's first comparison where it holds: the columns of
 * doubles one at a time, the integer ones FLAGS_AT_ONCE at a time.  The
 * first check keeps the bits `keep` of the keys (0: they hold nothing yet,
 * the check sets them), the others or into them.  Returns the columns
 * (bit k: column k) converted by their check whose rows named a third
 * label. */
static unsigned block_check(const b2m_stage_plan *plan, block *b, uint32_t keep)
{
    const int *flag[FLAGS_AT_ONCE];
    uint32_t missing[FLAGS_AT_ONCE], bit[FLAGS_AT_ONCE];
    const size_t n_clauses = plan->n_clauses;
    size_t k, n_flags = 0;
    unsigned third_label = 0;
    for (k = 0; k < plan->system->n_columns; k++) {
        const int c = plan->first_condition[k];
        const uint32_t is_missing = (uint32_t) 1 << (n_clauses + k);
        const b2m_stage_in_unit *in = &plan->in_unit[b->one_unit[k]];
        if (b->converting[k]) {
            uint32_t neither;
            check_converted(b->key, keep, &b->convert[k], b->real_copy[k],
                            in->lowest[k], in->highest[k], is_missing,
                            (uint32_t) 1 << (n_clauses + plan->system->n_columns),
                            c < 0 ? B2M_STAGE_LT : plan->data_op[c],
                            c < 0 ? 0 : in->data_threshold[c],
                            c < 0 ? 0 : plan->bit[c], &neither);
            keep = ~0u;
            third_label |= (unsigned) (neither != 0) << k;
            continue;
        }
        if (b->unit[k] != NULL && b->integer[k] == NULL) {
            check_units(plan, k, c, keep, b);
            keep = ~0u;
            continue;
        }
        if (b->integer[k] == NULL) {
            check_real(b->key, keep, b->real[k], in->lowest[k], in->highest[k],
                       is_missing,
                       (uint32_t) 1 << (n_clauses + plan->system->n_columns),
                       c < 0 ? B2M_STAGE_LT : plan->data_op[c],
                       c < 0 ? 0 : in->data_threshold[c],
                       c < 0 ? 0 : plan->bit[c]);
            keep = ~0u;
            continue;
        }
        flag[n_flags] = b->integer[k];
        missing[n_flags] = is_missing;
        bit[n_flags] = c < 0 ? 0 : plan->bit[c];
        if (++n_flags == FLAGS_AT_ONCE) {
            check_flags(b->key, keep, n_flags, flag, missing, bit);
            keep = ~0u;
            n_flags = 0;
        }
    }
    if (n_flags > 0)
        check_flags(b->key, keep, n_flags, flag, missing, bit);
    return third_label;
}

/* Sets condition c's criterion bit in the key of every row of the block
 * where it holds. */
static void block_condition(const b2m_stage_plan *plan, size_t c, block *b)
{
    const b2m_stage_condition *cond = plan->condition[c];
    const b2m_stage_column *columns = plan->system->columns;
    if (plan->first_condition[cond->column] == (int) c)
        return; /* done by block_check() */
    if (b->integer[cond->column] != NULL)
        mark_flag(b->key, b->integer[cond->column], plan->bit[c]);
    else if (cond->versus >= 0)
        mark_versus(b->key, b->real[cond->column], b->real[cond->versus], cond->op,
                    columns[cond->column].kind == B2M_STAGE_AGE,
                    columns[cond->versus].kind == B2M_STAGE_AGE, plan->bit[c]);
    else if (b->unit[cond->column] != NULL) {
        double t_of[B2M_STAGE_MAX_UNITS];
        data_thresholds(plan, c, t_of);
        mark_threshold_units(b->key, b->real[cond->column], b->unit[cond->column],
                             plan->data_op[c], t_of, plan->bit[c]);
    } else
        mark_threshold(b->key, b->real[cond->column], plan->data_op[c],
                       plan->in_unit[b->one_unit[cond->column]].data_threshold[c],
                       plan->bit[c]);
}

/* Value v of column k in row i checked against the column's plausible
 * range: v, or NaN for a bad value (recorded in *bad). */
static double recheck(const b2m_stage_plan *plan, const b2m_stage_in_unit *in,
                      const b2m_column *columns, size_t k, size_t i, double v,
                      b2m_bad_rows *bad)
{
    return in->min_in_unit[k] > 0
        ? b2m_column_recheck_between(&columns[k], i, v, in->min_in_unit[k],
                                     in->max_in_unit[k], bad)
        : b2m_column_recheck(&columns[k], i, v, in->max_in_unit[k],
                             plan->system->columns[k].kind == B2M_STAGE_LIMIT, bad);
}

/* The unit row i of column k is in (see b2m_column), or NULL when its code
 * is none of the column's units (the row is then read as missing). */
static const b2m_stage_in_unit *row_unit(const b2m_stage_plan *plan,
                                         const b2m_column *col, size_t k, size_t i)
{
    int u;
    if (!has_unit_rows(col))
        return &plan->in_unit[0];
    u = b2m_column_unit_of_row(col, i);
    return (unsigned) u < (unsigned) plan->n_units[k] ? &plan->in_unit[u] : NULL;
}

/* The key of row i with a value outside its plausible range, one value at a
 * time: a bad value is recorded and becomes missing. */
static uint32_t slow_key(const b2m_stage_plan *plan, const b2m_column *columns,
                         size_t i, b2m_bad_rows *bad)
{
    const b2m_stage_system *system = plan->system;
    double v[B2M_STAGE_MAX_COLUMNS];
    const b2m_stage_in_unit *in[B2M_STAGE_MAX_COLUMNS];
    uint32_t key = 0;
    size_t k, c;
    for (k = 0; k < system->n_columns; k++) {
        b2m_stage_kind kind = system->columns[k].kind;
        in[k] = row_unit(plan, &columns[k], k, i);
        v[k] = b2m_column_get(&columns[k], i);
        if (in[k] == NULL) {
            /* read as missing: no comparison */
            if (!isnan(v[k]))
                b2m_bad_rows_add(&bad[k], i, B2M_VALUE_NO_UNIT);
            v[k] = b2m_na_real();
            in[k] = &plan->in_unit[0];
        } else if (kind != B2M_STAGE_FLAG && !isnan(v[k]))
            v[k] = recheck(plan, in[k], columns, k, i, v[k], &bad[k]);
        if (kind == B2M_STAGE_AGE)
            v[k] = floor(v[k]); /* completed years */
        if (isnan(v[k]))
            key |= (uint32_t) 1 << (plan->n_clauses + k);
    }
    for (c = 0; c < plan->n_conditions; c++) {
        const b2m_stage_condition *cond = plan->condition[c];
        /* cppcheck assumes a system without columns: every column a
         * condition reads was set in the loop above */
        const b2m_stage_in_unit *unit = in[cond->column]; /* cppcheck-suppress uninitvar */
        double t = cond->versus >= 0 ? v[cond->versus] : unit->threshold[c];
        if (compare(v[cond->column], cond->op, t))
            key |= plan->bit[c];
    }
    return key;
}

/* The index of the lowest bit set in m (not 0): loops over the bits set
 * take one turn per bit, so that their branches follow the count of
 * columns censored or missing rather than which ones are. */
static inline unsigned lowest_bit(uint32_t m)
{
#if defined(__GNUC__)
    return (unsigned) __builtin_ctz(m);
#else
    unsigned k = 0;
    while (!(m >> k & 1u))
        k++;
    return k;
#endif
}

/* ---- censored values ------------------------------------------------------
 * A row whose value of a censorable column (a measurement or a limit with
 * `censor`) is missing and censored: censored_key() finds the interval of
 * each such value, decides the `versus` conditions it can, and gives the
 * row a key of the censored cache, whose stage is enumerated the first time
 * that row's description is met. */

/* Values between lo and hi, each end included unless open. */
typedef struct {
    double lo, hi;
    int lo_open, hi_open;
} interval;

/* The interval of a result `censor` `bound` of column k: the bound on one
 * side, the column's plausible range ([lowest, highest]) on the other. */
static interval interval_of(const b2m_stage_in_unit *in, size_t k, int censor,
                            double bound)
{
    interval v;
    const int below = censor == B2M_CENSOR_LT || censor == B2M_CENSOR_LE;
    v.lo = below ? in->lowest[k] : bound;
    v.hi = below ? bound : in->highest[k];
    v.lo_open = censor == B2M_CENSOR_GT;
    v.hi_open = censor == B2M_CENSOR_LT;
    return v;
}

/* Why a result censored by `censor` at a plausible bound has no plausible
 * value (interval `v` empty: "<0", ">" the largest), or B2M_VALUE_OK. */
static b2m_value_problem empty_problem(const b2m_stage_plan *p,
                                       const b2m_stage_in_unit *in, size_t k,
                                       int censor, interval v)
{
    if (v.lo < v.hi || (v.lo == v.hi && !v.lo_open && !v.hi_open))
        return B2M_VALUE_OK;
    if (censor == B2M_CENSOR_GT || censor == B2M_CENSOR_GE)
        return B2M_VALUE_IMPLAUSIBLE;
    return in->min_in_unit[k] > 0 ? B2M_VALUE_TOO_LOW
           : p->system->columns[k].kind == B2M_STAGE_LIMIT ? B2M_VALUE_ZERO
                                                           : B2M_VALUE_NEGATIVE;
}

/* Records `problem` for row i of column k (a recycled value once). */
static void record_bound(const b2m_column *col, size_t i, b2m_value_problem problem,
                         b2m_bad_rows *bad)
{
    if (col->stride != 0 || bad->offset + i == 0)
        b2m_bad_rows_add(bad, i, problem);
}

/* The censored interval of column k in row i, in the row's unit `in`, if it
 * has one: 1 and *v, else 0 (an exact, missing or bad result, or no unit:
 * `in` NULL; a bad bound and a bound without a unit are recorded). */
static inline int censored_interval(const b2m_stage_plan *p,
                                    const b2m_stage_in_unit *in,
                                    const b2m_column *columns, size_t k, size_t i,
                                    b2m_bad_rows *bad, interval *v)
{
    const b2m_column *col = &columns[k];
    const int censor = col->censor[i * col->stride];
    double bound;
    b2m_value_problem problem;
    if (censor < B2M_CENSOR_LT || censor > B2M_CENSOR_GE)
        return 0;
    bound = col->bound[i * col->stride];
    if (isnan(bound))
        return 0;
    if (in == NULL) {
        b2m_bad_rows_add(&bad[k], i, B2M_VALUE_NO_UNIT);
        return 0;
    }
    /* a bound in the plausible range needs no closer look */
    if (!(bound >= in->lowest[k] && bound <= in->highest[k]))
        bound = recheck(p, in, columns, k, i, bound, &bad[k]);
    if (isnan(bound))
        return 0;
    *v = interval_of(in, k, censor, bound);
    problem = empty_problem(p, in, k, censor, *v);
    if (problem != B2M_VALUE_OK) {
        record_bound(col, i, problem, &bad[k]);
        return 0;
    }
    return 1;
}

/* Whether a result `censor` `bound` of column k in unit `in` (NULL: none)
 * is censored with a bound strictly inside the plausible range (the common
 * case: a plausible bound of an interval with values). */
static inline int bound_inside(const b2m_stage_in_unit *in, size_t k, int censor,
                               double bound)
{
    return in != NULL && censor >= B2M_CENSOR_LT && censor <= B2M_CENSOR_GE &&
           bound > in->lowest[k] && bound < in->highest[k];
}

/* The first and last regions of the interval of such a result (see
 * censored_regions()): the bound's region on one side, the plausible
 * range's end on the other, from the plan. */
static inline void regions_inside(const b2m_stage_plan *p, const b2m_stage_in_unit *in,
                                  size_t k, int censor, double bound,
                                  unsigned char *first, unsigned char *last)
{
    const size_t at = region_of(p, in, k, bound);
    const int below = censor <= B2M_CENSOR_LE;
    const size_t lo = below ? in->lowest_region[k] : at;
    const size_t hi = below ? at : in->highest_region[k];
    /* an open end at a threshold leaves out the region at it */
    *first = (unsigned char) (lo + (censor == B2M_CENSOR_GT && lo % 2));
    *last = (unsigned char) (hi - (censor == B2M_CENSOR_LT && hi % 2));
}

/* censored_interval() of column k in row i, and the first and last regions
 * its interval meets, into *first and *last (an open end at a threshold
 * leaves out the region at it; the regions are the same in every unit:
 * compile_regions()). */
static inline int censored_regions(const b2m_stage_plan *p,
                                   const b2m_stage_in_unit *in,
                                   const b2m_column *columns, size_t k, size_t i,
                                   b2m_bad_rows *bad, interval *v,
                                   unsigned char *first, unsigned char *last)
{
    const b2m_column *col = &columns[k];
    const int censor = col->censor[i * col->stride];
    const double bound = col->bound[i * col->stride];
    size_t lo, hi;
    if (bound_inside(in, k, censor, bound)) {
        *v = interval_of(in, k, censor, bound);
        regions_inside(p, in, k, censor, bound, first, last);
        return 1;
    }
    if (!censored_interval(p, in, columns, k, i, bad, v))
        return 0;
    lo = region_of(p, in, k, v->lo);
    hi = region_of(p, in, k, v->hi);
    *first = (unsigned char) (v->lo_open && lo % 2 ? lo + 1 : lo);
    *last = (unsigned char) (v->hi_open && hi % 2 ? hi - 1 : hi);
    return 1;
}

/* Whether a < b (strict) or a <= b for every a of x and b of y. */
static int always_below(interval x, interval y, int strict)
{
    if (!strict)
        return x.hi <= y.lo;
    return x.hi < y.lo || (x.hi == y.lo && (x.hi_open || y.lo_open));
}

/* Whether `a op b` holds for every a of x and b of y (1), for none (0), or
 * for some only (-1). */
static int decide(b2m_stage_op op, interval x, interval y)
{
    switch (op) {
    case B2M_STAGE_LT:
        return always_below(x, y, 1) ? 1 : always_below(y, x, 0) ? 0 : -1;
    case B2M_STAGE_LE:
        return always_below(x, y, 0) ? 1 : always_below(y, x, 1) ? 0 : -1;
    case B2M_STAGE_GT:
        return always_below(y, x, 1) ? 1 : always_below(x, y, 0) ? 0 : -1;
    case B2M_STAGE_GE:
        return always_below(y, x, 0) ? 1 : always_below(x, y, 1) ? 0 : -1;
    case B2M_STAGE_TRUE:
        break;
    }
    return -1;
}

/* The `versus` conditions of a row whose censored columns have intervals
 * v[k] (others exact, read from the data, unless missing): those decided
 * go to r->decided, the holding ones to r->key. */
static void decide_versus(const b2m_stage_plan *p, const b2m_column *columns,
                          size_t i, const interval *v, b2m_stage_censored *r)
{
    const b2m_stage_column *kinds = p->system->columns;
    const unsigned missing = r->key >> p->n_clauses;
    size_t c;
    for (c = 0; c < p->n_conditions; c++) {
        const b2m_stage_condition *cond = p->condition[c];
        interval side[2];
        int s, known = 1, holds;
        const int col[2] = {cond->column, cond->versus};
        if (cond->versus < 0 || !((r->censored >> cond->column | r->censored >> cond->versus) & 1u))
            continue;
        for (s = 0; s < 2; s++) {
            const int k = col[s];
            /* an age is compared in completed years: left open */
            if (kinds[k].kind != B2M_STAGE_AGE && (r->censored >> k & 1u))
                side[s] = v[k];
            else if (kinds[k].kind == B2M_STAGE_AGE || (missing >> k & 1u))
                known = 0;
            else {
                side[s].lo = side[s].hi = b2m_column_get(&columns[k], i);
                side[s].lo_open = side[s].hi_open = 0;
            }
        }
        holds = known ? decide(cond->op, side[0], side[1]) : -1;
        if (holds < 0)
            continue;
        r->decided |= (uint16_t) (1u << c);
        if (holds)
            r->key |= p->bit[c];
    }
}

#define CENSORED_BUCKETS ((size_t) 2 * B2M_STAGE_CENSORED_KEYS)

/* Whether two censored row descriptions are the same (member by member: a
 * copy need not keep the padding). */
static int same_censored(const b2m_stage_censored *a, const b2m_stage_censored *b)
{
    return a->key == b->key && a->censored == b->censored &&
           a->decided == b->decided &&
           memcmp(a->first, b->first, sizeof a->first) == 0 &&
           memcmp(a->last, b->last, sizeof a->last) == 0;
}

/* The slot of row description `r` in the cache, stage enumerated on its
 * first use. */
static size_t censored_slot(b2m_stage_plan *p, const b2m_stage_censored *r)
{
    b2m_stage_censored_cache *cache = &p->censored;
    /* FNV-1a over what tells rows apart: the regions of censored columns
     * only (the others' are 0) */
    uint32_t hash = (2166136261u ^ r->key) * 16777619u;
    size_t at;
    const uint32_t complete = (uint32_t) 1 << p->n_clauses;
    unsigned met, open;
    uint32_t censored;
    int found;
    hash = (hash ^ ((uint32_t) r->censored << 16 | r->decided)) * 16777619u;
    for (censored = r->censored; censored != 0; censored &= censored - 1) {
        const unsigned k = lowest_bit(censored);
        hash = (hash ^ ((uint32_t) r->first[k] << 8 | r->last[k])) * 16777619u;
    }
    hash ^= hash >> 15;
    for (at = hash % CENSORED_BUCKETS; cache->bucket[at] >= 0;
         at = (at + 1) % CENSORED_BUCKETS)
        if (same_censored(&cache->row[cache->bucket[at]], r))
            return (size_t) cache->bucket[at];
    /* not met before: the cache has room (emptied between blocks) */
    cache->row[cache->n] = *r;
    cache->bucket[at] = (short) cache->n;
    found = enumerate(p, r->key & (complete - 1), (unsigned) (r->key >> p->n_clauses),
                      r, &met, &open);
    p->code_of[p->censored_base + cache->n] = (signed char) (found == B2M_NA_INT ? -1 : found);
    p->met_of[p->censored_base + cache->n] = (unsigned char) met;
    p->open_of[p->censored_base + cache->n] = (unsigned char) open;
    return cache->n++;
}

/* What tells apart the rows censored in column k alone: their key (with
 * the holding comparisons of two columns), the comparisons of two columns
 * their interval decides and the regions of k's interval (the whole of
 * their description), packed with 1 added (0: an empty memo entry). */
#if B2M_STAGE_MAX_COLUMNS > 16 || B2M_STAGE_MAX_REGIONS > 63
#error "memo_tag() packs a column in 4 bits and a region in 6"
#endif
static inline uint64_t memo_tag(uint32_t key, unsigned decided, unsigned k,
                                unsigned first, unsigned last)
{
    return ((uint64_t) key << 32 | (uint64_t) decided << 16 | k << 12 | first << 6 |
            last) + 1;
}

/* The slot of a row censored in column k alone with memo tag `tag`
 * (memo_tag() of the others), not in memo entry `at`: censored_slot(),
 * then remembered there. */
static OUT_OF_LINE size_t memo_fill(b2m_stage_plan *p, uint64_t tag, size_t at,
                                    uint32_t key, unsigned decided, unsigned k,
                                    unsigned char first, unsigned char last)
{
    b2m_stage_censored_cache *cache = &p->censored;
    b2m_stage_censored r;
    size_t slot;
    memset(&r, 0, sizeof r);
    r.key = key;
    r.censored = (uint16_t) (1u << k);
    r.decided = (uint16_t) decided;
    r.first[k] = first;
    r.last[k] = last;
    slot = censored_slot(p, &r);
    cache->memo_tag[at] = tag;
    cache->memo_slot[at] = (uint16_t) slot;
    return slot;
}

/* The slot of a row censored in column k alone, whose key is `key`, whose
 * interval decides the comparisons of two columns `decided` and meets
 * regions first to last: from the memo, else memo_fill(). */
static inline size_t memo_slot(b2m_stage_plan *p, uint32_t key, unsigned decided,
                               unsigned k, unsigned char first, unsigned char last)
{
    const b2m_stage_censored_cache *cache = &p->censored;
    const uint64_t tag = memo_tag(key, decided, k, first, last);
    /* Fibonacci hashing: the high byte of the product mixes every bit */
    const size_t at = (size_t) ((tag * 0x9E3779B97F4A7C15u) >> 56);
    if (cache->memo_tag[at] == tag)
        return cache->memo_slot[at];
    return memo_fill(p, tag, at, key, decided, k, first, last);
}

/* censored_key() of any row: each censored column's interval found and
 * the comparisons of two columns it decides, the slot from the memo when
 * one column is censored, else from the hash table.  Out of line: inlined,
 * its frame is set up for every censored row. */
static OUT_OF_LINE uint32_t censored_key_any(b2m_stage_plan *p,
                                             const b2m_column *columns, size_t i,
                                             uint32_t key, uint32_t censorable,
                                             b2m_bad_rows *bad)
{
    interval v[B2M_STAGE_MAX_COLUMNS];
    b2m_stage_censored r;
    uint32_t maybe = (key & censorable) >> p->n_clauses; /* bit k: column k */
    memset(&r, 0, sizeof r);
    for (; maybe != 0; maybe &= maybe - 1) {
        const unsigned k = lowest_bit(maybe);
        const b2m_stage_in_unit *in = row_unit(p, &columns[k], k, i);
        if (censored_regions(p, in, columns, k, i, bad, &v[k], &r.first[k],
                             &r.last[k]))
            r.censored |= (uint16_t) (1u << k);
    }
    if (r.censored == 0)
        return key;
    r.key = key;
    if (r.censored & p->versus_columns)
        decide_versus(p, columns, i, v, &r);
    if ((r.censored & (r.censored - 1)) == 0) {
        const unsigned k = lowest_bit(r.censored);
        return p->censored_base + (uint32_t) memo_slot(p, r.key, r.decided, k,
                                                       r.first[k], r.last[k]);
    }
    return p->censored_base + (uint32_t) censored_slot(p, &r);
}

/* The key of row i, whose key so far is `key` and whose columns `censorable`
 * (bits of missing columns, as in the key) may be censored: a key of the
 * censored cache when one of them is, else `key`.  Nearly every censored
 * row misses one column only, compared with no other, in one unit, with a
 * bound inside the plausible range: its slot is found here from its
 * regions and the memo; any other row takes censored_key_any(). */
static inline uint32_t censored_key(b2m_stage_plan *p, const b2m_column *columns,
                                    size_t i, uint32_t key, uint32_t censorable,
                                    b2m_bad_rows *bad)
{
    const uint32_t maybe = (key & censorable) >> p->n_clauses; /* bit k: column k */
    if (maybe != 0 && (maybe & (maybe - 1)) == 0 && !(maybe & p->versus_columns)) {
        const unsigned k = lowest_bit(maybe);
        const b2m_column *col = &columns[k];
        const int censor = col->censor[i * col->stride];
        const double bound = col->bound[i * col->stride];
        const b2m_stage_in_unit *in = &p->in_unit[0];
        if (!has_unit_rows(col) && bound_inside(in, k, censor, bound)) {
            unsigned char first, last;
            regions_inside(p, in, k, censor, bound, &first, &last);
            return p->censored_base + (uint32_t) memo_slot(p, key, 0, k, first, last);
        }
    }
    return censored_key_any(p, columns, i, key, censorable, bad);
}

/* The bits of the missing-column part of a key for columns that may be
 * censored in this run. */
static uint32_t censorable_columns(const b2m_stage_plan *p, const b2m_column *columns)
{
    uint32_t out = 0;
    size_t k;
    for (k = 0; k < p->system->n_columns; k++)
        if (columns[k].censor != NULL && p->system->columns[k].kind <= B2M_STAGE_LIMIT)
            out |= (uint32_t) 1 << (p->n_clauses + k);
    return out;
}

/* The code of row key `key` (-1 NA, else the 1-based group), enumerated
 * the first time a pattern of missing values is met and remembered with
 * its criteria (met_of, open_of). */
static inline int code_of_key(b2m_stage_plan *plan, uint32_t key)
{
    /* a small signed code by design: -1 is NA, 0 not yet known */
    int code = plan->code_of[key]; /* NOLINT(bugprone-signed-char-misuse,cert-str34-c) */
    if (code == 0) {
        const uint32_t complete = (uint32_t) 1 << plan->n_clauses;
        unsigned met, open;
        int found = enumerate(plan, key & (complete - 1),
                              (unsigned) (key >> plan->n_clauses), NULL, &met,
                              &open);
        code = found == B2M_NA_INT ? -1 : found;
        plan->code_of[key] = (signed char) code;
        plan->met_of[key] = (unsigned char) met;
        plan->open_of[key] = (unsigned char) open;
    }
    return code;
}

/* The stage of row key `key`: the 1-based group or B2M_NA_INT. */
static inline int stage_of_key(b2m_stage_plan *plan, uint32_t key)
{
    const int code = code_of_key(plan, key);
    /* arithmetic, not a branch: NA stages are frequent */
    const int is_na = -(code < 0);
    return (code & ~is_na) | (B2M_NA_INT & is_na);
}

/* Criterion c of the rows of a block whose criteria met and open (never
 * both) are `met` and `open`: 1, 0 or B2M_NA_INT.  (A whole block of words:
 * gcc vectorizes only loops of a known count, and not from bytes.) */
KERNEL criterion_column(int *restrict out, const uint32_t *restrict met,
                        const uint32_t *restrict open, unsigned c)
{
    size_t j;
    for (j = 0; j < BLOCK; j++)
        out[j] = (int) (met[j] >> c & 1u) | (open[j] >> c & 1u ? B2M_NA_INT : 0);
}

/* Criterion c of each row of a block with keys `key`: 1, 0 or B2M_NA_INT
 * (codes known), into criteria[c].  Each row's criteria are looked up
 * once, then written a column at a time (a short block through a copy). */
static void block_criteria(const b2m_stage_plan *plan, const uint32_t *key,
                           size_t len, int *const *criteria, size_t start)
{
    uint32_t met[BLOCK], open[BLOCK];
    int copy[BLOCK];
    size_t c, j;
    for (j = 0; j < len; j++) {
        met[j] = plan->met_of[key[j]];
        open[j] = plan->open_of[key[j]];
    }
    for (j = len; j < BLOCK; j++)
        met[j] = open[j] = 0;
    for (c = 0; c < plan->system->n_criteria; c++) {
        if (len == BLOCK) {
            criterion_column(criteria[c] + start, met, open, (unsigned) c);
            continue;
        }
        criterion_column(copy, met, open, (unsigned) c);
        memcpy(criteria[c] + start, copy, len * sizeof *copy);
    }
}

/* The columns each criterion reads (bit k: column k), compared with a
 * threshold or with another column. */
static void columns_of_criteria(const b2m_stage_plan *plan, unsigned *read)
{
    size_t c, k;
    for (c = 0; c < plan->system->n_criteria; c++) {
        read[c] = 0;
        for (k = 0; k < plan->n_conditions; k++) {
            const b2m_stage_condition *cond = plan->condition[k];
            if (!(plan->bit[k] & plan->clauses_of[c]))
                continue;
            read[c] |= 1u << cond->column;
            if (cond->versus >= 0)
                read[c] |= 1u << cond->versus;
        }
    }
}

/* The holding clauses and missing columns of row key `key`: a censored
 * row's key is a slot of the censored cache, which keeps them. */
static uint32_t row_bits(const b2m_stage_plan *plan, uint32_t key)
{
    return key >= plan->censored_base
               ? plan->censored.row[key - plan->censored_base].key
               : key;
}

/* The state of threshold condition c in row i, of censored key `key`, when
 * the value of the column it compares is censored (see b2m_stage_report),
 * else NA (the column is missing): 1 or -1 when the interval
 * lies wholly on one side of the threshold, else NA.  A censored value is
 * never exactly at it.  A comparison of two columns is left NA. */
static int censored_state(const b2m_stage_plan *plan, const b2m_column *data,
                          size_t i, uint32_t key, size_t c)
{
    const b2m_stage_condition *cond = plan->condition[c];
    const b2m_stage_censored *row = &plan->censored.row[key - plan->censored_base];
    b2m_bad_rows scratch[B2M_STAGE_MAX_COLUMNS]; /* bounds already judged */
    const b2m_stage_in_unit *in;
    interval v, t;
    int holds;
    /* another column of the row is censored, this one missing */
    if (cond->versus >= 0 || !(row->censored >> cond->column & 1u))
        return B2M_NA_INT;
    memset(scratch, 0, sizeof scratch);
    in = row_unit(plan, &data[cond->column], (size_t) cond->column, i);
    if (!censored_interval(plan, in, data, (size_t) cond->column, i, scratch, &v))
        return B2M_NA_INT;
    t.lo = t.hi = in->threshold[c];
    t.lo_open = t.hi_open = 0;
    holds = decide(cond->op, v, t);
    return holds < 0 ? B2M_NA_INT : holds ? 1 : -1;
}

/* The open inputs of each row of a block with keys `key` (codes known): for
 * a row without a stage, its missing columns that an undetermined criterion
 * reads; 0 for a staged row. */
static void block_open_inputs(const b2m_stage_plan *plan, const unsigned *read,
                              const uint32_t *key, size_t len, int *out)
{
    const unsigned all_columns = (1u << plan->system->n_columns) - 1u;
    size_t c, j;
    for (j = 0; j < len; j++) {
        unsigned open = plan->open_of[key[j]], wanted = 0;
        if (plan->code_of[key[j]] >= 0) {
            out[j] = 0;
            continue;
        }
        for (c = 0; c < plan->system->n_criteria; c++)
            if (open >> c & 1u)
                wanted |= read[c];
        out[j] = (int) (wanted & (row_bits(plan, key[j]) >> plan->n_clauses) &
                        all_columns);
    }
}

/* The state of `v` against threshold `t` in the rows of a block (see
 * block_condition_states()): one loop per comparison, over a whole block
 * (vectorized). */
#define STATE(test)                                                         \
    do {                                                                    \
        for (j = 0; j < BLOCK; j++)                                         \
            out[j] = ((test) ? 1 : -1) * (v[j] == t ? 2 : 1);               \
    } while (0)

KERNEL threshold_states(int *restrict out, const double *restrict v,
                        b2m_stage_op op, double t)
{
    size_t j;
    switch (op) {
    case B2M_STAGE_LT: STATE(v[j] < t); break;
    case B2M_STAGE_LE: STATE(v[j] <= t); break;
    case B2M_STAGE_GT: STATE(v[j] > t); break;
    case B2M_STAGE_GE: STATE(v[j] >= t); break;
    case B2M_STAGE_TRUE:
        for (j = 0; j < BLOCK; j++)
            out[j] = ((v[j] < 0) | (v[j] > 0)) ? 1 : -1;
        break;
    }
}

/* B2M_NA_INT in the states `out` of the rows of a block whose key has a
 * bit of `missing`. */
KERNEL states_missing(int *restrict out, const uint32_t *restrict key,
                      uint32_t missing)
{
    size_t j;
    for (j = 0; j < BLOCK; j++)
        out[j] = (key[j] & missing) ? B2M_NA_INT : out[j];
}

/* The state of condition c in each row of a block (see b2m_stage_report):
 * NA when a column it compares is missing (or bad), else 1 or -1 as it holds
 * or not, doubled when the value equals its threshold (a flag never does).
 * Every row is compared first, then the rows with a missing column set;
 * without `censored_keys` (no column of the run may be censored) every
 * key is a row's bits. */
static void block_condition_states(const b2m_stage_plan *plan, size_t c,
                                   const block *b, const b2m_column *data,
                                   size_t start, size_t len, int censored_keys,
                                   int *out)
{
    const b2m_stage_condition *cond = plan->condition[c];
    const b2m_stage_column *columns = plan->system->columns;
    const uint32_t missing = (uint32_t) 1 << (plan->n_clauses + cond->column) |
        (cond->versus >= 0 ? (uint32_t) 1 << (plan->n_clauses + cond->versus) : 0);
    const int years = columns[cond->column].kind == B2M_STAGE_AGE;
    const int *flag = b->integer[cond->column];
    /* every row of the block is compared (its columns are read padded), a
     * short block's into a copy */
    int copy[BLOCK];
    int *const all = len == BLOCK ? out : copy;
    size_t j;
    if (flag != NULL) {
        for (j = 0; j < BLOCK; j++)
            all[j] = flag[j] != 0 ? 1 : -1;
    } else if (cond->versus < 0 && !years && b->unit[cond->column] == NULL) {
        threshold_states(all, b->real[cond->column], cond->op,
                         plan->in_unit[b->one_unit[cond->column]].threshold[c]);
    } else {
        const int *unit = b->unit[cond->column];
        const int t_years = cond->versus >= 0 &&
                            columns[cond->versus].kind == B2M_STAGE_AGE;
        for (j = 0; j < BLOCK; j++) {
            double v = b->real[cond->column][j];
            double t = cond->versus >= 0 ? b->real[cond->versus][j]
                       : plan->in_unit[unit == NULL ? b->one_unit[cond->column]
                                                    : unit[j]].threshold[c];
            if (years)
                v = floor(v);
            if (t_years)
                t = floor(t);
            all[j] = (compare(v, cond->op, t) ? 1 : -1) *
                     (cond->op != B2M_STAGE_TRUE && v == t ? 2 : 1);
        }
    }
    if (!censored_keys) {
        states_missing(all, b->key, missing);
    } else {
        for (j = 0; j < len; j++)
            if (row_bits(plan, b->key[j]) & missing)
                all[j] = b->key[j] >= plan->censored_base
                             ? censored_state(plan, data, start + j, b->key[j], c)
                             : B2M_NA_INT;
    }
    if (all == copy)
        /* cppcheck-suppress uninitvar ; written through `all` above */
        memcpy(out, copy, len * sizeof *copy);
}

/* The conditions that hold in the criteria each row of a block meets
 * (codes known): bit x for condition x (see b2m_stage_report);
 * `censored_keys` as for block_condition_states(). */
static void block_deciding(const b2m_stage_plan *plan, const block *b,
                           const b2m_column *data, size_t start, size_t len,
                           int censored_keys, int *out)
{
    int state[BLOCK];
    size_t c, x, j;
    for (j = 0; j < len; j++)
        out[j] = 0;
    for (c = 0; c < plan->system->n_criteria; c++)
        for (x = 0; x < plan->n_conditions; x++) {
            if (!(plan->bit[x] & plan->clauses_of[c]))
                continue;
            block_condition_states(plan, x, b, data, start, len, censored_keys,
                                   state);
            for (j = 0; j < len; j++) {
                const uint32_t key = b->key[j];
                const unsigned met = plan->met_of[key] & ~plan->open_of[key];
                if (state[j] > 0 && (met >> c & 1u))
                    out[j] |= 1 << x;
            }
        }
}

#if defined(__GNUC__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void) (p))
#endif

/* The censored rows of a block are found from the censoring codes alone,
 * or-ed over the censorable columns in one vectorized loop and read eight
 * rows at a time: plain rows, exact or missing, never take the censored
 * path (a row with a code whose value is there is left as it is by
 * censored_key()).  A block's rows are listed CENSORED_AHEAD blocks before
 * it is staged, and the codes fetched another CENSORED_AHEAD blocks
 * earlier.  When the keys serve only to stage (and score) the rows, the
 * rows listed are staged as missing with the others, then re-staged in a
 * pass of their own over up to CENSORED_PENDING of them
 * (resolve_pending()), which fetches each one's bounds PENDING_AHEAD rows
 * before it (a score needs every input: a censored row's is NA either
 * way).  Otherwise a block's rows listed are given their keys at once, their
 * bounds fetched when they are listed.  (Fetching the bounds in the pass
 * over the blocks, where the values and codes stream in, waited for
 * memory about as long as staging the rest of the row.) */
#define CENSORED_AHEAD 4
#if BLOCK != 128
#error "list_ahead() fetches a block's codes as 8 lines of 16"
#endif
#define AHEAD_RING 8 /* a power of 2 above CENSORED_AHEAD */

/* The rows listed ahead: block b's (from its start) in entry
 * b % AHEAD_RING; the blocks before `scanned` are listed. */
typedef struct {
    unsigned char row[AHEAD_RING][BLOCK];
    size_t n[AHEAD_RING];
    size_t scanned;
} censored_ahead;

/* Rows listed to be re-staged, each with its key so far, in row order. */
#define CENSORED_PENDING 1024
#define PENDING_AHEAD 16
typedef struct {
    size_t row[CENSORED_PENDING];
    uint32_t key[CENSORED_PENDING];
    size_t n;
} censored_pending;

/* The or of two or four columns' codes of a block (plain vectorized
 * loops). */
KERNEL or_codes2(int *restrict hit, const int *restrict a, const int *restrict b)
{
    size_t j;
    for (j = 0; j < BLOCK; j++)
        hit[j] = a[j] | b[j];
}

KERNEL or_codes4(int *restrict hit, const int *restrict a, const int *restrict b,
                 const int *restrict c, const int *restrict d)
{
    size_t j;
    for (j = 0; j < BLOCK; j++)
        hit[j] = a[j] | b[j] | c[j] | d[j];
}

/* The codes of a block without any, for or_codes2/4() (B2M_CENSOR_NONE is 0). */
static const int no_codes[BLOCK];

/* Whether one of the 8 codes from `hit` is not B2M_CENSOR_NONE, read as
 * words (a branch per 8 rows, most of them without a code). */
static int eight_coded(const int *hit)
{
    uint64_t word[4];
    memcpy(word, hit, sizeof word);
    return (word[0] | word[1] | word[2] | word[3]) != 0;
}

/* Lists into row[] the rows of [start, start + len) with a code in a
 * censorable column (every row when a recycled column has one); returns
 * their count. */
static size_t coded_rows(const b2m_stage_plan *p, const b2m_column *columns,
                         uint32_t censorable, size_t start, size_t len,
                         unsigned char *row)
{
    const int *code[B2M_STAGE_MAX_COLUMNS + 3];
    int hit[BLOCK], recycled = B2M_CENSOR_NONE;
    size_t k, j, w, m = 0, n = 0;
    for (k = 0; k < p->system->n_columns; k++) {
        if (!(censorable >> (p->n_clauses + k) & 1u))
            continue;
        if (columns[k].stride == 0)
            recycled |= columns[k].censor[0]; /* the same code in every row */
        else
            code[m++] = columns[k].censor + start;
    }
    if (len == BLOCK && m <= 4) {
        const size_t used = m;
        while (m < 4)
            code[m++] = no_codes;
        if (used <= 2)
            or_codes2(hit, code[0], code[1]);
        else
            or_codes4(hit, code[0], code[1], code[2], code[3]);
    } else {
        /* a short block, or more columns than or_codes4() takes */
        memset(hit, 0, sizeof hit);
        for (k = 0; k < m; k++)
            for (j = 0; j < len; j++)
                hit[j] |= code[k][j];
    }
    for (j = 0; recycled != B2M_CENSOR_NONE && j < len; j++)
        hit[j] |= recycled;
    for (w = 0; w < BLOCK; w += 8) {
        if (!eight_coded(hit + w))
            continue;
        for (j = w; j < w + 8; j++) {
            row[n] = (unsigned char) j;
            n += hit[j] != B2M_CENSOR_NONE;
        }
    }
    return n;
}

/* Lists the rows with a code of the block starting at row `from` (of n) into
 * `ahead`, fetches their bounds when `fetch_bounds`, and fetches the codes
 * CENSORED_AHEAD blocks on. */
static void list_ahead(const b2m_stage_plan *p, const b2m_column *columns,
                       uint32_t censorable, size_t from, size_t n,
                       int fetch_bounds, censored_ahead *ahead)
{
    const size_t slot = (from / BLOCK) % AHEAD_RING;
    const size_t later = from + (size_t) CENSORED_AHEAD * BLOCK;
    size_t k, r;
    for (k = 0; later + BLOCK <= n && k < p->system->n_columns; k++) {
        const int *code = columns[k].censor + later;
        if (!(censorable >> (p->n_clauses + k) & 1u) || columns[k].stride == 0)
            continue;
        /* the block's 8 lines of 16 codes, written out: as a loop (not
         * unrolled by gcc -O2) they cost four times the fetches */
        PREFETCH(code);
        PREFETCH(code + 16);
        PREFETCH(code + 32);
        PREFETCH(code + 48);
        PREFETCH(code + 64);
        PREFETCH(code + 80);
        PREFETCH(code + 96);
        PREFETCH(code + 112);
    }
    ahead->n[slot] = coded_rows(p, columns, censorable, from,
                                n - from < BLOCK ? n - from : BLOCK, ahead->row[slot]);
    for (r = 0; fetch_bounds && r < ahead->n[slot]; r++)
        for (k = 0; k < p->system->n_columns; k++)
            if (censorable >> (p->n_clauses + k) & 1u)
                PREFETCH(columns[k].bound +
                         (from + ahead->row[slot][r]) * columns[k].stride);
}

/* Gives the pending rows their keys of the censored cache (emptied when
 * full: no key of it is read once its row is staged) and their stages into
 * `stage` (the run's; NULL: none asked for), fetching the bounds and codes
 * of the row PENDING_AHEAD on (in the loop itself: gcc drops the calls of a
 * function that only fetches); none is pending then. */
static void resolve_pending(b2m_stage_plan *plan, const b2m_column *columns,
                            uint32_t censorable, censored_pending *pending,
                            int *stage, b2m_bad_rows *bad)
{
    size_t r;
    for (r = 0; r < pending->n + PENDING_AHEAD; r++) {
        /* only the columns the row misses: each fetch is a line of its own */
        uint32_t missing = r < pending->n
            ? (pending->key[r] & censorable) >> plan->n_clauses : 0;
        for (; missing != 0; missing &= missing - 1) {
            const unsigned k = lowest_bit(missing);
            const size_t at = pending->row[r] * columns[k].stride;
            PREFETCH(columns[k].bound + at);
            PREFETCH(columns[k].censor + at);
        }
        if (r >= PENDING_AHEAD) {
            const size_t q = r - PENDING_AHEAD;
            uint32_t key;
            if (plan->censored.n == B2M_STAGE_CENSORED_KEYS)
                censored_cache_clear(&plan->censored);
            key = censored_key(plan, columns, pending->row[q], pending->key[q],
                               censorable, bad);
            if (stage != NULL && key != pending->key[q])
                stage[pending->row[q]] = stage_of_key(plan, key);
        }
    }
    pending->n = 0;
}

/* Gives the censored rows of the block starting at row `start` (of n, keys
 * `key`) their keys of the censored cache, emptied first if it could not
 * take them all, after listing the rows of the blocks ahead; with `pending`
 * (NULL: at once), lists them there instead (resolve_pending(), with
 * `stage`, first when it could not take them all). */
static void block_censored(b2m_stage_plan *plan, const b2m_column *columns,
                           size_t start, size_t n, uint32_t censorable,
                           censored_ahead *ahead, uint32_t *key,
                           censored_pending *pending, int *stage,
                           b2m_bad_rows *bad)
{
    const size_t slot = (start / BLOCK) % AHEAD_RING;
    size_t r;
    for (; ahead->scanned * BLOCK < n &&
           ahead->scanned <= start / BLOCK + CENSORED_AHEAD; ahead->scanned++)
        list_ahead(plan, columns, censorable, ahead->scanned * BLOCK, n,
                   pending == NULL, ahead);
    if (ahead->n[slot] == 0)
        return;
    if (pending == NULL && plan->censored.n > B2M_STAGE_CENSORED_KEYS - BLOCK)
        censored_cache_clear(&plan->censored);
    /* room for the whole block: its stages are written after this */
    if (pending != NULL && pending->n > CENSORED_PENDING - BLOCK)
        resolve_pending(plan, columns, censorable, pending, stage, bad);
    for (r = 0; r < ahead->n[slot]; r++) {
        const size_t j = ahead->row[slot][r];
        if (!(key[j] & censorable))
            continue;
        if (pending == NULL) {
            key[j] = censored_key(plan, columns, start + j, key[j], censorable, bad);
            continue;
        }
        pending->row[pending->n] = start + j;
        pending->key[pending->n++] = key[j];
    }
}

size_t b2m_stage_run(b2m_stage_plan *plan, size_t n, const b2m_column *columns,
                     int *stage, double *score, b2m_bad_rows *bad)
{
    return b2m_stage_run_criteria(plan, n, columns, stage, score, NULL, 0, bad);
}

size_t b2m_stage_run_criteria(b2m_stage_plan *plan, size_t n,
                              const b2m_column *columns, int *stage,
                              double *score, int *criteria, size_t stride,
                              b2m_bad_rows *bad)
{
    b2m_stage_report report;
    size_t c;
    memset(&report, 0, sizeof report);
    report.with_criteria = criteria != NULL;
    for (c = 0; criteria != NULL && c < plan->system->n_criteria; c++)
        report.criteria[c] = criteria + c * stride;
    return b2m_stage_run_report(plan, n, columns, stage, score, &report, bad);
}

size_t b2m_stage_run_report(b2m_stage_plan *plan, size_t n,
                            const b2m_column *columns, int *stage,
                            double *score, const b2m_stage_report *report,
                            b2m_bad_rows *bad)
{
    unsigned read[B2M_STAGE_MAX_CRITERIA];
    const b2m_stage_system *system = plan->system;
    const size_t n_columns = system->n_columns;
    const uint32_t complete = (uint32_t) 1 << plan->n_clauses;
    const uint32_t bad_value = (uint32_t) 1 << (plan->n_clauses + n_columns);
    const uint32_t censorable = censorable_columns(plan, columns);
    /* the censored rows re-staged after the others when nothing but stages
     * read the keys */
    const int later = !report->with_criteria && report->open_inputs == NULL &&
                      report->deciding == NULL && report->n_conditions == 0;
    censored_pending pending;
    censored_ahead ahead;
    block b;
    size_t start, j, k, total_bad = 0;
    unsigned to_read, by_row;
    uint32_t keys_read[BLOCK];
    if (report->open_inputs != NULL)
        columns_of_criteria(plan, read);
    for (k = 0; k < n_columns; k++) {
        b.recycled_done[k] = 0;
        b.n_seen[k] = 0;
    }
    ahead.scanned = 0;
    pending.n = 0;
    for (start = 0; start < n; start += BLOCK) {
        /* 1..BLOCK rows; cppcheck wrongly takes len for 0 in the loops below */
        const size_t len = n - start < BLOCK ? n - start : BLOCK;
        /* the first check sets the keys, unless reading the columns has
         * marked some (a row without a unit, block_units_by_row()) or
         * there is none */
        b.keys_set = n_columns == 0;
        if (b.keys_set)
            memset(b.key, 0, sizeof b.key);
        /* The columns whose rows named a third label (found by their
         * check) are read again a row at a time, and the block checked
         * again from the keys as the reading left them.  (One call of each
         * in the loop: gcc inlines them.) */
        for (to_read = ~0u, by_row = 0;; to_read = by_row) {
            for (k = 0; k < n_columns; k++)
                if (to_read >> k & 1u)
                    block_read(plan, k, &columns[k], start, len, (int) (by_row >> k & 1u),
                               &b);
            if (b.keys_set)
                memcpy(keys_read, b.key, sizeof keys_read);
            by_row = block_check(plan, &b, b.keys_set ? ~0u : 0);
            if (by_row == 0)
                break;
            if (b.keys_set)
                memcpy(b.key, keys_read, sizeof b.key);
            else
                memset(b.key, 0, sizeof b.key);
            b.keys_set = 1;
        }
        for (k = 0; k < plan->n_conditions; k++)
            block_condition(plan, k, &b);
        if (any_key(b.key) & bad_value) {
            /* the bad bounds of the rows before first, in row order */
            resolve_pending(plan, columns, censorable, &pending, stage, bad);
            /* cppcheck-suppress knownConditionTrueFalse */
            for (j = 0; j < len; j++)
                if (b.key[j] & bad_value)
                    b.key[j] = slow_key(plan, columns, start + j, bad);
        }
        if (censorable != 0)
            block_censored(plan, columns, start, n, censorable, &ahead, b.key,
                           later ? &pending : NULL, stage, bad);
        if (stage != NULL || report->with_criteria || report->open_inputs != NULL ||
            report->deciding != NULL) {
            int *out = stage == NULL ? NULL : stage + start;
            /* cppcheck-suppress knownConditionTrueFalse */
            for (j = 0; j < len; j++) {
                const int code = stage_of_key(plan, b.key[j]);
                if (out != NULL)
                    out[j] = code;
            }
            if (report->with_criteria)
                block_criteria(plan, b.key, len, report->criteria, start);
            if (report->open_inputs != NULL)
                block_open_inputs(plan, read, b.key, len, report->open_inputs + start);
            if (report->deciding != NULL)
                block_deciding(plan, &b, columns, start, len, censorable != 0,
                               report->deciding + start);
        }
        for (k = 0; k < report->n_conditions; k++)
            block_condition_states(plan, (size_t) report->condition[k], &b,
                                   columns, start, len, censorable != 0,
                                   report->conditions[k] + start);
        /* A score needs every input. */
        if (score != NULL) {
            double *out = score + start;
            /* cppcheck-suppress knownConditionTrueFalse */
            for (j = 0; j < len; j++) {
                /* an index, not a branch: missing values are frequent */
                uint32_t key = b.key[j];
                out[j] = plan->score_of[key < complete ? key : B2M_STAGE_MASKS];
            }
        }
    }
    resolve_pending(plan, columns, censorable, &pending, stage, bad);
    for (k = 0; k < n_columns; k++)
        total_bad += bad[k].count;
    return total_bad;
}

size_t b2m_stage_compute(const b2m_stage_system *system, size_t n,
                         const b2m_column *columns, const b2m_scale *scales,
                         const double *max_in_unit, int *stage, double *score,
                         b2m_bad_rows *bad)
{
    /* room for any system within the limits (the core does not allocate) */
    union {
        b2m_stage_plan plan;
        /* cppcheck-suppress unusedStructMember ; its size is its use */
        unsigned char room[B2M_STAGE_PLAN_BYTES(B2M_STAGE_MAX_CLAUSES,
                                                B2M_STAGE_MAX_COLUMNS)];
    } largest;
    size_t i;
    if (b2m_stage_plan_make(system, scales, max_in_unit, &largest.plan) == 0)
        return b2m_stage_run(&largest.plan, n, columns, stage, score, bad);
    for (i = 0; i < n; i++) {
        if (stage != NULL)
            stage[i] = B2M_NA_INT;
        if (score != NULL)
            score[i] = b2m_na_real();
    }
    return 0;
}
