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

# `x` in `units` (one per row, a length-1 `x` every row's) converted by hand
# into mg/L as C converts it, value * den / num of the row's unit; NA where
# the unit is.
by_hand_mg_l <- function(x, units) {
  units <- as.character(units)
  if (length(x) == 1) x <- rep(x, length(units))
  out <- rep(NA_real_, length(units))
  for (u in unique(units[!is.na(units)])) {
    s <- b2m:::quantity_table$b2m$units[[u]]
    at <- which(units == u)
    out[at] <- x[at] * s[2] / s[1]
  }
  out
}

# The condition `expr` raises, as its class and fields (the call aside).
condition_of <- function(expr) {
  cnd <- tryCatch(expr, error = identity)
  fields <- unclass(cnd)
  fields$call <- NULL
  fields$value_problem <- NULL
  list(class(cnd), fields)
}

test_that("results and limits with a unit per row are each read in their row's unit", {
  set.seed(20261202)
  units <- names(b2m:::quantity_table$b2m$units)
  n <- 300 # more than two of the core's 128-row blocks, and a last row alone
  unit <- sample(units, n, replace = TRUE)
  scale <- vapply(unit, function(u) {
    s <- b2m:::quantity_table$b2m$units[[u]]
    s[1] / s[2]
  }, numeric(1), USE.NAMES = FALSE)
  x <- rlnorm(n, 0.8, 0.5) * scale
  uln <- rlnorm(n, 1, 0.1) * scale
  # a result at its row's limit is normal, one ulp above elevated
  x[c(1, 128, 129, n)] <- uln[c(1, 128, 129, n)]
  x[2] <- uln[2] * (1 + .Machine$double.eps)
  x[c(3, 130)] <- NA
  uln[c(4, 131)] <- NA
  # a row without a unit has neither a result nor a limit
  unit[5] <- NA
  x[5] <- uln[5] <- NA
  for (u in list(unit, factor(unit), factor(unit, levels = rev(units)))) {
    expect_identical(b2m_classify(x, u, uln = uln),
                     b2m_classify(by_hand_mg_l(x, u), uln = by_hand_mg_l(uln, u)))
    expect_identical(b2m_fold_uln(x, uln, u),
                     b2m_fold_uln(by_hand_mg_l(x, u), by_hand_mg_l(uln, u)))
    # a result or a limit given once is every row's, in the row's unit
    # (each row then needs one, and the limit must fit every unit)
    u <- u[-5]
    expect_identical(b2m_classify(2, u, uln = uln[-5]),
                     b2m_classify(by_hand_mg_l(2, u),
                                  uln = by_hand_mg_l(uln[-5], u)))
    near <- u %in% c("mg/L", "ug/mL", "mg/dL")
    expect_identical(b2m_fold_uln(x[-5][near], 2.7, u[near]),
                     b2m_fold_uln(by_hand_mg_l(x[-5][near], u[near]),
                                  by_hand_mg_l(2.7, u[near])))
  }
  # censored results, their bounds in their rows' units
  unit <- c("mg/L", "ug/L", "mg/dL", "nmol/L", "ng/mL", "mg/L")
  x <- b2m_parse_result(c(">20", "<500", ">=0.27", "250", ">2700", NA))
  uln <- c(2.7, 2700, 0.27, 230, 2000, 2.7)
  in_mg_l <- x
  attr(in_mg_l, "bound") <- by_hand_mg_l(attr(x, "bound"), unit)
  in_mg_l[4] <- by_hand_mg_l(250, "nmol/L")
  expect_identical(as.character(b2m_classify(x, unit, uln = uln)),
                   c("elevated", "normal", NA, "elevated", "elevated", NA))
  expect_identical(b2m_classify(x, unit, uln = uln),
                   b2m_classify(in_mg_l, uln = by_hand_mg_l(uln, unit)))
})

test_that("a limit with a unit per row has the errors of the limit in mg/L", {
  unit <- c("mg/L", "ug/L", "nmol/L", "mg/L")
  x <- c(2, 2000, 200, 3)
  # zero: the error of the limit converted into mg/L
  cnd <- condition_of(b2m_fold_uln(x, c(2.7, 0, 230, 2.7), unit))
  expect_identical(cnd[[1]][1], "b2m_error_value")
  expect_identical(cnd[[2]][c("arg", "rows", "values", "problems", "unit")],
                   list(arg = "uln", rows = 2, values = 0, problems = "zero",
                        unit = "mg/L"))
  # more than 20 times from the default in its row's unit
  cnd <- condition_of(b2m_classify(x, unit, uln = c(2.7, 2.7, 230, 2.7)))
  expect_identical(cnd[[1]][1], "b2m_error_unit")
  expect_identical(cnd[[2]][c("arg", "rows", "count", "values", "unit")],
                   list(arg = "uln", rows = 2, count = 1,
                        values = by_hand_mg_l(2.7, "ug/L"), unit = "mg/L"))
  # impossible in its row's unit, a limit given once too: every such row
  for (uln in list(c(2700, 2700, 2700, 2700), 2700)) {
    cnd <- condition_of(b2m_classify(x, unit, uln = uln))
    expect_identical(cnd[[1]][1], "b2m_error_value")
    expect_identical(cnd[[2]][c("arg", "rows", "problems", "unit")],
                     list(arg = "uln", rows = c(1, 4),
                          problems = c("too_high", "too_high"), unit = "mg/L"))
  }
  expect_identical(condition_of(b2m_classify(x, unit, uln = 2700)),
                   condition_of(b2m_classify(x, unit, uln = rep(2700, 4))))
  # ... also when it fits the first row's unit
  cnd <- condition_of(b2m_fold_uln(x[c(2, 1, 3, 4)], 2700, unit[c(2, 1, 3, 4)]))
  expect_identical(cnd[[1]][1], "b2m_error_value")
  expect_identical(cnd[[2]][c("arg", "rows", "count")],
                   list(arg = "uln", rows = c(2, 4), count = 2))
  # a limit without a unit, an unknown unit, and too few limits
  cnd <- condition_of(b2m_classify(c(2, NA), c("mg/L", NA), uln = c(2.7, 2.7)))
  expect_identical(cnd[[1]][1], "b2m_error_unit")
  expect_identical(cnd[[2]][c("arg", "rows")], list(arg = "unit", rows = 2))
  expect_error(b2m_fold_uln(x, 2.7, c("mg/L", "ug/L", "g/L", "mg/L")),
               class = "b2m_error_unit")
  expect_error(b2m_classify(x, unit, uln = c(2.7, 2.7)),
               class = "b2m_error_length")
})
