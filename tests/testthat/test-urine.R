# The urine B2M/creatinine ratio (clinical-rules-2.md G).

test_that("the worked examples reproduce (G.6)", {
  out <- b2m_urine_ratio(c(450, 450, 300, 120, 120, 450, 2000),
                         c(150, 100, 50, 30, 29.9, 15, 350))
  expect_identical(names(out), c("ratio_ug_g", "ratio_ug_mmol",
                                 "above_osha_trigger", "dilute", "concentrated",
                                 "recollect"))
  want_g <- c(300, 450, 600, 400, 401.338, 3000, 571.429)
  want_mmol <- c(33.936, 50.904, 67.872, 45.248, 45.399, 339.36, 64.640)
  expect_true(all(abs(out$ratio_ug_g - want_g) <= 1e-4 * want_g + 5e-4))
  expect_true(all(abs(out$ratio_ug_mmol - want_mmol) <= 1e-4 * want_mmol))
  expect_identical(out$above_osha_trigger,
                   c(FALSE, TRUE, TRUE, TRUE, NA, NA, NA))
  expect_identical(out$dilute, c(FALSE, FALSE, FALSE, FALSE, TRUE, TRUE, FALSE))
  expect_identical(out$concentrated, c(rep(FALSE, 6), TRUE))
  expect_identical(out$recollect, c(rep(FALSE, 4), TRUE, TRUE, TRUE))
  mmol <- b2m_urine_ratio(750, 8.84, urine_creatinine_unit = "mmol/L")
  expect_lt(abs(mmol$ratio_ug_g - 750.0), 0.05)
  expect_lt(abs(mmol$ratio_ug_mmol - 84.84), 0.005)
  expect_true(mmol$above_osha_trigger)
})

test_that("the OSHA trigger is above 300 ug/g, not at it", {
  out <- b2m_urine_ratio(c(299.99, 300, 300.01), 100)
  expect_identical(out$ratio_ug_g[2], 300)
  expect_identical(out$above_osha_trigger, c(FALSE, FALSE, TRUE))
  # 34 ug/mmol (Jarup) is 300.57 ug/g
  expect_equal(b2m_urine_ratio(300, 100)$ratio_ug_mmol, 33.936)
})

test_that("0.3 and 3.0 g/L are acceptable, just outside is recollect (G.4)", {
  cr <- c(0.3 - 1e-9, 0.3, 3.0, 3.0 + 1e-9)
  out <- b2m_urine_ratio(400, cr, urine_creatinine_unit = "g/L")
  expect_identical(out$dilute, c(TRUE, FALSE, FALSE, FALSE))
  expect_identical(out$concentrated, c(FALSE, FALSE, FALSE, TRUE))
  expect_identical(out$above_osha_trigger, c(NA, TRUE, FALSE, NA))
  mg <- b2m_urine_ratio(400, c(29.999, 30, 300, 300.001))
  expect_identical(mg$recollect, c(TRUE, FALSE, FALSE, TRUE))
  sg <- b2m_urine_ratio(400, 100, specific_gravity = c(1.0079, 1.008, NA))
  expect_identical(sg$dilute, c(TRUE, FALSE, FALSE))
})

test_that("units convert with the molecular weight 113.12", {
  a <- b2m_urine_ratio(0.45, 1.5, urine_b2m_unit = "mg/L",
                       urine_creatinine_unit = "g/L")
  expect_identical(a$ratio_ug_g, 300)
  b <- b2m_urine_ratio(450, 1500 / 113.12 * 1000, urine_creatinine_unit = "umol/L")
  expect_equal(b$ratio_ug_g, 300)
})

test_that("missing and bad values", {
  out <- b2m_urine_ratio(c(NA, 450), c(100, NA))
  expect_identical(out$ratio_ug_g, c(NA_real_, NA_real_))
  expect_identical(out$dilute, c(FALSE, NA))
  err <- tryCatch(b2m_urine_ratio(c(450, 450), c(100, 0)), error = identity)
  expect_s3_class(err, "b2m_error_value")
  expect_identical(err$rows, 2)
  expect_error(b2m_urine_ratio(450, 8840), class = "b2m_error_value")
  expect_error(b2m_urine_ratio(450, 100, specific_gravity = 1020),
               class = "b2m_error_value")
  expect_error(b2m_urine_ratio(450, 100, urine_creatinine_unit = "mg"),
               class = "b2m_error_unit")
})

test_that("b2m_rules() states the urine rules with their labels", {
  rules <- b2m_rules()
  u <- rules[rules$system == "urine_ratio", ]
  expect_identical(u$comparison, c(">", "<", ">", "<", "="))
  expect_identical(u$threshold, c(300, 0.3, 3, 1.008, 113.12))
  expect_true(all(u$confidence == "P"))
  expect_match(u$note[2], "package's choice")
  expect_false(any(u$threshold %in% c(750, 1500)))
  expect_match(b2m_methods("urine_ratio"), "1910.1027")
})

test_that("blocks with and without a missing value give the same arithmetic", {
  # the C kernel computes blocks of 512 plain rows without the checks'
  # branches and a block with a missing value row by row: one row alone
  # (a length-1 argument) always takes the row-by-row path
  set.seed(7)
  # (at least 20 ug/L: lower values would warn as results in mg/L)
  b2m <- pmax(stats::rlnorm(1100, log(150), 1.2), 20)
  creatinine <- stats::rlnorm(1100, log(110), 0.6)
  b2m[1050] <- NA
  whole <- b2m_urine_ratio(b2m, creatinine)
  one <- do.call(rbind, lapply(seq_along(b2m), function(i) {
    b2m_urine_ratio(b2m[i], creatinine[i])
  }))
  expect_identical(whole, one)
})

test_that("the look for results in mg/L is about the bulk of the column", {
  # counted in the ratio's own pass, across blocks of 512 rows, in plain
  # blocks and (with a specific gravity) row by row alike: more than half of
  # the positive results below 15 ug/L warns, exactly half does not
  b2m <- rep(c(150, 5), c(650, 650))
  b2m[c(1, 1300)] <- c(0, NA) # 649 of 1298 below 15: half
  for (sg in list(NULL, 1.02)) {
    expect_no_warning(b2m_urine_ratio(b2m, 100, specific_gravity = sg))
    cnd <- tryCatch(b2m_urine_ratio(c(b2m, 14.99), 100, specific_gravity = sg),
                    warning = identity)
    expect_s3_class(cnd, "b2m_warning_unit")
    expect_identical(cnd$rows, as.numeric(651:655))
    expect_identical(cnd$count, 650)
    expect_match(conditionMessage(cnd), "650 of its 1299 positive results",
                 fixed = TRUE)
  }
  # a recycled result is one result
  cnd <- tryCatch(b2m_urine_ratio(5, rep(100, 600)), warning = identity)
  expect_identical(c(cnd$rows, cnd$count), c(1, 1))
  expect_match(conditionMessage(cnd), "1 of its 1 positive results",
               fixed = TRUE)
})
