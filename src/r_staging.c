/* r_staging.c - glue for staging.c: one entry point serves every system. */
#include <string.h>
#include "r_glue.h"

static const b2m_stage_system *system_named(SEXP name)
{
    const b2m_stage_system *system;
    if (TYPEOF(name) != STRSXP || XLENGTH(name) != 1)
        Rf_error("b2m internal error: a staging system is named by one string");
    system = b2m_stage_find(CHAR(STRING_ELT(name, 0)));
    if (system == NULL)
        Rf_error("b2m internal error: no staging system \"%s\"",
                 CHAR(STRING_ELT(name, 0)));
    return system;
}

/* The names of the system's groups, in order: the stage's levels. */
static SEXP levels_of(const b2m_stage_system *system)
{
    SEXP out = PROTECT(Rf_allocVector(STRSXP, (R_xlen_t) system->n_groups));
    size_t g;
    for (g = 0; g < system->n_groups; g++)
        SET_STRING_ELT(out, (R_xlen_t) g, Rf_mkChar(system->groups[g].name));
    UNPROTECT(1);
    return out;
}

/* How r_stage() stages a call: read_input() turns each input into a core
 * column (a coded column into a small buffer refilled a chunk at a time),
 * the plan is compiled once for the inputs' units, stage_chunk() runs it
 * over each chunk, and the stages become an ordered factor (or the scores
 * stay doubles) unless a value was bad. */
typedef struct {
    const b2m_stage_system *system;
    b2m_stage_plan *plan;
    b2m_column cols[B2M_STAGE_MAX_COLUMNS];
    r_coded coded[B2M_STAGE_MAX_COLUMNS];
    int *buffer[B2M_STAGE_MAX_COLUMNS]; /* NULL unless the column is coded */
    /* a column with a unit per row: the labels of its units, which the
     * core reads from the column's codes or strings themselves (b2m_column,
     * also for gathered rows), and the units' scales and plausible ranges
     * (b2m_stage_units) */
    b2m_unit_labels unit_labels[B2M_STAGE_MAX_COLUMNS];
    b2m_stage_units units[B2M_STAGE_MAX_COLUMNS];
    b2m_scale scale[B2M_STAGE_MAX_COLUMNS][B2M_STAGE_MAX_UNITS];
    double min_in_unit[B2M_STAGE_MAX_COLUMNS][B2M_STAGE_MAX_UNITS];
    double max_in_unit[B2M_STAGE_MAX_COLUMNS][B2M_STAGE_MAX_UNITS];
    b2m_bad_rows bad[B2M_STAGE_MAX_COLUMNS];
    size_t unmatched; /* rows whose unit is none of the labels R gave */
    int *stage;   /* one of stage and score is NULL */
    double *score;
    b2m_stage_report report; /* its outputs NULL, or n rows per column */
    size_t n;
} stage_call;

/* The labels of a unit column for the core, from its coded column
 * list(x, labels, values): a factor's levels by code, or a character
 * vector's labels by their CHARSXP pointers (the cache makes equal strings
 * one pointer); values are 0-based units.  A string that is none of the
 * labels counts in *unmatched.  Returns the column x. */
static SEXP read_unit_labels(b2m_unit_labels *out, SEXP units, size_t *unmatched)
{
    SEXP x, labels, values;
    if (TYPEOF(units) != VECSXP || XLENGTH(units) != 3)
        Rf_error("b2m internal error: a coded column is list(x, labels, values)");
    x = VECTOR_ELT(units, 0);
    labels = VECTOR_ELT(units, 1);
    values = VECTOR_ELT(units, 2);
    if (TYPEOF(values) != INTSXP || (TYPEOF(x) == STRSXP &&
        (TYPEOF(labels) != STRSXP || XLENGTH(labels) != XLENGTH(values))))
        Rf_error("b2m internal error: bad coded column");
    out->n = (size_t) XLENGTH(values);
    out->unit = INTEGER_RO(values);
    out->first_code = 1;
    out->pointer = NULL;
    out->unmatched = NULL;
    if (TYPEOF(x) == STRSXP) {
        const void **pointer = (const void **) R_alloc(out->n > 0 ? out->n : 1,
                                                       sizeof *pointer);
        size_t j;
        for (j = 0; j < out->n; j++)
            pointer[j] = (const void *) STRING_ELT(labels, (R_xlen_t) j);
        out->first_code = 0;
        out->pointer = pointer;
        out->unmatched = unmatched;
    } else if (TYPEOF(x) != INTSXP) {
        Rf_error("b2m internal error: a unit per row is character or factor");
    }
    return x;
}

/* The units of column k when its input gives one per row: `units`, the
 * coded column of each row's unit (0-based among the quantity's units), and
 * each unit's scale (`unit_num`, `unit_den`) and plausible range
 * (`unit_min`, `unit_max`).  Otherwise the column's one unit, as read.
 * Returns the column of each row's unit, or R_NilValue for one unit. */
