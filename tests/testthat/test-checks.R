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

# Messages (#11) ----------------------------------------------------------------

type_message <- function(x, fun = function(x) stage_iss(x, 4)) {
  cnd <- tryCatch(fun(x), error = identity)
  expect_s3_class(cnd, "b2m_error_type")
  conditionMessage(cnd)
}

test_that("type errors name the class and the conversion to make", {
  # (a haven-labelled number is read as its numbers: test below)
  classed <- structure(c(2, 3), class = c("measurement", "double"))
  expect_match(type_message(classed),
               "not a <measurement>. Convert it with as.numeric() or unclass()",
               fixed = TRUE)
  expect_match(type_message(structure(2, class = "units")),
               "not a <units>. Convert it with as.numeric() once it is in",
               fixed = TRUE)
  expect_match(type_message(as.difftime(2, units = "days")), "<difftime>",
               fixed = TRUE)
  expect_match(type_message(structure(2, class = c("hms", "difftime"))),
               "<hms>", fixed = TRUE)
  expect_match(type_message(structure(2, class = "integer64")),
               "<integer64>. Convert it with as.numeric() (bit64)", fixed = TRUE)
  expect_match(type_message(I(2)), "not a <AsIs>. Convert it with",
               fixed = TRUE)
  expect_match(type_message(factor(2)),
               "<factor>. Convert it with as.numeric(as.character(x))",
               fixed = TRUE)
  expect_match(type_message("2"), "a character vector. Convert it with",
               fixed = TRUE)
  expect_match(type_message(as.POSIXlt("2024-01-01")), "not a <POSIXlt>.",
               fixed = TRUE)
  expect_match(type_message(new.env()), "not an environment.", fixed = TRUE)
  expect_match(type_message(mean), "not a function.", fixed = TRUE)
  expect_match(type_message(list(2)), "not a list.", fixed = TRUE)
  num <- methods::setClass("b2mTestNumber", contains = "numeric",
                           where = globalenv())
  on.exit(methods::removeClass("b2mTestNumber", where = globalenv()))
  expect_match(type_message(num(2)), "not a <b2mTestNumber>. Convert it",
               fixed = TRUE)
  cnd <- tryCatch(stage_iss(classed, 4), error = identity)
  expect_identical(cnd$type, "measurement")
})

test_that("a missing unit is said to be NA", {
  cnd <- tryCatch(stage_iss(2, 4, b2m_unit = NA_character_), error = identity)
  expect_s3_class(cnd, "b2m_error_type")
  expect_identical(conditionMessage(cnd),
                   "`b2m_unit` must be a single string, not NA (a missing string).")
  # two units are a unit per row, each checked
  expect_match(conditionMessage(tryCatch(stage_iss(2, 4, b2m_unit = c("a", "b")),
                                         error = identity)),
               "found \"a\", \"b\" in rows 1 and 2", fixed = TRUE)
  expect_match(conditionMessage(tryCatch(b2m_expected(2, b2m_unit = c("a", "b")),
                                         error = identity)),
               "found \"a\", \"b\" in rows 1 and 2", fixed = TRUE)
})

test_that("each kind of bad value is described, with the unit hint", {
  cnd <- tryCatch(stage_iss(c(2, 300, -1), 4), error = identity)
  expect_s3_class(cnd, "b2m_error_value")
  expect_identical(cnd$rows, c(2, 3))
  expect_identical(cnd$problems, c("too_high", "negative"))
  expect_identical(cnd$values, c(300, -1))
  # 300 nmol/L (3.5 mg/L) is closer to the reference interval than 300 ug/L
  expect_identical(cnd$suggested_unit, "nmol/L")
  expect_identical(cnd$unit, "mg/L")
  expect_identical(cnd$unit_arg, "b2m_unit")
  expect_identical(
    conditionMessage(cnd),
    paste0("`b2m` has bad values: 300 in row 2 is above the largest plausible ",
           "serum B2M, 200 mg/L (were they in \"nmol/L\"? Set `b2m_unit` ",
           "accordingly); -1 in row 3 is negative."))
  # no unit in which every implausible value would be plausible: no hint
  cnd <- tryCatch(stage_iss(c(2, 300, 1e9), 4), error = identity)
  expect_null(cnd$suggested_unit)
  expect_false(grepl("were they", conditionMessage(cnd)))
  # several kinds and more rows than reported: the rest counted apart
  x <- c(-1, Inf, 0, 300, -2, -3, 2)
  cnd <- tryCatch(b2m_reduction_ratio(x, 1), error = identity)
  expect_identical(cnd$count, 6)
  expect_identical(cnd$problems,
                   c("negative", "infinite", "zero", "too_high", "negative"))
  expect_identical(
    conditionMessage(cnd),
    paste0("`pre` has bad values: -1, -2 in rows 1 and 5 are negative; Inf in ",
           "row 2 is infinite; 0 in row 3 is zero, where `pre` must be ",
           "positive; 300 in row 4 is above the largest plausible serum B2M, ",
           "200 mg/L (were they in \"nmol/L\"? Set `unit` accordingly); and 1 ",
           "more row."))
  expect_snapshot(stage_iss(c(2, 300, -1, Inf), 4), error = TRUE)
})

