# The mechanism of b2m_annotate() is tested with a small fake registry whose
# functions are defined here, so each rule (convention, mapping, units,
# derived inputs, skipping, overwriting, classes) is checked on its own.

fake_stage <- function(b2m, albumin, b2m_unit = "mg/L", albumin_unit = "g/dL") {
  alb <- if (albumin_unit == "g/L") albumin / 10 else albumin
  mgl <- if (b2m_unit == "ug/L") b2m / 1000 else b2m
  stage <- ifelse(mgl >= 5.5, "III", ifelse(mgl < 3.5 & alb >= 3.5, "I", "II"))
  factor(stage, levels = c("I", "II", "III"), ordered = TRUE)
}
fake_score <- function(b2m, ldh_high) as.numeric(b2m > 3) + ldh_high
fake_status <- function(x, unit = "mg/L", uln = NULL) {
  if (is.null(uln)) uln <- 2.7
  factor(ifelse(x > uln, "elevated", "normal"), c("normal", "elevated"))
}
fake_egfr_cr <- function(creatinine, age, sex, creatinine_unit = "mg/dL") {
  100 / creatinine
}
fake_egfr_cys <- function(cystatin, age, sex) 1000 + 0 * cystatin
fake_gfr <- function(egfr) egfr
fake_bad <- function(b2m) {
  b2m_abort <- getFromNamespace("b2m_abort", "b2m")
  b2m_abort("`b2m` has a bad value in row 2.", "b2m_error_value", arg = "b2m")
}
fake_short <- function(b2m) b2m[-1]

entry <- getFromNamespace("registry_entry", "b2m")
fake_env <- environment()

fake_registry <- function(...) {
  entries <- list(
    entry("stage", "fake_stage", "iss", c(b2m = "b2m", albumin = "albumin"),
          c(b2m_unit = "b2m", albumin_unit = "albumin")),
    entry("score", "fake_score", setdiff(table_systems(), "iss")[1],
          c(b2m = "b2m", ldh_high = "ldh_high")),
    entry("status", "fake_status", "reference", c(x = "b2m", uln = "b2m_uln"),
          c(unit = "b2m"), optional = "b2m_uln"),
    entry("egfr_cr", "fake_egfr_cr", "ckdepi_cr",
          c(creatinine = "creatinine", age = "age", sex = "sex"),
          c(creatinine_unit = "creatinine")),
    entry("egfr_cys", "fake_egfr_cys", "ckdepi_cys",
          c(cystatin = "cystatin", age = "age", sex = "sex")),
    entry("category", "fake_gfr", "kdigo", c(egfr = "egfr"))
  )
  list(entries = c(entries, list(...)),
       derived = getFromNamespace("annotate_registry", "b2m")()$derived,
       env = fake_env)
}

annotate_fake <- function(data, ..., registry = fake_registry()) {
  suppressMessages(getFromNamespace("annotate_data", "b2m")(
    data, registry, ...))
}

lab <- function() {
  data.frame(
    id = c("a", "b", "c", "d"),
    b2m = c(2.0, 4.0, 6.0, NA),
    albumin = c(4.0, 3.0, 4.5, 4.0),
    ldh = c(100, 250, 250, NA),
    ldh_uln = c(225, 250, 225, 225),
    age = c(50, 60, 70, 80),
    sex = c("female", "male", "male", "female"),
    creatinine = c(1, 2, 4, NA),
    stringsAsFactors = FALSE
  )
}

test_that("inputs are found by the naming convention and results appended", {
  data <- lab()
  out <- annotate_fake(data)
  expect_identical(names(out), c(names(data), "stage", "score", "status",
                                 "egfr_cr", "category"))
  expect_identical(out[names(data)], data)
  expect_identical(as.character(out$stage), c("I", "II", "III", NA))
  expect_identical(out$score, c(0, 1, 2, NA))
  expect_identical(as.character(out$status),
                   c("normal", "elevated", "elevated", NA))
  expect_identical(out$egfr_cr, c(100, 50, 25, NA))
})

test_that("high LDH is LDH above its limit, LDH at the limit is normal", {
  out <- annotate_fake(lab())
  # rows: 100 < 225 (normal), 250 = 250 (normal), 250 > 225 (high), NA
  expect_identical(out$score - as.numeric(out$b2m > 3), c(0, 0, 1, NA))
})

test_that("the eGFR used downstream is the best one available in each row", {
  data <- lab()
  out <- annotate_fake(data)
  expect_identical(out$category, out$egfr_cr)
  data$cystatin <- c(1, NA, 1, NA)
  out <- annotate_fake(data)
  # cystatin C where measured, creatinine elsewhere
  expect_identical(out$category, c(1000, 50, 1000, NA))
  expect_identical(out$egfr_cys, c(1000, NA, 1000, NA))
})