static SEXP read_units(stage_call *c, size_t k, SEXP input, b2m_scale unit,
                       double min_in_unit, double max_in_unit)
{
    static const char *const fields[] = {"unit_num", "unit_den", "unit_min",
                                         "unit_max"};
    SEXP units = r_field(input, "units"), field[4];
    size_t f, u, n;
    b2m_stage_units *own = &c->units[k];
    own->n = 1;
    c->scale[k][0] = unit;
    c->min_in_unit[k][0] = min_in_unit;
    c->max_in_unit[k][0] = max_in_unit;
    own->scale = c->scale[k];
    own->min_in_unit = c->min_in_unit[k];
    own->max_in_unit = c->max_in_unit[k];
    if (units == R_NilValue)
        return R_NilValue;
    for (f = 0; f < 4; f++)
        field[f] = r_field(input, fields[f]);
    n = (size_t) XLENGTH(field[0]);
    for (f = 0; f < 4; f++)
        if (TYPEOF(field[f]) != REALSXP || (size_t) XLENGTH(field[f]) != n ||
            n < 1 || n > B2M_STAGE_MAX_UNITS)
            Rf_error("b2m internal error: bad units per row of %s", c->system->name);
    for (u = 0; u < n; u++) {
        c->scale[k][u].num = REAL_RO(field[0])[u];
        c->scale[k][u].den = REAL_RO(field[1])[u];
        c->min_in_unit[k][u] = REAL_RO(field[2])[u];
        c->max_in_unit[k][u] = REAL_RO(field[3])[u];
    }
    own->n = n;
    return read_unit_labels(&c->unit_labels[k], units, &c->unmatched);
}

/* Column k from its input list(value, num, den, max_in_unit) or list(coded,
 * num, den, max_in_unit), with min_in_unit for a quantity that has a
 * smallest plausible value, censor and bound for censored results and the
 * fields of read_units() for a unit per row, named as the system's column.
 * Returns its length; sets *coded when it is read through labels (into a
 * buffer, a chunk at a time; a unit per row the core reads itself). */
static size_t read_input(stage_call *c, size_t k, SEXP input, SEXP name,
                         int *coded)
{
    b2m_scale unit;
    double min_in_unit, max_in_unit;
    const b2m_stage_column *column = &c->system->columns[k];
    SEXP x = r_field(input, "coded"), units;
    if (name == R_NilValue || strcmp(CHAR(name), column->name) != 0)
        Rf_error("b2m internal error: column %d of %s must be `%s`", (int) k + 1,
                 c->system->name, column->name);
    c->buffer[k] = NULL;
    *coded = x != R_NilValue;
    if (*coded) {
        r_coded_init(&c->coded[k], x);
        x = c->coded[k].x;
        c->buffer[k] = (int *) R_alloc(B2M_CODED_CHUNK, sizeof(int));
        c->cols[k] = b2m_column_integer(c->buffer[k], B2M_CODED_CHUNK);
    } else {
        x = r_field(input, "value");
        c->cols[k] = r_censored_column(input, x, c->system->name);
    }
    r_unit_read(input, c->system->name, &unit, &min_in_unit, &max_in_unit);
    units = read_units(c, k, input, unit, min_in_unit, max_in_unit);
    if (units != R_NilValue) {
        /* the units are read with the values' stride */
        if (*coded || c->cols[k].stride == 0 || XLENGTH(units) != XLENGTH(x))
            Rf_error("b2m internal error: units per row of %s", c->system->name);
        c->cols[k] = b2m_column_with_unit_labels(
            c->cols[k], TYPEOF(units) == INTSXP ? INTEGER_RO(units) : NULL,
            /* read-only: the pointers of R's cached strings, never written */
            TYPEOF(units) == STRSXP ? (const void *) STRING_PTR_RO(units) : NULL,
            &c->unit_labels[k]);
    }
    b2m_bad_rows_init(&c->bad[k]);
    return (size_t) XLENGTH(x);
}

static void stage_chunk(void *ctx, size_t start, size_t len)
{
    stage_call *c = (stage_call *) ctx;
    b2m_column chunk[B2M_STAGE_MAX_COLUMNS];
    b2m_stage_report report = c->report;
    size_t k;
    if (c->unmatched > 0)
        return; /* R stages the call again, with its unit columns' labels */
    /* the chunk's rows of each output */
    for (k = 0; report.with_criteria && k < c->system->n_criteria; k++)
        report.criteria[k] += start;
    if (report.open_inputs != NULL)
        report.open_inputs += start;
    if (report.deciding != NULL)
        report.deciding += start;
    for (k = 0; k < report.n_conditions; k++)
        report.conditions[k] += start;
    for (k = 0; k < c->system->n_columns; k++) {
        if (c->buffer[k] != NULL) {
            r_coded_fill(&c->coded[k], start, len, c->buffer[k]);
            chunk[k] = c->cols[k];
        } else {
            chunk[k] = b2m_column_from(c->cols[k], start);
        }
    }
    r_bad_rows_offset(c->bad, c->system->n_columns, start);
    b2m_stage_run_report(c->plan, len, chunk,
                         c->stage == NULL ? NULL : c->stage + start,
                         c->score == NULL ? NULL : c->score + start,
                         &report, c->bad);
}

