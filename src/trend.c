/* trend.c - per-patient B2M trends over long-format data: baseline, change,
 * nadir and rise from nadir for each row, and per-patient aggregates with a
 * log-linear slope, in one pass over an ordering of the rows. */
#include <string.h>
#include "b2m.h"

size_t b2m_trend_check(size_t n, b2m_column value, double max_in_unit,
                       b2m_bad_rows *bad)
{
    size_t i;
    for (i = 0; i < n; i++)
        b2m_column_checked_positive(&value, i, max_in_unit, bad);
    return bad->count;
}

/* 100 * (value - reference) / reference, missing when either is. */
static double percent_of(double value, double reference)
{
    if (isnan(value) || isnan(reference))
        return b2m_na_real();
    return 100 * (value - reference) / reference;
}

static double difference(double value, double reference)
{
    return isnan(value) || isnan(reference) ? b2m_na_real() : value - reference;
}

/* The direction of a change from `reference` beyond the RCV limits: 1 above
 * reference * rcv_up, -1 below reference * rcv_down, 0 within (equality is
 * within); B2M_NA_INT when a value or the limits are missing.  Comparing
 * values with the limit values, not the relative change with the limit,
 * keeps "at the limit" one exact number. */
static int rcv_direction(const b2m_trend_data *d, double value, double reference)
{
    if (isnan(value) || isnan(reference) || isnan(d->rcv_up))
        return B2M_NA_INT;
    if (value > reference * d->rcv_up)
        return 1;
    return value < reference * d->rcv_down ? -1 : 0;
}

static int is_significant(int direction)
{
    return direction == B2M_NA_INT ? B2M_NA_INT : direction != 0;
}

/* The 0-based row at ordered position k + B2M_AHEAD, or the last row's when
 * that is past the end. */
static size_t row_ahead(const b2m_trend_data *d, size_t k)
{
    size_t ahead = k + B2M_AHEAD < d->n ? k + B2M_AHEAD : d->n - 1;
    return (size_t) d->order[ahead] - 1;
}

/* The address of row `row`'s value, for a prefetch. */
static const void *value_address(const b2m_column *value, size_t row)
{
    if (value->real != NULL)
        return &value->real[row * value->stride];
    return &value->integer[row * value->stride];
}

/* What one patient's ordered rows add up to. */
typedef struct {
    size_t end;       /* ordered position after the patient's last row */
    int n;            /* non-missing values */
    double first_time, last_time, baseline, last, nadir, slope;
} patient;

/* Record a row whose (group, time) equals the previous row's: the first row
 * of a run of equal keys is recorded with the second, later ones alone. */
static void duplicate(b2m_bad_rows *bad, size_t prev_row, size_t row, int run)
{
    if (bad == NULL)
        return;
    if (!run)
        b2m_bad_rows_add(bad, prev_row, B2M_VALUE_OK);
    b2m_bad_rows_add(bad, row, B2M_VALUE_OK);
}

/* The value at ordered position k: from `sorted` (the values gathered into
 * ordered positions) when given, else from the row order[k] names. */
static double value_at(const b2m_trend_data *d, const double *sorted, size_t k)
{
    if (sorted != NULL)
        return sorted[k];
    return b2m_column_get(&d->value, (size_t) d->order[k] - 1);
}

