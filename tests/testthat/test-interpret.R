# The interpretation rules are tested on hand-built annotated columns, then
# end to end through a fake registry.

status <- function(x) factor(x, levels = c("normal", "elevated"))

test_that("each mechanism follows its rule", {
  s <- status(c("elevated", "elevated", "elevated", "elevated", "normal",
                NA, "normal", "elevated", "elevated"))
  egfr <- c(40, 40, 80, 80, 80, 80, 80, NA, 40)
  excess <- c(2, 1, 2, 1, 1, 1, 1, NA, NA)
  pattern <- c(NA, NA, NA, NA, "normal", NA, "tubular", NA, NA)
  m <- interpret_mechanism(s, egfr, excess, pattern)
  expect_s3_class(m, "factor")
  expect_identical(levels(m), c("normal", "reduced clearance",
                                "increased production", "both", "tubular",
                                "indeterminate"))
  expect_identical(as.character(m), c(
    "both", "reduced clearance", "increased production", "indeterminate",
    "normal", NA, "tubular", "indeterminate", "indeterminate"))
})

test_that("the eGFR cut-off is < 60 and the excess cut-off > 1.5", {
  s <- status(rep("elevated", 6))
  m <- interpret_mechanism(s, egfr = c(59.99, 60, 60.01, 40, 40, 40),
                           excess = c(1, 1, 1, 1.49, 1.5, 1.51))
  expect_identical(as.character(m), c(
    "reduced clearance", "indeterminate", "indeterminate",
    "reduced clearance", "reduced clearance", "both"))
  m <- interpret_mechanism(s[1:3], egfr = 80, excess = c(1.49, 1.5, 1.51))
  expect_identical(as.character(m), c("indeterminate", "indeterminate",
                                      "increased production"))
})

test_that("without kidney function or excess an elevation is indeterminate", {
  m <- interpret_mechanism(status(c("elevated", "normal", NA)))
  expect_identical(as.character(m), c("indeterminate", "normal", NA))
  m <- interpret_mechanism(status("elevated"), egfr = 30)
  expect_identical(as.character(m), "indeterminate")
})

test_that("a tubular pattern wins and other patterns do not set a mechanism", {
  s <- status(c("normal", "elevated", "elevated", "normal"))
  pattern <- factor(c("tubular", "combined", "glomerular", NA),
                    levels = c("normal", "glomerular", "tubular", "combined"))
  m <- interpret_mechanism(s, egfr = c(90, 90, 30, 90),
                           excess = c(1, 3, 1, 1), pattern = pattern)
  expect_identical(as.character(m), c("tubular", "increased production",
                                      "reduced clearance", "normal"))
})

test_that("the follow-up follows the reference file's work-up", {
  renal <- "renal function (creatinine, urea, eGFR)"
  prod <- paste("serum protein electrophoresis with immunofixation,",
                "serum free light chains, blood count and LDH")
  tub <- paste("urine B2M with its pH on a pH-adjusted collection;",
               "exposure history (nephrotoxic drugs, cadmium, mercury)")
  m <- factor(c("normal", "reduced clearance", "increased production", "both",
                "tubular", "indeterminate", "indeterminate", NA,
                "increased production"), levels = mechanism_levels)
  egfr <- c(90, 40, 80, 40, 90, NA, 80, NA, 80)
  pattern <- c(NA, NA, NA, NA, "tubular", NA, NA, NA, "combined")
  expect_identical(interpret_follow_up(m, egfr, pattern), c(
    "", renal, prod, paste(renal, prod, sep = "; "), tub, renal, prod, NA,
    paste(prod, tub, sep = "; ")))
  # kidney function unknown: renal function first
  expect_identical(interpret_follow_up(m[5], NULL, "tubular"),
                   paste(renal, tub, sep = "; "))
})

test_that("comments are plain sentences that say B2M is non-specific", {
  m <- factor(c("normal", "reduced clearance", "increased production", "both",
                "tubular", "indeterminate", "indeterminate", NA),
              levels = mechanism_levels)
  fold <- c(0.8, 2, 2.04, 3, 0.9, 1.5, 1.2, NA)
  egfr <- c(90, 40.4, 80, 40, 90, NA, 75, NA)
  comment <- interpret_comment(m, fold, egfr)
  expect_identical(comment[1], "Serum B2M is within the reference interval.")
  expect_identical(comment[8], NA_character_)
  expect_true(all(grepl("non-specific", comment[2:7])))
  expect_match(comment[2], "(2.0 x the upper reference limit)", fixed = TRUE)
  expect_match(comment[2], "eGFR 40 mL/min/1.73 m^2", fixed = TRUE)
  expect_match(comment[3], "suggesting increased production", fixed = TRUE)
  expect_match(comment[5], "proximal tubular dysfunction", fixed = TRUE)
  expect_match(comment[6], "kidney function is unknown", fixed = TRUE)
  expect_snapshot(writeLines(comment))
  # without a fold of the limit the comment says only "raised"
  expect_match(interpret_comment(m[2], NULL, 40), "^Serum B2M is raised, as")
})

# End to end with a fake registry ----------------------------------------------

