# The diagnosis vocabulary: the conditions whose B2M the package reads
# differently, each with the names and ICD-10 codes that mean it.

# One row per condition, in the order of the factor's levels. `names` are
# compared after folding (lower case, no accents, single spaces, no dots);
# `icd10` are code prefixes compared after upper-casing and dropping the dot,
# so "C90.0" also takes C90.00-C90.02 of ICD-10-CM.
diagnosis_vocabulary <- list(
  list(diagnosis = "myeloma",
       names = c("myeloma", "multiple myeloma", "mm", "plasma cell myeloma"),
       icd10 = "C900"),
  list(diagnosis = "CLL",
       names = c("cll", "sll", "cll/sll", "chronic lymphocytic leukaemia",
                 "chronic lymphocytic leukemia", "small lymphocytic lymphoma"),
       icd10 = "C911"),
  list(diagnosis = "Waldenstrom",
       names = c("waldenstrom", "wm", "waldenstrom macroglobulinemia",
                 "waldenstrom macroglobulinaemia",
                 "waldenstrom's macroglobulinemia",
                 "waldenstrom's macroglobulinaemia",
                 "lymphoplasmacytic lymphoma"),
       icd10 = "C880"),
  list(diagnosis = "follicular lymphoma",
       names = c("follicular lymphoma", "fl"),
       icd10 = "C82"),
  list(diagnosis = "CKD",
       names = c("ckd", "chronic kidney disease"),
       icd10 = "N18"),
  list(diagnosis = "dialysis",
       names = c("dialysis", "haemodialysis", "hemodialysis", "eskd", "esrd",
                 "end-stage kidney disease", "end-stage renal disease",
                 "end stage kidney disease", "end stage renal disease"),
       icd10 = "Z992"),
  list(diagnosis = "HIV",
       names = c("hiv", "hiv infection"),
       icd10 = c("B20", "B21", "B22", "B23", "B24")),
  list(diagnosis = "SLE",
       names = c("sle", "lupus", "systemic lupus erythematosus"),
       icd10 = "M32"),
  list(diagnosis = "rheumatoid arthritis",
       names = c("rheumatoid arthritis", "ra"),
       icd10 = c("M05", "M06"))
)

diagnosis_levels <- function() {
  c(vapply(diagnosis_vocabulary, `[[`, "", "diagnosis"), "other")
}

#' Read diagnoses as the package's vocabulary
#'
#' Normalises free-text diagnoses and ICD-10 codes to the conditions whose
#' B2M the package reads differently: the four malignancies that B2M stages,
#' the kidney conditions that raise it by reduced clearance, and the
#' infections and autoimmune diseases that raise it by increased production.
#'
#' | level | names (any case, with or without accents) | ICD-10 |
#' |---|---|---|
#' | `myeloma` | myeloma, multiple myeloma, MM, plasma cell myeloma | C90.0 |
#' | `CLL` | CLL, SLL, CLL/SLL, chronic lymphocytic leukaemia/leukemia, small lymphocytic lymphoma | C91.1 |
#' | `Waldenstrom` | Waldenström/Waldenstrom, WM, Waldenström('s) macroglobulinaemia/macroglobulinemia, lymphoplasmacytic lymphoma | C88.0 |
#' | `follicular lymphoma` | follicular lymphoma, FL | C82.x |
#' | `CKD` | CKD, chronic kidney disease | N18.x |
#' | `dialysis` | dialysis, haemodialysis/hemodialysis, ESKD/ESRD, end-stage kidney/renal disease | Z99.2 |
#' | `HIV` | HIV, HIV infection | B20-B24 |
#' | `SLE` | SLE, lupus, systemic lupus erythematosus | M32.x |
#' | `rheumatoid arthritis` | rheumatoid arthritis, RA | M05-M06 |
#'
#' Codes are read with or without their dot and with the sub-codes of
#' ICD-10-CM (C90.00-C90.02 are myeloma). Codes of related conditions that
#' are not in the table are "other": C90.1-C90.3 (plasma cell leukaemia,
#' plasmacytomas), C83.0 (small cell B-cell lymphoma: write "SLL" to mean
#' CLL), N18.6 is CKD like every N18 code (write "ESKD" or Z99.2 for a
#' patient on dialysis).
#'
#' @param x Diagnoses: a character vector or factor of names or ICD-10 codes.
#' @return A factor of the same length as `x` with levels `myeloma`, `CLL`,
#'   `Waldenstrom`, `follicular lymphoma`, `CKD`, `dialysis`, `HIV`, `SLE`,
#'   `rheumatoid arthritis` and `other`. `NA` and blank labels are `NA`;
#'   labels the vocabulary does not know are `"other"` and (but for the
#'   label "other" itself) are listed in a
#'   message of class `b2m_message_diagnosis` (field `labels`). Never an
#'   error for an unknown label.
#' @references World Health Organization. International Statistical
#'   Classification of Diseases and Related Health Problems, 10th Revision
#'   (ICD-10), chapters II, I, IV, XIII, XIV and XXI.
#' @family interpretation
#' @export
#' @examples
#' b2m_diagnosis(c("Multiple myeloma", "C91.10", "Waldenstr\u00f6m", "n18.3",
#'                 "ESRD", "lupus", "B20", "asthma", NA))
b2m_diagnosis <- function(x) {
  call <- sys.call()
  if (!(is.character(x) || is.factor(x))) {
    b2m_abort(
      sprintf("`x` must be a character vector or a factor of diagnoses, not <%s>.",
              class(x)[1]),
      "b2m_error_type", call, arg = "x"
    )
  }
  # the distinct labels in one pass over the cached strings (no hash of
  # every row), each row's code by the labels' hash
  labels <- if (is.factor(x)) levels(x) else .Call(C_r_distinct_strings, x)
  codes <- if (is.factor(x)) as.integer(x) else match(x, labels)
  read <- diagnosis_of_labels(labels)
  # Only the labels rows use: an unused factor level says nothing of the data.
  used <- tabulate(codes, length(labels)) > 0
  # "other" itself is a level, not an unknown label
  unknown <- labels[used & read %in% "other" &
                      !fold_diagnosis_name(labels) %in% "other"]
  if (length(unknown) > 0) inform_unknown_diagnoses(unknown)
  # as factor(read[codes], levels), from the codes of the few labels
  structure(match(read, diagnosis_levels())[codes],
            levels = diagnosis_levels(), class = "factor")
}

