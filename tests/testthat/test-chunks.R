# Chunk invariance (helper-chunks.R): every row-wise export, and
# b2m_annotate()/b2m_interpret(), give on a data frame the row-bind of what
# they give on the chunks of any split of its rows; b2m_trend() and its
# summary do for any split that keeps each patient's rows together. The
# vignette "Registries beyond one machine" rests on these tests.

# Rows of the example cohort drawn at random, with more values missing and
# the inputs the cohort lacks (an eGFR, dialysis weights).
chunk_cohort <- function(n) {
  cohort <- b2m_example("cohort")
  d <- cohort[sample(nrow(cohort), n, replace = TRUE), ]
  rownames(d) <- NULL
  for (column in setdiff(names(d), "id")) {
    d[[column]][stats::runif(n) < 0.1] <- NA
  }
  d$egfr <- stats::runif(n, 5, 130)
  d$egfr[stats::runif(n) < 0.1] <- NA
  d$weight_pre <- stats::runif(n, 60, 90)
  d$weight_post <- d$weight_pre - stats::runif(n, 0, 4)
  d$black <- stats::runif(n) < 0.2
  d$age_young <- stats::runif(n, 1, 25)
  d$height_cm <- stats::runif(n, 80, 195)
  d$urine_creatinine <- stats::runif(n, 20, 320)
  d$result_text <- sample(c("<0.2", "2.1", ">20", "3.4", NA), n, replace = TRUE)
  d
}

# Each stage and score function of the C rule table, on the columns named as
# its inputs (high LDH is LDH above its limit).
staging_calls <- local({
  systems <- b2m:::staging_systems()
  funs <- c(systems$stage_fun, systems$score_fun[systems$has_score])
  inputs <- c(systems$inputs, systems$inputs[systems$has_score])
  calls <- lapply(seq_along(funs), function(i) {
    function(d) {
      d$ldh_high <- d$ldh > d$ldh_uln
      do.call(funs[[i]], as.list(d)[inputs[[i]]])
    }
  })
  stats::setNames(calls, funs)
})

# Each row-wise export, called on the columns of a chunk.
rowwise_calls <- c(staging_calls, list(
  b2m_classify = function(d) b2m_classify(d$b2m, uln = d$b2m_uln),
  b2m_convert = function(d) b2m_convert(d$b2m, "mg/L", "nmol/L"),
  b2m_fold_uln = function(d) b2m_fold_uln(d$b2m, uln = d$b2m_uln),
  b2m_excess = function(d) b2m_excess(d$b2m, d$egfr),
  b2m_expected = function(d) b2m_expected(d$egfr),
  b2m_pattern = function(d) {
    b2m_pattern(d$b2m, d$urine_b2m, urine_ph = d$urine_ph,
                urine_creatinine = d$urine_creatinine)
  },
  b2m_reduction_ratio = function(d) {
    b2m_reduction_ratio(d$b2m * 3, d$b2m, d$weight_pre, d$weight_post)
  },
  egfr_b2m = function(d) egfr_b2m(d$b2m),
  egfr_ckdepi_cr = function(d) egfr_ckdepi_cr(d$creatinine, d$age, d$sex),
  egfr_ckdepi_cys = function(d) egfr_ckdepi_cys(d$cystatin, d$age, d$sex),
  egfr_ckdepi_crcys = function(d) {
    egfr_ckdepi_crcys(d$creatinine, d$cystatin, d$age, d$sex)
  },
  gfr_category = function(d) gfr_category(d$egfr),
  egfr_ckdepi_cr_2009 = function(d) {
    egfr_ckdepi_cr_2009(d$creatinine, d$age, d$sex, d$black)
  },
  egfr_ckdepi_crcys_2012 = function(d) {
    egfr_ckdepi_crcys_2012(d$creatinine, d$cystatin, d$age, d$sex, d$black)
  },
  egfr_ekfc_cr = function(d) egfr_ekfc_cr(d$creatinine, d$age, d$sex),
  egfr_ekfc_cys = function(d) egfr_ekfc_cys(d$cystatin, d$age),
  egfr_ckid_u25 = function(d) {
    egfr_ckid_u25(d$age_young, d$sex, d$height_cm / 100, d$creatinine,
                  d$cystatin)
  },
  egfr_schwartz = function(d) egfr_schwartz(d$creatinine, d$height_cm),
  b2m_urine_ratio = function(d) b2m_urine_ratio(d$urine_b2m, d$urine_creatinine),
  b2m_parse_result = function(d) b2m_parse_result(d$result_text),
  b2m_diagnosis = function(d) b2m_diagnosis(d$diagnosis)
))

