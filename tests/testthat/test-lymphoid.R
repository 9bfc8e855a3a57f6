# Plain-R definitions (reference file sections 3-5).
ref_cll_ipi_score <- function(tp53, ighv_unmutated, b2m, clinical_stage, age) {
  advanced <- toupper(clinical_stage) %in% c("B", "C", "I", "II", "III", "IV")
  4 * tp53 + 2 * ighv_unmutated + 2 * (b2m > 3.5) + advanced +
    (completed(age) > 65)
}

ref_cll_ipi <- function(...) {
  s <- ref_cll_ipi_score(...)
  if (s <= 1) "low" else if (s <= 3) "intermediate" else if (s <= 6) "high"
  else "very high"
}

ref_ipsswm_score <- function(age, hemoglobin, platelets, b2m, igm) {
  (completed(age) > 65) + (hemoglobin <= 11.5) + (platelets <= 100) +
    (b2m > 3) + (igm > 7)
}

ref_ipsswm <- function(age, ...) {
  n <- ref_ipsswm_score(age, ...)
  old <- completed(age) > 65
  if (n > 2) "high" else if (!old && n <= 1) "low" else "intermediate"
}

ref_ripsswm_score <- function(age, b2m, ldh, albumin) {
  years <- completed(age)
  (if (years >= 76) 2 else if (years >= 66) 1 else 0) + (b2m >= 4) +
    (albumin < 3.5) + (ldh >= 250)
}

ref_ripsswm <- function(...) {
  c("very low", "low", "intermediate", "high", "very high",
    "very high")[ref_ripsswm_score(...) + 1]
}

ref_flipi2_score <- function(age, b2m, b2m_uln, node_diameter_cm, bone_marrow,
                             hemoglobin) {
  (b2m > b2m_uln) + (node_diameter_cm > 6) + bone_marrow + (hemoglobin < 12) +
    (completed(age) > 60)
}

ref_flipi2 <- function(...) {
  s <- ref_flipi2_score(...)
  if (s == 0) "low" else if (s <= 2) "intermediate" else "high"
}

ref_prima_pi <- function(b2m, bone_marrow) {
  if (b2m > 3) "high" else if (bone_marrow) "intermediate" else "low"
}

chr <- function(x) as.character(x)
f <- FALSE
t <- TRUE

test_that("CLL-IPI follows the reference file's worked examples", {
  args <- list(tp53 = c(f, f, f, t), ighv_unmutated = c(f, f, t, t),
               b2m = c(3.5, 3.51, 4.0, 3.6),
               clinical_stage = c("A", "0", "A", "II"), age = c(65, 50, 70, 66))
  expect_identical(do.call(score_cll_ipi, args), c(0, 2, 5, 10))
  expect_identical(chr(do.call(stage_cll_ipi, args)),
                   c("low", "intermediate", "high", "very high"))
  expect_identical(levels(do.call(stage_cll_ipi, args)),
                   c("low", "intermediate", "high", "very high"))
})

test_that("CLL-IPI group boundaries: 1|2, 3|4, 6|7", {
  s <- score_cll_ipi(tp53 = c(f, f, f, t, t, t), ighv_unmutated = c(f, f, t, f, t, t),
                     b2m = c(1, 4, 1, 1, 1, 4), clinical_stage = c("B", "A", "B", "A", "A", "B"),
                     age = 50)
  expect_identical(s, c(1, 2, 3, 4, 6, 9))
  expect_identical(chr(stage_cll_ipi(c(f, f, f, t, t, t), c(f, f, t, f, t, t),
                                     c(1, 4, 1, 1, 1, 4), c("B", "A", "B", "A", "A", "B"), 50)),
                   c("low", "intermediate", "intermediate", "high", "high",
                     "very high"))
  expect_identical(chr(stage_cll_ipi(t, t, 1, "B", 50)), "very high")
})