test_that("labels echoed in messages are shortened", {
  long <- strrep("x", 1e6)
  for (cnd in list(
    tryCatch(stage_iss(2, 4, b2m_unit = long), error = identity),
    tryCatch(egfr_ckdepi_cr(1, 50, long), error = identity),
    tryCatch(b2m_reference(long), error = identity),
    tryCatch(b2m_trend(data.frame(id = 1, time = 1, b2m = 1), id = long),
             error = identity),
    tryCatch(b2m_annotate(data.frame(b2m = 1), columns = stats::setNames(
      "b2m", long)), error = identity)
  )) {
    expect_s3_class(cnd, "b2m_error")
    expect_lt(nchar(conditionMessage(cnd)), 500)
    expect_match(conditionMessage(cnd), "xxx...", fixed = TRUE)
  }
  expect_identical(shorten(c(strrep("a", 41), strrep("b", 40), NA)),
                   c(paste0(strrep("a", 37), "..."), strrep("b", 40), NA))
})

test_that("no condition is raised with an empty message", {
  cnd <- b2m_condition(character(0), "b2m_error_value", NULL)
  expect_match(conditionMessage(cnd), "b2m_error_value came without a message",
               fixed = TRUE)
  expect_identical(conditionMessage(b2m_condition(c("a", "b"), "x", NULL)), "ab")
  # the reproducer: an unused unknown level used to give character(0)
  sex <- factor(c("F", "M"), levels = c("F", "M", "U"))
  expect_equal(egfr_ckdepi_cr(1, 50, sex), egfr_ckdepi_cr(1, 50, c("F", "M")))
  expect_equal(egfr_ckdepi_cys(1, 50, sex), egfr_ckdepi_cys(1, 50, c("F", "M")))
  expect_equal(egfr_ckdepi_crcys(1, 1, 50, sex),
               egfr_ckdepi_crcys(1, 1, 50, c("F", "M")))
  # a used unknown level is still an error, with its message
  levels(sex)[levels(sex) == "U"] <- "X"
  sex[2] <- "X"
  cnd <- tryCatch(egfr_ckdepi_cr(1, 50, sex), error = identity)
  expect_s3_class(cnd, "b2m_error_value")
  expect_identical(cnd$rows, 2)
  expect_identical(cnd$labels, "X")
  expect_true(nzchar(conditionMessage(cnd)))
})

test_that("b2m_trend() refuses matrix and duplicated columns, naming them", {
  d <- data.frame(id = c(1, 1), date = c(0, 1))
  d$b2m <- matrix(1:4, 2)
  cnd <- tryCatch(b2m_trend(d), error = identity)
  expect_s3_class(cnd, "b2m_error_type")
  expect_identical(cnd$arg, "value")
  expect_identical(cnd$column, "b2m")
  d$b2m <- matrix(1:2, 2)
  expect_error(b2m_trend(d), class = "b2m_error_type")
  d$b2m <- NULL
  d$date <- matrix(c(0, 1, 2, 3), 2)
  d$b2m <- c(1, 2)
  expect_error(b2m_trend(d), class = "b2m_error_type")
  d <- data.frame(id = c(1, 1), date = c(0, 1), b2m = c(2, 3), b2m = c(9, 9),
                  check.names = FALSE)
  cnd <- tryCatch(b2m_trend(d), error = identity)
  expect_s3_class(cnd, "b2m_error_column")
  expect_identical(cnd$column, "b2m")
  expect_snapshot(b2m_trend(d), error = TRUE)
})

# Unit mistakes -------------------------------------------------------------------

