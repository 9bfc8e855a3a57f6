/* r_trend.c - glue for trend.c: the patient keys (codes and ordering) and
 * the passes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "r_glue.h"

/* The ordered data as the core reads it; R passes the keys r_b2m_trend_order()
 * made (order and group integer vectors, time the double vector of times by
 * ordered position, ends one integer per group), value the measurement
 * (r_measurement_read(), of the same length; its largest plausible value
 * into *max_in_unit), and rcv the limit factors c(down, up) (NA without
 * limits). */
static b2m_trend_data trend_data(SEXP order, SEXP group, SEXP time, SEXP ends,
                                 SEXP value, SEXP rcv, double *max_in_unit)
{
    r_measurement m = r_measurement_read(value, "the trend");
    b2m_trend_data d;
    if (TYPEOF(order) != INTSXP || TYPEOF(group) != INTSXP ||
        TYPEOF(time) != REALSXP || TYPEOF(ends) != INTSXP ||
        XLENGTH(order) != XLENGTH(m.value) ||
        XLENGTH(group) != XLENGTH(m.value) || XLENGTH(time) != XLENGTH(m.value) ||
        TYPEOF(rcv) != REALSXP || XLENGTH(rcv) != 2)
        Rf_error("b2m internal error: malformed trend input");
    d.group_end = INTEGER_RO(ends);
    d.rcv_down = REAL_RO(rcv)[0];
    d.rcv_up = REAL_RO(rcv)[1];
    d.n = (size_t) XLENGTH(m.value);
    d.order = INTEGER_RO(order);
    d.group = INTEGER_RO(group);
    d.time = REAL_RO(time);
    d.value = m.column;
    *max_in_unit = m.max_in_unit;
    return d;
}

/* Whether the rows go through the partitioned ordering and pass: `path` is
 * NA (by size: from B2M_TREND_PARTITION_ROWS rows), or TRUE or FALSE, which
 * the tests set so that both paths meet the same small inputs (one
 * collection forced at each allocation is too slow at 2^21 rows). */
static int partitioned(SEXP path, size_t n)
{
    int choice;
    if (TYPEOF(path) != LGLSXP || XLENGTH(path) != 1)
        Rf_error("b2m internal error: malformed trend path");
    choice = LOGICAL_RO(path)[0];
    return choice == NA_LOGICAL ? n >= B2M_TREND_PARTITION_ROWS : choice != 0;
}

/* What the chunked passes of trend_run() share. */
typedef struct {
    const b2m_trend_data *d;
    double max_in_unit;
    b2m_trend_rows_out *rows;
    b2m_bad_rows *bad;
} trend_chunks;

static void check_chunk(void *ctx, size_t start, size_t len)
{
    trend_chunks *c = (trend_chunks *) ctx;
    r_bad_rows_offset(c->bad, 1, start);
    b2m_trend_check(len, b2m_column_from(c->d->value, start), c->max_in_unit,
                    &c->bad[0]);
}

static void finish_chunk(void *ctx, size_t start, size_t len)
{
    trend_chunks *c = (trend_chunks *) ctx;
    b2m_trend_rows_finish(c->d, start, len, c->rows);
}

/* The partitioned pass over rows, for data too large for the cache: the
 * values gathered into ordered positions, the pass reading them side by
 * side and writing baseline, nadir and previous side by side, which are
 * then moved to their rows (b2m_trend_scatter()).  Its scratch is the
 * result columns that b2m_trend_rows_finish() writes last: the gathered
 * values in pct_from_previous, the ordered results in change, pct_change
 * and pct_from_nadir, the positions and the buckets' records in the
 * logical columns; only the buckets' counts are allocated. */
