# Argument checks and conditions shared by every exported function.
#
# Checks here cost O(1): types, lengths, unit names. Checks of values
# (negative, infinite, impossible in the stated unit) happen in C, in the pass
# that computes the answer, and come back as a "b2m_bad_values" record that
# stop_bad_values() turns into the error.

# Conditions -----------------------------------------------------------------

b2m_condition <- function(message, class, call, ...) {
  structure(
    class = c(class, "condition"),
    list(message = condition_text(message, class[1]), call = call, ...)
  )
}

# A condition's message is one non-empty string, whatever built it: an empty
# one (character(0) from a sprintf() over no labels) breaks print() and
# try() for the user, so it becomes a sentence naming the class instead.
condition_text <- function(message, class) {
  message <- paste(message, collapse = "")
  if (!is.na(message) && nzchar(message)) return(message)
  sprintf("b2m internal error: a condition of class %s came without a message.",
          class)
}

b2m_abort <- function(message, class, call = NULL, ...) {
  stop(b2m_condition(message, c(class, "b2m_error", "error"), call, ...))
}

b2m_warn <- function(message, class, call = NULL, ...) {
  warning(b2m_condition(message, c(class, "b2m_warning", "warning"), call, ...))
}

# "rows 2, 5 and 9" / "rows 2, 5, 9, 11, 12 and 40 more"
format_rows <- function(rows, count = length(rows)) {
  shown <- format(rows, scientific = FALSE, trim = TRUE)
  more <- count - length(rows)
  if (more > 0) {
    return(sprintf("rows %s and %s more", paste(shown, collapse = ", "),
                   format_count(more)))
  }
  if (length(shown) == 1) {
    return(paste("row", shown))
  }
  sprintf("rows %s and %s", paste(shown[-length(shown)], collapse = ", "),
          shown[length(shown)])
}

# A whole number >= 0 with commas between groups of three digits ("12,345"),
# as format(big.mark = ",") writes it: that costs a quarter of a millisecond,
# and a warning on a million rows is built on every call.
format_count <- function(count) {
  digits <- sprintf("%.0f", count)
  n <- nchar(digits)
  if (n <= 3) return(digits)
  first <- (n - 1) %% 3 + 1
  paste(substring(digits, c(1, seq(first + 1, n, by = 3)),
                  c(first, seq(first + 3, n, by = 3))), collapse = ",")
}

# A label, unit or name of the user's as a message echoes it: at most
# `width` characters (a 1e6-character cell must not fill the console).
shorten <- function(x, width = 40) {
  x <- as.character(x)
  chars <- nchar(x, type = "chars", allowNA = TRUE)
  # a string that is not valid in its encoding is cut by bytes
  cut <- is.na(chars) & !is.na(x)
  x[cut] <- paste0(substr(iconv(x[cut], to = "ASCII", sub = "?"), 1,
                          width - 3), "...")
  long <- !is.na(chars) & chars > width
  x[long] <- paste0(substr(x[long], 1, width - 3), "...")
  x
}

# `"a"`, `"b"`: labels of the user's, each shortened and quoted, for a
# message; quote_labels() lists them as `"a", "b"`.
quoted <- function(x) paste0("\"", shorten(x), "\"")

quote_labels <- function(x) paste(quoted(x), collapse = ", ")

# What `x` is, for "must be ..., not <this>": the class of an object
# (`class(x)[1]`: "a <factor>", "a <haven_labelled>"), else its type.
describe_type <- function(x) {
  if (is.null(x)) return("NULL")
  if (is.object(x)) return(sprintf("a <%s>", class(x)[1]))
  if (is.function(x)) return("a function")
  if (is.list(x)) return("a list")
  type <- typeof(x)
  article <- if (grepl("^[aeiou]", type)) "an" else "a"
  if (!is.atomic(x)) return(paste(article, type))
  if (length(dim(x)) == 2) return(paste(article, type, "matrix"))
  paste(article, type, "vector")
}

# The conversion that turns `x` into what a check wants (`want`: "numeric"
# or "logical"), as a sentence to append to its error, or "".
conversion_hint <- function(x, want) {
  storage_numeric <- is.double(x) || is.integer(x)
  hint <- if (want == "numeric") {
    if (is.factor(x)) {
      paste("Convert it with as.numeric(as.character(x)): as.numeric() alone",
            "gives the level codes.")
    } else if (is.character(x)) {
      "Convert it with as.numeric() (after any decimal commas become points)."
    } else if (inherits(x, "integer64")) {
      "Convert it with as.numeric() (bit64)."
    } else if (inherits(x, c("difftime", "units"))) {
      "Convert it with as.numeric() once it is in the unit the argument takes."
    } else if (storage_numeric && is.object(x) &&
               !inherits(x, c("Date", "POSIXt"))) {
      "Convert it with as.numeric() or unclass()."
    }
  } else if (want == "logical") {
    if (is.numeric(x) && !is.object(x)) {
      "Recode it, e.g. `x == 1`."
    } else if (is.logical(x) && is.object(x)) {
      "Convert it with as.logical() or unclass()."
    }
  }
  if (is.null(hint)) "" else paste0(" ", hint)
}

# Types ------------------------------------------------------------------------

# An all-NA logical vector (a bare NA) is a missing number, as in base R.
# Counted in C: all(is.na(x)) would allocate a copy of the column.
is_missing_only <- function(x) {
  is.logical(x) && !is.object(x) && .Call(C_r_all_missing, x)
}

check_numeric <- function(x, arg, call = sys.call(-1)) {
  if ((is.double(x) || is.integer(x)) && !is.object(x)) return(invisible(x))
  if (is_missing_only(x)) return(invisible(x))
  b2m_abort(
    sprintf("`%s` must be a numeric vector, not %s.%s", arg, describe_type(x),
            conversion_hint(x, "numeric")),
    "b2m_error_type", call, arg = arg, type = class(x)[1]
  )
}

check_logical <- function(x, arg, call = sys.call(-1), hint = "") {
  if (is.logical(x) && !is.object(x)) return(invisible(x))
  b2m_abort(
    sprintf("`%s` must be a logical vector (TRUE, FALSE or NA), not %s.%s%s",
            arg, describe_type(x), conversion_hint(x, "logical"), hint),
    "b2m_error_type", call, arg = arg, type = class(x)[1]
  )
}

check_string <- function(x, arg, call = sys.call(-1)) {
  if (is.character(x) && length(x) == 1 && !is.na(x)) return(invisible(x))
  what <- if (is.character(x) && length(x) == 1) {
    "NA (a missing string)"
  } else {
    sprintf("%s of length %d", describe_type(x), length(x))
  }
  b2m_abort(sprintf("`%s` must be a single string, not %s.", arg, what),
            "b2m_error_type", call, arg = arg, type = class(x)[1])
}

check_choice <- function(x, choices, arg, call = sys.call(-1)) {
  check_string(x, arg, call)
  if (x %in% choices) return(x)
  b2m_abort(
    sprintf("`%s` must be one of %s, not %s.", arg,
            paste0("\"", choices, "\"", collapse = ", "), quote_labels(x)),
    "b2m_error_value", call, arg = arg
  )
}

# A single finite number (a threshold, an option).
check_number <- function(x, arg, call = sys.call(-1)) {
  if ((is.double(x) || is.integer(x)) && !is.object(x) && length(x) == 1 &&
      is.finite(x)) {
    return(invisible(x))
  }
  b2m_abort(
    sprintf("`%s` must be a single finite number, not %s of length %d.",
            arg, describe_type(x), length(x)),
    "b2m_error_type", call, arg = arg
  )
}

# Columns ----------------------------------------------------------------------

# Columns of a data frame named by arguments: `columns` maps each argument to
# the column it names, e.g. list(id = "patient", time = "date"). Every name
# must be a single string and one column of `data`, a plain vector; a missing
# or repeated one is a b2m_error_column naming the argument and the column.
check_columns <- function(data, columns, arg = "data", call = sys.call(-1)) {
  check_data_frame(data, arg, call)
  for (name in names(columns)) check_string(columns[[name]], name, call)
  wanted <- unlist(columns, use.names = FALSE)
  absent <- !wanted %in% names(data)
  if (any(absent)) {
    stop_absent_columns(data, wanted[absent], names(columns)[absent], arg, call)
  }
  check_unique_columns(data, wanted, arg, call)
  for (name in names(columns)) {
    check_plain_column(data[[columns[[name]]]], columns[[name]], name, call)
  }
  invisible(data)
}

