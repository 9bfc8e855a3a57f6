# The benchmark machinery shared by every inst/bench/bench-*.R script.
#
# A script lists entries, one per exported function, with bench_entry(), and
# hands them to run_entries(). Each entry times, on the same random input:
#   b2m    the package's function;
#   base   a vectorized base-R implementation of the same rule (written here,
#          not in the package);
#   floor  a bare C loop doing the same comparisons or arithmetic, compiled at
#          run time with R CMD SHLIB (the package's own compiler flags) into a
#          temporary directory and called through .Call;
#   cran   the CRAN packages that do the same job, loaded from the benchmark's
#          own library (inst/bench/lib), never from the package's
#          Imports/Suggests. Scalar ones run row by row on fewer rows.
# Every implementation's result is compared with the package's (or, when the
# function does not exist yet, with the base-R one) before anything is timed,
# so a ratio never compares two different answers.
#
# To benchmark a new function, add one bench_entry() to the script of its
# domain (or a new inst/bench/bench-<domain>.R ending in run_entries(); add
# the domain to report.R): its input generator, the b2m call, a base-R
# implementation and the C loop body. An entry whose function is not in the
# installed b2m is run without it and listed as not yet available.
#
# Environment:
#   B2M_BENCH_MAX          largest row count (1e5, 1e6, 1e7): default 1e6
#   B2M_BENCH_SCALAR_ROWS  rows for the scalar CRAN packages: default 1e4
#   B2M_BENCH_OUT          where each script writes its results (.rds)
#   B2M_BENCH_LIB          the benchmark's own library for CRAN packages
#   B2M_BENCH_ONLY         comma-separated function names: run only their
#                          entries (default: every entry of the script)

bench_script <- function() {
  file <- grep("^--file=", commandArgs(FALSE), value = TRUE)
  normalizePath(sub("^--file=", "", file[1]))
}

bench_dir <- dirname(bench_script())
bench_out <- Sys.getenv("B2M_BENCH_OUT", "build/bench")
bench_lib <- Sys.getenv("B2M_BENCH_LIB", file.path(bench_dir, "lib"))
if (dir.exists(bench_lib)) .libPaths(c(bench_lib, .libPaths()))
bench_sizes <- local({
  max_rows <- as.numeric(Sys.getenv("B2M_BENCH_MAX", "1e6"))
  sizes <- c(1e5, 1e6, 1e7)
  sizes[sizes <= max_rows]
})
scalar_rows <- as.numeric(Sys.getenv("B2M_BENCH_SCALAR_ROWS", "1e4"))
dir.create(bench_out, recursive = TRUE, showWarnings = FALSE)

# Warm the allocator before anything is timed. Under the Makefile's
# GLIBC_TUNABLES glibc serves every block from its heap and keeps what is
# freed; until the heap has grown, every result vector is fresh pages, and
# the page faults (not the computation) dominate the first few hundred calls
# at 1e5 rows. Freeing one 32 MB block leaves that much in the heap, so all
# implementations are timed in the steady state a long R session reaches.
# Then a few hundred result-sized allocations let R grow its heap: in a fresh
# process the first calls each trigger a collection, whichever implementation
# happens to be timed first.
invisible(local({
  x <- numeric(4e6 - 100)
  x[] <- 1
  NULL
}))
invisible(gc())
invisible(local({
  x <- numeric(1e5)
  for (i in seq_len(300)) y <- x + 1
  NULL
}))

b2m_has <- function(fn) exists(fn, envir = asNamespace("b2m"), inherits = FALSE)

# Entries ----------------------------------------------------------------------

# fn: the exported function's name.
# data: function(n, na) returning a named list of input columns with n rows
#   (na: the share of missing values to put in each column).
# b2m, base: function(d) computing the result from such a list.
# floor: a c_loop() (or c_function()) definition.
# cran: named list of cran_impl().
# codes: function(result) -> plain vector the implementations are compared
#   on (factor codes, numeric columns); the default drops attributes.
bench_entry <- function(fn, data, b2m, base, floor, cran = list(),
                        codes = plain_codes, tolerance = 1e-9) {
  list(fn = fn, data = data, b2m = b2m, base = base, floor = floor,
       cran = cran, codes = codes, tolerance = tolerance)
}

plain_codes <- function(x) {
  if (is.factor(x)) return(as.integer(x))
  if (is.data.frame(x)) return(lapply(x, plain_codes))
  attributes(x) <- NULL
  x
}