test_that("the best eGFR prefers creatinine-cystatin C, then cystatin C", {
  best_egfr <- getFromNamespace("best_egfr", "b2m")
  expect_identical(best_egfr(c(1, NA, NA), c(2, 2, NA), c(3, 3, 3)),
                   c(1, 2, 3))
  expect_identical(best_egfr(c(NA, 5)), c(NA, 5))
  # C's one pass (plain doubles) is R's subassignment: NaN is missing too,
  # and a row with none known keeps the last one's NA or NaN
  by_r <- function(...) {
    values <- list(...)
    out <- values[[1]]
    for (other in values[-1]) out[is.na(out)] <- other[is.na(out)]
    out
  }
  cols <- list(c(NA, 1, NaN, NA, NaN), c(2, NA, NA, NA, NA),
               c(3, 4, 5, NaN, NA))
  expect_identical(do.call(best_egfr, cols), do.call(by_r, cols))
  expect_identical(do.call(best_egfr, cols), c(2, 1, 5, NaN, NA))
  # an integer (a reported eGFR) is converted as R converts it
  expect_identical(best_egfr(c(NA, 60L), c(45.5, 1)), c(45.5, 60))
  expect_identical(best_egfr(c(NA, 60L)), c(NA, 60L))
  # which one each row took
  equation_of <- getFromNamespace("egfr_equation_of", "b2m")
  eq <- equation_of(c(NA, 60L, NA, NA), egfr_crcys = c(50, 1, NA, NaN),
                    egfr_cr = c(40, 40, 30, NA))
  expect_identical(as.character(eq), c("CKD-EPI 2021 creatinine-cystatin C",
                                       "reported", "CKD-EPI 2021 creatinine",
                                       NA))
  eq_doubles <- equation_of(NULL, egfr_crcys = c(50, NaN, NA),
                            egfr_cr = c(40, 40, NA))
  expect_identical(as.character(eq_doubles),
                   c("CKD-EPI 2021 creatinine-cystatin C",
                     "CKD-EPI 2021 creatinine", NA))
  expect_identical(levels(eq_doubles), unname(b2m:::egfr_sources))
  expect_identical(getFromNamespace("egfr_preference", "b2m"),
                   c("egfr_u25_crcys", "egfr_u25_cys", "egfr_u25_cr",
                     "egfr_crcys", "egfr_cys", "egfr_cr"))
})

test_that("optional inputs are passed only when their column exists", {
  data <- lab()
  expect_identical(as.character(annotate_fake(data)$status[1:3]),
                   c("normal", "elevated", "elevated"))
  data$b2m_uln <- c(1.5, 4.5, 7, 3)
  expect_identical(as.character(annotate_fake(data)$status[1:3]),
                   c("elevated", "normal", "normal"))
})

test_that("an explicit mapping names the columns", {
  data <- lab()
  names(data)[names(data) == "b2m"] <- "B2M_mgL"
  names(data)[names(data) == "albumin"] <- "ALB"
  out <- annotate_fake(data, columns = c(b2m = "B2M_mgL", albumin = "ALB"))
  expect_identical(as.character(out$stage), c("I", "II", "III", NA))
  expect_identical(names(out)[seq_along(data)], names(data))
  # the mapping wins over a convention column of the same name
  data$b2m <- c(9, 9, 9, 9)
  out <- annotate_fake(data, columns = c(b2m = "B2M_mgL", albumin = "ALB"))
  expect_identical(as.character(out$stage), c("I", "II", "III", NA))
})

test_that("a bad mapping is a column error naming the culprits", {
  data <- lab()
  expect_error(annotate_fake(data, columns = c(b2m = "B2M_mgL")),
               class = "b2m_error_column")
  cnd <- tryCatch(annotate_fake(data, columns = c(b2m = "x", alb = "y")),
                  error = identity)
  expect_s3_class(cnd, "b2m_error_column")
  expect_identical(cnd$column, "alb")
  cnd <- tryCatch(annotate_fake(data, columns = c(b2m = "x", albumin = "y")),
                  error = identity)
  expect_identical(cnd$column, c("x", "y"))
  expect_error(annotate_fake(data, columns = "b2m"), class = "b2m_error_type")
  expect_error(annotate_fake(data, columns = c(b2m = NA)),
               class = "b2m_error_type")
  expect_error(annotate_fake(data, columns = list(b2m = "b2m")),
               class = "b2m_error_type")
  expect_error(annotate_fake(data, columns = c(b2m = "b2m", b2m = "x")),
               class = "b2m_error_type")
  expect_snapshot(b2m_annotate(data, columns = c(b2m = "B2M", alb = "A")),
                  error = TRUE)
  expect_snapshot(b2m_annotate(data, columns = c(b2m = "B2M", albumin = "A")),
                  error = TRUE)
})

test_that("units given per input reach the functions", {
  data <- lab()
  data$albumin <- data$albumin * 10
  out <- annotate_fake(data, units = c(albumin = "g/L"))
  expect_identical(as.character(out$stage), c("I", "II", "III", NA))
  data$b2m <- data$b2m * 1000
  out <- annotate_fake(data, units = c(albumin = "g/L", b2m = "ug/L"))
  expect_identical(as.character(out$stage), c("I", "II", "III", NA))
  # spellings are normalised to the package's
  out <- annotate_fake(data, units = c(albumin = "G/L", b2m = "\u00b5g/L"))
  expect_identical(as.character(out$stage), c("I", "II", "III", NA))
})

test_that("the convention's units are passed when none is given", {
  input_units <- getFromNamespace("input_units", "b2m")
  units <- input_units(NULL, NULL)
  expect_identical(units[c("b2m", "albumin", "creatinine", "hemoglobin",
                           "igm", "urine_b2m")],
                   c(b2m = "mg/L", albumin = "g/dL", creatinine = "mg/dL",
                     hemoglobin = "g/dL", igm = "g/dL", urine_b2m = "ug/L"))
  expect_identical(input_units(c(creatinine = "umol/L"), NULL)[["creatinine"]],
                   "umol/L")
})

test_that("unknown inputs or units in `units` are unit errors", {
  data <- lab()
  expect_error(annotate_fake(data, units = c(alb = "g/L")),
               class = "b2m_error_unit")
  expect_error(annotate_fake(data, units = c(age = "months")),
               class = "b2m_error_unit")
  expect_error(annotate_fake(data, units = c(albumin = "mg/L")),
               class = "b2m_error_unit")
  expect_error(annotate_fake(data, units = c("g/L")), class = "b2m_error_type")
  expect_snapshot(b2m_annotate(data, units = c(albumin = "g/L", alb = "g/L")),
                  error = TRUE)
  expect_snapshot(b2m_annotate(data, units = c(albumin = "mmol/L")),
                  error = TRUE)
})

