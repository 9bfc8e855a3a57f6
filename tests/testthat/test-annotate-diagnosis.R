# Staging by diagnosis in b2m_annotate() and b2m_interpret(): each system only
# for the patients of its disease, every system where no diagnosis is known.

system_disease <- getFromNamespace("system_disease", "b2m")
annotate_run <- getFromNamespace("annotate_run", "b2m")
registry <- getFromNamespace("annotate_registry", "b2m")()

# The staging columns of the registry and the disease of each.
staging_outputs <- local({
  entries <- Filter(function(e) !is.na(system_disease(e$system)),
                    registry$entries)
  stats::setNames(vapply(entries, function(e) system_disease(e$system), ""),
                  vapply(entries, `[[`, "", "output"))
})

quiet_annotate <- function(...) suppressWarnings(suppressMessages(b2m_annotate(...)))

# The example cohort with every staging input in every row (the cohort has
# the flags, IgM and nodes of a disease only for its patients), so that every
# system can stage every patient when no diagnosis says otherwise.
full_cohort <- function() {
  d <- b2m_example("cohort")
  fill <- list(igm = 1.5, del17p = FALSE, t4_14 = FALSE, t14_16 = FALSE,
               gain1q = TRUE, tp53 = FALSE, ighv_unmutated = TRUE,
               clinical_stage = "B", bone_marrow = TRUE,
               node_diameter_cm = 7)
  for (column in names(fill)) {
    d[[column]][is.na(d[[column]])] <- fill[[column]]
  }
  d
}

# (by indexing, so that a risk's criteria are NA where it is)
masked <- function(x, keep) {
  x[ifelse(keep, seq_along(x), NA)]
}

test_that("every staging column has one of the four diseases", {
  expect_setequal(unname(staging_outputs),
                  c("myeloma", "CLL", "Waldenstrom", "follicular lymphoma"))
  expect_identical(names(staging_outputs), c(
    "iss", "riss", "r2iss", "r2iss_score", "imwg2025", "cll_ipi", "cll_ipi_score",
    "ipsswm", "ipsswm_score", "ripsswm", "ripsswm_score", "flipi2",
    "flipi2_score", "prima_pi"))
  expect_true(all(staging_outputs %in% levels(b2m_diagnosis(character()))))
  # the laboratory and kidney columns stage no disease
  expect_identical(system_disease(c("reference", "ckdepi_cr", "pattern")),
                   rep(NA_character_, 3))
})

test_that("with a diagnosis each system is NA outside its disease, computed everywhere without", {
  cohort <- full_cohort()
  with_dx <- quiet_annotate(cohort)
  without <- quiet_annotate(cohort[names(cohort) != "diagnosis"])
  expect_false("b2m_diagnosis" %in% names(without))
  for (output in names(staging_outputs)) {
    mine <- cohort$diagnosis == staging_outputs[[output]]
    # without a diagnosis the system stages other diseases too (the test
    # could fail), with one it is exactly those values in its disease's rows
    expect_true(any(!is.na(without[[output]][!mine])), label = output)
    expect_true(any(!is.na(with_dx[[output]][mine])), label = output)
    expect_identical(with_dx[[output]], masked(without[[output]], mine),
                     label = output)
    expect_identical(levels(with_dx[[output]]), levels(without[[output]]))
  }
  # the columns of no disease are the same with and without
  for (output in c("b2m_status", "egfr_cr", "gfr_category", "b2m_excess")) {
    expect_identical(with_dx[[output]], without[[output]], label = output)
  }
})

test_that("the message says how the systems were applied", {
  cohort <- b2m_example("cohort")
  cnd <- NULL
  withCallingHandlers(
    suppressWarnings(b2m_annotate(cohort[names(cohort) != "diagnosis"])),
    b2m_message_annotate = function(m) {
      cnd <<- m
      invokeRestart("muffleMessage")
    })
  expect_false(cnd$staging$by_diagnosis)
  expect_match(conditionMessage(cnd),
               "every staging system was applied to every row", fixed = TRUE)
  d <- cohort[1:40, ]
  d$diagnosis[1:3] <- NA
  withCallingHandlers(
    suppressWarnings(b2m_annotate(d)),
    b2m_message_annotate = function(m) {
      cnd <<- m
      invokeRestart("muffleMessage")
    })
  expect_true(cnd$staging$by_diagnosis)
  expect_identical(cnd$staging$undiagnosed, 3L)
  myeloma <- cnd$staging$diseases[[1]]
  expect_identical(myeloma$disease, "myeloma")
  expect_identical(myeloma$outputs, c("iss", "riss", "r2iss", "r2iss_score",
                                      "imwg2025"))
  expect_identical(myeloma$rows, sum(d$diagnosis %in% "myeloma"))
  expect_match(conditionMessage(cnd), "* no diagnosis (3 rows): every system",
               fixed = TRUE)
  expect_match(conditionMessage(cnd),
               sprintf("* myeloma (%d rows): `iss`", myeloma$rows), fixed = TRUE)
})

