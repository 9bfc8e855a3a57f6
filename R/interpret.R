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

# The levels of b2m_mechanism, in the order of the C codes (a test checks
# them against src/interpret.c).
mechanism_levels <- c("normal", "reduced clearance", "increased production",
                      "both", "tubular", "indeterminate")

follow_up_text <- c(
  renal = "renal function (creatinine, urea, eGFR)",
  production = paste("serum protein electrophoresis with immunofixation,",
                     "serum free light chains, blood count and LDH"),
  tubular = paste("urine B2M with its pH on a pH-adjusted collection;",
                  "exposure history (nephrotoxic drugs, cadmium, mercury)")
)

# The rules of each row run in C (src/interpret.c), one pass per appended
# column, reading the annotated columns without copies: at registry size a
# string or logical vector per rule in R costs more than the rules.

# The mechanism of each row, first rule that applies:
# 1. urine pattern "tubular" (serum <= ULN, urine > ULN): tubular;
# 2. status missing: NA; status normal: normal;
# 3. elevated: reduced clearance when eGFR < 60 and B2M is not beyond what
#    the eGFR explains (excess <= 1.5); increased production when eGFR >= 60
#    and excess > 1.5; both when eGFR < 60 and excess > 1.5; otherwise
#    (eGFR or excess unknown, or eGFR >= 60 with excess <= 1.5)
#    indeterminate.
# `egfr` (a column, or a list of columns best first: the row's first
# known), `excess` and `pattern` may be NULL (not computed): all NA.
interpret_mechanism <- function(status, egfr = NULL, excess = NULL,
                                pattern = NULL) {
  codes <- .Call(C_r_interpret_mechanism,
                 factor_codes(status, c("normal", "elevated")),
                 egfr_columns(egfr), numeric_or_na(excess),
                 factor_codes(pattern, pattern_levels), interpret_cuts())
  structure(codes, levels = mechanism_levels, class = "factor")
}

# The codes C reads for `x` (a factor or character vector, or NULL: NA),
# in the order of `levels`; a factor with exactly those levels is not copied.
factor_codes <- function(x, levels) {
  if (is.null(x)) return(NA_integer_)
  if (is.factor(x) && identical(levels(x), levels)) return(unclass(x))
  match(as.character(x), levels)
}

# TRUE where `x` (a factor or character vector, or NULL) is one of
# `values`; never NA. A factor is read by its codes.
is_one_of <- function(x, values, n) {
  if (is.null(x)) return(logical(n))
  if (is.factor(x)) return(unclass(x) %in% which(levels(x) %in% values))
  x %in% values
}

egfr_columns <- function(egfr) {
  if (is.list(egfr)) unname(egfr) else if (is.null(egfr)) list() else list(egfr)
}

numeric_or_na <- function(x) if (is.null(x)) NA_real_ else x

# The cut-offs in the order C reads them (reduced clearance, then
# production beyond the GFR), looked up by their input.
interpret_cuts <- function() {
  vapply(c("egfr", "b2m_excess"), interpret_threshold, numeric(1),
         USE.NAMES = FALSE)
}

# The work-up the laboratory references recommend for each row, items
# joined by "; ": renal function when kidney function is unknown or reduced;
# the monoclonal-protein screen when production is suspected (the excess
# says so, or the eGFR excludes the kidney as the sole cause); urine B2M and
# its pH when tubular disease is suspected (urine B2M above its limit). ""
# when B2M is normal, NA when it is missing. C gives each row its items as
# bits; the 8 possible texts are made once here.
# `screen` (TRUE/FALSE, one or per row) FALSE leaves out the screen: the
# malignancy it looks for is known.
interpret_follow_up <- function(mechanism, egfr = NULL, pattern = NULL,
                                screen = TRUE) {
  .Call(C_r_interpret_follow_up, factor_codes(mechanism, mechanism_levels),
        egfr_columns(egfr), factor_codes(pattern, pattern_levels), screen,
        interpret_cuts(), follow_up_combinations())
}

