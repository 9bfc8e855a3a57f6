# Reference limits of B2M and classification against them.

# The package's default reference intervals, one row per specimen.
reference_table <- data.frame(
  specimen = c("serum", "urine", "csf"),
  lower = c(1.21, NA, 0.70),
  upper = c(2.70, 300, 1.80),
  unit = c("mg/L", "ug/L", "mg/L"),
  method = c("nephelometry", "immunoassay (random urine)", "nephelometry"),
  source = c(
    "Mayo Clinic Laboratories, test B2M (LOINC 1952-1)",
    "Mayo Clinic Laboratories, test B2MU",
    "Mayo Clinic Laboratories, test B2MC"
  ),
  stringsAsFactors = FALSE
)

specimen_quantity <- c(serum = "b2m", urine = "b2m_urine", csf = "b2m_csf")

#' Default reference limits of B2M
#'
#' The reference intervals the package uses when no laboratory limit is
#' given. Limits depend on the assay: upper limits from 1.8 to 3.0 mg/L are in
#' use (for example 0.80-2.34 mg/L by turbidimetry), so every function that
#' compares with a limit lets the laboratory's own limit override these.
#'
#' @param specimen One or more of `"serum"`, `"urine"` (random urine) and
#'   `"csf"`; all three by default.
#' @return A data frame with one row per specimen and the columns `specimen`,
#'   `lower`, `upper` (`NA` where the source gives no limit), `unit`,
#'   `method` and `source`.
#' @references Mayo Clinic Laboratories test catalogue: Beta-2-Microglobulin
#'   (B2M), Serum (1.21-2.70 mg/L); Beta-2-Microglobulin (B2MU), Urine
#'   (<= 300 ug/L); Beta-2-Microglobulin (B2MC), Spinal Fluid
#'   (0.70-1.80 mg/L).
#' @family units and reference
#' @export
#' @examples
#' b2m_reference()
#' b2m_reference("urine")
b2m_reference <- function(specimen = c("serum", "urine", "csf")) {
  for (i in seq_along(specimen)) {
    check_choice(specimen[i], reference_table$specimen, "specimen")
  }
  out <- reference_table[match(specimen, reference_table$specimen), ]
  rownames(out) <- NULL
  out
}

# The default upper limit of `specimen`, expressed in `unit`.
default_uln <- function(specimen, unit) {
  default_limit(specimen, "upper", unit)
}

# A default limit (`which`: "lower" or "upper", NA where the source gives
# none) of `specimen`, expressed in `unit`.
default_limit <- function(specimen, which, unit) {
  row <- match(specimen, reference_table$specimen)
  quantity <- specimen_quantity[[specimen]]
  from <- unit_spec(quantity, reference_table$unit[row], "unit")
  to <- unit_spec(quantity, unit, "unit")
  reference_table[[which]][row] * from$den * to$num / (from$num * to$den)
}

# The default reference interval of `specimen` in its quantity's canonical
# unit, c(lower, upper); lower 0 where the source gives none (urine).
reference_interval <- function(specimen) {
  unit <- quantity_table[[specimen_quantity[[specimen]]]]$canonical
  lower <- default_limit(specimen, "lower", unit)
  c(if (is.na(lower)) 0 else lower, default_uln(specimen, unit))
}

# x and its upper limit as checked C inputs, the limit defaulting to the
# specimen's.
limit_inputs <- function(x, uln, unit, specimen, call, censored = FALSE) {
  check_choice(specimen, reference_table$specimen, "specimen", call)
  quantity <- specimen_quantity[[specimen]]
  input <- numeric_input(x, "x", quantity, unit, "unit", call, per_row = TRUE,
                         censored = censored, rows_in_c = TRUE)
  # a given limit is in `unit` (one per row too); the default is in the unit
  # `x` was read into (its canonical unit when `unit` is one per row)
  limit_unit <- if (is.null(uln)) input$unit else unit
  if (is.null(uln)) uln <- default_uln(specimen, input$unit)
  limit <- if (is_unit_column(limit_unit)) {
    # read by C in its rows' units, as x is, with no converted copy: through
    # x's coded units when x has them (C then reads each row's unit once)
    uln <- check_limit_rows(uln, "uln", quantity, unit, "unit", call)
    if (is.null(input$unit_rows)) {
      per_row_numeric(uln, "uln", quantity, unit, "unit", call,
                      rows_in_c = TRUE)
    } else {
      replace(input, c("value", "arg"), list(uln, "uln"))
    }
  } else {
    limit_input(uln, "uln", quantity, limit_unit, "unit", call,
                per_row = TRUE)
  }
  check_sizes(list(x = x, uln = uln), call)
  list(input, limit)
}