test_that("a row without a diagnosis is staged by every system", {
  cohort <- full_cohort()
  d <- cohort
  unknown <- c(2, 7, 11, 30)
  d$diagnosis[unknown] <- c(NA, "", "  ", NA)
  with_dx <- quiet_annotate(d)
  without <- quiet_annotate(cohort[names(cohort) != "diagnosis"])
  expect_true(all(is.na(with_dx$b2m_diagnosis[unknown])))
  for (output in names(staging_outputs)) {
    keep <- seq_len(nrow(d)) %in% unknown |
      cohort$diagnosis == staging_outputs[[output]]
    expect_identical(with_dx[[output]], masked(without[[output]], keep),
                     label = output)
  }
  # and the rows of unknown diagnosis do get stages other than myeloma's
  expect_false(is.na(with_dx$iss[2]) && is.na(with_dx$ipsswm[2]))
})

test_that("labels and ICD-10 codes, character or factor, mapped by `columns`", {
  d <- data.frame(b2m = c(6, 6, 6, 6, 6), albumin = c(3, 3, 3, 3, 3),
                  dx = c("Multiple myeloma", "C90.0", "CLL", "asthma", NA))
  expected_iss <- factor(c("III", "III", NA, NA, "III"),
                         levels = c("I", "II", "III"), ordered = TRUE)
  out <- suppressMessages(b2m_annotate(d, columns = c(diagnosis = "dx")))
  expect_identical(out$iss, expected_iss)
  expect_identical(as.character(out$b2m_diagnosis),
                   c("myeloma", "myeloma", "CLL", "other", NA))
  d$dx <- factor(d$dx, levels = c("CLL", "asthma", "Multiple myeloma",
                                  "C90.0", "unused"))
  out <- suppressMessages(b2m_annotate(d, columns = c(diagnosis = "dx")))
  expect_identical(out$iss, expected_iss)
  names(d)[names(d) == "dx"] <- "diagnosis"
  expect_identical(suppressMessages(b2m_annotate(d))$iss, expected_iss)
  # an unknown label is named in the diagnosis message, not an error
  expect_message(b2m_annotate(d), class = "b2m_message_diagnosis")
  # a diagnosis all NA (a logical column) is no diagnosis known
  d$diagnosis <- NA
  out <- suppressMessages(b2m_annotate(d))
  expect_identical(as.character(out$iss), rep("III", 5))
})

test_that("a diagnosis that is neither text nor factor is a type error", {
  d <- data.frame(b2m = 2, albumin = 4, diagnosis = 3)
  cnd <- expect_error(suppressMessages(b2m_annotate(d)), class = "b2m_error_type")
  expect_identical(cnd$arg, "diagnosis")
  expect_identical(cnd$column, "diagnosis")
  d <- data.frame(b2m = 2, albumin = 4, dx = TRUE)
  cnd <- expect_error(suppressMessages(
    b2m_annotate(d, columns = c(diagnosis = "dx"))), class = "b2m_error_type")
  expect_identical(cnd$column, "dx")
})