stop_absent_columns <- function(data, absent, args, arg, call) {
  one <- length(absent) == 1
  what <- paste0(quoted(absent), " (`", args, "`)", collapse = " and ")
  present <- names(data)
  shown <- if (length(present) == 0) "none" else
    quote_labels(utils::head(present, 10))
  if (length(present) > 10) {
    shown <- paste(shown, "and", length(present) - 10, "more")
  }
  b2m_abort(
    sprintf("%s %s %s not in `%s`; set %s to %s. Its columns: %s.",
            if (one) "Column" else "Columns", what, if (one) "is" else "are",
            arg, paste0("`", args, "`", collapse = " and "),
            if (one) "the right name" else "the right names", shown),
    "b2m_error_column", call, arg = args, column = absent
  )
}

# Every column a function reads or writes must be one column of `data`: of
# two with one name, data[[name]] reads the first and ignores the second, and
# an overwrite would replace the first and leave the second stale.
check_unique_columns <- function(data, used, arg = "data", call = sys.call(-1)) {
  present <- names(data)
  repeated <- intersect(used, present[duplicated(present)])
  if (length(repeated) == 0) return(invisible(data))
  times <- vapply(repeated, function(name) sum(present == name), integer(1))
  b2m_abort(
    sprintf(paste0("`%s` has %s; a column the function reads or writes must ",
                   "be there once. Rename the copies, e.g. `names(%s) <- ",
                   "make.unique(names(%s))`, or drop them."),
            arg, paste(sprintf("%d columns named %s", times,
                               quoted(repeated)),
                       collapse = " and "), arg, arg),
    "b2m_error_column", call, arg = arg, column = repeated
  )
}

# A column read as an input holds one value per row: a matrix column (from
# scale() or cbind()) or a data-frame column (a packed tibble) holds several.
check_plain_column <- function(x, column, arg, call = sys.call(-1)) {
  if (length(dim(x)) < 2) return(invisible(x))
  b2m_abort(
    sprintf(paste0("Column %s of `data` (`%s`) must be a vector, one value ",
                   "per row, not %s with %d columns; keep the one column ",
                   "you mean, e.g. `data[[%s]][, 1]`."),
            quote_labels(column), arg,
            if (is.data.frame(x)) "a data frame" else "a matrix", NCOL(x),
            quote_labels(column)),
    "b2m_error_type", call, arg = arg, column = column
  )
}

# Sizes ------------------------------------------------------------------------

# The common length of the named arguments: each must have that length or
# length 1 (recycled). Returns the length.
check_sizes <- function(args, call = sys.call(-1)) {
  sizes <- lengths(args, use.names = FALSE)
  long <- sizes != 1L
  if (!any(long)) return(1L)
  n <- sizes[long][1]
  bad <- long & sizes != n
  if (!any(bad)) return(n)
  first <- names(args)[long][1]
  other <- names(args)[bad][1]
  b2m_abort(
    sprintf(paste0("`%s` (length %s) and `%s` (length %s) must have the same ",
                   "length, or one of them length 1."),
            first, n, other, sizes[bad][1]),
    "b2m_error_length", call, arg = c(first, other)
  )
}

# Units ------------------------------------------------------------------------

# Spellings are compared after folding case, white space and the micro sign:
# the micro sign, the Greek mu, "mc" and "u" all mean micro, so "mcg/L" and
# "ug/l" are "ug/L".
normalize_unit <- function(unit) {
  folded <- tolower(gsub("[[:space:]]", "", unit))
  folded <- gsub("\u00b5|\u03bc", "u", folded)
  sub("^mc", "u", folded)
}

# A unit of `quantity` as list(unit, num, den, min_in_unit, max_in_unit),
# where a value in the unit is the canonical value * num / den and a
# plausible one lies in [min_in_unit, max_in_unit] (min_in_unit 0: the
# quantity has no smallest plausible value). `unit` is the user's argument:
# NULL is not a unit (an error of class b2m_error_type, never silently the
# canonical unit); code that means the canonical unit passes it by name.
unit_spec <- function(quantity, unit, arg, call = sys.call(-1)) {
  check_string(unit, arg, call)
  # The usual spelling matches as given (one look-up: this runs on every
  # call); folding is only for the others.
  spec <- .subset2(.subset2(unit_specs, quantity), unit)
  if (!is.null(spec)) return(spec)
  table <- quantity_table[[quantity]]
  known <- names(table$units)
  hit <- match(normalize_unit(unit), normalize_unit(known))
  if (is.na(hit)) {
    b2m_abort(
      sprintf("`%s` must be one of %s for %s, not %s.", arg,
              paste0("\"", known, "\"", collapse = ", "), table$label,
              quote_labels(unit)),
      "b2m_error_unit", call, arg = arg
    )
  }
  unit_specs[[quantity]][[hit]]
}

# unit_spec() of the unit named `unit` of `table` (an entry of
# quantity_table).
spec_of_unit <- function(unit, table) {
  scale <- table$units[[unit]]
  range <- plausible_range(table, scale)
  list(unit = unit, num = scale[1], den = scale[2], min_in_unit = range[1],
       max_in_unit = range[2])
}

# The plausible values of a quantity (an entry of quantity_table) in the unit
# of `scale`: c(min, max), min 0 when the quantity has no minimum.
plausible_range <- function(table, scale) {
  c(if (is.null(table$min)) 0 else table$min, table$max) * scale[1] / scale[2]
}

# A numeric argument ready for C: the vector itself (never a converted copy),
# its unit's scale and the plausible range in that unit (the glue reads them
# by name: r_measurement_read() in src/r_glue.c). Without a unit
# argument (`unit_arg` NULL) the quantity has one fixed unit, the canonical
# one unless `unit` names another. A quantity whose values are read in a
# unit 1000 times finer than another (urine B2M in ug/L, where mg/L is
# common) is checked for values that look like the coarser unit
# (warn_coarser_unit()); `coarser = FALSE` leaves that look to the caller (a
# kernel that does it in its own pass over the values). With `rows_in_c =
# TRUE`, a unit per row is read by C row by row (per_row_numeric()), for
# routines that read the input with r_measurement_read_rows().
numeric_input <- function(x, arg, quantity, unit = NULL, unit_arg = NULL,
                          call = sys.call(-1), per_row = FALSE,
                          coarser = TRUE, censored = FALSE, rows_in_c = FALSE) {
  input <- read_numeric(x, arg, quantity, unit, unit_arg, call, per_row,
                        censored, rows_in_c)
  if (coarser) {
    if (per_row && is_unit_column(unit)) warn_coarser_rows(x, input, unit, call)
    else warn_coarser_unit(input, call)
  }
  input
}

# The input C is given for a measurement a call does not read (a marker the
# equation leaves out, an optional argument not given): one missing value
# with the scale and plausible range of `unit` (the canonical unit unless
# named; a named one is checked as the argument `unit_arg`).
absent_input <- function(quantity, unit = quantity_table[[quantity]]$canonical,
                         unit_arg = quantity, call = sys.call(-1)) {
  c(list(value = NA_real_), unit_spec(quantity, unit, unit_arg, call))
}

# `input`, or absent_input() of `quantity` in its canonical unit when it is
# NULL (an optional argument not given, a marker not read).
or_absent <- function(input, quantity) {
  if (is.null(input)) absent_input(quantity) else input
}

# numeric_input() without the checks of what the values look like: for
# arguments that are not results of the quantity's specimen (a limit, a
# value b2m_convert() converts whatever its specimen).
# With `censored = TRUE` (the staging systems' measurements), a censored
# result vector is read with its censoring (censored_numeric()); otherwise
# as its exact results, NA where censored, with a warning.
read_numeric <- function(x, arg, quantity, unit = NULL, unit_arg = NULL,
                         call = sys.call(-1), per_row = FALSE,
                         censored = FALSE, rows_in_c = FALSE) {
  if (is.null(unit_arg) && is.null(unit)) {
    unit <- quantity_table[[quantity]]$canonical
  }
  if (inherits(x, "b2m_censored")) {
    if (censored) {
      return(censored_numeric(x, arg, quantity, unit, unit_arg, call, per_row))
    }
    # a continuous result of a censored value is NA, with a warning
    x <- censored_as_missing(x, arg, call)
  }
  if (per_row && is_unit_column(unit)) {
    return(per_row_numeric(x, arg, quantity, unit, unit_arg, call, rows_in_c))
  }
  if (is.object(x)) x <- held_numbers(x, arg, quantity, unit, unit_arg, call)
  check_numeric(x, arg, call)
  numeric_spec(x, arg, quantity, unit, unit_arg, call)
}

