/* fuzz_trend.c - b2m_trend_check and b2m_trend_pass over random patients,
 * times (duplicates included, small or POSIXct-sized) and values, ordered as
 * R's order(group, time) orders them, and passed in chunks of any size.
 * Invariants: the bad-value record is exact (values must be positive); with
 * good values, the duplicate record names exactly the rows that share their
 * (patient, time) with another row; without duplicates, every row's
 * baseline, change, nadir, rise from nadir, previous value and their
 * significance against RCV limits (when the input has them), and every
 * patient's first row, count, first/last values, log slope and direction,
 * match a plain restatement. */
#include "fuzz.h"

static const int *sort_group;
static const double *sort_time;

/* R's order(group, time): ties keep row order. */
static int by_group_time(const void *a, const void *b)
{
    int i = *(const int *) a - 1, j = *(const int *) b - 1;
    if (sort_group[i] != sort_group[j])
        return sort_group[i] < sort_group[j] ? -1 : 1;
    if (sort_time[i] != sort_time[j])
        return sort_time[i] < sort_time[j] ? -1 : 1;
    return i < j ? -1 : i > j;
}

static int same_key(const int *group, const double *time, size_t i, size_t j)
{
    return group[i] == group[j] && time[i] == time[j];
}

/* -1, 0 or 1: v below r * down, within, above r * up; NA as the core has
 * it. */
static int direction(double v, double r, double down, double up)
{
    if (isnan(v) || isnan(r) || isnan(up))
        return B2M_NA_INT;
    return v > r * up ? 1 : v < r * down ? -1 : 0;
}

static int significant(int dir)
{
    return dir == B2M_NA_INT ? B2M_NA_INT : dir != 0;
}