test_that("a message lists what was computed and what was skipped", {
  data <- lab()[c("b2m", "albumin", "ldh")]
  run <- getFromNamespace("annotate_data", "b2m")
  cnd <- tryCatch(run(data, fake_registry()),
                  b2m_message_annotate = identity)
  expect_s3_class(cnd, c("b2m_message_annotate", "message", "condition"))
  expect_identical(cnd$computed, c("stage", "status"))
  expect_identical(cnd$skipped,
                   list(score = "ldh_uln", egfr_cr = c("creatinine", "age", "sex"),
                        egfr_cys = c("cystatin", "age", "sex"),
                        category = "an eGFR (creatinine or cystatin, age and sex)"))
  expect_snapshot(out <- run(data, fake_registry()))
  expect_snapshot(out <- run(data.frame(x = 1), fake_registry()))
})

test_that("an existing result column is not overwritten unless asked", {
  data <- lab()
  data$stage <- "mine"
  cnd <- tryCatch(annotate_fake(data), error = identity)
  expect_s3_class(cnd, "b2m_error_column")
  expect_identical(cnd$column, "stage")
  out <- annotate_fake(data, overwrite = TRUE)
  expect_identical(names(out)[1:ncol(data)], names(data))
  expect_identical(as.character(out$stage), c("I", "II", "III", NA))
  expect_error(annotate_fake(data, overwrite = NA), class = "b2m_error_type")
  data$score <- 1
  expect_snapshot(b2m_annotate(cbind(data, b2m_status = 1, b2m_fold_uln = 2)),
                  error = TRUE)
})

test_that("the overwrite check comes before any computation", {
  data <- lab()
  data$bad <- 1
  reg <- fake_registry(entry("bad", "fake_bad", "iss", c(b2m = "b2m")))
  expect_error(annotate_fake(data, registry = reg), class = "b2m_error_column")
})

test_that("errors of the functions called name the result and the column", {
  data <- lab()
  names(data)[2] <- "B2M"
  reg <- fake_registry(entry("bad", "fake_bad", "iss", c(b2m = "b2m")))
  cnd <- tryCatch(annotate_fake(data, columns = c(b2m = "B2M"), registry = reg),
                  error = identity)
  expect_s3_class(cnd, "b2m_error_value")
  expect_identical(cnd$column, "B2M")
  expect_match(conditionMessage(cnd), "While computing `bad` with fake_bad()",
               fixed = TRUE)
  expect_match(conditionMessage(cnd), "`b2m` is column `B2M`", fixed = TRUE)
  # the call shows symbols, never the data
  expect_false(grepl("c(", paste(deparse(cnd$call), collapse = ""),
                     fixed = TRUE))
  reg <- fake_registry(entry("short", "fake_short", "iss", c(b2m = "b2m")))
  expect_error(annotate_fake(lab(), registry = reg), class = "b2m_error_length")
})

test_that("derived inputs check their columns' types", {
  data <- lab()
  data$ldh <- as.character(data$ldh)
  expect_error(annotate_fake(data), class = "b2m_error_type")
})

test_that("`data` must be a data frame", {
  expect_error(b2m_annotate(list(b2m = 1)), class = "b2m_error_type")
  expect_error(b2m_annotate(c(b2m = 1)), class = "b2m_error_type")
})

test_that("row names, attributes and row order are kept", {
  data <- lab()
  rownames(data) <- c("w", "x", "y", "z")
  attr(data, "note") <- "mine"
  out <- annotate_fake(data)
  expect_identical(rownames(out), rownames(data))
  expect_identical(attr(out, "note"), "mine")
  expect_identical(out$id, data$id)
  expect_identical(class(out), "data.frame")
  empty <- annotate_fake(data[0, ])
  expect_identical(nrow(empty), 0L)
  expect_true("stage" %in% names(empty))
})

test_that("appending does not copy the existing columns", {
  skip_if_not_installed("data.table")
  data <- lab()
  out <- annotate_fake(data)
  expect_identical(data.table::address(out$b2m), data.table::address(data$b2m))
  expect_identical(data.table::address(out$sex), data.table::address(data$sex))
})

test_that("a tibble stays a tibble", {
  skip_if_not_installed("tibble")
  data <- tibble::as_tibble(lab())
  out <- annotate_fake(data)
  expect_s3_class(out, "tbl_df")
  expect_identical(class(out), class(data))
  expect_identical(out[names(data)], data)
  expect_identical(as.character(out$stage), c("I", "II", "III", NA))
})

test_that("a data.table stays a data.table and the input is untouched", {
  skip_if_not_installed("data.table")
  data <- data.table::as.data.table(lab())
  before <- data.table::copy(data)
  out <- annotate_fake(data)
  expect_s3_class(out, "data.table")
  expect_identical(class(out), class(data))
  expect_identical(names(data), names(before))
  expect_identical(as.character(out$stage), c("I", "II", "III", NA))
  # adding a column by reference to the result leaves the input alone
  expect_gt(data.table::truelength(out), length(out))
  expect_silent(data.table::set(out, j = "extra", value = 1))
  expect_identical(names(data), names(before))
  expect_true("extra" %in% names(out))
  expect_identical(data, before)
})

# The package's own registry ---------------------------------------------------

registry <- getFromNamespace("annotate_registry", "b2m")()
convention <- getFromNamespace("convention_table", "b2m")
# The staging systems of the C rule table: each appends its stage and, with
# a score, `<key>_score`.
staging <- getFromNamespace("staging_systems", "b2m")()
staging_outputs <- unlist(lapply(seq_len(nrow(staging)), function(i) {
  c(staging$system[i], if (staging$has_score[i]) paste0(staging$system[i], "_score"))
}))