follow_up_combinations <- function() {
  items <- follow_up_text[c("renal", "production", "tubular")]
  vapply(0:7, function(bits) {
    paste(items[bitwAnd(bits, c(1L, 2L, 4L)) > 0], collapse = "; ")
  }, "")
}

# One or two plain sentences per row, as a laboratory would print them (the
# templates are in src/interpret.c). `caveat` (TRUE/FALSE, one or per row)
# ends an abnormal result's comment with "B2M is non-specific: ...";
# `suffix` (NA for none) is appended after a space.
interpret_comment <- function(mechanism, fold = NULL, egfr = NULL,
                              caveat = TRUE, suffix = NA_character_) {
  .Call(C_r_interpret_comment, factor_codes(mechanism, mechanism_levels),
        numeric_or_na(fold), egfr_columns(egfr), caveat, enc2utf8(suffix))
}

# Comments that use the diagnosis --------------------------------------------

# Haemodialysis raises serum B2M 15-30 times the upper reference limit
# (clinical-rules.md, section 1: end-stage renal disease on haemodialysis);
# b2m_rules() shows it.
dialysis_fold <- c(low = 15, high = 30)

# The sentence for a raised B2M in a patient with a known cause of it other
# than a malignancy the package stages (the physiology of clinical-rules.md
# section 1: infection and autoimmune disease raise production).
known_cause_text <- c(
  dialysis = sprintf(paste(
    "On dialysis a serum B2M many times normal is expected (%g-%g times",
    "normal in haemodialysis), not unexplained."),
    dialysis_fold[["low"]], dialysis_fold[["high"]]),
  HIV = "The known HIV infection is a cause of increased B2M production.",
  SLE = paste("The known systemic lupus erythematosus, an autoimmune disease,",
              "is a cause of increased B2M production."),
  "rheumatoid arthritis" = paste("The known rheumatoid arthritis, an",
                                 "autoimmune disease, is a cause of increased",
                                 "B2M production.")
)

# What the diagnosis adds to each row's comment and follow-up:
# * a known myeloma, CLL, Waldenstrom or follicular lymphoma: one sentence per
#   system of that disease with a stage (`stages`: a list of list(system =
#   key, stage = factor, deciding = the conditions it rests on, see
#   stage_system(), or NULL)), naming the criteria other than B2M that gave
#   the stage and saying where B2M stands against the system's B2M
#   criteria, and no screen for the malignancy already known;
# * dialysis, HIV, SLE, rheumatoid arthritis with a raised serum B2M: the
#   known cause (known_cause_text);
# * either way the comment no longer ends with "B2M is non-specific".
# Without a diagnosis (NULL or NA), CKD or "other", nothing changes.
# `b2m` (in `b2m_unit`) and `b2m_uln` (in the same unit, or NULL) give the
# value the stage sentence prints; `outcomes` adds the stage's published
# figure (outcome_text()). Returns list(suffix, caveat, screen) for
# interpret_comment() and interpret_follow_up(), each per row or length 1.
# A cohort repeats its values: the texts are made once per distinct
# combination of the columns they depend on (grouped in C, without a
# temporary per row), and each row gets its combination's.
interpret_diagnosis <- function(diagnosis, mechanism, stages = list(),
                                b2m = NULL, b2m_unit = "mg/L",
                                b2m_uln = NULL, outcomes = FALSE) {
  if (is.null(diagnosis)) {
    return(list(suffix = NA_character_, caveat = TRUE, screen = TRUE))
  }
  stage_columns <- lapply(stages, `[[`, "stage")
  deciding_columns <- lapply(stages, `[[`, "deciding")
  groups <- .Call(C_r_row_groups, Filter(Negate(is.null), c(
    list(diagnosis, mechanism), unname(stage_columns),
    unname(deciding_columns), list(b2m, b2m_uln)
  )))
  first <- groups$first
  at_first <- function(x) if (length(x) > 1) x[first] else x
  texts <- diagnosis_texts(
    at_first(diagnosis), at_first(mechanism),
    lapply(stages, function(entry) {
      entry$stage <- at_first(entry$stage)
      entry$deciding <- at_first(entry$deciding)
      entry
    }),
    at_first(b2m), b2m_unit, at_first(b2m_uln), outcomes
  )
  lapply(texts, function(x) x[groups$group])
}

