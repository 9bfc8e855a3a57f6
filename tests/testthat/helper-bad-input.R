# The catalogue of bad inputs (test-bad-input.R) is generated from a small
# spec per exported function: a valid call, and the role of each argument.
# The generator below turns the roles into cases -- wrong type, factor, list,
# NULL, zero-length, all-NA, length mismatch, negative, infinite, impossible
# for the unit, unknown unit, unknown label, wrong data-frame column,
# duplicate keys -- each with its expected outcome:
#   - an error class ("b2m_error_type", "b2m_error_value", ...), or "error"
#     for R's own error (an argument the function does not have),
#   - "na" with the rows that must be NA (and no other),
#   - "empty" (a zero-length or zero-row result), or
#   - "ok" (no error, one result per row of the valid call).

# Roles -------------------------------------------------------------------------

# A numeric argument of `quantity` (a name of quantity_table) whose unit is
# given by the argument `unit` (NULL: always the canonical unit).
# `positive`: zero is an error; `max`: values above the largest plausible
# one are an error; `missing`: the result where it is NA ("na", or "ok" when
# the answer can still be determined, e.g. ISS III without albumin);
# `null`: the outcome of NULL ("b2m_error_type", or "ok" for an optional
# argument with a default). `zero` and `at_max`: the outcome of zero and of
# the largest plausible value in row 2 when it is not plain "ok" (zero defaults
# to an error when `positive`), "na" meaning row 2 is NA, with a warning of
# class `zero_warning` for zero if given (e.g. an age of 0 in an adult
# equation); `at_max_warning` likewise for the largest plausible value.
# `fixed_unit`: the one unit of an argument without a unit argument when it
# is not the canonical one (e.g. `height_cm`). `min`: values below the
# smallest plausible one (for a quantity that has one) are an error, and
# `at_min` is the outcome of that value. `limit`: the argument is an upper
# reference limit of B2M, refused (b2m_error_unit) more than 20 times away
# from the package's default limit in its unit, so the largest plausible
# value is a unit error too.
num <- function(quantity, unit = NULL, positive = FALSE, max = TRUE,
                missing = "na", null = "b2m_error_type",
                zero = if (positive) "b2m_error_value" else "ok",
                zero_warning = NULL, at_max = "ok", at_max_warning = NULL,
                fixed_unit = NULL,
                min = !is.null(b2m:::quantity_table[[quantity]]$min),
                at_min = "ok", limit = FALSE) {
  if (limit) at_max <- "b2m_error_unit"
  list(role = "numeric", quantity = quantity, unit = unit, positive = positive,
       max = max, missing = missing, null = null, zero = zero,
       zero_warning = zero_warning, at_max = at_max,
       at_max_warning = at_max_warning, fixed_unit = fixed_unit, min = min,
       at_min = at_min, limit = limit)
}

# A unit argument (a single string naming a unit); NULL is not a unit.
# A unit argument; `per_row`: one unit per row is accepted too.
unit_arg <- function(per_row = FALSE) list(role = "unit", per_row = per_row)

# A single string from a fixed set (`vector = TRUE`: one or more of them;
# `null`: the outcome of NULL).
choice <- function(vector = FALSE, null = "b2m_error_type") {
  list(role = "choice", vector = vector, null = null)
}

# A logical vector, one value per row.
lgl <- function(missing = "na") list(role = "logical", missing = missing)

# A character vector of labels, one per row (e.g. sex); `unknown` is the
# outcome of a label outside the set.
label <- function(unknown = "b2m_error_value", missing = "na") {
  list(role = "label", unknown = unknown, missing = missing)
}

# A data frame argument whose columns are named by the arguments `columns`;
# `keys`: the columns that identify a row (duplicates give `duplicate`);
# `missing_column`: the outcome of naming a column the data lacks.
frame <- function(columns, keys = character(), missing_column = "b2m_error_value",
                  duplicate = "b2m_error_value") {
  list(role = "frame", columns = columns, keys = keys,
       missing_column = missing_column, duplicate = duplicate)
}

