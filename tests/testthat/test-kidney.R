# Plain-R definitions of the published equations, written from the reference
# file (not from the package's tables), to compare with the C core.
ref_ckdepi_cr <- function(scr, age, female) {
  k <- ifelse(female, 0.7, 0.9)
  a <- ifelse(female, -0.241, -0.302)
  142 * pmin(scr / k, 1)^a * pmax(scr / k, 1)^-1.200 * 0.9938^age *
    ifelse(female, 1.012, 1)
}
ref_ckdepi_cys <- function(scys, age, female) {
  133 * pmin(scys / 0.8, 1)^-0.499 * pmax(scys / 0.8, 1)^-1.328 * 0.996^age *
    ifelse(female, 0.932, 1)
}
ref_ckdepi_crcys <- function(scr, scys, age, female) {
  k <- ifelse(female, 0.7, 0.9)
  a <- ifelse(female, -0.219, -0.144)
  135 * pmin(scr / k, 1)^a * pmax(scr / k, 1)^-0.544 *
    pmin(scys / 0.8, 1)^-0.323 * pmax(scys / 0.8, 1)^-0.778 * 0.9961^age *
    ifelse(female, 0.963, 1)
}
ref_egfr_b2m <- function(b2m) 133 * b2m^-0.852
ref_gfr_category <- function(g) {
  ifelse(g < 15, "G5", ifelse(g < 30, "G4", ifelse(g < 45, "G3b",
    ifelse(g < 60, "G3a", ifelse(g < 90, "G2", "G1")))))
}

# Every element within `tolerance` relative error (NA where expected is NA).
expect_rel <- function(object, expected, tolerance) {
  expect_identical(is.na(object), is.na(expected))
  ok <- !is.na(expected)
  worst <- max(0, abs(object[ok] - expected[ok]) / abs(expected[ok]))
  expect_lte(worst, tolerance)
}

random_cohort <- function(n) {
  list(scr = exp(stats::runif(n, log(0.2), log(15))),
       scys = exp(stats::runif(n, log(0.3), log(8))),
       age = stats::runif(n, 18, 100),
       female = stats::runif(n) < 0.5)
}

test_that("CKD-EPI creatinine reproduces the dossier's worked examples", {
  got <- egfr_ckdepi_cr(c(1.0, 1.0, 0.9, 0.6, 1.2, 2.0),
                        age = c(50, 50, 40, 70, 80, 30),
                        sex = c("F", "M", "M", "F", "F", "M"))
  expect_equal(round(got, 4),
               c(68.6335, 91.6915, 110.7256, 96.5012, 45.7603, 45.1974))
})

test_that("CKD-EPI cystatin C uses 0.996 per year, as the primary paper", {
  got <- egfr_ckdepi_cys(c(1.0, 0.8, 0.7, 2.0), age = c(50, 40, 60, 70),
                         sex = c("M", "M", "F", "F"))
  expect_equal(round(got, 4), c(80.9323, 113.2988, 104.1756, 27.7304))
})

test_that("CKD-EPI creatinine-cystatin C reproduces the worked examples", {
  got <- egfr_ckdepi_crcys(c(1.0, 1.2, 0.6, 2.0), c(1.0, 1.4, 0.7, 1.8),
                           age = c(50, 65, 30, 60),
                           sex = c("M", "F", "F", "M"))
  expect_equal(round(got, 4), c(88.1440, 48.6661, 124.8651, 36.8010))
})

test_that("the equations agree with the published coefficients on random input", {
  set.seed(20240401)
  d <- random_cohort(2000)
  sex <- ifelse(d$female, "female", "male")
  expect_rel(egfr_ckdepi_cr(d$scr, d$age, sex),
             ref_ckdepi_cr(d$scr, d$age, d$female), 1e-9)
  expect_rel(egfr_ckdepi_cys(d$scys, d$age, sex),
             ref_ckdepi_cys(d$scys, d$age, d$female), 1e-9)
  expect_rel(egfr_ckdepi_crcys(d$scr, d$scys, d$age, sex),
             ref_ckdepi_crcys(d$scr, d$scys, d$age, d$female), 1e-9)
  b2m <- exp(stats::runif(2000, log(0.5), log(150)))
  expect_rel(egfr_b2m(b2m), ref_egfr_b2m(b2m), 1e-9)
})

