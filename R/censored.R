# Censored laboratory results ("<0.2", ">20") and the text they come from.
#
# A censored vector is a double vector of class "b2m_censored" whose data are
# the exact results, NA where a result is censored, so that code unaware of
# the class never takes a bound for a value. Per-row fields ride along as
# attributes of the same length: `comparator` (integer codes, below) and
# `bound` (double, NA where exact), and, when the text held units, `unit`.
# Every method below works on those parts alike.

# Integer codes of the `comparator` field: 0 is an exact (or missing) result.
comparator_symbols <- c("<", "<=", ">", ">=")

# Spellings read as each symbol (after removing spaces).
comparator_spellings <- c("<" = "<", "<=" = "<=", "\u2264" = "<=",
                          "=<" = "<=", ">" = ">", ">=" = ">=",
                          "\u2265" = ">=", "=>" = ">=")

# Optional per-row fields and what pads them.
censored_fields <- list(comparator = 0L, bound = NA_real_, unit = NA_character_)

new_censored <- function(value, comparator, bound, unit = NULL) {
  structure(as.double(value), comparator = as.integer(comparator),
            bound = as.double(bound), unit = unit, class = "b2m_censored")
}

# The parts of a censored vector (or of a plain number, NA or NULL read as
# exact results) as a list: value, comparator, bound and possibly unit.
censored_parts <- function(x, arg = "x", call = sys.call(-1)) {
  if (inherits(x, "b2m_censored")) {
    parts <- list(value = as.vector(unclass(x)),
                  comparator = attr(x, "comparator", exact = TRUE),
                  bound = attr(x, "bound", exact = TRUE))
    unit <- attr(x, "unit", exact = TRUE)
    if (!is.null(unit)) parts$unit <- unit
    names(parts$value) <- names(x)
    return(parts)
  }
  if (is.null(x) || ((is.numeric(x) || is_missing_only(x)) && !is.object(x))) {
    n <- length(x)
    return(list(value = as.double(x), comparator = integer(n),
                bound = rep(NA_real_, n)))
  }
  b2m_abort(
    sprintf(paste0("`%s` must be a censored result vector (see ",
                   "b2m_parse_result()) or a number, not %s."),
            arg, describe_type(x)),
    "b2m_error_type", call, arg = arg
  )
}

from_parts <- function(parts) {
  new_censored(parts$value, parts$comparator, parts$bound, parts$unit)
}

# The same operation on every part; fields a part list lacks are padded.
map_parts <- function(parts, f, ...) {
  out <- lapply(parts, f, ...)
  out$comparator[is.na(out$comparator)] <- 0L
  out
}

with_all_fields <- function(parts, fields) {
  n <- length(parts$value)
  for (field in fields) {
    if (is.null(parts[[field]])) {
      parts[[field]] <- rep(censored_fields[[field]], n)
    }
  }
  parts
}

