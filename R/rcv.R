# Significant change between two results: the reference change value (RCV)
# from the analytical (CVA) and within-subject biological (CVI) variation
# (clinical-rules-2.md section H).

rcv_forms <- c("lognormal", "symmetric")

# The limits of the relative change d = (x2 - x1) / x1 beyond which a change
# is significant: `d > up` or `d < down`, strictly. CVs are fractions.
# Symmetric (Fraser 2012): +/- sqrt(2) z sqrt(cva^2 + cvi^2). Log-normal: with
# sigma^2 = ln(1 + cva^2 + cvi^2), exp(+/- sqrt(2) z sigma) - 1, so that a
# fall and a rise of the same log size are equally significant.
rcv_limits <- function(cva, cvi, z, form) {
  if (form == "symmetric") {
    half <- sqrt(2) * z * sqrt(cva^2 + cvi^2)
    return(c(down = -half, up = half))
  }
  sigma <- sqrt(log(1 + cva^2 + cvi^2))
  c(down = exp(-sqrt(2) * z * sigma) - 1, up = exp(sqrt(2) * z * sigma) - 1)
}

# The RCV b2m_trend() applies, from its arguments (CVs in percent): the
# arguments, the limits in percent and the factors C compares with (a value
# is beyond the limits when above reference * factors[["up"]] or below
# reference * factors[["down"]]); NULL without cva and cvi.
trend_rcv <- function(cva, cvi, z, form, call) {
  check_number(z, "z", call)
  if (z <= 0) {
    b2m_abort(sprintf("`z` must be above 0 (1.96 for a two-sided 95 %%), not %s.",
                      format(z)), "b2m_error_value", call, arg = "z")
  }
  if (is.null(cva) && is.null(cvi)) return(NULL)
  if (is.null(cva) || is.null(cvi)) {
    b2m_abort(
      paste0("A significant change needs both `cva` and `cvi`: supply the ",
             "laboratory's CVA and a published CVI (e.g. EuBIVAS, Carobene ",
             "2019), both in percent."),
      "b2m_error_value", call, arg = c("cva", "cvi")
    )
  }
  check_cv(cva, "cva", call)
  check_cv(cvi, "cvi", call)
  limits <- rcv_limits(cva / 100, cvi / 100, z, form)
  list(cva = cva, cvi = cvi, z = z, form = form, limits = 100 * limits,
       factors = 1 + limits)
}

# A coefficient of variation in percent: above 0 and below 100. Below 1 it
# is most probably a fraction (B2M immunoassays have CVs of a few percent),
# which would make every change significant: a warning says so.
check_cv <- function(x, arg, call) {
  check_number(x, arg, call)
  if (x <= 0 || x >= 100) {
    b2m_abort(
      sprintf(paste0("`%s` must be a coefficient of variation in percent, ",
                     "above 0 and below 100, not %s."), arg, format(x)),
      "b2m_error_value", call, arg = arg
    )
  }
  if (x < 1) {
    b2m_warn(
      sprintf(paste0("`%s` = %s is read as %s %%; if it is a fraction, give ",
                     "%s (percent)."), arg, format(x), format(x), format(100 * x)),
      "b2m_warning_cv", call, arg = arg, value = x
    )
  }
  invisible(x)
}

# The factors passed to C: NA without limits (every significance NA).
rcv_factors <- function(rcv) {
  if (is.null(rcv)) return(c(NA_real_, NA_real_))
  unname(rcv$factors)
}
