# eGFR for children and young adults: CKiD U25 and bedside Schwartz
# (src/paediatric.c holds the coefficients).

u25_form <- c(cr = 0L, cys = 1L, average = 2L)

# The name of the C table's height guard of the Schwartz equation.
schwartz_guard <- "height (cm) below which it looks like metres"

#' Estimated GFR in children and young adults (CKiD U25, bedside Schwartz)
#'
#' `egfr_ckid_u25()` is the CKiD under-25 equation of the Chronic Kidney
#' Disease in Children study group, for ages 1 to 25, in mL/min/1.73 m^2:
#'
#' * creatinine form: K_cr x height (m) / Scr (mg/dL);
#' * cystatin C form: K_cys / cystatin C (mg/L, IFCC-calibrated; multiply a
#'   non-calibrated Siemens value by 1.17 first, as the study group says);
#' * both given: the average of the two.
#'
#' K depends on sex and age (decimal years), constant from 18:
#'
#' | K | age < pivot | pivot <= age < 18 | 18 and over |
#' |---|---|---|---|
#' | K_cr, male | 39.0 x 1.008^(age - 12) | 39.0 x 1.045^(age - 12) | 50.8 |
#' | K_cr, female | 36.1 x 1.008^(age - 12) | 36.1 x 1.023^(age - 12) | 41.4 |
#' | K_cys, male | 87.2 x 1.011^(age - 15) | 87.2 x 0.960^(age - 15) | 77.1 |
#' | K_cys, female | 79.9 x 1.004^(age - 12) | 79.9 x 0.974^(age - 12) | 68.3 |
#'
#' (pivot 12, except 15 for K_cys in males). K steps slightly at 18 (e.g.
#' K_cr male 50.786 just below, 50.8 at 18). The sex-only constants of the
#' same paper (41.8/37.6, 81.9/74.9) are not offered. The study group's
#' code states plausible inputs of height 0.6-2 m, creatinine 0.1-10 mg/dL
#' and cystatin C 0.2-8 mg/L; values outside them are computed (only the
#' package's plausibility limits are errors).
#'
#' `egfr_schwartz()` is the bedside Schwartz equation, 0.413 x height (cm) /
#' Scr (mg/dL), derived in children aged 1 to 16 years with IDMS/enzymatic
#' creatinine. It has no age term; prefer `egfr_ckid_u25()` where age and
#' sex are known.
#'
#' **Height units.** `height_m` is in metres (U25), `height_cm` in
#' centimetres (Schwartz), the commonest unit error with these equations:
#' a `height_m` above 3 is an error suggesting centimetres, and a
#' `height_cm` below 30 (no child of 1 year or more is that short; a height
#' in metres is at most 3) is an error of class `b2m_error_value` saying it
#' looks like metres.
#'
#' **Sex** is `"female"`/`"male"` or `"F"`/`"M"`, never a number: one public
#' implementation documents 0 as female yet computes its example with the
#' male constants.
#'
#' @param age Age in years (decimals allowed), 1 to 25; outside, the eGFR is
#'   `NA` with a warning of class `b2m_warning_age`.
#' @param sex As in [egfr_ckdepi_cr()].
#' @param height_m Height in metres; read by the creatinine form (may be
#'   omitted with cystatin C alone).
#' @param height_cm Height in centimetres.
#' @param creatinine Serum creatinine (IDMS-traceable or enzymatic), in
#'   `creatinine_unit`; `NULL` for the cystatin C form.
#' @param cystatin Serum cystatin C in mg/L; `NULL` for the creatinine form.
#' @param creatinine_unit `"mg/dL"` or `"umol/L"` (1 mg/dL = 88.4 umol/L).
#'   `r per_row_unit_rd()`
#' @return A double vector of eGFR in mL/min/1.73 m^2: for
#'   `egfr_ckid_u25()`, the form the arguments given allow (creatinine,
#'   cystatin C, or their average when both are given; a row with either
#'   missing is then `NA`). `NA` where an input is missing. Bad values are
#'   errors of class `b2m_error_value` naming the rows; neither marker given
#'   is an error of class `b2m_error_type`.
#' @references
#' Pierce CB, Munoz A, Ng DK, Warady BA, Furth SL, Schwartz GJ. Age- and
#' sex-dependent clinical equations to estimate glomerular filtration rates
#' in children and young adults with chronic kidney disease. Kidney Int
#' 2021;99(4):948-956. \doi{10.1016/j.kint.2020.10.047}
#'
#' Schwartz GJ, Munoz A, Schneider MF, et al. New equations to estimate GFR
#' in children with CKD. J Am Soc Nephrol 2009;20(3):629-637.
#' \doi{10.1681/ASN.2008030287}
#' @family kidney
#' @export
#' @examples
#' # The study group's checks: boy and girl of 11, 1.20 m
#' egfr_ckid_u25(11, c("male", "female"), 1.20, creatinine = 0.9)
#' egfr_ckid_u25(11, c("male", "female"), cystatin = 1.3)
#' egfr_ckid_u25(11, c("male", "female"), 1.20, creatinine = 0.9,
#'               cystatin = 1.3)
#' egfr_schwartz(c(0.5, 0.4, 0.6), height_cm = c(120, 100, 140))
egfr_ckid_u25 <- function(age, sex, height_m, creatinine = NULL,
                          cystatin = NULL, creatinine_unit = "mg/dL") {
  call <- sys.call()
  if (is.null(creatinine) && is.null(cystatin)) {
    b2m_abort("Give `creatinine`, `cystatin` or both.", "b2m_error_type", call,
              arg = c("creatinine", "cystatin"))
  }
  form <- if (is.null(cystatin)) "cr" else if (is.null(creatinine)) "cys" else
    "average"
  if (missing(height_m)) height_m <- if (form == "cys") NA_real_ else NULL
  years <- numeric_input(age, "age", "age", call = call)
  female <- sex_input(sex, "sex", call)
  height <- numeric_input(height_m, "height_m", "height", call = call)
  cr <- if (form != "cys") {
    numeric_input(creatinine, "creatinine", "creatinine", creatinine_unit,
                  "creatinine_unit", call, per_row = TRUE, rows_in_c = TRUE)
  } else {
    absent_input("creatinine", creatinine_unit, "creatinine_unit", call)
  }
  cys <- if (form != "cr") numeric_input(cystatin, "cystatin", "cystatin",
                                         call = call)
  check_sizes(Filter(Negate(is.null), list(
    age = age, sex = sex, height_m = height_m, creatinine = creatinine,
    cystatin = cystatin)), call)
  out <- .Call(C_r_egfr_ckid_u25, u25_form[[form]], years, female, height,
               cr, or_absent(cys, "cystatin"))
  out <- stop_bad_values(out, list(years, height, cr, cys), call)
  if (is.null(attr(out, "b2m_flagged", exact = TRUE))) return(out)
  warn_flagged(out, sprintf(paste0(
    "`age` is outside %s to %s years in %%s: CKiD U25 is for children and ",
    "young adults, so the eGFR is NA there."),
    kidney_constant("ckid_u25", "lowest age"),
    kidney_constant("ckid_u25", "highest age")), "b2m_warning_age", call)
}