/* Scan the patient starting at ordered position `start`. */
static patient scan(const b2m_trend_data *d, const double *sorted, size_t start,
                    b2m_bad_rows *dups)
{
    const int g = d->group[d->order[start] - 1];
    /* The end as the ordering recorded it, kept inside the data and past
     * `start` whatever the caller passed, so a pass always advances. */
    size_t end = (size_t) d->group_end[g - 1];
    patient p;
    size_t k;
    int run = 0;
    /* Welford's updates for the least-squares slope of log(value) on time:
     * one pass, and no cancellation when times are large (POSIXct seconds).
     * Times are taken from the patient's first value: the mean is then of
     * small numbers, exact for whole days or seconds, not of 1.7e9 s whose
     * rounding (4e-7 s) would show in a slope over seconds. */
    double mean_t = 0, mean_y = 0, sxy = 0, sxx = 0;

    p.n = 0;
    p.first_time = p.last_time = p.baseline = p.last = p.nadir = b2m_na_real();
    double prev_t = 0;
    if (end > d->n || end <= start)
        end = end > d->n ? d->n : start + 1;
    /* The next patient's code, read through its first row, is at a
     * scattered place: ask for it while this patient is scanned. */
    if (end < d->n)
        B2M_PREFETCH(&d->group[d->order[end] - 1], 0);
    for (k = start; k < end; k++) {
        size_t row = (size_t) d->order[k] - 1;
        double t = d->time[k], v, y, dt;
        if (sorted == NULL)
            B2M_PREFETCH(value_address(&d->value, row_ahead(d, k)), 0);
        if (k > start && t == prev_t) {
            duplicate(dups, (size_t) d->order[k - 1] - 1, row, run);
            run = 1;
        } else {
            run = 0;
        }
        prev_t = t;
        v = value_at(d, sorted, k);
        if (isnan(v))
            continue;
        if (p.n == 0) {
            p.first_time = t;
            p.baseline = v;
            p.nadir = v;
        }
        p.n++;
        p.last_time = t;
        p.last = v;
        if (v < p.nadir)
            p.nadir = v;
        y = log(v);
        t -= p.first_time;
        dt = t - mean_t;
        mean_t += dt / p.n;
        mean_y += (y - mean_y) / p.n;
        sxy += dt * (y - mean_y);
        sxx += dt * (t - mean_t);
    }
    p.end = k;
    /* Two values at distinct times (duplicates are an error) give sxx > 0. */
    p.slope = p.n >= 2 && sxx > 0 ? sxy / sxx : b2m_na_real();
    return p;
}

/* What a row takes from the rows before it: the patient's baseline, the
 * running nadir (which includes the row's own value, so pct_from_nadir is
 * never negative and the row setting a nadir has no significant rise from
 * it) and the previous value; a missing value keeps the nadir and the
 * previous value reached so far.  Only these three are written here, at the
 * rows' scattered positions: everything else follows from them row by row
 * (b2m_trend_rows_finish), in row order, so the random writes of a large
 * data set are three per row instead of ten.  With `sorted` values they are
 * written at ordered positions instead, side by side, for
 * b2m_trend_scatter() to move to the rows. */
static void write_rows(const b2m_trend_data *d, const double *sorted,
                       size_t start, const patient *p, b2m_trend_rows_out *out)
{
    double nadir = b2m_na_real(), previous = b2m_na_real();
    size_t k;
    for (k = start; k < p->end; k++) {
        size_t row = sorted != NULL ? k : (size_t) d->order[k] - 1;
        double v = value_at(d, sorted, k);
        if (sorted == NULL) {
            size_t ahead = row_ahead(d, k);
            B2M_PREFETCH(&out->baseline[ahead], 1);
            B2M_PREFETCH(&out->nadir[ahead], 1);
            B2M_PREFETCH(&out->previous[ahead], 1);
        }
        if (!isnan(v) && (isnan(nadir) || v < nadir))
            nadir = v;
        out->baseline[row] = p->baseline;
        out->nadir[row] = nadir;
        out->previous[row] = previous;
        if (!isnan(v))
            previous = v;
    }
}

void b2m_trend_rows_finish(const b2m_trend_data *d, size_t start, size_t len,
                           b2m_trend_rows_out *out)
{
    size_t row;
    for (row = start; row < start + len; row++) {
        double v = b2m_column_get(&d->value, row), base = out->baseline[row];
        double nadir = out->nadir[row], previous = out->previous[row];
        int rise = rcv_direction(d, v, nadir);
        out->change[row] = difference(v, base);
        out->pct_change[row] = percent_of(v, base);
        out->pct_from_nadir[row] = percent_of(v, nadir);
        out->pct_from_previous[row] = percent_of(v, previous);
        out->significant_change[row] = is_significant(rcv_direction(d, v, base));
        out->significant_from_previous[row] =
            is_significant(rcv_direction(d, v, previous));
        out->significant_from_nadir[row] = rise == B2M_NA_INT ? B2M_NA_INT : rise > 0;
    }
}

