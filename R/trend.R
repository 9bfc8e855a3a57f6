# Per-patient B2M trends over long-format data (one row per measurement).
#
# One ordering by (patient, time) (trend_keys(), linear in the rows), then
# one C pass over that ordering computes everything per patient and writes
# each result at its row's own position. Data too large for the cache (from
# 2^21 rows) is ordered and passed through cache-sized partitions instead,
# with the same results (src/trend.c). The keys are kept on the result, so
# summary() does not compute them again.

trend_results <- c("baseline", "change", "pct_change", "nadir",
                   "pct_from_nadir", "previous", "pct_from_previous",
                   "significant_change", "significant_from_previous",
                   "significant_from_nadir")

# Seconds in each unit of time a slope can be per: a month is 365.25 / 12
# days, a year 365.25 days. A Date counts days, a POSIXct seconds, a difftime
# its own unit, a number the user's `time_unit`.
unit_seconds <- c(secs = 1, mins = 60, hours = 3600, days = 86400,
                  weeks = 7 * 86400, months = 365.25 / 12 * 86400,
                  years = 365.25 * 86400)
time_units <- c("days", "weeks", "months", "years")

#' Per-patient B2M trends: baseline, change, nadir and significant change
#'
#' For long-format data (one row per measurement), compares every B2M value
#' with the patient's baseline, with the previous value and with the lowest
#' value the patient has reached so far, and says whether each change is
#' larger than the noise of two measurements. Once a disease is known, serial
#' B2M measured by the same assay tracks tumour burden: a fall after treatment
#' is consistent with response, and a rise from the lowest value reached (the
#' nadir) is what clinicians watch for.
#'
#' For each patient, in time order:
#' * `baseline`: the patient's earliest non-missing value (the same on every
#'   row of the patient);
#' * `change = value - baseline` and `pct_change = 100 * change / baseline`;
#' * `nadir`: the lowest non-missing value up to and including this time;
#' * `pct_from_nadir = 100 * (value - nadir) / nadir`, the percent rise above
#'   that nadir (0 on the row that sets a new nadir);
#' * `previous`: the patient's last non-missing value before this time (`NA`
#'   up to and including the first value), and
#'   `pct_from_previous = 100 * (value - previous) / previous`;
#' * `significant_change`, `significant_from_previous`: whether the change
#'   from the baseline, from the previous value, lies beyond the reference
#'   change value (RCV) in its direction; `significant_from_nadir`: whether
#'   the rise above the nadir does (`FALSE` on the row setting the nadir).
#'
#' A missing value keeps its row: its `change`, `pct_change`,
#' `pct_from_nadir`, `pct_from_previous` and the three significances are
#' `NA`, its `nadir` and `previous` are those reached so far. Rows may come in
#' any order.
#'
#' @section Significant change (reference change value):
#' A change from `x1` to `x2` is significant when the relative change
#' `d = (x2 - x1) / x1` lies beyond the RCV limits, strictly: `d > up` or
#' `d < down` (a change equal to a limit is not significant; the comparison
#' is made as `x2 > x1 * (1 + up)` or `x2 < x1 * (1 + down)`). With CVs as
#' fractions, the log-normal form (`rcv = "lognormal"`, the default) has
#' `sigma = sqrt(ln(1 + CVA^2 + CVI^2))` and limits
#' `exp(+/- z sqrt(2) sigma) - 1`, asymmetric (a rise needs more than a fall:
#' +20.11 % / -16.75 % at CVA 3 %, CVI 5.9 %, z 1.96); the symmetric form
#' (`rcv = "symmetric"`, Fraser 2012) has `+/- z sqrt(2) sqrt(CVA^2 + CVI^2)`
#' (+/- 18.35 % there). A variant of the log-normal form taking the logs of
#' CVA and CVI separately, `sigma^2 = ln(1 + CVA^2) + ln(1 + CVI^2)`, differs
#' by less than 0.03 percentage points at such CVs. The limits are kept on
#' the result (attribute `"rcv"`: the arguments, `limits` in percent and the
#' `factors` `1 + limits / 100`).
#'
#' There is no built-in within-subject biological variation (CVI) of serum
#' B2M: no published figure has been verified for the package. Supply the
#' laboratory's analytical CV (CVA) and a published CVI: the European
#' Biological Variation Study (EuBIVAS; Carobene et al. 2019) derived the
#' CVI and RCV of serum B2M in 91 healthy adults sampled weekly for 10 weeks
#' (cite the journal's table; the EFLM database has licence terms); the
#' short-term (24-hour) variation of serum and urine B2M was studied in BMC
#' Nephrology 2022, which is not the week-to-week variation a trend needs.
#' Compare only results of the same assay. The default `z = 1.96` is
#' two-sided 95 %; 2.58 is two-sided 99 %, 1.645 one-sided 95 %, 2.33
#' one-sided 99 % (biologicalvariation.com prints 2.35, which is not the
#' normal quantile).
#'
#' @section Time:
#' Slopes ([summary()][summary.b2m_trend]) are per year of 365.25 days
#' whenever the unit of the time is known: a `Date` (days), a `POSIXct` or
#' `POSIXlt` (seconds; a `POSIXlt` is converted to the `POSIXct` of the same
#' instants, which the result holds), a `difftime` (elapsed time in its own
#' unit: seconds, minutes, hours, days or weeks), or a number with
#' `time_unit` (a month is 365.25 / 12 days, a year 365.25 days). A number
#' without `time_unit` gives slopes per unit of that number, with a warning
#' of class `b2m_warning_time_unit` (also a `b2m_warning`).
#'
#' @param data A data frame (a data.frame, tibble or data.table) with one row
#'   per measurement.
#' @param id Name of the patient column: character, factor, numeric or any
#'   other atomic vector. No id may be missing.
#' @param time Name of the time column (`"date"` by default, as in
#'   `b2m_example("followup")`): a `Date`, `POSIXct`, `POSIXlt`, `difftime`
#'   or a number (for example days since diagnosis, with `time_unit`). No
#'   time may be missing, and a patient can have one row per time.
#' @param value Name of the B2M column, in `unit`. Values must be positive
#'   (a percent of a zero baseline is undefined) and possible in the unit.
#' @param unit Unit of the B2M column: `"mg/L"` (= `"ug/mL"`), `"ug/L"`
#'   (= `"ng/mL"`), `"mg/dL"` or `"nmol/L"`; one for the column, or one per
#'   row (a laboratory that changed its unit). With a unit per row, each
#'   value is checked in its own unit and the result (the B2M column,
#'   `baseline`, `change`, `nadir`, `previous`) is in mg/L, so that a
#'   patient's results are compared in one unit.
#' @param cva,cvi Analytical and within-subject biological coefficients of
#'   variation, in percent (3 for 3 %), each above 0 and below 100; both or
#'   neither. Without them the three significance columns are `NA`. A value
#'   below 1 is probably a fraction and gets a warning of class
#'   `b2m_warning_cv`.
#' @param z Standard normal deviate of the RCV, above 0 (1.96: two-sided
#'   95 %).
#' @param rcv Form of the RCV: `"lognormal"` (default) or `"symmetric"`.
#' @param time_unit Unit of a numeric time: `"days"`, `"weeks"`, `"months"`
#'   or `"years"`; `NULL` (only) for any other time class.
#' @return A data frame of class `"b2m_trend"` on the data-frame class of
#'   `data` (`c("b2m_trend", "data.frame")`; a tibble's is also a `tbl_df`, a
#'   data.table's a `data.table`), with one row per row of `data` in the
#'   same order: the `id`, `time` and `value` columns under their own names,
#'   then `baseline`, `change` (in `unit`), `pct_change`, `nadir` (in `unit`),
#'   `pct_from_nadir` (percent), `previous` (in `unit`), `pct_from_previous`
#'   (percent), all double, and the logicals `significant_change`,
#'   `significant_from_previous` and `significant_from_nadir`. The unit is
#'   kept as the attribute `"unit"`, the RCV as `"rcv"` (`NULL` without `cva`
#'   and `cvi`), a numeric time's unit as `"time_unit"`, the patient keys
#'   (codes and time order) as `"b2m_keys"`, which
#'   [summary()][summary.b2m_trend] reuses while the id and time columns are
#'   unchanged (and recomputes otherwise).
#'   [summary()][summary.b2m_trend] gives one row per patient,
#'   [plot()][plot.b2m_trend] draws the trajectories,
#'   [print()][print.b2m_trend] shows a header and the first rows.
#'
#'   Errors: `data` not a data frame (`b2m_error_type`); a column that is not
#'   in `data` (`b2m_error_column`); a missing or infinite id or time, two
#'   rows of a patient at the same time, or a B2M value that is zero,
#'   negative, infinite or impossible in `unit` (`b2m_error_value`, naming
#'   the rows); `cva`, `cvi` or `z` not a single finite number, `rcv` or
#'   `time_unit` not a single string (`b2m_error_type`); only one of `cva`
#'   and `cvi`, a CV outside (0, 100), `z` not above 0, an unknown `rcv` or
#'   `time_unit`, or a `time_unit` with a time whose class has a unit
#'   (`b2m_error_value`). All are also `b2m_error`.
#' @references The use of serial B2M in monitoring (a fall after treatment
#'   indicates effective therapy): Mayo Clinic Laboratories test catalogue,
#'   Beta-2-Microglobulin (B2M), Serum, clinical information; Medscape,
#'   Beta-2-Microglobulin: Reference Range, Interpretation.
#'
#'   Reference change value: Fraser CG. Reference change values. Clin Chem
#'   Lab Med 2012;50(5):807-812, \doi{10.1515/cclm.2011.733}; the log-normal
#'   form: Fokkema MR, et al. Reference change values for brain natriuretic
#'   peptides revisited. Clin Chem 2006;52(8):1602-1603.
#'
#'   Biological variation of B2M (EuBIVAS): Carobene A, Aarsand AK, Guerra
#'   E, et al. Clin Chem 2019;65(8):1031-1041,
#'   \doi{10.1373/clinchem.2019.304618}; short-term variation of serum and
#'   urine B2M: BMC Nephrol 2022, \doi{10.1186/s12882-022-02819-2}.
#' @family monitoring
#' @export
#' @examples
#' fu <- b2m_example("followup")
#' tr <- b2m_trend(fu, time = "date")
#' head(tr)
#' # a patient's values with missing and unsorted rows, days since diagnosis
#' d <- data.frame(id = "A", day = c(90, 0, 30, 60), b2m = c(3.1, NA, 4.0, 2.2))
#' b2m_trend(d, time = "day", time_unit = "days")
#' # significance with the laboratory's CVA and a published CVI (the numbers
#' # here are an illustration, not B2M's verified variation)
#' tr <- b2m_trend(fu, time = "date", cva = 3, cvi = 5.9)
#' table(tr$significant_from_nadir)
#' table(summary(tr)$trend)
b2m_trend <- function(data, id = "id", time = "date", value = "b2m",
                      unit = "mg/L", cva = NULL, cvi = NULL, z = 1.96,
                      rcv = c("lognormal", "symmetric"), time_unit = NULL) {
  call <- sys.call()
  columns <- trend_columns(data, id, time, value, call)
  form <- if (missing(rcv)) rcv_forms[1] else
    check_choice(rcv, rcv_forms, "rcv", call)
  rcv <- trend_rcv(cva, cvi, z, form, call)
  times <- trend_time_column(data[[time]])
  keys <- trend_keys(data[[id]], times, columns, call)
  time_unit <- check_time_unit(times, time_unit, columns$time, call)
  input <- numeric_input(data[[value]], value, "b2m", unit, "unit", call,
                         per_row = TRUE)
  out <- .Call(C_r_b2m_trend, keys$order, keys$group, keys$time, keys$ends,
               input, rcv_factors(rcv), NA)
  out <- stop_trend_problems(out, input, columns, call)
  trend <- structure(
    c(list(data[[id]], times, input$value), out),
    names = c(id, time, value, trend_results),
    row.names = .set_row_names(length(input$value)),
    class = c("b2m_trend", "data.frame"),
    unit = input$unit,
    columns = unlist(columns),
    time_unit = time_unit,
    rcv = rcv,
    b2m_keys = trend_cache(keys, data[[id]], times)
  )
  if (is_plain_number(times) && is.null(time_unit)) {
    warn_time_unit(columns$time, call)
  }
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

# The time column as the trend keeps it: a POSIXlt becomes the POSIXct of the
# same instants (a list of fields is no column to compute on), anything else
# stays as it is.
trend_time_column <- function(time) {
  if (inherits(time, "POSIXlt")) return(as.POSIXct(time))
  time
}

is_plain_number <- function(x) {
  (is.double(x) || is.integer(x)) && !is.object(x)
}

# Time as a number: days for a Date, seconds for a POSIXct, its own unit for
# a difftime, the user's unit for a number.
trend_time <- function(time, column, call) {
  time <- trend_time_column(time)
  if (inherits(time, c("Date", "POSIXct", "difftime")) || is_plain_number(time)) {
    return(as.numeric(time))
  }
  b2m_abort(
    sprintf(paste0("Column \"%s\" (`time`) must be a Date, POSIXct, POSIXlt, ",
                   "difftime or numeric vector, not %s.%s"), column,
            describe_type(time),
            if (is.character(time)) " Convert it, e.g. with as.Date()." else ""),
    "b2m_error_type", call, arg = "time"
  )
}

# `time_unit`, checked against the time column: one of time_units or NULL
# for a number (slopes then per unit of that number), NULL for a time whose
# class carries its unit.
check_time_unit <- function(time, time_unit, column, call) {
  if (!is_plain_number(time)) {
    if (!is.null(time_unit)) {
      b2m_abort(
        sprintf(paste0("`time_unit` is for a numeric time; column \"%s\" ",
                       "(`time`) is %s, whose unit is known: leave ",
                       "`time_unit` NULL."), column, describe_type(time)),
        "b2m_error_value", call, arg = "time_unit"
      )
    }
    return(NULL)
  }
  if (is.null(time_unit)) return(NULL)
  check_choice(time_unit, time_units, "time_unit", call)
}

# Given once the trend is made, so that an error is never preceded by it.
warn_time_unit <- function(column, call) {
  b2m_warn(
    sprintf(paste0("Column \"%s\" (`time`) is a number without a unit: ",
                   "slopes are per unit of it, and summary()'s default ",
                   "thresholds (per year) do not fit them. Set `time_unit` ",
                   "(%s)."), column, quote_labels(time_units)),
    "b2m_warning_time_unit", call, arg = "time_unit", column = column
  )
}

# Whether no element is missing or infinite: min() and max() are NA with any
# missing one and infinite with any infinite one, without the row-length
# logical vector of is.finite(x) or the copy of x range() makes.
all_finite <- function(x) {
  length(x) == 0L || (is.finite(min(x)) && is.finite(max(x)))
}

# Patient codes, numeric times and their ordering by (patient, time), as
# order(group, time) has it, computed in C in linear time (a counting sort by
# patient, then each patient's few times). A factor's codes keep its levels'
# order; any other id is coded by first appearance (no sorting of the ids, so
# no dependence on the locale). The times are kept in that order, with each
# patient's end, so that C reads a patient's times side by side. `path`: NA
# lets C choose the direct or the partitioned ordering by size; the tests set
# TRUE or FALSE to run both on the same data.
trend_keys <- function(id, time, columns, call, path = NA) {
  if (!is.atomic(id) || is.null(id)) {
    b2m_abort(
      sprintf("Column \"%s\" (`id`) must be an atomic vector, not %s.",
              columns$id, describe_type(id)),
      "b2m_error_type", call, arg = "id"
    )
  }
  t <- trend_time(time, columns$time, call)
  if (anyNA(id) || !all_finite(t)) {
    rows <- which(is.na(id) | !is.finite(t))
    b2m_abort(
      sprintf(paste0("Each row needs a patient and a time: \"%s\" (`id`) or ",
                     "\"%s\" (`time`) is missing or infinite in %s."),
              columns$id, columns$time, format_rows(reported_rows(rows),
                                                    length(rows))),
      "b2m_error_value", call, arg = c("id", "time"),
      rows = reported_rows(rows), count = length(rows)
    )
  }
  codes <- trend_codes(id)
  ordered <- .Call(C_r_b2m_trend_order, codes$group, t, codes$n_groups, path)
  if (is.null(ordered)) {
    b2m_abort(
      sprintf(paste0("Column \"%s\" (`id`) is a malformed factor: some of its ",
                     "codes are not codes of its %s levels."),
              columns$id, nlevels(id)),
      "b2m_error_type", call, arg = "id"
    )
  }
  list(order = ordered$order, group = codes$group, time = ordered$time,
       ends = ordered$ends, n_groups = codes$n_groups)
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

# The unit of a time column's numbers (a name of unit_seconds), NULL for a
# number without `time_unit`.
time_unit_of <- function(time, time_unit) {
  if (inherits(time, "Date")) return("days")
  if (inherits(time, "POSIXct")) return("secs")
  if (inherits(time, "difftime")) return(units(time))
  time_unit
}

# Time units per year: slopes are per year of 365.25 days whenever the unit
# of the time is known; a number without `time_unit` keeps its own unit.
per_year <- function(unit) {
  if (is.null(unit)) return(1)
  unit_seconds[["years"]] / unit_seconds[[unit]]
}

# Numbers back in the class of the time column they came from.
as_time_of <- function(x, time) {
  if (inherits(time, "Date")) return(structure(x, class = "Date"))
  if (inherits(time, "POSIXct")) {
    return(structure(x, class = c("POSIXct", "POSIXt"),
                     tzone = attr(time, "tzone")))
  }
  if (inherits(time, "difftime")) {
    return(structure(x, units = units(time), class = "difftime"))
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
#' between two values. It is per year (of 365.25 days) when the unit of the
#' time is known (a `Date`, `POSIXct`, `difftime`, or a number given a
#' `time_unit` in [b2m_trend()]), and per unit of time for a number without
#' one. A slope `s` per year means a change of `100 * (exp(s) - 1)` percent
#' per year.
#'
#' The trend class is decided by `by`. By the reference change value (`by =
#' "rcv"`, the default for a trend made with `cva` and `cvi`): `"falling"`
#' when the last value lies below the baseline beyond the RCV, `"rising"`
#' when above it beyond the RCV, `"stable"` otherwise (equality with a limit
#' is stable): the last row's `significant_change` with its direction. This
#' is the comparison of two measurements, with the noise of two
#' measurements; it ignores the values between them.
#'
#' By the slope (`by = "slope"`, the default otherwise), the class compares
#' the slope with two thresholds: `"falling"` when
#' `slope < falling`, `"rising"` when `slope > rising`, `"stable"` in between
#' (both thresholds included). The defaults, -0.2 and 0.2 per year (about 18
#' percent down, 22 percent up per year), are a convention of this package,
#' not a published cut-off: no guideline defines a B2M trend class, so set
#' them for your question (for a number without `time_unit`, in its unit,
#' e.g. `0.2 / 365.25` per day). A fall after treatment is consistent with
#' response; to look for relapse, use `pct_from_nadir`, the rise of the last
#' value above the lowest value reached, which the slope over the whole
#' follow-up can hide.
#'
#' @param object A [b2m_trend()] result, or rows of one.
#' @param falling,rising Thresholds of the trend class on the log slope (per
#'   year, or per time unit for a number without `time_unit`);
#'   `falling <= rising`. Used when the class is by the slope.
#' @param by How the trend class is decided: `"rcv"` (the last value against
#'   the baseline by the reference change value; needs a trend made with
#'   `cva` and `cvi`) or `"slope"`; `NULL` (default): `"rcv"` when the trend
#'   has an RCV, else `"slope"`.
#' @param ... Not used.
#' @return A data frame of class `c("summary.b2m_trend", "data.frame")`, one
#'   row per patient (in the order of the factor levels for a factor id, of
#'   first appearance otherwise) with the id column, `n` (non-missing values,
#'   integer), `first_time` and `last_time` (of the first and last non-missing
#'   value, in the time column's class), `baseline`, `last_value`, `nadir`
#'   (all in the trend's unit), `pct_change` (last value against baseline,
#'   percent), `pct_from_nadir` (last value above the nadir, percent),
#'   `slope` (per year or per time unit, see attribute `"slope_per"`; `NA`
#'   with fewer than two values) and `trend`, an ordered factor with levels
#'   `"falling" < "stable" < "rising"` (`NA` with fewer than two values).
#'   The thresholds, `by` (attribute `"trend_by"`) and, when by the RCV, the
#'   trend's `"rcv"` are kept as attributes.
#'
#'   Errors: a threshold not a single finite number, `by` not a single string
#'   (`b2m_error_type`); `falling > rising`, an unknown `by`, or `by = "rcv"`
#'   for a trend without an RCV (`b2m_error_value`).
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
#' # classes by the reference change value (illustrative CVs, in percent)
#' tr_rcv <- b2m_trend(b2m_example("followup"), time = "date", cva = 3,
#'                     cvi = 5.9)
#' table(summary(tr_rcv)$trend)
#' table(summary(tr_rcv, by = "slope")$trend)
summary.b2m_trend <- function(object, falling = -0.2, rising = 0.2, by = NULL,
                              ...) {
  call <- sys.call()
  check_number(falling, "falling", call)
  check_number(rising, "rising", call)
  if (falling > rising) {
    b2m_abort(sprintf("`falling` (%s) must not be above `rising` (%s).",
                      format(falling), format(rising)),
              "b2m_error_value", call, arg = c("falling", "rising"))
  }
  parts <- trend_parts(object, call)
  rcv <- attr(object, "rcv", exact = TRUE)
  by <- summary_by(by, rcv, call)
  id <- object[[parts$id]]
  time <- object[[parts$time]]
  keys <- trend_object_keys(object, parts, call)
  input <- numeric_input(object[[parts$value]], parts$value, "b2m",
                         parts$unit, "unit", call)
  g <- .Call(C_r_b2m_trend_summary, keys$order, keys$group, keys$time,
             keys$ends, input, rcv_factors(rcv))
  g <- stop_trend_problems(g, input, parts, call)
  keep <- g$first_row >= 0L
  time_unit <- time_unit_of(time, attr(object, "time_unit", exact = TRUE))
  slope <- g$slope[keep] * per_year(time_unit)
  trend <- if (by == "rcv") 2L + g$rcv_direction[keep] else
    2L + (slope > rising) - (slope < falling)
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
    unit = parts$unit, slope_per = if (is.null(time_unit)) "time unit" else "year",
    falling = falling, rising = rising, trend_by = by,
    rcv = if (by == "rcv") rcv
  )
}

# How summary() classes the courses: by the RCV when the trend has one, else
# by the slope; `by` chooses, and "rcv" needs a trend made with cva and cvi.
summary_by <- function(by, rcv, call) {
  if (is.null(by)) return(if (is.null(rcv)) "slope" else "rcv")
  by <- check_choice(by, c("rcv", "slope"), "by", call)
  if (by == "rcv" && is.null(rcv)) {
    b2m_abort(
      paste0("`by = \"rcv\"` needs a trend made with `cva` and `cvi`: ",
             "call b2m_trend() with the laboratory's CVA and a published CVI."),
      "b2m_error_value", call, arg = "by"
    )
  }
  by
}
