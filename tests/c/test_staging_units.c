/* test_staging_units.c - staging a column whose unit is given per row: every
 * row, of every system, gets what a call with the whole column in that
 * row's unit gives it (stage, score, criteria, open inputs, condition
 * states, deciding conditions and bad values), at each threshold as
 * converted into the unit, beside it, censored, missing and bad. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "b2m.h"
#include "staging_plan.h" /* the count of a plan's conditions */

#define ROWS 1500
#define N_UNITS 5

/* Units with exact and inexact factors (B2M in nmol/L at 11,800 g/mol,
 * creatinine in umol/L), each with its plausible range. */
static const b2m_scale unit_scale[N_UNITS] = {
    {1, 1}, {1e6, 11800}, {1, 10}, {884, 10}, {1000, 1}};

static double in_unit(double canonical, size_t u)
{
    return canonical * unit_scale[u].num / unit_scale[u].den;
}

/* A small deterministic generator (the same rows on every run). */
static unsigned long seed = 20261202ul;
static size_t draw(size_t n)
{
    seed = seed * 6364136223846793005ul + 1442695040888963407ul;
    return (size_t) ((seed >> 33) % n);
}

/* One call's data: every column's values, censoring and unit codes. */
typedef struct {
    double real[B2M_STAGE_MAX_COLUMNS][ROWS];
    int integer[B2M_STAGE_MAX_COLUMNS][ROWS];
    int censor[B2M_STAGE_MAX_COLUMNS][ROWS];
    double bound[B2M_STAGE_MAX_COLUMNS][ROWS];
    int unit[B2M_STAGE_MAX_COLUMNS][ROWS];
} unit_rows;

/* Whether column k of `system` may be in a unit per row. */
static int has_units(const b2m_stage_system *system, size_t k)
{
    const b2m_stage_kind kind = system->columns[k].kind;
    return kind == B2M_STAGE_VALUE || kind == B2M_STAGE_LIMIT;
}

static double largest(const b2m_stage_system *system, size_t k, size_t u)
{
    const b2m_stage_kind kind = system->columns[k].kind;
    return kind == B2M_STAGE_LEVEL ? 2 : kind == B2M_STAGE_AGE ? 120
                                                                : in_unit(200, u);
}

static double smallest(const b2m_stage_system *system, size_t k, size_t u,
                       int with_min)
{
    return with_min && system->columns[k].kind == B2M_STAGE_VALUE
               ? in_unit(0.01, u) : 0;
}

/* A threshold of column k's own conditions (in the canonical unit), at
 * random, or -1 when it has none. */
static double some_threshold(const b2m_stage_system *system, size_t k)
{
    double found[B2M_STAGE_MAX_CONDITIONS];
    size_t c, j, a, n = 0;
    for (c = 0; c < system->n_criteria; c++)
        for (j = 0; j < system->criteria[c].n_all; j++)
            for (a = 0; a < system->criteria[c].all[j].n_any; a++) {
                const b2m_stage_condition *cond = &system->criteria[c].all[j].any[a];
                if (cond->column == (int) k && cond->versus < 0 &&
                    n < B2M_STAGE_MAX_CONDITIONS)
                    found[n++] = cond->threshold;
            }
    return n == 0 ? -1 : found[draw(n)];
}

/* A value of a measurement or limit in unit u: at a threshold converted
 * into u, just beside it, censored there, missing, bad or anywhere. */
static void measurement(const b2m_stage_system *system, size_t k, size_t u,
                        int with_min, unit_rows *d, size_t i)
{
    const double t = some_threshold(system, k);
    const double at = t < 0 ? in_unit(1, u) : b2m_scale_threshold(t, unit_scale[u]);
    const double near[3] = {nextafter(at, -INFINITY), at, nextafter(at, INFINITY)};
    const double x = near[draw(3)];
    d->censor[k][i] = B2M_CENSOR_NONE;
    d->bound[k][i] = NAN;
    switch (draw(8)) {
    case 0: case 1: case 2:
        d->real[k][i] = x;
        break;
    case 3: case 4:
        d->real[k][i] = NAN;
        d->censor[k][i] = (int) (1 + draw(4));
        d->bound[k][i] = draw(6) == 0 ? largest(system, k, u) * draw(3) : x;
        break;
    case 5:
        d->real[k][i] = NAN;
        break;
    case 6: {
        /* bad in its unit: negative, zero, too low, above the largest */
        const double bad[4] = {-1, 0, smallest(system, k, u, with_min) / 2,
                               nextafter(largest(system, k, u), INFINITY)};
        d->real[k][i] = bad[draw(4)];
        break;
    }
    default:
        d->real[k][i] = largest(system, k, u) * (double) draw(1000) / 999;
    }
}

