# Risk definitions: IMS/IMWG 2025 high-risk myeloma (one mechanism,
# src/rules.c), with what the caller needs besides the risk: each criterion
# met, not met or undetermined, the inputs that leave a risk open, the notes
# the clinical reference asks for, and the markers assumed negative.

# The levels of the ordinal inputs, by the `coding` of their input in
# src/rules.c, in order: level k (from 0) is the k-th label.
stage_levels <- list(
  del1p32 = c("none", "monoallelic", "biallelic")
)

# `del1p32` (character or factor: none, monoallelic, biallelic) as its level
# 0, 1, 2, a coded column read by C through its distinct labels; blank
# labels are missing, unknown labels an error naming the rows.
del1p32_level <- function(x, arg, call) {
  levels <- stage_levels$del1p32
  if (!(is.character(x) || is.factor(x) || is_missing_only(x))) {
    b2m_abort(
      sprintf("`%s` must be a character vector or factor of %s, not %s.", arg,
              quote_labels(levels), describe_type(x)),
      "b2m_error_type", call, arg = arg)
  }
  input <- coded_input(x, function(labels) {
    match(fold_label(labels), levels) - 1L
  })
  if (!is.null(input$unknown)) {
    stop_unknown_labels(input$unknown, arg, paste("one of", quote_labels(levels)),
                        call)
  }
  list(value = x, coded = input$coded, arg = arg, num = 1, den = 1,
       max_in_unit = length(levels) - 1)
}

# The markers `assume_negative` may name: the inputs of the system that are
# findings of a test (not B2M or creatinine).
imwg2025_markers <- c("del17p_ccf", "tp53_mutation", "t4_14", "t14_16",
                      "t14_20", "gain1q", "del1p32")

# `assume_negative` checked: a character vector of markers, without repeats.
check_assume_negative <- function(x, markers, call) {
  if (!is.character(x) || anyNA(x)) {
    b2m_abort(
      sprintf("`assume_negative` must be a character vector of markers (%s), not %s.",
              quote_labels(markers), describe_type(x)),
      "b2m_error_type", call, arg = "assume_negative")
  }
  unknown <- setdiff(x, markers)
  if (length(unknown) > 0) {
    b2m_abort(
      sprintf("`assume_negative` names %s, which %s not a marker; the markers are %s.",
              quote_labels(unknown), if (length(unknown) > 1) "are" else "is",
              quote_labels(markers)),
      "b2m_error_value", call, arg = "assume_negative", labels = unknown,
      expected = markers)
  }
  unique(x)
}

# Whether each value of an input is missing: NA, or a blank label.
input_missing <- function(x) {
  if (is.factor(x)) x <- as.character(x)
  is.na(x) | (is.character(x) & blank_label(x))
}

# Marker `arg` with its missing values taken as negative: FALSE for a flag
# (whatever labels it is given in), 0 for a fraction, the first level for an
# ordinal. A copy, made only for the markers named.
negative_if_missing <- function(x, arg, kind, call) {
  missing <- input_missing(x)
  if (!any(missing)) return(x)
  if (kind == "level") {
    x <- as.character(x)
    x[missing] <- stage_levels$del1p32[1]
  } else if (kind == "flag") {
    read <- flag_column(x, arg, call)
    x <- read$value
    if (!is.null(read$coded)) {
      coded <- read$coded
      at <- if (is.factor(coded[[1]])) as.integer(coded[[1]]) else
        match(coded[[1]], coded[[2]])
      x <- coded[[3]][at] == 1L
    }
    x[is.na(x)] <- FALSE
  } else {
    x[missing] <- 0
  }
  x
}

# For each of `rows` rows, the names of `hits` (a named list of logical
# vectors, of `rows` elements or recycled from one, NA for FALSE) TRUE in
# it, joined by `sep`; NA where none is.
join_names <- function(hits, rows, sep = ", ") {
  if (length(hits) == 0) return(rep(NA_character_, rows))
  .Call(C_r_names_of_bits, hits, names(hits), sep, as.double(rows))
}

# For each element of `bits` (integer: bit k - 1 for `labels[k]`), the labels
# of its bits joined by `sep`, NA for none (C joins each set of bits that
# occurs once).
names_of_bits <- function(bits, labels, sep = ", ") {
  .Call(C_r_names_of_bits, bits, labels, sep, as.double(length(bits)))
}

