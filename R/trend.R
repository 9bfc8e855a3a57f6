# Per-patient B2M trends over long-format data (one row per measurement).
#
# One ordering by (patient, time) (trend_keys(), linear in the rows), then
# one C pass over that ordering computes everything per patient and writes
# each result at its row's own position, so nothing is reordered back. The
# keys are kept on the result, so summary() does not compute them again.

trend_results <- c("baseline", "change", "pct_change", "nadir",
                   "pct_from_nadir")

#' Per-patient B2M trends: baseline, change, nadir and rise from nadir
#'
#' For long-format data (one row per measurement), compares every B2M value
#' with the patient's baseline and with the lowest value the patient has
#' reached so far. Once a disease is known, serial B2M measured by the same
#' assay tracks tumour burden: a fall after treatment is consistent with
#' response, and a rise from the lowest value reached (the nadir) is what
#' clinicians watch for.
#'
#' For each patient, in time order:
#' * `baseline`: the patient's earliest non-missing value (the same on every
#'   row of the patient);
#' * `change = value - baseline` and `pct_change = 100 * change / baseline`;
#' * `nadir`: the lowest non-missing value up to and including this time;
#' * `pct_from_nadir = 100 * (value - nadir) / nadir`, the percent rise above
#'   that nadir (0 on the row that sets a new nadir).
#'
#' A missing value keeps its row: its `change`, `pct_change` and
#' `pct_from_nadir` are `NA`, its `nadir` is the lowest value so far (`NA`
#' before the first value). Rows may come in any order.
#'
#' @param data A data frame (a data.frame, tibble or data.table) with one row
#'   per measurement.
#' @param id Name of the patient column: character, factor, numeric or any
#'   other atomic vector. No id may be missing.
#' @param time Name of the time column (`"date"` by default, as in
#'   `b2m_example("followup")`): a `Date`, a `POSIXct` or a number
#'   (for example days since diagnosis). No time may be missing, and a
#'   patient can have one row per time.
#' @param value Name of the B2M column, in `unit`. Values must be positive
#'   (a percent of a zero baseline is undefined) and possible in the unit.
#' @param unit Unit of the B2M column: `"mg/L"` (= `"ug/mL"`), `"ug/L"`
#'   (= `"ng/mL"`), `"mg/dL"` or `"nmol/L"`.
#' @return A data frame of class `"b2m_trend"` on the data-frame class of
#'   `data` (`c("b2m_trend", "data.frame")`; a tibble's is also a `tbl_df`, a
#'   data.table's a `data.table`), with one row per row of `data` in the
#'   same order: the `id`, `time` and `value` columns under their own names,
#'   then `baseline`, `change` (in `unit`), `pct_change`, `nadir` (in `unit`)
#'   and `pct_from_nadir` (percent), all double. The unit is kept as the
#'   attribute `"unit"`, the patient keys (codes and time order) as
#'   `"b2m_keys"`, which [summary()][summary.b2m_trend] reuses while the id
#'   and time columns are unchanged (and recomputes otherwise).
#'   [summary()][summary.b2m_trend] gives one row per patient,
#'   [plot()][plot.b2m_trend] draws the trajectories,
#'   [print()][print.b2m_trend] shows a header and the first rows.
#'
#'   Errors: `data` not a data frame (`b2m_error_type`); a column that is not
#'   in `data` (`b2m_error_column`); a missing or infinite id or time, two
#'   rows of a patient at the same time, or a B2M value that is zero,
#'   negative, infinite or impossible in `unit` (`b2m_error_value`, naming
#'   the rows). All are also `b2m_error`.
#' @references The use of serial B2M in monitoring (a fall after treatment
#'   indicates effective therapy): Mayo Clinic Laboratories test catalogue,
#'   Beta-2-Microglobulin (B2M), Serum, clinical information; Medscape,
#'   Beta-2-Microglobulin: Reference Range, Interpretation.
#' @family monitoring
#' @export
#' @examples
#' fu <- b2m_example("followup")
#' tr <- b2m_trend(fu, time = "date")
#' head(tr)
#' # a patient's values with missing and unsorted rows
#' d <- data.frame(id = "A", day = c(90, 0, 30, 60), b2m = c(3.1, NA, 4.0, 2.2))
#' b2m_trend(d, time = "day")
b2m_trend <- function(data, id = "id", time = "date", value = "b2m",
                      unit = "mg/L") {
  call <- sys.call()
  columns <- trend_columns(data, id, time, value, call)
  keys <- trend_keys(data[[id]], data[[time]], columns, call)
  input <- numeric_input(data[[value]], value, "b2m", unit, "unit", call)
  out <- .Call(C_r_b2m_trend, keys$order, keys$group, keys$time, input$value,
               input$max_in_unit)
  out <- stop_trend_problems(out, input, columns, call)
  trend <- structure(
    c(list(data[[id]], data[[time]], input$value), out),
    names = c(id, time, value, trend_results),
    row.names = .set_row_names(length(input$value)),
    class = c("b2m_trend", "data.frame"),
    unit = input$unit,
    columns = unlist(columns),
    b2m_keys = trend_cache(keys, data[[id]], data[[time]])
  )
  trend_in_class_of(trend, data)
}