test_that("CLL-IPI: B2M above 3.5 in every unit, age in completed years", {
  units <- list("mg/L" = c(1, 1), "ug/mL" = c(1, 1), "ug/L" = c(1000, 1),
                "ng/mL" = c(1000, 1), "mg/dL" = c(1, 10),
                "nmol/L" = c(1e6, 11800))
  for (unit in names(units)) {
    at <- 3.5 * units[[unit]][1] / units[[unit]][2]
    expect_identical(score_cll_ipi(f, f, at * c(1 - 1e-12, 1, 1 + 1e-12), "A",
                                   50, b2m_unit = unit), c(0, 0, 2), info = unit)
  }
  expect_identical(score_cll_ipi(f, f, 1, "A", c(65, 65.99, 66)), c(0, 0, 1))
})

test_that("CLL-IPI reads Binet and Rai stages, case-insensitively, as factors too", {
  stages <- c("A", "b", " C ", "0", "i", "II", "iii", "IV", "1", "4", NA)
  expect_identical(score_cll_ipi(f, f, 1, stages, 50),
                   c(0, 1, 1, 0, 1, 1, 1, 1, 1, 1, NA))
  expect_identical(score_cll_ipi(f, f, 1, factor(stages), 50),
                   score_cll_ipi(f, f, 1, stages, 50))
  expect_identical(score_cll_ipi(f, f, 1, character(0), numeric(0)), numeric(0))
  expect_error(score_cll_ipi(f, f, 1, c("A", "D", "V"), 50),
               class = "b2m_error_value")
  expect_error(score_cll_ipi(f, f, 1, factor(c("A", "E")), 50),
               class = "b2m_error_value")
  expect_error(score_cll_ipi(f, f, 1, 2, 50), class = "b2m_error_type")
  expect_snapshot(error = TRUE, stage_cll_ipi(f, f, 1, c("A", "Binet B", "X"), 50))
})

test_that("a blank clinical stage (an empty CSV cell) is missing, not an error", {
  stages <- c("A", "", "  ", "B", NA)
  expect_identical(score_cll_ipi(f, f, 1, stages, 50), c(0, NA, NA, 1, NA))
  expect_identical(score_cll_ipi(f, f, 1, factor(stages), 50),
                   c(0, NA, NA, 1, NA))
  # a known very high group is returned whatever the stage
  expect_identical(as.character(stage_cll_ipi(TRUE, TRUE, 4, "", 70)),
                   "very high")
  cnd <- tryCatch(score_cll_ipi(f, f, 1, c("", "X", "A", "Y"), 50),
                  error = identity)
  expect_identical(cnd$rows, c(2, 4))
})

test_that("CLL-IPI with missing inputs", {
  expect_identical(chr(stage_cll_ipi(t, t, 4, NA, NA)), "very high")
  expect_identical(chr(stage_cll_ipi(t, t, NA, NA, NA)), NA_character_)
  expect_identical(chr(stage_cll_ipi(t, f, 3, NA, 50)), "high")
  expect_identical(chr(stage_cll_ipi(f, f, 1, "A", NA)), "low")
  expect_identical(score_cll_ipi(f, f, 1, "A", NA), NA_real_)
})

test_that("IPSSWM follows the reference file's worked examples", {
  age <- c(60, 60, 60, 70, 60, 70)
  hb <- c(12, 12, 12, 12, 11.5, 12)
  plt <- c(150, 150, 150, 150, 150, 90)
  b2m <- c(2.5, 3.0, 3.5, 2.5, 3.5, 3.1)
  expect_identical(chr(stage_ipsswm(age, hb, plt, b2m, 3)),
                   c("low", "low", "low", "intermediate", "intermediate", "high"))
  expect_identical(score_ipsswm(age, hb, plt, b2m, 3), c(0, 0, 1, 1, 2, 3))
  expect_identical(levels(stage_ipsswm(age, hb, plt, b2m, 3)),
                   c("low", "intermediate", "high"))
})