/* The stages `out` (protected) as an ordered factor of the system's groups. */
static void as_stage_factor(SEXP out, const b2m_stage_system *system)
{
    SEXP class = PROTECT(Rf_allocVector(STRSXP, 2));
    SET_STRING_ELT(class, 0, Rf_mkChar("ordered"));
    SET_STRING_ELT(class, 1, Rf_mkChar("factor"));
    /* The levels are protected while setAttrib() allocates their cell. */
    Rf_setAttrib(out, R_LevelsSymbol, PROTECT(levels_of(system)));
    Rf_classgets(out, class);
    UNPROTECT(2);
}

/* The rows a call stages: every row (`codes` NULL), or those whose code is
 * one of `staged` (r_stage_where(): a diagnosis's factor codes, NA_INTEGER
 * included when the rows without one are staged). */
typedef struct {
    const int *codes;
    const int *staged;
    size_t n_staged;
} row_filter;

static int is_staged(const row_filter *f, size_t i)
{
    size_t k;
    for (k = 0; k < f->n_staged; k++)
        if (f->codes[i] == f->staged[k])
            return 1;
    return 0;
}

/* Rows gathered at a time when only some rows are staged: enough for the
 * loops to run long (a quarter of a coded chunk, whose buffer it uses),
 * few enough that the buffers of a call stay small beside its result. */
#define GATHER_CHUNK (B2M_CODED_CHUNK / 4)

/* The staged rows' values of column k, gathered into `real` or `integer`
 * (GATHER_CHUNK each), with their units' labels as the core reads them
 * (a factor's codes or a character vector's pointers) when the column has
 * a unit per row; a recycled length-1 column is read as it is. */
typedef struct {
    double *real[B2M_STAGE_MAX_COLUMNS];
    int *integer[B2M_STAGE_MAX_COLUMNS];
    int *censor[B2M_STAGE_MAX_COLUMNS]; /* NULL unless censored */
    double *bound[B2M_STAGE_MAX_COLUMNS];
    int *unit_code[B2M_STAGE_MAX_COLUMNS]; /* NULL unless coded units */
    const void **unit_pointer[B2M_STAGE_MAX_COLUMNS]; /* NULL unless strings */
} gather_buffers;

static void gather_init(const stage_call *c, gather_buffers *g)
{
    size_t k;
    for (k = 0; k < c->system->n_columns; k++) {
        g->real[k] = NULL;
        g->integer[k] = NULL;
        g->censor[k] = NULL;
        g->bound[k] = NULL;
        g->unit_code[k] = NULL;
        g->unit_pointer[k] = NULL;
        if (c->buffer[k] != NULL || c->cols[k].stride == 0)
            continue;
        if (c->cols[k].unit_pointer != NULL)
            g->unit_pointer[k] = (const void **) R_alloc(GATHER_CHUNK,
                                                         sizeof(const void *));
        else if (c->cols[k].unit_labels != NULL)
            g->unit_code[k] = (int *) R_alloc(GATHER_CHUNK, sizeof(int));
        if (c->cols[k].censor != NULL) {
            g->censor[k] = (int *) R_alloc(GATHER_CHUNK, sizeof(int));
            /* cppcheck-suppress invalidPointerCast */
            g->bound[k] = (double *) R_alloc(GATHER_CHUNK, sizeof(double));
        }
        /* R_alloc's memory is aligned for any type. */
        if (c->cols[k].real != NULL)
            /* cppcheck-suppress invalidPointerCast */
            g->real[k] = (double *) R_alloc(GATHER_CHUNK, sizeof(double));
        else
            g->integer[k] = (int *) R_alloc(GATHER_CHUNK, sizeof(int));
    }
}

static b2m_column gather_column(stage_call *c, const gather_buffers *g, size_t k,
                                const size_t *rows, size_t len)
{
    size_t j;
    if (c->buffer[k] != NULL) {
        for (j = 0; j < len; j++)
            r_coded_fill(&c->coded[k], rows[j], 1, c->buffer[k] + j);
        return b2m_column_integer(c->buffer[k], GATHER_CHUNK);
    }
    if (g->censor[k] != NULL) {
        for (j = 0; j < len; j++) {
            g->real[k][j] = c->cols[k].real[rows[j]];
            g->censor[k][j] = c->cols[k].censor[rows[j]];
            g->bound[k][j] = c->cols[k].bound[rows[j]];
        }
        return b2m_column_censored(b2m_column_real(g->real[k], GATHER_CHUNK),
                                   g->censor[k], g->bound[k]);
    }
    if (g->real[k] != NULL) {
        for (j = 0; j < len; j++)
            g->real[k][j] = c->cols[k].real[rows[j]];
        return b2m_column_real(g->real[k], GATHER_CHUNK);
    }
    if (g->integer[k] != NULL) {
        for (j = 0; j < len; j++)
            g->integer[k][j] = c->cols[k].integer[rows[j]];
        return b2m_column_integer(g->integer[k], GATHER_CHUNK);
    }
    return c->cols[k]; /* recycled */
}

/* gather_column() with the units of the staged rows when column k has one
 * per row: their labels, read by the core as it reads a whole column's (a
 * string that is none of them counts in c->unmatched there). */
