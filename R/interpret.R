# Interpretation of each row: why B2M is where it is, what to do next, and a
# laboratory-style comment. The rules are functions of the columns
# b2m_annotate() appends, so they are tested on hand-built columns.

# The thresholds of the interpretation. The physiology (serum B2M =
# production against glomerular filtration) gives no cut-offs: these are the
# package's, stated in b2m_rules(), which the vignettes and the demo read.
interpret_thresholds <- data.frame(
  criterion = c("reduced clearance", "production beyond the GFR"),
  input = c("egfr", "b2m_excess"),
  comparison = c("<", ">"),
  threshold = c(60, 1.5),
  unit = c("mL/min/1.73 m^2", "observed / expected B2M"),
  source = c(
    "b2m rule: KDIGO GFR category G3a or worse (decreased GFR)",
    "b2m rule: B2M 1.5 times what the eGFR explains (Inker 2016 equation)"
  ),
  stringsAsFactors = FALSE
)

mechanism_levels <- c("normal", "reduced clearance", "increased production",
                      "both", "tubular", "indeterminate")

follow_up_text <- c(
  renal = "renal function (creatinine, urea, eGFR)",
  production = paste("serum protein electrophoresis with immunofixation,",
                     "serum free light chains, blood count and LDH"),
  tubular = paste("urine B2M with its pH on a pH-adjusted collection;",
                  "exposure history (nephrotoxic drugs, cadmium, mercury)")
)

# The mechanism of each row, first rule that applies:
# 1. urine pattern "tubular" (serum <= ULN, urine > ULN): tubular;
# 2. status missing: NA; status normal: normal;
# 3. elevated: reduced clearance when eGFR < 60 and B2M is not beyond what
#    the eGFR explains (excess <= 1.5); increased production when eGFR >= 60
#    and excess > 1.5; both when eGFR < 60 and excess > 1.5; otherwise
#    (eGFR or excess unknown, or eGFR >= 60 with excess <= 1.5)
#    indeterminate.
# `egfr`, `excess` and `pattern` may be NULL (not computed): all NA.
interpret_mechanism <- function(status, egfr = NULL, excess = NULL,
                                pattern = NULL) {
  n <- length(status)
  reduced <- as_rule_input(egfr, n) < interpret_threshold("egfr")
  beyond <- as_rule_input(excess, n) > interpret_threshold("b2m_excess")
  elevated <- as.character(status) == "elevated"
  out <- ifelse(elevated, "indeterminate", "normal")
  out[elevated & reduced %in% TRUE & beyond %in% FALSE] <- "reduced clearance"
  out[elevated & reduced %in% FALSE & beyond %in% TRUE] <-
    "increased production"
  out[elevated & reduced %in% TRUE & beyond %in% TRUE] <- "both"
  out[as.character(as_rule_input(pattern, n)) %in% "tubular"] <- "tubular"
  factor(out, levels = mechanism_levels)
}

as_rule_input <- function(x, n) {
  if (is.null(x)) return(rep(NA_real_, n))
  if (length(x) == 1) x[rep_len(1L, n)] else x
}

# The work-up the laboratory references recommend for each row, items
# joined by "; ": renal function when kidney function is unknown or reduced;
# the monoclonal-protein screen when production is suspected (the excess
# says so, or the eGFR excludes the kidney as the sole cause); urine B2M and
# its pH when tubular disease is suspected (urine B2M above its limit). ""
# when B2M is normal, NA when it is missing.
interpret_follow_up <- function(mechanism, egfr = NULL, pattern = NULL) {
  n <- length(mechanism)
  egfr <- as_rule_input(egfr, n)
  mechanism <- as.character(mechanism)
  abnormal <- !is.na(mechanism) & mechanism != "normal"
  kidney_ok <- egfr >= interpret_threshold("egfr")
  renal <- abnormal & !(kidney_ok %in% TRUE)
  production <- mechanism %in% c("increased production", "both") |
    (mechanism %in% "indeterminate" & kidney_ok %in% TRUE)
  tubular <- abnormal &
    as.character(as_rule_input(pattern, n)) %in% c("tubular", "combined")
  out <- rep("", n)
  out <- add_item(out, renal, follow_up_text[["renal"]])
  out <- add_item(out, production, follow_up_text[["production"]])
  out <- add_item(out, tubular, follow_up_text[["tubular"]])
  out[is.na(mechanism)] <- NA
  out
}