test_that("IPSSWM thresholds in every unit", {
  e <- 1e-12
  expect_identical(score_ipsswm(60, 11.5 * c(1 - e, 1, 1 + e), 150, 1, 1),
                   c(1, 1, 0))
  expect_identical(score_ipsswm(60, c(114.9, 115, 115.1), 150, 1, 1,
                                hemoglobin_unit = "g/L"), c(1, 1, 0))
  expect_identical(score_ipsswm(60, 13, c(99, 100, 101), 1, 1), c(1, 1, 0))
  expect_identical(score_ipsswm(60, 13, 150, 3 * c(1 - e, 1, 1 + e), 1),
                   c(0, 0, 1))
  expect_identical(score_ipsswm(60, 13, 150, c(0.3, 0.30001), 1,
                                b2m_unit = "mg/dL"), c(0, 1))
  expect_identical(score_ipsswm(60, 13, 150, 1, c(7, 7.001)), c(0, 1))
  expect_identical(score_ipsswm(60, 13, 150, 1, c(70, 70.01), igm_unit = "g/L"),
                   c(0, 1))
  expect_identical(score_ipsswm(60, 13, 150, 1, c(7000, 7001), igm_unit = "mg/dL"),
                   c(0, 1))
  expect_identical(score_ipsswm(c(65, 65.9, 66), 13, 150, 1, 1), c(0, 0, 1))
})

test_that("IPSSWM low needs age <= 65; age alone is intermediate", {
  expect_identical(chr(stage_ipsswm(c(66, 65, 65, 66), 13, c(150, 150, 90, 90),
                                    c(1, 4, 4, 1), 1)),
                   c("intermediate", "low", "intermediate", "intermediate"))
  expect_identical(chr(stage_ipsswm(70, 11, 90, NA, NA)), "high")
  expect_identical(chr(stage_ipsswm(60, 12, 150, 3.5, NA)), NA_character_)
  expect_identical(chr(stage_ipsswm(60, 12, 150, 2.5, NA)), "low") # 0 or 1
  expect_identical(chr(stage_ipsswm(NA, 12, 150, 3.5, 1)), NA_character_)
  expect_identical(chr(stage_ipsswm(NA, 11, 90, 3.5, 1)), "high")
  expect_identical(score_ipsswm(NA, 11, 90, 3.5, 1), NA_real_)
})

test_that("revised IPSSWM follows the reference file's worked examples", {
  s <- stage_ripsswm(age = c(60, 70, 76, 80), b2m = c(3.9, 4.0, 3.9, 5),
                     ldh = c(240, 240, 250, 300), albumin = c(3.6, 3.6, 3.6, 3.0))
  expect_identical(chr(s), c("very low", "intermediate", "high", "very high"))
  expect_identical(levels(s), c("very low", "low", "intermediate", "high",
                                "very high"))
  expect_identical(score_ripsswm(c(60, 70, 76, 80), c(3.9, 4.0, 3.9, 5),
                                 c(240, 240, 250, 300), c(3.6, 3.6, 3.6, 3.0)),
                   c(0, 2, 3, 5))
})

test_that("revised IPSSWM boundaries: >= for B2M and LDH, age bands in years", {
  e <- 1e-12
  expect_identical(score_ripsswm(c(65, 65.9, 66, 75, 75.9, 76), 1, 100, 4),
                   c(0, 0, 1, 1, 1, 2))
  expect_identical(score_ripsswm(50, 4 * c(1 - e, 1, 1 + e), 100, 4), c(0, 1, 1))
  expect_identical(score_ripsswm(50, c(3999, 4000), 100, 4, b2m_unit = "ug/L"),
                   c(0, 1))
  expect_identical(score_ripsswm(50, 1, c(249.9, 250, 251), 4), c(0, 1, 1))
  expect_identical(score_ripsswm(50, 1, 100, 3.5 * c(1 - e, 1, 1 + e)),
                   c(1, 0, 0))
  expect_identical(score_ripsswm(50, 1, 100, c(34.9, 35), albumin_unit = "g/L"),
                   c(1, 0))
  expect_identical(chr(stage_ripsswm(c(60, 66, 80, 80), 1, 100, 4)),
                   c("very low", "low", "intermediate", "intermediate"))
  expect_identical(chr(stage_ripsswm(80, 5, NA, 3.0)), "very high")
  expect_identical(chr(stage_ripsswm(NA, 5, 300, 3.0)), NA_character_)
  expect_identical(score_ripsswm(80, 5, NA, 3.0), NA_real_)
})