test_that("the registry has one entry per documented result column", {
  outputs <- vapply(registry$entries, `[[`, "", "output")
  expect_identical(outputs, c(
    "b2m_status", "b2m_fold_uln", staging_outputs, "egfr_cr",
    "egfr_cys", "egfr_crcys", "egfr_u25_cr", "egfr_u25_cys", "egfr_u25_crcys",
    "egfr_b2m", "egfr_equation", "gfr_category", "b2m_expected",
    "b2m_excess", "urine_b2m_ug_g", "urine_b2m_ug_mmol",
    "urine_b2m_above_osha", "urine_recollect", "b2m_pattern"))
  expect_identical(convention$column, c(
    "b2m", "b2m_uln", "albumin", "ldh", "ldh_uln", "age", "sex", "diagnosis",
    "creatinine", "cystatin", "hemoglobin", "platelets", "igm", "del17p", "t4_14", "t14_16",
    "t14_20", "gain1q", "tp53", "ighv_unmutated", "clinical_stage", "bone_marrow",
    "node_diameter_cm", "urine_b2m", "urine_ph", "height_cm",
    "urine_creatinine", "egfr", "ldh_high", "del17p_ccf", "tp53_mutation",
    "t14_20", "del1p32"))
})

test_that("every registry input is a column, a derived input or an earlier result", {
  seen <- character()
  citations <- getFromNamespace("system_citations", "b2m")()
  for (e in registry$entries) {
    known <- c(convention$column, names(registry$derived), seen)
    expect_true(all(e$inputs %in% known), label = e$output)
    expect_true(all(e$optional %in% e$inputs), label = e$output)
    expect_true(all(e$units %in% convention$column[!is.na(convention$quantity)]),
                label = e$output)
    expect_true(e$system %in% citations$system, label = e$output)
    seen <- c(seen, e$output)
  }
  expect_true(all(registry$derived$egfr$needs %in% seen))
})

test_that("the registry's arguments are those of the package's functions", {
  ns <- asNamespace("b2m")
  for (e in registry$entries) {
    fun <- get(e$fun, envir = ns, mode = "function")
    formals <- formals(fun)
    # a function called instead takes `fun`'s arguments (passed on in its
    # `...`) and its own, inputs annotate has computed already
    own <- if (!is.null(e$via)) {
      setdiff(names(formals(get(e$via, envir = ns, mode = "function"))), "...")
    }
    expect_true(all(own %in% c(names(formals), names(e$inputs))), label = e$fun)
    expect_true(all(c(names(e$inputs), names(e$units)) %in%
                      c(names(formals), own)),
                label = e$fun)
    # an argument without a default is never optional: a system scoring
    # B2M above the laboratory's limit needs it and does not assume one
    no_default <- names(formals)[vapply(formals, function(x) {
      is.name(x) && !nzchar(as.character(x))
    }, logical(1))]
    required <- names(e$inputs)[!e$inputs %in% e$optional]
    expect_true(all(no_default %in% required), label = e$fun)
  }
  limits <- b2m:::staging_input_table()
  limits <- limits[limits$kind == "limit", ]
  expect_gt(nrow(limits), 0)
  for (i in seq_len(nrow(limits))) {
    entry <- Filter(function(e) e$output == limits$system[i],
                    registry$entries)[[1]]
    expect_false(limits$input[i] %in% entry$optional, label = entry$output)
  }
})

# A plain-R best eGFR, written apart from the package's.
best_of <- function(crcys, cys, cr) {
  ifelse(!is.na(crcys), crcys, ifelse(!is.na(cys), cys, cr))
}

# Each result column's levels, or "double"; the staging systems' stages have
# the levels of the rule table, their scores are doubles.
staging_kinds <- stats::setNames(
  c(staging$levels, as.list(rep("double", sum(staging$has_score)))),
  c(staging$system, paste0(staging$system[staging$has_score], "_score")))
cohort_outputs <- c(
  list(b2m_status = c("normal", "elevated"), b2m_fold_uln = "double"),
  staging_kinds[staging_outputs],
  list(
    egfr_cr = "double", egfr_cys = "double", egfr_crcys = "double",
    egfr_b2m = "double",
    egfr_equation = c("reported", "CKiD U25 creatinine-cystatin C",
                      "CKiD U25 cystatin C", "CKiD U25 creatinine",
                      "CKD-EPI 2021 creatinine-cystatin C",
                      "CKD-EPI 2012 cystatin C", "CKD-EPI 2021 creatinine"),
    gfr_category = c("G1", "G2", "G3a", "G3b", "G4", "G5"),
    b2m_expected = "double", b2m_excess = "double",
    b2m_pattern = c("normal", "glomerular", "tubular", "combined")
  )
)

test_that("the example cohort gets every column, of its type and levels", {
  cohort <- b2m_example("cohort")
  expect_message(
    expect_warning(out <- b2m_annotate(cohort),
                   class = "b2m_warning_acid_urine"),
    class = "b2m_message_annotate")
  expect_identical(names(out),
                   c(names(cohort), "b2m_diagnosis", names(cohort_outputs)))
  expect_identical(out[names(cohort)], cohort)
  expect_identical(out$b2m_diagnosis, b2m_diagnosis(cohort$diagnosis))
  for (column in names(cohort_outputs)) {
    kind <- cohort_outputs[[column]]
    if (identical(kind, "double")) {
      expect_type(out[[column]], "double")
    } else {
      expect_s3_class(out[[column]], "factor")
      expect_identical(levels(out[[column]]), kind, label = column)
      # stages and categories are ordered; status, equation and pattern are not
      expect_identical(is.ordered(out[[column]]),
                       !column %in% c("b2m_status", "egfr_equation",
                                      "b2m_pattern"),
                       label = column)
    }
    expect_false(all(is.na(out[[column]])), label = column)
  }
})