/* The runs of test_system_units(): rows [0, PART) and [PART, ROWS). */
#define PART 1000
/* The engine's blocks of rows (staging.c). */
#define BLOCK_ROWS 128

/* A unit of column k for row i that is the same in each block of rows of a
 * run, but for one row in some blocks (another unit at the first row, no
 * unit at the last one, a code that is none of the units at the first),
 * or one of two units at random. */
static int unit_by_block(size_t k, size_t i)
{
    const size_t in_part = i < PART ? i : i - PART;
    const size_t at = in_part % BLOCK_ROWS;
    const size_t block = in_part / BLOCK_ROWS + (i < PART ? 0 : 100);
    const int u = (int) ((block * 7 + k * 3) % N_UNITS);
    switch (block % 5) {
    case 1: return at == 0 ? (u + 1) % N_UNITS : u;
    case 2: return at == BLOCK_ROWS - 1 ? -1 : u;
    case 3: return at == 0 ? N_UNITS : u;
    case 4: return draw(2) == 0 ? (u + 2) % N_UNITS : u;
    default: return u;
    }
}

/* A unit of column k for row i whose blocks of rows name one or two units
 * (every pair of units in turn, each first in some blocks), as an
 * extract's unit column does: one unit, two at random, another unit in the
 * first or the last row only, or two at random with a row without a unit,
 * or with a code that is none of the units. */
static int unit_by_pair(size_t k, size_t i)
{
    const size_t at = i % BLOCK_ROWS, block = i / BLOCK_ROWS;
    const int u = (int) ((block + k) % N_UNITS),
              v = (int) ((size_t) u + 1 + block / 6 % (N_UNITS - 1)) % N_UNITS;
    switch (block % 6) {
    case 1: return draw(2) == 0 ? v : u;
    case 2: return at == 0 ? v : u;
    case 3: return at == BLOCK_ROWS - 1 ? v : u;
    case 4: return at == BLOCK_ROWS / 2 ? -1 : draw(2) == 0 ? v : u;
    case 5: return at == BLOCK_ROWS / 3 ? N_UNITS : draw(2) == 0 ? v : u;
    default: return u;
    }
}

/* A unit of column k for row i whose blocks of rows name two of the units
 * with decimal factors (1, 1/10, 1000: one converts into the other for
 * most thresholds, so the check converts the block), the other at random
 * or at the block's first or last row only, or a third label (none of the
 * units, or no unit) at its first or last row. */
static int unit_at_edges(size_t k, size_t i)
{
    static const int decimal[3] = {0, 2, 4};
    const size_t at = i % BLOCK_ROWS, block = i / BLOCK_ROWS;
    const int u = decimal[(block + k) % 3], v = decimal[(block + k + 1 + block / 7) % 3];
    const int other = draw(2) == 0 ? v : u;
    switch (block % 7) {
    case 1: return at == 0 ? v : u;
    case 2: return at == BLOCK_ROWS - 1 ? v : u;
    case 3: return at == 0 ? N_UNITS : other;
    case 4: return at == BLOCK_ROWS - 1 ? N_UNITS : other;
    case 5: return at == 0 ? -1 : other;
    case 6: return at == BLOCK_ROWS - 1 ? -1 : other;
    default: return other;
    }
}

/* Row i of every column: random units per row (shared by the two sides of
 * a comparison of two columns, as a limit is in the unit of the results it
 * goes with), now and then a code that is none of the units; by_block 1:
 * unit_by_block(), 2: unit_by_pair(), 3: unit_at_edges(). */
