# The figures: what each draws (returned invisibly), with base graphics and
# with ggplot2.

followup <- b2m_example("followup")
small <- data.frame(id = "A", day = c(90, 0, 30, 60), b2m = c(3.1, NA, 4.0, 2.2))

# Draws on a throw-away device and returns what the call returned.
drawn <- function(expr) {
  path <- tempfile(fileext = ".png")
  grDevices::png(path)
  on.exit({
    grDevices::dev.off()
    unlink(path)
  })
  expr
}

cohort_by_egfr <- function() {
  interpreted <- suppressWarnings(suppressMessages(
    b2m_interpret(b2m_example("cohort"))
  ))
  b2m_by_egfr(interpreted)
}

test_that("plot draws each patient's values in time order, invisibly", {
  tr <- b2m_trend(small, time = "day", time_unit = "years")
  out <- drawn(withVisible(plot(tr)))
  expect_false(out$visible)
  d <- out$value$data
  # the missing value is skipped, the rest in time order
  expect_identical(d$day, c(30, 60, 90))
  expect_identical(d$b2m, c(4.0, 2.2, 3.1))
  expect_identical(names(d), c("id", "day", "b2m", "colour"))
  expect_identical(out$value$key$label,
                   c("A", "reference 1.21-2.70 mg/L"))
  expect_identical(out$value$band$limits, c(1.21, 2.70))
})

test_that("up to 10 patients get distinct colours and a legend each, more are grey", {
  tr <- b2m_trend(followup, time = "date")
  ids <- unique(tr$id)
  ten <- drawn(plot(tr, ids = ids[1:10]))
  expect_identical(unique(ten$data$id), ids[1:10])
  expect_length(unique(ten$data$colour), 10)
  expect_identical(ten$key$label[1:10], ids[1:10])
  expect_identical(nrow(ten$key), 11L)
  eleven <- drawn(plot(tr, ids = ids[1:11]))
  expect_length(unique(eleven$data$colour), 1)
  expect_identical(eleven$key$label,
                   c("11 patients", "reference 1.21-2.70 mg/L"))
  all <- drawn(plot(tr))
  expect_identical(nrow(all$data), sum(!is.na(tr$b2m)))
  expect_identical(all$key$label[1], "100 patients")
})

test_that("the legend sits beside the data and the margins are restored", {
  tr <- b2m_trend(followup, time = "date")
  drawn({
    before <- par("mai")
    plot(tr, ids = c("P003", "P010"))
    expect_identical(par("mai"), before)
  })
  # without a legend nothing is taken from the margin: additions line up
  drawn({
    out <- plot(tr, ids = "P029", legend = FALSE)
    expect_null(out$key)
    expect_identical(par("usr")[3] <= min(out$data$b2m), TRUE)
  })
})

test_that("the band, in the trend's unit, fits into the y range", {
  ug <- b2m_trend(transform(small, b2m = b2m * 1000), time = "day",
                  unit = "ug/L", time_unit = "years")
  drawn({
    out <- plot(ug, col = "red")
    expect_true(par("usr")[3] <= 1210 && par("usr")[4] >= 4000)
  })
  expect_identical(out$band$limits, c(1210, 2700))
  expect_identical(out$band$label, "reference 1210-2700 ug/L")
  expect_identical(unique(out$data$colour), "red")
  no_band <- drawn(plot(ug, band = FALSE))
  expect_null(no_band$band)
  expect_identical(no_band$key$label, "A")
})

test_that("a date axis over years has a label every few months", {
  tr <- b2m_trend(followup, time = "date")
  drawn({
    plot(tr, ids = c("P003", "P010"))
    usr <- par("usr")[1:2]
    at <- pretty(structure(usr, class = "Date"), n = 6)
    expect_gt(sum(as.numeric(at) >= usr[1] & as.numeric(at) <= usr[2]), 3)
  })
  # 2.5 years of one patient set
  span <- drawn(plot(tr, ids = unique(tr$id)[1:10]))
  expect_gt(as.numeric(diff(range(span$data$date))), 2 * 365)
})

test_that("plot refuses what it cannot draw", {
  tr <- b2m_trend(followup, time = "date")
  drawn({
    expect_error(plot(tr, ids = "nobody"), class = "b2m_error_value")
    expect_error(plot(tr, band = "yes"), class = "b2m_error_type")
    expect_error(plot(tr, band = NA), class = "b2m_error_type")
    expect_error(plot(tr, legend = c(TRUE, FALSE)), class = "b2m_error_type")
    expect_error(plot(structure(tr, columns = NULL)), class = "b2m_error_type")
  })
})

