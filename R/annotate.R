# Whole data frames: find each system's inputs among the columns and append
# one column per system and estimate.
#
# What is computed from what is data, not code: `annotate_registry()` lists
# one entry per output column (the function that computes it, which of its
# arguments come from which input, which unit arguments apply), and
# `annotate_data()` runs any such registry (the tests run small fake ones).
# Functions are named, and looked up in the registry's `env`, so an error's
# call reads `stage_iss(b2m = b2m, ...)`.

# The column-naming convention: one row per input the package knows, with the
# unit it is read in unless `units` says otherwise. `quantity` is the entry of
# `quantity_table` the unit belongs to (NA: the input has no choice of unit).
convention_table <- data.frame(
  column = c("b2m", "b2m_uln", "albumin", "ldh", "ldh_uln", "age", "sex",
             "creatinine", "cystatin", "hemoglobin", "platelets", "igm",
             "del17p", "t4_14", "t14_16", "gain1q", "tp53", "ighv_unmutated",
             "clinical_stage", "bone_marrow", "node_diameter_cm", "urine_b2m",
             "urine_ph"),
  meaning = c(
    "serum B2M",
    "the laboratory's serum B2M upper limit",
    "serum albumin",
    "serum LDH",
    "the laboratory's LDH upper limit",
    "age in years",
    "sex: \"female\"/\"male\" or \"F\"/\"M\" (any case)",
    "serum creatinine",
    "serum cystatin C",
    "haemoglobin",
    "platelet count",
    "serum IgM monoclonal protein",
    "del(17p) by FISH (logical)",
    "t(4;14) by FISH (logical)",
    "t(14;16) by FISH (logical)",
    "1q gain or amplification (logical)",
    "del(17p) and/or TP53 mutation (logical)",
    "IGHV unmutated (logical)",
    "Binet (A, B, C) or Rai (0-IV) stage",
    "bone marrow involvement (logical)",
    "diameter of the largest involved node",
    "urine B2M (random urine)",
    "urine pH (optional)"
  ),
  unit = c("mg/L", "as `b2m`", "g/dL", "U/L", "U/L", "years", "", "mg/dL",
           "mg/L", "g/dL", "10^9/L", "g/dL", "", "", "", "", "", "", "", "",
           "cm", "ug/L", "pH"),
  quantity = c("b2m", NA, "albumin", NA, NA, NA, NA, "creatinine", NA,
               "hemoglobin", NA, "igm", NA, NA, NA, NA, NA, NA, NA, NA, NA,
               "b2m_urine", NA),
  stringsAsFactors = FALSE
)

# The convention as markdown tables for the help page (roxygen runs it): the
# measured values with their units, then the flags and labels, each table
# narrow enough for an 80-column console.
convention_rd <- function() {
  t <- convention_table
  measured <- nzchar(t$unit)
  units <- ifelse(is.na(t$quantity), t$unit, paste0(t$unit, " *"))
  paste(c("| column | value | unit |", "|---|---|---|",
          sprintf("| `%s` | %s | %s |", t$column[measured],
                  t$meaning[measured], units[measured]),
          "", "\\* `units` may change it.", "",
          "| column | flag or label |", "|---|---|",
          sprintf("| `%s` | %s |", t$column[!measured], t$meaning[!measured])),
        collapse = "\n")
}

# One registry entry: the output column, the function computing it (a name),
# the system it belongs to (a key of system_citations()), `inputs` mapping the
# function's arguments to inputs (convention columns, derived inputs or
# earlier outputs), `optional` inputs passed only when present, and `units`
# mapping the function's unit arguments to the convention column whose unit
# they give.
registry_entry <- function(output, fun, system, inputs, units = character(),
                           optional = character()) {
  list(output = output, fun = fun, system = system, inputs = inputs,
       units = units, optional = optional)
}

# An input computed from others. `needs` are inputs; with `any = TRUE` the
# input exists when at least one of them does, and `compute` receives only
# those present (in the order of `needs`).
derived_input <- function(needs, compute, any = FALSE, describe = NULL) {
  list(needs = needs, compute = compute, any = any, describe = describe)
}