# The three column names, checked: present in `data`, distinct, and not the
# names of the columns b2m_trend() adds.
trend_columns <- function(data, id, time, value, call) {
  columns <- list(id = id, time = time, value = value)
  check_columns(data, columns, call = call)
  taken <- c(id, time, value, trend_results)
  if (anyDuplicated(taken)) {
    b2m_abort(
      sprintf(paste0("`id`, `time` and `value` must name three different ",
                     "columns, none of them called %s."),
              paste0("\"", trend_results, "\"", collapse = ", ")),
      "b2m_error_column", call, arg = c("id", "time", "value")
    )
  }
  columns
}

# Time as a number: days for a Date, seconds for a POSIXct.
trend_time <- function(time, column, call) {
  if (inherits(time, c("Date", "POSIXct")) ||
      ((is.double(time) || is.integer(time)) && !is.object(time))) {
    return(as.numeric(time))
  }
  b2m_abort(
    sprintf(paste0("Column \"%s\" (`time`) must be a Date, POSIXct or numeric ",
                   "vector, not %s.%s"), column, describe_type(time),
            if (is.character(time)) " Convert it, e.g. with as.Date()." else ""),
    "b2m_error_type", call, arg = "time"
  )
}

# Patient codes, numeric times and their ordering by (patient, time), as
# order(group, time) has it, computed in C in linear time (a counting sort by
# patient, then each patient's few times). A factor's codes keep its levels'
# order; any other id is coded by first appearance (no sorting of the ids, so
# no dependence on the locale).
trend_keys <- function(id, time, columns, call) {
  if (!is.atomic(id) || is.null(id)) {
    b2m_abort(
      sprintf("Column \"%s\" (`id`) must be an atomic vector, not %s.",
              columns$id, describe_type(id)),
      "b2m_error_type", call, arg = "id"
    )
  }
  t <- trend_time(time, columns$time, call)
  if (anyNA(id) || !all(is.finite(t))) {
    rows <- which(is.na(id) | !is.finite(t))
    b2m_abort(
      sprintf(paste0("Each row needs a patient and a time: \"%s\" (`id`) or ",
                     "\"%s\" (`time`) is missing or infinite in %s."),
              columns$id, columns$time, format_rows(utils::head(rows, 5),
                                                    length(rows))),
      "b2m_error_value", call, arg = c("id", "time"),
      rows = utils::head(rows, 5), count = length(rows)
    )
  }
  codes <- trend_codes(id)
  order <- .Call(C_r_b2m_trend_order, codes$group, t, codes$n_groups)
  if (is.null(order)) {
    b2m_abort(
      sprintf(paste0("Column \"%s\" (`id`) is a malformed factor: some of its ",
                     "codes are not codes of its %s levels."),
              columns$id, nlevels(id)),
      "b2m_error_type", call, arg = "id"
    )
  }
  list(order = order, group = codes$group, time = t,
       n_groups = codes$n_groups)
}

