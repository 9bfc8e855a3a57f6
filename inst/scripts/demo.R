# The package's main job on the bundled example cohort; run by `make demo`.
library(b2m)

cohort <- b2m_example("cohort")
cat(sprintf("Example cohort: %d patients\n\n", nrow(cohort)))

cohort$b2m_status <- b2m_classify(cohort$b2m, uln = cohort$b2m_uln)
cohort$b2m_fold_uln <- b2m_fold_uln(cohort$b2m, uln = cohort$b2m_uln)
cohort$b2m_nmol_l <- b2m_convert(cohort$b2m, from = "mg/L", to = "nmol/L")

cat("Serum B2M against the laboratory limit:\n")
print(table(status = cohort$b2m_status, useNA = "ifany"))
cat("\nMedian B2M as a multiple of the limit, by diagnosis:\n")
print(round(tapply(cohort$b2m_fold_uln, cohort$diagnosis, stats::median,
                   na.rm = TRUE), 2))

# Kidney function: eGFR (creatinine-cystatin C where cystatin was measured)
cohort$egfr <- egfr_ckdepi_cr(cohort$creatinine, cohort$age, cohort$sex)
with_cys <- !is.na(cohort$cystatin)
cohort$egfr[with_cys] <- egfr_ckdepi_crcys(
  cohort$creatinine[with_cys], cohort$cystatin[with_cys],
  cohort$age[with_cys], cohort$sex[with_cys])
cat("\nKDIGO GFR categories:\n")
print(table(category = gfr_category(cohort$egfr), useNA = "ifany"))
cohort$b2m_excess <- b2m_excess(cohort$b2m, cohort$egfr)
cat("\nPatients with B2M above twice what their eGFR explains, by diagnosis:\n")
print(table(cohort$diagnosis[cohort$b2m_excess > 2]))
cat("\nSerum/urine patterns (patients with urine B2M; acid urine is NA):\n")
urine <- !is.na(cohort$urine_b2m)
print(table(pattern = suppressWarnings(b2m_pattern(
  cohort$b2m[urine], cohort$urine_b2m[urine], serum_uln = cohort$b2m_uln[urine],
  urine_ph = cohort$urine_ph[urine])), useNA = "ifany"))

# Monitoring over time
followup <- b2m_example("followup")
trend <- summary(b2m_trend(followup, time = "date"))
cat(sprintf("\nB2M trends of %d patients in follow-up (log slope per year):\n",
            nrow(trend)))
print(table(trend = trend$trend, useNA = "ifany"))
cat("\nPatients whose last value is 25% or more above their nadir:\n")
rise <- trend[!is.na(trend$pct_from_nadir) & trend$pct_from_nadir >= 25, ]
print(utils::head(rise[order(-rise$pct_from_nadir),
                       c("id", "n", "nadir", "last_value", "pct_from_nadir",
                         "trend")]), row.names = FALSE)
# Staging: each system on the patients it was made for.
cohort$ldh_high <- cohort$ldh > cohort$ldh_uln
show_stages <- function(title, diagnosis, stage) {
  cat(sprintf("\n%s (%s, n = %d):\n", title, diagnosis, length(stage)))
  print(table(stage, useNA = "ifany"))
}
myeloma <- cohort[cohort$diagnosis == "myeloma", ]
show_stages("ISS", "myeloma", stage_iss(myeloma$b2m, myeloma$albumin))
show_stages("R-ISS", "myeloma", with(myeloma, stage_riss(
  b2m, albumin, ldh_high, del17p, t4_14, t14_16)))
show_stages("R2-ISS", "myeloma", with(myeloma, stage_r2iss(
  b2m, albumin, ldh_high, del17p, t4_14, gain1q)))
cll <- cohort[cohort$diagnosis == "CLL", ]
show_stages("CLL-IPI", "CLL", with(cll, stage_cll_ipi(
  tp53, ighv_unmutated, b2m, clinical_stage, age)))
wm <- cohort[cohort$diagnosis == "Waldenstrom", ]
show_stages("IPSSWM", "Waldenstrom", with(wm, stage_ipsswm(
  age, hemoglobin, platelets, b2m, igm)))
show_stages("Revised IPSSWM", "Waldenstrom", with(wm, stage_ripsswm(
  age, b2m, ldh, albumin)))
fl <- cohort[cohort$diagnosis == "follicular lymphoma", ]
show_stages("FLIPI2", "follicular lymphoma", with(fl, stage_flipi2(
  age, b2m, b2m_uln, node_diameter_cm, bone_marrow, hemoglobin)))
show_stages("PRIMA-PI", "follicular lymphoma", with(fl, stage_prima_pi(
  b2m, bone_marrow)))