static b2m_column gather_with_units(stage_call *c, const gather_buffers *g,
                                    size_t k, const size_t *rows, size_t len)
{
    b2m_column col = gather_column(c, g, k, rows, len);
    const b2m_column *whole = &c->cols[k];
    size_t j;
    if (g->unit_pointer[k] != NULL) {
        /* the strings read_input() gave the core */
        const SEXP *strings = (const SEXP *) whole->unit_pointer;
        for (j = 0; j < len; j++)
            g->unit_pointer[k][j] = (const void *) strings[rows[j]];
        return b2m_column_with_unit_labels(col, NULL, g->unit_pointer[k],
                                           whole->unit_labels);
    }
    if (g->unit_code[k] != NULL) {
        for (j = 0; j < len; j++)
            g->unit_code[k][j] = whole->unit[rows[j]];
        return b2m_column_with_unit_labels(col, g->unit_code[k], NULL,
                                           whole->unit_labels);
    }
    return col;
}

/* Stages the rows `f` selects of n, a chunk of them at a time gathered into
 * small buffers, and writes each stage or score to its row of `out` (the
 * others stay missing); bad values are recorded with their rows of the
 * data; `c` writes to the whole result. */
static void stage_where(stage_call *c, const row_filter *f, size_t n)
{
    size_t *rows = (size_t *) R_alloc(GATHER_CHUNK, sizeof(size_t));
    int *stage = c->stage == NULL ? NULL : (int *) R_alloc(GATHER_CHUNK, sizeof(int));
    /* R_alloc's memory is aligned for any type. */
    /* cppcheck-suppress invalidPointerCast */
    double *score = c->score == NULL ? NULL : (double *) R_alloc(GATHER_CHUNK, sizeof(double));
    size_t before[B2M_STAGE_MAX_COLUMNS], i = 0, j, k, nc = c->system->n_columns;
    b2m_column chunk[B2M_STAGE_MAX_COLUMNS];
    b2m_stage_report report;
    gather_buffers g;

    gather_init(c, &g);
    memset(&report, 0, sizeof report);
    if (c->report.deciding != NULL)
        report.deciding = (int *) R_alloc(GATHER_CHUNK, sizeof(int));
    for (i = 0; i < n; i++) {
        if (c->stage != NULL)
            c->stage[i] = NA_INTEGER;
        if (c->score != NULL)
            c->score[i] = NA_REAL;
        if (c->report.deciding != NULL)
            c->report.deciding[i] = 0;
    }
    i = 0;
    /* stopped at a unit R did not expect: R stages the call again */
    while (i < n && c->unmatched == 0) {
        size_t len = 0;
        for (; i < n && len < GATHER_CHUNK; i++)
            if (is_staged(f, i))
                rows[len++] = i;
        if (len == 0)
            break;
        for (k = 0; k < nc; k++) {
            chunk[k] = gather_with_units(c, &g, k, rows, len);
            before[k] = c->bad[k].count;
        }
        r_bad_rows_offset(c->bad, nc, 0);
        b2m_stage_run_report(c->plan, len, chunk, stage, score, &report, c->bad);
        /* a bad value's row in the chunk as its row of the data */
        for (k = 0; k < nc; k++)
            if (c->cols[k].stride != 0 || c->buffer[k] != NULL)
                for (j = before[k]; j < c->bad[k].count && j < B2M_MAX_REPORTED; j++)
                    c->bad[k].rows[j] = rows[c->bad[k].rows[j]];
        for (j = 0; j < len; j++) {
            if (stage != NULL && c->stage != NULL)
                c->stage[rows[j]] = stage[j];
            if (score != NULL && c->score != NULL)
                c->score[rows[j]] = score[j];
            if (report.deciding != NULL)
                c->report.deciding[rows[j]] = report.deciding[j];
        }
        R_CheckUserInterrupt();
    }
}

/* A list of one logical column of n rows per criterion, named by its
 * label, written by `report`; protected once by the caller. */
static SEXP criteria_columns(const b2m_stage_system *system, size_t n,
                             b2m_stage_report *report)
{
    SEXP out = PROTECT(Rf_allocVector(VECSXP, (R_xlen_t) system->n_criteria));
    SEXP labels = PROTECT(Rf_allocVector(STRSXP, (R_xlen_t) system->n_criteria));
    size_t c;
    for (c = 0; c < system->n_criteria; c++) {
        SET_VECTOR_ELT(out, (R_xlen_t) c, Rf_allocVector(LGLSXP, (R_xlen_t) n));
        report->criteria[c] = LOGICAL(VECTOR_ELT(out, (R_xlen_t) c));
        SET_STRING_ELT(labels, (R_xlen_t) c, Rf_mkCharCE(system->criteria[c].label,
                                                         CE_UTF8));
    }
    report->with_criteria = 1;
    Rf_setAttrib(out, R_NamesSymbol, labels);
    UNPROTECT(2);
    return out;
}

/* The number of conditions of `system`, over its criteria and clauses. */
static size_t conditions_of(const b2m_stage_system *system)
{
    size_t c, k, n = 0;
    for (c = 0; c < system->n_criteria; c++)
        for (k = 0; k < system->criteria[c].n_all; k++)
            n += system->criteria[c].all[k].n_any;
    return n;
}

/* The states of the conditions `conditions` asks for (NULL, or integer
 * 1-based indices in criterion, clause and condition order): a list of one
 * integer column of n rows each, written by `report`; protected once by the
 * caller. */
