# ggplot2 versions of the figures of R/plot.R, drawn from the same prepared
# data and legend. ggplot2 is only suggested: these methods are registered
# for ggplot2::autoplot() when ggplot2 is loaded (NAMESPACE, delayed), so
# they only ever run with ggplot2 there.

# ggplot2's data pronoun, resolved in the data when the plot is built.
utils::globalVariables(".data")

# The reference band as a rectangle across the whole x range, with its label
# in the fill legend. `time` gives the class of the x axis (-Inf and Inf of
# a Date for a date axis).
gg_band <- function(band, time = 0) {
  if (is.null(band)) return(NULL)
  edges <- as_time_of(c(-Inf, Inf), time)
  rect <- data.frame(xmin = edges[1], xmax = edges[2],
                     ymin = band$limits[1], ymax = band$limits[2],
                     label = band$label)
  list(
    ggplot2::geom_rect(
      ggplot2::aes(xmin = .data$xmin, xmax = .data$xmax, ymin = .data$ymin,
                   ymax = .data$ymax, fill = .data$label),
      data = rect, inherit.aes = FALSE
    ),
    ggplot2::scale_fill_manual(values = stats::setNames(band_fill, band$label),
                               name = NULL)
  )
}

#' B2M trajectories, waterfall and B2M-by-eGFR figures with ggplot2
#'
#' `ggplot2::autoplot()` methods drawing the figures of [plot.b2m_trend()],
#' [plot.summary.b2m_trend()] and [plot.b2m_by_egfr()] as ggplot objects, to
#' be themed, faceted or extended as any ggplot. They need ggplot2 (a
#' suggested package) and are available once it is loaded. Colours, the
#' limit of 10 patients with distinct colours and a legend entry each, the
#' labelled reference band and the cut-offs are those of the base figures.
#'
#' @param object A [b2m_trend()] result, its
#'   [summary()][summary.b2m_trend], or a [b2m_by_egfr()] result.
#' @param ids Patients to draw (values of the id column); all by default.
#' @param band Draw the serum reference interval as a shaded, labelled band?
#' @param log `""`, or `"y"` for a log scale of B2M.
#' @param ... Not used.
#' @return A ggplot object.
#'
#'   Errors as for the base figures: an object without its attributes
#'   (`b2m_error_type`), nothing to draw (`b2m_error_value`), `band` not
#'   `TRUE` or `FALSE` (`b2m_error_type`).
#' @references Mayo Clinic Laboratories test catalogue, Beta-2-Microglobulin
#'   (B2M), Serum (reference interval 1.21-2.70 mg/L).
#' @family monitoring
#' @name autoplot.b2m_trend
#' @examplesIf requireNamespace("ggplot2", quietly = TRUE)
#' library(ggplot2)
#' tr <- b2m_trend(b2m_example("followup"), time = "date")
#' autoplot(tr, ids = c("P003", "P010", "P029"))
#' autoplot(summary(tr))
#' interpreted <- suppressWarnings(suppressMessages(
#'   b2m_interpret(b2m_example("cohort"))
#' ))
#' autoplot(b2m_by_egfr(interpreted)) + theme_minimal()
NULL

#' @rdname autoplot.b2m_trend
#' @exportS3Method ggplot2::autoplot
autoplot.b2m_trend <- function(object, ids = NULL, band = TRUE, log = "",
                               ...) {
  call <- sys.call()
  check_flag(band, "band", call)
  fig <- trend_figure(object, ids, NULL, band, call)
  d <- fig$data
  names(d)[1:3] <- c("id", "time", "value")
  d$id <- factor(as.character(d$id), levels = as.character(fig$patients))
  many <- length(fig$patients) > legend_max
  line <- if (many) {
    list(ggplot2::geom_line(colour = many_colour),
         ggplot2::geom_point(colour = many_colour, size = 0.8))
  } else {
    list(ggplot2::geom_line(ggplot2::aes(colour = .data$id)),
         ggplot2::geom_point(ggplot2::aes(colour = .data$id), size = 1),
         ggplot2::scale_colour_manual(
           values = stats::setNames(fig$colours, levels(d$id)),
           name = fig$parts$id
         ))
  }
  ggplot2::ggplot(d, ggplot2::aes(.data$time, .data$value,
                                  group = .data$id)) +
    gg_band(fig$band, d$time) + line +
    (if (identical(log, "y")) ggplot2::scale_y_log10()) +
    ggplot2::labs(x = fig$parts$time,
                  y = sprintf("B2M (%s)", fig$parts$unit),
                  subtitle = if (many) fig$key$label[1])
}

#' @rdname autoplot.b2m_trend
#' @exportS3Method ggplot2::autoplot
autoplot.summary.b2m_trend <- function(object, ...) {
  call <- sys.call()
  check_columns(object, list(object = "pct_change", object = "trend"),
                "object", call)
  fig <- waterfall_figure(object)
  d <- fig$data
  if (nrow(d) == 0) {
    b2m_abort("No patient with a change from baseline to draw.",
              "b2m_error_value", call, arg = "object")
  }
  d$bar <- factor(seq_len(nrow(d)))
  named <- nrow(d) <= waterfall_names_max
  ggplot2::ggplot(d, ggplot2::aes(.data$bar, .data$pct_change,
                                  fill = .data$label)) +
    ggplot2::geom_col(width = 0.85) +
    ggplot2::geom_hline(yintercept = 0, colour = "grey30") +
    ggplot2::scale_fill_manual(values = stats::setNames(fig$key$fill,
                                                        fig$key$label),
                               name = NULL) +
    ggplot2::scale_x_discrete(labels = if (named) as.character(d[[1]]) else
      NULL) +
    ggplot2::labs(x = if (named) NULL else
      sprintf("%s, largest rise first", count_of(nrow(d), "patient")),
      y = "Change from baseline (%)") +
    ggplot2::theme(axis.text.x = if (named) {
      ggplot2::element_text(angle = 90, vjust = 0.5, hjust = 1)
    } else ggplot2::element_blank(),
    axis.ticks.x = ggplot2::element_blank(),
    panel.grid.major.x = ggplot2::element_blank())
}

#' @rdname autoplot.b2m_trend
#' @exportS3Method ggplot2::autoplot
autoplot.b2m_by_egfr <- function(object, band = TRUE, ...) {
  call <- sys.call()
  check_flag(band, "band", call)
  fig <- by_egfr_figure(object, band, call)
  d <- fig$data
  points <- fig$key[fig$key$pch %in% 19, ]
  ggplot2::ggplot(d, ggplot2::aes(.data$egfr, .data$b2m)) +
    gg_band(fig$band) +
    ggplot2::geom_vline(xintercept = fig$egfr_cut, linetype = "dotted",
                        colour = "grey40") +
    ggplot2::geom_line(ggplot2::aes(linetype = .data$label),
                       data = fig$curves) +
    ggplot2::geom_point(ggplot2::aes(colour = .data$label), size = 1.2) +
    ggplot2::scale_colour_manual(
      values = stats::setNames(points$col, points$label), name = "Mechanism"
    ) +
    ggplot2::scale_linetype_manual(
      values = stats::setNames(c("solid", "dashed"),
                               levels(fig$curves$label)),
      name = NULL
    ) +
    ggplot2::scale_y_log10() +
    ggplot2::labs(x = as.expression(egfr_label),
                  y = sprintf("Serum B2M (%s, log scale)", fig$unit),
                  caption = sprintf("Dotted line: eGFR %s",
                                    format(fig$egfr_cut)))
}
