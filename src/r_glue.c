/* r_glue.c - conversions between R objects and the core's types. */
/* madvise() and MADV_HUGEPAGE are outside strict C99 on glibc. */
#if defined(__linux__) && !defined(_DEFAULT_SOURCE)
#define _DEFAULT_SOURCE 1 /* NOLINT(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp) */
#endif
#include <stdint.h>
#include <string.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif
#include "r_glue.h"

/* A registry-size result column (80 MB at 1e7 rows) written at scattered
 * rows costs, with 4 kB pages, 20,000 page faults when first touched and a
 * missed address translation on nearly every write.  Linux's transparent
 * huge pages (2 MB, in "madvise" mode by default) cut both, for the memory
 * advised so; the advice covers the whole 2 MB pages inside the vector's
 * data and is only advice (ignored where huge pages are off). */
#define HUGE_PAGE ((uintptr_t) 2 << 20)

SEXP r_alloc_rows(SEXPTYPE type, R_xlen_t n)
{
    SEXP x = Rf_allocVector(type, n);
#if defined(MADV_HUGEPAGE)
    size_t bytes = (size_t) n * (type == REALSXP ? sizeof(double) : sizeof(int));
    if (bytes >= 2 * HUGE_PAGE) {
        uintptr_t first = (uintptr_t) (type == REALSXP ? (void *) REAL(x)
                                       : type == INTSXP ? (void *) INTEGER(x)
                                                        : (void *) LOGICAL(x));
        uintptr_t from = (first + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
        uintptr_t to = (first + bytes) & ~(HUGE_PAGE - 1);
        if (to > from)
            (void) madvise((void *) from, to - from, /* NOLINT(performance-no-int-to-ptr) */
                           MADV_HUGEPAGE);
    }
#endif
    return x;
}

b2m_column r_column(SEXP x)
{
    size_t length = (size_t) XLENGTH(x);
    switch (TYPEOF(x)) {
    case REALSXP:
        return b2m_column_real(REAL_RO(x), length);
    case INTSXP:
        return b2m_column_integer(INTEGER_RO(x), length);
    case LGLSXP:
        return b2m_column_integer(LOGICAL_RO(x), length);
    default:
        Rf_error("b2m internal error: a column must be numeric or logical");
    }
}

double r_scalar(SEXP x)
{
    if (TYPEOF(x) != REALSXP || XLENGTH(x) != 1)
        Rf_error("b2m internal error: expected a length-1 double");
    return REAL_RO(x)[0];
}

void r_bad_rows_offset(b2m_bad_rows *bad, size_t n, size_t start)
{
    size_t k;
    for (k = 0; k < n; k++)
        bad[k].offset = start;
}

/* The rows of one record that were kept for the message. */
static size_t reported_rows(const b2m_bad_rows *bad)
{
    return bad->count < B2M_MAX_REPORTED ? bad->count : B2M_MAX_REPORTED;
}

SEXP r_bad_values(const b2m_bad_rows *bad, size_t n_args)
{
    size_t k, j, reported = 0, total = 0, at = 0;
    SEXP out, names, arg, row, problem, count;
    const char *fields[] = {"arg", "row", "problem", "count"};

    for (k = 0; k < n_args; k++) {
        total += bad[k].count;
        reported += reported_rows(&bad[k]);
    }
    if (total == 0)
        return R_NilValue;

    out = PROTECT(Rf_allocVector(VECSXP, 4));
    arg = PROTECT(Rf_allocVector(INTSXP, (R_xlen_t) reported));
    row = PROTECT(Rf_allocVector(REALSXP, (R_xlen_t) reported));
    problem = PROTECT(Rf_allocVector(STRSXP, (R_xlen_t) reported));
    count = PROTECT(Rf_allocVector(REALSXP, (R_xlen_t) n_args));
    for (k = 0; k < n_args; k++) {
        size_t shown = reported_rows(&bad[k]);
        for (j = 0; j < shown; j++, at++) {
            INTEGER(arg)[at] = (int) k + 1;
            REAL(row)[at] = (double) bad[k].rows[j] + 1;
            SET_STRING_ELT(problem, (R_xlen_t) at, Rf_mkChar(b2m_value_problem_name(
                (b2m_value_problem) bad[k].problems[j])));
        }
        REAL(count)[k] = (double) bad[k].count;
    }
    SET_VECTOR_ELT(out, 0, arg);
    SET_VECTOR_ELT(out, 1, row);
    SET_VECTOR_ELT(out, 2, problem);
    SET_VECTOR_ELT(out, 3, count);
    names = PROTECT(Rf_allocVector(STRSXP, 4));
    for (k = 0; k < 4; k++)
        SET_STRING_ELT(names, (R_xlen_t) k, Rf_mkChar(fields[k]));
    Rf_setAttrib(out, R_NamesSymbol, names);
    /* The class is protected while setAttrib() allocates its cell. */
    Rf_setAttrib(out, R_ClassSymbol, PROTECT(Rf_mkString("b2m_bad_values")));
    UNPROTECT(7);
    return out;
}

size_t r_common_length_of(const SEXP *xs, size_t k)
{
    size_t j, n = 1;
    for (j = 0; j < k; j++) {
        size_t length = (size_t) XLENGTH(xs[j]);
        if (length == 1)
            continue;
        if (n != 1 && length != n)
            Rf_error("b2m internal error: arguments differ in length");
        n = length;
    }
    return n;
}

/* ---- measurements ------------------------------------------------------- */

SEXP r_field(SEXP x, const char *name)
{
    SEXP names;
    R_xlen_t i;
    if (TYPEOF(x) != VECSXP)
        return R_NilValue;
    names = Rf_getAttrib(x, R_NamesSymbol); /* held by x: nothing allocated */
    if (TYPEOF(names) != STRSXP)
        return R_NilValue;
    for (i = 0; i < XLENGTH(x); i++)
        if (strcmp(CHAR(STRING_ELT(names, i)), name) == 0)
            return VECTOR_ELT(x, i);
    return R_NilValue;
}

double r_number_field(SEXP x, const char *name, const char *what)
{
    SEXP value = r_field(x, name);
    if (TYPEOF(value) != REALSXP || XLENGTH(value) != 1)
        Rf_error("b2m internal error: bad `%s` of an input of %s", name, what);
    return REAL_RO(value)[0];
}

void r_unit_read(SEXP input, const char *what, b2m_scale *unit,
                 double *min_in_unit, double *max_in_unit)
{
    unit->num = r_number_field(input, "num", what);
    unit->den = r_number_field(input, "den", what);
    *max_in_unit = r_number_field(input, "max_in_unit", what);
    *min_in_unit = r_field(input, "min_in_unit") == R_NilValue
        ? 0 : r_number_field(input, "min_in_unit", what);
}

b2m_column r_censored_column(SEXP input, SEXP x, const char *what)
{
    SEXP censor = r_field(input, "censor"), bound = r_field(input, "bound");
    b2m_column col = r_column(x);
    if (censor == R_NilValue)
        return col;
    if (TYPEOF(x) != REALSXP || TYPEOF(censor) != INTSXP ||
        TYPEOF(bound) != REALSXP || XLENGTH(censor) != XLENGTH(x) ||
        XLENGTH(bound) != XLENGTH(x))
        Rf_error("b2m internal error: bad censored input of %s", what);
    return b2m_column_censored(col, INTEGER_RO(censor), REAL_RO(bound));
}

r_measurement r_measurement_read(SEXP input, const char *what)
{
    r_measurement m;
    if (r_field(input, "unit_rows") != R_NilValue)
        Rf_error("b2m internal error: %s reads no unit per row", what);
    m.value = r_field(input, "value");
    if (TYPEOF(m.value) != REALSXP && TYPEOF(m.value) != INTSXP &&
        TYPEOF(m.value) != LGLSXP)
        Rf_error("b2m internal error: bad `value` of an input of %s", what);
    m.column = r_censored_column(input, m.value, what);
    r_unit_read(input, what, &m.unit, &m.min_in_unit, &m.max_in_unit);
    m.rows = NULL;
    return m;
}

void r_unit_pairs_read(SEXP multiply, SEXP divide, SEXP min_in_unit,
                       SEXP max_in_unit, b2m_unit_pairs *pairs)
{
    size_t units = (size_t) XLENGTH(max_in_unit);
    if (TYPEOF(multiply) != REALSXP || TYPEOF(divide) != REALSXP ||
        TYPEOF(min_in_unit) != REALSXP || TYPEOF(max_in_unit) != REALSXP ||
        (size_t) XLENGTH(min_in_unit) != units ||
        (size_t) XLENGTH(multiply) != units * units ||
        (size_t) XLENGTH(divide) != units * units)
        Rf_error("b2m internal error: bad unit tables");
    pairs->n_units = units;
    pairs->multiply = REAL_RO(multiply);
    pairs->divide = REAL_RO(divide);
    pairs->min_in_unit = REAL_RO(min_in_unit);
    pairs->max_in_unit = REAL_RO(max_in_unit);
}

/* The units of `unit_rows` (see numeric_input(rows_in_c = TRUE)): its coded
 * `units`, `to` (the 1-based code of the unit the kernel reads) and the
 * pair tables, with buffers for a chunk (R_alloc'ed, too large for the
 * stack: freed when the .Call returns). */
static struct r_unit_rows *unit_rows_read(SEXP unit_rows, const char *what)
{
    struct r_unit_rows *rows =
        (struct r_unit_rows *) R_alloc(1, sizeof(struct r_unit_rows));
    SEXP to = r_field(unit_rows, "to");
    size_t k;
    r_unit_pairs_read(r_field(unit_rows, "multiply"), r_field(unit_rows, "divide"),
                      r_field(unit_rows, "min"), r_field(unit_rows, "max"),
                      &rows->pairs);
    if (TYPEOF(to) != INTSXP || XLENGTH(to) != 1 || INTEGER_RO(to)[0] < 1 ||
        (size_t) INTEGER_RO(to)[0] > rows->pairs.n_units)
        Rf_error("b2m internal error: bad unit per row of %s", what);
    r_coded_init(&rows->units, r_field(unit_rows, "units"));
    for (k = 0; k < B2M_CHUNK; k++)
        rows->to[k] = INTEGER_RO(to)[0];
    return rows;
}

r_measurement r_measurement_read_rows(SEXP input, const char *what)
{
    SEXP unit_rows = r_field(input, "unit_rows");
    r_measurement m;
    if (unit_rows == R_NilValue)
        return r_measurement_read(input, what);
    m.value = r_field(input, "value");
    /* R hands plain numbers, as long as the units (never a censored one) */
    if ((TYPEOF(m.value) != REALSXP && TYPEOF(m.value) != INTSXP &&
         TYPEOF(m.value) != LGLSXP) || r_field(input, "censor") != R_NilValue)
        Rf_error("b2m internal error: bad `value` of an input of %s", what);
    m.column = r_column(m.value);
    r_unit_read(input, what, &m.unit, &m.min_in_unit, &m.max_in_unit);
    m.rows = unit_rows_read(unit_rows, what);
    if (XLENGTH(m.rows->units.x) != XLENGTH(m.value))
        Rf_error("b2m internal error: units per row of %s", what);
    return m;
}

b2m_column r_measurement_rows(const r_measurement *m, size_t start, size_t len,
                              b2m_bad_rows *bad)
{
    struct r_unit_rows *rows = m->rows;
    if (rows == NULL)
        return b2m_column_from(m->column, start);
    if (len > B2M_CHUNK)
        Rf_error("b2m internal error: a chunk of more than %d rows",
                 (int) B2M_CHUNK);
    r_coded_fill(&rows->units, start, len, rows->from);
    b2m_convert_rows(len, b2m_column_from(m->column, start), rows->from,
                     rows->to, &rows->pairs, rows->converted, bad);
    return b2m_column_real(rows->converted, len);
}

void r_run_chunks(size_t n, size_t chunk, r_chunk_fn fn, void *ctx)
{
    size_t start;
    for (start = 0; start < n; start += chunk) {
        fn(ctx, start, n - start < chunk ? n - start : chunk);
        R_CheckUserInterrupt();
    }
}

void r_run_chunked(size_t n, r_chunk_fn fn, void *ctx)
{
    r_run_chunks(n, B2M_CHUNK, fn, ctx);
}

static SEXP flagged_rows(const b2m_bad_rows *flags)
{
    size_t j, shown = flags->count < B2M_MAX_REPORTED ? flags->count : B2M_MAX_REPORTED;
    SEXP out = PROTECT(Rf_allocVector(VECSXP, 2));
    SEXP row = PROTECT(Rf_allocVector(REALSXP, (R_xlen_t) shown));
    SEXP names = PROTECT(Rf_allocVector(STRSXP, 2));
    /* cppcheck follows one caller whose record is still empty and calls the
     * condition always false; other callers fill it. */
    /* cppcheck-suppress knownConditionTrueFalse */
    for (j = 0; j < shown; j++)
        REAL(row)[j] = (double) flags->rows[j] + 1;
    SET_VECTOR_ELT(out, 0, row);
    SET_VECTOR_ELT(out, 1, Rf_ScalarReal((double) flags->count));
    SET_STRING_ELT(names, 0, Rf_mkChar("row"));
    SET_STRING_ELT(names, 1, Rf_mkChar("count"));
    Rf_setAttrib(out, R_NamesSymbol, names);
    UNPROTECT(3);
    return out;
}

SEXP r_result(SEXP out, const b2m_bad_rows *bad, size_t n_bad,
              const b2m_bad_rows *flags)
{
    size_t k;
    for (k = 0; k < n_bad; k++)
        if (bad[k].count > 0)
            return r_bad_values(bad, n_bad);
    if (flags != NULL && flags->count > 0) {
        SEXP symbol = Rf_install("b2m_flagged"); /* symbols are never collected */
        Rf_setAttrib(out, symbol, PROTECT(flagged_rows(flags)));
        UNPROTECT(1);
    }
    return out;
}

/* ---- coded columns ------------------------------------------------------- */

/* The strings r_distinct_strings() compares each element with first. */
#define RECENT 4

/* CHARSXPs are cached: equal strings (in one encoding) are one pointer. */
static size_t pointer_hash(SEXP s, size_t mask)
{
    uintptr_t p = (uintptr_t) s;
    return (size_t) ((p >> 4) * (uintptr_t) 0x9E3779B97F4A7C15ull) & mask;
}

/* An open-addressing table of `capacity` (a power of two) slots, -1 empty. */
static int *new_slots(size_t capacity)
{
    int *slots = (int *) R_alloc(capacity, sizeof *slots);
    size_t k;
    for (k = 0; k < capacity; k++)
        slots[k] = -1;
    return slots;
}

SEXP r_distinct_strings(SEXP x)
{
    size_t n = (size_t) XLENGTH(x), i, k, found = 0, capacity = 64;
    SEXP *seen;
    int *slots;
    SEXP out;

    if (TYPEOF(x) != STRSXP)
        Rf_error("b2m internal error: distinct strings of a non-character vector");
    const SEXP *string = STRING_PTR_RO(x); /* read-only: R's cached strings */
    /* the first four strings found (R_NilValue, which no element of a
     * character vector is, until then), compared without a branch: a unit
     * column has two or three, in any order */
    SEXP recent[RECENT];
    seen = (SEXP *) R_alloc(capacity / 2, sizeof(SEXP));
    slots = new_slots(capacity);
    for (k = 0; k < RECENT; k++)
        recent[k] = R_NilValue;
    for (i = 0; i < n; i++) {
        SEXP s = string[i];
        size_t h;
        if ((s == recent[0]) | (s == recent[1]) | (s == recent[2]) | (s == recent[3]))
            continue;
        h = pointer_hash(s, capacity - 1);
        while (slots[h] >= 0 && seen[slots[h]] != s)
            h = (h + 1) & (capacity - 1);
        if (slots[h] >= 0)
            continue;
        if (found == capacity / 2) {
            /* Keep the table at most half full: double it and rehash. */
            SEXP *more = (SEXP *) R_alloc(capacity, sizeof(SEXP));
            memcpy(more, seen, found * sizeof(SEXP));
            seen = more;
            capacity *= 2;
            slots = new_slots(capacity);
            for (k = 0; k < found; k++) {
                size_t g = pointer_hash(seen[k], capacity - 1);
                while (slots[g] >= 0)
                    g = (g + 1) & (capacity - 1);
                slots[g] = (int) k;
            }
            h = pointer_hash(s, capacity - 1);
            while (slots[h] >= 0)
                h = (h + 1) & (capacity - 1);
        }
        if (found < RECENT)
            recent[found] = s;
        seen[found] = s;
        slots[h] = (int) found++;
    }
    out = PROTECT(Rf_allocVector(STRSXP, (R_xlen_t) found));
    for (k = 0; k < found; k++)
        SET_STRING_ELT(out, (R_xlen_t) k, seen[k]);
    UNPROTECT(1);
    return out;
}

void r_coded_init(r_coded *coded, SEXP spec)
{
    SEXP labels, values;
    if (TYPEOF(spec) != VECSXP || XLENGTH(spec) != 3)
        Rf_error("b2m internal error: a coded column is list(x, labels, values)");
    coded->x = VECTOR_ELT(spec, 0);
    labels = VECTOR_ELT(spec, 1);
    values = VECTOR_ELT(spec, 2);
    if (TYPEOF(values) != INTSXP || (TYPEOF(coded->x) == STRSXP &&
        (TYPEOF(labels) != STRSXP || XLENGTH(labels) != XLENGTH(values))))
        Rf_error("b2m internal error: bad coded column");
    coded->values = INTEGER_RO(values);
    coded->n_values = (size_t) XLENGTH(values);
    coded->keys = NULL;
    coded->slots = NULL;
    coded->mask = 0;
    if (TYPEOF(coded->x) == STRSXP) {
        size_t n = (size_t) XLENGTH(labels), capacity = 16, k;
        SEXP *keys;
        int *slots;
        while (capacity < 2 * n)
            capacity *= 2;
        keys = (SEXP *) R_alloc(n > 0 ? n : 1, sizeof(SEXP));
        slots = new_slots(capacity);
        for (k = 0; k < n; k++) {
            size_t h;
            keys[k] = STRING_ELT(labels, (R_xlen_t) k);
            h = pointer_hash(keys[k], capacity - 1);
            while (slots[h] >= 0)
                h = (h + 1) & (capacity - 1);
            slots[h] = (int) k;
        }
        coded->keys = keys;
        coded->slots = slots;
        coded->mask = capacity - 1;
    } else if (TYPEOF(coded->x) != INTSXP && TYPEOF(coded->x) != LGLSXP) {
        Rf_error("b2m internal error: a coded column is character, factor or NA");
    }
}

/* The value of label `s` of a character coded column (B2M_NA_INT when it
 * is none). */
static int label_value(const r_coded *coded, SEXP s)
{
    size_t h = pointer_hash(s, coded->mask);
    int at;
    while ((at = coded->slots[h]) >= 0 && coded->keys[at] != s)
        h = (h + 1) & coded->mask;
    return at >= 0 ? coded->values[at] : B2M_NA_INT;
}

/* r_coded_fill() of a character column, a row per element: each pointer is
 * compared with the last two labels met, without a branch on which one
 * (R_NilValue, which no element of a character vector is, until then), and
 * looked up only when it is neither.  A unit column mixing two units at
 * random costs a mispredicted branch per row in a cache of one label (the
 * run-cached loop of r_coded_fill()); here two compares. */
static void fill_two(const r_coded *coded, const SEXP *x, size_t len, int *out)
{
    SEXP r0 = R_NilValue, r1 = R_NilValue;
    int v0 = B2M_NA_INT, v1 = B2M_NA_INT;
    size_t j;
    for (j = 0; j < len; j++) {
        SEXP s = x[j];
        /* masks, not a branch on which label: they come in any order */
        const int at0 = -(s == r0), at1 = -(s == r1);
        out[j] = (v0 & at0) | (v1 & ~at0);
        if ((at0 | at1) != 0)
            continue;
        r1 = r0;
        v1 = v0;
        r0 = s;
        v0 = label_value(coded, s);
        out[j] = v0;
    }
}

/* Rows read at a time by fill_pieces(). */
#define FILL_PIECE ((size_t) 128)

/* The codes of FILL_PIECE labels, each given as two 32-bit words w[2j] and
 * w[2j + 1] (a pointer's bits), of which word 1 - d is `shared` by the two
 * labels expected and word d is first_d in the first and second_d in the
 * second: v1 where word d is second_d, else v0, into out.  Returns nonzero
 * when a label is neither.  A pointer is compared a word at a time because
 * SSE2, the x86-64 baseline, compares 32-bit words but no 64-bit ones: gcc
 * vectorizes this loop at -O2 (d a constant, fill_pair() inlines it). */
static inline uint32_t code_pair(const uint32_t *restrict w, size_t d,
                                 uint32_t first_d, uint32_t second_d,
                                 uint32_t shared, int v0, int v1, int *restrict out)
{
    const uint32_t *restrict word = w + d, *restrict other_word = w + (1 - d);
    uint32_t other = 0;
    size_t j;
    for (j = 0; j < FILL_PIECE; j++) {
        const uint32_t a = word[2 * j];
        const uint32_t in_second = -(uint32_t) (a == second_d);
        other |= (other_word[2 * j] ^ shared) | ((a ^ first_d) & ~in_second);
        out[j] = (int) (((uint32_t) v1 & in_second) | ((uint32_t) v0 & ~in_second));
    }
    return other;
}

/* fill_two() of FILL_PIECE rows holding one or two labels, the common case
 * of a unit column: each row is coded from one compare with the second label
 * (the first that is not the first row's), without a loop-carried cache
 * (code_pair()).  Returns 0 when a row holds a third label, or when the two
 * labels' pointers share neither 32-bit half (labels more than 4 GB apart):
 * out is then to be filled again. */
static int fill_pair(const r_coded *coded, const SEXP *x, int *out)
{
    uint32_t words[2 * FILL_PIECE], first[2], second[2], other;
    SEXP other_label = x[0];
    size_t j;
    int v0, v1;
    for (j = 1; j < FILL_PIECE && other_label == x[0]; j++)
        other_label = x[j];
    /* a pointer's bits: equal exactly when the pointers are (a flat
     * address space, as on every platform R runs on) */
    memcpy(words, x, sizeof words);
    memcpy(first, &x[0], sizeof first);
    memcpy(second, &other_label, sizeof second);
    if (first[1] != second[1] && first[0] != second[0])
        return 0;
    v0 = label_value(coded, x[0]);
    v1 = other_label == x[0] ? v0 : label_value(coded, other_label);
    other = first[1] == second[1]
        ? code_pair(words, 0, first[0], second[0], first[1], v0, v1, out)
        : code_pair(words, 1, first[1], second[1], first[0], v0, v1, out);
    return other == 0;
}

/* fill_two() a piece of FILL_PIECE rows at a time, through fill_pair()
 * when it can. */
static void fill_pieces(const r_coded *coded, const SEXP *x, size_t len, int *out)
{
    size_t at;
    for (at = 0; at < len; at += FILL_PIECE) {
        const size_t rows = len - at < FILL_PIECE ? len - at : FILL_PIECE;
        /* fill_pair() reads a pointer as two 32-bit words */
        if (sizeof(SEXP) != 2 * sizeof(uint32_t) || rows < FILL_PIECE ||
            !fill_pair(coded, x + at, out + at))
            fill_two(coded, x + at, rows, out + at);
    }
}

void r_coded_fill(const r_coded *coded, size_t start, size_t len, int *out)
{
    /* A length-1 argument is recycled. */
    size_t stride = XLENGTH(coded->x) == 1 ? 0 : 1, j;
    if (TYPEOF(coded->x) == STRSXP) {
        /* read-only: the pointers of R's cached strings, never written */
        const SEXP *x = STRING_PTR_RO(coded->x) + start * stride;
        if (stride == 1) {
            fill_pieces(coded, x, len, out);
            return;
        }
        /* a recycled label: looked up once */
        if (len > 0) {
            const int value = label_value(coded, x[0]);
            for (j = 0; j < len; j++)
                out[j] = value;
        }
    } else if (TYPEOF(coded->x) == INTSXP) {
        const int *code = INTEGER_RO(coded->x) + start * stride;
        for (j = 0; j < len; j++) {
            int c = code[j * stride];
            out[j] = c >= 1 && (size_t) c <= coded->n_values ? coded->values[c - 1]
                                                              : B2M_NA_INT;
        }
    } else {
        for (j = 0; j < len; j++)
            out[j] = B2M_NA_INT; /* an all-NA logical: missing */
    }
}

/* Whether some element of v[0, n) equals `value` (`equal` 1) or differs
 * from it (`equal` 0). */
static int some_element(const int *v, R_xlen_t n, int value, int equal)
{
    R_xlen_t i;
    for (i = 0; i < n; i++)
        if ((v[i] == value) == equal)
            return 1;
    return 0;
}

SEXP r_all_missing(SEXP x)
{
    if (TYPEOF(x) != LGLSXP)
        Rf_error("b2m internal error: r_all_missing needs a logical vector");
    return Rf_ScalarLogical(!some_element(LOGICAL_RO(x), XLENGTH(x), NA_LOGICAL, 0));
}

SEXP r_any_missing_code(SEXP x)
{
    if (TYPEOF(x) != INTSXP)
        Rf_error("b2m internal error: r_any_missing_code needs integer codes");
    return Rf_ScalarLogical(some_element(INTEGER_RO(x), XLENGTH(x), NA_INTEGER, 1));
}

/* ---- the core's named constants, for R -------------------------------------
 * One list, so that R never mirrors a C number or code by position. */

/* Names `out` (protected by the caller) by the n strings `names`. */
static void set_names(SEXP out, const char *const *names, int n)
{
    SEXP out_names = PROTECT(Rf_allocVector(STRSXP, n));
    int k;
    for (k = 0; k < n; k++)
        SET_STRING_ELT(out_names, k, Rf_mkChar(names[k]));
    Rf_setAttrib(out, R_NamesSymbol, out_names);
    UNPROTECT(1);
}

SEXP r_named_list(const char *const *names, const SEXP *values, int n)
{
    SEXP out = PROTECT(Rf_allocVector(VECSXP, n));
    int k;
    for (k = 0; k < n; k++)
        SET_VECTOR_ELT(out, k, values[k]);
    set_names(out, names, n);
    UNPROTECT(1);
    return out;
}

SEXP r_named_doubles(const char *const *names, const double *values, int n)
{
    SEXP out = PROTECT(Rf_allocVector(REALSXP, n));
    int k;
    for (k = 0; k < n; k++)
        REAL(out)[k] = values[k];
    set_names(out, names, n);
    UNPROTECT(1);
    return out;
}

/* The CKD-EPI equations' codes, named as R's egfr_ckdepi() calls them. */
static SEXP equation_codes(void)
{
    static const char *const names[] = {"cr", "cys", "crcys", "cr2009", "crcys2012"};
    static const int codes[] = {B2M_EGFR_CR, B2M_EGFR_CYS, B2M_EGFR_CRCYS,
                                B2M_EGFR_CR_2009, B2M_EGFR_CRCYS_2012};
    SEXP out = PROTECT(Rf_allocVector(INTSXP, B2M_EGFR_EQUATIONS));
    int k;
    for (k = 0; k < B2M_EGFR_EQUATIONS; k++)
        INTEGER(out)[k] = codes[k];
    set_names(out, names, B2M_EGFR_EQUATIONS);
    UNPROTECT(1);
    return out;
}

SEXP r_constants(void)
{
    static const char *const names[] = {"max_reported", "egfr_equation",
                                        "ckdepi_min_age", "dialysis_ecf_fraction"};
    SEXP values[4], out;
    values[0] = PROTECT(Rf_ScalarInteger(B2M_MAX_REPORTED));
    values[1] = PROTECT(equation_codes());
    values[2] = PROTECT(Rf_ScalarReal(B2M_CKDEPI_MIN_AGE));
    values[3] = PROTECT(Rf_ScalarReal(B2M_DIALYSIS_ECF_FRACTION));
    out = r_named_list(names, values, 4);
    UNPROTECT(4);
    return out;
}
