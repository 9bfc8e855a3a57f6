# Chunk invariance (test-chunks.R): a function is chunk-invariant when its
# result on a data frame equals the row-bind of its results on the chunks of
# any split of the rows. This is what makes the package safe inside a batch
# map (Spark's spark_apply(), Arrow datasets batch by batch): the engine's
# chunks are arbitrary, the answer must not be.
#
# A result is compared as a named list of columns (a vector result is one
# column), so row names, which a chunk of a data frame keeps, do not count;
# values, types, classes and factor levels do. Messages and warnings may
# differ per chunk (a warning names the chunk's rows) and are suppressed.

quietly <- function(expr) suppressWarnings(suppressMessages(expr))

result_columns <- function(x) {
  if (!is.data.frame(x)) return(list(value = x))
  columns <- as.list(x)
  attributes(columns) <- list(names = names(x))
  columns
}

# The columns of the chunks' results bound in chunk order, or a sentence
# saying why they cannot be (the chunks gave different columns).
bind_chunk_columns <- function(parts) {
  columns <- names(parts[[1]])
  if (!all(vapply(parts, function(p) identical(names(p), columns), TRUE))) {
    return("the chunks returned different columns")
  }
  out <- lapply(columns, function(nm) do.call(c, lapply(parts, `[[`, nm)))
  names(out) <- columns
  out
}

# NULL when fun(data) equals the bound results of fun() on every split in
# `splits` (each a list of row-index vectors, in chunk order), else a
# sentence naming the first split that broke it.
chunk_problem <- function(fun, data, splits) {
  whole <- result_columns(quietly(fun(data)))
  for (name in names(splits)) {
    rows <- splits[[name]]
    parts <- lapply(rows, function(r) {
      result_columns(quietly(fun(data[r, , drop = FALSE])))
    })
    bound <- bind_chunk_columns(parts)
    if (is.character(bound)) return(sprintf("split \"%s\": %s", name, bound))
    expected <- lapply(whole, `[`, unlist(rows))
    for (nm in names(expected)) {
      if (!identical(bound[[nm]], expected[[nm]])) {
        return(sprintf("split \"%s\" (%d chunks): column \"%s\" differs",
                       name, length(rows), nm))
      }
    }
  }
  NULL
}

expect_chunk_invariant <- function(fun, data, splits, label) {
  problem <- chunk_problem(fun, data, splits)
  expect(is.null(problem), sprintf("%s is not chunk-invariant: %s", label,
                                   if (is.null(problem)) "" else problem))
}

# Splits of rows 1..n (n >= 4): contiguous chunks cut at random, one row per
# chunk, rows dealt at random into a few chunks (not contiguous: the bound
# result is then compared in the order the chunks hold the rows).
random_splits <- function(n) {
  cuts <- sort(sample(seq_len(n - 1), 3))
  list(
    contiguous = unname(split(seq_len(n), findInterval(seq_len(n), cuts + 1))),
    `one row each` = as.list(seq_len(n)),
    dealt = unname(split(seq_len(n), sample(1:4, n, replace = TRUE))),
    `first row alone` = list(1L, seq_len(n)[-1])
  )
}

# For each column of `data`: the data with that column all NA in rows
# `block`, and the split whose middle chunk is that block.
all_na_variants <- function(data, block) {
  n <- nrow(data)
  split <- list(`all-NA chunk` = list(seq_len(min(block) - 1), block,
                                      setdiff(seq_len(n), seq_len(max(block)))))
  lapply(stats::setNames(names(data), names(data)), function(column) {
    data[[column]][block] <- NA
    list(data = data, splits = split)
  })
}

# Splits that keep each patient's rows together: patients dealt at random
# into chunks, each chunk's rows in data order; and one patient per chunk.
patient_splits <- function(id) {
  patients <- unique(id)
  dealt <- sample(1:3, length(patients), replace = TRUE)
  by_chunk <- function(chunk_of) {
    unname(split(seq_along(id), chunk_of[match(id, patients)]))
  }
  list(dealt = by_chunk(dealt),
       `one patient each` = by_chunk(seq_along(patients)))
}
