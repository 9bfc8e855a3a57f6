# Plain-R definitions (reference file sections 2-5). Age is in completed years.
ref_iss <- function(b2m, albumin) {
  if (b2m >= 5.5) "III" else if (b2m < 3.5 && albumin >= 3.5) "I" else "II"
}

ref_riss <- function(b2m, albumin, ldh_high, del17p, t4_14, t14_16) {
  iss <- ref_iss(b2m, albumin)
  ca <- del17p || t4_14 || t14_16
  if (iss == "I" && !ca && !ldh_high) "I"
  else if (iss == "III" && (ca || ldh_high)) "III"
  else "II"
}

ref_r2iss_score <- function(b2m, albumin, ldh_high, del17p, t4_14, gain1q) {
  iss <- ref_iss(b2m, albumin)
  c(I = 0, II = 1, III = 1.5)[[iss]] + del17p + ldh_high + t4_14 +
    0.5 * gain1q
}

ref_r2iss <- function(...) {
  s <- ref_r2iss_score(...)
  if (s == 0) "I" else if (s <= 1) "II" else if (s <= 2.5) "III" else "IV"
}

chr <- function(x) as.character(x)

test_that("ISS follows the reference file's worked examples", {
  b2m <- c(2.5, 2.5, 4.0, 6.0, 6.0, 4.0, 2.5, 3.49, 3.5, 5.49, 5.5)
  albumin <- c(4.0, 3.0, 4.0, 4.5, NA, NA, NA, 3.5, 4.0, 3.0, 4.2)
  expect_identical(chr(stage_iss(b2m, albumin)),
                   c("I", "II", "II", "III", "III", "II", NA, "I", "II", "II",
                     "III"))
  # 350 nmol/L = 4.13 mg/L with 34 g/L albumin
  expect_identical(chr(stage_iss(350, 34, "nmol/L", "g/L")), "II")
})

test_that("ISS stages are ordered factors with every level", {
  s <- stage_iss(numeric(0), numeric(0))
  expect_s3_class(s, c("ordered", "factor"), exact = TRUE)
  expect_identical(levels(s), c("I", "II", "III"))
  expect_length(s, 0)
  expect_identical(levels(stage_iss(NA, NA)), c("I", "II", "III"))
  expect_true(is.na(stage_iss(NA, NA)))
  expect_identical(chr(stage_iss(c(6L, 1L), 4L)), c("III", "I"))
})

test_that("every ISS threshold holds just below, at and just above in every unit", {
  b2m_units <- list("mg/L" = c(1, 1), "ug/mL" = c(1, 1), "ug/L" = c(1000, 1),
                    "ng/mL" = c(1000, 1), "mg/dL" = c(1, 10),
                    "nmol/L" = c(1e6, 11800))
  for (unit in names(b2m_units)) {
    s <- b2m_units[[unit]]
    in_unit <- function(x) x * s[1] / s[2]
    at35 <- in_unit(3.5)
    at55 <- in_unit(5.5)
    b2m <- c(at35 * (1 - 1e-12), at35, at55 * (1 - 1e-12), at55,
             at55 * (1 + 1e-12))
    expect_identical(chr(stage_iss(b2m, 4, b2m_unit = unit)),
                     c("I", "II", "II", "III", "III"), info = unit)
  }
  # the values a user types
  expect_identical(chr(stage_iss(c(0.3499, 0.35, 0.5499, 0.55), 4,
                                 b2m_unit = "mg/dL")),
                   c("I", "II", "II", "III"))
  expect_identical(chr(stage_iss(c(3499.999, 3500, 5499.999, 5500), 4,
                                 b2m_unit = "ng/mL")),
                   c("I", "II", "II", "III"))
  for (unit in c("g/dL", "g/L")) {
    at <- if (unit == "g/L") 35 else 3.5
    expect_identical(chr(stage_iss(2, at * c(1 - 1e-12, 1, 1 + 1e-12),
                                   albumin_unit = unit)),
                     c("II", "I", "I"), info = unit)
  }
  expect_identical(chr(stage_iss(2, c(34.9, 35), albumin_unit = "g/L")),
                   c("II", "I"))
  expect_identical(chr(stage_iss(c(2.6, 2.7), 3.5, b2m_unit = "ug/mL")),
                   c("I", "I"))
})

