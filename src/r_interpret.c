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

typedef struct {
    b2m_column status, excess, pattern;
    egfr_columns egfrs;
    b2m_interpret_cuts cuts;
    int *mechanism;
} mechanism_call;

static void mechanism_chunk(void *ctx, size_t start, size_t len)
{
    const mechanism_call *c = (const mechanism_call *) ctx;
    int *mechanism = c->mechanism;
    size_t i;
    for (i = start; i < start + len; i++)
        mechanism[i] = b2m_interpret_mechanism(code_at(&c->status, i),
                                               egfr_at(&c->egfrs, i),
                                               b2m_column_get(&c->excess, i),
                                               code_at(&c->pattern, i), c->cuts);
}

/* The mechanism codes (factor codes of mechanism_levels). */
SEXP r_interpret_mechanism(SEXP status, SEXP egfrs, SEXP excess, SEXP pattern,
                           SEXP cuts)
{
    size_t n = (size_t) XLENGTH(status);
    mechanism_call c;
    SEXP out;

    c.status = r_column(status);
    c.excess = r_column(excess);
    c.pattern = r_column(pattern);
    c.egfrs = read_egfrs(egfrs);
    c.cuts = read_cuts(cuts);
    out = PROTECT(Rf_allocVector(INTSXP, (R_xlen_t) n));
    c.mechanism = INTEGER(out);
    r_run_chunked(n, mechanism_chunk, &c);
    UNPROTECT(1);
    return out;
}

typedef struct {
    b2m_column mechanism, pattern, screen;
    egfr_columns egfrs;
    b2m_interpret_cuts cuts;
    SEXP texts, out;
} follow_up_call;

static void follow_up_chunk(void *ctx, size_t start, size_t len)
{
    const follow_up_call *c = (const follow_up_call *) ctx;
    size_t i;
    for (i = start; i < start + len; i++) {
        int items = b2m_interpret_follow_up(code_at(&c->mechanism, i),
                                            egfr_at(&c->egfrs, i),
                                            code_at(&c->pattern, i),
                                            code_at(&c->screen, i) != 0, c->cuts);
        SET_STRING_ELT(c->out, (R_xlen_t) i, items == B2M_NA_INT
                       ? NA_STRING : STRING_ELT(c->texts, items));
    }
}

/* The follow-up of each row: texts[k] for the item bits k (8 texts, made
 * once in R), NA for a missing mechanism; `screen` (logical, 1 or n) FALSE
 * leaves out the monoclonal-protein screen. */