static SEXP condition_columns(const b2m_stage_system *system, SEXP conditions,
                              size_t n, b2m_stage_report *report)
{
    SEXP out;
    size_t k, n_asked;
    if (conditions == R_NilValue)
        return R_NilValue;
    n_asked = (size_t) XLENGTH(conditions);
    if (TYPEOF(conditions) != INTSXP || n_asked > B2M_STAGE_MAX_CONDITIONS)
        Rf_error("b2m internal error: conditions are given by integer indices");
    for (k = 0; k < n_asked; k++) {
        int i = INTEGER_RO(conditions)[k];
        if (i == NA_INTEGER || i < 1 || (size_t) i > conditions_of(system))
            Rf_error("b2m internal error: %s has no condition %d", system->name, i);
        report->condition[k] = i - 1;
    }
    out = PROTECT(Rf_allocVector(VECSXP, (R_xlen_t) n_asked));
    for (k = 0; k < n_asked; k++) {
        SET_VECTOR_ELT(out, (R_xlen_t) k, Rf_allocVector(INTSXP, (R_xlen_t) n));
        report->conditions[k] = INTEGER(VECTOR_ELT(out, (R_xlen_t) k));
    }
    report->n_conditions = n_asked;
    UNPROTECT(1);
    return out;
}

/* The outputs of a report besides the stages, allocated as asked and held
 * in `held` (protected by the caller): the criteria, the open inputs (with
 * the criteria), the conditions' states and the deciding conditions. */
static void report_alloc(stage_call *c, int want_criteria, SEXP conditions,
                         int want_deciding, SEXP held)
{
    if (want_criteria) {
        SET_VECTOR_ELT(held, 0, criteria_columns(c->system, c->n, &c->report));
        SET_VECTOR_ELT(held, 1, Rf_allocVector(INTSXP, (R_xlen_t) c->n));
        c->report.open_inputs = INTEGER(VECTOR_ELT(held, 1));
    }
    SET_VECTOR_ELT(held, 2, condition_columns(c->system, conditions, c->n,
                                              &c->report));
    if (want_deciding) {
        SET_VECTOR_ELT(held, 3, Rf_allocVector(INTSXP, (R_xlen_t) c->n));
        c->report.deciding = INTEGER(VECTOR_ELT(held, 3));
    }
}

/* A logical argument of length 1 that is TRUE. */
static int is_true(SEXP x, const b2m_stage_system *system)
{
    if (TYPEOF(x) != LGLSXP || XLENGTH(x) != 1)
        Rf_error("b2m internal error: bad arguments for staging system %s",
                 system->name);
    return LOGICAL_RO(x)[0] == 1;
}

/* `inputs` is a list named exactly as the system's columns, in order, of
 * the R functions' inputs: list(value, num, den, max_in_unit, ...), with
 * `coded` = list(x, labels, values) for a column read through its labels
 * and `units` for a unit per row (read_units()).
 * Returns the stages (an ordered factor with every group as a level) or the
 * scores (double), or the bad-values record, or the string "unmatched
 * units" when a unit column holds a label its `units` did not list.  With `want_criteria` TRUE the
 * stages carry the attribute "criteria": a list of logical columns, one per
 * criterion, TRUE / FALSE / NA (undetermined by the missing inputs), and
 * "open_inputs": per row, the bit mask of the open inputs (see
 * b2m_stage_report).  With `conditions` (integer 1-based indices of the
 * system's conditions, or NULL) they carry "conditions": a list of those
 * conditions' states, an integer column each.  With `want_deciding` TRUE
 * they carry "deciding": per row, the bits of the conditions that hold in
 * the criteria it meets (see b2m_stage_report).  R has
 * checked that the lengths are all 1 or n (check_sizes(), as in every
 * domain); with a filter, n is the length of its codes and only the
 * deciding conditions are kept. */