static void trend_partitioned(const b2m_trend_data *d, b2m_trend_rows_out *rows,
                              b2m_bad_rows *duplicates)
{
    b2m_trend_rows_out ordered = *rows;
    b2m_trend_scratch s;
    double *sorted = rows->pct_from_previous;
    double *to[3];
    int *position = rows->significant_change;
    size_t start = 0, j;

    s.fill = (size_t *) R_alloc(b2m_trend_spans(d->n), sizeof *s.fill);
    s.index = rows->significant_from_nadir;
    s.payload = rows->change;
    b2m_trend_positions(d->n, d->order, position,
                        rows->significant_from_previous, &s);
    b2m_trend_scatter(d->n, position, 1, &d->value, &sorted, &s);
    ordered.baseline = rows->change;
    ordered.nadir = rows->pct_change;
    ordered.previous = rows->pct_from_nadir;
    /* The pass goes by whole patients, not by fixed chunks of rows. */
    while (start < d->n) {
        start = b2m_trend_pass_sorted(d, sorted, start, B2M_CHUNK, &ordered,
                                      NULL, duplicates);
        R_CheckUserInterrupt();
    }
    if (duplicates->count > 0)
        return;
    /* One column at a time, through the scratch the gathered values and
     * the positions leave free. */
    s.index = rows->significant_change;
    s.payload = rows->pct_from_previous;
    to[0] = rows->baseline;
    to[1] = rows->nadir;
    to[2] = rows->previous;
    for (j = 0; j < 3; j++) {
        const double *from = j == 0 ? ordered.baseline
                             : j == 1 ? ordered.nadir : ordered.previous;
        b2m_column column = b2m_column_real(from, d->n);
        b2m_trend_scatter(d->n, d->order, 1, &column, &to[j], &s);
    }
}

/* The pass over the ordering as it is: rows read and written at their
 * scattered places, each asked for ahead. */
static void trend_direct(const b2m_trend_data *d, b2m_trend_rows_out *rows,
                         b2m_trend_groups_out *groups, b2m_bad_rows *duplicates)
{
    size_t start = 0;
    /* The pass goes by whole patients, not by fixed chunks of rows. */
    while (start < d->n) {
        start = b2m_trend_pass(d, start, B2M_CHUNK, rows, groups, duplicates);
        R_CheckUserInterrupt();
    }
}

/* Value checks in row order, then the ordered pass (partitioned when
 * `partition` is set and rows are written); bad[0] receives bad values,
 * bad[1] duplicated (id, time) rows. */
static void trend_run(const b2m_trend_data *d, double max_in_unit,
                      b2m_trend_rows_out *rows, b2m_trend_groups_out *groups,
                      int partition, b2m_bad_rows *bad)
{
    trend_chunks c;
    c.d = d;
    c.max_in_unit = max_in_unit;
    c.rows = rows;
    c.bad = bad;
    b2m_bad_rows_init(&bad[0]);
    b2m_bad_rows_init(&bad[1]);
    r_run_chunked(d->n, check_chunk, &c);
    /* Bad values make every result void: skip the pass. */
    if (bad[0].count > 0)
        return;
    if (rows != NULL && partition)
        trend_partitioned(d, rows, &bad[1]);
    else
        trend_direct(d, rows, groups, &bad[1]);
    if (rows != NULL && bad[1].count == 0)
        r_run_chunked(d->n, finish_chunk, &c);
}

SEXP r_b2m_trend(SEXP order, SEXP group, SEXP time, SEXP ends, SEXP value,
                 SEXP rcv, SEXP path)
{
    static const char *const names[] = {"baseline", "change", "pct_change",
                                        "nadir", "pct_from_nadir", "previous",
                                        "pct_from_previous", "significant_change",
                                        "significant_from_previous",
                                        "significant_from_nadir"};
    double max;
    b2m_trend_data d = trend_data(order, group, time, ends, value, rcv, &max);
    R_xlen_t n = (R_xlen_t) d.n;
    int partition = partitioned(path, d.n);
    b2m_trend_rows_out rows;
    b2m_bad_rows bad[2];
    SEXP columns[10], out, result;
    int k;

    /* Seven double columns, then three logicals (R's NA_LOGICAL is INT_MIN,
     * the core's B2M_NA_INT). */
    for (k = 0; k < 10; k++)
        columns[k] = PROTECT(r_alloc_rows(k < 7 ? REALSXP : LGLSXP, n));
    rows.baseline = REAL(columns[0]);
    rows.change = REAL(columns[1]);
    rows.pct_change = REAL(columns[2]);
    rows.nadir = REAL(columns[3]);
    rows.pct_from_nadir = REAL(columns[4]);
    rows.previous = REAL(columns[5]);
    rows.pct_from_previous = REAL(columns[6]);
    rows.significant_change = LOGICAL(columns[7]);
    rows.significant_from_previous = LOGICAL(columns[8]);
    rows.significant_from_nadir = LOGICAL(columns[9]);
    trend_run(&d, max, &rows, NULL, partition, bad);
    out = PROTECT(r_named_list(names, columns, 10));
    result = r_result(out, bad, 2, NULL);
    UNPROTECT(11);
    return result;
}

