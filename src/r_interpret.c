/* r_interpret.c - glue for interpret.c: one pass per appended column. */
#include <stdint.h>
#include <string.h>
#include "r_glue.h"

/* The estimates of kidney function, best first (a list of 0 to 3 columns):
 * each row's eGFR is the first that is not missing. */
#define MAX_EGFRS 3

typedef struct {
    b2m_column col[MAX_EGFRS];
    int count;
} egfr_columns;

static egfr_columns read_egfrs(SEXP egfrs)
{
    egfr_columns e;
    R_xlen_t k;
    if (TYPEOF(egfrs) != VECSXP || XLENGTH(egfrs) > MAX_EGFRS)
        Rf_error("b2m internal error: bad eGFR columns");
    e.count = (int) XLENGTH(egfrs);
    for (k = 0; k < XLENGTH(egfrs); k++)
        e.col[k] = r_column(VECTOR_ELT(egfrs, k));
    return e;
}

static double egfr_at(const egfr_columns *e, size_t i)
{
    int k;
    for (k = 0; k < e->count; k++) {
        double v = b2m_column_get(&e->col[k], i);
        if (!isnan(v))
            return v;
    }
    return NAN;
}

static int code_at(const b2m_column *c, size_t i)
{
    double v = b2m_column_get(c, i);
    return isnan(v) ? B2M_NA_INT : (int) v;
}

static b2m_interpret_cuts read_cuts(SEXP cuts)
{
    b2m_interpret_cuts c;
    if (TYPEOF(cuts) != REALSXP || XLENGTH(cuts) != 2)
        Rf_error("b2m internal error: bad interpretation cut-offs");
    c.reduced_egfr = REAL_RO(cuts)[0];
    c.excess_beyond = REAL_RO(cuts)[1];
    return c;
}

/* The mechanism codes (factor codes of mechanism_levels). */
SEXP r_interpret_mechanism(SEXP status, SEXP egfrs, SEXP excess, SEXP pattern,
                           SEXP cuts)
{
    size_t n = (size_t) XLENGTH(status), i;
    b2m_column s = r_column(status), x = r_column(excess), p = r_column(pattern);
    egfr_columns e = read_egfrs(egfrs);
    b2m_interpret_cuts c = read_cuts(cuts);
    SEXP out = PROTECT(Rf_allocVector(INTSXP, (R_xlen_t) n));
    int *mechanism = INTEGER(out);

    for (i = 0; i < n; i++) {
        if (i % B2M_CHUNK == 0)
            R_CheckUserInterrupt();
        mechanism[i] = b2m_interpret_mechanism(code_at(&s, i), egfr_at(&e, i),
                                               b2m_column_get(&x, i),
                                               code_at(&p, i), c);
    }
    UNPROTECT(1);
    return out;
}

/* The follow-up of each row: texts[k] for the item bits k (8 texts, made
 * once in R), NA for a missing mechanism; `screen` (logical, 1 or n) FALSE
 * leaves out the monoclonal-protein screen. */
SEXP r_interpret_follow_up(SEXP mechanism, SEXP egfrs, SEXP pattern,
                           SEXP screen, SEXP cuts, SEXP texts)
{
    size_t n = (size_t) XLENGTH(mechanism), i;
    b2m_column m = r_column(mechanism), p = r_column(pattern),
               sc = r_column(screen);
    egfr_columns e = read_egfrs(egfrs);
    b2m_interpret_cuts c = read_cuts(cuts);
    SEXP out;

    if (TYPEOF(texts) != STRSXP || XLENGTH(texts) != B2M_FOLLOW_UP_COMBINATIONS)
        Rf_error("b2m internal error: bad follow-up texts");
    out = PROTECT(Rf_allocVector(STRSXP, (R_xlen_t) n));
    for (i = 0; i < n; i++) {
        int items;
        if (i % B2M_CHUNK == 0)
            R_CheckUserInterrupt();
        items = b2m_interpret_follow_up(code_at(&m, i), egfr_at(&e, i),
                                        code_at(&p, i),
                                        code_at(&sc, i) != 0, c);
        SET_STRING_ELT(out, (R_xlen_t) i, items == B2M_NA_INT
                       ? NA_STRING : STRING_ELT(texts, items));
    }
    UNPROTECT(1);
    return out;
}