static void check_results(size_t n, int groups, const int *group, const double *time,
                          const b2m_trend_data *d, const b2m_trend_rows_out *rows,
                          const b2m_trend_groups_out *per)
{
    const b2m_column *value = &d->value;
    size_t i, j;
    int g;
    for (i = 0; i < n; i++) {
        double v = b2m_column_get(value, i), base = NAN, base_t = INFINITY, nadir = NAN;
        double prev = NAN, prev_t = -INFINITY;
        int rise;
        for (j = 0; j < n; j++) {
            double w = b2m_column_get(value, j);
            if (group[j] != group[i] || isnan(w))
                continue;
            if (time[j] < base_t) {
                base_t = time[j];
                base = w;
            }
            if (time[j] <= time[i] && (isnan(nadir) || w < nadir))
                nadir = w;
            if (time[j] < time[i] && time[j] > prev_t) {
                prev_t = time[j];
                prev = w;
            }
        }
        FUZZ_ASSERT(rows->previous[i] == prev ||
                    (isnan(prev) && fuzz_is_na_real(rows->previous[i])));
        FUZZ_ASSERT(rows->significant_change[i] ==
                    significant(direction(v, base, d->rcv_down, d->rcv_up)));
        FUZZ_ASSERT(rows->significant_from_previous[i] ==
                    significant(direction(v, prev, d->rcv_down, d->rcv_up)));
        rise = direction(v, nadir, d->rcv_down, d->rcv_up);
        FUZZ_ASSERT(rise != -1);
        FUZZ_ASSERT(rows->significant_from_nadir[i] ==
                    (rise == B2M_NA_INT ? B2M_NA_INT : rise == 1));
        if (isnan(v) || isnan(prev))
            FUZZ_ASSERT(fuzz_is_na_real(rows->pct_from_previous[i]));
        else
            FUZZ_ASSERT(rows->pct_from_previous[i] == 100 * (v - prev) / prev);
        FUZZ_ASSERT(memcmp(&rows->baseline[i], &base, sizeof base) == 0 ||
                    (isnan(base) && fuzz_is_na_real(rows->baseline[i])));
        FUZZ_ASSERT(rows->nadir[i] == nadir || (isnan(nadir) && fuzz_is_na_real(rows->nadir[i])));
        if (isnan(v) || isnan(base)) {
            FUZZ_ASSERT(fuzz_is_na_real(rows->change[i]) &&
                        fuzz_is_na_real(rows->pct_change[i]) &&
                        fuzz_is_na_real(rows->pct_from_nadir[i]));
        } else {
            FUZZ_ASSERT(rows->change[i] == v - base);
            FUZZ_ASSERT(rows->pct_change[i] == 100 * (v - base) / base);
            FUZZ_ASSERT(rows->pct_from_nadir[i] == 100 * (v - nadir) / nadir);
            FUZZ_ASSERT(rows->pct_from_nadir[i] >= 0);
        }
    }
    for (g = 1; g <= groups; g++) {
        int count = 0, first = -1;
        /* A two-pass reference in long double, times from the first one. */
        long double mt = 0, my = 0, sxy = 0, sxx = 0, slope;
        for (i = 0; i < n; i++) {
            double v;
            if (group[i] != g)
                continue;
            if (first < 0 || time[i] < time[first])
                first = (int) i;
            v = b2m_column_get(value, i);
            if (!isnan(v)) {
                count++;
                mt += time[i];
                my += logl(v);
            }
        }
        FUZZ_ASSERT(per->first_row[g - 1] == first);
        if (first < 0)
            continue;
        FUZZ_ASSERT(per->n[g - 1] == count);
        if (count < 2) {
            FUZZ_ASSERT(fuzz_is_na_real(per->slope[g - 1]));
            FUZZ_ASSERT(per->rcv_direction[g - 1] == B2M_NA_INT);
            continue;
        }
        FUZZ_ASSERT(per->rcv_direction[g - 1] ==
                    direction(per->last[g - 1], per->baseline[g - 1], d->rcv_down,
                              d->rcv_up));
        mt = mt / count - time[first];
        my /= count;
        for (i = 0; i < n; i++) {
            double v = group[i] == g ? b2m_column_get(value, i) : NAN;
            long double t;
            if (isnan(v))
                continue;
            t = (long double) time[i] - time[first];
            sxy += (t - mt) * (logl(v) - my);
            sxx += (t - mt) * (t - mt);
        }
        slope = sxy / sxx;
        /* Agreement to rounding, which is relative to the size of the logs,
         * not of the slope (near-equal values give a slope near 0 from
         * cancellation). */
        FUZZ_ASSERT(fabsl(per->slope[g - 1] - slope) <=
                    1e-9L * (fabsl(slope) + (fabsl(my) + 1) / sqrtl(sxx)));
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_input in = {data, size};
    size_t n = fuzz_rows(&in), chunk = fuzz_chunk(&in, n), start, i, j, dup_rows = 0;
    int groups = 1 + fuzz_byte(&in) % 8;
    double base = fuzz_byte(&in) & 1 ? 1.7e9 : 0, step = fuzz_byte(&in) & 1 ? 86400 : 1;
    double max = fuzz_positive(&in);
    int *group = malloc((n ? n : 1) * sizeof *group);
    int *order = malloc((n ? n : 1) * sizeof *order);
    double *time = malloc((n ? n : 1) * sizeof *time);
    double *res[7];
    int *flags[3], *directions = malloc((size_t) groups * sizeof *directions);
    int *ends = malloc((size_t) groups * sizeof *ends);
    double *sorted_time = malloc((n ? n : 1) * sizeof *sorted_time);
    int *first_row = malloc((size_t) groups * sizeof *first_row);
    int *count = malloc((size_t) groups * sizeof *count);
    double *agg[8];
    fuzz_column value;
    b2m_bad_rows bad, dups;
    b2m_trend_data d;
    b2m_trend_rows_out rows;
    b2m_trend_groups_out per;

    FUZZ_ASSERT(group && order && time && first_row && count && directions && ends &&
                sorted_time);
    for (i = 0; i < 7; i++) {
        res[i] = malloc((n ? n : 1) * sizeof *res[i]);
        FUZZ_ASSERT(res[i] != NULL);
    }
    for (i = 0; i < 3; i++) {
        flags[i] = malloc((n ? n : 1) * sizeof *flags[i]);
        FUZZ_ASSERT(flags[i] != NULL);
    }
    for (i = 0; i < 8; i++) {
        agg[i] = malloc((size_t) groups * sizeof *agg[i]);
        FUZZ_ASSERT(agg[i] != NULL);
    }
    for (i = 0; i < n; i++) {
        group[i] = 1 + fuzz_byte(&in) % groups;
        time[i] = base + step * (fuzz_byte(&in) % 16);
        order[i] = (int) i + 1;
    }
    value = fuzz_column_read(&in, n);
    sort_group = group;
    sort_time = time;
    if (n > 0)
        qsort(order, n, sizeof *order, by_group_time);

    b2m_bad_rows_init(&bad);
    b2m_trend_check(n, value.col, max, &bad);
    fuzz_check_bad_rows(&bad, &value.col, n, max, 1);
    if (bad.count > 0)
        goto done; /* R stops before the pass */

    /* times by ordered position; each group ends after the rows of codes up
     * to its own */
    for (i = 0; i < (size_t) groups; i++)
        ends[i] = 0;
    for (i = 0; i < n; i++) {
        sorted_time[i] = time[order[i] - 1];
        ends[group[i] - 1]++;
    }
    for (i = 1; i < (size_t) groups; i++)
        ends[i] += ends[i - 1];
    d.n = n;
    d.order = order;
    d.group = group;
    d.time = sorted_time;
    d.group_end = ends;
    d.value = value.col;
    /* Limits -20 % / +25 % for an even number of patients, none otherwise
     * (no byte of the input is spent on them: the corpus keeps its
     * meaning). */
    d.rcv_down = groups % 2 == 0 ? 0.8 : NAN;
    d.rcv_up = groups % 2 == 0 ? 1.25 : NAN;
    rows.baseline = res[0];
    rows.change = res[1];
    rows.pct_change = res[2];
    rows.nadir = res[3];
    rows.pct_from_nadir = res[4];
    rows.previous = res[5];
    rows.pct_from_previous = res[6];
    rows.significant_change = flags[0];
    rows.significant_from_previous = flags[1];
    rows.significant_from_nadir = flags[2];
    per.first_row = first_row;
    per.n = count;
    per.first_time = agg[0];
    per.last_time = agg[1];
    per.baseline = agg[2];
    per.last = agg[3];
    per.nadir = agg[4];
    per.pct_change = agg[5];
    per.pct_from_nadir = agg[6];
    per.slope = agg[7];
    per.rcv_direction = directions;
    for (i = 0; i < (size_t) groups; i++)
        first_row[i] = -1;
    b2m_bad_rows_init(&dups);
    start = 0;
    while (start < n) {
        size_t next = b2m_trend_pass(&d, start, chunk, &rows, &per, &dups);
        FUZZ_ASSERT(next > start && next <= n);
        start = next;
    }
    /* the finishing pass in row chunks of the same size */
    for (start = 0; start < n && dups.count == 0; start += chunk)
        b2m_trend_rows_finish(&d, start, n - start < chunk ? n - start : chunk, &rows);
    for (i = 0; i < n; i++) {
        int shared = 0;
        for (j = 0; j < n; j++)
            shared |= j != i && same_key(group, time, i, j);
        dup_rows += (size_t) shared;
    }
    FUZZ_ASSERT(dups.count == dup_rows);
    for (i = 0; i < dups.count && i < B2M_MAX_REPORTED; i++) {
        int shared = 0;
        for (j = 0; j < n; j++)
            shared |= j != dups.rows[i] && same_key(group, time, dups.rows[i], j);
        FUZZ_ASSERT(shared);
    }
    if (dup_rows == 0)
        check_results(n, groups, group, time, &d, &rows, &per);
done:
    for (i = 0; i < 7; i++)
        free(res[i]);
    for (i = 0; i < 3; i++)
        free(flags[i]);
    free(directions);
    free(ends);
    free(sorted_time);
    for (i = 0; i < 8; i++)
        free(agg[i]);
    free(group);
    free(order);
    free(time);
    free(first_row);
    free(count);
    fuzz_column_free(&value);
    return 0;
}
