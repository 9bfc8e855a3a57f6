test_that("every error class is also b2m_error and carries the argument", {
  cnd <- tryCatch(b2m_convert("1", "mg/L"), error = identity)
  expect_s3_class(cnd, c("b2m_error_type", "b2m_error", "error", "condition"))
  expect_identical(cnd$arg, "x")
  cnd <- tryCatch(b2m_classify(1:2, uln = 1:3), error = identity)
  expect_s3_class(cnd, c("b2m_error_length", "b2m_error"))
  expect_identical(cnd$arg, c("x", "uln"))
  cnd <- tryCatch(b2m_convert(1, "mg/ml2"), error = identity)
  expect_s3_class(cnd, c("b2m_error_unit", "b2m_error"))
  expect_identical(cnd$arg, "from")
  cnd <- tryCatch(b2m_convert(c(1, -1, 2, -3), "mg/L"), error = identity)
  expect_s3_class(cnd, c("b2m_error_value", "b2m_error"))
  expect_identical(cnd$rows, c(2, 4))
  expect_identical(cnd$count, 2)
})

test_that("value errors name the first rows and count the rest", {
  x <- c(-1, 2, -1, -1, 5, -1, -1, -1, -1)
  cnd <- tryCatch(b2m_convert(x, "mg/L"), error = identity)
  expect_identical(cnd$rows, c(1, 3, 4, 6, 7))
  expect_identical(cnd$count, 7)
  expect_match(conditionMessage(cnd), "rows 1, 3, 4, 6, 7 and 2 more")
})

test_that("a bad recycled value is reported once", {
  cnd <- tryCatch(b2m_classify(c(1, 2, 3), uln = -1), error = identity)
  expect_identical(cnd$arg, "uln")
  expect_identical(cnd$rows, 1)
  expect_identical(cnd$count, 1)
})

test_that("values impossible in the unit suggest the unit probably meant", {
  expect_snapshot(b2m_classify(c(1.9, 2400, 3100)), error = TRUE)
  expect_snapshot(b2m_fold_uln(2, uln = c(2.7, 0)), error = TRUE)
  expect_snapshot(b2m_convert(c(1, Inf, -2), "mg/L"), error = TRUE)
})

test_that("row lists read naturally", {
  expect_identical(format_rows(3), "row 3")
  expect_identical(format_rows(c(3, 9)), "rows 3 and 9")
  expect_identical(format_rows(c(1, 2, 3)), "rows 1, 2 and 3")
  expect_identical(format_rows(1:5, 1e6), "rows 1, 2, 3, 4, 5 and 999,995 more")
})

test_that("sizes recycle only length 1 and name both arguments", {
  expect_identical(check_sizes(list(a = 1:3, b = 1, c = 1:3)), 3L)
  expect_identical(check_sizes(list(a = 1, b = 2)), 1L)
  expect_identical(check_sizes(list(a = numeric(0), b = 2)), 0L)
  expect_error(check_sizes(list(a = numeric(0), b = 1:2)),
               class = "b2m_error_length")
  expect_snapshot(check_sizes(list(b2m = 1:3, albumin = 1:2)), error = TRUE)
})

test_that("unit spellings fold case, space and the micro sign", {
  for (spelling in c("ug/L", "UG/L", "\u00b5g/L", "\u03bcg/L", "mcg/L",
                     " ug / l ", "ng/mL", "NG/ML")) {
    expect_identical(unit_spec("b2m", spelling, "unit")$num, 1000, info = spelling)
  }
  expect_identical(unit_spec("creatinine", "\u00b5mol/L", "unit")$unit, "umol/L")
  expect_identical(unit_spec("albumin", "G/L", "unit")$unit, "g/L")
  # NULL is never silently the canonical unit.
  expect_error(unit_spec("albumin", NULL, "albumin_unit"),
               class = "b2m_error_type")
  expect_error(unit_spec("albumin", "mg/dL", "albumin_unit"),
               class = "b2m_error_unit")
  expect_error(unit_spec("albumin", c("g/L", "g/dL"), "albumin_unit"),
               class = "b2m_error_type")
  expect_error(unit_spec("albumin", NA_character_, "albumin_unit"),
               class = "b2m_error_type")
})

test_that("types are checked before anything is computed", {
  expect_error(b2m_convert(factor(1), "mg/L"), class = "b2m_error_type")
  expect_error(b2m_convert(list(1), "mg/L"), class = "b2m_error_type")
  expect_error(b2m_convert(NULL, "mg/L"), class = "b2m_error_type")
  expect_error(b2m_convert(TRUE, "mg/L"), class = "b2m_error_type")
  expect_error(b2m_convert(Sys.Date(), "mg/L"), class = "b2m_error_type")
  expect_identical(b2m_convert(NA, "mg/L"), NA_real_)
  expect_error(check_logical(c(0, 1), "del17p"), class = "b2m_error_type")
  expect_error(check_logical("TRUE", "del17p"), class = "b2m_error_type")
  expect_silent(check_logical(c(TRUE, NA), "del17p"))
})

test_that("check_columns names the argument and the missing column", {
  d <- data.frame(a = 1, b = 2)
  expect_invisible(check_columns(d, list(x = "a", y = "b")))
  expect_identical(check_columns(d, list(x = "a")), d)
  cnd <- tryCatch(check_columns(d, list(x = "a", y = "c")), error = identity)
  expect_s3_class(cnd, c("b2m_error_column", "b2m_error", "error"))
  expect_identical(cnd$arg, "y")
  expect_identical(cnd$column, "c")
  expect_error(check_columns(list(a = 1), list(x = "a")),
               class = "b2m_error_type")
  expect_error(check_columns(d, list(x = c("a", "b"))), class = "b2m_error_type")
  expect_error(check_columns(d, list(x = NA_character_)),
               class = "b2m_error_type")
  wide <- as.data.frame(matrix(1, 1, 12, dimnames = list(NULL, letters[1:12])))
  expect_snapshot(check_columns(wide, list(id = "patient")), error = TRUE)
  expect_snapshot(check_columns(d[0], list(id = "patient")), error = TRUE)
})

test_that("check_number wants one finite number", {
  expect_invisible(check_number(0.2, "rising"))
  expect_invisible(check_number(1L, "rising"))
  for (bad in list(NA_real_, Inf, c(1, 2), numeric(0), "1", TRUE)) {
    expect_error(check_number(bad, "rising"), class = "b2m_error_type")
  }
})

test_that("check_data_frame() and check_named_strings() check types", {
  expect_error(check_data_frame(list(a = 1), "data"), class = "b2m_error_type")
  expect_identical(check_named_strings(NULL, "units"), character())
  expect_identical(check_named_strings(c(a = "x"), "units"), c(a = "x"))
  expect_error(check_named_strings(c(a = ""), "units"),
               class = "b2m_error_type")
  expect_error(check_named_strings(c("x"), "units"), class = "b2m_error_type")
})