static void write_group(const b2m_trend_data *d, size_t start, const patient *p,
                        b2m_trend_groups_out *out)
{
    size_t at = (size_t) d->group[d->order[start] - 1] - 1;
    out->first_row[at] = d->order[start] - 1;
    out->n[at] = p->n;
    out->first_time[at] = p->first_time;
    out->last_time[at] = p->last_time;
    out->baseline[at] = p->baseline;
    out->last[at] = p->last;
    out->nadir[at] = p->nadir;
    out->pct_change[at] = percent_of(p->last, p->baseline);
    out->pct_from_nadir[at] = percent_of(p->last, p->nadir);
    out->slope[at] = p->slope;
    out->rcv_direction[at] = p->n >= 2 ? rcv_direction(d, p->last, p->baseline)
                                       : B2M_NA_INT;
}

size_t b2m_trend_pass_sorted(const b2m_trend_data *data, const double *sorted,
                             size_t start, size_t chunk,
                             b2m_trend_rows_out *rows,
                             b2m_trend_groups_out *groups,
                             b2m_bad_rows *duplicates)
{
    size_t k = start;
    while (k < data->n && k - start < chunk) {
        patient p = scan(data, sorted, k, duplicates);
        if (rows != NULL)
            write_rows(data, sorted, k, &p, rows);
        if (groups != NULL)
            write_group(data, k, &p, groups);
        k = p.end;
    }
    return k;
}

size_t b2m_trend_pass(const b2m_trend_data *data, size_t start, size_t chunk,
                      b2m_trend_rows_out *rows, b2m_trend_groups_out *groups,
                      b2m_bad_rows *duplicates)
{
    return b2m_trend_pass_sorted(data, NULL, start, chunk, rows, groups,
                                 duplicates);
}

/* ---- the ordering by (group, time) --------------------------------------- */

size_t b2m_trend_group_starts(size_t n, const int *group, size_t n_groups,
                              size_t *start)
{
    size_t i, g, largest = 0;
    for (g = 0; g <= n_groups; g++)
        start[g] = 0;
    for (i = 0; i < n; i++) {
        if (i + B2M_AHEAD < n && group[i + B2M_AHEAD] >= 1 &&
            (size_t) group[i + B2M_AHEAD] <= n_groups)
            B2M_PREFETCH(&start[group[i + B2M_AHEAD]], 1);
        if (group[i] < 1 || (size_t) group[i] > n_groups)
            return B2M_TREND_BAD_CODE;
        start[group[i]]++;
    }
    for (g = 1; g <= n_groups; g++) {
        if (start[g] > largest)
            largest = start[g];
        start[g] += start[g - 1];
    }
    return largest;
}

/* start[g] holds the end of group g; filling from the last row down moves it
 * to the group's beginning and keeps each group in row order.  Each row's
 * time travels with it, so that sorting a group reads its times side by
 * side instead of from all over the column. */
void b2m_trend_place(size_t n, const int *group, const double *time,
                     size_t *start, int *order, double *sorted_time)
{
    size_t i = n;
    while (i-- > 0) {
        size_t at;
        /* Two stages ahead: the group's start, then (once that start is
         * cached) the slots it points to. */
        if (i >= 2 * B2M_AHEAD)
            B2M_PREFETCH(&start[group[i - 2 * B2M_AHEAD]], 1);
        if (i >= B2M_AHEAD) {
            size_t ahead = start[group[i - B2M_AHEAD]] - 1;
            B2M_PREFETCH(&order[ahead], 1);
            B2M_PREFETCH(&sorted_time[ahead], 1);
        }
        at = --start[group[i]];
        order[at] = (int) i + 1;
        sorted_time[at] = time[i];
    }
}

/* Groups of up to this many rows are sorted by insertion; larger ones start
 * from insertion-sorted runs of this length and are merged. */
#define TREND_RUN 32

/* (time, row) pairs of one group, sorted together by time. */
typedef struct {
    double *time;
    int *row;
} pairs;

static void insertion_sort(pairs p, size_t len)
{
    size_t k;
    for (k = 1; k < len; k++) {
        int row = p.row[k];
        double t = p.time[k];
        size_t j = k;
        /* strictly later times move: equal times keep row order */
        while (j > 0 && p.time[j - 1] > t) {
            p.row[j] = p.row[j - 1];
            p.time[j] = p.time[j - 1];
            j--;
        }
        p.row[j] = row;
        p.time[j] = t;
    }
}

static pairs offset(pairs p, size_t k)
{
    pairs q;
    q.time = p.time + k;
    q.row = p.row + k;
    return q;
}