# The tests a note makes of a condition's state as the C core reports it
# (stage_system(conditions =)): NA where an input is missing, else 1 where
# it holds and -1 where not, doubled at its threshold exactly. A missing
# state passes none. (Numbered as in src/r_labels.c.)
state_tests <- c("holds", "fails", "at_threshold")

# The notes the clinical reference asks for: `conditions`, the inputs whose
# (first) condition of the rule table the notes read, and `notes`, per note
# the tests (state_tests) of those conditions' states that must all pass
# for a row to carry it. A clonal fraction exactly at the del(17p)
# threshold, whose reading is unresolved (clinical-rules-2.md B.5), and a
# B2M at ISS III not counted because creatinine is not normal (B.3).
imwg2025_notes <- list(
  conditions = c("del17p_ccf", "b2m", "creatinine"),
  notes = list(
    "high risk under the '20% or more' reading, not under the 'more than 20%' reading" =
      c(del17p_ccf = "at_threshold"),
    "B2M at or above 5.5 mg/L not counted: creatinine not below 1.2 mg/dL (renal function not normal)" =
      c(b2m = "holds", creatinine = "fails")
  )
)

# For each of `rows` rows, the notes of `notes` (see imwg2025_notes) whose
# tests pass on `state` (the states of notes$conditions, a list in their
# order), joined by "; ", NA where none: C reads each state once per
# test, without a logical column per test.
notes_of_states <- function(state, notes, rows) {
  terms <- lapply(notes$notes, function(tests) {
    as.integer(rbind(match(names(tests), notes$conditions),
                     match(tests, state_tests)))
  })
  .Call(C_r_names_of_states, state, unname(terms), names(notes$notes),
        "; ", as.double(rows))
}