# The input of plain numbers `x` in the one unit `unit`.
numeric_spec <- function(x, arg, quantity, unit, unit_arg, call) {
  spec <- unit_spec(quantity, unit, if (is.null(unit_arg)) arg else unit_arg,
                    call)
  c(list(value = x, arg = arg, quantity = quantity, unit_arg = unit_arg), spec)
}

# read_numeric() with a unit per row (for functions whose results carry no
# unit): each row checked in its own unit and converted to the quantity's
# canonical unit, which the returned input is then in. With `rows_in_c`, C
# does both as it reads each chunk of rows (r_measurement_rows()): `value`
# is the numbers as given, never a converted copy, and `unit_rows` says
# each row's unit (unit_rows_input()); otherwise `value` is converted here,
# once. The canonical range is widened by a relative 1e-9 so that a row at
# the end of its own unit's range is not refused again for the rounding of
# its conversion.
per_row_numeric <- function(x, arg, quantity, unit, unit_arg, call,
                            rows_in_c = FALSE) {
  canonical <- quantity_table[[quantity]]$canonical
  x <- plain_numbers_of_rows(x, arg, quantity, unit_arg, call)
  spec <- unit_spec(quantity, canonical, unit_arg, call)
  spec$min_in_unit <- spec$min_in_unit * (1 - 1e-9)
  spec$max_in_unit <- spec$max_in_unit * (1 + 1e-9)
  if (!rows_in_c) {
    value <- convert_unit_rows(x, arg, quantity, unit, unit_arg, canonical,
                               unit_arg, call)
    return(c(list(value = value, arg = arg, quantity = quantity,
                  unit_arg = unit_arg), spec))
  }
  x <- one_value_per_unit(x, arg, unit, unit_arg, call)
  c(list(value = x, arg = arg, quantity = quantity, unit_arg = unit_arg), spec,
    list(unit_rows = unit_rows_input(x, quantity, unit, unit_arg, call),
         units_given = unit))
}

# `x` with a value for each row of the unit column `unit` (their lengths
# checked as arguments `arg` and `unit_arg`): a value given once is repeated,
# since C reads values and units alike.
one_value_per_unit <- function(x, arg, unit, unit_arg, call) {
  sizes <- list(x, unit)
  names(sizes) <- c(arg, unit_arg)
  check_sizes(sizes, call)
  if (length(x) == 1) x <- x[rep(1L, length(unit))]
  x
}

# The units of each row as C reads them (r_measurement_read_rows()): the
# coded units (unit_column(), which refuses an unknown or missing one), the
# 1-based code of the canonical unit they are converted into and the
# quantity's pair tables (unit_pair_tables()).
unit_rows_input <- function(x, quantity, unit, unit_arg, call) {
  table <- quantity_table[[quantity]]
  known <- normalize_unit(names(table$units))
  c(list(units = unit_column(unit, unit_arg, table, x, call),
         to = match(normalize_unit(table$canonical), known)),
    unit_pair_tables(table))
}

# A bad-values record of C (stop_bad_values()) whose input has a unit per
# row read by C: its rows outside their own unit's range are the error
# convert_unit_rows() gives, in that unit; any other problem (C's checks
# after the conversion) is reported on the converted values.
in_canonical_unit <- function(input, call) {
  canonical <- quantity_table[[input$quantity]]$canonical
  input$value <- convert_unit_rows(input$value, input$arg, input$quantity,
                                   input$units_given, input$unit_arg,
                                   canonical, input$unit_arg, call)
  input$unit_rows <- NULL
  input
}

# The numbers of `x` read with a unit per row (argument `unit_arg`): a
# units vector, which carries its own unit, is refused; a haven-labelled
# one is taken as its numbers (held_numbers()); then checked as numbers.
plain_numbers_of_rows <- function(x, arg, quantity, unit_arg, call) {
  if (inherits(x, "units")) {
    b2m_abort(
      sprintf(paste0("`%s` is a units vector, which carries its own unit: ",
                     "`%s` must then be one unit, not one per row."),
              arg, unit_arg),
      "b2m_error_unit", call, arg = unit_arg
    )
  }
  if (is.object(x)) {
    x <- held_numbers(x, arg, quantity, quantity_table[[quantity]]$canonical,
                      unit_arg, call)
  }
  check_numeric(x, arg, call)
  x
}

# A measurement with a unit per row as the staging mechanism reads it
# (src/staging.c): the numbers as given, never a converted copy, with
# `units`, the coded column of each row's unit (its 0-based index among the
# quantity's units), and every unit's scale (`unit_num`, `unit_den`) and
# plausible range (`unit_min`, `unit_max`); C compares each row in its own
# unit with the thresholds converted into it. Its `unit`, `num`, `den` and
# range are the canonical unit's (what a message falls back on). A censored
# result vector keeps its censoring (`censored`), its bounds in the rows'
# units. A unit that is none of the quantity's, or missing where a row has a
# value or a bound, is an error of class b2m_error_unit naming the rows
# (unit_column()). Without `scan`, a character unit column is not read here:
# C is given the quantity's unit names (and NA, which is none of them) as
# its labels, and says when a row holds another (a spelling to fold, an
# unknown unit); C records a value without a unit as bad. The caller then
# asks again with `scan = TRUE`, which reads the column's own labels and
# raises those errors. Nor is a factor whose levels are all unit names as
# given: C reads its codes, and records a value without a unit (a missing
# code) as bad; other levels are folded here.
rows_unit_input <- function(x, arg, quantity, unit, unit_arg, call,
                            censored = TRUE, scan = TRUE) {
  table <- quantity_table[[quantity]]
  censor <- bound <- NULL
  if (inherits(x, "b2m_censored") && censored) {
    check_censored_units(attr(x, "unit", exact = TRUE), arg, quantity, unit,
                         unit_arg, call)
  } else {
    if (inherits(x, "b2m_censored")) x <- censored_as_missing(x, arg, call)
    x <- plain_numbers_of_rows(x, arg, quantity, unit_arg, call)
  }
  x <- one_value_per_unit(x, arg, unit, unit_arg, call)
  if (inherits(x, "b2m_censored")) {
    censor <- attr(x, "comparator", exact = TRUE)
    bound <- attr(x, "bound", exact = TRUE)
  }
  known <- if (!scan && is.factor(unit)) match(levels(unit), names(table$units))
  coded <- if (!scan && is.character(unit)) {
    list(unit, c(names(table$units), NA_character_),
         c(seq_along(table$units), 0L) - 1L)
  } else if (!scan && is.factor(unit) && !anyNA(known)) {
    # levels that are the units' names: the codes as they are (a missing
    # one is C's to find, as in a character column)
    list(unit, levels(unit), known - 1L)
  } else {
    # `x` is looked at only when a unit is missing: a row needs one when it
    # has a value or a bound
    within_units <- unit_column(
      unit, unit_arg, table,
      if (is.null(bound)) x else ifelse(is.na(x), bound, x), call)
    within_units[[3]] <- within_units[[3]] - 1L
    within_units
  }
  scales <- matrix(unlist(table$units), nrow = 2)
  range <- vapply(table$units, function(scale) plausible_range(table, scale),
                  numeric(2))
  input <- numeric_spec(x, arg, quantity, table$canonical, unit_arg, call)
  c(input, list(units = coded,
                unit_num = as.double(scales[1, ]),
                unit_den = as.double(scales[2, ]),
                unit_min = as.double(range[1, ]),
                unit_max = as.double(range[2, ])),
    if (!is.null(censor)) list(censor = censor, bound = bound, censored = x))
}

