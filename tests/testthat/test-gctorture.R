# Every .Call entry point under gctorture(TRUE): a garbage collection at every
# allocation finds an unprotected object in the glue. The entry points are
# read from the DLL's registration table, so one without a case here fails
# the test; a case is a list of calls (argument lists), with a good result
# and a bad-values record (the path that allocates most), on tiny inputs.

# The arguments of r_b2m_trend / r_b2m_trend_summary as b2m_trend() and
# summary() make them.
trend_args <- function(id, time, value, max = 200, summary = FALSE) {
  keys <- b2m:::trend_keys(id, time, list(id = "id", time = "time"), NULL)
  args <- list(keys$order, keys$group, keys$time, value, max)
  if (summary) c(args, as.double(keys$n_groups)) else args
}

# Sex as C reads it: a coded column, list(x, labels, values).
sex <- function(x) b2m:::sex_input(x)

# The arguments of r_stage as stage_system() makes them: the system, its
# inputs as the package's input builders make them, score or stage, threads.
stage_args <- function(system, inputs, score = FALSE, threads = 1L) {
  list(system, inputs, score, threads)
}

# Ages, creatinine, cystatin C limits of r_egfr_ckdepi: num, den and largest
# creatinine (mg/dL), largest cystatin C, largest age.
egfr_limits <- c(1, 1, 30, 15, 120)

