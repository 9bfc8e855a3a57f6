# The package's main job on the bundled example cohort; run by `make demo`.
# It reads the cohort, interprets it, prints a stage table, and writes a plot
# and a CSV of the results to the folder named below.
library(b2m)

output <- "demo-output"
dir.create(output, showWarnings = FALSE)

cohort <- b2m_example("cohort")
cat(sprintf("Example cohort: %d patients\n\n", nrow(cohort)))

cohort$b2m_nmol_l <- b2m_convert(cohort$b2m, from = "mg/L", to = "nmol/L")
cat("Median B2M as a multiple of the laboratory limit, by diagnosis:\n")
print(round(tapply(b2m_fold_uln(cohort$b2m, uln = cohort$b2m_uln),
                   cohort$diagnosis, stats::median, na.rm = TRUE), 2))
cat("\n")

interpreted <- b2m_interpret(cohort)
cat("\nSerum B2M against the laboratory limit, and the likely mechanism:\n")
print(table(status = interpreted$b2m_status,
            mechanism = interpreted$b2m_mechanism, useNA = "ifany"))

# Until the staging and kidney functions are part of the package, the demo
# stops after the interpretation.
if (exists("stage_iss", asNamespace("b2m"))) {
  cat("\nISS among the patients with myeloma:\n")
  myeloma <- interpreted[interpreted$diagnosis == "myeloma", ]
  print(table(ISS = myeloma$iss, useNA = "ifany"))
  cat("\nGFR category (best available eGFR), all patients:\n")
  print(table(GFR = interpreted$gfr_category, useNA = "ifany"))

  png_path <- file.path(output, "b2m-by-egfr.png")
  grDevices::png(png_path, width = 900, height = 700, res = 120)
  egfr <- interpreted$egfr_crcys
  egfr[is.na(egfr)] <- interpreted$egfr_cys[is.na(egfr)]
  egfr[is.na(egfr)] <- interpreted$egfr_cr[is.na(egfr)]
  mechanism <- interpreted$b2m_mechanism
  colours <- c("grey60", "#1b9e77", "#d95f02", "#7570b3", "#e7298a", "black")
  graphics::plot(egfr, interpreted$b2m, log = "y", pch = 19, cex = 0.6,
                 col = colours[as.integer(mechanism)],
                 xlab = "eGFR (mL/min/1.73 m^2)",
                 ylab = "Serum B2M (mg/L, log scale)",
                 main = "Serum B2M against kidney function")
  grid_egfr <- seq(10, 130, by = 1)
  graphics::lines(grid_egfr, b2m_expected(grid_egfr))
  graphics::legend("topright", legend = levels(mechanism), col = colours,
                   pch = 19, cex = 0.8, bty = "n")
  grDevices::dev.off()
  cat(sprintf("\nPlot written to %s\n", png_path))
}

csv_path <- file.path(output, "b2m-interpreted.csv")
utils::write.csv(interpreted, csv_path, row.names = FALSE)
cat(sprintf("Results written to %s\n\n", csv_path))
cat(b2m_methods(interpreted), "\n")
