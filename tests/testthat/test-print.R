# Printing of b2m_trend results and their summaries, and the class through
# `[` and dplyr verbs (the header must never be wrong).

small <- data.frame(id = "A", day = c(90, 0, 30, 60), b2m = c(3.1, NA, 4.0, 2.2))
followup <- b2m_example("followup")

header <- function(x) capture.output(print(x))[1]

test_that("print shows a header and the rows", {
  tr <- b2m_trend(small, time = "day", time_unit = "years")
  expect_snapshot(print(tr))
  expect_snapshot(print(summary(tr)))
  expect_invisible(print(tr))
  expect_identical(withVisible(print(tr))$value, tr)
})

test_that("a long trend prints its first 10 rows and how many more", {
  # wide enough for every column on one line
  op <- options(width = 300)
  on.exit(options(op), add = TRUE)
  tr <- b2m_trend(followup, time = "date")
  out <- capture.output(print(tr))
  # header, column names, 10 rows, the count of the rest
  expect_length(out, 13)
  expect_identical(out[1], "<b2m_trend> 715 rows, 100 patients, B2M in mg/L")
  expect_identical(out[13], "# ... and 705 more rows")
  expect_length(capture.output(print(tr, n = 3)), 6)
  out <- capture.output(print(tr, n = 714))
  expect_identical(out[length(out)], "# ... and 1 more row")
  expect_length(capture.output(print(tr, n = 1000)), 717)
  s <- summary(tr)
  out <- capture.output(print(s))
  expect_match(out[1], "^B2M trends of 100 patients \\(mg/L\\); log slope per year")
  expect_identical(out[length(out)], "# ... and 90 more rows")
})

test_that("up to 20 rows print whole, 21 print 10", {
  tr <- b2m_trend(followup, time = "date")
  expect_false(any(grepl("more rows", capture.output(print(tr[1:20, ])))))
  out <- capture.output(print(tr[1:21, ]))
  expect_identical(out[length(out)], "# ... and 11 more rows")
})

test_that("rows of a trend are a trend whose header is counted from them", {
  tr <- b2m_trend(followup, time = "date")
  one <- tr[tr$id == "P003", ]
  expect_s3_class(one, "b2m_trend")
  expect_identical(attr(one, "unit"), "mg/L")
  expect_identical(header(one), "<b2m_trend> 7 rows, 1 patient, B2M in mg/L")
  expect_identical(header(head(tr, 3)),
                   "<b2m_trend> 3 rows, 1 patient, B2M in mg/L")
})

test_that("a column subset is a plain data frame without the header", {
  tr <- b2m_trend(small, time = "day", time_unit = "years")
  sub <- tr[, 1:4]
  expect_identical(class(sub), "data.frame")
  expect_null(attr(sub, "unit"))
  expect_null(attr(sub, "columns"))
  expect_output(print(sub), "baseline")
  expect_false(grepl("b2m_trend", header(sub)))
  # a single column drops to a vector as for any data frame
  expect_identical(tr[, "b2m"], small$b2m)
  s <- summary(tr)
  expect_identical(class(s[, 1:3]), "data.frame")
  expect_false(grepl("trends", header(s[, 1:3])))
})

test_that("an attribute that describes rows does not survive a subset", {
  tr <- b2m_trend(small, time = "day", time_unit = "years")
  attr(tr, "row_order") <- 4:1
  rows <- tr[2:3, ]
  expect_null(attr(rows, "row_order"))
  expect_identical(sort(names(attributes(rows))),
                   c("class", "columns", "names", "row.names", "time_unit",
                     "unit"))
})

test_that("an object that lost its attributes still prints", {
  tr <- b2m_trend(small, time = "day", time_unit = "years")
  bare <- structure(tr, columns = NULL, unit = NULL)
  expect_false(grepl("b2m_trend", header(bare)))
  expect_output(print(bare), "pct_from_nadir")
  s <- structure(summary(tr), falling = NULL)
  expect_false(grepl("trends", header(s)))
})

