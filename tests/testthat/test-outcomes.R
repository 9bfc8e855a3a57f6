# b2m_outcomes(): the figures of clinical-rules-2.md sections A and C.3,
# written out by hand in helper-rules.R (published_outcomes), exactly.

outcomes <- b2m_outcomes()
systems <- b2m:::staging_systems()
# the systems by their display names, as the reference file names them
display <- function(keys) systems$name[match(keys, systems$system)]

test_that("every figure, its unit and confidence are those of the reference file", {
  out <- outcomes
  got <- data.frame(system = display(out$system), metric = out$metric,
                    value = out$value, unit = out$unit,
                    confidence = c(primary = "P", secondary = "S")[out$confidence],
                    stringsAsFactors = FALSE, row.names = NULL)
  # no figure more or less: those the reference leaves unconfirmed are
  # absent
  expect_identical(got, published_outcomes)
  expect_true(all(out$confidence %in% c("primary", "secondary")))
})

test_that("figures not confirmed are absent", {
  without <- systems$system[!systems$name %in% published_outcomes$system]
  expect_gt(length(without), 0)
  for (key in without) {
    expect_identical(nrow(b2m_outcomes(key)), 0L, label = key)
  }
})

test_that("each row names the system's stage, unit, cohort, era and DOI", {
  out <- outcomes
  expect_named(out, c("system", "stage", "metric", "value", "unit", "cohort",
                      "era", "doi", "confidence"))
  expect_false(anyNA(out))
  expect_true(all(out$unit %in% c("months", "years", "%")))
  expect_identical(out$doi, systems$doi[match(out$system, systems$system)])
  # each metric gives one figure per stage, the system's levels in order
  for (block in split(out, paste(out$system, out$metric))) {
    levels <- systems$levels[[match(block$system[1], systems$system)]]
    expect_identical(block$stage, levels, label = block$system[1])
  }
  expect_true(all(out$stage[out$system == "iss"] %in% levels(stage_iss(1, 4))))
  expect_match(out$cohort[out$system == "iss"][1], "10,750", fixed = TRUE)
  expect_match(attr(out, "caveat"), "historical", fixed = TRUE)
})

test_that("systems selects; unknown keys are an error naming them", {
  with_figures <- unique(outcomes$system)
  chosen <- with_figures[c(length(with_figures), 1)]
  out <- b2m_outcomes(chosen)
  expect_setequal(unique(out$system), chosen)
  expect_identical(out, outcomes[outcomes$system %in% chosen, ],
                   ignore_attr = "row.names")
  expect_error(b2m_outcomes("isss"), class = "b2m_error_value")
  cnd <- tryCatch(b2m_outcomes(c("iss", "isss")), error = identity)
  expect_identical(cnd$systems, "isss")
  expect_error(b2m_outcomes(1), class = "b2m_error_type")
})
