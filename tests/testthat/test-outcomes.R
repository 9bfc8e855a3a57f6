# b2m_outcomes(): the figures of clinical-rules-2.md section A, exactly.

figure <- function(out, system, metric) {
  rows <- out[out$system == system & out$metric == metric, ]
  stats::setNames(rows$value, rows$stage)
}

test_that("the ISS, R-ISS and CLL-IPI figures are those of section A", {
  out <- b2m_outcomes()
  expect_identical(figure(out, "iss", "median overall survival"),
                   c(I = 62, II = 44, III = 29))
  expect_identical(figure(out, "riss", "5-year overall survival"),
                   c(I = 82, II = 62, III = 40))
  expect_identical(figure(out, "riss", "5-year progression-free survival"),
                   c(I = 55, II = 36, III = 24))
  expect_identical(figure(out, "cll_ipi", "5-year overall survival"),
                   c(low = 93.2, intermediate = 79.3, high = 63.3,
                     "very high" = 23.3))
})

test_that("the Waldenstrom and follicular lymphoma figures are those of section A", {
  out <- b2m_outcomes()
  expect_identical(figure(out, "ipsswm", "5-year survival"),
                   c(low = 87, intermediate = 68, high = 36))
  expect_identical(figure(out, "ipsswm", "median survival"),
                   c(low = 142, intermediate = 99, high = 43))
  expect_identical(figure(out, "ripsswm", "3-year Waldenstr\u00f6m-related death"),
                   c("very low" = 0, low = 10, intermediate = 14, high = 38,
                     "very high" = 48))
  expect_identical(figure(out, "ripsswm", "10-year survival"),
                   c("very low" = 84, low = 59, intermediate = 37, high = 19,
                     "very high" = 9))
  expect_identical(figure(out, "ripsswm", "5-year overall survival"),
                   c("very low" = 95, low = 86, intermediate = 78, high = 47,
                     "very high" = 36))
  expect_identical(figure(out, "flipi2", "3-year progression-free survival"),
                   c(low = 91, intermediate = 69, high = 51))
  expect_identical(figure(out, "flipi2", "3-year overall survival"),
                   c(low = 99, intermediate = 96, high = 84))
  expect_identical(figure(out, "prima_pi", "5-year progression-free survival"),
                   c(low = 69, intermediate = 55, high = 37))
  expect_identical(figure(out, "prima_pi", "5-year event-free survival"),
                   c(low = 77, intermediate = 57, high = 44))
})

test_that("confidence is primary or secondary as section A labels each figure", {
  out <- b2m_outcomes()
  conf <- tapply(out$confidence, paste(out$system, out$metric), unique)
  expect_identical(conf[["iss median overall survival"]], "primary")
  expect_identical(conf[["riss 5-year overall survival"]], "secondary")
  expect_identical(conf[["cll_ipi 5-year overall survival"]], "secondary")
  expect_identical(conf[["ipsswm 5-year survival"]], "primary")
  expect_identical(conf[["ipsswm median survival"]], "secondary")
  expect_identical(conf[["ripsswm 5-year overall survival"]], "secondary")
  expect_identical(conf[["flipi2 3-year overall survival"]], "primary")
  expect_true(all(out$confidence %in% c("primary", "secondary")))
})

test_that("figures not confirmed are absent", {
  out <- b2m_outcomes()
  expect_false("r2iss" %in% out$system)
  expect_false(any(out$system == "riss" & grepl("median", out$metric)))
  expect_false(any(out$system == "flipi2" & grepl("5-year", out$metric)))
  expect_identical(nrow(b2m_outcomes("r2iss")), 0L)
})

test_that("each row names the system's stage, unit, cohort, era and DOI", {
  out <- b2m_outcomes()
  expect_named(out, c("system", "stage", "metric", "value", "unit", "cohort",
                      "era", "doi", "confidence"))
  expect_false(anyNA(out))
  expect_true(all(out$unit %in% c("months", "years", "%")))
  expect_identical(unique(out$doi[out$system == "iss"]), "10.1200/JCO.2005.04.242")
  expect_identical(unique(out$doi[out$system == "prima_pi"]),
                   "10.1182/blood-2017-11-816405")
  # a stage is a level of the system's own function
  expect_true(all(out$stage[out$system == "iss"] %in% levels(stage_iss(1, 4))))
  expect_match(out$cohort[out$system == "iss"][1], "10,750", fixed = TRUE)
  expect_match(attr(out, "caveat"), "historical", fixed = TRUE)
})

test_that("systems selects; unknown keys are an error naming them", {
  out <- b2m_outcomes(c("flipi2", "iss"))
  expect_setequal(unique(out$system), c("flipi2", "iss"))
  expect_error(b2m_outcomes("isss"), class = "b2m_error_value")
  cnd <- tryCatch(b2m_outcomes(c("iss", "isss")), error = identity)
  expect_identical(cnd$systems, "isss")
  expect_error(b2m_outcomes(1), class = "b2m_error_type")
})
