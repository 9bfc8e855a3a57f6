# Writes inst/bench/RESULTS.md from the results the bench-*.R scripts left
# in B2M_BENCH_OUT (run last by `make bench`).
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE),
                                                  value = TRUE)[1])), "common.R"))

domains <- c("units", "staging", "kidney", "trend")
files <- file.path(bench_out, paste0(domains, ".rds"))
results <- do.call(rbind, lapply(files[file.exists(files)], function(f) {
  r <- readRDS(f)
  if (is.null(r$error)) r$error <- NA_character_
  r
}))
cran <- if (file.exists(file.path(bench_out, "cran.rds"))) {
  readRDS(file.path(bench_out, "cran.rds"))
}
failed <- results[results$impl == "error", ]
results <- results[results$impl != "error", ]

# Formatting -------------------------------------------------------------------

fmt_time <- function(s) {
  ifelse(is.na(s), "-",
         ifelse(s < 1e-3, sprintf("%.0f us", s * 1e6),
                ifelse(s < 1, sprintf("%.2f ms", s * 1e3), sprintf("%.2f s", s))))
}
fmt_bytes <- function(b) {
  ifelse(is.na(b), "-",
         ifelse(abs(b) < 1024, sprintf("%.0f B", b),
                ifelse(abs(b) < 1024^2, sprintf("%.1f kB", b / 1024),
                       sprintf("%.1f MB", b / 1024^2))))
}
fmt_ratio <- function(r) ifelse(is.na(r), "-", sprintf("%.2f", r))
fmt_rows <- function(n) format(n, scientific = TRUE, digits = 1)
md_table <- function(df) {
  c(paste("|", paste(names(df), collapse = " | "), "|"),
    paste("|", paste(rep("---", ncol(df)), collapse = " | "), "|"),
    apply(df, 1, function(r) paste("|", paste(r, collapse = " | "), "|")))
}
yes_no <- function(x) ifelse(is.na(x), "-", ifelse(x, "yes", "NO"))

# One row per function and size -------------------------------------------------

cell <- function(rows, impl, what) {
  v <- rows[[what]][rows$impl == impl]
  if (length(v)) v[1] else NA
}

summarise <- function(rows) {
  cran_rows <- rows[startsWith(rows$impl, "cran:"), ]
  best <- if (nrow(cran_rows)) cran_rows[which.min(cran_rows$median), ] else NULL
  others <- rows[rows$impl != "b2m", ]
  data.frame(
    fn = rows$fn[1], n = rows$n[1], available = rows$available[1],
    b2m = cell(rows, "b2m", "median"), base = cell(rows, "base", "median"),
    floor = cell(rows, "floor", "median"),
    cran = if (is.null(best)) NA else best$median,
    cran_pkg = if (is.null(best)) NA else sub("cran:", "", best$impl),
    mem = cell(rows, "b2m", "mem_alloc"), result = rows$result_bytes[1],
    equal = all(others$equal), stringsAsFactors = FALSE
  )
}

vector_rows <- results[!results$scalar, ]
keys <- unique(vector_rows[c("fn", "n")])
table <- do.call(rbind, lapply(seq_len(nrow(keys)), function(k) {
  summarise(vector_rows[vector_rows$fn == keys$fn[k] & vector_rows$n == keys$n[k], ])
}))
# object.size() counts a factor's level strings, which R shares and the call
# does not allocate: a few hundred bytes below zero are zero.
table$beyond <- pmax(table$mem - table$result, 0)
available <- table[table$available, ]
missing <- table[!table$available, ]

main <- data.frame(
  `function` = paste0("`", available$fn, "`"), rows = fmt_rows(available$n),
  b2m = fmt_time(available$b2m), `base R` = fmt_time(available$base),
  `C floor` = fmt_time(available$floor),
  `fastest CRAN` = ifelse(is.na(available$cran), "-",
                          paste0(fmt_time(available$cran), " (", available$cran_pkg, ")")),
  `b2m/base` = fmt_ratio(available$b2m / available$base),
  `b2m/floor` = fmt_ratio(available$b2m / available$floor),
  `b2m/CRAN` = fmt_ratio(available$b2m / available$cran),
  `b2m memory` = fmt_bytes(available$mem), `beyond result` = fmt_bytes(available$beyond),
  `same result` = yes_no(available$equal),
  check.names = FALSE
)

