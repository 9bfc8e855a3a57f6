# The package's main job on the bundled example cohort; run by `make demo`.
# It reads the cohort, interprets it, prints the stage tables, and writes a
# plot and a CSV of the results to the folder named below.
library(b2m)
# The demo prints its own summary of what was computed.
options(b2m.quiet = TRUE)

output <- "demo-output"
dir.create(output, showWarnings = FALSE)

cohort <- utils::read.csv(system.file("extdata", "b2m_cohort.csv",
                                      package = "b2m"),
                          na.strings = c("", "NA"))
cat(sprintf("Example cohort: %d patients (synthetic)\n\n", nrow(cohort)))

# Some of the simulated urine samples are acid: their pattern is NA, and
# b2m_interpret() warns; the demo counts them instead.
acid <- NULL
interpreted <- withCallingHandlers(
  b2m_interpret(cohort),
  b2m_warning_acid_urine = function(w) {
    acid <<- w
    invokeRestart("muffleWarning")
  }
)
computed <- setdiff(names(interpreted), names(cohort))
cat(strwrap(sprintf("Computed %d columns: %s.", length(computed),
                    paste(computed, collapse = ", ")), exdent = 2),
    sep = "\n")
if (!is.null(acid)) {
  rules <- b2m_rules()
  cat(strwrap(sprintf(paste(
    "%d urine samples below pH %s with a urine B2M not above its limit:",
    "B2M degrades in acid urine, so their serum/urine pattern is NA."),
    acid$count, sprintf("%.1f", rules$threshold[rules$input %in% "urine_ph"])),
    exdent = 2), sep = "\n")
}
cat("\n")

# Each staging system on the patients it was made for: with the cohort's
# diagnosis column, b2m_interpret() stages each patient only by the systems
# of their disease. The demo states which system is whose and checks it.
systems <- list(
  myeloma = c("iss", "riss", "r2iss"),
  CLL = "cll_ipi",
  Waldenstrom = c("ipsswm", "ripsswm"),
  "follicular lymphoma" = c("flipi2", "prima_pi")
)
diagnosis <- interpreted$b2m_diagnosis
staged <- vapply(unlist(systems, use.names = FALSE), function(system) {
  table(diagnosis[!is.na(interpreted[[system]])])
}, integer(nlevels(diagnosis)))
cat("Patients with a stage of each system, by diagnosis:\n")
print(staged[rowSums(staged) > 0 | levels(diagnosis) %in% diagnosis, ,
             drop = FALSE])
for (disease in names(systems)) {
  for (system in systems[[disease]]) {
    elsewhere <- !is.na(interpreted[[system]]) & !is.na(diagnosis) &
      diagnosis != disease
    if (any(elsewhere)) {
      stop(sprintf("%d patients without %s have a %s stage", sum(elsewhere),
                   disease, system))
    }
  }
}
cat("No patient has a stage of another disease's system.\n\n")
for (disease in names(systems)) {
  cat(sprintf("%s (n = %d):\n", disease, sum(diagnosis %in% disease)))
  print(b2m_table(interpreted, by = NULL, systems = systems[[disease]]),
        row.names = FALSE)
  cat("\n")
}

cat("KDIGO GFR category (best available eGFR):\n")
print(table(interpreted$gfr_category, useNA = "ifany"))
cat("\nSerum B2M status and the likely mechanism:\n")
print(table(status = interpreted$b2m_status,
            mechanism = interpreted$b2m_mechanism, useNA = "ifany"))
cat("\nA laboratory comment, first elevated row:\n")
first <- which(interpreted$b2m_status == "elevated")[1]
cat(strwrap(interpreted$b2m_comment[first], prefix = "  "), sep = "\n")
cat(strwrap(paste("Follow-up:", interpreted$b2m_follow_up[first]),
            prefix = "  "), sep = "\n")

# Monitoring over time.
trend <- summary(b2m_trend(b2m_example("followup"), time = "date"))
cat(sprintf("\nB2M trends of %d patients in follow-up:\n", nrow(trend)))
print(table(trend = trend$trend, useNA = "ifany"))

# A figure and the results: serum B2M against the best eGFR, coloured by
# mechanism, with the B2M the eGFR explains and b2m_interpret()'s cut-offs.
png_path <- file.path(output, "b2m-by-egfr.png")
grDevices::png(png_path, width = 1000, height = 700, res = 120)
plot(b2m_by_egfr(interpreted), main = "Serum B2M against kidney function")
invisible(grDevices::dev.off())

# The CSV carries each estimate at the precision a laboratory reports it:
# eGFR in whole mL/min/1.73 m2, ratios and B2M in hundredths.
csv_path <- file.path(output, "b2m-interpreted.csv")
reported <- interpreted
digits <- c(egfr_cr = 0, egfr_cys = 0, egfr_crcys = 0, egfr_b2m = 0,
            b2m_fold_uln = 2, b2m_expected = 2, b2m_excess = 2)
for (column in intersect(names(digits), names(reported))) {
  reported[[column]] <- round(reported[[column]], digits[[column]])
}
utils::write.csv(reported, csv_path, row.names = FALSE, na = "")
cat(sprintf("\nPlot written to %s\nResults written to %s\n\n", png_path,
            csv_path))
# The methods paragraph, then its references, each wrapped on its own.
for (line in strsplit(b2m_methods(interpreted), "\n")[[1]]) {
  cat(if (nzchar(line)) strwrap(line, exdent = 4) else "", sep = "\n")
}