test_that("the spline switches exactly at kappa, continuously", {
  for (female in c(TRUE, FALSE)) {
    k <- if (female) 0.7 else 0.9
    scr <- c(k * (1 - 1e-12), k, k * (1 + 1e-12))
    sex <- if (female) "F" else "M"
    got <- egfr_ckdepi_cr(scr, 50, sex)
    expect_rel(got, ref_ckdepi_cr(scr, 50, female), 1e-12)
    expect_rel(got[1], got[3], 1e-9)
  }
  got <- egfr_ckdepi_cys(c(0.8 - 1e-12, 0.8, 0.8 + 1e-12), 50, "M")
  expect_rel(got, rep(133 * 0.996^50, 3), 1e-9)
})

test_that("creatinine in umol/L gives the same eGFR as mg/dL", {
  scr <- c(0.5, 0.9, 1.3, 4.0)
  expect_rel(egfr_ckdepi_cr(scr * 88.4, 60, "F", creatinine_unit = "umol/L"),
             egfr_ckdepi_cr(scr, 60, "F"), 1e-12)
  expect_rel(egfr_ckdepi_crcys(scr * 88.4, 1.1, 60, "M",
                               creatinine_unit = "\u00b5mol/L"),
             egfr_ckdepi_crcys(scr, 1.1, 60, "M"), 1e-12)
  expect_error(egfr_ckdepi_cr(1, 60, "F", creatinine_unit = "mmol/L"),
               class = "b2m_error_unit")
})

test_that("sex is read from labels in any case, factors included", {
  want <- egfr_ckdepi_cr(1.1, 55, c("female", "male"))
  for (labels in list(c("F", "M"), c("f", "m"), c("Female", "MALE"),
                      c(" female ", "male"))) {
    expect_identical(egfr_ckdepi_cr(1.1, 55, labels), want, info = labels[1])
  }
  expect_identical(egfr_ckdepi_cr(1.1, 55, factor(c("F", "M"))), want)
  expect_identical(egfr_ckdepi_cr(1.1, 55, factor(c("Female", "Male"),
                                                  levels = c("Male", "Female"))),
                   want)
  expect_identical(egfr_ckdepi_cr(1.1, 55, factor(c("female", "male", NA))),
                   c(want, NA))
  expect_identical(egfr_ckdepi_cr(1.1, 55, NA), NA_real_)
  expect_identical(egfr_ckdepi_cr(1.1, 55, c("F", NA)), c(want[1], NA))
})

test_that("a blank sex (an empty CSV cell) is missing, not an error", {
  want <- egfr_ckdepi_cr(1.1, 55, "female")
  expect_identical(egfr_ckdepi_cr(1.1, 55, c("female", "", " ")),
                   c(want, NA, NA))
  expect_identical(egfr_ckdepi_cys(1, 55, factor(c("", "F"))),
                   c(NA, egfr_ckdepi_cys(1, 55, "F")))
  cnd <- tryCatch(egfr_ckdepi_cr(1, 50, c("", "x")), error = identity)
  expect_identical(cnd$rows, 2)
})

test_that("numeric or unknown sex codes are errors that say what to do", {
  expect_error(egfr_ckdepi_cr(1, 50, 1), class = "b2m_error_type")
  expect_error(egfr_ckdepi_cr(1, 50, 1:2), class = "b2m_error_type")
  expect_error(egfr_ckdepi_cr(1, 50, TRUE), class = "b2m_error_type")
  cnd <- tryCatch(egfr_ckdepi_cys(1, 50, c("F", "x", "M", "wo man")),
                  error = identity)
  expect_s3_class(cnd, "b2m_error_value")
  expect_identical(cnd$rows, c(2, 4))
  expect_error(egfr_ckdepi_cr(1, 50, factor("nope")), class = "b2m_error_value")
  expect_snapshot(egfr_ckdepi_cr(1, 50, c(1, 2)), error = TRUE)
  expect_snapshot(egfr_ckdepi_cr(1, 50, c("F", "x", "y")), error = TRUE)
})

test_that("ages under 18 are NA with a classed warning naming the rows", {
  expect_warning(got <- egfr_ckdepi_cr(1, c(17.99, 18, 50, 12), "F"),
                 class = "b2m_warning_age")
  expect_identical(is.na(got), c(TRUE, FALSE, FALSE, TRUE))
  expect_equal(got[2], ref_ckdepi_cr(1, 18, TRUE))
  cnd <- tryCatch(egfr_ckdepi_cys(1, c(10, 30, 0), "M"), warning = identity)
  expect_identical(cnd$rows, c(1, 3))
  expect_warning(egfr_ckdepi_crcys(1, 1, 17, "M"), class = "b2m_warning_age")
  expect_snapshot(egfr_ckdepi_cr(1, c(17, 50, 5), "F"))
  # a missing age is missing, not young
  expect_no_warning(got <- egfr_ckdepi_cr(1, NA, "F"))
  expect_identical(got, NA_real_)
})

