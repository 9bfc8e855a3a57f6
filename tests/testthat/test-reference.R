test_that("the default limits are the reference file's", {
  ref <- b2m_reference()
  expect_identical(ref$specimen, c("serum", "urine", "csf"))
  expect_identical(ref$upper, c(2.70, 300, 1.80))
  expect_identical(ref$lower, c(1.21, NA, 0.70))
  expect_identical(ref$unit, c("mg/L", "ug/L", "mg/L"))
  expect_identical(b2m_reference("urine")$upper, 300)
  expect_error(b2m_reference("plasma"), class = "b2m_error_value")
})

test_that("a result above the limit is elevated, at the limit normal", {
  x <- c(2.69, 2.70, 2.71, NA)
  expect_identical(as.character(b2m_classify(x)),
                   c("normal", "normal", "elevated", NA))
  expect_identical(levels(b2m_classify(x)), c("normal", "elevated"))
  expect_s3_class(b2m_classify(numeric(0)), "factor")
  expect_length(b2m_classify(numeric(0)), 0)
})

test_that("a censored result is classified at the boundaries by its whole interval", {
  classify <- function(text, uln = 2.7, ...) {
    as.character(b2m_classify(b2m_parse_result(text), uln = uln, ...))
  }
  # above: ">b" is (b, 200], ">=b" [b, 200]; elevated is x > uln
  expect_identical(classify(c(">2.69", ">2.7", ">2.71")), c(NA, "elevated", "elevated"))
  expect_identical(classify(c(">=2.69", ">=2.7", ">=2.71")), c(NA, NA, "elevated"))
  # below: "<b" is [0, b), "<=b" [0, b]; normal is x <= uln
  expect_identical(classify(c("<2.69", "<2.7", "<2.71")), c("normal", "normal", NA))
  expect_identical(classify(c("<=2.69", "<=2.7", "<=2.71")), c("normal", "normal", NA))
  # the ends of the plausible range: [200, 200] is elevated, [0, 0] normal
  expect_identical(classify(c(">=200", "<=0")), c("elevated", "normal"))
  # exact, missing and censored rows together; a limit per row; a missing
  # limit leaves a censored row open
  expect_identical(classify(c("2.71", NA, ">20", "<0.5"), uln = c(2.7, 2.7, 25, 0.4)),
                   c("elevated", NA, NA, NA))
  expect_identical(classify(">20", uln = c(2.7, NA)), c("elevated", NA))
  # a recycled censored result; another unit and specimen
  expect_identical(classify(">3", uln = c(2.7, 3, 3.5)), c("elevated", "elevated", NA))
  expect_identical(classify(c("<300", ">300", ">=300"), uln = NULL, unit = "ug/L",
                            specimen = "urine"), c("normal", "elevated", NA))
  # a unit per row: the bound is converted with the row
  expect_identical(classify(c(">2700", ">2.7"), uln = NULL, unit = c("ug/L", "mg/L")),
                   c("elevated", "elevated"))
  expect_identical(classify(c("<2700", ">=2.7"), uln = NULL, unit = c("ug/L", "mg/L")),
                   c("normal", NA))
})

test_that("a censored result's bound is checked as a value", {
  x <- b2m_parse_result(c("2", "<0", ">200", ">1000", ">=200"))
  e <- expect_error(b2m_classify(x), class = "b2m_error_value")
  expect_identical(e$arg, "x")
  expect_identical(e$rows, c(2, 3, 4))
  expect_identical(e$problems, c("negative", "too_high", "too_high"))
  # a recycled bad bound is reported once
  e <- expect_error(b2m_classify(b2m_parse_result(">300"), uln = c(2.7, 2.7)),
                    class = "b2m_error_value")
  expect_identical(e$rows, 1)
})

test_that("the default limit follows the unit and the specimen", {
  expect_identical(as.character(b2m_classify(c(2700, 2701), unit = "ug/L")),
                   c("normal", "elevated"))
  expect_identical(as.character(b2m_classify(c(0.27, 0.28), unit = "mg/dL")),
                   c("normal", "elevated"))
  nmol <- b2m_convert(2.7, "mg/L", "nmol/L")
  expect_identical(as.character(b2m_classify(c(228, 229), unit = "nmol/L")),
                   c("normal", "elevated"))
  expect_lt(228, nmol)
  expect_identical(as.character(b2m_classify(c(300, 301), unit = "ug/L",
                                             specimen = "urine")),
                   c("normal", "elevated"))
  expect_identical(as.character(b2m_classify(c(0.3, 0.31), specimen = "urine")),
                   c("normal", "elevated"))
  expect_identical(as.character(b2m_classify(c(1.8, 1.81), specimen = "csf")),
                   c("normal", "elevated"))
})

test_that("a laboratory's own limit overrides the default, per row too", {
  expect_identical(as.character(b2m_classify(2.5, uln = 2.34)), "elevated")
  expect_identical(as.character(b2m_classify(c(2.5, 2.5), uln = c(2.34, 2.7))),
                   c("elevated", "normal"))
  expect_identical(as.character(b2m_classify(2.5, uln = NA)), NA_character_)
  expect_error(b2m_classify(2.5, uln = 0), class = "b2m_error_value")
  expect_error(b2m_classify(2.5, uln = "2.7"), class = "b2m_error_type")
  expect_error(b2m_classify(1:3, uln = 1:2), class = "b2m_error_length")
})

test_that("impossible values for the specimen are errors", {
  expect_error(b2m_classify(250), class = "b2m_error_value")
  expect_identical(as.character(b2m_classify(250, specimen = "urine")),
                   "elevated")
  expect_error(b2m_classify(150, specimen = "csf"), class = "b2m_error_value")
  expect_error(b2m_classify(1, specimen = "plasma"), class = "b2m_error_value")
  expect_error(b2m_classify(1, unit = "g/L"), class = "b2m_error_unit")
})

test_that("fold of the limit divides by the limit", {
  expect_identical(b2m_fold_uln(c(2.7, 5.4, NA)), c(1, 2, NA))
  expect_equal(b2m_fold_uln(5.5), 5.5 / 2.7)
  expect_equal(b2m_fold_uln(5.5, uln = 2.34), 5.5 / 2.34)
  expect_equal(b2m_fold_uln(600, unit = "ug/L", specimen = "urine"), 2)
  expect_identical(b2m_fold_uln(numeric(0)), numeric(0))
  expect_error(b2m_fold_uln(1, uln = 0), class = "b2m_error_value")
  expect_error(b2m_fold_uln(-1), class = "b2m_error_value")
})
