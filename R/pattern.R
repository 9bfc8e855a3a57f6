# Serum against urine B2M: glomerular, tubular or combined pattern.

#' Serum/urine B2M pattern
#'
#' Serum B2M rises when glomerular filtration falls (or production rises);
#' urine B2M rises when proximal tubules fail to reabsorb it. Comparing each
#' with its upper reference limit gives four patterns:
#'
#' | serum | urine | pattern |
#' |---|---|---|
#' | <= ULN | <= ULN | `normal` |
#' | > ULN | <= ULN | `glomerular` (reduced filtration, or high production with intact tubules) |
#' | <= ULN | > ULN | `tubular` (proximal tubular dysfunction) |
#' | > ULN | > ULN | `combined` (glomerular and tubular disease, or overflow from very high production) |
#'
#' B2M degrades in acid urine: laboratories reject urine with pH below 6.0.
#' When `urine_ph` is given and is below 6.0, a urine value not above its
#' limit may be falsely low, so the pattern is `NA` with a warning of class
#' `b2m_warning_acid_urine` naming the rows; a urine value above the limit
#' stands (degradation only lowers it). A pH of exactly 6.0 is acceptable.
#'
#' When `urine_creatinine` is given, a urine sample too dilute (creatinine
#' below 0.3 g/L) or too concentrated (above 3.0 g/L) to interpret, as
#' [b2m_urine_ratio()] flags it, gives `NA` with a warning of class
#' `b2m_warning_recollect_urine` naming the rows: the sources say such a
#' sample is to be collected again, whichever way its B2M lies. The urine
#' B2M is still compared with its limit as a concentration: no source gives
#' a creatinine-standardised limit for tubular proteinuria (the 300 ug/g of
#' [b2m_urine_ratio()] is the OSHA cadmium-surveillance trigger, not a
#' reference limit).
#'
#' The pattern is an implementation of the physiology, not a validated
#' diagnostic rule: no single source prints this table.
#'
#' @param serum_b2m Serum B2M, in `serum_unit`.
#' @param urine_b2m Urine B2M (random urine), in `urine_unit`.
#' @param serum_unit,urine_unit Units: `r b2m_units_rd()`.
#'   `r per_row_unit_rd()` A limit given is in the same unit as its results,
#'   row by row.
#' @param serum_uln Upper reference limit of serum B2M in `serum_unit`:
#'   `NULL` for the package default (2.70 mg/L, see [b2m_reference()]), one
#'   value, or one per row.
#' @param urine_uln Upper reference limit of urine B2M in `urine_unit`:
#'   `NULL` for the package default (300 ug/L), one value, or one per row.
#' @param urine_ph Urine pH (0-14), or `NULL` when not known; `NA` rows are
#'   taken as not acid.
#' @param urine_creatinine Urine creatinine of the same sample, in
#'   `urine_creatinine_unit`, or `NULL` when not known; `NA` rows are not
#'   judged dilute or concentrated.
#' @param urine_creatinine_unit As in [b2m_urine_ratio()]: `"mg/dL"`,
#'   `"mmol/L"`, `"umol/L"`, `"g/L"` or `"mg/L"`. `r per_row_unit_rd()`
#' @return A factor with levels `normal`, `glomerular`, `tubular`,
#'   `combined`; `NA` where a value or limit is missing, acid urine makes a
#'   low urine value untrustworthy or the sample is to be recollected.
#'   Negative, infinite or (for the unit) impossible values, zero urine
#'   creatinine and non-positive limits are errors of class
#'   `b2m_error_value`. A limit more than 20 times away from the package's
#'   default in its unit is an error of class `b2m_error_unit`, and urine
#'   B2M in ug/L mostly below 15 (20 times below the default limit: results
#'   in mg/L) a warning of class `b2m_warning_unit`, as for [b2m_classify()].
#' @references Mayo Clinic Laboratories test catalogue: Beta-2-Microglobulin
#'   (B2M), Serum; Beta-2-Microglobulin (B2MU), Urine (reference limits,
#'   rejection of urine with pH < 6, tubular causes of B2M-uria).
#'
#'   Deutsche Forschungsgemeinschaft, MAK Commission, adopting the WHO 1996
#'   criteria: urine samples with creatinine between 0.3 and 3 g/L.
#' @family kidney
#' @export
#' @examples
#' b2m_pattern(serum_b2m = c(1.8, 6.0, 1.8, 8.0),
#'             urine_b2m = c(150, 150, 4000, 9000))
#' # acid urine: a low urine value cannot be trusted, a high one stands
#' b2m_pattern(6.0, c(150, 2400, 150), urine_ph = c(5.0, 5.5, 6.0))
#' # a dilute sample (creatinine 20 mg/dL) is to be collected again
#' b2m_pattern(1.8, c(4000, 4000), urine_creatinine = c(100, 20))
b2m_pattern <- function(serum_b2m, urine_b2m, serum_unit = "mg/L",
                        urine_unit = "ug/L", serum_uln = NULL,
                        urine_uln = NULL, urine_ph = NULL,
                        urine_creatinine = NULL,
                        urine_creatinine_unit = "mg/dL") {
  call <- sys.call()
  serum <- numeric_input(serum_b2m, "serum_b2m", "b2m", serum_unit,
                         "serum_unit", call, per_row = TRUE, rows_in_c = TRUE)
  urine <- numeric_input(urine_b2m, "urine_b2m", "b2m_urine", urine_unit,
                         "urine_unit", call, per_row = TRUE, rows_in_c = TRUE)
  limit_s <- pattern_limit(serum_uln, "serum_uln", serum, serum_unit,
                           "serum", call)
  limit_u <- pattern_limit(urine_uln, "urine_uln", urine, urine_unit,
                           "urine", call)
  ph <- if (!is.null(urine_ph)) numeric_input(urine_ph, "urine_ph", "urine_ph",
                                              call = call)
  creatinine <- if (!is.null(urine_creatinine)) {
    numeric_input(urine_creatinine, "urine_creatinine", "creatinine_urine",
                  urine_creatinine_unit, "urine_creatinine_unit", call,
                  per_row = TRUE, rows_in_c = TRUE)
  }
  check_sizes(Filter(Negate(is.null), list(
    serum_b2m = serum_b2m, urine_b2m = urine_b2m, serum_uln = serum_uln,
    urine_uln = urine_uln, urine_ph = urine_ph,
    urine_creatinine = urine_creatinine)), call)
  codes <- .Call(C_r_b2m_pattern, serum, limit_s, urine, limit_u,
                 or_absent(ph, "urine_ph"))
  codes <- stop_bad_values(codes, list(serum, limit_s, urine, limit_u, ph),
                           call)
  codes <- warn_flagged(codes, paste0(
    "`urine_ph` is below ", format(.Call(C_r_pattern_acid_ph), nsmall = 1),
    " in %s with urine B2M not above its limit: B2M degrades in acid urine, ",
    "so the pattern is NA there."),
    "b2m_warning_acid_urine", call)
  if (!is.null(creatinine)) {
    recollect <- urine_ratio_values(urine, creatinine, NULL, call)[[6]]
    codes <- without_recollected(codes, recollect, call)
  }
  structure(codes, levels = pattern_levels, class = "factor")
}