test_that("ISS with a missing input is given when it cannot depend on it", {
  expect_identical(chr(stage_iss(c(6.0, 5.5, 4.0, 3.5, 3.49, 2.5), NA)),
                   c("III", "III", "II", "II", NA, NA))
  expect_identical(chr(stage_iss(NA, c(3.0, 4.0))), c(NA_character_, NA))
})

test_that("R-ISS follows the reference file's worked examples", {
  f <- FALSE
  t <- TRUE
  expect_identical(
    chr(stage_riss(b2m = c(2.5, 6, 6, 2.5, 4, 6),
                   albumin = 4,
                   ldh_high = c(f, f, t, f, f, f),
                   del17p = c(f, f, f, f, t, f),
                   t4_14 = c(f, f, f, t, f, f),
                   t14_16 = f)),
    c("I", "II", "III", "II", "II", "II"))
  expect_identical(chr(stage_riss(6, 4, f, f, f, t14_16 = t)), "III")
  expect_identical(levels(stage_riss(1, 4, f, f, f, f)), c("I", "II", "III"))
})

test_that("R-ISS boundaries: the ISS thresholds, with and without a high-risk CA", {
  f <- FALSE
  t <- TRUE
  b2m <- c(3.49, 3.5, 5.49, 5.5)
  expect_identical(chr(stage_riss(b2m, 4, f, f, f, f)),
                   c("I", "II", "II", "II"))
  expect_identical(chr(stage_riss(b2m, 4, f, t, f, f)),
                   c("II", "II", "II", "III"))
  expect_identical(chr(stage_riss(2, c(3.49, 3.5), f, f, f, f)), c("II", "I"))
  expect_identical(chr(stage_riss(c(0.549, 0.55), 4, t, f, f, f,
                                  b2m_unit = "mg/dL")), c("II", "III"))
  expect_identical(chr(stage_riss(2, c(34.9, 35), f, f, f, f,
                                  albumin_unit = "g/L")), c("II", "I"))
})

test_that("R-ISS is II for ISS II whatever the cytogenetics and LDH", {
  expect_identical(chr(stage_riss(4, NA, NA, NA, NA, NA)), "II")
  expect_identical(chr(stage_riss(2.5, 3.0, NA, NA, NA, NA)), "II")
  expect_identical(chr(stage_riss(6, NA, NA, TRUE, NA, NA)), "III")
  expect_identical(chr(stage_riss(6, 4, NA, FALSE, FALSE, FALSE)), NA_character_)
  expect_identical(chr(stage_riss(2.5, 4, FALSE, FALSE, FALSE, NA)), NA_character_)
  expect_identical(chr(stage_riss(2.5, 4, NA, TRUE, NA, NA)), "II")
})

test_that("R2-ISS scores and stages follow the reference file", {
  f <- FALSE
  t <- TRUE
  args <- list(b2m = c(2.5, 2.5, 4, 6, 4, 6), albumin = 4,
               ldh_high = c(f, f, f, f, t, t), del17p = c(f, f, f, f, f, t),
               t4_14 = c(f, f, f, f, t, t), gain1q = c(f, t, t, f, f, t))
  expect_identical(do.call(score_r2iss, args), c(0, 0.5, 1.5, 1.5, 3, 5))
  expect_identical(chr(do.call(stage_r2iss, args)),
                   c("I", "II", "III", "III", "IV", "IV"))
  expect_identical(levels(do.call(stage_r2iss, args)), c("I", "II", "III", "IV"))
  expect_identical(score_r2iss(6, 4, f, t, f, f), 2.5)
  expect_identical(chr(stage_r2iss(6, 4, f, t, f, f)), "III")
  expect_identical(chr(stage_r2iss(c(3.49, 3.5, 5.49, 5.5), 4, f, f, t, f)),
                   c("II", "III", "III", "III"))
  expect_identical(score_r2iss(c(3.49, 3.5, 5.49, 5.5), 4, f, f, t, f),
                   c(1, 2, 2, 2.5))
})

