# A unit per row in the pattern, the urine ratio, the B2M equation, the
# dialysis reduction ratio and the trend: each row computes as that row
# alone, in its unit, does.

b2m_units <- names(b2m:::quantity_table$b2m$units)
creatinine_units <- names(b2m:::quantity_table$creatinine_urine$units)

# `x`, in `from`, in each of `to` (a unit per value).
in_units <- function(x, quantity, to, from = b2m:::quantity_table[[quantity]]$canonical) {
  scale <- function(u) b2m:::quantity_table[[quantity]]$units[[u]]
  mapply(function(v, u, f) v * scale(u)[1] * scale(f)[2] /
           (scale(u)[2] * scale(f)[1]), x, to, from, USE.NAMES = FALSE)
}

# Each row of `args` (a list of columns) given to `f` alone.
row_by_row <- function(f, args) {
  lapply(seq_along(args[[1]]), function(i) do.call(f, lapply(args, `[`, i)))
}

test_that("b2m_pattern() takes a unit per row for serum, urine and creatinine", {
  grid <- expand.grid(serum_unit = b2m_units, urine_unit = b2m_units,
                      stringsAsFactors = FALSE)
  n <- nrow(grid)
  # normal, glomerular, tubular, combined and a dilute sample, in mg/L
  serum <- rep_len(c(1.8, 6, 1.8, 8, 1.8), n)
  urine <- rep_len(c(0.15, 0.15, 4, 9, 4), n)
  creatinine_unit <- rep_len(creatinine_units, n)
  creatinine <- in_units(rep_len(c(100, 150, 100, 200, 20), n),
                         "creatinine_urine", creatinine_unit)
  args <- list(serum_b2m = in_units(serum, "b2m", grid$serum_unit),
               urine_b2m = in_units(urine, "b2m_urine", grid$urine_unit),
               serum_unit = grid$serum_unit, urine_unit = grid$urine_unit,
               urine_creatinine = creatinine,
               urine_creatinine_unit = creatinine_unit)
  # (the dilute samples warn)
  alone <- vapply(suppressWarnings(row_by_row(b2m_pattern, args)),
                  as.character, "")
  expect_warning(do.call(b2m_pattern, args),
                 class = "b2m_warning_recollect_urine")
  per_row <- suppressWarnings(do.call(b2m_pattern, args))
  expect_identical(as.character(per_row), alone)
  expect_setequal(alone, c("normal", "glomerular", "tubular", "combined", NA))
  # a limit given is in its row's unit; the default is each row's default
  expect_identical(
    as.character(b2m_pattern(c(2.5, 212), c(150, 150),
                             serum_unit = c("mg/L", "nmol/L"),
                             serum_uln = c(2.34, 198.3))),
    c("glomerular", "glomerular"))
  expect_identical(
    as.character(b2m_pattern(c(2.7, b2m:::default_uln("serum", "nmol/L")),
                             c(0.3, 300), serum_unit = c("mg/L", "nmol/L"),
                             urine_unit = c("mg/L", "ug/L"))),
    c("normal", "normal"))
})

test_that("b2m_urine_ratio() takes a unit per row for B2M and creatinine", {
  grid <- expand.grid(urine_b2m_unit = b2m_units,
                      urine_creatinine_unit = creatinine_units,
                      stringsAsFactors = FALSE)
  n <- nrow(grid)
  # above the trigger, below it, dilute and concentrated (mg/L, mg/dL)
  b2m <- rep_len(c(0.45, 0.12, 0.45, 2), n)
  creatinine <- rep_len(c(100, 150, 20, 350), n)
  args <- list(urine_b2m = in_units(b2m, "b2m_urine", grid$urine_b2m_unit),
               urine_creatinine = in_units(creatinine, "creatinine_urine",
                                           grid$urine_creatinine_unit),
               urine_b2m_unit = grid$urine_b2m_unit,
               urine_creatinine_unit = grid$urine_creatinine_unit)
  alone <- do.call(rbind, suppressWarnings(row_by_row(b2m_urine_ratio, args)))
  per_row <- do.call(b2m_urine_ratio, args)
  expect_equal(per_row, alone, tolerance = 1e-12)
  expect_identical(per_row[3:6], alone[3:6])
  expect_identical(range(per_row$ratio_ug_g), c(80, 2250))
  expect_setequal(per_row$above_osha_trigger, c(TRUE, FALSE, NA))
  expect_true(any(per_row$dilute) && any(per_row$concentrated))
})

test_that("the B2M equation takes a unit per row; the expected B2M is in it", {
  units <- rep(b2m_units, 2)
  egfr <- rep(c(90, 30), each = length(b2m_units))
  b2m <- in_units(rep(c(2, 6), each = length(b2m_units)), "b2m", units)
  expected <- b2m_expected(egfr, b2m_unit = units)
  expect_equal(expected, unlist(row_by_row(b2m_expected,
                                           list(egfr = egfr, b2m_unit = units))),
               tolerance = 1e-12)
  # each row in its own unit: the same B2M in mg/L everywhere
  expect_equal(in_units(expected, "b2m", "mg/L", units),
               b2m_expected(egfr), tolerance = 1e-12)
  # one GFR, a unit per row: the rows are the units
  expect_equal(b2m_expected(60, c("mg/L", "ug/L")),
               b2m_expected(60) * c(1, 1000), tolerance = 1e-12)
  args <- list(b2m = b2m, egfr = egfr, b2m_unit = units)
  expect_equal(do.call(b2m_excess, args),
               unlist(row_by_row(b2m_excess, args)), tolerance = 1e-12)
  expect_equal(egfr_b2m(b2m, units),
               unlist(row_by_row(egfr_b2m, args[c(1, 3)])), tolerance = 1e-12)
  # a missing unit only where the GFR is missing
  expect_identical(b2m_expected(c(60, NA), c("mg/L", NA))[2], NA_real_)
  cnd <- tryCatch(b2m_expected(c(60, 30), c("mg/L", NA)), error = identity)
  expect_s3_class(cnd, "b2m_error_unit")
  expect_identical(c(cnd$arg, cnd$rows), c("b2m_unit", "2"))
  expect_error(b2m_expected(c(60, 30, 15), c("mg/L", "ug/L")),
               class = "b2m_error_length")
})