# The best eGFR of each row: CKD-EPI creatinine-cystatin C, else cystatin C,
# else creatinine (KDIGO 2012 recommends the combined equation where
# cystatin C is measured). The B2M-based eGFR is never used here: it would
# explain B2M by itself.
egfr_preference <- c("egfr_crcys", "egfr_cys", "egfr_cr")

best_egfr <- function(...) {
  estimates <- list(...)
  out <- estimates[[1]]
  for (other in estimates[-1]) {
    gap <- is.na(out)
    out[gap] <- other[gap]
  }
  out
}

# R-ISS and R2-ISS: high LDH is above the laboratory's upper limit; LDH
# equal to the limit is normal (Palumbo 2015 does not say; the package's
# choice). The values go through the C checks every staging input has, in
# the kernel that compares B2M with its limit (b2m_classify(): elevated is
# x > limit): LDH finite, not negative and plausible, its limit positive too,
# so that a limit of 0 (a database's "not recorded") never makes every LDH
# high.
ldh_above_limit <- function(ldh, ldh_uln, call = sys.call(-1)) {
  inputs <- list(numeric_input(ldh, "ldh", "ldh", call = call),
                 numeric_input(ldh_uln, "ldh_uln", "ldh", call = call))
  check_sizes(list(ldh = ldh, ldh_uln = ldh_uln), call)
  codes <- .Call(C_r_b2m_classify, ldh, ldh_uln, inputs[[1]]$max_in_unit)
  stop_bad_values(codes, inputs, call) == 2L
}

# The registry's staging entries, from the C rule table: each system's stage
# and, where it has one, its score, reading the inputs of the same names;
# each unit argument gives the unit of the first input it applies to.
# (FLIPI2 scores B2M above the laboratory's own limit: `b2m_uln` is
# required, never assumed.)
staging_registry <- function() {
  systems <- staging_systems()
  inputs <- staging_input_table()
  entries <- lapply(seq_len(nrow(systems)), function(i) {
    key <- systems$system[i]
    mine <- inputs[inputs$system == key, ]
    args <- stats::setNames(mine$input, mine$input)
    sets_unit <- !is.na(mine$unit_arg) & !duplicated(mine$unit_arg)
    units <- stats::setNames(mine$input[sets_unit], mine$unit_arg[sets_unit])
    stage <- registry_entry(key, systems$stage_fun[i], key, args, units)
    if (!systems$has_score[i]) return(list(stage))
    list(stage, registry_entry(paste0(key, "_score"), systems$score_fun[i],
                               key, args, units))
  })
  unlist(entries, recursive = FALSE)
}

# The staging entries as the help page's bullets (roxygen runs it): the
# columns, their functions and the inputs they need, a derived input (ldh_high)
# as the inputs it is computed from.
staging_registry_rd <- function() {
  derived <- annotate_registry()$derived
  entries <- staging_registry()
  system <- vapply(entries, `[[`, "", "system")
  lines <- vapply(unique(system), function(key) {
    mine <- entries[system == key]
    needs <- unlist(lapply(mine[[1]]$inputs, function(input) {
      if (is.null(derived[[input]])) input else derived[[input]]$needs
    }))
    sprintf("* %s (%s): %s;",
            paste0("`", vapply(mine, `[[`, "", "output"), "`", collapse = ", "),
            paste0("[", vapply(mine, `[[`, "", "fun"), "()]", collapse = ", "),
            paste(needs, collapse = ", "))
  }, "")
  paste(lines, collapse = "\n")
}

