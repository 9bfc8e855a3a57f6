test_that("the rules table has its columns and a source for every row", {
  rules <- b2m_rules()
  expect_identical(names(rules), c("system", "criterion", "input", "comparison",
                                   "threshold", "unit", "points", "source",
                                   "doi", "note", "confidence"))
  expect_true(all(rules$confidence %in% c("P", "S", "U", NA)))
  expect_type(rules$threshold, "double")
  expect_type(rules$points, "double")
  expect_false(anyNA(rules$source))
  expect_true(all(rules$comparison %in%
                    c("<", "<=", ">", ">=", "is TRUE", "=")))
  expect_true(all(rules$system %in% system_citations()$system))
  # each system's rows together, in the order of the citation table
  expect_identical(unique(rules$system),
                   intersect(system_citations()$system, rules$system))
  # a regulation (the urine ratio's OSHA standard) has no DOI
  published_doi <- !rules$system %in% c("reference", "pattern", "interpret",
                                        "urine_ratio", "dialysis")
  expect_true(all(grepl("^10\\.", rules$doi[published_doi])))
})

# The staging rows as b2m_rules() shows them: the hand-written published
# table with the systems keyed as b2m_methods() takes them, and a comparison
# without a threshold ("B2M above the laboratory's limit") as a multiple of
# `b2m_uln`.
published_as_rules <- function() {
  systems <- staging_systems()
  keys <- stats::setNames(systems$system, systems$name)
  out <- published
  versus <- is.na(out$threshold) & out$comparison != "is TRUE"
  out$threshold[versus] <- 1
  out$unit[versus] <- "x b2m_uln"
  out$system <- unname(keys[out$system])
  out$threshold <- as.numeric(out$threshold)
  out$points <- as.numeric(out$points)
  out
}

test_that("the staging rules compiled into C are the published ones", {
  rules <- b2m_rules()
  criteria <- rules[rules$system %in% published_as_rules()$system &
                      !is.na(rules$points), names(published)]
  rownames(criteria) <- NULL
  expect_identical(criteria, published_as_rules())
})

test_that("the groups compiled into C are the published ones", {
  rules <- b2m_rules()
  groups <- rules[rules$input %in% "score", ]
  expected <- published_groups
  keys <- unique(published_as_rules()$system)
  names(keys) <- unique(published$system)
  expect_identical(groups$system, unname(keys[expected$system]))
  expect_identical(groups$comparison, rep("<=", nrow(expected)))
  expect_identical(groups$threshold, expected$max_score)
  # each group as a sentence naming the group and its score range
  expect_identical(groups$criterion[groups$system == "iss"],
                   c("stage I when the score is 0",
                     "stage II when the score is 1",
                     "stage III when the score is 2"))
  range <- ifelse(expected$min_score == expected$max_score,
                  expected$min_score,
                  paste(expected$min_score, "to", expected$max_score))
  expect_identical(sub(" and .*", "", groups$criterion),
                   sprintf("%s when the score is %s",
                           ifelse(grepl("^[IV]+$", expected$group),
                                  paste("stage", expected$group),
                                  paste(expected$group, "risk")),
                           range))
  # never "score 0 to 0"
  expect_false(any(grepl("group |score ([0-9.]+) to \\1( |$)",
                         groups$criterion)))
  expect_identical(groups$note, ifelse(is.na(expected$condition), NA,
                                       paste("and", expected$condition)))
})

test_that("the kidney coefficients compiled into C are the published ones", {
  rules <- b2m_rules()
  kidney <- rules[rules$system %in% published_kidney$system, ]
  expect_identical(kidney$system, published_kidney$system)
  expect_identical(kidney$threshold, published_kidney$value)
  kdigo <- kidney$system == "kdigo"
  adult_age <- kidney$input %in% "age"
  expect_identical(kidney$comparison, ifelse(kdigo | adult_age, ">=", "="))
  expect_identical(kidney$system[adult_age],
                   c("ckdepi_cr", "ckdepi_cys", "ckdepi_crcys"))
  expect_identical(kidney$input[kdigo], rep("egfr", 5))
})