#' Classify B2M results as normal or elevated
#'
#' A result is elevated when it is above the upper reference limit
#' (`x > uln`); a result equal to the limit is normal, as laboratories flag
#' only values outside the interval.
#'
#' @param x Numeric vector of B2M concentrations, in `unit`, or censored
#'   results ([b2m_parse_result()]): a censored result lies in an interval,
#'   its bound on one side and 0 or the largest plausible value on the other
#'   (`"<0.5"` is 0 to below 0.5, `">20"` above 20), and is classified when
#'   the whole interval lies in one class (`">20"` is elevated against a
#'   limit of 20 or below, `">=20"` against one below 20; `"<2"` and
#'   `"<=2"` are normal against a limit of 2 or above), `NA` otherwise, as
#'   for a missing value. A bound is checked as a value.
#' @param unit Unit of `x` and `uln`: `r b2m_units_rd()`. `r per_row_unit_rd()`
#' @param specimen `"serum"`, `"urine"` or `"csf"`: chooses the default limit
#'   (see [b2m_reference()]) and the largest plausible value.
#' @param uln Upper reference limit in `unit`: `NULL` for the package default
#'   of the specimen, a single value, or one per row of `x` (for results from
#'   several laboratories). It must be positive: zero is an error of class
#'   `b2m_error_value`; a tiny positive limit is taken as given.
#' @return A factor with levels `"normal"` and `"elevated"`, of the length of
#'   `x`, `NA` where `x` or `uln` is missing. Negative, infinite or (for the
#'   unit) impossible values are an error of class `b2m_error_value`.
#'
#'   A limit that cannot be in `unit` -- more than 20 times above or below
#'   the package's default limit of the specimen in that unit (for serum in
#'   mg/L: outside 0.135-54; exactly 20 times is accepted) -- is an error of
#'   class `b2m_error_unit` naming the rows, with the unit the limit is
#'   probably in as its field `suggested_unit` (the unit in which it is
#'   closest to the default limit, when within 20 times of it). Urine B2M
#'   in `"ug/L"` (or `"ng/mL"`) more than 20 times below the default limit
#'   (below 15 ug/L) reads like a result in mg/L. Healthy dilute urine reads
#'   that low too, and the sources give no lower reference limit for urine
#'   B2M (only the upper, 300 ug/L or 0.20 mg/L), so the test is about the
#'   bulk of the column, not any one row (the package's choice): when more
#'   than half of the positive results are below 15 ug/L (the median
#'   positive result is below it; exactly half is not), a warning of class
#'   `b2m_warning_unit` names those rows (fields `rows`, `count`, `values`,
#'   `suggested_unit` `"mg/L"`); zero reads the same in every unit and
#'   counts neither way. With a unit per row, the rows of each such unit are
#'   judged together. The result is computed as given.
#' @references Mayo Clinic Laboratories test catalogue, tests B2M, B2MU and
#'   B2MC (default limits).
#' @family units and reference
#' @export
#' @examples
#' b2m_classify(c(1.8, 2.7, 2.71, NA))
#' # the same results against a turbidimetric assay's limit
#' b2m_classify(c(1.8, 2.5), uln = 2.34)
#' b2m_classify(c(150, 450), unit = "ug/L", specimen = "urine")
#' # censored results: decided where the whole interval is on one side
#' b2m_classify(b2m_parse_result(c(">20", "<0.5", ">=2.7")))
b2m_classify <- function(x, unit = "mg/L", specimen = "serum", uln = NULL) {
  # a censored result is classified by its interval (C decides it)
  inputs <- limit_inputs(x, uln, unit, specimen, sys.call(), censored = TRUE)
  codes <- .Call(C_r_b2m_classify, inputs[[1]], inputs[[2]])
  codes <- stop_bad_values(codes, inputs, sys.call())
  structure(codes, levels = c("normal", "elevated"), class = "factor")
}

#' B2M as a multiple of the upper reference limit
#'
#' @inheritParams b2m_classify
#' @param x Numeric vector of B2M concentrations, in `unit`. A censored result
#'   ([b2m_parse_result()]) has no multiple: `NA`, with a warning of class
#'   `b2m_warning_censored`.
#' @param uln Upper reference limit in `unit`: `NULL` for the package default
#'   of the specimen, a single value, or one per row of `x`. It must be
#'   positive: zero is an error of class `b2m_error_value`; a tiny positive
#'   limit is taken as given (the result is then very large).
#' @return A double vector, `x / uln`, of the length of `x`; `NA` where either
#'   is missing. A limit more than 20 times away from the default limit in
#'   `unit` is an error of class `b2m_error_unit`, and urine B2M that reads
#'   like mg/L a warning of class `b2m_warning_unit`, as for
#'   [b2m_classify()].
#' @references Mayo Clinic Laboratories test catalogue, tests B2M, B2MU and
#'   B2MC (default limits).
#' @family units and reference
#' @export
#' @examples
#' b2m_fold_uln(c(2.7, 5.5, 40))
#' b2m_fold_uln(5.5, uln = 2.34)
b2m_fold_uln <- function(x, uln = NULL, unit = "mg/L", specimen = "serum") {
  inputs <- limit_inputs(x, uln, unit, specimen, sys.call())
  out <- .Call(C_r_b2m_fold_uln, inputs[[1]], inputs[[2]])
  stop_bad_values(out, inputs, sys.call())
}
