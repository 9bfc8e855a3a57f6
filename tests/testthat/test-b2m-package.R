# options(b2m.quiet): the package's informational messages, and only those.

# `code` evaluated with options(b2m.quiet = value), the option restored after.
with_quiet <- function(value, code) {
  old <- options(b2m.quiet = value)
  on.exit(options(old))
  code
}

test_that("b2m.quiet = TRUE silences the messages of annotate and interpret", {
  cohort <- b2m_example("cohort")[1:5, ]
  expect_message(b2m_annotate(cohort), class = "b2m_message_annotate")
  expect_message(b2m_interpret(cohort), class = "b2m_message_annotate")
  with_quiet(TRUE, {
    expect_no_message(out <- b2m_annotate(cohort))
    expect_no_message(b2m_interpret(cohort))
  })
  # the result is the same, quiet or not
  expect_identical(suppressMessages(b2m_annotate(cohort)), out)
  expect_null(getOption("b2m.quiet"))
})

test_that("a quiet message is still signalled to calling handlers", {
  seen <- NULL
  out <- with_quiet(TRUE, withCallingHandlers(
    b2m_annotate(data.frame(b2m = 2)),
    b2m_message_annotate = function(m) seen <<- m$computed
  ))
  expect_identical(seen, c("b2m_status", "b2m_fold_uln", "egfr_b2m"))
  expect_identical(names(out), c("b2m", seen))
  # printed nothing: the message went no further than the handler
  printed <- with_quiet(TRUE, capture.output(
    invisible(b2m_annotate(data.frame(b2m = 2))), type = "message"))
  expect_identical(printed, character())
  printed <- with_quiet(FALSE, capture.output(
    invisible(b2m_annotate(data.frame(b2m = 2))), type = "message"))
  expect_identical(printed[1], "Computed `b2m_status`, `b2m_fold_uln`, `egfr_b2m`.")
})

test_that("b2m.quiet never silences warnings or errors", {
  data <- data.frame(b2m = 2, urine_b2m = 100, urine_ph = 5)
  with_quiet(TRUE, {
    expect_warning(b2m_annotate(data), class = "b2m_warning_acid_urine")
    expect_error(b2m_annotate(data.frame(b2m = 2400)),
                 class = "b2m_error_value")
    expect_error(b2m_interpret(data.frame(x = 1)), class = "b2m_error_column")
  })
})

test_that("only TRUE makes the package quiet", {
  cohort <- data.frame(b2m = 2)
  for (value in list(FALSE, NULL, NA, "yes", 1)) {
    with_quiet(value, expect_message(b2m_annotate(cohort),
                                     class = "b2m_message_annotate"))
  }
})
