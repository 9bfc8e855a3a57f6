# The race-based CKD-EPI equations, kept only to reproduce analyses of
# historic cohorts. They share the CKD-EPI table and mechanism (kidney.R,
# src/kidney.c); only the race term is theirs.

# `black` has no default: the race term is a choice the caller makes
# explicitly for each row, never one the package makes.
check_black <- function(black, black_missing, call) {
  if (black_missing) {
    b2m_abort(paste0(
      "`black` is required, with no default: these race-based equations are ",
      "for reproducing historic analyses, and the race term must be the one ",
      "the analysis used (TRUE/FALSE per row)."),
      "b2m_error_type", call, arg = "black")
  }
  check_logical(black, "black", call)
}

#' Race-based CKD-EPI equations of 2009 and 2012 (historic analyses only)
#'
#' `egfr_ckdepi_cr_2009()` is the CKD-EPI 2009 creatinine equation and
#' `egfr_ckdepi_crcys_2012()` the CKD-EPI 2012 creatinine-cystatin C
#' equation, both with their race coefficient. They are here **only to
#' reproduce published analyses** of cohorts that used them (many myeloma
#' and CLL cohorts); no other function of the package ever uses them. For
#' patients use [egfr_ckdepi_cr()] and [egfr_ckdepi_crcys()], the 2021
#' race-free equations. The NIDDK provides the race-based equations "for
#' reference purposes only", for ages 18 and older, and advises that trends
#' be assessed with results from a single equation.
#'
#' **Why `black` is required.** The equations multiply eGFR by a race
#' factor; the package never guesses it. Pass the variable the original
#' analysis used, `TRUE`/`FALSE` per row. Setting it to `FALSE` for everyone
#' is not "the 2009 equation without race": no such equation was published.
#'
#' With creatinine `Scr` in IDMS-traceable mg/dL, cystatin C `Scys` in mg/L
#' and age in years, in the single-equation form the NKF and NIDDK print:
#'
#' * 2009 creatinine: 141 x min(Scr/k, 1)^a x max(Scr/k, 1)^-1.209 x
#'   0.993^age x 1.018 (female) x 1.159 (Black); k = 0.7 (female), 0.9
#'   (male); a = -0.329 (female), -0.411 (male). Piecewise tables print 144
#'   for women (141 x 1.018 = 143.538), which runs 0.32 % high.
#' * 2012 creatinine-cystatin C: 135 x min(Scr/k, 1)^a x
#'   max(Scr/k, 1)^-0.601 x min(Scys/0.8, 1)^-0.375 x
#'   max(Scys/0.8, 1)^-0.711 x 0.995^age x 0.969 (female) x 1.08 (Black);
#'   k as above; a = -0.248 (female), -0.207 (male). Piecewise tables print
#'   130 for women (135 x 0.969 = 130.815), 0.62 % low. These coefficients
#'   were read in secondary sources only (all concordant); `b2m_rules()`
#'   labels them `"S"`.
#'
#' Do not mix these with the 2021 coefficients.
#'
#' @inheritParams egfr_ckdepi_cr
#' @param black Logical, one value per row (or one for all): `TRUE` where
#'   the original analysis applied the Black race coefficient. Required, no
#'   default; `NA` gives `NA`.
#' @param age Age in years (18 to 120).
#' @return A double vector of eGFR in mL/min/1.73 m^2, as
#'   [egfr_ckdepi_cr()]: `NA` where an input is missing; ages under 18 give
#'   `NA` with a warning of class `b2m_warning_age`; bad values are errors
#'   of class `b2m_error_value` naming the rows; a missing `black` is an
#'   error of class `b2m_error_type`.
#' @references
#' Levey AS, Stevens LA, Schmid CH, et al. A new equation to estimate
#' glomerular filtration rate. Ann Intern Med 2009;150(9):604-612.
#' \doi{10.7326/0003-4819-150-9-200905050-00006}
#'
#' Inker LA, Schmid CH, Tighiouart H, et al. Estimating glomerular filtration
#' rate from serum creatinine and cystatin C. N Engl J Med 2012;367:20-29.
#' \doi{10.1056/NEJMoa1114248}
#'
#' NIDDK. Previous eGFR equations for reference (race-based equations).
#' @family kidney
#' @export
#' @examples
#' # Reproducing a historic analysis that used CKD-EPI 2009:
#' egfr_ckdepi_cr_2009(c(1.0, 1.0, 1.0), age = 50,
#'                     sex = c("female", "male", "male"),
#'                     black = c(FALSE, FALSE, TRUE))
#' egfr_ckdepi_crcys_2012(1.2, 1.4, age = 65, sex = "female", black = FALSE)
egfr_ckdepi_cr_2009 <- function(creatinine, age, sex, black,
                                creatinine_unit = "mg/dL") {
  call <- sys.call()
  check_black(if (missing(black)) NULL else black, missing(black), call)
  egfr_ckdepi("cr2009", creatinine, NULL, age, sex, creatinine_unit, call,
              black = black)
}

#' @rdname egfr_ckdepi_cr_2009
#' @export
egfr_ckdepi_crcys_2012 <- function(creatinine, cystatin, age, sex, black,
                                   creatinine_unit = "mg/dL") {
  call <- sys.call()
  check_black(if (missing(black)) NULL else black, missing(black), call)
  egfr_ckdepi("crcys2012", creatinine, cystatin, age, sex, creatinine_unit,
              call, black = black)
}
