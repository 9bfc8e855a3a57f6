# Property tests over random inputs with missing values.
#
# expect_keeps_rows(fun, columns): for whole-data-frame functions
# (b2m_annotate(), b2m_interpret(), ...): fun(data) keeps every input row, in
# order, with every original column identical, and returns the class it was
# given.
#
# expect_rowwise(fun, columns): for vectorized functions: the result has one
# element per row, and computing on any reordering or subset of the rows gives
# the same reordering or subset of the result (no row depends on another, on
# its position or on how the rows were chunked).
#
# `columns` is a named list of generators function(n) -> a column of n values
# (see random_numeric(), random_choice(), random_logical()); random_frame()
# draws a data frame from it, with NA in every column.

random_numeric <- function(min, max, na = 0.15) {
  function(n) {
    x <- stats::runif(n, min, max)
    x[stats::runif(n) < na] <- NA
    x
  }
}

random_choice <- function(values, na = 0.15) {
  function(n) {
    x <- sample(values, n, replace = TRUE)
    x[stats::runif(n) < na] <- NA
    x
  }
}

random_logical <- function(na = 0.15) random_choice(c(TRUE, FALSE), na)

# A data frame of `n` rows drawn from `columns`, with an `id` column first
# (1..n) so that row order is visible.
random_frame <- function(n, columns) {
  data <- lapply(columns, function(make) make(n))
  data.frame(id = seq_len(n), data, stringsAsFactors = FALSE)
}

# Runs `code` with a fixed seed and restores the caller's random state: the
# properties are random but every run tests the same inputs.
with_seed <- function(seed, code) {
  had <- exists(".Random.seed", envir = globalenv(), inherits = FALSE)
  if (had) old <- get(".Random.seed", envir = globalenv())
  on.exit(if (had) assign(".Random.seed", old, envir = globalenv())
          else rm(".Random.seed", envir = globalenv()))
  set.seed(seed)
  code
}

# Sizes that catch off-by-one and empty-input mistakes, and one larger draw.
property_sizes <- c(0L, 1L, 2L, 7L, 200L)

# Each helper is one expectation: it fails with the first property broken
# and the size of the input that broke it.
expect_keeps_rows <- function(fun, columns, seed = 1, sizes = property_sizes) {
  problem <- with_seed(seed, {
    problem <- NULL
    for (n in sizes) {
      data <- random_frame(n, columns)
      out <- fun(data)
      problem <- if (!identical(class(out), class(data))) {
        sprintf("returned class %s", paste(class(out), collapse = "/"))
      } else if (nrow(out) != nrow(data)) {
        sprintf("returned %d rows", nrow(out))
      } else if (!identical(names(out)[seq_along(data)], names(data))) {
        "did not keep the original columns first, in order"
      } else if (!identical(out[names(data)], data)) {
        "changed or reordered the original columns"
      }
      if (!is.null(problem)) {
        problem <- sprintf("on a random data frame of %d rows, the function %s",
                           n, problem)
        break
      }
    }
    problem
  })
  expect(is.null(problem), if (is.null(problem)) "" else problem)
}

expect_rowwise <- function(fun, columns, seed = 1, sizes = property_sizes) {
  problem <- with_seed(seed, {
    problem <- NULL
    for (n in sizes) {
      data <- random_frame(n, columns)[names(columns)]
      out <- do.call(fun, data)
      order <- sample.int(n)
      keep <- sort(sample.int(n, n %/% 2))
      problem <- if (NROW(out) != n) {
        sprintf("returned %d values", NROW(out))
      } else if (!identical(do.call(fun, data[order, , drop = FALSE]), out[order])) {
        "gave a different answer for reordered rows"
      } else if (!identical(do.call(fun, data[keep, , drop = FALSE]), out[keep])) {
        "gave a different answer for a subset of the rows"
      }
      if (!is.null(problem)) {
        problem <- sprintf("on random input of %d rows, the function %s", n,
                           problem)
        break
      }
    }
    problem
  })
  expect(is.null(problem), if (is.null(problem)) "" else problem)
}