# The upper limit of `input` (a numeric_input() of `specimen`) ready for C:
# a given limit is in `unit`, the results' unit argument (one per row too);
# the default is in the unit the results were read into (their canonical
# unit when `unit` is one per row).
pattern_limit <- function(uln, arg, input, unit, specimen, call) {
  if (is.null(uln)) {
    uln <- default_uln(specimen, input$unit)
    unit <- input$unit
  }
  limit_input(uln, arg, input$quantity, unit, paste0(specimen, "_unit"), call,
              per_row = TRUE)
}

# b2m_pattern() for b2m_annotate(), which has computed the urine ratio's
# recollect flags already (`urine_recollect`, its column, from the same
# urine B2M and creatinine): the pattern takes them instead of computing
# the ratio again. Without them it is b2m_pattern() itself.
pattern_given_recollect <- function(serum_b2m, urine_b2m, ...,
                                    urine_creatinine = NULL,
                                    urine_creatinine_unit = "mg/dL",
                                    urine_recollect = NULL) {
  if (is.null(urine_recollect) || is.null(urine_creatinine)) {
    return(b2m_pattern(serum_b2m, urine_b2m, ...,
                       urine_creatinine = urine_creatinine,
                       urine_creatinine_unit = urine_creatinine_unit))
  }
  codes <- b2m_pattern(serum_b2m, urine_b2m, ...)
  without_recollected(codes, urine_recollect, sys.call())
}

# The pattern codes (or factor) with the samples to be recollected
# (`recollect`, b2m_urine_ratio()'s flag: too dilute or too concentrated)
# set to NA, with a warning naming them.
without_recollected <- function(codes, recollect, call) {
  rows <- which(recollect & !is.na(codes))
  if (length(rows) == 0) return(codes)
  is.na(codes) <- rows
  limits <- urine_limits()
  b2m_warn(sprintf(paste0(
    "`urine_creatinine` is outside %s to %s g/L in %s: the sample is too ",
    "dilute or too concentrated to interpret (collect another), so the ",
    "pattern is NA there."),
    format(limits[["dilute_below_g_per_l"]], nsmall = 1),
    format(limits[["concentrated_above_g_per_l"]], nsmall = 1),
    format_rows(reported_rows(rows), length(rows))),
    "b2m_warning_recollect_urine", call, rows = reported_rows(rows),
    count = length(rows))
  codes
}

# The levels of b2m_pattern(), in the order of src/pattern.c's codes.
pattern_levels <- c("normal", "glomerular", "tubular", "combined")