test_that("FLIPI2 follows the reference file's worked examples", {
  s <- score_flipi2(age = c(55, 65, 61, 60), b2m = c(2.0, 2.0, 3.0, 2.7),
                    b2m_uln = 2.7, node_diameter_cm = c(4, 4, 7, 6),
                    bone_marrow = c(f, t, f, f), hemoglobin = c(13, 13, 11.9, 12))
  expect_identical(s, c(0, 2, 4, 0))
  expect_identical(chr(stage_flipi2(c(55, 65, 61, 60), c(2.0, 2.0, 3.0, 2.7), 2.7,
                                    c(4, 4, 7, 6), c(f, t, f, f),
                                    c(13, 13, 11.9, 12))),
                   c("low", "intermediate", "high", "low"))
})

test_that("FLIPI2 boundaries: B2M against a per-row laboratory limit, node, haemoglobin, age", {
  e <- 1e-12
  expect_identical(score_flipi2(50, c(2.7 * (1 - e), 2.7, 2.7 * (1 + e), 2.5),
                                c(2.7, 2.7, 2.7, 2.34), 2, f, 14),
                   c(0, 0, 1, 1))
  expect_identical(score_flipi2(50, c(2700, 2701), 2700, 2, f, 14,
                                b2m_unit = "ng/mL"), c(0, 1))
  expect_identical(score_flipi2(50, 1, 2.7, 6 * c(1 - e, 1, 1 + e), f, 14),
                   c(0, 0, 1))
  expect_identical(score_flipi2(50, 1, 2.7, 2, f, 12 * c(1 - e, 1, 1 + e)),
                   c(1, 0, 0))
  expect_identical(score_flipi2(50, 1, 2.7, 2, f, c(119, 120), hemoglobin_unit = "g/L"),
                   c(1, 0))
  expect_identical(score_flipi2(c(60, 60.9, 61), 1, 2.7, 2, f, 14), c(0, 0, 1))
  expect_error(score_flipi2(50, 1, 0, 2, f, 14), class = "b2m_error_value")
  expect_error(score_flipi2(50, 1, 2.7, 2, 1, 14), class = "b2m_error_type")
  expect_error(score_flipi2(50, 1, 2.7, 60, f, 14), class = "b2m_error_value")
})

test_that("FLIPI2 with a missing B2M or limit", {
  expect_identical(chr(stage_flipi2(60, NA, 2.7, 6, t, 12)), "intermediate")
  expect_identical(chr(stage_flipi2(60, 3, NA, 6, t, 12)), "intermediate")
  expect_identical(chr(stage_flipi2(61, NA, NA, 7, t, 12)), "high")
  expect_identical(chr(stage_flipi2(61, NA, NA, 7, f, 12)), NA_character_)
  expect_identical(chr(stage_flipi2(60, NA, NA, 6, f, 12)), NA_character_)
  expect_identical(score_flipi2(60, 3, NA, 6, t, 12), NA_real_)
})

test_that("PRIMA-PI follows the reference file's worked examples", {
  s <- stage_prima_pi(c(3.0, 3.01, 2.5, 3.5, 3.0, NA, 3.01), c(t, f, f, NA, NA, f, t))
  expect_identical(chr(s), c("intermediate", "high", "low", "high", NA, NA, "high"))
  expect_identical(levels(s), c("low", "intermediate", "high"))
  expect_identical(chr(stage_prima_pi(c(0.3, 0.30001), f, b2m_unit = "mg/dL")),
                   c("low", "high"))
  expect_identical(chr(stage_prima_pi(c(3000, 3001), f, b2m_unit = "ug/L")),
                   c("low", "high"))
})

