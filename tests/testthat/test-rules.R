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
  expect_true(all(rules$system %in% system_citations$system))
  # each system's rows together, in the order of the citation table
  expect_identical(unique(rules$system),
                   intersect(system_citations$system, rules$system))
  # a regulation (the urine ratio's OSHA standard) has no DOI
  published_doi <- !rules$system %in% c("reference", "pattern", "interpret",
                                        "urine_ratio")
  expect_true(all(grepl("^10\\.", rules$doi[published_doi])))
})

# The staging rows as b2m_rules() shows them: the hand-written published
# table with the systems keyed as b2m_methods() takes them, and FLIPI2's
# "B2M above the laboratory's limit" as a multiple of `b2m_uln`.
published_as_rules <- function() {
  keys <- c("ISS" = "iss", "R-ISS" = "riss", "R2-ISS" = "r2iss",
            "CLL-IPI" = "cll_ipi", "IPSSWM" = "ipsswm", "rIPSSWM" = "ripsswm",
            "FLIPI2" = "flipi2", "PRIMA-PI" = "prima_pi")
  out <- published
  flipi2_b2m <- out$system == "FLIPI2" & out$input == "b2m"
  out$threshold[flipi2_b2m] <- 1
  out$unit[flipi2_b2m] <- "x b2m_uln"
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
  expect_identical(groups$criterion,
                   sprintf("group %s: score %s to %s", expected$group,
                           expected$min_score, expected$max_score))
  expect_identical(groups$note, ifelse(is.na(expected$condition), NA,
                                       paste("and", expected$condition)))
})

test_that("the kidney coefficients compiled into C are the published ones", {
  rules <- b2m_rules()
  kidney <- rules[rules$system %in% published_kidney$system, ]
  expect_identical(kidney$system, published_kidney$system)
  expect_identical(kidney$threshold, published_kidney$value)
  kdigo <- kidney$system == "kdigo"
  expect_identical(kidney$comparison, ifelse(kdigo, ">=", "="))
  expect_identical(kidney$input[kdigo], rep("egfr", 5))
})

test_that("unconfirmed coefficients and encoded points are marked", {
  rules <- b2m_rules()
  b2m_eq <- rules[rules$system == "egfr_b2m", ]
  expect_true(all(grepl("to be confirmed", b2m_eq$note)))
  others <- rules[rules$system != "egfr_b2m", ]
  expect_false(any(grepl("to be confirmed", others$note)))
  # decision rules published without points
  encoded <- !is.na(rules$points) &
    rules$system %in% c("iss", "riss", "prima_pi")
  expect_true(all(grepl("encode the published rule", rules$note[encoded])))
  scored <- !is.na(rules$points) &
    rules$system %in% c("r2iss", "cll_ipi", "ipsswm", "ripsswm", "flipi2")
  expect_true(all(is.na(rules$note[scored])))
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
  interp <- rules[rules$system == "interpret", ]
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
  expect_identical(ldh$system, c("riss", "r2iss"))
  expect_identical(ldh$comparison, c(">", ">"))
  expect_identical(ldh$doi, c("10.1200/JCO.2015.61.2267", "10.1200/JCO.21.02614"))
  # the rule annotate applies: LDH at its limit is not high
  data <- data.frame(b2m = 6, albumin = 4, ldh = c(225, 226), ldh_uln = 225,
                     del17p = FALSE, t4_14 = FALSE, t14_16 = FALSE)
  out <- suppressMessages(b2m_annotate(data))
  expect_identical(as.character(out$riss), c("II", "III"))
})

test_that("every C system name has a key", {
  expect_identical(system_key(c("ISS", "KDIGO GFR categories")),
                   c("iss", "kdigo"))
  expect_error(system_key("ISS2"), "no system key")
  expect_true(all(c_system_keys %in% system_citations$system))
})

test_that("every system has one citation, with a DOI for published ones", {
  expect_false(anyDuplicated(system_citations$system) > 0)
  published <- !system_citations$system %in% c("reference", "pattern",
                                                "interpret", "urine_ratio")
  expect_true(all(grepl("^10\\.", system_citations$doi[published])))
  expect_true(all(is.na(system_citations$doi[!published])))
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
  version <- as.character(packageVersion("b2m"))
  expect_snapshot(writeLines(b2m_methods("riss")),
                  transform = function(x) gsub(version, "<version>", x,
                                               fixed = TRUE))
  expect_match(b2m_methods(), "Bachy E")
})

test_that("the methods paragraph reads the systems from an annotated frame", {
  data <- data.frame(id = 1, iss = "I", r2iss_score = 0, b2m_mechanism = "x")
  text <- b2m_methods(data)
  expect_match(text, "Greipp")
  expect_match(text, "D'Agostino")
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
