# Every rule with its source, and the citations of the systems: the package's
# single source of truth for thresholds and references.

# The C core's named constants (src/b2m.h), read once: `max_reported` (the
# rows a message names), `egfr_equation` (the CKD-EPI equations' codes),
# `ckdepi_min_age`, `dialysis_ecf_fraction`.
core_constants <- local({
  constants <- NULL
  function() {
    if (is.null(constants)) constants <<- .Call(C_r_constants)
    constants
  }
})

# The first rows of `rows`, as many as a message names.
reported_rows <- function(rows) utils::head(rows, core_constants()$max_reported)

# The publications the package cites besides the staging systems' (those
# are in src/rules.c), once each, in fields from which b2m_methods() writes a
# reference list or BibTeX: `key` is its BibTeX key; `authors` are in
# Vancouver style ("Surname Initials, ..., et al.", or one group name);
# `journal` is NA for a web page or the package's own rules.
other_publications <- data.frame(
  key = c("inker2021", "inker2012", "inker2016", "kdigo2013", "mayo_b2m",
          "mayo_b2mu", "b2m_rules",
    "levey2009", "pottel2021", "pottel2023", "pierce2021", "schwartz2009", "osha_cadmium",
    "bergstrom1987"
  ),
  authors = c(
    "Inker LA, Eneanya ND, Coresh J, et al.",
    "Inker LA, Schmid CH, Tighiouart H, et al.",
    "Inker LA, Tighiouart H, Coresh J, et al.",
    "Kidney Disease: Improving Global Outcomes (KDIGO) CKD Work Group",
    "Mayo Clinic Laboratories", "Mayo Clinic Laboratories", NA,
    "Levey AS, Stevens LA, Schmid CH, et al.", "Pottel H, Bj\u00f6rk J, Courbebaisse M, et al.", "Pottel H, Bj\u00f6rk J, Rule AD, et al.", "Pierce CB, Mu\u00f1oz A, Ng DK, Warady BA, Furth SL, Schwartz GJ", "Schwartz GJ, Mu\u00f1oz A, Schneider MF, et al.", "Occupational Safety and Health Administration",
    "Bergstr\u00f6m J, Wehle B"
  ),
  title = c(
    "New creatinine- and cystatin C-based equations to estimate GFR without race",
    "Estimating glomerular filtration rate from serum creatinine and cystatin C",
    "GFR estimation using beta-trace protein and beta2-microglobulin in CKD",
    "KDIGO 2012 clinical practice guideline for the evaluation and management of chronic kidney disease",
    "Test catalogue: Beta-2-Microglobulin (B2M), Serum; Beta-2-Microglobulin (B2MU), Urine; Beta-2-Microglobulin (B2MC), Spinal Fluid",
    "Test catalogue: Beta-2-Microglobulin (B2MU), Urine (interpretation and specimen pH)",
    "Rules of the b2m package, stated in b2m_rules() and ?b2m_interpret",
    "A new equation to estimate glomerular filtration rate", "Development and validation of a modified full age spectrum creatinine-based equation to estimate glomerular filtration rate", "Cystatin C-based equation to estimate GFR without the inclusion of race and sex", "Age- and sex-dependent clinical equations to estimate glomerular filtration rates in children and young adults with chronic kidney disease", "New equations to estimate GFR in children with CKD", "Cadmium standard, 29 CFR 1910.1027(l)(3), biological monitoring; OSHA interpretation letters of 15 June 1994 and 5 March 1996",
    "No change in corrected beta2-microglobulin concentration after cuprophane haemodialysis"
  ),
  journal = c("N Engl J Med", "N Engl J Med", "Am J Kidney Dis",
              "Kidney Int Suppl", NA, NA, NA,
    "Ann Intern Med", "Ann Intern Med", "N Engl J Med", "Kidney Int", "J Am Soc Nephrol", NA, "Lancet"
  ),
  year = c(2021, 2012, 2016, 2013, NA, NA, NA,
    2009, 2021, 2023, 2021, 2009, NA, 1987
  ),
  volume = c(385, 367, 67, 3, NA, NA, NA,
    150, 174, 388, 99, 20, NA, 1
  ),
  issue = c(19, 1, 1, NA, NA, NA, NA,
    9, 2, 4, 4, 3, NA, 8533
  ),
  pages = c("1737-1749", "20-29", "40-48", "19-62", NA, NA, NA,
    "604-612", "183-191", "333-343", "948-956", "629-637", NA, "628-629"
  ),
  doi = c("10.1056/NEJMoa2102953", "10.1056/NEJMoa1114248",
          "10.1053/j.ajkd.2015.07.025", "10.1038/kisup.2012.64", NA, NA, NA,
    "10.7326/0003-4819-150-9-200905050-00006", "10.7326/M20-4366", "10.1056/NEJMoa2203769", "10.1016/j.kint.2020.10.047", "10.1681/ASN.2008030287", NA,
    NA
  ),
  stringsAsFactors = FALSE
)

