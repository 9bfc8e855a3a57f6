# Figures: B2M trajectories (plot() of a b2m_trend), a waterfall of the
# change from baseline (plot() of its summary) and serum B2M against eGFR
# (plot() of b2m_by_egfr()). Each figure's data and legend are prepared once
# (*_figure()), then drawn by base graphics (the plot() methods here) or by
# ggplot2 (the autoplot() methods of R/autoplot.R).

# Up to this many patients get distinct colours and a legend entry each;
# more are drawn in one translucent grey (a legend of dozens of ids helps no
# one; pick patients with `ids`).
legend_max <- 10L
many_colour <- "#5A6A7A66"
band_fill <- "#2E8B5733"
trend_colours <- c(falling = "#2166AC", stable = "#969696", rising = "#B2182B")
no_trend_colour <- "#D9D9D9"
# b2m_interpret()'s mechanisms (mechanism_levels), in order.
mechanism_colours <- c("grey60", "#1B9E77", "#D95F02", "#7570B3", "#E7298A",
                       "black")
not_interpreted_colour <- "#4D4D4D"
# A waterfall names its bars up to this many patients.
waterfall_names_max <- 30L

check_flag <- function(x, arg, call) {
  check_logical(x, arg, call)
  if (length(x) == 1 && !is.na(x)) return(invisible(x))
  b2m_abort(sprintf("`%s` must be TRUE or FALSE.", arg), "b2m_error_type",
            call, arg = arg)
}

patient_colours <- function(n) {
  if (n <= legend_max) {
    unname(grDevices::palette.colors(n, "Tableau 10"))
  } else {
    rep(many_colour, n)
  }
}

# The serum reference interval of b2m_reference() in `unit`, with its label.
serum_band <- function(unit) {
  reference <- b2m_reference("serum")
  limits <- b2m_convert(c(reference$lower, reference$upper), reference$unit,
                        unit)
  shown <- sub("\\.$", "", formatC(limits, digits = 3, format = "fg",
                                   flag = "#"))
  list(limits = limits, label = sprintf("reference %s-%s %s",
                                        shown[1], shown[2], unit))
}

# A legend: one entry per row, drawn as a line and point, a line, or a
# filled box (the band).
legend_key <- function(label, col, lty = 1, pch = NA, fill = NA) {
  n <- length(label)
  data.frame(label = label, col = rep_len(col, n), lty = rep_len(lty, n),
             pch = rep_len(pch, n), fill = rep_len(fill, n),
             stringsAsFactors = FALSE)
}

band_key <- function(band) {
  if (is.null(band)) return(NULL)
  legend_key(band$label, NA, lty = 0, fill = band_fill)
}

# Base graphics ----------------------------------------------------------------

# Runs `draw()` with the right margin widened to hold `key`, then draws the
# legend in that margin beside the data region, so it covers nothing. The
# margin is restored on exit (an addition to the figure afterwards would be
# misplaced: draw with `legend = FALSE` to add to it).
with_key <- function(draw, key, cex = 0.8) {
  if (is.null(key) || nrow(key) == 0) return(draw())
  width <- max(graphics::strwidth(key$label, units = "inches", cex = cex))
  old <- graphics::par(mai = graphics::par("mai") + c(0, 0, 0, width + 0.6))
  on.exit(graphics::par(old))
  draw()
  gap <- graphics::grconvertX(1, "npc", "inches") + 0.08
  graphics::legend(
    graphics::grconvertX(gap, "inches", "user"),
    graphics::grconvertY(1, "npc", "user"),
    legend = key$label, col = key$col, lty = key$lty, pch = key$pch,
    fill = key$fill, border = NA, bty = "n", cex = cex, xpd = NA,
    xjust = 0, yjust = 1
  )
}

draw_band <- function(band) {
  if (is.null(band)) return(invisible())
  usr <- graphics::par("usr")[1:2]
  if (graphics::par("xlog")) usr <- 10^usr
  graphics::rect(usr[1], band$limits[1], usr[2], band$limits[2],
                 col = band_fill, border = NA)
}

