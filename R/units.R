# Units of every quantity the package reads, and B2M unit conversion.

# B2M in any specimen: 11,800 g/mol, the molecular weight laboratory
# catalogues use (the mature chain's sequence gives about 11,730): 1 mg/L
# = 1e6 / 11800 nmol/L.
b2m_units <- list("mg/L" = c(1, 1), "ug/mL" = c(1, 1), "ug/L" = c(1000, 1),
                  "ng/mL" = c(1000, 1), "nmol/L" = c(1e6, 11800),
                  "mg/dL" = c(1, 10))

# For each quantity: its canonical unit (the one the primary sources use), the
# units accepted with their scale c(num, den) -- a value in the unit is the
# canonical value * num / den, num and den exact integers -- and the largest
# value possible in the canonical unit, beyond which a value must be in
# another unit (or mistyped). Where a value near zero is as impossible as a
# huge one (a divisor, a marker whose equation rises without bound as it
# falls), `min` is the smallest plausible value, below which it is refused
# too. Every limit is the package's own plausibility limit, not a clinical
# threshold: far outside anything measured, so that only a wrong unit or a
# typing error reaches it. Synonyms share a scale; the order of `units`
# breaks ties between units suggested (suggest_unit()). A B2M quantity names
# its `specimen` (the row of reference_table whose limits it is checked
# against); `warn_coarser` turns on the warning for results that look like
# a unit 1000 times coarser (warn_coarser_unit()). `extract_units` are
# units laboratories report that only b2m_from_long() reads (exact by
# definition); the other functions take `units` only.
quantity_table <- list(
  b2m = list(
    label = "serum B2M", canonical = "mg/L", max = 200, specimen = "serum",
    units = b2m_units
  ),
  b2m_urine = list(
    label = "urine B2M", canonical = "mg/L", max = 2000, specimen = "urine",
    warn_coarser = TRUE, units = b2m_units
  ),
  b2m_csf = list(
    label = "CSF B2M", canonical = "mg/L", max = 100, specimen = "csf",
    units = b2m_units
  ),
  albumin = list(
    label = "serum albumin", canonical = "g/dL", max = 10,
    units = list("g/dL" = c(1, 1), "g/L" = c(10, 1)),
    extract_units = list("mg/dL" = c(1000, 1))
  ),
  hemoglobin = list(
    label = "haemoglobin", canonical = "g/dL", max = 25,
    units = list("g/dL" = c(1, 1), "g/L" = c(10, 1))
  ),
  igm = list(
    label = "serum IgM", canonical = "g/dL", max = 20,
    units = list("g/dL" = c(1, 1), "g/L" = c(10, 1), "mg/dL" = c(1000, 1))
  ),
  creatinine = list(
    # 1 mg/dL = 88.4 umol/L, the factor of the CKD-EPI papers. The minimum
    # is half the lowest value the CKiD study group's calculator accepts
    # (0.1 mg/dL, children included): below it the CKD-EPI equation gives
    # eGFRs no kidney has (0.0005 mg/dL would be 603).
    label = "serum creatinine", canonical = "mg/dL", min = 0.05, max = 30,
    units = list("mg/dL" = c(1, 1), "umol/L" = c(884, 10)),
    extract_units = list("mg/L" = c(10, 1))
  ),
  cystatin = list(
    # The minimum is half the lowest value the CKiD study group's calculator
    # accepts (0.2 mg/L).
    label = "serum cystatin C", canonical = "mg/L", min = 0.1, max = 15,
    units = list("mg/L" = c(1, 1))
  ),
  egfr = list(
    # No eGFR equation gives more than about 200; 500 catches values that are
    # not an eGFR at all (a clearance in mL/h, a misplaced column). The
    # minimum binds only where the eGFR is a divisor (the B2M it explains,
    # which grows without bound as the GFR falls): 0.1 is below anything the
    # CKD-EPI equations give within the creatinine and cystatin C limits
    # (about 0.75 at 30 mg/dL and age 120). A GFR category takes 0.
    label = "eGFR", canonical = "mL/min/1.73m2", min = 0.1, max = 500,
    units = list("mL/min/1.73m2" = c(1, 1)),
    extract_units = list("mL/s/1.73m2" = c(1, 60))
  ),
  age = list(
    label = "age", canonical = "years", max = 120,
    units = list("years" = c(1, 1))
  ),
  ldh = list(
    # 1 ukat = 60 U (1 U = 1 umol/min)
    label = "LDH", canonical = "U/L", max = 1e5,
    units = list("U/L" = c(1, 1), "IU/L" = c(1, 1)),
    extract_units = list("ukat/L" = c(1, 60))
  ),
  platelets = list(
    label = "platelet count", canonical = "10^9/L", max = 5000,
    units = list("10^9/L" = c(1, 1))
  ),
  node_diameter = list(
    label = "node diameter", canonical = "cm", max = 50,
    units = list("cm" = c(1, 1), "mm" = c(10, 1))
  ),
  urine_ph = list(
    label = "urine pH", canonical = "pH", max = 14,
    units = list("pH" = c(1, 1))
  ),
  weight = list(
    # The minimum is well below the smallest infants dialysed.
    label = "body weight", canonical = "kg", min = 0.5, max = 500,
    units = list("kg" = c(1, 1))
  ),
  height = list(
    # No one is 3 m tall: a larger height in "m" is in cm.
    label = "height", canonical = "m", max = 3,
    units = list("m" = c(1, 1), "cm" = c(100, 1))
  ),
  creatinine_urine = list(
    # Molecular weight 113.12 g/mol (clinical-rules-2.md G.1): 1 mg/dL = 1000 /
    # 11312 mmol/L. 1000 mg/dL (10 g/L) is beyond any urine.
    label = "urine creatinine", canonical = "mg/dL", max = 1000,
    units = list("mg/dL" = c(1, 1), "mmol/L" = c(1000, 11312),
                 "umol/L" = c(1e6, 11312), "g/L" = c(1, 100),
                 "mg/L" = c(10, 1))
  ),
  b2m_excretion = list(
    # Read from extracts only (b2m_from_long()). 11,800 g/mol as for every
    # B2M unit: 1 ug = 10/118 nmol. The maximum only catches another unit.
    label = "24-hour urine B2M excretion", canonical = "ug/(24.h)",
    max = 1e7,
    units = list("ug/(24.h)" = c(1, 1), "mg/(24.h)" = c(1, 1000),
                 "nmol/(24.h)" = c(10, 118))
  ),
  specific_gravity = list(
    # Urine is 1.000 to about 1.040; 1.2 catches 1020 typed for 1.020.
    label = "urine specific gravity", canonical = "SG", max = 1.2,
    units = list("SG" = c(1, 1))
  ),
  clonal_fraction = list(
    # The share of clonal plasma cells carrying an abnormality: a percent,
    # so above 100 it is not one.
    label = "clonal cell fraction", canonical = "%", max = 100,
    units = list("%" = c(1, 1))
  )
)

