# Slow, obviously correct definitions of b2m_trend() and its summary, one
# patient at a time, to compare with the C pass.
slow_trend <- function(id, time, value) {
  n <- length(value)
  out <- data.frame(baseline = rep(NA_real_, n), change = NA_real_,
                    pct_change = NA_real_, nadir = NA_real_,
                    pct_from_nadir = NA_real_, previous = NA_real_,
                    pct_from_previous = NA_real_, significant_change = NA,
                    significant_from_previous = NA,
                    significant_from_nadir = NA)
  for (p in unique(id)) {
    rows <- which(id == p)
    rows <- rows[order(as.numeric(time[rows]))]
    v <- value[rows]
    baseline <- v[!is.na(v)][1]
    nadir <- NA_real_
    previous <- NA_real_
    for (k in seq_along(rows)) {
      if (!is.na(v[k]) && (is.na(nadir) || v[k] < nadir)) nadir <- v[k]
      out$previous[rows[k]] <- previous
      out$pct_from_previous[rows[k]] <- 100 * (v[k] - previous) / previous
      if (!is.na(v[k])) previous <- v[k]
      out$baseline[rows[k]] <- baseline
      out$change[rows[k]] <- v[k] - baseline
      out$pct_change[rows[k]] <- 100 * (v[k] - baseline) / baseline
      out$nadir[rows[k]] <- nadir
      out$pct_from_nadir[rows[k]] <- 100 * (v[k] - nadir) / nadir
    }
  }
  out
}

slow_summary <- function(id, time, value, per = 1) {
  ids <- unique(id)
  rows <- lapply(ids, function(p) {
    keep <- which(id == p & !is.na(value))
    keep <- keep[order(as.numeric(time[keep]))]
    t <- as.numeric(time[keep])
    v <- value[keep]
    y <- log(v)
    n <- length(v)
    slope <- if (n < 2) NA_real_ else
      sum((t - mean(t)) * (y - mean(y))) / sum((t - mean(t))^2) * per
    data.frame(n = n, first_time = if (n) t[1] else NA_real_,
               last_time = if (n) t[n] else NA_real_,
               baseline = if (n) v[1] else NA_real_,
               last_value = if (n) v[n] else NA_real_,
               nadir = if (n) min(v) else NA_real_,
               pct_change = if (n) 100 * (v[n] - v[1]) / v[1] else NA_real_,
               pct_from_nadir = if (n) 100 * (v[n] - min(v)) / min(v) else
                 NA_real_,
               slope = slope)
  })
  do.call(rbind, rows)
}

# Random long data: `patients` patients with 1 to 8 visits at distinct days,
# some values missing, rows shuffled.
random_followup <- function(patients, seed) {
  set.seed(seed)
  visits <- sample(1:8, patients, replace = TRUE)
  id <- rep(sprintf("P%04d", seq_len(patients)), visits)
  day <- unlist(lapply(visits, function(k) sort(sample(0:1000, k))))
  b2m <- round(exp(rnorm(length(id), log(3), 0.6)), 2)
  b2m[sample(length(b2m), length(b2m) %/% 8)] <- NA
  shuffle <- sample(length(id))
  data.frame(id = id[shuffle], day = day[shuffle], b2m = b2m[shuffle],
             stringsAsFactors = FALSE)
}

by_patient <- function(x, g, f) unsplit(lapply(split(x, g), f), g)

results <- function(tr) as.data.frame(unclass(tr)[-(1:3)])

small <- data.frame(id = "A", day = c(90, 0, 30, 60), b2m = c(3.1, NA, 4.0, 2.2))

test_that("the worked example: baseline, change, nadir, rise from nadir", {
  tr <- b2m_trend(small, time = "day", time_unit = "years")
  expect_s3_class(tr, c("b2m_trend", "data.frame"), exact = TRUE)
  expect_identical(names(tr), c("id", "day", "b2m", "baseline", "change",
                                "pct_change", "nadir", "pct_from_nadir",
                                "previous", "pct_from_previous",
                                "significant_change",
                                "significant_from_previous",
                                "significant_from_nadir"))
  expect_identical(tr$id, small$id)
  expect_identical(tr$day, small$day)
  expect_identical(tr$b2m, small$b2m)
  # day 0 missing; baseline is day 30's 4.0 on every row
  expect_identical(tr$baseline, rep(4, 4))
  expect_equal(tr$change, c(-0.9, NA, 0, -1.8))
  expect_equal(tr$pct_change, c(-22.5, NA, 0, -45))
  # no nadir before the first value; then 4.0, 2.2, and 2.2 kept at day 90
  expect_identical(tr$nadir, c(2.2, NA, 4, 2.2))
  expect_equal(tr$pct_from_nadir, c(100 * (3.1 - 2.2) / 2.2, NA, 0, 0))
  # in time order 4.0, 2.2, 3.1: the previous value skips the missing one
  expect_identical(tr$previous, c(2.2, NA, NA, 4))
  expect_equal(tr$pct_from_previous, c(100 * (3.1 - 2.2) / 2.2, NA, NA, -45))
  # no CVA and CVI: no significance
  expect_identical(tr$significant_change, rep(NA, 4))
  expect_identical(tr$significant_from_previous, rep(NA, 4))
  expect_identical(tr$significant_from_nadir, rep(NA, 4))
  expect_identical(attr(tr, "unit"), "mg/L")
  expect_identical(row.names(tr), as.character(1:4))
})

