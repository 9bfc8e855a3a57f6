/* test_trend.c - per-patient trends: rows, aggregates, duplicates, chunks. */
#include "check.h"
#include "b2m.h"

/* Two patients, unsorted rows, missing values:
 *   row: 0    1    2    3    4    5    6
 *   grp: 2    1    1    2    1    1    2
 *   t:   30   10   0    0    20   30   10
 *   v:   5    NA   NA   4    8    2    NA
 * Patient 1 in time order: rows 2 (NA), 1 (NA), 4 (8), 5 (2);
 * patient 2: rows 3 (4), 6 (NA), 0 (5). */
static const int group[7] = {2, 1, 1, 2, 1, 1, 2};
static const double time_[7] = {30, 10, 0, 0, 20, 30, 10};
static const int order[7] = {3, 2, 5, 6, 4, 7, 1}; /* 1-based, by (group, time) */
/* Times by ordered position and each group's end, as the ordering gives them. */
static const double sorted_time[7] = {0, 10, 20, 30, 0, 10, 30};
static const int ends[2] = {4, 7};

static b2m_trend_data example(const double *value)
{
    b2m_trend_data d;
    d.n = 7;
    d.order = order;
    d.group = group;
    d.time = sorted_time;
    d.group_end = ends;
    d.value = b2m_column_real(value, 7);
    d.rcv_down = NAN;
    d.rcv_up = NAN;
    return d;
}

/* The per-row outputs, all in one place. */
typedef struct {
    double base[7], change[7], pct[7], nadir[7], rise[7], previous[7], pct_previous[7];
    int significant[7], from_previous[7], from_nadir[7];
} row_results;

static b2m_trend_rows_out rows_into(row_results *r)
{
    b2m_trend_rows_out out;
    out.baseline = r->base;
    out.change = r->change;
    out.pct_change = r->pct;
    out.nadir = r->nadir;
    out.pct_from_nadir = r->rise;
    out.previous = r->previous;
    out.pct_from_previous = r->pct_previous;
    out.significant_change = r->significant;
    out.significant_from_previous = r->from_previous;
    out.significant_from_nadir = r->from_nadir;
    return out;
}

static void test_rows(void)
{
    const double v[7] = {5, NAN, NAN, 4, 8, 2, NAN};
    b2m_trend_data d = example(v);
    row_results r;
    b2m_trend_rows_out out = rows_into(&r);
    b2m_bad_rows dups;
    const double *base = r.base, *change = r.change, *pct = r.pct;
    const double *nadir = r.nadir, *rise = r.rise;
    int k;

    b2m_bad_rows_init(&dups);
    CHECK(b2m_trend_pass(&d, 0, 100, &out, NULL, &dups) == 7);
    CHECK(dups.count == 0);
    b2m_trend_rows_finish(&d, 0, 7, &out);
    /* The previous non-missing value, kept over missing ones. */
    CHECK(isnan(r.previous[2]) && isnan(r.previous[1]) && isnan(r.previous[4]));
    CHECK(r.previous[5] == 8 && r.pct_previous[5] == -75);
    CHECK(isnan(r.previous[3]) && r.previous[6] == 4 && r.previous[0] == 4);
    CHECK(isnan(r.pct_previous[6]) && r.pct_previous[0] == 25);
    /* Without RCV limits nothing is significant or not. */
    for (k = 0; k < 7; k++)
        CHECK(r.significant[k] == B2M_NA_INT && r.from_previous[k] == B2M_NA_INT &&
              r.from_nadir[k] == B2M_NA_INT);

    /* The baseline is the first non-missing value, on every row. */
    CHECK(base[2] == 8 && base[1] == 8 && base[4] == 8 && base[5] == 8);
    CHECK(base[3] == 4 && base[6] == 4 && base[0] == 4);
    /* Before the first value: no nadir; then the running minimum. */
    CHECK(isnan(nadir[2]) && isnan(nadir[1]));
    CHECK(nadir[4] == 8 && nadir[5] == 2);
    CHECK(nadir[3] == 4 && nadir[6] == 4 && nadir[0] == 4);
    /* A missing value keeps the nadir so far but has no change. */
    CHECK(isnan(change[6]) && isnan(pct[6]) && isnan(rise[6]));
    CHECK(change[5] == -6 && pct[5] == -75);
    CHECK(change[0] == 1 && pct[0] == 25 && rise[0] == 25);
    CHECK(rise[5] == 0 && rise[4] == 0);
}

/* Limits -20 % / +25 %: patient 2's 4 -> 5 is exactly +25 %, not beyond;
 * patient 1's 8 -> 2 is beyond in both forms of the reference. */