fake_status <- function(x, unit = "mg/L", uln = NULL) {
  factor(ifelse(x > 2.7, "elevated", "normal"), c("normal", "elevated"))
}
fake_fold <- function(x, unit = "mg/L", uln = NULL) x / 2.7
fake_egfr_cr <- function(creatinine, age, sex, creatinine_unit = "mg/dL") {
  100 / creatinine
}
fake_excess <- function(b2m, egfr, b2m_unit = "mg/L") b2m / (200 / egfr)
fake_pattern <- function(serum_b2m, urine_b2m, serum_unit, urine_unit) {
  ifelse(serum_b2m <= 2.7 & urine_b2m > 300, "tubular", "normal")
}
fake_env <- environment()

interpret_fake <- function(data, ...) {
  entry <- registry_entry
  registry <- list(
    entries = list(
      entry("b2m_status", "fake_status", "reference", c(x = "b2m"),
            c(unit = "b2m")),
      entry("b2m_fold_uln", "fake_fold", "reference", c(x = "b2m"),
            c(unit = "b2m")),
      entry("egfr_cr", "fake_egfr_cr", "ckdepi_cr",
            c(creatinine = "creatinine", age = "age", sex = "sex"),
            c(creatinine_unit = "creatinine")),
      entry("b2m_excess", "fake_excess", "egfr_b2m",
            c(b2m = "b2m", egfr = "egfr"), c(b2m_unit = "b2m")),
      entry("b2m_pattern", "fake_pattern", "pattern",
            c(serum_b2m = "b2m", urine_b2m = "urine_b2m"),
            c(serum_unit = "b2m", urine_unit = "urine_b2m"))
    ),
    derived = annotate_registry()$derived,
    env = fake_env
  )
  suppressMessages(interpret_data(data, registry, ...))
}

cases <- data.frame(
  id = 1:6,
  b2m = c(2.0, 6.0, 6.0, 3.0, 2.0, NA),
  creatinine = c(1, 4, 1, 1.6, 1, 1),
  age = 60, sex = "female",
  urine_b2m = c(100, 100, 100, 100, 5000, 100),
  stringsAsFactors = FALSE
)

test_that("interpretation appends the four columns after the annotation", {
  out <- interpret_fake(cases)
  expect_identical(names(out), c(names(cases), "b2m_status", "b2m_fold_uln",
                                 "egfr_cr", "b2m_excess", "b2m_pattern",
                                 "b2m_mechanism", "b2m_follow_up",
                                 "b2m_comment"))
  expect_identical(out[names(cases)], cases)
  # eGFR 100, 25, 100, 62.5, 100; excess 1, 0.75, 3, 0.94, 1
  expect_identical(as.character(out$b2m_mechanism), c(
    "normal", "reduced clearance", "increased production", "indeterminate",
    "tubular", NA))
  expect_identical(out$b2m_follow_up[c(1, 6)], c("", NA))
  expect_type(out$b2m_comment, "character")
})

test_that("interpretation needs serum B2M and respects existing columns", {
  expect_error(interpret_fake(cases[c("id", "creatinine")]),
               class = "b2m_error_column")
  clash <- cases
  clash$b2m_comment <- "mine"
  cnd <- tryCatch(interpret_fake(clash), error = identity)
  expect_s3_class(cnd, "b2m_error_column")
  expect_identical(cnd$column, "b2m_comment")
  out <- interpret_fake(clash, overwrite = TRUE)
  expect_identical(which(names(out) == "b2m_comment"), 7L)
  expect_snapshot(b2m_interpret(data.frame(x = 1)), error = TRUE)
})

test_that("interpretation keeps the class of the data", {
  skip_if_not_installed("tibble")
  out <- interpret_fake(tibble::as_tibble(cases))
  expect_s3_class(out, "tbl_df")
  expect_identical(as.character(out$b2m_mechanism)[1:3],
                   c("normal", "reduced clearance", "increased production"))
})

# The mechanism of one row, written from the rules of ?b2m_interpret apart
# from the package's vectorised code.
mechanism_of <- function(status, egfr, excess, pattern) {
  if (!is.na(pattern) && pattern == "tubular") return("tubular")
  if (is.na(status)) return(NA_character_)
  if (status == "normal") return("normal")
  if (is.na(egfr) || is.na(excess)) return("indeterminate")
  if (egfr < 60 && excess > 1.5) return("both")
  if (egfr < 60) return("reduced clearance")
  if (excess > 1.5) return("increased production")
  "indeterminate"
}