# The vocabulary level of each distinct label (NA for a missing or blank one).
diagnosis_of_labels <- function(labels) {
  out <- rep("other", length(labels))
  code <- toupper(gsub("[[:space:].]", "", labels))
  is_code <- grepl("^[A-Z][0-9]{2}[0-9A-Z]{0,4}$", code)
  name <- fold_diagnosis_name(labels)
  # The first match wins, so the vocabulary's order decides nothing in
  # practice: no name or code prefix is in two rows.
  for (entry in rev(diagnosis_vocabulary)) {
    by_code <- is_code & starts_with_any(code, entry$icd10)
    out[by_code | name %in% entry$names] <- entry$diagnosis
  }
  out[is.na(labels) | name == ""] <- NA_character_
  out
}

fold_diagnosis_name <- function(labels) {
  folded <- tolower(trimws(gsub("[[:space:]]+", " ", labels)))
  folded <- gsub("\u00f6", "o", folded, fixed = TRUE)
  # "Waldenstro\u0308m" written with a combining diaeresis
  folded <- gsub("\u0308", "", folded, fixed = TRUE)
  sub("[.]$", "", folded)
}

starts_with_any <- function(x, prefixes) {
  Reduce(`|`, lapply(prefixes, function(p) startsWith(x, p)), FALSE)
}

inform_unknown_diagnoses <- function(labels) {
  shown <- quote_first(labels, 10)
  message(b2m_condition(
    sprintf("Diagnoses read as \"other\" (not in the vocabulary of ?b2m_diagnosis): %s.\n",
            shown),
    c("b2m_message_diagnosis", "b2m_message", "message"), call = NULL,
    labels = labels
  ))
}

# The first `max` labels, quoted and shortened, and how many more there are.
quote_first <- function(labels, max) {
  shown <- quote_labels(utils::head(labels, max))
  if (length(labels) > max) {
    shown <- sprintf("%s and %d more", shown, length(labels) - max)
  }
  shown
}

# The disease a staging system was made for, as a level of b2m_diagnosis()
# (NA for a system that stages no disease: the laboratory, kidney and pattern
# columns apply to every patient), from the rule table.
system_disease <- function(system) {
  systems <- staging_systems()
  systems$disease[match(system, systems$system)]
}

# The systems of each disease, for the help pages (roxygen runs it).
staging_diseases_rd <- function() {
  systems <- staging_systems()
  by <- split(systems$name, factor(systems$disease, unique(systems$disease)))
  paste(sprintf("%s for %s", vapply(by, function(names) {
    if (length(names) == 1) return(names)
    paste(paste(names[-length(names)], collapse = ", "), "and",
          names[length(names)])
  }, ""), names(by)), collapse = "; ")
}

# The codes of the normalised diagnosis (a factor of b2m_diagnosis()) that
# a system of `disease` stages: that disease's and NA, the rows without a
# diagnosis, which every system stages. Rows are compared by factor code,
# not by label, as it runs over every row.
staged_codes <- function(diagnosis, disease) {
  c(match(disease, levels(diagnosis)), NA_integer_)
}

# TRUE for the rows a system of `disease` stages.
staged_by <- function(diagnosis, disease) {
  unclass(diagnosis) %in% staged_codes(diagnosis, disease)
}

# The number of rows of each level of the normalised diagnosis, by code.
diagnosis_counts <- function(diagnosis) {
  stats::setNames(tabulate(diagnosis, nlevels(diagnosis)), levels(diagnosis))
}