test_that("the unit hint is the unit in which the values are most plausible", {
  hint <- function(expr) tryCatch(expr, error = function(e) e$suggested_unit)
  # 525 nmol/L is 6.2 mg/L (2.3 times the upper limit), 525 ug/L is 0.53
  # mg/L (2.3 times below the lower limit, a little further): nmol/L
  expect_identical(hint(stage_iss(525, 4)), "nmol/L")
  expect_identical(hint(stage_iss(2400, 4)), "ug/L")
  expect_identical(hint(stage_iss(c(2400, 525), 4)), "ug/L")
  # without a reference interval the plausible range decides, ties by order
  expect_identical(hint(stage_iss(2, 35)), "g/L")
  expect_null(hint(stage_iss(1e9, 4)))
  cnd <- tryCatch(stage_iss(525, 4), error = identity)
  expect_s3_class(cnd, "b2m_error_value")
  expect_match(conditionMessage(cnd), "were they in \"nmol/L\"", fixed = TRUE)
  # following the hint gives the stage the value means (6.2 mg/L: III)
  expect_identical(as.character(stage_iss(525, 4, b2m_unit = "nmol/L")), "III")
  expect_identical(b2m:::suggest_unit(c(NA, 0, -1), "b2m", "mg/L"), NULL)
})

test_that("a B2M limit more than 20 times from the default is a unit error", {
  cnd <- tryCatch(b2m_fold_uln(2362, uln = 2.7, unit = "ug/L"),
                  error = identity)
  expect_s3_class(cnd, "b2m_error_unit")
  expect_identical(cnd$arg, "uln")
  expect_identical(cnd$rows, 1)
  expect_identical(cnd$values, 2.7)
  expect_identical(cnd$unit, "ug/L")
  expect_identical(cnd$default, 2700)
  expect_identical(cnd$suggested_unit, "mg/L")
  expect_identical(
    conditionMessage(cnd),
    paste0("`uln` cannot be in \"ug/L\", the unit of the results it goes ",
           "with: 2.7 in row 1 is more than 20 times away from 2700 ug/L, the ",
           "package's default upper limit of serum B2M in that unit (is it ",
           "in \"mg/L\"? Convert it with b2m_convert(uln, from = \"mg/L\", ",
           "to = \"ug/L\"))."))
  # boundaries: exactly 20 times either way is a limit, just beyond is not
  up <- function(x) x * (1 + 2 * .Machine$double.eps)
  down <- function(x) x * (1 - 2 * .Machine$double.eps)
  expect_equal(b2m_fold_uln(c(5.4, 5.4), uln = c(54, 0.135)), c(0.1, 40))
  expect_equal(b2m_fold_uln(5400, uln = 54000, unit = "ug/L"), 0.1)
  expect_equal(b2m_fold_uln(5400, uln = 135, unit = "ug/L"), 40)
  for (uln in list(up(54), down(0.135))) {
    expect_error(b2m_fold_uln(5.4, uln = uln), class = "b2m_error_unit")
  }
  expect_error(b2m_classify(5400, uln = up(54000), unit = "ug/L"),
               class = "b2m_error_unit")
  expect_error(b2m_classify(5400, uln = down(135), unit = "ug/L"),
               class = "b2m_error_unit")
  # rows of a per-row limit; a recycled one is row 1
  cnd <- tryCatch(b2m_classify(c(2, 3, 4, 5), uln = c(2.7, 2700, 2.7, 2.34)),
                  error = identity)
  expect_identical(cnd$rows, 2)
  expect_identical(cnd$suggested_unit, "ug/L")
  cnd <- tryCatch(b2m_classify(1:3 * 1000, uln = 2.7, unit = "ng/mL"),
                  error = identity)
  expect_identical(cnd$rows, 1)
  expect_identical(cnd$count, 1)
  # no unit puts it within 20 times of the default: no hint
  cnd <- tryCatch(b2m_classify(2, uln = 1e-6), error = identity)
  expect_s3_class(cnd, "b2m_error_unit")
  expect_null(cnd$suggested_unit)
  expect_false(grepl("is it in", conditionMessage(cnd)))
  # missing, zero and negative limits keep their own handling
  expect_identical(as.character(b2m_classify(2, uln = NA)), NA_character_)
  expect_error(b2m_classify(2, uln = 0), class = "b2m_error_value")
  expect_error(b2m_classify(2, uln = -1), class = "b2m_error_value")
  # urine and CSF against their own defaults (300 ug/L, 1.8 mg/L)
  expect_error(b2m_classify(150, "ug/L", "urine", uln = 0.3),
               class = "b2m_error_unit")
  expect_error(b2m_classify(1, specimen = "csf", uln = 1800),
               class = "b2m_error_unit")
  expect_identical(as.character(b2m_classify(1, specimen = "csf", uln = 36)),
                   "normal")
})

