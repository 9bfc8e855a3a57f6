# Kidney function: CKD-EPI eGFR equations, the B2M equation and its inverse,
# and the KDIGO GFR categories. Coefficients live in src/kidney.c only;
# kidney_constants() shows them.

# Shared body of the CKD-EPI functions; `creatinine` or `cystatin` is NULL
# when the equation does not use it, `black` NULL for the race-free ones.
egfr_ckdepi <- function(equation, creatinine, cystatin, age, sex,
                        creatinine_unit, call, black = NULL) {
  # The equation says which markers it reads: a NULL marker it reads is an
  # error, never an all-missing column.
  cr <- if (equation != "cys") {
    numeric_input(creatinine, "creatinine", "creatinine", creatinine_unit,
                  "creatinine_unit", call, per_row = TRUE, rows_in_c = TRUE)
  }
  cys <- if (equation %in% c("cys", "crcys", "crcys2012")) {
    numeric_input(cystatin, "cystatin", "cystatin", call = call)
  }
  years <- numeric_input(age, "age", "age", call = call)
  female <- sex_input(sex, "sex", call)
  check_sizes(Filter(Negate(is.null), list(creatinine = creatinine,
                                           cystatin = cystatin, age = age,
                                           sex = sex, black = black)), call)
  code <- core_constants()$egfr_equation[[equation]]
  creatinine <- or_absent(cr, "creatinine")
  cystatin <- or_absent(cys, "cystatin")
  out <- if (is.null(black)) {
    .Call(C_r_egfr_ckdepi, code, creatinine, cystatin, years, female)
  } else {
    .Call(C_r_egfr_ckdepi_race, code, creatinine, cystatin, years, female,
          black)
  }
  out <- stop_bad_values(out, list(cr, cys, years), call)
  warn_flagged(out, paste0(
    "`age` is under 18 in %s: the CKD-EPI equations are for adults, so the ",
    "eGFR is NA there."), "b2m_warning_age", call)
}

#' Estimated GFR from creatinine and cystatin C (CKD-EPI)
#'
#' The CKD-EPI equations recommended by KDIGO, in mL/min/1.73 m^2:
#' `egfr_ckdepi_cr()` the 2021 race-free creatinine equation,
#' `egfr_ckdepi_cys()` the 2012 cystatin C equation, and
#' `egfr_ckdepi_crcys()` the 2021 race-free creatinine-cystatin C equation.
#'
#' With creatinine `Scr` in mg/dL, cystatin C `Scys` in mg/L and age in years:
#'
#' * creatinine (2021): 142 x min(Scr/k, 1)^a x max(Scr/k, 1)^-1.200 x
#'   0.9938^age x 1.012 (female); k = 0.7 (female), 0.9 (male);
#'   a = -0.241 (female), -0.302 (male).
#' * cystatin C (2012): 133 x min(Scys/0.8, 1)^-0.499 x
#'   max(Scys/0.8, 1)^-1.328 x 0.996^age x 0.932 (female). Some secondary
#'   sources print the age factor as 0.9962; the primary 0.996 is used.
#' * creatinine-cystatin C (2021): 135 x min(Scr/k, 1)^a x
#'   max(Scr/k, 1)^-0.544 x min(Scys/0.8, 1)^-0.323 x
#'   max(Scys/0.8, 1)^-0.778 x 0.9961^age x 0.963 (female);
#'   a = -0.219 (female), -0.144 (male).
#'
#' Results keep full precision; round only for display (calculators show
#' whole numbers). Age is used as given, fractional ages included.
#'
#' @param creatinine Serum creatinine (IDMS-traceable), in `creatinine_unit`:
#'   0.05 to 30 mg/dL (4.42 to 2652 umol/L).
#' @param cystatin Serum cystatin C (standardised), in mg/L: 0.1 to 15.
#' @param age Age in years (18 to 120).
#' @param sex Character vector or factor: `"female"`/`"male"` or `"F"`/`"M"`,
#'   any case; `NA` and an empty string (a blank cell of a CSV file) give
#'   `NA`. Numeric codes are refused (error of class `b2m_error_type`):
#'   recode them first.
#' @param creatinine_unit `"mg/dL"` or `"umol/L"` (1 mg/dL = 88.4 umol/L).
#'   `r per_row_unit_rd()`
#' @return A double vector of eGFR in mL/min/1.73 m^2, `NA` where an input is
#'   missing. Ages under 18 give `NA` with a warning of class
#'   `b2m_warning_age` (the equations are for adults). Negative ages or ages
#'   over 120, creatinine or cystatin C outside the ranges above (the
#'   package's own plausibility limits, far outside anything measured: a
#'   value beyond them is in another unit or mistyped), and `sex` labels
#'   other than those above (in rows; an unused factor level is fine) are
#'   errors of class `b2m_error_value` naming the rows.
#' @references
#' Inker LA, Eneanya ND, Coresh J, et al. New creatinine- and cystatin
#' C-based equations to estimate GFR without race. N Engl J Med
#' 2021;385:1737-1749. \doi{10.1056/NEJMoa2102953}
#'
#' Inker LA, Schmid CH, Tighiouart H, et al. Estimating glomerular filtration
#' rate from serum creatinine and cystatin C. N Engl J Med 2012;367:20-29.
#' \doi{10.1056/NEJMoa1114248}
#' @family kidney
#' @export
#' @examples
#' egfr_ckdepi_cr(c(1.0, 1.0), age = 50, sex = c("female", "male"))
#' egfr_ckdepi_cr(88.4, age = 50, sex = "M", creatinine_unit = "umol/L")
#' egfr_ckdepi_cys(1.0, age = 50, sex = "male")
#' egfr_ckdepi_crcys(1.0, 1.0, age = 50, sex = "male")
egfr_ckdepi_cr <- function(creatinine, age, sex, creatinine_unit = "mg/dL") {
  egfr_ckdepi("cr", creatinine, NULL, age, sex, creatinine_unit, sys.call())
}