test_that("the example cohort's columns equal direct calls of the functions", {
  d <- b2m_example("cohort")
  out <- suppressWarnings(suppressMessages(b2m_annotate(d)))
  ldh_high <- d$ldh > d$ldh_uln
  # each staging system only for the patients of its disease (the cohort
  # has no missing diagnosis)
  # (by indexing, so that a risk's criteria are NA where it is)
  only <- function(x, disease) {
    x[ifelse(d$diagnosis == disease, seq_along(x), NA)]
  }
  expect_identical(out$b2m_status, b2m_classify(d$b2m, uln = d$b2m_uln))
  expect_identical(out$b2m_fold_uln, b2m_fold_uln(d$b2m, uln = d$b2m_uln))
  d$ldh_high <- ldh_high
  for (i in seq_len(nrow(staging))) {
    args <- as.list(d)[staging$inputs[[i]]]
    key <- staging$system[i]
    disease <- staging$disease[i]
    expect_identical(out[[key]], only(do.call(staging$stage_fun[i], args),
                                      disease), label = key)
    if (staging$has_score[i]) {
      expect_identical(out[[paste0(key, "_score")]],
                       only(do.call(staging$score_fun[i], args), disease),
                       label = key)
    }
  }
  expect_identical(out$egfr_cr, egfr_ckdepi_cr(d$creatinine, d$age, d$sex))
  expect_identical(out$egfr_cys, egfr_ckdepi_cys(d$cystatin, d$age, d$sex))
  expect_identical(out$egfr_crcys, egfr_ckdepi_crcys(d$creatinine, d$cystatin,
                                                     d$age, d$sex))
  expect_identical(out$egfr_b2m, egfr_b2m(d$b2m))
  egfr <- best_of(out$egfr_crcys, out$egfr_cys, out$egfr_cr)
  # the cohort has rows of each kind, so each preference is exercised
  expect_true(any(!is.na(out$egfr_crcys)))
  expect_true(any(is.na(d$creatinine) & !is.na(out$egfr_cys)))
  expect_true(any(is.na(d$cystatin) & !is.na(out$egfr_cr)))
  expect_identical(out$gfr_category, gfr_category(egfr))
  expect_identical(out$b2m_expected, b2m_expected(egfr))
  expect_identical(out$b2m_excess, b2m_excess(d$b2m, egfr))
  expect_identical(out$b2m_pattern, suppressWarnings(
    b2m_pattern(d$b2m, d$urine_b2m, serum_uln = d$b2m_uln,
                urine_ph = d$urine_ph)))
})

test_that("the example cohort is annotated whatever the unit of B2M", {
  cohort <- b2m_example("cohort")
  out <- suppressWarnings(suppressMessages(b2m_annotate(cohort)))
  # a laboratory limit in the b2m unit follows it
  cohort$b2m <- cohort$b2m * 1000
  cohort$b2m_uln <- cohort$b2m_uln * 1000
  out2 <- suppressWarnings(suppressMessages(
    b2m_annotate(cohort, units = c(b2m = "ug/L"))))
  for (column in c("b2m_status", staging$system, "gfr_category",
                   "b2m_pattern")) {
    expect_identical(out2[[column]], out[[column]], label = column)
  }
  expect_equal(out2$b2m_excess, out$b2m_excess)
  expect_equal(out2$b2m_expected, out$b2m_expected * 1000)
})

test_that("the example CSV read with read.csv() defaults is annotated alike", {
  # blank cells of character columns are "" there, not NA
  path <- system.file("extdata", "b2m_cohort.csv", package = "b2m")
  raw <- utils::read.csv(path, stringsAsFactors = FALSE)
  expect_true(any(raw$clinical_stage %in% ""))
  out <- suppressWarnings(suppressMessages(b2m_interpret(raw)))
  want <- suppressWarnings(suppressMessages(
    b2m_interpret(b2m_example("cohort"))))
  added <- setdiff(names(want), names(raw))
  expect_identical(out[added], want[added])
})

test_that("without a B2M limit a system scoring above it is skipped, saying it needs one", {
  cohort <- b2m_example("cohort")
  cohort$b2m_uln <- NULL
  cnd <- NULL
  out <- withCallingHandlers(
    suppressWarnings(b2m_annotate(cohort)),
    b2m_message_annotate = function(m) {
      cnd <<- m
      invokeRestart("muffleMessage")
    })
  # the systems reading the limit as an input, and their outputs
  inputs <- b2m:::staging_input_table()
  keys <- unique(inputs$system[inputs$input == "b2m_uln"])
  expect_gt(length(keys), 0)
  outputs <- unlist(lapply(keys, function(key) {
    c(key, if (staging$has_score[staging$system == key]) paste0(key, "_score"))
  }))
  for (output in outputs) expect_identical(cnd$skipped[[output]], "b2m_uln")
  expect_match(conditionMessage(cnd),
               paste0(paste0("`", outputs, "`", collapse = ", "),
                      ": lacks b2m_uln"), fixed = TRUE)
  expect_false(any(outputs %in% names(out)))
  # the other users of the limit fall back on the package default
  expect_identical(out$b2m_status, b2m_classify(cohort$b2m))
})

test_that("the message on the example cohort and on B2M with albumin only", {
  cohort <- b2m_example("cohort")
  expect_snapshot(out <- suppressWarnings(b2m_annotate(cohort)))
  expect_snapshot(out <- b2m_annotate(cohort[c("b2m", "albumin")]))
  out <- suppressMessages(b2m_annotate(cohort[c("b2m", "albumin")]))
  expect_identical(names(out), c("b2m", "albumin", "b2m_status",
                                 "b2m_fold_uln", "iss", "egfr_b2m"))
})

test_that("the real functions keep the class and row names of the data", {
  cohort <- b2m_example("cohort")[1:20, ]
  rownames(cohort) <- paste0("r", 1:20)
  out <- suppressWarnings(suppressMessages(b2m_annotate(cohort)))
  expect_identical(rownames(out), rownames(cohort))
  expect_identical(out[names(cohort)], cohort)
  skip_if_not_installed("tibble")
  tbl <- tibble::as_tibble(cohort)
  out <- suppressWarnings(suppressMessages(b2m_interpret(tbl)))
  expect_identical(class(out), class(tbl))
  expect_identical(out[names(tbl)], tbl)
  skip_if_not_installed("data.table")
  dt <- data.table::as.data.table(cohort)
  out <- suppressWarnings(suppressMessages(b2m_interpret(dt)))
  expect_identical(class(out), class(dt))
  iss <- stage_iss(cohort$b2m, cohort$albumin)
  iss[cohort$diagnosis != "myeloma"] <- NA
  expect_identical(out$iss, iss)
})

