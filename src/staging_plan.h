/* staging_plan.h - the compiled plan of a staging system, private to
 * staging.c (the C tests include it to look inside; the glue and every other
 * file know the plan only as the opaque b2m_stage_plan of b2m.h). */
#ifndef B2M_STAGING_PLAN_H
#define B2M_STAGING_PLAN_H

#include <stddef.h>
#include <stdint.h>
#include "b2m.h"

/* A system compiled for one call: the thresholds in the units of the data
 * and, for every set of holding clauses (a bit mask, bit j = the j-th clause
 * of the system, counted over its criteria in order), the criteria met, the
 * stage and the score.  These depend on the row only through that mask, so
 * a complete row costs its comparisons and one table look-up; only rows
 * with a missing value take the exact enumeration, once per distinct
 * pattern (see `code_of`).  A system whose criteria are one clause each has
 * clause j = criterion j. */
#define B2M_STAGE_MASKS (1 << B2M_STAGE_MAX_CLAUSES)
/* Row keys: the holding clauses (bits 0 .. n_clauses - 1), then one bit per
 * missing column (bit n_clauses + k for column k), so 1 << (n_clauses +
 * n_columns) of them, sized by the system (a table sized by the limits
 * would be 2^17 entries, allocated on every call).  Rows with a censored
 * value: keys censored_base + s, s a slot of the plan's cache of censored
 * rows (see b2m_stage_censored). */
#define B2M_STAGE_CENSORED_KEYS 512
#define B2M_STAGE_N_KEYS(n_clauses, n_columns) \
    (((size_t) 1 << ((n_clauses) + (n_columns))) + B2M_STAGE_CENSORED_KEYS)
/* The bytes of the plan of such a system: its three key tables follow it. */
#define B2M_STAGE_PLAN_BYTES(n_clauses, n_columns) \
    (offsetof(b2m_stage_plan, key_tables) + 3 * B2M_STAGE_N_KEYS(n_clauses, n_columns))
/* The regions a column's thresholds cut the line into: below the first, at
 * it, between it and the next, ..., above the last. */
#define B2M_STAGE_MAX_REGIONS (2 * B2M_STAGE_MAX_CONDITIONS + 1)

/* What a censored row is, beyond its key's holding clauses and missing
 * columns: which columns are censored, the first and last regions of each
 * one's interval, and which comparisons of two columns its intervals
 * decide (their holding ones are in the key).  Compared byte by byte: set
 * with memset first. */
typedef struct {
    uint32_t key;
    uint16_t censored;      /* bit k: column k is censored */
    uint16_t decided;       /* bit c: `versus` condition c is decided */
    unsigned char first[B2M_STAGE_MAX_COLUMNS], last[B2M_STAGE_MAX_COLUMNS];
} b2m_stage_censored;

/* The slots of rows censored in one column that is compared with no other
 * column (nearly all censored rows), found again by their key, column and
 * regions alone, without hashing and comparing a whole description.
 * Direct-mapped, overwritten on a collision. */
#define B2M_STAGE_CENSORED_MEMO 256

/* The censored rows met so far, each with a slot whose key's code, met and
 * open entries hold its stage; a hash table over them, and the memo of
 * rows censored in one column.  Emptied before a block of rows when it
 * could not take a whole block more. */
typedef struct {
    size_t n;
    b2m_stage_censored row[B2M_STAGE_CENSORED_KEYS];
    short bucket[2 * B2M_STAGE_CENSORED_KEYS]; /* -1 empty, else a slot */
    uint64_t memo_tag[B2M_STAGE_CENSORED_MEMO]; /* 0 empty (see memo_tag()) */
    uint16_t memo_slot[B2M_STAGE_CENSORED_MEMO];
} b2m_stage_censored_cache;

/* What of a plan depends on the unit of the data, for one unit of each
 * column (unit u of column k: the u-th of the units b2m_stage_units gave
 * it; a column with fewer units repeats its unit 0 here).  A row is read
 * and compared in its own unit: a column with a unit per row (see
 * b2m_column) takes these from its row's unit, every other column from
 * unit 0. */
