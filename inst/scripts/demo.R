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