static void make_row(const b2m_stage_system *system, int with_min, int by_block,
                     unit_rows *d, size_t i)
{
    size_t k, c, j, a;
    for (k = 0; k < system->n_columns; k++)
        d->unit[k][i] = !has_units(system, k) ? 0
                        : by_block == 3 ? unit_at_edges(k, i)
                        : by_block == 2 ? unit_by_pair(k, i)
                        : by_block ? unit_by_block(k, i) : (int) draw(N_UNITS);
    for (c = 0; c < system->n_criteria; c++)
        for (j = 0; j < system->criteria[c].n_all; j++)
            for (a = 0; a < system->criteria[c].all[j].n_any; a++) {
                const b2m_stage_condition *cond = &system->criteria[c].all[j].any[a];
                if (cond->versus >= 0)
                    d->unit[cond->versus][i] = d->unit[cond->column][i];
            }
    for (k = 0; k < system->n_columns; k++) {
        /* a row without a unit (unit_by_block()) has a value of unit 0 */
        const int code = d->unit[k][i];
        const size_t u = code >= 0 && code < N_UNITS ? (size_t) code : 0;
        const b2m_stage_kind kind = system->columns[k].kind;
        d->censor[k][i] = B2M_CENSOR_NONE;
        d->bound[k][i] = NAN;
        if (has_units(system, k))
            measurement(system, k, u, with_min, d, i);
        else if (kind == B2M_STAGE_FLAG)
            d->integer[k][i] = draw(5) == 0 ? B2M_NA_INT : (int) draw(2);
        else if (kind == B2M_STAGE_LEVEL)
            d->real[k][i] = draw(5) == 0 ? NAN : (double) draw(3);
        else
            d->real[k][i] = draw(8) == 0 ? NAN : 40 + (double) draw(400) / 10;
    }
    /* a limit equal to the value it is compared with now and then */
    for (c = 0; c < system->n_criteria; c++)
        for (j = 0; j < system->criteria[c].n_all; j++)
            for (a = 0; a < system->criteria[c].all[j].n_any; a++) {
                const b2m_stage_condition *cond = &system->criteria[c].all[j].any[a];
                if (cond->versus >= 0 && draw(3) == 0) {
                    d->real[cond->versus][i] = d->real[cond->column][i];
                    d->censor[cond->versus][i] = d->censor[cond->column][i];
                    d->bound[cond->versus][i] = d->bound[cond->column][i];
                }
            }
    if (!by_block && draw(50) == 0)
        for (k = 0; k < system->n_columns; k++)
            if (has_units(system, k))
                d->unit[k][i] = draw(2) == 0 ? -1 : N_UNITS; /* no unit */
}

/* What a run reports of its rows. */
typedef struct {
    int stage[ROWS], open[ROWS], deciding[ROWS];
    double score[ROWS];
    int criteria[B2M_STAGE_MAX_CRITERIA][ROWS];
    int states[B2M_STAGE_MAX_CONDITIONS][ROWS];
    b2m_bad_rows bad[B2M_STAGE_MAX_COLUMNS];
    /* per column and row: its problem (B2M_VALUE_OK: none), one-row runs */
    int problem[B2M_STAGE_MAX_COLUMNS][ROWS];
} unit_report;

/* A plan of the bytes `system` needs; freed by the caller. */
static b2m_stage_plan *plan_for(const b2m_stage_system *system)
{
    b2m_stage_plan *plan = malloc(b2m_stage_plan_size(system));
    if (plan == NULL) {
        fprintf(stderr, "out of memory for a plan\n");
        exit(1);
    }
    return plan;
}

/* Runs `plan` over rows [from, from + n) of `cols` into `out`'s rows
 * [at, at + n). */
static void run(b2m_stage_plan *plan, const b2m_column *cols, size_t n,
                unit_report *out, size_t at)
{
    b2m_stage_report report;
    size_t c;
    memset(&report, 0, sizeof report);
    report.with_criteria = 1;
    for (c = 0; c < plan->system->n_criteria; c++)
        report.criteria[c] = out->criteria[c] + at;
    report.open_inputs = out->open + at;
    report.deciding = out->deciding + at;
    report.n_conditions = plan->n_conditions;
    for (c = 0; c < plan->n_conditions; c++) {
        report.condition[c] = (int) c;
        report.conditions[c] = out->states[c] + at;
    }
    b2m_stage_run_report(plan, n, cols, out->stage + at, out->score + at, &report,
                         out->bad);
}

/* A column of one row read with a stride of 1 (length 1 would be a
 * recycled argument, whose bad value is recorded once, as row 0); only
 * its first row is read. */
#define ONE_ROW 2

/* Row i alone, every column in its row's unit (one plan for that unit),
 * into `want`; a code that is none of the units makes the value missing. */