# unit_spec()'s answer for every unit of every quantity, worked out once:
# it is asked for each numeric argument of every call.
unit_specs <- lapply(quantity_table, function(table) {
  Map(spec_of_unit, names(table$units), MoreArgs = list(table = table))
})

#' Convert B2M concentrations between units
#'
#' Converts beta-2 microglobulin concentrations among units by weight and
#' molar units. Units by weight are related by definition (1 mg/L = 1 ug/mL
#' = 1000 ug/L = 1000 ng/mL = 0.1 mg/dL); molar units use a molecular weight
#' of 11,800 g/mol, the value laboratory catalogues report, so 1 mg/L =
#' 84.746 nmol/L. The mature protein's sequence gives about 11,730 g/mol
#' and some clinical papers multiply mg/L by 85; both differ from the
#' package's factor by less than 0.6 percent.
#'
#' Unit names are matched ignoring case and white space; `"ug"`, `"mcg"`,
#' and the micro sign are all accepted for micrograms.
#'
#' @param x Numeric vector of B2M concentrations, in `from`.
#' @param from,to Units: one of `"mg/L"` (= `"ug/mL"`), `"ug/L"`
#'   (= `"ng/mL"`), `"mg/dL"` or `"nmol/L"`; or one per row of `x` (a
#'   character or factor vector, as an extract's unit column holds), each row
#'   converted from its own unit. A missing unit is allowed only where `x` is
#'   missing.
#' @return A double vector of the same length as `x`, in `to`; missing values
#'   stay missing. Negative or infinite values, and values above the largest
#'   plausible B2M of any specimen (2000 mg/L, urine) in `from`, are an error
#'   of class `b2m_error_value` naming the rows (and, for the latter, the
#'   unit probably meant). `NULL` is not a unit: an error of class
#'   `b2m_error_type`. A per-row unit that is not one of the units, or
#'   missing where `x` has a value, is an error of class `b2m_error_unit`
#'   naming the rows; `from` and `to` must have the length of `x` or length 1
#'   (`b2m_error_length`).
#' @section Units per row:
#' Laboratory extracts give a unit with every result, and a laboratory's
#' change of method changes it mid-column. `b2m_convert()` takes such a
#' column in `from` (and in `to`), and so do the unit arguments of the
#' staging functions (`stage_*()`, `score_*()`), of the eGFR equations
#' (`creatinine_unit`), of [b2m_classify()], [b2m_fold_uln()], [b2m_pattern()],
#' [b2m_urine_ratio()], [egfr_b2m()], [b2m_excess()] and
#' [b2m_reduction_ratio()]: one unit per row, each row checked for
#' plausibility in its own unit and converted, in C, to the unit the rule is
#' stated in as the computation reads it, a few thousand rows at a time, so
#' no converted copy of the column is made. The staging functions convert
#' nothing: each row is
#' compared in its own unit with the thresholds converted into it, so a row
#' is staged exactly as in a call with its unit for the whole column.
#' [b2m_expected()] gives each row's expected B2M in that row's unit.
#' [b2m_trend()] takes a unit per row too and gives its results in mg/L, so
#' that a patient's results are compared in one unit.
#'
#' @references Mayo Clinic Laboratories. Beta-2-Microglobulin (B2M), Serum;
#'   Beta-2-Microglobulin (B2MU), Urine: test catalogue entries (molecular
#'   weight 11,800 daltons).
#' @family units and reference
#' @export
#' @examples
#' b2m_convert(c(2.5, 5.5, NA), from = "mg/L", to = "nmol/L")
#' b2m_convert(2400, from = "ng/mL", to = "mg/L")
#' b2m_convert(0.35, from = "mg/dL", to = "mg/L")
#' # a unit per row, as a laboratory extract gives them
#' b2m_convert(c(2.1, 178, 2400), from = c("mg/L", "nmol/L", "ug/L"))
b2m_convert <- function(x, from, to = "mg/L") {
  if (is_unit_column(from) || is_unit_column(to)) {
    return(convert_unit_rows(x, "x", "b2m_urine", from, "from", to, "to",
                             sys.call()))
  }
  # The specimen is not known: a value is plausible when it is for some
  # specimen, so the limit is the largest of them (urine B2M), and no
  # specimen's checks of what its results look like apply.
  input <- read_numeric(x, "x", "b2m_urine", from, "from")
  target <- unit_spec("b2m_urine", to, "to")
  # value_in_to = value_in_from * (den_from * num_to) / (num_from * den_to),
  # a product of exact integers on each side.
  multiply <- input$den * target$num
  divide <- input$num * target$den
  out <- .Call(C_r_b2m_convert, input$value, as.double(multiply), as.double(divide),
               as.double(input$max_in_unit))
  stop_bad_values(out, list(input))
}

