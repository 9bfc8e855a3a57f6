# Plots of b2m_trend() results.

#' Plot B2M trajectories
#'
#' Draws each patient's B2M values against time, joined by lines (a missing
#' value is skipped, the line joins its neighbours), over the serum reference
#' interval of [b2m_reference()] drawn as a band in the trend's unit.
#'
#' @param x A [b2m_trend()] result.
#' @param ids Patients to draw (values of the id column); all by default.
#' @param band Draw the serum reference interval as a shaded band?
#' @param col Line colours: one, or one per patient drawn. By default, up to
#'   eight patients get the palette's colours and a legend, more share one
#'   translucent colour.
#' @param log `""`, or `"y"` for a log scale of B2M (on which equal ratios
#'   look equal, as for the slope of [summary.b2m_trend()]).
#' @param xlab,ylab,main Axis labels and title; the labels default to the
#'   time column's name and "B2M (unit)".
#' @param ... Further graphical parameters passed to [plot()], e.g. `xlim`.
#' @return `x`, invisibly.
#' @references Mayo Clinic Laboratories test catalogue, Beta-2-Microglobulin
#'   (B2M), Serum (reference interval 1.21-2.70 mg/L).
#' @family monitoring
#' @export
#' @examples
#' tr <- b2m_trend(b2m_example("followup"), time = "date")
#' plot(tr)
#' plot(tr, ids = c("P003", "P010"), log = "y")
plot.b2m_trend <- function(x, ids = NULL, band = TRUE, col = NULL, log = "",
                           xlab = NULL, ylab = NULL, main = "", ...) {
  call <- sys.call()
  parts <- trend_parts(x, call)
  check_logical(band, "band", call)
  id <- x[[parts$id]]
  time <- x[[parts$time]]
  value <- x[[parts$value]]
  drawn <- !is.na(value) & (if (is.null(ids)) TRUE else id %in% ids)
  if (!any(drawn)) {
    b2m_abort("No B2M value to draw for these patients.", "b2m_error_value",
              call, arg = "ids")
  }
  id <- id[drawn]
  time <- time[drawn]
  value <- value[drawn]
  group <- match(id, unique(id))
  ord <- order(group, as.numeric(time))
  patients <- max(group)
  if (is.null(col)) col <- if (patients <= 8) seq_len(patients) else "#1F4E7966"
  col <- rep_len(col, patients)

  reference <- b2m_reference("serum")
  limits <- b2m_convert(c(reference$lower, reference$upper), reference$unit,
                        parts$unit)
  ylim <- range(value, if (isTRUE(band)) limits)
  graphics::plot(time, value, type = "n", log = log, ylim = ylim,
                 xlab = if (is.null(xlab)) parts$time else xlab,
                 ylab = if (is.null(ylab)) sprintf("B2M (%s)", parts$unit) else
                   ylab,
                 main = main, ...)
  if (isTRUE(band)) {
    usr <- graphics::par("usr")[1:2]
    if (graphics::par("xlog")) usr <- 10^usr
    graphics::rect(usr[1], limits[1], usr[2], limits[2], col = "#2E8B5733",
                   border = NA)
  }
  # Segments between a patient's consecutive values: one call, a colour each.
  t <- as.numeric(time)[ord]
  v <- value[ord]
  g <- group[ord]
  n <- length(v)
  same <- g[-1] == g[-n]
  graphics::segments(t[-n][same], v[-n][same], t[-1][same], v[-1][same],
                     col = col[g[-1][same]])
  graphics::points(t, v, pch = 20, cex = 0.6, col = col[g])
  if (patients <= 8) {
    graphics::legend("topright", legend = as.character(unique(id)), col = col,
                     lty = 1, pch = 20, bty = "n", cex = 0.8)
  }
  invisible(x)
}
