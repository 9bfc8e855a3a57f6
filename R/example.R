#' Synthetic example data
#'
#' Reads the example data shipped with the package. Both tables are
#' simulated by `data-raw/make-example-data.R` in the package sources: no row
#' describes a real patient.
#'
#' * `"cohort"`: 500 patients, one row each, with `id`, `age` (years), `sex`,
#'   `diagnosis`, serum `b2m` (mg/L) and its laboratory limit `b2m_uln`,
#'   `albumin` (g/dL), `ldh` and `ldh_uln` (U/L), `creatinine` (mg/dL),
#'   `cystatin` (mg/L), `hemoglobin` (g/dL), `platelets` (10^9/L), `igm`
#'   (g/dL), the cytogenetic flags `del17p`, `t4_14`, `t14_16`, `gain1q`, the
#'   myeloma markers of [risk_imwg2025()] `del17p_ccf` (percent), `tp53_mutation`,
#'   `t14_20` and `del1p32` (`"none"`, `"monoallelic"`, `"biallelic"`), the
#'   CLL markers `tp53` and `ighv_unmutated`, the Binet `clinical_stage`, the
#'   follicular-lymphoma inputs `bone_marrow` and `node_diameter_cm`, and
#'   `urine_b2m` (ug/L) with `urine_ph` for a fifth of the patients. Values
#'   are missing where a real registry would lack them.
#' * `"followup"`: repeated serum B2M (mg/L) for 100 of those patients in
#'   long format: `id`, `date`, `b2m`.
#' * `"lab_extract"`: a laboratory extract in long format, one row per
#'   result, made by `data-raw/make-lab-extract.R` for [b2m_from_long()]:
#'   `patient`, `date`, `lab` (two laboratories, the second from 2024 with
#'   its own codes, SI units and reference limits), `test_code` (LOINC or
#'   local), `test_name`, `result` (text as reported: `"<0.5"`, `">20"`,
#'   `"40 g/L"`, `"hemolysed"`), `unit` and `ref_high` (the result's upper
#'   reference limit, in its unit). It includes censored, resent and
#'   contradicting results and a few rows of each name-matching trap (beta-2
#'   globulin, beta-2 glycoprotein I, beta-trace protein, beta-2 transferrin,
#'   dialysate and qualitative B2M).
#'
#' @param name `"cohort"`, `"followup"` or `"lab_extract"`.
#' @return A data frame; logical flags are logical, `date` is a `Date` and
#'   the extract's `result`, `test_code` and `unit` are character.
#' @family example data
#' @export
#' @examples
#' cohort <- b2m_example("cohort")
#' head(cohort[, c("id", "age", "diagnosis", "b2m", "albumin")])
#' followup <- b2m_example("followup")
#' str(followup)
#' extract <- b2m_example("lab_extract")
#' head(extract)
b2m_example <- function(name = "cohort") {
  check_choice(name, c("cohort", "followup", "lab_extract"), "name")
  path <- system.file("extdata", paste0("b2m_", name, ".csv"), package = "b2m",
                      mustWork = TRUE)
  # The extract's results stay text, as laboratories write them.
  classes <- if (name == "lab_extract") {
    c(result = "character", test_code = "character", unit = "character")
  } else {
    NA
  }
  data <- utils::read.csv(path, na.strings = c("", "NA"),
                          stringsAsFactors = FALSE, colClasses = classes)
  if (name %in% c("followup", "lab_extract")) data$date <- as.Date(data$date)
  data
}
