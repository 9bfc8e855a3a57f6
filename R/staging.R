# The one staging mechanism seen from R: every stage_*() and score_*()
# function checks its arguments, lists its inputs in the order of the
# system's columns in src/rules.c, and calls stage_system().

# A logical flag ready for C (R's logical is C's int with NA = INT_MIN).
flag_input <- function(x, arg, call = sys.call(-1)) {
  c(flag_column(x, arg, call), list(arg = arg, num = 1, den = 1,
                                    max_in_unit = 1))
}

# Flags given as a named list, in that order.
flag_inputs <- function(flags, call = sys.call(-1)) {
  # A loop, not Map(): mapply() would evaluate the call object it is handed.
  for (arg in names(flags)) flags[[arg]] <- flag_input(flags[[arg]], arg, call)
  flags
}

# Serum B2M, the input every system shares.
b2m_input <- function(b2m, b2m_unit, call = sys.call(-1)) {
  numeric_input(b2m, "b2m", "b2m", b2m_unit, "b2m_unit", call)
}

# The stage (an ordered factor with every level of the system) or, with
# `score = TRUE`, the score (double) of each row. `inputs` is a list named as
# the system's columns, in their order (the C glue checks the names); C reads
# each input's `value` (or `coded`), `num`, `den` and `max_in_unit` itself.
stage_system <- function(system, inputs, score = FALSE, call = sys.call(-1)) {
  out <- .Call(C_r_stage, system, inputs, score)
  # C checks the lengths (NULL: not all 1 or n); check_sizes() says which.
  if (is.null(out)) check_sizes(lapply(inputs, .subset2, "value"), call)
  stop_bad_values(out, inputs, call)
}

# The rule tables of the C core, one row per condition: the system, the
# criterion it belongs to (met when any of its conditions holds), the input,
# the comparison, the threshold in `unit` (NA for a flag or a comparison with
# another input, named in `versus`), the criterion's points and the primary
# source's DOI. b2m_rules() is built on this.
staging_rules <- function() {
  as.data.frame(.Call(C_r_stage_tables)[[1]], stringsAsFactors = FALSE)
}

# The groups of every system, in the order they are tried: a row's stage is
# the first group whose score range holds its score and whose `condition`
# (a criterion that must be met, or with "not " must not be) holds.
staging_groups <- function() {
  groups <- .Call(C_r_stage_tables)[[2]]
  condition <- ifelse(is.na(groups$requires),
                      ifelse(is.na(groups$excludes), NA_character_,
                             paste("not", groups$excludes)),
                      groups$requires)
  data.frame(groups[c("system", "group", "min_score", "max_score")],
             condition = condition, stringsAsFactors = FALSE)
}