test_that("a missing value keeps the nadir so far, a patient with none has NA", {
  d <- data.frame(id = c(1, 1, 1, 1, 2, 2), t = c(1, 2, 3, 4, 1, 2),
                  b2m = c(NA, 5, NA, 6, NA, NA))
  tr <- b2m_trend(d, time = "t", time_unit = "years")
  expect_identical(tr$baseline, c(5, 5, 5, 5, NA, NA))
  expect_identical(tr$nadir, c(NA, 5, 5, 5, NA, NA))
  expect_identical(tr$pct_from_nadir, c(NA, 0, NA, 20, NA, NA))
  expect_identical(tr$change, c(NA, 0, NA, 1, NA, NA))
  s <- summary(tr)
  expect_identical(s$n, c(2L, 0L))
  expect_identical(s$baseline, c(5, NA))
  expect_identical(s$first_time, c(2, NA))
  expect_identical(s$last_time, c(4, NA))
  # 5 to 6 over 2 time units: log(1.2) / 2 = 0.09, inside the stable band
  expect_equal(s$slope, c(log(1.2) / 2, NA))
  expect_identical(as.character(s$trend), c("stable", NA))
})

test_that("unsorted and interleaved rows give the sorted result in input order", {
  d <- random_followup(30, seed = 1)
  tr <- b2m_trend(d, time = "day", time_unit = "years")
  sorted <- order(d$id, d$day)
  tr_sorted <- b2m_trend(d[sorted, ], time = "day", time_unit = "years")
  expect_identical(lapply(results(tr), `[`, sorted), as.list(results(tr_sorted)))
  expect_identical(tr$id, d$id)
  expect_identical(tr$day, d$day)
})

test_that("the C pass matches the slow definition on random data", {
  for (seed in 1:5) {
    d <- random_followup(60, seed)
    tr <- b2m_trend(d, time = "day", time_unit = "years")
    expect_equal(results(tr), slow_trend(d$id, d$day, d$b2m), tolerance = 1e-12)
    s <- summary(tr)
    slow <- slow_summary(d$id, d$day, d$b2m)
    expect_identical(s$id, unique(d$id))
    for (column in names(slow)) {
      expect_equal(as.numeric(s[[column]]), slow[[column]], tolerance = 1e-10,
                   info = paste(seed, column))
    }
  }
})

test_that("patients spanning the C chunks are computed whole", {
  # More rows than one chunk (65,536), patients with many rows, no missing
  # values: the reference is vectorised.
  set.seed(7)
  n <- 150000
  id <- rep(seq_len(n / 50), each = 50)
  day <- rep(seq_len(50), n / 50)
  b2m <- round(exp(rnorm(n)), 3) + 0.01
  shuffle <- sample(n)
  d <- data.frame(id = id[shuffle], day = day[shuffle], b2m = b2m[shuffle])
  tr <- b2m_trend(d, time = "day", time_unit = "years")
  o <- order(d$id, d$day)
  expect_identical(tr$nadir[o], by_patient(d$b2m[o], d$id[o], cummin))
  expect_identical(tr$baseline[o], by_patient(d$b2m[o], d$id[o],
                                              function(v) rep(v[1], length(v))))
  s <- summary(tr)
  expect_identical(nrow(s), as.integer(n / 50))
  expect_identical(s$nadir, as.vector(tapply(d$b2m, d$id, min))[s$id])
  d$day[d$id == 3000][2] <- d$day[d$id == 3000][1]
  expect_error(b2m_trend(d, time = "day"), class = "b2m_error_value")
})

# Patient B: 2 to 3 over 200 days, a log slope of log(1.5) / 200 per day.
time_classes <- function() {
  dates <- as.Date("2023-01-01") + c(0, 91, 182, 365, 0, 200)
  d <- data.frame(id = rep(c("A", "B"), c(4, 2)), date = dates,
                  b2m = c(4, 3, 2.5, 2, 2, 3))
  days <- as.numeric(dates - as.Date("2023-01-01"))
  list(d = d, days = days)
}

with_time <- function(d, time) {
  d$date <- time
  d
}