test_that("an error of a real function names the column of `data`", {
  lab <- data.frame(B2M = c(2, 2400), ALB = c(4, 4))
  cnd <- tryCatch(suppressMessages(
    b2m_annotate(lab, columns = c(b2m = "B2M", albumin = "ALB"))),
    error = identity)
  expect_s3_class(cnd, "b2m_error_value")
  expect_identical(cnd$column, "B2M")
  expect_snapshot(b2m_annotate(lab, columns = c(b2m = "B2M", albumin = "ALB")),
                  error = TRUE)
})

test_that("the help page's convention table lists every column", {
  rd <- getFromNamespace("convention_rd", "b2m")()
  for (column in convention$column) {
    expect_match(rd, sprintf("| `%s` |", column), fixed = TRUE)
  }
})

# Fixes of #11 ------------------------------------------------------------------

myeloma_lab <- function(n = 500) {
  # 45 rows with B2M >= 5.5: ISS III; the rest I
  b2m <- ifelse(seq_len(n) <= 45, 6, 2)
  data.frame(id = seq_len(n), b2m = b2m, albumin = 4, iss = "stale")
}

test_that("an overwritten data.table key column drops the key and indices", {
  skip_if_not_installed("data.table")
  dt <- data.table::as.data.table(myeloma_lab())
  data.table::setkey(dt, iss)
  data.table::setindex(dt, iss, id)
  data.table::setindex(dt, id)
  o <- suppressMessages(b2m_annotate(dt, overwrite = TRUE))
  expect_null(data.table::key(o))
  expect_null(attr(o, "sorted"))
  # the index on `id` alone still holds; the one using `iss` does not
  expect_identical(data.table::indices(o), "id")
  # a join as a data.table-aware caller writes it: 0 rows with the stale key
  join <- function(x) {
    eval(quote(nrow(x[list("III"), on = "iss", nomatch = NULL])),
         list(x = x), globalenv())
  }
  expect_identical(join(o), 45L)
  expect_identical(sum(o$iss == "III"), 45L)
  # the input keeps its key
  expect_identical(data.table::key(dt), "iss")
})

test_that("a key is cut before the first replaced column, others kept", {
  skip_if_not_installed("data.table")
  dt <- data.table::as.data.table(myeloma_lab(10))
  data.table::setkey(dt, id, iss)
  o <- suppressMessages(b2m_annotate(dt, overwrite = TRUE))
  expect_identical(data.table::key(o), "id")
  dt <- data.table::as.data.table(myeloma_lab(10))
  data.table::setkey(dt, id)
  o <- suppressMessages(b2m_annotate(dt, overwrite = TRUE))
  expect_identical(data.table::key(o), "id")
})

test_that("an overwritten grouping column regroups a grouped tibble", {
  skip_if_not_installed("dplyr")
  g <- dplyr::group_by(myeloma_lab(), iss)
  expect_identical(dplyr::n_groups(g), 1L)
  o <- suppressMessages(b2m_annotate(g, overwrite = TRUE))
  expect_s3_class(o, "grouped_df")
  expect_identical(dplyr::group_vars(o), "iss")
  counts <- dplyr::summarise(o, n = dplyr::n())
  expect_identical(as.character(counts$iss), c("I", "III"))
  expect_identical(counts$n, c(455L, 45L))
  # grouped by a column not replaced: the groups are kept as they were
  g <- dplyr::group_by(myeloma_lab(), albumin)
  o <- suppressMessages(b2m_annotate(g, overwrite = TRUE))
  expect_identical(attr(o, "groups"), attr(g, "groups"))
})

test_that("a grouping left without dplyr is dropped, not left stale", {
  g <- structure(myeloma_lab(4), class = c("grouped_df", "tbl_df", "tbl",
                                            "data.frame"))
  attr(g, "groups") <- structure(
    list(iss = "stale", .rows = list(1:4)), class = "data.frame",
    row.names = 1L)
  regrouped <- getFromNamespace("regroup", "b2m")(g, "iss", dplyr = FALSE)
  expect_s3_class(regrouped, "tbl_df")
  expect_false(inherits(regrouped, "grouped_df"))
  expect_null(attr(regrouped, "groups"))
})

ldh_lab <- function(ldh, ldh_uln) {
  data.frame(b2m = c(4, 4), albumin = c(4, 4), ldh = ldh, ldh_uln = ldh_uln,
             del17p = FALSE, t4_14 = FALSE, t14_16 = FALSE)
}

test_that("LDH and its limit go through the value checks of staging", {
  # a limit of 0 ("not recorded") made every LDH high and R-ISS II into III
  for (uln in list(c(0, 0), c(-1, 250), c(250, Inf), c(250, 1e6))) {
    cnd <- tryCatch(suppressMessages(b2m_annotate(ldh_lab(c(100, 300), uln))),
                    error = identity)
    expect_s3_class(cnd, "b2m_error_value")
    expect_identical(cnd$column, "ldh_uln")
    expect_match(conditionMessage(cnd), "`ldh_uln` is column `ldh_uln`",
                 fixed = TRUE)
  }
  for (ldh in list(c(-5, 100), c(100, Inf), c(100, 2e5))) {
    cnd <- tryCatch(suppressMessages(b2m_annotate(ldh_lab(ldh, 250))),
                    error = identity)
    expect_s3_class(cnd, "b2m_error_value")
    expect_identical(cnd$column, "ldh")
  }
  # a mapped column is named as the data names it
  data <- ldh_lab(c(100, 300), 0)
  names(data)[4] <- "LDH_ULN"
  cnd <- tryCatch(suppressMessages(
    b2m_annotate(data, columns = c(ldh_uln = "LDH_ULN"))), error = identity)
  expect_identical(cnd$column, "LDH_ULN")
  expect_snapshot(b2m_annotate(ldh_lab(c(100, 300), c(0, 0))), error = TRUE)
})

