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
    list(message = message, call = call, ...)
  )
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
                   format(more, scientific = FALSE, big.mark = ",")))
  }
  if (length(shown) == 1) {
    return(paste("row", shown))
  }
  sprintf("rows %s and %s", paste(shown[-length(shown)], collapse = ", "),
          shown[length(shown)])
}

describe_type <- function(x) {
  if (is.null(x)) return("NULL")
  if (is.factor(x)) return("a factor")
  if (inherits(x, "Date")) return("a Date")
  if (is.data.frame(x)) return("a data frame")
  if (is.list(x)) return("a list")
  type <- typeof(x)
  paste(if (type == "integer") "an" else "a", type, "vector")
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
    sprintf("`%s` must be a numeric vector, not %s.", arg, describe_type(x)),
    "b2m_error_type", call, arg = arg
  )
}

check_logical <- function(x, arg, call = sys.call(-1)) {
  if (is.logical(x) && !is.object(x)) return(invisible(x))
  b2m_abort(
    sprintf("`%s` must be a logical vector (TRUE, FALSE or NA), not %s.%s",
            arg, describe_type(x),
            if (is.numeric(x)) " Recode it, e.g. `x == 1`." else ""),
    "b2m_error_type", call, arg = arg
  )
}

check_string <- function(x, arg, call = sys.call(-1)) {
  if (is.character(x) && length(x) == 1 && !is.na(x)) return(invisible(x))
  b2m_abort(
    sprintf("`%s` must be a single string, not %s of length %d.",
            arg, describe_type(x), length(x)),
    "b2m_error_type", call, arg = arg
  )
}