#' Censored laboratory results
#'
#' Laboratory results such as `"<0.2"` or `">20"` say only on which side of
#' a bound the value lies. [b2m_parse_result()] and [b2m_from_long()] return
#' them as a *censored result vector*: a double vector of class
#' `"b2m_censored"` that lives in a data frame column, keeps its censoring
#' through `[`, `[[`, `[<-`, `c()`, `rep()`, `rbind()`, `head()` and dplyr
#' verbs, and prints as the laboratory wrote it (`<0.2`).
#'
#' The numbers stored are the exact results, with `NA` where a result is
#' censored, so a bound is never taken for a value by code unaware of the
#' class: `as.double()` (and `as.numeric()`) gives `NA` for censored results,
#' with a warning of class `b2m_warning_censored` naming the rows. Arithmetic,
#' comparisons and summaries (`+`, `>`, `max()`, `log()`, ...) are an error
#' of class `b2m_error_type`: take `as.double()` first if `NA` for censored
#' results is what you want. `is.na()` is `TRUE` only for results with
#' neither a value nor a bound.
#'
#' Each element carries, as attributes of the vector, one value per row:
#' * `comparator`: integer, `0` for an exact (or missing) result, `1` for
#'   `<`, `2` for `<=`, `3` for `>`, `4` for `>=`;
#' * `bound`: double, the bound of a censored result (`NA` when exact);
#' * `unit`: character, present only when [b2m_parse_result()] read units
#'   from the text (`NA` where a cell had none).
#'
#' **Staging.** Every staging function ([stage_iss()] and the other
#' `stage_*()`, `score_*()` and [risk_imwg2025()]) reads a censored
#' measurement (B2M, albumin, LDH, creatinine, haemoglobin, platelets, IgM,
#' a clonal fraction, a node diameter) as the interval it states: `"<0.5"`
#' is a value from 0 (or the smallest plausible value) up to, not
#' including, 0.5; `"<=0.5"` includes 0.5; `">20"` is above 20 up to the
#' largest plausible value, `">=20"` from 20 on. A criterion is decided
#' when the whole interval lies on one side of its threshold, and the stage
#' is the stage every value of the interval gives, or `NA` when two values
#' of it give different stages, exactly as for a missing value: `">20"` is
#' ISS III whatever the albumin, `"<0.5"` with an albumin of 4.0 g/dL is
#' ISS I, `"<4"` with 4.0 g/dL is `NA` (ISS I or II). The comparison of B2M
#' with the laboratory's own limit (`b2m_uln`) is decided the same way. A bound is
#' checked as a value in its unit (`"<0"` is negative, `">250"` mg/L above
#' the largest plausible B2M: errors of class `b2m_error_value`), a unit
#' per row is the unit of the row's bound as of its value, and a unit written in the
#' results (the `unit` attribute) must be the unit they are read in, else an
#' error of class `b2m_error_unit`. A score needs every input exactly: it is
#' `NA` for a censored one, as for a missing one. Ages and laboratory limits
#' are read as numbers (below).
#'
#' **Continuous results.** The other measurement functions (the kidney
#' equations, [b2m_classify()], [b2m_fold_uln()], [b2m_convert()],
#' [b2m_expected()], [b2m_excess()], [b2m_trend()], ...) read a censored
#' vector as its exact results, `NA` where censored, with a warning of class
#' `b2m_warning_censored` (fields `arg`, `rows`, `count`) naming the rows.
#' [b2m_annotate()] and [b2m_interpret()] pass a censored column as it is:
#' the stages read its intervals, the continuous results are `NA` in its
#' censored rows, with that warning for each result.
#'
#' @name b2m_censored
#' @family laboratory data
#' @references HL7 FHIR R4, Observation.valueQuantity.comparator (`<`, `<=`,
#'   `>=`, `>`): <https://hl7.org/fhir/R4/datatypes.html#Quantity>. OMOP
#'   Common Data Model, MEASUREMENT.operator_concept_id:
#'   <https://ohdsi.github.io/CommonDataModel/>.
#' @examples
#' stage_iss(b2m_parse_result(c(">20", "<0.5", "<4")), albumin = 4)
#' x <- b2m_parse_result(c("2.1", "<0.2", ">20", NA))
#' x
#' x[2:3]
#' c(x, b2m_parse_result("<=0.5"))
#' data.frame(id = 1:4, b2m = x)
#' attr(x, "comparator")
#' attr(x, "bound")
#' is.na(x)
#' suppressWarnings(as.double(x)) # NA for the censored results
NULL

#' @export
`[.b2m_censored` <- function(x, ...) {
  from_parts(map_parts(censored_parts(x), function(p) p[...]))
}

#' @export
`[[.b2m_censored` <- function(x, ...) {
  from_parts(map_parts(censored_parts(x), function(p) p[[...]]))
}