static void test_significance(void)
{
    const double v[7] = {5, NAN, NAN, 4, 8, 2, NAN};
    b2m_trend_data d = example(v);
    row_results r;
    b2m_trend_rows_out out = rows_into(&r);

    d.rcv_down = 0.8;
    d.rcv_up = 1.25;
    b2m_trend_pass(&d, 0, 100, &out, NULL, NULL);
    b2m_trend_rows_finish(&d, 0, 7, &out);
    /* missing values */
    CHECK(r.significant[1] == B2M_NA_INT && r.significant[6] == B2M_NA_INT);
    CHECK(r.from_nadir[6] == B2M_NA_INT && r.from_previous[2] == B2M_NA_INT);
    /* baselines: no change; the first values have no previous one */
    CHECK(r.significant[4] == 0 && r.significant[3] == 0);
    CHECK(r.from_previous[4] == B2M_NA_INT && r.from_previous[3] == B2M_NA_INT);
    CHECK(r.from_nadir[4] == 0 && r.from_nadir[3] == 0);
    /* 8 -> 2: a fall beyond -20 %; the row setting the nadir has no rise */
    CHECK(r.significant[5] == 1 && r.from_previous[5] == 1 && r.from_nadir[5] == 0);
    /* 4 -> 5: at the limit 4 * 1.25, not beyond */
    CHECK(r.significant[0] == 0 && r.from_previous[0] == 0 && r.from_nadir[0] == 0);
    d.rcv_up = 1.2;
    /* the finishing pass alone, in two row ranges */
    b2m_trend_rows_finish(&d, 0, 3, &out);
    b2m_trend_rows_finish(&d, 3, 4, &out);
    CHECK(r.significant[0] == 1 && r.from_previous[0] == 1 && r.from_nadir[0] == 1);
}

static void test_groups(void)
{
    const double v[7] = {5, NAN, NAN, 4, 8, 2, NAN};
    b2m_trend_data d = example(v);
    int first_row[3], n[3], direction[3];
    double first[3], last_t[3], base[3], last[3], nadir[3], pct[3], rise[3], slope[3];
    b2m_trend_groups_out out;

    out.first_row = first_row;
    out.n = n;
    out.first_time = first;
    out.last_time = last_t;
    out.baseline = base;
    out.last = last;
    out.nadir = nadir;
    out.pct_change = pct;
    out.pct_from_nadir = rise;
    out.slope = slope;
    out.rcv_direction = direction;
    first_row[2] = -1;
    CHECK(b2m_trend_pass(&d, 0, 100, NULL, &out, NULL) == 7);
    CHECK(direction[0] == B2M_NA_INT && direction[1] == B2M_NA_INT);
    CHECK(first_row[0] == 2 && first_row[1] == 3 && first_row[2] == -1);
    CHECK(n[0] == 2 && n[1] == 2);
    CHECK(first[0] == 20 && last_t[0] == 30);
    CHECK(first[1] == 0 && last_t[1] == 30);
    CHECK(base[0] == 8 && last[0] == 2 && nadir[0] == 2);
    CHECK(pct[0] == -75 && rise[0] == 0);
    CHECK(base[1] == 4 && last[1] == 5 && nadir[1] == 4 && rise[1] == 25);
    /* Two values: the slope is the log ratio over the time between them. */
    CHECK_NEAR(slope[0], log(2.0 / 8.0) / 10, 1e-12);
    CHECK_NEAR(slope[1], log(5.0 / 4.0) / 30, 1e-12);
    /* Last vs baseline: 8 -> 2 falls beyond -20 %, 4 -> 5 is at +25 %. */
    d.rcv_down = 0.8;
    d.rcv_up = 1.25;
    b2m_trend_pass(&d, 0, 100, NULL, &out, NULL);
    CHECK(direction[0] == -1 && direction[1] == 0);
    d.rcv_up = 1.2;
    b2m_trend_pass(&d, 0, 100, NULL, &out, NULL);
    CHECK(direction[1] == 1);
}

static void test_slope(void)
{
    /* One patient, exact exponential decay at 0.1 per unit of time at large
     * POSIXct-like times: the slope is exact despite the offset. */
    double t[5], v[5];
    int g[5] = {1, 1, 1, 1, 1}, ord[5] = {1, 2, 3, 4, 5}, first_row, n, direction;
    int end = 5;
    double first, last_t, base, last, nadir, pct, rise, slope;
    b2m_trend_data d;
    b2m_trend_groups_out out = {&first_row, &n, &first, &last_t, &base, &last,
                                &nadir, &pct, &rise, &slope, &direction};
    size_t i;

    for (i = 0; i < 5; i++) {
        t[i] = 1.7e9 + 86400.0 * (double) i;
        v[i] = 3 * exp(-0.1 * (double) i);
    }
    d.n = 5;
    d.order = ord;
    d.group = g;
    d.time = t;
    d.group_end = &end;
    d.value = b2m_column_real(v, 5);
    d.rcv_down = 0.9;
    d.rcv_up = 1.1;
    b2m_trend_pass(&d, 0, 100, NULL, &out, NULL);
    CHECK_NEAR(slope * 86400, -0.1, 1e-9);
    CHECK(direction == -1);

    /* A single value has no slope and no change. */
    d.n = 1;
    end = 1;
    b2m_trend_pass(&d, 0, 100, NULL, &out, NULL);
    CHECK(n == 1 && isnan(slope) && pct == 0 && direction == B2M_NA_INT);
}

