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
#'   CLL markers `tp53` and `ighv_unmutated`, the Binet `clinical_stage`, the
#'   follicular-lymphoma inputs `bone_marrow` and `node_diameter_cm`, and
#'   `urine_b2m` (ug/L) with `urine_ph` for a fifth of the patients. Values
#'   are missing where a real registry would lack them.
#' * `"followup"`: repeated serum B2M (mg/L) for 100 of those patients in
#'   long format: `id`, `date`, `b2m`.
#'
#' @param name `"cohort"` or `"followup"`.
#' @return A data frame; logical flags are logical and `date` is a `Date`.
#' @family example data
#' @export
#' @examples
#' cohort <- b2m_example("cohort")
#' head(cohort[, c("id", "age", "diagnosis", "b2m", "albumin")])
#' followup <- b2m_example("followup")
#' str(followup)
b2m_example <- function(name = "cohort") {
  check_choice(name, c("cohort", "followup"), "name")
  path <- system.file("extdata", paste0("b2m_", name, ".csv"), package = "b2m",
                      mustWork = TRUE)
  data <- utils::read.csv(path, na.strings = c("", "NA"),
                          stringsAsFactors = FALSE)
  if (name == "followup") data$date <- as.Date(data$date)
  data
}
