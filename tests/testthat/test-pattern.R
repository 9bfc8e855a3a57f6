ref_pattern <- function(serum, urine, serum_uln = 2.7, urine_uln = 300,
                        ph = NA) {
  s <- serum > serum_uln
  u <- urine > urine_uln
  out <- ifelse(s, ifelse(u, "combined", "glomerular"),
                ifelse(u, "tubular", "normal"))
  out[!is.na(ph) & ph < 6 & !u] <- NA
  out
}

test_that("the four patterns follow serum and urine against their limits", {
  got <- b2m_pattern(c(1.8, 6.0, 1.8, 8.0), c(150, 150, 4000, 9000))
  expect_identical(as.character(got),
                   c("normal", "glomerular", "tubular", "combined"))
  expect_identical(levels(got), c("normal", "glomerular", "tubular", "combined"))
  expect_false(is.ordered(got))
})

test_that("a value equal to its limit is not high", {
  expect_identical(as.character(b2m_pattern(c(2.7, 2.71, 2.7), c(300, 300, 301))),
                   c("normal", "glomerular", "tubular"))
})

test_that("the dossier's examples, acid urine included", {
  expect_identical(as.character(b2m_pattern(6.0, 150, urine_ph = 6.5)),
                   "glomerular")
  expect_identical(as.character(b2m_pattern(1.8, 4000)), "tubular")
  expect_identical(as.character(b2m_pattern(8.0, 9000)), "combined")
  expect_warning(got <- b2m_pattern(6.0, 150, urine_ph = 5.0),
                 class = "b2m_warning_acid_urine")
  expect_identical(as.character(got), NA_character_)
})

test_that("acid urine: below 6.0 a low urine value is NA, a high one stands", {
  expect_warning(
    got <- b2m_pattern(c(6, 6, 6, 6, 1), c(150, 2400, 150, 150, 120),
                       urine_ph = c(5.5, 5.5, 6.0, 5.99, NA)),
    class = "b2m_warning_acid_urine")
  expect_identical(as.character(got),
                   c(NA, "combined", "glomerular", NA, "normal"))
  cnd <- tryCatch(b2m_pattern(c(6, 6, 6, 6), c(150, 2400, 150, 150),
                              urine_ph = c(5.5, 5.5, 6.0, 5.99)),
                  warning = identity)
  expect_identical(cnd$rows, c(1, 4))
  expect_no_warning(b2m_pattern(6, 150, urine_ph = 6))
  expect_no_warning(b2m_pattern(6, 400, urine_ph = 4.5))
  expect_snapshot(b2m_pattern(c(6, 1), c(150, 100), urine_ph = 5))
})

test_that("units and laboratory limits are honoured", {
  expect_identical(as.character(b2m_pattern(6000, 0.15, serum_unit = "ug/L",
                                            urine_unit = "mg/L")),
                   "glomerular")
  expect_identical(as.character(b2m_pattern(0.6, 150, serum_unit = "mg/dL")),
                   "glomerular")
  nm <- b2m_convert(c(2.7, 2.8), "mg/L", "nmol/L")
  expect_identical(as.character(b2m_pattern(nm, 100, serum_unit = "nmol/L")),
                   c("normal", "glomerular"))
  expect_identical(as.character(b2m_pattern(2.5, 250, serum_uln = 2.34,
                                            urine_uln = 200)),
                   "combined")
  expect_identical(as.character(b2m_pattern(c(2.5, 2.5), 100,
                                            serum_uln = c(2.34, 2.7))),
                   c("glomerular", "normal"))
  expect_identical(as.character(b2m_pattern(2.5, 0.25, urine_unit = "mg/L",
                                            urine_uln = 0.2)),
                   "tubular")
})

test_that("missing values give NA", {
  got <- b2m_pattern(c(NA, 3, 3, 3), c(100, NA, 100, 100),
                     serum_uln = c(2.7, 2.7, NA, 2.7),
                     urine_uln = c(300, 300, 300, NA))
  expect_identical(as.character(got), rep(NA_character_, 4))
  expect_length(b2m_pattern(numeric(0), numeric(0)), 0)
})