publication_fields <- c("key", "authors", "title", "journal", "year",
                        "volume", "issue", "pages", "doi")

# Every publication the package cites: the staging systems' (from the C rule
# table), then the others.
publications <- function() {
  staging <- staging_systems()
  staging$key <- staging$publication
  staging <- staging[publication_fields]
  for (field in c("year", "volume", "issue")) {
    staging[[field]] <- as.numeric(staging[[field]])
  }
  out <- rbind(staging, other_publications[publication_fields])
  rownames(out) <- NULL
  out
}

# Each publication as one Vancouver-style reference, without its DOI (an
# article known by its volume and issue alone has no pages).
publication_text <- function(pub) {
  issue <- ifelse(is.na(pub$issue), "", paste0("(", pub$issue, ")"))
  pages <- ifelse(is.na(pub$pages), "", paste0(":", pub$pages))
  journal <- sprintf("%s %s;%s%s%s.", pub$journal, pub$year, pub$volume,
                     issue, pages)
  authors <- ifelse(is.na(pub$authors), "", paste0(pub$authors, " "))
  authors <- sub("([^.]) $", "\\1. ", authors)
  ifelse(is.na(pub$journal), paste0(authors, pub$title, "."),
         paste0(authors, pub$title, ". ", journal))
}

# The primary source of each system, in one place: b2m_rules() takes its
# `source` and `doi` columns from here and b2m_methods() its citations.
# `system` is the key used by the annotate registry; `name` is how a methods
# section names the system; `publication` is a key of publications(). The
# staging systems come first, from the C rule table; the rest are here.
other_citations <- data.frame(
  system = c("ckdepi_cr", "ckdepi_cys", "ckdepi_crcys", "egfr_b2m", "kdigo",
             "ckdepi_cr_2009", "ckdepi_crcys_2012", "ekfc_cr", "ekfc_cys",
             "ckid_u25", "schwartz", "urine_ratio", "reference", "pattern",
             "interpret", "dialysis"),
  name = c(
    "the CKD-EPI 2021 creatinine equation",
    "the CKD-EPI 2012 cystatin C equation",
    "the CKD-EPI 2021 creatinine-cystatin C equation",
    "the B2M-based GFR equation of Inker and colleagues",
    "the KDIGO GFR categories",
    "the race-based CKD-EPI 2009 creatinine equation",
    "the race-based CKD-EPI 2012 creatinine-cystatin C equation",
    "the EKFC creatinine equation",
    "the EKFC cystatin C equation",
    "the CKiD U25 equations",
    "the bedside Schwartz equation",
    "the urine B2M/creatinine ratio with the OSHA cadmium-standard trigger",
    "the reference limits of Mayo Clinic Laboratories",
    "the serum/urine B2M pattern",
    "the b2m package's interpretation rules",
    "the haemoconcentration correction of Bergstr\u00f6m and Wehle"
  ),
  publication = c("inker2021", "inker2012", "inker2021", "inker2016",
                  "kdigo2013", "levey2009", "inker2012", "pottel2021",
                  "pottel2023", "pierce2021", "schwartz2009", "osha_cadmium",
                  "mayo_b2m", "mayo_b2mu", "b2m_rules", "bergstrom1987"),
  stringsAsFactors = FALSE
)

