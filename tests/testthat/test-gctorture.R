# Every .Call entry point under gctorture(TRUE): a garbage collection at every
# allocation finds an unprotected object in the glue. The entry points are
# read from the DLL's registration table, so one without a case here fails
# the test; a case is a list of calls (argument lists), with a good result
# and a bad-values record (the path that allocates most), on tiny inputs.

gctorture_cases <- list(
  r_b2m_convert = list(
    list(c(2.5, NA, 0), 1000, 1),
    list(2L, 1e6, 11800),
    list(c(-1, Inf, 2, -3, -4, -5, -6), 1, 1)
  ),
  r_b2m_classify = list(
    list(c(2.69, 2.7, 2.71, NA), 2.7, 200),
    list(c(1L, NA, 3L), c(2.7, 2.7, NA), 200),
    list(c(-1, 250, 2), c(0, 2.7, 2.7), 200)
  ),
  r_b2m_fold_uln = list(
    list(c(2.7, 5.4, NA), 2.7, 200),
    list(NA, c(2.7, 3), 200),
    list(c(1, -2, 3), c(2.7, 2.7, 0), 200)
  )
)

test_that("every registered .Call entry point has a gctorture case", {
  registered <- names(getDLLRegisteredRoutines("b2m")$.Call)
  expect_setequal(names(gctorture_cases), registered)
})

test_that("every .Call entry point survives gctorture on tiny inputs", {
  skip_on_cran()
  # `make valgrind` sets this: a collection at every allocation under
  # valgrind takes many minutes and checks nothing valgrind does not.
  skip_if(nzchar(Sys.getenv("B2M_SKIP_GCTORTURE")), "gctorture skipped")
  routines <- getDLLRegisteredRoutines("b2m")$.Call
  for (name in intersect(names(gctorture_cases), names(routines))) {
    symbol <- routines[[name]]$address
    for (args in gctorture_cases[[name]]) {
      expected <- do.call(.Call, c(list(symbol), args))
      gctorture(TRUE)
      got <- tryCatch(do.call(.Call, c(list(symbol), args)),
                      finally = gctorture(FALSE))
      expect_identical(got, expected, info = name)
    }
  }
})
