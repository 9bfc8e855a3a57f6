ref_ratio <- function(pre, post, w_pre = NULL, w_post = NULL) {
  if (!is.null(w_pre)) post <- post / (1 + (w_pre - w_post) / (0.2 * w_post))
  100 * (1 - post / pre)
}

test_that("the reduction ratio is 100 x (1 - post / pre)", {
  expect_equal(b2m_reduction_ratio(30, 12), 60)
  expect_equal(b2m_reduction_ratio(c(35, 40, 25), c(10, 8, 15)),
               c(100 * (1 - 10 / 35), 80, 40))
  expect_equal(b2m_reduction_ratio(20, 25), -25)
  expect_identical(b2m_reduction_ratio(30, 0), 100)
})

test_that("the Bergstrom-Wehle correction reproduces the worked examples", {
  got <- b2m_reduction_ratio(c(30, 35, 40, 25), c(12, 10, 8, 15),
                             weight_pre = c(72, 80, 90, 60),
                             weight_post = c(70, 77.5, 86, 60))
  expect_equal(round(got, 2), c(65.00, 75.40, 83.77, 40.00))
  expect_equal(got[1], 65)
})

test_that("the ratio does not depend on the unit", {
  expect_equal(b2m_reduction_ratio(30000, 12000, 72, 70, unit = "ug/L"), 65)
  expect_equal(b2m_reduction_ratio(3, 1.2, unit = "mg/dL"), 60)
  nm <- b2m_convert(c(30, 12), "mg/L", "nmol/L")
  expect_equal(b2m_reduction_ratio(nm[1], nm[2], unit = "nmol/L"), 60)
  expect_error(b2m_reduction_ratio(30000, 12000), class = "b2m_error_value")
  expect_error(b2m_reduction_ratio(30, 12, unit = "g/L"),
               class = "b2m_error_unit")
})

test_that("agrees with a plain-R definition on random input", {
  set.seed(5)
  n <- 2000
  pre <- stats::runif(n, 10, 80)
  post <- stats::runif(n, 2, 40)
  w_post <- stats::runif(n, 40, 120)
  w_pre <- w_post + stats::runif(n, -1, 5)
  expect_equal(b2m_reduction_ratio(pre, post), ref_ratio(pre, post),
               tolerance = 1e-12)
  expect_equal(b2m_reduction_ratio(pre, post, w_pre, w_post),
               ref_ratio(pre, post, w_pre, w_post), tolerance = 1e-12)
})

test_that("missing values give NA", {
  got <- b2m_reduction_ratio(c(NA, 30, 30, 30), c(12, NA, 12, 12),
                             c(72, 72, NA, 72), c(70, 70, 70, NA))
  expect_identical(got, rep(NA_real_, 4))
  expect_identical(b2m_reduction_ratio(numeric(0), numeric(0)), numeric(0))
})

test_that("weights more than 15 % of the post weight apart are an error", {
  # 15 % of 100 kg: 85 and 115 kg are the farthest a session may go
  expect_equal(b2m_reduction_ratio(30, 12, c(85, 115), 100),
               ref_ratio(30, 12, c(85, 115), 100), tolerance = 1e-12)
  for (w_pre in c(84.99, 115.01, 80, 56.000001 * 100 / 70)) {
    expect_error(b2m_reduction_ratio(30, 12, w_pre, 100),
                 class = "b2m_error_value", info = w_pre)
  }
  # the pole of the correction (a gain of 20 %) is never reached: the
  # ratio there was any number, -559,999,901 % for these weights
  cnd <- tryCatch(b2m_reduction_ratio(30, 12, c(72, 56.000001), 70),
                  error = identity)
  expect_s3_class(cnd, "b2m_error_value")
  expect_identical(cnd$arg, "weight_pre")
  expect_identical(cnd$rows, 2)
  expect_identical(cnd$problems, "inconsistent")
  expect_snapshot(b2m_reduction_ratio(30, 12, 56.000001, 70), error = TRUE)
})

test_that("weights below 0.5 kg or above 500 kg are errors", {
  expect_false(is.na(b2m_reduction_ratio(30, 12, 0.5, 0.5)))
  expect_false(is.na(b2m_reduction_ratio(30, 12, 500, 500)))
  cnd <- tryCatch(b2m_reduction_ratio(30, 12, 0.49, 0.49), error = identity)
  expect_s3_class(cnd, "b2m_error_value")
  expect_identical(cnd$arg, "weight_pre")
  expect_identical(cnd$problems, "too_low")
  expect_error(b2m_reduction_ratio(30, 12, 72, 0.4),
               class = "b2m_error_value")
  expect_error(b2m_reduction_ratio(30, 12, 501, 500),
               class = "b2m_error_value")
})

test_that("only one weight is an error naming the missing one", {
  cnd <- tryCatch(b2m_reduction_ratio(30, 12, weight_pre = 72),
                  error = identity)
  expect_s3_class(cnd, "b2m_error_value")
  expect_identical(cnd$arg, "weight_post")
  expect_error(b2m_reduction_ratio(30, 12, weight_post = 70),
               class = "b2m_error_value")
  expect_snapshot(b2m_reduction_ratio(30, 12, weight_post = 70), error = TRUE)
})

test_that("bad values, types and lengths are classed errors", {
  expect_error(b2m_reduction_ratio(0, 12), class = "b2m_error_value")
  expect_error(b2m_reduction_ratio(30, -1), class = "b2m_error_value")
  expect_error(b2m_reduction_ratio(30, 12, 0, 70), class = "b2m_error_value")
  expect_error(b2m_reduction_ratio(30, 12, 72, -70), class = "b2m_error_value")
  expect_error(b2m_reduction_ratio(30, 12, 72, 700), class = "b2m_error_value")
  cnd <- tryCatch(b2m_reduction_ratio(30, c(12, 10), 72, c(70, 0)),
                  error = identity)
  expect_identical(cnd$arg, "weight_post")
  expect_identical(cnd$rows, 2)
  expect_error(b2m_reduction_ratio("30", 12), class = "b2m_error_type")
  expect_error(b2m_reduction_ratio(30, 12, "72", 70), class = "b2m_error_type")
  expect_error(b2m_reduction_ratio(1:3, 1:2), class = "b2m_error_length")
  expect_error(b2m_reduction_ratio(1:3, 1, 1:2, 1), class = "b2m_error_length")
  expect_snapshot(b2m_reduction_ratio(c(30, 0), 12), error = TRUE)
})