#' IMS/IMWG 2025 definition of high-risk multiple myeloma
#'
#' High risk when at least one of four criteria is met (International
#' Myeloma Society / International Myeloma Working Group consensus,
#' Avet-Loiseau 2025):
#' 1. del(17p) in at least 20 % of the clonal plasma cells
#'    (`del17p_ccf >= 20`) and/or a TP53 mutation;
#' 2. t(4;14), t(14;16) or t(14;20) **together with** 1q+ (gain or
#'    amplification) and/or del(1p32) (monoallelic or biallelic);
#' 3. monoallelic del(1p32) together with 1q+, or biallelic del(1p32);
#' 4. serum B2M >= 5.5 mg/L (the ISS III comparator of [stage_iss()])
#'    **with** serum creatinine < 1.2 mg/dL (106.08 umol/L): a B2M at or
#'    above 5.5 with creatinine at or above 1.2 does not count.
#'
#' Standard risk when none is met and every one can be judged.
#'
#' The thresholds are converted into the units of the data, once: 5.5 mg/L
#' in `b2m_unit`, 1.2 mg/dL in `creatinine_unit` (1 mg/dL = 88.4 umol/L, so
#' exactly 106.08 umol/L: a creatinine of 106 umol/L is below it, 106.08
#' is not).
#'
#' The comparator of criterion 1 is unresolved: secondary sources read
#' "20 % or more" (coded here) and "more than 20 %". Only a fraction of
#' exactly 20 % differs; such rows carry a note (see Value), and
#' [b2m_rules()] marks the rule. The paper itself could not be read for
#' the package's clinical reference; every criterion is from concordant
#' secondary sources (confidence "S").
#'
#' @section Criteria:
#' `r staging_rd("imwg2025")`
#'
#' @section Missing values:
#' Three-valued, per criterion and overall: a criterion is met as soon as
#' the inputs known suffice (a clonal fraction of 35 % meets criterion 1
#' whatever TP53 is), not met only when what it needs is known and
#' negative (B2M below 5.5 needs no creatinine), and otherwise `NA`. The
#' risk is `"high"` when a criterion is met, `"standard"` when none can be,
#' and `NA` otherwise, with the missing inputs named (see Value). This is
#' the enumeration every staging system of the package uses: a result is
#' given when it is the same for every possible value of the missing
#' inputs.
#'
#' TP53 sequencing in particular is often not done. `assume_negative`
#' declares untested markers negative: their missing values are taken as
#' FALSE (a clonal fraction as 0, del(1p32) as `"none"`). This is never
#' done unless asked, and is recorded in the result.
#'
#' @param del17p_ccf The share of clonal (CD138-selected) plasma cells
#'   carrying del(17p) by FISH, in percent (0-100).
#' @param tp53_mutation Logical: a pathogenic TP53 mutation by sequencing.
#' @param t4_14,t14_16,t14_20 Logical: t(4;14), t(14;16), t(14;20) by FISH.
#' @param gain1q Logical: 1q gain (3 copies) or amplification (4 or more).
#' @param del1p32 del(1p32) by FISH: a character vector or factor of
#'   `"none"`, `"monoallelic"` (one copy lost) or `"biallelic"` (both lost);
#'   case and surrounding blanks are ignored, blank is missing.
#' @param b2m Serum B2M, in `b2m_unit`.
#' @param creatinine Serum creatinine, in `creatinine_unit`.
#' @param b2m_unit Unit of `b2m`: `r b2m_units_rd()` (the default, `"mg/L"`,
#'   is the paper's).
#' @param creatinine_unit Unit of `creatinine`: `"mg/dL"` (the default) or
#'   `"umol/L"`.
#' @param assume_negative Markers whose missing values are taken as
#'   negative: any of `"del17p_ccf"`, `"tp53_mutation"`, `"t4_14"`,
#'   `"t14_16"`, `"t14_20"`, `"gain1q"`, `"del1p32"`. Default none.
#' @return An ordered factor (also of class `b2m_risk`, whose print method
#'   leaves the attributes out) with levels `"standard"` < `"high"`, of the
#'   common length of the arguments (length-1 arguments are recycled), with
#'   attributes:
#'   * `"criteria"`: a data frame with one row per result and one logical
#'     column per criterion, named by its label (as in [b2m_rules()]), in
#'     the order above: `TRUE` met, `FALSE` not met, `NA` undetermined; then
#'     `missing` (character): for a row whose risk is `NA`, the missing
#'     inputs of the undetermined criteria, else `NA`; `notes` (character):
#'     for a clonal fraction of exactly 20, "high risk under the '20% or
#'     more' reading, not under the 'more than 20%' reading", and for a B2M
#'     at or above 5.5 mg/L with creatinine at or above 1.2 mg/dL that the
#'     B2M is not counted, else `NA`; `assumed_negative` (character): the
#'     markers of `assume_negative` the row was missing, else `NA`.
#'   * `"assume_negative"`: the markers of `assume_negative` (character,
#'     possibly empty).
#'
#'   Flags that are not logical are an error of class `b2m_error_type`;
#'   unknown `del1p32` labels, negative, infinite or impossible numbers
#'   (a fraction above 100) and unknown `assume_negative` names are errors of
#'   class `b2m_error_value` naming the rows or names.
#' @references Avet-Loiseau H, Davies FE, Samur MK, et al. International
#'   Myeloma Society/International Myeloma Working Group consensus
#'   recommendations on the definition of high-risk multiple myeloma. J Clin
#'   Oncol 2025;43(24):2739-2751. \doi{10.1200/JCO-24-01893}
#' @family staging
#' @export
#' @examples
#' risk <- risk_imwg2025(
#'   del17p_ccf = c(35, 15, 0, 0, 0, 0),
#'   tp53_mutation = c(NA, NA, FALSE, FALSE, FALSE, FALSE),
#'   t4_14 = c(FALSE, FALSE, TRUE, FALSE, FALSE, FALSE),
#'   t14_16 = FALSE, t14_20 = FALSE,
#'   gain1q = c(FALSE, FALSE, TRUE, FALSE, FALSE, FALSE),
#'   del1p32 = c("none", "none", "none", "biallelic", "none", "none"),
#'   b2m = c(2, 2, 2, 2, 6, 6), creatinine = c(0.8, 0.8, 0.8, 0.8, 0.9, 1.3))
#' risk
#' attr(risk, "criteria")
#' # TP53 not sequenced, declared negative: row 2 becomes standard risk
#' risk_imwg2025(15, NA, FALSE, FALSE, FALSE, FALSE, "none", 2, 0.8,
#'               assume_negative = "tp53_mutation")
risk_imwg2025 <- function(del17p_ccf, tp53_mutation, t4_14, t14_16, t14_20,
                          gain1q, del1p32, b2m, creatinine, b2m_unit = "mg/L",
                          creatinine_unit = "mg/dL",
                          assume_negative = character()) {
  risk_system("imwg2025", environment(), imwg2025_markers, imwg2025_notes)
}