pending <- if (nrow(missing)) data.frame(
  `function` = paste0("`", missing$fn, "`"), rows = fmt_rows(missing$n),
  `base R` = fmt_time(missing$base), `C floor` = fmt_time(missing$floor),
  `fastest CRAN` = ifelse(is.na(missing$cran), "-",
                          paste0(fmt_time(missing$cran), " (", missing$cran_pkg, ")")),
  `base, floor and CRAN agree` = yes_no(missing$equal),
  check.names = FALSE
)

scalar <- results[results$scalar, ]
scalar_table <- if (nrow(scalar)) {
  keys <- unique(scalar$fn)
  do.call(rbind, lapply(keys, function(f) {
    rows <- scalar[scalar$fn == f, ]
    crow <- rows[startsWith(rows$impl, "cran:"), ][1, ]
    b <- cell(rows, "b2m", "median")
    data.frame(`function` = paste0("`", f, "`"), rows = fmt_rows(rows$n[1]),
               b2m = if (is.na(b)) "not yet available" else fmt_time(b),
               package = sub("cran:", "", crow$impl), `package time` = fmt_time(crow$median),
               `b2m/package` = fmt_ratio(b / crow$median),
               `same result` = yes_no(crow$equal), check.names = FALSE)
  }))
}

# Targets ------------------------------------------------------------------------

