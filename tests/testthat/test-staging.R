# The rule tables of the C core against the reference file, written out by
# hand in helper-rules.R: a typo in src/rules.c fails here.

test_that("every threshold, comparison and point is the reference file's", {
  rules <- b2m:::staging_rules()
  expect_identical(rules[names(published)], published)
  expect_identical(unique(rules$system),
                   c("ISS", "R-ISS", "R2-ISS", "CLL-IPI", "IPSSWM", "rIPSSWM",
                     "FLIPI2", "PRIMA-PI"))
  expect_identical(rules$versus[rules$system == "FLIPI2"],
                   c("b2m_uln", NA, NA, NA, NA))
  expect_true(all(grepl("^10\\.", rules$source)))
})

test_that("every group cut-off is the reference file's", {
  groups <- b2m:::staging_groups()
  expect_identical(groups, published_groups)
})

test_that("the units of the tables are the canonical units of the quantities", {
  rules <- b2m:::staging_rules()
  quantity <- c(b2m = "b2m", albumin = "albumin", age = "age",
                hemoglobin = "hemoglobin", platelets = "platelets",
                igm = "igm", ldh = "ldh", node_diameter_cm = "node_diameter")
  numeric_rows <- !is.na(rules$unit)
  canonical <- vapply(quantity[rules$input[numeric_rows]], function(q) {
    b2m:::quantity_table[[q]]$canonical
  }, character(1))
  expect_identical(unname(canonical), rules$unit[numeric_rows])
})

# Threads (option b2m.threads): the rows are shared out in blocks, so a call
# with two threads must give exactly what one thread gives: every stage and
# score, and for bad values the same rows reported first and the same count.
with_threads <- function(threads, f) {
  old <- options(b2m.threads = threads)
  on.exit(options(old))
  f()
}

test_that("two threads give exactly what one thread gives", {
  set.seed(7)
  n <- 2e5 + 37
  with_na <- function(x) replace(x, sample(n, n / 50), NA)
  age <- with_na(runif(n, 18, 99))
  b2m <- with_na(rlnorm(n, log(3), 0.7))
  node <- with_na(pmin(rlnorm(n, log(3.5), 0.6), 30))
  marrow <- with_na(runif(n) < 0.5)
  hb <- with_na(rnorm(n, 12, 2))
  uln <- with_na(runif(n, 2, 3))
  one_and_two <- function(f) {
    one <- with_threads(1, f)
    expect_identical(with_threads(2, f), one)
    one
  }
  stage <- one_and_two(function() stage_flipi2(age, b2m, uln, node, marrow, hb))
  expect_true(anyNA(stage) && all(levels(stage) %in% stage))
  one_and_two(function() score_flipi2(age, b2m, 2.7, node, marrow, hb))
  one_and_two(function() stage_ipsswm(age, hb, 150, b2m, 2))
  # Bad values in both threads' shares: the first rows reported and the
  # count are those of one thread.
  b2m[c(9, 150000, 150001, 199000, 199001, 200030)] <- -1
  uln[c(12, 160000)] <- 0
  error <- one_and_two(function() {
    tryCatch(stage_flipi2(age, b2m, uln, node, marrow, hb),
             b2m_error_value = function(e) e[c("message", "rows", "count")])
  })
  expect_identical(error$rows, c(9, 150000, 150001, 199000, 199001))
  expect_identical(error$count, 6)
  # A bad recycled value is one value, reported once as row 1.
  b2m[c(9, 150000, 150001, 199000, 199001, 200030)] <- 3
  error <- one_and_two(function() {
    tryCatch(stage_flipi2(age, b2m, 0, node, marrow, hb),
             b2m_error_value = function(e) e[c("message", "rows", "count")])
  })
  expect_identical(error$rows, 1)
  expect_identical(error$count, 1)
})

test_that("b2m.threads must be a whole number of at least 1", {
  expect_error(with_threads(0, function() stage_iss(3, 4)),
               class = "b2m_error_value")
  expect_error(with_threads(1.5, function() stage_iss(3, 4)),
               class = "b2m_error_value")
  expect_snapshot(with_threads("2", function() stage_iss(3, 4)), error = TRUE)
  expect_identical(with_threads(3, function() stage_iss(3, 4)), stage_iss(3, 4))
})