test_that("each time class gives the same rows and a per-year slope", {
  tc <- time_classes()
  d <- tc$d
  per_day <- log(1.5) / 200
  ref <- results(b2m_trend(d, time = "date"))
  posix <- with_time(d, as.POSIXct(format(d$date), tz = "UTC"))
  lt <- with_time(d, as.POSIXlt(format(d$date), tz = "UTC"))
  # time, time_unit and the slope per year they must give for patient B
  cases <- list(
    list(d, NULL), list(posix, NULL), list(lt, NULL),
    list(with_time(d, tc$days), "days"),
    list(with_time(d, as.integer(tc$days)), "days"),
    list(with_time(d, tc$days / 7), "weeks"),
    list(with_time(d, tc$days / (365.25 / 12)), "months"),
    list(with_time(d, tc$days / 365.25), "years"),
    list(with_time(d, as.difftime(tc$days, units = "days")), NULL),
    list(with_time(d, as.difftime(tc$days / 7, units = "weeks")), NULL),
    list(with_time(d, as.difftime(tc$days * 24, units = "hours")), NULL),
    list(with_time(d, as.difftime(tc$days * 1440, units = "mins")), NULL),
    list(with_time(d, as.difftime(tc$days * 86400, units = "secs")), NULL)
  )
  for (k in seq_along(cases)) {
    data <- cases[[k]][[1]]
    tr <- b2m_trend(data, time = "date", time_unit = cases[[k]][[2]])
    expect_equal(results(tr), ref, info = k)
    s <- summary(tr)
    expect_equal(s$slope[2], per_day * 365.25, info = k)
    expect_identical(attr(s, "slope_per"), "year")
  }
  # a month is 365.25 / 12 days, a year 365.25 days: exactly
  expect_identical(b2m:::per_year("months"), 12)
  expect_identical(b2m:::per_year("days"), 365.25)
  expect_identical(b2m:::per_year("years"), 1)
})

test_that("a numeric time without time_unit warns and keeps its own unit", {
  tc <- time_classes()
  days <- with_time(tc$d, tc$days)
  cnd <- tryCatch(b2m_trend(days, time = "date"), warning = identity)
  expect_s3_class(cnd, c("b2m_warning_time_unit", "b2m_warning"))
  expect_identical(cnd$column, "date")
  expect_warning(tr <- b2m_trend(days, time = "date"),
                 class = "b2m_warning_time_unit")
  expect_null(attr(tr, "time_unit"))
  s <- summary(tr)
  expect_equal(s$slope[2], log(1.5) / 200)
  expect_identical(attr(s, "slope_per"), "time unit")
  expect_snapshot(invisible(b2m_trend(days, time = "date")))
  # a time whose class carries its unit takes no time_unit
  for (time in list(tc$d$date, as.difftime(tc$days, units = "days"))) {
    expect_error(b2m_trend(with_time(tc$d, time), time = "date",
                           time_unit = "days"), class = "b2m_error_value")
  }
  for (bad in list("day", "", NA_character_, 1, c("days", "weeks"))) {
    expect_error(b2m_trend(days, time = "date", time_unit = bad),
                 class = "b2m_error")
  }
  expect_error(b2m_trend(days, time = "date", time_unit = "day"),
               class = "b2m_error_value")
  expect_error(b2m_trend(days, time = "date", time_unit = 1),
               class = "b2m_error_type")
})

test_that("summaries keep each time column's class", {
  tc <- time_classes()
  d <- tc$d
  s_date <- summary(b2m_trend(d, time = "date"))
  expect_identical(s_date$first_time, as.Date(c("2023-01-01", "2023-01-01")))
  expect_identical(s_date$last_time, as.Date(c("2024-01-01", "2023-07-20")))
  posix <- with_time(d, as.POSIXct(format(d$date), tz = "UTC"))
  s_posix <- summary(b2m_trend(posix, time = "date"))
  expect_s3_class(s_posix$last_time, "POSIXct")
  expect_identical(attr(s_posix$last_time, "tzone"), "UTC")
  # a POSIXlt becomes the POSIXct of the same instants
  lt <- with_time(d, as.POSIXlt(format(d$date), tz = "UTC"))
  tr_lt <- b2m_trend(lt, time = "date")
  expect_identical(tr_lt$date, as.POSIXct(lt$date))
  expect_identical(summary(tr_lt), s_posix)
  s_int <- summary(b2m_trend(with_time(d, as.integer(tc$days)), time = "date",
                             time_unit = "days"))
  expect_identical(s_int$last_time, c(365L, 200L))
  weeks <- as.difftime(tc$days / 7, units = "weeks")
  s_weeks <- summary(b2m_trend(with_time(d, weeks), time = "date"))
  expect_identical(s_weeks$last_time, as.difftime(c(365, 200) / 7,
                                                  units = "weeks"))
})