test_that("LDH at, below and above its limit stages as documented", {
  high <- getFromNamespace("ldh_above_limit", "b2m")
  expect_identical(high(c(249, 250, 250.0001, NA), 250),
                   c(FALSE, FALSE, TRUE, NA))
  expect_identical(high(c(100, 300), c(250, NA)), c(FALSE, NA))
})

test_that("a factor's unused unknown levels are not labels of the data", {
  data <- lab()
  data$sex <- factor(data$sex, levels = c("female", "male", "U"))
  out <- annotate_fake(data)
  data$sex <- as.character(data$sex)
  expect_identical(out$egfr_cr, annotate_fake(data)$egfr_cr)
  # the real functions, and b2m_interpret()
  cohort <- b2m_example("cohort")
  cohort$sex <- factor(cohort$sex, levels = c(unique(cohort$sex), "X"))
  cohort$clinical_stage <- factor(cohort$clinical_stage,
                                  levels = c(unique(cohort$clinical_stage),
                                             "unknown"))
  plain <- b2m_example("cohort")
  # (the acid-urine warnings of the example cohort are not the point here)
  quiet <- function(code) suppressWarnings(suppressMessages(code))
  expect_identical(quiet(b2m_annotate(cohort))$egfr_cr,
                   quiet(b2m_annotate(plain))$egfr_cr)
  # the systems reading the clinical stage's labels
  inputs <- b2m:::staging_input_table()
  readers <- unique(inputs$system[inputs$input == "clinical_stage"])
  expect_gt(length(readers), 0)
  for (key in readers) {
    expect_identical(quiet(b2m_annotate(cohort))[[key]],
                     quiet(b2m_annotate(plain))[[key]], label = key)
  }
  expect_identical(quiet(b2m_interpret(cohort))$b2m_mechanism,
                   quiet(b2m_interpret(plain))$b2m_mechanism)
  # a level rows use is still an error, with a message
  cohort$sex[3] <- "X"
  cnd <- tryCatch(quiet(b2m_annotate(cohort)), error = identity)
  expect_s3_class(cnd, "b2m_error_value")
  expect_identical(cnd$column, "sex")
  expect_identical(cnd$rows, 3)
  expect_match(conditionMessage(cnd), "found \"X\" in row 3", fixed = TRUE)
})

test_that("duplicated input or result columns are refused, naming them", {
  data <- lab()
  twice <- cbind(data, b2m = 9)
  cnd <- tryCatch(annotate_fake(twice), error = identity)
  expect_s3_class(cnd, "b2m_error_column")
  expect_identical(cnd$column, "b2m")
  expect_error(suppressMessages(b2m_annotate(twice)), class = "b2m_error_column")
  expect_error(suppressMessages(b2m_interpret(twice)),
               class = "b2m_error_column")
  # two existing results, overwrite = TRUE: the second would be left stale
  stale <- cbind(data, stage = "x", stage = "y")
  cnd <- tryCatch(annotate_fake(stale, overwrite = TRUE), error = identity)
  expect_s3_class(cnd, "b2m_error_column")
  expect_identical(cnd$column, "stage")
  # a mapped input column present twice
  mapped <- cbind(data[-2], B2M = data$b2m, B2M = 9)
  cnd <- tryCatch(annotate_fake(mapped, columns = c(b2m = "B2M")),
                  error = identity)
  expect_s3_class(cnd, "b2m_error_column")
  expect_identical(cnd$column, "B2M")
  # duplicates of a column nothing reads or writes are the user's business
  other <- cbind(data, note = "a", note = "b")
  expect_identical(ncol(annotate_fake(other)), ncol(other) + 5L)
  expect_snapshot(b2m_annotate(cbind(data, b2m = 9)), error = TRUE)
})

test_that("a matrix or data-frame input column is a type error naming it", {
  data <- lab()
  data$b2m <- cbind(data$b2m, 1)
  cnd <- tryCatch(annotate_fake(data), error = identity)
  expect_s3_class(cnd, "b2m_error_type")
  expect_identical(cnd$column, "b2m")
  data$b2m <- cbind(lab()$b2m)
  expect_error(annotate_fake(data), class = "b2m_error_type")
  data$b2m <- data.frame(a = lab()$b2m)
  expect_error(annotate_fake(data), class = "b2m_error_type")
})

fake_raise_egfr <- function(egfr) {
  b2m_abort <- getFromNamespace("b2m_abort", "b2m")
  b2m_abort("`egfr` is wrong in row 1.", "b2m_error_value", arg = "egfr")
}

test_that("an error on a derived input names the columns it came from", {
  reg <- fake_registry(entry("raise", "fake_raise_egfr", "kdigo",
                             c(egfr = "egfr")))
  cnd <- tryCatch(annotate_fake(lab(), registry = reg), error = identity)
  expect_s3_class(cnd, "b2m_error_value")
  # the eGFR here is computed from creatinine, age and sex
  expect_identical(cnd$column, c("age", "sex", "creatinine"))
  expect_match(conditionMessage(cnd),
               "(`egfr` is computed from columns `age`, `sex`, `creatinine`",
               fixed = TRUE)
  # creatinine 0.0005 mg/dL gave an eGFR of 603 and an error blaming `egfr`
  data <- data.frame(b2m = 2, creatinine = c(1, 0.0005), age = 50, sex = "F")
  cnd <- tryCatch(suppressMessages(b2m_annotate(data)), error = identity)
  expect_s3_class(cnd, "b2m_error_value")
  expect_identical(cnd$column, "creatinine")
  expect_identical(cnd$rows, 2)
  expect_identical(cnd$problems, "too_low")
})

test_that("the advice to change a unit is said as `units`, from fields", {
  data <- data.frame(B2M = c(2, 2400), ALB = 4)
  cnd <- tryCatch(suppressMessages(b2m_annotate(
    data, columns = c(b2m = "B2M", albumin = "ALB"))), error = identity)
  expect_identical(cnd$suggested_unit, "ug/L")
  expect_identical(cnd$unit_arg, "unit")
  expect_match(conditionMessage(cnd), "Set `units = c(b2m = \"ug/L\")`",
               fixed = TRUE)
  expect_false(grepl("accordingly", conditionMessage(cnd)))
})