annotate_registry <- function() {
  staging <- staging_registry()
  laboratory <- list(
    registry_entry("b2m_status", "b2m_classify", "reference",
                   c(x = "b2m", uln = "b2m_uln"), c(unit = "b2m"),
                   optional = "b2m_uln"),
    registry_entry("b2m_fold_uln", "b2m_fold_uln", "reference",
                   c(x = "b2m", uln = "b2m_uln"), c(unit = "b2m"),
                   optional = "b2m_uln")
  )
  kidney <- list(
    registry_entry("egfr_cr", "egfr_ckdepi_cr", "ckdepi_cr",
                   c(creatinine = "creatinine", age = "age", sex = "sex"),
                   c(creatinine_unit = "creatinine")),
    registry_entry("egfr_cys", "egfr_ckdepi_cys", "ckdepi_cys",
                   c(cystatin = "cystatin", age = "age", sex = "sex")),
    registry_entry("egfr_crcys", "egfr_ckdepi_crcys", "ckdepi_crcys",
                   c(creatinine = "creatinine", cystatin = "cystatin",
                     age = "age", sex = "sex"),
                   c(creatinine_unit = "creatinine")),
    registry_entry("egfr_b2m", "egfr_b2m", "egfr_b2m", c(b2m = "b2m"),
                   c(b2m_unit = "b2m")),
    registry_entry("gfr_category", "gfr_category", "kdigo", c(egfr = "egfr")),
    registry_entry("b2m_expected", "b2m_expected", "egfr_b2m",
                   c(egfr = "egfr"), c(b2m_unit = "b2m")),
    registry_entry("b2m_excess", "b2m_excess", "egfr_b2m",
                   c(b2m = "b2m", egfr = "egfr"), c(b2m_unit = "b2m"))
  )
  pattern <- list(
    registry_entry("b2m_pattern", "b2m_pattern", "pattern",
                   c(serum_b2m = "b2m", urine_b2m = "urine_b2m",
                     serum_uln = "b2m_uln", urine_ph = "urine_ph"),
                   c(serum_unit = "b2m", urine_unit = "urine_b2m"),
                   optional = c("b2m_uln", "urine_ph"))
  )
  list(
    entries = c(laboratory, staging, kidney, pattern),
    derived = list(
      ldh_high = derived_input(c("ldh", "ldh_uln"), ldh_above_limit),
      egfr = derived_input(egfr_preference, best_egfr, any = TRUE,
                           describe = "an eGFR (creatinine or cystatin, age and sex)")
    ),
    env = topenv()
  )
}