test_that("R2-ISS boundaries: ISS thresholds and group cut-offs", {
  f <- FALSE
  t <- TRUE
  expect_identical(score_r2iss(c(3.49, 3.5, 5.49, 5.5), 4, f, f, f, f),
                   c(0, 1, 1, 1.5))
  expect_identical(score_r2iss(2, c(3.49, 3.5), f, f, f, f), c(1, 0))
  # 0 | 0.5, 1 | 1.5, 2.5 | 3
  expect_identical(chr(stage_r2iss(c(2, 2, 4, 4, 6, 6), 4,
                                   c(f, f, f, f, t, t), f,
                                   c(f, f, f, f, f, t),
                                   c(f, t, f, t, f, t))),
                   c("I", "II", "II", "III", "III", "IV"))
  expect_identical(score_r2iss(c(2, 2, 4, 4, 6, 6), 4, c(f, f, f, f, t, t), f,
                               c(f, f, f, f, f, t), c(f, t, f, t, f, t)),
                   c(0, 0.5, 1, 1.5, 2.5, 4))
})

test_that("R2-ISS: a stage when every possibility agrees, a score only when complete", {
  expect_identical(chr(stage_r2iss(6, 4, FALSE, FALSE, FALSE, NA)), "III")
  expect_identical(chr(stage_r2iss(6, 4, TRUE, FALSE, FALSE, NA)), NA_character_)
  expect_identical(chr(stage_r2iss(6, NA, TRUE, TRUE, NA, NA)), "IV")
  expect_identical(score_r2iss(6, 4, FALSE, FALSE, FALSE, NA), NA_real_)
  expect_identical(score_r2iss(6, NA, FALSE, FALSE, FALSE, FALSE), NA_real_)
  expect_identical(score_r2iss(numeric(0), 4, TRUE, TRUE, TRUE, TRUE),
                   numeric(0))
})

test_that("bad inputs are classed errors", {
  expect_error(stage_iss("6", 4), class = "b2m_error_type")
  expect_error(stage_iss(6, factor(4)), class = "b2m_error_type")
  expect_error(stage_iss(1:3, 1:2), class = "b2m_error_length")
  expect_error(stage_iss(6, 4, b2m_unit = "g/L"), class = "b2m_error_unit")
  expect_error(stage_iss(6, 4, albumin_unit = "mg/dL"), class = "b2m_error_unit")
  expect_error(stage_iss(-1, 4), class = "b2m_error_value")
  expect_error(stage_iss(Inf, 4), class = "b2m_error_value")
  expect_error(stage_iss(2400, 4), class = "b2m_error_value")
  expect_error(stage_iss(2, 35), class = "b2m_error_value")
  expect_error(stage_riss(6, 4, 1, TRUE, TRUE, TRUE), class = "b2m_error_type")
  expect_error(stage_riss(6, 4, TRUE, "yes", TRUE, TRUE), class = "b2m_error_type")
  expect_error(score_r2iss(6, 4, TRUE, TRUE, TRUE, 0), class = "b2m_error_type")
  expect_error(stage_r2iss(6, 4, c(TRUE, FALSE), TRUE, TRUE, logical(3)),
               class = "b2m_error_length")
})

test_that("error messages name the argument, the rows and the unit meant", {
  expect_snapshot(error = TRUE, stage_iss(c(2, 2400, 3100), 4))
  expect_snapshot(error = TRUE, stage_iss(2, c(4, 35)))
  expect_snapshot(error = TRUE, stage_iss(c(-1, 2), 4))
  expect_snapshot(error = TRUE, stage_riss(6, 4, 1, TRUE, TRUE, TRUE))
})

test_that("the C core agrees with plain-R definitions on random rows", {
  set.seed(20240301)
  n <- 1500
  data <- data.frame(
    b2m = with_na(near(n, c(3.5, 5.5), c(0.5, 12))),
    albumin = with_na(near(n, 3.5, c(2, 5))),
    ldh_high = random_flag(n), del17p = random_flag(n),
    t4_14 = random_flag(n), t14_16 = random_flag(n), gain1q = random_flag(n)
  )
  iss <- data[c("b2m", "albumin")]
  expect_identical(chr(stage_iss(data$b2m, data$albumin)),
                   reference_stage(ref_iss, iss, iss_candidates))
  riss <- data[c("b2m", "albumin", "ldh_high", "del17p", "t4_14", "t14_16")]
  expect_identical(chr(do.call(stage_riss, riss)),
                   reference_stage(ref_riss, riss, iss_candidates))
  r2 <- data[c("b2m", "albumin", "ldh_high", "del17p", "t4_14", "gain1q")]
  expect_identical(chr(do.call(stage_r2iss, r2)),
                   reference_stage(ref_r2iss, r2, iss_candidates))
  complete <- stats::complete.cases(r2)
  full <- r2[complete, ]
  expect_identical(do.call(score_r2iss, full),
                   unname(mapply(ref_r2iss_score, full$b2m, full$albumin,
                                 full$ldh_high, full$del17p, full$t4_14,
                                 full$gain1q)))
  expect_true(all(is.na(do.call(score_r2iss, r2)[!complete])))
  # the same rows in other units give the same stages
  expect_identical(stage_iss(data$b2m * 1000, data$albumin * 10, "ug/L", "g/L"),
                   stage_iss(data$b2m, data$albumin))
})

