#' b2m: interpret beta-2 microglobulin and compute the staging systems built
#' on it
#'
#' Vectorized, cited functions over whole data frames: unit conversion and
#' reference classification ([b2m_convert()], [b2m_classify()]), and the
#' kidney-function estimates, serum/urine patterns, dialysis ratios, trends
#' and prognostic staging systems that use B2M. The computations run in a C
#' core in one pass over the data; argument checks are done once, in R, and
#' bad values are reported as classed errors (`b2m_error_type`,
#' `b2m_error_length`, `b2m_error_unit`, `b2m_error_value`,
#' `b2m_error_column`, all of class `b2m_error`) naming the argument and the
#' rows.
#'
#' @section Messages:
#' [b2m_annotate()] and [b2m_interpret()] say which columns they computed
#' and which they skipped for want of inputs, in a message of class
#' `b2m_message_annotate` (and `b2m_message`). `options(b2m.quiet = TRUE)`
#' silences every such informational message of the package for the
#' session (or use [suppressMessages()] around one call); warnings and
#' errors are never silenced by it. A quiet message is still signalled, so
#' [withCallingHandlers()] can read its fields (`computed`, `skipped`).
#'
#' @keywords internal
#' @useDynLib b2m, .registration = TRUE, .fixes = "C_"
"_PACKAGE"

# Every informational message of the package goes through here, so that
# options(b2m.quiet = TRUE) silences them all. `condition` is a condition of
# class "message"; it is signalled either way (handlers still see it) and
# printed unless the package is quiet, as message() would print it.
b2m_inform <- function(condition) {
  if (!isTRUE(getOption("b2m.quiet"))) return(message(condition))
  withRestarts(signalCondition(condition),
               muffleMessage = function() NULL)
  invisible()
}

# The B2M units as the help pages list them, from b2m_units (roxygen runs
# it): `"mg/L"` (= `"ug/mL"`), `"ug/L"` (= `"ng/mL"`), ..., synonyms (units of
# one scale) in brackets.
# What a unit argument that takes one unit per row says (roxygen runs it).
per_row_unit_rd <- function() {
  paste("One unit, or one per row (a character or factor vector as long as",
        "the data, as a laboratory extract's unit column holds): each row is",
        "then checked and read in its own unit; see the section \\emph{Units",
        "per row} of \\code{\\link{b2m_convert}}.")
}

b2m_units_rd <- function() {
  scales <- vapply(b2m_units, paste, "", collapse = "/")
  groups <- split(names(b2m_units), factor(scales, unique(scales)))
  quoted <- vapply(groups, function(units) {
    code <- sprintf("`\"%s\"`", units)
    if (length(code) == 1) code else
      sprintf("%s (= %s)", code[1], paste(code[-1], collapse = ", "))
  }, "")
  n <- length(quoted)
  paste0(paste(quoted[-n], collapse = ", "), " or ", quoted[n])
}