static void stage_alone(const b2m_stage_system *system, int with_min,
                        const unit_rows *d, size_t i, b2m_stage_plan *plan,
                        unit_report *want)
{
    b2m_column cols[B2M_STAGE_MAX_COLUMNS];
    b2m_scale scales[B2M_STAGE_MAX_COLUMNS];
    double min[B2M_STAGE_MAX_COLUMNS], max[B2M_STAGE_MAX_COLUMNS];
    b2m_bad_rows bad[B2M_STAGE_MAX_COLUMNS];
    double value[B2M_STAGE_MAX_COLUMNS];
    int no_unit[B2M_STAGE_MAX_COLUMNS];
    size_t k;
    for (k = 0; k < system->n_columns; k++) {
        const int u = d->unit[k][i];
        const int known = u >= 0 && u < N_UNITS;
        scales[k] = unit_scale[known ? u : 0];
        min[k] = smallest(system, k, known ? (size_t) u : 0, with_min);
        max[k] = largest(system, k, known ? (size_t) u : 0);
        value[k] = known ? d->real[k][i] : NAN;
        /* a value or a bound without a unit is bad */
        no_unit[k] = !known && (!isnan(d->real[k][i]) ||
                                (d->censor[k][i] != B2M_CENSOR_NONE &&
                                 !isnan(d->bound[k][i])));
        if (system->columns[k].kind == B2M_STAGE_FLAG)
            cols[k] = b2m_column_integer(&d->integer[k][i], ONE_ROW);
        else if (known && d->censor[k][i] != B2M_CENSOR_NONE)
            cols[k] = b2m_column_censored(b2m_column_real(&value[k], ONE_ROW),
                                          &d->censor[k][i], &d->bound[k][i]);
        else
            cols[k] = b2m_column_real(&value[k], ONE_ROW);
        b2m_bad_rows_init(&bad[k]);
    }
    CHECK(b2m_stage_plan_make_between(system, scales, min, max, plan) == 0);
    memcpy(bad, want->bad, sizeof bad);
    for (k = 0; k < system->n_columns; k++)
        b2m_bad_rows_init(&want->bad[k]);
    run(plan, cols, 1, want, i);
    for (k = 0; k < system->n_columns; k++) {
        CHECK(want->bad[k].count <= 1 && (!no_unit[k] || want->bad[k].count == 0));
        if (no_unit[k])
            b2m_bad_rows_add(&want->bad[k], i, B2M_VALUE_NO_UNIT);
        want->problem[k][i] = want->bad[k].count == 0 ? B2M_VALUE_OK
                                                      : want->bad[k].problems[0];
        bad[k].count += want->bad[k].count;
    }
    memcpy(want->bad, bad, sizeof bad);
}

static void compare_runs(const b2m_stage_system *system, size_t n_conditions,
                         const unit_report *got, const unit_report *want)
{
    size_t i, c, k, j, wrong = 0;
    for (i = 0; i < ROWS; i++) {
        int same = got->stage[i] == want->stage[i] && got->open[i] == want->open[i] &&
                   got->deciding[i] == want->deciding[i] &&
                   (got->score[i] == want->score[i] ||
                    (isnan(got->score[i]) && isnan(want->score[i])));
        for (c = 0; c < system->n_criteria; c++)
            same &= got->criteria[c][i] == want->criteria[c][i];
        for (c = 0; c < n_conditions; c++)
            same &= got->states[c][i] == want->states[c][i];
        if (!same && wrong++ < 3)
            fprintf(stderr, "%s row %d: per-row units differ from one unit\n",
                    system->key, (int) i);
        CHECK(same);
    }
    /* the rows reported (not always in row order: bad bounds of censored
     * rows after the block's bad values) with their problems */
    for (k = 0; k < system->n_columns; k++) {
        CHECK(got->bad[k].count == want->bad[k].count);
        for (j = 0; j < got->bad[k].count && j < B2M_MAX_REPORTED; j++)
            CHECK(got->bad[k].problems[j] ==
                  want->problem[k][got->bad[k].rows[j]]);
    }
}

/* Column k of `d` (censored where it may have units, its units then to
 * be added) and its units (`min`, `max`: N_UNITS each, set here). */
static b2m_column column_of(const b2m_stage_system *system, int with_min,
                            const unit_rows *d, size_t k, double *min, double *max,
                            b2m_stage_units *units)
{
    size_t u;
    for (u = 0; u < N_UNITS; u++) {
        min[u] = smallest(system, k, u, with_min);
        max[u] = largest(system, k, u);
    }
    units->n = has_units(system, k) ? N_UNITS : 1;
    units->scale = unit_scale;
    units->min_in_unit = min;
    units->max_in_unit = max;
    if (system->columns[k].kind == B2M_STAGE_FLAG)
        return b2m_column_integer(d->integer[k], ROWS);
    if (has_units(system, k))
        return b2m_column_censored(b2m_column_real(d->real[k], ROWS), d->censor[k],
                                   d->bound[k]);
    return b2m_column_real(d->real[k], ROWS);
}

