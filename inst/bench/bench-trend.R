# Benchmark of b2m_trend() (run by `make bench`): long-format follow-up, ten
# measurements per patient (1e6 rows are 1e5 patients), rows shuffled.
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE),
                                                  value = TRUE)[1])), "common.R"))

trend_columns <- c("baseline", "change", "pct_change", "nadir", "pct_from_nadir")

trend_data <- function(n, na) {
  patients <- max(n %/% 10, 1)
  id <- rep_len(seq_len(patients), n)
  visit <- stats::ave(id, id, FUN = seq_along)
  level <- stats::rlnorm(patients, log(3), 0.6)[id]
  # visits 30 days apart with up to 20 days of jitter: never two at one time
  frame <- data.frame(
    id = id,
    time = visit * 30 + stats::runif(n, 0, 20),
    b2m = with_na(clamp(level * stats::rlnorm(n, 0, 0.25), 0.3, 150), na)
  )
  frame <- frame[sample.int(n), ]
  rownames(frame) <- NULL
  list(frame = frame, id = frame$id, time = frame$time, b2m = frame$b2m)
}

trend_floor <- '
SEXP floor_b2m_trend(SEXP a_id, SEXP a_value, SEXP a_order)
{
    R_xlen_t n = XLENGTH(a_id), start = 0, j;
    const int *id = INTEGER_RO(a_id), *o = INTEGER_RO(a_order);
    const double *v = REAL_RO(a_value);
    double *col[5];
    int k;
    SEXP result = PROTECT(Rf_allocVector(VECSXP, 5));
    for (k = 0; k < 5; k++) {
        SET_VECTOR_ELT(result, k, Rf_allocVector(REALSXP, n));
        col[k] = REAL(VECTOR_ELT(result, k));
    }
    while (start < n) {
        R_xlen_t end = start;
        int patient = id[o[start] - 1];
        double baseline = NA_REAL, nadir = NA_REAL;
        while (end < n && id[o[end] - 1] == patient)
            end++;
        for (j = start; j < end; j++) {
            if (!ISNAN(v[o[j] - 1])) {
                baseline = v[o[j] - 1];
                break;
            }
        }
        for (j = start; j < end; j++) {
            R_xlen_t r = o[j] - 1;
            double x = v[r];
            if (!ISNAN(x) && (ISNAN(nadir) || x < nadir))
                nadir = x;
            col[0][r] = baseline;
            col[1][r] = x - baseline;
            col[2][r] = 100 * (x - baseline) / baseline;
            col[3][r] = nadir;
            col[4][r] = 100 * (x - nadir) / nadir;
        }
        start = end;
    }
    UNPROTECT(1);
    return result;
}
'

entries <- list(
  bench_entry(
    "b2m_trend",
    data = trend_data,
    b2m = function(d) b2m::b2m_trend(d$frame, id = "id", time = "time", value = "b2m",
                                     time_unit = "days"),
    base = function(d) {
      o <- order(d$id, d$time)
      id <- d$id[o]
      v <- d$b2m[o]
      known <- !is.na(v)
      baseline <- v[known][match(id, id[known])]
      nadir <- stats::ave(ifelse(known, v, Inf), id, FUN = cummin)
      nadir[is.infinite(nadir)] <- NA
      sorted <- list(baseline = baseline, change = v - baseline,
                     pct_change = 100 * (v - baseline) / baseline, nadir = nadir,
                     pct_from_nadir = 100 * (v - nadir) / nadir)
      lapply(sorted, function(x) {
        x[o] <- x
        x
      })
    },
    floor = c_function("floor_b2m_trend", trend_floor, function(routine, d) {
      stats::setNames(routine(d$id, d$b2m, order(d$id, d$time)), trend_columns)
    }),
    codes = function(x) unlist(unclass(x)[trend_columns], use.names = FALSE)
  )
)

run_entries("trend", entries)

# Registry scale ---------------------------------------------------------------
# b2m_trend() and summary() at 1e6 rows over 1e5 patients and 1e7 rows over
# 1e6 patients (always: the growth ratio between them is a target), with
# character and integer ids; ten visits per patient, rows shuffled. Writes
# <B2M_BENCH_OUT>/trend-scale.rds. The two sizes take different paths in C:
# from 2^21 rows (B2M_TREND_PARTITION_ROWS) the ordering and the row pass go
# through cache-sized partitions (rows moved in buckets of a few thousand
# patient codes or 65536 row positions, instead of one scattered access per
# row over 80 MB columns); at 1e6 rows, whose columns mostly stay in the
# cache, the direct path is faster. The growth ratio compares the two as a
# user meets them. The hashing of character ids is not partitioned, and the
# result floor (memory for the ten columns, and for character ids the
# garbage collections marking every id string) is outside the package's
# reach: for character ids, read the growth of the trend's time less the
# floor. Each size is timed after three calls, by which R's heap has grown to
# the size the calls need (the first calls at 1e7 rows pay a full collection
# each while it grows).