# A date axis labelled by pretty() (months or years, never only one or two
# labels over years); a numeric one as usual.
time_axis <- function(time) {
  if (!inherits(time, c("Date", "POSIXct"))) return(graphics::axis(1))
  usr <- graphics::par("usr")[1:2]
  at <- pretty(as_time_of(usr, time), n = 6)
  inside <- as.numeric(at) >= usr[1] & as.numeric(at) <= usr[2]
  graphics::axis(1, at = at[inside], labels = attr(at, "labels")[inside])
}

# Trajectories -----------------------------------------------------------------

# The rows drawn (non-missing values of the patients asked for), grouped by
# patient in order of appearance and in time order, each with its colour;
# the key names up to legend_max patients, else their number.
trend_figure <- function(x, ids, col, band, call) {
  parts <- trend_parts(x, call)
  id <- x[[parts$id]]
  time <- x[[parts$time]]
  value <- x[[parts$value]]
  drawn <- which(!is.na(value) & (if (is.null(ids)) TRUE else id %in% ids))
  if (length(drawn) == 0) {
    b2m_abort("No B2M value to draw for these patients.", "b2m_error_value",
              call, arg = "ids")
  }
  patients <- unique(id[drawn])
  group <- match(id[drawn], patients)
  rows <- drawn[order(group, as.numeric(time[drawn]))]
  colours <- if (is.null(col)) patient_colours(length(patients)) else
    rep_len(col, length(patients))
  data <- data.frame(id = id[rows], time = time[rows], value = value[rows],
                     colour = colours[match(id[rows], patients)],
                     stringsAsFactors = FALSE)
  names(data)[1:3] <- c(parts$id, parts$time, parts$value)
  key <- if (length(patients) <= legend_max) {
    legend_key(as.character(patients), colours, pch = 20)
  } else {
    legend_key(count_of(length(patients), "patient"), colours[1])
  }
  band <- if (band) serum_band(parts$unit)
  list(data = data, parts = parts, patients = patients, colours = colours,
       key = rbind(key, band_key(band)), band = band)
}