SEXP r_b2m_trend_summary(SEXP order, SEXP group, SEXP time, SEXP ends,
                         SEXP value, SEXP rcv)
{
    static const char *const names[] = {"first_row", "n", "first_time",
                                        "last_time", "baseline", "last", "nadir",
                                        "pct_change", "pct_from_nadir", "slope",
                                        "rcv_direction"};
    double max;
    b2m_trend_data d = trend_data(order, group, time, ends, value, rcv, &max);
    R_xlen_t g = XLENGTH(ends), k;
    b2m_trend_groups_out groups;
    b2m_bad_rows bad[2];
    SEXP columns[11], out, result;
    int j;

    /* Two integer columns, eight doubles, one integer. */
    for (j = 0; j < 11; j++)
        columns[j] = PROTECT(r_alloc_rows(j < 2 || j == 10 ? INTSXP : REALSXP, g));
    groups.first_row = INTEGER(columns[0]);
    groups.n = INTEGER(columns[1]);
    groups.first_time = REAL(columns[2]);
    groups.last_time = REAL(columns[3]);
    groups.baseline = REAL(columns[4]);
    groups.last = REAL(columns[5]);
    groups.nadir = REAL(columns[6]);
    groups.pct_change = REAL(columns[7]);
    groups.pct_from_nadir = REAL(columns[8]);
    groups.slope = REAL(columns[9]);
    groups.rcv_direction = INTEGER(columns[10]);
    /* R passes codes in 1..n_groups (match() codes or factor codes with
     * n_groups = nlevels, one end per code), so every write is in bounds.
     * Codes without rows (unused factor levels) stay marked as such. */
    for (k = 0; k < g; k++)
        groups.first_row[k] = -1;
    trend_run(&d, max, NULL, &groups, 0, bad);
    out = PROTECT(r_named_list(names, columns, 11));
    result = r_result(out, bad, 2, NULL);
    UNPROTECT(12);
    return result;
}

/* ---- patient codes -------------------------------------------------------
 * Codes 1, 2, ... in order of first appearance, as match(id, unique(id))
 * gives, in one pass over the ids: an open-addressing table of 64-bit keys,
 * the bits of an integer or double id or the address of a string's cached
 * CHARSXP (equal strings in one encoding are one CHARSXP). */

typedef struct {
    uint64_t key;
    int code; /* 0: empty slot */
} key_slot;

typedef struct {
    key_slot *slots;
    int bits;   /* 2^bits slots, at most half of them full */
    int found;  /* codes given so far */
} key_table;

static size_t key_hash(uint64_t key, int bits)
{
    return (size_t) ((key * (uint64_t) 0x9E3779B97F4A7C15ull) >> (64 - bits));
}

static key_slot *new_key_slots(int bits)
{
    size_t capacity = (size_t) 1 << bits;
    key_slot *slots = (key_slot *) R_alloc(capacity, sizeof *slots);
    memset(slots, 0, capacity * sizeof *slots);
    return slots;
}

/* The slot where the search for `key` starts, for a prefetch B2M_AHEAD rows
 * ahead: with a million patients the table is larger than the cache. */
static const key_slot *home_slot(const key_table *t, uint64_t key)
{
    return &t->slots[key_hash(key, t->bits)];
}

