stages <- function(x, levels = c("I", "II", "III")) {
  factor(x, levels = levels, ordered = TRUE)
}

# ISS and the next system of the rule table with the same stages (the
# R-ISS)
systems <- b2m:::staging_systems()
second <- setdiff(systems$system[vapply(systems$levels, identical, NA,
                                        c("I", "II", "III"))], "iss")[1]
staged <- data.frame(
  diagnosis = c("myeloma", "myeloma", "myeloma", "CLL", "myeloma", "CLL"),
  iss = stages(c("I", "III", NA, "II", "III", "I")),
  stringsAsFactors = FALSE
)
staged[[second]] <- stages(c("I", "II", "II", NA, NA, "I"))

test_that("each stage is counted in each group, NA as not determinable", {
  out <- b2m_table(staged, systems = "iss")
  expect_identical(names(out), c("system", "stage", "myeloma n", "myeloma %",
                                 "CLL n", "CLL %"))
  expect_identical(out$system, rep("iss", 4))
  expect_identical(out$stage, c("I", "II", "III", "not determinable"))
  expect_identical(out[["myeloma n"]], c(1L, 0L, 2L, 1L))
  expect_identical(out[["myeloma %"]], c(25, 0, 50, 25))
  expect_identical(out[["CLL n"]], c(1L, 1L, 0L, 0L))
  expect_identical(out[["CLL %"]], c(50, 50, 0, 0))
})

test_that("the default systems are the staging columns present, in order", {
  out <- b2m_table(staged[, c("diagnosis", second, "iss")])
  expect_identical(unique(out$system), c("iss", second))
  expect_identical(nrow(out), 8L)
  # the second system: myeloma I, II, II, NA; CLL NA, I
  counts <- out[out$system == second, ]
  expect_identical(counts[["myeloma n"]], c(1L, 2L, 0L, 1L))
  expect_identical(counts[["CLL n"]], c(1L, 0L, 0L, 1L))
})

test_that("percentages are of the group's rows, to one decimal, adding to 100", {
  d <- data.frame(g = rep("a", 3), iss = stages(c("I", "II", "II")))
  out <- b2m_table(d, by = "g")
  expect_identical(out[["a %"]], c(33.3, 66.7, 0, 0))
  expect_identical(out[["a n"]], c(1L, 2L, 0L, 0L))
  # a system none of whose rows are determinable
  none <- b2m_table(data.frame(g = "a", iss = stages(NA)), by = "g")
  expect_identical(none[["a %"]], c(0, 0, 0, 100))
})

test_that("by = NULL is one group of all rows; a missing group is its own", {
  out <- b2m_table(staged, by = NULL, systems = "iss")
  expect_identical(names(out), c("system", "stage", "all n", "all %"))
  expect_identical(out[["all n"]], c(2L, 1L, 2L, 1L))
  d <- staged
  d$diagnosis[1] <- NA
  out <- b2m_table(d, systems = "iss")
  expect_identical(names(out)[7:8], c("(missing) n", "(missing) %"))
  expect_identical(out[["(missing) n"]], c(1L, 0L, 0L, 0L))
  expect_identical(out[["myeloma n"]], c(0L, 0L, 2L, 1L))
})

test_that("a factor's levels give the order of the groups and the stages", {
  d <- staged
  d$diagnosis <- factor(d$diagnosis, levels = c("CLL", "myeloma", "WM"))
  out <- b2m_table(d, systems = "iss")
  expect_identical(names(out)[-(1:2)], c("CLL n", "CLL %", "myeloma n",
                                         "myeloma %", "WM n", "WM %"))
  expect_identical(out[["WM n"]], c(0L, 0L, 0L, 0L))
  expect_identical(out[["WM %"]], c(0, 0, 0, 0))
  # a stage no patient has keeps its row
  expect_identical(out$stage, c("I", "II", "III", "not determinable"))
})

