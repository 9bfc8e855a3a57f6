# From 2^21 rows b2m_trend() orders and passes the rows through cache-sized
# partitions (src/trend.c); below, directly. Each half of the patients is
# below that size, so the halves, taken alone, check the partitioned result.
test_that("b2m_trend() on data partitioned by size equals it on each half of the patients", {
  skip_on_cran() # 2.2 million rows
  set.seed(17)
  patients <- 220000L
  n <- 10L * patients
  id <- sample(rep_len(seq_len(patients), n))
  b2m <- round(stats::rlnorm(n, log(3), 0.5), 2)
  b2m[sample.int(n, n %/% 50)] <- NA
  data <- data.frame(id = id, day = stats::runif(n, 0, 3650), b2m = b2m)
  expect_gt(n, 2^21)
  whole <- b2m_trend(data, time = "day", time_unit = "days", cva = 3, cvi = 6)
  first <- data$id <= patients %/% 2L
  for (half in list(first, !first)) {
    part <- b2m_trend(data[half, ], time = "day", time_unit = "days", cva = 3,
                      cvi = 6)
    for (column in b2m:::trend_results) {
      # identical(), not expect_identical(): a diff of a million numbers is
      # slow to print
      expect_true(identical(whole[[column]][half], part[[column]]),
                  label = column)
    }
  }
  # the aggregates read the ordering the partitions made
  s <- summary(whole)
  expect_identical(s$n, as.vector(table(factor(id[!is.na(b2m)],
                                               levels = unique(id)))))
})

# What b2m_trend()'s C routines return for `data` (columns id, day, b2m) with
# the ordering and the pass forced down one path (TRUE: partitioned).
trend_by_path <- function(data, path, rcv = c(3, 6)) {
  keys <- b2m:::trend_keys(data$id, data$day, list(id = "id", time = "day"),
                           NULL, path = path)
  input <- b2m:::numeric_input(data$b2m, "b2m", "b2m", "mg/L", "unit", NULL)
  factors <- b2m:::rcv_factors(
    b2m:::trend_rcv(rcv[1], rcv[2], 1.96, "lognormal", NULL)
  )
  list(keys = keys,
       rows = .Call(b2m:::C_r_b2m_trend, keys$order, keys$group, keys$time,
                    keys$ends, input, factors, path))
}

# `patients` patients with 1 to `visits` rows each, shuffled, 10 % missing.
small_trend_data <- function(patients, visits) {
  n_visits <- sample.int(visits, patients, replace = TRUE)
  id <- rep(seq_len(patients), n_visits)
  b2m <- round(stats::rlnorm(length(id), log(3), 0.5), 2)
  b2m[stats::runif(length(id)) < 0.1] <- NA
  data <- data.frame(id = id, day = stats::runif(length(id), 0, 3650), b2m = b2m)
  data[sample.int(nrow(data)), ]
}

test_that("the partitioned ordering and pass give the direct ones' keys and results on any data", {
  set.seed(23)
  cases <- list(
    few = small_trend_data(3, 4),
    # patients with more than 32 rows are merge-sorted
    long_courses = small_trend_data(20, 90),
    # more than 4096 patient codes: several buckets of codes
    many_patients = small_trend_data(5000, 3),
    # more than 65536 rows: several buckets of row positions
    many_rows = small_trend_data(9000, 15),
    one_row = data.frame(id = "a", day = 0, b2m = 2.5),
    all_missing = data.frame(id = c("a", "a", "b"), day = c(2, 1, 0),
                             b2m = NA_real_),
    no_rows = data.frame(id = character(), day = numeric(), b2m = numeric())
  )
  cases$factor_ids <- transform(cases$few, id = factor(id, levels = c(5:1, 9)))
  cases$character_ids <- transform(cases$many_patients,
                                   id = sprintf("P%05d", id))
  for (name in names(cases)) {
    direct <- trend_by_path(cases[[name]], FALSE)
    partitioned <- trend_by_path(cases[[name]], TRUE)
    expect_identical(partitioned, direct, label = name)
    expect_false(inherits(direct$rows, "b2m_bad_values"), label = name)
    expect_length(direct$rows$baseline, nrow(cases[[name]]))
  }
  # the path is the routine's choice by size unless told
  expect_identical(trend_by_path(cases$many_rows, NA),
                   trend_by_path(cases$many_rows, FALSE))
})

test_that("the partitioned pass reports the rows sharing a patient and a time as the direct one does", {
  set.seed(29)
  data <- small_trend_data(300, 6)
  data$day[c(5, 9)] <- data$day[c(4, 8)]
  data$id[c(5, 9)] <- data$id[c(4, 8)]
  direct <- trend_by_path(data, FALSE)
  partitioned <- trend_by_path(data, TRUE)
  expect_s3_class(direct$rows, "b2m_bad_values")
  expect_identical(partitioned, direct)
  expect_setequal(direct$rows$row, c(4, 5, 8, 9))
})

test_that("the trend routines refuse a path that is not one logical", {
  keys <- b2m:::trend_keys(1:2, c(0, 1), list(id = "id", time = "day"), NULL)
  expect_error(.Call(b2m:::C_r_b2m_trend_order, 1:2, c(0, 1), 2, 1L),
               "malformed trend path", fixed = TRUE)
  expect_error(.Call(b2m:::C_r_b2m_trend, keys$order, keys$group, keys$time,
                     keys$ends, b2m:::numeric_input(c(1, 2), "b2m", "b2m",
                                                    "mg/L", "unit", NULL),
                     c(NA_real_, NA_real_), c(TRUE, FALSE)),
               "malformed trend path", fixed = TRUE)
})