static key_slot *key_find(const key_table *t, uint64_t key)
{
    size_t mask = ((size_t) 1 << t->bits) - 1, h = key_hash(key, t->bits);
    while (t->slots[h].code != 0 && t->slots[h].key != key)
        h = (h + 1) & mask;
    return &t->slots[h];
}

/* Double the table and re-enter every key (R_alloc'ed: freed when the .Call
 * returns).  The keys land at scattered slots of a table larger than the
 * cache at a million patients: each is requested B2M_AHEAD slots ahead. */
static void key_grow(key_table *t)
{
    key_table bigger = {NULL, t->bits + 1, t->found};
    size_t k, capacity = (size_t) 1 << t->bits;
    bigger.slots = new_key_slots(bigger.bits);
    for (k = 0; k < capacity; k++) {
        if (k + B2M_AHEAD < capacity)
            B2M_PREFETCH(home_slot(&bigger, t->slots[k + B2M_AHEAD].key), 1);
        if (t->slots[k].code != 0)
            *key_find(&bigger, t->slots[k].key) = t->slots[k];
    }
    *t = bigger;
}

/* The code of `key`, a new one if the key is new. */
static int key_code(key_table *t, uint64_t key)
{
    key_slot *slot = key_find(t, key);
    if (slot->code != 0)
        return slot->code;
    if ((size_t) t->found + 1 > ((size_t) 1 << t->bits) / 2) {
        key_grow(t);
        slot = key_find(t, key);
    }
    slot->key = key;
    slot->code = ++t->found;
    return slot->code;
}

static uint64_t double_key(double x)
{
    uint64_t key;
    x += 0.0; /* -0 becomes +0: match() takes them as one id */
    memcpy(&key, &x, sizeof key);
    return key;
}

static int is_ascii(SEXP s)
{
    const unsigned char *c = (const unsigned char *) R_CHAR(s);
    int k, len = LENGTH(s);
    for (k = 0; k < len; k++)
        if (c[k] >= 0x80)
            return 0;
    return 1;
}

/* match() equates strings across encodings ("é" in latin1 and in UTF-8 are
 * two CHARSXPs), so pointers decide only while every non-ASCII id has one
 * declared encoding (and not "bytes"). */
typedef struct {
    int seen;
    cetype_t encoding;
} encodings;

static int one_encoding(encodings *e, SEXP s)
{
    cetype_t ce;
    if (is_ascii(s))
        return 1;
    ce = Rf_getCharCE(s);
    if (ce == CE_BYTES || (e->seen && ce != e->encoding))
        return 0;
    e->seen = 1;
    e->encoding = ce;
    return 1;
}

/* The key of row i: the bits of an integer or double id, the address of a
 * string's CHARSXP. */
static uint64_t row_key(SEXP id, size_t i)
{
    switch (TYPEOF(id)) {
    case INTSXP:
        return (uint64_t) (uint32_t) INTEGER_RO(id)[i];
    case LGLSXP:
        return (uint64_t) (uint32_t) LOGICAL_RO(id)[i];
    case REALSXP:
        return double_key(REAL_RO(id)[i]);
    default:
        return (uint64_t) (uintptr_t) STRING_ELT(id, (R_xlen_t) i);
    }
}

/* What the chunked coding passes share: the ids, the table (hashed keys or
 * dense slots) and the codes written; `ok` turns 0 when pointers cannot
 * decide, and the remaining chunks are then skipped. */
typedef struct {
    SEXP id;
    size_t n;
    key_table *t;
    encodings *e;
    int *dense; /* slot of id - lo (dense integer ids), else NULL */
    int lo;
    int *code;
    int ok;
} coding;

/* Codes of rows [start, start + len) by the hash of their keys. */
static void code_chunk(void *ctx, size_t start, size_t len)
{
    coding *c = (coding *) ctx;
    key_table *t = c->t;
    size_t i, end = start + len;
    int strings = TYPEOF(c->id) == STRSXP;
    for (i = start; i < end && c->ok; i++) {
        int found = t->found;
        if (i + B2M_AHEAD < c->n)
            B2M_PREFETCH(home_slot(t, row_key(c->id, i + B2M_AHEAD)), 1);
        c->code[i] = key_code(t, row_key(c->id, i));
        if (strings && c->code[i] > found &&
            !one_encoding(c->e, STRING_ELT(c->id, (R_xlen_t) i)))
            c->ok = 0;
    }
}