# A CRAN implementation: pkg must be installed in the bench library; call is
# function(d); scalar = TRUE runs it row by row on scalar_rows complete rows;
# codes maps its result onto the package's codes; tolerance is absolute when
# the package rounds (kidney.epi rounds eGFR to 2 decimals). max_rows caps
# implementations too slow for the larger sizes.
cran_impl <- function(pkg, call, codes = plain_codes, scalar = FALSE,
                      tolerance = 1e-9, absolute = FALSE, max_rows = Inf) {
  list(pkg = pkg, call = call, codes = codes, scalar = scalar,
       tolerance = tolerance, absolute = absolute, max_rows = max_rows)
}

cran_available <- function(pkg) {
  requireNamespace(pkg, lib.loc = bench_lib, quietly = TRUE)
}

# Bare C floors ------------------------------------------------------------------

# args: named character vector, name = the input column, value = "double",
# "logical", "string" (a character vector read with STRING_ELT) or "scalar"
# (a length-1 double). Inside body: x[i] for double/logical inputs, x for a
# scalar, STRING_ELT(x, i) for strings; the row's result goes to out[i]
# (out = "int" or "double"). Missing values: ISNAN(), NA_INTEGER, NA_REAL.
c_loop <- function(args, out, body) {
  list(args = args, out = out, body = body)
}

# A whole .Call function written by hand: code defines SEXP <name>(...);
# call is function(routine, d) calling routine(...) (routine wraps .Call).
c_function <- function(name, code, call) {
  list(name = name, code = code, call = call)
}

floor_prelude <- '
#define R_NO_REMAP
#include <R.h>
#include <Rinternals.h>
#include <math.h>
/* A criterion with a missing input is bounded: LO assumes it false, HI true.
 * Comparisons with NaN are false, so x > t is already the low bound. */
#define LO(x) ((x) == 1)
#define HI(x) ((x) != 0)
#define GT_LO(x, t) ((x) > (t))
#define GT_HI(x, t) (!((x) <= (t)))
#define GE_LO(x, t) ((x) >= (t))
#define GE_HI(x, t) (!((x) < (t)))
#define LT_LO(x, t) ((x) < (t))
#define LT_HI(x, t) (!((x) >= (t)))
#define LE_LO(x, t) ((x) <= (t))
#define LE_HI(x, t) (!((x) > (t)))
'

c_loop_source <- function(name, loop) {
  args <- loop$args
  params <- paste0("SEXP a_", names(args), collapse = ", ")
  decl <- vapply(names(args), function(a) switch(args[[a]],
    double = sprintf("const double *%s = REAL_RO(a_%s);", a, a),
    logical = sprintf("const int *%s = LOGICAL_RO(a_%s);", a, a),
    string = sprintf("SEXP %s = a_%s;", a, a),
    scalar = sprintf("const double %s = REAL_RO(a_%s)[0];", a, a),
    stop("unknown C argument type ", args[[a]])
  ), "")
  first <- names(args)[args != "scalar"][1]
  out_type <- switch(loop$out, int = c("INTSXP", "int", "INTEGER"),
                     double = c("REALSXP", "double", "REAL"))
  sprintf('
SEXP %s(%s)
{
    R_xlen_t n = XLENGTH(a_%s), i;
    %s
    SEXP c_female = PROTECT(Rf_mkChar("female"));
    SEXP result = PROTECT(Rf_allocVector(%s, n));
    %s *out = %s(result);
    (void) c_female;
    for (i = 0; i < n; i++) {
        %s
    }
    UNPROTECT(2);
    return result;
}
', name, params, first, paste(decl, collapse = "\n    "), out_type[1],
          out_type[2], out_type[3], loop$body)
}

# Compiles every entry's floor into one shared library and returns, per
# function name, function(d) calling it.
compile_floors <- function(entries) {
  dir <- tempfile("b2m-floor-")
  dir.create(dir)
  names <- paste0("floor_", vapply(entries, `[[`, "", "fn"))
  code <- vapply(seq_along(entries), function(k) {
    f <- entries[[k]]$floor
    if (!is.null(f$code)) f$code else c_loop_source(names[k], f)
  }, "")
  src <- file.path(dir, "floor.c")
  writeLines(c(floor_prelude, code), src)
  lib <- file.path(dir, paste0("floor", .Platform$dynlib.ext))
  status <- system2(file.path(R.home("bin"), "R"),
                    c("CMD", "SHLIB", "-o", shQuote(lib), shQuote(src)),
                    stdout = TRUE, stderr = TRUE)
  if (!file.exists(lib)) stop("compiling the C floors failed:\n",
                              paste(status, collapse = "\n"))
  dll <- dyn.load(lib)
  callers <- lapply(seq_along(entries), function(k) {
    f <- entries[[k]]$floor
    symbol <- getNativeSymbolInfo(if (is.null(f$name)) names[k] else f$name, dll)
    routine <- function(...) .Call(symbol, ...)
    if (!is.null(f$call)) return(function(d) f$call(routine, d))
    arg_names <- names(f$args)
    function(d) do.call(routine, unname(d[arg_names]))
  })
  names(callers) <- vapply(entries, `[[`, "", "fn")
  callers
}