/* Merge the sorted runs from[lo, mid) and from[mid, hi) into to[lo, hi);
 * on equal times the left run (earlier rows) comes first. */
static void merge_runs(pairs from, pairs to, size_t lo, size_t mid, size_t hi)
{
    size_t a = lo, b = mid, k;
    for (k = lo; k < hi; k++) {
        size_t take = a < mid && (b >= hi || from.time[a] <= from.time[b]) ? a++ : b++;
        to.time[k] = from.time[take];
        to.row[k] = from.row[take];
    }
}

static void merge_sort(pairs p, size_t len, pairs scratch)
{
    pairs from = p, to = scratch;
    size_t width, lo;
    for (lo = 0; lo < len; lo += TREND_RUN)
        insertion_sort(offset(p, lo), len - lo < TREND_RUN ? len - lo : TREND_RUN);
    for (width = TREND_RUN; width < len; width *= 2) {
        for (lo = 0; lo < len; lo += 2 * width) {
            size_t mid = lo + width < len ? lo + width : len;
            size_t hi = lo + 2 * width < len ? lo + 2 * width : len;
            merge_runs(from, to, lo, mid, hi);
        }
        pairs swap = from;
        from = to;
        to = swap;
    }
    if (from.row != p.row) {
        memcpy(p.row, from.row, len * sizeof *p.row);
        memcpy(p.time, from.time, len * sizeof *p.time);
    }
}

void b2m_trend_group_ends(size_t n, size_t n_groups, const size_t *start,
                          int *group_end)
{
    size_t g;
    for (g = 1; g <= n_groups; g++)
        group_end[g - 1] = (int) (g < n_groups ? start[g + 1] : n);
}

void b2m_trend_sort_groups(size_t n, size_t n_groups, const size_t *start,
                           size_t first, size_t last, int *order,
                           double *sorted_time, int *scratch,
                           double *scratch_time)
{
    size_t g;
    pairs all, spare;
    all.time = sorted_time;
    all.row = order;
    spare.time = scratch_time;
    spare.row = scratch;
    for (g = first; g <= last && g <= n_groups; g++) {
        size_t end = g < n_groups ? start[g + 1] : n;
        size_t len = end - start[g];
        if (len <= TREND_RUN)
            insertion_sort(offset(all, start[g]), len);
        else
            merge_sort(offset(all, start[g]), len, spare);
    }
}

/* ---- cache-sized partitions ------------------------------------------------
 * At registry size a column is far larger than the cache and the rows are
 * shuffled, so a loop writing each row at its own scattered place misses the
 * cache on every row.  Moving the rows in two passes instead -- first into
 * the buckets of a few hundred ranges (each written as a stream, side by
 * side), then bucket by bucket to their places, each bucket's places within
 * one cache-sized range -- keeps every access near the last. */

/* Places per bucket (2^16: three double columns of a bucket take 1.5 MB),
 * and group codes per bucket of the ordering (2^12: the counts of a bucket
 * take 32 kB, its rows about 1 MB at ten rows per patient). */
#ifndef SPAN_BITS
#define SPAN_BITS 16
#endif
#define CODE_BITS 12
#if (1 << CODE_BITS) != B2M_TREND_SPAN_CODES
#error "CODE_BITS must match B2M_TREND_SPAN_CODES"
#endif

size_t b2m_trend_spans(size_t n)
{
    return n == 0 ? 1 : ((n - 1) >> SPAN_BITS) + 1;
}

/* Counts the places index[i] (1-based, within 1..n) into the buckets of
 * their ranges: fill[b] is where bucket b's records begin. */
static void span_fill(size_t n, const int *index, size_t *fill)
{
    size_t i, b, spans = b2m_trend_spans(n), sum = 0;
    for (b = 0; b < spans; b++)
        fill[b] = 0;
    for (i = 0; i < n; i++)
        fill[((size_t) index[i] - 1) >> SPAN_BITS]++;
    for (b = 0; b < spans; b++) {
        size_t count = fill[b];
        fill[b] = sum;
        sum += count;
    }
}