verdict <- function(ok) ifelse(is.na(ok), "not yet measurable", ifelse(ok, "met", "NOT met"))
target_rows <- list()
add_target <- function(target, fn, n, value, ok) {
  target_rows[[length(target_rows) + 1]] <<- data.frame(
    target = target, `function` = paste0("`", fn, "`"), rows = fmt_rows(n),
    measured = value, verdict = verdict(ok), check.names = FALSE)
}
for (k in which(grepl("^(stage|score|risk)_", table$fn))) {
  r <- table$b2m[k] / table$floor[k]
  add_target("staging within 1.5x of the bare C loop", table$fn[k], table$n[k],
             if (table$available[k]) sprintf("b2m/floor %.2f", r) else "not yet available",
             if (table$available[k]) r <= 1.5 else NA)
}
for (k in which(grepl("^egfr_ckdepi", table$fn))) {
  if (table$n[k] == 1e6) {
    r <- table$cran[k] / table$b2m[k]
    add_target(">= 3x faster than the fastest vectorized CRAN eGFR at 1e6 rows",
               table$fn[k], table$n[k],
               if (!table$available[k]) "not yet available"
               else if (is.na(r)) "no CRAN implementation timed"
               else sprintf("CRAN/b2m %.1fx (%s)", r, table$cran_pkg[k]),
               if (table$available[k] && !is.na(r)) r >= 3 else NA)
  }
  r <- table$b2m[k] / table$floor[k]
  add_target("eGFR no slower than the naive C loop", table$fn[k], table$n[k],
             if (table$available[k]) sprintf("b2m/floor %.2f", r) else "not yet available",
             if (table$available[k]) r <= 1 else NA)
}
for (k in which(table$n == 1e6)) {
  add_target("memory beyond the result <= 200 kB at 1e6 rows", table$fn[k], table$n[k],
             if (table$available[k]) fmt_bytes(table$beyond[k]) else "not yet available",
             if (table$available[k]) table$beyond[k] <= 200 * 1024 else NA)
}
trend <- table[table$fn == "b2m_trend" & table$n == 1e6, ]
if (nrow(trend)) {
  add_target("b2m_trend: 1e6 rows over 1e5 patients well under a second", "b2m_trend",
             1e6, if (trend$available) fmt_time(trend$b2m) else "not yet available",
             if (trend$available) trend$b2m < 0.5 else NA)
}
# The main job and the trend at registry scale (bench-main.R, bench-trend.R).
read_out <- function(name) {
  f <- file.path(bench_out, name)
  if (file.exists(f)) readRDS(f)
}
main_job <- read_out("main.rds")
# b2m_interpret() against b2m_annotate() in the same run (targets: at most
# 2 x the time, allocations at most 2 x the columns appended).
interpret_ratio_lines <- function(job) {
  rows <- job[startsWith(job$impl, "b2m_interpret") &
                !is.na(job$time_vs_annotate), ]
  if (is.null(job$time_vs_annotate) || nrow(rows) == 0) return(NULL)
  c(md_table(data.frame(
      rows = fmt_rows(rows$n),
      data = ifelse(grepl("no diagnosis", rows$impl), "without `diagnosis`",
                    "with `diagnosis`"),
      `interpret / annotate time` = fmt_ratio(rows$time_vs_annotate),
      `allocated / appended columns` = fmt_ratio(rows$alloc_vs_appended),
      `within 2 x both` = yes_no(rows$time_vs_annotate <= 2 &
                                   rows$alloc_vs_appended <= 2),
      check.names = FALSE)), "")
}
trend_scale <- read_out("trend-scale.rds")
main_lines <- if (!is.null(main_job)) {
  if (!is.null(main_job$time_vs_annotate)) {
    for (k in which(!is.na(main_job$time_vs_annotate))) {
      add_target("b2m_interpret() within 2x of b2m_annotate()'s time and 2x the columns it appends in allocations",
                 main_job$impl[k], main_job$n[k],
                 sprintf("%.2fx time, %.2fx memory",
                         main_job$time_vs_annotate[k],
                         main_job$alloc_vs_appended[k]),
                 main_job$time_vs_annotate[k] <= 2 &&
                   main_job$alloc_vs_appended[k] <= 2)
    }
  }
  pipeline <- main_job[main_job$impl == "dplyr", ]
  shown <- merge(main_job, pipeline[c("n", "median")], by = "n",
                 suffixes = c("", "_dplyr"))
  shown <- shown[order(shown$n, shown$impl), ]
  c("## The main job: a whole cohort", "",
    sprintf(paste("`b2m_annotate()` and `b2m_interpret()` on the example cohort",
                  "(500 rows, 25 columns) replicated, against a hand-written dplyr",
                  "%s pipeline (inst/bench/bench-main.R) computing the same ISS,",
                  "R-ISS, CLL-IPI, CKD-EPI eGFRs (creatinine, cystatin C, both;",
                  "the best for the category), KDIGO category and a one-sentence",
                  "comment. Its stages, eGFRs and categories were compared with",
                  "`b2m_annotate()`'s on every row before timing (*same result*);",
                  "its comment is its own sentence (timed, not compared), and",
                  "`b2m_annotate()` computes more (R2-ISS, IPSSWM, FLIPI2, ...,",
                  "B2M-based eGFR and pattern)."), main_job$dplyr_version[1]), "",
    md_table(data.frame(
      rows = fmt_rows(shown$n), implementation = paste0("`", shown$impl, "`"),
      time = fmt_time(shown$median),
      `time / dplyr` = fmt_ratio(shown$median / shown$median_dplyr),
      `memory allocated` = fmt_bytes(shown$mem_alloc),
      `result size` = fmt_bytes(shown$result_bytes),
      `same result` = yes_no(shown$equal), check.names = FALSE)), "",
    interpret_ratio_lines(main_job))
}
trend_lines <- NULL
if (!is.null(trend_scale)) {
  pick <- function(impl, n, ids) {
    v <- trend_scale$median[trend_scale$impl == impl & trend_scale$n == n &
                              trend_scale$ids == ids]
    if (length(v)) v[1] else NA_real_
  }
  ts <- trend_scale
  ts$ratio_summary <- ifelse(ts$impl == "summary",
                             ts$median / mapply(pick, "b2m_trend", ts$n, ts$ids), NA)
  growth <- vapply(unique(ts$ids), function(ids) {
    pick("b2m_trend", 1e7, ids) / pick("b2m_trend", 1e6, ids)
  }, 0)
  summary_growth <- vapply(unique(ts$ids), function(ids) {
    pick("summary", 1e7, ids) / pick("summary", 1e6, ids)
  }, 0)
  # The trend's growth were everything but the result floor exactly 10x:
  # (floor at 1e7 + 10 x (trend - floor) at 1e6) / trend at 1e6.
  floor_growth <- vapply(unique(ts$ids), function(ids) {
    pick("result_floor", 1e7, ids) / pick("result_floor", 1e6, ids)
  }, 0)
  linear_growth <- vapply(unique(ts$ids), function(ids) {
    small <- pick("b2m_trend", 1e6, ids)
    floor_small <- pick("result_floor", 1e6, ids)
    (pick("result_floor", 1e7, ids) + 10 * (small - floor_small)) / small
  }, 0)
  growth_text <- function(x) {
    paste(sprintf("%.1fx (%s ids)", x, names(x)), collapse = ", ")
  }
  trend_lines <- c("## Trends at registry scale", "",
    paste("`b2m_trend()` on 1e6 rows over 1e5 patients and 1e7 rows over 1e6",
          "patients (ten visits each, rows shuffled), character (`\"P0000001\"`)",
          "and integer ids; `summary()` of that trend (reusing the keys the",
          "trend stored); `result_floor`: R allocating the ten columns the",
          "trend returns and writing each once, nothing computed."), "",
    md_table(data.frame(
      rows = fmt_rows(ts$n), patients = fmt_rows(ts$patients), ids = ts$ids,
      call = paste0("`", ts$impl, "`"), time = fmt_time(ts$median),
      `summary / trend` = fmt_ratio(ts$ratio_summary),
      `memory allocated` = fmt_bytes(ts$mem_alloc),
      `result size` = fmt_bytes(ts$result_bytes), check.names = FALSE)), "",
    sprintf(paste("Growth from 1e6/1e5 to 1e7/1e6 (10x rows and patients):",
                  "`b2m_trend()` %s; `summary()` %s; `result_floor` %s. Were",
                  "all of the trend's time but the result floor exactly 10x,",
                  "the trend would grow %s."),
            growth_text(growth), growth_text(summary_growth),
            growth_text(floor_growth), growth_text(linear_growth)), "")
  for (ids in names(growth)) {
    add_target("b2m_trend: 10x rows and patients cost at most 11x the time",
               "b2m_trend", 1e7, sprintf("%.1fx (%s ids)", growth[[ids]], ids),
               growth[[ids]] <= 11)
  }
  for (k in which(ts$impl == "summary")) {
    add_target("summary() at most 0.5x of b2m_trend()'s time", "summary", ts$n[k],
               sprintf("%.2f (%s ids)", ts$ratio_summary[k], ts$ids[k]),
               ts$ratio_summary[k] <= 0.5)
  }
}
targets <- do.call(rbind, target_rows)
# Targets of functions not in this build: one line per target.
pending_targets <- targets$verdict == "not yet measurable"
if (any(pending_targets)) {
  waiting <- targets[pending_targets, ]
  targets <- rbind(targets[!pending_targets, ], do.call(rbind, lapply(
    unique(waiting$target), function(t) {
      fns <- unique(waiting$`function`[waiting$target == t])
      data.frame(target = t, `function` = paste(fns, collapse = ", "), rows = "-",
                 measured = "not yet available", verdict = "not yet measurable",
                 check.names = FALSE)
    })))
}