/* Comments repeat: the row of the last comment made for each of a few
 * thousand keys (everything the text depends on, doubles by their bits) is
 * remembered, and a row with the same key shares its string. A key looks
 * in CACHE_PROBES slots from its hash; when all hold other keys, the first
 * is reused. */
#define CACHE_SLOTS 8192
#define CACHE_PROBES 8

typedef struct {
    int mechanism, caveat;
    uint64_t fold, egfr; /* bits; the eGFR rounded as it prints */
    SEXP suffix;         /* a cached CHARSXP, compared by address */
} comment_key;

typedef struct {
    comment_key key;
    R_xlen_t row; /* -1: empty */
} cache_slot;

static uint64_t bits_of(double x)
{
    uint64_t b;
    memcpy(&b, &x, sizeof b);
    return b;
}

/* splitmix64's finaliser: every input bit reaches every output bit */
static uint64_t mix(uint64_t h)
{
    h ^= h >> 30;
    h *= 0xBF58476D1CE4E5B9u;
    h ^= h >> 27;
    h *= 0x94D049BB133111EBu;
    return h ^ (h >> 31);
}

static size_t slot_of(const comment_key *k)
{
    uint64_t h = mix(k->fold);
    h = mix(h ^ k->egfr);
    h = mix(h ^ (uint64_t) (uintptr_t) k->suffix);
    h = mix(h ^ (uint64_t) (k->mechanism * 2 + k->caveat));
    return (size_t) (h % CACHE_SLOTS);
}

static int same_key(const comment_key *a, const comment_key *b)
{
    return a->mechanism == b->mechanism && a->caveat == b->caveat &&
           a->fold == b->fold && a->egfr == b->egfr && a->suffix == b->suffix;
}

/* The slot holding `k`, else an empty one, else the first probed. */
static cache_slot *find_slot(cache_slot *cache, const comment_key *k)
{
    size_t start = slot_of(k), j;
    for (j = 0; j < CACHE_PROBES; j++) {
        cache_slot *slot = &cache[(start + j) % CACHE_SLOTS];
        if (slot->row < 0 || same_key(&slot->key, k))
            return slot;
    }
    return &cache[start];
}

/* A buffer that grows (R_alloc: freed when the .Call returns). */
typedef struct {
    char *text;
    size_t size;
} text_buffer;

static void reserve(text_buffer *b, size_t need)
{
    if (need <= b->size)
        return;
    b->size = 2 * need;
    b->text = R_alloc(b->size, 1);
}

static SEXP make_comment(text_buffer *b, const comment_key *k, double fold,
                         double egfr)
{
    int len = b2m_interpret_comment(b->text, b->size, k->mechanism, fold, egfr,
                                    k->caveat);
    size_t suffix_len = k->suffix == NA_STRING ? 0 : strlen(CHAR(k->suffix));
    if (len < 0)
        Rf_error("b2m internal error: comment not written");
    if ((size_t) len + suffix_len + 2 > b->size) {
        reserve(b, (size_t) len + suffix_len + 2);
        len = b2m_interpret_comment(b->text, b->size, k->mechanism, fold, egfr,
                                    k->caveat);
    }
    if (suffix_len > 0) {
        b->text[len] = ' ';
        memcpy(b->text + len + 1, CHAR(k->suffix), suffix_len);
        len += (int) suffix_len + 1;
    }
    return Rf_mkCharLenCE(b->text, len, CE_UTF8);
}

