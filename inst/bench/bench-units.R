# Benchmarks of the unit and reference functions (run by `make bench`).
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE),
                                                  value = TRUE)[1])), "common.R"))

entries <- list(
  bench_entry(
    "b2m_convert",
    data = function(n, na) list(x = gen_b2m(n, na)),
    b2m = function(d) b2m::b2m_convert(d$x, from = "mg/L", to = "nmol/L"),
    # 11,800 g/mol: 1 mg/L = 1e6 / 11800 nmol/L.
    base = function(d) d$x * 1e6 / 11800,
    floor = c_loop(c(x = "double"), "double",
                   "out[i] = x[i] * 1e6 / 11800;")
  ),
  bench_entry(
    "b2m_classify",
    data = function(n, na) list(x = gen_b2m(n, na)),
    b2m = function(d) b2m::b2m_classify(d$x),
    # elevated when above the default serum limit, 2.70 mg/L
    base = function(d) {
      structure(1L + (d$x > 2.7), levels = c("normal", "elevated"),
                class = "factor")
    },
    floor = c_loop(c(x = "double"), "int",
                   "out[i] = ISNAN(x[i]) ? NA_INTEGER : 1 + (x[i] > 2.7);")
  ),
  bench_entry(
    "b2m_fold_uln",
    data = function(n, na) list(x = gen_b2m(n, na)),
    b2m = function(d) b2m::b2m_fold_uln(d$x),
    base = function(d) d$x / 2.7,
    floor = c_loop(c(x = "double"), "double", "out[i] = x[i] / 2.7;")
  )
)

run_entries("units", entries)
