# Slow, plain-R definitions of the staging systems, written from the
# clinical reference file without the package's rule tables, to compare with
# the C core on random rows.

# Evaluate `rule` (a function of one row's scalar inputs, returning a stage
# label) for every row. A missing input takes each of its `candidates` (values
# chosen by hand, one inside every band of that input's thresholds, and the
# thresholds themselves); the stage is returned when all agree, else NA.
reference_stage <- function(rule, data, candidates) {
  vapply(seq_len(nrow(data)), function(i) {
    row <- as.list(data[i, , drop = FALSE])
    for (arg in names(row)) {
      if (is.na(row[[arg]])) row[[arg]] <- candidates[[arg]]
    }
    grid <- expand.grid(row, KEEP.OUT.ATTRS = FALSE, stringsAsFactors = FALSE)
    stages <- unique(vapply(seq_len(nrow(grid)), function(j) {
      do.call(rule, as.list(grid[j, , drop = FALSE]))
    }, character(1)))
    if (length(stages) == 1) stages else NA_character_
  }, character(1))
}

# Values near the thresholds of a rule: each threshold, a hair either side,
# and a few ordinary values.
near <- function(n, thresholds, range) {
  hair <- c(-1e-9, 0, 1e-9, -0.01, 0.01)
  pool <- c(outer(thresholds, hair, `+`), seq(range[1], range[2],
                                              length.out = 7))
  sample(pool, n, replace = TRUE)
}

with_na <- function(x, p = 0.15) {
  x[stats::runif(length(x)) < p] <- NA
  x
}

random_flag <- function(n) with_na(stats::runif(n) < 0.4)

iss_candidates <- list(b2m = c(1, 3.5, 4, 5.5, 8), albumin = c(3, 3.5, 4),
                       ldh_high = c(FALSE, TRUE), del17p = c(FALSE, TRUE),
                       t4_14 = c(FALSE, TRUE), t14_16 = c(FALSE, TRUE),
                       gain1q = c(FALSE, TRUE))

# Ages are compared in completed years.
completed <- function(age) floor(age)

lymphoid_candidates <- list(
  tp53 = c(FALSE, TRUE), ighv_unmutated = c(FALSE, TRUE),
  bone_marrow = c(FALSE, TRUE), clinical_stage = c("A", "B"),
  age = c(30, 60, 61, 65, 66, 75, 76, 90),
  hemoglobin = c(9, 11.5, 11.8, 12, 14), platelets = c(50, 100, 150),
  b2m = c(0.5, 3, 3.2, 3.5, 3.8, 4, 12), igm = c(1, 7, 8),
  ldh = c(100, 250, 400), albumin = c(3, 3.5, 4),
  b2m_uln = c(0.1, 30), node_diameter_cm = c(2, 6, 8)
)