# Objects users hold, as plain numbers (see ?b2m_input_objects): a units
# vector (package units) converted to `unit`, the unit the function works
# in; a haven-labelled number as its numbers, SPSS user-missing values
# (na_values, na_range) missing. Anything else is returned as it is, for
# check_numeric() to judge. A converted copy is made here: these are not
# the plain columns the no-copy rule is about.
held_numbers <- function(x, arg, quantity, unit, unit_arg, call) {
  if (inherits(x, "units") && (is.double(x) || is.integer(x)) &&
      !is.null(attr(x, "units", exact = TRUE)) &&
      requireNamespace("units", quietly = TRUE)) {
    return(from_units(x, arg, quantity, unit, unit_arg, call))
  }
  if (inherits(x, "haven_labelled") && (is.double(x) || is.integer(x))) {
    return(from_labelled(x, arg, call))
  }
  x
}

# A value that carries a value label is a code ("99 = not measured"), not a
# result: an error naming the rows and labels, never a B2M of 99.
from_labelled <- function(x, arg, call) {
  values <- as.vector(unclass(x))
  missing <- attr(x, "na_values", exact = TRUE)
  range <- attr(x, "na_range", exact = TRUE)
  user_missing <- values %in% missing
  if (length(range) == 2) {
    user_missing <- user_missing | (!is.na(values) & values >= range[1] &
                                      values <= range[2])
  }
  values[user_missing] <- NA
  labels <- attr(x, "labels", exact = TRUE)
  coded <- which(!is.na(values) & values %in% labels)
  if (length(coded) > 0) {
    shown <- reported_rows(coded)
    named <- names(labels)[match(values[shown], labels)]
    b2m_abort(
      sprintf(paste0("`%s` has values that carry a label, codes rather than ",
                     "results: %s in %s. Set them to NA (e.g. ",
                     "haven::user_na_to_na() or `x[x == code] <- NA`), or ",
                     "drop the labels with haven::zap_labels() if they are ",
                     "results."), arg,
              paste(sprintf("%s (%s)", format(values[shown], trim = TRUE),
                            quoted(named)), collapse = ", "),
              format_rows(shown, length(coded))),
      "b2m_error_value", call, arg = arg, rows = as.numeric(shown),
      count = length(coded), labels = named
    )
  }
  values
}

# A units vector in `unit` (a unit of `quantity`): through the package's own
# scales when its unit is one of the quantity's (so molar units of B2M and
# those by weight convert with the package's molecular weight), else
# converted by the units package to the first of the quantity's units it
# can reach; one it cannot is an error of class b2m_error_unit.
from_units <- function(x, arg, quantity, unit, unit_arg, call) {
  table <- quantity_table[[quantity]]
  target <- unit_spec(quantity, unit, if (is.null(unit_arg)) arg else unit_arg,
                      call)
  values <- as.vector(unclass(x))
  from <- match(normalize_unit(as.character(attr(x, "units"))),
                normalize_unit(names(table$units)))
  if (is.na(from)) {
    for (k in seq_along(table$units)) {
      converted <- tryCatch(
        units::set_units(x, names(table$units)[k], mode = "standard"),
        error = function(e) NULL)
      if (is.null(converted)) next
      values <- as.vector(unclass(converted))
      from <- k
      break
    }
  }
  if (is.na(from)) {
    shown <- as.character(attr(x, "units"))
    b2m_abort(
      sprintf(paste0("`%s` is a units vector in \"%s\", which is not a unit ",
                     "of %s: it cannot be converted to \"%s\"."), arg,
              shorten(shown), table$label, target$unit),
      "b2m_error_unit", call, arg = arg, unit = shown
    )
  }
  scale <- table$units[[from]]
  if (isTRUE(all.equal(scale, c(target$num, target$den)))) return(values)
  values * (scale[2] * target$num) / (scale[1] * target$den)
}

# Values (reported by C) ---------------------------------------------------------

# Raise the error for a "b2m_bad_values" record; `inputs` are the
# numeric_input()s in the order C checked them. Returns `result` otherwise.
# The condition carries what the message says, as fields: `arg`, `rows`,
# `count`, `values`, `problems` (per row: "negative", "infinite", "zero",
# "too_high", "too_low", "inconsistent"), `unit`, `unit_arg` and
# `suggested_unit` (the unit in which the implausible values would be
# plausible, or NULL); value_problem_message() turns them into the text.
stop_bad_values <- function(result, inputs, call = sys.call(-1)) {
  if (!inherits(result, "b2m_bad_values")) return(result)
  k <- result$arg[1]
  input <- inputs[[k]]
  if (!is.null(input$unit_rows)) input <- in_canonical_unit(input, call)
  mine <- result$arg == k
  rows <- result$row[mine]
  # a recycled argument's one value, wherever the row
  at <- if (length(input$value) == 1) 1 + 0 * rows else rows
  problem <- list(
    arg = input$arg, rows = rows, count = result$count[k],
    values = input_values(input, at),
    problems = result$problem[mine],
    unit = input$unit, unit_arg = input$unit_arg, quantity = input$quantity,
    min_in_unit = input$min_in_unit, max_in_unit = input$max_in_unit,
    inconsistent = input$inconsistent
  )
  problem$suggested_unit <- suggest_unit(
    problem$values[problem$problems %in% c("too_high", "too_low")],
    problem$quantity, problem$unit)
  if (!is.null(input$censor)) {
    # censored results as the laboratory wrote them
    problem$shown <- censored_text(input$censored[at])
  }
  fields <- problem[c("arg", "rows", "count", "values", "problems", "unit",
                      "unit_arg", "suggested_unit")]
  stop(b2m_condition(
    value_problem_message(problem),
    c("b2m_error_value", "b2m_error", "error"), call,
    arg = fields$arg, rows = fields$rows, count = fields$count,
    values = fields$values, problems = fields$problems, unit = fields$unit,
    unit_arg = fields$unit_arg, suggested_unit = fields$suggested_unit,
    value_problem = problem
  ))
}

# The values of `input` in rows `at`, a censored result's bound in its row.
input_values <- function(input, at) {
  values <- .subset(input$value, at)
  if (is.null(input$censor)) return(values)
  ifelse(input$censor[at] != 0L, input$bound[at], values)
}

# One clause per kind of problem found, in one message:
# "`b2m` has bad values: 300 in row 2 is above the largest plausible serum
# B2M, 200 mg/L (were they in "ug/L"? Set `b2m_unit` accordingly); -1 in row
# 3 is negative." `set_unit` says how to change the unit (b2m_annotate()
# says it with its `units`).
value_problem_message <- function(problem, set_unit = NULL) {
  kinds <- unique(problem$problems)
  # one kind: its rows are all the rows, the unreported ones counted with
  # them; several: the unreported ones are counted apart
  count <- if (length(kinds) == 1) problem$count
  clauses <- vapply(kinds, function(kind) {
    mine <- problem$problems == kind
    values <- if (is.null(problem$shown)) {
      format(problem$values[mine], digits = 6, trim = TRUE)
    } else problem$shown[mine]
    rows <- problem$rows[mine]
    sprintf("%s in %s %s %s", paste(values, collapse = ", "),
            format_rows(rows, if (is.null(count)) length(rows) else count),
            if (sum(mine) > 1) "are" else "is",
            problem_clause(problem, kind, set_unit))
  }, character(1))
  more <- problem$count - length(problem$rows)
  paste0(sprintf("`%s` has bad values: ", problem$arg),
         paste(clauses, collapse = "; "),
         if (is.null(count) && more > 0) {
           sprintf("; and %s more %s", format_count(more),
                   if (more > 1) "rows" else "row")
         },
         ".")
}

problem_clause <- function(problem, kind, set_unit) {
  label <- quantity_table[[problem$quantity]]$label
  bound <- function(which, value) {
    sprintf("%s the %s plausible %s, %s %s%s",
            if (which == "largest") "above" else "below", which, label,
            format(value, digits = 6), problem$unit,
            unit_advice(problem, set_unit))
  }
  switch(kind,
    negative = "negative",
    infinite = "infinite",
    zero = sprintf("zero, where `%s` must be positive", problem$arg),
    too_high = bound("largest", problem$max_in_unit),
    too_low = bound("smallest", problem$min_in_unit),
    inconsistent = problem$inconsistent,
    kind
  )
}

