# The staging systems of the C rule table (src/rules.c), for the tests of
# behaviour every system shares (annotate, table, methods, checks): they take
# their examples from the table, so that a system's key is written only in
# its own tests.

# The keys in table order: all, those for `disease`, or those with
# (`has_score = TRUE`) or without a score.
table_systems <- function(disease = NULL, has_score = NULL) {
  systems <- b2m:::staging_systems()
  keep <- rep(TRUE, nrow(systems))
  if (!is.null(disease)) keep <- keep & systems$disease %in% disease
  if (!is.null(has_score)) keep <- keep & systems$has_score == has_score
  systems$system[keep]
}

# The systems with published outcome figures, and those without.
systems_with_outcomes <- function() unique(b2m_outcomes()$system)
systems_without_outcomes <- function() {
  setdiff(table_systems(), systems_with_outcomes())
}
