/* r_trend.c - glue for trend.c: the patient keys (codes and ordering) and
 * the passes. */
#include <stdint.h>
#include <string.h>
#include "r_glue.h"

/* The ordered data as the core reads it; R passes the keys r_b2m_trend_order()
 * made (order and group integer vectors, time the double vector of times by
 * ordered position, ends one integer per group), value of the same length,
 * and rcv the limit factors c(down, up) (NA without limits). */
static b2m_trend_data trend_data(SEXP order, SEXP group, SEXP time, SEXP ends,
                                 SEXP value, SEXP rcv)
{
    b2m_trend_data d;
    if (TYPEOF(order) != INTSXP || TYPEOF(group) != INTSXP ||
        TYPEOF(time) != REALSXP || TYPEOF(ends) != INTSXP ||
        XLENGTH(order) != XLENGTH(value) ||
        XLENGTH(group) != XLENGTH(value) || XLENGTH(time) != XLENGTH(value) ||
        TYPEOF(rcv) != REALSXP || XLENGTH(rcv) != 2)
        Rf_error("b2m internal error: malformed trend input");
    d.group_end = INTEGER_RO(ends);
    d.rcv_down = REAL_RO(rcv)[0];
    d.rcv_up = REAL_RO(rcv)[1];
    d.n = (size_t) XLENGTH(value);
    d.order = INTEGER_RO(order);
    d.group = INTEGER_RO(group);
    d.time = REAL_RO(time);
    d.value = r_column(value);
    return d;
}

/* Value checks in row order, then the ordered pass; bad[0] receives bad
 * values, bad[1] duplicated (id, time) rows.  Returns the count of both. */
static size_t trend_run(const b2m_trend_data *d, double max_in_unit,
                        b2m_trend_rows_out *rows, b2m_trend_groups_out *groups,
                        b2m_bad_rows *bad)
{
    size_t start;
    b2m_bad_rows_init(&bad[0]);
    b2m_bad_rows_init(&bad[1]);
    for (start = 0; start < d->n; start += B2M_CHUNK) {
        size_t len = d->n - start < B2M_CHUNK ? d->n - start : B2M_CHUNK;
        r_bad_rows_offset(bad, 1, start);
        b2m_trend_check(len, b2m_column_from(d->value, start), max_in_unit, &bad[0]);
        R_CheckUserInterrupt();
    }
    /* Bad values make every result void: skip the pass. */
    if (bad[0].count > 0)
        return bad[0].count;
    bad[0].offset = 0;
    start = 0;
    while (start < d->n) {
        start = b2m_trend_pass(d, start, B2M_CHUNK, rows, groups, &bad[1]);
        R_CheckUserInterrupt();
    }
    if (rows == NULL || bad[1].count > 0)
        return bad[1].count;
    for (start = 0; start < d->n; start += B2M_CHUNK) {
        size_t len = d->n - start < B2M_CHUNK ? d->n - start : B2M_CHUNK;
        b2m_trend_rows_finish(d, start, len, rows);
        R_CheckUserInterrupt();
    }
    return 0;
}

static SEXP named_list(SEXP out, const char **names, int n)
{
    SEXP nm = PROTECT(Rf_allocVector(STRSXP, n));
    int k;
    for (k = 0; k < n; k++)
        SET_STRING_ELT(nm, k, Rf_mkChar(names[k]));
    Rf_setAttrib(out, R_NamesSymbol, nm);
    UNPROTECT(1);
    return out;
}

static double *real_element(SEXP out, int k, R_xlen_t n)
{
    SET_VECTOR_ELT(out, k, r_alloc_rows(REALSXP, n));
    return REAL(VECTOR_ELT(out, k));
}

static int *integer_element(SEXP out, int k, R_xlen_t n)
{
    SET_VECTOR_ELT(out, k, r_alloc_rows(INTSXP, n));
    return INTEGER(VECTOR_ELT(out, k));
}

static int *logical_element(SEXP out, int k, R_xlen_t n)
{
    SET_VECTOR_ELT(out, k, r_alloc_rows(LGLSXP, n));
    return LOGICAL(VECTOR_ELT(out, k));
}