test_that("unconfirmed coefficients and encoded points are marked", {
  rules <- b2m_rules()
  b2m_eq <- rules[rules$system == "egfr_b2m", ]
  expect_true(all(grepl("to be confirmed", b2m_eq$note)))
  others <- rules[rules$system != "egfr_b2m", ]
  expect_false(any(grepl("to be confirmed", others$note)))
  # decision rules published without points
  systems <- staging_systems()
  encoded <- !is.na(rules$points) &
    rules$system %in% systems$system[systems$points_encode_rule]
  expect_true(any(encoded))
  expect_true(all(grepl("encode the published rule", rules$note[encoded])))
  scored <- !is.na(rules$points) &
    rules$system %in% systems$system[!systems$points_encode_rule]
  expect_false(any(grepl("encode the published rule", rules$note[scored])))
  # a criterion's own note comes with its confidence label
  criteria <- !is.na(rules$points) & rules$input != "score"
  expect_identical(!is.na(rules$note[criteria & !encoded]),
                   !is.na(rules$confidence[criteria & !encoded]))
})

test_that("the reference limits are those the package classifies with", {
  rules <- b2m_rules()
  ref <- rules[rules$system == "reference", ]
  expect_identical(ref$threshold, reference_table$upper)
  expect_identical(ref$unit, reference_table$unit)
  expect_identical(ref$comparison, rep(">", 3))
  serum <- ref$threshold[ref$input == "b2m"]
  expect_identical(as.character(b2m_classify(c(serum, serum + 0.01))),
                   c("normal", "elevated"))
})

test_that("the urine pH limit and the interpretation cut-offs are listed", {
  rules <- b2m_rules()
  ph <- rules[rules$input %in% "urine_ph", ]
  expect_identical(ph$comparison, "<")
  expect_identical(ph$threshold, 6)
  interp <- rules[rules$system == "interpret" &
                    rules$input %in% c("egfr", "b2m_excess"), ]
  expect_identical(interp$input, c("egfr", "b2m_excess"))
  expect_identical(interp$comparison, c("<", ">"))
  expect_identical(interp$threshold, c(60, 1.5))
  # the cut-offs in the table are the ones the rules use
  m <- interpret_mechanism(factor(c("elevated", "elevated"),
                                  c("normal", "elevated")),
                           egfr = interp$threshold[1] - c(0.01, 0),
                           excess = interp$threshold[2])
  expect_identical(as.character(m), c("reduced clearance", "indeterminate"))
  ldh <- rules[rules$input %in% "ldh" & rules$unit %in% "x ldh_uln", ]
  # one row for each system that reads the flag, citing that system
  systems <- b2m:::staging_systems()
  readers <- systems[vapply(systems$inputs, is.element, NA, el = "ldh_high"), ]
  expect_gt(nrow(readers), 1)
  expect_identical(ldh$system, readers$system)
  expect_true(all(ldh$comparison == ">"))
  expect_identical(ldh$doi, readers$doi)
})

test_that("every C table row is keyed by a cited system", {
  k <- kidney_constants()
  expect_true(all(k$key %in% system_citations()$system))
  expect_identical(unique(k$key[k$equation == "KDIGO GFR categories"]), "kdigo")
  expect_identical(unique(k$key[grepl("^B2M", k$equation)]), "egfr_b2m")
})

test_that("every system has one citation, with a DOI for published ones", {
  expect_false(anyDuplicated(system_citations()$system) > 0)
  published <- !system_citations()$system %in% c("reference", "pattern", "dialysis",
                                                "interpret", "urine_ratio")
  expect_true(all(grepl("^10\\.", system_citations()$doi[published])))
  expect_true(all(is.na(system_citations()$doi[!published])))
})

test_that("the methods paragraph names the version and cites each system", {
  text <- b2m_methods(c("iss", "egfr_cr", "gfr_category"))
  expect_type(text, "character")
  expect_length(text, 1)
  expect_match(text, paste0("version ", packageVersion("b2m")), fixed = TRUE)
  expect_match(text, "[1] Greipp PR", fixed = TRUE)
  expect_match(text, "doi:10.1056/NEJMoa2102953", fixed = TRUE)
  expect_match(text, "doi:10.1038/kisup.2012.64", fixed = TRUE)
  expect_false(grepl("Palumbo", text))
  expect_match(b2m_methods(), "Bachy E")
})

