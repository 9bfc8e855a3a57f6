# Plain-R definition of the conversion, for comparison with the C kernel.
mg_per_l <- c("mg/L" = 1, "ug/mL" = 1, "ug/L" = 1e-3, "ng/mL" = 1e-3,
              "mg/dL" = 10, "nmol/L" = 11800 / 1e6)

test_that("every pair of units converts as the definitions say", {
  x <- c(0, 0.5, 2.5, 5.5, 40, NA)
  for (from in names(mg_per_l)) {
    for (to in names(mg_per_l)) {
      expect_equal(b2m_convert(x, from, to), x * mg_per_l[[from]] / mg_per_l[[to]],
                   tolerance = 1e-14, info = paste(from, to))
    }
  }
})

test_that("worked examples of the reference file", {
  expect_equal(b2m_convert(c(2.5, 3.5, 5.5), "mg/L", "nmol/L"),
               c(211.86, 296.61, 466.10), tolerance = 1e-4)
  expect_equal(b2m_convert(322, "nmol/L", "mg/L"), 3.7996, tolerance = 1e-4)
  expect_identical(b2m_convert(1, "mg/L", "ug/L"), 1000)
  expect_identical(b2m_convert(1, "mg/L", "mg/dL"), 0.1)
  expect_identical(b2m_convert(0.55, "mg/dL", "mg/L"), 5.5)
})

test_that("round trips are exact to 1e-12", {
  x <- c(0.1, 1.21, 2.7, 5.5, 17.3, 123.456)
  for (unit in names(mg_per_l)) {
    back <- b2m_convert(b2m_convert(x, "mg/L", unit), unit, "mg/L")
    expect_lte(max(abs(back - x) / x), 1e-12)
  }
})

test_that("NA stays NA, NaN stays NaN, length and names are kept", {
  expect_identical(b2m_convert(c(NA, 1, NaN), "mg/L", "ug/L"), c(NA, 1000, NaN))
  expect_identical(b2m_convert(numeric(0), "mg/L", "ug/L"), numeric(0))
  expect_identical(b2m_convert(NA, "ug/L"), NA_real_)
  expect_identical(b2m_convert(c(1L, NA), "mg/L", "ug/L"), c(1000, NA))
})

test_that("b2m_convert() takes a unit per row and converts each row from its own", {
  units <- c("mg/L", "ug/mL", "ug/L", "ng/mL", "nmol/L", "mg/dL")
  x <- c(2.5, 2.5, 2500, 2500, 212, 0.25)
  # each row exactly as the one-unit call for its unit
  one_by_one <- vapply(seq_along(x), function(i) b2m_convert(x[i], units[i]), 0)
  expect_identical(b2m_convert(x, units), one_by_one)
  expect_identical(b2m_convert(x, factor(units)), one_by_one)
  expect_identical(b2m_convert(x, units, "nmol/L"),
                   vapply(seq_along(x), function(i) {
                     b2m_convert(x[i], units[i], "nmol/L")
                   }, 0))
  # a unit per row in `to`, and in both
  expect_identical(b2m_convert(c(1, 1, 1), "mg/L", c("ug/L", "mg/dL", "mg/L")),
                   c(1000, 0.1, 1))
  expect_identical(b2m_convert(c(1000, 0.1), c("ug/L", "mg/dL"), c("mg/L", "ug/L")),
                   c(1, 1000))
  # spellings fold as for one unit; a missing unit is fine on a missing value
  expect_identical(b2m_convert(c(1, NA, 2), c(" MG/L", NA, "mcg/l")),
                   c(1, NA, 0.002))
})

test_that("a unit per row is refused where it is wrong, naming the rows", {
  e <- expect_error(b2m_convert(c(1, 2, 3), c("mg/L", "mmol/L", "mmol/L")),
                    class = "b2m_error_unit")
  expect_equal(e$rows, c(2, 3))
  expect_identical(e$labels, "mmol/L")
  expect_match(conditionMessage(e), "found \"mmol/L\" in rows 2 and 3", fixed = FALSE)
  e <- expect_error(b2m_convert(c(1, NA, 3), c("mg/L", NA, NA)),
                    class = "b2m_error_unit")
  expect_equal(e$rows, 3)
  expect_error(b2m_convert(c(1, 2, 3), c("mg/L", "ug/L")), class = "b2m_error_length")
  # implausible in its own row's unit: 3000 mg/L is, 3000 ug/L is not
  e <- expect_error(b2m_convert(c(3000, 3000, 2), c("ug/L", "mg/L", "mg/L")),
                    class = "b2m_error_value")
  expect_equal(e$rows, 2)
  expect_identical(e$unit, "mg/L")
  expect_identical(e$suggested_unit, "ug/L")
})

test_that("to defaults to mg/L", {
  expect_identical(b2m_convert(2500, "ng/mL"), 2.5)
})

test_that("negative and infinite values are errors naming the rows", {
  expect_error(b2m_convert(c(1, -0.5), "mg/L"), class = "b2m_error_value")
  expect_error(b2m_convert(c(1, Inf), "mg/L"), class = "b2m_error_value")
  expect_error(b2m_convert(-Inf, "mg/L"), class = "b2m_error_value")
  expect_error(b2m_convert(1, "mg/L", "g/L"), class = "b2m_error_unit")
  # two units are a unit per row: the one value is recycled
  expect_identical(b2m_convert(1, c("mg/L", "ug/L")), c(1, 0.001))
})

