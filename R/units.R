# Units of every quantity the package reads, and B2M unit conversion.

# B2M in any specimen: 11,800 g/mol, the molar mass laboratory catalogues use
# (the mature chain's sequence gives about 11,730): 1 mg/L = 1e6 / 11800
# nmol/L.
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
    # Molar mass 113.12 g/mol (clinical-rules-2.md G.1): 1 mg/dL = 1000 /
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

#' Convert B2M concentrations between units
#'
#' Converts beta-2 microglobulin concentrations among mass and molar units.
#' Mass units are related by definition (1 mg/L = 1 ug/mL = 1000 ug/L =
#' 1000 ng/mL = 0.1 mg/dL); molar units use a molar mass of 11,800 g/mol,
#' the value laboratory catalogues report, so 1 mg/L = 84.746 nmol/L. The
#' mature protein's sequence gives about 11,730 g/mol and some clinical papers
#' multiply mg/L by 85; both differ from the package's factor by less than
#' 0.6 percent.
#'
#' Unit names are matched ignoring case and white space; `"ug"`, `"mcg"`,
#' and the micro sign are all accepted for micrograms.
#'
#' @param x Numeric vector of B2M concentrations, in `from`.
#' @param from,to Units: one of `"mg/L"` (= `"ug/mL"`), `"ug/L"`
#'   (= `"ng/mL"`), `"mg/dL"` or `"nmol/L"`.
#' @return A double vector of the same length as `x`, in `to`; missing values
#'   stay missing. Negative or infinite values, and values above the largest
#'   plausible B2M of any specimen (2000 mg/L, urine) in `from`, are an error
#'   of class `b2m_error_value` naming the rows (and, for the latter, the
#'   unit probably meant). `NULL` is not a unit: an error of class
#'   `b2m_error_type`.
#' @references Mayo Clinic Laboratories. Beta-2-Microglobulin (B2M), Serum;
#'   Beta-2-Microglobulin (B2MU), Urine: test catalogue entries (molecular
#'   weight 11,800 daltons).
#' @family units and reference
#' @export
#' @examples
#' b2m_convert(c(2.5, 5.5, NA), from = "mg/L", to = "nmol/L")
#' b2m_convert(2400, from = "ng/mL", to = "mg/L")
#' b2m_convert(0.35, from = "mg/dL", to = "mg/L")
b2m_convert <- function(x, from, to = "mg/L") {
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