system_citations <- function() {
  staging <- staging_systems()
  out <- rbind(
    data.frame(system = staging$system, name = staging$long_name,
               publication = staging$publication, stringsAsFactors = FALSE),
    other_citations
  )
  pub <- publications()
  pub <- pub[match(out$publication, pub$key), ]
  out$reference <- publication_text(pub)
  out$doi <- pub$doi
  out
}

# Keys as a help page lists them: `"iss"`, ... (roxygen runs it).
rd_keys <- function(keys) paste0("`\"", keys, "\"`", collapse = ", ")

# Staging systems by their display names, for a help page: "A", "A and B",
# "A, B and C" (roxygen runs it).
rd_names <- function(keys) {
  systems <- staging_systems()
  names <- systems$name[match(keys, systems$system)]
  n <- length(names)
  if (n < 2) return(paste(names, collapse = ""))
  paste(paste(names[-n], collapse = ", "), "and", names[n])
}

rules_frame <- function(system, criterion, input, comparison, threshold, unit,
                        points = NA_real_, source = NA_character_,
                        note = NA_character_, confidence = NA_character_) {
  data.frame(system = system, criterion = criterion, input = input,
             comparison = comparison, threshold = as.numeric(threshold),
             unit = unit, points = as.numeric(points), source = source,
             note = note, confidence = confidence, stringsAsFactors = FALSE)
}

# The rules coded in R: reference limits, the urine pH below which a low
# urine B2M is not interpretable, high LDH, and the interpretation's cut-offs.
r_rules <- function() {
  reference <- reference_table
  rbind(
    rules_frame("reference",
                sprintf("%s B2M elevated", reference$specimen),
                c("b2m", "urine_b2m", "csf_b2m"), ">", reference$upper,
                reference$unit, source = reference$source),
    rules_frame(
      "pattern", "urine B2M at or below its limit not interpretable (degraded)",
      "urine_ph", "<", .Call(C_r_pattern_acid_ph), "pH",
      note = "a urine B2M above its limit stands whatever the pH"
    ),
    rules_frame(systems_reading("ldh_high"), "high LDH (the ldh_high flag)", "ldh",
                ">", 1, "x ldh_uln",
                note = "the package's choice: LDH equal to its limit is normal"),
    rules_frame("interpret", interpret_thresholds$criterion,
                interpret_thresholds$input, interpret_thresholds$comparison,
                interpret_thresholds$threshold, interpret_thresholds$unit,
                source = interpret_thresholds$source),
    rules_frame("interpret", c("expected on haemodialysis, from",
                               "expected on haemodialysis, up to"),
                "b2m_fold_uln", c(">=", "<="), dialysis_fold, "x b2m_uln",
                source = "seed document of the package's clinical rules",
                note = paste("said in the comment of a patient on dialysis,",
                             "never used to classify")),
    urine_rules(),
    core_rules()
  )
}

# The rules of the C core that are neither a staging criterion nor a
# coefficient: the adult age of the CKD-EPI equations (their papers' cohorts
# were adults) and the dialysis correction's extracellular fraction.
core_rules <- function() {
  constants <- core_constants()
  rbind(
    rules_frame(c("ckdepi_cr", "ckdepi_cys", "ckdepi_crcys", "ckdepi_cr_2009",
                  "ckdepi_crcys_2012"),
                "estimated from this age on (an adult equation)", "age", ">=",
                constants$ckdepi_min_age, "years",
                note = "younger patients get NA, with a warning"),
    rules_frame("dialysis",
                "extracellular fluid as a fraction of post-dialysis weight",
                "weight_post", "=", constants$dialysis_ecf_fraction,
                "x weight_post",
                note = paste("post corrected = post / (1 + (weight_pre -",
                             "weight_post) / (0.2 x weight_post)); this",
                             "form is from secondary sources"),
                confidence = "S")
  )
}