# " (were they in "ug/L"? Set `b2m_unit` accordingly)", or "".
unit_advice <- function(problem, set_unit) {
  if (is.null(problem$suggested_unit)) return("")
  if (is.null(set_unit)) {
    set_unit <- if (is.null(problem$unit_arg)) "set the unit accordingly" else
      sprintf("set `%s` accordingly", problem$unit_arg)
  }
  sprintf(" (were they in \"%s\"? %s%s)", problem$suggested_unit,
          toupper(substr(set_unit, 1, 1)), substring(set_unit, 2))
}

# The unit hint, one rule for every hint the package gives: of the other
# units of `quantity` (or of `candidates`) in which every value is
# plausible, the one in which the values lie closest to `interval` (in the
# canonical unit; by default the reference interval of a B2M specimen, else
# the plausible range) on a log scale, summed over the values and 0 inside
# the interval; the first in the order of quantity_table on a tie. NULL when
# no unit makes every value plausible. So 525 "mg/L" of serum B2M suggests
# "nmol/L" (6.2 mg/L, 2.3 times the upper limit) over "ug/L" (0.53 mg/L,
# 2.3 times below the lower limit, a little further).
suggest_unit <- function(values, quantity, unit, interval = NULL,
                         candidates = NULL) {
  values <- values[is.finite(values) & values > 0]
  if (length(values) == 0) return(NULL)
  table <- quantity_table[[quantity]]
  if (is.null(interval)) interval <- quantity_interval(quantity)
  if (is.null(candidates)) candidates <- names(table$units)
  here <- table$units[[unit]]
  best <- NULL
  closest <- Inf
  for (other in candidates) {
    scale <- table$units[[other]]
    if (scale_times(here, scale, 1)) next
    range <- plausible_range(table, scale)
    if (!all(values >= range[1] & values <= range[2])) next
    canonical <- values * scale[2] / scale[1]
    distance <- sum(pmax(0, log(interval[1] / canonical),
                         log(canonical / interval[2])))
    if (distance < closest) {
      best <- other
      closest <- distance
    }
  }
  best
}

# The interval a value of `quantity` is most plausible in, in its canonical
# unit: a B2M specimen's reference interval (lower 0 where the source gives
# none), else the plausible range.
quantity_interval <- function(quantity) {
  table <- quantity_table[[quantity]]
  if (!is.null(table$specimen)) return(reference_interval(table$specimen))
  plausible_range(table, c(1, 1))
}

# Unit mistakes (not reported by the kernels) -------------------------------------

# The factor that separates a unit mistake from a result: a B2M upper
# reference limit more than 20 times away from the package's default limit
# in the stated unit (published limits of serum B2M run from 1.8 to 3.0
# mg/L; units by weight differ by 1000, molar from those by 85) cannot be
# in that unit; a urine B2M more than 20 times below the default limit (15
# ug/L, with 300 ug/L) reads like mg/L. Exactly 20 times is accepted.
unit_mistake_factor <- 20

# The rows of `input` more than unit_mistake_factor times below `below` or
# above `above` (in the input's unit), as rows, count, problems and values;
# NULL when there are none. One pass in C, no copy.
scale_outliers <- function(input, below, above) {
  outlier_rows(input, .Call(C_r_scale_outliers, input$value, as.double(below),
                            as.double(above), as.double(unit_mistake_factor)))
}

# What C found (a "b2m_bad_values" list of one argument, or NULL) as the
# rows, count, problems and values of `input`, and `of`, the number of the
# input's positive values (what `count` is a share of).
outlier_rows <- function(input, bad) {
  if (is.null(bad)) return(NULL)
  rows <- bad$row
  list(rows = rows, count = bad$count[1], problems = bad$problem,
       of = attr(bad, "positive", exact = TRUE),
       values = input$value[if (length(input$value) == 1) 1 + 0 * rows else
         rows])
}

# A B2M upper reference limit ready for C (read_numeric()), in the unit of
# the results it goes with: a limit more than 20 times away from the
# package's default in that unit is an error of class b2m_error_unit (fields
# arg, rows, count, values, unit, unit_arg, default, suggested_unit: the
# unit in which the limit is closest to the default, when it is within 20
# times of it there).
limit_input <- function(x, arg, quantity, unit, unit_arg, call = sys.call(-1),
                        per_row = FALSE) {
  input <- read_numeric(x, arg, quantity, unit, unit_arg, call, per_row)
  default <- default_uln(quantity_table[[quantity]]$specimen, input$unit)
  stop_limit_outliers(scale_outliers(input, default, default), arg, quantity,
                      input$unit, unit_arg, default, call)
  input
}

# limit_input()'s checks of a limit with a unit per row (`unit`, a unit
# column), for a routine that reads it in its rows' units
# (rows_unit_input()): each row checked in its own unit and converted to the
# canonical unit, and compared there with the default, exactly as
# limit_input(per_row = TRUE) does, but a chunk of rows at a time in C, with
# no converted copy of the column; only the rows an error reports are
# converted here. Returns the limit's plain numbers, one per row.
check_limit_rows <- function(x, arg, quantity, unit, unit_arg,
                             call = sys.call(-1)) {
  table <- quantity_table[[quantity]]
  canonical <- table$canonical
  if (inherits(x, "b2m_censored")) x <- censored_as_missing(x, arg, call)
  x <- plain_numbers_of_rows(x, arg, quantity, unit_arg, call)
  # a limit given once is every row's: the routines that read it with a
  # unit per row read values and units alike
  x <- one_value_per_unit(x, arg, unit, unit_arg, call)
  from <- unit_column(unit, unit_arg, table, x, call)
  to <- unit_column(canonical, unit_arg, table, x, call)
  pairs <- unit_pair_tables(table)
  default <- default_uln(table$specimen, canonical)
  found <- .Call(C_r_limit_rows_outliers, x, from, to, pairs$multiply,
                 pairs$divide, pairs$min, pairs$max, as.double(default),
                 as.double(default), as.double(unit_mistake_factor))
  if (!is.null(found[[1]])) {
    stop_unit_rows_values(found[[1]], x, arg, quantity, unit, unit_arg, call)
  }
  bad <- found[[2]]
  if (is.null(bad)) return(invisible(x))
  rows <- bad$row
  values <- convert_unit_rows(x[rows], arg, quantity, unit[rows], unit_arg,
                              canonical, unit_arg, call)
  stop_limit_outliers(list(rows = rows, count = bad$count[1],
                           problems = bad$problem, values = values),
                      arg, quantity, canonical, unit_arg, default, call)
}

# The error for a limit's rows `bad` (as outlier_rows() gives them, values
# in `unit`) more than 20 times away from `default`, the package's default
# limit in `unit`; nothing when there are none.
stop_limit_outliers <- function(bad, arg, quantity, unit, unit_arg, default,
                                call) {
  if (is.null(bad)) return(invisible())
  specimen <- quantity_table[[quantity]]$specimen
  at_default <- rep(default_uln(specimen, quantity_table[[quantity]]$canonical),
                    2)
  suggested <- suggest_unit(bad$values, quantity, unit, at_default)
  if (!is.null(suggested)) {
    there <- default_uln(specimen, suggested)
    if (!all(bad$values * unit_mistake_factor >= there &
             bad$values <= there * unit_mistake_factor)) suggested <- NULL
  }
  shown <- format(bad$values, digits = 6, trim = TRUE)
  b2m_abort(
    sprintf(paste0("`%s` cannot be in \"%s\", the unit of the results it ",
                   "goes with: %s in %s %s more than %s times away from %s %s, ",
                   "the package's default upper limit of %s in that unit%s."),
            arg, unit, paste(shown, collapse = ", "),
            format_rows(bad$rows, bad$count),
            if (length(shown) > 1) "are" else "is", unit_mistake_factor,
            format(default, digits = 6), unit,
            quantity_table[[quantity]]$label,
            if (is.null(suggested)) "" else sprintf(
              paste0(" (is it in \"%s\"? Convert it with b2m_convert(%s, ",
                     "from = \"%s\", to = \"%s\"))"),
              suggested, arg, suggested, unit)),
    "b2m_error_unit", call, arg = arg, rows = bad$rows, count = bad$count,
    values = bad$values, unit = unit, unit_arg = unit_arg,
    default = default, suggested_unit = suggested
  )
}