# interpret_diagnosis() on rows whose values may all differ.
diagnosis_texts <- function(diagnosis, mechanism, stages, b2m, b2m_unit,
                            b2m_uln, outcomes) {
  n <- length(mechanism)
  diagnosis <- as.character(diagnosis)
  suffix <- stage_sentences(diagnosis, stages, b2m, b2m_unit, b2m_uln, n,
                            outcomes)
  raised <- is_one_of(mechanism, setdiff(mechanism_levels,
                                         c("normal", "tubular")), n)
  cause <- raised & diagnosis %in% names(known_cause_text)
  suffix[cause] <- known_cause_text[diagnosis[cause]]
  known_malignancy <- diagnosis %in% staged_diseases()
  list(suffix = suffix, caveat = is.na(suffix) & !known_malignancy,
       screen = !known_malignancy)
}

# The diseases the package stages (of the systems of its rule table).
staged_diseases <- function() unique(staging_systems()$disease)

# One sentence per staged system of the row's disease ("ISS stage III: B2M
# 6.2 mg/L, at or above 5.5.", see stage_sentence()), joined; NA where there is none. With
# `outcomes`, each adds its stage's published figure, and a row with a
# figure ends with the caveat that the cohorts are historical.
stage_sentences <- function(diagnosis, stages, b2m, b2m_unit, b2m_uln, n,
                            outcomes = FALSE) {
  # Each row points (`id`) into the distinct texts made so far (`texts`, the
  # first NA: no sentence): a cohort repeats its stages and values, so each
  # distinct sentence, and each distinct join of sentences, is made once.
  texts <- NA_character_
  figured <- FALSE
  id <- rep(1L, n)
  for (entry in stages) {
    rows <- which(diagnosis == system_disease(entry$system) &
                    !is.na(entry$stage))
    if (length(rows) == 0) next
    made <- system_sentences(entry, rows, b2m, b2m_unit, b2m_uln, outcomes)
    pair <- (id[rows] - 1) * length(made$text) + made$at
    distinct <- unique(pair)
    first <- match(distinct, pair)
    before <- id[rows][first]
    sentence <- made$at[first]
    texts <- c(texts, ifelse(is.na(texts[before]), made$text[sentence],
                             paste(texts[before], made$text[sentence])))
    figured <- c(figured, figured[before] | made$figured[sentence])
    id[rows] <- length(texts) - length(distinct) + match(pair, distinct)
  }
  texts[figured] <- paste(texts[figured], outcome_caveat)
  texts[id]
}

# The sentences of one system for the rows `rows`: the distinct texts
# (`text`, each ending with its published figure when `outcomes`, and
# `figured` where it has one) and each row's text (`at`), made once per
# distinct stage, deciding conditions, B2M and comparison with the
# laboratory's limit.
system_sentences <- function(entry, rows, b2m, b2m_unit, b2m_uln, outcomes) {
  stage <- entry$stage[rows]
  value <- if (!is.null(b2m)) b2m[rows]
  limit <- if (!is.null(b2m_uln) && !is.null(b2m)) {
    b2m_uln[if (length(b2m_uln) == 1) 1L else rows]
  }
  above <- if (is.null(limit)) 0L else {
    x <- value > limit
    ifelse(is.na(x), 2L, as.integer(x))
  }
  deciding <- entry$deciding[rows]
  groups <- .Call(C_r_row_groups, Filter(Negate(is.null), list(
    as.integer(stage), value, above, deciding
  )))
  first <- groups$first
  uln <- if (!is.null(limit)) list(b2m = value[first], uln = limit[first])
  text <- stage_sentence(entry$system, stage[first],
                         if (!is.null(value)) {
                           b2m_convert(value[first], b2m_unit, "mg/L")
                         }, uln, deciding[first])
  figure <- if (outcomes) {
    outcome_text(entry$system, as.character(stage[first]))
  } else {
    rep(NA_character_, length(first))
  }
  list(text = paste0(text, ifelse(is.na(figure), "", paste0("; ", figure)),
                     "."),
       figured = !is.na(figure), at = groups$group)
}

