#' b2m: interpret beta-2 microglobulin and compute the staging systems built
#' on it
#'
#' Vectorized, cited functions over whole data frames: unit conversion and
#' reference classification ([b2m_convert()], [b2m_classify()]), and the
#' kidney-function estimates, serum/urine patterns, dialysis ratios, trends
#' and prognostic staging systems that use B2M. The computations run in a C
#' core in one pass over the data; argument checks are done once, in R, and
#' bad values are reported as classed errors (`b2m_error_type`,
#' `b2m_error_length`, `b2m_error_unit`, `b2m_error_value`, all of class
#' `b2m_error`) naming the argument and the rows.
#'
#' @keywords internal
#' @useDynLib b2m, .registration = TRUE, .fixes = "C_"
"_PACKAGE"