test_that("the example cohort is interpreted by the rules, every mechanism met", {
  cohort <- b2m_example("cohort")
  out <- suppressWarnings(suppressMessages(b2m_interpret(cohort)))
  expect_identical(names(out), c(
    names(cohort), names(suppressWarnings(suppressMessages(
      b2m_annotate(cohort))))[-seq_along(cohort)],
    "b2m_mechanism", "b2m_follow_up", "b2m_comment"))
  expect_identical(out[names(cohort)], cohort)
  expect_identical(levels(out$b2m_mechanism), mechanism_levels)
  expect_false(is.ordered(out$b2m_mechanism))
  expect_type(out$b2m_follow_up, "character")
  expect_type(out$b2m_comment, "character")
  # every level is reached on the example cohort
  expect_true(all(table(out$b2m_mechanism) > 0))
  egfr <- ifelse(!is.na(out$egfr_crcys), out$egfr_crcys,
                 ifelse(!is.na(out$egfr_cys), out$egfr_cys, out$egfr_cr))
  expected <- vapply(seq_len(nrow(out)), function(i) {
    mechanism_of(as.character(out$b2m_status[i]), egfr[i],
                 out$b2m_excess[i], as.character(out$b2m_pattern[i]))
  }, character(1))
  expect_identical(as.character(out$b2m_mechanism), expected)
  # NA only where serum B2M is missing and the urine is not tubular
  expect_identical(is.na(out$b2m_mechanism),
                   is.na(cohort$b2m) & !out$b2m_pattern %in% "tubular")
  m <- as.character(out$b2m_mechanism)
  expect_true(all(out$b2m_follow_up[m %in% "normal"] == ""))
  expect_true(all(grepl("renal function",
                        out$b2m_follow_up[m %in% c("reduced clearance",
                                                   "both")])))
  # the cohort has a diagnosis: no screen for a malignancy already known,
  # and "non-specific" only where no cause is known
  malignancy <- out$b2m_diagnosis %in% staging_systems()$disease
  unexplained <- is.na(out$b2m_diagnosis) |
    out$b2m_diagnosis %in% c("CKD", "other")
  production <- m %in% c("increased production", "both")
  expect_true(any(production & malignancy))
  expect_true(all(grepl("electrophoresis",
                        out$b2m_follow_up[production & !malignancy])))
  expect_false(any(grepl("electrophoresis", out$b2m_follow_up[malignancy])))
  expect_true(all(grepl("urine B2M", out$b2m_follow_up[m %in% "tubular"])))
  raised <- !m %in% "normal" & !is.na(m)
  expect_true(all(grepl("non-specific", out$b2m_comment[raised & unexplained])))
  expect_false(any(grepl("non-specific", out$b2m_comment[!unexplained])))
})

test_that("the C rules have the mechanism levels of the factor", {
  expect_identical(.Call(C_r_interpret_levels), mechanism_levels)
})

# The comment of one row, written from the templates of ?b2m_interpret
# apart from the package's C.
comment_of <- function(mechanism, fold, egfr) {
  if (is.na(mechanism)) return(NA_character_)
  raised <- if (is.na(fold)) "Serum B2M is raised" else
    sprintf("Serum B2M is raised (%.1f x the upper reference limit)", fold)
  gfr <- sprintf("eGFR %.0f mL/min/1.73 m^2", egfr)
  text <- switch(mechanism,
    "normal" = return("Serum B2M is within the reference interval."),
    "reduced clearance" = sprintf("%s, as the reduced kidney function (%s) explains.", raised, gfr),
    "both" = sprintf("%s, more than the reduced kidney function (%s) explains.", raised, gfr),
    "increased production" = sprintf("%s with kidney function that does not explain it (%s), suggesting increased production.", raised, gfr),
    "indeterminate" = if (is.na(egfr)) {
      sprintf("%s; kidney function is unknown, so the cause cannot be told.", raised)
    } else {
      sprintf("%s with %s; neither reduced clearance nor increased production is clear.", raised, gfr)
    },
    "tubular" = "Urine B2M is raised above its limit while serum B2M is not, a pattern of proximal tubular dysfunction.")
  paste(text, "B2M is non-specific: this is a signpost, not a diagnosis.")
}

test_that("comments shared by repeated rows equal each row's own", {
  set.seed(14)
  n <- 3000
  m <- factor(sample(c(mechanism_levels, NA), n, TRUE), levels = mechanism_levels)
  # few distinct values, so rows repeat; halves and -0 where rounding and
  # sign could merge two texts
  fold <- sample(c(NA, 0, -0, 1.25, 1.35, 2, 2.04, 2.05, 7.95), n, TRUE)
  egfr <- sample(c(NA, 0.5, -0.4, 40.5, 41.5, 59.99, 60, 89.5), n, TRUE)
  expected <- vapply(seq_len(n), function(i) {
    comment_of(as.character(m[i]), fold[i], egfr[i])
  }, "")
  expect_identical(interpret_comment(m, fold, egfr), expected)
  # unique values: no row shares a text by mistake
  fold <- round(stats::runif(n, 0.1, 10), 3)
  egfr <- stats::runif(n, 5, 120)
  expected <- vapply(seq_len(n), function(i) {
    comment_of(as.character(m[i]), fold[i], egfr[i])
  }, "")
  expect_identical(interpret_comment(m, fold, egfr), expected)
})

# Comments that use the diagnosis ----------------------------------------------

dx <- function(x) factor(x, levels = b2m:::diagnosis_levels())
mech <- function(x) factor(x, levels = mechanism_levels)
iss_stage <- function(x) factor(x, levels = c("I", "II", "III"), ordered = TRUE)