# A unit argument holding one unit per row (more than one string).
is_unit_column <- function(unit) {
  (is.character(unit) || is.factor(unit)) && length(unit) > 1
}

# `x` (argument `arg`, of `quantity`) from the units `from` to the units
# `to`, either one or one per row (arguments `from_arg`, `to_arg`): C reads
# each row's pair of units through their distinct labels (no per-row copy
# of the units), checks the value in its own unit and converts with that
# pair's exact factors.
convert_unit_rows <- function(x, arg, quantity, from, from_arg, to, to_arg,
                              call) {
  sizes <- list(x, from, to)
  names(sizes) <- c(arg, from_arg, if (to_arg == from_arg) "to" else to_arg)
  check_sizes(sizes, call)
  table <- quantity_table[[quantity]]
  out <- convert_coded_rows(x, unit_column(from, from_arg, table, x, call),
                            unit_column(to, to_arg, table, x, call), table)
  if (inherits(out, "b2m_bad_values")) {
    stop_unit_rows_values(out, x, arg, quantity, from, from_arg, call)
  }
  out
}

# `x`, a result computed in the canonical unit of `quantity`, in `units`
# (one per row, the argument `units_arg`). A result is not a measurement:
# no plausibility check (the B2M expected for a GFR near 0 is beyond any
# measured one).
canonical_in_rows <- function(x, quantity, units, units_arg, call) {
  table <- quantity_table[[quantity]]
  table$max <- Inf
  convert_coded_rows(x, unit_column(table$canonical, units_arg, table, x, call),
                     unit_column(units, units_arg, table, x, call), table)
}