#' @rdname egfr_ckdepi_cr
#' @export
egfr_ckdepi_cys <- function(cystatin, age, sex) {
  egfr_ckdepi("cys", NULL, cystatin, age, sex, NULL, sys.call())
}

#' @rdname egfr_ckdepi_cr
#' @export
egfr_ckdepi_crcys <- function(creatinine, cystatin, age, sex,
                              creatinine_unit = "mg/dL") {
  egfr_ckdepi("crcys", creatinine, cystatin, age, sex, creatinine_unit,
              sys.call())
}

#' Estimated GFR from serum B2M, and the B2M a GFR explains
#'
#' `egfr_b2m()` is the B2M equation of Inker et al. (2016), eGFR =
#' 133 x B2M^-0.852 (B2M in mg/L), which uses B2M alone (no age, sex or race
#' term). `b2m_expected()` inverts it: the serum B2M expected for a GFR `g`,
#' (g / 133)^(-1 / 0.852), so that `egfr_b2m(b2m_expected(g))` returns `g`.
#' `b2m_excess()` is the observed B2M over the B2M expected for the patient's
#' eGFR (best from creatinine and/or cystatin C): near 1, reduced filtration
#' explains the level; well above 1, increased production does (lymphoid
#' malignancy, myeloma, inflammation, viral infection).
#'
#' **Coefficients to be confirmed.** The intercept 133 and exponent -0.852
#' are the values widely quoted for the final B2M equation; the package has
#' not yet checked them against the paper's table of final equations, so
#' treat results as provisional. They are kept in one place (see
#' `b2m:::kidney_constants()`).
#'
#' **Where the equation comes from, and its limits.** It was developed in
#' 3,551 adults with chronic kidney disease (MDRD Study, AASK and CRIC; GFR
#' measured by iothalamate clearance, mean 48 mL/min/1.73 m^2). It is less
#' accurate than the CKD-EPI creatinine or cystatin C equations and is not
#' meant to replace them: here it answers "how much of this B2M does the
#' GFR explain". The development cohorts had few people with normal GFR and,
#' presumably, few with conditions that raise B2M production, so expected
#' values at GFR above about 90 and the excess in such patients are
#' extrapolations; an excess is a signpost, not a diagnosis.
#'
#' **Children and young adults.** `b2m_expected()` and `b2m_excess()` take
#' any eGFR, including one from [egfr_ckid_u25()] (which [b2m_annotate()]
#' uses for ages 1 to 25 when heights are given), but the B2M equation
#' rests on adults only (the cohorts above): the package knows no B2M-GFR
#' relation derived in children. For children the expected B2M and the
#' excess are an extrapolation from adults with chronic kidney disease, to
#' read as a rough guide.
#'
#' @param b2m Serum B2M, in `b2m_unit`; positive for `egfr_b2m()`.
#' @param egfr eGFR in mL/min/1.73 m^2: 0.1 to 500 (the package's own
#'   plausibility limits; the expected B2M grows without bound as the GFR
#'   falls to 0).
#' @param b2m_unit Unit of `b2m` and of the expected B2M: `r b2m_units_rd()`.
#'   `r per_row_unit_rd()` The expected B2M of a row is in that row's unit.
#' @return A double vector: eGFR in mL/min/1.73 m^2 (`egfr_b2m()`), the
#'   expected B2M in `b2m_unit` (`b2m_expected()`) or the ratio observed /
#'   expected (`b2m_excess()`); `NA` where an input is missing. Bad values are
#'   errors of class `b2m_error_value`.
#' @references
#' Inker LA, Tighiouart H, Coresh J, et al. GFR estimation using beta-trace
#' protein and beta2-microglobulin in CKD. Am J Kidney Dis 2016;67(1):40-48.
#' \doi{10.1053/j.ajkd.2015.07.025}
#' @family kidney
#' @export
#' @examples
#' egfr_b2m(c(1.5, 2.0, 3.5, 10))
#' b2m_expected(c(90, 60, 30, 15))
#' egfr_b2m(b2m_expected(45))
#' # 6 mg/L with an eGFR of 80: about three times what the GFR explains
#' b2m_excess(6, egfr = 80)
egfr_b2m <- function(b2m, b2m_unit = "mg/L") {
  input <- numeric_input(b2m, "b2m", "b2m", b2m_unit, "b2m_unit",
                         per_row = TRUE, rows_in_c = TRUE)
  out <- .Call(C_r_egfr_b2m, input)
  stop_bad_values(out, list(input))
}