/* Stages `cols` (the rows of `d`, in the units `units`) in two parts, as
 * the glue hands chunks over (one plan for both), into `got`, each row
 * alone in its own unit into `want`, and compares them. */
static void stage_and_compare(const b2m_stage_system *system, int with_min,
                              const b2m_stage_units *units, const b2m_column *cols,
                              const unit_rows *d, unit_report *got, unit_report *want)
{
    b2m_stage_plan *plan = plan_for(system), *alone = plan_for(system);
    b2m_column part[B2M_STAGE_MAX_COLUMNS];
    size_t i, k, start;
    CHECK(b2m_stage_plan_make_units(system, units, plan) == 0);
    for (start = 0; start < ROWS; start += PART) {
        const size_t len = ROWS - start < PART ? ROWS - start : PART;
        for (k = 0; k < system->n_columns; k++) {
            part[k] = b2m_column_from(cols[k], start);
            got->bad[k].offset = start;
        }
        run(plan, part, len, got, start);
    }
    for (i = 0; i < ROWS; i++)
        stage_alone(system, with_min, d, i, alone, want);
    compare_runs(system, plan->n_conditions, got, want);
    free(plan);
    free(alone);
}

/* `by_block`: each block of rows in one unit but for a row of some
 * (unit_by_block()), else a unit per row at random. */
static void test_system_units(const b2m_stage_system *system, int with_min,
                              int by_block)
{
    static unit_rows d;
    static unit_report got, want;
    b2m_stage_units units[B2M_STAGE_MAX_COLUMNS];
    double min[B2M_STAGE_MAX_COLUMNS][N_UNITS], max[B2M_STAGE_MAX_COLUMNS][N_UNITS];
    b2m_column cols[B2M_STAGE_MAX_COLUMNS];
    size_t i, k;
    for (i = 0; i < ROWS; i++)
        make_row(system, with_min, by_block, &d, i);
    for (k = 0; k < system->n_columns; k++) {
        cols[k] = column_of(system, with_min, &d, k, min[k], max[k], &units[k]);
        if (has_units(system, k))
            cols[k] = b2m_column_with_units(cols[k], d.unit[k]);
        b2m_bad_rows_init(&got.bad[k]);
        b2m_bad_rows_init(&want.bad[k]);
    }
    stage_and_compare(system, with_min, units, cols, &d, &got, &want);
}

/* ---- units per row given by labels ----------------------------------------
 * The same rows with each row's unit named by a label, as R's unit columns
 * give them: a character column's strings (by pointer) or a factor's codes.
 * The labels: one per unit, a second label of unit 0 (another spelling),
 * a label of no unit (a missing string) and, by pointer, the label of unit
 * 2 listed again with unit 3 (its first entry counts). */
#define N_LABELS (N_UNITS + 3)
#define ALIAS N_UNITS             /* unit 0's second label */
#define NO_UNIT_LABEL (N_UNITS + 1)
static const char label_text[N_LABELS][8] = {"mg/L", "nmol/L", "mg/dL", "umol/L",
                                             "ug/L", "mg/l", "", "again"};
static const char not_a_label[] = "ng/mL"; /* a string that is no label */
static const int label_unit[N_LABELS] = {0, 1, 2, 3, 4, 0, -1, 3};

/* The labels of column k's rows: pointers (`pointer`, from the labels'
 * `table`) or codes (`code`, 1-based) for unit codes `unit` (-1: none,
 * N_UNITS: none of the units, given as `no_label`, a pointer that is no
 * label's, and a code beyond the labels).  Unit 0's rows take its second
 * label now and then in the blocks of one unit (unit_by_pair()), and a
 * row without a unit a missing code or the label of no unit. */
static void label_rows(const int *unit, const void *const *table,
                       const void *no_label, const void **pointer, int *code)
{
    size_t i;
    for (i = 0; i < ROWS; i++) {
        const int u = unit[i];
        const int alias = u == 0 && i / BLOCK_ROWS % 6 == 0 && draw(2) == 0;
        const int label = alias ? ALIAS : u < 0 ? NO_UNIT_LABEL : u;
        pointer[i] = u == N_UNITS ? no_label : table[label];
        code[i] = u == N_UNITS ? N_LABELS + 1
                  : u < 0 && draw(2) == 0 ? B2M_NA_INT : label + 1;
    }
}