# The same layout as trend_data() (patient k's visits are rows k, k +
# patients, ...), without ave(), which takes long at 1e7 rows.
scale_data <- function(n, ids) {
  patients <- n %/% 10
  id <- rep_len(seq_len(patients), n)
  visit <- (seq_len(n) - 1L) %/% patients + 1L
  level <- stats::rlnorm(patients, log(3), 0.6)[id]
  frame <- data.frame(
    id = id,
    time = visit * 30 + stats::runif(n, 0, 20),
    b2m = with_na(clamp(level * stats::rlnorm(n, 0, 0.25), 0.3, 150), 0.02)
  )
  frame <- frame[sample.int(n), ]
  rownames(frame) <- NULL
  if (ids == "character") frame$id <- sprintf("P%07d", frame$id)
  frame
}

# Fewer iterations than time_one(): a 1e7-row call takes seconds.
time_scale <- function(exprs, env) {
  marks <- bench::mark(exprs = exprs, env = env, check = FALSE,
                       filter_gc = FALSE, min_iterations = 3,
                       max_iterations = 10, min_time = 0.5, memory = TRUE,
                       time_unit = "s")
  data.frame(impl = names(exprs), median = as.numeric(marks$median),
             mem_alloc = as.numeric(marks$mem_alloc), stringsAsFactors = FALSE)
}

# The frame's time column is "time", in days.
trend_of <- function(frame) b2m::b2m_trend(frame, time = "time", time_unit = "days")

# The floor of any b2m_trend(): the ten result columns it returns (seven
# double, three logical) allocated by R, with the same huge-page advice as
# the package's, and written once, nothing computed. At 1e7 rows the 0.7 GB
# set off a full garbage collection, which marks every string of the user's
# id column.
result_floor_code <- '
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
SEXP floor_result_columns(SEXP a_n)
{
    R_xlen_t n = (R_xlen_t) REAL(a_n)[0];
    const uintptr_t huge = (uintptr_t) 2 << 20;
    SEXP result = PROTECT(Rf_allocVector(VECSXP, 10));
    int k;
    for (k = 0; k < 10; k++) {
        SEXP x = Rf_allocVector(k < 7 ? REALSXP : LGLSXP, n);
        char *first = k < 7 ? (char *) REAL(x) : (char *) LOGICAL(x);
        size_t bytes = (size_t) n * (k < 7 ? sizeof(double) : sizeof(int));
        uintptr_t from = ((uintptr_t) first + huge - 1) & ~(huge - 1);
        uintptr_t to = ((uintptr_t) first + bytes) & ~(huge - 1);
        SET_VECTOR_ELT(result, k, x);
        if (bytes >= 2 * huge && to > from)
            (void) madvise((void *) from, to - from, MADV_HUGEPAGE);
        memset(first, 0, bytes);
    }
    UNPROTECT(1);
    return result;
}
'
result_floor <- compile_floors(list(list(
  fn = "result_floor",
  floor = c_function("floor_result_columns", result_floor_code,
                     function(routine, n) routine(as.double(n)))
)))$result_floor

scale_rows <- list()
for (n in c(1e6, 1e7)) {
  for (ids in c("character", "integer")) {
    message(sprintf("trend scale: %s rows, %s patients, %s ids",
                    format(n, scientific = TRUE),
                    format(n / 10, scientific = TRUE), ids))
    set.seed(20240611)
    frame <- scale_data(n, ids)
    for (k in 1:3) tr <- trend_of(frame)
    for (k in 1:3) invisible(summary(trend_of(frame[1:1000, ])))
    times <- time_scale(list(b2m_trend = quote(trend_of(frame)),
                             summary = quote(summary(tr)),
                             result_floor = quote(result_floor(nrow(frame)))),
                        environment())
    times$n <- n
    times$patients <- n / 10
    times$ids <- ids
    times$result_bytes <- c(as.numeric(utils::object.size(tr)),
                            as.numeric(utils::object.size(summary(tr))),
                            as.numeric(utils::object.size(result_floor(n))))
    scale_rows[[length(scale_rows) + 1]] <- times
    rm(frame, tr)
    gc()
  }
}
saveRDS(do.call(rbind, scale_rows), file.path(bench_out, "trend-scale.rds"))
