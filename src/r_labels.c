/* r_labels.c - per-row lists of names as R strings: the "missing", "notes"
 * and "assumed_negative" columns of a risk's criteria (R/risk.R).  A row's
 * names are given as bits (bit k - 1 for the k-th label); each set of bits
 * that occurs is joined once, and every row with that set shares its
 * CHARSXP, so a million rows cost one look-up each. */
#include <string.h>
#include "r_glue.h"

/* At most this many labels: a set of them is an int code, its joined
 * strings a table of 2^labels - 1 cells. */
#define MAX_LABELS 16

/* The labels of `code`'s bits joined by `sep`, as a UTF-8 CHARSXP. */
static SEXP joined(int code, SEXP labels, const char *sep)
{
    size_t size = 1, at = 0, k, n = (size_t) XLENGTH(labels);
    char *text;
    for (k = 0; k < n; k++)
        if (code >> k & 1)
            size += strlen(Rf_translateCharUTF8(STRING_ELT(labels, (R_xlen_t) k))) +
                strlen(sep);
    text = R_alloc(size, 1);
    for (k = 0; k < n; k++) {
        const char *label;
        if (!(code >> k & 1))
            continue;
        if (at > 0) {
            memcpy(text + at, sep, strlen(sep));
            at += strlen(sep);
        }
        label = Rf_translateCharUTF8(STRING_ELT(labels, (R_xlen_t) k));
        memcpy(text + at, label, strlen(label));
        at += strlen(label);
    }
    text[at] = '\0';
    return Rf_mkCharCE(text, CE_UTF8);
}

/* Where the rows' codes are read from: `codes` (an integer vector of codes)
 * or, when it is NULL, the labels' logical vectors `hit` (n rows, or one
 * recycled: step 0), bit k set where hit[k] is TRUE. */
typedef struct {
    const int *codes;
    const int *hit[MAX_LABELS];
    R_xlen_t step[MAX_LABELS];
    int n_hits;
} row_codes;

static int code_of_row(const row_codes *r, R_xlen_t i)
{
    int k, code = 0;
    if (r->codes != NULL)
        return r->codes[i];
    for (k = 0; k < r->n_hits; k++)
        code |= (r->hit[k][i * r->step[k]] == 1) << k;
    return code;
}

/* The code of each of n rows into `out`, checked to name labels only. */
static void codes_of_rows(const row_codes *r, R_xlen_t n, int n_labels, int *out)
{
    R_xlen_t i;
    for (i = 0; i < n; i++) {
        int code = code_of_row(r, i);
        if (code == NA_INTEGER)
            code = 0;
        if (code < 0 || code >= 1 << n_labels)
            Rf_error("b2m internal error: a code names no label");
        out[i] = code;
    }
}

/* The codes (0: none) of n rows as text: the joined names of each code's
 * labels, NA for none, each joined once and shared by the rows with that
 * code. */
static SEXP names_of_codes(const int *code, R_xlen_t n, SEXP labels, const char *sep)
{
    SEXP out = PROTECT(Rf_allocVector(STRSXP, n));
    /* cell code - 1: the joined names of code, NULL until met */
    SEXP cache = PROTECT(Rf_allocVector(VECSXP, ((R_xlen_t) 1 << XLENGTH(labels)) - 1));
    R_xlen_t i;
    for (i = 0; i < n; i++) {
        SEXP text;
        if (code[i] == 0) {
            SET_STRING_ELT(out, i, NA_STRING);
            continue;
        }
        text = VECTOR_ELT(cache, code[i] - 1);
        if (text == R_NilValue) {
            text = joined(code[i], labels, sep);
            SET_VECTOR_ELT(cache, code[i] - 1, text);
        }
        SET_STRING_ELT(out, i, text);
    }
    UNPROTECT(2);
    return out;
}

/* For each of `rows` rows, the names of `labels` (character) its code sets,
 * joined by `sep` (a string), NA where it sets none.  `bits` is an integer vector
 * of codes of `rows` elements, or a list of logical vectors (see
 * code_of_row()). */
SEXP r_names_of_bits(SEXP bits, SEXP labels, SEXP sep, SEXP rows)
{
    R_xlen_t n, k;
    SEXP codes, out;
    row_codes r;
    if (TYPEOF(labels) != STRSXP || XLENGTH(labels) > MAX_LABELS ||
        TYPEOF(sep) != STRSXP || XLENGTH(sep) != 1 ||
        TYPEOF(rows) != REALSXP || XLENGTH(rows) != 1 ||
        !(TYPEOF(bits) == INTSXP || TYPEOF(bits) == VECSXP))
        Rf_error("b2m internal error: bad arguments for the names of bits");
    n = (R_xlen_t) REAL_RO(rows)[0];
    if (TYPEOF(bits) == INTSXP && XLENGTH(bits) != n)
        Rf_error("b2m internal error: the bits are not one per row");
    memset(&r, 0, sizeof r);
    r.codes = TYPEOF(bits) == INTSXP ? INTEGER_RO(bits) : NULL;
    for (k = 0; TYPEOF(bits) == VECSXP && k < XLENGTH(bits); k++) {
        SEXP hit = VECTOR_ELT(bits, k);
        if (TYPEOF(hit) != LGLSXP || (XLENGTH(hit) != 1 && XLENGTH(hit) != n) ||
            k >= XLENGTH(labels))
            Rf_error("b2m internal error: bad hits for the names of bits");
        r.hit[k] = LOGICAL_RO(hit);
        r.step[k] = XLENGTH(hit) == 1 ? 0 : 1;
        r.n_hits = (int) k + 1;
    }
    codes = PROTECT(Rf_allocVector(INTSXP, n));
    codes_of_rows(&r, n, (int) XLENGTH(labels), INTEGER(codes));
    out = names_of_codes(INTEGER(codes), n, labels,
                         Rf_translateCharUTF8(STRING_ELT(sep, 0)));
    UNPROTECT(1);
    return out;
}

