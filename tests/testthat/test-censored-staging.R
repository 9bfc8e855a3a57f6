# Censored results in every staging system, case by case from the published
# rules (helper-rules.R, written from the clinical reference, not from the C
# tables): each censoring form at each threshold of each measurement, the
# bound below, just below, at, just above and above it, with the other
# inputs exact or missing. The expected stage is computed with plain numbers
# only: every value standing for a region of the interval (each threshold of
# the input, the bound, and a hair either side of each) is staged, and the stage is their common stage, NA when two differ.

censored_forms <- c("<", "<=", ">", ">=")

# The stage function of a system of `published` (by display name).
stage_function <- function(name) {
  systems <- b2m:::staging_systems()
  get(systems$stage_fun[systems$name == name], envir = asNamespace("b2m"))
}

# The inputs of a system that are measurements with thresholds (what a
# laboratory may censor), ages and levels excepted, each with its
# thresholds; a B2M compared with `b2m_uln` is given it below.
censorable <- function(name) {
  rules <- published[published$system == name, ]
  rules <- rules[rules$comparison != "is TRUE" & !rules$unit %in% "years" &
                   !grepl("^level", rules$unit), ]
  split(rules$threshold, rules$input)
}

# Values for the other inputs: exact values around their thresholds, flags,
# labels, or missing.
input_pool <- function(name, input) {
  rules <- published[published$system == name & published$input == input, ]
  if (input == "b2m_uln") return(c(2.4, 3))
  if (input == "clinical_stage") return(c("A", "B", NA))
  if (input == "del1p32") return(c("none", "monoallelic", "biallelic", NA))
  if (all(rules$comparison == "is TRUE")) return(c(TRUE, FALSE, NA))
  t <- rules$threshold[!is.na(rules$threshold)]
  if (length(t) == 0) t <- 3 # a B2M against the laboratory's limit
  c(as.vector(outer(t, c(0.5, 1, 1.5))), NA)
}

# The bounds tried at threshold t: wholly below, a hair below, at, a hair
# above and wholly above it.
bounds_at <- function(t) t * c(0.5, 1 - 1e-9, 1, 1 + 1e-9, 1.5)

# The values of `input` standing for every region its interval meets: the
# thresholds and the bound, each with a hair either side (the bound's
# neighbours stand for the regions that hold an end of the interval).
interval_values <- function(form, bound, thresholds) {
  points <- c(thresholds, bound)
  points <- c(points, points * (1 - 1e-12), points * (1 + 1e-12))
  keep <- switch(form, "<" = points < bound, "<=" = points <= bound,
                 ">" = points > bound, ">=" = points >= bound)
  unique(points[keep])
}

# The censored cases of one system: one row per input, threshold, form and
# bound, each with `n_other` random rows of the other inputs; returns the
# rows (a list of columns, the censored input as text) and the expected
# stages.
censored_cases <- function(name, n_other = 3) {
  fun <- stage_function(name)
  inputs <- setdiff(names(formals(fun)),
                    c(grep("_unit$", names(formals(fun)), value = TRUE),
                      "assume_negative"))
  measured <- censorable(name)
  rows <- list()
  expected <- character()
  for (input in names(measured)) {
    for (t in measured[[input]]) {
      for (form in censored_forms) {
        for (bound in bounds_at(if (is.na(t)) 2.4 else t)) {
          for (r in seq_len(n_other)) {
            row <- lapply(inputs, function(i) sample(input_pool(name, i), 1))
            names(row) <- inputs
            if (is.na(t)) row$b2m_uln <- 2.4 # the bound is at the limit
            thresholds <- c(measured[[input]], row$b2m_uln)
            values <- interval_values(form, bound, thresholds[!is.na(thresholds)])
            plain <- lapply(row, rep, length(values))
            plain[[input]] <- values
            stages <- as.character(do.call(fun, plain))
            expected <- c(expected, if (length(unique(stages)) == 1) stages[1] else
              NA_character_)
            row[[input]] <- paste0(form, format(bound, digits = 17))
            rows[[length(rows) + 1]] <- row
          }
        }
      }
    }
  }
  columns <- lapply(inputs, function(i) {
    unlist(lapply(rows, `[[`, i), use.names = FALSE)
  })
  names(columns) <- inputs
  list(columns = columns, expected = expected, censored = names(measured))
}

test_that("a censored input stages as the common stage of its interval, in every system", {
  set.seed(13)
  for (name in unique(published$system)) {
    if (length(censorable(name)) == 0) next
    cases <- censored_cases(name)
    for (input in cases$censored) {
      text <- cases$columns[[input]]
      # rows where another input is the censored one hold plain numbers
      cases$columns[[input]] <- b2m_parse_result(as.character(text))
    }
    got <- as.character(do.call(stage_function(name), cases$columns))
    expect_identical(got, cases$expected, label = name)
    # the cases decide some stages and leave others open
    expect_true(any(is.na(cases$expected)), label = name)
    expect_true(any(!is.na(cases$expected)), label = name)
  }
})

test_that("the issue's examples: >20 is ISS III whatever the albumin, <0.5 with 4.0 g/dL is ISS I", {
  x <- b2m_parse_result(c(">20", ">20", ">20", "<0.5", "<0.5", "<0.5"))
  expect_identical(as.character(stage_iss(x, c(2, 5, NA, 4.0, 3.0, NA))),
                   c("III", "III", "III", "I", "II", NA))
})