#' @rdname egfr_ckid_u25
#' @export
egfr_schwartz <- function(creatinine, height_cm, creatinine_unit = "mg/dL") {
  call <- sys.call()
  cr <- numeric_input(creatinine, "creatinine", "creatinine", creatinine_unit,
                      "creatinine_unit", call, per_row = TRUE, rows_in_c = TRUE)
  height <- numeric_input(height_cm, "height_cm", "height", "cm", call = call)
  check_sizes(list(creatinine = creatinine, height_cm = height_cm), call)
  out <- .Call(C_r_egfr_schwartz, cr, height)
  out <- stop_bad_values(out, list(cr, height), call)
  metres <- attr(out, "b2m_flagged", exact = TRUE)
  if (is.null(metres)) return(out)
  stop_height_in_metres(height_cm, metres$row, metres$count, call)
}

# The error for heights in cm that look like metres (below the Schwartz
# guard), naming the rows.
stop_height_in_metres <- function(height_cm, rows, count, call) {
  b2m_abort(
    sprintf(paste0("`height_cm` is below %s cm in %s (%s): that looks like ",
                   "metres; give the height in centimetres."),
            kidney_constant("schwartz", schwartz_guard),
            format_rows(rows, count),
            paste(format(height_cm[rows], trim = TRUE), collapse = ", ")),
    "b2m_error_value", call, arg = "height_cm", rows = rows, count = count
  )
}

# Heights in cm (b2m_annotate()'s `height_cm`) in metres for
# egfr_ckid_u25(), with the checks egfr_schwartz() makes of them: plausible
# (checked in C, as every value is) and not metres written as centimetres.
height_cm_in_metres <- function(height_cm, call = sys.call(-1)) {
  height <- numeric_input(height_cm, "height_cm", "height", "cm", call = call)
  metres <- .Call(C_r_b2m_convert, height_cm, height$den, height$num,
                  height$max_in_unit)
  metres <- stop_bad_values(metres, list(height), call)
  short <- which(height_cm < kidney_constant("schwartz",
                                             schwartz_guard))
  if (length(short) > 0) {
    stop_height_in_metres(height_cm, reported_rows(short), length(short),
                          call)
  }
  metres
}
