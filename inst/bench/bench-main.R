# Benchmark of the package's main job (run by `make bench`): b2m_annotate()
# and b2m_interpret() on the example cohort replicated to registry size,
# against a hand-written dplyr pipeline computing the same ISS, R-ISS,
# CLL-IPI, CKD-EPI eGFR (creatinine, cystatin C, both; the best of them, as
# b2m_annotate() takes it), KDIGO category and a one-sentence comment. The
# pipeline is written here, as an analyst would, from
# shared/reference/clinical-rules.md, not from the package. It returns a stage
# whenever every possible value of the missing inputs gives the same one, as
# b2m does (otherwise the two would not compute the same thing), and its
# stages, eGFRs and categories are checked against b2m's before anything is
# timed; like b2m with the cohort's `diagnosis`, it stages each patient by
# the systems of their disease. Its comment is its own sentence, not b2m's:
# it is timed, not compared. Writes <B2M_BENCH_OUT>/main.rds.
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE),
                                                  value = TRUE)[1])), "common.R"))
suppressPackageStartupMessages({
  library(b2m)
  library(dplyr)
})

# The hand-written pipeline ------------------------------------------------------

# Known-true, possibly-true: the two bounds of a criterion with a missing input.
known <- function(x) !is.na(x) & x
possible <- function(x) is.na(x) | x
# A stage code when both bounds agree, else NA.
agreed <- function(lo, hi) if_else(lo == hi, lo, NA_integer_)
as_stage <- function(code, levels) factor(levels[code], levels = levels, ordered = TRUE)

# ISS: I = B2M < 3.5 and albumin >= 3.5; III = B2M >= 5.5; else II.
iss_code <- function(b2m_lt35, b2m_ge55, alb_ge35) {
  if_else(b2m_ge55, 3L, if_else(b2m_lt35 & alb_ge35, 1L, 2L))
}
# R-ISS from the ISS code and high risk (a high-risk CA or high LDH).
riss_code <- function(iss, risk) {
  if_else(iss == 1L & !risk, 1L, if_else(iss == 3L & risk, 3L, 2L))
}
# CLL-IPI groups of the points 0-10.
cll_group <- function(points) {
  case_when(points <= 1 ~ 1L, points <= 3 ~ 2L, points <= 6 ~ 3L, TRUE ~ 4L)
}
kdigo <- function(egfr) {
  code <- case_when(egfr < 15 ~ 6L, egfr < 30 ~ 5L, egfr < 45 ~ 4L,
                    egfr < 60 ~ 3L, egfr < 90 ~ 2L, !is.na(egfr) ~ 1L)
  as_stage(code, c("G1", "G2", "G3a", "G3b", "G4", "G5"))
}

# A stage only for its disease's patients (and those without a diagnosis),
# as b2m_annotate() stages data with a `diagnosis` column; the cohort's
# labels are the vocabulary's names.
for_disease <- function(stage, diagnosis, disease) {
  if (is.null(diagnosis)) return(stage)
  replace(stage, !(is.na(diagnosis) | diagnosis == disease), NA)
}

hand_pipeline <- function(d) {
  dx <- d$diagnosis
  d %>%
    mutate(
      # ISS and R-ISS: each criterion's low (unknown = false) and high
      # (unknown = true) bound; a monotone stage is determined where they agree
      .lt35 = b2m < 3.5, .ge55 = b2m >= 5.5, .alb = albumin >= 3.5,
      .iss_lo = iss_code(possible(.lt35), known(.ge55), possible(.alb)),
      .iss_hi = iss_code(known(.lt35), possible(.ge55), known(.alb)),
      iss = for_disease(as_stage(agreed(.iss_lo, .iss_hi), c("I", "II", "III")),
                        dx, "myeloma"),
      .risk = ldh > ldh_uln | del17p | t4_14 | t14_16,
      riss = for_disease(as_stage(agreed(riss_code(.iss_lo, known(.risk)),
                                         riss_code(.iss_hi, possible(.risk))),
                                  c("I", "II", "III")), dx, "myeloma"),
      # CLL-IPI: points under both bounds
      .advanced = if_else(is.na(clinical_stage), NA,
                          !(toupper(clinical_stage) %in% c("A", "0"))),
      .age = age >= 66,
      .cll_lo = 4 * known(tp53) + 2 * known(ighv_unmutated) +
        2 * known(b2m > 3.5) + known(.advanced) + known(.age),
      .cll_hi = 4 * possible(tp53) + 2 * possible(ighv_unmutated) +
        2 * possible(b2m > 3.5) + possible(.advanced) + possible(.age),
      cll_ipi = for_disease(
        as_stage(agreed(cll_group(.cll_lo), cll_group(.cll_hi)),
                 c("low", "intermediate", "high", "very high")), dx, "CLL"),
      # CKD-EPI 2021 creatinine, 2012 cystatin C, 2021 creatinine-cystatin C
      .female = sex == "female",
      .k = if_else(.female, 0.7, 0.9),
      .cr = creatinine / .k,
      .cys = cystatin / 0.8,
      egfr_cr = 142 * pmin(.cr, 1)^if_else(.female, -0.241, -0.302) *
        pmax(.cr, 1)^-1.2 * 0.9938^age * if_else(.female, 1.012, 1),
      egfr_cys = 133 * pmin(.cys, 1)^-0.499 * pmax(.cys, 1)^-1.328 *
        0.996^age * if_else(.female, 0.932, 1),
      egfr_crcys = 135 * pmin(.cr, 1)^if_else(.female, -0.219, -0.144) *
        pmax(.cr, 1)^-0.544 * pmin(.cys, 1)^-0.323 * pmax(.cys, 1)^-0.778 *
        0.9961^age * if_else(.female, 0.963, 1),
      .egfr = coalesce(egfr_crcys, egfr_cys, egfr_cr),
      gfr_category = kdigo(.egfr),
      comment = paste0(
        sprintf("Serum B2M %.2f mg/L is ", b2m),
        if_else(b2m > b2m_uln, "raised", "within the reference interval"),
        if_else(is.na(.egfr), "", sprintf(", eGFR %.0f (%s)", .egfr, gfr_category)),
        if_else(is.na(iss), "", paste0(", ISS ", iss)), ".")
    ) %>%
    select(-starts_with("."))
}