#' Append every B2M-based system and estimate to a data frame
#'
#' Finds the inputs of each staging system, kidney estimate and B2M
#' classification among the columns of `data`, computes every one whose
#' inputs are all there, and appends one column per result. Existing columns
#' and rows are never altered, dropped or reordered; row names are kept and
#' the result has the class of `data` (data frame, tibble or data.table).
#'
#' @section Column-naming convention:
#' Inputs are found by these column names, or by the names given in
#' `columns`. Units are those of the primary papers unless `units` says
#' otherwise; `b2m_uln` is in the unit of `b2m`.
#'
#' `r convention_rd()`
#'
#' @section Appended columns:
#' Each is computed only when all its inputs are present. `b2m_uln` is
#' optional for `b2m_status`, `b2m_fold_uln` and `b2m_pattern` (the package
#' default limit is used without it, see [b2m_reference()]) but required by
#' FLIPI2, which scores B2M above the laboratory's own limit: without it
#' FLIPI2 is skipped, never computed with an assumed limit. `urine_ph` is
#' optional for `b2m_pattern`.
#'
#' Each column, the function computing it, and the inputs it needs:
#'
#' * `b2m_status`, `b2m_fold_uln` ([b2m_classify()], [b2m_fold_uln()]): b2m;
#' * `egfr_cr` ([egfr_ckdepi_cr()]): creatinine, age, sex;
#' * `egfr_cys` ([egfr_ckdepi_cys()]): cystatin, age, sex;
#' * `egfr_crcys` ([egfr_ckdepi_crcys()]): creatinine, cystatin, age, sex;
#' * `egfr_b2m` ([egfr_b2m()]): b2m;
#' * `gfr_category`, `b2m_expected` ([gfr_category()], [b2m_expected()]): an
#'   eGFR;
#' * `b2m_excess` ([b2m_excess()]): b2m and an eGFR;
#' * `b2m_pattern` ([b2m_pattern()]): b2m, urine_b2m.
#'
#' and the staging systems':
#'
#' `r staging_registry_rd()`
#'
#' Each system is computed for every row that has its inputs, whatever the
#' patient's disease: keep the patients a system was made for before
#' tabulating it (ISS, R-ISS and R2-ISS for myeloma, CLL-IPI for CLL, ...).
#'
#' High LDH (R-ISS, R2-ISS) is `ldh > ldh_uln`: LDH equal to the limit is
#' normal. LDH must be finite and not negative and `ldh_uln` positive (a
#' limit of 0, a common code for "not recorded", is an error, never "every
#' LDH high"); both at most 100,000 U/L. The eGFR behind `gfr_category`, `b2m_expected` and `b2m_excess` is,
#' row by row, the best one available: `egfr_crcys`, else `egfr_cys`, else
#' `egfr_cr`. The B2M-based eGFR is never used for them, as it would explain
#' B2M by B2M itself.
#'
#' @param data A data frame, tibble or data.table, one row per patient or
#'   sample.
#' @param columns Where the inputs are when their columns are not named by
#'   the convention: a named character vector, convention name = column
#'   name, e.g. `c(b2m = "B2M_mgL", albumin = "ALB")`.
#' @param units The units of inputs not in the convention's unit: a named
#'   character vector, convention name = unit, e.g. `c(albumin = "g/L",
#'   creatinine = "umol/L")`. Accepted for `b2m` (and with it `b2m_uln`),
#'   `urine_b2m`, `albumin`, `creatinine`, `hemoglobin` and `igm`.
#' @param overwrite If `FALSE` (the default), a result column that already
#'   exists in `data` is an error; if `TRUE` it is replaced in place. The
#'   order a replaced column gave is not kept: a data.table key is cut
#'   before it (dropped when it is the first key column) and indices using
#'   it are dropped, and a grouped tibble grouped by it is grouped again by
#'   the new values (as `dplyr::mutate()` does; ungrouped if dplyr is not
#'   installed).
#' @return `data` with the appended columns, of the class of `data`. A
#'   message of class `b2m_message_annotate` (fields `computed` and
#'   `skipped`) lists the columns computed and those skipped with the inputs
#'   they lacked; [suppressMessages()] silences it.
#'
#'   Errors: `b2m_error_column` for an unknown name in `columns`, a mapped
#'   column missing from `data`, a result column that exists already, or an
#'   input or result column that `data` has more than once;
#'   `b2m_error_type` for an input column that is a matrix or data frame;
#'   `b2m_error_unit` for an unknown name or unit in `units`; and the errors
#'   of the functions called (`b2m_error_value` for values impossible in the
#'   unit, ...), which then name the result and the column involved.
#' @references The systems' primary sources are listed by [b2m_rules()] and
#'   cited by [b2m_methods()].
#' @family whole data frames
#' @export
#' @examples
#' cohort <- b2m_example("cohort")
#' annotated <- b2m_annotate(cohort)
#' table(annotated$b2m_status, useNA = "ifany")
#'
#' # columns named otherwise, albumin in g/L
#' lab <- data.frame(B2M_mgL = c(1.9, 6.2), ALB = c(41, 30))
#' b2m_annotate(lab, columns = c(b2m = "B2M_mgL", albumin = "ALB"),
#'              units = c(albumin = "g/L"))
b2m_annotate <- function(data, columns = NULL, units = NULL,
                         overwrite = FALSE) {
  annotate_data(data, annotate_registry(), columns, units, overwrite,
                sys.call())
}

# b2m_annotate() with any registry (the tests use small fake ones). Returns
# `data` with the new columns; the `b2m_message_annotate` is signalled.
annotate_data <- function(data, registry, columns = NULL, units = NULL,
                          overwrite = FALSE, call = sys.call(-1)) {
  run <- annotate_run(data, registry, columns, units, overwrite, call)
  b2m_inform(annotate_message(run))
  append_columns(data, run$values)
}