void b2m_trend_scatter(size_t n, const int *index, size_t columns,
                       const b2m_column *from, double *const *to,
                       const b2m_trend_scratch *s)
{
    size_t i, j;
    span_fill(n, index, s->fill);
    for (i = 0; i < n; i++) {
        size_t at = s->fill[((size_t) index[i] - 1) >> SPAN_BITS]++;
        s->index[at] = index[i];
        for (j = 0; j < columns; j++)
            s->payload[j * n + at] = b2m_column_get(&from[j], i);
    }
    for (j = 0; j < columns; j++)
        for (i = 0; i < n; i++)
            to[j][(size_t) s->index[i] - 1] = s->payload[j * n + i];
}

void b2m_trend_positions(size_t n, const int *order, int *position,
                         int *ordinal, const b2m_trend_scratch *s)
{
    size_t k;
    span_fill(n, order, s->fill);
    for (k = 0; k < n; k++) {
        size_t at = s->fill[((size_t) order[k] - 1) >> SPAN_BITS]++;
        s->index[at] = order[k];
        ordinal[at] = (int) k + 1;
    }
    for (k = 0; k < n; k++)
        position[s->index[k] - 1] = ordinal[k];
}

size_t b2m_trend_code_spans(size_t n_groups)
{
    return n_groups == 0 ? 1 : ((n_groups - 1) >> CODE_BITS) + 1;
}

/* Counts the rows of each bucket of codes into fill (b2m_trend_code_spans()
 * slots, where each bucket begins); B2M_TREND_BAD_CODE for a code outside
 * 1..n_groups, else 0. */
static size_t code_fill(size_t n, const int *group, size_t n_groups,
                        size_t *fill)
{
    size_t i, b, spans = b2m_trend_code_spans(n_groups), sum = 0;
    for (b = 0; b < spans; b++)
        fill[b] = 0;
    for (i = 0; i < n; i++) {
        if (group[i] < 1 || (size_t) group[i] > n_groups)
            return B2M_TREND_BAD_CODE;
        fill[((size_t) group[i] - 1) >> CODE_BITS]++;
    }
    for (b = 0; b < spans; b++) {
        size_t count = fill[b];
        fill[b] = sum;
        sum += count;
    }
    return 0;
}

/* The counting sort of b2m_trend_group_starts() and b2m_trend_place() on
 * one bucket's rows [lo, hi) of the scratch, whose codes are local to the
 * bucket (1..codes, the bucket's first code being first + 1): the rows and
 * times go to order and sorted_time from lo, and start[first + g] receives
 * where group first + g begins.  Returns the bucket's largest group. */
static size_t arrange_bucket(const b2m_trend_arrange_scratch *s, size_t lo,
                             size_t hi, size_t first, size_t codes,
                             size_t *start, int *order, double *sorted_time)
{
    size_t k, g, largest;
    largest = b2m_trend_group_starts(hi - lo, s->code + lo, codes, s->start);
    b2m_trend_place(hi - lo, s->code + lo, s->time + lo, s->start, order + lo,
                    sorted_time + lo);
    /* place() numbers the bucket's records; the ordering holds rows */
    for (k = lo; k < hi; k++)
        order[k] = s->row[lo + (size_t) order[k] - 1];
    for (g = 1; g <= codes; g++)
        start[first + g] = lo + s->start[g];
    return largest;
}

size_t b2m_trend_arrange(size_t n, const int *group, size_t n_groups,
                         const double *time,
                         const b2m_trend_arrange_scratch *s, size_t *start,
                         int *order, double *sorted_time)
{
    size_t i, b, spans = b2m_trend_code_spans(n_groups), largest = 0, lo = 0;
    if (code_fill(n, group, n_groups, s->fill) == B2M_TREND_BAD_CODE)
        return B2M_TREND_BAD_CODE;
    /* rows by bucket of codes, each bucket in row order */
    for (i = 0; i < n; i++) {
        size_t bucket = ((size_t) group[i] - 1) >> CODE_BITS;
        size_t at = s->fill[bucket]++;
        s->row[at] = (int) i + 1;
        s->code[at] = group[i] - (int) (bucket << CODE_BITS);
        s->time[at] = time[i];
    }
    start[0] = 0;
    for (b = 0; b < spans; b++) {
        size_t first = b << CODE_BITS, hi = s->fill[b], big;
        size_t codes = n_groups - first < B2M_TREND_SPAN_CODES
                           ? n_groups - first : B2M_TREND_SPAN_CODES;
        big = arrange_bucket(s, lo, hi, first, codes, start, order, sorted_time);
        if (big > largest)
            largest = big;
        lo = hi;
    }
    return largest;
}
