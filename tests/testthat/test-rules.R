test_that("the rules table has its columns and a source for every row", {
  rules <- b2m_rules()
  expect_identical(names(rules), c("system", "criterion", "input", "comparison",
                                   "threshold", "unit", "points", "source",
                                   "doi"))
  expect_type(rules$threshold, "double")
  expect_type(rules$points, "double")
  expect_false(anyNA(rules$source))
  expect_true(all(rules$comparison %in% c("<", "<=", ">", ">=", "=")))
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
  ldh <- rules[rules$input %in% "ldh", ]
  expect_identical(ldh$system, c("riss", "r2iss"))
  expect_identical(ldh$doi, c("10.1200/JCO.2015.61.2267", "10.1200/JCO.21.02614"))
})

test_that("rules compiled into C are read back when present", {
  env <- new.env()
  expect_identical(c_rules(env), list())
  env$staging_rules <- function() {
    data.frame(system = c("ISS", "R2-ISS"), criterion = c("B2M", "del(17p)"),
               input = c("b2m", "del17p"), comparison = c(">=", "="),
               threshold = c(5.5, 1), unit = c("mg/L", ""), points = c(NA, 1))
  }
  env$kidney_constants <- function() {
    data.frame(equation = "ckdepi_cr", coefficient = "intercept", value = 142,
               source = "Inker 2021")
  }
  rules <- c_rules(env)
  expect_identical(rules$staging$threshold, c(5.5, 1))
  expect_identical(rules$kidney$comparison, "=")
  expect_identical(rules$kidney$threshold, 142)
  expect_identical(citation_rows(c("ISS", "R2-ISS", "CLL-IPI", "ckdepi_cr",
                                   "unknown")),
                   c(1L, 3L, 4L, 9L, NA))
})

test_that("every system has one citation, with a DOI for published ones", {
  expect_false(anyDuplicated(system_citations$system) > 0)
  published <- !system_citations$system %in% c("reference", "pattern",
                                                "interpret")
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