# MASS (clinical-rules-2.md section C) ---------------------------------------

# Plain-R definition: one point each for a high-risk IgH translocation (any
# of three, counted once), 1q gain, del(17p), ISS III and high LDH.
ref_mass_score <- function(b2m, ldh_high, del17p, t4_14, t14_16, t14_20,
                           gain1q) {
  (t4_14 || t14_16 || t14_20) + gain1q + del17p +
    (ref_iss(b2m, 4) == "III") + ldh_high
}

ref_mass <- function(...) {
  c("I", "II", "III", "III", "III", "III")[[ref_mass_score(...) + 1]]
}

# One row per case: all factors absent unless `...` says otherwise.
mass_case <- function(b2m = 2.5, ...) {
  row <- list(b2m = b2m, ldh_high = FALSE, del17p = FALSE, t4_14 = FALSE,
              t14_16 = FALSE, t14_20 = FALSE, gain1q = FALSE)
  utils::modifyList(row, list(...))
}

mass_rows <- function(...) {
  rows <- list(...)
  lapply(stats::setNames(names(rows[[1]]), names(rows[[1]])), function(arg) {
    unlist(lapply(rows, `[[`, arg))
  })
}

test_that("MASS follows the reference file's worked examples", {
  t <- TRUE
  args <- mass_rows(
    mass_case(),                             # nothing
    mass_case(b2m = 6),                      # ISS III alone
    mass_case(t4_14 = t, t14_16 = t),        # two translocations, once
    mass_case(t4_14 = t, gain1q = t),
    mass_case(del17p = t, ldh_high = t),
    mass_case(b2m = 6, ldh_high = t, del17p = t, t4_14 = t, gain1q = t),
    mass_case(b2m = 6, ldh_high = NA),       # II or III
    mass_case(b2m = 6, gain1q = t, ldh_high = NA)
  )
  expect_identical(chr(do.call(stage_mass, args)),
                   c("I", "II", "II", "III", "III", "III", NA, "III"))
  expect_identical(do.call(score_mass, args), c(0, 1, 1, 2, 2, 5, NA, NA))
  expect_identical(levels(do.call(stage_mass, args)), c("I", "II", "III"))
})

test_that("MASS counts the high-risk IgH translocations once, however many", {
  combos <- expand.grid(t4_14 = c(FALSE, TRUE), t14_16 = c(FALSE, TRUE),
                        t14_20 = c(FALSE, TRUE))
  args <- c(list(b2m = 2.5, ldh_high = FALSE, del17p = FALSE),
            as.list(combos), list(gain1q = FALSE))
  any_one <- as.numeric(rowSums(combos) > 0)
  expect_identical(do.call(score_mass, args), any_one)
  expect_identical(chr(do.call(stage_mass, args)),
                   ifelse(any_one == 1, "II", "I"))
  # the pinned case: t(4;14) and t(14;16) alone is II, not III
  expect_identical(chr(stage_mass(2.5, FALSE, FALSE, TRUE, TRUE, FALSE, FALSE)),
                   "II")
  # each translocation alone is the factor
  expect_identical(score_mass(2.5, FALSE, FALSE, c(TRUE, FALSE, FALSE),
                              c(FALSE, TRUE, FALSE), c(FALSE, FALSE, TRUE),
                              FALSE), c(1, 1, 1))
})