test_that("dplyr verbs keep the class while the columns are all there", {
  skip_if_not_installed("dplyr")
  tr <- b2m_trend(followup, time = "date")
  attr(tr, "row_order") <- seq_len(nrow(tr))
  kept <- dplyr::filter(tr, id %in% c("P003", "P010"))
  expect_s3_class(kept, "b2m_trend")
  expect_null(attr(kept, "row_order"))
  expect_identical(header(kept), "<b2m_trend> 13 rows, 2 patients, B2M in mg/L")
  expect_s3_class(dplyr::arrange(tr, b2m), "b2m_trend")
  expect_s3_class(dplyr::mutate(tr, log_b2m = log(b2m)), "b2m_trend")
  expect_identical(attr(dplyr::mutate(tr, x = 1), "columns"),
                   attr(tr, "columns"))
  # a count is not a trend: no header, whatever the rows
  counted <- dplyr::count(tr, id)
  expect_identical(class(counted), "data.frame")
  expect_null(attr(counted, "unit"))
  expect_identical(nrow(counted), 100L)
  expect_identical(class(dplyr::select(tr, id, b2m)), "data.frame")
  # a renamed id column: no header, and summary() says what is missing
  renamed <- dplyr::rename(tr, patient = id)
  expect_false(grepl("b2m_trend", header(renamed)))
  expect_error(summary(renamed), class = "b2m_error_column")
})

test_that("dplyr verbs on a summary: a count is no longer a summary", {
  skip_if_not_installed("dplyr")
  s <- summary(b2m_trend(followup, time = "date"))
  counted <- dplyr::count(s, trend)
  expect_identical(class(counted), "data.frame")
  expect_false(grepl("B2M trends", header(counted)))
  rising <- dplyr::filter(s, trend == "rising")
  expect_s3_class(rising, "summary.b2m_trend")
  expect_match(header(rising), sprintf("^B2M trends of %d patients",
                                       sum(s$trend == "rising", na.rm = TRUE)))
})

test_that("a tibble's trend prints as a tibble under the header", {
  skip_if_not_installed("tibble")
  tr <- b2m_trend(tibble::as_tibble(followup), time = "date")
  out <- capture.output(print(tr))
  expect_identical(out[1], "<b2m_trend> 715 rows, 100 patients, B2M in mg/L")
  expect_match(out[2], "^# A tibble: 715 (x|\u00d7) 13")
  expect_true(any(grepl("705 more rows", out)))
  # header, tibble line, names and types, then 3 rows
  three <- capture.output(print(tr, n = 3))
  expect_match(three[5:7], "^[1-3] ")
  expect_match(three[8], "712 more rows")
  rows <- tr[1:2, ]
  expect_s3_class(rows, c("b2m_trend", "tbl_df"))
  expect_identical(header(rows), "<b2m_trend> 2 rows, 1 patient, B2M in mg/L")
  expect_identical(class(tr[, 1:3]), c("tbl_df", "tbl", "data.frame"))
})

test_that("a data.table's trend prints as a data.table under the header", {
  skip_if_not_installed("data.table")
  tr <- b2m_trend(data.table::as.data.table(followup), time = "date")
  out <- capture.output(print(tr))
  expect_identical(out[1], "<b2m_trend> 715 rows, 100 patients, B2M in mg/L")
  # data.table's own layout: the first and last 5 rows around "---"
  expect_match(out[2], "^ +id +date")
  expect_true(any(grepl("^ *---", out)))
  expect_match(out[length(out)], "^715: ")
  # `:=` (run where data.table is attached, as a user would) adds a column
  # in place and prints nothing; the trend is intact
  user <- new.env(parent = globalenv())
  user$tr <- tr
  out <- capture.output(eval(quote(tr[, doubled := 2 * b2m]), user))
  expect_length(out, 0)
  expect_identical(tr$doubled, 2 * followup$b2m)
  expect_s3_class(tr, "b2m_trend")
  expect_identical(header(tr), "<b2m_trend> 715 rows, 100 patients, B2M in mg/L")
})