/* The comment of each row; `caveat` (logical, 1 or n) adds that B2M is
 * non-specific, `suffix` (character, 1 or n; NA for none) is appended after
 * a space. NA for a missing mechanism. */
SEXP r_interpret_comment(SEXP mechanism, SEXP fold, SEXP egfrs, SEXP caveat,
                         SEXP suffix)
{
    size_t n = (size_t) XLENGTH(mechanism), i;
    b2m_column m = r_column(mechanism), f = r_column(fold), c = r_column(caveat);
    egfr_columns e = read_egfrs(egfrs);
    size_t suffix_stride = XLENGTH(suffix) == 1 ? 0 : 1;
    cache_slot *cache;
    text_buffer buffer = {NULL, 0};
    SEXP out;

    if (TYPEOF(suffix) != STRSXP || (suffix_stride && (size_t) XLENGTH(suffix) != n))
        Rf_error("b2m internal error: bad comment suffix");
    cache = (cache_slot *) R_alloc(CACHE_SLOTS, sizeof(cache_slot));
    for (i = 0; i < CACHE_SLOTS; i++)
        cache[i].row = -1;
    reserve(&buffer, 512);
    out = PROTECT(Rf_allocVector(STRSXP, (R_xlen_t) n));
    for (i = 0; i < n; i++) {
        comment_key k;
        cache_slot *slot;
        double egfr = egfr_at(&e, i), fold_i = b2m_column_get(&f, i);
        if (i % B2M_CHUNK == 0)
            R_CheckUserInterrupt();
        k.mechanism = code_at(&m, i);
        if (k.mechanism == B2M_NA_INT) {
            SET_STRING_ELT(out, (R_xlen_t) i, NA_STRING);
            continue;
        }
        k.caveat = code_at(&c, i) == 1;
        k.fold = bits_of(fold_i);
        k.egfr = bits_of(nearbyint(egfr)); /* "%.0f" rounds the same way */
        k.suffix = STRING_ELT(suffix, (R_xlen_t) (i * suffix_stride));
        slot = find_slot(cache, &k);
        if (slot->row >= 0 && same_key(&slot->key, &k)) {
            SET_STRING_ELT(out, (R_xlen_t) i, STRING_ELT(out, slot->row));
            continue;
        }
        SET_STRING_ELT(out, (R_xlen_t) i, make_comment(&buffer, &k, fold_i, egfr));
        slot->key = k;
        slot->row = (R_xlen_t) i;
    }
    UNPROTECT(1);
    return out;
}

/* The mechanism names in code order, for R to check its levels against. */
SEXP r_interpret_levels(void)
{
    SEXP out = PROTECT(Rf_allocVector(STRSXP, B2M_MECHANISM_COUNT));
    int k;
    for (k = 1; k <= B2M_MECHANISM_COUNT; k++)
        SET_STRING_ELT(out, k - 1, Rf_mkChar(b2m_mechanism_name(k)));
    UNPROTECT(1);
    return out;
}

/* ---- rows grouped by their values ------------------------------------------
 * A cohort repeats its values: what the diagnosis adds to a comment depends
 * on a few columns (the diagnosis, the mechanism, the stages, B2M and its
 * limit), so R makes it once per distinct combination of them and hands each
 * row its combination's text. */

/* One column as read in place: its type, data and stride (0 when recycled). */
typedef struct {
    int type;
    const int *integer; /* INTSXP, LGLSXP */
    const double *real;
    const SEXP *string; /* the cached CHARSXPs */
    size_t stride;
} group_column;

typedef struct {
    group_column *columns;
    size_t n_columns;
} row_values;

static group_column group_column_of(SEXP x)
{
    group_column c;
    c.type = TYPEOF(x);
    c.integer = c.type == INTSXP ? INTEGER_RO(x) : c.type == LGLSXP ? LOGICAL_RO(x) : NULL;
    c.real = c.type == REALSXP ? REAL_RO(x) : NULL;
    c.string = c.type == STRSXP ? STRING_PTR_RO(x) : NULL;
    c.stride = XLENGTH(x) == 1 ? 0 : 1;
    return c;
}

