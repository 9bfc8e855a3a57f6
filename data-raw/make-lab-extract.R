# Generates inst/extdata/b2m_lab_extract.csv, a synthetic laboratory extract
# in long format (one row per result), for b2m_from_long(). Run from the
# package root with `Rscript data-raw/make-lab-extract.R`. Every value is
# simulated: no row describes a real patient.
#
# The extract mixes two laboratories. Laboratory A (2023) reports LOINC
# codes in US units; laboratory B (from 2024) reports serum B2M and albumin
# under its own codes ("B2M-S", "ALB"), SI units and other reference limits.
# Patients P01-P20 are routine myeloma work-ups; P21-P24 hold the cases a
# reader must get right (censored results, a resent and a contradicting
# result, a unit inside the cell, unreadable and unknown rows); P25-P26 the
# name-matching traps of lab-data.md.
set.seed(20261201)

columns <- c("patient", "date", "lab", "test_code", "test_name", "result",
             "unit", "ref_high")
rows <- list()
add <- function(patient, date, lab, code, name, result, unit, ref_high = NA) {
  rows[[length(rows) + 1]] <<- data.frame(
    patient = patient, date = date, lab = lab, test_code = code,
    test_name = name, result = result, unit = unit, ref_high = ref_high,
    stringsAsFactors = FALSE
  )
}
fmt <- function(x, digits) formatC(x, format = "f", digits = digits)

# Routine patients ------------------------------------------------------------

visit_a <- function(p, date, b2m, albumin, ldh, creatinine, hb, plt) {
  add(p, date, "A", "1952-1", "Beta-2 microglobulin, serum", fmt(b2m, 1), "mg/L", 2.7)
  add(p, date, "A", "1751-7", "Albumin, serum", fmt(albumin, 1), "g/dL")
  add(p, date, "A", "14804-9", "LDH (L->P)", fmt(ldh, 0), "U/L", 250)
  add(p, date, "A", "2160-0", "Creatinine, serum", fmt(creatinine, 2), "mg/dL")
  add(p, date, "A", "718-7", "Hemoglobin", fmt(hb, 1), "g/dL")
  add(p, date, "A", "777-3", "Platelets", fmt(plt, 0), "10*9/L")
}
visit_b <- function(p, date, b2m, albumin, ldh, creatinine, hb, plt) {
  add(p, date, "B", "B2M-S", "B2-Mikroglobulin i.S.", fmt(b2m * 1000, 0), "ug/L", 2400)
  add(p, date, "B", "ALB", "Albumin i.S.", fmt(albumin * 10, 0), "g/L")
  add(p, date, "B", "14805-6", "LDH (P->L)", fmt(ldh * 1.8, 0), "U/L", 450)
  add(p, date, "B", "14682-9", "Kreatinin i.S.", fmt(creatinine * 88.4, 0), "umol/L")
  add(p, date, "B", "718-7", "Haemoglobin", fmt(hb * 10, 0), "g/L")
  add(p, date, "B", "777-3", "Thrombozyten", fmt(plt, 0), "10*3/uL")
}

for (k in 1:20) {
  p <- sprintf("P%02d", k)
  b2m <- round(exp(rnorm(1, log(3.8), 0.6)), 1)
  albumin <- round(rnorm(1, 3.6, 0.5), 1)
  ldh <- round(exp(rnorm(1, log(210), 0.3)))
  creatinine <- round(exp(rnorm(1, log(1.0), 0.35)), 2)
  hb <- round(rnorm(1, 11.5, 1.5), 1)
  plt <- round(exp(rnorm(1, log(210), 0.4)))
  day1 <- as.Date("2023-03-01") + sample(0:200, 1)
  visit_a(p, day1, b2m, albumin, ldh, creatinine, hb, plt)
  if (k %% 2 == 0) {
    # the follow-up after the change of laboratory
    day2 <- as.Date("2024-02-01") + sample(0:100, 1)
    visit_b(p, day2, round(b2m * 0.7, 1), albumin, ldh, creatinine, hb, plt)
  }
}

