# Generates the synthetic example data in inst/extdata. Run from the package
# root with `Rscript data-raw/make-example-data.R`. Every value is simulated:
# no row describes a real patient.
set.seed(20261125)

n <- 500
diagnosis <- sample(
  c("myeloma", "CLL", "Waldenstrom", "follicular lymphoma", "CKD", "other"),
  n, replace = TRUE, prob = c(0.30, 0.20, 0.10, 0.15, 0.10, 0.15)
)
is <- function(d) diagnosis == d
rlnorm_mean <- function(k, median, sdlog) exp(log(median) + rnorm(k, 0, sdlog))
with_missing <- function(x, p) {
  x[runif(length(x)) < p] <- NA
  x
}
flag <- function(p, keep) {
  out <- runif(n) < p
  out[!keep] <- NA
  out
}

age <- round(pmin(pmax(rnorm(n, 66, 11), 19), 95))
sex <- sample(c("female", "male"), n, replace = TRUE)

creatinine <- rlnorm_mean(n, ifelse(sex == "female", 0.8, 1.0), 0.25)
creatinine[is("CKD")] <- rlnorm_mean(sum(is("CKD")), 2.4, 0.5)
creatinine[is("myeloma")] <- creatinine[is("myeloma")] *
  ifelse(runif(sum(is("myeloma"))) < 0.2, 2.5, 1)
cystatin <- creatinine * rlnorm_mean(n, 1.0, 0.15)

# B2M follows filtration (about 1.7 mg/L at normal GFR) times a tumour load.
load <- rep(1, n)
load[is("myeloma")] <- rlnorm_mean(sum(is("myeloma")), 1.8, 0.6)
load[is("CLL")] <- rlnorm_mean(sum(is("CLL")), 1.6, 0.4)
load[is("Waldenstrom")] <- rlnorm_mean(sum(is("Waldenstrom")), 1.7, 0.4)
load[is("follicular lymphoma")] <- rlnorm_mean(sum(is("follicular lymphoma")), 1.3, 0.3)
b2m <- round(1.7 * cystatin^0.9 * load * rlnorm_mean(n, 1, 0.1), 2)

albumin <- round(pmin(rnorm(n, 3.9, 0.5) - 0.3 * (load > 2), 5.2), 1)
ldh_uln <- 225
ldh <- round(rlnorm_mean(n, 180, 0.3) * ifelse(load > 2.5, 1.4, 1))
hemoglobin <- round(rnorm(n, 12.8, 1.6) - 0.8 * (load > 2), 1)
platelets <- round(rlnorm_mean(n, 230, 0.35))

cohort <- data.frame(
  id = sprintf("P%03d", seq_len(n)),
  age = age,
  sex = sex,
  diagnosis = diagnosis,
  b2m = with_missing(b2m, 0.03),
  b2m_uln = 2.7,
  albumin = with_missing(albumin, 0.05),
  ldh = with_missing(ldh, 0.08),
  ldh_uln = ldh_uln,
  creatinine = with_missing(round(creatinine, 2), 0.04),
  cystatin = with_missing(round(cystatin, 2), 0.5),
  hemoglobin = with_missing(hemoglobin, 0.05),
  platelets = with_missing(platelets, 0.05),
  igm = ifelse(is("Waldenstrom"), round(rlnorm_mean(n, 2.5, 0.6), 2), NA),
  del17p = flag(0.10, is("myeloma")),
  t4_14 = flag(0.12, is("myeloma")),
  t14_16 = flag(0.04, is("myeloma")),
  gain1q = flag(0.35, is("myeloma")),
  tp53 = flag(0.10, is("CLL")),
  ighv_unmutated = flag(0.45, is("CLL")),
  clinical_stage = ifelse(is("CLL"),
                          sample(c("A", "B", "C"), n, TRUE, c(0.6, 0.25, 0.15)),
                          NA),
  bone_marrow = flag(0.5, is("follicular lymphoma")),
  node_diameter_cm = ifelse(is("follicular lymphoma"),
                            round(rlnorm_mean(n, 4, 0.5), 1), NA),
  urine_b2m = NA_real_,
  urine_ph = NA_real_,
  stringsAsFactors = FALSE
)
# Unknown cytogenetics for some myeloma patients, unknown IGHV for some CLL.
cohort$del17p[is("myeloma") & runif(n) < 0.1] <- NA
cohort$ighv_unmutated[is("CLL") & runif(n) < 0.1] <- NA

# Urine B2M (ug/L) for a fifth of the cohort; tubular damage in some.
has_urine <- runif(n) < 0.2
tubular <- has_urine & runif(n) < 0.25
cohort$urine_b2m[has_urine] <- round(rlnorm_mean(sum(has_urine), 120, 0.5))
cohort$urine_b2m[tubular] <- round(rlnorm_mean(sum(tubular), 3000, 0.8))
cohort$urine_ph[has_urine] <- round(runif(sum(has_urine), 5.0, 7.5), 1)

# Follow-up: repeated B2M for 100 patients with a lymphoid malignancy or
# myeloma, falling on treatment and rising again in some.
treated <- sample(cohort$id[diagnosis %in% c("myeloma", "CLL", "Waldenstrom",
                                             "follicular lymphoma")], 100)
followup <- do.call(rbind, lapply(treated, function(id) {
  k <- sample(4:10, 1)
  start <- as.Date("2022-01-01") + sample(0:365, 1)
  date <- start + cumsum(c(0, round(runif(k - 1, 40, 120))))
  first <- cohort$b2m[cohort$id == id]
  if (is.na(first)) first <- 4
  response <- runif(1, 0.3, 0.9)
  relapse <- runif(1) < 0.3
  step <- seq_len(k) - 1
  level <- first * (response + (1 - response) * exp(-step / 1.5))
  if (relapse) level <- level * exp(pmax(step - k / 2, 0) * 0.25)
  value <- round(level * rlnorm_mean(k, 1, 0.08), 2)
  value[runif(k) < 0.05] <- NA
  data.frame(id = id, date = date, b2m = value, stringsAsFactors = FALSE)
}))
followup <- followup[order(followup$id, followup$date), ]

# IMS/IMWG 2025 inputs for the myeloma patients, drawn last with their own
# seed so that every column above stays as it was: the del(17p) clonal
# fraction where del(17p) is known (0 without it), TP53 sequenced for 60 %,
# t(14;20), and del(1p32) by FISH.
set.seed(20261201)
myeloma <- is("myeloma")
cohort$del17p_ccf <- ifelse(is.na(cohort$del17p), NA,
                            ifelse(cohort$del17p, round(runif(n, 10, 90)), 0))
cohort$tp53_mutation <- flag(0.08, myeloma)
cohort$tp53_mutation[myeloma & runif(n) < 0.4] <- NA
cohort$t14_20 <- flag(0.02, myeloma)
cohort$del1p32 <- ifelse(myeloma, sample(c("none", "monoallelic", "biallelic"),
                                         n, TRUE, c(0.85, 0.12, 0.03)), NA)

write.csv(cohort, "inst/extdata/b2m_cohort.csv", row.names = FALSE, na = "")
write.csv(followup, "inst/extdata/b2m_followup.csv", row.names = FALSE, na = "")