test_that("character, factor, numeric and integer ids group alike", {
  d <- random_followup(20, seed = 3)
  ref <- results(b2m_trend(d, time = "day", time_unit = "years"))
  code <- match(d$id, unique(d$id))
  for (id in list(factor(d$id), code, as.double(code) + 0.5,
                  as.Date("2020-01-01") + code)) {
    d2 <- d
    d2$id <- id
    expect_identical(results(b2m_trend(d2, time = "day", time_unit = "years")), ref)
  }
})

test_that("a factor id keeps its level order and drops unused levels", {
  d <- data.frame(id = factor(c("b", "a", "b"), levels = c("c", "b", "a")),
                  t = c(1, 1, 2), b2m = c(2, 3, 4))
  s <- summary(b2m_trend(d, time = "t", time_unit = "years"))
  expect_identical(as.character(s$id), c("b", "a"))
  expect_identical(levels(s$id), c("c", "b", "a"))
  expect_identical(s$n, c(2L, 1L))
  # other ids: first appearance, not sorted
  d$id <- c("z", "y", "z")
  expect_identical(summary(b2m_trend(d, time = "t", time_unit = "years"))$id, c("z", "y"))
})

test_that("patient keys are order(match(id, unique(id)), time) for every id", {
  keys <- function(id, time) {
    b2m:::trend_keys(id, time, list(id = "id", time = "time"), NULL)
  }
  set.seed(17)
  n <- 300
  time <- sample(c(0, -0, 1:40, 0.5), n, replace = TRUE)
  latin1 <- iconv("\u00e9", "UTF-8", "latin1")
  ids <- list(
    sprintf("P%02d", sample(60, n, TRUE)), sample(-3:80, n, TRUE),
    sample(c(0, -0, 2.5, 1e300, -1e-300), n, TRUE), sample(c(TRUE, FALSE), n, TRUE),
    # one text in two encodings is one patient, as match() has it
    sample(c("\u00e9", latin1, "e"), n, TRUE),
    as.Date("2020-01-01") + sample(5, n, TRUE) + 0.5,
    factor(sample(letters[1:5], n, TRUE), levels = letters[6:1])
  )
  for (id in ids) {
    group <- if (is.factor(id)) as.integer(id) else match(id, unique(id))
    k <- keys(id, time)
    expect_identical(k$order, order(group, time))
    expect_identical(as.vector(unclass(k$group)), group)
    expect_identical(k$time, time[k$order])
    n_groups <- if (is.factor(id)) nlevels(id) else length(unique(id))
    expect_identical(k$ends, cumsum(tabulate(group, n_groups)))
  }
  # a patient with many rows (sorted by merging, ties in row order)
  many_time <- c(sample(100, 500, TRUE), 3, 1, 2)
  many <- keys(rep(c("a", "b"), c(500, 3)), many_time)
  expect_identical(many$order, order(rep(1:2, c(500, 3)), many_time))
  # the times in that order, and each patient's end
  expect_identical(many$time, as.double(many_time[many$order]))
  expect_identical(many$ends, c(500L, 503L))
})

test_that("summary reuses the stored keys only while id and time are unchanged", {
  d <- random_followup(30, seed = 8)
  tr <- b2m_trend(d, time = "day", time_unit = "years")
  fresh <- function(x) {
    summary(b2m_trend(as.data.frame(unclass(x)[c("id", "day", "b2m")]),
                      time = "day", time_unit = "years"))
  }
  expect_identical(summary(tr), fresh(tr))
  # each change would give a wrong summary with stale keys
  swapped <- tr
  swapped$id <- rev(swapped$id)
  retimed <- tr
  retimed$day <- -retimed$day
  reordered <- tr[rev(seq_len(nrow(tr))), ]
  halved <- tr[seq_len(nrow(tr)) %% 2 == 0, ]
  for (x in list(swapped, retimed, reordered, halved)) {
    expect_identical(summary(x), fresh(x))
  }
  # equal columns rebuilt into new vectors: the keys still hold
  rebuilt <- tr
  rebuilt$id <- paste0(tr$id, "")
  expect_identical(summary(rebuilt), summary(tr))
})

test_that("a factor with codes outside its levels is an error", {
  d <- data.frame(t = c(1, 2), b2m = c(2, 3))
  d$id <- structure(c(1L, 3L), levels = c("a", "b"), class = "factor")
  expect_error(b2m_trend(d, time = "t"), class = "b2m_error_type")
})