test_that("a known malignancy gets its stage with where B2M stands, no caveat and no screen", {
  b2m <- c(6.2, 5.5, 5.49, 3.5, 3.49, 2.5)
  stages <- list(iss = list(system = "iss",
                            stage = iss_stage(c("III", "III", "II", "II", "II", "I"))))
  m <- mech(c("increased production", "increased production", "both",
              "increased production", "normal", "normal"))
  known <- interpret_diagnosis(dx(rep("myeloma", 6)), m, stages, b2m)
  expect_identical(known$suffix, c(
    "ISS stage III: B2M 6.2 mg/L, at or above 5.5.",
    "ISS stage III: B2M 5.5 mg/L, at or above 5.5.",
    "ISS stage II: B2M 5.49 mg/L, at or above 3.5 and below 5.5.",
    "ISS stage II: B2M 3.5 mg/L, at or above 3.5 and below 5.5.",
    "ISS stage II: B2M 3.49 mg/L, below 3.5.",
    "ISS stage I: B2M 2.5 mg/L, below 3.5."))
  expect_identical(known$caveat, rep(FALSE, 6))
  expect_identical(known$screen, rep(FALSE, 6))
  comment <- interpret_comment(m[1], 2.3, 80, known$caveat[1], known$suffix[1])
  expect_identical(comment, paste(
    "Serum B2M is raised (2.3 x the upper reference limit) with kidney",
    "function that does not explain it (eGFR 80 mL/min/1.73 m^2), suggesting",
    "increased production. ISS stage III: B2M 6.2 mg/L, at or above 5.5."))
  # the kidney part of the work-up stays, the screen goes
  expect_identical(
    interpret_follow_up(mech(c("both", "increased production")), c(40, 80),
                        NULL, known$screen[1:2]),
    c("renal function (creatinine, urea, eGFR)", ""))
})

test_that("each system is said for its own disease only, in its unit", {
  stages <- list(
    iss = list(system = "iss", stage = iss_stage(c("III", "III", NA))),
    cll_ipi = list(system = "cll_ipi",
                   stage = factor(c("high", "low", "high"),
                                  levels = c("low", "intermediate", "high",
                                             "very high"), ordered = TRUE)),
    flipi2 = list(system = "flipi2",
                  stage = factor(c("low", "high", "high"),
                                 levels = c("low", "intermediate", "high"),
                                 ordered = TRUE)))
  known <- interpret_diagnosis(
    dx(c("myeloma", "CLL", "follicular lymphoma")), mech(rep("normal", 3)),
    stages, b2m = c(6200, 3500, 3000), b2m_unit = "ug/L",
    b2m_uln = c(2700, 2700, 3000))
  expect_identical(known$suffix, c(
    "ISS stage III: B2M 6.2 mg/L, at or above 5.5.",
    "CLL-IPI low risk: B2M 3.5 mg/L, at or below 3.5.",
    "FLIPI2 high risk: B2M 3 mg/L, at or below the upper limit."))
  # B2M unknown: the stage alone
  cll <- list(cll_ipi = list(system = "cll_ipi",
                             stage = stages$cll_ipi$stage[1]))
  known <- interpret_diagnosis(dx("CLL"), mech(NA), cll, b2m = NA_real_)
  expect_identical(known$suffix, "CLL-IPI high risk.")
})

test_that("dialysis, HIV and autoimmune disease name the known cause of a raised B2M", {
  m <- mech(c("reduced clearance", "increased production", "both",
              "indeterminate", "normal", "tubular"))
  known <- interpret_diagnosis(
    dx(c("dialysis", "HIV", "SLE", "rheumatoid arthritis", "HIV", "dialysis")), m)
  expect_identical(known$suffix, c(
    paste("On dialysis a serum B2M many times normal is expected (15-30 times",
          "normal in haemodialysis), not unexplained."),
    "The known HIV infection is a cause of increased B2M production.",
    paste("The known systemic lupus erythematosus, an autoimmune disease, is a",
          "cause of increased B2M production."),
    paste("The known rheumatoid arthritis, an autoimmune disease, is a cause",
          "of increased B2M production."),
    NA, NA))
  expect_identical(known$caveat, c(FALSE, FALSE, FALSE, FALSE, TRUE, TRUE))
  expect_identical(known$screen, rep(TRUE, 6))
  expect_identical(
    interpret_comment(m[1], 14.8, 8, known$caveat[1], known$suffix[1]),
    paste("Serum B2M is raised (14.8 x the upper reference limit), as the",
          "reduced kidney function (eGFR 8 mL/min/1.73 m^2) explains. On",
          "dialysis a serum B2M many times normal is expected (15-30 times",
          "normal in haemodialysis), not unexplained."))
})

test_that("without a known diagnosis the comment stays non-specific", {
  m <- mech(c("increased production", "increased production", "both"))
  none <- interpret_diagnosis(NULL, m)
  expect_identical(none, list(suffix = NA_character_, caveat = TRUE,
                              screen = TRUE))
  known <- interpret_diagnosis(dx(c(NA, "CKD", "other")), m)
  expect_identical(known$suffix, rep(NA_character_, 3))
  expect_identical(known$caveat, rep(TRUE, 3))
  expect_match(interpret_comment(m, 2, 80, known$caveat, known$suffix),
               "B2M is non-specific: this is a signpost, not a diagnosis.$")
})