/* The value of a column in row i, as bits (a string by its cached CHARSXP,
 * a double by its bits: equal bits are equal values). */
static uint64_t value_bits(const group_column *c, size_t i)
{
    size_t at = i * c->stride;
    if (c->integer != NULL)
        return (uint64_t) (uint32_t) c->integer[at];
    if (c->real != NULL)
        return bits_of(c->real[at]);
    return c->string != NULL ? (uint64_t) (uintptr_t) c->string[at] : 0;
}

static uint64_t row_hash(const row_values *v, size_t i)
{
    uint64_t h = 0;
    size_t k;
    /* a cheap multiply per value, the full mix once */
    for (k = 0; k < v->n_columns; k++)
        h = (h ^ value_bits(&v->columns[k], i)) * 0x9E3779B97F4A7C15u;
    return mix(h);
}

static int same_row(const row_values *v, size_t i, size_t j)
{
    size_t k;
    for (k = 0; k < v->n_columns; k++)
        if (value_bits(&v->columns[k], i) != value_bits(&v->columns[k], j))
            return 0;
    return 1;
}

/* An open-addressing table of group numbers (-1 empty) keyed by their first
 * row, of `capacity` slots (a power of two); R_alloc, freed by .Call. */
typedef struct {
    int *slots;
    size_t capacity;
    size_t *first; /* first row of each group */
    size_t groups;
} group_table;

static void table_alloc(group_table *t, size_t capacity)
{
    size_t s;
    t->capacity = capacity;
    t->slots = (int *) R_alloc(capacity, sizeof(int));
    for (s = 0; s < capacity; s++)
        t->slots[s] = -1;
}

static size_t *find_group(const group_table *t, const row_values *v, size_t i,
                          int **slot)
{
    size_t s = (size_t) row_hash(v, i) & (t->capacity - 1);
    while (t->slots[s] >= 0 && !same_row(v, t->first[t->slots[s]], i))
        s = (s + 1) & (t->capacity - 1);
    *slot = &t->slots[s];
    return t->slots[s] >= 0 ? &t->first[t->slots[s]] : NULL;
}

/* Twice the slots when half are used: every group is placed again. */
static void table_grow(group_table *t, const row_values *v)
{
    size_t *first = (size_t *) R_alloc(2 * t->capacity, sizeof(size_t)), g;
    memcpy(first, t->first, t->groups * sizeof(size_t));
    table_alloc(t, 2 * t->capacity);
    t->first = first;
    for (g = 0; g < t->groups; g++) {
        int *slot;
        (void) find_group(t, v, first[g], &slot);
        *slot = (int) g;
    }
}

/* `columns`: a list of integer, logical, double or character vectors, each
 * 1 or n long (n the longest). Returns list(group, first): each row's group
 * (1-based, numbered in order of first appearance) and the first row of each
 * group (1-based), rows being in one group when every column holds the same
 * value in both. */
