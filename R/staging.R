# The one staging mechanism seen from R. Every fact about a staging system
# is in the C rule table (src/rules.c), read here through one entry point;
# every stage_*() and score_*() function only names its system and hands
# over its arguments.

# A function returning make()'s value, computed at its first call (the
# tables below are built once per session).
built_once <- function(make) {
  value <- NULL
  function() {
    if (is.null(value)) value <<- make()
    value
  }
}

# The rule table of the C core: list(systems, inputs, criteria, groups), each
# a list of columns whose rows name their system by its key. Read once.
stage_tables <- built_once(function() .Call(C_r_stage_tables))

table_frame <- function(columns) {
  as.data.frame(columns, stringsAsFactors = FALSE)
}

#' The staging systems, one row each
#'
#' Read from the C rule table: the key (`system`), the display `name`, the
#' `long_name` a methods section uses, the `disease` (a level of
#' [b2m_diagnosis()]), the `prefix` of its R function (`"stage"`, or
#' `"risk"` for a risk definition), the primary publication's fields and `doi`,
#' `has_score`, `points_encode_rule` (a published decision rule, not
#' points), the stage `levels` in order and the inputs (list columns), and the
#' names of the functions computing the stage and (`NA` without one) the score.
#' Built once per session from the tables (every entry of b2m_annotate()
#' and every stage sentence looks its system up here).
#' @noRd
staging_systems <- built_once(function() make_staging_systems())

make_staging_systems <- function() {
  tables <- stage_tables()
  out <- table_frame(tables$systems)
  groups <- tables$groups
  out$levels <- lapply(out$system, function(key) {
    groups$group[groups$system == key]
  })
  out$inputs <- lapply(out$system, function(key) {
    tables$inputs$input[tables$inputs$system == key]
  })
  out$stage_fun <- paste0(out$prefix, "_", out$system)
  out$score_fun <- ifelse(out$has_score, paste0("score_", out$system),
                          NA_character_)
  out
}

# One row per input of each system, in argument order: `kind` ("value",
# "limit", "age", "flag", "level"), the `unit` its thresholds are stated in,
# its `quantity` (an entry of quantity_table), the argument giving its unit
# (`unit_arg`, NA when it is always in `unit`) and, for a flag or an ordinal
# level read from labels, its `coding` (an entry of stage_codings).
# (Built once: every stage_*() call reads it.)
staging_input_table <- built_once(function() table_frame(stage_tables()$inputs))

# staging_input_table() split by system, each a list of columns (indexing a
# data frame row by row cost more than staging a thousand rows).
staging_input_specs <- built_once(function() {
  spec <- staging_input_table()
  lapply(split(spec, factor(spec$system, unique(spec$system))), as.list)
})

# The systems that read `input` (a name of the naming convention).
systems_reading <- function(input) {
  inputs <- staging_input_table()
  unique(inputs$system[inputs$input == input])
}

# The rule tables of the C core, one row per condition: the system, the
# criterion it belongs to (met when each of its clauses holds), the clause
# (1, 2, ...: met when any of its conditions holds), the input, the
# comparison, the threshold in `unit` (NA for a flag or a comparison with
# another input, named in `versus`; an ordinal's level, whose labels are
# the `unit`) and the criterion's points. b2m_rules() is built on this.
# (Built once: every risk_*() call reads it.)
staging_rules <- built_once(function() make_staging_rules())

make_staging_rules <- function() {
  rules <- table_frame(stage_tables()$criteria)
  inputs <- staging_input_table()
  row <- match(paste(rules$system, rules$input),
               paste(inputs$system, inputs$input))
  coding <- inputs$coding[row]
  level <- inputs$kind[row] == "level"
  rules$unit[level] <- vapply(coding[level], level_unit, "")
  rules
}

# The `unit` of an ordinal's thresholds: its levels and labels.
level_unit <- function(coding) {
  levels <- stage_levels[[coding]]
  paste0("level (", paste(seq_along(levels) - 1, levels, collapse = ", "), ")")
}

# The clauses of each row's criterion: "clause 1 of 2" where a criterion
# has several (each must hold), NA where it has one.
clause_notes <- function(rules) {
  criterion <- paste(rules$system, rules$criterion)
  n <- stats::ave(rules$clause, criterion, FUN = max)
  ifelse(n > 1, sprintf("clause %d of %d: all must hold, each by any of its rows",
                        rules$clause, n), NA_character_)
}