SEXP r_b2m_trend(SEXP order, SEXP group, SEXP time, SEXP ends, SEXP value,
                 SEXP max_in_unit, SEXP rcv)
{
    static const char *names[] = {"baseline", "change", "pct_change", "nadir",
                                  "pct_from_nadir", "previous",
                                  "pct_from_previous", "significant_change",
                                  "significant_from_previous",
                                  "significant_from_nadir"};
    b2m_trend_data d = trend_data(order, group, time, ends, value, rcv);
    double max = r_scalar(max_in_unit);
    R_xlen_t n = (R_xlen_t) d.n;
    b2m_trend_rows_out rows;
    b2m_bad_rows bad[2];
    SEXP out = PROTECT(Rf_allocVector(VECSXP, 10));

    rows.baseline = real_element(out, 0, n);
    rows.change = real_element(out, 1, n);
    rows.pct_change = real_element(out, 2, n);
    rows.nadir = real_element(out, 3, n);
    rows.pct_from_nadir = real_element(out, 4, n);
    rows.previous = real_element(out, 5, n);
    rows.pct_from_previous = real_element(out, 6, n);
    /* R's NA_LOGICAL is INT_MIN, the core's B2M_NA_INT. */
    rows.significant_change = logical_element(out, 7, n);
    rows.significant_from_previous = logical_element(out, 8, n);
    rows.significant_from_nadir = logical_element(out, 9, n);
    if (trend_run(&d, max, &rows, NULL, bad) > 0) {
        UNPROTECT(1);
        return r_bad_values(bad, 2);
    }
    /* named_list() allocates: `out` stays protected until it returns. */
    named_list(out, names, 10);
    UNPROTECT(1);
    return out;
}

SEXP r_b2m_trend_summary(SEXP order, SEXP group, SEXP time, SEXP ends,
                         SEXP value, SEXP max_in_unit, SEXP rcv)
{
    static const char *names[] = {"first_row", "n", "first_time", "last_time",
                                  "baseline", "last", "nadir", "pct_change",
                                  "pct_from_nadir", "slope", "rcv_direction"};
    b2m_trend_data d = trend_data(order, group, time, ends, value, rcv);
    double max = r_scalar(max_in_unit);
    R_xlen_t g = XLENGTH(ends), k;
    b2m_trend_groups_out groups;
    b2m_bad_rows bad[2];
    SEXP out = PROTECT(Rf_allocVector(VECSXP, 11));

    groups.first_row = integer_element(out, 0, g);
    groups.n = integer_element(out, 1, g);
    groups.first_time = real_element(out, 2, g);
    groups.last_time = real_element(out, 3, g);
    groups.baseline = real_element(out, 4, g);
    groups.last = real_element(out, 5, g);
    groups.nadir = real_element(out, 6, g);
    groups.pct_change = real_element(out, 7, g);
    groups.pct_from_nadir = real_element(out, 8, g);
    groups.slope = real_element(out, 9, g);
    groups.rcv_direction = integer_element(out, 10, g);
    /* R passes codes in 1..n_groups (match() codes or factor codes with
     * n_groups = nlevels, one end per code), so every write is in bounds.  Codes without rows
     * (unused factor levels) stay marked as such. */
    for (k = 0; k < g; k++)
        groups.first_row[k] = -1;
    if (trend_run(&d, max, NULL, &groups, bad) > 0) {
        UNPROTECT(1);
        return r_bad_values(bad, 2);
    }
    named_list(out, names, 11);
    UNPROTECT(1);
    return out;
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
 * returns). */
