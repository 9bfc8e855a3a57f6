# Draws the package logo, man/figures/logo.png (the documentation site's
# header shows it), and the site's favicons in pkgdown/favicon/ (with them
# there, pkgdown does not ask a web service to make them). Run from the
# package root: Rscript data-raw/make-logo.R
draw_logo <- function(path, width, text = TRUE) {
  grDevices::png(path, width = width, height = round(width * 1.1547),
                 bg = "transparent", res = 96 * width / 240)
  graphics::par(mar = c(0, 0, 0, 0))
  graphics::plot.new()
  graphics::plot.window(xlim = c(-1, 1), ylim = c(-1.1547, 1.1547), asp = 1)
  angle <- seq(90, 450, by = 60) * pi / 180
  graphics::polygon(cos(angle), sin(angle), col = "#1f4e79",
                    border = "#0b2239", lwd = 6 * width / 240)
  # a falling serum B2M, as a trend line over the hexagon
  x <- seq(-0.6, 0.6, length.out = 7)
  y <- -0.35 + 0.45 * exp(-(x + 0.6) * 2.2)
  graphics::lines(x, y, col = "#f2c14e", lwd = 5 * width / 240)
  if (text) {
    graphics::points(x, y, pch = 19, col = "#f2c14e", cex = 1.4)
    graphics::text(0, 0.42, "b2m", col = "white", cex = 3.2, font = 2)
  }
  invisible(grDevices::dev.off())
}

dir.create("man/figures", showWarnings = FALSE, recursive = TRUE)
draw_logo("man/figures/logo.png", 240)
dir.create("pkgdown/favicon", showWarnings = FALSE, recursive = TRUE)
draw_logo("pkgdown/favicon/favicon-16x16.png", 16, text = FALSE)
draw_logo("pkgdown/favicon/favicon-32x32.png", 32, text = FALSE)
draw_logo("pkgdown/favicon/apple-touch-icon.png", 180)
draw_logo("pkgdown/favicon/apple-touch-icon-180x180.png", 180)