# The urine ratio's rules, with the numbers C uses (src/urine.c).
urine_rules <- function() {
  l <- urine_limits()
  sample <- paste0(
    "Deutsche Forschungsgemeinschaft MAK Commission, adopting the WHO 1996 ",
    "criteria (creatinine between 0.3 and 3 g/L); Cocker J, et al. Occup Med ",
    "2011.")
  ends <- "the end itself is acceptable: inclusive ends are the package's choice (U)"
  rules_frame(
    "urine_ratio",
    c("urine B2M above the OSHA cadmium-standard trigger",
      "dilute urine: recollect", "concentrated urine: recollect",
      "dilute urine by specific gravity: recollect",
      "creatinine molecular weight"),
    c("urine_b2m / urine_creatinine", "urine_creatinine", "urine_creatinine",
      "specific_gravity", NA),
    c(">", "<", ">", "<", "="),
    l[c("trigger_ug_per_g", "dilute_below_g_per_l",
        "concentrated_above_g_per_l", "dilute_below_sg",
        "creatinine_g_per_mol")],
    c("ug/g creatinine", "g/L", "g/L", NA, "g/mol"),
    source = c(NA, sample, sample, NA, NA),
    note = c("the higher OSHA levels (750, 1500 ug/g) are not shipped (U)",
             ends, ends, NA, "1 g creatinine = 8.840 mmol"),
    confidence = "P"
  )
}

# The rules compiled into C, read back through the internal staging_rules(),
# staging_groups() and kidney_constants(): the criteria with their points,
# the groups as score ranges, and the kidney equations' coefficients.
c_rules <- function() {
  s <- staging_rules()
  system <- s$system
  # a comparison with another input (B2M above the laboratory's
  # limit) is a ratio of 1 to that input
  versus <- !is.na(s$versus)
  s$threshold[versus] <- 1
  s$unit[versus] <- paste("x", s$versus[versus])
  systems <- staging_systems()
  encoded <- systems$system[systems$points_encode_rule]
  encoded_note <- ifelse(system %in% encoded,
                         "points encode the published rule; the paper gives none",
                         NA_character_)
  note <- join_notes(join_notes(clause_notes(s), s$note), encoded_note)
  g <- staging_groups()
  group_note <- ifelse(is.na(g$condition), NA_character_,
                       paste("and", g$condition))
  k <- kidney_constants()
  equation <- k$key
  kdigo <- equation == "kdigo"
  list(
    staging = rules_frame(system, s$criterion, s$input, s$comparison,
                          s$threshold, s$unit, s$points, note = note,
                          confidence = s$confidence),
    groups = rules_frame(g$system, group_criterion(g), "score",
                         "<=", g$max_score, "points", note = group_note),
    kidney = rules_frame(
      equation, k$coefficient, ifelse(kdigo, "egfr", NA_character_),
      ifelse(kdigo, ">=", "="), k$value,
      ifelse(kdigo, "mL/min/1.73 m^2", NA_character_),
      note = kidney_notes(equation, k$coefficient), confidence = k$confidence
    )
  )
}

# Two vectors of notes (NA: none) as one, joined by "; ".
join_notes <- function(a, b) {
  ifelse(is.na(a), b, ifelse(is.na(b), a, paste0(a, "; ", b)))
}

# A group's rule as a sentence: "stage II when the score is 1 to 3",
# "low risk when the score is 0 to 1 and not age > 65 years". The stages of
# ISS and its revisions are numerals, the other systems' groups risk levels.
group_criterion <- function(groups) {
  label <- ifelse(grepl("^[IVX]+$", groups$group),
                  paste("stage", groups$group),
                  paste(groups$group, "risk"))
  low <- as.character(groups$min_score)
  high <- as.character(groups$max_score)
  range <- ifelse(low == high, low, paste(low, "to", high))
  condition <- ifelse(is.na(groups$condition), "",
                      paste(" and", groups$condition))
  sprintf("%s when the score is %s%s", label, range, condition)
}

