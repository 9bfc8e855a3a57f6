# Slow, obviously correct definitions of b2m_trend() and its summary, one
# patient at a time, to compare with the C pass.
slow_trend <- function(id, time, value) {
  n <- length(value)
  out <- data.frame(baseline = rep(NA_real_, n), change = NA_real_,
                    pct_change = NA_real_, nadir = NA_real_,
                    pct_from_nadir = NA_real_)
  for (p in unique(id)) {
    rows <- which(id == p)
    rows <- rows[order(as.numeric(time[rows]))]
    v <- value[rows]
    baseline <- v[!is.na(v)][1]
    nadir <- NA_real_
    for (k in seq_along(rows)) {
      if (!is.na(v[k]) && (is.na(nadir) || v[k] < nadir)) nadir <- v[k]
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
  tr <- b2m_trend(small, time = "day")
  expect_s3_class(tr, c("b2m_trend", "data.frame"), exact = TRUE)
  expect_identical(names(tr), c("id", "day", "b2m", "baseline", "change",
                                "pct_change", "nadir", "pct_from_nadir"))
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
  expect_identical(attr(tr, "unit"), "mg/L")
  expect_identical(row.names(tr), as.character(1:4))
})

test_that("a missing value keeps the nadir so far, a patient with none has NA", {
  d <- data.frame(id = c(1, 1, 1, 1, 2, 2), t = c(1, 2, 3, 4, 1, 2),
                  b2m = c(NA, 5, NA, 6, NA, NA))
  tr <- b2m_trend(d, time = "t")
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
  tr <- b2m_trend(d, time = "day")
  sorted <- order(d$id, d$day)
  tr_sorted <- b2m_trend(d[sorted, ], time = "day")
  expect_identical(lapply(results(tr), `[`, sorted), as.list(results(tr_sorted)))
  expect_identical(tr$id, d$id)
  expect_identical(tr$day, d$day)
})

test_that("the C pass matches the slow definition on random data", {
  for (seed in 1:5) {
    d <- random_followup(60, seed)
    tr <- b2m_trend(d, time = "day")
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
  tr <- b2m_trend(d, time = "day")
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

test_that("each time class gives the same rows and a per-year slope for dates", {
  dates <- as.Date("2023-01-01") + c(0, 91, 182, 365, 0, 200)
  d <- data.frame(id = rep(c("A", "B"), c(4, 2)), date = dates,
                  b2m = c(4, 3, 2.5, 2, 2, 3))
  ref <- results(b2m_trend(d, time = "date"))
  posix <- transform(d, date = as.POSIXct(format(date), tz = "UTC"))
  days <- transform(d, date = as.numeric(date - as.Date("2023-01-01")))
  integer_days <- transform(days, date = as.integer(date))
  expect_identical(results(b2m_trend(posix, time = "date")), ref)
  expect_identical(results(b2m_trend(days, time = "date")), ref)
  expect_identical(results(b2m_trend(integer_days, time = "date")), ref)

  s_date <- summary(b2m_trend(d, time = "date"))
  s_posix <- summary(b2m_trend(posix, time = "date"))
  s_days <- summary(b2m_trend(days, time = "date"))
  s_int <- summary(b2m_trend(integer_days, time = "date"))
  expect_s3_class(s_date$first_time, "Date")
  expect_identical(s_date$first_time, as.Date(c("2023-01-01", "2023-01-01")))
  expect_identical(s_date$last_time, as.Date(c("2024-01-01", "2023-07-20")))
  expect_s3_class(s_posix$last_time, "POSIXct")
  expect_identical(attr(s_posix$last_time, "tzone"), "UTC")
  expect_identical(s_days$last_time, c(365, 200))
  expect_identical(s_int$last_time, c(365L, 200L))
  # B: 2 to 3 over 200 days
  expect_equal(s_days$slope[2], log(1.5) / 200)
  expect_equal(s_date$slope, s_days$slope * 365.25)
  expect_equal(s_posix$slope, s_date$slope)
  expect_identical(attr(s_date, "slope_per"), "year")
  expect_identical(attr(s_days, "slope_per"), "time unit")
})

test_that("character, factor, numeric and integer ids group alike", {
  d <- random_followup(20, seed = 3)
  ref <- results(b2m_trend(d, time = "day"))
  code <- match(d$id, unique(d$id))
  for (id in list(factor(d$id), code, as.double(code) + 0.5,
                  as.Date("2020-01-01") + code)) {
    d2 <- d
    d2$id <- id
    expect_identical(results(b2m_trend(d2, time = "day")), ref)
  }
})

test_that("a factor id keeps its level order and drops unused levels", {
  d <- data.frame(id = factor(c("b", "a", "b"), levels = c("c", "b", "a")),
                  t = c(1, 1, 2), b2m = c(2, 3, 4))
  s <- summary(b2m_trend(d, time = "t"))
  expect_identical(as.character(s$id), c("b", "a"))
  expect_identical(levels(s$id), c("c", "b", "a"))
  expect_identical(s$n, c(2L, 1L))
  # other ids: first appearance, not sorted
  d$id <- c("z", "y", "z")
  expect_identical(summary(b2m_trend(d, time = "t"))$id, c("z", "y"))
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
  }
  # a patient with many rows (sorted by merging, ties in row order)
  many <- keys(rep(c("a", "b"), c(500, 3)), c(sample(100, 500, TRUE), 3, 1, 2))
  expect_identical(many$order, order(rep(1:2, c(500, 3)),
                                     many$time))
})

test_that("summary reuses the stored keys only while id and time are unchanged", {
  d <- random_followup(30, seed = 8)
  tr <- b2m_trend(d, time = "day")
  fresh <- function(x) {
    summary(b2m_trend(as.data.frame(unclass(x)[c("id", "day", "b2m")]),
                      time = "day"))
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
  tr <- b2m_trend(d, time = "t")
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
  tr <- b2m_trend(d, time = "day", unit = "NG/ML")
  expect_identical(attr(tr, "unit"), "ng/mL")
  expect_identical(attr(summary(tr), "unit"), "ng/mL")
  expect_equal(tr$pct_change, b2m_trend(small, time = "day")$pct_change)
  expect_error(b2m_trend(d, time = "day"), class = "b2m_error_value")
  expect_error(b2m_trend(small, time = "day", unit = "g/L"),
               class = "b2m_error_unit")
  expect_snapshot(b2m_trend(d, time = "day"), error = TRUE)
})

test_that("data.table and tibble inputs give a b2m_trend of their class", {
  skip_if_not_installed("tibble")
  skip_if_not_installed("data.table")
  ref <- b2m_trend(small, time = "day")
  tb <- b2m_trend(tibble::as_tibble(small), time = "day")
  expect_identical(class(tb), c("b2m_trend", "tbl_df", "tbl", "data.frame"))
  dt <- b2m_trend(data.table::as.data.table(small), time = "day")
  expect_identical(class(dt), c("b2m_trend", "data.table", "data.frame"))
  for (tr in list(tb, dt)) {
    expect_identical(as.list(tr), as.list(ref))
    expect_identical(attr(tr, "unit"), attr(ref, "unit"))
    expect_identical(attr(tr, "columns"), attr(ref, "columns"))
  }
})

test_that("zero rows give zero rows", {
  tr <- b2m_trend(small[0, ], time = "day")
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
  cnd <- tryCatch(b2m_trend(d, time = "t"), error = identity)
  expect_s3_class(cnd, c("b2m_error_value", "b2m_error"))
  expect_identical(cnd$rows, c(1, 4))
  expect_identical(cnd$count, 2)
  expect_identical(cnd$arg, c("id", "time"))
  # the same time for different patients is fine
  expect_silent(b2m_trend(d[1:3, ], time = "t"))
  many <- data.frame(id = rep(c("A", "B"), each = 6), t = rep(1, 12), b2m = 1)
  cnd <- tryCatch(b2m_trend(many, time = "t"), error = identity)
  expect_identical(cnd$count, 12)
  expect_snapshot(b2m_trend(d, time = "t"), error = TRUE)
  expect_snapshot(b2m_trend(many, time = "t"), error = TRUE)
})

test_that("a missing or infinite id or time is an error naming the rows", {
  d <- data.frame(id = c("A", NA, "A", "B"), t = c(1, 2, NA, Inf), b2m = 1)
  cnd <- tryCatch(b2m_trend(d, time = "t"), error = identity)
  expect_s3_class(cnd, "b2m_error_value")
  expect_identical(cnd$rows, 2:4)
  expect_snapshot(b2m_trend(d, time = "t"), error = TRUE)
  d$t <- as.Date("2024-01-01") + c(0, 1, NA, 3)
  d$id[2] <- "A"
  expect_error(b2m_trend(d, time = "t"), class = "b2m_error_value")
})

test_that("bad values are errors naming the rows, checked in row order", {
  d <- data.frame(id = 1:5, t = 1, b2m = c(2, 0, -1, Inf, 2400))
  cnd <- tryCatch(b2m_trend(d, time = "t"), error = identity)
  expect_s3_class(cnd, "b2m_error_value")
  expect_identical(cnd$arg, "b2m")
  expect_identical(cnd$rows, c(2, 3, 4, 5))
  expect_snapshot(b2m_trend(d[1:3, ], time = "t"), error = TRUE)
  expect_snapshot(b2m_trend(d[c(1, 2), ], time = "t"), error = TRUE)
  expect_error(b2m_trend(transform(d, b2m = "2"), time = "t"),
               class = "b2m_error_type")
  # an all-missing column is allowed (a bare NA is a missing number)
  expect_identical(b2m_trend(transform(d, b2m = NA), time = "t")$nadir,
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
                         time = "day"), class = "b2m_error_type")
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
  tr <- b2m_trend(small, time = "day")
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