test_that("plot(summary()) is a waterfall of the change from baseline", {
  s <- summary(b2m_trend(followup, time = "date"))
  out <- drawn(withVisible(plot(s)))
  expect_false(out$visible)
  d <- out$value$data
  expect_identical(nrow(d), sum(!is.na(s$pct_change)))
  expect_false(is.unsorted(rev(d$pct_change)))
  expect_identical(d$id[1], s$id[which.max(s$pct_change)])
  expect_identical(unique(d$colour[d$trend == "falling"]), "#2166AC")
  expect_identical(out$value$key$label,
                   c("falling (slope < -0.2 per year)", "stable (in between)",
                     "rising (slope > 0.2 per year)"))
  # a patient with one value has no slope: its bar has its own colour
  one <- summary(b2m_trend(data.frame(id = c("a", "b", "b"), day = c(0, 0, 30),
                                      b2m = c(2, 3, 1.5)), time = "day",
                           time_unit = "years"))
  key <- drawn(plot(one))$key
  expect_identical(key$label, c("stable (in between)", "no slope (one value)"))
  expect_null(drawn(plot(s, legend = FALSE))$key)
})

test_that("plot(summary()) refuses what it cannot draw", {
  s <- summary(b2m_trend(followup, time = "date"))
  drawn({
    expect_error(plot(s[0, ]), class = "b2m_error_value")
    expect_error(plot(s, legend = "no"), class = "b2m_error_type")
  })
})

test_that("b2m_by_egfr takes the best eGFR and the B2M it explains", {
  d <- data.frame(b2m = c(2, 4, 6, NA), egfr_cr = c(95, 60, 15, 50),
                  egfr_cys = c(NA, 50, NA, NA),
                  b2m_mechanism = factor(c("normal", "both", NA, NA),
                                         levels = b2m:::mechanism_levels))
  x <- b2m_by_egfr(d)
  expect_s3_class(x, c("b2m_by_egfr", "data.frame"), exact = TRUE)
  expect_identical(x$egfr, c(95, 50, 15, 50))
  expect_identical(x$b2m_expected, b2m_expected(c(95, 50, 15, 50)))
  expect_identical(x$b2m_excess, c(2, 4, 6, NA) / x$b2m_expected)
  expect_identical(x$mechanism, d$b2m_mechanism)
  expect_identical(attr(x, "unit"), "mg/L")
  # another column and unit
  ug <- b2m_by_egfr(data.frame(B2M = 2000, egfr_cr = 95), b2m = "B2M",
                    unit = "UG/L")
  expect_identical(attr(ug, "unit"), "ug/L")
  expect_equal(ug$b2m_excess, x$b2m_excess[1])
  expect_true(is.na(ug$mechanism))
  expect_identical(levels(ug$mechanism), b2m:::mechanism_levels)
  expect_snapshot(print(x))
})

test_that("b2m_by_egfr refuses data without B2M or eGFR", {
  expect_error(b2m_by_egfr(data.frame(b2m = 2)), class = "b2m_error_column")
  expect_error(b2m_by_egfr(data.frame(egfr_cr = 2)), class = "b2m_error_column")
  expect_error(b2m_by_egfr(data.frame(b2m = "2", egfr_cr = 90)),
               class = "b2m_error_type")
  expect_error(b2m_by_egfr(data.frame(b2m = 2, egfr_cr = "90")),
               class = "b2m_error_type")
  expect_error(b2m_by_egfr(data.frame(b2m = -2, egfr_cr = 90)),
               class = "b2m_error_value")
  expect_error(b2m_by_egfr(data.frame(b2m = 2, egfr_cr = 90), unit = "g"),
               class = "b2m_error_unit")
  expect_snapshot(b2m_by_egfr(data.frame(b2m = 2)), error = TRUE)
})

test_that("plot(b2m_by_egfr()) draws the rows with both values, by mechanism", {
  x <- cohort_by_egfr()
  out <- drawn(plot(x))
  d <- out$data
  both <- is.finite(x$egfr) & is.finite(x$b2m)
  expect_identical(nrow(d), sum(both))
  counts <- table(x$mechanism[both])
  expect_identical(as.character(out$key$label[seq_along(counts)]),
                   sprintf("%s (%d)", names(counts), as.integer(counts)))
  expect_identical(out$key$label[length(counts) + 1:4],
                   c("B2M the eGFR explains", "1.5 times that (excess cut-off)",
                     "eGFR 60", "reference 1.21-2.70 mg/L"))
  expect_identical(unique(d$colour[d$mechanism %in% "reduced clearance"]),
                   "#1B9E77")
  # without mechanisms every point is "not interpreted"
  plain <- b2m_by_egfr(data.frame(b2m = c(2, 3), egfr_cr = c(90, 40)))
  key <- drawn(plot(plain, band = FALSE))$key
  expect_identical(key$label, c("not interpreted (2)", "B2M the eGFR explains",
                                "1.5 times that (excess cut-off)", "eGFR 60"))
  drawn({
    expect_error(plot(structure(x, unit = NULL)), class = "b2m_error_type")
    expect_error(plot(x[is.na(x$egfr), ]), class = "b2m_error_value")
    expect_error(plot(x, band = 1), class = "b2m_error_type")
  })
})