add_item <- function(out, flag, text) {
  flag <- flag %in% TRUE
  out[flag] <- ifelse(nzchar(out[flag]), paste0(out[flag], "; ", text), text)
  out
}

# One or two plain sentences per row, as a laboratory would print them:
# a template per case, %1$s the raised result, %2$s the eGFR. Each row's
# sentence is formatted once, for its own case only.
comment_templates <- c(
  "normal" = "Serum B2M is within the reference interval.",
  "reduced clearance" =
    "%1$s, as the reduced kidney function (%2$s) explains.",
  "both" = "%1$s, more than the reduced kidney function (%2$s) explains.",
  "increased production" = paste(
    "%1$s with kidney function that does not explain it (%2$s),",
    "suggesting increased production."),
  "indeterminate" = paste(
    "%1$s with %2$s; neither reduced clearance nor increased production",
    "is clear."),
  "indeterminate, kidney unknown" =
    "%1$s; kidney function is unknown, so the cause cannot be told.",
  "tubular" = paste("Urine B2M is raised above its limit while serum B2M is",
                    "not, a pattern of proximal tubular dysfunction.")
)

comment_caveat <- " B2M is non-specific: this is a signpost, not a diagnosis."

interpret_comment <- function(mechanism, fold = NULL, egfr = NULL) {
  n <- length(mechanism)
  case <- as.character(mechanism)
  fold <- as_rule_input(fold, n)
  egfr <- as_rule_input(egfr, n)
  case[case %in% "indeterminate" & is.na(egfr)] <- "indeterminate, kidney unknown"
  out <- rep(NA_character_, n)
  for (key in intersect(names(comment_templates), case)) {
    rows <- which(case == key)
    raised <- ifelse(is.na(fold[rows]), "Serum B2M is raised",
                     sprintf("Serum B2M is raised (%s x the upper reference limit)",
                             formatC(fold[rows], format = "f", digits = 1)))
    gfr <- sprintf("eGFR %s mL/min/1.73 m^2",
                   formatC(egfr[rows], format = "f", digits = 0))
    template <- comment_templates[[key]]
    used <- if (grepl("%2$s", template, fixed = TRUE)) 2 else
      if (grepl("%1$s", template, fixed = TRUE)) 1 else 0
    text <- rep_len(do.call(sprintf, c(template, list(raised, gfr)[seq_len(used)])),
                    length(rows))
    out[rows] <- if (key == "normal") text else paste0(text, comment_caveat)
  }
  out
}