/* Codes of rows [start, start + len) of dense integer ids, by their slot. */
static void dense_chunk(void *ctx, size_t start, size_t len)
{
    coding *c = (coding *) ctx;
    const int *x = INTEGER_RO(c->id);
    size_t i;
    for (i = start; i < start + len; i++) {
        int *slot = &c->dense[(size_t) ((int64_t) x[i] - c->lo)];
        if (*slot == 0)
            *slot = ++c->t->found;
        c->code[i] = *slot;
    }
}

/* Integer ids spanning a range of at most a few times the row count (the
 * usual registry numbering) index a table directly: one look-up per row in
 * a table a quarter of the size of the hash table, which at a million
 * patients is the difference between fitting in the cache or not.  Sets
 * c->dense and c->lo, or leaves c->dense NULL for a wider range. */
static void dense_slots(coding *c)
{
    const int *x = INTEGER_RO(c->id);
    size_t i, range;
    int lo = INT_MAX, hi = INT_MIN;
    for (i = 0; i < c->n; i++) {
        if (x[i] < lo)
            lo = x[i];
        if (x[i] > hi)
            hi = x[i];
    }
    if (c->n == 0)
        return;
    range = (size_t) ((int64_t) hi - (int64_t) lo) + 1;
    if (range > 4 * c->n + 1024)
        return;
    c->dense = (int *) R_alloc(range, sizeof *c->dense);
    memset(c->dense, 0, range * sizeof *c->dense);
    c->lo = lo;
}

/* list(group, n_groups) for an integer, logical, double or character id
 * without attributes (R has checked none is missing), or NULL: R then codes
 * the ids with match(). */
SEXP r_b2m_trend_codes(SEXP id)
{
    static const char *const names[] = {"group", "n_groups"};
    key_table t = {NULL, 6, 0};
    encodings e = {0, CE_NATIVE};
    coding c;
    SEXP values[2], out;

    if (TYPEOF(id) != INTSXP && TYPEOF(id) != LGLSXP &&
        TYPEOF(id) != REALSXP && TYPEOF(id) != STRSXP)
        return R_NilValue;
    c.id = id;
    c.n = (size_t) XLENGTH(id);
    c.t = &t;
    c.e = &e;
    c.dense = NULL;
    c.lo = 0;
    c.ok = 1;
    t.slots = new_key_slots(t.bits);
    values[0] = PROTECT(r_alloc_rows(INTSXP, (R_xlen_t) c.n));
    c.code = INTEGER(values[0]);
    if (TYPEOF(id) == INTSXP)
        dense_slots(&c);
    r_run_chunked(c.n, c.dense != NULL ? dense_chunk : code_chunk, &c);
    if (!c.ok) {
        UNPROTECT(1);
        return R_NilValue;
    }
    values[1] = PROTECT(Rf_ScalarReal((double) t.found));
    out = r_named_list(names, values, 2);
    UNPROTECT(2);
    return out;
}

/* ---- the ordering -------------------------------------------------------- */

/* What the chunked sort of the groups shares. */
typedef struct {
    size_t n, groups;
    const size_t *start;
    int *order, *scratch;
    double *sorted_time, *scratch_time;
} group_sort;

/* Sorts the groups of codes [first + 1, first + len]. */
static void sort_chunk(void *ctx, size_t first, size_t len)
{
    group_sort *s = (group_sort *) ctx;
    b2m_trend_sort_groups(s->n, s->groups, s->start, first + 1, first + len,
                          s->order, s->sorted_time, s->scratch, s->scratch_time);
}

/* The ordering into order, sorted_time and start (b2m_trend_place()), or
 * B2M_TREND_BAD_CODE; partitioned (b2m_trend_arrange()) when `partition`
 * is set, for data too large for the cache.  Its scratch (160 MB at 1e7
 * rows) lives for this call only and is malloc'ed outside R's heap: as R
 * vectors it would count towards R's next collection, a full one at that
 * size, which marks every string of the user's id column.  It is not advised into huge pages as result
 * columns are: on fresh memory freed at once that advice cost more system
 * time (kernel compaction) than the ordering itself.  Nothing between
 * malloc() and free() returns to R. */