# Running ----------------------------------------------------------------------

same_result <- function(x, y, tolerance, absolute = FALSE) {
  x <- unlist(x, use.names = FALSE)
  y <- unlist(y, use.names = FALSE)
  if (length(x) != length(y) || !identical(is.na(x), is.na(y))) return(FALSE)
  ok <- !is.na(x)
  if (is.numeric(x) && is.numeric(y)) {
    diff <- abs(x[ok] - y[ok])
    limit <- if (absolute) tolerance else tolerance * pmax(abs(x[ok]), 1e-300)
    return(all(diff <= limit))
  }
  identical(x[ok], y[ok])
}

time_one <- function(exprs, env) {
  marks <- bench::mark(exprs = exprs, env = env, check = FALSE, filter_gc = FALSE,
                       min_iterations = 3, max_iterations = 100,
                       min_time = 0.5, memory = TRUE, time_unit = "s")
  data.frame(impl = names(exprs), median = as.numeric(marks$median),
             mem_alloc = as.numeric(marks$mem_alloc), stringsAsFactors = FALSE)
}

# Times calls that are compared as a ratio (a variant against its plain
# case) in interleaved rounds: each round runs every call in a batch of
# about `batch` seconds, in an order drawn at random, so that a change of
# load on a shared machine falls on both sides of a ratio instead of on
# whichever call bench::mark happened to time last. Returns the median over
# the rounds of each call's time per call, and of each round's ratio of
# each call to the `versus` call (the ratio the targets are judged by).
time_rounds <- function(calls, versus, rounds = 21, batch = 0.05) {
  for (f in calls) for (k in seq_len(5)) f()
  per_batch <- vapply(calls, function(f) {
    started <- bench::hires_time()
    f()
    max(1, round(batch / max(bench::hires_time() - started, 1e-6)))
  }, numeric(1))
  times <- matrix(NA_real_, rounds, length(calls),
                  dimnames = list(NULL, names(calls)))
  for (r in seq_len(rounds)) {
    for (j in sample.int(length(calls))) {
      f <- calls[[j]]
      started <- bench::hires_time()
      for (k in seq_len(per_batch[j])) f()
      times[r, j] <- (bench::hires_time() - started) / per_batch[j]
    }
  }
  list(median = apply(times, 2, stats::median),
       ratio = apply(times / times[, versus], 2, stats::median))
}

# Times one entry at n rows; returns one row per implementation.
run_entry <- function(entry, floor, n, scalar = FALSE) {
  set.seed(20240611)
  d <- entry$data(n, na = if (scalar) 0 else 0.02)
  available <- b2m_has(entry$fn)
  reference <- if (available) entry$b2m(d) else entry$base(d)
  ref_codes <- entry$codes(reference)
  impls <- list()
  equal <- c()
  cran <- Filter(function(cr) cr$scalar == scalar && n <= cr$max_rows &&
                   cran_available(cr$pkg), entry$cran)
  if (!scalar) {
    impls$base <- entry$base
    impls$floor <- floor
  }
  for (nm in names(cran)) impls[[paste0("cran:", nm)]] <- cran[[nm]]$call
  for (nm in names(impls)) {
    got <- impls[[nm]](d)
    cr <- cran[[sub("^cran:", "", nm)]]
    equal[nm] <- if (is.null(cr)) {
      same_result(ref_codes, entry$codes(got), entry$tolerance)
    } else {
      same_result(ref_codes, cr$codes(got), cr$tolerance, cr$absolute)
    }
  }
  if (available) impls <- c(list(b2m = entry$b2m), impls)
  # The first few dozen calls of a package function run slower (R's JIT and
  # lazy loading): warm every implementation up on a small input first.
  small <- entry$data(1000, na = if (scalar) 0 else 0.02)
  for (nm in names(impls)) for (k in seq_len(30)) impls[[nm]](small)
  exprs <- lapply(names(impls), function(nm) bquote(.(impls[[nm]])(d)))
  names(exprs) <- names(impls)
  times <- time_one(exprs, environment())
  times$fn <- entry$fn
  times$n <- n
  times$scalar <- scalar
  times$equal <- unname(ifelse(times$impl == "b2m", NA, equal[times$impl]))
  times$result_bytes <- as.numeric(utils::object.size(reference))
  times$available <- available
  times[c("fn", "n", "scalar", "impl", "median", "mem_alloc", "equal",
          "result_bytes", "available")]
}