# The spec of one exported function: `valid` a named list of arguments of a
# valid call (vectors of length 3, no NA in the result), `args` the roles of
# the arguments to test, `rows = FALSE` for a function whose result does not
# have a row per input row, `na_at(out, rows)` TRUE where the result is NA
# (defaults to is.na on a vector or factor), `extra` further cases made with
# bad_case().
bad_input_spec <- function(valid, args, rows = TRUE, na_at = NULL,
                           extra = list()) {
  if (is.null(na_at)) na_at <- function(out, i) is.na(out[i])
  list(valid = valid, args = args, rows = rows, na_at = na_at, extra = extra)
}

# `warning`: the class of the one warning the call must give (NULL: none).
bad_case <- function(name, args, expect, na_rows = integer(), warning = NULL) {
  list(name = name, args = args, expect = expect, na_rows = na_rows,
       warning = warning)
}

# Generation ----------------------------------------------------------------------

with_arg <- function(valid, arg, value) {
  valid[arg] <- list(value) # list(): NULL is kept as a value
  valid
}

set_row <- function(x, row, value) {
  x[row] <- value
  x
}

# The largest (smallest) plausible value of `role`'s quantity in the unit of
# the call.
largest_in_unit <- function(role, valid, bound = "max_in_unit") {
  unit <- if (!is.null(role$fixed_unit)) role$fixed_unit else
    if (is.null(role$unit)) b2m:::quantity_table[[role$quantity]]$canonical else
      valid[[role$unit]]
  b2m:::unit_spec(role$quantity, unit, "unit")[[bound]]
}

smallest_in_unit <- function(role, valid) {
  largest_in_unit(role, valid, "min_in_unit")
}

# Vector arguments of the valid call with a row per result row.
row_args <- function(spec) {
  names(Filter(function(r) r$role %in% c("numeric", "logical", "label"),
               spec$args))
}