# Patient codes: list(group, n_groups), group in 1..n_groups. A factor's
# codes are the factor itself (C reads its integers; no copy). Ids without a
# class are coded in C, each id hashed once; C declines (NULL) strings whose
# equality depends on their encoding, which match() handles, as it does ids
# with a class (Date, POSIXct, ...), compared as match() compares them.
trend_codes <- function(id) {
  if (is.factor(id)) return(list(group = id, n_groups = as.double(nlevels(id))))
  codes <- if (!is.object(id)) .Call(C_r_b2m_trend_codes, id)
  if (is.null(codes)) {
    patients <- unique(id)
    codes <- list(group = match(id, patients),
                  n_groups = as.double(length(patients)))
  }
  codes
}

# The keys as b2m_trend() stores them for summary(): with the id and time
# columns they were computed from, so that they are used only while those
# columns are the same (same vectors, or identical ones).
trend_cache <- function(keys, id, time) {
  list(id = id, time = time, keys = keys)
}

# The stored keys when the object's id and time columns are still those they
# were computed from (a row subset, a sort, an edited id or time makes them
# differ), else keys computed afresh. identical() is immediate for the same
# vector and at worst one comparison pass, far cheaper than hashing.
trend_object_keys <- function(object, parts, call) {
  id <- object[[parts$id]]
  time <- object[[parts$time]]
  cache <- attr(object, "b2m_keys", exact = TRUE)
  if (is.list(cache) && identical(cache$id, id) &&
      identical(cache$time, time)) {
    return(cache$keys)
  }
  trend_keys(id, time, parts, call)
}

# Duplicated (id, time) rows (argument 2 of C's report) or bad values.
stop_trend_problems <- function(out, input, columns, call) {
  if (inherits(out, "b2m_bad_values") && out$arg[1] == 2L) {
    rows <- sort(out$row)
    count <- out$count[2]
    b2m_abort(
      sprintf(paste0("Each patient can have one value per time: %s share ",
                     "their \"%s\" (`id`) and \"%s\" (`time`) with another ",
                     "row."),
              format_rows(rows, count), columns$id, columns$time),
      "b2m_error_value", call, arg = c("id", "time"), rows = rows,
      count = count
    )
  }
  stop_bad_values(out, list(input), call)
}

# The columns and unit b2m_trend() recorded, checked against the object.
trend_parts <- function(x, call) {
  columns <- attr(x, "columns")
  unit <- attr(x, "unit")
  if (is.null(columns) || is.null(unit)) {
    b2m_abort(
      paste0("This b2m_trend has lost the attributes b2m_trend() set ",
             "(\"columns\", \"unit\"); call b2m_trend() on the data again."),
      "b2m_error_type", call, arg = "object"
    )
  }
  check_columns(x, as.list(columns), arg = "object", call = call)
  list(id = columns[["id"]], time = columns[["time"]],
       value = columns[["value"]], unit = unit)
}

# Time units per year: the slope of a Date (days) or POSIXct (seconds) is
# reported per year of 365.25 days; a numeric time keeps its own unit.
per_year <- function(time) {
  if (inherits(time, "Date")) return(365.25)
  if (inherits(time, "POSIXct")) return(365.25 * 86400)
  1
}

# Numbers back in the class of the time column they came from.
as_time_of <- function(x, time) {
  if (inherits(time, "Date")) return(structure(x, class = "Date"))
  if (inherits(time, "POSIXct")) {
    return(structure(x, class = c("POSIXct", "POSIXt"),
                     tzone = attr(time, "tzone")))
  }
  if (is.integer(time)) return(as.integer(x))
  x
}