typedef struct {
    /* per condition: the threshold in its column's unit, and the
     * comparison's threshold on the data (see data_op) */
    double threshold[B2M_STAGE_MAX_CONDITIONS];
    double data_threshold[B2M_STAGE_MAX_CONDITIONS];
    /* per column: its smallest (0: none) and largest plausible values */
    double min_in_unit[B2M_STAGE_MAX_COLUMNS], max_in_unit[B2M_STAGE_MAX_COLUMNS];
    /* per column of measurements and limits: its thresholds, distinct and
     * ascending (the regions they cut are the same in every unit: see
     * region_mask) */
    double breaks[B2M_STAGE_MAX_COLUMNS][B2M_STAGE_MAX_CONDITIONS];
    /* per column: a plausible value lies in [lowest, highest] (NaN and every
     * bad value outside) */
    double lowest[B2M_STAGE_MAX_COLUMNS], highest[B2M_STAGE_MAX_COLUMNS];
    /* per column of measurements and limits: the regions of lowest and
     * highest (where a censored value's interval ends on that side) */
    unsigned char lowest_region[B2M_STAGE_MAX_COLUMNS];
    unsigned char highest_region[B2M_STAGE_MAX_COLUMNS];
} b2m_stage_in_unit;

struct b2m_stage_plan {
    const b2m_stage_system *system;
    size_t n_conditions, n_clauses;
    /* per criterion: its clauses' bits */
    unsigned clauses_of[B2M_STAGE_MAX_CRITERIA];
    /* per condition, in criterion and clause order */
    const b2m_stage_condition *condition[B2M_STAGE_MAX_CONDITIONS];
    unsigned bit[B2M_STAGE_MAX_CONDITIONS];      /* 1u << its clause */
    /* The comparison made on the data: an age's comparison of completed
     * years, floor(age) > 65, is the same as age >= 66 on the age itself
     * (the thresholds: in_unit[u].data_threshold). */
    b2m_stage_op data_op[B2M_STAGE_MAX_CONDITIONS];
    /* per column: how many units it may be in (1 .. B2M_STAGE_MAX_UNITS) */
    size_t n_units[B2M_STAGE_MAX_COLUMNS];
    b2m_stage_in_unit in_unit[B2M_STAGE_MAX_UNITS];
    /* per column with a unit per row, for units u and v of it: whether a
     * value x in u, multiplied by 1 + to_unit_m1[k][u][v], is read in v
     * (checked, compared, equal to a threshold) exactly as x is in u,
     * whatever x (compile_conversions()): a block of rows in u and v is
     * then read as one column in v */
    unsigned char converts[B2M_STAGE_MAX_COLUMNS][B2M_STAGE_MAX_UNITS]
                          [B2M_STAGE_MAX_UNITS];
    double to_unit_m1[B2M_STAGE_MAX_COLUMNS][B2M_STAGE_MAX_UNITS][B2M_STAGE_MAX_UNITS];
    /* per column: the criteria its own conditions can meet (a mask each,
     * distinct) over all its possible values, for a row where it is
     * missing (staging.c); the same in each of its units */
    unsigned column_masks[B2M_STAGE_MAX_COLUMNS][3 * B2M_STAGE_MAX_CONDITIONS];
    size_t n_column_masks[B2M_STAGE_MAX_COLUMNS];
    /* per column of measurements and limits: the count of its breaks (see
     * b2m_stage_in_unit) and the clauses its own conditions make hold in
     * each region they cut (for a censored value); the same in each of its
     * units */
    size_t n_breaks[B2M_STAGE_MAX_COLUMNS];
    unsigned region_mask[B2M_STAGE_MAX_COLUMNS][B2M_STAGE_MAX_REGIONS];
    /* per column: whether an integer column is read as it is (a flag
     * compared with nothing else) */
    int read_integer[B2M_STAGE_MAX_COLUMNS];
    unsigned versus_columns; /* bit k: column k is compared with another */
    int first_condition[B2M_STAGE_MAX_COLUMNS]; /* its first comparison with a
                                                   threshold, or -1 */
    /* per mask of holding clauses */
    unsigned char criteria_of[B2M_STAGE_MASKS]; /* bit c: criterion c met */
    int stage_of[B2M_STAGE_MASKS];     /* 1-based group or B2M_NA_INT */
    double score_of[B2M_STAGE_MASKS + 1]; /* and last, NA */
    uint32_t censored_base; /* 1 << (n_clauses + n_columns) */
    /* per row key: 0 not yet known, -1 no stage (NA), else the 1-based
     * group; complete rows are filled by b2m_stage_plan_make(), rows with a
     * missing value by b2m_stage_run() the first time their key is met. */
    signed char *code_of;
    /* per row key, set with its code: the criteria met whatever the missing
     * values are, and those met for some of them only (undetermined) */
    unsigned char *met_of, *open_of;
    b2m_stage_censored_cache censored;
    /* where code_of, met_of and open_of point (so a plan is never copied):
     * censored_base + B2M_STAGE_CENSORED_KEYS entries each */
    unsigned char key_tables[];
};

#endif