#' Interpret B2M results row by row
#'
#' Annotates `data` with [b2m_annotate()], then appends four columns saying
#' what each serum B2M result means: whether it is raised, the likely
#' mechanism, the work-up to consider and a comment as a laboratory would
#' print it. B2M is non-specific: these are signposts for a clinician, not
#' diagnoses.
#'
#' @section Rules:
#' The eGFR is the best available of the row (`egfr_crcys`, else `egfr_cys`,
#' else `egfr_cr`); `b2m_excess` is serum B2M divided by the B2M the eGFR
#' explains ([b2m_excess()]). The physiology gives no cut-offs; the two
#' below are the package's and appear in [b2m_rules()] (`system`
#' `"interpret"`):
#'
#' * reduced clearance: eGFR `< 60` mL/min/1.73 m^2 (KDIGO G3a or worse);
#' * production beyond the GFR: `b2m_excess > 1.5`.
#'
#' `b2m_mechanism`, first rule that applies:
#'
#' | mechanism | when |
#' |---|---|
#' | `"tubular"` | urine pattern tubular: serum B2M at or below its limit, urine above its limit |
#' | `NA` | serum B2M missing |
#' | `"normal"` | serum B2M at or below the limit |
#' | `"both"` | raised, eGFR `< 60` and excess `> 1.5` |
#' | `"reduced clearance"` | raised, eGFR `< 60` and excess `<= 1.5` |
#' | `"increased production"` | raised, eGFR `>= 60` and excess `> 1.5` |
#' | `"indeterminate"` | raised otherwise: eGFR or excess unknown, or eGFR `>= 60` with excess `<= 1.5` |
#'
#' `b2m_follow_up` lists, separated by "; ": renal function (creatinine,
#' urea, eGFR) when kidney function is unknown or reduced; serum protein
#' electrophoresis with immunofixation, serum free light chains, blood count
#' and LDH when production is suspected (mechanism increased production or
#' both, or indeterminate with eGFR `>= 60`); urine B2M with its pH on a
#' pH-adjusted collection and the exposure history when tubular disease is
#' suspected (urine pattern tubular or combined). It is empty when B2M is
#' normal.
#'
#' @inheritParams b2m_annotate
#' @param data A data frame, tibble or data.table with serum B2M (column `b2m`
#'   or mapped in `columns`).
#' @return `data` with the columns of [b2m_annotate()] and
#' * `b2m_mechanism`: a factor with levels `"normal"`, `"reduced clearance"`,
#'   `"increased production"`, `"both"`, `"tubular"`, `"indeterminate"`;
#' * `b2m_follow_up`: the work-up to consider (character, `""` when none);
#' * `b2m_comment`: one or two sentences (character).
#'
#' All three are `NA` where serum B2M is missing. Without a serum B2M column
#' the error is of class `b2m_error_column`; other errors as
#' [b2m_annotate()].
#' @references Inker LA, et al. GFR estimation using beta-trace protein and
#'   beta2-microglobulin in CKD. Am J Kidney Dis 2016;67(1):40-48.
#'   \doi{10.1053/j.ajkd.2015.07.025}
#'
#'   KDIGO 2012 clinical practice guideline for the evaluation and management
#'   of chronic kidney disease. Kidney Int Suppl 2013;3:19-62.
#'   \doi{10.1038/kisup.2012.64}
#'
#'   Mayo Clinic Laboratories test catalogue: Beta-2-Microglobulin (B2M),
#'   Serum; Beta-2-Microglobulin (B2MU), Urine; Multiple Myeloma: Laboratory
#'   Screening.
#' @family whole data frames
#' @export
#' @examples
#' cohort <- b2m_example("cohort")
#' interpreted <- suppressMessages(b2m_interpret(cohort))
#' table(interpreted$b2m_mechanism, useNA = "ifany")
#' interpreted$b2m_comment[1]
b2m_interpret <- function(data, columns = NULL, units = NULL,
                          overwrite = FALSE, systems = NULL,
                          sex_labels = NULL, flag_labels = NULL) {
  old <- set_codings(sex_labels, flag_labels, sys.call())
  on.exit(options(old), add = TRUE)
  interpret_data(data, annotate_registry(), columns, units, overwrite,
                 sys.call(), systems = systems)
}

interpret_outputs <- c("b2m_mechanism", "b2m_follow_up", "b2m_comment")

interpret_data <- function(data, registry, columns = NULL, units = NULL,
                           overwrite = FALSE, call = sys.call(-1),
                           systems = NULL) {
  run <- annotate_run(data, registry, columns, units, overwrite, call,
                      extra = interpret_outputs, systems = systems)
  values <- run$values
  if (is.null(values$b2m_status)) {
    b2m_abort(
      paste("`data` has no serum B2M to interpret: name its column `b2m` or",
            "map it, e.g. `columns = c(b2m = \"B2M_mgL\")`."),
      "b2m_error_column", call, column = "b2m"
    )
  }
  estimates <- values[intersect(egfr_preference, names(values))]
  egfr <- if (length(estimates) > 0) do.call(best_egfr, unname(estimates))
  mechanism <- interpret_mechanism(values$b2m_status, egfr, values$b2m_excess,
                                   values$b2m_pattern)
  values$b2m_mechanism <- mechanism
  values$b2m_follow_up <- interpret_follow_up(mechanism, egfr,
                                              values$b2m_pattern)
  values$b2m_comment <- interpret_comment(mechanism, values$b2m_fold_uln, egfr)
  b2m_inform(annotate_message(run))
  append_columns(data, values)
}
