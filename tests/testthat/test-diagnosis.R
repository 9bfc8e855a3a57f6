# b2m_diagnosis(): every name and code of the vocabulary, and what it does
# with the rest.

read_as <- function(x) as.character(suppressMessages(b2m_diagnosis(x)))

test_that("every name of the vocabulary is read as its condition, in any case", {
  names <- list(
    myeloma = c("myeloma", "multiple myeloma", "MM", "plasma cell myeloma"),
    CLL = c("CLL", "SLL", "CLL/SLL", "chronic lymphocytic leukaemia",
            "chronic lymphocytic leukemia", "small lymphocytic lymphoma"),
    Waldenstrom = c("Waldenstr\u00f6m", "Waldenstrom", "WM",
                    "Waldenstr\u00f6m macroglobulinaemia",
                    "Waldenstrom's macroglobulinemia",
                    "lymphoplasmacytic lymphoma"),
    "follicular lymphoma" = c("follicular lymphoma", "FL"),
    CKD = c("CKD", "chronic kidney disease"),
    dialysis = c("haemodialysis", "hemodialysis", "dialysis", "ESKD", "ESRD",
                 "end-stage renal disease"),
    HIV = c("HIV", "HIV infection"),
    SLE = c("SLE", "lupus", "systemic lupus erythematosus"),
    "rheumatoid arthritis" = c("rheumatoid arthritis", "RA")
  )
  for (level in names(names)) {
    x <- names[[level]]
    variants <- c(x, toupper(x), tolower(x), paste0("  ", x, " "))
    expect_identical(read_as(variants), rep(level, length(variants)),
                     info = level)
  }
})

test_that("every ICD-10 code of the vocabulary is read, with or without its dot", {
  codes <- c("C90.0" = "myeloma", "C900" = "myeloma", "C90.01" = "myeloma",
             "c90.0" = "myeloma", "C91.1" = "CLL", "C91.10" = "CLL",
             "C88.0" = "Waldenstrom", "C82.0" = "follicular lymphoma",
             "C82.9" = "follicular lymphoma", "C82" = "follicular lymphoma",
             "N18.1" = "CKD", "N18.5" = "CKD", "N18" = "CKD",
             "Z99.2" = "dialysis", "B20" = "HIV", "B21.3" = "HIV",
             "B22" = "HIV", "B23.8" = "HIV", "B24" = "HIV", "M32.1" = "SLE",
             "M32" = "SLE", "M05.9" = "rheumatoid arthritis",
             "M06.0" = "rheumatoid arthritis", "M06" = "rheumatoid arthritis")
  expect_identical(read_as(names(codes)), unname(codes))
})

test_that("codes next to those of the vocabulary are other", {
  near <- c("C90", "C90.1", "C90.2", "C90.3", "C91.0", "C91", "C88.1",
            "C83.0", "C81", "N17.9", "N19", "Z99.1", "B19", "B25", "M31",
            "M33", "M04", "M07")
  expect_identical(read_as(near), rep("other", length(near)))
})

test_that("unknown labels are other, listed once in a message; NA and blanks are NA", {
  x <- c("asthma", "myeloma", NA, "", "  ", "asthma", "gout")
  expect_message(out <- b2m_diagnosis(x), class = "b2m_message_diagnosis")
  expect_identical(as.character(out),
                   c("other", "myeloma", NA, NA, NA, "other", "other"))
  cnd <- tryCatch(b2m_diagnosis(x), message = identity)
  expect_identical(cnd$labels, c("asthma", "gout"))
  expect_match(conditionMessage(cnd), "\"asthma\", \"gout\"", fixed = TRUE)
  expect_silent(b2m_diagnosis(c("MM", NA, "")))
})

test_that("a long unknown label is shortened in the message", {
  long <- strrep("x", 1e4)
  cnd <- tryCatch(b2m_diagnosis(long), message = identity)
  expect_lt(nchar(conditionMessage(cnd)), 200)
})

test_that("the result is a factor with every level, of the input's length", {
  out <- b2m_diagnosis(character())
  expect_identical(levels(out), c("myeloma", "CLL", "Waldenstrom",
                                  "follicular lymphoma", "CKD", "dialysis",
                                  "HIV", "SLE", "rheumatoid arthritis", "other"))
  expect_length(out, 0)
  expect_identical(read_as(factor(c("FL", "MM", "FL"), levels = c("MM", "FL", "x"))),
                   c("follicular lymphoma", "myeloma", "follicular lymphoma"))
})

test_that("an unused factor level does not raise a message", {
  expect_silent(b2m_diagnosis(factor("MM", levels = c("MM", "unknown thing"))))
})

test_that("the example cohort's diagnoses are read as they are written", {
  cohort <- b2m_example("cohort")
  expect_identical(read_as(cohort$diagnosis), cohort$diagnosis)
})

test_that("x must be character or factor", {
  expect_error(b2m_diagnosis(1:3), class = "b2m_error_type")
  expect_error(b2m_diagnosis(list("MM")), class = "b2m_error_type")
  expect_error(b2m_diagnosis(NULL), class = "b2m_error_type")
})