test_that("trend classes switch exactly at their thresholds", {
  d <- data.frame(id = c("A", "A", "B", "B", "C"), t = c(0, 1, 0, 1, 0),
                  b2m = c(2, 3, 3, 2, 2))
  tr <- b2m_trend(d, time = "t", time_unit = "years")
  s <- summary(tr)
  up <- s$slope[1]
  expect_equal(up, log(1.5))
  expect_equal(s$slope[2], -log(1.5))
  expect_identical(s$slope[3], NA_real_)
  expect_s3_class(s$trend, c("ordered", "factor"), exact = TRUE)
  expect_identical(levels(s$trend), c("falling", "stable", "rising"))
  expect_identical(as.character(s$trend), c("rising", "falling", NA))
  cls <- function(...) as.character(summary(tr, ...)$trend)
  # rising when slope > rising: at the threshold stable
  expect_identical(cls(rising = up)[1], "stable")
  expect_identical(cls(rising = up * (1 - 1e-12))[1], "rising")
  expect_identical(cls(rising = up * (1 + 1e-12))[1], "stable")
  # falling when slope < falling: at the threshold stable
  down <- s$slope[2]
  expect_identical(cls(falling = down)[2], "stable")
  expect_identical(cls(falling = down * (1 - 1e-12))[2], "falling")
  expect_identical(cls(falling = down * (1 + 1e-12))[2], "stable")
  expect_identical(cls(falling = -1, rising = 1), c("stable", "stable", NA))
  expect_identical(cls(falling = 0, rising = 0), c("rising", "falling", NA))
  expect_identical(attr(summary(tr, rising = 0.5), "rising"), 0.5)
})

test_that("the example follow-up data summarise to one row per patient", {
  fu <- b2m_example("followup")
  tr <- b2m_trend(fu, time = "date")
  expect_identical(nrow(tr), nrow(fu))
  s <- summary(tr)
  expect_identical(nrow(s), length(unique(fu$id)))
  expect_identical(sum(s$n), sum(!is.na(fu$b2m)))
  expect_true(all(s$nadir <= s$baseline & s$nadir <= s$last_value))
  expect_true(all(s$pct_from_nadir >= 0))
})

test_that("units: the unit is kept, spellings fold, limits follow the unit", {
  d <- transform(small, b2m = b2m * 1000)
  tr <- b2m_trend(d, time = "day", unit = "NG/ML", time_unit = "days")
  expect_identical(attr(tr, "unit"), "ng/mL")
  expect_identical(attr(summary(tr), "unit"), "ng/mL")
  expect_equal(tr$pct_change, b2m_trend(small, time = "day", time_unit = "years")$pct_change)
  expect_error(b2m_trend(d, time = "day"), class = "b2m_error_value")
  expect_error(b2m_trend(small, time = "day", unit = "g/L"),
               class = "b2m_error_unit")
  expect_snapshot(b2m_trend(d, time = "day"), error = TRUE)
})

test_that("data.table and tibble inputs give a b2m_trend of their class", {
  skip_if_not_installed("tibble")
  skip_if_not_installed("data.table")
  ref <- b2m_trend(small, time = "day", time_unit = "years")
  tb <- b2m_trend(tibble::as_tibble(small), time = "day", time_unit = "years")
  expect_identical(class(tb), c("b2m_trend", "tbl_df", "tbl", "data.frame"))
  dt <- b2m_trend(data.table::as.data.table(small), time = "day", time_unit = "years")
  expect_identical(class(dt), c("b2m_trend", "data.table", "data.frame"))
  for (tr in list(tb, dt)) {
    expect_identical(as.list(tr), as.list(ref))
    expect_identical(attr(tr, "unit"), attr(ref, "unit"))
    expect_identical(attr(tr, "columns"), attr(ref, "columns"))
  }
})

test_that("zero rows give zero rows", {
  tr <- b2m_trend(small[0, ], time = "day", time_unit = "years")
  expect_s3_class(tr, "b2m_trend")
  expect_identical(nrow(tr), 0L)
  expect_identical(tr$nadir, double(0))
  s <- summary(tr)
  expect_identical(nrow(s), 0L)
  expect_identical(s$n, integer(0))
  expect_s3_class(s$trend, "ordered")
  d <- data.frame(id = character(0), date = as.Date(character(0)),
                  b2m = numeric(0))
  expect_s3_class(summary(b2m_trend(d, time = "date"))$first_time, "Date")
})

test_that("two rows of a patient at one time are an error naming them", {
  d <- data.frame(id = c("A", "B", "A", "A"), t = c(1, 1, 2, 1),
                  b2m = c(1, 2, NA, 3))
  cnd <- tryCatch(b2m_trend(d, time = "t", time_unit = "years"), error = identity)
  expect_s3_class(cnd, c("b2m_error_value", "b2m_error"))
  expect_identical(cnd$rows, c(1, 4))
  expect_identical(cnd$count, 2)
  expect_identical(cnd$arg, c("id", "time"))
  # the same time for different patients is fine
  expect_silent(b2m_trend(d[1:3, ], time = "t", time_unit = "years"))
  many <- data.frame(id = rep(c("A", "B"), each = 6), t = rep(1, 12), b2m = 1)
  cnd <- tryCatch(b2m_trend(many, time = "t", time_unit = "years"), error = identity)
  expect_identical(cnd$count, 12)
  expect_snapshot(b2m_trend(d, time = "t"), error = TRUE)
  expect_snapshot(b2m_trend(many, time = "t"), error = TRUE)
})