test_that("MASS boundaries: ISS III at 5.5 mg/L in every unit, as stage_iss() decides it", {
  f <- FALSE
  expect_identical(score_mass(c(5.49, 5.5, 5.51), f, f, f, f, f, f), c(0, 1, 1))
  expect_identical(chr(stage_mass(c(5.49, 5.5, 5.51), f, f, f, f, f, f)),
                   c("I", "II", "II"))
  # with one other factor: II | III
  expect_identical(chr(stage_mass(c(5.49, 5.5, 5.51), f, f, f, f, f, TRUE)),
                   c("II", "III", "III"))
  # 5.5 mg/L is 5.5e6 / 11800 nmol/L
  at_nmol <- 5.5e6 / 11800
  nmol <- c(at_nmol * (1 - 1e-12), at_nmol, at_nmol * (1 + 1e-12))
  expect_identical(score_mass(nmol, f, f, f, f, f, f, b2m_unit = "nmol/L"),
                   c(0, 1, 1))
  expect_identical(score_mass(c(466, 466.1, 466.2), f, f, f, f, f, f,
                              b2m_unit = "nmol/L"), c(0, 0, 1))
  expect_identical(score_mass(c(0.549, 0.55, 0.551), f, f, f, f, f, f,
                              b2m_unit = "mg/dL"), c(0, 1, 1))
  expect_identical(score_mass(c(5499, 5500, 5501), f, f, f, f, f, f,
                              b2m_unit = "ug/L"), c(0, 1, 1))
  # ISS III of MASS is stage_iss()'s III, in every unit, at and near 5.5
  for (unit in c("mg/L", "ug/mL", "ug/L", "ng/mL", "mg/dL", "nmol/L")) {
    at55 <- b2m_convert(5.5, "mg/L", unit)
    b2m <- at55 * (1 + c(-1e-9, -1e-12, 0, 1e-12, 1e-9))
    expect_identical(score_mass(b2m, f, f, f, f, f, f, b2m_unit = unit) == 1,
                     chr(stage_iss(b2m, 4, b2m_unit = unit)) == "III",
                     info = unit)
  }
})

test_that("MASS threshold of the groups: 0 is I, 1 is II, 2 to 5 are III", {
  t <- TRUE
  f <- FALSE
  # 0 to 5 factors present, added in the order of the reference table
  args <- list(b2m = c(2.5, 2.5, 2.5, 2.5, 6, 6),
               ldh_high = c(f, f, f, f, f, t), del17p = c(f, f, f, t, t, t),
               t4_14 = c(f, t, t, t, t, t), t14_16 = f, t14_20 = f,
               gain1q = c(f, f, t, t, t, t))
  expect_identical(do.call(score_mass, args), c(0, 1, 2, 3, 4, 5))
  expect_identical(chr(do.call(stage_mass, args)),
                   c("I", "II", "III", "III", "III", "III"))
  # each factor alone is one point
  alone <- list(mass_case(ldh_high = t), mass_case(del17p = t),
                mass_case(t4_14 = t), mass_case(t14_16 = t),
                mass_case(t14_20 = t), mass_case(gain1q = t),
                mass_case(b2m = 5.5))
  expect_identical(do.call(score_mass, do.call(mass_rows, alone)), rep(1, 7))
})

test_that("MASS with missing inputs: a stage when every possibility agrees", {
  t <- TRUE
  args <- mass_rows(
    mass_case(b2m = NA),                         # 0 or 1
    mass_case(gain1q = NA, t14_20 = t),          # 1 or 2
    mass_case(t4_14 = t, del17p = t, b2m = NA, ldh_high = NA, gain1q = NA),
    mass_case(t4_14 = t, t14_16 = NA, t14_20 = NA),  # the factor is met
    mass_case(t4_14 = NA, t14_16 = NA, t14_20 = NA), # 0 or 1
    mass_case(b2m = 4, ldh_high = NA),           # 0 or 1
    mass_case(b2m = 6, ldh_high = t, gain1q = NA, del17p = NA, t4_14 = NA,
              t14_16 = NA, t14_20 = NA),
    mass_case(b2m = NA, ldh_high = NA, del17p = NA, t4_14 = NA, t14_16 = NA,
              t14_20 = NA, gain1q = NA)
  )
  expect_identical(chr(do.call(stage_mass, args)),
                   c(NA, NA, "III", "II", NA, NA, "III", NA))
  expect_true(all(is.na(do.call(score_mass, args))))
})