# Cases the reader must get right ----------------------------------------------

d <- as.Date("2024-05-06")
# P21: B2M above the assay's range (">20"), serum and urine B2M, urine pH
add("P21", d, "A", "1952-1", "Beta-2 microglobulin, serum", ">20", "mg/L", 2.7)
add("P21", d, "A", "1751-7", "Albumin, serum", "3.9", "g/dL")
add("P21", d, "A", "1953-9", "Beta-2 microglobulin, urine", "350", "ug/L")
add("P21", d, "A", "5803-2", "pH, urine (strip)", "6.5", "")
# P22: B2M below the limit of quantitation, a unit inside the cell, albumin
# resent identically, cystatin C, a reported eGFR
add("P22", d, "B", "B2M-S", "B2-Mikroglobulin i.S.", "<500", "ug/L", 2400)
add("P22", d, "B", "ALB", "Albumin i.S.", "40 g/L", "")
add("P22", d, "B", "ALB", "Albumin i.S.", "40", "g/L")
add("P22", d, "B", "33863-2", "Cystatin C", "0.9", "mg/L")
add("P22", d, "B", "98979-8", "eGFR CKD-EPI 2021", "88", "mL/min/{1.73_m2}")
# P23: two contradicting B2M results the same day (not placed), a result
# that is not a number, a post-dialysis B2M kept apart
add("P23", d, "A", "1952-1", "Beta-2 microglobulin, serum", "4.1", "mg/L", 2.7)
add("P23", d, "A", "1952-1", "Beta-2 microglobulin, serum", "5.9", "mg/L", 2.7)
add("P23", d, "A", "1751-7", "Albumin, serum", "hemolysed", "g/dL")
add("P23", d, "A", "87708-4", "Beta-2 microglobulin, post dialysis", "9.5", "mg/L")
# P24: a molar B2M (nmol/L), a urine B2M per gram creatinine (not a
# concentration: not placed), a test the reader does not know, and an
# excluded dialysate B2M
add("P24", d, "A", "14626-6", "Beta-2 microglobulin, serum (molar)", "525", "nmol/L", 229)
add("P24", d, "A", "1751-7", "Albumin, serum", "3.2", "g/dL")
add("P24", d, "A", "1953-9", "Beta-2 microglobulin, urine", "120", "ug/g{creat}")
add("P24", d, "A", "FERR", "Ferritin", "85", "ng/mL")
add("P24", d, "A", "49081-3", "Beta-2 microglobulin, dialysate", "12", "mg/L")

# Name-matching traps: none of them is serum B2M ---------------------------------

add("P25", d, "A", "1952-1", "Beta-2 microglobulin, serum", "2.1", "mg/L", 2.7)
add("P25", d, "A", "S-BETA2", "Beta 2 globulin (SPEP)", "3.4", "g/L")
add("P25", d, "A", "B2GP1-G", "Beta-2 glycoprotein I IgG", "12", "U/mL")
add("P25", d, "A", "43818-4", "Beta-2 microglobulin [Presence], serum", "positive", "")
add("P25", d, "A", "2524-7", "Lactate", "1.4", "mmol/L")
add("P26", d, "A", "BTP-L", "Beta-trace protein, CSF", "18.2", "mg/L")
add("P26", d, "A", "B2TF", "Beta-2 transferrin", "negative", "")
add("P26", d, "A", "B2M-SEQ", "B2M gene sequencing", "no variant", "")
add("P26", d, "A", "1754-1", "Albumin, urine", "25", "mg/L")
add("P26", d, "A", "4548-4", "Hemoglobin A1c", "6.1", "%")

extract <- do.call(rbind, rows)[columns]
extract$date <- format(extract$date)
utils::write.csv(extract, "inst/extdata/b2m_lab_extract.csv", row.names = FALSE,
                 na = "")