test_that("rows are grouped by equal values of every column", {
  g <- .Call(C_r_row_groups, list(
    factor(c("a", "b", "a", "a", NA, "a")), c(1, 1, 1, NaN, NA, 1), "x",
    c("u", "u", "u", "u", "u", "v")))
  expect_identical(g$group, c(1L, 2L, 1L, 3L, 4L, 5L))
  expect_identical(g$first, c(1L, 2L, 4L, 5L, 6L))
  # many groups (the table grows), each row its own
  g <- .Call(C_r_row_groups, list(1:5000, rep(c(2.5, 2.5), 2500)))
  expect_identical(g$group, 1:5000)
  g <- .Call(C_r_row_groups, list(rep(1:700, 3)))
  expect_identical(g$group, rep(1:700, 3))
  expect_identical(g$first, 1:700)
})

test_that("the diagnosis's texts, made per distinct combination, are each row's own", {
  set.seed(7)
  d <- b2m_example("cohort")
  d <- d[sample(nrow(d), 3000, replace = TRUE), ]
  d$diagnosis[sample(3000, 300)] <- NA
  d$diagnosis[sample(3000, 100)] <- "HIV"
  d$b2m[sample(3000, 200)] <- NA
  d$b2m_uln[sample(3000, 200)] <- NA
  out <- suppressWarnings(suppressMessages(b2m_interpret(d)))
  stages <- interpret_stages(annotate_registry(), out)
  # conditions a stage rests on, of a few kinds per system
  stages <- lapply(stages, function(entry) {
    entry$deciding <- sample(c(0L, 1L, 2L, 5L), 3000, replace = TRUE)
    entry
  })
  for (outcomes in c(FALSE, TRUE)) {
    grouped <- interpret_diagnosis(out$b2m_diagnosis, out$b2m_mechanism,
                                   stages, d$b2m, "mg/L", d$b2m_uln, outcomes)
    each <- diagnosis_texts(out$b2m_diagnosis, out$b2m_mechanism, stages,
                            d$b2m, "mg/L", d$b2m_uln, outcomes)
    expect_identical(grouped, each)
    # texts of every kind, for rows that share them (the test could fail)
    expect_gt(length(unique(grouped$suffix)), 50)
    expect_true(anyNA(grouped$suffix))
  }
})

test_that("a stage sentence names the criteria besides B2M that gave the stage", {
  d <- data.frame(
    diagnosis = c("MM", "MM", "MM", "MM", "CLL", "CLL", "MM", "MM"),
    b2m = c(6.2, 2, 4, 1.37, 1.9, 4, 6, 2),
    albumin = c(4, 3.2, 3.2, 4, NA, NA, 4, 3.5),
    del17p = c(FALSE, FALSE, FALSE, TRUE, NA, NA, FALSE, FALSE),
    t4_14 = FALSE, t14_16 = FALSE, gain1q = FALSE,
    ldh_high = c(FALSE, FALSE, TRUE, TRUE, NA, NA, FALSE, FALSE),
    tp53 = c(NA, NA, NA, NA, TRUE, FALSE, NA, NA),
    ighv_unmutated = c(NA, NA, NA, NA, TRUE, FALSE, NA, NA),
    # a label the CLL-IPI does not know, in a myeloma row: the CLL rows are
    # staged on a copy of theirs, not in place
    clinical_stage = c(NA, NA, NA, NA, "A", "B", "Z", NA),
    age = c(70, 70, 70, 70, 70, 60, 70, 70))
  comment <- suppressMessages(b2m_interpret(d))$b2m_comment
  expected <- list(
    # B2M alone decided: nothing said before it
    c("ISS stage III: B2M 6.2 mg/L, at or above 5.5.",
      "R2-ISS stage III: B2M 6.2 mg/L, at or above 5.5."),
    # the albumin decided ISS II, not the B2M (the criterion's label, "ISS
    # II or III", would restate the stage)
    c("ISS stage II (albumin below 3.5 g/dL): B2M 2 mg/L, below 3.5.",
      "R-ISS stage II (albumin below 3.5 g/dL): B2M 2 mg/L, below 3.5."),
    c("ISS stage II (albumin below 3.5 g/dL): B2M 4 mg/L, at or above 3.5 and below 5.5.",
      paste("R-ISS stage II (albumin below 3.5 g/dL; high-risk CA or high LDH):",
            "B2M 4 mg/L, at or above 3.5 and below 5.5."),
      paste("R2-ISS stage III (albumin below 3.5 g/dL; LDH above the upper",
            "limit): B2M 4 mg/L, at or above 3.5 and below 5.5.")),
    c("ISS stage I: B2M 1.37 mg/L, below 3.5.",
      "R-ISS stage II (high-risk CA or high LDH): B2M 1.37 mg/L, below 3.5.",
      paste("R2-ISS stage III (del(17p); LDH above the upper limit): B2M 1.37",
            "mg/L, below 3.5.")),
    paste("CLL-IPI very high risk (TP53 deleted and/or mutated; IGHV",
          "unmutated; age > 65 years): B2M 1.9 mg/L, at or below 3.5."),
    "CLL-IPI intermediate risk (Binet B/C or Rai I-IV): B2M 4 mg/L, above 3.5.",
    "R-ISS stage II: B2M 6 mg/L, at or above 5.5.",
    # albumin exactly 3.5 is not below it: stage I, nothing but B2M said
    "ISS stage I: B2M 2 mg/L, below 3.5."
  )
  for (i in seq_along(expected)) {
    for (sentence in expected[[i]]) {
      expect_true(grepl(sentence, comment[i], fixed = TRUE),
                  label = sprintf("row %d says \"%s\"", i, sentence))
    }
  }
})