# Urine B2M is reported in mg/L by some laboratories and in ug/L by others,
# and a normal urine reads anything from 0 to the limit: a result in mg/L
# read as ug/L is never impossible, only very low. A result more than 20
# times below the package's default limit (300 ug/L: below 15 ug/L), in a
# unit with a unit 1000 times coarser (ug/L and ng/mL, with mg/L), reads
# like the coarser unit; healthy dilute urine reads that low too, so one
# such row says nothing about the column's unit. The warning (class
# b2m_warning_unit; fields arg, rows, count, values, unit, unit_arg,
# suggested_unit: the coarser unit) is about the bulk of the column: it is
# raised when more than half of its positive results read so (the median
# positive result is below 15 ug/L); exactly half is not. Zero is no hint
# either way: it reads the same in every unit. `found`: the rows a kernel
# found in its own pass (as outlier_rows() gives them, the kernel given
# `default`); NULL: look for them here. `set_unit` says how to change the
# unit (coarser_unit_message()).
warn_coarser_unit <- function(input, call, found = NULL,
                              default = coarser_unit_below(input),
                              set_unit = NULL) {
  if (default == 0) return(invisible())
  bad <- if (is.null(found)) scale_outliers(input, default, Inf) else found
  if (is.null(bad) || bad$count * 2 <= bad$of) return(invisible())
  table <- quantity_table[[input$quantity]]
  problem <- c(bad, list(arg = input$arg, unit = input$unit,
                         unit_arg = input$unit_arg, default = default,
                         label = table$label))
  problem$suggested_unit <- suggest_unit(bad$values, input$quantity,
                                         input$unit,
                                         candidates = coarser_units(input))
  b2m_warn(coarser_unit_message(problem, set_unit), "b2m_warning_unit", call,
           arg = problem$arg, rows = problem$rows, count = problem$count,
           values = problem$values, unit = problem$unit,
           unit_arg = problem$unit_arg,
           suggested_unit = problem$suggested_unit, unit_problem = problem)
}

# warn_coarser_unit() for an input read with a unit per row (`x` as given,
# `input` in the canonical unit): the rows of each unit that has a coarser
# one are looked at together, in that unit, as a column in that one unit
# would be; the rows are numbered in the whole column.
warn_coarser_rows <- function(x, input, units, call) {
  table <- quantity_table[[input$quantity]]
  if (!isTRUE(table$warn_coarser)) return(invisible())
  labels <- normalize_unit(as.character(units))
  for (unit in names(table$units)) {
    rows <- which(labels == normalize_unit(unit))
    if (length(rows) == 0) next
    at <- if (length(input$value) == 1) 1 else rows
    # the numbers as given where they are plain (no rounding of a conversion)
    values <- if (!is.null(input$unit_rows)) {
      as.double(input$value[at])
    } else if (is.object(x)) {
      input$value[at] * table$units[[unit]][1] / table$units[[unit]][2]
    } else {
      as.double(x[at])
    }
    part <- utils::modifyList(input, list(value = values, unit = unit,
                                          unit_rows = NULL))
    below <- coarser_unit_below(part)
    if (below == 0) next
    found <- scale_outliers(part, below, Inf)
    if (!is.null(found)) found$rows <- as.numeric(rows[found$rows])
    warn_coarser_unit(part, call, found, below, sprintf(
      "set those rows of `%s` to it", input$unit_arg))
  }
}

# The units of the input's quantity 1000 times coarser than its unit (mg/L
# for urine B2M in ug/L); none when the quantity is not checked for them.
# Scales are exact integers, so their cross products compare exactly.
coarser_units <- function(input) {
  table <- quantity_table[[input$quantity]]
  if (!isTRUE(table$warn_coarser)) return(character())
  here <- table$units[[input$unit]]
  coarser <- vapply(table$units, scale_times, logical(1), x = here, times = 1000)
  names(table$units)[coarser]
}

# Whether a value in the unit of scale `x` is `times` the same value in the
# unit of scale `y` (scales c(num, den) of exact integers: their cross
# products compare exactly).
scale_times <- function(x, y, times) {
  x[1] * y[2] == times * y[1] * x[2]
}

# The value (the default upper limit, in the input's unit) more than
# unit_mistake_factor times below which a result reads like a coarser unit;
# 0 when the input has no coarser unit (nothing reads like one). Worked out
# once per quantity and unit (the tables are fixed): it is asked on every
# call that reads urine B2M.
coarser_unit_below <- function(input) {
  # most quantities have no coarser unit: no key to build for them
  if (!isTRUE(.subset2(quantity_table, input$quantity)$warn_coarser)) return(0)
  key <- paste(input$quantity, input$unit)
  below <- coarser_below_seen[[key]]
  if (is.null(below)) {
    below <- if (length(coarser_units(input)) == 0) 0 else
      default_uln(quantity_table[[input$quantity]]$specimen, input$unit)
    coarser_below_seen[[key]] <- below
  }
  below
}
coarser_below_seen <- new.env(parent = emptyenv())

# The message of warn_coarser_unit(); `set_unit` says how to change the unit
# (b2m_annotate() says it with its `units`).
coarser_unit_message <- function(problem, set_unit = NULL) {
  shown <- format(problem$values, digits = 6, trim = TRUE)
  sprintf(paste0("`%s` looks like it is in \"%s\", not \"%s\": %s of its %s ",
                 "positive results (%s in %s) are more than %s times below %s ",
                 "%s, the package's default upper limit of %s, as results in ",
                 "\"%s\" read as \"%s\" would be. If it is in \"%s\", %s."),
          problem$arg, problem$suggested_unit, problem$unit,
          format(problem$count), format(problem$of),
          paste(shown, collapse = ", "),
          format_rows(problem$rows, problem$count), unit_mistake_factor,
          format(problem$default, digits = 6), problem$unit, problem$label,
          problem$suggested_unit, problem$unit, problem$suggested_unit,
          if (is.null(set_unit)) sprintf("set `%s = \"%s\"`", problem$unit_arg,
                                         problem$suggested_unit) else set_unit)
}

# Labels -------------------------------------------------------------------------

# TRUE for labels that are empty or only spaces: read.csv() leaves blank cells
# of character columns as "", which the label inputs read as missing.
blank_label <- function(labels) {
  !is.na(labels) & !nzchar(trimws(labels))
}

# A character or factor column read through its distinct labels (factor
# levels, or the distinct strings found in one pass in C): `fold` maps the
# labels to integers (NA for missing or unknown). Returns the coded column C
# reads, list(x, labels, values), without a per-row copy; `unknown` holds the
# rows of the first unknown labels (up to 5), their count and the labels, or
# is NULL. Only labels that rows hold count: a factor level no row uses
# (left by subset()) is never unknown.
# `absent(labels)` (optional) is TRUE for labels that mean "not recorded":
# missing too, their rows in `absent` (as `unknown`) for a warning.
coded_input <- function(x, fold, absent = NULL) {
  labels <- if (is.factor(x)) levels(x) else
    if (is.character(x)) .Call(C_r_distinct_strings, x) else character(0)
  values <- as.integer(fold(labels))
  # a blank label (an empty cell of a CSV file) is missing, not unknown
  known <- is.na(labels) | blank_label(labels)
  said_absent <- if (is.null(absent)) logical(length(labels)) else
    !known & absent(labels)
  list(coded = list(x, labels, values),
       unknown = label_rows(x, labels,
                            which(is.na(values) & !known & !said_absent)),
       absent = label_rows(x, labels, which(said_absent)))
}

# The rows of `x` holding the labels at `bad` (up to 5 of them), their count
# and the labels, or NULL. Only labels that rows hold count: a factor level
# no row uses (left by subset()) is never reported. The error and warning
# path: a copy is fine here.
label_rows <- function(x, labels, bad) {
  if (length(bad) > 0 && is.factor(x)) {
    bad <- bad[tabulate(x, length(labels))[bad] > 0]
  }
  if (length(bad) == 0) return(NULL)
  rows <- if (is.factor(x)) which(as.integer(x) %in% bad) else
    which(x %in% labels[bad])
  list(rows = reported_rows(rows), count = length(rows),
       labels = unique(as.character(x[reported_rows(rows)])))
}