test_that("every B2M limit argument is checked, in annotate with its column", {
  expect_error(b2m_pattern(1.8, 150, serum_uln = 2700), class = "b2m_error_unit")
  cnd <- tryCatch(b2m_pattern(1.8, 150, urine_uln = 0.3), error = identity)
  expect_s3_class(cnd, "b2m_error_unit")
  expect_identical(cnd$arg, "urine_uln")
  expect_identical(cnd$suggested_unit, "mg/L")
  # the issue's case: B2M in ug/L, the laboratory's limit in mg/L
  data <- data.frame(b2m = c(2362, 1800), b2m_uln = c(2.7, 2.7))
  cnd <- tryCatch(suppressMessages(b2m_annotate(data, units = c(b2m = "ug/L"))),
                  error = identity)
  expect_s3_class(cnd, "b2m_error_unit")
  expect_identical(cnd$column, "b2m_uln")
  expect_identical(cnd$rows, c(1, 2))
  expect_identical(cnd$suggested_unit, "mg/L")
  expect_match(conditionMessage(cnd), "column `b2m_uln` of `data`", fixed = TRUE)
  data$b2m_uln <- 2700
  out <- suppressMessages(b2m_annotate(data, units = c(b2m = "ug/L")))
  expect_equal(out$b2m_fold_uln, c(2362, 1800) / 2700)
})

test_that("urine B2M that reads like mg/L where ug/L is expected is a warning", {
  # 2 of the 3 positive results below 15 ug/L (missing and zero are no hint)
  cnd <- tryCatch(b2m_pattern(1.8, c(150, 5, NA, 0, 2)), warning = identity)
  expect_s3_class(cnd, "b2m_warning_unit")
  expect_identical(cnd$arg, "urine_b2m")
  expect_identical(cnd$rows, c(2, 5))
  expect_identical(cnd$count, 2)
  expect_identical(cnd$values, c(5, 2))
  expect_identical(cnd$unit, "ug/L")
  expect_identical(cnd$suggested_unit, "mg/L")
  expect_identical(
    conditionMessage(cnd),
    paste0("`urine_b2m` looks like it is in \"mg/L\", not \"ug/L\": 2 of its ",
           "3 positive results (5, 2 in rows 2 and 5) are more than 20 times ",
           "below 300 ug/L, the package's default upper limit of urine B2M, ",
           "as results in \"mg/L\" read as \"ug/L\" would be. If it is in ",
           "\"mg/L\", set `urine_unit = \"mg/L\"`."))
  # the bulk of the column decides: healthy dilute urine reads below 15 ug/L
  # in some rows; more than half of the positive results must (exactly half
  # is no warning)
  expect_no_warning(b2m_pattern(1.8, c(40, 80, 12, 120, 9)))
  expect_no_warning(b2m_pattern(1.8, c(150, 5)))
  expect_warning(b2m_pattern(1.8, c(150, 5, 4)), class = "b2m_warning_unit")
  expect_no_warning(b2m_pattern(1.8, c(150, 160, 5, 4, 0, 0, NA)))
  expect_warning(b2m_pattern(1.8, c(150, 5, 4, 3)), class = "b2m_warning_unit")
  # the median positive result below, at and above 15 ug/L
  expect_warning(b2m_pattern(1.8, c(14.99, 14.99, 15)),
                 class = "b2m_warning_unit")
  expect_no_warning(b2m_pattern(1.8, c(14.99, 15, 15)))
  expect_no_warning(b2m_pattern(1.8, c(14.99, 15.01, 15.01)))
  # the result is still computed as given (a warning, not a guess)
  expect_identical(suppressWarnings(as.character(b2m_pattern(1.8, 5))),
                   "normal")
  expect_identical(as.character(b2m_pattern(1.8, 5, urine_unit = "mg/L")),
                   "tubular")
  # boundary: 15 ug/L (300 / 20) is a result; just below it is not
  expect_no_warning(b2m_pattern(1.8, c(15, 0, NA, 2e6)))
  expect_warning(b2m_pattern(1.8, 15 * (1 - 2 * .Machine$double.eps)),
                 class = "b2m_warning_unit")
  expect_warning(b2m_pattern(1.8, 14, urine_unit = "ng/mL"),
                 class = "b2m_warning_unit")
  # no unit 1000 times coarser than mg/L or nmol/L: no warning
  expect_no_warning(b2m_pattern(1.8, 0.001, urine_unit = "mg/L"))
  expect_no_warning(b2m_pattern(1.8, 0.1, urine_unit = "nmol/L"))
  # every function reading urine B2M, the limits never
  expect_warning(b2m_classify(5, "ug/L", "urine"), class = "b2m_warning_unit")
  expect_warning(b2m_urine_ratio(5, 100), class = "b2m_warning_unit")
  expect_no_warning(b2m_urine_ratio(c(5, 150), 100))
  expect_no_warning(b2m_convert(5, "ug/L"))
  expect_no_warning(b2m_classify(2, "mg/L", "serum"))
  # annotate: the issue's case, the advice said as `units`
  cnd <- tryCatch(suppressMessages(
    b2m_annotate(data.frame(b2m = 1.8, urine_b2m = 5))), warning = identity)
  expect_s3_class(cnd, "b2m_warning_unit")
  expect_identical(cnd$column, "urine_b2m")
  expect_match(conditionMessage(cnd), "set `units = c(urine_b2m = \"mg/L\")`",
               fixed = TRUE)
})