static void test_duplicates_and_chunks(void)
{
    /* Patient 1 at times 0, 0, 0 (a run of three), patient 2 at 5, 5. */
    const int g[6] = {1, 1, 2, 1, 2, 3};
    const int ord[6] = {1, 2, 4, 3, 5, 6};
    const double sorted[6] = {0, 0, 0, 5, 5, 1};
    const int end[3] = {3, 5, 6};
    const double v[6] = {1, 2, 3, 4, 5, 6};
    b2m_trend_data d;
    b2m_bad_rows dups;
    size_t next;

    d.n = 6;
    d.order = ord;
    d.group = g;
    d.time = sorted;
    d.group_end = end;
    d.value = b2m_column_real(v, 6);
    d.rcv_down = NAN;
    d.rcv_up = NAN;
    b2m_bad_rows_init(&dups);
    CHECK(b2m_trend_pass(&d, 0, 100, NULL, NULL, &dups) == 6);
    CHECK(dups.count == 5);
    CHECK(dups.rows[0] == 0 && dups.rows[1] == 1 && dups.rows[2] == 3);
    CHECK(dups.rows[3] == 2 && dups.rows[4] == 4);

    /* A chunk never splits a patient: it runs to the end of the patient. */
    next = b2m_trend_pass(&d, 0, 1, NULL, NULL, NULL);
    CHECK(next == 3);
    next = b2m_trend_pass(&d, next, 1, NULL, NULL, NULL);
    CHECK(next == 5);
    CHECK(b2m_trend_pass(&d, next, 1, NULL, NULL, NULL) == 6);
    CHECK(b2m_trend_pass(&d, 6, 1, NULL, NULL, NULL) == 6);
}

static void test_checks(void)
{
    const double v[5] = {1, 0, -1, NAN, 250};
    b2m_bad_rows bad;

    b2m_bad_rows_init(&bad);
    CHECK(b2m_trend_check(5, b2m_column_real(v, 5), 200, &bad) == 3);
    CHECK(bad.rows[0] == 1 && bad.problems[0] == B2M_VALUE_ZERO);
    CHECK(bad.rows[1] == 2 && bad.problems[1] == B2M_VALUE_NEGATIVE);
    CHECK(bad.rows[2] == 4 && bad.problems[2] == B2M_VALUE_IMPLAUSIBLE);
}

/* The example's ordering from its groups and times; a code out of range. */
static void test_order(void)
{
    size_t start[3];
    int got[7], scratch[7], bad_group[2] = {1, 3}, got_ends[2], k;
    double sorted[7], scratch_time[7];

    CHECK(b2m_trend_group_starts(7, group, 2, start) == 4);
    b2m_trend_place(7, group, time_, start, got, sorted);
    CHECK(start[1] == 0 && start[2] == 4);
    b2m_trend_sort_groups(7, 2, start, 1, 2, got, sorted, scratch, scratch_time);
    for (k = 0; k < 7; k++)
        CHECK(got[k] == order[k] && sorted[k] == time_[order[k] - 1] &&
              sorted[k] == sorted_time[k]);
    b2m_trend_group_ends(7, 2, start, got_ends);
    CHECK(got_ends[0] == ends[0] && got_ends[1] == ends[1]);
    CHECK(b2m_trend_group_starts(2, bad_group, 2, start) == B2M_TREND_BAD_CODE);
}

/* One group of 100 rows, merged from sorted runs: times 99, 98, ..., with
 * pairs of equal times kept in row order. */
static void test_order_merged(void)
{
    int one[100], got[100], scratch[100], k;
    double t[100], sorted[100], scratch_time[100];
    size_t start[2];

    for (k = 0; k < 100; k++) {
        one[k] = 1;
        t[k] = (double) ((99 - k) / 2);
    }
    CHECK(b2m_trend_group_starts(100, one, 1, start) == 100);
    b2m_trend_place(100, one, t, start, got, sorted);
    b2m_trend_sort_groups(100, 1, start, 1, 1, got, sorted, scratch, scratch_time);
    for (k = 1; k < 100; k++) {
        double a = t[got[k - 1] - 1], b = t[got[k] - 1];
        CHECK(a < b || (a == b && got[k - 1] < got[k]));
    }
}

void test_trend(void)
{
    test_order();
    test_order_merged();
    test_rows();
    test_significance();
    test_groups();
    test_slope();
    test_duplicates_and_chunks();
    test_checks();
}