static SEXP stage_call_run(SEXP name, SEXP inputs, SEXP want_score,
                           SEXP want_criteria, SEXP conditions,
                           SEXP want_deciding, const row_filter *f,
                           size_t n_filter)
{
    static const char *const reported[] = {"criteria", "open_inputs", "conditions",
                                           "deciding"};
    stage_call c;
    size_t length[B2M_STAGE_MAX_COLUMNS], chunk_rows = B2M_CHUNK, k, n = 1;
    SEXP names, out, result, held;
    int score, criteria, deciding, coded;

    c.system = system_named(name);
    if (TYPEOF(inputs) != VECSXP ||
        (size_t) XLENGTH(inputs) != c.system->n_columns)
        Rf_error("b2m internal error: bad arguments for staging system %s",
                 c.system->name);
    score = is_true(want_score, c.system);
    criteria = is_true(want_criteria, c.system);
    deciding = is_true(want_deciding, c.system);
    /* A list's names are its attribute, held by `inputs` (R_alloc below may
     * collect); only a pairlist's would be a fresh, unprotected vector. */
    names = Rf_getAttrib(inputs, R_NamesSymbol);
    for (k = 0; k < c.system->n_columns; k++) {
        length[k] = read_input(&c, k, VECTOR_ELT(inputs, (R_xlen_t) k),
                               names == R_NilValue ? R_NilValue
                                                   : STRING_ELT(names, (R_xlen_t) k),
                               &coded);
        if (coded)
            chunk_rows = B2M_CODED_CHUNK;
        if (length[k] != 1 && n == 1)
            n = length[k];
    }
    if (f != NULL)
        n = n_filter;
    /* Only length-1 arguments are recycled (R has said which are not). */
    for (k = 0; k < c.system->n_columns; k++)
        if (length[k] != 1 && length[k] != n)
            Rf_error("b2m internal error: the inputs of %s differ in length",
                     c.system->name);

    /* R_alloc() takes an int element size; a plan takes at most ~400 kB
     * (a system at the core's limits) */
    c.plan = (b2m_stage_plan *) R_alloc(1, (int) b2m_stage_plan_size(c.system));
    if (b2m_stage_plan_make_units(c.system, c.units, c.plan) != 0)
        Rf_error("b2m internal error: staging system %s exceeds the core's limits, "
                 "or two of its thresholds meet in one of the units given",
                 c.system->name);
    out = PROTECT(Rf_allocVector(score ? REALSXP : INTSXP, (R_xlen_t) n));
    c.stage = score ? NULL : INTEGER(out);
    c.score = score ? REAL(out) : NULL;
    c.n = n;
    c.unmatched = 0;
    memset(&c.report, 0, sizeof c.report);
    held = PROTECT(Rf_allocVector(VECSXP, 4));
    if (!score)
        report_alloc(&c, criteria && f == NULL,
                     f == NULL ? conditions : R_NilValue, deciding, held);
    if (f == NULL)
        r_run_chunks(n, chunk_rows, stage_chunk, &c);
    else
        stage_where(&c, f, n);
    /* a unit R did not expect: R reads the unit columns' labels, again */
    if (c.unmatched > 0) {
        UNPROTECT(2);
        return Rf_mkString("unmatched units");
    }
    result = r_result(out, c.bad, c.system->n_columns, NULL);
    if (result == out && !score) {
        as_stage_factor(out, c.system);
        for (k = 0; k < 4; k++)
            if (VECTOR_ELT(held, (R_xlen_t) k) != R_NilValue)
                Rf_setAttrib(out, Rf_install(reported[k]), VECTOR_ELT(held, (R_xlen_t) k));
    }
    UNPROTECT(2);
    return result;
}

SEXP r_stage(SEXP name, SEXP inputs, SEXP want_score, SEXP want_criteria,
             SEXP conditions, SEXP want_deciding)
{
    return stage_call_run(name, inputs, want_score, want_criteria, conditions,
                          want_deciding, NULL, 0);
}

/* r_stage() for the rows whose `codes` (integer, a factor's codes) are one
 * of `staged` (integer, NA for the rows without a code): the result has one
 * element per code, missing in the rows not staged, and the inputs are read
 * in the staged rows only (so their values there alone can be bad). */
SEXP r_stage_where(SEXP name, SEXP inputs, SEXP want_score, SEXP want_deciding,
                   SEXP codes, SEXP staged)
{
    row_filter f;
    SEXP no_criteria;
    SEXP result;
    if (TYPEOF(codes) != INTSXP || TYPEOF(staged) != INTSXP)
        Rf_error("b2m internal error: staged rows are given by integer codes");
    f.codes = INTEGER_RO(codes);
    f.staged = INTEGER_RO(staged);
    f.n_staged = (size_t) XLENGTH(staged);
    no_criteria = PROTECT(Rf_ScalarLogical(0));
    result = stage_call_run(name, inputs, want_score, no_criteria, R_NilValue,
                            want_deciding, &f, (size_t) XLENGTH(codes));
    UNPROTECT(1);
    return result;
}

/* ---- the rule table, for staging_systems() and the tables built on it ----
 * r_stage_tables() returns list(systems, inputs, criteria, groups, outcomes),
 * each a named list of columns (a data frame's body); rows refer to their
 * system by its key.  This is the one way R reads rules.c. */

static SEXP text(const char *s)
{
    return s == NULL ? NA_STRING : Rf_mkCharCE(s, CE_UTF8);
}

/* A named list of `n_fields` columns of `rows` rows. */
static SEXP new_table(const char *const *fields, const SEXPTYPE *types,
                      size_t n_fields, size_t rows)
{
    SEXP out = PROTECT(Rf_allocVector(VECSXP, (R_xlen_t) n_fields));
    SEXP names = PROTECT(Rf_allocVector(STRSXP, (R_xlen_t) n_fields));
    size_t k;
    for (k = 0; k < n_fields; k++) {
        SET_VECTOR_ELT(out, (R_xlen_t) k, Rf_allocVector(types[k], (R_xlen_t) rows));
        SET_STRING_ELT(names, (R_xlen_t) k, Rf_mkChar(fields[k]));
    }
    Rf_setAttrib(out, R_NamesSymbol, names);
    UNPROTECT(2);
    return out;
}

#define N_FIELDS(types) (sizeof(types) / sizeof((types)[0]))