# Codings -------------------------------------------------------------------------
# (set_options() and reset_codings() are in helper-codings.R)

test_that("sex is read in the built-in spellings and the user's labels", {
  ref <- egfr_ckdepi_cr(c(1, 1), 50, c("female", "male"))
  expect_identical(egfr_ckdepi_cr(c(1, 1), 50, c(" Woman", "MAN ")), ref)
  expect_identical(egfr_ckdepi_cr(c(1, 1), 50, c("f", "M")), ref)
  expect_error(egfr_ckdepi_cr(c(1, 1), 50, c("w", "m")),
               class = "b2m_error_value")
  set_options(b2m.sex_labels = list(female = c("w", "Weiblich"),
                                             male = "mannlich"))
  expect_identical(egfr_ckdepi_cr(c(1, 1), 50, c("w", "m")), ref)
  expect_identical(egfr_ckdepi_cr(c(1, 1), 50, factor(c("WEIBLICH",
                                                        "Mannlich"))), ref)
  expect_identical(egfr_ckdepi_cys(c(1, 1), 50, c("weiblich", "male")),
                   egfr_ckdepi_cys(c(1, 1), 50, c("female", "male")))
  # the user's label wins over a built-in one
  set_options(b2m.sex_labels = list(male = "f"))
  expect_identical(egfr_ckdepi_cr(1, 50, "f"), egfr_ckdepi_cr(1, 50, "male"))
  reset_codings()
})

test_that("sex not recorded is NA with a warning naming the rows", {
  sex <- c("female", "unknown", "U", "Not  known", "", NA, "male")
  cnd <- tryCatch(egfr_ckdepi_cr(1, 50, sex), warning = identity)
  expect_s3_class(cnd, "b2m_warning_sex")
  expect_identical(cnd$rows, c(2, 3, 4))
  expect_identical(cnd$count, 3L)
  expect_identical(cnd$labels, c("unknown", "U", "Not  known"))
  expect_identical(
    conditionMessage(cnd),
    paste0("`sex` is \"unknown\", \"U\", \"Not  known\" (not recorded) in ",
           "rows 2, 3 and 4: sex is NA there, and so is every result that ",
           "needs it."))
  out <- suppressWarnings(egfr_ckdepi_cr(1, 50, sex))
  expect_identical(is.na(out), c(FALSE, TRUE, TRUE, TRUE, TRUE, TRUE, FALSE))
  expect_no_warning(egfr_ckdepi_cr(1, 50, c("", NA, "F")))
  # the issue's case: three rows "unknown" no longer stop b2m_interpret()
  data <- data.frame(b2m = c(2, 6, 3, 2), albumin = c(4, 3, 4, 4),
                     creatinine = 1, age = 60,
                     sex = c("F", "unknown", "unknown", "unknown"))
  expect_warning(suppressMessages(b2m_interpret(data)),
                 class = "b2m_warning_sex")
  out <- suppressWarnings(suppressMessages(b2m_interpret(data)))
  expect_identical(as.character(out$iss), c("I", "III", "I", "I"))
  expect_identical(is.na(out$egfr_cr), c(FALSE, TRUE, TRUE, TRUE))
  expect_false(anyNA(out$b2m_mechanism))
})