# The file -------------------------------------------------------------------------

cpu <- tryCatch({
  model <- grep("^model name", readLines("/proc/cpuinfo"), value = TRUE)[1]
  sub("^model name\\s*:\\s*", "", model)
}, error = function(e) "unknown", warning = function(e) "unknown")

cran_lines <- if (is.null(cran)) "CRAN packages were not installed in this run." else {
  md_table(data.frame(package = cran$pkg,
                      version = ifelse(is.na(cran$version), "-", cran$version),
                      status = ifelse(cran$status == "installed", "installed",
                                      paste("not installed:", cran$status)),
                      `used for` = cran$used_for, check.names = FALSE))
}

lines <- c(
  "# b2m benchmarks",
  "",
  "Written by `make bench` (inst/bench/report.R); do not edit by hand.",
  "",
  sprintf("- Run: %s, %s, b2m %s, bench %s.", format(Sys.Date()),
          R.version.string, as.character(utils::packageVersion("b2m")),
          as.character(utils::packageVersion("bench"))),
  sprintf("- Machine: %s, %d cores, shared with other work during the run: figures are indicative, ratios come from one run on the same input.",
          cpu, parallel::detectCores()),
  sprintf("- Rows: %s (B2M_BENCH_MAX=%s). The default run takes about 4 minutes on 2 cores; 1e7 rows (`make bench B2M_BENCH_MAX=1e7`) take roughly ten times as long and 2-3 GB of memory for the base-R comparisons, beyond a 10-minute budget, so they are optional (the long extracts and the threads run at 1e7 always); scalar CRAN packages on %s complete rows.",
          paste(fmt_rows(bench_sizes), collapse = ", "), fmt_rows(max(bench_sizes)),
          fmt_rows(scalar_rows)),
  "- Input: realistic random values (log-normal B2M around 3 mg/L, albumin around 3.7 g/dL, fractional ages, flags with clinical prevalences), 2% missing in every column; the same input for every implementation of a function.",
  "- Times are `bench::mark()` medians (at least 3 iterations and 0.5 s each; iterations with a garbage collection are kept, as users pay for them), with glibc told to keep freed memory and to serve every block, even the 80 MB of a 1e7-row column, from its heap (`GLIBC_TUNABLES` in the Makefile) so that whether a result lands on fresh pages (a page fault per 4 kB, about 10 us on this machine) does not depend on the allocator's state at the moment each implementation is timed. Memory is `mem_alloc` of one b2m call; *beyond result* subtracts the size of the result (`object.size`).",
  "- Ratios are b2m's median over the other's: below 1, b2m is faster. *C floor* is a bare C loop doing the same comparisons or arithmetic (inst/bench/bench-*.R), compiled at run time with R's own flags; for eGFR it is the naive loop with one `pow()` per factor and literal constants.",
  "- Every implementation's result was compared with b2m's (1e-9 relative; kidney.epi rounds to 2 decimals, compared to 0.005) before timing: *same result*.",
  "",
  "## CRAN packages compared",
  "",
  "Installed by inst/bench/cran.R into the benchmark's own library (inst/bench/lib), never into b2m's Imports or Suggests.",
  "",
  cran_lines,
  "",
  "nephro computes min()/max() with `apply()` row by row and is timed at 1e5 rows only; it and cliot need sex and flags recoded as numbers, which is part of their time.",
  "",
  "## Results",
  "",
  if (nrow(main)) md_table(main) else "No b2m function was measured.",
  ""
)
if (!is.null(scalar_table)) {
  lines <- c(lines, "## Scalar CRAN packages (row by row)", "",
             md_table(scalar_table), "")
}
if (nrow(missing)) {
  lines <- c(lines, "## Not yet available", "",
             paste0("These functions are not in this build of b2m (not yet available); their entries ",
                    "are ready and were run with base R, the C floor and the CRAN packages only, ",
                    "which agree with each other:"), "",
             md_table(pending), "")
}
if (nrow(failed)) {
  lines <- c(lines, "## Entries that failed", "",
             md_table(data.frame(`function` = paste0("`", failed$fn, "`"),
                                 rows = fmt_rows(failed$n),
                                 error = gsub("[|\n]", " ", failed$error),
                                 check.names = FALSE)), "")
}
# Why a target is not met, for the targets that are not (figures from the
# table above).
unmet <- unique(targets$target[targets$verdict == "NOT met"])
why <- c(
  "staging within 1.5x of the bare C loop" = paste(
    "Staging: the floors are one hand-fused loop per system that neither checks",
    "values (negative, infinite, impossible in the unit) nor enumerates: they",
    "bound a missing input by its LO/HI extremes, which is exact only for these",
    "monotone systems. b2m runs one table-driven mechanism for every system:",
    "rows are staged in blocks of 256, a column at a time (read and check, then",
    "one loop per condition setting criterion bits, then one look-up of the",
    "stage and score of the mask of met criteria); rows with a missing value",
    "(about 2% per column here) are enumerated exactly on the masks each missing",
    "column can give. The remaining gap is that per-column pass structure (a",
    "loop per column and per condition instead of one fused expression) at R's",
    "-O2, which does not vectorize these loops; closing it would mean a",
    "hand-written loop per system, which the single mechanism rules out."),
  "eGFR no slower than the naive C loop" = paste(
    "eGFR: b2m checks every value and reads sex through its labels (hash of the",
    "cached strings) in the same pass; the naive floor compares the string",
    "pointer with \"female\" only. Within noise on a shared machine."),
  "b2m_trend: 10x rows and patients cost at most 11x the time" = paste(
    "Trend growth: the keys are linear (ids hashed once, integer ids in a",
    "dense range looked up directly, a counting sort by patient), but the rows",
    "are shuffled, so per row the keys and the pass make about six accesses",
    "at scattered positions (hash slot, ordering and time slots, the value,",
    "two results), each requested 16 rows ahead. At 1e6 rows the columns",
    "(8 MB each) mostly stay in the 32 MB cache; at 1e7 (80 MB each) nearly",
    "every such access misses it and goes to memory. The result floor alone",
    "(allocating the ten columns returned, nothing computed) grows more than",
    "10x: the 0.7 GB of 1e7 rows set off a full garbage collection, which",
    "with character ids marks every one of the user's 1e7 strings. glibc is",
    "told to serve every block from its heap (outside the benchmark it maps",
    "each block above 32 MB afresh, so that at 1e7 rows every result column",
    "is fresh pages the kernel faults in and zeroes, while at 1e6 rows the",
    "8 MB columns are reused). The line above gives the growth the trend",
    "would have if all the rest were exactly linear: above 11x, the target",
    "cannot be met by any computation returning these columns. On a machine",
    "shared with other work the cache and the memory bandwidth are shared",
    "too."),
  "summary() at most 0.5x of b2m_trend()'s time" = paste(
    "summary(): it reuses the stored keys and writes one row per patient, but",
    "still reads every row's time and value through the ordering (the same",
    "random reads as the trend's pass) and takes a log per value."),
  "memory beyond the result <= 200 kB at 1e6 rows" = paste(
    "Memory: `b2m_trend()` allocates its patient keys (codes, ordering, ordered",
    "times: 16 MB at 1e6 rows, kept on the result for summary()) and scratch",
    "for hashing the ids and counting each patient's rows:",
    "inherent to reading long data in patient-time order without reordering",
    "the user's data frame. Every other function allocates its result and a",
    "few kB (a 32 kB buffer when sex or a clinical stage is read through its",
    "labels).")
)
notes <- why[intersect(names(why), unmet)]
load <- tryCatch(strsplit(readLines("/proc/loadavg"), " ")[[1]][1:3],
                 error = function(e) rep(NA, 3), warning = function(e) rep(NA, 3))