#' @export
`[<-.b2m_censored` <- function(x, ..., value) {
  target <- censored_parts(x)
  source <- censored_parts(value, "value", sys.call())
  fields <- union(names(target), names(source))
  target <- with_all_fields(target, fields)
  source <- with_all_fields(source, fields)
  for (field in fields) target[[field]][...] <- source[[field]]
  target$comparator[is.na(target$comparator)] <- 0L
  from_parts(target)
}

#' @export
c.b2m_censored <- function(...) {
  parts <- lapply(list(...), censored_parts, arg = "...", call = sys.call())
  fields <- unique(unlist(lapply(parts, names)))
  parts <- lapply(parts, with_all_fields, fields)
  out <- lapply(fields, function(field) {
    unlist(lapply(parts, `[[`, field), use.names = FALSE)
  })
  names(out) <- fields
  from_parts(out)
}

#' @export
rep.b2m_censored <- function(x, ...) {
  from_parts(map_parts(censored_parts(x), rep, ...))
}

#' @export
`length<-.b2m_censored` <- function(x, value) {
  from_parts(map_parts(censored_parts(x), `length<-`, value))
}

#' @export
is.na.b2m_censored <- function(x) {
  parts <- censored_parts(x)
  is.na(parts$value) & parts$comparator == 0L
}

# The text of each result: "2.1", "<0.2"; NA for a missing result.
censored_text <- function(x) {
  parts <- censored_parts(x)
  out <- rep(NA_character_, length(parts$value))
  exact <- !is.na(parts$value)
  # as.character(): each number as written (up to 15 digits), not padded
  # to the digits of the others
  out[exact] <- as.character(parts$value[exact])
  censored <- parts$comparator != 0L
  out[censored] <- paste0(comparator_symbols[parts$comparator[censored]],
                          as.character(parts$bound[censored]))
  out
}

#' @export
format.b2m_censored <- function(x, ...) {
  out <- censored_text(x)
  out[is.na(out)] <- "NA"
  format(out, justify = "right")
}

#' @export
as.character.b2m_censored <- function(x, ...) censored_text(x)

#' @export
print.b2m_censored <- function(x, ...) {
  if (length(x) == 0) {
    cat("<b2m_censored[0]>\n")
  } else {
    print(censored_text(x), quote = FALSE, na.print = "NA")
  }
  invisible(x)
}

#' @export
is.numeric.b2m_censored <- function(x) FALSE

#' @export
as.data.frame.b2m_censored <- function(x, row.names = NULL, optional = FALSE,
                                       ..., nm = deparse1(substitute(x))) {
  force(nm)
  out <- list(x)
  if (!optional) names(out) <- nm
  structure(out, row.names = if (is.null(row.names))
    .set_row_names(length(x)) else row.names, class = "data.frame")
}

#' @export
as.double.b2m_censored <- function(x, ...) {
  unname(censored_as_missing(x))
}

# The exact results of `x` as plain numbers, NA where censored, with a
# warning of class b2m_warning_censored (fields rows, count and, for an
# argument, arg) when some are: what a continuous result made of a censored
# input is, a bound never taken for a value.
censored_as_missing <- function(x, arg = NULL, call = NULL) {
  parts <- censored_parts(x)
  censored <- which(parts$comparator != 0L)
  if (length(censored) > 0) {
    shown <- reported_rows(censored)
    b2m_warn(
      sprintf(paste0("%s are NA as numbers (%s: %s): a bound is not a value."),
              if (is.null(arg)) "Censored results" else
                sprintf("`%s` has censored results, which", arg),
              format_rows(shown, length(censored)),
              paste(censored_text(x[shown]), collapse = ", ")),
      "b2m_warning_censored", call, arg = arg, rows = shown,
      count = length(censored)
    )
  }
  parts$value
}

# Arithmetic, comparison, maths and summaries would act on the exact values
# alone and keep the bounds unchanged: refused.
censored_refusal <- function(.Generic) {
  b2m_abort(
    sprintf(paste0("`%s` is not defined for censored results: a bound is ",
                   "not a value. Use as.double() (NA for censored results) ",
                   "or attr(x, \"bound\")."), .Generic),
    "b2m_error_type", NULL, arg = "x"
  )
}

