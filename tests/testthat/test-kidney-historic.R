# The race-based CKD-EPI 2009 and 2012 equations (clinical-rules-2.md E).

test_that("CKD-EPI 2009 reproduces the worked examples (E.1)", {
  got <- egfr_ckdepi_cr_2009(
    c(1.0, 1.0, 1.0, 0.6, 0.7, 0.9, 2.0, 1.2), c(50, 50, 50, 70, 40, 40, 30, 80),
    c("F", "M", "M", "F", "F", "M", "M", "F"),
    c(FALSE, FALSE, TRUE, FALSE, FALSE, FALSE, TRUE, TRUE))
  expect_equal(got, c(65.6376, 87.3697, 101.2615, 92.3506, 108.3769,
                      106.4606, 50.4097, 49.4292), tolerance = 1e-4 / 50)
  # the single-equation form, not the piecewise 144 for women
  expect_lt(abs(got[1] - 65.6376), 1e-4)
})

test_that("CKD-EPI 2012 creatinine-cystatin C reproduces E.2", {
  got <- egfr_ckdepi_crcys_2012(
    c(1.0, 1.0, 1.2, 0.6, 2.0, 0.7, 0.9), c(1.0, 1.0, 1.4, 0.7, 1.8, 0.8, 0.8),
    c(50, 50, 65, 30, 60, 40, 40), c("M", "M", "F", "F", "M", "F", "M"),
    c(FALSE, TRUE, FALSE, FALSE, FALSE, FALSE, FALSE))
  want <- c(84.1559, 90.8884, 45.8853, 122.9419, 34.7454, 107.0485, 110.4732)
  expect_true(all(abs(got - want) < 1e-4))
  # creatinine in umol/L gives the same
  expect_equal(egfr_ckdepi_crcys_2012(1.2 * 88.4, 1.4, 65, "F", FALSE,
                                      creatinine_unit = "umol/L"), got[3])
})

test_that("`black` is required, with no default, and must be logical", {
  expect_error(egfr_ckdepi_cr_2009(1, 50, "M"), class = "b2m_error_type")
  expect_error(egfr_ckdepi_crcys_2012(1, 1, 50, "M"), class = "b2m_error_type")
  err <- tryCatch(egfr_ckdepi_cr_2009(1, 50, "M"), error = identity)
  expect_identical(err$arg, "black")
  expect_error(egfr_ckdepi_cr_2009(1, 50, "M", black = 1), class = "b2m_error_type")
  expect_error(egfr_ckdepi_cr_2009(1, 50, "M", black = "yes"),
               class = "b2m_error_type")
  expect_error(egfr_ckdepi_cr_2009(1, 50, "M", black = NULL),
               class = "b2m_error_type")
  expect_error(egfr_ckdepi_cr_2009(c(1, 1, 1), 50, "M", black = c(TRUE, FALSE)),
               class = "b2m_error_length")
  expect_identical(egfr_ckdepi_cr_2009(c(1, 1), 50, "M", black = c(NA, FALSE))[1],
                   NA_real_)
  # the race term multiplies by exactly 1.159
  expect_equal(egfr_ckdepi_cr_2009(1, 50, "M", TRUE) /
                 egfr_ckdepi_cr_2009(1, 50, "M", FALSE), 1.159)
  expect_equal(egfr_ckdepi_crcys_2012(1, 1, 50, "M", TRUE) /
                 egfr_ckdepi_crcys_2012(1, 1, 50, "M", FALSE), 1.08)
})

test_that("the race-based equations are for adults, as the NIDDK says", {
  expect_warning(out <- egfr_ckdepi_cr_2009(c(1, 1), c(17.99, 18), "F", FALSE),
                 class = "b2m_warning_age")
  expect_identical(is.na(out), c(TRUE, FALSE))
  expect_error(egfr_ckdepi_cr_2009(c(1, -1), 50, "F", FALSE),
               class = "b2m_error_value")
})

test_that("b2m_rules() shows their coefficients, race factor and labels", {
  rules <- b2m_rules()
  # the coefficients (the adult age is a rule of its own)
  coefficient <- rules$comparison == "="
  cr <- rules[rules$system == "ckdepi_cr_2009" & coefficient, ]
  expect_identical(cr$threshold, c(141, 0.9, 0.7, -0.411, -0.329, -1.209,
                                   0.993, 1.018, 1.159))
  expect_true(all(cr$confidence == "P"))
  crcys <- rules[rules$system == "ckdepi_crcys_2012" & coefficient, ]
  expect_identical(crcys$threshold, c(135, 0.9, 0.7, -0.207, -0.248, -0.601,
                                      0.8, 0.8, -0.375, -0.375, -0.711, 0.995,
                                      0.969, 1.08))
  expect_true(all(crcys$confidence == "S"))
  race <- rules[rules$criterion %in% "Black factor", ]
  expect_identical(race$system, c("ckdepi_cr_2009", "ckdepi_crcys_2012"))
  expect_true(all(grepl("historic analyses only", race$note)))
  expect_match(b2m_methods("ckdepi_cr_2009"), "Levey AS")
})
