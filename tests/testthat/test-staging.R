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