# The error for the unknown labels of a coded_input(): `expected` says what
# the labels may be.
stop_unknown_labels <- function(unknown, arg, expected, call) {
  fields <- list(arg = arg, expected = expected,
                 rows = as.numeric(unknown$rows), count = unknown$count,
                 labels = unknown$labels)
  b2m_abort(
    unknown_labels_message(fields), "b2m_error_value", call, arg = arg,
    rows = fields$rows, count = fields$count, labels = fields$labels,
    expected = expected
  )
}

# The message of stop_unknown_labels() from its condition's fields (also
# rebuilt by b2m_annotate() when the rows were a subset of the data's).
unknown_labels_message <- function(fields) {
  sprintf("`%s` must be %s; found %s in %s.", fields$arg, fields$expected,
          quote_labels(fields$labels), format_rows(fields$rows, fields$count))
}

# User codings ---------------------------------------------------------------------

# Labels are compared after folding case and white space ("Not  known" is
# "not known").
fold_label <- function(labels) {
  tolower(gsub("[[:space:]]+", " ", trimws(labels)))
}

# A user's coding: a list naming, for each of `meanings`, the labels (text,
# or numbers for flags) that mean it, e.g. list(female = c("w", "weiblich"),
# male = "m"); no label may mean two things. Returns a named vector folded
# label -> meaning, or NULL for NULL. `arg` is the argument or option.
check_coding <- function(coding, meanings, arg, call = sys.call(-1)) {
  if (is.null(coding)) return(NULL)
  ok <- is.list(coding) && !is.object(coding) && length(coding) > 0 &&
    !is.null(names(coding)) && all(names(coding) %in% meanings) &&
    !anyDuplicated(names(coding)) &&
    all(vapply(coding, function(labels) {
      (is.character(labels) || is.numeric(labels)) && !is.object(labels) &&
        length(labels) > 0 && !anyNA(labels)
    }, logical(1)))
  if (!ok) {
    b2m_abort(
      sprintf(paste0("`%s` must be a list naming, for %s, the labels that ",
                     "mean it, e.g. %s; not %s."), arg,
              paste0("\"", meanings, "\"", collapse = " or "),
              if (identical(meanings, sex_meanings))
                'list(female = c("w", "weiblich"), male = "m")' else
                  'list(true = c("pos", "1"), false = c("neg", "0"))',
              describe_type(coding)),
      "b2m_error_type", call, arg = arg
    )
  }
  folded <- lapply(coding, function(labels) fold_label(as.character(labels)))
  label <- unlist(folded, use.names = FALSE)
  meaning <- rep(names(folded), lengths(folded))
  pair <- !duplicated(paste(label, meaning, sep = "\r"))
  twice <- unique(label[pair][duplicated(label[pair])])
  if (length(twice) > 0) {
    b2m_abort(
      sprintf("`%s` gives %s two meanings; a label must mean one thing.",
              arg, quote_labels(twice)),
      "b2m_error_value", call, arg = arg, labels = twice
    )
  }
  stats::setNames(meaning, label)[!duplicated(label)]
}

# The coding set by the option `option`, checked.
option_coding <- function(option, meanings, call) {
  check_coding(getOption(option), meanings, option, call)
}

# Sets the options b2m.sex_labels and b2m.flag_labels from the arguments
# of b2m_annotate() and b2m_interpret() (NULL leaves an option as it is),
# checked; returns the old values, for options() on exit.
set_codings <- function(sex_labels, flag_labels, call) {
  check_coding(sex_labels, sex_meanings, "sex_labels", call)
  check_coding(flag_labels, flag_meanings, "flag_labels", call)
  new <- list(b2m.sex_labels = sex_labels, b2m.flag_labels = flag_labels)
  options(new[!vapply(new, is.null, logical(1))])
}

# Sex ----------------------------------------------------------------------------

sex_meanings <- c("female", "male")

# Spellings of sex the package reads whatever the user's coding (compared
# after fold_label()), and those meaning "not recorded".
sex_labels <- c(female = 1L, f = 1L, woman = 1L, male = 0L, m = 0L, man = 0L)
sex_not_recorded <- c("unknown", "u", "not known", "not recorded")

# `sex` (character or factor: female/male, F/M, woman/man in any case, or
# the labels of the option `b2m.sex_labels`, which win over those) as the
# coded column C reads: 1 female, 0 male, NA missing. Labels are folded
# once per distinct value. Labels meaning "not recorded" are missing, with a
# warning of class b2m_warning_sex naming the rows (fields rows, count,
# labels); other labels are an error.
sex_input <- function(sex, arg = "sex", call = sys.call(-1)) {
  if (is_missing_only(sex)) return(list(sex, character(0), integer(0)))
  if (!(is.factor(sex) || (is.character(sex) && !is.object(sex)))) {
    b2m_abort(
      sprintf(paste0(
        "`%s` must be a character vector or factor of \"female\"/\"male\" ",
        "(or \"F\"/\"M\"), not %s.%s"), arg, describe_type(sex),
        if (is.numeric(sex) || is.logical(sex)) paste0(
          " Recode numeric codes with your data's coding first, e.g. ",
          "`ifelse(sex == 2, \"female\", \"male\")`.") else
          if (is.character(sex)) " Convert it with as.character()." else ""),
      "b2m_error_type", call, arg = arg, type = class(sex)[1]
    )
  }
  user <- option_coding("b2m.sex_labels", sex_meanings, call)
  codes <- c(stats::setNames(c(female = 1L, male = 0L)[user], names(user)),
             sex_labels)
  input <- coded_input(
    sex, function(labels) codes[match(fold_label(labels), names(codes))],
    function(labels) fold_label(labels) %in% sex_not_recorded)
  if (!is.null(input$unknown)) {
    stop_unknown_labels(input$unknown, arg, paste0(
      "\"female\"/\"male\", \"F\"/\"M\" or \"woman\"/\"man\" (any case), ",
      "or a label set by `options(b2m.sex_labels = list(female = ..., ",
      "male = ...))`"), call)
  }
  if (!is.null(input$absent)) {
    b2m_warn(
      sprintf(paste0("`%s` is %s (not recorded) in %s: sex is NA there, and ",
                     "so is every result that needs it."), arg,
              quote_labels(input$absent$labels),
              format_rows(input$absent$rows, input$absent$count)),
      "b2m_warning_sex", call, arg = arg,
      rows = as.numeric(input$absent$rows), count = input$absent$count,
      labels = input$absent$labels
    )
  }
  input$coded
}

# Flags --------------------------------------------------------------------------

flag_meanings <- c("true", "false")

# A logical flag (del17p, t4_14, bone_marrow, ...) as C reads it: `value`,
# and `coded` for text read through its labels. A logical vector is read
# as it is. Text (character or factor) or numeric codes are read only
# through the user's coding, the option `b2m.flag_labels` (e.g.
# list(true = c("pos", "1"), false = c("neg", "0"))), never guessed;
# without it they are a type error, and a label or code outside it is an
# error naming the rows. Numeric codes are compared as text ("1", "0") and
# converted to a logical copy (C reads text through its labels, numbers
# not).
flag_column <- function(x, arg, call = sys.call(-1)) {
  if (is.logical(x) && !is.object(x)) return(list(value = x))
  coding <- option_coding("b2m.flag_labels", flag_meanings, call)
  coded <- !is.null(coding) && (is.factor(x) || is.character(x) ||
                                  is.numeric(x)) && !inherits(x, "Date")
  if (!coded) {
    check_logical(x, arg, call, if (is.null(coding) &&
                                    (is.character(x) || is.factor(x) ||
                                       is.numeric(x))) paste0(
      " Or say which code is which: `options(b2m.flag_labels = ",
      "list(true = ..., false = ...))`.") else "")
  }
  codes <- stats::setNames(c(true = 1L, false = 0L)[coding], names(coding))
  fold <- function(labels) codes[match(fold_label(labels), names(codes))]
  expected <- sprintf("one of the labels of `options(b2m.flag_labels)`: %s",
                      quote_labels(names(codes)))
  if (is.numeric(x)) {
    values <- unique(as.vector(x))
    meaning <- fold(as.character(values))
    unknown <- label_rows(x, values, which(is.na(meaning) & !is.na(values)))
    if (!is.null(unknown)) stop_unknown_labels(unknown, arg, expected, call)
    return(list(value = meaning[match(x, values)] == 1L))
  }
  input <- coded_input(x, fold)
  if (!is.null(input$unknown)) {
    stop_unknown_labels(input$unknown, arg, expected, call)
  }
  list(value = x, coded = input$coded)
}

