/* test_trend_partition.c - the cache-sized partitions of the trend: the
 * partitioned ordering equals the direct one, the scatter moves every
 * record to its place, and the partitioned pass gives the direct pass's
 * results, with patients spread over several buckets. */
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "b2m.h"

/* More rows than one bucket of places (65536) and more patients than one
 * bucket of codes (4096): rows of a patient land in several buckets. */
#define ROWS 150000
#define GROUPS 15000

/* The direct ordering and the partitioned one, and their scratch. */
typedef struct {
    int order[ROWS], arranged[ROWS], row[ROWS], code[ROWS];
    double sorted[ROWS], arranged_time[ROWS], time[ROWS];
    size_t start[GROUPS + 1], arranged_start[GROUPS + 1];
    size_t fill[GROUPS / B2M_TREND_SPAN_CODES + 1];
    size_t local[B2M_TREND_SPAN_CODES + 1];
} orderings;

static unsigned long next_random(unsigned long *state)
{
    *state = *state * 6364136223846793005ul + 1442695040888963407ul;
    return *state >> 33;
}

/* Arranges `group` both ways; checks that order, times, starts and the
 * largest group agree.  Returns the largest group. */
static size_t check_arrange(orderings *o, size_t n, const int *group,
                            size_t n_groups, const double *time)
{
    b2m_trend_arrange_scratch s;
    size_t largest, k, g;
    s.fill = o->fill;
    s.start = o->local;
    s.row = o->row;
    s.code = o->code;
    s.time = o->time;
    largest = b2m_trend_group_starts(n, group, n_groups, o->start);
    b2m_trend_place(n, group, time, o->start, o->order, o->sorted);
    CHECK(b2m_trend_arrange(n, group, n_groups, time, &s, o->arranged_start,
                            o->arranged, o->arranged_time) == largest);
    for (k = 0; k < n; k++)
        if (o->arranged[k] != o->order[k] || o->arranged_time[k] != o->sorted[k])
            break;
    CHECK(k == n);
    for (g = 1; g <= n_groups; g++)
        if (o->arranged_start[g] != o->start[g])
            break;
    CHECK(g == n_groups + 1);
    return largest;
}

static orderings o;

static void test_arrange(void)
{
    static int group[ROWS];
    static double time[ROWS];
    int one = 1, bad[3] = {1, GROUPS + 1, 2};
    double t = 5;
    unsigned long state = 17;
    size_t i;

    CHECK(b2m_trend_code_spans(0) == 1 && b2m_trend_code_spans(4096) == 1 &&
          b2m_trend_code_spans(4097) == 2);
    for (i = 0; i < ROWS; i++) {
        group[i] = (int) (next_random(&state) % GROUPS) + 1;
        time[i] = (double) (next_random(&state) % 50);
    }
    check_arrange(&o, ROWS, group, GROUPS, time);
    /* no rows; one row; every row one patient (the largest group is all) */
    CHECK(check_arrange(&o, 0, group, 0, time) == 0);
    CHECK(check_arrange(&o, 1, &one, 1, &t) == 1);
    for (i = 0; i < ROWS; i++)
        group[i] = 1;
    CHECK(check_arrange(&o, ROWS, group, 1, time) == ROWS);
    /* a code outside 1..n_groups, in a later bucket than the first */
    {
        b2m_trend_arrange_scratch s = {o.fill, o.local, o.row, o.code, o.time};
        CHECK(b2m_trend_arrange(3, bad, GROUPS, time, &s, o.arranged_start,
                                o.arranged, o.arranged_time) ==
              B2M_TREND_BAD_CODE);
    }
}

/* The scatter and the positions on a shuffled permutation of ROWS places. */
static void test_scatter(void)
{
    static int index[ROWS], position[ROWS], ordinal[ROWS], record[ROWS];
    static double from_a[ROWS], from_b[ROWS], to_a[ROWS], to_b[ROWS];
    static double payload[2 * ROWS];
    size_t fill[ROWS / 65536 + 1], i;
    b2m_trend_scratch s;
    b2m_column from[2];
    double *to[2];
    int two[2] = {2, 1};
    unsigned long state = 3;

    CHECK(b2m_trend_spans(0) == 1 && b2m_trend_spans(65536) == 1 &&
          b2m_trend_spans(65537) == 2 && b2m_trend_spans(ROWS) == 3);
    s.fill = fill;
    s.index = record;
    s.payload = payload;
    for (i = 0; i < ROWS; i++)
        index[i] = (int) i + 1;
    for (i = ROWS - 1; i > 0; i--) {
        size_t j = next_random(&state) % (i + 1);
        int swap = index[i];
        index[i] = index[j];
        index[j] = swap;
    }
    for (i = 0; i < ROWS; i++) {
        from_a[i] = (double) i;
        from_b[i] = -(double) i;
    }
    from[0] = b2m_column_real(from_a, ROWS);
    from[1] = b2m_column_real(from_b, ROWS);
    to[0] = to_a;
    to[1] = to_b;
    b2m_trend_scatter(ROWS, index, 2, from, to, &s);
    for (i = 0; i < ROWS; i++)
        if (to_a[index[i] - 1] != (double) i || to_b[index[i] - 1] != -(double) i)
            break;
    CHECK(i == ROWS);
    /* the inverse: position[index[k] - 1] = k + 1 */
    b2m_trend_positions(ROWS, index, position, ordinal, &s);
    for (i = 0; i < ROWS; i++)
        if (position[index[i] - 1] != (int) i + 1)
            break;
    CHECK(i == ROWS);
    /* two places, and none */
    b2m_trend_scatter(2, two, 1, from, to, &s);
    CHECK(to_a[1] == 0 && to_a[0] == 1);
    b2m_trend_positions(2, two, position, ordinal, &s);
    CHECK(position[1] == 1 && position[0] == 2);
    b2m_trend_scatter(0, two, 1, from, to, &s);
    b2m_trend_positions(0, two, position, ordinal, &s);
    CHECK(to_a[1] == 0 && position[1] == 1);
}