test_that("MASS bad inputs are classed errors", {
  f <- FALSE
  expect_error(stage_mass("6", f, f, f, f, f, f), class = "b2m_error_type")
  expect_error(stage_mass(6, 1, f, f, f, f, f), class = "b2m_error_type")
  expect_error(score_mass(6, f, f, f, f, "yes", f), class = "b2m_error_type")
  expect_error(stage_mass(c(2, 6), f, f, f, f, f, logical(3)),
               class = "b2m_error_length")
  expect_error(stage_mass(6, f, f, f, f, f, f, b2m_unit = "g/L"),
               class = "b2m_error_unit")
  expect_error(score_mass(-1, f, f, f, f, f, f), class = "b2m_error_value")
  expect_error(stage_mass(2400, f, f, f, f, f, f), class = "b2m_error_value")
})

test_that("MASS agrees with a plain-R definition on random rows", {
  set.seed(20260115)
  n <- 1500
  data <- data.frame(
    b2m = with_na(near(n, 5.5, c(0.5, 12))), ldh_high = random_flag(n),
    del17p = random_flag(n), t4_14 = random_flag(n), t14_16 = random_flag(n),
    t14_20 = random_flag(n), gain1q = random_flag(n)
  )
  candidates <- c(iss_candidates, list(t14_20 = c(FALSE, TRUE)))
  expect_identical(chr(do.call(stage_mass, data)),
                   reference_stage(ref_mass, data, candidates))
  complete <- stats::complete.cases(data)
  expect_identical(do.call(score_mass, data[complete, ]),
                   unname(as.numeric(do.call(mapply, c(list(ref_mass_score),
                                                      data[complete, ])))))
  expect_true(all(is.na(do.call(score_mass, data)[!complete])))
})

test_that("MASS's unconfirmed readings are labelled U in b2m_rules() and its help", {
  rules <- b2m_rules()
  mass <- rules[rules$system == "mass" & rules$input != "score" &
                  !is.na(rules$points), ]
  noted <- stats::setNames(mass$confidence, mass$input)
  # the translocation list and counting once, 1q, chromosome 17, LDH: U;
  # ISS III is the ISS rule (P)
  expect_identical(noted, c(t4_14 = "U", t14_16 = "U", t14_20 = "U",
                            gain1q = "U", del17p = "U", b2m = NA, ldh_high = "U"))
  expect_match(mass$note[mass$input == "t14_20"], "count once", fixed = TRUE)
  expect_match(mass$note[mass$input == "del17p"], "monosomy 17", fixed = TRUE)
  expect_match(mass$note[mass$input == "ldh_high"], "upper limit", fixed = TRUE)
  # the help page's criteria section lists them
  rd <- b2m:::staging_rd("mass")
  expect_match(rd, "chromosome 17 abnormality (confidence U)", fixed = TRUE)
  expect_false(grepl("confidence", b2m:::staging_rd("iss"), fixed = TRUE))
  # the methods reference: volume and issue, no article number in the source
  expect_match(b2m_methods("mass"), "Blood Cancer J 2022;12(1). doi:10.1038/s41408-022-00611-x",
               fixed = TRUE)
})

test_that("rows of the example cohort checked by hand: myeloma", {
  d <- b2m_example("cohort")
  out <- suppressWarnings(suppressMessages(b2m_annotate(d)))
  row <- function(id) out[out$id == id, ]
  myeloma_stages <- function(id) {
    vapply(row(id)[c("iss", "riss", "r2iss")], as.character, "")
  }
  # P014: B2M 1.37 with albumin 3.0 is ISS II (1 point) and 1q gain 0.5:
  # R2-ISS 1.5, stage III; no R-ISS abnormality, so R-ISS II
  expect_identical(myeloma_stages("P014"),
                   c(iss = "II", riss = "II", r2iss = "III"))
  expect_identical(row("P014")$r2iss_score, 1.5)
  # P022: ISS II, del(17p) and t(4;14): 1 + 1 + 1 = 3, R2-ISS IV
  expect_identical(row("P022")$r2iss_score, 3)
  expect_identical(as.character(row("P022")$r2iss), "IV")
  # P029: ISS I with t(14;16): R-ISS II, but t(14;16) scores nothing in R2-ISS
  expect_identical(myeloma_stages("P029"),
                   c(iss = "I", riss = "II", r2iss = "I"))
  # P034: LDH 376 > 225 is high: ISS II 1 + LDH 1 + 1q 0.5 = 2.5
  expect_identical(row("P034")$r2iss_score, 2.5)
})