test_that("PRIMA-PI boundaries: B2M above 3 mg/L in every unit, marrow", {
  b2m <- c(3 * (1 - 1e-12), 3, 3 * (1 + 1e-12))
  expect_identical(chr(stage_prima_pi(b2m, f)), c("low", "low", "high"))
  expect_identical(chr(stage_prima_pi(b2m, t)),
                   c("intermediate", "intermediate", "high"))
  expect_identical(chr(stage_prima_pi(c(254.2372, 254.2373), f,
                                      b2m_unit = "nmol/L")), c("low", "high"))
  expect_identical(chr(stage_prima_pi(3, NA)), NA_character_)
  expect_identical(chr(stage_prima_pi(3.01, NA)), "high")
})

test_that("bad values and types in the lymphoid systems", {
  expect_error(stage_cll_ipi(1, f, 1, "A", 50), class = "b2m_error_type")
  expect_error(stage_cll_ipi(f, f, 1, "A", 130), class = "b2m_error_value")
  expect_error(stage_cll_ipi(f, f, 1, "A", -1), class = "b2m_error_value")
  expect_error(stage_ipsswm(60, 120, 150, 1, 1), class = "b2m_error_value")
  expect_error(stage_ipsswm(60, 12, 150, 1, 1, hemoglobin_unit = "mmol/L"),
               class = "b2m_error_unit")
  expect_error(stage_ipsswm(60, 12, -5, 1, 1), class = "b2m_error_value")
  expect_error(stage_ripsswm(60, 1, Inf, 4), class = "b2m_error_value")
  expect_error(stage_ripsswm(60, 1:2, 100, 1:3), class = "b2m_error_length")
  expect_error(stage_prima_pi(1, "yes"), class = "b2m_error_type")
  expect_snapshot(error = TRUE, stage_ipsswm(60, c(12, 120), 150, 1, 1))
  expect_snapshot(error = TRUE, stage_flipi2(50, 1, c(2.7, 0), 2, FALSE, 14))
  expect_snapshot(error = TRUE, stage_cll_ipi(FALSE, FALSE, 1, "A", c(50, 150)))
})

test_that("the C core agrees with plain-R definitions on random rows", {
  set.seed(20240302)
  n <- 1200
  age <- with_na(near(n, c(60, 65, 66, 75, 76), c(20, 95)) + c(0, 0.5)[1 + (stats::runif(n) < 0.3)])
  age <- pmin(age, 110)
  b2m <- with_na(near(n, c(2.7, 3, 3.5, 4), c(0.5, 12)))
  cll <- data.frame(tp53 = random_flag(n), ighv_unmutated = random_flag(n),
                    b2m = b2m,
                    clinical_stage = with_na(sample(c("A", "B", "C", "0", "I", "IV"),
                                                    n, TRUE)),
                    age = age, stringsAsFactors = FALSE)
  expect_identical(chr(do.call(stage_cll_ipi, cll)),
                   reference_stage(ref_cll_ipi, cll, lymphoid_candidates))
  wm <- data.frame(age = age, hemoglobin = with_na(near(n, 11.5, c(8, 15))),
                   platelets = with_na(near(n, 100, c(20, 300))), b2m = b2m,
                   igm = with_na(near(n, 7, c(0.5, 10))))
  expect_identical(chr(do.call(stage_ipsswm, wm)),
                   reference_stage(ref_ipsswm, wm, lymphoid_candidates))
  rwm <- data.frame(age = age, b2m = b2m, ldh = with_na(near(n, 250, c(100, 500))),
                    albumin = with_na(near(n, 3.5, c(2, 5))))
  expect_identical(chr(do.call(stage_ripsswm, rwm)),
                   reference_stage(ref_ripsswm, rwm, lymphoid_candidates))
  fl <- data.frame(age = age, b2m = b2m,
                   b2m_uln = with_na(sample(c(2.34, 2.7, 3), n, TRUE)),
                   node_diameter_cm = with_na(near(n, 6, c(1, 12))),
                   bone_marrow = random_flag(n),
                   hemoglobin = with_na(near(n, 12, c(8, 15))))
  expect_identical(chr(do.call(stage_flipi2, fl)),
                   reference_stage(ref_flipi2, fl, lymphoid_candidates))
  prima <- data.frame(b2m = b2m, bone_marrow = random_flag(n))
  expect_identical(chr(do.call(stage_prima_pi, prima)),
                   reference_stage(ref_prima_pi, prima, lymphoid_candidates))

  # complete rows: the scores equal the plain-R scores
  for (case in list(list(score_cll_ipi, ref_cll_ipi_score, cll),
                    list(score_ipsswm, ref_ipsswm_score, wm),
                    list(score_ripsswm, ref_ripsswm_score, rwm),
                    list(score_flipi2, ref_flipi2_score, fl))) {
    data <- case[[3]]
    full <- data[stats::complete.cases(data), ]
    expected <- vapply(seq_len(nrow(full)), function(i) {
      as.numeric(do.call(case[[2]], as.list(full[i, , drop = FALSE])))
    }, numeric(1))
    expect_identical(do.call(case[[1]], full), expected)
    expect_true(all(is.na(do.call(case[[1]], data)[!stats::complete.cases(data)])))
  }
})