test_that("a censored B2M is named by the criteria it decides", {
  args <- list(b2m = b2m_parse_result(c("<0.5", "<0.5", ">20", "<4")),
               albumin = c(3, 4, NA, 3), b2m_unit = "mg/L",
               albumin_unit = "g/dL")
  sink <- new.env()
  stage <- stage_system("iss", args, deciding = sink)
  expect_null(attr(stage, "deciding"))
  # "<4" straddles 3.5 but the albumin meets II or III alone
  expect_identical(sink$deciding, c(2L, 0L, 5L, 2L))
  expect_identical(
    stage_sentence("iss", stage, NULL, NULL, sink$deciding),
    c("ISS stage II (albumin below 3.5 g/dL)", "ISS stage I", "ISS stage III",
      "ISS stage II (albumin below 3.5 g/dL)"))
})

test_that("the conditions a stage rests on are those holding in the criteria met", {
  set.seed(11)
  n <- 5000
  rules <- staging_rules()
  systems <- staging_systems()
  pool <- function(input) {
    thresholds <- rules$threshold[rules$input == input & !is.na(rules$threshold)]
    if (input == "del1p32") return(c("none", "monoallelic", "biallelic"))
    if (input == "clinical_stage") return(c("A", "B", "C"))
    if (length(thresholds) == 0) {
      if (input == "b2m_uln") return(c(2, 3, 4))
      return(c(TRUE, FALSE))
    }
    c(thresholds, thresholds * 0.9, thresholds * 1.1)
  }
  for (key in systems$system) {
    inputs <- systems$inputs[[match(key, systems$system)]]
    args <- lapply(inputs, function(input) {
      x <- sample(pool(input), n, replace = TRUE)
      x[stats::runif(n) < 0.1] <- NA
      x
    })
    names(args) <- inputs
    own <- rules[rules$system == key, , drop = FALSE]
    spec <- staging_input_table()
    spec <- spec[spec$system == key & !is.na(spec$unit_arg), ]
    # each number in the unit of the rule
    args[spec$unit_arg] <- spec$unit
    env <- list2env(args)
    everywhere <- new.env()
    stage <- stage_system(key, env, criteria = TRUE,
                          conditions = seq_len(nrow(own)), deciding = everywhere)
    met <- attr(stage, "criteria")[own$criterion]
    expected <- Reduce(`+`, Map(function(state, criterion, x) {
      (state > 0 & criterion %in% TRUE & !is.na(state)) * 2L^(x - 1L)
    }, attr(stage, "conditions"), met, seq_len(nrow(own))))
    expect_identical(everywhere$deciding, as.integer(expected), label = key)
    # some rows rest on several conditions (the test could fail)
    expect_gt(length(unique(expected)), 3)
    # staged in place, a disease's rows only: the same, 0 elsewhere
    codes <- sample(c(1L, 2L, NA), n, replace = TRUE)
    in_place <- new.env()
    stage_system(key, env, where = list(codes = codes, staged = c(2L, NA)),
                 deciding = in_place)
    staged <- codes %in% c(2L, NA)
    expect_identical(in_place$deciding,
                     ifelse(staged, everywhere$deciding, 0L), label = key)
  }
})

test_that("the conditions a stage rests on leave no attribute on the columns", {
  d <- b2m_example("cohort")
  out <- suppressWarnings(suppressMessages(b2m_interpret(d)))
  staged <- names(out)[vapply(out, is.factor, TRUE)]
  expect_true(all(c("iss", "riss", "cll_ipi") %in% staged))
  for (column in staged) {
    expect_null(attr(out[[column]], "deciding"), label = column)
  }
  annotated <- suppressWarnings(suppressMessages(b2m_annotate(d)))
  expect_null(attr(annotated$iss, "deciding"))
})

test_that("the stage sentence reads its thresholds from the rule table", {
  rules <- staging_rules()
  iss <- rules[rules$system == "iss" & rules$input == "b2m", ]
  expect_identical(b2m_against(c(6, 4, 1), iss), c(
    sprintf("at or above %s", max(iss$threshold)),
    sprintf("at or above %s and below %s", min(iss$threshold),
            max(iss$threshold)),
    sprintf("below %s", min(iss$threshold))))
  # the diseases are those of the systems the registry stages
  systems <- unique(vapply(annotate_registry()$entries, `[[`, "", "system"))
  staged <- systems[!is.na(system_disease(systems))]
  expect_setequal(system_disease(staged), c("myeloma", "CLL", "Waldenstrom",
                                            "follicular lymphoma"))
  expect_true(all(system_disease(staged) %in% b2m:::diagnosis_levels()))
})