test_that("annotate and interpret take codings for the call only", {
  data <- data.frame(b2m = c(2, 6), albumin = c(4, 3), creatinine = 1,
                     age = 60, sex = c("w", "m"), ldh = 200, ldh_uln = 250,
                     del17p = c("neg", "pos"), t4_14 = "neg", t14_16 = "neg")
  expect_error(suppressMessages(b2m_annotate(data)), class = "b2m_error_type")
  out <- suppressMessages(b2m_annotate(
    data, sex_labels = list(female = "w"),
    flag_labels = list(true = "pos", false = "neg")))
  expect_equal(out$egfr_cr, egfr_ckdepi_cr(1, 60, c("F", "M")))
  # every system staged as from the flags written as logicals (the stages
  # themselves are checked in the systems' tests)
  coded <- transform(data, sex = c("F", "M"), del17p = del17p == "pos",
                     t4_14 = FALSE, t14_16 = FALSE)
  want <- suppressMessages(b2m_annotate(coded))
  staged <- intersect(table_systems(), names(out))
  expect_gt(length(staged), 1)
  for (key in staged) expect_identical(out[[key]], want[[key]], label = key)
  expect_null(getOption("b2m.sex_labels"))
  expect_null(getOption("b2m.flag_labels"))
  out2 <- suppressMessages(b2m_interpret(
    data, sex_labels = list(female = "w"),
    flag_labels = list(true = "pos", false = "neg")))
  for (key in staged) expect_identical(out2[[key]], out[[key]], label = key)
  expect_null(getOption("b2m.flag_labels"))
  # on error too, the options are restored
  expect_error(suppressMessages(b2m_annotate(
    data.frame(b2m = -1), sex_labels = list(female = "w"))),
    class = "b2m_error_value")
  expect_null(getOption("b2m.sex_labels"))
})

test_that("codings that are not lists of labels are refused", {
  for (bad in list(c(female = "w"), list(other = "x"), list(female = NA),
                   list("w"), list(), list(female = "w", female = "v"),
                   list(female = factor("w")))) {
    expect_error(b2m_annotate(data.frame(b2m = 1), sex_labels = bad),
                 class = "b2m_error_type")
    set_options(b2m.sex_labels = bad)
    cnd <- tryCatch(egfr_ckdepi_cr(1, 50, "F"), error = identity)
    expect_s3_class(cnd, "b2m_error_type")
    expect_identical(cnd$arg, "b2m.sex_labels")
    reset_codings()
  }
  cnd <- tryCatch(b2m_annotate(data.frame(b2m = 1), flag_labels = list(
    true = c("Pos", "1"), false = c("pos "))), error = identity)
  expect_s3_class(cnd, "b2m_error_value")
  expect_identical(cnd$labels, "pos")
})


# Objects users hold ----------------------------------------------------------------

test_that("a units vector is converted to the function's unit", {
  skip_if_not_installed("units")
  ug <- units::set_units(c(2500, 6200, NA), "ug/L")
  expect_identical(stage_iss(ug, 4), stage_iss(c(2.5, 6.2, NA), 4))
  # disagreeing with the unit argument: the vector's unit says what it is
  expect_identical(stage_iss(ug, 4, b2m_unit = "mg/L"),
                   stage_iss(c(2500, 6200, NA), 4, b2m_unit = "ug/L"))
  expect_equal(b2m_convert(ug, "mg/dL", "mg/L"), c(2.5, 6.2, NA))
  # molar B2M through the package's molecular weight, mmol/L through units
  expect_equal(b2m_convert(units::set_units(525, "nmol/L"), "mg/L"),
               525 * 11800 / 1e6)
  expect_identical(as.character(stage_iss(units::set_units(525, "nmol/L"), 4)),
                   "III")
  expect_equal(b2m_convert(units::set_units(5.25e-4, "mmol/L"), "mg/L"),
               b2m_convert(525, "nmol/L"))
  expect_equal(b2m_convert(units::set_units(2.5, "g/m3"), "mg/L"), 2.5)
  # albumin and creatinine
  expect_identical(stage_iss(2, units::set_units(40, "g/L")), stage_iss(2, 4))
  expect_equal(egfr_ckdepi_cr(units::set_units(88.4, "umol/L"), 50, "F"),
               egfr_ckdepi_cr(1, 50, "F"))
  expect_equal(b2m_fold_uln(ug[1:2], uln = units::set_units(2.7, "mg/L"),
                            unit = "ug/L"), c(2500, 6200) / 2700)
  # an impossible value is still reported, in the function's unit
  cnd <- tryCatch(stage_iss(units::set_units(2.4, "g/L"), 4), error = identity)
  expect_s3_class(cnd, "b2m_error_value")
  expect_equal(cnd$values, 2400)
  # in data frames
  d <- data.frame(albumin = c(4, 3))
  d$b2m <- ug[1:2]
  out <- suppressMessages(b2m_annotate(d))
  expect_identical(as.character(out$iss), c("I", "III"))
})

