# README.md is knitted from README.Rmd (`make readme`): every example in it
# must show what running it with this package gives. The sources are only
# there when the tests run from a clone (`make test`), not in R CMD check.

test_that("README.md is what README.Rmd gives with this package", {
  rmd <- test_path("..", "..", "README.Rmd")
  md <- test_path("..", "..", "README.md")
  skip_if_not(file.exists(rmd) && file.exists(md), "no package sources")
  skip_if_not_installed("knitr")
  knitted <- tempfile(fileext = ".md")
  on.exit(unlink(knitted))
  # knit in a fresh environment: no state of the tests leaks in
  old <- options(b2m.quiet = NULL, width = 80)
  on.exit(options(old), add = TRUE)
  knitr::knit(rmd, knitted, quiet = TRUE, envir = new.env(parent = globalenv()))
  expect_identical(readLines(knitted), readLines(md))
})