numeric_cases <- function(arg, role, spec) {
  valid <- spec$valid
  x <- valid[[arg]]
  n <- length(x)
  others <- setdiff(row_args(spec), arg)
  case <- function(name, value, expect, na_rows = integer()) {
    bad_case(paste(arg, name), with_arg(valid, arg, value), expect, na_rows)
  }
  na_all <- if (role$missing == "na") seq_len(n) else integer()
  na_2 <- if (role$missing == "na") 2L else integer()
  miss <- if (role$missing == "na") "na" else "ok"
  cases <- list(
    case("character", as.character(x), "b2m_error_type"),
    case("factor", factor(x), "b2m_error_type"),
    case("list", as.list(x), "b2m_error_type"),
    case("data frame", data.frame(x = x), "b2m_error_type"),
    case("Date", as.Date("2024-01-01") + seq_len(n), "b2m_error_type"),
    case("complex", as.complex(x), "b2m_error_type"),
    case("TRUE/FALSE", rep(c(TRUE, FALSE), length.out = n), "b2m_error_type"),
    case("NULL", NULL, role$null),
    case("all NA", rep(NA_real_, n), miss, na_all),
    # Alone, a bare NA is one row; with other row arguments it is recycled.
    case("bare NA", NA, miss, if (length(others) > 0) na_all else na_all[1]),
    case("NA in row 2", set_row(x, 2, NA_real_), miss, na_2),
    case("NaN in row 2", set_row(x, 2, NaN), miss, na_2),
    case("integer NA in row 2", set_row(as.integer(ceiling(x)), 2, NA_integer_),
         miss, na_2),
    case("negative in row 2", set_row(x, 2, -x[2] - 1), "b2m_error_value"),
    case("Inf in row 2", set_row(x, 2, Inf), "b2m_error_value"),
    case("-Inf in row 2", set_row(x, 2, -Inf), "b2m_error_value"),
    bad_case(paste(arg, "zero in row 2"), with_arg(valid, arg, set_row(x, 2, 0)),
             role$zero, if (role$zero == "na") 2L else integer(),
             role$zero_warning)
  )
  beyond <- if (role$limit) "b2m_error_unit" else "b2m_error_value"
  if (role$max) {
    cases <- c(cases, list(
      case("impossible for the unit in row 2",
           set_row(x, 2, 10 * largest_in_unit(role, valid)), beyond),
      case("just above the largest plausible value in row 2",
           set_row(x, 2, nextafter_up(largest_in_unit(role, valid))),
           beyond),
      bad_case(paste(arg, "the largest plausible value in row 2"),
               with_arg(valid, arg, set_row(x, 2, largest_in_unit(role, valid))),
               role$at_max, if (role$at_max == "na") 2L else integer(),
               role$at_max_warning)
    ))
  }
  if (role$min) {
    low <- smallest_in_unit(role, valid)
    cases <- c(cases, list(
      case("just below the smallest plausible value in row 2",
           set_row(x, 2, low * (1 - 2 * .Machine$double.eps)),
           "b2m_error_value"),
      case("a thousandth of the smallest plausible value in row 2",
           set_row(x, 2, low / 1000), "b2m_error_value"),
      case("the smallest subnormal number in row 2",
           set_row(x, 2, 5e-324), "b2m_error_value"),
      case("the smallest plausible value in row 2", set_row(x, 2, low),
           role$at_min, if (role$at_min == "na") 2L else integer())
    ))
  }
  if (role$limit) {
    unit <- if (is.null(role$unit)) "mg/L" else valid[[role$unit]]
    specimen <- b2m:::quantity_table[[role$quantity]]$specimen
    default <- b2m:::default_uln(specimen, unit)
    cases <- c(cases, list(
      case("20 times the default limit in row 2", set_row(x, 2, default * 20),
           "ok"),
      case("just above 20 times the default limit in row 2",
           set_row(x, 2, nextafter_up(default * 20)), "b2m_error_unit"),
      case("a 20th of the default limit in row 2", set_row(x, 2, default / 20),
           "ok"),
      case("just below a 20th of the default limit in row 2",
           set_row(x, 2, default / 20 * (1 - 2 * .Machine$double.eps)),
           "b2m_error_unit")
    ))
  }
  if (length(others) > 0) {
    cases <- c(cases, list(
      case("length mismatch", x[-1], "b2m_error_length"),
      case("zero-length against the others", x[0], "b2m_error_length"),
      case("length 1 recycled", x[1], "ok")
    ))
  }
  cases
}

nextafter_up <- function(x) x * (1 + 2 * .Machine$double.eps)

unit_cases <- function(arg, spec) {
  valid <- spec$valid
  u <- valid[[arg]]
  case <- function(name, value, expect) {
    bad_case(paste(arg, name), with_arg(valid, arg, value), expect)
  }
  one_unit <- list(
    case("unknown unit", "furlongs/fortnight", "b2m_error_unit"),
    case("empty string", "", "b2m_error_unit"),
    case("NA", NA_character_, "b2m_error_type"),
    case("NULL", NULL, "b2m_error_type"),
    case("number", 1, "b2m_error_type"),
    case("factor", factor(u), "b2m_error_type"),
    case("upper case and spaces", paste0(" ", toupper(u), " "), "ok")
  )
  c(one_unit, if (isTRUE(spec$args[[arg]]$per_row)) {
    # the rows of the vector arguments, or of the data frame
    rows <- if (length(row_args(spec)) > 0) length(valid[[row_args(spec)[1]]]) else
      nrow(valid$data)
    per_row_unit_cases(case, u, rows)
  } else {
    list(case("two units", c(u, u), "b2m_error_type"))
  })
}

# A unit per row (`rows` of them): accepted, and each wrong row found.
per_row_unit_cases <- function(case, u, rows) {
  list(
    case("a unit per row", rep(u, rows), "ok"),
    case("a factor of units per row", factor(rep(u, rows)), "ok"),
    case("too few units", rep(u, rows - 1), "b2m_error_length"),
    case("an unknown unit in a row", c(rep(u, rows - 1), "furlongs"),
         "b2m_error_unit"),
    case("a missing unit in a row", c(rep(u, rows - 1), NA), "b2m_error_unit")
  )
}

