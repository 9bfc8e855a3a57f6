# The rule tables of the C core against the reference file, written out by
# hand: a typo in src/rules.c fails here.

rule <- function(system, input, comparison, threshold, unit, points) {
  data.frame(system = system, input = input, comparison = comparison,
             threshold = threshold, unit = unit, points = points,
             stringsAsFactors = FALSE)
}

published <- rbind(
  rule("ISS", c("b2m", "albumin", "b2m"), c(">=", "<", ">="),
       c(3.5, 3.5, 5.5), c("mg/L", "g/dL", "mg/L"), 1),
  rule("R-ISS", c("b2m", "albumin", "b2m", "del17p", "t4_14", "t14_16",
                  "ldh_high"),
       c(">=", "<", ">=", rep("is TRUE", 4)), c(3.5, 3.5, 5.5, rep(NA, 4)),
       c("mg/L", "g/dL", "mg/L", rep(NA, 4)), c(1, 1, 1, 2, 2, 2, 2)),
  rule("R2-ISS", c("b2m", "albumin", "b2m", "del17p", "ldh_high", "t4_14",
                   "gain1q"),
       c(">=", "<", ">=", rep("is TRUE", 4)), c(3.5, 3.5, 5.5, rep(NA, 4)),
       c("mg/L", "g/dL", "mg/L", rep(NA, 4)), c(1, 1, 0.5, 1, 1, 1, 0.5)),
  rule("CLL-IPI", c("tp53", "ighv_unmutated", "b2m", "clinical_stage", "age"),
       c("is TRUE", "is TRUE", ">", "is TRUE", ">"), c(NA, NA, 3.5, NA, 65),
       c(NA, NA, "mg/L", NA, "years"), c(4, 2, 2, 1, 1)),
  rule("IPSSWM", c("age", "hemoglobin", "platelets", "b2m", "igm"),
       c(">", "<=", "<=", ">", ">"), c(65, 11.5, 100, 3, 7),
       c("years", "g/dL", "10^9/L", "mg/L", "g/dL"), 1),
  rule("rIPSSWM", c("age", "age", "b2m", "albumin", "ldh"),
       c(">", ">=", ">=", "<", ">="), c(65, 76, 4, 3.5, 250),
       c("years", "years", "mg/L", "g/dL", "U/L"), 1),
  rule("FLIPI2", c("b2m", "node_diameter_cm", "bone_marrow", "hemoglobin",
                   "age"),
       c(">", ">", "is TRUE", "<", ">"), c(NA, 6, NA, 12, 60),
       c("mg/L", "cm", NA, "g/dL", "years"), 1),
  rule("PRIMA-PI", c("b2m", "bone_marrow"), c(">", "is TRUE"), c(3, NA),
       c("mg/L", NA), c(2, 1))
)

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
  expected <- data.frame(
    system = rep(c("ISS", "R-ISS", "R2-ISS", "CLL-IPI", "IPSSWM", "rIPSSWM",
                   "FLIPI2", "PRIMA-PI"), c(3, 3, 4, 4, 3, 5, 3, 3)),
    group = c("I", "II", "III", "I", "II", "III", "I", "II", "III", "IV",
              "low", "intermediate", "high", "very high",
              "low", "intermediate", "high",
              "very low", "low", "intermediate", "high", "very high",
              "low", "intermediate", "high", "low", "intermediate", "high"),
    min_score = c(0, 1, 2, 0, 1, 4, 0, 0.5, 1.5, 3, 0, 2, 4, 7, 0, 0, 3,
                  0, 1, 2, 3, 4, 0, 1, 3, 0, 1, 2),
    max_score = c(0, 1, 2, 0, 3, 4, 0, 1, 2.5, 5, 1, 3, 6, 10, 1, 2, 5,
                  0, 1, 2, 3, 5, 0, 2, 5, 0, 1, 3),
    condition = c(rep(NA, 14), "not age > 65 years", rep(NA, 13)),
    stringsAsFactors = FALSE
  )
  expect_identical(groups, expected)
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
