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
             "diagnosis", "creatinine", "cystatin", "hemoglobin", "platelets", "igm",
             "del17p", "t4_14", "t14_16", "t14_20", "gain1q", "tp53",
             "ighv_unmutated",
             "clinical_stage", "bone_marrow", "node_diameter_cm", "urine_b2m",
             "urine_ph"),
  meaning = c(
    "serum B2M",
    "the laboratory's serum B2M upper limit",
    "serum albumin",
    "serum LDH",
    "the laboratory's LDH upper limit",
    "age in years",
    "sex: female/male, F/M, woman/man (any case) or `sex_labels`",
    "diagnosis: a name or ICD-10 code, read by [b2m_diagnosis()]",
    "serum creatinine",
    "serum cystatin C",
    "haemoglobin",
    "platelet count",
    "serum IgM monoclonal protein",
    "del(17p) by FISH (logical)",
    "t(4;14) by FISH (logical)",
    "t(14;16) by FISH (logical)",
    "t(14;20) by FISH (logical)",
    "1q gain or amplification (logical)",
    "del(17p) and/or TP53 mutation (logical)",
    "IGHV unmutated (logical)",
    "Binet (A, B, C) or Rai (0-IV) stage",
    "bone marrow involvement (logical)",
    "diameter of the largest involved node",
    "urine B2M (random urine)",
    "urine pH (optional)"
  ),
  unit = c("mg/L", "as `b2m`", "g/dL", "U/L", "U/L", "years", "", "", "mg/dL",
           "mg/L", "g/dL", "10^9/L", "g/dL", "", "", "", "", "", "", "", "",
           "", "cm", "ug/L", "pH"),
  quantity = c("b2m", NA, "albumin", NA, NA, NA, NA, NA, "creatinine", NA,
               "hemoglobin", NA, "igm", NA, NA, NA, NA, NA, NA, NA, NA, NA,
               NA, "b2m_urine", NA),
  stringsAsFactors = FALSE
)

# Kidney inputs: heights for the CKiD U25 equations, urine creatinine for the
# urine B2M/creatinine ratio, and values the user's laboratory reported,
# used instead of computing them (row by row: a missing one is computed where
# it can be).
convention_table <- rbind(convention_table, data.frame(
  column = c("height_cm", "urine_creatinine", "egfr", "ldh_high"),
  meaning = c("height (for CKiD U25, ages 1-25)",
              "urine creatinine (same sample as `urine_b2m`)",
              "eGFR as reported, used instead of computing one",
              "LDH above the laboratory's limit (logical), used instead of `ldh > ldh_uln`"),
  unit = c("cm", "mg/dL", "mL/min/1.73 m^2", ""),
  quantity = c(NA, "creatinine_urine", NA, NA),
  stringsAsFactors = FALSE
))

# The molecular inputs only a myeloma risk definition reads.
convention_table <- rbind(convention_table, data.frame(
  column = c("del17p_ccf", "tp53_mutation", "t14_20", "del1p32"),
  meaning = c("del(17p) clonal fraction by FISH, percent of clonal plasma cells",
              "TP53 mutation by sequencing (logical)",
              "t(14;20) by FISH (logical)",
              "del(1p32) by FISH: none, monoallelic or biallelic"),
  unit = c("%", "", "", ""),
  quantity = NA_character_,
  stringsAsFactors = FALSE
))

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
# they give. With `take`, the function returns a data frame and the output is
# its column `take`; entries calling one function share its one call. `via`
# names an internal function called instead of `fun` (conditions still name
# `fun`): `fun`'s arguments and more, inputs annotate has already computed
# that `fun` would compute again. `staging` (list(system, score)) says that
# `fun` is stage_system() of that system, which b2m_annotate() then calls
# itself to stage a disease's rows in place.
registry_entry <- function(output, fun, system, inputs, units = character(),
                           optional = character(), take = NULL, via = NULL,
                           staging = NULL) {
  list(output = output, fun = fun, system = system, inputs = inputs,
       units = units, optional = optional, take = take, via = via,
       staging = staging)
}

# An input computed from others. `needs` are inputs; with `any = TRUE` the
# input exists when at least one of them does, otherwise when all but the
# `optional` ones do; `compute` receives those present, as arguments named
# after them. `reported` names an input that is the user's own value of it:
# the input exists with that alone, and `compute` receives it as `reported`
# (with the needs, when they are there, to fill its gaps).
derived_input <- function(needs, compute, any = FALSE, describe = NULL,
                          optional = character(), reported = NULL) {
  list(needs = needs, compute = compute, any = any, describe = describe,
       optional = optional, reported = reported)
}

# Where the eGFR of each row comes from, best first: the reported eGFR, then
# CKiD U25 (computed for ages 1 to 25 when the data have heights), then
# CKD-EPI (adults); within each, creatinine-cystatin C, else cystatin C, else
# creatinine (KDIGO 2012 recommends the combined equation where cystatin C is
# measured). Names are the inputs, values the levels of `egfr_equation`. The
# B2M-based eGFR is never used here: it would explain B2M by itself.
egfr_sources <- c(
  egfr = "reported",
  egfr_u25_crcys = "CKiD U25 creatinine-cystatin C",
  egfr_u25_cys = "CKiD U25 cystatin C",
  egfr_u25_cr = "CKiD U25 creatinine",
  egfr_crcys = "CKD-EPI 2021 creatinine-cystatin C",
  egfr_cys = "CKD-EPI 2012 cystatin C",
  egfr_cr = "CKD-EPI 2021 creatinine"
)
# the computed ones (b2m_interpret() takes the best of them)
egfr_preference <- names(egfr_sources)[-1]

