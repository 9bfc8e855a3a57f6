# The urine B2M/creatinine ratio (src/urine.c holds the rule's numbers).

# The rule's numbers as C states them (src/urine.c), named.
urine_limits <- function() .Call(C_r_urine_limits)

#' Urine B2M per gram (and per mmol) of creatinine, with the OSHA trigger
#'
#' Standardises urine B2M to urine creatinine, as occupational (cadmium) and
#' nephrotoxicity monitoring report it, flags results above the OSHA cadmium
#' standard's trigger and flags samples too dilute or too concentrated to
#' interpret.
#'
#' * Ratio in ug/g creatinine = urine B2M (ug/L) / urine creatinine (g/L);
#'   ug/mmol creatinine = ug/g x 113.12 / 1000, with the creatinine
#'   molecular weight 113.12 g/mol (1 g = 8.840 mmol; urine creatinine in mmol/L or
#'   umol/L is converted with it).
#' * `above_osha_trigger`: the ratio is **above** 300 ug/g (29 CFR
#'   1910.1027(l)(3): "more than 300"; exactly 300 is not). The package gives
#'   no employment advice, and does not ship the higher OSHA levels (750,
#'   1500 ug/g: not confirmed from the regulation text).
#' * `dilute`: urine creatinine below 0.3 g/L (30 mg/dL), or specific gravity
#'   below 1.008 when given; `concentrated`: creatinine above 3.0 g/L (300
#'   mg/dL). 0.3 and 3.0 themselves are acceptable: the sources say
#'   "between", and inclusive ends are the package's choice. `recollect` is
#'   `dilute` or `concentrated`: the ratio is still returned but is not valid
#'   for interpretation, so `above_osha_trigger` is `NA` there.
#'
#' The OSHA letters also ask for a new sample when urine pH is below 5.5;
#' [b2m_pattern()] applies the stricter laboratory limit of 6.0.
#'
#' @param urine_b2m Urine B2M, in `urine_b2m_unit`.
#' @param urine_creatinine Urine creatinine (same sample), in
#'   `urine_creatinine_unit`.
#' @param urine_b2m_unit `r b2m_units_rd()` (the default is `"ug/L"`).
#'   `r per_row_unit_rd()`
#' @param urine_creatinine_unit `"mg/dL"`, `"mmol/L"`, `"umol/L"`, `"g/L"`
#'   or `"mg/L"`. `r per_row_unit_rd()`
#' @param specific_gravity Optional urine specific gravity (e.g. 1.015);
#'   `NULL` or `NA` where not measured.
#' @return A data frame with one row per input row and the columns
#'   `ratio_ug_g` (ug B2M per g creatinine), `ratio_ug_mmol` (ug per mmol),
#'   `above_osha_trigger`, `dilute`, `concentrated` and `recollect`
#'   (logical). The ratio is `NA` where either input is missing; the sample
#'   flags need only the creatinine (or a low specific gravity). Bad values
#'   (negative, infinite, impossible for the unit, zero creatinine) are
#'   errors of class `b2m_error_value` naming the rows; urine B2M in ug/L
#'   mostly below 15 (results in mg/L, read as ug/L) is a warning of class
#'   `b2m_warning_unit`, as for [b2m_classify()].
#' @references
#' Occupational Safety and Health Administration. Cadmium standard, 29 CFR
#' 1910.1027(l)(3), biological monitoring (as adopted by MIOSHA Part 309, R
#' 325.51870); OSHA interpretation letters of 15 June 1994 and 5 March 1996
#' (specific gravity below 1.008, pH below 5.5).
#'
#' Deutsche Forschungsgemeinschaft, MAK Commission, adopting the WHO 1996
#' criteria: urine samples with creatinine between 0.3 and 3 g/L.
#'
#' Cocker J, et al. Creatinine adjustment of biological monitoring results.
#' Occup Med 2011.
#' @family kidney
#' @export
#' @examples
#' b2m_urine_ratio(c(450, 450, 120, 2000), c(150, 100, 29.9, 350))
#' b2m_urine_ratio(750, 8.84, urine_creatinine_unit = "mmol/L")
b2m_urine_ratio <- function(urine_b2m, urine_creatinine,
                            urine_b2m_unit = "ug/L",
                            urine_creatinine_unit = "mg/dL",
                            specific_gravity = NULL) {
  call <- sys.call()
  # one unit: the look for results in mg/L is done in the ratio's own pass
  b2m <- numeric_input(urine_b2m, "urine_b2m", "b2m_urine", urine_b2m_unit,
                       "urine_b2m_unit", call, per_row = TRUE,
                       coarser = is_unit_column(urine_b2m_unit), rows_in_c = TRUE)
  creatinine <- numeric_input(urine_creatinine, "urine_creatinine",
                              "creatinine_urine", urine_creatinine_unit,
                              "urine_creatinine_unit", call, per_row = TRUE,
                              rows_in_c = TRUE)
  sg <- if (!is.null(specific_gravity)) {
    numeric_input(specific_gravity, "specific_gravity", "specific_gravity",
                  call = call)
  }
  sizes <- list(urine_b2m = urine_b2m, urine_creatinine = urine_creatinine)
  sizes$specific_gravity <- specific_gravity
  check_sizes(sizes, call)
  out <- urine_ratio_values(b2m, creatinine, sg, call,
                            coarser = !is_unit_column(urine_b2m_unit))
  names(out) <- c("ratio_ug_g", "ratio_ug_mmol", "above_osha_trigger",
                  "dilute", "concentrated", "recollect")
  # the columns as they are (data.frame() would check and copy them)
  structure(out, class = "data.frame",
            row.names = .set_row_names(length(out[[1]])))
}

# The C computation of b2m_urine_ratio() on numeric_input()s (`sg` NULL
# when no specific gravity is given): list(ug_per_g, ug_per_mmol,
# above_trigger, dilute, concentrated, recollect); bad values are errors.
# With `coarser = TRUE` the same pass looks for urine B2M that reads like
# mg/L, and warns as warn_coarser_unit() does (numeric_input()'s look is
# then to be turned off).
urine_ratio_values <- function(b2m, creatinine, sg, call, coarser = FALSE) {
  below <- if (coarser) coarser_unit_below(b2m) else 0
  out <- .Call(C_r_urine_ratio, b2m, creatinine,
               or_absent(sg, "specific_gravity"), as.double(below),
               as.double(unit_mistake_factor))
  found <- attr(out, "b2m_unit_hint", exact = TRUE)
  if (!is.null(found)) {
    attr(out, "b2m_unit_hint") <- NULL
    warn_coarser_unit(b2m, call, outlier_rows(b2m, found), below)
  }
  stop_bad_values(out, list(b2m, creatinine, sg), call)
}