test_that("values above the largest plausible B2M of any specimen are errors", {
  # 2000 mg/L (urine) is the largest plausible value in any unit of `from`.
  expect_identical(b2m_convert(2000, "mg/L", "ug/L"), 2e6)
  expect_identical(b2m_convert(2e6, "ug/L", "mg/L"), 2000)
  expect_identical(b2m_convert(200, "mg/dL", "mg/L"), 2000)
  expect_error(b2m_convert(nextafter_up(2000), "mg/L"), class = "b2m_error_value")
  expect_error(b2m_convert(c(1, 2001, 5), "mg/dL"), class = "b2m_error_value")
  err <- expect_error(b2m_convert(c(2.5, 2500, 5400), "mg/L"),
                      class = "b2m_error_value")
  expect_equal(err$rows, c(2, 3))
  # 2500 and 5400 were micrograms per litre: the message says so.
  expect_match(conditionMessage(err), "ug/L")
  expect_snapshot(b2m_convert(c(2.5, 2500, 5400), "mg/L"), error = TRUE)
})

test_that("a NULL unit is an error, not the canonical unit", {
  expect_error(b2m_convert(1, NULL), class = "b2m_error_type")
  expect_error(b2m_convert(1, "mg/L", NULL), class = "b2m_error_type")
  expect_error(b2m_classify(1, unit = NULL), class = "b2m_error_type")
  expect_error(stage_iss(2, 4, b2m_unit = NULL), class = "b2m_error_type")
  expect_snapshot(b2m_convert(1, NULL), error = TRUE)
})

nextafter_down <- function(x) x * (1 - 2 * .Machine$double.eps)

# Values at, just below and just above a threshold stated in `canonical`
# units, expressed in `unit` as the one-unit path compares them.
around_threshold <- function(quantity, threshold, unit) {
  spec <- b2m:::unit_spec(quantity, unit, "unit")
  at <- threshold * spec$num / spec$den
  c(nextafter_down(at), at, nextafter_up(at))
}

test_that("staging with a unit per row stages each row as its unit alone does", {
  b2m_units <- names(b2m:::quantity_table$b2m$units)
  albumin_units <- names(b2m:::quantity_table$albumin$units)
  grid <- expand.grid(b2m_unit = b2m_units, albumin_unit = albumin_units,
                      b2m_at = c(3.5, 5.5), albumin_at = 3.5, side = 1:3,
                      stringsAsFactors = FALSE)
  grid$b2m <- mapply(function(u, t, k) around_threshold("b2m", t, u)[k],
                     grid$b2m_unit, grid$b2m_at, grid$side)
  grid$albumin <- mapply(function(u, t, k) around_threshold("albumin", t, u)[k],
                         grid$albumin_unit, grid$albumin_at, 4 - grid$side)
  alone <- unlist(lapply(seq_len(nrow(grid)), function(i) {
    as.character(stage_iss(grid$b2m[i], grid$albumin[i],
                           b2m_unit = grid$b2m_unit[i],
                           albumin_unit = grid$albumin_unit[i]))
  }))
  per_row <- stage_iss(grid$b2m, grid$albumin, b2m_unit = grid$b2m_unit,
                       albumin_unit = grid$albumin_unit)
  expect_identical(as.character(per_row), alone)
  # every stage is met among the boundary rows: the comparison is not vacuous
  expect_setequal(alone, c("I", "II", "III"))
  expect_identical(
    as.character(stage_iss(c(6.2, 525, 6200, 0.62), 4,
                           b2m_unit = c("mg/L", "nmol/L", "ug/L", "mg/dL"))),
    rep("III", 4))
})

test_that("a unit per row reaches eGFR and classification, and is checked per row", {
  expect_identical(
    egfr_ckdepi_cr(c(1, 88.4, 106.08), 50, "female",
                   creatinine_unit = c("mg/dL", "umol/L", "umol/L")),
    egfr_ckdepi_cr(c(1, 1, 1.2), 50, "female"))
  expect_identical(
    b2m_classify(c(2.4, 2.4, 203.4, 204), unit = c("mg/L", "ug/mL", "nmol/L",
                                                   "nmol/L"),
                 uln = c(2.4, 2.3, 203.4, 203.4)),
    factor(c("normal", "elevated", "normal", "elevated"),
           levels = c("normal", "elevated")))
  # with the default limit, each row against the limit in its own unit
  expect_identical(
    b2m_classify(c(2.5, 2.5), unit = c("mg/L", "ug/L")),
    c(b2m_classify(2.5, unit = "mg/L"), b2m_classify(2.5, unit = "ug/L")))
  # 0.03 mg/dL is below the smallest plausible creatinine; 3 umol/L is too
  e <- expect_error(
    egfr_ckdepi_cr(c(0.03, 3, 1), 50, "male",
                   creatinine_unit = c("mg/dL", "umol/L", "mg/dL")),
    class = "b2m_error_value")
  expect_equal(e$rows, 1)
  expect_identical(e$unit, "mg/dL")
  e <- expect_error(
    stage_iss(c(2, 2), 4, b2m_unit = c("mg/L", "furlongs")),
    class = "b2m_error_unit")
  expect_equal(e$rows, 2)
  # results in the input's unit are in each row's unit
  expect_equal(b2m_expected(c(60, 60), b2m_unit = c("mg/L", "ug/L")),
               b2m_expected(60) * c(1, 1000))
})