test_that("a units vector in an incompatible unit is a unit error", {
  skip_if_not_installed("units")
  for (x in list(units::set_units(1, "s"), units::set_units(1, "mL"))) {
    cnd <- tryCatch(stage_iss(x, 4), error = identity)
    expect_s3_class(cnd, "b2m_error_unit")
    expect_identical(cnd$arg, "b2m")
    expect_match(conditionMessage(cnd), "cannot be converted to \"mg/L\"",
                 fixed = TRUE)
  }
  expect_error(stage_iss(2, units::set_units(0.6, "mmol/L")),
               class = "b2m_error_unit")
  expect_error(egfr_ckdepi_cr(1, units::set_units(50, "kg"), "F"),
               class = "b2m_error_unit")
})

test_that("haven-labelled numbers are read as their numbers", {
  labelled <- function(x, ...) {
    structure(x, ..., class = c("haven_labelled", "vctrs_vctr", class(x)))
  }
  h <- labelled(c(2.5, 6.2, NA), label = "Serum B2M (mg/L)")
  expect_identical(stage_iss(h, 4), stage_iss(c(2.5, 6.2, NA), 4))
  expect_identical(stage_iss(labelled(c(2L, 6L)), 4), stage_iss(c(2, 6), 4))
  expect_equal(egfr_ckdepi_cr(labelled(1), labelled(50), "F"),
               egfr_ckdepi_cr(1, 50, "F"))
  # SPSS user-missing values are missing
  spss <- structure(c(2.5, 99, 6.2, -8), labels = c(`not measured` = 99),
                    na_values = 99, na_range = c(-9, -1),
                    class = c("haven_labelled_spss", "haven_labelled",
                              "vctrs_vctr", "double"))
  expect_identical(stage_iss(spss, 4), stage_iss(c(2.5, NA, 6.2, NA), 4))
  # a labelled code is not a result
  cnd <- tryCatch(stage_iss(labelled(c(2.5, 99, 99), labels = c(
    `not measured` = 99)), 4), error = identity)
  expect_s3_class(cnd, "b2m_error_value")
  expect_identical(cnd$rows, c(2, 3))
  expect_identical(cnd$labels, c("not measured", "not measured"))
  # a labelled character vector is still a type error
  expect_error(stage_iss(structure("2", class = c("haven_labelled",
                                                  "vctrs_vctr", "character")),
                         4), class = "b2m_error_type")
})

test_that("the glue reads a measurement by name and refuses lengths R let through", {
  measured <- function(value, max = 200) {
    list(value = value, num = 1, den = 1, min_in_unit = 0, max_in_unit = max)
  }
  # lengths are checked in R (check_sizes()); C only refuses them
  expect_error(.Call(C_r_b2m_excess, measured(c(1, 2)), measured(c(60, 70, 80), 500)),
               "differ in length")
  expect_identical(.Call(C_r_gfr_category, measured(c(95, 59.99), 500)), c(1L, 3L))
  # a field read by name: one missing or of another type is refused
  no_max <- measured(2)
  no_max$max_in_unit <- NULL
  expect_error(.Call(C_r_egfr_b2m, no_max), "bad `max_in_unit`")
  expect_error(.Call(C_r_egfr_b2m, measured("2")), "bad `value`")
  expect_error(.Call(C_r_egfr_b2m, c(2, 1, 1, 200)), "bad `value`")
})