test_that("b2m_annotate(): R-ISS uses a reported LDH-high flag where given, LDH elsewhere", {
  d <- data.frame(b2m = 6, albumin = 4, ldh = c(100, 300, 100, NA),
                  ldh_uln = 250, del17p = FALSE, t4_14 = FALSE,
                  t14_16 = FALSE, ldh_high = c(TRUE, NA, FALSE, NA))
  msg <- tryCatch(b2m_annotate(d), b2m_message_annotate = function(m) m)
  expect_identical(msg$reported, "ldh_high")
  out <- suppressMessages(b2m_annotate(d))
  # ISS III: R-ISS III with high LDH, II without, NA when LDH is unknown
  expect_identical(as.character(out$riss), c("III", "III", "II", NA))
  d$ldh <- d$ldh_uln <- NULL
  expect_identical(as.character(suppressMessages(b2m_annotate(d))$riss),
                   c("III", NA, "II", NA))
  d$ldh_high <- c(1, 0, 0, NA)
  err <- expect_error(suppressMessages(b2m_annotate(d)), class = "b2m_error_type")
  expect_identical(err$column, "ldh_high")
})

test_that("R-ISS: a flag of another type says how to convert it", {
  type_message <- function(x) {
    cnd <- tryCatch(stage_riss(2, 4, x, FALSE, FALSE, FALSE), error = identity)
    expect_s3_class(cnd, "b2m_error_type")
    conditionMessage(cnd)
  }
  # "a logical vector, not a logical vector" was the message for I(TRUE)
  expect_match(type_message(I(TRUE)),
               "must be a logical vector (TRUE, FALSE or NA), not a <AsIs>. Convert it with as.logical()",
               fixed = TRUE)
  expect_match(type_message(c(0, 1)), "Recode it, e.g. `x == 1`.",
               fixed = TRUE)
})

test_that("b2m_annotate() and b2m_interpret() read R-ISS flags in the call's labels", {
  data <- data.frame(b2m = c(2, 6), albumin = c(4, 3), creatinine = 1,
                     age = 60, sex = c("w", "m"), ldh = 200, ldh_uln = 250,
                     del17p = c("neg", "pos"), t4_14 = "neg", t14_16 = "neg")
  out <- suppressMessages(b2m_annotate(
    data, sex_labels = list(female = "w"),
    flag_labels = list(true = "pos", false = "neg")))
  expect_identical(as.character(out$riss), c("I", "III"))
  out2 <- suppressMessages(b2m_interpret(
    data, sex_labels = list(female = "w"),
    flag_labels = list(true = "pos", false = "neg")))
  expect_identical(out2$riss, out$riss)
})

test_that("R-ISS flags are text or numeric codes only when the user says which", {
  plain <- stage_riss(6, 3, FALSE, c(TRUE, FALSE, NA), FALSE, FALSE)
  expect_error(stage_riss(6, 3, FALSE, c("pos", "neg", NA), FALSE, FALSE),
               class = "b2m_error_type")
  cnd <- tryCatch(stage_riss(6, 3, FALSE, c(1, 0, NA), FALSE, FALSE),
                  error = identity)
  expect_s3_class(cnd, "b2m_error_type")
  expect_match(conditionMessage(cnd), "options(b2m.flag_labels", fixed = TRUE)
  set_options(b2m.flag_labels = list(true = c("pos", "1"),
                                              false = c("neg", "0")))
  expect_identical(stage_riss(6, 3, FALSE, c("POS", " neg", NA), FALSE, FALSE),
                   plain)
  expect_identical(stage_riss(6, 3, FALSE, factor(c("pos", "neg", "")), FALSE,
                              FALSE), plain)
  expect_identical(stage_riss(6, 3, FALSE, c(1, 0, NA), FALSE, FALSE), plain)
  expect_identical(stage_riss(6, 3, FALSE, c(1L, 0L, NA), FALSE, FALSE), plain)
  # logical flags as before
  expect_identical(stage_riss(6, 3, FALSE, c(TRUE, FALSE, NA), FALSE, FALSE),
                   plain)
  # a code outside the coding is an error naming the rows, never guessed
  cnd <- tryCatch(stage_riss(6, 3, FALSE, c(1, 2, 2), FALSE, FALSE),
                  error = identity)
  expect_s3_class(cnd, "b2m_error_value")
  expect_identical(cnd$rows, c(2, 3))
  expect_identical(cnd$labels, "2")
  cnd <- tryCatch(stage_riss(6, 3, FALSE, c("pos", "yes", "neg"), FALSE,
                             FALSE), error = identity)
  expect_s3_class(cnd, "b2m_error_value")
  expect_identical(cnd$arg, "del17p")
  expect_identical(cnd$rows, 2)
  # a Date is never a flag
  expect_error(stage_riss(6, 3, FALSE, Sys.Date(), FALSE, FALSE),
               class = "b2m_error_type")
  reset_codings()
})