# The C conversion of x between coded units of the quantity `table`.
convert_coded_rows <- function(x, from, to, table) {
  pairs <- unit_pair_tables(table)
  .Call(C_r_b2m_convert_rows, x, from, to, pairs$multiply, pairs$divide,
        pairs$min, pairs$max)
}

# What C converts between the units of the quantity `table` with: each
# pair's factors, value_in_to = value_in_from * (den_from * num_to) /
# (num_from * den_to), read at (from - 1) * units + to (row-major), and each
# unit's plausible range.
unit_pair_tables <- function(table) {
  scales <- matrix(unlist(table$units), nrow = 2)
  range <- vapply(table$units, function(scale) plausible_range(table, scale),
                  numeric(2))
  list(multiply = as.vector(t(outer(scales[2, ], scales[1, ]))),
       divide = as.vector(t(outer(scales[1, ], scales[2, ]))),
       min = as.double(range[1, ]), max = as.double(range[2, ]))
}

# A unit per row as the coded column C reads: each label's index among the
# quantity's units. A label that is no unit of the quantity is an error, and
# so is a missing unit where `x` has a value.
unit_column <- function(units, arg, table, x, call) {
  known <- names(table$units)
  input <- coded_input(units, function(labels) {
    match(normalize_unit(labels), normalize_unit(known))
  })
  if (!is.null(input$unknown)) {
    fields <- list(arg = arg, rows = as.numeric(input$unknown$rows),
                   count = input$unknown$count, labels = input$unknown$labels)
    b2m_abort(
      sprintf("`%s` must hold units of %s (%s); found %s in %s.", arg,
              table$label, paste0("\"", known, "\"", collapse = ", "),
              quote_labels(fields$labels), format_rows(fields$rows, fields$count)),
      "b2m_error_unit", call, arg = arg, rows = fields$rows,
      count = fields$count, labels = fields$labels
    )
  }
  labels <- input$coded[[2]]
  values <- input$coded[[3]]
  # a missing string is one of the labels (whose value is then NA); a
  # factor's missing code is not (looked for in C: anyNA() of a factor
  # allocates is.na() of every row)
  if (anyNA(values) ||
      (is.factor(units) && .Call(C_r_any_missing_code, units))) {
    row_value <- if (is.factor(units)) values[as.integer(units)] else
      values[match(units, labels)]
    missing <- which(is.na(row_value) & !is.na(x))
    if (length(missing) > 0) {
      shown <- reported_rows(missing)
      b2m_abort(
        sprintf("`%s` is missing in %s, which %s a value.", arg,
                format_rows(shown, length(missing)),
                if (length(missing) > 1) "have" else "has"),
        "b2m_error_unit", call, arg = arg, rows = as.numeric(shown),
        count = length(missing)
      )
    }
  }
  input$coded
}

# The error for bad values under a unit per row: the rows of the first bad
# row's unit, judged as a column in that one unit would be.
stop_unit_rows_values <- function(result, x, arg, quantity, from, from_arg,
                                  call) {
  if (length(from) == 1) from <- rep(from, length(x))
  if (length(x) == 1) x <- rep(x, length(from))
  unit <- as.character(from[result$row[1]])
  same <- which(normalize_unit(as.character(from)) == normalize_unit(unit))
  input <- read_numeric(x[same], arg, quantity, unit, from_arg, call)
  table <- quantity_table[[quantity]]
  one_unit <- unit_column(unit, from_arg, table, 1, call)
  checked <- convert_coded_rows(input$value, one_unit, one_unit, table)
  checked$row <- as.numeric(same[checked$row])
  input$value <- x
  stop_bad_values(checked, list(input), call)
}