#' Plot B2M trajectories
#'
#' Draws each patient's B2M values against time, joined by lines (a missing
#' value is skipped, the line joins its neighbours), over the serum reference
#' interval of [b2m_reference()] drawn as a labelled band in the trend's unit.
#'
#' Up to 10 patients get distinct colours (the "Tableau 10" palette of
#' [grDevices::palette.colors()]) and an entry each in the legend; more patients
#' are drawn in one translucent grey with a single legend entry giving their
#' number (choose patients with `ids` to tell them apart). The legend is
#' drawn in the right margin, beside the data: the margin is widened while
#' drawing and restored afterwards, so to add to the figure with
#' [graphics::lines()] or [graphics::abline()], draw it with
#' `legend = FALSE`. A date axis is labelled by [pretty()] (months or years).
#' With ggplot2 installed, `ggplot2::autoplot()` draws the same figure (see
#' [autoplot.b2m_trend()]).
#'
#' @param x A [b2m_trend()] result.
#' @param ids Patients to draw (values of the id column); all by default.
#' @param band Draw the serum reference interval as a shaded, labelled band?
#' @param col Line colours: one, or one per patient drawn. By default,
#'   distinct colours up to 10 patients, grey beyond.
#' @param log `""`, or `"y"` for a log scale of B2M (on which equal ratios
#'   look equal, as for the slope of [summary.b2m_trend()]).
#' @param legend Draw the legend (in the right margin)?
#' @param xlab,ylab,main Axis labels and title; the labels default to the
#'   time column's name and "B2M (unit)".
#' @param ... Further graphical parameters passed to [plot()], e.g. `xlim`.
#' @return Invisibly, a list: `data`, the rows drawn (id, time and B2M
#'   columns under their own names, grouped by patient in time order, and
#'   the `colour` of each); `key`, the legend's entries (a data frame with
#'   `label` and `col`, `NULL` without a legend); `band`, the reference
#'   interval drawn (`limits` in the trend's unit and its `label`; `NULL`
#'   without the band).
#'
#'   Errors: `x` without the attributes of a trend (`b2m_error_type`), no
#'   value to draw for `ids` (`b2m_error_value`), `band` or `legend` not
#'   `TRUE` or `FALSE` (`b2m_error_type`).
#' @references Mayo Clinic Laboratories test catalogue, Beta-2-Microglobulin
#'   (B2M), Serum (reference interval 1.21-2.70 mg/L).
#' @family monitoring
#' @export
#' @examples
#' tr <- b2m_trend(b2m_example("followup"), time = "date")
#' plot(tr)
#' plot(tr, ids = c("P003", "P010", "P029"), log = "y")
#' # no legend: the figure can be added to
#' drawn <- plot(tr, ids = "P029", legend = FALSE)
#' graphics::abline(h = min(drawn$data$b2m), lty = 3)
plot.b2m_trend <- function(x, ids = NULL, band = TRUE, col = NULL, log = "",
                           legend = TRUE, xlab = NULL, ylab = NULL, main = "",
                           ...) {
  call <- sys.call()
  check_flag(band, "band", call)
  check_flag(legend, "legend", call)
  fig <- trend_figure(x, ids, col, band, call)
  d <- fig$data
  time <- d[[2]]
  value <- d[[3]]
  group <- match(d[[1]], fig$patients)
  draw <- function() {
    graphics::plot(
      time, value, type = "n", log = log, xaxt = "n",
      ylim = range(value, fig$band$limits),
      xlab = if (is.null(xlab)) fig$parts$time else xlab,
      ylab = if (is.null(ylab)) sprintf("B2M (%s)", fig$parts$unit) else ylab,
      main = main, ...
    )
    time_axis(time)
    draw_band(fig$band)
    # Segments between a patient's consecutive values: one call, a colour
    # each.
    t <- as.numeric(time)
    n <- length(value)
    same <- group[-1] == group[-n]
    graphics::segments(t[-n][same], value[-n][same], t[-1][same],
                       value[-1][same], col = d$colour[-1][same])
    graphics::points(t, value, pch = 20, cex = 0.6, col = d$colour)
  }
  key <- if (legend) fig$key
  with_key(draw, key)
  invisible(list(data = d, key = key, band = fig$band))
}

# Waterfall --------------------------------------------------------------------

# One bar per patient with a change from baseline, largest rise first,
# coloured by trend class; the key names the classes drawn with their
# thresholds.
waterfall_figure <- function(x) {
  shown <- which(!is.na(x$pct_change))
  rows <- shown[order(x$pct_change[shown], decreasing = TRUE)]
  trend <- x$trend[rows]
  class <- as.character(trend)
  class[is.na(class)] <- "none"
  per <- if (is.null(attr(x, "slope_per"))) "" else
    paste(" per", attr(x, "slope_per"))
  labels <- c(
    falling = sprintf("falling (slope < %s%s)", format(attr(x, "falling")),
                      per),
    stable = "stable (in between)",
    rising = sprintf("rising (slope > %s%s)", format(attr(x, "rising")), per),
    none = "no slope (one value)"
  )
  fills <- c(trend_colours, none = no_trend_colour)
  drawn <- names(labels)[names(labels) %in% class]
  data <- data.frame(id = x[[1]][rows], pct_change = x$pct_change[rows],
                     trend = trend, colour = unname(fills[class]),
                     label = factor(labels[class], labels[drawn]),
                     stringsAsFactors = FALSE)
  names(data)[1] <- names(x)[1]
  list(data = data, key = legend_key(unname(labels[drawn]), NA, lty = 0,
                                     fill = unname(fills[drawn])))
}

