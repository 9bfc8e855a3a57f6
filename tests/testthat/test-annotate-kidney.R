# b2m_annotate()'s kidney side: which eGFR each row gets (CKiD U25, CKD-EPI
# or a reported one), the urine B2M/creatinine ratio and the pattern's
# recollect rule, and the reported LDH-high flag.

annotate_quiet <- function(data, ...) suppressMessages(b2m_annotate(data, ...))

# The value of `expr` and the classes of every warning it gave.
with_warnings <- function(expr) {
  classes <- list()
  value <- withCallingHandlers(expr, warning = function(w) {
    classes[[length(classes) + 1]] <<- class(w)
    invokeRestart("muffleWarning")
  })
  list(value = value, classes = classes)
}

# Children, young adults and adults; row 6 has no height, row 7 neither a
# height nor creatinine.
kids <- function() {
  data.frame(
    b2m = c(2.0, 3.0, 2.5, 4.0, 2.2, 3.5, 2.0),
    creatinine = c(0.5, 0.9, 1.0, 1.1, 0.9, 0.8, NA),
    cystatin = c(0.9, NA, 1.0, NA, NA, 1.1, 1.0),
    age = c(1, 11, 25, 25.0001, 18, 17.9, 10),
    sex = c("F", "M", "M", "F", "M", "F", "M"),
    height_cm = c(75, 140, 180, 165, 178, NA, NA),
    stringsAsFactors = FALSE
  )
}

test_that("heights bring CKiD U25 for ages 1 to 25, CKD-EPI for older adults", {
  d <- kids()
  expect_silent(out <- annotate_quiet(d))
  # row 4 (25.0001 years) is past U25 when called directly
  expect_warning(
    u25_cr <- egfr_ckid_u25(d$age[1:5], d$sex[1:5], d$height_cm[1:5] / 100,
                            creatinine = d$creatinine[1:5]),
    class = "b2m_warning_age")
  u25_cys <- egfr_ckid_u25(d$age[c(1, 3, 6, 7)], d$sex[c(1, 3, 6, 7)],
                           cystatin = d$cystatin[c(1, 3, 6, 7)])
  avg <- (u25_cr[c(1, 3)] + u25_cys[1:2]) / 2
  expect_equal(out$egfr_u25_cr, c(u25_cr, NA, NA), tolerance = 1e-14)
  expect_equal(out$egfr_u25_cys, c(u25_cys[1], NA, u25_cys[2], NA, NA,
                                   u25_cys[3:4]), tolerance = 1e-14)
  expect_equal(out$egfr_u25_crcys, c(avg[1], NA, avg[2], NA, NA, NA, NA),
               tolerance = 1e-14)
  # 25.0001 is past U25; 18 and 25.0001 get CKD-EPI too
  expect_identical(out$egfr_cr[c(1, 2, 6, 7)], rep(NA_real_, 4))
  expect_identical(out$egfr_cr[3:5],
                   egfr_ckdepi_cr(d$creatinine[3:5], d$age[3:5], d$sex[3:5]))
  expect_identical(as.character(out$egfr_equation), c(
    "CKiD U25 creatinine-cystatin C", "CKiD U25 creatinine",
    "CKiD U25 creatinine-cystatin C", "CKD-EPI 2021 creatinine",
    "CKiD U25 creatinine", "CKiD U25 cystatin C", "CKiD U25 cystatin C"))
  egfr <- c(avg[1], u25_cr[2], avg[2], out$egfr_cr[4], u25_cr[5],
            u25_cys[3:4])
  expect_equal(out$b2m_expected, b2m_expected(egfr), tolerance = 1e-14)
  expect_equal(out$b2m_excess, b2m_excess(d$b2m, egfr), tolerance = 1e-14)
  expect_identical(out$gfr_category, gfr_category(egfr))
})

test_that("the study group's check gives the same eGFR through b2m_annotate()", {
  d <- data.frame(age = 11, sex = c("male", "female"), height_cm = 120,
                  creatinine = 0.9, cystatin = 1.3, b2m = 2)
  out <- annotate_quiet(d)
  expect_identical(round(out$egfr_u25_cr, 1), c(51.6, 47.8))
  expect_identical(round(out$egfr_u25_cys, 1), c(64.2, 61.2))
  expect_identical(round(out$egfr_u25_crcys, 1), c(57.9, 54.5))
})

test_that("adults without a height get CKD-EPI, children without one no creatinine form", {
  d <- kids()
  d$height_cm[3] <- NA
  out <- annotate_quiet(d)
  # 25 years, no height: CKD-EPI creatinine-cystatin C, not U25 cystatin C
  expect_identical(out$egfr_u25_cys[3], NA_real_)
  expect_identical(as.character(out$egfr_equation[3]),
                   "CKD-EPI 2021 creatinine-cystatin C")
})

