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

# The staging systems of the C rule table, and the columns each appends: its
# stage and, with a score, `<key>_score`.
systems <- getFromNamespace("staging_systems", "b2m")()
system_outputs <- function(keys) {
  unlist(lapply(keys, function(key) {
    c(key, if (systems$has_score[systems$system == key]) paste0(key, "_score"))
  }))
}
# The first system of each disease, in table order.
first_of_disease <- systems$system[!duplicated(systems$disease)]

quiet_annotate <- function(...) suppressWarnings(suppressMessages(b2m_annotate(...)))

# The example cohort with every staging input in every row (the cohort has
# the flags, IgM and nodes of a disease only for its patients), so that every
# system can stage every patient when no diagnosis says otherwise.
full_cohort <- function() {
  d <- b2m_example("cohort")
  fill <- list(igm = 1.5, del17p = FALSE, t4_14 = FALSE, t14_16 = FALSE,
               t14_20 = FALSE, gain1q = TRUE, tp53 = FALSE, ighv_unmutated = TRUE,
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
  # one stage column per system (and a score column where it has a score),
  # in table order, each for the system's own disease
  expect_identical(names(staging_outputs), system_outputs(systems$system))
  expect_identical(unname(staging_outputs),
                   systems$disease[match(sub("_score$", "", names(staging_outputs)),
                                         systems$system)])
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
  expect_identical(myeloma$outputs,
                   system_outputs(systems$system[systems$disease == "myeloma"]))
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
  others <- names(staging_outputs)[staging_outputs != "myeloma"]
  expect_true(any(!is.na(unlist(lapply(with_dx[others], `[`, unknown)))))
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

# A mixed cohort of `n` rows, more than the chunks C gathers a disease's rows
# in (8192): diagnoses shuffled, some missing, blank or unknown ("other"),
# and inputs missing in some rows of every disease.
mixed_cohort <- function(n = 20000) {
  set.seed(14)
  d <- full_cohort()
  d <- d[sample(nrow(d), n, replace = TRUE), ]
  rownames(d) <- NULL
  d$diagnosis[sample(n, n / 10)] <- NA
  d$diagnosis[sample(n, n / 20)] <- "asthma"
  d$diagnosis[sample(n, n / 50)] <- " "
  for (column in c("b2m", "b2m_uln", "albumin", "ldh", "age", "hemoglobin",
                   "clinical_stage", "bone_marrow", "del17p", "tp53")) {
    d[[column]][sample(n, n / 10)] <- NA
  }
  d
}

test_that("staging a disease's rows in place equals staging a copy of them", {
  d <- mixed_cohort()
  out <- quiet_annotate(d)
  dx <- suppressMessages(b2m_diagnosis(d$diagnosis))
  for (disease in unique(staging_outputs)) {
    rows <- which(is.na(dx) | dx == disease)
    # the copy has no row of another disease: staged as without a diagnosis
    copy <- quiet_annotate(d[rows, ])
    for (output in names(staging_outputs)[staging_outputs == disease]) {
      expected <- copy[[output]][match(seq_len(nrow(d)), rows)]
      expect_true(any(!is.na(expected)) && anyNA(expected), label = output)
      expect_identical(out[[output]], expected, label = output)
    }
  }
})

test_that("stage_system() with `where` stages only the rows of those codes", {
  d <- mixed_cohort()
  dx <- suppressMessages(b2m_diagnosis(d$diagnosis))
  where <- list(codes = dx, staged = staged_codes(dx, "myeloma"))
  rows <- which(staged_by(dx, "myeloma"))
  args <- list(b2m = d$b2m, albumin = d$albumin, b2m_unit = "mg/L",
               albumin_unit = "g/dL")
  stage <- stage_system("iss", args, where = where)
  expect_identical(stage, stage_iss(d$b2m[rows], d$albumin[rows])[
    match(seq_len(nrow(d)), rows)])
  # a bad value in a staged row is reported with its row of the data; one
  # in another disease's row is not read
  last <- rows[length(rows) - 1]
  args$albumin[c(last, setdiff(seq_len(nrow(d)), rows)[1])] <- -1
  cnd <- tryCatch(stage_system("iss", args, where = where, call = NULL),
                  b2m_error_value = identity)
  expect_s3_class(cnd, "b2m_error_value")
  expect_identical(cnd$rows, as.numeric(last))
  expect_identical(cnd$count, 1)
})

test_that("stage_system() with `where` reads a unit per row of the rows it stages", {
  # the staged rows' units are read as a whole column's are: labels given
  # as strings (one spelled otherwise, which R reads again), as a factor,
  # missing where the value is; rows gathered in pieces of 2048, the last
  # one short
  d <- mixed_cohort()
  n <- nrow(d)
  dx <- suppressMessages(b2m_diagnosis(d$diagnosis))
  set.seed(15)
  b2m_units <- sample(c("mg/L", "ug/L", "nmol/L", "mg/dL"), n, replace = TRUE)
  albumin_units <- sample(c("g/dL", "g/L"), n, replace = TRUE)
  b2m_units[is.na(d$b2m) & seq_len(n) %% 2 == 0] <- NA
  in_units <- function(x, units, quantity) {
    for (u in unique(stats::na.omit(units))) {
      s <- b2m:::quantity_table[[quantity]]$units[[u]]
      at <- which(units == u)
      x[at] <- x[at] * s[1] / s[2]
    }
    x
  }
  b2m <- in_units(d$b2m, b2m_units, "b2m")
  b2m_uln <- in_units(replace(d$b2m_uln, is.na(b2m_units), NA), b2m_units,
                      "b2m")
  albumin <- in_units(d$albumin, albumin_units, "albumin")
  spelled <- b2m_units
  spelled[which(b2m_units == "mg/L")[c(1, 50, 400)]] <- "MG/L"
  for (disease in c("myeloma", "follicular lymphoma")) {
    where <- list(codes = dx, staged = staged_codes(dx, disease))
    rows <- which(staged_by(dx, disease))
    back <- match(seq_len(n), rows)
    if (disease == "myeloma") {
      args <- list(b2m = b2m, albumin = albumin, b2m_unit = b2m_units,
                   albumin_unit = albumin_units)
      alone <- stage_iss(b2m[rows], albumin[rows], b2m_unit = b2m_units[rows],
                         albumin_unit = albumin_units[rows])[back]
      key <- "iss"
    } else {
      args <- list(age = d$age, b2m = b2m, b2m_uln = b2m_uln,
                   node_diameter_cm = d$node_diameter_cm,
                   bone_marrow = d$bone_marrow, hemoglobin = d$hemoglobin,
                   b2m_unit = b2m_units, hemoglobin_unit = "g/dL")
      alone <- score_flipi2(
        d$age[rows], b2m[rows], b2m_uln[rows], d$node_diameter_cm[rows],
        d$bone_marrow[rows], d$hemoglobin[rows],
        b2m_unit = b2m_units[rows])[back]
      key <- "flipi2"
    }
    score <- key == "flipi2"
    expect_gt(length(unique(stats::na.omit(alone))), 1)
    for (units in list(b2m_units, spelled, factor(b2m_units))) {
      args$b2m_unit <- units
      expect_identical(stage_system(key, args, score = score, where = where),
                       alone, label = paste(key, class(units)))
    }
  }
})

test_that("a value refused only in another disease's rows is no error", {
  # an unknown stage label in a myeloma row: CLL-IPI judges its own rows
  # only (as the copy of those rows is judged)
  d <- data.frame(b2m = c(2, 3, 4, 5, 6), b2m_uln = 2.7,
                  albumin = 4, tp53 = FALSE, ighv_unmutated = TRUE, age = 70,
                  clinical_stage = c("Q", "A", "B", NA, "C"),
                  hemoglobin = 13, bone_marrow = TRUE, node_diameter_cm = 7,
                  diagnosis = c("myeloma", "CLL", "FL", NA, "CLL"))
  out <- suppressMessages(b2m_annotate(d))
  # each system staged as if its disease's rows (and those without a
  # diagnosis) were alone: CLL rows 2, 4, 5; FL rows 3, 4
  dx <- b2m_diagnosis(d$diagnosis)
  staged <- intersect(systems$system, names(out))
  for (disease in setdiff(unique(systems$disease[systems$system %in% staged]),
                          "myeloma")) {
    rows <- which(dx == disease | is.na(dx))
    alone <- suppressMessages(b2m_annotate(d[rows, ]))
    for (key in systems$system[systems$disease == disease & systems$system %in% staged]) {
      expect_identical(out[[key]], alone[[key]][match(seq_len(nrow(d)), rows)],
                       label = key)
    }
  }
  expect_gte(length(setdiff(staged, systems$system[systems$disease == "myeloma"])), 2)
  expect_identical(as.character(out$iss), c("I", NA, NA, "II", NA))
  # the same values in a staged row are errors naming it
  d$diagnosis[1] <- "CLL"
  cnd <- expect_error(suppressMessages(b2m_annotate(d)),
                      class = "b2m_error_value")
  expect_identical(cnd$labels, "Q")
  expect_identical(cnd$rows, 1)
})

test_that("a disease without patients gets an all-NA column of its type", {
  d <- data.frame(b2m = c(2, 6), albumin = c(4, 3), diagnosis = "CLL")
  out <- suppressMessages(b2m_annotate(d))
  expect_identical(out$iss, factor(c(NA, NA), levels = c("I", "II", "III"),
                                   ordered = TRUE))
})

test_that("`systems` chooses the staging systems", {
  cohort <- b2m_example("cohort")
  # two systems of different diseases, one with a score
  chosen <- first_of_disease[1:2]
  expect_true(any(systems$has_score[match(chosen, systems$system)]))
  out <- quiet_annotate(cohort, systems = chosen)
  all_columns <- names(quiet_annotate(cohort))
  kept <- setdiff(all_columns, setdiff(names(staging_outputs),
                                       system_outputs(chosen)))
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
  # the last system of the table alone: none of the others
  last <- systems$system[nrow(systems)]
  out <- suppressWarnings(suppressMessages(
    b2m_interpret(cohort, systems = last)))
  expect_true(last %in% names(out))
  expect_false(any(setdiff(systems$system, last) %in% names(out)))
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
