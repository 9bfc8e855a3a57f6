# The rule tables of the C core against the reference file, written out by
# hand in helper-rules.R: a typo in src/rules.c fails here.

# The tables name each system by its key, the reference file by its name.
by_name <- function(table) {
  systems <- b2m:::staging_systems()
  table$system <- systems$name[match(table$system, systems$system)]
  table
}

test_that("every threshold, comparison and point is the reference file's", {
  rules <- by_name(b2m:::staging_rules())
  expect_identical(rules[names(published)], published)
  expect_identical(unique(rules$system), unique(published$system))
  expect_identical(rules$versus[rules$system == "FLIPI2"],
                   c("b2m_uln", NA, NA, NA, NA))
  expect_true(all(grepl("^10\\.", b2m:::staging_systems()$doi)))
})

test_that("every system cites the reference file's DOI", {
  systems <- b2m:::staging_systems()
  expect_identical(stats::setNames(systems$doi, systems$name), published_dois)
})

test_that("every group cut-off is the reference file's", {
  groups <- by_name(b2m:::staging_groups())
  expect_identical(groups, published_groups)
})

test_that("the units of the tables are the canonical units of the quantities", {
  rules <- b2m:::staging_rules()
  quantity <- c(b2m = "b2m", albumin = "albumin", age = "age",
                hemoglobin = "hemoglobin", platelets = "platelets",
                igm = "igm", ldh = "ldh", node_diameter_cm = "node_diameter",
                del17p_ccf = "clonal_fraction", creatinine = "creatinine")
  # an ordinal's "unit" is its levels
  numeric_rows <- !is.na(rules$unit) & !startsWith(rules$unit, "level (")
  canonical <- vapply(quantity[rules$input[numeric_rows]], function(q) {
    b2m:::quantity_table[[q]]$canonical
  }, character(1))
  expect_identical(unname(canonical), rules$unit[numeric_rows])
})

# Calls longer than one chunk of the C glue (65536 rows): every stage and
# score is the one the rows get in short calls, and for bad values the rows
# reported first and the count are those of the whole call.
test_that("a call over several chunks gives what short calls give", {
  set.seed(7)
  n <- 2e5 + 37
  with_na <- function(x) replace(x, sample(n, n / 50), NA)
  age <- with_na(runif(n, 18, 99))
  b2m <- with_na(rlnorm(n, log(3), 0.7))
  node <- with_na(pmin(rlnorm(n, log(3.5), 0.6), 30))
  marrow <- with_na(runif(n) < 0.5)
  hb <- with_na(rnorm(n, 12, 2))
  uln <- with_na(runif(n, 2, 3))
  # Pieces of 1000 rows, none on a chunk boundary of the long call.
  piece <- split(seq_len(n), (seq_len(n) - 1) %/% 1000)
  in_pieces <- function(f) do.call(c, unname(lapply(piece, f)))
  stage <- stage_flipi2(age, b2m, uln, node, marrow, hb)
  expect_identical(stage, in_pieces(function(i) {
    stage_flipi2(age[i], b2m[i], uln[i], node[i], marrow[i], hb[i])
  }))
  expect_true(anyNA(stage) && all(levels(stage) %in% stage))
  expect_identical(score_flipi2(age, b2m, 2.7, node, marrow, hb), in_pieces(function(i) {
    score_flipi2(age[i], b2m[i], 2.7, node[i], marrow[i], hb[i])
  }))
  expect_identical(stage_ipsswm(age, hb, 150, b2m, 2), in_pieces(function(i) {
    stage_ipsswm(age[i], hb[i], 150, b2m[i], 2)
  }))
  # Bad values in several chunks: the first rows reported and the count.
  b2m[c(9, 150000, 150001, 199000, 199001, 200030)] <- -1
  uln[c(12, 160000)] <- 0
  error <- tryCatch(stage_flipi2(age, b2m, uln, node, marrow, hb),
                    b2m_error_value = function(e) e[c("rows", "count")])
  expect_identical(error$rows, c(9, 150000, 150001, 199000, 199001))
  expect_identical(error$count, 6)
  # A bad recycled value is one value, reported once as row 1.
  b2m[c(9, 150000, 150001, 199000, 199001, 200030)] <- 3
  error <- tryCatch(stage_flipi2(age, b2m, 0, node, marrow, hb),
                    b2m_error_value = function(e) e[c("rows", "count")])
  expect_identical(error$rows, 1)
  expect_identical(error$count, 1)
})