lines <- c(lines, main_lines, trend_lines)
lines <- c(lines, "## Targets", "",
           "Targets of the performance issue, evaluated on this run.", "",
           md_table(targets), "",
           if (length(notes)) c("### Targets not met", "", paste("-", notes), ""),
           sprintf(paste("Load average of the machine when the run ended: %s (1, 5,",
                         "15 minutes) on %d cores, other work included: ratios on",
                         "the same input in one run are the figures to read."),
                   paste(load, collapse = ", "), parallel::detectCores()), "")

# Threads: the figures that removed OpenMP, measured before the removal
# (threads-removed.R); a record, not part of this run.
threads <- read.csv(file.path(bench_dir, "threads-removed.csv"))
lines <- c(lines, "## Threads", "",
           paste("The C loops are single-threaded: OpenMP was removed (NEWS.md) after",
                 "these figures, `options(b2m.threads = 2)` against one thread in",
                 "interleaved rounds on the 2-core machine under the load shown",
                 "(`stage_cll_ipi()` was never threaded: a control). Speed-up is the",
                 "median of one thread's time over two threads' per round."), "",
           md_table(data.frame(
             `function` = paste0("`", threads$fn, "`"), rows = fmt_rows(threads$rows),
             `1 thread` = fmt_time(threads$one_thread_ms / 1e3),
             `2 threads` = fmt_time(threads$two_threads_ms / 1e3),
             `speed-up` = fmt_ratio(threads$speedup), rounds = threads$rounds,
             `load average` = sprintf("%.1f-%.1f", threads$load_min, threads$load_max),
             check.names = FALSE)), "")