# The groups of every system, in the order they are tried: a row's stage is
# the first group whose score range holds its score and whose `condition`
# (a criterion that must be met, or with "not " must not be) holds.
staging_groups <- function() {
  groups <- stage_tables()$groups
  condition <- ifelse(is.na(groups$requires),
                      ifelse(is.na(groups$excludes), NA_character_,
                             paste("not", groups$excludes)),
                      groups$requires)
  data.frame(groups[c("system", "group", "min_score", "max_score")],
             condition = condition, stringsAsFactors = FALSE)
}

# A logical flag ready for C (R's logical is C's int with NA = INT_MIN).
flag_input <- function(x, arg, call = sys.call(-1)) {
  c(flag_column(x, arg, call), list(arg = arg, num = 1, den = 1,
                                    max_in_unit = 1))
}

# The flags and ordinal levels read from labels, by the `coding` of their
# input in src/rules.c (readers in R/lymphoid.R and R/risk.R).
stage_codings <- list(binet_rai = advanced_stage, del1p32 = del1p32_level)

# The inputs of `system` ready for C, in the order of its columns: each
# argument of `args` (the calling function's environment, or a list) checked
# as the rule table says, numbers with the unit their `unit_arg` names. A
# unit per row is read by C row by row (rows_unit_input()); with
# `convert = TRUE` such a column is converted to its canonical unit instead,
# as the other functions read it (the path of the messages for bad values:
# stage_system()); `scan` as rows_unit_input()'s.
staging_inputs <- function(system, args, call = sys.call(-1), convert = FALSE,
                           scan = FALSE) {
  if (is.list(args)) args <- list2env(args)
  spec <- staging_input_specs()[[system]]
  inputs <- vector("list", length(spec$input))
  names(inputs) <- spec$input
  for (i in seq_along(spec$input)) {
    arg <- spec$input[i]
    x <- get(arg, envir = args, inherits = FALSE)
    inputs[[i]] <- if (!is.na(spec$coding[i])) {
      stage_codings[[spec$coding[i]]](x, arg, call)
    } else if (spec$kind[i] == "flag") {
      flag_input(x, arg, call)
    } else if (spec$kind[i] == "limit") {
      # a laboratory's limit is also checked against the package's default
      # limit in that unit (a limit in another unit is an error); it is a
      # number, never a censored result
      unit_arg <- spec$unit_arg[i]
      unit <- get(unit_arg, envir = args, inherits = FALSE)
      if (!convert && is_unit_column(unit)) {
        check_limit_rows(x, arg, spec$quantity[i], unit, unit_arg, call)
        rows_unit_input(x, arg, spec$quantity[i], unit, unit_arg, call,
                        censored = FALSE, scan = scan)
      } else {
        limit_input(x, arg, spec$quantity[i], unit, unit_arg, call,
                    per_row = TRUE)
      }
    } else if (!convert && !is.na(spec$unit_arg[i]) &&
               is_unit_column(get(spec$unit_arg[i], envir = args,
                                  inherits = FALSE))) {
      rows_unit_input(x, arg, spec$quantity[i],
                      get(spec$unit_arg[i], envir = args, inherits = FALSE),
                      spec$unit_arg[i], call,
                      censored = spec$kind[i] == "value", scan = scan)
    } else {
      # a measurement may be censored ("<0.2"): C stages its interval (an
      # age may not)
      unit_arg <- spec$unit_arg[i]
      unit <- if (is.na(unit_arg)) spec$unit[i] else
        get(unit_arg, envir = args, inherits = FALSE)
      numeric_input(x, arg, spec$quantity[i], unit,
                    if (!is.na(unit_arg)) unit_arg, call,
                    per_row = !is.na(unit_arg),
                    censored = spec$kind[i] == "value")
    }
  }
  inputs
}