test_that("a missing or infinite id or time is an error naming the rows", {
  d <- data.frame(id = c("A", NA, "A", "B"), t = c(1, 2, NA, Inf), b2m = 1)
  cnd <- tryCatch(b2m_trend(d, time = "t", time_unit = "years"), error = identity)
  expect_s3_class(cnd, "b2m_error_value")
  expect_identical(cnd$rows, 2:4)
  expect_snapshot(b2m_trend(d, time = "t"), error = TRUE)
  d$t <- as.Date("2024-01-01") + c(0, 1, NA, 3)
  d$id[2] <- "A"
  expect_error(b2m_trend(d, time = "t"), class = "b2m_error_value")
})

test_that("bad values are errors naming the rows, checked in row order", {
  d <- data.frame(id = 1:5, t = 1, b2m = c(2, 0, -1, Inf, 2400))
  cnd <- tryCatch(b2m_trend(d, time = "t", time_unit = "years"), error = identity)
  expect_s3_class(cnd, "b2m_error_value")
  expect_identical(cnd$arg, "b2m")
  expect_identical(cnd$rows, c(2, 3, 4, 5))
  expect_snapshot(b2m_trend(d[1:3, ], time = "t"), error = TRUE)
  expect_snapshot(b2m_trend(d[c(1, 2), ], time = "t"), error = TRUE)
  expect_error(b2m_trend(transform(d, b2m = "2"), time = "t"),
               class = "b2m_error_type")
  # an all-missing column is allowed (a bare NA is a missing number)
  expect_identical(b2m_trend(transform(d, b2m = NA), time = "t", time_unit = "years")$nadir,
                   rep(NA_real_, 5))
})

test_that("data, columns and their types are checked", {
  expect_error(b2m_trend(list(id = 1, time = 1, b2m = 1)),
               class = "b2m_error_type")
  expect_error(b2m_trend(small), class = "b2m_error_column")
  expect_error(b2m_trend(small, time = "day", value = "B2M"),
               class = "b2m_error_column")
  expect_error(b2m_trend(small, time = 2), class = "b2m_error_type")
  expect_error(b2m_trend(small, time = "day", id = "day"),
               class = "b2m_error_column")
  expect_error(b2m_trend(transform(small, nadir = 1), time = "day",
                         value = "nadir"), class = "b2m_error_column")
  expect_error(b2m_trend(transform(small, day = as.character(day)),
                         time = "day", time_unit = "years"), class = "b2m_error_type")
  listed <- small
  listed$id <- as.list(listed$id)
  expect_error(b2m_trend(listed, time = "day"), class = "b2m_error_type")
  cnd <- tryCatch(b2m_trend(small, id = "patient", time = "date"),
                  error = identity)
  expect_s3_class(cnd, c("b2m_error_column", "b2m_error"))
  expect_identical(cnd$arg, c("id", "time"))
  expect_identical(cnd$column, c("patient", "date"))
  expect_snapshot(b2m_trend(small), error = TRUE)
  expect_snapshot(b2m_trend(small, id = "patient", time = "date"), error = TRUE)
  expect_snapshot(b2m_trend(1:3), error = TRUE)
  expect_snapshot(b2m_trend(transform(small, day = as.character(day)),
                            time = "day"), error = TRUE)
})

test_that("summary checks its thresholds and the object", {
  tr <- b2m_trend(small, time = "day", time_unit = "years")
  expect_error(summary(tr, falling = "a"), class = "b2m_error_type")
  expect_error(summary(tr, rising = c(0.1, 0.2)), class = "b2m_error_type")
  expect_error(summary(tr, rising = NA_real_), class = "b2m_error_type")
  expect_error(summary(tr, falling = 0.3, rising = 0.2),
               class = "b2m_error_value")
  expect_error(summary(structure(tr, columns = NULL)), class = "b2m_error_type")
  # rows of a trend are still a trend
  expect_identical(summary(tr[tr$day > 0, ])$n, 3L)
  expect_snapshot(summary(tr, falling = 0.3, rising = 0.2), error = TRUE)
})

# Significant change (clinical-rules-2.md section H) ----------------------------

# One patient's values at days 0, 30, 60, ...
course <- function(...) {
  v <- c(...)
  data.frame(id = "A", day = 30 * (seq_along(v) - 1), b2m = v)
}

rcv_trend <- function(d, ...) {
  b2m_trend(d, time = "day", time_unit = "days", ...)
}