#' Summarise B2M trends per patient
#'
#' One row per patient: the number of values, the first and last of them,
#' the baseline, the nadir, the change from baseline, the rise from the
#' nadir, and a log-linear slope with a trend class.
#'
#' The slope is the least-squares slope of `log(value)` on time over the
#' patient's non-missing values: B2M changes multiplicatively (a tumour
#' burden halving halves the value whatever its level), so a slope on the log
#' scale is comparable between patients with high and low values, and every
#' value counts, so one noisy result moves it less than it moves the change
#' between two values. It is per year (of 365.25 days) when the time column
#' is a `Date` or `POSIXct`, and per unit of time when it is numeric. A slope
#' `s` means a change of `100 * (exp(s) - 1)` percent per year.
#'
#' The trend class compares the slope with two thresholds: `"falling"` when
#' `slope < falling`, `"rising"` when `slope > rising`, `"stable"` in between
#' (both thresholds included). The defaults, -0.2 and 0.2 per year (about 18
#' percent down, 22 percent up per year), are a convention of this package,
#' not a published cut-off: no guideline defines a B2M trend class, so set
#' them for your question (for numeric times, in that time's unit, e.g.
#' `0.2 / 365.25` per day). A fall after treatment is consistent with
#' response; to look for relapse, use `pct_from_nadir`, the rise of the last
#' value above the lowest value reached, which the slope over the whole
#' follow-up can hide.
#'
#' @param object A [b2m_trend()] result, or rows of one.
#' @param falling,rising Thresholds of the trend class on the log slope (per
#'   year for dates, per time unit for numeric times); `falling <= rising`.
#' @param ... Not used.
#' @return A data frame of class `c("summary.b2m_trend", "data.frame")`, one
#'   row per patient (in the order of the factor levels for a factor id, of
#'   first appearance otherwise) with the id column, `n` (non-missing values,
#'   integer), `first_time` and `last_time` (of the first and last non-missing
#'   value, in the time column's class), `baseline`, `last_value`, `nadir`
#'   (all in the trend's unit), `pct_change` (last value against baseline,
#'   percent), `pct_from_nadir` (last value above the nadir, percent),
#'   `slope` (`NA` with fewer than two values) and `trend`, an ordered factor
#'   with levels `"falling" < "stable" < "rising"` (`NA` when the slope is).
#'   The thresholds are kept as attributes.
#' @references Mayo Clinic Laboratories test catalogue, Beta-2-Microglobulin
#'   (B2M), Serum: serial values in monitoring.
#' @family monitoring
#' @export
#' @examples
#' tr <- b2m_trend(b2m_example("followup"), time = "date")
#' s <- summary(tr)
#' head(s)
#' table(s$trend)
#' # stricter: a change of 10 percent per year or more
#' table(summary(tr, falling = log(0.9), rising = log(1.1))$trend)
#' # patients whose last value is 25 percent or more above their nadir
#' s[s$pct_from_nadir >= 25 & !is.na(s$pct_from_nadir), ]
summary.b2m_trend <- function(object, falling = -0.2, rising = 0.2, ...) {
  call <- sys.call()
  check_number(falling, "falling", call)
  check_number(rising, "rising", call)
  if (falling > rising) {
    b2m_abort(sprintf("`falling` (%s) must not be above `rising` (%s).",
                      format(falling), format(rising)),
              "b2m_error_value", call, arg = c("falling", "rising"))
  }
  parts <- trend_parts(object, call)
  id <- object[[parts$id]]
  time <- object[[parts$time]]
  keys <- trend_object_keys(object, parts, call)
  input <- numeric_input(object[[parts$value]], parts$value, "b2m",
                         parts$unit, "unit", call)
  g <- .Call(C_r_b2m_trend_summary, keys$order, keys$group, keys$time,
             input$value, input$max_in_unit, as.double(keys$n_groups))
  g <- stop_trend_problems(g, input, parts, call)
  keep <- g$first_row >= 0L
  slope <- g$slope[keep] * per_year(time)
  trend <- 2L + (slope > rising) - (slope < falling)
  out <- list(
    id[g$first_row[keep] + 1L], g$n[keep],
    as_time_of(g$first_time[keep], time), as_time_of(g$last_time[keep], time),
    g$baseline[keep], g$last[keep], g$nadir[keep], g$pct_change[keep],
    g$pct_from_nadir[keep], slope,
    structure(trend, levels = c("falling", "stable", "rising"),
              class = c("ordered", "factor"))
  )
  structure(
    out,
    names = c(parts$id, "n", "first_time", "last_time", "baseline",
              "last_value", "nadir", "pct_change", "pct_from_nadir", "slope",
              "trend"),
    row.names = .set_row_names(sum(keep)),
    class = c("summary.b2m_trend", "data.frame"),
    unit = parts$unit, slope_per = if (per_year(time) == 1) "time unit" else
      "year",
    falling = falling, rising = rising
  )
}