test_that("rows of the example cohort checked by hand: CLL", {
  d <- b2m_example("cohort")
  out <- suppressWarnings(suppressMessages(b2m_annotate(d)))
  row <- function(id) out[out$id == id, ]
  # P002: CLL, TP53 normal, IGHV unmutated 2, B2M 1.9, Binet B 1, age 73 1
  expect_identical(row("P002")$cll_ipi_score, 4)
  expect_identical(as.character(row("P002")$cll_ipi), "high")
})

test_that("CLL-IPI: a long stage label echoed in a message is shortened", {
  long <- strrep("x", 1e6)
  cnd <- tryCatch(stage_cll_ipi(FALSE, FALSE, 2, long, 50), error = identity)
  expect_s3_class(cnd, "b2m_error")
  expect_lt(nchar(conditionMessage(cnd)), 500)
  expect_match(conditionMessage(cnd), "xxx...", fixed = TRUE)
})

test_that("CLL-IPI: an unused unknown level of the stage factor is no error", {
  stage <- factor(c("A", "B"), levels = c("A", "B", "unknown"))
  expect_identical(stage_cll_ipi(FALSE, FALSE, 2, stage, 50),
                   stage_cll_ipi(FALSE, FALSE, 2, c("A", "B"), 50))
  expect_identical(score_cll_ipi(FALSE, FALSE, 2, stage, 50),
                   score_cll_ipi(FALSE, FALSE, 2, c("A", "B"), 50))
})

test_that("FLIPI2: the B2M limit is checked in the unit of B2M", {
  cnd <- tryCatch(stage_flipi2(50, 2000, 2.7, 3, FALSE, 13, b2m_unit = "ug/L"),
                  error = identity)
  expect_s3_class(cnd, "b2m_error_unit")
  expect_identical(cnd$arg, "b2m_uln")
})

test_that("FLIPI2: a B2M limit given once is checked in each row's unit", {
  # 2700 fits the first row's ug/L, and is impossible in the mg/L rows
  cnd <- tryCatch(
    stage_flipi2(c(55, 65, 61), c(2000, 2, 3), 2700, c(5, 7, 3),
                 c(FALSE, TRUE, FALSE), c(13, 11, 12),
                 b2m_unit = c("ug/L", "mg/L", "mg/L")),
    error = identity)
  expect_s3_class(cnd, "b2m_error_value")
  expect_identical(c(cnd$arg, cnd$rows), c("b2m_uln", "2", "3"))
})

