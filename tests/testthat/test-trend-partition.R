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