# The stage (an ordered factor with every level of the system) or, with
# `score = TRUE`, the score (double) of each row. `args` are the calling
# function's arguments (its environment, or a list); the C glue checks the
# inputs' names and reads each input's `value` (or `coded`), `num`, `den`
# and `max_in_unit` itself. With `criteria = TRUE` the stage carries the
# attribute "criteria": a list of logical columns, one per criterion (named
# by its label), TRUE / FALSE / NA where the missing inputs leave it open, and
# "open_inputs": per row without a stage, the bits (2^(k-1) for the system's
# k-th input) of its missing inputs that an undetermined criterion reads, 0
# elsewhere. `conditions` (indices of the system's rows of staging_rules())
# asks for the attribute "conditions": a list of their states, an integer
# column each: NA where an input compared is missing, else 1 where the
# condition holds and -1 where not, doubled where the value equals its
# threshold. `deciding`, an environment, receives as its binding "deciding"
# per row an integer whose bit x - 1 is set when the system's x-th condition
# holds in a criterion the row meets (what its stage rests on); it is not an
# attribute of the stage, which a caller would copy to take it off. With
# `where` (list(codes, staged), see disease_rows()), C stages only the rows
# whose code is one of `staged` and the others are NA, without a copy of the
# inputs (and keeps no criteria or conditions, only the deciding ones).
stage_system <- function(system, args, score = FALSE, criteria = FALSE,
                         call = sys.call(-1), where = NULL, conditions = NULL,
                         deciding = NULL) {
  inputs <- staging_inputs(system, args, call)
  # Lengths are checked here, as in every domain; C only refuses them.
  check_sizes(lapply(inputs, .subset2, "value"), call)
  want_deciding <- !is.null(deciding)
  run <- function(inputs) {
    if (is.null(where)) {
      .Call(C_r_stage, system, inputs, score, criteria,
            if (!is.null(conditions)) as.integer(conditions), want_deciding)
    } else {
      .Call(C_r_stage_where, system, inputs, score, want_deciding,
            where$codes, where$staged)
    }
  }
  result <- run(inputs)
  if (is.character(result)) {
    # a unit column with labels other than the units' names: read them
    inputs <- staging_inputs(system, args, call, scan = TRUE)
    result <- run(inputs)
  }
  if (want_deciding) {
    # taken off while `result` is bound here alone, so without a copy
    deciding$deciding <- attr(result, "deciding")
    attr(result, "deciding") <- NULL
  }
  if (inherits(result, "b2m_bad_values") &&
      any(vapply(inputs, function(input) !is.null(input$units), TRUE))) {
    # a bad value under a unit per row: the message of the conversion the
    # other functions make (the rows of the first bad row's unit, judged in
    # that unit), which raises it; then that of the converted inputs
    inputs <- staging_inputs(system, args, call, convert = TRUE)
    result <- if (is.null(where)) {
      .Call(C_r_stage, system, inputs, score, FALSE, NULL, FALSE)
    } else {
      .Call(C_r_stage_where, system, inputs, score, FALSE, where$codes,
            where$staged)
    }
  }
  stop_bad_values(result, inputs, call)
}

# A system's criteria and groups as markdown for its help page (roxygen runs
# it: `r staging_rd("iss")`), from the C rule table.
staging_rd <- function(system) {
  rules <- staging_rules()
  rules <- rules[rules$system == system, ]
  threshold <- ifelse(!is.na(rules$versus), sprintf("above `%s`", rules$versus),
                      ifelse(is.na(rules$threshold), "",
                             paste(rules$threshold, rules$unit)))
  groups <- staging_groups()
  groups <- groups[groups$system == system, ]
  range <- ifelse(groups$min_score == groups$max_score, groups$min_score,
                  paste(groups$min_score, "to", groups$max_score))
  # a criterion of several clauses (each must hold) shows them
  clauses <- any(rules$clause > 1)
  criterion <- if (clauses) paste0(rules$criterion, ", clause ", rules$clause) else
    rules$criterion
  paste(c(
    paste("As compiled into the package (see [b2m_rules()]): a criterion is",
          if (clauses) "met when each of its clauses holds, a clause when any of its rows does," else
            "met when any of its rows holds",
          "and then scores its points; the",
          "stage is the first group whose score range (and condition) holds."),
    "",
    "| criterion | input | comparison | threshold | points |",
    "|---|---|---|---|---|",
    sprintf("| %s | `%s` | %s | %s | %s |", criterion, rules$input,
            rules$comparison, threshold, rules$points),
    "",
    "| stage | score | and |", "|---|---|---|",
    sprintf("| %s | %s | %s |", groups$group, range,
            ifelse(is.na(groups$condition), "", groups$condition)),
    criteria_notes_rd(rules)
  ), collapse = "\n")
}

# The readings of a system's criteria that the clinical reference qualifies,
# each with its confidence label, as they appear in b2m_rules().
criteria_notes_rd <- function(rules) {
  noted <- rules[!is.na(rules$note) & !duplicated(rules$criterion), ]
  if (nrow(noted) == 0) return(character())
  c("", "Readings of the criteria (the `note` and `confidence` of their",
    "rows in [b2m_rules()]):", "",
    sprintf("* %s (confidence %s): %s.", noted$criterion, noted$confidence,
            noted$note))
}
