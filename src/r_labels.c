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

/* For each of `rows` rows, the names of `labels` (character) its code sets,
 * joined by `sep` (a string), NA where it sets none.  `bits` is an integer
 * vector of codes of `rows` elements, or a list of logical vectors (see
 * code_of_row()). */
SEXP r_names_of_bits(SEXP bits, SEXP labels, SEXP sep, SEXP rows)
{
    R_xlen_t n, i, k;
    int n_labels;
    SEXP out, cache;
    const char *separator;
    row_codes r;
    if (TYPEOF(labels) != STRSXP || XLENGTH(labels) > MAX_LABELS ||
        TYPEOF(sep) != STRSXP || XLENGTH(sep) != 1 ||
        TYPEOF(rows) != REALSXP || XLENGTH(rows) != 1 ||
        !(TYPEOF(bits) == INTSXP || TYPEOF(bits) == VECSXP))
        Rf_error("b2m internal error: bad arguments for the names of bits");
    n_labels = (int) XLENGTH(labels);
    n = (R_xlen_t) REAL_RO(rows)[0];
    if (TYPEOF(bits) == INTSXP && XLENGTH(bits) != n)
        Rf_error("b2m internal error: the bits are not one per row");
    memset(&r, 0, sizeof r);
    r.codes = TYPEOF(bits) == INTSXP ? INTEGER_RO(bits) : NULL;
    for (k = 0; TYPEOF(bits) == VECSXP && k < XLENGTH(bits); k++) {
        SEXP hit = VECTOR_ELT(bits, k);
        if (TYPEOF(hit) != LGLSXP || (XLENGTH(hit) != 1 && XLENGTH(hit) != n) ||
            k >= n_labels)
            Rf_error("b2m internal error: bad hits for the names of bits");
        r.hit[k] = LOGICAL_RO(hit);
        r.step[k] = XLENGTH(hit) == 1 ? 0 : 1;
        r.n_hits = (int) k + 1;
    }
    separator = Rf_translateCharUTF8(STRING_ELT(sep, 0));
    out = PROTECT(Rf_allocVector(STRSXP, n));
    /* cell code - 1: the joined names of code, NULL until met */
    cache = PROTECT(Rf_allocVector(VECSXP, ((R_xlen_t) 1 << n_labels) - 1));
    for (i = 0; i < n; i++) {
        int code = code_of_row(&r, i);
        SEXP text;
        if (code == 0 || code == NA_INTEGER) {
            SET_STRING_ELT(out, i, NA_STRING);
            continue;
        }
        if (code < 0 || code >= 1 << n_labels)
            Rf_error("b2m internal error: a code names no label");
        text = VECTOR_ELT(cache, code - 1);
        if (text == R_NilValue) {
            text = joined(code, labels, separator);
            SET_VECTOR_ELT(cache, code - 1, text);
        }
        SET_STRING_ELT(out, i, text);
    }
    UNPROTECT(2);
    return out;
}