/* Pointers that differ in one 32-bit half only, the high one (as strings
 * 4 GB apart could), but for unit 3's, which differs from unit 1's in the
 * low half only and from the others' in both, and the pointer that is no
 * label's (`label` N_LABELS), which differs from unit 0's in the low half
 * only: never followed, only compared. */
static const void *far_pointer(size_t label)
{
    const uintptr_t high = label == 3 ? 2 : label == N_LABELS ? 1 : label + 1;
    const uintptr_t low = label == 3 || label == N_LABELS ? 0x80 : 0x40;
    if (sizeof(uintptr_t) < 8)
        return label < N_LABELS ? (const void *) label_text[label] : not_a_label;
    return (const void *) (high << 16 << 16 | low); /* NOLINT(performance-no-int-to-ptr) */
}

/* test_system_units() with each column's units given by labels, as
 * pointers (`by_pointer`: 1 the strings', 2 far_pointer()) or codes, the
 * rows' units from unit_by_pair() (`by_block` 2) or unit_at_edges() (3):
 * rows whose pointer is no label's are counted as unmatched, once each. */
static void test_system_labels(const b2m_stage_system *system, int with_min,
                               int by_pointer, int by_block)
{
    static unit_rows d;
    static unit_report got, want;
    static const void *pointer[B2M_STAGE_MAX_COLUMNS][ROWS];
    static int code[B2M_STAGE_MAX_COLUMNS][ROWS];
    const void *label_pointer[N_LABELS];
    b2m_unit_labels labels;
    b2m_stage_units units[B2M_STAGE_MAX_COLUMNS];
    double min[B2M_STAGE_MAX_COLUMNS][N_UNITS], max[B2M_STAGE_MAX_COLUMNS][N_UNITS];
    b2m_column cols[B2M_STAGE_MAX_COLUMNS];
    size_t i, k, u, unmatched = 0, no_label = 0;
    for (u = 0; u < N_LABELS; u++)
        label_pointer[u] = by_pointer == 2 ? far_pointer(u) : label_text[u];
    label_pointer[N_LABELS - 1] = label_pointer[2]; /* listed again */
    labels.n = N_LABELS;
    labels.unit = label_unit;
    labels.first_code = by_pointer ? 0 : 1;
    labels.pointer = by_pointer ? label_pointer : NULL;
    labels.unmatched = by_pointer ? &unmatched : NULL;
    for (i = 0; i < ROWS; i++)
        make_row(system, with_min, by_block, &d, i);
    for (k = 0; k < system->n_columns; k++) {
        cols[k] = column_of(system, with_min, &d, k, min[k], max[k], &units[k]);
        if (has_units(system, k)) {
            label_rows(d.unit[k], label_pointer,
                       by_pointer == 2 ? far_pointer(N_LABELS) : not_a_label,
                       pointer[k], code[k]);
            for (i = 0; i < ROWS; i++)
                no_label += d.unit[k][i] == N_UNITS;
            cols[k] = b2m_column_with_unit_labels(cols[k], by_pointer ? NULL : code[k],
                                                  by_pointer ? pointer[k] : NULL,
                                                  &labels);
        }
        b2m_bad_rows_init(&got.bad[k]);
        b2m_bad_rows_init(&want.bad[k]);
    }
    stage_and_compare(system, with_min, units, cols, &d, &got, &want);
    CHECK(unmatched == (by_pointer ? no_label : 0));
}

/* A row's unit through its label (b2m_column_unit_of_row()): the first
 * entry of a label listed twice, none for a missing code, a code beyond
 * the labels or a label of no unit, and B2M_UNIT_UNMATCHED for a pointer
 * that is no label's. */
static void test_unit_of_row(void)
{
    const void *label_pointer[3] = {label_text[0], label_text[2], label_text[0]};
    const int unit[3] = {4, -1, 1};
    const void *rows[4] = {label_text[0], label_text[2], not_a_label, label_text[0]};
    const int codes[5] = {1, 2, 3, 4, B2M_NA_INT};
    const double value[5] = {1, 2, 3, 4, 5};
    b2m_unit_labels labels = {3, unit, 1, NULL, NULL};
    b2m_column col = b2m_column_with_unit_labels(b2m_column_real(value, 5), codes,
                                                 NULL, &labels);
    CHECK(b2m_column_unit_of_row(&col, 0) == 4);
    CHECK(b2m_column_unit_of_row(&col, 1) == -1);
    CHECK(b2m_column_unit_of_row(&col, 2) == 1);
    CHECK(b2m_column_unit_of_row(&col, 3) == -1);
    CHECK(b2m_column_unit_of_row(&col, 4) == -1);
    labels.first_code = 0;
    labels.pointer = label_pointer;
    col = b2m_column_with_unit_labels(b2m_column_real(value, 4), NULL, rows, &labels);
    CHECK(b2m_column_unit_of_row(&col, 0) == 4);
    CHECK(b2m_column_unit_of_row(&col, 1) == -1);
    CHECK(b2m_column_unit_of_row(&col, 2) == B2M_UNIT_UNMATCHED);
    col = b2m_column_from(col, 3);
    CHECK(b2m_column_unit_of_row(&col, 0) == 4);
}

