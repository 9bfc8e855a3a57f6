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
                   format(more, scientific = FALSE, big.mark = ",")))
  }
  if (length(shown) == 1) {
    return(paste("row", shown))
  }
  sprintf("rows %s and %s", paste(shown[-length(shown)], collapse = ", "),
          shown[length(shown)])
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

check_logical <- function(x, arg, call = sys.call(-1)) {
  if (is.logical(x) && !is.object(x)) return(invisible(x))
  b2m_abort(
    sprintf("`%s` must be a logical vector (TRUE, FALSE or NA), not %s.%s",
            arg, describe_type(x), conversion_hint(x, "logical")),
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
        sprintf("`%s` must be one of %s for %s, not %s.", arg,
                paste0("\"", known, "\"", collapse = ", "), table$label,
                quote_labels(unit)),
        "b2m_error_unit", call, arg = arg
      )
    }
    unit <- known[hit]
    scale <- table$units[[hit]]
  }
  list(unit = unit, num = scale[1], den = scale[2],
       min_in_unit = plausible_range(table, scale)[1],
       max_in_unit = plausible_range(table, scale)[2])
}

# The plausible values of a quantity (an entry of quantity_table) in the unit
# of `scale`: c(min, max), min 0 when the quantity has no minimum.
plausible_range <- function(table, scale) {
  c(if (is.null(table$min)) 0 else table$min, table$max) * scale[1] / scale[2]
}

# A numeric argument ready for C: the vector itself (never a converted copy),
# its unit's scale and the plausible range in that unit. Without a unit
# argument (`unit_arg` NULL) the quantity has one fixed unit, the canonical
# one unless `unit` names another.
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
  mine <- result$arg == k
  rows <- result$row[mine]
  problem <- list(
    arg = input$arg, rows = rows, count = result$count[k],
    # a recycled argument's one value, wherever the row
    values = input$value[if (length(input$value) == 1) 1 + 0 * rows else rows],
    problems = result$problem[mine],
    unit = input$unit, unit_arg = input$unit_arg, quantity = input$quantity,
    min_in_unit = input$min_in_unit, max_in_unit = input$max_in_unit,
    inconsistent = input$inconsistent
  )
  problem$suggested_unit <- suggest_unit(problem)
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
    values <- format(problem$values[mine], digits = 6, trim = TRUE)
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
           sprintf("; and %s more %s", format(more, big.mark = ","),
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

# The first other unit of the quantity in which every value too high or too
# low would be plausible: what the user probably meant (NULL if none).
suggest_unit <- function(problem) {
  values <- problem$values[problem$problems %in% c("too_high", "too_low")]
  if (length(values) == 0) return(NULL)
  table <- quantity_table[[problem$quantity]]
  here <- unit_spec(problem$quantity, problem$unit, "unit")
  for (unit in names(table$units)) {
    scale <- table$units[[unit]]
    if (isTRUE(all.equal(scale, c(here$num, here$den)))) next
    range <- plausible_range(table, scale)
    if (all(values >= range[1] & values <= range[2])) return(unit)
  }
  NULL
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
coded_input <- function(x, fold) {
  labels <- if (is.factor(x)) levels(x) else
    if (is.character(x)) .Call(C_r_distinct_strings, x) else character(0)
  values <- as.integer(fold(labels))
  # a blank label (an empty cell of a CSV file) is missing, not unknown
  bad <- which(is.na(values) & !is.na(labels) & !blank_label(labels))
  unknown <- NULL
  # the error path (and a factor with unknown levels): a copy is fine here
  if (length(bad) > 0 && is.factor(x)) {
    bad <- bad[tabulate(x, length(labels))[bad] > 0]
  }
  if (length(bad) > 0) {
    rows <- if (is.factor(x)) which(as.integer(x) %in% bad) else
      which(x %in% labels[bad])
    unknown <- list(rows = reported_rows(rows), count = length(rows),
                    labels = unique(as.character(x[reported_rows(rows)])))
  }
  list(coded = list(x, labels, values), unknown = unknown)
}

# The error for the unknown labels of a coded_input(): `expected` says what
# the labels may be.
stop_unknown_labels <- function(unknown, arg, expected, call) {
  b2m_abort(
    sprintf("`%s` must be %s; found %s in %s.", arg, expected,
            quote_labels(unknown$labels),
            format_rows(unknown$rows, unknown$count)),
    "b2m_error_value", call, arg = arg, rows = as.numeric(unknown$rows),
    count = unknown$count, labels = unknown$labels
  )
}

# Sex ----------------------------------------------------------------------------

# Spellings of sex the package reads (compared after folding case and space).
sex_labels <- c(female = 1L, f = 1L, male = 0L, m = 0L)

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
          "`ifelse(sex == 2, \"female\", \"male\")`.") else
          if (is.character(sex)) " Convert it with as.character()." else ""),
      "b2m_error_type", call, arg = arg, type = class(sex)[1]
    )
  }
  input <- coded_input(sex, function(labels) {
    sex_labels[match(tolower(trimws(labels)), names(sex_labels))]
  })
  if (!is.null(input$unknown)) {
    stop_unknown_labels(input$unknown, arg,
                        "\"female\"/\"male\" or \"F\"/\"M\" (any case)", call)
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
            paste0("`", shorten(unknown), "`", collapse = ", "),
            paste(known, collapse = ", ")),
    class, call, arg = arg, column = unknown
  )
}