# `extra` are the columns the caller will append after these (b2m_interpret's).
annotate_run <- function(data, registry, columns, units, overwrite, call,
                         extra = character()) {
  check_data_frame(data, "data", call)
  columns <- input_columns(data, columns, call)
  units <- input_units(units, call)
  if (!isTRUE(overwrite) && !isFALSE(overwrite)) {
    b2m_abort("`overwrite` must be TRUE or FALSE.", "b2m_error_type", call,
              arg = "overwrite")
  }
  for (input in names(columns)) {
    check_plain_column(data[[columns[[input]]]], columns[[input]], input, call)
  }
  inputs <- lapply(columns, function(column) data[[column]])
  # Which entries can run is known before any is computed, so a clash with
  # an existing column is reported before any work is done.
  planned <- list()
  skipped <- list()
  for (entry in registry$entries) {
    missing <- missing_inputs(entry, inputs, planned, registry$derived)
    if (length(missing) > 0) {
      skipped[[entry$output]] <- missing
    } else {
      planned[[entry$output]] <- entry
    }
  }
  check_no_clash(c(names(planned), extra), data, overwrite, call)
  check_unique_columns(data, c(columns, names(planned), extra), "data", call)
  computed <- list()
  cache <- new.env(parent = emptyenv())
  for (entry in planned) {
    computed[[entry$output]] <- compute_entry(entry, inputs, computed,
                                              registry, units, columns,
                                              nrow(data), call, cache)
  }
  list(values = computed, skipped = skipped, computed = names(computed))
}

check_no_clash <- function(outputs, data, overwrite, call) {
  clash <- intersect(outputs, names(data))
  if (length(clash) == 0 || overwrite) return(invisible())
  several <- length(clash) > 1
  b2m_abort(
    sprintf(paste0("`data` already has the column%s %s. Rename or drop ",
                   "%s, or set `overwrite = TRUE` to replace %s."),
            if (several) "s" else "", paste0("`", clash, "`", collapse = ", "),
            if (several) "them" else "it", if (several) "them" else "it"),
    "b2m_error_column", call, column = clash
  )
}

# The data column of each convention input present: the mapping first, then
# the convention's own name.
input_columns <- function(data, columns, call) {
  columns <- check_named_strings(columns, "columns", call)
  check_known_names(columns, convention_table$column, "columns",
                    "b2m_error_column", call)
  absent <- setdiff(columns, names(data))
  if (length(absent) > 0) {
    b2m_abort(
      sprintf("`columns` maps to %s, not %s of `data`.",
              paste0("`", absent, "`", collapse = ", "),
              if (length(absent) > 1) "columns" else "a column"),
      "b2m_error_column", call, arg = "columns", column = absent
    )
  }
  found <- convention_table$column[convention_table$column %in% names(data)]
  names(found) <- found
  found[names(columns)] <- columns
  found
}

# The unit of each convention input that has one: the convention's, or the
# one in `units`, checked against the quantity's known units.
input_units <- function(units, call) {
  units <- check_named_strings(units, "units", call)
  has_unit <- convention_table[!is.na(convention_table$quantity), ]
  check_known_names(units, has_unit$column, "units", "b2m_error_unit", call)
  out <- has_unit$unit
  names(out) <- has_unit$column
  for (key in names(units)) {
    quantity <- has_unit$quantity[has_unit$column == key]
    out[[key]] <- unit_spec(quantity, units[[key]],
                            sprintf("units[\"%s\"]", key), call)$unit
  }
  out
}

# The inputs of `entry` that cannot be had (character(0) when it can run),
# derived inputs explained by what they lack.
missing_inputs <- function(entry, inputs, computed, derived) {
  needed <- setdiff(entry$inputs, entry$optional)
  unique(unlist(lapply(needed, lacking, inputs, computed, derived)))
}

lacking <- function(name, inputs, computed, derived) {
  if (!is.null(inputs[[name]]) || !is.null(computed[[name]])) {
    return(character())
  }
  rule <- derived[[name]]
  if (is.null(rule)) return(name)
  gaps <- lapply(rule$needs, lacking, inputs, computed, derived)
  if (rule$any) {
    if (any(lengths(gaps) == 0)) return(character())
    return(if (is.null(rule$describe)) name else rule$describe)
  }
  unlist(gaps)
}