test_that("bad values, units and lengths are classed errors", {
  expect_error(b2m_pattern(-1, 100), class = "b2m_error_value")
  expect_error(b2m_pattern(1, -100), class = "b2m_error_value")
  expect_error(b2m_pattern(2400, 100), class = "b2m_error_value")
  expect_error(b2m_pattern(1, 100, serum_uln = 0), class = "b2m_error_value")
  expect_error(b2m_pattern(1, 100, urine_uln = 0), class = "b2m_error_value")
  expect_error(b2m_pattern(1, 100, urine_ph = 15), class = "b2m_error_value")
  expect_error(b2m_pattern(1, 100, urine_ph = -1), class = "b2m_error_value")
  expect_error(b2m_pattern(1, 100, urine_unit = "g"), class = "b2m_error_unit")
  expect_error(b2m_pattern(1:3, c(100, 200)), class = "b2m_error_length")
  expect_error(b2m_pattern(1:3, 100, urine_ph = 1:2), class = "b2m_error_length")
  expect_error(b2m_pattern("1", 1), class = "b2m_error_type")
  expect_error(b2m_pattern(1, 100, urine_ph = "6"), class = "b2m_error_type")
  cnd <- tryCatch(b2m_pattern(1, c(100, 200), urine_uln = c(300, -1)),
                  error = identity)
  expect_identical(cnd$arg, "urine_uln")
  expect_snapshot(b2m_pattern(c(1, 2400), 100), error = TRUE)
})

test_that("the C pattern agrees with a plain-R definition on random input", {
  set.seed(11)
  n <- 3000
  serum <- round(stats::runif(n, 0.5, 8), 1)
  urine <- round(stats::runif(n, 20, 800))
  ph <- ifelse(stats::runif(n) < 0.3, NA, round(stats::runif(n, 4.5, 8), 1))
  s_uln <- sample(c(2.34, 2.7), n, TRUE)
  got <- suppressWarnings(b2m_pattern(serum, urine, serum_uln = s_uln,
                                      urine_ph = ph))
  expect_identical(as.character(got), ref_pattern(serum, urine, s_uln, 300, ph))
})

test_that("a sample too dilute or too concentrated gives NA with a warning", {
  serum <- 1.8
  urine <- c(4000, 4000, 150, 4000, 4000, 150, 4000)
  # 0.3 and 3.0 g/L themselves are acceptable (clinical-rules-2.md G.4)
  creatinine <- c(30, 29.99, 29.99, 300, 300.01, 300.01, NA)
  w <- expect_warning(out <- b2m_pattern(serum, urine,
                                         urine_creatinine = creatinine),
                      class = "b2m_warning_recollect_urine")
  expect_identical(as.character(out),
                   c("tubular", NA, NA, "tubular", NA, NA, "tubular"))
  expect_identical(w$rows, c(2L, 3L, 5L, 6L))
  expect_identical(w$count, 4L)
  expect_match(conditionMessage(w), "0.3 to 3.0 g/L in rows 2, 3, 5 and 6",
               fixed = TRUE)
  # the same rule as b2m_urine_ratio()'s recollect flag, in any unit
  # (rows off the boundaries, which a converted value may cross by rounding)
  off <- -c(1, 4)
  mmol <- creatinine[off] * 10 / 113.12
  expect_identical(
    suppressWarnings(b2m_pattern(serum, urine[off], urine_creatinine = mmol,
                                 urine_creatinine_unit = "mmol/L")),
    out[off])
  expect_identical(is.na(out[-7]),
                   b2m_urine_ratio(urine, creatinine)$recollect[-7])
})

test_that("urine creatinine is checked like every value", {
  expect_error(b2m_pattern(1.8, 400, urine_creatinine = 0),
               class = "b2m_error_value")
  expect_error(b2m_pattern(1.8, 400, urine_creatinine = -1),
               class = "b2m_error_value")
  expect_error(b2m_pattern(1.8, 400, urine_creatinine = 1001),
               class = "b2m_error_value")
  expect_error(b2m_pattern(1.8, 400, urine_creatinine = "100"),
               class = "b2m_error_type")
  expect_error(b2m_pattern(1.8, 400, urine_creatinine = 100,
                           urine_creatinine_unit = "kg"),
               class = "b2m_error_unit")
  expect_error(b2m_pattern(1.8, c(400, 500), urine_creatinine = c(1, 2, 3)),
               class = "b2m_error_length")
})