choice_cases <- function(arg, role, spec) {
  valid <- spec$valid
  v <- valid[[arg]][1]
  case <- function(name, value, expect) {
    bad_case(paste(arg, name), with_arg(valid, arg, value), expect)
  }
  list(
    case("unknown label", "no-such-choice", "b2m_error_value"),
    case("empty string", "", "b2m_error_value"),
    case("NA", NA_character_, "b2m_error_type"),
    case("number", 1, "b2m_error_type"),
    case("factor", factor(v), "b2m_error_type"),
    case("NULL", NULL, role$null),
    case("repeated", c(v, v), if (role$vector) "ok" else "b2m_error_type"),
    case("a known one among unknown", c(v, "no-such-choice"),
         if (role$vector) "b2m_error_value" else "b2m_error_type")
  )
}

logical_cases <- function(arg, role, spec) {
  valid <- spec$valid
  x <- valid[[arg]]
  n <- length(x)
  others <- setdiff(row_args(spec), arg)
  miss <- if (role$missing == "na") "na" else "ok"
  case <- function(name, value, expect, na_rows = integer()) {
    bad_case(paste(arg, name), with_arg(valid, arg, value), expect, na_rows)
  }
  cases <- list(
    case("0/1 numbers", as.numeric(x), "b2m_error_type"),
    case("character", as.character(x), "b2m_error_type"),
    case("factor", factor(x), "b2m_error_type"),
    case("list", as.list(x), "b2m_error_type"),
    case("NULL", NULL, "b2m_error_type"),
    case("NA in row 2", set_row(x, 2, NA), miss,
         if (miss == "na") 2L else integer()),
    case("all NA", rep(NA, n), miss, if (miss == "na") seq_len(n) else integer())
  )
  if (length(others) > 0) {
    cases <- c(cases, list(case("length mismatch", x[-1], "b2m_error_length")))
  }
  cases
}

label_cases <- function(arg, role, spec) {
  valid <- spec$valid
  x <- valid[[arg]]
  others <- setdiff(row_args(spec), arg)
  miss <- if (role$missing == "na") "na" else "ok"
  case <- function(name, value, expect, na_rows = integer()) {
    bad_case(paste(arg, name), with_arg(valid, arg, value), expect, na_rows)
  }
  levels_and <- function(extra) factor(x, levels = c(unique(x), extra))
  cases <- list(
    case("unknown label in row 2", set_row(x, 2, "no-such-label"), role$unknown),
    # a level no row uses (left by subset()) is no label of the data
    case("factor with an unused unknown level", levels_and("no-such-label"),
         "ok"),
    case("factor with an unknown level in row 2",
         set_row(levels_and("no-such-label"), 2, "no-such-label"),
         role$unknown),
    case("a 1e6-character unknown label in row 2",
         set_row(x, 2, strrep("x", 1e6)), role$unknown),
    case("NA in row 2", set_row(x, 2, NA_character_), miss,
         if (miss == "na") 2L else integer()),
    case("number", seq_along(x), "b2m_error_type"),
    case("list", as.list(x), "b2m_error_type"),
    case("NULL", NULL, "b2m_error_type")
  )
  if (length(others) > 0) {
    cases <- c(cases, list(case("length mismatch", x[-1], "b2m_error_length")))
  }
  cases
}