# The value of an input (NULL when absent). A derived input is computed once
# and kept in `cache` (an environment), as several entries use it.
input_value <- function(name, inputs, computed, derived, cache) {
  if (!is.null(inputs[[name]])) return(inputs[[name]])
  if (!is.null(computed[[name]])) return(computed[[name]])
  rule <- derived[[name]]
  if (is.null(rule)) return(NULL)
  if (!is.null(cache[[name]])) return(cache[[name]])
  values <- lapply(rule$needs, input_value, inputs, computed, derived, cache)
  value <- do.call(rule$compute, values[!vapply(values, is.null, logical(1))])
  assign(name, value, envir = cache)
  value
}

# Call the entry's function on the columns. The call is built from symbols
# bound in a fresh environment, so an error's call reads
# `stage_iss(b2m = b2m, albumin = albumin, ...)`, never the data.
compute_entry <- function(entry, inputs, computed, registry, units, columns,
                          n, call, cache = new.env(parent = emptyenv())) {
  result <- tryCatch({
    env <- new.env(parent = registry$env)
    args <- list()
    for (arg in names(entry$inputs)) {
      value <- input_value(entry$inputs[[arg]], inputs, computed,
                           registry$derived, cache)
      if (is.null(value)) next
      assign(arg, value, envir = env)
      args[[arg]] <- as.name(arg)
    }
    for (arg in names(entry$units)) args[[arg]] <- units[[entry$units[[arg]]]]
    withCallingHandlers(
      eval(as.call(c(as.name(entry$fun), args)), env),
      b2m_warning = function(cnd) {
        warning(for_column(cnd, entry, registry, columns, call))
        invokeRestart("muffleWarning")
      }
    )
  }, b2m_error = function(cnd) {
    stop(for_column(cnd, entry, registry, columns, call))
  })
  if (length(result) != n) {
    b2m_abort(
      sprintf("%s() returned %d values for `%s`, not one per row (%d).",
              entry$fun, length(result), entry$output, n),
      "b2m_error_length", call, column = entry$output
    )
  }
  result
}

# A condition (error or warning) of a function annotate called, said in
# terms of `data`: which result was being computed and from which columns
# (field `column`). A value error's advice to change a unit argument becomes
# advice to set `units`, rebuilt from the condition's fields.
for_column <- function(cnd, entry, registry, columns, call) {
  arg <- if (is.null(cnd$arg)) NA_character_ else cnd$arg[1]
  input <- if (arg %in% names(entry$inputs)) entry$inputs[[arg]] else arg
  sources <- source_columns(input, registry, columns)
  where <- if (length(sources) == 0) {
    ""
  } else if (input %in% names(columns)) {
    sprintf(" (`%s` is column `%s` of `data`)", arg, sources)
  } else {
    sprintf(" (`%s` is computed from %s `%s` of `data`)", arg,
            if (length(sources) > 1) "columns" else "column",
            paste(sources, collapse = "`, `"))
  }
  cnd$message <- sprintf("While computing `%s` with %s()%s: %s",
                         entry$output, entry$fun, where, message_for(cnd, entry))
  cnd$call <- call
  cnd$column <- if (length(sources) > 0) sources
  cnd
}

# The condition's message, its advice to set a unit argument of the function
# said as the `units` of b2m_annotate() that set it.
message_for <- function(cnd, entry) {
  problem <- cnd$value_problem
  unit_arg <- problem$unit_arg
  if (is.null(problem$suggested_unit) || is.null(unit_arg) ||
      !unit_arg %in% names(entry$units)) {
    return(conditionMessage(cnd))
  }
  value_problem_message(problem, sprintf(
    "set `units = c(%s = \"%s\")`", entry$units[[unit_arg]],
    problem$suggested_unit))
}

# The data columns an input comes from: its own column, or for a derived
# input or an earlier result, the columns of everything it is computed from.
source_columns <- function(name, registry, columns) {
  if (is.na(name)) return(character())
  if (name %in% names(columns)) return(unname(columns[[name]]))
  rule <- registry$derived[[name]]
  needs <- if (!is.null(rule)) rule$needs else {
    made_by <- Filter(function(e) identical(e$output, name), registry$entries)
    if (length(made_by) == 0) return(character())
    unname(made_by[[1]]$inputs)
  }
  found <- unlist(lapply(needs, source_columns, registry, columns))
  # in the order of the data's inputs, each once
  unique(unname(columns[columns %in% found]))
}

