# CKiD U25 and bedside Schwartz (clinical-rules-2.md F).

u25_checks <- data.frame(
  sex = rep(c("male", "female"), 3), age = rep(c(11, 15, 20), each = 2),
  height = rep(c(1.20, 1.60, 1.81), each = 2),
  scr = rep(c(0.9, 1.9, 2.1), each = 2), cys = rep(c(1.3, 1.6, 1.8), each = 2),
  cr_form = c(51.6, 47.8, 37.5, 32.5, 43.8, 35.7),
  cys_form = c(64.2, 61.2, 54.5, 46.1, 42.8, 37.9),
  average = c(57.9, 54.5, 46.0, 39.3, 43.3, 36.8)
)

test_that("CKiD U25 reproduces the study group's checks to 0.1 (F.1)", {
  d <- u25_checks
  expect_identical(round(egfr_ckid_u25(d$age, d$sex, d$height,
                                       creatinine = d$scr), 1), d$cr_form)
  expect_identical(round(egfr_ckid_u25(d$age, d$sex, cystatin = d$cys), 1),
                   d$cys_form)
  expect_identical(round(egfr_ckid_u25(d$age, d$sex, d$height, d$scr, d$cys), 1),
                   d$average)
  expect_identical(round(egfr_ckid_u25(d$age, d$sex, d$height, d$scr * 88.4,
                                       creatinine_unit = "umol/L"), 1),
                   d$cr_form)
})

test_that("sex is coded by name: the male constants for \"male\" (F.3)", {
  # the fork's example documented as sex = 0 "female" matches the male
  # constants: here "male" gives 68.4 and 63.1, "female" 65.9 and 58.4
  expect_identical(round(egfr_ckid_u25(9.5, c("male", "female"),
                                       cystatin = 1.2), 1), c(68.4, 65.9))
  expect_identical(round(egfr_ckid_u25(9.5, c("M", "F"), 1.32, 0.8), 1),
                   c(63.1, 58.4))
  expect_error(egfr_ckid_u25(9.5, 0, cystatin = 1.2), class = "b2m_error_type")
  expect_error(egfr_ckid_u25(9.5, c(0, 1), 1.32, 0.8), class = "b2m_error_type")
})

test_that("K changes branch at 12, 15 and 18 as the study group codes it", {
  k_cr <- function(age, sex) egfr_ckid_u25(age, sex, 1, creatinine = 1)
  k_cys <- function(age, sex) egfr_ckid_u25(age, sex, cystatin = 1)
  expect_equal(k_cr(c(11.999, 12, 12.001), "male"),
               39 * c(1.008^-0.001, 1, 1.045^0.001))
  expect_equal(k_cr(c(11.999, 12, 12.001), "female"),
               36.1 * c(1.008^-0.001, 1, 1.023^0.001))
  expect_equal(k_cys(c(14.999, 15, 15.001), "male"),
               87.2 * c(1.011^-0.001, 1, 0.960^0.001))
  expect_equal(k_cys(c(11.999, 12, 12.001), "female"),
               79.9 * c(1.004^-0.001, 1, 0.974^0.001))
  # small steps at 18, not errors
  expect_equal(k_cr(c(17.999, 18), "male"), c(50.786, 50.8), tolerance = 1e-5)
  expect_equal(k_cr(c(17.999, 18), "female"), c(41.376, 41.4), tolerance = 1e-5)
  expect_equal(k_cys(c(17.999, 18), "male"), c(77.152, 77.1), tolerance = 1e-5)
  expect_equal(k_cys(c(17.999, 18), "female"), c(68.220, 68.3), tolerance = 1e-5)
  expect_identical(k_cr(c(18, 25), "male"), c(50.8, 50.8))
  # the abstract's K at one year: 35.7 (male), 33.1 (female)
  expect_identical(round(k_cr(1, c("male", "female")), 1), c(35.7, 33.1))
})