test_that("PRIMA-PI reads the marrow flag in the user's numeric codes", {
  set_options(b2m.flag_labels = list(true = c("pos", "1"),
                                              false = c("neg", "0")))
  expect_identical(stage_prima_pi(c(1, 1), c("1", "0")),
                   stage_prima_pi(c(1, 1), c(TRUE, FALSE)))
  reset_codings()
})

test_that("b2m_rules() states the IPSSWM groups, low risk excluding age", {
  groups <- b2m_rules()
  groups <- groups[groups$input %in% "score", ]
  expect_identical(groups$criterion[groups$system == "ipsswm"],
                   c("low risk when the score is 0 to 1 and not age > 65 years",
                     "intermediate risk when the score is 0 to 2",
                     "high risk when the score is 3 to 5"))
})

# Calls longer than one chunk of the C glue (65536 rows): every stage and
# score is the one the rows get in short calls, and for bad values the rows
# reported first and the count are those of the whole call.
test_that("FLIPI2 and IPSSWM over several chunks give what short calls give", {
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

# Bad input ---------------------------------------------------------------------
# The catalogue's specs (helper-bad-input.R) of this file's functions: valid
# rows where every input decides the stage, so that a missing input leaves
# it open (NA), except where noted.

# Score 1 (the age point), low: the age alone cannot decide the group (0 or
# 1 is low either way), every other input can.
cll_ipi_spec <- function(age_missing) {
  bad_input_spec(
    valid = list(tp53 = c(FALSE, FALSE, FALSE), ighv_unmutated = c(FALSE, FALSE, FALSE),
                 b2m = c(2, 3, 3.5), clinical_stage = c("A", "0", "a"),
                 age = c(66, 70, 80), b2m_unit = "mg/L"),
    args = list(tp53 = lgl(), ighv_unmutated = lgl(),
                b2m = num("b2m", "b2m_unit"), clinical_stage = label(),
                age = num("age", missing = age_missing), b2m_unit = unit_arg(per_row = TRUE))
  )
}

# Age 65 or less and one adverse characteristic, B2M > 3 mg/L: low. Without
# the B2M it is 0 or 1, low either way; every other input decides.
ipsswm_spec <- function(b2m_missing) {
  bad_input_spec(
    valid = list(age = c(50, 60, 65), hemoglobin = c(130, 125, 140),
                 platelets = c(150, 200, 300), b2m = c(3.5, 4, 5),
                 igm = c(3, 1, 20), hemoglobin_unit = "g/L",
                 igm_unit = "g/L", b2m_unit = "mg/L"),
    args = list(age = num("age"),
                hemoglobin = num("hemoglobin", "hemoglobin_unit"),
                platelets = num("platelets"),
                b2m = num("b2m", "b2m_unit", missing = b2m_missing),
                igm = num("igm", "igm_unit"),
                hemoglobin_unit = unit_arg(per_row = TRUE), igm_unit = unit_arg(per_row = TRUE),
                b2m_unit = unit_arg(per_row = TRUE))
  )
}

# Score 0, very low: every input decides.
ripsswm_spec <- bad_input_spec(
  valid = list(age = c(50, 60, 65), b2m = c(2, 3, 3.9), ldh = c(150, 200, 249),
               albumin = c(4, 3.5, 4.5), b2m_unit = "mg/L",
               albumin_unit = "g/dL"),
  args = list(age = num("age"), b2m = num("b2m", "b2m_unit"), ldh = num("ldh"),
              albumin = num("albumin", "albumin_unit"), b2m_unit = unit_arg(per_row = TRUE),
              albumin_unit = unit_arg(per_row = TRUE))
)

# Score 0, low: every input decides (a missing limit leaves B2M above it or
# not).
flipi2_spec <- bad_input_spec(
  valid = list(age = c(50, 55, 60), b2m = c(2, 2.5, 2.7), b2m_uln = c(2.7, 2.7, 3),
               node_diameter_cm = c(2, 4, 6), bone_marrow = c(FALSE, FALSE, FALSE),
               hemoglobin = c(13, 12, 14), b2m_unit = "mg/L",
               hemoglobin_unit = "g/dL"),
  args = list(age = num("age"), b2m = num("b2m", "b2m_unit"),
              b2m_uln = num("b2m", "b2m_unit", positive = TRUE, limit = TRUE),
              node_diameter_cm = num("node_diameter"), bone_marrow = lgl(),
              hemoglobin = num("hemoglobin", "hemoglobin_unit"),
              b2m_unit = unit_arg(per_row = TRUE), hemoglobin_unit = unit_arg(per_row = TRUE)),
  # a laboratory's limit is read as a number: a censored one is missing,
  # with a warning
  extra = list(bad_case(
    "b2m_uln censored",
    list(age = c(50, 55, 60), b2m = c(2, 2.5, 2.7),
         b2m_uln = b2m_parse_result(c("2.7", "<2.7", "3")),
         node_diameter_cm = c(2, 4, 6), bone_marrow = c(FALSE, FALSE, FALSE),
         hemoglobin = c(13, 12, 14), b2m_unit = "mg/L", hemoglobin_unit = "g/dL"),
    "na", na_rows = 2L, warning = "b2m_warning_censored"))
)

test_bad_input(list(
  stage_cll_ipi = cll_ipi_spec(age_missing = "ok"),
  score_cll_ipi = cll_ipi_spec(age_missing = "na"),
  stage_ipsswm = ipsswm_spec(b2m_missing = "ok"),
  score_ipsswm = ipsswm_spec(b2m_missing = "na"),
  stage_ripsswm = ripsswm_spec,
  score_ripsswm = ripsswm_spec,
  stage_flipi2 = flipi2_spec,
  score_flipi2 = flipi2_spec,
  stage_prima_pi = bad_input_spec(
    valid = list(b2m = c(1, 2, 3), bone_marrow = c(FALSE, FALSE, FALSE),
                 b2m_unit = "mg/L"),
    args = list(b2m = num("b2m", "b2m_unit"), bone_marrow = lgl(),
                b2m_unit = unit_arg(per_row = TRUE))
  )
))

test_that("a censored B2M is decided against the laboratory's limit; a censored limit or age is missing", {
  # FLIPI2: B2M against the laboratory's limit
  x <- stage_flipi2(age = 50, b2m = b2m_parse_result(c(">3", "<2", "<=2.5", "<2.5")),
                    b2m_uln = 2.5, node_diameter_cm = 2, bone_marrow = FALSE,
                    hemoglobin = 14)
  expect_identical(as.character(x), c("intermediate", "low", "low", "low"))
  x <- stage_flipi2(age = 50, b2m = b2m_parse_result(">=2.5"), b2m_uln = 2.5,
                    node_diameter_cm = 2, bone_marrow = FALSE, hemoglobin = 14)
  expect_identical(as.character(x), NA_character_)
  # a laboratory's limit and an age are read as numbers: a censored one is
  # missing, with a warning
  w <- expect_warning(x <- stage_flipi2(50, 2, b2m_parse_result("<3"), 2, FALSE, 14),
                      class = "b2m_warning_censored")
  expect_identical(w$arg, "b2m_uln")
  expect_identical(as.character(x), NA_character_)
  w <- expect_warning(x <- stage_cll_ipi(FALSE, FALSE, 2, "A", b2m_parse_result(">65")),
                      class = "b2m_warning_censored")
  expect_identical(w$arg, "age")
  expect_identical(x, stage_cll_ipi(FALSE, FALSE, 2, "A", NA))
})

test_that("a FLIPI2 stage sentence says B2M against the limit after the stage", {
  rules <- b2m:::staging_rules()
  flipi2 <- rules[rules$system == "flipi2", ]
  bit <- function(rows) as.integer(sum(2^(rows - 1)))
  expect_identical(b2m:::deciding_text("flipi2", bit(which(!is.na(flipi2$versus)))), "")
  expect_identical(b2m:::deciding_text("flipi2", bit(which(flipi2$input == "bone_marrow"))),
                   "bone marrow involvement")
})