# Runs every entry at every size (and the scalar CRAN size where an entry has
# scalar comparators) and writes <out>/<domain>.rds.
run_entries <- function(domain, entries) {
  suppressPackageStartupMessages(library(b2m))
  only <- Sys.getenv("B2M_BENCH_ONLY")
  if (nzchar(only)) {
    wanted <- trimws(strsplit(only, ",", fixed = TRUE)[[1]])
    entries <- Filter(function(e) e$fn %in% wanted, entries)
    if (length(entries) == 0) return(invisible(NULL))
  }
  floors <- compile_floors(entries)
  rows <- list()
  for (entry in entries) {
    message(sprintf("%s: %s%s", domain, entry$fn,
                    if (b2m_has(entry$fn)) "" else " (not yet in b2m: base and floor only)"))
    runs <- data.frame(n = bench_sizes, scalar = FALSE)
    if (any(vapply(entry$cran, `[[`, TRUE, "scalar"))) {
      runs <- rbind(data.frame(n = scalar_rows, scalar = TRUE), runs)
    }
    for (k in seq_len(nrow(runs))) {
      # A failing entry (say, an argument renamed in b2m) is reported in
      # RESULTS.md instead of stopping the run.
      rows[[length(rows) + 1]] <- tryCatch(
        run_entry(entry, floors[[entry$fn]], runs$n[k], runs$scalar[k]),
        error = function(e) {
          message("  failed: ", conditionMessage(e))
          data.frame(fn = entry$fn, n = runs$n[k], scalar = runs$scalar[k],
                     impl = "error", median = NA_real_, mem_alloc = NA_real_,
                     equal = NA, result_bytes = NA_real_,
                     available = b2m_has(entry$fn),
                     error = conditionMessage(e), stringsAsFactors = FALSE)
        })
      gc()
    }
  }
  rows <- lapply(rows, function(r) {
    if (is.null(r$error)) r$error <- NA_character_
    r
  })
  result <- do.call(rbind, rows)
  result$domain <- domain
  saveRDS(result, file.path(bench_out, paste0(domain, ".rds")))
  invisible(result)
}

# Realistic random input ---------------------------------------------------------

with_na <- function(x, na) {
  if (na > 0) x[stats::runif(length(x)) < na] <- NA
  x
}

clamp <- function(x, lo, hi) pmin(pmax(x, lo), hi)

# Serum B2M in mg/L: log-normal around 3 mg/L (a haematology clinic).
gen_b2m <- function(n, na) with_na(clamp(stats::rlnorm(n, log(3), 0.7), 0.3, 150), na)
gen_albumin <- function(n, na) with_na(clamp(stats::rnorm(n, 3.7, 0.6), 1.5, 6), na)
# Ages with a fractional part, as computed from dates of birth.
gen_age <- function(n, na, lo = 18) with_na(clamp(stats::rnorm(n, 66, 11), lo, 99), na)
gen_flag <- function(n, na, p) with_na(stats::runif(n) < p, na)
gen_creatinine <- function(n, na) with_na(clamp(stats::rlnorm(n, 0, 0.45), 0.2, 20), na)
gen_cystatin <- function(n, na) with_na(clamp(stats::rlnorm(n, 0, 0.4), 0.3, 10), na)
gen_sex <- function(n, na) with_na(sample(c("female", "male"), n, TRUE), na)
gen_hemoglobin <- function(n, na) with_na(clamp(stats::rnorm(n, 12, 2), 4, 20), na)
gen_platelets <- function(n, na) with_na(clamp(stats::rlnorm(n, log(220), 0.5), 5, 2000), na)
gen_igm <- function(n, na) with_na(clamp(stats::rlnorm(n, log(2), 0.8), 0.01, 15), na)
gen_ldh <- function(n, na) with_na(clamp(stats::rlnorm(n, log(220), 0.4), 50, 5000), na)
gen_egfr <- function(n, na) with_na(stats::runif(n, 5, 130), na)