# The section of a benchmark held to a target ratio, if its results (`file`
# in bench_out) exist: the heading, the text, and the table `columns(result,
# ratio)` with a target column, met at `at_rows` rows when the ratio of
# `ratio_of(result)` is at most `target`.
target_section <- function(file, heading, text, ratio_of, columns, at_rows,
                           target) {
  path <- file.path(bench_out, file)
  if (!file.exists(path)) return(character())
  result <- readRDS(path)
  ratio <- ratio_of(result)
  table <- columns(result, ratio)
  table$target <- ifelse(result$n < at_rows, "-",
                         ifelse(ratio <= target, "met", "NOT met"))
  c(heading, "", paste(text, collapse = " "), "", md_table(table), "")
}
# b2m_from_long() against a bare base-R pivot (inst/bench/bench-long.R).
lines <- c(lines, target_section(
  "long.rds", "## Long laboratory extracts",
  c("`b2m_from_long()` (codes, units, censoring, samples and",
    "duplicate checks) against a bare base-R pivot of the same",
    "rows (`match()` and matrix indexing); 10 results per",
    "patient. Target: within 3x of the pivot at 1e7 rows."),
  function(long) long$b2m / long$base,
  function(long, ratio) data.frame(
    rows = fmt_rows(long$n), b2m = fmt_time(long$b2m),
    `base pivot` = fmt_time(long$base),
    `b2m/base` = sprintf("%.2f", ratio),
    `same result` = ifelse(long$same, "yes", "no"), check.names = FALSE),
  1e7, 3))