test_that("unit columns, character or factor, mixed and missing, annotate as the converted values", {
  quiet_annotate <- function(...) suppressWarnings(suppressMessages(b2m_annotate(...)))
  # every entry reads the values converted to the convention's unit, from
  # unit columns of several inputs at once; a unit is missing only where its
  # values are
  d <- b2m_example("cohort")
  n <- nrow(d)
  set.seed(17)
  d$b2m[c(3, n)] <- NA
  d$b2m_uln[c(3, n)] <- NA
  d$creatinine[5] <- NA
  pick <- function(units) sample(units, n, replace = TRUE)
  given <- list(
    b2m = list(column = "B2M_UNIT", units = pick(c("mg/L", "ug/L", "nmol/L", "mg/dL"))),
    albumin = list(column = "ALB_UNIT", units = pick(c("g/dL", "g/L"))),
    creatinine = list(column = "CR_UNIT", units = pick(c("mg/dL", "umol/L"))),
    urine_b2m = list(column = "UB2M_UNIT", units = pick(c("ug/L", "mg/L")))
  )
  given$b2m$units[c(3, n)] <- NA
  given$creatinine$units[5] <- NA
  # the user's columns in the units of their rows
  quantity <- c(b2m = "b2m", albumin = "albumin", creatinine = "creatinine",
                urine_b2m = "b2m_urine")
  in_rows <- d
  for (key in names(given)) {
    units <- given[[key]]$units
    in_rows[[given[[key]]$column]] <- units
    columns <- if (key == "b2m") c("b2m", "b2m_uln") else key
    for (column in columns) {
      to <- b2m:::quantity_table[[quantity[[key]]]]$canonical
      if (key == "urine_b2m") to <- "ug/L"
      known <- !is.na(units)
      in_rows[[column]][known] <- b2m:::convert_unit_rows(
        d[[column]][known], column, quantity[[key]], to, "to", units[known],
        "units", NULL)
    }
  }
  units <- vapply(given, `[[`, "", "column")
  want <- quiet_annotate(d)
  added <- setdiff(names(want), names(d))
  expect_gt(length(added), 20)
  got <- quiet_annotate(in_rows, units = units)
  expect_identical(got[names(in_rows)], in_rows)
  # the same columns, to the last bit, as the values converted by hand
  by_hand <- in_rows
  for (key in names(given)) {
    columns <- if (key == "b2m") c("b2m", "b2m_uln") else key
    for (column in columns) {
      to <- if (key == "urine_b2m") "ug/L" else
        b2m:::quantity_table[[quantity[[key]]]]$canonical
      by_hand[[column]] <- b2m:::convert_unit_rows(
        in_rows[[column]], column, quantity[[key]], given[[key]]$units,
        "units", to, "to", NULL)
    }
  }
  expect_identical(got[added], quiet_annotate(by_hand)[added])
  as_factors <- in_rows
  for (column in units) as_factors[[column]] <- factor(in_rows[[column]])
  expect_identical(quiet_annotate(as_factors, units = units)[added], got[added])
  # the entries read the converted values, also where converting rounds: a
  # B2M one ulp below 5.5 mg/L in nmol/L converts to 5.5 mg/L, ISS III,
  # while stage_iss() and `units = c(b2m = "nmol/L")` compare it in nmol/L
  # (ISS II)
  hair <- data.frame(b2m = 5.5 * 1e6 / 11800 - 2^-44, albumin = 4,
                     unit = "nmol/L")
  expect_identical(b2m_convert(hair$b2m, "nmol/L"), 5.5)
  expect_identical(
    as.character(quiet_annotate(hair, units = c(b2m = "unit"))$iss), "III")
  expect_identical(
    as.character(quiet_annotate(hair, units = c(b2m = "nmol/L"))$iss), "II")
})

test_that("a `units` entry naming a column of `data` gives a unit per row", {
  d <- data.frame(b2m = c(6.2, 525, 1800, 2.1), b2m_uln = c(2.4, 203.4, 2400, 2.4),
                  unit = c("mg/L", "nmol/L", "ug/L", "mg/L"),
                  albumin = c(40, 4, 4, 3.4), albumin_unit = c("g/L", "g/dL", "g/dL", "g/dL"))
  by_hand <- data.frame(
    b2m = b2m_convert(d$b2m, d$unit), b2m_uln = b2m_convert(d$b2m_uln, d$unit),
    unit = d$unit, albumin = c(4, 4, 4, 3.4), albumin_unit = d$albumin_unit)
  per_row <- suppressMessages(
    b2m_annotate(d, units = c(b2m = "unit", albumin = "albumin_unit")))
  expected <- suppressMessages(b2m_annotate(by_hand))
  # the user's columns come back as they were, the results as by hand
  expect_identical(per_row[names(d)], d)
  expect_identical(per_row[setdiff(names(per_row), names(d))],
                   expected[setdiff(names(expected), names(d))])
  expect_identical(as.character(per_row$iss), c("III", "III", "I", "II"))
  interpreted <- suppressMessages(
    b2m_interpret(d, units = c(b2m = "unit", albumin = "albumin_unit")))
  expect_identical(interpreted$b2m_comment,
                   suppressMessages(b2m_interpret(by_hand))$b2m_comment)
  e <- expect_error(
    b2m_annotate(transform(d, unit = c("mg/L", "mmol/L", "ug/L", NA)),
                 units = c(b2m = "unit")),
    class = "b2m_error_unit")
  expect_equal(e$rows, 2)
  e <- expect_error(
    b2m_annotate(transform(d, unit = c("mg/L", "mg/L", "ug/L", NA)),
                 units = c(b2m = "unit")),
    class = "b2m_error_unit")
  expect_equal(e$rows, 4)
})