#' Waterfall of the change from baseline per patient
#'
#' One bar per patient: the percent change of the last value from the
#' baseline (`pct_change` of [summary.b2m_trend()]), largest rise on the left,
#' largest fall on the right, coloured by the trend class of the log slope
#' (with its thresholds in the legend). Patients without a change (no value)
#' have no bar. Bars are named by patient up to 30 patients. The legend is
#' drawn in the right margin as for [plot.b2m_trend()]. With ggplot2
#' installed, `ggplot2::autoplot()` draws the same figure.
#'
#' @param x A [summary.b2m_trend()] result.
#' @param legend Draw the legend (in the right margin)?
#' @param xlab,ylab,main Axis labels and title.
#' @param ... Further graphical parameters passed to [graphics::barplot()].
#' @return Invisibly, a list: `data`, the bars drawn in order (the id column,
#'   `pct_change`, `trend` and `colour`), and `key`, the legend's entries
#'   (`NULL` without a legend).
#'
#'   Errors: `legend` not `TRUE` or `FALSE` (`b2m_error_type`); nothing to
#'   draw (`b2m_error_value`).
#' @references Mayo Clinic Laboratories test catalogue, Beta-2-Microglobulin
#'   (B2M), Serum: serial values in monitoring.
#' @family monitoring
#' @export
#' @examples
#' s <- summary(b2m_trend(b2m_example("followup"), time = "date"))
#' plot(s)
#' plot(s[s$trend == "rising" & !is.na(s$trend), ])
plot.summary.b2m_trend <- function(x, legend = TRUE, xlab = NULL,
                                   ylab = "Change from baseline (%)",
                                   main = "", ...) {
  call <- sys.call()
  check_flag(legend, "legend", call)
  check_columns(x, list(x = "pct_change", x = "trend"), "x", call)
  fig <- waterfall_figure(x)
  d <- fig$data
  if (nrow(d) == 0) {
    b2m_abort("No patient with a change from baseline to draw.",
              "b2m_error_value", call, arg = "x")
  }
  named <- nrow(d) <= waterfall_names_max
  draw <- function() {
    graphics::barplot(
      d$pct_change, col = d$colour, border = NA, space = 0.15,
      names.arg = if (named) as.character(d[[1]]), las = 2,
      cex.names = 0.7, ylim = range(0, d$pct_change),
      xlab = if (is.null(xlab)) {
        if (named) "" else sprintf("%s, largest rise first",
                                   count_of(nrow(d), "patient"))
      } else xlab,
      ylab = ylab, main = main, ...
    )
    graphics::abline(h = 0, col = "grey30")
  }
  key <- if (legend) fig$key
  with_key(draw, key)
  invisible(list(data = d, key = key))
}

# B2M against eGFR -------------------------------------------------------------