test_that("ages outside 1 to 25 are NA with a warning", {
  expect_warning(out <- egfr_ckid_u25(c(0.999, 1, 25, 25.001), "F", 1, 0.5),
                 class = "b2m_warning_age")
  expect_identical(is.na(out), c(TRUE, FALSE, FALSE, TRUE))
  w <- tryCatch(egfr_ckid_u25(c(10, 30), "F", 1, 0.5), warning = identity)
  expect_identical(w$rows, 2)
})

test_that("a height in the wrong unit is an error naming the rows", {
  err <- tryCatch(egfr_ckid_u25(10, "M", c(1.4, 140), 0.6), error = identity)
  expect_s3_class(err, "b2m_error_value")
  expect_identical(err$arg, "height_m")
  expect_identical(err$rows, 2)
  expect_match(conditionMessage(err), "cm")
  expect_identical(egfr_ckid_u25(10, "M", 3, 1), 3 * 39 * 1.008^-2)
  err <- tryCatch(egfr_schwartz(c(0.5, 0.6), c(120, 1.4)), error = identity)
  expect_s3_class(err, "b2m_error_value")
  expect_identical(err$arg, "height_cm")
  expect_identical(err$rows, 2)
  expect_match(conditionMessage(err), "metres")
  expect_error(egfr_schwartz(0.5, 29.99), class = "b2m_error_value")
  expect_equal(egfr_schwartz(0.5, 30), 0.413 * 30 / 0.5)
  expect_error(egfr_schwartz(0.5, 301), class = "b2m_error_value")
})

test_that("the form follows the markers given; neither is an error", {
  expect_error(egfr_ckid_u25(10, "M", 1.4), class = "b2m_error_type")
  # the cystatin C form needs no height
  expect_identical(egfr_ckid_u25(10, "M", cystatin = 1),
                   egfr_ckid_u25(10, "M", NA, cystatin = 1))
  # the average needs both: a missing one is NA
  expect_identical(egfr_ckid_u25(10, "M", 1.4, c(0.6, NA), c(NA, 1)),
                   c(NA_real_, NA_real_))
  expect_error(egfr_ckid_u25(10, "M", 1.4, creatinine = 0.6, cystatin = 0),
               class = "b2m_error_value")
})

test_that("bedside Schwartz reproduces F.2", {
  got <- egfr_schwartz(c(0.5, 0.4, 0.6), c(120, 100, 140))
  expect_true(all(abs(got - c(99.12, 103.25, 96.37)) < 5e-3))
  expect_identical(got[1], 0.413 * 120 / 0.5)
  expect_equal(egfr_schwartz(0.5 * 88.4, 120, "umol/L"), got[1])
  expect_lt(abs(egfr_ckid_u25(10, "male", 1.40, 0.6) - 89.56), 5e-3)
})

test_that("b2m_rules() shows the paediatric coefficients, all primary", {
  rules <- b2m_rules()
  u25 <- rules[rules$system == "ckid_u25", ]
  expect_identical(u25$threshold[1:5], c(39.0, 12, 1.008, 1.045, 50.8))
  expect_true(all(u25$confidence == "P"))
  expect_identical(sum(grepl("K from 18", u25$criterion)), 4L)
  s <- rules[rules$system == "schwartz", ]
  expect_identical(s$threshold, c(0.413, 30))
  expect_identical(s$confidence, c("P", NA))
  expect_match(b2m_methods(c("ckid_u25", "schwartz")), "Pierce CB")
})

test_that("Schwartz blocks with and without a missing value agree", {
  # blocks of 512 plain rows are computed without the checks' branches; one
  # row alone takes the row-by-row path
  set.seed(8)
  creatinine <- stats::runif(1100, 0.2, 3)
  height <- stats::runif(1100, 60, 190)
  height[1050] <- NA
  expect_identical(egfr_schwartz(creatinine, height),
                   vapply(seq_along(height), function(i) {
                     egfr_schwartz(creatinine[i], height[i])
                   }, numeric(1)))
  height[1050] <- 1.2
  err <- expect_error(egfr_schwartz(creatinine, height), class = "b2m_error_value")
  expect_identical(err$rows, 1050)
})