# A risk definition of the rule table: its stage with the attributes
# "criteria" (the criteria met, the missing inputs of open rows, the notes
# of `notes` (see imwg2025_notes) and the markers assumed negative, all read
# from what the C core reports of each row) and "assume_negative". `args` is
# the calling function's environment, with `assume_negative` naming some of
# `markers`.
risk_system <- function(system, args, markers, notes, call = sys.call(-1)) {
  args <- as.list(args)
  assumed <- check_assume_negative(args$assume_negative, markers, call)
  inputs <- staging_input_specs()[[system]]
  # the rows a marker was missing in, before it is taken as negative
  was_missing <- lapply(args[assumed], input_missing)
  for (marker in assumed) {
    # (a list assignment: a NULL argument stays, for its type error)
    args[marker] <- list(negative_if_missing(args[[marker]], marker,
                                             inputs$kind[inputs$input == marker],
                                             call))
  }
  rules <- staging_rules()
  conditions <- match(notes$conditions, rules$input[rules$system == system])
  risk <- stage_system(system, args, criteria = TRUE, call = call,
                       conditions = conditions)
  rows <- length(risk)
  criteria <- attr(risk, "criteria")
  criteria$missing <- names_of_bits(attr(risk, "open_inputs"), inputs$input)
  criteria$notes <- notes_of_states(attr(risk, "conditions"), notes, rows)
  criteria$assumed_negative <- join_names(was_missing, rows)
  criteria <- structure(criteria, row.names = .set_row_names(rows),
                        class = "data.frame")
  attr(risk, "open_inputs") <- NULL
  attr(risk, "conditions") <- NULL
  attr(risk, "criteria") <- criteria
  attr(risk, "assume_negative") <- assumed
  class(risk) <- c("b2m_risk", class(risk))
  risk
}

#' @export
print.b2m_risk <- function(x, ...) {
  print(structure(x, criteria = NULL, assume_negative = NULL,
                  class = setdiff(class(x), "b2m_risk")), ...)
  # a subset keeps the class, not the attributes
  if (!is.null(attr(x, "criteria"))) {
    assumed <- attr(x, "assume_negative")
    cat("Criteria met per row: attr(, \"criteria\")",
        if (length(assumed) > 0) {
          paste0("; assumed negative where missing: ",
                 paste(assumed, collapse = ", "))
        }, "\n", sep = "")
  }
  invisible(x)
}

# A risk subset or combined keeps its criteria row by row, so that a risk
# computed in chunks (a batch map) is the risk computed at once.

#' @export
`[.b2m_risk` <- function(x, ...) {
  out <- NextMethod()
  criteria <- attr(x, "criteria")
  if (!is.null(criteria)) {
    # column by column (a data frame's `[` copies more than its columns),
    # each indexed as `x` is: by names through the numbers of their rows
    columns <- if (is.null(names(x))) {
      lapply(criteria, function(column) column[...])
    } else {
      rows <- stats::setNames(seq_along(x), names(x))[...]
      lapply(criteria, `[`, rows)
    }
    attr(out, "criteria") <- structure(columns,
                                       row.names = .set_row_names(length(out)),
                                       class = "data.frame")
    attr(out, "assume_negative") <- attr(x, "assume_negative")
  }
  out
}

#' @export
c.b2m_risk <- function(...) {
  parts <- list(...)
  out <- NextMethod()
  criteria <- lapply(parts, attr, "criteria")
  if (length(parts) > 0 && all(vapply(parts, inherits, TRUE, "b2m_risk")) &&
      !any(vapply(criteria, is.null, TRUE))) {
    criteria <- do.call(rbind, criteria)
    row.names(criteria) <- NULL
    out <- structure(out, criteria = criteria,
                     assume_negative = unique(unlist(lapply(parts, attr,
                                                            "assume_negative"))),
                     class = class(parts[[1]]))
  }
  out
}