frame_cases <- function(arg, role, spec) {
  valid <- spec$valid
  data <- valid[[arg]]
  case <- function(name, args, expect) bad_case(paste(arg, name), args, expect)
  cases <- list(
    case("list", with_arg(valid, arg, as.list(data)), "b2m_error_type"),
    case("matrix", with_arg(valid, arg, as.matrix(data)), "b2m_error_type"),
    case("NULL", with_arg(valid, arg, NULL), "b2m_error_type"),
    case("zero rows", with_arg(valid, arg, data[0, , drop = FALSE]), "empty"),
    case("an extra column", with_arg(valid, arg, cbind(data, extra = 1)), "ok")
  )
  for (column in role$columns) {
    cases <- c(cases, list(
      case(paste("column", column, "not in the data"),
           with_arg(valid, column, "no_such_column"), role$missing_column),
      case(paste("column", column, "a number"), with_arg(valid, column, 1),
           "b2m_error_type"),
      case(paste("column", column, "two names"),
           with_arg(valid, column, rep(valid[[column]], 2)), "b2m_error_type")
    ))
  }
  if (length(role$keys) > 0) {
    twice <- data[c(seq_len(nrow(data)), 1L), , drop = FALSE]
    cases <- c(cases, list(
      case("duplicate keys", with_arg(valid, arg, twice), role$duplicate)
    ))
  }
  cases
}

# Every case of one spec, the valid call and the all-zero-length call first.
bad_input_cases <- function(spec) {
  cases <- list(bad_case("the valid call", spec$valid, "ok"))
  rows <- row_args(spec)
  if (spec$rows && length(rows) > 0) {
    empty <- spec$valid
    for (arg in rows) empty[arg] <- list(empty[[arg]][0])
    cases <- c(cases, list(bad_case("every row argument zero-length", empty,
                                    "empty")))
  }
  for (arg in names(spec$args)) {
    role <- spec$args[[arg]]
    cases <- c(cases, switch(role$role,
      numeric = numeric_cases(arg, role, spec),
      unit = unit_cases(arg, spec),
      choice = choice_cases(arg, role, spec),
      logical = logical_cases(arg, role, spec),
      label = label_cases(arg, role, spec),
      frame = frame_cases(arg, role, spec),
      stop("unknown role ", role$role)
    ))
  }
  c(cases, spec$extra)
}

# Running ---------------------------------------------------------------------------

# The rows of a call's result: the length of its row arguments (or the rows
# of its data frame).
result_rows <- function(spec, args) {
  frames <- Filter(function(r) r$role == "frame", spec$args)
  if (length(frames) > 0) return(nrow(args[[names(frames)[1]]]))
  max(lengths(args[row_args(spec)]), 1L)
}

expect_bad_input_case <- function(fun, name, spec, case) {
  label <- sprintf("%s(): %s", name, case$name)
  # Messages (what b2m_annotate() computed) are not outcomes.
  call_fun <- function() suppressMessages(do.call(fun, case$args))
  if (startsWith(case$expect, "b2m_error")) {
    cnd <- expect_error(call_fun(), class = case$expect, info = label)
    expect_readable_message(cnd, label)
    return(invisible())
  }
  if (case$expect == "error") {
    expect_error(call_fun(), info = label)
    return(invisible())
  }
  # Every warning is caught: one the case does not expect is a failure too.
  warnings <- list()
  out <- withCallingHandlers(
    tryCatch(call_fun(), error = identity),
    warning = function(w) {
      warnings[[length(warnings) + 1]] <<- w
      invokeRestart("muffleWarning")
    }
  )
  for (w in warnings) expect_readable_message(w, label)
  got <- vapply(warnings, function(w) class(w)[1], character(1))
  expect_identical(got, as.character(case$warning), info = label)
  expect(!inherits(out, "error"),
         sprintf("%s: unexpected error: %s", label,
                 if (inherits(out, "error")) conditionMessage(out) else ""))
  if (inherits(out, "error")) return(invisible())
  if (case$expect == "empty") {
    expect_identical(NROW(out), 0L, info = label)
    return(invisible())
  }
  if (!spec$rows) return(invisible())
  n <- result_rows(spec, case$args)
  expect_identical(NROW(out), as.integer(n), info = label)
  na <- vapply(seq_len(n), function(i) isTRUE(spec$na_at(out, i)), logical(1))
  expect_identical(which(na), as.integer(case$na_rows), info = label)
}