# What a kidney coefficient's row alone does not say.
kidney_notes <- function(equation, coefficient) {
  note <- rep(NA_character_, length(equation))
  note[equation == "egfr_b2m"] <- "coefficients to be confirmed against the paper"
  note[coefficient == "Black factor"] <- paste(
    "race-based: for reproducing historic analyses only, never a default")
  note[coefficient == "age above which a warning is given"] <- paste(
    "upper age limit not confirmed: computed to the highest age, with a",
    "warning above this one")
  note[coefficient == "last age of the paediatric Q"] <- paste(
    "the polynomial applies at this age (<=), a step of about 1 % in Q")
  note[coefficient == schwartz_guard] <- paste(
    "the package's guard against heights in metres, not a clinical rule")
  note
}

#' Every rule the package applies, with its source
#'
#' One row per rule: each criterion of each staging system with its points,
#' each system's groups as score ranges, each coefficient of the kidney
#' equations and the KDIGO category bounds, the reference limits, the urine
#' pH limit, high LDH and the cut-offs of [b2m_interpret()]. The staging and
#' kidney rows are read back from the constants compiled into the package's
#' C code, so this table is what the package computes with.
#'
#' A staging criterion is met when any of its rows holds (R-ISS's "high-risk
#' CA or high LDH" is four rows), and then scores its `points` once; a
#' criterion of several clauses (IMS/IMWG 2025's "t(4;14), t(14;16) or
#' t(14;20) with 1q+ and/or del(1p32)") is met when each clause holds by any
#' of its rows, the `note` saying which clause a row belongs to. A
#' system's groups are tried in order: a row's stage is the first group
#' (`input` `"score"`) whose score range holds the score and whose `note`
#' condition, if any, holds. Where a paper publishes a decision rule rather
#' than points (ISS, R-ISS, PRIMA-PI), the points only encode that rule, as
#' the `note` says. The B2M-based eGFR's coefficients are marked as to be
#' confirmed against the paper.
#'
#' @return A data frame with the columns
#' * `system`: the system's key, as [b2m_methods()] takes it (`"iss"`,
#'   ..., `"ckdepi_cr"`, `"kdigo"`, `"reference"`, `"pattern"`,
#'   `"interpret"`);
#' * `criterion`: what the row decides;
#' * `input`: the input column of the naming convention of [b2m_annotate()]
#'   (`"score"` for a group, `NA` for an equation's coefficient);
#' * `comparison`: `"<"`, `"<="`, `">"`, `">="`, `"is TRUE"` for a logical
#'   input, `"="` for a coefficient;
#' * `threshold`, `unit`: the threshold in the unit of the paper (a unit
#'   `"x ldh_uln"` or `"x b2m_uln"` is a multiple of the laboratory's own
#'   limit; `NA` for a logical input), or the coefficient's value;
#' * `points`: the points the criterion scores (`NA` for other rules);
#' * `source`: the full reference; `doi`: its DOI (`NA` without one);
#' * `note`: what the row alone does not say (`NA` when nothing);
#' * `confidence`: how the number was confirmed, where the package's
#'   clinical reference labels it: `"P"` read in the primary source, `"S"`
#'   only in secondary sources, `"U"` not confirmed (never a silent default:
#'   such a rule warns or is not shipped); `NA` where no label was given.
#' @references See the `source` and `doi` columns; the package's own rules
#'   (`system` `"interpret"`, and high LDH as LDH above its limit) are
#'   explained in [b2m_interpret()] and [b2m_annotate()].
#' @family reproducibility
#' @export
#' @examples
#' rules <- b2m_rules()
#' rules[rules$system == "iss",
#'       c("criterion", "comparison", "threshold", "unit")]
#' rules[rules$system == "reference", c("criterion", "threshold", "unit")]
b2m_rules <- function() {
  rules <- do.call(rbind, c(unname(c_rules()), list(r_rules())))
  citations <- system_citations()
  cited <- match(rules$system, citations$system)
  missing_source <- is.na(rules$source)
  rules$source[missing_source] <- citations$reference[cited][missing_source]
  rules$doi <- citations$doi[cited]
  # each system's rows together, in the order of the citation table
  rules <- rules[order(cited), c("system", "criterion", "input", "comparison",
                                 "threshold", "unit", "points", "source",
                                 "doi", "note", "confidence")]
  rownames(rules) <- NULL
  rules
}