test_that("rows of a b2m_by_egfr keep their class, a column subset does not", {
  x <- cohort_by_egfr()
  expect_s3_class(x[1:3, ], "b2m_by_egfr")
  expect_identical(attr(x[1:3, ], "unit"), "mg/L")
  expect_identical(class(x[, 1:2]), "data.frame")
  expect_match(capture.output(print(x[1:3, ]))[1],
               "^<b2m_by_egfr> 3 rows, 3 with B2M and eGFR; B2M in mg/L")
})

test_that("autoplot draws a trend with ggplot2", {
  skip_if_not_installed("ggplot2")
  tr <- b2m_trend(followup, time = "date")
  p <- ggplot2::autoplot(tr, ids = c("P003", "P010"), log = "y")
  expect_s3_class(p, "ggplot")
  expect_identical(nrow(p$data), sum(tr$id %in% c("P003", "P010")))
  geoms <- vapply(p$layers, function(l) class(l$geom)[1], character(1))
  expect_identical(geoms, c("GeomRect", "GeomLine", "GeomPoint"))
  expect_identical(p$labels$y, "B2M (mg/L)")
  expect_identical(p$layers[[1]]$data$label, "reference 1.21-2.70 mg/L")
  built <- ggplot2::ggplot_build(p)
  expect_identical(length(unique(built$data[[2]]$colour)), 2L)
  expect_true(any(vapply(p$scales$scales, function(s) "y" %in% s$aesthetics &&
                           identical(s$trans$name, "log-10"), logical(1))))
  many <- ggplot2::autoplot(tr, band = FALSE)
  expect_identical(length(many$layers), 2L)
  expect_identical(many$labels$subtitle, "100 patients")
  expect_identical(unique(ggplot2::ggplot_build(many)$data[[1]]$colour),
                   b2m:::many_colour)
  expect_error(ggplot2::autoplot(tr, ids = "nobody"), class = "b2m_error_value")
  expect_error(ggplot2::autoplot(tr, band = "no"), class = "b2m_error_type")
})

test_that("autoplot draws a waterfall of a summary with ggplot2", {
  skip_if_not_installed("ggplot2")
  s <- summary(b2m_trend(followup, time = "date"))
  p <- ggplot2::autoplot(s)
  expect_s3_class(p, "ggplot")
  expect_identical(p$data$pct_change,
                   sort(s$pct_change[!is.na(s$pct_change)], decreasing = TRUE))
  expect_identical(class(p$layers[[1]]$geom)[1], "GeomCol")
  expect_identical(levels(p$data$label),
                   c("falling (slope < -0.2 per year)", "stable (in between)",
                     "rising (slope > 0.2 per year)"))
  expect_identical(p$labels$x, "100 patients, largest rise first")
  expect_null(ggplot2::autoplot(s[1:5, ])$labels$x)
  expect_error(ggplot2::autoplot(s[0, ]), class = "b2m_error_value")
})

test_that("autoplot draws B2M against eGFR with ggplot2", {
  skip_if_not_installed("ggplot2")
  x <- cohort_by_egfr()
  p <- ggplot2::autoplot(x)
  expect_s3_class(p, "ggplot")
  expect_identical(nrow(p$data), sum(is.finite(x$egfr) & is.finite(x$b2m)))
  geoms <- vapply(p$layers, function(l) class(l$geom)[1], character(1))
  expect_identical(geoms, c("GeomRect", "GeomVline", "GeomLine", "GeomPoint"))
  # the superscript is plotmath, not a literal "m^2"
  expect_true(is.expression(p$labels$x))
  expect_identical(levels(p$layers[[3]]$data$label),
                   c("B2M the eGFR explains", "1.5 times that (excess cut-off)"))
  expect_identical(p$layers[[2]]$data$xintercept, 60)
  expect_silent(ggplot2::ggplot_build(p))
  expect_identical(length(ggplot2::autoplot(x, band = FALSE)$layers), 3L)
})
