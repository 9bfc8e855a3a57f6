# Runs the testthat suite against the installed package and closes with
# testthat's counts as "N passed, M failed"; exits non-zero on any failure.
library(testthat)
results <- as.data.frame(test_dir(
  "tests/testthat", package = "b2m", load_package = "installed",
  reporter = ProgressReporter$new(show_praise = FALSE), stop_on_failure = FALSE
))
failed <- sum(results$failed) + sum(results$error)
passed <- sum(results$passed)
cat(sprintf("%d passed, %d failed\n", as.integer(passed), as.integer(failed)))
quit(status = if (failed > 0) 1 else 0)