SEXP r_row_groups(SEXP columns)
{
    static const char *const names[] = {"group", "first"};
    row_values v;
    group_table t;
    size_t n = 1, i, k;
    SEXP group, first, parts[2], out;
    int *g;

    if (TYPEOF(columns) != VECSXP || XLENGTH(columns) == 0)
        Rf_error("b2m internal error: rows are grouped by a list of columns");
    v.n_columns = (size_t) XLENGTH(columns);
    v.columns = (group_column *) R_alloc(v.n_columns, sizeof(group_column));
    for (k = 0; k < v.n_columns; k++) {
        SEXP x = VECTOR_ELT(columns, (R_xlen_t) k); /* held by `columns` */
        int type = TYPEOF(x);
        if ((type != INTSXP && type != LGLSXP && type != REALSXP &&
             type != STRSXP) || XLENGTH(x) == 0)
            Rf_error("b2m internal error: bad column to group rows by");
        if (XLENGTH(x) != 1 && n == 1)
            n = (size_t) XLENGTH(x);
    }
    for (k = 0; k < v.n_columns; k++) {
        SEXP x = VECTOR_ELT(columns, (R_xlen_t) k);
        if (XLENGTH(x) != 1 && (size_t) XLENGTH(x) != n)
            Rf_error("b2m internal error: the columns to group rows by differ in length");
        v.columns[k] = group_column_of(x);
    }

    table_alloc(&t, 1024);
    t.first = (size_t *) R_alloc(t.capacity, sizeof(size_t));
    t.groups = 0;
    group = PROTECT(Rf_allocVector(INTSXP, (R_xlen_t) n));
    g = INTEGER(group);
    for (i = 0; i < n; i++) {
        int *slot;
        if (i % B2M_CHUNK == 0)
            R_CheckUserInterrupt();
        if (find_group(&t, &v, i, &slot) == NULL) {
            *slot = (int) t.groups;
            t.first[t.groups++] = i;
            if (2 * t.groups > t.capacity) {
                table_grow(&t, &v);
                (void) find_group(&t, &v, i, &slot);
            }
        }
        g[i] = *slot + 1;
    }
    first = PROTECT(Rf_allocVector(INTSXP, (R_xlen_t) t.groups));
    for (k = 0; k < t.groups; k++)
        INTEGER(first)[k] = (int) t.first[k] + 1;
    parts[0] = group;
    parts[1] = first;
    out = r_named_list(names, parts, 2);
    UNPROTECT(2);
    return out;
}

/* ---- the first known of several estimates ----------------------------------
 * `columns`: a list of double vectors of one length n. Returns, per row, the
 * value of the first column where it is not missing (NA or NaN; the last
 * column's value when every one is), or with `codes` (integer, one per
 * column) the code of that column (NA when none is known): b2m_annotate()'s
 * eGFR and which equation gave it, in one pass and one result. */
#define MAX_KNOWN 16

SEXP r_first_known(SEXP columns, SEXP codes)
{
    size_t n, k, i, m;
    const double *col[MAX_KNOWN];
    int want_codes = codes != R_NilValue;
    SEXP out;

    if (TYPEOF(columns) != VECSXP || XLENGTH(columns) == 0 || XLENGTH(columns) > MAX_KNOWN ||
        (want_codes && (TYPEOF(codes) != INTSXP || XLENGTH(codes) != XLENGTH(columns))))
        Rf_error("b2m internal error: bad columns for the first known value");
    m = (size_t) XLENGTH(columns);
    n = (size_t) XLENGTH(VECTOR_ELT(columns, 0));
    col[0] = NULL;
    for (k = 0; k < m; k++) {
        SEXP x = VECTOR_ELT(columns, (R_xlen_t) k); /* held by `columns` */
        if (TYPEOF(x) != REALSXP || (size_t) XLENGTH(x) != n)
            Rf_error("b2m internal error: the first known value reads doubles of one length");
        col[k] = REAL_RO(x);
    }
    if (col[0] == NULL)
        Rf_error("b2m internal error: no column for the first known value");
    out = PROTECT(Rf_allocVector(want_codes ? INTSXP : REALSXP, (R_xlen_t) n));
    for (i = 0; i < n; i++) {
        if (i % B2M_CHUNK == 0)
            R_CheckUserInterrupt();
        double value = col[0][i];
        for (k = 0; k + 1 < m && isnan(value); k++)
            value = col[k + 1][i];
        if (want_codes)
            INTEGER(out)[i] = isnan(value) ? NA_INTEGER : INTEGER_RO(codes)[k];
        else
            REAL(out)[i] = value;
    }
    UNPROTECT(1);
    return out;
}