# The first published figure of each stage of `system` (b2m_outcomes()):
# "median overall survival 44 months in the cohort that defined the ISS
# (Greipp 2005)"; NA for a stage without one.
outcome_text <- function(system, stage) {
  figures <- b2m_outcomes(system)
  figures <- figures[!duplicated(figures$stage), , drop = FALSE]
  f <- figures[match(stage, figures$stage), , drop = FALSE]
  value <- ifelse(f$unit == "%", paste0(f$value, "%"),
                  paste(f$value, f$unit))
  text <- sprintf("%s %s in the cohort that defined the %s (%s%s)", f$metric,
                  value, system_name(system),
                  system_first_author(system),
                  ifelse(f$confidence %in% "secondary", "; secondary source",
                         ""))
  ifelse(is.na(f$value), NA_character_, text)
}

# The display name of a staging system ("ISS"), from the rule table.
system_name <- function(system) {
  systems <- staging_systems()
  systems$name[match(system, systems$system)]
}

# "Greipp 2005": the first author's surname (or the group) and the year of
# the system's primary source.
system_first_author <- function(system) {
  systems <- staging_systems()
  key <- systems$publication[match(system, systems$system)]
  pub <- publications()
  pub <- pub[match(key, pub$key), ]
  paste(sub(" [A-Z]+$", "", sub(",.*", "", pub$authors)), pub$year)
}

# "ISS stage III: B2M 6.2 mg/L, at or above 5.5" for the rows of one system:
# the criteria other than B2M that the stage rests on (`deciding`, see
# deciding_text(); NULL: none said), then B2M (mg/L, or NULL: not printed)
# against the system's B2M criteria in the rule table; a comparison with
# the laboratory's limit (`uln`: list(b2m, uln) in one unit) says "above the
# upper limit".
stage_sentence <- function(system, stage, b2m, uln, deciding = NULL) {
  name <- system_name(system)
  level <- as.character(stage)
  head <- ifelse(grepl("^[IV]+$", level), paste(name, "stage", level),
                 paste(name, level, "risk"))
  if (!is.null(deciding)) {
    because <- deciding_text(system, deciding)
    head <- ifelse(nzchar(because), paste0(head, " (", because, ")"), head)
  }
  if (is.null(b2m)) return(head)
  rules <- staging_rules()
  rules <- rules[rules$system == system & rules$input == "b2m", , drop = FALSE]
  where <- b2m_against(b2m, rules[is.na(rules$versus), , drop = FALSE])
  if (!is.null(uln) && any(!is.na(rules$versus))) {
    above <- ifelse(uln$b2m > uln$uln, "above the upper limit",
                    "at or below the upper limit")
    where <- ifelse(is.na(where), above, paste(where, "and", above))
  }
  ifelse(is.na(b2m), head,
         paste0(head, ": B2M ", as.character(signif(b2m, 6)), " mg/L",
                ifelse(is.na(where), "", paste0(", ", where))))
}

# What a stage rests on besides B2M, from the conditions that hold in the
# criteria the row meets (`deciding`: bit x - 1 for the system's x-th row of
# staging_rules(), see stage_system()): each such criterion by its label
# ("del(17p)", "high-risk CA or high LDH"), joined by "; ". B2M itself is
# said by stage_sentence(), so a condition on B2M adds nothing here, and a
# criterion that B2M or another input meets ("ISS II or III": B2M >= 3.5 or
# albumin < 3.5) names that input's condition ("albumin below 3.5 g/dL"),
# not its label, which would restate the stage. "" where nothing but B2M.
deciding_text <- function(system, deciding) {
  rules <- staging_rules()
  rules <- rules[rules$system == system, , drop = FALSE]
  said <- paste(rules$input, comparison_words[rules$comparison],
                rules$threshold, rules$unit)
  one_condition <- stats::ave(seq_along(rules$criterion), rules$criterion,
                              FUN = length) == 1
  reads_b2m <- stats::ave(rules$input == "b2m", rules$criterion, FUN = any)
  said[one_condition | !reads_b2m] <- rules$criterion[one_condition | !reads_b2m]
  said[rules$input == "b2m"] <- NA
  distinct <- unique(deciding)
  texts <- vapply(distinct, function(bits) {
    holds <- bitwAnd(bits, 2L^(seq_along(said) - 1L)) != 0
    paste(unique(said[holds & !is.na(said)]), collapse = "; ")
  }, "")
  texts[match(deciding, distinct)]
}