#' @export
Ops.b2m_censored <- function(e1, e2) censored_refusal(.Generic)

#' @export
Math.b2m_censored <- function(x, ...) censored_refusal(.Generic)

#' @export
Summary.b2m_censored <- function(..., na.rm = FALSE) censored_refusal(.Generic)

# Parsing ----------------------------------------------------------------------

# A number as laboratories write it, with "." as the decimal mark (the text
# is normalised to it first).
number_pattern <- "[+]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][-+]?[0-9]+)?"
# A unit after the number: one token that starts like a unit ("mg/L",
# "10*9/L", "%", "[pH]"), never free text ("see comment").
unit_pattern <- paste0("([[:alpha:]\u00b5\u03bc%/\\[{][^[:space:]]*|",
                       "10[*^][0-9]+/[^[:space:]]+|[*]1000/[^[:space:]]+)")

# The results in `x` (character) as parts: value, comparator, bound, unit
# (NA where none) and `bad` (TRUE where the text is not a result). Distinct
# strings are parsed once.
parse_text <- function(x, decimal_mark) {
  distinct <- distinct_text(x)
  parsed <- parse_distinct(distinct$text, decimal_mark)
  lapply(parsed, function(p) p[distinct$at])
}

# A vector's values as distinct strings (trimmed) and each element's index
# among them: one hashing pass, factors through their levels.
distinct_text <- function(x) {
  if (is.factor(x)) return(list(text = trimws(levels(x)), at = as.integer(x)))
  distinct <- unique(x)
  list(text = trimws(as.character(distinct)), at = match(x, distinct))
}

parse_distinct <- function(text, decimal_mark) {
  n <- length(text)
  cell <- trimws(text)
  missing <- is.na(cell) | !nzchar(cell)
  if (decimal_mark == ",") {
    # "3.4" with a decimal comma would be a thousands separator or a typing
    # slip: not read.
    cell[grepl(".", cell, fixed = TRUE)] <- NA
    cell <- gsub(",", ".", cell, fixed = TRUE)
  }
  pattern <- sprintf("^(<=|>=|=<|=>|<|>|\u2264|\u2265)?[[:space:]]*(%s)[[:space:]]*(%s)?$",
                     number_pattern, unit_pattern)
  ok <- !missing & !is.na(cell) & grepl(pattern, cell, perl = TRUE)
  symbol <- sub(pattern, "\\1", cell, perl = TRUE)
  number <- suppressWarnings(as.double(sub(pattern, "\\2", cell, perl = TRUE)))
  unit <- sub(pattern, "\\6", cell, perl = TRUE)
  comparator <- match(comparator_spellings[symbol], comparator_symbols)
  comparator[!ok | is.na(comparator)] <- 0L
  value <- ifelse(ok & comparator == 0L, number, NA_real_)
  bound <- ifelse(ok & comparator != 0L, number, NA_real_)
  unit[!ok | !nzchar(unit)] <- NA_character_
  list(value = value, comparator = as.integer(comparator), bound = bound,
       unit = unit, bad = !ok & !missing)
}

check_decimal_mark <- function(decimal_mark, call) {
  check_choice(decimal_mark, c(".", ","), "decimal_mark", call)
}