#' A methods paragraph citing the systems used
#'
#' Writes the paragraph a report's methods section needs: the package and its
#' version, and each system or equation used with its primary reference.
#'
#' @param systems What was used: a data frame returned by [b2m_annotate()] or
#'   [b2m_interpret()] (the systems are read from its columns), or a
#'   character vector of system keys (`r rd_keys(staging_systems()$system)`,
#'   `"ckdepi_cr"`, `"ckdepi_cys"`, `"ckdepi_crcys"`, `"egfr_b2m"`, `"kdigo"`,
#'   `"ckdepi_cr_2009"`, `"ckdepi_crcys_2012"`, `"ekfc_cr"`, `"ekfc_cys"`,
#'   `"ckid_u25"`, `"schwartz"`, `"urine_ratio"`, `"reference"`,
#'   `"pattern"`, `"interpret"`, `"dialysis"`) or of the columns
#'   [b2m_annotate()] appends (`"iss"`, `"egfr_cr"`, `"gfr_category"`, ...).
#'   `NULL` (the default) cites every system.
#' @param format What to write (the first, `"text"`, by default):
#' * `"text"`: the paragraph, a blank line, then one line per reference,
#'   `[1] ...`, for [cat()] or [writeLines()] in a console or a plain-text
#'   file;
#' * `"markdown"`: the paragraph, then the references as a numbered list,
#'   each its own item with its DOI as a link: print it with [cat()] in an R
#'   Markdown or Quarto chunk with the option `results = "asis"`, and each
#'   reference is its own paragraph in HTML, Word or PDF output;
#' * `"bibtex"`: one BibTeX entry per reference (no paragraph), to write to
#'   a `.bib` file; the keys are as `"greipp2005"`.
#' @return A single string ending with a newline. One publication is cited
#'   once, whichever systems share it.
#' @references See [b2m_rules()] for every system's primary source.
#' @family reproducibility
#' @export
#' @examples
#' cat(b2m_methods(c("iss", "egfr_cr", "kdigo")))
#' cat(b2m_methods("iss", format = "markdown"))
#' cat(b2m_methods("iss", format = "bibtex"))
b2m_methods <- function(systems = NULL,
                        format = c("text", "markdown", "bibtex")) {
  if (missing(format)) format <- "text"
  check_choice(format, c("text", "markdown", "bibtex"), "format")
  keys <- methods_systems(systems)
  citations <- system_citations()
  cited <- citations[match(keys, citations$system), ]
  # one number per publication: two equations of one paper cite it once
  sources <- unique(cited$publication)
  pub <- publications()
  pub <- pub[match(sources, pub$key), ]
  lines <- switch(
    format,
    text = c(methods_paragraph(cited, sources), "",
             sprintf("[%d] %s%s", seq_along(sources), publication_text(pub),
                     ifelse(is.na(pub$doi), "", paste0(" doi:", pub$doi)))),
    markdown = c(methods_paragraph(cited, sources), "",
                 sprintf("%d. %s%s", seq_along(sources), publication_text(pub),
                         ifelse(is.na(pub$doi), "",
                                sprintf(" doi:[%s](https://doi.org/%s)",
                                        pub$doi, pub$doi)))),
    bibtex = publication_bibtex(pub)
  )
  paste0(paste(lines, collapse = "\n"), "\n")
}