test_that("negative ages and ages over 120 are errors", {
  expect_error(egfr_ckdepi_cr(1, -1, "F"), class = "b2m_error_value")
  expect_error(egfr_ckdepi_cr(1, 120.5, "F"), class = "b2m_error_value")
  expect_identical(is.na(egfr_ckdepi_cr(1, 120, "F")), FALSE)
  expect_error(egfr_ckdepi_cys(1, Inf, "F"), class = "b2m_error_value")
  expect_snapshot(egfr_ckdepi_cr(1, c(50, 130), "F"), error = TRUE)
})

test_that("creatinine impossible in the unit suggests umol/L", {
  expect_snapshot(egfr_ckdepi_cr(c(1, 88), 50, "F"), error = TRUE)
  expect_error(egfr_ckdepi_crcys(88, 1, 50, "F"), class = "b2m_error_value")
  expect_error(egfr_ckdepi_cr(0, 50, "F"), class = "b2m_error_value")
  expect_error(egfr_ckdepi_cr(-1, 50, "F"), class = "b2m_error_value")
  expect_error(egfr_ckdepi_cys(0, 50, "F"), class = "b2m_error_value")
  expect_error(egfr_ckdepi_cys(16, 50, "F"), class = "b2m_error_value")
  expect_error(egfr_ckdepi_crcys(1, -1, 50, "F"), class = "b2m_error_value")
  cnd <- tryCatch(egfr_ckdepi_crcys(1, c(1, 20), 50, "F"), error = identity)
  expect_identical(cnd$arg, "cystatin")
})

test_that("a missing input gives NA in its row only", {
  got <- egfr_ckdepi_crcys(c(1, NA, 1, 1), c(1, 1, NA, 1), c(50, 50, 50, NA),
                           "M")
  expect_identical(is.na(got), c(FALSE, TRUE, TRUE, TRUE))
  expect_identical(egfr_ckdepi_cr(numeric(0), numeric(0), character(0)),
                   numeric(0))
  expect_identical(egfr_ckdepi_cr(NA, 50, "F"), NA_real_)
  expect_identical(egfr_ckdepi_cr(1L, 50L, "F"), egfr_ckdepi_cr(1, 50, "F"))
})

test_that("a NULL marker the equation reads is an error, not all NA", {
  expect_error(egfr_ckdepi_cr(NULL, 50, "male"), class = "b2m_error_type")
  expect_error(egfr_ckdepi_cys(NULL, 50, "male"), class = "b2m_error_type")
  expect_error(egfr_ckdepi_crcys(NULL, 1, 50, "male"), class = "b2m_error_type")
  expect_error(egfr_ckdepi_crcys(1, NULL, 50, "male"), class = "b2m_error_type")
  expect_snapshot(egfr_ckdepi_crcys(1, NULL, 50, "male"), error = TRUE)
})

test_that("lengths recycle only from 1", {
  expect_length(egfr_ckdepi_cr(c(1, 2, 3), 50, "F"), 3)
  expect_length(egfr_ckdepi_cr(1, c(40, 50, 60), c("F", "M", "F")), 3)
  expect_error(egfr_ckdepi_cr(c(1, 2, 3), c(40, 50), "F"),
               class = "b2m_error_length")
  expect_error(egfr_ckdepi_cr(1, 50, c("F", "M", "F", "M")), NA)
  expect_error(egfr_ckdepi_crcys(c(1, 2), c(1, 2, 3), 50, "F"),
               class = "b2m_error_length")
  expect_error(egfr_ckdepi_cr("1", 50, "F"), class = "b2m_error_type")
  expect_error(egfr_ckdepi_cys(1, "50", "F"), class = "b2m_error_type")
})

test_that("the B2M equation reproduces the worked values", {
  expect_equal(round(egfr_b2m(c(1.5, 2.0, 3.5, 5.0, 10, 30)), 2),
               c(94.15, 73.68, 45.74, 33.75, 18.70, 7.33))
  expect_equal(round(b2m_expected(c(90, 60, 30, 15)), 3),
               c(1.582, 2.545, 5.742, 12.954))
})