SEXP r_interpret_follow_up(SEXP mechanism, SEXP egfrs, SEXP pattern,
                           SEXP screen, SEXP cuts, SEXP texts)
{
    size_t n = (size_t) XLENGTH(mechanism);
    follow_up_call c;

    if (TYPEOF(texts) != STRSXP || XLENGTH(texts) != B2M_FOLLOW_UP_COMBINATIONS)
        Rf_error("b2m internal error: bad follow-up texts");
    c.mechanism = r_column(mechanism);
    c.pattern = r_column(pattern);
    c.screen = r_column(screen);
    c.egfrs = read_egfrs(egfrs);
    c.cuts = read_cuts(cuts);
    c.texts = texts;
    c.out = PROTECT(Rf_allocVector(STRSXP, (R_xlen_t) n));
    r_run_chunked(n, follow_up_chunk, &c);
    UNPROTECT(1);
    return c.out;
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

typedef struct {
    b2m_column mechanism, fold, caveat;
    egfr_columns egfrs;
    SEXP suffix, out;
    size_t suffix_stride;
    cache_slot *cache;
    text_buffer buffer;
} comment_call;

static void comment_chunk(void *ctx, size_t start, size_t len)
{
    comment_call *c = (comment_call *) ctx;
    size_t i;
    for (i = start; i < start + len; i++) {
        comment_key k;
        cache_slot *slot;
        double egfr = egfr_at(&c->egfrs, i), fold = b2m_column_get(&c->fold, i);
        k.mechanism = code_at(&c->mechanism, i);
        if (k.mechanism == B2M_NA_INT) {
            SET_STRING_ELT(c->out, (R_xlen_t) i, NA_STRING);
            continue;
        }
        k.caveat = code_at(&c->caveat, i) == 1;
        k.fold = bits_of(fold);
        k.egfr = bits_of(nearbyint(egfr)); /* "%.0f" rounds the same way */
        k.suffix = STRING_ELT(c->suffix, (R_xlen_t) (i * c->suffix_stride));
        slot = find_slot(c->cache, &k);
        if (slot->row >= 0 && same_key(&slot->key, &k)) {
            SET_STRING_ELT(c->out, (R_xlen_t) i, STRING_ELT(c->out, slot->row));
            continue;
        }
        SET_STRING_ELT(c->out, (R_xlen_t) i, make_comment(&c->buffer, &k, fold, egfr));
        slot->key = k;
        slot->row = (R_xlen_t) i;
    }
}

/* The comment of each row; `caveat` (logical, 1 or n) adds that B2M is
 * non-specific, `suffix` (character, 1 or n; NA for none) is appended after
 * a space. NA for a missing mechanism. */
SEXP r_interpret_comment(SEXP mechanism, SEXP fold, SEXP egfrs, SEXP caveat,
                         SEXP suffix)
{
    size_t n = (size_t) XLENGTH(mechanism), i;
    comment_call c;

    c.suffix_stride = XLENGTH(suffix) == 1 ? 0 : 1;
    if (TYPEOF(suffix) != STRSXP || (c.suffix_stride && (size_t) XLENGTH(suffix) != n))
        Rf_error("b2m internal error: bad comment suffix");
    c.mechanism = r_column(mechanism);
    c.fold = r_column(fold);
    c.caveat = r_column(caveat);
    c.egfrs = read_egfrs(egfrs);
    c.suffix = suffix;
    c.cache = (cache_slot *) R_alloc(CACHE_SLOTS, sizeof(cache_slot));
    for (i = 0; i < CACHE_SLOTS; i++)
        c.cache[i].row = -1;
    c.buffer.text = NULL;
    c.buffer.size = 0;
    reserve(&c.buffer, 512);
    c.out = PROTECT(Rf_allocVector(STRSXP, (R_xlen_t) n));
    r_run_chunked(n, comment_chunk, &c);
    UNPROTECT(1);
    return c.out;
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

typedef struct {
    row_values values;
    group_table table;
    int *group; /* each row's group, 1-based */
} groups_call;

static void groups_chunk(void *ctx, size_t start, size_t len)
{
    groups_call *c = (groups_call *) ctx;
    group_table *t = &c->table;
    size_t i;
    for (i = start; i < start + len; i++) {
        int *slot;
        if (find_group(t, &c->values, i, &slot) == NULL) {
            *slot = (int) t->groups;
            t->first[t->groups++] = i;
            if (2 * t->groups > t->capacity) {
                table_grow(t, &c->values);
                (void) find_group(t, &c->values, i, &slot);
            }
        }
        c->group[i] = *slot + 1;
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
    groups_call c;
    row_values *v = &c.values;
    size_t n = 1, k;
    SEXP group, first, parts[2], out;

    if (TYPEOF(columns) != VECSXP || XLENGTH(columns) == 0)
        Rf_error("b2m internal error: rows are grouped by a list of columns");
    v->n_columns = (size_t) XLENGTH(columns);
    v->columns = (group_column *) R_alloc(v->n_columns, sizeof(group_column));
    for (k = 0; k < v->n_columns; k++) {
        SEXP x = VECTOR_ELT(columns, (R_xlen_t) k); /* held by `columns` */
        int type = TYPEOF(x);
        if ((type != INTSXP && type != LGLSXP && type != REALSXP &&
             type != STRSXP) || XLENGTH(x) == 0)
            Rf_error("b2m internal error: bad column to group rows by");
        if (XLENGTH(x) != 1 && n == 1)
            n = (size_t) XLENGTH(x);
    }
    for (k = 0; k < v->n_columns; k++) {
        SEXP x = VECTOR_ELT(columns, (R_xlen_t) k);
        if (XLENGTH(x) != 1 && (size_t) XLENGTH(x) != n)
            Rf_error("b2m internal error: the columns to group rows by differ in length");
        v->columns[k] = group_column_of(x);
    }

    table_alloc(&c.table, 1024);
    c.table.first = (size_t *) R_alloc(c.table.capacity, sizeof(size_t));
    c.table.groups = 0;
    group = PROTECT(Rf_allocVector(INTSXP, (R_xlen_t) n));
    c.group = INTEGER(group);
    r_run_chunked(n, groups_chunk, &c);
    first = PROTECT(Rf_allocVector(INTSXP, (R_xlen_t) c.table.groups));
    for (k = 0; k < c.table.groups; k++)
        INTEGER(first)[k] = (int) c.table.first[k] + 1;
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

typedef struct {
    const double *col[MAX_KNOWN];
    size_t n_columns;
    const int *codes;  /* NULL: the values are wanted */
    int *code_out;     /* exactly one of code_out and value_out is set */
    double *value_out;
} known_call;

static void known_chunk(void *ctx, size_t start, size_t len)
{
    const known_call *c = (const known_call *) ctx;
    size_t i, k;
    for (i = start; i < start + len; i++) {
        double value = c->col[0][i];
        for (k = 0; k + 1 < c->n_columns && isnan(value); k++)
            value = c->col[k + 1][i];
        if (c->code_out != NULL)
            c->code_out[i] = isnan(value) ? NA_INTEGER : c->codes[k];
        else
            c->value_out[i] = value;
    }
}

SEXP r_first_known(SEXP columns, SEXP codes)
{
    size_t n, k, m;
    known_call c;
    int want_codes = codes != R_NilValue;
    SEXP out;

    if (TYPEOF(columns) != VECSXP || XLENGTH(columns) == 0 || XLENGTH(columns) > MAX_KNOWN ||
        (want_codes && (TYPEOF(codes) != INTSXP || XLENGTH(codes) != XLENGTH(columns))))
        Rf_error("b2m internal error: bad columns for the first known value");
    m = (size_t) XLENGTH(columns);
    c.n_columns = m;
    n = (size_t) XLENGTH(VECTOR_ELT(columns, 0));
    c.col[0] = NULL;
    for (k = 0; k < m; k++) {
        SEXP x = VECTOR_ELT(columns, (R_xlen_t) k); /* held by `columns` */
        if (TYPEOF(x) != REALSXP || (size_t) XLENGTH(x) != n)
            Rf_error("b2m internal error: the first known value reads doubles of one length");
        c.col[k] = REAL_RO(x);
    }
    if (c.col[0] == NULL)
        Rf_error("b2m internal error: no column for the first known value");
    out = PROTECT(Rf_allocVector(want_codes ? INTSXP : REALSXP, (R_xlen_t) n));
    c.codes = want_codes ? INTEGER_RO(codes) : NULL;
    c.code_out = want_codes ? INTEGER(out) : NULL;
    c.value_out = want_codes ? NULL : REAL(out);
    r_run_chunked(n, known_chunk, &c);
    UNPROTECT(1);
    return out;
}