static void key_grow(key_table *t)
{
    key_table bigger = {NULL, t->bits + 1, t->found};
    size_t k, capacity = (size_t) 1 << t->bits;
    bigger.slots = new_key_slots(bigger.bits);
    for (k = 0; k < capacity; k++)
        if (t->slots[k].code != 0)
            *key_find(&bigger, t->slots[k].key) = t->slots[k];
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

/* Codes of rows [start, start + len) of an id of `n` rows; 0 when pointers
 * cannot decide. */
static int code_rows(SEXP id, size_t n, size_t start, size_t len,
                     key_table *t, encodings *e, int *code)
{
    size_t i, end = start + len;
    int strings = TYPEOF(id) == STRSXP;
    for (i = start; i < end; i++) {
        int found = t->found;
        if (i + B2M_AHEAD < n)
            B2M_PREFETCH(home_slot(t, row_key(id, i + B2M_AHEAD)), 1);
        code[i] = key_code(t, row_key(id, i));
        if (strings && code[i] > found &&
            !one_encoding(e, STRING_ELT(id, (R_xlen_t) i)))
            return 0;
    }
    return 1;
}

/* Integer ids spanning a range of at most a few times the row count (the
 * usual registry numbering) index a table directly: one look-up per row in
 * a table a quarter of the size of the hash table, which at a million
 * patients is the difference between fitting in the cache or not.  Returns
 * 0 (nothing done) for a wider range. */
static int dense_codes(const int *x, size_t n, int *code, int *found)
{
    size_t i, range, start;
    int lo = INT_MAX, hi = INT_MIN, *slot;
    for (i = 0; i < n; i++) {
        if (x[i] < lo)
            lo = x[i];
        if (x[i] > hi)
            hi = x[i];
    }
    if (n == 0)
        return 1;
    range = (size_t) ((int64_t) hi - (int64_t) lo) + 1;
    if (range > 4 * n + 1024)
        return 0;
    slot = (int *) R_alloc(range, sizeof *slot);
    memset(slot, 0, range * sizeof *slot);
    for (start = 0; start < n; start += B2M_CHUNK) {
        size_t end = n - start < B2M_CHUNK ? n : start + B2M_CHUNK;
        for (i = start; i < end; i++) {
            int *c = &slot[(size_t) ((int64_t) x[i] - lo)];
            if (*c == 0)
                *c = ++*found;
            code[i] = *c;
        }
        R_CheckUserInterrupt();
    }
    return 1;
}

/* list(group, n_groups) for an integer, logical, double or character id
 * without attributes (R has checked none is missing), or NULL: R then codes
 * the ids with match(). */
SEXP r_b2m_trend_codes(SEXP id)
{
    static const char *names[] = {"group", "n_groups"};
    size_t n = (size_t) XLENGTH(id);
    key_table t = {NULL, 6, 0};
    encodings e = {0, CE_NATIVE};
    SEXP group, out;
    int *code;

    if (TYPEOF(id) != INTSXP && TYPEOF(id) != LGLSXP &&
        TYPEOF(id) != REALSXP && TYPEOF(id) != STRSXP)
        return R_NilValue;
    t.slots = new_key_slots(t.bits);
    group = PROTECT(r_alloc_rows(INTSXP, (R_xlen_t) n));
    code = INTEGER(group);
    if (TYPEOF(id) != INTSXP || !dense_codes(INTEGER_RO(id), n, code, &t.found)) {
        size_t start;
        for (start = 0; start < n; start += B2M_CHUNK) {
            size_t len = n - start < B2M_CHUNK ? n - start : B2M_CHUNK;
            if (!code_rows(id, n, start, len, &t, &e, code)) {
                UNPROTECT(1);
                return R_NilValue;
            }
            R_CheckUserInterrupt();
        }
    }
    out = PROTECT(Rf_allocVector(VECSXP, 2));
    SET_VECTOR_ELT(out, 0, group);
    SET_VECTOR_ELT(out, 1, Rf_ScalarReal((double) t.found));
    named_list(out, names, 2);
    UNPROTECT(2);
    return out;
}

/* ---- the ordering -------------------------------------------------------- */

/* list(order, time, ends): order(group, time) for group codes in
 * 1..n_groups and finite times, the times by ordered position, and each
 * group's end (b2m_trend_data); or NULL when a code is outside 1..n_groups
 * (a malformed factor). */
SEXP r_b2m_trend_order(SEXP group, SEXP time, SEXP n_groups)
{
    static const char *names[] = {"order", "time", "ends"};
    size_t n, groups, largest, *start, first;
    int *scratch;
    double *scratch_time;
    SEXP out, order, sorted_time, ends;

    if (TYPEOF(group) != INTSXP || TYPEOF(time) != REALSXP ||
        XLENGTH(group) != XLENGTH(time) || XLENGTH(group) > INT_MAX)
        Rf_error("b2m internal error: malformed trend keys");
    n = (size_t) XLENGTH(group);
    groups = (size_t) r_scalar(n_groups);
    start = (size_t *) R_alloc(groups + 1, sizeof *start);
    largest = b2m_trend_group_starts(n, INTEGER_RO(group), groups, start);
    if (largest == B2M_TREND_BAD_CODE)
        return R_NilValue;
    out = PROTECT(Rf_allocVector(VECSXP, 3));
    order = r_alloc_rows(INTSXP, (R_xlen_t) n);
    SET_VECTOR_ELT(out, 0, order);
    sorted_time = r_alloc_rows(REALSXP, (R_xlen_t) n);
    SET_VECTOR_ELT(out, 1, sorted_time);
    ends = Rf_allocVector(INTSXP, (R_xlen_t) groups);
    SET_VECTOR_ELT(out, 2, ends);
    b2m_trend_place(n, INTEGER_RO(group), REAL_RO(time), start, INTEGER(order),
                    REAL(sorted_time));
    b2m_trend_group_ends(n, groups, start, INTEGER(ends));
    if (largest == 0)
        largest = 1;
    scratch = (int *) R_alloc(largest, sizeof *scratch);
    /* R_alloc's memory is aligned for any type. */
    /* cppcheck-suppress invalidPointerCast */
    scratch_time = (double *) R_alloc(largest, sizeof *scratch_time);
    for (first = 1; first <= groups; first += B2M_CHUNK) {
        b2m_trend_sort_groups(n, groups, start, first, first + B2M_CHUNK - 1,
                              INTEGER(order), REAL(sorted_time), scratch,
                              scratch_time);
        R_CheckUserInterrupt();
    }
    named_list(out, names, 3);
    UNPROTECT(1);
    return out;
}