# "Beta-2 microglobulin (B2M) results were interpreted ... [1] and ... [2]."
methods_paragraph <- function(cited, sources) {
  numbered <- sprintf("%s [%d]", cited$name, match(cited$publication, sources))
  used <- if (length(numbered) > 1) {
    paste0(paste(numbered[-length(numbered)], collapse = ", "), " and ",
           numbered[length(numbered)])
  } else {
    numbered
  }
  sprintf(paste0(
    "Beta-2 microglobulin (B2M) results were interpreted with the R package ",
    "b2m (version %s)%s."),
    as.character(utils::packageVersion("b2m")),
    if (length(numbered) > 0) paste0(", which implements ", used) else "")
}

# One BibTeX entry per publication, separated by blank lines: an article
# where there is a journal, otherwise a web page or rule set (@misc).
publication_bibtex <- function(pub) {
  entry <- function(i) {
    p <- pub[i, ]
    fields <- c(
      author = if (!is.na(p$authors)) bibtex_authors(p$authors),
      title = paste0("{", p$title, "}"),
      journal = if (!is.na(p$journal)) p$journal,
      year = if (!is.na(p$year)) p$year,
      volume = if (!is.na(p$volume)) p$volume,
      number = if (!is.na(p$issue)) p$issue,
      pages = if (!is.na(p$pages)) sub("-", "--", p$pages),
      doi = if (!is.na(p$doi)) p$doi
    )
    c(sprintf("@%s{%s,", if (is.na(p$journal)) "misc" else "article", p$key),
      sprintf("  %s = {%s},", names(fields), fields), "}")
  }
  entries <- lapply(seq_len(nrow(pub)), entry)
  unlist(lapply(seq_along(entries), function(i) {
    if (i > 1) c("", entries[[i]]) else entries[[i]]
  }))
}

# "Greipp PR, San Miguel J, et al." -> "Greipp, PR and San Miguel, J and
# others"; a group name ("KDIGO CKD Work Group") stays one name, in braces.
bibtex_authors <- function(vancouver) {
  names <- strsplit(sub("\\.$", "", vancouver), ", ")[[1]]
  is_person <- grepl(" [A-Z]+$", names)
  if (!all(is_person | names == "et al")) return(paste0("{", vancouver, "}"))
  people <- sub("^(.*) ([A-Z]+)$", "\\1, \\2", names)
  paste(ifelse(names == "et al", "others", people), collapse = " and ")
}

# The system keys of `systems` (see b2m_methods()), in the order of the
# citation table.
methods_systems <- function(systems, call = sys.call(-1)) {
  known <- system_citations()$system
  if (is.null(systems)) return(known)
  if (is.data.frame(systems)) {
    systems <- intersect(names(systems), output_systems()$output)
  }
  if (!is.character(systems) || anyNA(systems)) {
    b2m_abort(
      sprintf(paste0("`systems` must be a data frame from b2m_annotate() or a ",
                     "character vector of systems, not %s."),
              describe_type(systems)),
      "b2m_error_type", call, arg = "systems"
    )
  }
  outputs <- output_systems()
  keys <- ifelse(systems %in% outputs$output,
                 outputs$system[match(systems, outputs$output)], systems)
  unknown <- setdiff(keys, known)
  if (length(unknown) > 0) {
    b2m_abort(
      sprintf("`systems` has unknown system%s %s; known are %s.",
              if (length(unknown) > 1) "s" else "",
              paste0("\"", unknown, "\"", collapse = ", "),
              paste(known, collapse = ", ")),
      "b2m_error_value", call, arg = "systems"
    )
  }
  known[known %in% keys]
}

# Output column -> system key, from the annotate registry (the eGFR-based
# columns also cite the equations and KDIGO through their own columns).
output_systems <- function() {
  entries <- annotate_registry()$entries
  out <- data.frame(
    output = vapply(entries, `[[`, "", "output"),
    system = vapply(entries, `[[`, "", "system"),
    stringsAsFactors = FALSE
  )
  rbind(out, data.frame(output = interpret_outputs,
                        system = "interpret", stringsAsFactors = FALSE))
}