static size_t trend_arrange(const group_sort *s, const int *group,
                            const double *time, int partition, size_t *start)
{
    b2m_trend_arrange_scratch a;
    size_t largest, bytes;
    int *block;
    if (!partition) {
        largest = b2m_trend_group_starts(s->n, group, s->groups, start);
        if (largest != B2M_TREND_BAD_CODE)
            b2m_trend_place(s->n, group, time, start, s->order, s->sorted_time);
        return largest;
    }
    a.fill = (size_t *) R_alloc(b2m_trend_code_spans(s->groups), sizeof *a.fill);
    a.start = (size_t *) R_alloc(B2M_TREND_SPAN_CODES + 1, sizeof *a.start);
    bytes = s->n * (2 * sizeof(int) + sizeof(double));
    block = (int *) malloc(bytes > 0 ? bytes : 1); /* malloc(0) may be NULL */
    if (block == NULL)
        Rf_error("b2m cannot allocate %.0f MB to order the trend's rows",
                 (double) bytes / 1e6);
    a.time = (double *) (void *) block; /* malloc'ed memory is aligned for any type */
    /* Rf_error() does not return: block is not NULL here. */
    /* cppcheck-suppress nullPointerArithmeticRedundantCheck */
    a.row = block + 2 * s->n;
    a.code = a.row + s->n;
    largest = b2m_trend_arrange(s->n, group, s->groups, time, &a, start,
                                s->order, s->sorted_time);
    free(block);
    return largest;
}

/* list(order, time, ends): order(group, time) for group codes in
 * 1..n_groups and finite times, the times by ordered position, and each
 * group's end (b2m_trend_data); or NULL when a code is outside 1..n_groups
 * (a malformed factor).  `path` as for partitioned(). */
SEXP r_b2m_trend_order(SEXP group, SEXP time, SEXP n_groups, SEXP path)
{
    static const char *const names[] = {"order", "time", "ends"};
    size_t largest, *start;
    int partition;
    group_sort s;
    SEXP values[3], out;

    memset(&s, 0, sizeof s); /* the scratch is set after the ordering */
    if (TYPEOF(group) != INTSXP || TYPEOF(time) != REALSXP ||
        XLENGTH(group) != XLENGTH(time) || XLENGTH(group) > INT_MAX)
        Rf_error("b2m internal error: malformed trend keys");
    s.n = (size_t) XLENGTH(group);
    partition = partitioned(path, s.n);
    s.groups = (size_t) r_scalar(n_groups);
    start = (size_t *) R_alloc(s.groups + 1, sizeof *start);
    values[0] = PROTECT(r_alloc_rows(INTSXP, (R_xlen_t) s.n));
    values[1] = PROTECT(r_alloc_rows(REALSXP, (R_xlen_t) s.n));
    values[2] = PROTECT(Rf_allocVector(INTSXP, (R_xlen_t) s.groups));
    s.start = start;
    s.order = INTEGER(values[0]);
    s.sorted_time = REAL(values[1]);
    largest = trend_arrange(&s, INTEGER_RO(group), REAL_RO(time), partition,
                            start);
    if (largest == B2M_TREND_BAD_CODE) {
        UNPROTECT(3);
        return R_NilValue;
    }
    b2m_trend_group_ends(s.n, s.groups, start, INTEGER(values[2]));
    if (largest == 0)
        largest = 1;
    s.scratch = (int *) R_alloc(largest, sizeof *s.scratch);
    /* R_alloc's memory is aligned for any type. */
    /* cppcheck-suppress invalidPointerCast */
    s.scratch_time = (double *) R_alloc(largest, sizeof *s.scratch_time);
    r_run_chunked(s.groups, sort_chunk, &s);
    out = r_named_list(names, values, 3);
    UNPROTECT(3);
    return out;
}