/* Which units of ISS's B2M the plan converts into which (a block of rows
 * in two of them is then read in one): exactly where every threshold and
 * range end lands on the other unit's, mg/dL into mg/L, mg/L into ug/L,
 * never into a coarser unit (neighbouring values would merge) nor between
 * mg/L and nmol/L (whose factor rounds). */
static void test_conversions(void)
{
    static const b2m_scale b2m_units[4] = {{1, 1}, {1, 10}, {1000, 1}, {1e6, 11800}};
    const double max[4] = {200, 20, 200000, 200e6 / 11800};
    const b2m_stage_system *iss = b2m_stage_find("iss");
    b2m_stage_plan *plan = plan_for(iss);
    b2m_stage_units units[B2M_STAGE_MAX_COLUMNS];
    memset(units, 0, sizeof units);
    units[0].n = 4;
    units[0].scale = b2m_units;
    units[0].max_in_unit = max;
    units[1].n = 1;
    units[1].scale = b2m_units;
    units[1].max_in_unit = max;
    CHECK(b2m_stage_plan_make_units(iss, units, plan) == 0);
    CHECK(plan->converts[0][1][0] && plan->to_unit_m1[0][1][0] == 9);
    CHECK(plan->converts[0][0][2] && plan->converts[0][1][2]);
    CHECK(!plan->converts[0][0][1] && !plan->converts[0][2][0]);
    CHECK(!plan->converts[0][0][3] && !plan->converts[0][3][0]);
    CHECK(!plan->converts[0][0][0] && !plan->converts[1][0][0]);
    free(plan);
}

/* ISS with B2M in mg/L and mg/dL by labels (codes and pointers) beside a
 * recycled albumin: the blocks whose check converts mg/dL into mg/L (two
 * labels at random, the other at the first or the last row only), a block
 * naming a third label at its first or last row, and a short last block
 * give every row the stage it has alone in its own unit. */
static void test_converted_recycled(void)
{
#define RECYCLED_ROWS (6 * BLOCK_ROWS + 5)
    static const b2m_scale b2m_units[2] = {{1, 1}, {1, 10}};
    static const double max[2] = {200, 20}, albumin_max[1] = {10};
    static const double albumin[4] = {3.5, 3.4999, 3.6, NAN};
    static double value[RECYCLED_ROWS];
    static int code[RECYCLED_ROWS], stage[RECYCLED_ROWS];
    static const void *pointer[RECYCLED_ROWS];
    const void *label_pointer[3] = {label_text[0], label_text[2], label_text[6]};
    const int label_units[3] = {0, 1, -1};
    const double b2m_at[6] = {3.5, 5.5, nextafter(3.5, 0), nextafter(5.5, 9), 1, NAN};
    const b2m_stage_system *iss = b2m_stage_find("iss");
    b2m_stage_plan *plan = plan_for(iss), *alone = plan_for(iss);
    b2m_stage_units units[2] = {{2, b2m_units, NULL, max}, {1, b2m_units, NULL, albumin_max}};
    b2m_unit_labels labels = {3, label_units, 1, NULL, NULL};
    size_t a, i, by_pointer, unmatched = 0;
    for (i = 0; i < RECYCLED_ROWS; i++) {
        const size_t at = i % BLOCK_ROWS, block = i / BLOCK_ROWS;
        int label = (int) draw(2);
        if ((block == 1 && at == 0) || (block == 2 && at == BLOCK_ROWS - 1))
            label = 1;
        else if (block == 1 || block == 2)
            label = 0;
        else if ((block == 3 && at == 0) || (block == 4 && at == BLOCK_ROWS - 1))
            label = 2; /* no unit: a missing code or the label of none */
        value[i] = b2m_scale_threshold(b2m_at[draw(6)], b2m_units[label == 1]);
        code[i] = label == 2 && block == 3 ? B2M_NA_INT : label + 1;
        pointer[i] = label_pointer[label];
        if (label == 2)
            value[i] = NAN; /* a value without a unit is bad (elsewhere) */
    }
    CHECK(b2m_stage_plan_make_units(iss, units, plan) == 0);
    CHECK(plan->converts[0][1][0]);
    for (by_pointer = 0; by_pointer < 2; by_pointer++)
        for (a = 0; a < 4; a++) {
            b2m_column cols[2];
            b2m_bad_rows bad[2];
            labels.first_code = by_pointer ? 0 : 1;
            labels.pointer = by_pointer ? label_pointer : NULL;
            labels.unmatched = by_pointer ? &unmatched : NULL;
            cols[0] = b2m_column_with_unit_labels(
                b2m_column_real(value, RECYCLED_ROWS), by_pointer ? NULL : code,
                by_pointer ? (const void *) pointer : NULL, &labels);
            cols[1] = b2m_column_real(&albumin[a], 1);
            b2m_bad_rows_init(&bad[0]);
            b2m_bad_rows_init(&bad[1]);
            CHECK(b2m_stage_run(plan, RECYCLED_ROWS, cols, stage, NULL, bad) == 0);
            for (i = 0; i < RECYCLED_ROWS; i++) {
                const int unit = code[i] == 2 ? 1 : 0;
                const b2m_scale scales[2] = {b2m_units[unit], b2m_units[0]};
                const double maxima[2] = {max[unit], albumin_max[0]};
                b2m_column one[2];
                int want;
                CHECK(b2m_stage_plan_make(iss, scales, maxima, alone) == 0);
                one[0] = b2m_column_real(&value[i], ONE_ROW);
                one[1] = b2m_column_real(&albumin[a], 1);
                b2m_stage_run(alone, 1, one, &want, NULL, bad);
                CHECK(stage[i] == want);
            }
        }
    CHECK(unmatched == 0);
    free(plan);
    free(alone);
#undef RECYCLED_ROWS
}

