# Slow, plain-R definitions of the staging systems, written from the
# clinical reference file without the package's rule tables, to compare with
# the C core on random rows.

# Evaluate `rule` (a function of one row's scalar inputs, returning a stage
# label) for every row. A missing input takes each of its `candidates` (values
# chosen by hand, one inside every band of that input's thresholds, and the
# thresholds themselves); the stage is returned when all agree, else NA.
reference_stage <- function(rule, data, candidates) {
  vapply(seq_len(nrow(data)), function(i) {
    row <- as.list(data[i, , drop = FALSE])
    for (arg in names(row)) {
      if (is.na(row[[arg]])) row[[arg]] <- candidates[[arg]]
    }
    grid <- expand.grid(row, KEEP.OUT.ATTRS = FALSE, stringsAsFactors = FALSE)
    stages <- unique(vapply(seq_len(nrow(grid)), function(j) {
      do.call(rule, as.list(grid[j, , drop = FALSE]))
    }, character(1)))
    if (length(stages) == 1) stages else NA_character_
  }, character(1))
}

# Values near the thresholds of a rule: each threshold, a hair either side,
# and a few ordinary values.
near <- function(n, thresholds, range) {
  hair <- c(-1e-9, 0, 1e-9, -0.01, 0.01)
  pool <- c(outer(thresholds, hair, `+`), seq(range[1], range[2],
                                              length.out = 7))
  sample(pool, n, replace = TRUE)
}

with_na <- function(x, p = 0.15) {
  x[stats::runif(length(x)) < p] <- NA
  x
}

random_flag <- function(n) with_na(stats::runif(n) < 0.4)

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

iss_candidates <- list(b2m = c(1, 3.5, 4, 5.5, 8), albumin = c(3, 3.5, 4),
                       ldh_high = c(FALSE, TRUE), del17p = c(FALSE, TRUE),
                       t4_14 = c(FALSE, TRUE), t14_16 = c(FALSE, TRUE),
                       gain1q = c(FALSE, TRUE))

completed <- function(age) floor(age)

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

lymphoid_candidates <- list(
  tp53 = c(FALSE, TRUE), ighv_unmutated = c(FALSE, TRUE),
  bone_marrow = c(FALSE, TRUE), clinical_stage = c("A", "B"),
  age = c(30, 60, 61, 65, 66, 75, 76, 90),
  hemoglobin = c(9, 11.5, 11.8, 12, 14), platelets = c(50, 100, 150),
  b2m = c(0.5, 3, 3.2, 3.5, 3.8, 4, 12), igm = c(1, 7, 8),
  ldh = c(100, 250, 400), albumin = c(3, 3.5, 4),
  b2m_uln = c(0.1, 30), node_diameter_cm = c(2, 6, 8)
)