/* Cell setters: column `k` of table `t`, row `i`. */
static void set_text(SEXP t, int k, R_xlen_t i, const char *s)
{
    SET_STRING_ELT(VECTOR_ELT(t, k), i, text(s));
}
static void set_real(SEXP t, int k, R_xlen_t i, double x)
{
    REAL(VECTOR_ELT(t, k))[i] = x;
}
static void set_int(SEXP t, int k, R_xlen_t i, int x)
{
    INTEGER(VECTOR_ELT(t, k))[i] = x;
}

/* One row per system: its identity, its publication, whether it scores. */
static SEXP systems_table(void)
{
    static const char *const fields[] = {
        "system", "name", "long_name", "disease", "prefix", "has_score",
        "points_encode_rule", "publication", "authors", "title", "journal",
        "year", "volume", "issue", "pages", "doi", "outcomes_note"};
    static const SEXPTYPE types[] = {
        STRSXP, STRSXP, STRSXP, STRSXP, STRSXP, LGLSXP, LGLSXP, STRSXP,
        STRSXP, STRSXP, STRSXP, INTSXP, INTSXP, INTSXP, STRSXP, STRSXP,
        STRSXP};
    SEXP out = PROTECT(new_table(fields, types, N_FIELDS(types), b2m_stage_n_systems));
    size_t s;
    for (s = 0; s < b2m_stage_n_systems; s++) {
        const b2m_stage_system *system = b2m_stage_systems[s];
        const b2m_citation *cite = &system->citation;
        R_xlen_t i = (R_xlen_t) s;
        set_text(out, 0, i, system->key);
        set_text(out, 1, i, system->name);
        set_text(out, 2, i, system->long_name);
        set_text(out, 3, i, system->disease);
        set_text(out, 4, i, system->prefix != NULL ? system->prefix : "stage");
        LOGICAL(VECTOR_ELT(out, 5))[i] = system->has_score != 0;
        LOGICAL(VECTOR_ELT(out, 6))[i] = system->points_encode_rule != 0;
        set_text(out, 7, i, cite->key);
        set_text(out, 8, i, cite->authors);
        set_text(out, 9, i, cite->title);
        set_text(out, 10, i, cite->journal);
        set_int(out, 11, i, cite->year);
        set_int(out, 12, i, cite->volume);
        set_int(out, 13, i, cite->issue > 0 ? cite->issue : NA_INTEGER);
        set_text(out, 14, i, cite->pages);
        set_text(out, 15, i, cite->doi);
        set_text(out, 16, i, system->outcomes_note);
    }
    UNPROTECT(1);
    return out;
}

static const char *const kind_text[] = {"value", "limit", "age", "flag", "level"};

/* One row per input of each system, in argument order. */
static SEXP inputs_table(void)
{
    static const char *const fields[] = {"system", "input", "kind", "unit",
                                         "quantity", "unit_arg", "coding"};
    static const SEXPTYPE types[] = {STRSXP, STRSXP, STRSXP, STRSXP, STRSXP,
                                     STRSXP, STRSXP};
    size_t s, k, rows = 0, at = 0;
    SEXP out;
    for (s = 0; s < b2m_stage_n_systems; s++)
        rows += b2m_stage_systems[s]->n_columns;
    out = PROTECT(new_table(fields, types, N_FIELDS(types), rows));
    for (s = 0; s < b2m_stage_n_systems; s++) {
        const b2m_stage_system *system = b2m_stage_systems[s];
        for (k = 0; k < system->n_columns; k++, at++) {
            const b2m_stage_column *col = &system->columns[k];
            R_xlen_t i = (R_xlen_t) at;
            set_text(out, 0, i, system->key);
            set_text(out, 1, i, col->name);
            set_text(out, 2, i, kind_text[col->kind]);
            set_text(out, 3, i, col->unit);
            set_text(out, 4, i, col->quantity);
            set_text(out, 5, i, col->unit_arg);
            set_text(out, 6, i, col->coding);
        }
    }
    UNPROTECT(1);
    return out;
}

static const char *const op_text[] = {"<", "<=", ">", ">=", "is TRUE"};

/* The conditions of a criterion, over all its clauses. */
static size_t n_conditions(const b2m_stage_criterion *criterion)
{
    size_t j, n = 0;
    for (j = 0; j < criterion->n_all; j++)
        n += criterion->all[j].n_any;
    return n;
}

/* One row per condition: a criterion is met when each of its clauses holds,
 * a clause (numbered from 1 within its criterion) when any of its rows
 * does. */
