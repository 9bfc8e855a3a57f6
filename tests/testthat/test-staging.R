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
  # a comparison the reference gives no threshold is with the laboratory's
  # limit of B2M
  versus <- is.na(published$threshold) & published$comparison != "is TRUE"
  expect_gt(sum(versus), 0)
  expect_identical(rules$versus, ifelse(versus, "b2m_uln", NA_character_))
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
