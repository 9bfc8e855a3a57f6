# The EKFC equations (creatinine, cystatin C): one kernel in src/kidney.c,
# its coefficients in that file's table.

ekfc_code <- c(cr = 0L, cys = 1L)

# A coefficient of the C tables by equation key and name (the warning path
# only: it builds the whole table).
kidney_constant <- function(key, coefficient) {
  k <- kidney_constants()
  k$value[k$key == key & k$coefficient == coefficient]
}

# Warn about the rows C flagged in the second record ("b2m_flagged_warned",
# see result_warned() in src/r_kidney.c), after warn_flagged() has taken the
# first.
warn_flagged_second <- function(result, message, class, call) {
  attr(result, "b2m_flagged") <- attr(result, "b2m_flagged_warned",
                                      exact = TRUE)
  attr(result, "b2m_flagged_warned") <- NULL
  warn_flagged(result, message, class, call)
}

egfr_ekfc <- function(marker, value, age, sex, creatinine_unit, call) {
  input <- if (marker == "cr") {
    numeric_input(value, "creatinine", "creatinine", creatinine_unit,
                  "creatinine_unit", call, per_row = TRUE, rows_in_c = TRUE)
  } else {
    numeric_input(value, "cystatin", "cystatin", call = call)
  }
  years <- numeric_input(age, "age", "age", call = call)
  female <- if (marker == "cr") sex_input(sex, "sex", call) else sex_input(NA)
  sizes <- stats::setNames(list(value, age), c(input$arg, "age"))
  if (marker == "cr") sizes$sex <- sex
  check_sizes(sizes, call)
  out <- .Call(C_r_egfr_ekfc, ekfc_code[[marker]], input, years, female)
  out <- stop_bad_values(out, list(input, years), call)
  equation <- paste0("ekfc_", marker)
  if (!is.null(attr(out, "b2m_flagged", exact = TRUE))) {
    out <- warn_flagged(out, sprintf(paste0(
      "`age` is outside %s to %s years in %%s: the EKFC equations are not ",
      "computed there, so the eGFR is NA."),
      kidney_constant(equation, "lowest age"),
      kidney_constant(equation, "highest age computed")),
      "b2m_warning_age", call)
  }
  if (!is.null(attr(out, "b2m_flagged_warned", exact = TRUE))) {
    out <- warn_flagged_second(out, sprintf(paste0(
      "`age` is above %s years in %%s: the EKFC equations' upper age limit ",
      "is not confirmed, so the eGFR there is an extrapolation."),
      kidney_constant(equation, "age above which a warning is given")),
      c("b2m_warning_age_unvalidated", "b2m_warning_age"), call)
  }
  out
}

#' Estimated GFR by the EKFC equations (creatinine or cystatin C)
#'
#' The European Kidney Function Consortium (EKFC) equations, for the full age
#' spectrum from 2 years, in mL/min/1.73 m^2:
#'
#' eGFR = 107.3 / (x/Q)^a x 0.990^(age - 40) (the age term only above 40),
#' with a = 0.322 if x/Q is below 1 and a = 1.132 if x/Q is 1 or more. The
#' equation is continuous at x/Q = 1 and at age 40.
#'
#' * `egfr_ekfc_cr()`: x is serum creatinine and Q the rescaling creatinine
#'   in umol/L (the unit the equation was developed in, so creatinine in
#'   mg/dL is converted with 88.4): over 25 years Q = 62 (women; primary
#'   source) and 80 (men; secondary sources); from 2 to 25 years (inclusive)
#'   ln Q = 3.080 + 0.177 age - 0.223 ln(age) - 0.00596 age^2 + 0.0000686
#'   age^3 (women) and 3.200 + 0.259 age - 0.543 ln(age) - 0.00763 age^2 +
#'   0.0000790 age^3 (men) (secondary source: the kidney.epi package's code
#'   of the original publication). At 25 the polynomial gives Q = 80.865
#'   (men) and 62.431 (women), so eGFR steps by about 1 % between 25 and
#'   just over 25, as in the only implementation seen.
#' * `egfr_ekfc_cys()`: x is cystatin C (mg/L) and Q = 0.83 mg/L under 50
#'   years, 0.83 + 0.005 x (age - 50) from 50, for both sexes; children use
#'   the same 0.83. (A sex-specific cystatin Q of 0.79/0.86 seen in one
#'   package is not the published equation and is not offered.)
#'
#' **Ages.** Computed from 2 to 100 years; `NA` outside with a warning of
#' class `b2m_warning_age`. The upper age limit of the equations is not
#' confirmed (90 in one source, 100 in another), so ages above 90 are
#' computed with a warning of class `b2m_warning_age_unvalidated` (which
#' also inherits `b2m_warning_age`). The equations for Black Europeans and
#' Africans (Q 0.74/1.02 mg/dL) are not offered.
#'
#' @param creatinine Serum creatinine (IDMS-traceable), in `creatinine_unit`.
#' @param cystatin Serum cystatin C (standardised), in mg/L.
#' @param age Age in years (decimals allowed), 2 to 100.
#' @param sex As in [egfr_ckdepi_cr()]: `"female"`/`"male"` or `"F"`/`"M"`.
#' @param creatinine_unit `"mg/dL"` or `"umol/L"` (1 mg/dL = 88.4 umol/L).
#'   `r per_row_unit_rd()`
#' @return A double vector of eGFR in mL/min/1.73 m^2, `NA` where an input is
#'   missing or the age is outside 2 to 100 years (with a warning). Bad
#'   values are errors of class `b2m_error_value` naming the rows.
#' @references
#' Pottel H, Bjork J, Courbebaisse M, et al. Development and validation of a
#' modified full age spectrum creatinine-based equation to estimate
#' glomerular filtration rate. Ann Intern Med 2021;174(2):183-191.
#' \doi{10.7326/M20-4366}
#'
#' Pottel H, Bjork J, Rule AD, et al. Cystatin C-based equation to estimate
#' GFR without the inclusion of race and sex. N Engl J Med
#' 2023;388(4):333-343. \doi{10.1056/NEJMoa2203769}
#' @family kidney
#' @export
#' @examples
#' egfr_ekfc_cr(c(1.0, 0.6, 0.5), age = c(50, 30, 10),
#'              sex = c("male", "female", "female"))
#' egfr_ekfc_cr(150, age = 70, sex = "M", creatinine_unit = "umol/L")
#' egfr_ekfc_cys(c(0.7, 1.0, 1.5), age = c(30, 60, 75))
egfr_ekfc_cr <- function(creatinine, age, sex, creatinine_unit = "mg/dL") {
  egfr_ekfc("cr", creatinine, age, sex, creatinine_unit, sys.call())
}

#' @rdname egfr_ekfc_cr
#' @export
egfr_ekfc_cys <- function(cystatin, age) {
  egfr_ekfc("cys", cystatin, age, NULL, NULL, sys.call())
}