# The whole-data-frame functions, on the cohort's own columns (no trend
# columns: those are per patient).
cohort_columns <- names(b2m_example("cohort"))
frame_calls <- list(
  b2m_annotate = function(d) {
    b2m_annotate(d[c(cohort_columns, "height_cm", "urine_creatinine", "egfr")])
  },
  b2m_interpret = function(d) b2m_interpret(d[cohort_columns]),
  b2m_by_egfr = function(d) b2m_by_egfr(b2m_interpret(d[cohort_columns]))
)

# Exports that are not row-wise, and why: none of them takes rows.
not_rowwise <- c(
  b2m_example = "returns a data set shipped with the package",
  b2m_methods = "a methods paragraph for the systems named",
  b2m_reference = "the reference intervals, one row per specimen",
  b2m_rules = "the table of every threshold with its source",
  b2m_trend = "per patient: tested below on splits that keep patients whole",
  b2m_outcomes = "the published figures per stage of the systems named",
  b2m_table = "counts and percentages over all the rows of each group",
  b2m_from_long = paste("one row per patient and sample from many long rows:",
                        "invariant on splits that keep each sample together")
)

test_that("every export is covered by a chunk test or listed with a reason", {
  exports <- getNamespaceExports("b2m")
  covered <- c(names(rowwise_calls), names(frame_calls), names(not_rowwise))
  # a new export fails here until it is added to one of the three lists
  expect_setequal(covered, exports)
  expect_false(anyDuplicated(covered) > 0)
})

test_that("row-wise exports are chunk-invariant on random splits", {
  with_seed(41, {
    data <- chunk_cohort(60)
    splits <- random_splits(nrow(data))
    for (name in names(rowwise_calls)) {
      expect_chunk_invariant(rowwise_calls[[name]], data, splits, name)
    }
  })
})

test_that("row-wise exports are chunk-invariant when a chunk has a column all NA", {
  with_seed(42, {
    variants <- all_na_variants(chunk_cohort(30), block = 8:15)
    for (name in names(rowwise_calls)) {
      for (column in names(variants)) {
        v <- variants[[column]]
        expect_chunk_invariant(rowwise_calls[[name]], v$data, v$splits,
                               sprintf("%s (\"%s\" all NA)", name, column))
      }
    }
  })
})

test_that("b2m_annotate() and b2m_interpret() are chunk-invariant", {
  with_seed(43, {
    data <- chunk_cohort(40)
    splits <- random_splits(nrow(data))
    variants <- all_na_variants(data, block = 10:20)[cohort_columns]
    for (name in names(frame_calls)) {
      expect_chunk_invariant(frame_calls[[name]], data, splits, name)
      for (column in names(variants)) {
        v <- variants[[column]]
        expect_chunk_invariant(frame_calls[[name]], v$data, v$splits,
                               sprintf("%s (\"%s\" all NA)", name, column))
      }
    }
  })
})

# Follow-up rows of the example, shuffled, with one patient whose values are
# all missing.
chunk_followup <- function() {
  fu <- b2m_example("followup")
  fu <- fu[sample(nrow(fu)), ]
  rownames(fu) <- NULL
  fu$b2m[fu$id == fu$id[1]] <- NA
  fu
}

trend_of <- function(d) b2m_trend(d, time = "date")

# Per-patient rows come in order of first appearance in each chunk: compare
# them in patient order.
summary_by_patient <- function(d) {
  s <- summary(trend_of(d))
  s[order(s$id), ]
}

test_that("b2m_trend() is chunk-invariant on splits keeping patients whole", {
  with_seed(44, {
    fu <- chunk_followup()
    expect_chunk_invariant(trend_of, fu, patient_splits(fu$id), "b2m_trend")
    whole <- result_columns(summary_by_patient(fu))
    for (rows in patient_splits(fu$id)) {
      parts <- lapply(rows, function(r) result_columns(summary(trend_of(fu[r, ]))))
      bound <- bind_chunk_columns(parts)
      by_id <- order(bound$id)
      expect_identical(lapply(bound, `[`, by_id), whole)
    }
  })
})

test_that("the chunk helpers catch a result that depends on the other rows", {
  with_seed(45, {
    data <- chunk_cohort(20)
    splits <- random_splits(nrow(data))
    expect_failure(expect_chunk_invariant(function(d) d$b2m - mean(d$b2m, na.rm = TRUE),
                                          data, splits, "centring"))
    # a whole-data decision: a column only when some value is present
    expect_failure(expect_chunk_invariant(function(d) {
      if (anyNA(d$albumin)) data.frame(b2m = d$b2m) else
        data.frame(b2m = d$b2m, albumin = d$albumin)
    }, data, splits, "a column dropped"))
    # splitting a patient changes the trend
    fu <- chunk_followup()
    expect_failure(expect_chunk_invariant(trend_of, fu, random_splits(nrow(fu)),
                                          "b2m_trend on any split"))
  })
})
