# The EKFC equations (clinical-rules-2.md D).

test_that("EKFC creatinine reproduces the worked examples (D.1)", {
  got <- egfr_ekfc_cr(c(1.0, 0.6, 1.4, 0.5, 0.5, 0.9, 0.9),
                      c(50, 30, 60, 10, 10, 25, 26),
                      c("M", "F", "M", "F", "M", "M", "M"))
  want <- c(86.6694, 112.8308, 53.5551, 108.0071, 109.6390, 107.8634, 107.4907)
  expect_true(all(abs(got - want) < 1e-4))
  umol <- egfr_ekfc_cr(c(62, 150), c(60, 70), c("F", "M"),
                       creatinine_unit = "umol/L")
  expect_true(all(abs(umol - c(87.7614, 38.9599)) < 1e-4))
})

test_that("EKFC cystatin C reproduces the worked examples (D.2)", {
  got <- egfr_ekfc_cys(c(0.70, 0.83, 1.00, 1.00, 1.50, 0.90),
                       c(30, 45, 50, 60, 75, 10))
  want <- c(113.3499, 102.0412, 78.5865, 75.9378, 45.2752, 97.9025)
  expect_true(all(abs(got - want) < 1e-4))
})

test_that("the paediatric Q applies at 25 and the adult Q just above it", {
  got <- egfr_ekfc_cr(0.9, c(25, 25.0001, 26), "male")
  expect_lt(abs(got[1] - 107.8634), 1e-4)
  # no age term below 40: 25.0001 is the adult Q, as at 26
  expect_identical(got[2], got[3])
  expect_gt(got[1] - got[2], 0.3)
  female <- egfr_ekfc_cr(0.7, c(25, 25.0001), "female")
  expect_gt(female[1], female[2])
})

test_that("EKFC is continuous at x/Q = 1 and at age 40", {
  # women over 25: Q = 62 umol/L
  at_q <- egfr_ekfc_cr(c(62 * (1 - 1e-12), 62, 62 * (1 + 1e-12)), 30, "F",
                       creatinine_unit = "umol/L")
  expect_equal(at_q, rep(107.3, 3), tolerance = 1e-11)
  expect_equal(at_q[2], 107.3, tolerance = 1e-14)
  age <- egfr_ekfc_cr(62, c(39.999, 40, 40.001, 41), "F", "umol/L")
  expect_equal(age[1:2], c(107.3, 107.3), tolerance = 1e-14)
  expect_equal(age[3], 107.3 * 0.99^0.001)
  expect_equal(age[4], 107.3 * 0.99)
})

test_that("the cystatin C Q rises from age 50 and is the same for children", {
  got <- egfr_ekfc_cys(0.83, c(49.999, 50, 50.001, 60, 2, 10))
  expect_equal(got[1], 107.3 * 0.99^9.999)
  expect_equal(got[2], 107.3 * 0.99^10)
  expect_equal(got[3], 107.3 / (0.83 / (0.83 + 0.005 * 0.001))^0.322 *
                 0.99^10.001)
  expect_equal(got[4], 107.3 / (0.83 / 0.88)^0.322 * 0.99^20)
  expect_equal(got[5:6], c(107.3, 107.3), tolerance = 1e-14)
})

test_that("ages outside 2 to 100 are NA, above 90 computed with a warning", {
  expect_warning(out <- egfr_ekfc_cr(1, c(1.999, 2, 50), "M"),
                 class = "b2m_warning_age")
  expect_identical(is.na(out), c(TRUE, FALSE, FALSE))
  w <- tryCatch(egfr_ekfc_cys(1, c(50, 1, 120)), warning = identity)
  expect_identical(w$rows, c(2, 3))
  expect_false(inherits(w, "b2m_warning_age_unvalidated"))
  expect_silent(egfr_ekfc_cys(1, c(2, 90)))
  w <- tryCatch(egfr_ekfc_cys(1, c(90, 90.001, 100)), warning = identity)
  expect_s3_class(w, "b2m_warning_age_unvalidated")
  expect_s3_class(w, "b2m_warning_age")
  expect_identical(w$rows, c(2, 3))
  out <- suppressWarnings(egfr_ekfc_cys(1, c(90.001, 100, 100.001)))
  expect_identical(is.na(out), c(FALSE, FALSE, TRUE))
  # both warnings in one call
  expect_warning(expect_warning(egfr_ekfc_cr(1, c(1, 95), "F"),
                                class = "b2m_warning_age_unvalidated"),
                 class = "b2m_warning_age")
})

test_that("EKFC reads sex for creatinine only, and bad values name rows", {
  expect_false(identical(egfr_ekfc_cr(1, 50, "F"), egfr_ekfc_cr(1, 50, "M")))
  expect_identical(egfr_ekfc_cr(1, 50, NA_character_), NA_real_)
  expect_error(egfr_ekfc_cr(1, 50, 1), class = "b2m_error_type")
  err <- tryCatch(egfr_ekfc_cr(c(1, 0, 1), 50, "F"), error = identity)
  expect_s3_class(err, "b2m_error_value")
  expect_identical(err$rows, 2)
  expect_error(egfr_ekfc_cys(c(1, 20), 50), class = "b2m_error_value")
  expect_error(egfr_ekfc_cys(1, c(50, 130)), class = "b2m_error_value")
})

test_that("b2m_rules() shows the EKFC coefficients with their labels", {
  rules <- b2m_rules()
  cr <- rules[rules$system == "ekfc_cr", ]
  value <- function(x) cr$threshold[cr$criterion == x]
  label <- function(x) cr$confidence[cr$criterion == x]
  expect_identical(value("intercept"), 107.3)
  expect_identical(value("Q (male, umol/L)"), 80)
  expect_identical(label("Q (male, umol/L)"), "S")
  expect_identical(value("Q (female, umol/L)"), 62)
  expect_identical(label("Q (female, umol/L)"), "P")
  expect_identical(value("ln Q (male): x ln(age)"), -0.543)
  expect_identical(value("ln Q (female): x age^3"), 0.0000686)
  expect_identical(label("age above which a warning is given"), "U")
  expect_match(cr$note[cr$criterion == "age above which a warning is given"],
               "not confirmed")
  cys <- rules[rules$system == "ekfc_cys", ]
  expect_identical(cys$threshold[cys$criterion == "Q (mg/L)"], 0.83)
  expect_true(all(cys$confidence[cys$criterion != "lowest age" &
                                   !grepl("age (above which a warning|computed)",
                                          cys$criterion)] == "P"))
  expect_match(b2m_methods(c("ekfc_cr", "ekfc_cys")), "Pottel H")
})