#' Serum B2M against eGFR, for a figure of an interpreted cohort
#'
#' Takes the result of [b2m_interpret()] (or [b2m_annotate()]) and returns,
#' row by row, what a figure of serum B2M against kidney function shows: the
#' best eGFR available, the B2M, the B2M that eGFR explains
#' ([b2m_expected()]), their ratio and the mechanism. [plot()] draws it with
#' base graphics, `ggplot2::autoplot()` with ggplot2 (when installed): B2M on
#' a log scale against eGFR, points coloured by mechanism, the B2M the eGFR
#' explains, the excess cut-off of [b2m_interpret()] (1.5 times it) and its
#' eGFR cut-off (60), over the serum reference interval.
#'
#' A data frame cannot say that it was interpreted, so the figure is asked
#' for by this function rather than by `plot()` of the cohort itself; the
#' result is a small data frame whose class carries the figure's methods.
#'
#' The eGFR is, row by row, the first available of `egfr_crcys`, `egfr_cys`
#' and `egfr_cr` (as in [b2m_interpret()]); the B2M-based eGFR is never used
#' (it would explain B2M by itself). Without a `b2m_mechanism` column the
#' mechanism is `NA` ("not interpreted" in the figure).
#'
#' @param data A data frame (data.frame, tibble or data.table) with a serum
#'   B2M column and at least one of the eGFR columns `egfr_crcys`,
#'   `egfr_cys`, `egfr_cr` (mL/min/1.73 m²), as [b2m_annotate()] appends them.
#' @param b2m Name of the serum B2M column.
#' @param unit Unit of the B2M column: `r b2m_units_rd()`.
#' @return A data frame of class `c("b2m_by_egfr", "data.frame")`, one row
#'   per row of `data` in the same order: `egfr` (mL/min/1.73 m²), `b2m` (in
#'   `unit`), `b2m_expected` (in `unit`), `b2m_excess` (`b2m /
#'   b2m_expected`) and `mechanism` (the factor `b2m_mechanism`, or `NA`);
#'   the unit is kept as the attribute `"unit"`. `plot()` returns, invisibly,
#'   a list of the rows drawn (`data`, those with both values, with their
#'   `colour`), the legend's entries (`key`) and the band (`band`).
#'
#'   Errors: `data` not a data frame (`b2m_error_type`); no B2M column or no
#'   eGFR column (`b2m_error_column`); a B2M or eGFR value that is
#'   negative, infinite or impossible in its unit (`b2m_error_value`); a
#'   column that is not numeric (`b2m_error_type`).
#' @references Inker LA et al. (2016) for the B2M an eGFR explains (see
#'   [b2m_expected()]); Mayo Clinic Laboratories test catalogue,
#'   Beta-2-Microglobulin (B2M), Serum (reference interval 1.21-2.70 mg/L).
#' @family whole data frames
#' @export
#' @examples
#' interpreted <- suppressWarnings(suppressMessages(
#'   b2m_interpret(b2m_example("cohort"))
#' ))
#' by_egfr <- b2m_by_egfr(interpreted)
#' by_egfr
#' plot(by_egfr)
#' table(by_egfr$mechanism, by_egfr$b2m_excess > 1.5)
b2m_by_egfr <- function(data, b2m = "b2m", unit = "mg/L") {
  call <- sys.call()
  check_columns(data, list(b2m = b2m), call = call)
  unit <- unit_spec("b2m", unit, "unit", call)$unit
  estimates <- intersect(egfr_preference, names(data))
  if (length(estimates) == 0) {
    b2m_abort(
      sprintf(paste0("`data` has no eGFR column (%s); compute them with ",
                     "b2m_annotate() or b2m_interpret() first."),
              paste0("\"", egfr_preference, "\"", collapse = ", ")),
      "b2m_error_column", call, arg = "data", column = egfr_preference
    )
  }
  for (column in estimates) check_numeric(data[[column]], column, call)
  egfr <- do.call(best_egfr, unname(lapply(estimates, function(e) data[[e]])))
  value <- data[[b2m]]
  excess <- b2m_excess(value, egfr, b2m_unit = unit)
  mechanism <- data[["b2m_mechanism"]]
  if (is.null(mechanism)) {
    mechanism <- factor(rep(NA_character_, length(value)),
                        levels = mechanism_levels)
  }
  structure(
    list(egfr = as.double(egfr), b2m = as.double(value),
         b2m_expected = b2m_expected(egfr, b2m_unit = unit),
         b2m_excess = excess, mechanism = mechanism),
    row.names = .set_row_names(length(value)),
    class = c("b2m_by_egfr", "data.frame"),
    unit = unit
  )
}

# The cut-off b2m_interpret() applies to `input` ("egfr", "b2m_excess"),
# looked up by the input, never by position or display text.
interpret_threshold <- function(input) {
  interpret_thresholds$threshold[interpret_thresholds$input == input]
}

egfr_label <- quote(paste("eGFR (mL/min/1.73 ", m^2, ")"))

