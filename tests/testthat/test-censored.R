parts <- function(x) {
  list(value = as.vector(unclass(x)), comparator = attr(x, "comparator"),
       bound = attr(x, "bound"))
}

test_that("each censoring form is read with its comparator and bound", {
  x <- b2m_parse_result(c("<0.2", "<=0.2", "< 0.2", ">20", ">=20",
                          "\u22640.2", "\u226520", "=<0.2", " > 20 "))
  expect_identical(parts(x)$comparator, c(1L, 2L, 1L, 3L, 4L, 2L, 4L, 2L, 3L))
  expect_identical(parts(x)$bound, c(0.2, 0.2, 0.2, 20, 20, 0.2, 20, 0.2, 20))
  expect_true(all(is.na(parts(x)$value)))
  expect_false(any(is.na(x)))
})

test_that("exact results, spaces, decimal commas and missing cells", {
  x <- b2m_parse_result(c(" 2.1 ", "3", ".5", "1e2", NA, "", "  "))
  expect_identical(parts(x)$value, c(2.1, 3, 0.5, 100, NA, NA, NA))
  expect_identical(parts(x)$comparator, rep(0L, 7))
  expect_identical(is.na(x), c(FALSE, FALSE, FALSE, FALSE, TRUE, TRUE, TRUE))
  y <- b2m_parse_result(c("3,4", "<0,5", " 2 "), decimal_mark = ",")
  expect_identical(parts(y)$value, c(3.4, NA, 2))
  expect_identical(parts(y)$bound, c(NA, 0.5, NA))
  expect_identical(parts(b2m_parse_result(factor(c("<1", "2"))))$comparator,
                   c(1L, 0L))
  expect_identical(parts(b2m_parse_result(c(1.5, NA)))$value, c(1.5, NA))
})

test_that("a unit in the cell is read into the unit attribute, never ignored", {
  x <- b2m_parse_result(c("2.1 mg/L", "1800ug/L", "<0.2 mg/L", "3.0"))
  expect_identical(attr(x, "unit"), c("mg/L", "ug/L", "mg/L", NA))
  expect_identical(parts(x)$value, c(2.1, 1800, NA, 3))
  expect_null(attr(b2m_parse_result(c("2.1", "<3")), "unit"))
})

test_that("text that is not a result is an error naming the rows and the text", {
  cnd <- expect_error(
    b2m_parse_result(c("1", "see comment", "1,234", "2.1 3.4", "-", "++2")),
    class = "b2m_error_value")
  expect_identical(cnd$rows, 2:6)
  expect_identical(cnd$count, 5L)
  expect_identical(cnd$text, c("see comment", "1,234", "2.1 3.4", "-", "++2"))
  expect_match(conditionMessage(cnd), "rows 2, 3, 4, 5 and 6")
  long <- expect_error(b2m_parse_result(strrep("x", 50)), class = "b2m_error_value")
  expect_match(conditionMessage(long), paste0("\"", strrep("x", 37), "...\""),
               fixed = TRUE)
  expect_error(b2m_parse_result("3.4", decimal_mark = ","),
               class = "b2m_error_value")
  expect_error(b2m_parse_result("3", decimal_mark = ";"), class = "b2m_error_value")
  expect_error(b2m_parse_result(list("3")), class = "b2m_error_type")
  expect_error(b2m_parse_result(Sys.Date()), class = "b2m_error_type")
})

test_that("censored vectors keep their censoring through subsetting and combining", {
  x <- b2m_parse_result(c("2.1", "<0.2", ">20", NA))
  expect_identical(as.character(x), c("2.1", "<0.2", ">20", NA))
  expect_identical(as.character(x[2:3]), c("<0.2", ">20"))
  expect_identical(as.character(x[[3]]), ">20")
  expect_identical(as.character(c(x[1], b2m_parse_result("<=5"), 7, NA)),
                   c("2.1", "<=5", "7", NA))
  expect_identical(as.character(rep(x[2], 2)), c("<0.2", "<0.2"))
  y <- x
  y[1] <- b2m_parse_result(">=9")
  y[4] <- 3
  expect_identical(as.character(y), c(">=9", "<0.2", ">20", "3"))
  length(y) <- 5
  expect_identical(as.character(y), c(">=9", "<0.2", ">20", "3", NA))
  expect_identical(attr(y, "comparator"), c(4L, 1L, 3L, 0L, 0L))
  expect_identical(format(x), c(" 2.1", "<0.2", " >20", "  NA"))
  expect_output(print(x), "<0.2")
  expect_false(is.numeric(x))
})