check_choice <- function(x, choices, arg, call = sys.call(-1)) {
  check_string(x, arg, call)
  if (x %in% choices) return(x)
  b2m_abort(
    sprintf("`%s` must be one of %s, not \"%s\".", arg,
            paste0("\"", choices, "\"", collapse = ", "), x),
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
# must be a single string and a column of `data`; a missing one is a
# b2m_error_column naming the argument and the column.
check_columns <- function(data, columns, arg = "data", call = sys.call(-1)) {
  check_data_frame(data, arg, call)
  for (name in names(columns)) check_string(columns[[name]], name, call)
  wanted <- unlist(columns, use.names = FALSE)
  absent <- !wanted %in% names(data)
  if (!any(absent)) return(invisible(data))
  one <- sum(absent) == 1
  what <- paste0("\"", wanted[absent], "\" (`", names(columns)[absent], "`)",
                 collapse = " and ")
  present <- names(data)
  shown <- if (length(present) == 0) "none" else
    paste0("\"", utils::head(present, 10), "\"", collapse = ", ")
  if (length(present) > 10) {
    shown <- paste(shown, "and", length(present) - 10, "more")
  }
  b2m_abort(
    sprintf("%s %s %s not in `%s`; set %s to %s. Its columns: %s.",
            if (one) "Column" else "Columns", what, if (one) "is" else "are",
            arg, paste0("`", names(columns)[absent], "`", collapse = " and "),
            if (one) "the right name" else "the right names", shown),
    "b2m_error_column", call, arg = names(columns)[absent],
    column = wanted[absent]
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

# A unit of `quantity` as list(unit, num, den, max_in_unit), where a value in
# the unit is the canonical value * num / den. `unit` is the user's argument:
# NULL is not a unit (an error of class b2m_error_type, never silently the
# canonical unit); code that means the canonical unit passes it by name.
unit_spec <- function(quantity, unit, arg, call = sys.call(-1)) {
  table <- quantity_table[[quantity]]
  check_string(unit, arg, call)
  # The usual spelling matches as given (one look-up: this runs on every
  # call); folding is only for the others.
  scale <- .subset2(table$units, unit)
  if (is.null(scale)) {
    known <- names(table$units)
    hit <- match(normalize_unit(unit), normalize_unit(known))
    if (is.na(hit)) {
      b2m_abort(
        sprintf("`%s` must be one of %s for %s, not \"%s\".", arg,
                paste0("\"", known, "\"", collapse = ", "), table$label, unit),
        "b2m_error_unit", call, arg = arg
      )
    }
    unit <- known[hit]
    scale <- table$units[[hit]]
  }
  list(unit = unit, num = scale[1], den = scale[2],
       max_in_unit = table$max * scale[1] / scale[2])
}

# A numeric argument ready for C: the vector itself (never a converted copy),
# its unit's scale and the largest value possible in that unit. Without a
# unit argument (`unit_arg` NULL) the quantity has one fixed unit, the
# canonical one unless `unit` names another.
numeric_input <- function(x, arg, quantity, unit = NULL, unit_arg = NULL,
                          call = sys.call(-1)) {
  check_numeric(x, arg, call)
  if (is.null(unit_arg) && is.null(unit)) {
    unit <- quantity_table[[quantity]]$canonical
  }
  spec <- unit_spec(quantity, unit, if (is.null(unit_arg)) arg else unit_arg,
                    call)
  c(list(value = x, arg = arg, quantity = quantity, unit_arg = unit_arg), spec)
}

# Values (reported by C) ---------------------------------------------------------

problem_text <- c("negative", "infinite", "impossible", "zero")

# Raise the error for a "b2m_bad_values" record; `inputs` are the
# numeric_input()s in the order C checked them. Returns `result` otherwise.
stop_bad_values <- function(result, inputs, call = sys.call(-1)) {
  if (!inherits(result, "b2m_bad_values")) return(result)
  k <- result$arg[1]
  input <- inputs[[k]]
  mine <- result$arg == k
  rows <- result$row[mine]
  problems <- problem_text[result$problem[mine]]
  count <- result$count[k]
  values <- input$value[rows]
  b2m_abort(
    bad_value_message(input, rows, values, problems, count),
    "b2m_error_value", call, arg = input$arg, rows = rows, count = count
  )
}

bad_value_message <- function(input, rows, values, problems, count) {
  where <- format_rows(rows, count)
  shown <- paste(format(values, digits = 6, trim = TRUE), collapse = ", ")
  if (all(problems == "impossible")) {
    return(paste0(
      sprintf("`%s` has values impossible in %s in %s (%s): the largest ",
              input$arg, input$unit, where, shown),
      sprintf("plausible %s is %s %s.", quantity_table[[input$quantity]]$label,
              format(input$max_in_unit, digits = 6), input$unit),
      suggest_unit(input, values)
    ))
  }
  expected <- if (all(problems == "zero")) "positive" else
    if (any(problems == "zero")) "finite and positive" else
      "finite and not negative"
  sprintf("`%s` must be %s (found %s in %s).", input$arg, expected, shown,
          where)
}

# The first other unit of the quantity in which every offending value would be
# possible: what the user probably meant.
suggest_unit <- function(input, values) {
  table <- quantity_table[[input$quantity]]
  for (unit in names(table$units)) {
    scale <- table$units[[unit]]
    if (isTRUE(all.equal(scale, c(input$num, input$den)))) next
    if (all(values <= table$max * scale[1] / scale[2])) {
      arg <- if (is.null(input$unit_arg)) "the unit" else
        sprintf("`%s`", input$unit_arg)
      return(sprintf(" Were they in \"%s\"? Set %s accordingly.", unit, arg))
    }
  }
  ""
}

# Labels -------------------------------------------------------------------------

# TRUE for labels that are empty or only spaces: read.csv() leaves blank cells
# of character columns as "", which the label inputs read as missing.
blank_label <- function(labels) {
  !is.na(labels) & !nzchar(trimws(labels))
}

# Sex ----------------------------------------------------------------------------

# Spellings of sex the package reads (compared after folding case and space).
sex_labels <- c(female = 1L, f = 1L, male = 0L, m = 0L)

# A character or factor column read through its distinct labels (factor
# levels, or the distinct strings found in one pass in C): `fold` maps the
# labels to integers (NA for missing or unknown). Returns the coded column C
# reads, list(x, labels, values), without a per-row copy; `unknown` holds the
# rows of the first unknown labels (up to 5) and their count, or is NULL.
coded_input <- function(x, fold) {
  labels <- if (is.factor(x)) levels(x) else
    if (is.character(x)) .Call(C_r_distinct_strings, x) else character(0)
  values <- as.integer(fold(labels))
  # a blank label (an empty cell of a CSV file) is missing, not unknown
  bad <- which(is.na(values) & !is.na(labels) & !blank_label(labels))
  unknown <- NULL
  if (length(bad) > 0) {
    # the error path: a copy of the column is fine here
    rows <- if (is.factor(x)) which(as.integer(x) %in% bad) else
      which(x %in% labels[bad])
    unknown <- list(rows = utils::head(rows, 5), count = length(rows))
  }
  list(coded = list(x, labels, values), unknown = unknown)
}

# `sex` (character or factor: female/male or F/M, any case) as the coded
# column C reads: 1 female, 0 male, NA missing. Labels are folded once per
# distinct value.
sex_input <- function(sex, arg = "sex", call = sys.call(-1)) {
  if (is_missing_only(sex)) return(list(sex, character(0), integer(0)))
  if (!(is.factor(sex) || (is.character(sex) && !is.object(sex)))) {
    b2m_abort(
      sprintf(paste0(
        "`%s` must be a character vector or factor of \"female\"/\"male\" ",
        "(or \"F\"/\"M\"), not %s.%s"), arg, describe_type(sex),
        if (is.numeric(sex) || is.logical(sex)) paste0(
          " Recode numeric codes with your data's coding first, e.g. ",
          "`ifelse(sex == 2, \"female\", \"male\")`.") else ""),
      "b2m_error_type", call, arg = arg
    )
  }
  input <- coded_input(sex, function(labels) {
    sex_labels[match(tolower(trimws(labels)), names(sex_labels))]
  })
  if (!is.null(input$unknown)) {
    rows <- input$unknown$rows
    b2m_abort(
      sprintf(paste0("`%s` must be \"female\"/\"male\" or \"F\"/\"M\" (any ",
                     "case); found %s in %s."), arg,
              paste0("\"", unique(as.character(sex[rows])), "\"",
                     collapse = ", "),
              format_rows(rows, input$unknown$count)),
      "b2m_error_value", call, arg = arg, rows = as.numeric(rows),
      count = input$unknown$count
    )
  }
  input$coded
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
            paste0("`", unknown, "`", collapse = ", "),
            paste(known, collapse = ", ")),
    class, call, arg = arg, column = unknown
  )
}