test_that("the worked examples of H.3 (CV_A 3 %, CV_I 5.9 %)", {
  cv <- function(d, ...) rcv_trend(d, cva = 3, cvi = 5.9, ...)
  # 3.0 -> 3.5 (+16.67 %): within +20.11 % two-sided, beyond +16.63 % one-sided
  expect_identical(cv(course(3, 3.5))$significant_change, c(FALSE, FALSE))
  expect_identical(cv(course(3, 3.5), z = 1.645)$significant_change,
                   c(FALSE, TRUE))
  # 4.0 -> 3.3 (-17.50 %): beyond -16.75 %
  expect_identical(cv(course(4, 3.3))$significant_change, c(FALSE, TRUE))
  # 2.0 -> 2.5 (+25 %)
  expect_identical(cv(course(2, 2.5))$significant_change, c(FALSE, TRUE))
  expect_equal(attr(cv(course(2, 2.5)), "rcv")$limits,
               c(down = -16.75, up = 20.11), tolerance = 0.005 / 16.75)
})

# Every worked value of H.3, in both forms and both directions: the limit
# itself is not significant, a change one part in 1e12 beyond it is, and the
# limits in percent are those of the table (to its 2 decimals).
test_that("every H.3 limit decides at the limit, in both forms and directions", {
  h3 <- rbind(
    # cva, cvi, z, form, down, up (percent)
    data.frame(cva = c(2, 2.5, 3, 3), cvi = c(4, 5, 5.9, 10), z = 1.96,
               form = "symmetric", down = -c(12.40, 15.50, 18.35, 28.94),
               up = c(12.40, 15.50, 18.35, 28.94)),
    data.frame(cva = c(2, 2.5, 3, 3), cvi = c(4, 5, 5.9, 10), z = 1.96,
               form = "lognormal", down = c(-11.65, -14.34, -16.75, -25.07),
               up = c(13.19, 16.75, 20.11, 33.46)),
    data.frame(cva = c(2, 2.5, 3, 3), cvi = c(4, 5, 5.9, 10), z = 1.645,
               form = "lognormal", down = c(-9.88, -12.19, -14.26, -21.51),
               up = c(10.96, 13.88, 16.63, 27.41))
  )
  base <- 3
  for (i in seq_len(nrow(h3))) {
    row <- h3[i, ]
    label <- paste(row$form, row$cva, row$cvi, row$z)
    make <- function(...) {
      rcv_trend(course(base, ...), cva = row$cva, cvi = row$cvi, z = row$z,
                rcv = row$form)
    }
    rcv <- attr(make(base), "rcv")
    expect_lt(abs(rcv$limits[["down"]] - row$down), 0.005 + 1e-9, label = label)
    expect_lt(abs(rcv$limits[["up"]] - row$up), 0.005 + 1e-9, label = label)
    at_up <- base * rcv$factors[["up"]]
    at_down <- base * rcv$factors[["down"]]
    tr <- make(at_up, at_up * (1 + 1e-12), at_up * (1 - 1e-12),
               at_down, at_down * (1 - 1e-12), at_down * (1 + 1e-12))
    expect_identical(tr$significant_change,
                     c(FALSE, FALSE, TRUE, FALSE, FALSE, TRUE, FALSE),
                     info = label)
    # the table's rounded limits: 0.01 points beyond is significant
    pct <- function(p) base * (1 + p / 100)
    tr <- make(pct(row$up + 0.01), pct(row$up - 0.01), pct(row$down - 0.01),
               pct(row$down + 0.01))
    expect_identical(tr$significant_change, c(FALSE, TRUE, FALSE, TRUE, FALSE),
                     info = label)
  }
})

test_that("changes from the previous value and rises above the nadir", {
  # CVA 3 %, CVI 5.9 %, log-normal: beyond -16.75 % / +20.11 %
  d <- course(4, NA, 3, 3.2, 2.5, 3.5, 3.4)
  tr <- rcv_trend(d, cva = 3, cvi = 5.9)
  expect_identical(tr$previous, c(NA, 4, 4, 3, 3.2, 2.5, 3.5))
  expect_equal(tr$pct_from_previous,
               100 * (d$b2m - tr$previous) / tr$previous)
  # 4 -> 3 (-25 %), 3 -> 3.2, 3.2 -> 2.5 (-21.9 %), 2.5 -> 3.5 (+40 %),
  # 3.5 -> 3.4; NA on the first value and on the missing one
  expect_identical(tr$significant_from_previous,
                   c(NA, NA, TRUE, FALSE, TRUE, TRUE, FALSE))
  # from the baseline 4: 3 (-25 %), 3.2 (-20 %), 2.5, 3.5 (-12.5 %), 3.4
  expect_identical(tr$significant_change,
                   c(FALSE, NA, TRUE, TRUE, TRUE, FALSE, FALSE))
  # nadirs 4, 3, 2.5 (rows setting them FALSE); 3.5 and 3.4 are 40 % and
  # 36 % above 2.5; 3.2 is 6.7 % above 3
  expect_identical(tr$significant_from_nadir,
                   c(FALSE, NA, FALSE, FALSE, FALSE, TRUE, TRUE))
  # the symmetric form: +/- 18.35 %
  sym <- rcv_trend(d, cva = 3, cvi = 5.9, rcv = "symmetric")
  expect_identical(sym$significant_change,
                   c(FALSE, NA, TRUE, TRUE, TRUE, FALSE, FALSE))
  expect_identical(attr(sym, "rcv")$form, "symmetric")
})