# What the ratios of the two sections below are (time_rounds() in common.R).
interleaved_text <- paste(
  "Both sides are timed in 21 interleaved rounds (batches of about 50 ms",
  "each, in random order); times are medians over the rounds, the ratio",
  "the median of the rounds' ratios.")
# Staging with censored results against plain values
# (inst/bench/bench-censored.R).
lines <- c(lines, target_section(
  "censored.rds", "## Censored results",
  c("Staging with 2 % of the rows holding a censored measurement",
    "(`<`, `<=`, `>`, `>=`) against the same rows in plain",
    "numbers. *Consistent*: every censored row's stage is NA or",
    "its plain row's, every other row's is its plain row's.",
    "Target: within 1.2x of plain values at 1e6 rows.",
    interleaved_text),
  function(censored) censored$ratio,
  function(censored, ratio) data.frame(
    `function` = paste0("`", censored$fn, "`"), rows = fmt_rows(censored$n),
    censored = fmt_time(censored$censored), plain = fmt_time(censored$plain),
    `censored/plain` = sprintf("%.2f", ratio),
    `censored rows decided` = sprintf("%.0f %%", 100 * censored$decided),
    consistent = ifelse(censored$same, "yes", "no"), check.names = FALSE),
  1e6, 1.2))
# Staging with a unit per row against one unit (inst/bench/bench-censored.R).
lines <- c(lines, target_section(
  "units-rows.rds", "## Units per row",
  c("Staging with `b2m_unit` a vector (half of the rows in mg/dL, a",
    "character vector as an extract's unit column is, and the same as a",
    "factor) against the same values in one unit (mg/L). Target: within",
    "1.2x of one unit at 1e6 rows. A character unit is a pointer (8 bytes)",
    "a row, a factor a code (4 bytes): at 1e6 rows the call reads more",
    "than the cache holds, and one unit reads 16 bytes a row.",
    interleaved_text),
  function(rows) rows$ratio,
  function(rows, ratio) data.frame(
    `function` = paste0("`", rows$fn, "`"), rows = fmt_rows(rows$n),
    `unit column` = rows$units,
    `per row` = fmt_time(rows$per_row), `one unit` = fmt_time(rows$one),
    `per row/one` = sprintf("%.2f", ratio),
    `same stages` = ifelse(rows$same, "yes", "no"), check.names = FALSE),
  1e6, 1.2))
writeLines(lines, file.path(bench_dir, "RESULTS.md"))
message("wrote ", file.path(bench_dir, "RESULTS.md"))
