/* interpret.c - what a row's B2M means: the mechanism, the work-up and a
 * laboratory-style comment (the rules of ?b2m_interpret). */
#include <stdio.h>
#include "b2m.h"

static const char *const mechanism_names[B2M_MECHANISM_COUNT] = {
    "normal", "reduced clearance", "increased production", "both", "tubular",
    "indeterminate"
};

const char *b2m_mechanism_name(int mechanism)
{
    if (mechanism < 1 || mechanism > B2M_MECHANISM_COUNT)
        return NULL;
    return mechanism_names[mechanism - 1];
}

int b2m_interpret_mechanism(int status, double egfr, double excess,
                            int pattern, b2m_interpret_cuts cuts)
{
    int reduced, beyond;

    if (pattern == B2M_PATTERN_TUBULAR)
        return B2M_MECHANISM_TUBULAR;
    if (status == B2M_NA_INT)
        return B2M_NA_INT;
    if (status != B2M_STATUS_ELEVATED)
        return B2M_MECHANISM_NORMAL;
    /* either cut-off unknown: neither cause can be told */
    if (isnan(egfr) || isnan(excess))
        return B2M_MECHANISM_INDETERMINATE;
    reduced = egfr < cuts.reduced_egfr;
    beyond = excess > cuts.excess_beyond;
    if (reduced)
        return beyond ? B2M_MECHANISM_BOTH : B2M_MECHANISM_REDUCED_CLEARANCE;
    return beyond ? B2M_MECHANISM_INCREASED_PRODUCTION
                  : B2M_MECHANISM_INDETERMINATE;
}

int b2m_interpret_follow_up(int mechanism, double egfr, int pattern,
                            int screen, b2m_interpret_cuts cuts)
{
    int kidney_ok = egfr >= cuts.reduced_egfr; /* false when egfr is NaN */
    int items = 0;

    if (mechanism == B2M_NA_INT)
        return B2M_NA_INT;
    if (mechanism == B2M_MECHANISM_NORMAL)
        return 0;
    if (!kidney_ok)
        items |= B2M_FOLLOW_UP_RENAL;
    /* production is suspected when the excess says so, or when the eGFR
     * rules out the kidney as the sole cause */
    if (screen && (mechanism == B2M_MECHANISM_INCREASED_PRODUCTION ||
        mechanism == B2M_MECHANISM_BOTH ||
        (mechanism == B2M_MECHANISM_INDETERMINATE && kidney_ok)))
        items |= B2M_FOLLOW_UP_PRODUCTION;
    if (pattern == B2M_PATTERN_TUBULAR || pattern == B2M_PATTERN_COMBINED)
        items |= B2M_FOLLOW_UP_TUBULAR;
    return items;
}

/* One printf format per case, taking the raised result then the eGFR (a
 * format may use neither, or only the first). */
static const char normal_text[] = "Serum B2M is within the reference interval.";
static const char tubular_text[] =
    "Urine B2M is raised above its limit while serum B2M is not, a pattern "
    "of proximal tubular dysfunction.";
static const char kidney_unknown_text[] =
    "%s; kidney function is unknown, so the cause cannot be told.";
static const char *const raised_texts[B2M_MECHANISM_COUNT] = {
    normal_text,
    "%s, as the reduced kidney function (%s) explains.",
    "%s with kidney function that does not explain it (%s), suggesting "
    "increased production.",
    "%s, more than the reduced kidney function (%s) explains.",
    tubular_text,
    "%s with %s; neither reduced clearance nor increased production is "
    "clear."
};
static const char caveat_text[] =
    " B2M is non-specific: this is a signpost, not a diagnosis.";

int b2m_interpret_comment(char *buf, size_t size, int mechanism, double fold,
                          double egfr, int caveat)
{
    char raised[96], gfr[64];
    const char *format;
    int len;

    if (b2m_mechanism_name(mechanism) == NULL)
        return -1;
    if (isnan(fold))
        (void) snprintf(raised, sizeof raised, "Serum B2M is raised");
    else
        (void) snprintf(raised, sizeof raised,
                 "Serum B2M is raised (%.1f x the upper reference limit)", fold);
    /* a case that prints the eGFR has one; "NA" as R would print it */
    if (isnan(egfr))
        (void) snprintf(gfr, sizeof gfr, "eGFR NA mL/min/1.73 m^2");
    else
        (void) snprintf(gfr, sizeof gfr, "eGFR %.0f mL/min/1.73 m^2", egfr);
    format = raised_texts[mechanism - 1];
    if (mechanism == B2M_MECHANISM_INDETERMINATE && isnan(egfr))
        format = kidney_unknown_text;
    /* Every template takes the two texts in this order; those that print
     * fewer leave the rest unused, which C defines (C99 7.19.6.1p2). */
    /* cppcheck-suppress wrongPrintfScanfArgNum */
    len = snprintf(buf, size, format, raised, gfr);
    if (caveat && mechanism != B2M_MECHANISM_NORMAL && len >= 0) {
        size_t used = (size_t) len < size ? (size_t) len : size - 1;
        int more = snprintf(buf + used, size - used, "%s", caveat_text);
        len = more < 0 ? more : len + more;
    }
    return len;
}
