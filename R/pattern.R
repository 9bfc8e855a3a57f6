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
#' The pattern is an implementation of the physiology, not a validated
#' diagnostic rule: no single source prints this table.
#'
#' @param serum_b2m Serum B2M, in `serum_unit`.
#' @param urine_b2m Urine B2M (random urine), in `urine_unit`.
#' @param serum_unit,urine_unit Units: `"mg/L"` (= `"ug/mL"`), `"ug/L"`
#'   (= `"ng/mL"`), `"mg/dL"` or `"nmol/L"`.
#' @param serum_uln Upper reference limit of serum B2M in `serum_unit`:
#'   `NULL` for the package default (2.70 mg/L, see [b2m_reference()]), one
#'   value, or one per row.
#' @param urine_uln Upper reference limit of urine B2M in `urine_unit`:
#'   `NULL` for the package default (300 ug/L), one value, or one per row.
#' @param urine_ph Urine pH (0-14), or `NULL` when not known; `NA` rows are
#'   taken as not acid.
#' @return A factor with levels `normal`, `glomerular`, `tubular`,
#'   `combined`; `NA` where a value or limit is missing or acid urine makes a
#'   low urine value untrustworthy. Negative, infinite or (for the unit)
#'   impossible values and non-positive limits are errors of class
#'   `b2m_error_value`.
#' @references Mayo Clinic Laboratories test catalogue: Beta-2-Microglobulin
#'   (B2M), Serum; Beta-2-Microglobulin (B2MU), Urine (reference limits,
#'   rejection of urine with pH < 6, tubular causes of B2M-uria).
#' @family kidney
#' @export
#' @examples
#' b2m_pattern(serum_b2m = c(1.8, 6.0, 1.8, 8.0),
#'             urine_b2m = c(150, 150, 4000, 9000))
#' # acid urine: a low urine value cannot be trusted, a high one stands
#' b2m_pattern(6.0, c(150, 2400, 150), urine_ph = c(5.0, 5.5, 6.0))
b2m_pattern <- function(serum_b2m, urine_b2m, serum_unit = "mg/L",
                        urine_unit = "ug/L", serum_uln = NULL,
                        urine_uln = NULL, urine_ph = NULL) {
  call <- sys.call()
  serum <- numeric_input(serum_b2m, "serum_b2m", "b2m", serum_unit,
                         "serum_unit", call)
  urine <- numeric_input(urine_b2m, "urine_b2m", "b2m_urine", urine_unit,
                         "urine_unit", call)
  if (is.null(serum_uln)) serum_uln <- default_uln("serum", serum$unit)
  if (is.null(urine_uln)) urine_uln <- default_uln("urine", urine$unit)
  limit_s <- numeric_input(serum_uln, "serum_uln", "b2m", serum$unit,
                           "serum_unit", call)
  limit_u <- numeric_input(urine_uln, "urine_uln", "b2m_urine", urine$unit,
                           "urine_unit", call)
  ph <- if (!is.null(urine_ph)) numeric_input(urine_ph, "urine_ph", "urine_ph",
                                              call = call)
  check_sizes(Filter(Negate(is.null), list(
    serum_b2m = serum_b2m, urine_b2m = urine_b2m, serum_uln = serum_uln,
    urine_uln = urine_uln, urine_ph = urine_ph)), call)
  codes <- .Call(C_r_b2m_pattern, serum_b2m, serum_uln, urine_b2m, urine_uln,
                 if (is.null(urine_ph)) NA_real_ else urine_ph,
                 c(serum$max_in_unit, urine$max_in_unit,
                   quantity_table$urine_ph$max))
  codes <- stop_bad_values(codes, list(serum, limit_s, urine, limit_u, ph),
                           call)
  codes <- warn_flagged(codes, paste0(
    "`urine_ph` is below ", format(.Call(C_r_pattern_acid_ph), nsmall = 1),
    " in %s with urine B2M not above its limit: B2M degrades in acid urine, ",
    "so the pattern is NA there."),
    "b2m_warning_acid_urine", call)
  structure(codes, levels = pattern_levels, class = "factor")
}

# The levels of b2m_pattern(), in the order of src/pattern.c's codes.
pattern_levels <- c("normal", "glomerular", "tubular", "combined")