test_that("b2m_expected inverts egfr_b2m in every unit", {
  set.seed(7)
  g <- exp(stats::runif(500, log(3), log(200)))
  for (unit in c("mg/L", "ug/mL", "ug/L", "ng/mL", "mg/dL", "nmol/L")) {
    expect_rel(egfr_b2m(b2m_expected(g, unit), unit), g, 1e-12)
  }
  expect_rel(b2m_expected(60, "ug/L"), 1000 * b2m_expected(60), 1e-14)
  expect_rel(b2m_expected(60, "mg/dL"), b2m_expected(60) / 10, 1e-14)
  expect_rel(b2m_expected(60, "nmol/L"),
             b2m_convert(b2m_expected(60), "mg/L", "nmol/L"), 1e-14)
  expect_rel(b2m_expected(g), (g / 133)^(-1 / 0.852), 1e-12)
})

test_that("egfr_b2m reads every B2M unit", {
  want <- egfr_b2m(2.5)
  expect_rel(egfr_b2m(2500, "ug/L"), want, 1e-14)
  expect_rel(egfr_b2m(2500, "ng/mL"), want, 1e-14)
  expect_rel(egfr_b2m(0.25, "mg/dL"), want, 1e-14)
  expect_rel(egfr_b2m(2.5, "ug/mL"), want, 1e-14)
  expect_rel(egfr_b2m(b2m_convert(2.5, "mg/L", "nmol/L"), "nmol/L"), want, 1e-14)
  expect_error(egfr_b2m(2500), class = "b2m_error_value")
  expect_error(egfr_b2m(0), class = "b2m_error_value")
  expect_error(egfr_b2m(-1), class = "b2m_error_value")
  expect_error(egfr_b2m(1, "g/L"), class = "b2m_error_unit")
  expect_identical(egfr_b2m(c(NA, 2))[1], NA_real_)
})

test_that("the excess is observed over expected, 1 on the curve", {
  g <- c(15, 30, 60, 90)
  expect_rel(b2m_excess(b2m_expected(g), g), rep(1, 4), 1e-12)
  expect_rel(b2m_excess(6, 80), 6 / b2m_expected(80), 1e-12)
  expect_rel(b2m_excess(6000, 80, "ug/L"), b2m_excess(6, 80), 1e-12)
  expect_identical(b2m_excess(0, 80), 0)
  expect_identical(b2m_excess(c(NA, 2, 2), c(60, NA, 60))[1:2], c(NA_real_, NA))
  expect_error(b2m_excess(2, 0), class = "b2m_error_value")
  expect_error(b2m_excess(-2, 60), class = "b2m_error_value")
  expect_error(b2m_excess(2, 600), class = "b2m_error_value")
  expect_error(b2m_excess(1:3, 1:2), class = "b2m_error_length")
  cnd <- tryCatch(b2m_excess(c(2, 3), c(60, -1)), error = identity)
  expect_identical(cnd$arg, "egfr")
  expect_error(b2m_expected(0), class = "b2m_error_value")
  expect_error(b2m_expected(60, "mg"), class = "b2m_error_unit")
})

test_that("GFR categories are right at every boundary", {
  g <- c(120, 90, 89.99, 60, 59.99, 45, 44.99, 30, 29.99, 15, 14.99, 0)
  got <- gfr_category(g)
  expect_identical(as.character(got),
                   c("G1", "G1", "G2", "G2", "G3a", "G3a", "G3b", "G3b", "G4",
                     "G4", "G5", "G5"))
  expect_identical(levels(got), c("G1", "G2", "G3a", "G3b", "G4", "G5"))
  expect_s3_class(got, c("ordered", "factor"))
  expect_true(all(got[1:3] < "G3a"))
  expect_identical(as.character(gfr_category(NA)), NA_character_)
  expect_identical(levels(gfr_category(numeric(0))), levels(got))
  set.seed(3)
  r <- c(stats::runif(1000, 0, 150), 90 - 1e-9, 60 + 1e-9)
  expect_identical(as.character(gfr_category(r)), ref_gfr_category(r))
})

test_that("negative eGFR is an error for the category", {
  expect_error(gfr_category(-1), class = "b2m_error_value")
  expect_error(gfr_category(Inf), class = "b2m_error_value")
  expect_error(gfr_category("60"), class = "b2m_error_type")
  expect_snapshot(gfr_category(c(60, -5)), error = TRUE)
})