compared_columns <- c("iss", "riss", "cll_ipi", "egfr_cr", "egfr_cys",
                      "egfr_crcys", "gfr_category")

# Running ------------------------------------------------------------------------

cohort <- b2m_example("cohort")
replicate_cohort <- function(n) {
  d <- cohort[rep_len(seq_len(nrow(cohort)), n), ]
  rownames(d) <- NULL
  d
}
quietly <- function(expr) suppressWarnings(suppressMessages(expr))
impls <- list(
  b2m_annotate = function(d) quietly(b2m_annotate(d)),
  b2m_interpret = function(d) quietly(b2m_interpret(d)),
  dplyr = hand_pipeline
)
# The same calls on the cohort without its `diagnosis` column (every system
# applied to every row), on their own copy of the data: `nodx` of an
# implementation's name says which data it is timed on.
impls[["b2m_annotate, no diagnosis"]] <- impls$b2m_annotate
impls[["b2m_interpret, no diagnosis"]] <- impls$b2m_interpret
input_of <- function(impl, d, nodx) if (grepl("no diagnosis", impl)) nodx else d

# Stages are compared as codes, eGFRs to 1e-9 (the package may order the
# floating-point operations differently).
check_pipeline <- function(d) {
  ours <- impls$b2m_annotate(d)
  theirs <- hand_pipeline(d)
  ok <- vapply(compared_columns, function(col) {
    same_result(plain_codes(ours[[col]]), plain_codes(theirs[[col]]), 1e-9)
  }, TRUE)
  if (!all(ok)) {
    stop("the dplyr pipeline differs from b2m_annotate() in ",
         paste(compared_columns[!ok], collapse = ", "))
  }
  TRUE
}

sizes <- bench_sizes[bench_sizes >= 1e5]
rows <- list()
equal <- check_pipeline(cohort)
for (n in sizes) {
  message(sprintf("main: b2m_annotate(), b2m_interpret(), dplyr at %s rows",
                  format(n, scientific = TRUE)))
  d <- replicate_cohort(n)
  nodx <- d[names(d) != "diagnosis"]
  equal <- equal && check_pipeline(d)
  sizes_of <- vapply(names(impls), function(nm) {
    as.numeric(utils::object.size(impls[[nm]](input_of(nm, d, nodx))))
  }, 0)
  # what each implementation appends: the measure its allocations are
  # compared with (the input columns are shared, not allocated)
  appended_of <- vapply(names(impls), function(nm) {
    input <- input_of(nm, d, nodx)
    out <- impls[[nm]](input)
    as.numeric(utils::object.size(unclass(out)[setdiff(names(out),
                                                       names(input))]))
  }, 0)
  exprs <- lapply(names(impls), function(nm) {
    bquote(.(impls[[nm]])(.(as.name(if (grepl("no diagnosis", nm)) "nodx" else "d"))))
  })
  names(exprs) <- names(impls)
  times <- time_one(exprs, environment())
  times$n <- n
  times$result_bytes <- sizes_of[times$impl]
  times$appended_bytes <- appended_of[times$impl]
  times$input_bytes <- as.numeric(utils::object.size(d))
  times$equal <- equal
  rows[[length(rows) + 1]] <- times
  rm(d, nodx)
  gc()
}
result <- do.call(rbind, rows)
# The targets of the main job: b2m_interpret() at most twice the time of
# b2m_annotate() on the same data in the same run, allocating at most twice
# what it appends; with and without the diagnosis.
interpret <- startsWith(result$impl, "b2m_interpret")
annotate_of <- paste0(sub("^b2m_interpret", "b2m_annotate", result$impl), "@",
                      result$n)
result$time_vs_annotate <- NA_real_
result$time_vs_annotate[interpret] <- result$median[interpret] /
  result$median[match(annotate_of[interpret],
                      paste0(result$impl, "@", result$n))]
result$alloc_vs_appended <- result$mem_alloc / result$appended_bytes
for (k in which(interpret)) {
  message(sprintf(paste("main: at %s rows %s takes %.2f x the time of",
                        "b2m_annotate() and allocates %.2f x the columns it",
                        "appends"),
                  format(result$n[k], scientific = TRUE), result$impl[k],
                  result$time_vs_annotate[k], result$alloc_vs_appended[k]))
}
result$dplyr_version <- as.character(utils::packageVersion("dplyr"))
saveRDS(result, file.path(bench_out, "main.rds"))
