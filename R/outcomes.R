# What a stage means: the outcome figures published for each stage of each
# system, in the cohort that defined it, read from the C rule table
# (src/rules.c), where each system's figures, cohort and era are declared.
# Only figures read in the primary paper (P) or in secondary text (S) are
# there; the DOI is the system's own citation.

# One row per figure: system, metric, stage, value, unit, confidence
# ("P"/"S"), cohort, era.
outcome_table <- function() {
  figures <- table_frame(stage_tables()$outcomes)
  if (anyNA(figures$stage)) {
    stop("internal: more outcome figures than stages for ",
         paste(unique(figures$system[is.na(figures$stage)]), collapse = ", "))
  }
  figures
}

# What each system's figures leave out, for the help page (roxygen runs it).
outcome_notes_rd <- function() {
  systems <- staging_systems()
  noted <- systems[!is.na(systems$outcomes_note), ]
  paste0("* ", noted$name, ": ", noted$outcomes_note, ".", collapse = "\n")
}

# The primary source of each system with figures, one paragraph each, for
# the help page (roxygen runs it).
outcome_references_rd <- function() {
  citations <- system_citations()
  cited <- citations[citations$system %in% outcome_table()$system, ]
  paste0(cited$reference, "\n\\doi{", cited$doi, "}", collapse = "\n\n")
}

# The keys of the systems without a confirmed figure (roxygen runs it).
systems_without_outcomes <- function() {
  systems <- staging_systems()$system
  systems[!systems %in% outcome_table()$system]
}

# The caveat every use of the figures carries.
outcome_caveat <- paste(
  "These figures describe the cohorts that defined each system, not the",
  "patient: treatment has changed since, so they are historical and usually",
  "pessimistic for patients treated now."
)

#' Published outcomes of each stage
#'
#' The outcome figures that the papers defining each staging system report
#' per stage, with the cohort and the treatment era they describe. A figure
#' describes the derivation cohort, not a patient: treatment has changed
#' since these cohorts, so the figures are historical and usually
#' pessimistic for patients treated now (the attribute `caveat` says so).
#'
#' Only figures read in the primary paper (confidence `"primary"`) or in
#' secondary text that reports it (`"secondary"`) are given. Figures that
#' could not be confirmed are left out; what the figures of each system say
#' or leave out:
#'
#' `r outcome_notes_rd()`
#'
#' @param systems Keys of the staging systems to return
#'   (`r rd_keys(staging_systems()$system)`), or `NULL` for all of them. A
#'   system without confirmed figures
#'   (`r rd_keys(systems_without_outcomes())`) has no rows.
#' @return A data frame with one row per system, stage and metric: `system`
#'   (key), `stage` (the stage as the system's function returns it),
#'   `metric`, `value` (in `unit`, the source's own: months, years or %), `unit`,
#'   `cohort`, `era`, `doi` (of the paper defining the system) and
#'   `confidence` (`"primary"` or `"secondary"`), and an attribute `caveat`.
#' @references
#' `r outcome_references_rd()`
#' @family interpretation
#' @export
#' @examples
#' b2m_outcomes("iss")
#' subset(b2m_outcomes(), confidence == "primary")[, c("system", "stage", "metric", "value", "unit")]
b2m_outcomes <- function(systems = NULL) {
  figures <- outcome_table()
  known <- unique(staging_groups()$system)
  if (!is.null(systems)) {
    check_outcome_systems(systems, known, sys.call())
    figures <- figures[figures$system %in% systems, , drop = FALSE]
  }
  systems <- staging_systems()
  out <- data.frame(
    system = figures$system,
    stage = figures$stage,
    metric = figures$metric,
    value = figures$value,
    unit = figures$unit,
    cohort = figures$cohort,
    era = figures$era,
    doi = systems$doi[match(figures$system, systems$system)],
    confidence = c(P = "primary", S = "secondary")[figures$confidence],
    stringsAsFactors = FALSE, row.names = NULL
  )
  attr(out, "caveat") <- outcome_caveat
  out
}

check_outcome_systems <- function(systems, known, call) {
  if (!is.character(systems) || anyNA(systems)) {
    b2m_abort(
      sprintf("`systems` must be a character vector of system keys, not <%s>.",
              class(systems)[1]),
      "b2m_error_type", call, arg = "systems"
    )
  }
  unknown <- setdiff(systems, known)
  if (length(unknown) > 0) {
    b2m_abort(
      sprintf("`systems` has unknown system keys %s; known: %s.",
              quote_first(unknown, 5),
              paste0("\"", known, "\"", collapse = ", ")),
      "b2m_error_value", call, arg = "systems", systems = unknown
    )
  }
}