# The rows with both values, each coloured by mechanism, the curves of the
# expected B2M and of the excess cut-off over the eGFR range, and the key.
by_egfr_figure <- function(x, band, call) {
  unit <- attr(x, "unit")
  if (is.null(unit) || !all(c("egfr", "b2m", "mechanism") %in% names(x))) {
    b2m_abort(
      paste0("This b2m_by_egfr has lost its unit or columns; call ",
             "b2m_by_egfr() on the data again."),
      "b2m_error_type", call, arg = "x"
    )
  }
  rows <- which(is.finite(x$egfr) & is.finite(x$b2m) & x$b2m > 0)
  if (length(rows) == 0) {
    b2m_abort("No row has both a B2M and an eGFR to draw.", "b2m_error_value",
              call, arg = "x")
  }
  d <- as.data.frame(unclass(x)[c("egfr", "b2m", "mechanism")])[rows, ]
  # Each point's group: its mechanism, or "not interpreted" without one.
  groups <- c(mechanism_levels, "not interpreted")
  group <- match(as.character(d$mechanism), mechanism_levels)
  group[is.na(group)] <- length(groups)
  counts <- tabulate(group, length(groups))
  labels <- sprintf("%s (%d)", groups, counts)
  colours <- c(mechanism_colours, not_interpreted_colour)
  d$colour <- colours[group]
  d$label <- factor(labels[group], labels[counts > 0])
  range <- range(d$egfr)
  grid <- seq(max(range[1], 1), range[2], length.out = 200)
  cut <- interpret_threshold("b2m_excess")
  expected <- b2m_expected(grid, unit)
  curve_labels <- c("B2M the eGFR explains",
                    sprintf("%s times that (excess cut-off)", format(cut)))
  curves <- data.frame(egfr = c(grid, grid), b2m = c(expected, cut * expected),
                       label = factor(rep(curve_labels, each = length(grid)),
                                      curve_labels))
  egfr_cut <- interpret_threshold("egfr")
  band <- if (band) serum_band(unit)
  key <- rbind(
    legend_key(labels[counts > 0], colours[counts > 0], lty = 0, pch = 19),
    legend_key(c(curve_labels, sprintf("eGFR %s", format(egfr_cut))),
               c("black", "black", "grey40"), lty = c(1, 2, 3)),
    band_key(band)
  )
  list(data = d, curves = curves, key = key, band = band, unit = unit,
       egfr_cut = egfr_cut, cut = cut, n = nrow(x))
}

#' @rdname b2m_by_egfr
#' @param x A `b2m_by_egfr()` result.
#' @param band Draw the serum reference interval as a shaded, labelled band?
#' @param legend Draw the legend (in the right margin, beside the data)?
#' @param xlab,ylab,main Axis labels (by default eGFR in mL/min/1.73 m² and
#'   B2M in its unit, log scale) and title.
#' @param ... Further graphical parameters passed to [plot()].
#' @export
plot.b2m_by_egfr <- function(x, band = TRUE, legend = TRUE, xlab = NULL,
                             ylab = NULL, main = "", ...) {
  call <- sys.call()
  check_flag(band, "band", call)
  check_flag(legend, "legend", call)
  fig <- by_egfr_figure(x, band, call)
  d <- fig$data
  curves <- fig$curves
  draw <- function() {
    graphics::plot(
      d$egfr, d$b2m, type = "n", log = "y",
      ylim = range(d$b2m, fig$band$limits),
      xlab = if (is.null(xlab)) as.expression(egfr_label) else xlab,
      ylab = if (is.null(ylab)) sprintf("Serum B2M (%s, log scale)",
                                        fig$unit) else ylab,
      main = main, ...
    )
    draw_band(fig$band)
    graphics::abline(v = fig$egfr_cut, lty = 3, col = "grey40")
    for (curve in seq_len(nlevels(curves$label))) {
      on <- as.integer(curves$label) == curve
      graphics::lines(curves$egfr[on], curves$b2m[on], lty = curve)
    }
    graphics::points(d$egfr, d$b2m, pch = 19, cex = 0.6, col = d$colour)
  }
  key <- if (legend) fig$key
  with_key(draw, key)
  invisible(list(data = d, key = key, band = fig$band))
}