test_that("interpret_stages takes the stage columns of the systems of a disease", {
  registry <- annotate_registry()
  values <- list(iss = iss_stage("I"), r2iss_score = 0, egfr_cr = 90,
                 b2m_status = factor("normal", c("normal", "elevated")))
  stages <- interpret_stages(registry, values)
  expect_identical(names(stages), "iss")
  expect_identical(stages$iss$system, "iss")
})

# What a stage means ---------------------------------------------------------

test_that("with outcomes each stated stage adds its published figure and the caveat", {
  stages <- list(
    iss = list(system = "iss", stage = iss_stage(c("II", "III", "I"))),
    r2iss = list(system = "r2iss",
                 stage = factor(c("II", NA, NA), levels = c("I", "II", "III", "IV"),
                                ordered = TRUE)),
    cll_ipi = list(system = "cll_ipi",
                   stage = factor(c(NA, NA, "high"),
                                  levels = c("low", "intermediate", "high",
                                             "very high"), ordered = TRUE)))
  known <- interpret_diagnosis(dx(c("myeloma", "myeloma", "CLL")),
                               mech(rep("normal", 3)), stages,
                               b2m = c(4, 6.2, 4), outcomes = TRUE)
  caveat <- paste(
    "These figures describe the cohorts that defined each system, not the",
    "patient: treatment has changed since, so they are historical and usually",
    "pessimistic for patients treated now.")
  expect_identical(known$suffix, c(
    paste("ISS stage II: B2M 4 mg/L, at or above 3.5 and below 5.5; median",
          "overall survival 44 months in the cohort that defined the ISS",
          "(Greipp 2005). R2-ISS stage II: B2M 4 mg/L, at or above 3.5 and",
          "below 5.5.", caveat),
    paste("ISS stage III: B2M 6.2 mg/L, at or above 5.5; median overall",
          "survival 29 months in the cohort that defined the ISS (Greipp",
          "2005).", caveat),
    paste("CLL-IPI high risk: B2M 4 mg/L, above 3.5; 5-year overall survival",
          "63.3% in the cohort that defined the CLL-IPI (International CLL-IPI",
          "working group 2016; secondary source).", caveat)))
  # the figures are b2m_outcomes()'s
  iss <- b2m_outcomes("iss")
  expect_match(known$suffix[1], sprintf("%s %s months", iss$metric[2],
                                        iss$value[2]), fixed = TRUE)
  # an R2-ISS stage alone has no figure, and no caveat
  first <- function(entry) list(system = entry$system, stage = entry$stage[1])
  known <- interpret_diagnosis(dx("myeloma"), mech("normal"),
                               list(first(stages$r2iss)), b2m = 4,
                               outcomes = TRUE)
  expect_identical(known$suffix,
                   "R2-ISS stage II: B2M 4 mg/L, at or above 3.5 and below 5.5.")
  # without outcomes, no figure
  known <- interpret_diagnosis(dx("myeloma"), mech("normal"),
                               list(first(stages$iss)), b2m = 4)
  expect_identical(known$suffix,
                   "ISS stage II: B2M 4 mg/L, at or above 3.5 and below 5.5.")
})

test_that("outcomes must be TRUE or FALSE", {
  cnd <- tryCatch(interpret_fake(cases, outcomes = NA), error = identity)
  expect_s3_class(cnd, "b2m_error_type")
  expect_identical(cnd$arg, "outcomes")
  expect_identical(interpret_fake(cases, outcomes = TRUE), interpret_fake(cases))
})

# Comments on the course -----------------------------------------------------

# Trend columns as b2m_trend() gives them, by hand.
course <- function(value, baseline, previous, nadir, significant_change = NA,
                   significant_from_previous = NA, significant_from_nadir = NA) {
  list(baseline = baseline, pct_change = 100 * (value - baseline) / baseline,
       nadir = nadir, pct_from_nadir = 100 * (value - nadir) / nadir,
       previous = previous,
       pct_from_previous = 100 * (value - previous) / previous,
       significant_change = significant_change,
       significant_from_previous = significant_from_previous,
       significant_from_nadir = significant_from_nadir)
}

test_that("the course since the first result says significance only when known", {
  value <- c(6.1, 3.4, 3.4, 3.4, 6.1, 8)
  trend <- course(value, baseline = 6.1, previous = c(NA, 3.9, 3.9, 3.9, 3.9, 6.1),
                  nadir = c(6.1, 3.4, 3.4, 3.4, 3.9, 6.1),
                  significant_change = c(FALSE, TRUE, NA, TRUE, FALSE, FALSE))
  first <- as.Date("2024-03-02")
  out <- trend_comment(trend, value, first,
                       known_malignancy = c(TRUE, TRUE, TRUE, FALSE, TRUE, TRUE))
  since <- "since the first result (2024-03-02)"
  expect_identical(out, c(
    NA,
    paste0("B2M fell from 6.1 to 3.4 mg/L (-44 %) ", since, ", beyond the ",
           "reference change value: consistent with response to treatment."),
    paste0("B2M fell from 6.1 to 3.4 mg/L (-44 %) ", since, "."),
    paste0("B2M fell from 6.1 to 3.4 mg/L (-44 %) ", since,
           ", beyond the reference change value."),
    paste0("B2M is unchanged at 6.1 mg/L ", since, ", within the reference ",
           "change value; it rose 56 % from its nadir of 3.9 mg/L."),
    paste0("B2M rose from 6.1 to 8 mg/L (+31 %) ", since,
           ", within the reference change value.")))
})