static SEXP criteria_table(void)
{
    static const char *const fields[] = {"system", "criterion", "clause", "input",
                                         "comparison", "threshold", "versus", "unit",
                                         "points", "note", "confidence"};
    static const SEXPTYPE types[] = {STRSXP, STRSXP, INTSXP, STRSXP, STRSXP, REALSXP,
                                     STRSXP, STRSXP, REALSXP, STRSXP, STRSXP};
    size_t s, c, j, k, rows = 0, at = 0;
    SEXP out;

    for (s = 0; s < b2m_stage_n_systems; s++)
        for (c = 0; c < b2m_stage_systems[s]->n_criteria; c++)
            rows += n_conditions(&b2m_stage_systems[s]->criteria[c]);
    out = PROTECT(new_table(fields, types, N_FIELDS(types), rows));
    for (s = 0; s < b2m_stage_n_systems; s++) {
        const b2m_stage_system *system = b2m_stage_systems[s];
        for (c = 0; c < system->n_criteria; c++) {
            const b2m_stage_criterion *criterion = &system->criteria[c];
            for (j = 0; j < criterion->n_all; j++)
            for (k = 0; k < criterion->all[j].n_any; k++, at++) {
                const b2m_stage_condition *cond = &criterion->all[j].any[k];
                const b2m_stage_column *col = &system->columns[cond->column];
                int flag = cond->op == B2M_STAGE_TRUE, versus = cond->versus >= 0;
                R_xlen_t i = (R_xlen_t) at;
                set_text(out, 0, i, system->key);
                set_text(out, 1, i, criterion->label);
                set_int(out, 2, i, (int) j + 1);
                set_text(out, 3, i, col->name);
                set_text(out, 4, i, op_text[cond->op]);
                set_real(out, 5, i, flag || versus ? NA_REAL : cond->threshold);
                set_text(out, 6, i, versus ? system->columns[cond->versus].name : NULL);
                set_text(out, 7, i, col->unit);
                set_real(out, 8, i, criterion->points);
                set_text(out, 9, i, criterion->note);
                set_text(out, 10, i, criterion->confidence);
            }
        }
    }
    UNPROTECT(1);
    return out;
}

/* One row per group, in the order they are tried; `requires` / `excludes`
 * name a criterion or are NA. */
static SEXP groups_table(void)
{
    static const char *const fields[] = {"system", "group", "min_score", "max_score",
                                         "requires", "excludes"};
    static const SEXPTYPE types[] = {STRSXP, STRSXP, REALSXP, REALSXP, STRSXP, STRSXP};
    size_t s, g, rows = 0, at = 0;
    SEXP out;

    for (s = 0; s < b2m_stage_n_systems; s++)
        rows += b2m_stage_systems[s]->n_groups;
    out = PROTECT(new_table(fields, types, N_FIELDS(types), rows));
    for (s = 0; s < b2m_stage_n_systems; s++) {
        const b2m_stage_system *system = b2m_stage_systems[s];
        for (g = 0; g < system->n_groups; g++, at++) {
            const b2m_stage_group *group = &system->groups[g];
            R_xlen_t i = (R_xlen_t) at;
            set_text(out, 0, i, system->key);
            set_text(out, 1, i, group->name);
            set_real(out, 2, i, group->min_score);
            set_real(out, 3, i, group->max_score);
            set_text(out, 4, i, group->requires >= 0
                     ? system->criteria[group->requires].label : NULL);
            set_text(out, 5, i, group->excludes >= 0
                     ? system->criteria[group->excludes].label : NULL);
        }
    }
    UNPROTECT(1);
    return out;
}

/* One row per outcome figure, in the order of each system's outcomes and,
 * within one, of its groups (`stage`, NA past the last group); `cohort` and
 * `era` are the system's unless the outcome names its own. */
static SEXP outcomes_table(void)
{
    static const char *const fields[] = {"system", "metric", "stage", "value",
                                         "unit", "confidence", "cohort", "era"};
    static const SEXPTYPE types[] = {STRSXP, STRSXP, STRSXP, REALSXP, STRSXP,
                                     STRSXP, STRSXP, STRSXP};
    size_t s, o, k, rows = 0, at = 0;
    SEXP out;

    for (s = 0; s < b2m_stage_n_systems; s++)
        for (o = 0; o < b2m_stage_systems[s]->n_outcomes; o++)
            rows += b2m_stage_systems[s]->outcomes[o].n_values;
    out = PROTECT(new_table(fields, types, N_FIELDS(types), rows));
    for (s = 0; s < b2m_stage_n_systems; s++) {
        const b2m_stage_system *system = b2m_stage_systems[s];
        for (o = 0; o < system->n_outcomes; o++) {
            const b2m_stage_outcome *outcome = &system->outcomes[o];
            int own = outcome->cohort != NULL;
            for (k = 0; k < outcome->n_values; k++, at++) {
                R_xlen_t i = (R_xlen_t) at;
                set_text(out, 0, i, system->key);
                set_text(out, 1, i, outcome->metric);
                set_text(out, 2, i, k < system->n_groups
                         ? system->groups[k].name : NULL);
                set_real(out, 3, i, outcome->values[k]);
                set_text(out, 4, i, outcome->unit);
                set_text(out, 5, i, outcome->confidence);
                set_text(out, 6, i, own ? outcome->cohort : system->cohort);
                set_text(out, 7, i, own ? outcome->era : system->era);
            }
        }
    }
    UNPROTECT(1);
    return out;
}

SEXP r_stage_tables(void)
{
    static const char *const names[] = {"systems", "inputs", "criteria", "groups",
                                        "outcomes"};
    SEXP tables[5], out;
    tables[0] = PROTECT(systems_table());
    tables[1] = PROTECT(inputs_table());
    tables[2] = PROTECT(criteria_table());
    tables[3] = PROTECT(groups_table());
    tables[4] = PROTECT(outcomes_table());
    out = r_named_list(names, tables, 5);
    UNPROTECT(5);
    return out;
}