test_that("b2m_reduction_ratio() takes a unit per row for pre and post", {
  units <- b2m_units
  pre <- in_units(rep(30, length(units)), "b2m", units)
  post <- in_units(rep(12, length(units)), "b2m", units)
  args <- list(pre = pre, post = post, weight_pre = rep(72, length(units)),
               weight_post = rep(70, length(units)), unit = units)
  per_row <- do.call(b2m_reduction_ratio, args)
  expect_equal(per_row, unlist(row_by_row(b2m_reduction_ratio, args)),
               tolerance = 1e-12)
  expect_equal(per_row, rep(65, length(units)), tolerance = 1e-12)
  # each row checked in its own unit: 300 is implausible in mg/L only
  cnd <- tryCatch(b2m_reduction_ratio(c(300, 300), c(12, 12),
                                      unit = c("nmol/L", "mg/L")),
                  error = identity)
  expect_s3_class(cnd, "b2m_error_value")
  expect_equal(cnd$rows, 2)
})

test_that("with a unit per row, the rows of each unit are looked at for mg/L", {
  units <- c("ug/L", "mg/L", "ug/L", "ng/mL", "ug/L")
  # the ug/L rows: 2 of 3 below 15 (rows 1 and 5); ng/mL and mg/L rows apart
  urine <- c(5, 0.004, 150, 150, 4)
  for (f in list(function(u, unit) b2m_pattern(1.8, u, urine_unit = unit),
                 function(u, unit) b2m_urine_ratio(u, 100, urine_b2m_unit = unit),
                 function(u, unit) b2m_classify(u, unit, "urine"))) {
    cnd <- tryCatch(f(urine, units), warning = identity)
    expect_s3_class(cnd, "b2m_warning_unit")
    expect_identical(cnd$rows, c(1, 5))
    expect_identical(cnd$values, c(5, 4))
    expect_identical(cnd$unit, "ug/L")
    expect_match(conditionMessage(cnd),
                 "2 of its 3 positive results (5, 4 in rows 1 and 5)",
                 fixed = TRUE)
    expect_match(conditionMessage(cnd), "set those rows of `[a-z0-9_]*unit` to it")
    # 1 of the 3 ug/L rows below 15: the bulk reads as ug/L
    expect_no_warning(f(c(5, 0.004, 150, 150, 40), units))
  }
})

test_that("b2m_trend() takes a unit per row and compares a patient's results in mg/L", {
  mg_l <- c(6, 3.1, 2, 3.54, 2.95, 4)
  unit <- c("ug/L", "mg/L", "nmol/L", "mg/dL", "ng/mL", "ug/mL")
  d <- data.frame(id = c(1, 1, 1, 2, 2, 2),
                  date = as.Date("2024-01-01") + c(0, 30, 60, 0, 30, 90),
                  b2m = in_units(mg_l, "b2m", unit))
  per_row <- b2m_trend(d, unit = unit, cva = 3, cvi = 6)
  in_mg_l <- b2m_trend(transform(d, b2m = mg_l), cva = 3, cvi = 6)
  expect_identical(attr(per_row, "unit"), "mg/L")
  expect_equal(per_row$b2m, mg_l, tolerance = 1e-12)
  for (column in c("baseline", "change", "pct_change", "nadir",
                   "pct_from_nadir", "previous", "pct_from_previous")) {
    expect_equal(per_row[[column]], in_mg_l[[column]], tolerance = 1e-12,
                 label = column)
  }
  for (column in c("significant_change", "significant_from_previous",
                   "significant_from_nadir")) {
    expect_identical(per_row[[column]], in_mg_l[[column]], label = column)
  }
  expect_identical(summary(per_row)$trend, summary(in_mg_l)$trend)
  # one unit for the column keeps that unit
  one <- b2m_trend(transform(d, b2m = mg_l * 1000), unit = "ug/L")
  expect_identical(attr(one, "unit"), "ug/L")
  expect_equal(one$baseline, in_mg_l$baseline * 1000)
  # a value impossible in its row's unit (300 mg/L) names the row
  bad <- transform(d, b2m = replace(b2m, 2, 300))
  cnd <- expect_error(b2m_trend(bad, unit = unit), class = "b2m_error_value")
  expect_identical(cnd$rows, 2L)
  expect_error(b2m_trend(d, unit = c("mg/L", "ug/L")), class = "b2m_error_length")
  expect_error(b2m_trend(d, unit = replace(unit, 3, "mmol/L")),
               class = "b2m_error_unit")
})