test_that("without heights children get no eGFR and CKD-EPI warns", {
  d <- kids()
  d$height_cm <- NULL
  run <- with_warnings(annotate_quiet(d))
  out <- run$value
  # one warning per CKD-EPI equation computed (creatinine, cystatin C, both)
  expect_length(run$classes, 3)
  expect_true(all(vapply(run$classes, function(k) "b2m_warning_age" %in% k,
                         logical(1))))
  expect_false(any(grepl("u25", names(out))))
  expect_identical(is.na(out$egfr_equation),
                   c(TRUE, TRUE, FALSE, FALSE, FALSE, TRUE, TRUE))
  msg <- tryCatch(suppressWarnings(b2m_annotate(d)),
                  b2m_message_annotate = function(m) m)
  expect_identical(msg$skipped$egfr_u25_cr, "height_cm")
})

test_that("an age under 1 still warns with heights; implausible ages are errors", {
  d <- kids()
  d$age[1] <- 0.5
  warned <- list()
  out <- withCallingHandlers(annotate_quiet(d), warning = function(w) {
    warned[[length(warned) + 1]] <<- w
    invokeRestart("muffleWarning")
  })
  # the three U25 forms warn; CKD-EPI leaves the child out silently
  expect_length(warned, 3)
  expect_true(all(vapply(warned, inherits, logical(1), "b2m_warning_age")))
  expect_true(all(grepl("CKiD U25", vapply(warned, conditionMessage, ""))))
  expect_true(is.na(out$egfr_equation[1]))
  d$age[1] <- 121
  expect_error(annotate_quiet(d), class = "b2m_error_value")
  d$age[1] <- -1
  expect_error(annotate_quiet(d), class = "b2m_error_value")
})

test_that("a height in metres in height_cm is an error naming the column and rows", {
  d <- kids()
  d$height_cm[2] <- 1.4
  err <- expect_error(annotate_quiet(d), class = "b2m_error_value")
  expect_identical(err$column, "height_cm")
  expect_equal(err$rows, 2)
  expect_match(conditionMessage(err), "looks like metres")
  d$height_cm[2] <- 30
  expect_silent(annotate_quiet(d))
  d$height_cm[2] <- 29.99
  expect_error(annotate_quiet(d), class = "b2m_error_value")
  d$height_cm[2] <- -140
  expect_error(annotate_quiet(d), class = "b2m_error_value")
  d$height_cm[2] <- 301
  expect_error(annotate_quiet(d), class = "b2m_error_value")
})

# The urine ratio ----------------------------------------------------------------

urine <- function() {
  data.frame(b2m = 1.8, urine_b2m = c(450, 450, 120, 120, 450, 2000, 2000),
             urine_creatinine = c(150, 100, 30, 29.9, 15, 300, 300.1))
}

test_that("urine creatinine brings the ratio columns of b2m_urine_ratio()", {
  d <- urine()
  out <- suppressWarnings(annotate_quiet(d))
  ratio <- b2m_urine_ratio(d$urine_b2m, d$urine_creatinine)
  expect_identical(out$urine_b2m_ug_g, ratio$ratio_ug_g)
  expect_identical(out$urine_b2m_ug_mmol, ratio$ratio_ug_mmol)
  expect_identical(out$urine_b2m_above_osha, ratio$above_osha_trigger)
  expect_identical(out$urine_recollect, ratio$recollect)
  # section G.6: 300 is not above 300, 450 is; 0.3 and 3.0 g/L acceptable
  expect_equal(out$urine_b2m_ug_g[1:3], c(300, 450, 400), tolerance = 1e-12)
  expect_identical(out$urine_b2m_above_osha,
                   c(FALSE, TRUE, TRUE, NA, NA, TRUE, NA))
  expect_identical(out$urine_recollect,
                   c(FALSE, FALSE, FALSE, TRUE, TRUE, FALSE, TRUE))
})

test_that("the pattern of a sample to be recollected is NA with a warning", {
  d <- urine()
  w <- expect_warning(out <- annotate_quiet(d),
                      class = "b2m_warning_recollect_urine")
  expect_identical(w$rows, c(4L, 5L, 7L))
  expect_identical(as.character(out$b2m_pattern),
                   c("tubular", "tubular", "normal", NA, NA, "tubular", NA))
  # without urine creatinine the same samples get a pattern
  d$urine_creatinine <- NULL
  expect_false(anyNA(annotate_quiet(d)$b2m_pattern))
})