test_that("only the staged rows are read, and errors name the rows of `data`", {
  d <- data.frame(b2m = c(2, 3, 4, 5), albumin = c(40, 4, 40, -1),
                  diagnosis = c("CLL", "myeloma", "CLL", "myeloma"))
  cnd <- expect_error(suppressMessages(b2m_annotate(d)),
                      class = "b2m_error_value")
  # row 4 of `data`, the second of the myeloma rows staged
  expect_identical(cnd$rows, 4)
  expect_identical(cnd$value_problem$rows, 4)
  expect_identical(cnd$column, "albumin")
  expect_match(conditionMessage(cnd), "-1 in row 4 is negative", fixed = TRUE)
  # albumin in g/L in the CLL rows (1 and 3) is not read by ISS
  d$albumin[4] <- 4
  out <- suppressMessages(b2m_annotate(d))
  expect_identical(as.character(out$iss), c(NA, "I", NA, "II"))
  # unknown labels name the rows too
  cll <- data.frame(b2m = c(2, 3, 4, 5), tp53 = FALSE, ighv_unmutated = TRUE,
                    age = 60, clinical_stage = c("Q", "A", "R", "Z"),
                    diagnosis = c("myeloma", "CLL", "myeloma", "CLL"))
  cnd <- expect_error(suppressMessages(b2m_annotate(cll)),
                      class = "b2m_error_value")
  expect_identical(cnd$rows, 4)
  expect_identical(cnd$labels, "Z")
  expect_match(conditionMessage(cnd), "found \"Z\" in row 4.", fixed = TRUE)
  # the advice to set a unit keeps the data's row numbers
  lab <- data.frame(b2m = c(2, 3, 4), albumin = c(40, 4, 35),
                    diagnosis = c("myeloma", "CLL", "myeloma"))
  cnd <- expect_error(suppressMessages(b2m_annotate(lab)),
                      class = "b2m_error_value")
  expect_identical(cnd$rows, c(1, 3))
  expect_match(conditionMessage(cnd), "rows 1 and 3", fixed = TRUE)
  expect_match(conditionMessage(cnd), "units = c(albumin = \"g/L\")",
               fixed = TRUE)
})

test_that("a disease without patients gets an all-NA column of its type", {
  d <- data.frame(b2m = c(2, 6), albumin = c(4, 3), diagnosis = "CLL")
  out <- suppressMessages(b2m_annotate(d))
  expect_identical(out$iss, factor(c(NA, NA), levels = c("I", "II", "III"),
                                   ordered = TRUE))
})

test_that("`systems` chooses the staging systems", {
  cohort <- b2m_example("cohort")
  out <- quiet_annotate(cohort, systems = c("iss", "cll_ipi"))
  all_columns <- names(quiet_annotate(cohort))
  kept <- setdiff(all_columns, setdiff(names(staging_outputs),
                                       c("iss", "cll_ipi", "cll_ipi_score")))
  expect_identical(names(out), kept)
  expect_true(all(c("b2m_status", "egfr_cr", "b2m_pattern") %in% names(out)))
  expect_identical(names(quiet_annotate(cohort, systems = character())),
                   setdiff(all_columns, names(staging_outputs)))
  cnd <- expect_error(b2m_annotate(cohort, systems = c("iss", "ISS", "kdigo")),
                      class = "b2m_error_value")
  expect_identical(cnd$arg, "systems")
  expect_identical(cnd$values, c("ISS", "kdigo"))
  expect_match(conditionMessage(cnd), "\"ISS\", \"kdigo\"", fixed = TRUE)
  expect_error(b2m_annotate(cohort, systems = 1), class = "b2m_error_type")
  expect_error(b2m_annotate(cohort, systems = NA_character_),
               class = "b2m_error_type")
  out <- suppressWarnings(suppressMessages(
    b2m_interpret(cohort, systems = "prima_pi")))
  expect_true("prima_pi" %in% names(out))
  expect_false(any(c("iss", "flipi2") %in% names(out)))
  expect_error(b2m_interpret(cohort, systems = "nope"), class = "b2m_error_value")
})

test_that("b2m_interpret() stages by diagnosis and the run holds the diagnosis", {
  cohort <- b2m_example("cohort")
  out <- suppressWarnings(suppressMessages(b2m_interpret(cohort)))
  expect_identical(out$iss, quiet_annotate(cohort)$iss)
  expect_true(all(is.na(out$iss[cohort$diagnosis != "myeloma"])))
  run <- suppressWarnings(suppressMessages(
    annotate_run(cohort, registry, NULL, NULL, FALSE, NULL)))
  expect_identical(run$diagnosis, b2m_diagnosis(cohort$diagnosis))
  run <- annotate_run(cohort["b2m"], registry, NULL, NULL, FALSE, NULL)
  expect_null(run$diagnosis)
})

test_that("an existing b2m_diagnosis column is a clash unless overwritten", {
  d <- data.frame(b2m = 2, albumin = 4, diagnosis = "MM", b2m_diagnosis = "x")
  expect_error(b2m_annotate(d), class = "b2m_error_column")
  out <- suppressMessages(b2m_annotate(d, overwrite = TRUE))
  expect_identical(as.character(out$b2m_diagnosis), "myeloma")
})
