# What a stage means: the outcome figures published for each stage of each
# system, in the cohort that defined it. Only figures read in the primary
# paper (P) or in secondary text (S) are here; the DOI is the system's own
# citation (system_citations()).

# Each system's derivation cohort and its treatment era, said once.
outcome_cohorts <- list(
  iss = c(
    cohort = "10,750 previously untreated symptomatic myeloma patients from 17 institutions in North America, Europe and Asia",
    era = "conventional chemotherapy and autologous transplantation, before the novel agents"),
  riss = c(
    cohort = "4,445 newly diagnosed myeloma patients in 11 international trials",
    era = "novel agents (95% of patients)"),
  cll_ipi = c(
    cohort = "3,472 treatment-naive CLL patients from 8 phase 3 trials",
    era = "chemotherapy and chemoimmunotherapy, before the targeted signalling inhibitors"),
  ipsswm = c(
    cohort = "587 symptomatic Waldenstr\u00f6m patients, survival counted from the start of first-line treatment",
    era = "alkylating agents and purine analogues, before rituximab"),
  ripsswm = c(
    cohort = "492 symptomatic Waldenstr\u00f6m patients followed for a median of 7 years",
    era = "chemoimmunotherapy, with and without frontline rituximab"),
  flipi2 = c(
    cohort = "the F2 study: 832 of 1,093 newly diagnosed follicular lymphoma patients registered 2003-2005, with complete data",
    era = "immunochemotherapy"),
  prima_pi = c(
    cohort = "the PRIMA trial: 1,135 follicular lymphoma patients",
    era = "R-chemotherapy, with or without rituximab maintenance"),
  mass = c(
    cohort = "1,327 newly diagnosed myeloma patients of the Mayo Clinic, diagnosed February 2004 to June 2019 (2,556 screened)",
    era = "novel agents"),
  prima_pi_validation = c(
    cohort = "479 follicular lymphoma patients of the FL2000 trial and the Iowa/Mayo Molecular Epidemiology Resource (validation)",
    era = "immunochemotherapy")
)

# One figure per stage, in the order of the system's levels.
outcome_figures <- function(system, metric, values, unit, confidence,
                            cohort = system) {
  data.frame(system = system, metric = metric, value = values, unit = unit,
             confidence = confidence, cohort_key = cohort,
             stringsAsFactors = FALSE)
}

outcome_table <- function() {
  rbind(
    outcome_figures("iss", "median overall survival", c(62, 44, 29), "months", "P"),
    outcome_figures("riss", "5-year overall survival", c(82, 62, 40), "%", "S"),
    outcome_figures("riss", "5-year progression-free survival", c(55, 36, 24), "%", "S"),
    outcome_figures("cll_ipi", "5-year overall survival",
                    c(93.2, 79.3, 63.3, 23.3), "%", "S"),
    outcome_figures("ipsswm", "5-year survival", c(87, 68, 36), "%", "P"),
    outcome_figures("ipsswm", "median survival", c(142, 99, 43), "months", "S"),
    outcome_figures("ripsswm", "3-year Waldenstr\u00f6m-related death",
                    c(0, 10, 14, 38, 48), "%", "P"),
    outcome_figures("ripsswm", "10-year survival", c(84, 59, 37, 19, 9), "%", "P"),
    outcome_figures("ripsswm", "5-year overall survival",
                    c(95, 86, 78, 47, 36), "%", "S"),
    outcome_figures("flipi2", "3-year progression-free survival", c(91, 69, 51), "%", "P"),
    outcome_figures("flipi2", "3-year overall survival", c(99, 96, 84), "%", "P"),
    outcome_figures("prima_pi", "5-year progression-free survival",
                    c(69, 55, 37), "%", "P"),
    outcome_figures("prima_pi", "5-year event-free survival", c(77, 57, 44), "%",
                    "P", cohort = "prima_pi_validation"),
    outcome_figures("mass", "median overall survival", c(11.0, 7.0, 4.5),
                    "years", "P")
  )
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
#' could not be confirmed are left out: no outcome of the R2-ISS (its
#' abstract was not read), the median PFS and OS of the R-ISS, and the
#' 5-year PFS of FLIPI2, and the MASS figures of its validation cohort (502
#' MMRF CoMMpass patients). The FLIPI2 paper reports 3-year figures. The MASS
#' abstract gives "OS" in years per stage, read as median overall survival.
#'
#' @param systems Keys of the staging systems to return
#'   (`r rd_keys(staging_systems()$system)`), or `NULL` for all of them. A system without confirmed
#'   figures (`"r2iss"`) has no rows.
#' @return A data frame with one row per system, stage and metric: `system`
#'   (key), `stage` (the stage as the system's function returns it),
#'   `metric`, `value` (in `unit`, the source's own: months, years or %), `unit`,
#'   `cohort`, `era`, `doi` (of the paper defining the system) and
#'   `confidence` (`"primary"` or `"secondary"`), and an attribute `caveat`.
#' @references
#' Greipp PR, et al. J Clin Oncol 2005;23(15):3412-3420.
#' \doi{10.1200/JCO.2005.04.242}
#'
#' Palumbo A, et al. J Clin Oncol 2015;33(26):2863-2869.
#' \doi{10.1200/JCO.2015.61.2267}
#'
#' International CLL-IPI working group. Lancet Oncol 2016;17(6):779-790.
#' \doi{10.1016/S1470-2045(16)30029-8}
#'
#' Morel P, et al. Blood 2009;113(18):4163-4170.
#' \doi{10.1182/blood-2008-08-174961}
#'
#' Kastritis E, et al. Leukemia 2019;33(11):2654-2661.
#' \doi{10.1038/s41375-019-0431-y}
#'
#' Federico M, et al. J Clin Oncol 2009;27(27):4555-4562.
#' \doi{10.1200/JCO.2008.21.3991}
#'
#' Bachy E, et al. Blood 2018;132(1):49-58.
#' \doi{10.1182/blood-2017-11-816405}
#'
#' Abdallah NH, et al. Blood Cancer J 2022;12(1).
#' \doi{10.1038/s41408-022-00611-x}
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
  cohorts <- do.call(rbind, outcome_cohorts[figures$cohort_key])
  systems <- staging_systems()
  out <- data.frame(
    system = figures$system,
    stage = outcome_stages(figures),
    metric = figures$metric,
    value = figures$value,
    unit = figures$unit,
    cohort = unname(cohorts[, "cohort"]),
    era = unname(cohorts[, "era"]),
    doi = systems$doi[match(figures$system, systems$system)],
    confidence = c(P = "primary", S = "secondary")[figures$confidence],
    stringsAsFactors = FALSE, row.names = NULL
  )
  attr(out, "caveat") <- outcome_caveat
  out
}

# The stage of each figure: the k-th figure of a block is the system's k-th
# level, so a level renamed in C cannot silently shift the figures.
outcome_stages <- function(figures) {
  groups <- staging_groups()
  stage <- character(nrow(figures))
  blocks <- split(seq_len(nrow(figures)), paste(figures$system, figures$metric))
  for (rows in blocks) {
    system <- figures$system[rows[1]]
    levels <- unique(groups$group[groups$system == system])
    if (length(levels) != length(rows)) {
      stop("internal: ", length(rows), " outcome figures for the ",
           length(levels), " stages of ", system)
    }
    stage[rows] <- levels
  }
  stage
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