# A comparison of the rule table as words ("at or above" for >=).
comparison_words <- c("<" = "below", "<=" = "at or below", ">" = "above",
                      ">=" = "at or above", "is TRUE" = "")

# Where each value stands against thresholds (rows of the rule table with
# `comparison` and `threshold`): the highest threshold it is at or above
# and the lowest it is below, each said as the rule compares ("at or above
# 5.5" for >=, "above 3.5" for >); NA without thresholds.
b2m_against <- function(x, rules) {
  if (nrow(rules) == 0) return(rep(NA_character_, length(x)))
  t <- rules$threshold
  # whether the comparison counts the threshold itself on the high side
  inclusive <- rules$comparison %in% c(">=", "<")
  high_text <- comparison_words[ifelse(inclusive, ">=", ">")]
  low_text <- comparison_words[ifelse(inclusive, "<", "<=")]
  # each distinct value once: a cohort repeats its values
  distinct <- unique(x)
  texts <- vapply(distinct, function(v) {
    if (is.na(v)) return(NA_character_)
    high <- ifelse(inclusive, v >= t, v > t)
    parts <- c(
      if (any(high)) paste(high_text[high][which.max(t[high])], max(t[high])),
      if (any(!high)) paste(low_text[!high][which.min(t[!high])], min(t[!high]))
    )
    paste(unique(parts), collapse = " and ")
  }, "")
  texts[match(x, distinct)]
}

# Comments on the course ---------------------------------------------------------

# The sentence on each row's course, from the columns of b2m_trend()
# (`trend`: baseline, pct_change, significant_change, nadir,
# pct_from_nadir, significant_from_nadir, previous, pct_from_previous,
# significant_from_previous), the row's value and the time of the patient's
# first result (`first_time`), all in `unit`:
# * since the first result: "B2M fell from 6.1 to 3.4 mg/L (-44 %) since the
#   first result (2024-03-02)", then whether that is beyond the reference
#   change value (TRUE), within it (FALSE) or nothing (NA); a significant
#   fall in a known malignancy (`known_malignancy`) is "consistent with
#   response to treatment";
# * a rise from a nadir below the first result: "it rose 35 % from its
#   nadir of 2.1 mg/L", "a significant rise" or "within the reference
#   change value";
# * a significant change from a previous result other than the first: "a
#   significant fall of 13 % from the previous result of 3.9 mg/L".
# NA on a patient's first result and where the value is missing.
trend_comment <- function(trend, value, first_time, unit = "mg/L",
                          known_malignancy = FALSE) {
  n <- length(value)
  num <- function(x) as.character(signif(x, 6))
  pct <- function(x) sprintf("%.0f", abs(x))
  malignancy <- rep_len(known_malignancy, n) %in% TRUE
  fell <- trend$pct_change < 0
  since <- ifelse(trend$pct_change == 0,
    sprintf("B2M is unchanged at %s %s since the first result (%s)",
            num(value), unit, time_text(first_time)),
    sprintf("B2M %s from %s to %s %s (%s%s %%) since the first result (%s)",
            ifelse(fell, "fell", "rose"), num(trend$baseline), num(value),
            unit, ifelse(fell, "-", "+"), pct(trend$pct_change),
            time_text(first_time)))
  since <- paste0(since, significance_text(
    trend$significant_change,
    ifelse(fell & malignancy,
           ", beyond the reference change value: consistent with response to treatment",
           ", beyond the reference change value")))
  from_nadir <- trend$pct_from_nadir > 0 & trend$nadir < trend$baseline
  nadir <- ifelse(from_nadir %in% TRUE, paste0(
    sprintf("; it rose %s %% from its nadir of %s %s", pct(trend$pct_from_nadir),
            num(trend$nadir), unit),
    significance_text(trend$significant_from_nadir, ", a significant rise")), "")
  # a step from the first result or onto the nadir is said already
  step <- trend$significant_from_previous %in% TRUE &
    trend$previous != trend$baseline &
    !(from_nadir %in% TRUE & trend$previous == trend$nadir)
  previous <- ifelse(step %in% TRUE, sprintf(
    "; a significant %s of %s %% from the previous result of %s %s",
    ifelse(trend$pct_from_previous < 0, "fall", "rise"),
    pct(trend$pct_from_previous), num(trend$previous), unit), "")
  out <- paste0(since, nadir, previous, ".")
  out[is.na(value) | is.na(trend$previous)] <- NA_character_
  out
}