test_that("a bound at a threshold: < and <= differ there, as > and >=", {
  x <- b2m_parse_result(c("<3.5", "<=3.5", ">=5.5", ">5.5", ">3.5", ">=3.5"))
  expect_identical(as.character(stage_iss(x, 4)),
                   c("I", NA, "III", "III", NA, NA))
  # in another unit: 3.5 mg/L is 0.35 mg/dL
  x <- b2m_parse_result(c("<0.35", "<=0.35"))
  expect_identical(as.character(stage_iss(x, 4, b2m_unit = "mg/dL")), c("I", NA))
})

test_that("censored results are read with a unit per row", {
  x <- b2m_parse_result(c(">1700", ">20", "<40", "<0.5"))
  got <- stage_iss(x, 4, b2m_unit = c("nmol/L", "mg/L", "nmol/L", "mg/L"))
  # 1700 nmol/L is 20 mg/L; 40 nmol/L is 0.47 mg/L
  expect_identical(as.character(got), c("III", "III", "I", "I"))
  x <- b2m_parse_result(c("<0.5", ">20"))
  got <- stage_iss(x, c(40, 40), albumin_unit = c("g/L", "g/L"))
  expect_identical(as.character(got), c("I", "III"))
})

test_that("a censored albumin, LDH or creatinine is staged the same way", {
  expect_identical(as.character(stage_iss(2, b2m_parse_result(c(">4", "<3", "<4")))),
                   c("I", "II", NA))
  x <- stage_ripsswm(age = 50, b2m = 2, ldh = b2m_parse_result(c(">300", "<200")),
                     albumin = 4)
  expect_identical(as.character(x), c("low", "very low"))
})

test_that("scores and criteria of censored rows", {
  x <- b2m_parse_result(c(">20", "3"))
  # a score needs every input exactly, as for a missing value
  expect_identical(score_r2iss(x, 3, FALSE, FALSE, FALSE, FALSE),
                   c(NA, score_r2iss(3, 3, FALSE, FALSE, FALSE, FALSE)))
  staged <- b2m:::stage_system("iss", list(b2m = b2m_parse_result(c(">20", "<0.5", "<4")),
                                           albumin = c(NA, 4, 4), b2m_unit = "mg/L",
                                           albumin_unit = "g/dL"),
                               criteria = TRUE)
  criteria <- attr(staged, "criteria")
  # "ISS II or III": B2M >= 3.5 or albumin < 3.5; "ISS III": B2M >= 5.5
  expect_identical(unname(criteria[[1]]), c(TRUE, FALSE, NA))
  expect_identical(unname(criteria[[2]]), c(TRUE, FALSE, FALSE))
})

test_that("a censored bound is checked as a value", {
  e <- expect_error(stage_iss(b2m_parse_result(c("2", "<0", ">250")), 4),
                    class = "b2m_error_value")
  expect_identical(e$rows, c(2, 3))
  expect_identical(e$problems, c("negative", "too_high"))
  expect_match(conditionMessage(e), "<0 in row 2 is negative", fixed = TRUE)
  expect_match(conditionMessage(e), ">250 in row 3", fixed = TRUE)
  e <- expect_error(stage_iss(b2m_parse_result(">200"), 4), class = "b2m_error_value")
  expect_identical(e$problems, "too_high")
  expect_identical(as.character(stage_iss(b2m_parse_result(c("<=0", ">=200")), 4)),
                   c("I", "III"))
  # a flag is no number at all
  expect_error(stage_prima_pi(2, b2m_parse_result("<1")), class = "b2m_error_type")
})

test_that("units written in the results must be the units they are read in", {
  x <- b2m_parse_result(c("<0.5 mg/L", ">1700 nmol/L", "3"))
  e <- expect_error(stage_iss(x, 4), class = "b2m_error_unit")
  expect_identical(e$rows, 2L)
  expect_identical(as.character(stage_iss(x, 4, b2m_unit = c("mg/L", "nmol/L", "mg/L"))),
                   c("I", "III", "I"))
  expect_identical(as.character(stage_iss(x[1], 4)), "I")
  e <- expect_error(stage_iss(b2m_parse_result("<0.5 furlongs"), 4),
                    class = "b2m_error_unit")
})

test_that("censored rows among many: the cache of censored rows is emptied and refilled", {
  set.seed(7)
  n <- 20000
  b2m <- sample(c("<0.5", ">20", "<=3.5", ">=5.5", "<5.5", "2", "4", "6", NA), n,
                replace = TRUE)
  albumin <- sample(c(3, 3.5, 4, NA), n, replace = TRUE)
  hb <- sample(c(10, 11.5, 12, NA), n, replace = TRUE)
  plt <- sample(c("<100", ">100", "<=100", "50", "150", NA), n, replace = TRUE)
  igm <- sample(c(">7", "<7", "8", NA), n, replace = TRUE)
  age <- sample(c(60, 66, NA), n, replace = TRUE)
  got <- stage_ipsswm(age, hb, b2m_parse_result(plt), b2m_parse_result(b2m),
                      b2m_parse_result(igm))
  one <- vapply(seq_len(200), function(i) {
    as.character(stage_ipsswm(age[i], hb[i], b2m_parse_result(plt[i]),
                              b2m_parse_result(b2m[i]), b2m_parse_result(igm[i])))
  }, "")
  expect_identical(as.character(got[1:200]), one)
  expect_identical(as.character(got[19801:20000]), vapply(19801:20000, function(i) {
    as.character(stage_ipsswm(age[i], hb[i], b2m_parse_result(plt[i]),
                              b2m_parse_result(b2m[i]), b2m_parse_result(igm[i])))
  }, ""))
})