test_that("the methods paragraph reads the systems from an annotated frame", {
  # a stage column and the score column of another system
  systems <- staging_systems()
  scored <- setdiff(table_systems(has_score = TRUE), "iss")[1]
  data <- data.frame(id = 1, iss = "I", b2m_mechanism = "x")
  data[[paste0(scored, "_score")]] <- 0
  text <- b2m_methods(data)
  expect_match(text, "Greipp")
  # the first author's surname: D'Agostino for the R2-ISS
  expect_match(text, sub(" .*", "", systems$authors[systems$system == scored]),
               fixed = TRUE)
  expect_match(text, "interpretation rules")
  expect_false(grepl("Palumbo", text))
  expect_match(b2m_methods(data.frame(x = 1)), "b2m \\(version [0-9.]+\\)\\.")
})

test_that("unknown systems are errors", {
  expect_error(b2m_methods("iss2"), class = "b2m_error_value")
  expect_error(b2m_methods(1), class = "b2m_error_type")
  expect_snapshot(b2m_methods(c("iss", "nope")), error = TRUE)
})

test_that("citation(\"b2m\") cites the package with its version", {
  cit <- citation("b2m")
  expect_s3_class(cit, "citation")
  expect_match(format(cit, style = "text"), as.character(packageVersion("b2m")),
               fixed = TRUE)
})

test_that("a publication behind two systems is cited once", {
  text <- b2m_methods(c("ckdepi_cr", "ckdepi_cys", "ckdepi_crcys"))
  expect_match(text, "creatinine equation [1]", fixed = TRUE)
  expect_match(text, "cystatin C equation [2]", fixed = TRUE)
  expect_match(text, "creatinine-cystatin C equation [1]", fixed = TRUE)
  expect_identical(lengths(regmatches(text, gregexpr("NEJMoa2102953", text))),
                   1L)
  expect_false(grepl("[3]", text, fixed = TRUE))
})

test_that("the excess cut-off of the interpretation is one number, in the rules", {
  rules <- b2m_rules()
  cutoff <- rules$threshold[rules$system == "interpret" &
                              rules$input == "b2m_excess"]
  expect_identical(cutoff, interpret_thresholds$threshold[2])
  expect_identical(cutoff, 1.5)
  # the mechanism changes just above the cut-off, not at it
  m <- interpret_mechanism(factor(rep("elevated", 3), c("normal", "elevated")),
                           egfr = 90, excess = cutoff + c(-0.01, 0, 0.01))
  expect_identical(as.character(m), c("indeterminate", "indeterminate",
                                      "increased production"))
})

test_that("every format ends with one newline and lists each reference apart", {
  systems <- c(table_systems()[1:2], "kdigo", "reference")
  for (format in c("text", "markdown", "bibtex")) {
    out <- b2m_methods(systems, format = format)
    expect_type(out, "character")
    expect_length(out, 1)
    expect_match(out, "[^\n]\n$", info = format)
  }
  expect_identical(b2m_methods(systems), b2m_methods(systems, format = "text"))
})

test_that("the text format has one line per reference after a blank line", {
  # ISS and the next system of the table, and a web page
  second <- setdiff(table_systems(), "iss")[1]
  lines <- strsplit(b2m_methods(c("iss", second, "reference")), "\n")[[1]]
  expect_length(lines, 5)
  expect_match(lines[1], "^Beta-2 microglobulin .* \\[1\\], .* \\[2\\] and .* \\[3\\]\\.$")
  expect_identical(lines[2], "")
  expect_identical(substr(lines[3:5], 1, 4), c("[1] ", "[2] ", "[3] "))
  expect_identical(lines[3], paste(
    "[1] Greipp PR, San Miguel J, Durie BGM, et al. International staging",
    "system for multiple myeloma. J Clin Oncol 2005;23(15):3412-3420.",
    "doi:10.1200/JCO.2005.04.242"))
  # a web page has no DOI
  expect_identical(lines[5], paste(
    "[3] Mayo Clinic Laboratories. Test catalogue: Beta-2-Microglobulin",
    "(B2M), Serum; Beta-2-Microglobulin (B2MU), Urine; Beta-2-Microglobulin",
    "(B2MC), Spinal Fluid."))
})

