# A table of stages by group, as a report's Table 1 shows them.

# The stage columns b2m_annotate() appends, as b2m_table() tabulates them by
# default: the prognostic staging systems (not their scores).
table_default_systems <- function() staging_systems()$system

# Every column b2m_table() can tabulate: the default ones and the other
# categories b2m_annotate() and b2m_interpret() append.
table_systems <- function() {
  c(table_default_systems(), "gfr_category", "b2m_status", "b2m_pattern",
    "b2m_mechanism")
}

# The label of a missing stage.
not_determinable <- "not determinable"

#' A table of stages by group
#'
#' Counts and percentages of each stage of each staging system, by group
#' (for example by diagnosis), as the "Table 1" of a report shows them. A
#' stage that could not be determined (`NA`) is counted as
#' `"not determinable"`, so the percentages of a system add up to 100 in
#' each group.
#'
#' @param data A data frame, tibble or data.table returned by
#'   [b2m_annotate()] or [b2m_interpret()] (or with columns of the same
#'   names and levels).
#' @param by The column whose values are the groups, a single string
#'   (`"diagnosis"` by default), or `NULL` for the whole of `data` as one
#'   group. A missing value of `by` is a group of its own, `"(missing)"`.
#' @param systems The stage columns to tabulate, in this order: any of
#'   `r rd_keys(table_systems())`. `NULL` (the default) takes every
#'   staging system among the columns of `data` (those before
#'   `"gfr_category"`).
#'
#' With a diagnosis (the column `b2m_diagnosis` that [b2m_annotate()] and
#' [b2m_interpret()] append when `data` has a `diagnosis`), each staging
#' system is counted only among the patients of its disease and those
#' without a diagnosis, the rows it staged: a Table 1 of a cohort of mixed
#' diseases needs no filtering, and `"not determinable"` counts only the
#' patients of the system's disease whose data leave the stage open. Without
#' it every row counts for every system.
#' @return A data frame with one row per stage of each system (its levels in
#'   order, then `"not determinable"`) and the columns `system` and `stage`
#'   (character), then for each group `<group> n` (integer, patients) and
#'   `<group> %` (double, percent of the group's rows, rounded to one
#'   decimal). Print it with [knitr::kable()] in a report.
#'
#'   A `data` that is not a data frame is an error of class
#'   `b2m_error_type`; a `by` or a system that is not a column of `data`, or
#'   a `data` without any stage column, `b2m_error_column`; an unknown
#'   system `b2m_error_value`.
#' @references The systems' primary sources are listed by [b2m_rules()] and
#'   cited by [b2m_methods()].
#' @family reproducibility
#' @export
#' @examples
#' cohort <- b2m_example("cohort")
#' annotated <- b2m_annotate(cohort)
#' # each system among the patients of its disease
#' b2m_table(annotated, by = "sex", systems = "iss")
#' # every system, all patients together
#' b2m_table(annotated, by = NULL)
b2m_table <- function(data, by = "diagnosis", systems = NULL) {
  check_data_frame(data, "data")
  if (!is.null(by)) check_columns(data, list(by = by))
  systems <- table_columns(data, systems)
  groups <- if (is.null(by)) {
    factor(rep("all", nrow(data)), levels = "all")
  } else {
    group_factor(data[[by]])
  }
  tables <- lapply(systems, function(system) {
    staged <- staged_rows(data, system)
    stage_counts(system, data[[system]][staged], groups[staged])
  })
  out <- do.call(rbind, tables)
  rownames(out) <- NULL
  out
}

# The stage columns to tabulate: `systems` checked against the known ones
# and the columns of `data`, or the staging columns `data` has.
table_columns <- function(data, systems, call = sys.call(-1)) {
  if (is.null(systems)) {
    present <- intersect(table_default_systems(), names(data))
    if (length(present) == 0) {
      b2m_abort(
        paste("`data` has no stage column: annotate it first with",
              "b2m_annotate() or b2m_interpret(), or name the columns in",
              "`systems`."),
        "b2m_error_column", call, arg = "data", column = table_default_systems()
      )
    }
    return(present)
  }
  if (!is.character(systems) || anyNA(systems) || length(systems) == 0) {
    b2m_abort(
      sprintf("`systems` must be a character vector of stage columns, not %s.",
              describe_type(systems)),
      "b2m_error_type", call, arg = "systems"
    )
  }
  unknown <- setdiff(systems, table_systems())
  if (length(unknown) > 0) {
    b2m_abort(
      sprintf("`systems` has unknown stage column%s %s; known are %s.",
              if (length(unknown) > 1) "s" else "",
              paste0("\"", unknown, "\"", collapse = ", "),
              paste(table_systems(), collapse = ", ")),
      "b2m_error_value", call, arg = "systems"
    )
  }
  check_columns(data, structure(as.list(systems),
                                names = rep("systems", length(systems))),
                call = call)
  unique(systems)
}

# The rows a system's stages are counted in: with a `b2m_diagnosis` column
# (b2m_annotate() appends it from a diagnosis), those of the system's
# disease and those without a diagnosis, as b2m_annotate() staged them;
# every row otherwise, and for a column of no disease (gfr_category, ...).
staged_rows <- function(data, system) {
  disease <- system_disease(system)
  diagnosis <- data[["b2m_diagnosis"]]
  if (is.na(disease) || !is.factor(diagnosis)) return(TRUE)
  staged_by(diagnosis, disease)
}

# The groups in their order of appearance (a factor keeps its levels), with
# missing values a group of their own.
group_factor <- function(x) {
  labels <- as.character(x)
  levels <- if (is.factor(x)) levels(x) else unique(labels[!is.na(labels)])
  if (anyNA(labels)) {
    labels[is.na(labels)] <- "(missing)"
    levels <- c(levels, "(missing)")
  }
  factor(labels, levels = levels)
}

# One system's rows: each stage, then "not determinable", with the count and
# percentage in each group.
stage_counts <- function(system, stages, groups) {
  levels <- if (is.factor(stages)) levels(stages) else
    sort(unique(as.character(stages[!is.na(stages)])))
  labels <- as.character(stages)
  labels[is.na(labels)] <- not_determinable
  counts <- table(factor(labels, levels = c(levels, not_determinable)), groups)
  percent <- round(100 * sweep(counts, 2, pmax(colSums(counts), 1), "/"), 1)
  out <- data.frame(system = system, stage = rownames(counts),
                    stringsAsFactors = FALSE)
  for (group in colnames(counts)) {
    out[[paste(group, "n")]] <- as.integer(counts[, group])
    out[[paste(group, "%")]] <- as.numeric(percent[, group])
  }
  out
}