# Row by row, the first value that is not missing (C does plain doubles in
# one pass; other types as R's subassignment converts them).
first_known <- function(...) {
  values <- list(...)
  if (all_plain_doubles(values)) {
    return(.Call(C_r_first_known, values, NULL))
  }
  out <- values[[1]]
  for (other in values[-1]) {
    gap <- is.na(out)
    out[gap] <- other[gap]
  }
  out
}
best_egfr <- first_known

# Whether every element of `values` is a double vector without attributes,
# all of one length: what C reads in place.
all_plain_doubles <- function(values) {
  length(values) > 0 &&
    all(vapply(values, function(x) is.double(x) && is.null(attributes(x)),
               TRUE)) &&
    length(unique(lengths(values))) == 1
}

# The eGFR of each row: the first of `egfr_sources` it has.
egfr_of_row <- function(reported = NULL, ...) {
  do.call(first_known, Filter(Negate(is.null),
                              c(list(reported), list(...)[egfr_preference])))
}

# Which of `egfr_sources` gave each row's eGFR: a factor (the
# `egfr_equation` column).
egfr_equation_of <- function(reported = NULL, ...) {
  estimates <- Filter(Negate(is.null),
                      c(list(egfr = reported), list(...)[egfr_preference]))
  codes <- match(names(estimates), names(egfr_sources))
  source <- if (all_plain_doubles(estimates)) {
    .Call(C_r_first_known, unname(estimates), codes)
  } else {
    out <- rep(NA_integer_, length(estimates[[1]]))
    for (k in seq_along(estimates)) {
      out[is.na(out) & !is.na(estimates[[k]])] <- codes[k]
    }
    out
  }
  structure(source, levels = unname(egfr_sources), class = "factor")
}

# The `egfr_equation` column (registry entries call functions of inputs).
egfr_equation <- function(source) source

# The ages each family of equations is computed for in b2m_annotate() when
# the data have heights: CKiD U25 up to 25 years, for adults only where the
# height is known (else CKD-EPI, the adults' equation); CKD-EPI for adults.
# So neither warns about rows the other covers. Only plausible ages are left
# out (an implausible one still reaches the equation that reports it).
ages_for_u25 <- function(age, height_cm) {
  if (!is.numeric(age)) return(age)
  adult <- age >= core_constants()$ckdepi_min_age &
    age <= quantity_table$age$max
  age[which(adult & (age > kidney_constant("ckid_u25", "highest age") |
                       is.na(height_cm)))] <- NA
  age
}

ages_for_ckdepi <- function(age, height_cm = NULL) {
  if (is.null(height_cm) || !is.numeric(age)) return(age)
  age[which(age >= 0 &
              age < core_constants()$ckdepi_min_age)] <- NA
  age
}

# The reported LDH-high flag, computed from LDH and its limit where it is
# missing (or alone, without a reported column).
ldh_high_of <- function(reported = NULL, ldh = NULL, ldh_uln = NULL) {
  computed <- if (!is.null(ldh)) ldh_above_limit(ldh, ldh_uln)
  do.call(first_known, Filter(Negate(is.null), list(reported, computed)))
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
  codes <- .Call(C_r_b2m_classify, inputs[[1]]$value, inputs[[2]]$value,
                 inputs[[1]]$max_in_unit)
  stop_bad_values(codes, inputs, call) == 2L
}