test_that("the coefficient table holds the published values and sources", {
  k <- kidney_constants()
  expect_named(k, c("equation", "coefficient", "value", "source",
                    "confidence", "key"))
  get <- function(eq, coef) k$value[grepl(eq, k$equation, fixed = TRUE) &
                                      k$coefficient == coef]
  expect_identical(get("2021 creatinine", "intercept"), c(142, 135))
  expect_identical(get("2012 cystatin C", "age base"), 0.996)
  expect_identical(get("2021 creatinine-cystatin C", "female factor"), 0.963)
  expect_identical(get("2012 creatinine-cystatin C", "female factor"), 0.969)
  expect_identical(get("B2M", "intercept"), 133)
  expect_identical(get("B2M", "B2M exponent"), -0.852)
  expect_true(all(grepl("to be confirmed", k$equation[grepl("B2M", k$equation)])))
  expect_identical(get("KDIGO", "G3a lower bound"), 45)
  expect_true(all(grepl("doi:", k$source)))
})

test_that("creatinine and cystatin C have a smallest plausible value", {
  # 0.0005 mg/dL gave an eGFR of 603, 5e-324 one of 8.7e79
  for (low in c(0.0005, 5e-324, 0.05 * (1 - 2 * .Machine$double.eps))) {
    cnd <- tryCatch(egfr_ckdepi_cr(low, 50, "F"), error = identity)
    expect_s3_class(cnd, "b2m_error_value")
    expect_identical(cnd$arg, "creatinine")
    expect_identical(cnd$problems, "too_low")
  }
  expect_equal(egfr_ckdepi_cr(0.05, 50, "F"),
               142 * (0.05 / 0.7)^-0.241 * 0.9938^50 * 1.012)
  # in umol/L the limit is 0.05 x 88.4 = 4.42, and mg/dL is suggested
  expect_false(is.na(egfr_ckdepi_cr(4.42, 50, "M", "umol/L")))
  cnd <- tryCatch(egfr_ckdepi_cr(c(80, 1.1), 50, "M", "umol/L"),
                  error = identity)
  expect_identical(cnd$rows, 2)
  expect_identical(cnd$suggested_unit, "mg/dL")
  expect_snapshot(egfr_ckdepi_cr(c(80, 1.1), 50, "M", "umol/L"), error = TRUE)
  expect_false(is.na(egfr_ckdepi_cys(0.1, 50, "M")))
  cnd <- tryCatch(egfr_ckdepi_cys(c(1, 0.099), 50, "M"), error = identity)
  expect_identical(cnd$arg, "cystatin")
  expect_identical(cnd$rows, 2)
  expect_error(egfr_ckdepi_crcys(1, 0.05, 50, "M"), class = "b2m_error_value")
  expect_error(egfr_ckdepi_crcys(0.01, 1, 50, "M"), class = "b2m_error_value")
})

test_that("every eGFR within the marker limits is a plausible eGFR", {
  # the extremes of creatinine, cystatin C and age give eGFRs within
  # [0.1, 500], the eGFR limits of gfr_category() and b2m_expected()
  grid <- expand.grid(cr = c(0.05, 30), cys = c(0.1, 15), age = c(18, 120),
                      sex = c("F", "M"), stringsAsFactors = FALSE)
  all <- c(egfr_ckdepi_cr(grid$cr, grid$age, grid$sex),
           egfr_ckdepi_cys(grid$cys, grid$age, grid$sex),
           egfr_ckdepi_crcys(grid$cr, grid$cys, grid$age, grid$sex))
  expect_true(all(all >= 0.1 & all <= 500))
  expect_gt(min(all), 0.5)
  expect_lt(max(all), 500)
})

test_that("the B2M a GFR explains needs an eGFR of at least 0.1", {
  # 1e-300 gave Inf
  cnd <- tryCatch(b2m_expected(1e-300), error = identity)
  expect_s3_class(cnd, "b2m_error_value")
  expect_identical(cnd$problems, "too_low")
  expect_true(is.finite(b2m_expected(0.1)))
  expect_equal(b2m_expected(0.1), (0.1 / 133)^(-1 / 0.852))
  expect_error(b2m_expected(0.1 * (1 - 2 * .Machine$double.eps)),
               class = "b2m_error_value")
  expect_error(b2m_excess(2, c(60, 0.05)), class = "b2m_error_value")
  # a GFR category takes any GFR down to 0 (anuria is G5)
  expect_identical(as.character(gfr_category(c(0, 0.05))), c("G5", "G5"))
})