test_that("the markdown format is a numbered list with DOI links", {
  lines <- strsplit(b2m_methods(c("iss", "kdigo", "reference"),
                                format = "markdown"), "\n")[[1]]
  expect_length(lines, 5)
  expect_identical(lines[2], "")
  expect_identical(substr(lines[3:5], 1, 3), c("1. ", "2. ", "3. "))
  expect_match(lines[3], paste0(" doi:\\[10.1200/JCO.2005.04.242\\]",
                                "\\(https://doi.org/10.1200/JCO.2005.04.242\\)$"))
  expect_false(grepl("doi", lines[5]))
  # one publication behind two systems is one item
  md <- b2m_methods(c("ckdepi_cr", "ckdepi_crcys"), format = "markdown")
  expect_length(gregexpr("\n[0-9]+\\. ", md)[[1]], 1)
})

test_that("the bibtex format is one entry per publication", {
  # a system whose authors are a group (the CLL-IPI working group)
  systems <- staging_systems()
  group <- systems$system[!grepl(", ", systems$authors)][1]
  bib <- b2m_methods(c("iss", group, "ckdepi_cr", "ckdepi_crcys",
                       "reference"), format = "bibtex")
  entries <- regmatches(bib, gregexpr("@[a-z]+\\{[a-z0-9_]+,", bib))[[1]]
  expect_identical(entries, c("@article{greipp2005,", "@article{cllipi2016,",
                              "@article{inker2021,", "@misc{mayo_b2m,"))
  expect_false(grepl("Beta-2 microglobulin (B2M) results", bib, fixed = TRUE))
  expect_match(bib, paste0("author = {Greipp, PR and San Miguel, J and ",
                           "Durie, BGM and others},"), fixed = TRUE)
  expect_match(bib, "author = {{International CLL-IPI working group}},",
               fixed = TRUE)
  expect_match(bib, "pages = {3412--3420},", fixed = TRUE)
  expect_match(bib, "doi = {10.1200/JCO.2005.04.242},", fixed = TRUE)
  # entries are separated by one blank line and each is closed
  expect_identical(lengths(regmatches(bib, gregexpr("\n}\n", bib))), 4L)
  expect_identical(lengths(regmatches(bib, gregexpr("\n\n@", bib))), 3L)
  # every publication can be written
  all <- b2m_methods(format = "bibtex")
  expect_identical(lengths(regmatches(all, gregexpr("\n@|^@", all))),
                   nrow(publications()))
})

test_that("an unknown format is an error", {
  expect_error(b2m_methods("iss", format = "html"), class = "b2m_error_value")
  expect_error(b2m_methods("iss", format = NA), class = "b2m_error_type")
  expect_error(b2m_methods("iss", format = c("text", "bibtex")),
               class = "b2m_error_type")
})

test_that("each reference is written from its fields as it was cited", {
  expect_identical(
    publication_text(publications()[publications()$key == "kdigo2013", ]),
    paste("Kidney Disease: Improving Global Outcomes (KDIGO) CKD Work Group.",
          "KDIGO 2012 clinical practice guideline for the evaluation and",
          "management of chronic kidney disease. Kidney Int Suppl",
          "2013;3:19-62.")
  )
  expect_identical(bibtex_authors("Kastritis E, Morel P, et al."),
                   "Kastritis, E and Morel, P and others")
  expect_identical(bibtex_authors("Mayo Clinic Laboratories"),
                   "{Mayo Clinic Laboratories}")
})

test_that("the CKD-EPI adult age and the dialysis fraction are the ones used", {
  rules <- b2m_rules()
  age <- rules[rules$input %in% "age" & grepl("^ckdepi", rules$system), ]
  expect_identical(age$threshold, rep(18, 5))
  expect_identical(age$comparison, rep(">=", 5))
  young <- suppressWarnings(egfr_ckdepi_cr(1, c(18 - 1e-9, 18), "female"))
  expect_identical(is.na(young), c(TRUE, FALSE))
  ecf <- rules[rules$system == "dialysis", ]
  expect_identical(ecf$threshold, 0.2)
  expect_identical(ecf$confidence, "S")
  expect_match(ecf$source, "Lancet 1987", fixed = TRUE)
  # pre 30, post 12, 72 -> 70 kg: post corrected 10.5, ratio 65 %
  expect_equal(b2m_reduction_ratio(30, 12, 72, 70),
               100 * (1 - 12 / (1 + 2 / (ecf$threshold * 70)) / 30))
  expect_equal(b2m_reduction_ratio(30, 12, 72, 70), 65)
  expect_match(b2m_methods("dialysis"), "Bergstr")
})