# The registry's staging entries, from the C rule table: each system's stage
# and, where it has one, its score, reading the inputs of the same names;
# each unit argument gives the unit of the first input it applies to.
# (A system scoring B2M above the laboratory's own limit reads `b2m_uln`
# as an input: it is required, never assumed.)
staging_registry <- function() {
  systems <- staging_systems()
  inputs <- staging_input_table()
  entries <- lapply(seq_len(nrow(systems)), function(i) {
    key <- systems$system[i]
    mine <- inputs[inputs$system == key, ]
    args <- stats::setNames(mine$input, mine$input)
    sets_unit <- !is.na(mine$unit_arg) & !duplicated(mine$unit_arg)
    units <- stats::setNames(mine$input[sets_unit], mine$unit_arg[sets_unit])
    # a stage_*() function is stage_system() itself, which annotate can
    # call on a disease's rows in place; a risk_*() adds to it
    in_place <- function(score) {
      if (systems$prefix[i] == "stage") list(system = key, score = score)
    }
    stage <- registry_entry(key, systems$stage_fun[i], key, args, units,
                            staging = in_place(FALSE))
    if (!systems$has_score[i]) return(list(stage))
    list(stage, registry_entry(paste0(key, "_score"), systems$score_fun[i],
                               key, args, units, staging = in_place(TRUE)))
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
  cr_unit <- c(creatinine_unit = "creatinine")
  egfr_needs <- "an eGFR (creatinine or cystatin, age and sex)"
  ckdepi <- c(age = "age_ckdepi", sex = "sex")
  u25 <- c(age = "age_u25", sex = "sex")
  kidney <- list(
    registry_entry("egfr_cr", "egfr_ckdepi_cr", "ckdepi_cr",
                   c(creatinine = "creatinine", ckdepi), cr_unit),
    registry_entry("egfr_cys", "egfr_ckdepi_cys", "ckdepi_cys",
                   c(cystatin = "cystatin", ckdepi)),
    registry_entry("egfr_crcys", "egfr_ckdepi_crcys", "ckdepi_crcys",
                   c(creatinine = "creatinine", cystatin = "cystatin", ckdepi),
                   cr_unit),
    registry_entry("egfr_u25_cr", "egfr_ckid_u25", "ckid_u25",
                   c(u25, height_m = "height_m", creatinine = "creatinine"),
                   cr_unit),
    # the cystatin C form reads no height (an unknown one is fine)
    registry_entry("egfr_u25_cys", "egfr_ckid_u25", "ckid_u25",
                   c(u25, height_m = "height_m", cystatin = "cystatin")),
    registry_entry("egfr_u25_crcys", "egfr_ckid_u25", "ckid_u25",
                   c(u25, height_m = "height_m", creatinine = "creatinine",
                     cystatin = "cystatin"), cr_unit),
    registry_entry("egfr_b2m", "egfr_b2m", "egfr_b2m", c(b2m = "b2m"),
                   c(b2m_unit = "b2m")),
    registry_entry("egfr_equation", "egfr_equation", "kdigo",
                   c(source = "egfr_source")),
    registry_entry("gfr_category", "gfr_category", "kdigo", c(egfr = "egfr")),
    registry_entry("b2m_expected", "b2m_expected", "egfr_b2m",
                   c(egfr = "egfr"), c(b2m_unit = "b2m")),
    registry_entry("b2m_excess", "b2m_excess", "egfr_b2m",
                   c(b2m = "b2m", egfr = "egfr"), c(b2m_unit = "b2m"))
  )
  urine_units <- c(urine_b2m_unit = "urine_b2m",
                   urine_creatinine_unit = "urine_creatinine")
  urine <- lapply(names(urine_ratio_columns), function(output) {
    registry_entry(output, "b2m_urine_ratio", "urine_ratio",
                   c(urine_b2m = "urine_b2m",
                     urine_creatinine = "urine_creatinine"),
                   urine_units, take = urine_ratio_columns[[output]])
  })
  # the recollect flags of the urine ratio, computed above, are not computed
  # again for the pattern
  pattern <- list(
    registry_entry("b2m_pattern", "b2m_pattern", "pattern",
                   c(serum_b2m = "b2m", urine_b2m = "urine_b2m",
                     serum_uln = "b2m_uln", urine_ph = "urine_ph",
                     urine_creatinine = "urine_creatinine",
                     urine_recollect = "urine_recollect"),
                   c(serum_unit = "b2m", urine_unit = "urine_b2m",
                     urine_creatinine_unit = "urine_creatinine"),
                   optional = c("b2m_uln", "urine_ph", "urine_creatinine",
                                "urine_recollect"),
                   via = "pattern_given_recollect")
  )
  list(
    entries = c(laboratory, staging, kidney, urine, pattern),
    derived = list(
      ldh_high = derived_input(c("ldh", "ldh_uln"), ldh_high_of,
                               reported = "ldh_high"),
      egfr = derived_input(egfr_preference, egfr_of_row, any = TRUE,
                           describe = egfr_needs, reported = "egfr"),
      egfr_source = derived_input(egfr_preference, egfr_equation_of,
                                  any = TRUE, describe = egfr_needs,
                                  reported = "egfr"),
      age_u25 = derived_input(c("age", "height_cm"), ages_for_u25),
      age_ckdepi = derived_input(c("age", "height_cm"), ages_for_ckdepi,
                                 optional = "height_cm"),
      height_m = derived_input("height_cm", height_cm_in_metres)
    ),
    env = topenv()
  )
}

# The columns of b2m_urine_ratio() that b2m_annotate() appends, by the names
# it gives them.
urine_ratio_columns <- c(urine_b2m_ug_g = "ratio_ug_g",
                         urine_b2m_ug_mmol = "ratio_ug_mmol",
                         urine_b2m_above_osha = "above_osha_trigger",
                         urine_recollect = "recollect")

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
#' `r rd_names(systems_reading("b2m_uln"))`, which scores B2M above the
#' laboratory's own limit: without it that system is skipped, never computed
#' with an assumed limit. `urine_ph` is
#' optional for `b2m_pattern`.
#'
#' Each column, the function computing it, and the inputs it needs:
#'
#' * `b2m_status`, `b2m_fold_uln` ([b2m_classify()], [b2m_fold_uln()]): b2m;
#' * `egfr_cr` ([egfr_ckdepi_cr()]): creatinine, age, sex;
#' * `egfr_cys` ([egfr_ckdepi_cys()]): cystatin, age, sex;
#' * `egfr_crcys` ([egfr_ckdepi_crcys()]): creatinine, cystatin, age, sex;
#' * `egfr_u25_cr`, `egfr_u25_cys`, `egfr_u25_crcys` ([egfr_ckid_u25()]:
#'   its creatinine, cystatin C and average forms): age, sex, height_cm and
#'   creatinine, cystatin or both;
#' * `egfr_b2m` ([egfr_b2m()]): b2m;
#' * `egfr_equation` (see "Which eGFR"), `gfr_category`, `b2m_expected`
#'   ([gfr_category()], [b2m_expected()]): an eGFR (computed, or the `egfr`
#'   column);
#' * `b2m_excess` ([b2m_excess()]): b2m and an eGFR;
#' * `urine_b2m_ug_g`, `urine_b2m_ug_mmol`, `urine_b2m_above_osha`,
#'   `urine_recollect` (the columns `ratio_ug_g`, `ratio_ug_mmol`,
#'   `above_osha_trigger` and `recollect` of [b2m_urine_ratio()]): urine_b2m,
#'   urine_creatinine;
#' * `b2m_pattern` ([b2m_pattern()]): b2m, urine_b2m (and urine_creatinine
#'   when present: a sample to be recollected gives `NA`).
#'
#' and the staging systems':
#'
#' `r staging_registry_rd()`
#'
#' @section Staging by diagnosis:
#' With a `diagnosis` column (or one mapped in `columns`), read by
#' [b2m_diagnosis()], each staging system is computed only for the patients
#' of its disease and is `NA` in every other row: `r staging_diseases_rd()`.
#' A row whose diagnosis is missing (`NA` or blank) is staged by every
#' system, as without the column; a diagnosis the vocabulary does not know
#' is `"other"` (with a message) and is staged by none. Only the rows a
#' system stages are read for it: a value it would refuse in a row of
#' another disease is not an error, and an error names the rows of `data`.
#' The laboratory, kidney and pattern columns are computed for every row.
#' The normalised diagnosis is appended as the factor `b2m_diagnosis`, so a
#' table can be grouped by it whatever the spelling of the labels.
#'
#' Without a diagnosis, each system is computed for every row that has its
#' inputs, whatever the patient's disease, and the message says so.
#'
#' High LDH (R-ISS, R2-ISS) is `ldh > ldh_uln`: LDH equal to the limit is
#' normal. LDH must be finite and not negative and `ldh_uln` positive (a
#' limit of 0, a common code for "not recorded", is an error, never "every
#' LDH high"); both at most 100,000 U/L. A logical `ldh_high` column (the
#' laboratory's own flag) is used instead, row by row: a missing flag is
#' computed from `ldh` and `ldh_uln` when they are there.
#'
#' @section Which eGFR:
#' The eGFR behind `gfr_category`, `b2m_expected` and `b2m_excess` is, row
#' by row, the first one available of:
#'
#' 1. a reported eGFR, the `egfr` column (mL/min/1.73 m^2, checked as every
#'    eGFR is: not negative, at most 500, and at least 0.1 where it divides);
#' 2. CKiD U25 ([egfr_ckid_u25()]), when `data` has a `height_cm` column:
#'    for ages 1 to 25 with the height known (the average of the creatinine
#'    and cystatin C forms, else cystatin C, else creatinine), and for
#'    children under 18 also the cystatin C form without a height;
#' 3. CKD-EPI for adults (18 and over): `egfr_crcys`, else `egfr_cys`, else
#'    `egfr_cr` (KDIGO recommends the combined equation where cystatin C is
#'    measured).
#'
#' `egfr_equation` says which it was, a factor with levels
#' `r paste0('"', egfr_sources, '"', collapse = ", ")`; `NA` where the row
#' has no eGFR. With heights, the CKD-EPI columns leave out the children and
#' the U25 columns the adults the other equation covers, without a warning
#' (ages under 1 still warn); without heights, children get no eGFR and
#' CKD-EPI warns. The B2M-based eGFR is never used, as it would explain B2M
#' by B2M itself.
#'
#' @param data A data frame, tibble or data.table, one row per patient or
#'   sample.
#' @param columns Where the inputs are when their columns are not named by
#'   the convention: a named character vector, convention name = column
#'   name, e.g. `c(b2m = "B2M_mgL", albumin = "ALB")`.
#' @param units The units of inputs not in the convention's unit: a named
#'   character vector, convention name = unit, e.g. `c(albumin = "g/L",
#'   creatinine = "umol/L")`. Accepted for `b2m` (and with it `b2m_uln`),
#'   `urine_b2m`, `urine_creatinine`, `albumin`, `creatinine`, `hemoglobin`
#'   and `igm`. A unit per row: name a column of `data` that holds each
#'   row's unit, e.g. `c(b2m = "B2M_UNIT")` (a laboratory extract's unit
#'   column); each row is then checked in its own unit and converted to the
#'   convention's unit before anything is computed, so results in a unit
#'   (`b2m_excess`, the trend's values, the comment) are in the
#'   convention's. The columns of `data` are returned as they were.
#' @param overwrite If `FALSE` (the default), a result column that already
#'   exists in `data` is an error; if `TRUE` it is replaced in place. The
#'   order a replaced column gave is not kept: a data.table key is cut
#'   before it (dropped when it is the first key column) and indices using
#'   it are dropped, and a grouped tibble grouped by it is grouped again by
#'   the new values (as `dplyr::mutate()` does; ungrouped if dplyr is not
#'   installed).
#' @param systems The staging systems to compute, by key: any of
#'   `r rd_keys(staging_systems()$system)` (the `system` of [b2m_rules()]).
#'   `NULL` (the default) computes every one whose inputs are there. The B2M status, kidney and
#'   pattern columns are computed whatever `systems` says.
#' @param sex_labels,flag_labels Local codings of the `sex` column and of
#'   the logical flags (`del17p`, `t4_14`, `bone_marrow`, ...), for this
#'   call: they set the options `b2m.sex_labels` and `b2m.flag_labels` (see
#'   [b2m_codings]) while it runs. `NULL` (the default) leaves the options
#'   as they are.
#' @return `data` with the appended columns, of the class of `data`. A
#'   message of class `b2m_message_annotate` (fields `computed`, `skipped`
#'   and `staging`, `reported`) lists the columns computed, says whether the
#'   staging systems were applied by diagnosis (and to how many rows of each
#'   disease) or to every row, lists the reported columns (`egfr`,
#'   `ldh_high`) used instead of computing them, and the columns skipped with
#'   the inputs they lacked; [suppressMessages()] silences it.
#'
#'   Errors: `b2m_error_column` for an unknown name in `columns`, a mapped
#'   column missing from `data`, a result column that exists already, or an
#'   input or result column that `data` has more than once;
#'   `b2m_error_type` for an input column that is a matrix or data frame;
#'   `b2m_error_unit` for an unknown name or unit in `units`;
#'   `b2m_error_type` for a `diagnosis` column that is neither character
#'   nor factor, or `systems` not a character vector; `b2m_error_value` for
#'   an unknown key in `systems` (field `values`); and the errors
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
#' # each stage only for its disease
#' table(annotated$b2m_diagnosis, annotated$iss, useNA = "ifany")
#'
#' # one staging system only
#' iss_only <- b2m_annotate(cohort, systems = "iss")
#'
#' # columns named otherwise, albumin in g/L
#' lab <- data.frame(B2M_mgL = c(1.9, 6.2), ALB = c(41, 30))
#' b2m_annotate(lab, columns = c(b2m = "B2M_mgL", albumin = "ALB"),
#'              units = c(albumin = "g/L"))
b2m_annotate <- function(data, columns = NULL, units = NULL,
                         overwrite = FALSE, systems = NULL,
                         sex_labels = NULL, flag_labels = NULL) {
  old <- set_codings(sex_labels, flag_labels, sys.call())
  on.exit(options(old), add = TRUE)
  annotate_data(data, annotate_registry(), columns, units, overwrite,
                sys.call(), systems = systems)
}

# b2m_annotate() with any registry (the tests use small fake ones). Returns
# `data` with the new columns; the `b2m_message_annotate` is signalled.
annotate_data <- function(data, registry, columns = NULL, units = NULL,
                          overwrite = FALSE, call = sys.call(-1),
                          systems = NULL) {
  work <- unit_columns(data, columns, units, call)
  run <- annotate_run(work$data, registry, columns, work$units, overwrite,
                      call, systems = systems)
  b2m_inform(annotate_message(run))
  append_columns(data, run$values)
}

# `extra` are the columns the caller will append after these (b2m_interpret's).
# Returns the columns computed (`values`, the normalised diagnosis first as
# `b2m_diagnosis` when there is one), what was skipped and why,
# `diagnosis`: the normalised diagnosis (a factor) or NULL without one, and
# `deciding`: with `deciding` TRUE and a diagnosis, per stage column the
# conditions its stage rests on (see stage_system()), kept off the column.
annotate_run <- function(data, registry, columns, units, overwrite, call,
                         extra = character(), systems = NULL,
                         deciding = FALSE) {
  check_data_frame(data, "data", call)
  columns <- input_columns(data, columns, call)
  units <- input_units(units, call)
  if (!isTRUE(overwrite) && !isFALSE(overwrite)) {
    b2m_abort("`overwrite` must be TRUE or FALSE.", "b2m_error_type", call,
              arg = "overwrite")
  }
  entries <- chosen_entries(registry$entries, systems, call)
  for (input in names(columns)) {
    check_plain_column(data[[columns[[input]]]], columns[[input]], input, call)
  }
  inputs <- lapply(columns, function(column) data[[column]])
  diagnosis <- read_diagnosis(inputs$diagnosis, columns, call)
  # Which entries can run is known before any is computed, so a clash with
  # an existing column is reported before any work is done.
  planned <- list()
  skipped <- list()
  for (entry in entries) {
    missing <- missing_inputs(entry, inputs, planned, registry$derived)
    if (length(missing) > 0) {
      skipped[[entry$output]] <- missing
    } else {
      planned[[entry$output]] <- entry
    }
  }
  computed <- list()
  if (!is.null(diagnosis)) computed$b2m_diagnosis <- diagnosis
  check_no_clash(c(names(computed), names(planned), extra), data, overwrite,
                 call)
  check_unique_columns(data, c(columns, names(computed), names(planned), extra),
                       "data", call)
  staged <- disease_rows(diagnosis)
  decided <- list()
  for (entry in planned) {
    sink <- if (deciding && !is.null(diagnosis)) new.env(parent = emptyenv())
    computed[[entry$output]] <- compute_staged(
      entry, inputs, computed, registry, units, columns, nrow(data), call,
      staged(system_disease(entry$system)), staged(NA)$cache, sink
    )
    if (!is.null(sink$deciding)) decided[[entry$output]] <- sink$deciding
  }
  list(values = computed, skipped = skipped, computed = names(computed),
       inputs = inputs, diagnosis = diagnosis, deciding = decided,
       staging = staging_summary(planned, diagnosis),
       reported = reported_inputs(registry, columns, names(planned)))
}

# The registry's entries without the staging systems that `systems` (keys of
# the systems, as `b2m_rules()$system`) leaves out; NULL keeps them all.
# Entries of no disease (laboratory, kidney, pattern) are always kept.
chosen_entries <- function(entries, systems, call) {
  if (is.null(systems)) return(entries)
  of <- vapply(entries, `[[`, "", "system")
  known <- unique(of[!is.na(system_disease(of))])
  if (!is.character(systems) || is.object(systems) || anyNA(systems)) {
    b2m_abort(
      sprintf("`systems` must be a character vector of staging systems (%s), not %s.",
              paste0("\"", known, "\"", collapse = ", "), describe_type(systems)),
      "b2m_error_type", call, arg = "systems"
    )
  }
  unknown <- setdiff(systems, known)
  if (length(unknown) > 0) {
    b2m_abort(
      sprintf("`systems` has unknown staging system%s %s; known are %s.",
              if (length(unknown) > 1) "s" else "", quote_labels(unknown),
              paste0("\"", known, "\"", collapse = ", ")),
      "b2m_error_value", call, arg = "systems", values = unknown
    )
  }
  entries[is.na(system_disease(of)) | of %in% systems]
}

# The `diagnosis` input read by b2m_diagnosis() (its message on unknown
# labels passes through), or NULL when `data` has none.
read_diagnosis <- function(x, columns, call) {
  if (is.null(x)) return(NULL)
  if (!(is.character(x) || is.factor(x) || is_missing_only(x)) ||
      (is.object(x) && !is.factor(x))) {
    b2m_abort(
      sprintf(paste0("Column %s of `data` (`diagnosis`) must be a character ",
                     "vector or factor of diagnoses (names or ICD-10 codes, ",
                     "see ?b2m_diagnosis), not %s."),
              quote_labels(columns[["diagnosis"]]), describe_type(x)),
      "b2m_error_type", call, arg = "diagnosis",
      column = unname(columns[["diagnosis"]])
    )
  }
  if (is.logical(x)) x <- as.character(x)
  b2m_diagnosis(x)
}

# A function of a disease (a level of b2m_diagnosis(), or NA for an entry
# that stages none) giving where its systems are computed: `where` NULL for
# every row, else list(codes, staged), the diagnosis (read by its codes) and
# the codes of the rows staged (staged_codes(): the patients with that
# disease or no diagnosis), for C to stage in place; `rows()`, the numbers
# of those rows in data order, and `cache`, the derived inputs computed on
# them (shared by the systems of one disease), for an entry computed on a
# copy of its rows (see compute_staged()). The cache of `disease_rows(d)(NA)`
# holds the derived inputs of every row.
disease_rows <- function(diagnosis) {
  everywhere <- list(where = NULL, cache = new.env(parent = emptyenv()))
  counts <- if (!is.null(diagnosis)) tabulate(diagnosis, nlevels(diagnosis))
  by_disease <- list()
  function(disease) {
    if (is.null(diagnosis) || is.na(disease)) return(everywhere)
    if (is.null(by_disease[[disease]])) {
      staged <- staged_codes(diagnosis, disease)
      # no row of another diagnosis: every row is staged
      others <- sum(counts) - sum(counts[staged[!is.na(staged)]])
      by_disease[[disease]] <<- if (others == 0) {
        everywhere
      } else {
        list(where = list(codes = diagnosis, staged = staged),
             rows = function() which(staged_by(diagnosis, disease)),
             cache = new.env(parent = emptyenv()))
      }
    }
    by_disease[[disease]]
  }
}

# For the message: the staging columns computed and, with a diagnosis, the
# columns and number of rows of each disease and the rows without one; NULL
# when no staging system was computed.
staging_summary <- function(planned, diagnosis) {
  disease <- system_disease(vapply(planned, `[[`, "", "system"))
  staging <- !is.na(disease)
  if (!any(staging)) return(NULL)
  out <- list(by_diagnosis = !is.null(diagnosis),
              outputs = names(planned)[staging])
  if (is.null(diagnosis)) return(out)
  by <- split(out$outputs, factor(disease[staging], unique(disease[staging])))
  counts <- diagnosis_counts(diagnosis)
  out$diseases <- lapply(names(by), function(d) {
    list(disease = d, outputs = by[[d]], rows = counts[[d]])
  })
  out$undiagnosed <- length(diagnosis) - sum(counts)
  out$unstaged <- sum(counts) - sum(counts[names(by)])
  out
}

# The derived inputs that `data` reports itself and that a computed entry
# uses (the annotate message names them).
reported_inputs <- function(registry, columns, planned) {
  reportable <- unique(unlist(lapply(registry$derived, `[[`, "reported")))
  used <- unlist(lapply(registry$entries[vapply(registry$entries, function(e)
    e$output %in% planned, logical(1))], `[[`, "inputs"))
  intersect(reportable, intersect(names(columns), used))
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

# The inputs that take the unit of another (`units` names it).
unit_shared_by <- list(b2m = c("b2m", "b2m_uln"))

# `units` entries that name a column of `data` give a unit per row: the
# inputs in that unit are converted once (C, row by row) to the
# convention's unit, in a working copy of `data` that only the computation
# sees (the data returned keeps the user's columns), and `units` then says
# the convention's unit. Returns list(data, units).
unit_columns <- function(data, columns, units, call) {
  per_row <- if (is.data.frame(data) && is.character(units)) {
    with_unit <- convention_table$column[!is.na(convention_table$quantity)]
    names(units)[units %in% names(data) & names(units) %in% with_unit]
  }
  if (length(per_row) == 0) return(list(data = data, units = units))
  found <- input_columns(data, columns, call)
  work <- as.data.frame(data)
  for (key in per_row) {
    row <- convention_table[convention_table$column == key, ]
    unit_column_name <- units[[key]]
    inputs <- if (is.null(unit_shared_by[[key]])) key else unit_shared_by[[key]]
    for (input in intersect(inputs, names(found))) {
      column <- found[[input]]
      if (!is.numeric(data[[column]])) next # the entries say what is wrong
      work[[column]] <- convert_unit_rows(
        data[[column]], column, row$quantity, data[[unit_column_name]],
        unit_column_name, row$unit, unit_column_name, call)
    }
    units[[key]] <- row$unit
  }
  list(data = work, units = units)
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
  if (!is.null(rule$reported) && !is.null(inputs[[rule$reported]])) {
    return(character())
  }
  needs <- if (rule$any) rule$needs else setdiff(rule$needs, rule$optional)
  gaps <- lapply(needs, lacking, inputs, computed, derived)
  if (rule$any) {
    if (any(lengths(gaps) == 0)) return(character())
    return(if (is.null(rule$describe)) name else rule$describe)
  }
  unlist(gaps)
}

# The value of an input (NULL when absent), on the rows `rows` of the data
# (NULL: all). A derived input, or an input cut to `rows`, is computed once
# and kept in `cache` (an environment, one per set of rows), as several
# entries use it. A derived input that `data` reports (`egfr`, `ldh_high`)
# is computed with the reported value, which it takes where present.
input_value <- function(name, inputs, computed, derived, cache, rows = NULL) {
  if (!is.null(cache[[name]])) return(cache[[name]])
  rule <- derived[[name]]
  own <- if (!is.null(computed[[name]])) computed[[name]] else inputs[[name]]
  if (is.null(rule) || (!is.null(own) && is.null(rule$reported))) {
    if (is.null(own) || is.null(rows)) return(own)
    value <- own[rows]
  } else {
    values <- lapply(stats::setNames(nm = rule$needs), input_value, inputs,
                     computed, derived, cache, rows)
    values <- values[!vapply(values, is.null, logical(1))]
    # a reported value without all the needs: the reported value alone
    if (!rule$any &&
        !all(setdiff(rule$needs, rule$optional) %in% names(values))) {
      values <- list()
    }
    reported <- if (!is.null(rule$reported)) inputs[[rule$reported]]
    if (!is.null(reported)) {
      values$reported <- if (is.null(rows)) reported else reported[rows]
    }
    value <- do.call(rule$compute, values)
  }
  assign(name, value, envir = cache)
  value
}

# The column of `entry` on the rows of its disease (`at`, an element of
# disease_rows(); `cache` holds the derived inputs of every row). C stages
# those rows in place, reading whole columns without a copy. The checks R
# makes of a whole column (unknown labels, the scale of a limit) would then
# judge the other diseases' rows too, so an entry whose in-place run raises
# a condition, or with an input C does not read in place (a classed object
# such as units or haven_labelled, converted to a copy anyway), is computed
# again on a copy of its rows: there only they are judged, and a condition
# names the rows of `data`, exactly as before.
compute_staged <- function(entry, inputs, computed, registry, units, columns,
                           n, call, at, cache, deciding = NULL) {
  if (is.null(at$where)) {
    return(compute_entry(entry, inputs, computed, registry, units, columns, n,
                         call, at$cache, deciding = deciding))
  }
  in_place <- !is.null(entry$staging) &&
    all(vapply(entry$inputs, function(name) {
      x <- inputs[[name]]
      !is.object(x) || is.factor(x)
    }, TRUE))
  if (in_place) {
    staged <- tryCatch(
      compute_entry(entry, inputs, computed, registry, units, columns, n,
                    call, cache, where = at$where, deciding = deciding),
      b2m_error = function(cnd) NULL, b2m_warning = function(cnd) NULL
    )
    if (!is.null(staged)) return(staged)
  }
  compute_entry(entry, inputs, computed, registry, units, columns, n, call,
                at$cache, at$rows(), deciding = deciding)
}

# Call the entry's function on the columns, or on their rows `rows` only (a
# disease's patients): the result then has NA in the other rows and the
# conditions raised name the rows of `data`. The call is built from symbols
# bound in a fresh environment, so an error's call reads
# `stage_iss(b2m = b2m, albumin = albumin, ...)`, never the data. With
# `where` (see disease_rows()) a staging entry calls stage_system() itself,
# which stages the rows `where` selects in place, NA elsewhere; so does a
# stage whose deciding conditions are asked for (`deciding`, an environment:
# see stage_system()), which receives them for every row of `data`.
compute_entry <- function(entry, inputs, computed, registry, units, columns,
                          n, call, cache = new.env(parent = emptyenv()),
                          rows = NULL, where = NULL, deciding = NULL) {
  if (is.null(entry$staging) || entry$staging$score) deciding <- NULL
  in_data <- function(cnd) {
    for_column(at_data_rows(cnd, rows), entry, registry, columns, call)
  }
  result <- tryCatch({
    env <- new.env(parent = registry$env)
    args <- list()
    for (arg in names(entry$inputs)) {
      value <- input_value(entry$inputs[[arg]], inputs, computed,
                           registry$derived, cache, rows)
      if (is.null(value)) next
      assign(arg, value, envir = env)
      args[[arg]] <- as.name(arg)
    }
    for (arg in names(entry$units)) {
      args[[arg]] <- units[[entry$units[[arg]]]]
      assign(arg, args[[arg]], envir = env)
    }
    shared <- paste0(entry$fun, "()")
    if (!is.null(entry$take) && !is.null(cache[[shared]])) {
      cache[[shared]]
    } else {
      fun <- if (is.null(entry$via)) entry$fun else entry$via
      value <- withCallingHandlers(
        if (is.null(where) && is.null(deciding)) {
          eval(as.call(c(as.name(fun), args)), env)
        } else {
          stage_system(entry$staging$system, env, entry$staging$score,
                       call = as.call(c(as.name(entry$fun), args)),
                       where = where, deciding = deciding)
        },
        b2m_warning = function(cnd) {
          warning(in_data(cnd))
          invokeRestart("muffleWarning")
        }
      )
      if (!is.null(entry$take)) assign(shared, value, envir = cache)
      value
    }
  }, b2m_error = function(cnd) {
    stop(in_data(cnd))
  })
  if (!is.null(entry$take)) result <- result[[entry$take]]
  if (length(result) != if (is.null(rows)) n else length(rows)) {
    b2m_abort(
      sprintf("%s() returned %d values for `%s`, not one per row (%d).",
              entry$fun, length(result), entry$output,
              if (is.null(rows)) n else length(rows)),
      "b2m_error_length", call, column = entry$output
    )
  }
  if (is.null(rows)) return(result)
  # NA of the result's own type, class and levels in the rows not computed,
  # by one indexing (assigning into a factor would match its labels)
  index <- rep(NA_integer_, n)
  index[rows] <- seq_along(rows)
  if (!is.null(deciding)) deciding$deciding <- deciding$deciding[index]
  result[index]
}

# A condition raised on the rows `rows` of the data (NULL: all of them) said
# with the row numbers of the data: its `rows` field and its message, rebuilt
# from its fields (a value problem, or unknown labels).
at_data_rows <- function(cnd, rows) {
  if (is.null(rows) || is.null(cnd$rows)) return(cnd)
  in_data <- function(i) {
    out <- rows[i]
    storage.mode(out) <- storage.mode(i)
    out
  }
  cnd$rows <- in_data(cnd$rows)
  problem <- cnd$value_problem
  if (!is.null(problem)) {
    problem$rows <- in_data(problem$rows)
    cnd$value_problem <- problem
    cnd$message <- value_problem_message(problem)
  } else if (!is.null(cnd$expected)) {
    cnd$message <- unknown_labels_message(cnd)
  }
  cnd
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
  problem <- if (is.null(cnd$value_problem)) cnd$unit_problem else
    cnd$value_problem
  unit_arg <- problem$unit_arg
  if (is.null(problem$suggested_unit) || is.null(unit_arg) ||
      !unit_arg %in% names(entry$units)) {
    return(conditionMessage(cnd))
  }
  describe <- if (is.null(cnd$value_problem)) coarser_unit_message else
    value_problem_message
  describe(problem, sprintf(
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
  text <- paste(c(text, staging_lines(run$staging)), collapse = "\n")
  reported <- run$reported
  if (length(reported) > 0) {
    several <- length(reported) > 1
    text <- paste(c(text, strwrap(sprintf(paste0(
      "Used the reported %s instead of computing %s (computed only where %s ",
      "missing and the other columns allow)."),
      paste0("`", reported, "`", collapse = " and "),
      if (several) "them" else "it", if (several) "they are" else "it is"),
      width = 76, exdent = 2)), collapse = "\n")
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
                call = NULL, computed = computed, skipped = skipped,
                staging = run$staging, reported = run$reported)
}

# What the message says of the staging systems (see staging_summary()).
staging_lines <- function(staging) {
  if (is.null(staging)) return(character())
  columns <- function(x) paste0("`", x, "`", collapse = ", ")
  wrap <- function(x) paste(strwrap(x, width = 76, exdent = 2), collapse = "\n")
  if (!staging$by_diagnosis) {
    return(wrap(paste(
      "No `diagnosis` column: every staging system was applied to every row,",
      "whatever the patient's disease; give one (see ?b2m_diagnosis) to",
      "stage each patient by the systems of their disease only.")))
  }
  c("Staged by diagnosis, each system only for its disease:",
    vapply(staging$diseases, function(d) {
      wrap(sprintf("* %s (%s): %s", d$disease, rows_count(d$rows),
                   columns(d$outputs)))
    }, ""),
    if (staging$unstaged > 0) {
      sprintf("* any other diagnosis (%s): none", rows_count(staging$unstaged))
    },
    if (staging$undiagnosed > 0) {
      sprintf("* no diagnosis (%s): every system",
              rows_count(staging$undiagnosed))
    })
}

rows_count <- function(n) {
  sprintf("%s %s", format(n, big.mark = ",", scientific = FALSE),
          if (n == 1) "row" else "rows")
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