/* A plan is refused for a unit beyond the limit, units for a column that
 * has none, and no unit at all. */
static void test_units_refused(void)
{
    const b2m_stage_system *system = b2m_stage_systems[0];
    b2m_stage_plan *plan = plan_for(system);
    b2m_stage_units units[B2M_STAGE_MAX_COLUMNS];
    double max[B2M_STAGE_MAX_UNITS + 1];
    b2m_scale scales[B2M_STAGE_MAX_UNITS + 1];
    size_t k;
    for (k = 0; k <= B2M_STAGE_MAX_UNITS; k++) {
        max[k] = 1e9;
        scales[k] = unit_scale[0];
    }
    for (k = 0; k < system->n_columns; k++) {
        units[k].n = 1;
        units[k].scale = scales;
        units[k].min_in_unit = NULL;
        units[k].max_in_unit = max;
    }
    CHECK(b2m_stage_plan_make_units(system, units, plan) == 0);
    units[0].n = B2M_STAGE_MAX_UNITS + 1;
    CHECK(b2m_stage_plan_make_units(system, units, plan) == -1);
    units[0].n = 0;
    CHECK(b2m_stage_plan_make_units(system, units, plan) == -1);
    units[0].n = 1;
    for (k = 0; k < system->n_columns; k++)
        if (!has_units(system, k)) {
            units[k].n = 2;
            CHECK(b2m_stage_plan_make_units(system, units, plan) == -1);
            units[k].n = 1;
        }
    free(plan);
}

void test_staging_units(void)
{
    size_t s;
    for (s = 0; s < b2m_stage_n_systems; s++) {
        test_system_units(b2m_stage_systems[s], 0, 0);
        test_system_units(b2m_stage_systems[s], 1, 0);
        test_system_units(b2m_stage_systems[s], 0, 1);
        test_system_units(b2m_stage_systems[s], 1, 1);
        test_system_labels(b2m_stage_systems[s], 0, 1, 2);
        test_system_labels(b2m_stage_systems[s], 1, 1, 2);
        test_system_labels(b2m_stage_systems[s], 0, 0, 2);
        test_system_labels(b2m_stage_systems[s], 1, 0, 2);
        test_system_labels(b2m_stage_systems[s], 0, 2, 2);
        test_system_labels(b2m_stage_systems[s], 0, 1, 3);
        test_system_labels(b2m_stage_systems[s], 1, 0, 3);
        test_system_labels(b2m_stage_systems[s], 0, 0, 3);
        test_system_labels(b2m_stage_systems[s], 0, 2, 3);
    }
    test_unit_of_row();
    test_conversions();
    test_converted_recycled();
    test_units_refused();
}