gctorture_cases <- list(
  r_b2m_convert = list(
    list(c(2.5, NA, 0), 1000, 1, 2000),
    list(2L, 1e6, 11800, 2000),
    list(c(-1, Inf, 2, -3, -4, -5, -6), 1, 1, 2000),
    list(c(1, 2500), 1, 1, 2000)
  ),
  r_egfr_ckdepi = list(
    list(0L, c(0.8, NA, 2.4), NA_real_, c(40, 62, 85),
         sex(c("female", "male", NA)), egfr_limits),
    list(2L, 1, c(0.7, 1), 50, sex(factor("M")), egfr_limits),
    # under 18: the flagged-rows attribute
    list(1L, NA_real_, c(1, 1), c(12, 50), sex("F"), egfr_limits),
    list(0L, c(-1, 0, 100), NA_real_, c(40, 130, -2), sex(NA), egfr_limits)
  ),
  r_egfr_b2m = list(
    list(c(1.5, NA, 9), c(1, 1, 200, 0)),
    list(c(0, -1, 1e4), c(1, 1, 200, 0))
  ),
  r_b2m_expected = list(
    list(c(15, 60, NA), c(1, 1, 500, 0)),
    list(c(0, 600, -1), c(1e6, 11800, 500, 0))
  ),
  r_b2m_excess = list(
    list(c(1.5, 4, NA), c(95, 60, 15), c(1, 1, 200, 500)),
    list(c(-1, 4, 300), c(0, 600, 15), c(1, 1, 200, 500))
  ),
  r_gfr_category = list(
    list(c(95, 59.99, NA, 0), c(1, 1, 500, 0)),
    list(c(-1, Inf, 501), c(1, 1, 500, 0))
  ),
  r_kidney_constants = list(list()),
  r_pattern_acid_ph = list(list()),
  r_b2m_pattern = list(
    list(c(2, 4, NA), 2.7, c(400, 100, 100), 300, c(6, 5, NA),
         c(200, 2e6, 14)),
    list(c(-2, 4, 300), c(2.7, 0, 2.7), c(400, -1, 3e6), 300, 15,
         c(200, 2e6, 14))
  ),
  r_b2m_reduction_ratio = list(
    list(c(30, 35, NA), c(12, 10, 8), NA_real_, NA_real_, c(200, 500, 0)),
    list(c(30, 35), c(12, 10), c(72, 60), c(70, 80), c(200, 500, 1)),
    list(c(0, 35, 300), c(12, -1, 8), c(0, 72, 72), c(70, 600, 70),
         c(200, 500, 1))
  ),
  r_b2m_trend = list(
    trend_args(c("a", "b", "a", "a"), c(30, 0, 0, 60), c(3, 4, NA, 2)),
    trend_args(c(1, 1), c(0, 0), c(3, 2)),
    trend_args(c("a", "b"), c(0, 1), c(0, 300))
  ),
  r_b2m_trend_summary = list(
    trend_args(c("a", "b", "a", "a"), c(30, 0, 0, 60), c(3, 4, NA, 2),
               summary = TRUE),
    trend_args(factor(c("x", "x"), levels = c("w", "x")), c(0, 0), c(3, 2),
               summary = TRUE),
    trend_args(c("a", "b"), c(0, 1), c(-1, 300), summary = TRUE)
  ),
  r_stage = list(
    stage_args("ISS", b2m:::iss_inputs(c(2, 4, 6, NA), c(4, 3, NA, NA),
                                       "mg/L", "g/dL", NULL)),
    stage_args("R2-ISS", b2m:::r2iss_inputs(
      c(2, 6), 4, c(FALSE, NA), FALSE, TRUE, c(NA, TRUE), "mg/L", "g/dL", NULL),
      score = TRUE),
    # bad values in several columns, two threads
    stage_args("FLIPI2", b2m:::flipi2_inputs(
      c(-1, 130), c(Inf, 2), c(0, 2.7), 4, FALSE, 13, "mg/L", "g/dL", NULL),
      threads = 2L),
    # a coded clinical stage, read a chunk at a time
    stage_args("CLL-IPI", b2m:::cll_ipi_inputs(
      c(TRUE, FALSE, NA), FALSE, c(2, 4, NA), c("A", " ii ", NA), c(70, 50, 66),
      "mg/L", NULL)),
    stage_args("CLL-IPI", b2m:::cll_ipi_inputs(
      FALSE, TRUE, 4, factor(c("B", "0")), 66, "mg/L", NULL), score = TRUE)
  ),
  # patient codes: strings, doubles (-0 is 0), integers; more than 32
  # patients grow the table; mixed encodings and other types decline (NULL)
  r_b2m_trend_codes = list(
    list(c("b", "a", "b")),
    list(c(2.5, -0, 0, 2.5)),
    list(c(1:100, 100:1)),
    list(c("\u00e9", iconv("\u00e9", "UTF-8", "latin1"))),
    list(complex(1)),
    list(character())
  ),
  # the ordering: insertion sort, a group large enough to be merged, a code
  # outside 1..n_groups (NULL), no rows
  r_b2m_trend_order = list(
    list(c(2L, 1L, 2L, 1L), c(30, 10, 0, 0), 2),
    list(rep(1:2, 40), as.double(80:1), 2),
    list(c(1L, 3L), c(0, 1), 2),
    list(integer(), numeric(), 0)
  ),
  # more than 32 distinct strings: the hash table grows (R_alloc, rehash)
  r_distinct_strings = list(
    list(c("female", "male", NA, "female", "")),
    list(as.character(c(1:100, 50:1, NA))),
    list(character())
  ),
  r_all_missing = list(list(c(NA, NA)), list(c(NA, TRUE)), list(logical())),
  r_stage_tables = list(list()),
  r_b2m_classify = list(
    list(c(2.69, 2.7, 2.71, NA), 2.7, 200),
    list(c(1L, NA, 3L), c(2.7, 2.7, NA), 200),
    list(c(-1, 250, 2), c(0, 2.7, 2.7), 200)
  ),
  r_b2m_fold_uln = list(
    list(c(2.7, 5.4, NA), 2.7, 200),
    list(NA, c(2.7, 3), 200),
    list(c(1, -2, 3), c(2.7, 2.7, 0), 200)
  )
)

test_that("every registered .Call entry point has a gctorture case", {
  registered <- names(getDLLRegisteredRoutines("b2m")$.Call)
  expect_setequal(names(gctorture_cases), registered)
})

test_that("every .Call entry point survives gctorture on tiny inputs", {
  skip_on_cran()
  # `make valgrind` sets this: a collection at every allocation under
  # valgrind takes many minutes and checks nothing valgrind does not.
  skip_if(nzchar(Sys.getenv("B2M_SKIP_GCTORTURE")), "gctorture skipped")
  routines <- getDLLRegisteredRoutines("b2m")$.Call
  for (name in intersect(names(gctorture_cases), names(routines))) {
    symbol <- routines[[name]]$address
    for (args in gctorture_cases[[name]]) {
      expected <- do.call(.Call, c(list(symbol), args))
      gctorture(TRUE)
      got <- tryCatch(do.call(.Call, c(list(symbol), args)),
                      finally = gctorture(FALSE))
      expect_identical(got, expected, info = name)
    }
  }
})