test_that("censored vectors live in data frame columns", {
  x <- b2m_parse_result(c("2.1", "<0.2", ">20"))
  d <- data.frame(id = 1:3, b2m = x)
  expect_s3_class(d$b2m, "b2m_censored")
  both <- rbind(d, d[2, ])
  expect_identical(as.character(both$b2m), c("2.1", "<0.2", ">20", "<0.2"))
  expect_identical(as.character(d[order(-d$id), "b2m"]), c(">20", "<0.2", "2.1"))
  expect_identical(as.character(utils::head(d, 2)$b2m), c("2.1", "<0.2"))
  expect_output(print(d), ">20")
})

test_that("dplyr verbs keep the censoring", {
  skip_if_not_installed("dplyr")
  x <- b2m_parse_result(c("2.1", "<0.2", ">20", "4"))
  d <- dplyr::tibble(id = 1:4, g = c(1, 1, 2, 2), b2m = x)
  expect_identical(as.character(dplyr::filter(d, id > 1)$b2m),
                   c("<0.2", ">20", "4"))
  expect_identical(as.character(dplyr::arrange(d, dplyr::desc(id))$b2m),
                   c("4", ">20", "<0.2", "2.1"))
  expect_identical(as.character(dplyr::mutate(d, copy = b2m)$copy),
                   as.character(x))
  expect_identical(as.character(dplyr::bind_rows(d, d)$b2m),
                   rep(as.character(x), 2))
  firsts <- dplyr::summarise(dplyr::group_by(d, g), b2m = dplyr::first(b2m))
  expect_identical(as.character(firsts$b2m), c("2.1", ">20"))
  joined <- dplyr::left_join(d, dplyr::tibble(id = 2:3, z = 1), by = "id")
  expect_identical(as.character(joined$b2m), as.character(x))
})

test_that("a bound is never used as a value", {
  x <- b2m_parse_result(c("2.1", "<0.2", ">20"))
  w <- expect_warning(v <- as.double(x), class = "b2m_warning_censored")
  expect_identical(v, c(2.1, NA, NA))
  expect_identical(w$rows, 2:3)
  expect_warning(v <- as.numeric(x), class = "b2m_warning_censored")
  expect_identical(v, c(2.1, NA, NA))
  expect_silent(as.double(x[1]))
  expect_error(x + 1, class = "b2m_error_type")
  expect_error(x > 5, class = "b2m_error_type")
  expect_error(max(x), class = "b2m_error_type")
  expect_error(log(x), class = "b2m_error_type")
})

test_that("staging and classification read censored vectors; continuous results are NA with a warning", {
  x <- b2m_parse_result(c(">20", "<0.5"))
  expect_identical(as.character(stage_iss(x, c(3, 4))), c("III", "I"))
  # a classification is decided by the interval (no warning)
  expect_silent(out <- b2m_classify(x))
  expect_identical(as.character(out), c("elevated", "normal"))
  w <- expect_warning(out <- b2m_fold_uln(x), class = "b2m_warning_censored")
  expect_identical(w$rows, 1:2)
  expect_identical(w$arg, "x")
  expect_identical(out, c(NA_real_, NA_real_))
  w <- expect_warning(out <- b2m_convert(b2m_parse_result(c("2", "<0.5")),
                                         from = "mg/L", to = "nmol/L"),
                      class = "b2m_warning_censored")
  expect_identical(w$rows, 2L)
  expect_identical(out, c(b2m_convert(2, from = "mg/L", to = "nmol/L"), NA))
  w <- expect_warning(out <- egfr_b2m(b2m_parse_result(c("2", ">20"))),
                      class = "b2m_warning_censored")
  expect_identical(w$rows, 2L)
  expect_identical(is.na(out), c(FALSE, TRUE))
})

test_that("b2m_annotate() and b2m_interpret() stage censored columns and warn for the rest", {
  d <- data.frame(b2m = b2m_parse_result(c("2.1", ">20", "<0.5")),
                  albumin = c(3, 4, 4), creatinine = 1, age = 60, sex = "female")
  warnings <- list()
  out <- withCallingHandlers(
    suppressMessages(b2m_interpret(d)),
    warning = function(w) {
      warnings[[length(warnings) + 1]] <<- w
      invokeRestart("muffleWarning")
    })
  expect_identical(as.character(out$iss), c("II", "III", "I"))
  # the censored column kept as it is
  expect_s3_class(out$b2m, "b2m_censored")
  # every continuous result of B2M is NA in the censored rows
  for (column in c("b2m_fold_uln", "egfr_b2m", "b2m_excess")) {
    expect_identical(is.na(out[[column]]), c(FALSE, TRUE, TRUE), label = column)
  }
  # the status is decided by the interval: ">20" elevated, "<0.5" normal
  expect_identical(as.character(out$b2m_status), c("normal", "elevated", "normal"))
  # a result made of creatinine alone is not touched
  expect_false(anyNA(out$egfr_cr))
  expect_true(length(warnings) > 0)
  for (w in warnings) {
    expect_s3_class(w, "b2m_warning_censored")
    expect_identical(w$rows, 2:3)
  }
})