/* The tests a label's terms make of a condition's state (see
 * b2m_stage_report: NA, else 1 holds and -1 not, doubled at the threshold),
 * numbered as R/risk.R's state_tests; a missing state passes none. */
enum { TEST_HOLDS = 1, TEST_FAILS = 2, TEST_AT_THRESHOLD = 3 };

#define EACH_ROW(passes)                                                    \
    do {                                                                    \
        for (i = 0; i < n; i++) {                                           \
            const int s = state[i];                                         \
            code[i] = first ? code[i] | ((passes) ? bit : 0)                \
                            : code[i] & ((passes) ? ~0 : ~bit);             \
        }                                                                   \
    } while (0)

/* A term of label `bit`: the first sets the bit where `test` passes on
 * `state`, the others clear it where it fails (a loop per test). */
static void apply_term(int *code, const int *state, R_xlen_t n, int test,
                       int bit, int first)
{
    R_xlen_t i;
    switch (test) {
    case TEST_HOLDS: EACH_ROW(s > 0); break;
    case TEST_FAILS: EACH_ROW(s < 0 && s != NA_INTEGER); break;
    default: EACH_ROW(s == 2 || s == -2); break;
    }
}

/* For each of `rows` rows, the labels whose terms all hold in it, joined by
 * `sep`, NA where none does (as r_names_of_bits()).  `states` is a list of integer
 * condition states of `rows` rows; `terms` a list with one integer vector
 * per label of pairs (index in `states` from 1, test: 1 holds, 2 fails,
 * 3 at its threshold). */
SEXP r_names_of_states(SEXP states, SEXP terms, SEXP labels, SEXP sep, SEXP rows)
{
    R_xlen_t n, k, t;
    SEXP codes, out;
    if (TYPEOF(states) != VECSXP || TYPEOF(terms) != VECSXP ||
        TYPEOF(labels) != STRSXP || XLENGTH(labels) > MAX_LABELS ||
        XLENGTH(terms) != XLENGTH(labels) || TYPEOF(sep) != STRSXP ||
        XLENGTH(sep) != 1 || TYPEOF(rows) != REALSXP || XLENGTH(rows) != 1)
        Rf_error("b2m internal error: bad arguments for the names of states");
    n = (R_xlen_t) REAL_RO(rows)[0];
    for (k = 0; k < XLENGTH(states); k++)
        if (TYPEOF(VECTOR_ELT(states, k)) != INTSXP ||
            XLENGTH(VECTOR_ELT(states, k)) != n)
            Rf_error("b2m internal error: a state is not an integer per row");
    for (k = 0; k < XLENGTH(terms); k++) {
        SEXP pairs = VECTOR_ELT(terms, k);
        if (TYPEOF(pairs) != INTSXP || XLENGTH(pairs) % 2 != 0 || XLENGTH(pairs) == 0)
            Rf_error("b2m internal error: bad terms for the names of states");
        for (t = 0; t < XLENGTH(pairs); t += 2) {
            const int state = INTEGER_RO(pairs)[t], test = INTEGER_RO(pairs)[t + 1];
            if (state == NA_INTEGER || state < 1 || state > XLENGTH(states) ||
                test < TEST_HOLDS || test > TEST_AT_THRESHOLD)
                Rf_error("b2m internal error: bad terms for the names of states");
        }
    }
    codes = PROTECT(Rf_allocVector(INTSXP, n));
    memset(INTEGER(codes), 0, (size_t) n * sizeof(int));
    for (k = 0; k < XLENGTH(terms); k++) {
        const int *pairs = INTEGER_RO(VECTOR_ELT(terms, k));
        for (t = 0; t < XLENGTH(VECTOR_ELT(terms, k)); t += 2)
            apply_term(INTEGER(codes), INTEGER_RO(VECTOR_ELT(states, pairs[t] - 1)),
                       n, pairs[t + 1], 1 << k, t == 0);
    }
    out = names_of_codes(INTEGER(codes), n, labels,
                         Rf_translateCharUTF8(STRING_ELT(sep, 0)));
    UNPROTECT(1);
    return out;
}