test_that("summary classes courses by the RCV when the trend has one", {
  d <- data.frame(id = rep(c("fall", "flat", "rise", "one", "none"),
                           c(2, 2, 2, 1, 1)),
                  day = c(0, 30, 0, 30, 0, 30, 0, 0),
                  b2m = c(4, 3.3, 3, 3.5, 2, 2.5, 3, NA))
  tr <- rcv_trend(d, cva = 3, cvi = 5.9)
  s <- summary(tr)
  expect_identical(as.character(s$trend),
                   c("falling", "stable", "rising", NA, NA))
  expect_identical(attr(s, "trend_by"), "rcv")
  expect_identical(attr(s, "rcv"), attr(tr, "rcv"))
  # the class is that of the last row's significant change
  last <- !duplicated(d$id, fromLast = TRUE) & d$id %in% c("fall", "flat", "rise")
  expect_identical(tr$significant_change[last], c(TRUE, FALSE, TRUE))
  # by the slope on request (+16.67 % in 30 days is a steep slope per year)
  by_slope <- summary(tr, by = "slope")
  expect_identical(as.character(by_slope$trend),
                   c("falling", "rising", "rising", NA, NA))
  expect_null(attr(by_slope, "rcv"))
  expect_identical(attr(by_slope, "trend_by"), "slope")
  # rows of the trend keep its RCV
  expect_identical(attr(summary(tr[tr$id != "fall", ]), "trend_by"), "rcv")
  # without cva and cvi: by the slope, and "rcv" cannot be asked for
  plain <- rcv_trend(d)
  expect_identical(attr(summary(plain), "trend_by"), "slope")
  expect_error(summary(plain, by = "rcv"), class = "b2m_error_value")
  expect_error(summary(plain, by = "both"), class = "b2m_error_value")
  expect_error(summary(plain, by = 1), class = "b2m_error_type")
  expect_match(capture.output(print(s))[1],
               "reference change value: falling < -16.75 %, rising > \\+20.11 %",
               fixed = FALSE)
})

test_that("cva, cvi, z and rcv are checked, naming the argument", {
  d <- course(3, 3.5)
  arg_of <- function(...) {
    tryCatch(rcv_trend(d, ...), error = function(e) {
      expect_s3_class(e, "b2m_error")
      list(class = class(e)[1], arg = e$arg)
    })
  }
  expect_identical(arg_of(cva = 3),
                   list(class = "b2m_error_value", arg = c("cva", "cvi")))
  expect_identical(arg_of(cvi = 5.9),
                   list(class = "b2m_error_value", arg = c("cva", "cvi")))
  for (bad in list("3", c(3, 4), NA_real_, Inf, TRUE)) {
    expect_identical(arg_of(cva = bad, cvi = 5.9),
                     list(class = "b2m_error_type", arg = "cva"))
    expect_identical(arg_of(cva = 3, cvi = bad),
                     list(class = "b2m_error_type", arg = "cvi"))
    expect_identical(arg_of(z = bad), list(class = "b2m_error_type", arg = "z"))
  }
  for (bad in list(0, -3, 100, 150)) {
    expect_identical(arg_of(cva = bad, cvi = 5.9),
                     list(class = "b2m_error_value", arg = "cva"))
    expect_identical(arg_of(cva = 3, cvi = bad),
                     list(class = "b2m_error_value", arg = "cvi"))
  }
  expect_identical(arg_of(z = 0), list(class = "b2m_error_value", arg = "z"))
  expect_identical(arg_of(z = -1.96), list(class = "b2m_error_value", arg = "z"))
  expect_identical(arg_of(cva = 3, cvi = 5.9, rcv = "log"),
                   list(class = "b2m_error_value", arg = "rcv"))
  expect_identical(arg_of(cva = 3, cvi = 5.9, rcv = NA_character_),
                   list(class = "b2m_error_type", arg = "rcv"))
  # a CV below 1 % is probably a fraction: computed, with a warning
  expect_warning(tr <- rcv_trend(d, cva = 0.03, cvi = 5.9),
                 class = "b2m_warning_cv")
  expect_identical(attr(tr, "rcv")$cva, 0.03)
  expect_snapshot(rcv_trend(d, cva = 3), error = TRUE)
  expect_snapshot(rcv_trend(d, cva = 0, cvi = 5.9), error = TRUE)
  # one or 99.9 percent are accepted silently
  expect_silent(rcv_trend(d, cva = 1, cvi = 99.9))
})