test_that("the pattern takes the ratio's recollect flags: b2m_pattern()'s result, one ratio", {
  # dilute (29.9, 15 mg/dL), concentrated (300.1), the acceptable ends (30,
  # 300), a missing creatinine and a missing urine B2M; serum high and normal
  d <- data.frame(b2m = c(1.8, 3.5, 1.8, 3.5, 1.8, 3.5, 1.8, 3.5, 3.5),
                  urine_b2m = c(450, 450, 120, 120, 450, 2000, 2000, 450, NA),
                  urine_creatinine = c(150, 100, 30, 29.9, 15, 300, 300.1, NA,
                                       15))
  ns <- asNamespace("b2m")
  calls <- new.env()
  calls$ratios <- 0
  count <- function() calls$ratios <- calls$ratios + 1
  trace("urine_ratio_values", bquote(.(count)()), where = ns, print = FALSE)
  on.exit(untrace("urine_ratio_values", where = ns), add = TRUE)
  w <- expect_warning(out <- annotate_quiet(d),
                      class = "b2m_warning_recollect_urine")
  expect_identical(calls$ratios, 1)
  w_alone <- expect_warning(
    alone <- b2m_pattern(d$b2m, d$urine_b2m,
                         urine_creatinine = d$urine_creatinine),
    class = "b2m_warning_recollect_urine")
  expect_identical(calls$ratios, 2)
  expect_identical(out$b2m_pattern, alone)
  expect_identical(as.character(alone),
                   c("tubular", "combined", "normal", NA, NA, "combined", NA,
                     "combined", NA))
  expect_identical(w$rows, c(4L, 5L, 7L))
  expect_identical(w$rows, w_alone$rows)
  expect_identical(w$count, w_alone$count)
  # the flags handed over are the ones used, and without them the pattern
  # computes its own
  given <- getFromNamespace("pattern_given_recollect", "b2m")
  none <- rep(FALSE, nrow(d))
  expect_identical(given(d$b2m, d$urine_b2m,
                         urine_creatinine = d$urine_creatinine,
                         urine_recollect = none),
                   b2m_pattern(d$b2m, d$urine_b2m))
  expect_identical(suppressWarnings(given(d$b2m, d$urine_b2m,
                                          urine_creatinine = d$urine_creatinine)),
                   alone)
})

test_that("urine creatinine takes its unit from `units`", {
  d <- urine()[1:2, ]
  d$urine_creatinine <- d$urine_creatinine * 10 / 113.12 # mmol/L
  out <- annotate_quiet(d, units = c(urine_creatinine = "mmol/L"))
  expect_equal(out$urine_b2m_ug_g, c(300, 450), tolerance = 1e-12)
  err <- expect_error(annotate_quiet(urine()[1:2, ],
                                     units = c(urine_creatinine = "mmol/L")),
                      class = "b2m_error_value")
  expect_identical(err$column, "urine_creatinine")
  expect_error(annotate_quiet(d, units = c(urine_creatinine = "kg")),
               class = "b2m_error_unit")
})

test_that("a zero or negative urine creatinine is an error naming the column", {
  d <- urine()
  d$urine_creatinine[2] <- 0
  err <- expect_error(annotate_quiet(d), class = "b2m_error_value")
  expect_identical(err$column, "urine_creatinine")
  d$urine_creatinine[2] <- -5
  expect_error(annotate_quiet(d), class = "b2m_error_value")
})

# Reported values ------------------------------------------------------------------

test_that("a reported eGFR is used where given, the computed one elsewhere", {
  d <- kids()
  d$egfr <- c(NA, 45, NA, 80, NA, NA, NA)
  msg <- NULL
  out <- withCallingHandlers(b2m_annotate(d),
                             b2m_message_annotate = function(m) {
                               msg <<- m
                               invokeRestart("muffleMessage")
                             })
  expect_identical(msg$reported, "egfr")
  expect_match(conditionMessage(msg), "Used the reported `egfr`", fixed = TRUE)
  plain <- annotate_quiet(kids())
  expect_identical(as.character(out$egfr_equation),
                   replace(as.character(plain$egfr_equation), c(2, 4),
                           "reported"))
  expect_identical(out$b2m_expected[c(2, 4)], b2m_expected(c(45, 80)))
  expect_identical(out$b2m_expected[-c(2, 4)], plain$b2m_expected[-c(2, 4)])
  # the computed columns themselves are still computed
  expect_identical(out$egfr_u25_cr, plain$egfr_u25_cr)
})

test_that("a reported eGFR alone is enough, and can be mapped with `columns`", {
  d <- data.frame(b2m = c(2, 6), eGFR_lab = c(90, 20))
  out <- annotate_quiet(d, columns = c(egfr = "eGFR_lab"))
  expect_identical(as.character(out$egfr_equation), c("reported", "reported"))
  expect_identical(out$gfr_category, gfr_category(c(90, 20)))
  expect_identical(out$b2m_excess, b2m_excess(c(2, 6), c(90, 20)))
  expect_false("egfr_cr" %in% names(out))
})

test_that("a reported eGFR goes through the eGFR checks", {
  d <- data.frame(b2m = 2, egfr = c(60, 0.1))
  expect_identical(annotate_quiet(d)$b2m_expected, b2m_expected(c(60, 0.1)))
  for (bad in list(0, 0.09, -1, 501, Inf)) {
    d$egfr[2] <- bad
    err <- expect_error(annotate_quiet(d), class = "b2m_error_value")
    expect_identical(err$column, "egfr")
    expect_equal(err$rows, 2)
  }
  d$egfr <- c("60", "45")
  expect_error(annotate_quiet(d), class = "b2m_error_type")
})

test_that("without reported columns the message names none", {
  msg <- tryCatch(b2m_annotate(data.frame(b2m = 2)),
                  b2m_message_annotate = function(m) m)
  expect_identical(msg$reported, character())
  expect_false(grepl("reported", conditionMessage(msg)))
})