# ", beyond ..." (`beyond`) where a significance is TRUE, ", within the
# reference change value" where FALSE, nothing where NA (no RCV given).
significance_text <- function(significant, beyond) {
  ifelse(is.na(significant), "",
         ifelse(significant, beyond, ", within the reference change value"))
}

# A time as the comment prints it: a date or date-time as formatted, a
# number as "time 30".
time_text <- function(time) {
  if (is.numeric(time) && !inherits(time, c("Date", "POSIXt", "difftime"))) {
    return(paste("time", format(time, trim = TRUE)))
  }
  format(time)
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
#' @section Diagnosis:
#' When the patient's diagnosis is known (the `diagnosis` input, read by
#' [b2m_diagnosis()]):
#'
#' * myeloma, CLL, Waldenstrom or follicular lymphoma: the comment adds, for
#'   each staging system of that disease with a stage, the stage, the
#'   criteria other than B2M that the patient meets (in parentheses: the
#'   criteria of [b2m_rules()] whose conditions hold, by their labels, or by
#'   the condition itself where B2M could have met the criterion instead),
#'   and where B2M stands against the system's B2M criteria (e.g. "ISS stage
#'   III: B2M 6.2 mg/L, at or above 5.5.", "ISS stage II (albumin below 3.5
#'   g/dL): B2M 2 mg/L, below 3.5.", "R2-ISS stage III (del(17p); LDH above
#'   the upper limit): B2M 1.37 mg/L, below 3.5."); the follow-up leaves
#'   out the screen for the malignancy already known (the kidney and tubular
#'   work-up stay);
#' * dialysis, with a raised serum B2M: a level many times normal is
#'   expected (15-30 times normal in haemodialysis), not unexplained;
#' * HIV, systemic lupus erythematosus or rheumatoid arthritis, with a raised
#'   serum B2M: the disease is named as a cause of increased production.
#'
#' These comments do not end with "B2M is non-specific: this is a signpost,
#' not a diagnosis", which stays where no diagnosis is known (and for CKD
#' and "other").
#'
#' @section Course:
#' When `data` has the columns `id` (the patient) and `date` (the sample's
#' time: any time [b2m_trend()] takes), one row per sample, the result also
#' has the columns of [b2m_trend()] (`baseline`, `change`, `pct_change`,
#' `nadir`, `pct_from_nadir`, `previous`, `pct_from_previous`,
#' `significant_change`, `significant_from_previous`,
#' `significant_from_nadir`, with `cva` and `cvi` as given), and each
#' comment after a patient's first result adds its course, in the unit of
#' the B2M column: "B2M fell from 6.1 to 3.4 mg/L (-44 %) since the first
#' result (2024-03-02), beyond the reference change value"; a rise from a
#' nadir below the first result ("it rose 35 % from its nadir of 2.1 mg/L, a
#' significant rise"); a significant step from an earlier result that is
#' not the first. A change is called beyond or within the reference change
#' value only when `cva` and `cvi` are given; a significant fall is
#' "consistent with response to treatment" only in a known malignancy.
#'
#' @inheritParams b2m_annotate
#' @param data A data frame, tibble or data.table with serum B2M (column `b2m`
#'   or mapped in `columns`).
#' @param outcomes If `TRUE`, each stage a comment states (see Diagnosis)
#'   adds the first outcome figure [b2m_outcomes()] gives for it, e.g.
#'   "median overall survival 44 months in the cohort that defined the ISS
#'   (Greipp 2005)", and the comment ends with the caveat that these cohorts
#'   are historical and usually pessimistic for patients treated now. A
#'   stage without a confirmed figure (any R2-ISS stage) has none.
#' @param cva,cvi Analytical and within-subject biological coefficients of
#'   variation of B2M, in percent, both or neither, for the significance of
#'   the course (see Course and [b2m_trend()], which has no built-in CVI);
#'   checked as there. Without them the course makes no significance claim.
#' @return `data` with the columns of [b2m_annotate()] and
#' * `b2m_mechanism`: a factor with levels `"normal"`, `"reduced clearance"`,
#'   `"increased production"`, `"both"`, `"tubular"`, `"indeterminate"`;
#' * `b2m_follow_up`: the work-up to consider (character, `""` when none);
#' * `b2m_comment`: one or two sentences (character).
#'
#' All three are `NA` where serum B2M is missing. Without a serum B2M column
#' the error is of class `b2m_error_column`; `outcomes` other than `TRUE` or
#' `FALSE` is an error of class `b2m_error_type`; bad `cva` and `cvi` and
#' the errors of a series (two samples of a patient at one date) as
#' [b2m_trend()]; other errors as [b2m_annotate()].
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
#'
#' # a series of samples per patient: the course in the comment
#' fu <- b2m_example("followup")
#' course <- suppressMessages(b2m_interpret(fu, cva = 3, cvi = 5.9))
#' course$b2m_comment[7]
b2m_interpret <- function(data, columns = NULL, units = NULL,
                          overwrite = FALSE, systems = NULL,
                          sex_labels = NULL, flag_labels = NULL,
                          outcomes = FALSE, cva = NULL, cvi = NULL) {
  old <- set_codings(sex_labels, flag_labels, sys.call())
  on.exit(options(old), add = TRUE)
  interpret_data(data, annotate_registry(), columns, units, overwrite,
                 sys.call(), systems = systems, outcomes = outcomes,
                 cva = cva, cvi = cvi)
}

interpret_outputs <- c("b2m_mechanism", "b2m_follow_up", "b2m_comment")

interpret_data <- function(data, registry, columns = NULL, units = NULL,
                           overwrite = FALSE, call = sys.call(-1),
                           systems = NULL, outcomes = FALSE, cva = NULL,
                           cvi = NULL) {
  if (!isTRUE(outcomes) && !isFALSE(outcomes)) {
    b2m_abort("`outcomes` must be TRUE or FALSE.", "b2m_error_type", call,
              arg = "outcomes")
  }
  trend_rcv(cva, cvi, 1.96, rcv_forms[1], call)
  given <- data
  work <- unit_columns(data, columns, units, call)
  data <- work$data
  units <- work$units
  longitudinal <- is.data.frame(data) && all(trend_columns_used %in% names(data))
  run <- annotate_run(data, registry, columns, units, overwrite, call,
                      extra = c(if (longitudinal) trend_results,
                                interpret_outputs), systems = systems,
                      deciding = TRUE)
  values <- run$values
  if (is.null(values$b2m_status)) {
    b2m_abort(
      paste("`data` has no serum B2M to interpret: name its column `b2m` or",
            "map it, e.g. `columns = c(b2m = \"B2M_mgL\")`."),
      "b2m_error_column", call, column = "b2m"
    )
  }
  # best first, as b2m_annotate() chooses: the reported eGFR, then the
  # equations
  reported <- run$inputs$egfr
  egfr <- c(if (is.numeric(reported)) list(as.double(reported)),
            values[intersect(egfr_preference, names(values))])
  mechanism <- interpret_mechanism(values$b2m_status, egfr, values$b2m_excess,
                                   values$b2m_pattern)
  values$b2m_mechanism <- mechanism
  diagnosis <- run$diagnosis
  known <- known_diagnosis(diagnosis, mechanism, data, columns, units,
                           interpret_stages(registry, values, run$deciding),
                           outcomes, call)
  suffix <- known$suffix
  if (longitudinal) {
    course <- interpret_course(data, columns, units, cva, cvi,
                               if (is.null(diagnosis)) FALSE else
                                 diagnosis %in% staged_diseases(), call)
    values[trend_results] <- course$trend[trend_results]
    suffix <- join_sentences(suffix, course$comment)
  }
  values$b2m_follow_up <- interpret_follow_up(mechanism, egfr,
                                              values$b2m_pattern, known$screen)
  values$b2m_comment <- interpret_comment(mechanism, values$b2m_fold_uln, egfr,
                                          known$caveat, suffix)
  # the trend's columns before the interpretation's
  values <- values[c(setdiff(names(values), interpret_outputs),
                     interpret_outputs)]
  b2m_inform(annotate_message(run))
  append_columns(given, values)
}

# interpret_diagnosis() on the data's B2M, when a diagnosis is known.
known_diagnosis <- function(diagnosis, mechanism, data, columns, units, stages,
                            outcomes, call) {
  if (is.null(diagnosis)) return(interpret_diagnosis(NULL, mechanism))
  b2m <- interpret_b2m_input(data, columns, units, call)
  interpret_diagnosis(diagnosis, mechanism, stages, b2m$value, b2m$unit,
                      b2m$uln, outcomes)
}

# The stages computed for a system of a disease, as interpret_diagnosis()
# takes them: which column belongs to which system is the registry's.
interpret_stages <- function(registry, values, deciding = list()) {
  stages <- list()
  for (entry in registry$entries) {
    stage <- values[[entry$output]]
    if (is.factor(stage) && !is.na(system_disease(entry$system))) {
      stages[[entry$output]] <- list(system = entry$system, stage = stage,
                                     deciding = deciding[[entry$output]])
    }
  }
  stages
}

# Serum B2M as given (numeric, in its unit) and the laboratory's limit, for
# the value the stage sentences print.
interpret_b2m_input <- function(data, columns, units, call) {
  found <- input_columns(data, columns, call)
  value <- data[[found[["b2m"]]]]
  if (!is.numeric(value)) return(list(value = NULL, unit = NULL, uln = NULL))
  uln <- if ("b2m_uln" %in% names(found)) data[[found[["b2m_uln"]]]]
  list(value = value, unit = input_units(units, call)[["b2m"]],
       uln = if (is.numeric(uln)) uln)
}

# Data with a patient id and a sample date (the convention's names) is a
# series: b2m_interpret() adds the columns of b2m_trend() and a sentence on
# each result's course.
trend_columns_used <- c(id = "id", time = "date")

# The trend of serum B2M (in its unit) and each row's sentence on it.
interpret_course <- function(data, columns, units, cva, cvi, known_malignancy,
                             call) {
  found <- input_columns(data, columns, call)
  unit <- input_units(units, call)[["b2m"]]
  trend <- b2m_trend(data, id = trend_columns_used[["id"]],
                     time = trend_columns_used[["time"]],
                     value = found[["b2m"]], unit = unit, cva = cva, cvi = cvi)
  value <- trend[[found[["b2m"]]]]
  first <- first_times(trend[[trend_columns_used[["id"]]]],
                       trend[[trend_columns_used[["time"]]]], value)
  list(trend = trend,
       comment = trend_comment(trend, value, first, attr(trend, "unit"),
                               known_malignancy))
}

# The time of each patient's first non-missing value, on every row.
first_times <- function(id, time, value) {
  known <- which(!is.na(value))
  ordered <- known[order(id[known], time[known])]
  first <- ordered[!duplicated(id[ordered])]
  time[first[match(id, id[first])]]
}

# Two sentences per row joined by a space, either NA for none.
join_sentences <- function(a, b) {
  n <- max(length(a), length(b))
  a <- rep_len(a, n)
  b <- rep_len(b, n)
  ifelse(is.na(a), b, ifelse(is.na(b), a, paste(a, b)))
}