# Flagged rows (warnings) ----------------------------------------------------------

# C attaches the rows whose answer it set to NA for a reason the user must
# hear about as attribute "b2m_flagged" = list(row, count); warn with class
# `class` (`message` has one %s for the rows) and drop the attribute.
warn_flagged <- function(result, message, class, call = sys.call(-1)) {
  flagged <- attr(result, "b2m_flagged", exact = TRUE)
  if (is.null(flagged)) return(result)
  attr(result, "b2m_flagged") <- NULL
  b2m_warn(sprintf(message, format_rows(flagged$row, flagged$count)), class,
           call, rows = flagged$row, count = flagged$count)
  result
}

# Data frames --------------------------------------------------------------------

check_data_frame <- function(x, arg, call = sys.call(-1)) {
  if (is.data.frame(x)) return(invisible(x))
  b2m_abort(
    sprintf("`%s` must be a data frame, not %s.", arg, describe_type(x)),
    "b2m_error_type", call, arg = arg
  )
}

# A named character vector without missing or empty names or values (the
# `columns` and `units` arguments of b2m_annotate()); NULL is an empty one.
check_named_strings <- function(x, arg, call = sys.call(-1)) {
  if (is.null(x)) return(character())
  ok <- is.character(x) && !is.object(x) && !anyNA(x) && all(nzchar(x)) &&
    !is.null(names(x)) && !anyNA(names(x)) && all(nzchar(names(x))) &&
    !anyDuplicated(names(x))
  if (ok) return(x)
  b2m_abort(
    sprintf(paste0("`%s` must be a named character vector with one unique ",
                   "name per entry, e.g. %s, not %s."),
            arg, if (arg == "units") 'c(albumin = "g/L")' else
              'c(b2m = "B2M_mgL")', describe_type(x)),
    "b2m_error_type", call, arg = arg
  )
}

# Every name of `x` must be one of `known`; the error names the others (in
# its `column` field too).
check_known_names <- function(x, known, arg, class, call = sys.call(-1)) {
  unknown <- setdiff(names(x), known)
  if (length(unknown) == 0) return(invisible(x))
  b2m_abort(
    sprintf("`%s` names %s; the names it takes are %s.", arg,
            paste0("`", shorten(unknown), "`", collapse = ", "),
            paste(known, collapse = ", ")),
    class, call, arg = arg, column = unknown
  )
}

#' Local codings of sex and of logical flags
#'
#' Laboratories and registries write sex and yes/no findings in their own
#' codes. The package reads them through one mechanism, used by every
#' function that takes sex (the eGFR equations) or a flag (the staging
#' systems' `del17p`, `t4_14`, `t14_16`, `t14_20`, `gain1q`, `ldh_high`, `tp53`,
#' `ighv_unmutated`, `bone_marrow`), and by [b2m_annotate()] and
#' [b2m_interpret()]:
#'
#' * `options(b2m.sex_labels = list(female = c("w", "weiblich"), male = "m"))`
#'   adds labels of sex; `"female"`/`"male"`, `"F"`/`"M"` and
#'   `"woman"`/`"man"` are read in any case without it, and a label of the
#'   option wins over them. Labels meaning "not recorded" (`"unknown"`,
#'   `"U"`, `"not known"`, `"not recorded"`, any case) are `NA`, with a
#'   warning of class `b2m_warning_sex` naming the rows (fields `rows`,
#'   `count`, `labels`): results that need sex are `NA` there, the others
#'   (staging) are computed. An empty label (a blank CSV cell) is `NA`
#'   without a warning. Any other label is an error of class
#'   `b2m_error_value` naming the rows.
#' * `options(b2m.flag_labels = list(true = c("pos", "1"), false = c("neg",
#'   "0")))` lets flags be text (character or factor) or numeric codes,
#'   compared as text (`1` is `"1"`). Without it only logical vectors are
#'   flags: text or numbers are an error of class `b2m_error_type`, never
#'   guessed. A label or code outside the option is an error of class
#'   `b2m_error_value` naming the rows; an empty label is `NA`.
#'
#' Labels are compared after folding case and white space. A label may not
#' have two meanings (an error of class `b2m_error_value`); an option that
#' is not such a list is an error of class `b2m_error_type`.
#' [b2m_annotate()] and [b2m_interpret()] take the same lists as their
#' arguments `sex_labels` and `flag_labels`, which set the options for that
#' call only. The other functions have no argument for them: set the option
#' (e.g. around a pipeline, or in `.Rprofile` for a site's coding).
#'
#' @name b2m_codings
#' @family whole data frames
#' @examples
#' old <- options(b2m.sex_labels = list(female = "w"),
#'                b2m.flag_labels = list(true = "pos", false = "neg"))
#' egfr_ckdepi_cr(c(0.9, 0.9), c(60, 60), c("w", "m"))
#' flagged <- data.frame(b2m = 6, albumin = 3, ldh_high = "neg",
#'                       del17p = "pos", t4_14 = "neg", t14_16 = "neg")
#' suppressMessages(b2m_annotate(flagged))
#' options(old)
#'
#' # "unknown" is NA with a warning; the staging that needs no sex stands
#' data <- data.frame(b2m = c(2, 6), albumin = c(4, 3), creatinine = 1,
#'                    age = 60, sex = c("weiblich", "unknown"))
#' out <- suppressMessages(b2m_annotate(
#'   data, sex_labels = list(female = "weiblich")))
#' out[c("iss", "egfr_cr")]
NULL

#' Measurements as objects: units vectors and labelled numbers
#'
#' Every argument that takes a measurement (B2M, albumin, creatinine, an
#' age, ...) takes a plain numeric vector in the unit the function's unit
#' argument names, and also two kinds of objects users already hold:
#'
#' * A `units` vector (package \pkg{units}, used when installed): it is
#'   converted to the function's unit. A unit the package knows for the
#'   quantity (`"ug/L"`, `"nmol/L"`, `"g/L"`, `"umol/L"`, ...) converts with
#'   the package's own factors (B2M's molecular weight, 11,800 g/mol, which the
#'   units package does not know); another unit the units package can
#'   convert to one of them (`"g/m3"`, `"mmol/L"` of B2M) converts through
#'   it. A unit that cannot be converted (`"s"`, `"U/L"` for B2M) is an
#'   error of class `b2m_error_unit`. When a units vector and the unit
#'   argument disagree (`stage_iss(b2m = <ug/L>, b2m_unit = "mg/L")`), the
#'   vector's unit says what its numbers are and the argument says the unit
#'   the function works in (its thresholds, its other inputs in that unit,
#'   and any result in a unit): the vector is converted, never read in the
#'   argument's unit.
#' * A haven-labelled number (class `haven_labelled`, from
#'   `haven::read_spss()`, `read_dta()`, `read_sas()`): its numbers are
#'   read, SPSS user-missing values (`na_values`, `na_range`) are `NA`, and
#'   a value that carries a value label (`99 = "not measured"`) is a code,
#'   not a result: an error of class `b2m_error_value` naming the rows and
#'   the labels.
#'
#' Either is converted once into a plain double vector (a copy); plain
#' vectors are read without one.
#'
#' @name b2m_input_objects
#' @family units and reference
#' @examples
#' if (requireNamespace("units", quietly = TRUE)) {
#'   b2m <- units::set_units(c(2500, 6200), "ug/L")
#'   stage_iss(b2m, albumin = 4)
#'   stage_iss(units::set_units(c(212, 525), "nmol/L"), albumin = 4)
#' }
#' labelled <- structure(c(2.5, 6.2, 99), labels = c("not measured" = 99),
#'                       na_values = 99, class = c("haven_labelled_spss",
#'                       "haven_labelled", "vctrs_vctr", "double"))
#' stage_iss(labelled, albumin = 4)
NULL