annotate_message <- function(run) {
  computed <- run$computed
  text <- if (length(computed) > 0) {
    paste(strwrap(sprintf("Computed %s.", paste0("`", computed, "`",
                                                 collapse = ", ")),
                  width = 76, exdent = 2),
          collapse = "\n")
  } else {
    "Computed nothing: no system has all its inputs."
  }
  skipped <- run$skipped
  if (length(skipped) > 0) {
    reasons <- vapply(skipped, paste, character(1), collapse = ", ")
    groups <- split(names(skipped), factor(reasons, unique(reasons)))
    lines <- sprintf("* %s: lacks %s", vapply(groups, function(g)
      paste0("`", g, "`", collapse = ", "), character(1)), names(groups))
    text <- paste(c(text, "Skipped for want of inputs:", lines),
                  collapse = "\n")
  }
  b2m_condition(paste0(text, "\n"),
                c("b2m_message_annotate", "b2m_message", "message"),
                call = NULL, computed = computed, skipped = skipped)
}

# `data` with `values` (a named list of columns) appended or, for existing
# names, replaced in place. The columns of `data` are not copied: the result
# is a new list of the same column vectors plus the new ones, with every
# attribute of `data` (class, row names, keys, groups) that still holds: a
# data.table key or index on a replaced column is dropped (its order no
# longer holds) and a dplyr grouping on one is recomputed. A data.table gets
# its own column slots back (over-allocation), so `:=` on the result never
# touches `data`.
append_columns <- function(data, values) {
  if (length(values) == 0) return(data)
  replaced <- intersect(names(values), names(data))
  attrs <- attributes(data)
  attrs$.internal.selfref <- NULL
  attrs <- drop_sort_order(attrs, replaced)
  out <- unclass(data)
  for (name in names(values)) out[[name]] <- values[[name]]
  attrs$names <- names(out)
  attributes(out) <- attrs
  if (inherits(out, "data.table") && requireNamespace("data.table",
                                                      quietly = TRUE)) {
    out <- data.table::setalloccol(out)
  }
  regroup(out, replaced)
}

# A data.table's key (attribute "sorted", the key columns in order) and
# indices (attribute "index", one attribute "__a__b" per index on columns a
# and b) say the rows are sorted by those columns: once a column is
# replaced, the key is cut before that column and every index using it is
# dropped, as data.table's own `:=` does.
drop_sort_order <- function(attrs, replaced) {
  if (length(replaced) == 0) return(attrs)
  key <- attrs$sorted
  first <- match(TRUE, key %in% replaced)
  if (!is.na(first)) {
    attrs$sorted <- if (first > 1) key[seq_len(first - 1)]
  }
  index <- attrs$index
  if (!is.null(index)) {
    kept <- attributes(index)
    on <- strsplit(sub("^__", "", names(kept)), "__", fixed = TRUE)
    stale <- vapply(on, function(columns) any(columns %in% replaced),
                    logical(1)) & startsWith(names(kept), "__")
    attributes(index) <- kept[!stale]
    attrs$index <- index
  }
  attrs
}

# A grouped tibble whose grouping columns were replaced, grouped again by
# the same columns (as dplyr's mutate() does), so its groups are those of
# the new values. Without dplyr (a grouped_df it did not make) the grouping
# is dropped, never left pointing at the old values.
regroup <- function(out, replaced,
                    dplyr = requireNamespace("dplyr", quietly = TRUE)) {
  groups <- attr(out, "groups", exact = TRUE)
  if (!inherits(out, "grouped_df") || is.null(groups)) return(out)
  vars <- setdiff(names(groups), ".rows")
  if (!any(vars %in% replaced)) return(out)
  drop <- attr(groups, ".drop", exact = TRUE)
  attr(out, "groups") <- NULL
  class(out) <- setdiff(class(out), "grouped_df")
  if (!dplyr) return(out)
  dplyr::grouped_df(out, vars, drop = if (is.null(drop)) TRUE else drop)
}
