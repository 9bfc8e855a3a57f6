# Character and factor arguments read by C through their distinct labels
# (sex, the CLL clinical stage): the same answers as a per-row recoding, over
# several conversion chunks, with recycling, factors and all-NA input.

test_that("is_missing_only() is all(is.na(x)) for logical vectors only", {
  for (x in list(NA, c(NA, NA), logical(0), c(NA, TRUE), FALSE, NA_real_,
                 NA_character_)) {
    expect_identical(is_missing_only(x), is.logical(x) && all(is.na(x)))
  }
})

test_that("the distinct strings are found once each, in order, NA included", {
  x <- c("b", "a", NA, "b", "a", "c", NA)
  expect_identical(.Call(C_r_distinct_strings, x), c("b", "a", NA, "c"))
  many <- as.character(sample(1:500, 5000, TRUE))
  expect_identical(.Call(C_r_distinct_strings, many), unique(many))
  expect_identical(.Call(C_r_distinct_strings, character(0)), character(0))
})

n <- 20000 # more than two conversion chunks
set.seed(7)
spellings <- c("female", "Male", " F", "m ", "FEMALE", NA)
sex <- sample(spellings, n, TRUE)
female <- c(female = 1, male = 0, f = 1, m = 0)[tolower(trimws(sex))]
scr <- runif(n, 0.4, 3)
age <- runif(n, 18, 90)

test_that("eGFR reads sex as a character vector, a factor or one string", {
  want <- egfr_ckdepi_cr(scr, age, ifelse(female == 1, "female", "male"))
  expect_identical(egfr_ckdepi_cr(scr, age, sex), want)
  expect_identical(egfr_ckdepi_cr(scr, age, factor(sex)), want)
  expect_identical(egfr_ckdepi_cr(scr, age, factor(sex, levels = rev(spellings[-6]))),
                   want)
  expect_identical(egfr_ckdepi_cr(scr, age, "F"),
                   egfr_ckdepi_cr(scr, age, rep("female", n)))
  expect_identical(egfr_ckdepi_cr(scr, age, NA), rep(NA_real_, n))
  expect_true(all(is.na(want) == is.na(female)))
})

test_that("an unknown sex is reported at its rows across chunks", {
  bad <- sex
  bad[c(9000, 17000)] <- "x"
  err <- expect_error(egfr_ckdepi_cr(scr, age, bad), class = "b2m_error_value")
  expect_identical(err$rows, c(9000, 17000))
  expect_identical(err$count, 2L)
  err <- expect_error(egfr_ckdepi_cr(scr, age, factor(bad)), class = "b2m_error_value")
  expect_identical(err$rows, c(9000, 17000))
})

test_that("the CLL clinical stage is read through its labels", {
  stages <- c("A", "b", " C", "0", "I", "ii", "III", "IV", "1", "4", NA)
  clinical <- sample(stages, n, TRUE)
  advanced <- unname(c(A = FALSE, B = TRUE, C = TRUE, "0" = FALSE, I = TRUE,
                       II = TRUE, III = TRUE, IV = TRUE, "1" = TRUE,
                       "4" = TRUE)[toupper(trimws(clinical))])
  tp53 <- sample(c(TRUE, FALSE, NA), n, TRUE, c(0.2, 0.75, 0.05))
  ighv <- sample(c(TRUE, FALSE, NA), n, TRUE, c(0.4, 0.55, 0.05))
  b2m <- runif(n, 1, 8)
  years <- runif(n, 40, 90)
  want <- stage_cll_ipi(tp53, ighv, b2m, ifelse(advanced, "B", "A"), years)
  expect_identical(stage_cll_ipi(tp53, ighv, b2m, clinical, years), want)
  expect_identical(stage_cll_ipi(tp53, ighv, b2m, factor(clinical), years), want)
  expect_identical(score_cll_ipi(tp53, ighv, b2m, factor(clinical), years),
                   score_cll_ipi(tp53, ighv, b2m, ifelse(advanced, "B", "A"), years))
  expect_identical(stage_cll_ipi(tp53, ighv, b2m, "C", years),
                   stage_cll_ipi(tp53, ighv, b2m, rep("C", n), years))
  bad <- clinical
  bad[c(10, 12000)] <- "Z"
  err <- expect_error(stage_cll_ipi(tp53, ighv, b2m, bad, years),
                      class = "b2m_error_value")
  expect_identical(err$rows, c(10, 12000))
})