#' Read laboratory results written as text
#'
#' Reads the text of laboratory results, keeping what censored results
#' (below or above the assay's range) say: `"<0.2"`, `"<=0.2"`, `"< 0.2"`,
#' `">20"`, `">=20"` (and the signs `\u2264`, `\u2265`), `"3,4"` with
#' `decimal_mark = ","`, spaces around the number (`" 2.1 "`), and a unit
#' after the number (`"2.1 mg/L"`), which is read into the `unit` attribute
#' of the result, never ignored. Anything else (`"see comment"`, `"1,234"`
#' with the decimal point, `"2.1 3.4"`) is an error naming the rows.
#'
#' @param x A character vector (or factor) of results as the laboratory
#'   wrote them, in any unit (the unit is the data's; this function does not
#'   convert). Empty strings and `NA` are missing results. A numeric vector
#'   is taken as exact results.
#' @param decimal_mark The decimal mark of the text: `"."` (the default) or
#'   `","`. With `","`, a point in a number is not read (it could be a
#'   thousands separator).
#' @return A censored result vector (see [b2m_censored]) with one element
#'   per element of `x`: exact results as values, censored ones with their
#'   comparator and bound. When some cells held a unit, the attribute
#'   `unit` gives each row's (`NA` where a cell had none); convert the values
#'   with that unit before using them.
#'
#'   Errors: text that is not a result is an error of class
#'   `b2m_error_value` (fields `arg`, `rows`, `count`, `text`) naming the
#'   rows and showing the first texts (each cut to 40 characters); `x` of
#'   another type (a list, a date) or a bad `decimal_mark` is an error of
#'   class `b2m_error_type` or `b2m_error_value`.
#' @references HL7 FHIR R4, Quantity.comparator (`<`, `<=`, `>=`, `>`):
#'   <https://hl7.org/fhir/R4/datatypes.html#Quantity>. OMOP Common Data
#'   Model, MEASUREMENT.value_source_value and operator_concept_id:
#'   <https://ohdsi.github.io/CommonDataModel/>.
#' @family laboratory data
#' @export
#' @examples
#' b2m_parse_result(c("2.1", "<0.2", "<= 0.2", ">20", " 3.4 ", NA))
#' b2m_parse_result(c("3,4", "<0,5"), decimal_mark = ",")
#' x <- b2m_parse_result(c("2.1 mg/L", "1800 ug/L"))
#' attr(x, "unit")
#' try(b2m_parse_result(c("2.1", "see comment")))
b2m_parse_result <- function(x, decimal_mark = ".") {
  call <- sys.call()
  check_decimal_mark(decimal_mark, call)
  if ((is.numeric(x) || is_missing_only(x)) && !is.object(x)) {
    return(from_parts(censored_parts(x)))
  }
  if (is.factor(x)) x <- as.character(x)
  if (!is.character(x) || is.object(x)) {
    b2m_abort(
      sprintf(paste0("`x` must be a character vector of results, not %s."),
              describe_type(x)),
      "b2m_error_type", call, arg = "x"
    )
  }
  parsed <- parse_text(x, decimal_mark)
  stop_unparsed(x, parsed$bad, "x", call)
  unit <- if (any(!is.na(parsed$unit))) parsed$unit
  new_censored(parsed$value, parsed$comparator, parsed$bound, unit)
}

# The error for text that is not a result, showing the first few (each
# shortened as every label a message echoes).
stop_unparsed <- function(x, bad, arg, call) {
  rows <- which(bad)
  if (length(rows) == 0) return(invisible())
  shown <- reported_rows(rows)
  b2m_abort(
    sprintf(paste0("`%s` must hold results such as \"2.1\", \"<0.2\" or ",
                   "\">20\" (a unit may follow the number); %s %s: %s."),
            arg, format_rows(shown, length(rows)),
            if (length(rows) == 1) "is not" else "are not",
            quote_labels(x[shown])),
    "b2m_error_value", call, arg = arg, rows = shown, count = length(rows),
    text = x[shown]
  )
}

# dplyr and vctrs ----------------------------------------------------------------

# vctrs (behind dplyr's bind_rows(), joins and summaries) combines vectors
# through a proxy: a censored vector's proxy is the data frame of its parts,
# so every verb keeps the comparator and bound of each row. Registered when
# vctrs is loaded, without depending on it.
censored_proxy <- function(x, ...) {
  parts <- with_all_fields(censored_parts(x), names(censored_fields))
  data.frame(value = unname(parts$value), comparator = parts$comparator,
             bound = parts$bound, unit = parts$unit, stringsAsFactors = FALSE)
}