/* The partitioned pass (values gathered, results at ordered positions, then
 * scattered) against the direct pass, on patients of one to twenty rows
 * with missing values, and the aggregates read through gathered values. */
static void test_pass_sorted(void)
{
    static int group[ROWS], ends[GROUPS], position[ROWS], ordinal[ROWS];
    static int record[ROWS], scratch[ROWS];
    static double time[ROWS], value[ROWS], sorted_value[ROWS], payload[ROWS];
    static double scratch_time[ROWS], direct[3][ROWS], ordered[3][ROWS],
        moved[3][ROWS];
    static int first_row[2][GROUPS], count[2][GROUPS];
    static double slope[2][GROUPS], nadir[2][GROUPS], last_time[2][GROUPS];
    double unused[GROUPS];
    int unused_direction[GROUPS];
    size_t fill[ROWS / 65536 + 1], i, j, k;
    unsigned long state = 11;
    b2m_trend_data d;
    b2m_trend_rows_out rows, sorted_rows;
    b2m_trend_groups_out groups[2];
    b2m_trend_scratch s;
    b2m_column column;
    double *to;

    for (i = 0; i < ROWS; i++) {
        group[i] = (int) (next_random(&state) % GROUPS) + 1;
        time[i] = (double) i; /* distinct: no duplicates */
        value[i] = next_random(&state) % 7 == 0
                       ? NAN : 0.5 + (double) (next_random(&state) % 1000) / 100;
    }
    check_arrange(&o, ROWS, group, GROUPS, time);
    b2m_trend_sort_groups(ROWS, GROUPS, o.start, 1, GROUPS, o.order, o.sorted,
                          scratch, scratch_time);
    b2m_trend_group_ends(ROWS, GROUPS, o.start, ends);
    d.n = ROWS;
    d.order = o.order;
    d.group = group;
    d.time = o.sorted;
    d.group_end = ends;
    d.value = b2m_column_real(value, ROWS);
    d.rcv_down = 0.8;
    d.rcv_up = 1.25;

    s.fill = fill;
    s.index = record;
    s.payload = payload;
    b2m_trend_positions(ROWS, o.order, position, ordinal, &s);
    to = sorted_value;
    b2m_trend_scatter(ROWS, position, 1, &d.value, &to, &s);
    for (k = 0; k < ROWS; k++)
        if (!(sorted_value[k] == value[o.order[k] - 1] ||
              (isnan(sorted_value[k]) && isnan(value[o.order[k] - 1]))))
            break;
    CHECK(k == ROWS);

    memset(&rows, 0, sizeof rows);
    rows.baseline = direct[0];
    rows.nadir = direct[1];
    rows.previous = direct[2];
    sorted_rows = rows;
    sorted_rows.baseline = ordered[0];
    sorted_rows.nadir = ordered[1];
    sorted_rows.previous = ordered[2];
    for (j = 0; j < 2; j++) {
        groups[j].first_row = first_row[j];
        groups[j].n = count[j];
        groups[j].first_time = unused;
        groups[j].last_time = last_time[j];
        groups[j].baseline = unused;
        groups[j].last = unused;
        groups[j].nadir = nadir[j];
        groups[j].pct_change = unused;
        groups[j].pct_from_nadir = unused;
        groups[j].slope = slope[j];
        groups[j].rcv_direction = unused_direction;
    }
    /* in chunks of a few patients, as the glue runs it */
    for (k = 0; k < ROWS;)
        k = b2m_trend_pass(&d, k, 1000, &rows, &groups[0], NULL);
    for (k = 0; k < ROWS;)
        k = b2m_trend_pass_sorted(&d, sorted_value, k, 1000, &sorted_rows,
                                  &groups[1], NULL);
    for (j = 0; j < 3; j++) {
        column = b2m_column_real(ordered[j], ROWS);
        to = moved[j];
        b2m_trend_scatter(ROWS, o.order, 1, &column, &to, &s);
        for (i = 0; i < ROWS; i++)
            if (memcmp(&moved[j][i], &direct[j][i], sizeof(double)) != 0)
                break;
        CHECK(i == ROWS);
    }
    for (i = 0; i < GROUPS; i++)
        if (first_row[0][i] != first_row[1][i] || count[0][i] != count[1][i] ||
            memcmp(&slope[0][i], &slope[1][i], sizeof(double)) != 0 ||
            memcmp(&nadir[0][i], &nadir[1][i], sizeof(double)) != 0 ||
            last_time[0][i] != last_time[1][i])
            break;
    CHECK(i == GROUPS);
}

void test_trend_partition(void)
{
    test_arrange();
    test_scatter();
    test_pass_sorted();
}