#' @rdname egfr_b2m
#' @export
b2m_expected <- function(egfr, b2m_unit = "mg/L") {
  call <- sys.call()
  gfr <- numeric_input(egfr, "egfr", "egfr", call = call)
  # a unit per row: computed in mg/L, then each row in its own unit
  per_row <- is_unit_column(b2m_unit)
  if (per_row) check_sizes(list(egfr = egfr, b2m_unit = b2m_unit), call)
  unit <- unit_spec("b2m", if (per_row) quantity_table$b2m$canonical else
    b2m_unit, "b2m_unit", call)
  out <- .Call(C_r_b2m_expected, gfr, unit)
  out <- stop_bad_values(out, list(gfr), call)
  if (per_row) canonical_in_rows(out, "b2m", b2m_unit, "b2m_unit", call) else
    out
}

#' @rdname egfr_b2m
#' @export
b2m_excess <- function(b2m, egfr, b2m_unit = "mg/L") {
  input <- numeric_input(b2m, "b2m", "b2m", b2m_unit, "b2m_unit",
                         per_row = TRUE, rows_in_c = TRUE)
  gfr <- numeric_input(egfr, "egfr", "egfr")
  check_sizes(list(b2m = b2m, egfr = egfr))
  out <- .Call(C_r_b2m_excess, input, gfr)
  stop_bad_values(out, list(input, gfr))
}

#' KDIGO GFR category
#'
#' Assigns the KDIGO GFR category: G1 (>= 90), G2 (60 to < 90), G3a (45 to
#' < 60), G3b (30 to < 45), G4 (15 to < 30), G5 (< 15 mL/min/1.73 m^2). A
#' value on a boundary belongs to the higher-GFR category (60 is G2, 59.99 is
#' G3a). G1 and G2 mean chronic kidney disease only with markers of kidney
#' damage.
#'
#' @param egfr eGFR (or measured GFR) in mL/min/1.73 m^2.
#' @return An ordered factor with levels `G1`, `G2`, `G3a`, `G3b`, `G4`,
#'   `G5`, `NA` where `egfr` is missing. Negative, infinite or implausible
#'   (> 500) values are errors of class `b2m_error_value`.
#' @references Kidney Disease: Improving Global Outcomes (KDIGO) CKD Work
#'   Group. KDIGO 2012 clinical practice guideline for the evaluation and
#'   management of chronic kidney disease. Kidney Int Suppl 2013;3:19-62.
#'   \doi{10.1038/kisup.2012.64}; KDIGO 2024 guideline, Kidney Int
#'   2024;105(4S):S117-S314. \doi{10.1016/j.kint.2023.10.018}
#' @family kidney
#' @export
#' @examples
#' gfr_category(c(95, 90, 89.99, 59.99, 44.99, 29.99, 14.99, NA))
#' cohort <- b2m_example("cohort")
#' table(gfr_category(egfr_ckdepi_cr(cohort$creatinine, cohort$age, cohort$sex)))
gfr_category <- function(egfr) {
  gfr <- numeric_input(egfr, "egfr", "egfr")
  # a measured GFR of 0 (anuria) is G5: no minimum
  codes <- .Call(C_r_gfr_category, gfr)
  codes <- stop_bad_values(codes, list(gfr))
  structure(codes, levels = c("G1", "G2", "G3a", "G3b", "G4", "G5"),
            class = c("ordered", "factor"))
}

# Every coefficient of the kidney equations as the C core uses it: a data
# frame with `equation`, `coefficient`, `value` and `source`, for
# b2m_rules() and the tests.
kidney_constants <- function() {
  as.data.frame(.Call(C_r_kidney_constants), stringsAsFactors = FALSE)
}