censored_restore <- function(x, to, ...) {
  unit <- if (any(!is.na(x$unit))) x$unit
  new_censored(x$value, x$comparator, x$bound, unit)
}

censored_ptype2 <- function(x, y, ...) new_censored(double(), integer(), double())

censored_cast <- function(x, to, ...) x

register_vctrs_methods <- function(...) {
  vctrs <- asNamespace("vctrs")
  registerS3method("vec_proxy", "b2m_censored", censored_proxy, envir = vctrs)
  registerS3method("vec_restore", "b2m_censored", censored_restore,
                   envir = vctrs)
  registerS3method("vec_ptype2", "b2m_censored.b2m_censored", censored_ptype2,
                   envir = vctrs)
  registerS3method("vec_cast", "b2m_censored.b2m_censored", censored_cast,
                   envir = vctrs)
}

.onLoad <- function(libname, pkgname) {
  if (isNamespaceLoaded("vctrs")) register_vctrs_methods()
  setHook(packageEvent("vctrs", "onLoad"), register_vctrs_methods)
}

# Reading censored results -------------------------------------------------------

# A censored result vector as a staging input (read_numeric() with
# `censored = TRUE`): C reads the exact values (the vector itself, no copy)
# and, where a value is missing, the row's comparator code (`censor`) and
# `bound`, in the same unit; `censored` keeps the vector for messages. A
# unit per row converts the bounds with the values (the staging functions
# read them in the rows' units instead: rows_unit_input()); units read from
# the text must be the rows' units.
censored_numeric <- function(x, arg, quantity, unit, unit_arg, call, per_row) {
  # the fields themselves, no copy of the values
  censor <- attr(x, "comparator", exact = TRUE)
  bound <- attr(x, "bound", exact = TRUE)
  check_censored_units(attr(x, "unit", exact = TRUE), arg, quantity, unit,
                       unit_arg, call)
  if (per_row && is_unit_column(unit)) {
    input <- per_row_numeric(censored_parts(x)$value, arg, quantity, unit,
                             unit_arg, call)
    canonical <- quantity_table[[quantity]]$canonical
    bound <- convert_unit_rows(bound, arg, quantity, unit, unit_arg,
                               canonical, unit_arg, call)
  } else {
    input <- numeric_spec(x, arg, quantity, unit, unit_arg, call)
  }
  c(input, list(censor = censor, bound = bound, censored = x))
}

# Units the text of the results held (`found`, NA where none) must be those
# the function reads the rows in (`unit`, one or one per row): a result
# whose cell said another unit is an error of class b2m_error_unit naming
# the rows, never read in the wrong unit.
check_censored_units <- function(found, arg, quantity, unit, unit_arg, call) {
  if (is.null(found)) return(invisible())
  table <- quantity_table[[quantity]]
  scale_of <- function(u) {
    hit <- match(normalize_unit(u), normalize_unit(names(table$units)))
    ifelse(is.na(hit), NA_character_,
           vapply(table$units[ifelse(is.na(hit), 1L, hit)], paste, "",
                  collapse = "/"))
  }
  expected <- rep_len(as.character(unit), length(found))
  stated <- !is.na(found)
  wrong <- which(stated & (is.na(scale_of(found)) |
                             scale_of(found) != scale_of(expected)))
  if (length(wrong) == 0) return(invisible())
  shown <- reported_rows(wrong)
  b2m_abort(
    sprintf(paste0("`%s` holds results whose text gives a unit other than ",
                   "the one they are read in (%s): %s in %s. Convert them, or ",
                   "set %s to their unit."),
            arg, quote_labels(unique(expected[shown])),
            quote_labels(found[shown]), format_rows(shown, length(wrong)),
            if (is.null(unit_arg)) "the unit" else sprintf("`%s`", unit_arg)),
    "b2m_error_unit", call, arg = arg, rows = shown, count = length(wrong),
    unit = found[shown]
  )
}