test_that("b2m_rules() states the R2-ISS groups as score ranges", {
  groups <- b2m_rules()
  groups <- groups[groups$input %in% "score", ]
  expect_identical(groups$criterion[groups$system == "r2iss"][2:3],
                   c("stage II when the score is 0.5 to 1",
                     "stage III when the score is 1.5 to 2.5"))
})

test_that("b2m_annotate(): an LDH at its limit is not high for the R-ISS", {
  data <- data.frame(b2m = 6, albumin = 4, ldh = c(225, 226), ldh_uln = 225,
                     del17p = FALSE, t4_14 = FALSE, t14_16 = FALSE)
  out <- suppressMessages(b2m_annotate(data))
  expect_identical(as.character(out$riss), c("II", "III"))
})

test_that("the methods paragraph of the R-ISS", {
  version <- as.character(packageVersion("b2m"))
  expect_snapshot(writeLines(b2m_methods("riss")),
                  transform = function(x) gsub(version, "<version>", x,
                                               fixed = TRUE))
})

# Bad input ---------------------------------------------------------------------
# The catalogue's specs (helper-bad-input.R) of this file's functions: valid
# rows where every input decides the stage, so that a missing input leaves
# it open (NA), except where noted.

# The ISS and its revisions: B2M and albumin, then `flags` (all FALSE), then
# the two units.
iss_based_spec <- function(b2m, albumin, flags, b2m_unit = "mg/L",
                           albumin_unit = "g/dL") {
  bad_input_spec(
    valid = c(list(b2m = b2m, albumin = albumin), no_flags(flags),
              list(b2m_unit = b2m_unit, albumin_unit = albumin_unit)),
    args = c(list(b2m = num("b2m", "b2m_unit"),
                  albumin = num("albumin", "albumin_unit")),
             flag_roles(flags),
             list(b2m_unit = unit_arg(per_row = TRUE),
                  albumin_unit = unit_arg(per_row = TRUE)))
  )
}

# Stage I (score 0) in every row: every input decides.
r2iss_spec <- iss_based_spec(c(2, 3, 3.4), c(4, 3.8, 4.5),
                             c("ldh_high", "del17p", "t4_14", "gain1q"))

# Score 0, stage I: every input decides (each missing one could be a point).
mass_spec <- bad_input_spec(
  valid = c(list(b2m = c(2, 3, 5.4)),
            no_flags(c("ldh_high", "del17p", "t4_14", "t14_16", "t14_20",
                       "gain1q")),
            list(b2m_unit = "mg/L")),
  args = c(list(b2m = num("b2m", "b2m_unit")),
           flag_roles(c("ldh_high", "del17p", "t4_14", "t14_16", "t14_20",
                        "gain1q")),
           list(b2m_unit = unit_arg(per_row = TRUE)))
)

# Stage I in every row, and censored B2M or albumin that decides it or not.
iss_spec <- iss_based_spec(c(2, 3, 3.4), c(4, 3.8, 4.5), character())
iss_spec$extra <- c(
  censored_stage_cases(iss_spec$valid, "b2m", c("<2", "<=3", "<3.5"),
                       c("2", "<5", "3")),
  censored_stage_cases(iss_spec$valid, "albumin", c(">4", ">=3.5", "4.5"),
                       c("4", "<4", "4.5"))
)

test_bad_input(list(
  stage_iss = iss_spec,
  stage_riss = iss_based_spec(c(2000, 3000, 3400), c(40, 38, 45),
                              c("ldh_high", "del17p", "t4_14", "t14_16"),
                              b2m_unit = "ug/L", albumin_unit = "g/L"),
  stage_r2iss = r2iss_spec,
  score_r2iss = r2iss_spec,
  stage_mass = mass_spec,
  score_mass = mass_spec
))