# A condition's message is one non-empty string (an empty one breaks print()
# and try()) of a length a console can show: labels echoed in it are
# shortened.
expect_readable_message <- function(cnd, label) {
  if (is.null(cnd)) return(invisible())
  message <- cnd$message
  expect(is.character(message) && length(message) == 1 && !is.na(message) &&
           nzchar(message) && nchar(message) < 2000,
         sprintf("%s: the %s has no readable message: %s", label,
                 class(cnd)[1],
                 substr(paste(encodeString(message), collapse = ""), 1, 200)))
}

# The battery -----------------------------------------------------------------------

# One test per function of `specs` (a named list of specs): every case of its
# spec with its documented outcome. test-bad-input.R runs the catalogue; each
# staging system's test file runs its own functions' specs, written next to
# its other tests.
test_bad_input <- function(specs) {
  for (name in names(specs)) {
    test_that(sprintf("%s() refuses bad input with the documented outcome", name), {
      spec <- specs[[name]]
      fun <- getExportedValue("b2m", name)
      cases <- bad_input_cases(spec)
      # `make valgrind` walks a few cases of every function, not all 2000
      limit <- Sys.getenv("B2M_CATALOGUE_CASES")
      if (nzchar(limit)) cases <- utils::head(cases, as.integer(limit))
      for (case in cases) {
        expect_bad_input_case(fun, name, spec, case)
      }
    })
  }
}

# The functions whose specs a test file other than test-bad-input.R gives, in
# a top-level `test_bad_input(list(name = spec, ...))` (read from the source,
# not run). A spec given another way is not found, so it fails the
# catalogue's "every exported function" test rather than passing unseen.
bad_input_specs_elsewhere <- function() {
  files <- list.files(test_path(), "^test-.*[.]R$", full.names = TRUE)
  files <- files[basename(files) != "test-bad-input.R"]
  names <- character()
  for (file in files) {
    for (e in as.list(parse(file, keep.source = FALSE))) {
      if (is.call(e) && identical(e[[1]], as.name("test_bad_input")) &&
          is.call(e[[2]]) && identical(e[[2]][[1]], as.name("list"))) {
        names <- c(names, names(as.list(e[[2]]))[-1])
      }
    }
  }
  names
}

# Parts of the staging systems' specs: three FALSE flags, and their roles.
no_flags <- function(names) {
  stats::setNames(rep(list(c(FALSE, FALSE, FALSE)), length(names)), names)
}

flag_roles <- function(names) {
  stats::setNames(rep(list(lgl()), length(names)), names)
}

# A censored measurement `arg` of a staging function (`valid` its valid
# call): results that decide the stage (`deciding`, "ok"), one that leaves
# row 2 open (`open`), a bound that is no plausible value and a unit in the
# text that is not the argument's.
censored_stage_cases <- function(valid, arg, deciding, open) {
  with_censored <- function(text) with_arg(valid, arg, b2m_parse_result(text))
  list(
    bad_case(paste(arg, "censored, deciding"), with_censored(deciding), "ok"),
    bad_case(paste(arg, "censored, open in row 2"), with_censored(open), "na",
             na_rows = 2L),
    bad_case(paste(arg, "censored below zero in row 2"),
             with_censored(c(deciding[1], "<0", deciding[3])), "b2m_error_value"),
    bad_case(paste(arg, "censored with another unit in its text"),
             with_censored(c(deciding[1], "<3 furlongs", deciding[3])),
             "b2m_error_unit")
  )
}

# A censored measurement of a function with a continuous result: NA in the
# censored rows, with a warning.
censored_continuous_case <- function(valid, arg) {
  text <- as.character(valid[[arg]])
  text[2] <- paste0(">", text[2])
  bad_case(paste(arg, "censored in row 2"),
           with_arg(valid, arg, b2m_parse_result(text)), "na", na_rows = 2L,
           warning = "b2m_warning_censored")
}