test_that("a rise from the nadir and a significant step are said once each", {
  value <- c(2.835, 2.835, 2.835, 2.4)
  trend <- course(value, baseline = 6.1, previous = c(2.1, 2.1, 2.1, 3.2),
                  nadir = 2.1, significant_change = TRUE,
                  significant_from_previous = c(TRUE, TRUE, NA, TRUE),
                  significant_from_nadir = c(TRUE, FALSE, NA, FALSE))
  out <- trend_comment(trend, value, 30, unit = "mg/L")
  head <- "since the first result (time 30), beyond the reference change value"
  expect_identical(out, c(
    paste0("B2M fell from 6.1 to 2.835 mg/L (-54 %) ", head,
           "; it rose 35 % from its nadir of 2.1 mg/L, a significant rise."),
    paste0("B2M fell from 6.1 to 2.835 mg/L (-54 %) ", head,
           "; it rose 35 % from its nadir of 2.1 mg/L, within the reference",
           " change value."),
    paste0("B2M fell from 6.1 to 2.835 mg/L (-54 %) ", head,
           "; it rose 35 % from its nadir of 2.1 mg/L."),
    paste0("B2M fell from 6.1 to 2.4 mg/L (-61 %) ", head,
           "; it rose 14 % from its nadir of 2.1 mg/L, within the reference",
           " change value; a significant fall of 25 % from the previous",
           " result of 3.2 mg/L.")))
  # a missing value has no sentence
  expect_identical(trend_comment(course(NA_real_, 6.1, 3.2, 3.2), NA_real_, 0),
                   NA_character_)
})

test_that("b2m_interpret() on the example follow-up adds the trend and its sentences", {
  fu <- b2m_example("followup")
  out <- suppressMessages(b2m_interpret(fu, cva = 3, cvi = 5.9))
  trend <- b2m_trend(fu, cva = 3, cvi = 5.9)
  expect_identical(names(out), c(names(fu), "b2m_status", "b2m_fold_uln",
                                 "egfr_b2m", b2m:::trend_results,
                                 "b2m_mechanism", "b2m_follow_up",
                                 "b2m_comment"))
  for (column in b2m:::trend_results) {
    expect_identical(out[[column]], trend[[column]])
  }
  p003 <- out$b2m_comment[fu$id == "P003"]
  expect_identical(p003[2], paste(
    "Serum B2M is raised (1.5 x the upper reference limit); kidney function",
    "is unknown, so the cause cannot be told. B2M is non-specific: this is a",
    "signpost, not a diagnosis. B2M fell from 4.43 to 3.92 mg/L (-12 %) since",
    "the first result (2022-04-08), within the reference change value."))
  expect_identical(p003[7], paste(
    "Serum B2M is within the reference interval. B2M fell from 4.43 to 2.31",
    "mg/L (-48 %) since the first result (2022-04-08), beyond the reference",
    "change value; it rose 13 % from its nadir of 2.04 mg/L, within the",
    "reference change value."))
  # each patient's first result has no course
  first <- !duplicated(fu$id[order(fu$id, fu$date)])
  expect_false(any(grepl("since the first result",
                         out$b2m_comment[order(fu$id, fu$date)][first])))
  # without the CVs: no significance claim
  plain <- suppressMessages(b2m_interpret(fu))
  expect_false(any(grepl("reference change value|significant",
                         plain$b2m_comment)))
  expect_error(b2m_interpret(fu, cva = 3), class = "b2m_error_value")
})

test_that("a reported eGFR is the one the interpretation uses", {
  # creatinine gives an eGFR above 60; the laboratory reported 30
  d <- data.frame(b2m = 4, creatinine = 0.8, age = 50, sex = "F",
                  egfr = c(30, NA))
  out <- suppressWarnings(suppressMessages(b2m_interpret(d)))
  expect_identical(as.character(out$egfr_equation),
                   c("reported", "CKD-EPI 2021 creatinine"))
  expect_gt(out$egfr_cr[1], 60)
  expect_match(out$b2m_comment[1], "eGFR 30 mL/min", fixed = TRUE)
  expect_match(out$b2m_comment[2], sprintf("eGFR %.0f mL/min", out$egfr_cr[2]),
               fixed = TRUE)
  expect_identical(as.character(out$b2m_mechanism[1]), "reduced clearance")
  # an integer column is read as its numbers
  d$egfr <- c(30L, NA)
  again <- suppressWarnings(suppressMessages(b2m_interpret(d)))
  expect_identical(again$b2m_comment, out$b2m_comment)
})

test_that("the dialysis range of the comment is a row of b2m_rules()", {
  rules <- b2m_rules()
  shown <- rules[rules$system == "interpret" & rules$input == "b2m_fold_uln", ]
  expect_identical(shown$threshold, c(15, 30))
  expect_identical(shown$comparison, c(">=", "<="))
  expect_match(known_cause_text[["dialysis"]], "(15-30 times", fixed = TRUE)
})