test_that("it tabulates an annotated cohort as tibble and data.table too", {
  cohort <- b2m_example("cohort")
  cohort$urine_b2m <- NULL
  annotated <- suppressMessages(b2m_annotate(cohort))
  out <- b2m_table(annotated, systems = c("iss", "gfr_category"))
  myeloma <- annotated$diagnosis == "myeloma"
  expect_identical(out[["myeloma n"]][out$system == "iss"],
                   as.integer(table(annotated$iss[myeloma], useNA = "always")))
  expect_identical(out$stage[out$system == "gfr_category"],
                   c(levels(annotated$gfr_category), "not determinable"))
  groups <- table(factor(annotated$diagnosis, unique(annotated$diagnosis)))
  totals <- function(system) {
    unname(colSums(out[out$system == system, grep(" n$", names(out))]))
  }
  # every patient counts for the GFR category, only myeloma for ISS
  expect_identical(totals("gfr_category"), as.numeric(groups))
  expect_identical(totals("iss"),
                   ifelse(names(groups) == "myeloma", as.numeric(groups), 0))
  skip_if_not_installed("tibble")
  expect_identical(b2m_table(tibble::as_tibble(annotated), systems = "iss"),
                   out[out$system == "iss", ])
  skip_if_not_installed("data.table")
  expect_identical(b2m_table(data.table::as.data.table(annotated),
                             systems = "iss"),
                   out[out$system == "iss", ])
})

test_that("with a diagnosis each system counts the patients of its disease only", {
  cohort <- b2m_example("cohort")
  cohort$diagnosis[c(1, 2)] <- NA
  annotated <- suppressWarnings(suppressMessages(b2m_annotate(cohort)))
  # the first system of each disease (of the rule table), and a column of
  # no disease
  staging <- b2m:::staging_systems()
  first <- staging[!duplicated(staging$disease), ]
  expect_gt(nrow(first), 1)
  systems <- c(first$system, "gfr_category")
  out <- b2m_table(annotated, by = "sex", systems = systems)
  of <- function(diagnosis, system) {
    rows <- is.na(annotated$diagnosis) | annotated$diagnosis %in% diagnosis
    b2m_table(annotated[rows, ], by = "sex", systems = system)
  }
  expected <- do.call(rbind, c(
    unname(Map(of, first$disease, first$system)),
    list(b2m_table(annotated, by = "sex", systems = "gfr_category"))))
  rownames(expected) <- NULL
  expect_identical(out, expected)
  # the rows without a diagnosis are counted (ISS of rows 1 and 2, a CKD and
  # a CLL patient, is computed)
  iss <- out[out$system == "iss", ]
  expect_identical(sum(iss[["female n"]], iss[["male n"]]),
                   sum(cohort$diagnosis %in% "myeloma") + 2L)
  # without the normalised diagnosis every row counts
  plain <- annotated[names(annotated) != "b2m_diagnosis"]
  iss <- b2m_table(plain, by = NULL, systems = "iss")
  expect_identical(sum(iss[["all n"]]), nrow(cohort))
})

test_that("a b2m_diagnosis without the system's disease counts only undiagnosed rows", {
  d <- data.frame(sex = c("f", "m", "f"),
                  iss = stages(c("I", NA, "II")),
                  b2m_diagnosis = factor(c("CLL", NA, "CLL")))
  out <- b2m_table(d, by = NULL, systems = "iss")
  expect_identical(out[["all n"]], c(0L, 0L, 0L, 1L))
})

test_that("knitr::kable prints it", {
  skip_if_not_installed("knitr")
  lines <- as.character(knitr::kable(b2m_table(staged, systems = "iss")))
  expect_identical(lines[1],
                   "|system |stage            | myeloma n| myeloma %| CLL n| CLL %|")
  expect_length(lines, 6)
})

test_that("bad arguments are classed errors naming them", {
  expect_error(b2m_table(list(iss = 1)), class = "b2m_error_type")
  expect_error(b2m_table(staged, by = "disease"), class = "b2m_error_column")
  expect_error(b2m_table(staged, by = 1), class = "b2m_error_type")
  expect_error(b2m_table(staged, systems = "stage"), class = "b2m_error_value")
  expect_error(b2m_table(staged, systems = 1), class = "b2m_error_type")
  expect_error(b2m_table(staged, systems = character()),
               class = "b2m_error_type")
  # a system of the table that `staged` has no column of
  absent <- setdiff(systems$system, names(staged))[1]
  cnd <- tryCatch(b2m_table(staged, systems = c("iss", absent)),
                  error = identity)
  expect_s3_class(cnd, "b2m_error_column")
  expect_identical(cnd$arg, "systems")
  expect_identical(cnd$column, absent)
  cnd <- tryCatch(b2m_table(staged["diagnosis"]), error = identity)
  expect_s3_class(cnd, "b2m_error_column")
  expect_identical(cnd$arg, "data")
  expect_snapshot(b2m_table(staged["diagnosis"]), error = TRUE)
  expect_snapshot(b2m_table(staged, systems = "stage"), error = TRUE)
})
