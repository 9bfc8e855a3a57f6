# Laboratory extracts in long format (one row per result) to the wide columns
# of the package's convention (one row per patient and sample).
#
# Everything the reader knows is data, below: the columns it writes, the
# LOINC codes it reads into them and the codes it refuses (from
# ../shared/reference/lab-data.md, P and S codes only), the unit spellings of
# UCUM and OMOP, and the column names of the OMOP and FHIR presets. The work
# is done on distinct values (codes, units, texts) and then by match() over
# the rows: no per-row R loop.

# Columns written ------------------------------------------------------------------

# Every column b2m_from_long() can write, in output order; `quantity` is the
# entry of quantity_table its unit belongs to, `unit`
# the unit written (the convention's where the column is in the convention).
long_analytes <- data.frame(
  column = c("b2m", "b2m_uln", "b2m_post_dialysis", "urine_b2m",
             "urine_b2m_24h", "urine_b2m_excretion", "csf_b2m", "albumin",
             "creatinine", "cystatin", "ldh", "ldh_uln", "hemoglobin",
             "platelets", "igm_total", "m_protein", "urine_creatinine",
             "urine_ph", "egfr_lab_cr2021", "egfr_lab_crcys2021",
             "egfr_lab_cr2009", "egfr_lab_crcys2012", "egfr_lab_cys",
             "egfr_lab_mdrd", "egfr_lab_schwartz", "egfr_lab_unspecified"),
  quantity = c("b2m", "b2m", "b2m", "b2m_urine", "b2m_urine",
               "b2m_excretion", "b2m_csf", "albumin", "creatinine",
               "cystatin", "ldh", "ldh", "hemoglobin", "platelets", "igm",
               "igm", "creatinine_urine", "urine_ph", rep("egfr", 8)),
  unit = c("mg/L", "mg/L", "mg/L", "ug/L", "ug/L", "ug/(24.h)", "mg/L",
           "g/dL", "mg/dL", "mg/L", "U/L", "U/L", "g/dL", "10^9/L", "g/dL",
           "g/dL", "mg/dL", "pH", rep("mL/min/1.73m2", 8)),
  meaning = c(
    "serum B2M", "the laboratory's upper reference limit of serum B2M",
    "serum B2M after a dialysis session (never mixed with `b2m`)",
    "urine B2M, random urine", "urine B2M concentration in a 24-hour collection",
    "urine B2M excreted in 24 hours", "CSF B2M", "serum albumin",
    "serum creatinine", "serum cystatin C", "serum LDH",
    "the laboratory's upper limit of normal of LDH", "haemoglobin",
    "platelet count", "total serum IgM (nephelometry), not the M-spike",
    "serum monoclonal protein (M-spike) by electrophoresis",
    "urine creatinine, random urine", "urine pH",
    "eGFR reported by the laboratory: CKD-EPI 2021 creatinine",
    "eGFR reported: CKD-EPI 2021 creatinine-cystatin C",
    "eGFR reported: CKD-EPI 2009 creatinine",
    "eGFR reported: CKD-EPI 2012 creatinine-cystatin C",
    "eGFR reported: cystatin C-based (equation not coded)",
    "eGFR reported: MDRD", "eGFR reported: Schwartz (children)",
    "eGFR reported: equation not stated"),
  stringsAsFactors = FALSE
)

# The two limits written beside their analyte (from the result row's
# reference range).
long_limits <- c(b2m = "b2m_uln", ldh = "ldh_uln")

# Units ----------------------------------------------------------------------------

# Spellings (UCUM codes, local strings of lab-data.md) of a unit of the
# quantity, compared as normalize_unit() folds them. Per quantity: "G/L"
# means 10^9/L for platelets and grams per litre for albumin.
long_unit_aliases <- list(
  platelets = c("10*9/L" = "10^9/L", "10*3/uL" = "10^9/L",
                "10^3/uL" = "10^9/L", "K/uL" = "10^9/L", "G/L" = "10^9/L",
                "GPt/L" = "10^9/L", "/nL" = "10^9/L", "*1000/uL" = "10^9/L"),
  ldh = c("[IU]/L" = "IU/L"),
  urine_ph = c("[pH]" = "pH", "{pH}" = "pH", "-" = "pH"),
  egfr = c("mL/min/{1.73_m2}" = "mL/min/1.73m2",
           "mL/min/1,73m\u00b2" = "mL/min/1.73m2",
           "mL/min/1.73m\u00b2" = "mL/min/1.73m2",
           "mL/s/{1.73_m2}" = "mL/s/1.73m2")
)

# Quantities whose results have no unit (pH): an empty unit is that unit.
long_unitless <- c(urine_ph = "pH")

# A quantity with the units read from extracts only (its `extract_units`).
long_quantity <- function(name) {
  table <- quantity_table[[name]]
  table$units <- c(table$units, table$extract_units)
  table
}

# The scale (num, den) of each spelling of each quantity's units, keyed by
# "<quantity>|<folded spelling>".
long_unit_lookup <- function() {
  rows <- lapply(unique(long_analytes$quantity), function(q) {
    table <- long_quantity(q)
    aliases <- long_unit_aliases[[q]]
    names <- c(names(table$units), names(aliases))
    target <- c(names(table$units), unname(aliases))
    scale <- table$units[target]
    data.frame(key = paste(q, normalize_unit(names), sep = "|"),
               num = vapply(scale, `[`, 1, 1), den = vapply(scale, `[`, 1, 2),
               stringsAsFactors = FALSE)
  })
  do.call(rbind, rows)
}

# Codes ----------------------------------------------------------------------------

loinc_codes <- function(column, ...) {
  codes <- c(...)
  data.frame(code = codes, column = rep(column, length(codes)),
             stringsAsFactors = FALSE)
}

# The LOINC codes read, by column (lab-data.md; P or S confidence only: a U
# code such as 48094-6 is read only through `codes`).
long_loinc <- rbind(
  loinc_codes("b2m", "1952-1", "83078-6", "56786-7", "14626-6", "76484-5"),
  loinc_codes("b2m_post_dialysis", "87708-4"),
  loinc_codes("urine_b2m", "1953-9", "83077-8", "32302-2"),
  loinc_codes("urine_b2m_24h", "54356-1", "50824-2"),
  loinc_codes("urine_b2m_excretion", "10873-8", "56662-0"),
  loinc_codes("csf_b2m", "1951-3", "32301-4"),
  loinc_codes("albumin", "1751-7", "61151-7", "61152-5"),
  loinc_codes("creatinine", "2160-0", "14682-9"),
  loinc_codes("cystatin", "33863-2"),
  loinc_codes("ldh", "2532-0", "14804-9", "14805-6"),
  loinc_codes("hemoglobin", "718-7"),
  loinc_codes("platelets", "777-3", "26515-7"),
  loinc_codes("igm_total", "2472-9"),
  loinc_codes("m_protein", "33358-3"),
  loinc_codes("urine_creatinine", "2161-8", "14683-7"),
  loinc_codes("urine_ph", "5803-2", "2756-5", "50560-2"),
  loinc_codes("egfr_lab_cr2021", "98979-8"),
  loinc_codes("egfr_lab_crcys2021", "98980-6"),
  loinc_codes("egfr_lab_cr2009", "62238-1"),
  loinc_codes("egfr_lab_crcys2012", "94677-2"),
  loinc_codes("egfr_lab_cys", "50210-4"),
  loinc_codes("egfr_lab_mdrd", "33914-3", "77147-7", "76633-7"),
  loinc_codes("egfr_lab_schwartz", "50384-7"),
  loinc_codes("egfr_lab_unspecified", "69405-9")
)

excluded <- function(reason, ..., mappable = FALSE) {
  codes <- c(...)
  data.frame(code = codes, reason = rep(reason, length(codes)),
             mappable = rep(mappable, length(codes)), stringsAsFactors = FALSE)
}

# LOINC codes never read, with the reason: other specimens, other quantities
# and the name-matching false friends of lab-data.md. `mappable`: a valid
# result the user may still read into a column through `codes` (a method or
# specimen the staging papers did not use, one of a pair per draw).
long_excluded <- rbind(
  excluded("B2M in dialysis fluid, not serum", "49081-3", "88711-7"),
  excluded("B2M in another body fluid", "48166-3", "59217-0", "59218-8"),
  excluded("qualitative B2M (presence)", "43818-4", "43819-2", "43919-0"),
  excluded("B2M in arbitrary units", "83076-0", "83079-4"),
  excluded("B2M amyloid in tissue (histology)", "10467-9"),
  excluded("CSF/serum B2M ratio (the package computes it)", "54355-3"),
  excluded("urine B2M/creatinine ratio (no column yet)", "39773-7",
           mappable = TRUE),
  excluded("albumin by electrophoresis", "2862-1", mappable = TRUE),
  excluded("molar albumin (no conversion factor of record)", "54347-0",
           "62235-7", "62234-0"),
  excluded("albumin in blood, of unstated dye or by nephelometry", "76631-1",
           "77148-5", "101198-0", mappable = TRUE),
  excluded("creatinine in blood, not serum", "38483-4", "59826-8", "77140-2",
           "21232-4", mappable = TRUE),
  excluded("order code (a panel), not a result", "87430-5", "58410-2",
           "24357-6"),
  excluded("molar haemoglobin (monomer basis unconfirmed)", "59260-0",
           "75928-2"),
  excluded("haemoglobin from a blood gas or calculated", "20509-6", "55782-7",
           "14775-1", "76768-1", "76769-9", "30313-1", "30350-3", "30351-1",
           "30352-9", mappable = TRUE),
  excluded("platelets by manual count or estimate", "778-1", "49497-1",
           "74464-9", mappable = TRUE),
  excluded("24-hour urine creatinine excretion", "2162-6"),
  excluded("race- or sex-specific eGFR (two results per draw)", "88294-4",
           "88293-6", "48642-3", "48643-1", "50044-7", "70969-1",
           mappable = TRUE),
  excluded("albumin in urine", "1754-1", "14957-5", "1755-8"),
  excluded("albumin/creatinine ratio in urine", "9318-7", "14959-1"),
  excluded("albumin in body fluid or CSF", "1747-5", "1746-7"),
  excluded("albumin fraction (percent)", "13980-8", "35706-1"),
  excluded("prealbumin (transthyretin)", "14338-8"),
  excluded("calcium corrected for albumin", "29265-6"),
  excluded("measured or Cockcroft-Gault creatinine clearance", "2164-2",
           "35591-7"),
  excluded("creatine kinase", "2157-6"),
  excluded("baseline creatinine of a challenge test", "40248-7"),
  excluded("creatinine in body fluid", "12190-5", "25386-4"),
  excluded("lactate (lactic acid), not LDH", "2524-7", "14118-4", "32693-4"),
  excluded("LDH in body fluid", "14803-1", "60017-1"),
  excluded("haemoglobin A1c", "4548-4", "17856-6", "59261-8"),
  excluded("MCH or MCHC", "28539-5", "785-6", "28540-3", "786-4"),
  excluded("haemoglobin in urine", "5794-3", "4636-7"),
  excluded("haemoglobin S fraction", "4625-0"),
  excluded("platelet volume or distribution width", "32623-1", "28542-9",
           "32207-3"),
  excluded("platelets in plasma", "13056-7", "26516-5", "74775-8"),
  excluded("pathogen IgM antibody (qualitative)", "22314-9", "13950-1"),
  excluded("rheumatoid factor", "11572-5"),
  excluded("pH of blood or serum", "2744-1", "2753-2", "11558-4"),
  excluded("urine specific gravity", "2965-2")
)

# Code systems that are LOINC (FHIR system URI, OMOP vocabulary_id, HL7 OID),
# compared in lower case.
loinc_systems <- c("http://loinc.org", "loinc", "urn:oid:2.16.840.1.113883.6.1")

# OMOP concept_ids seen in public code (lab-data.md, S): measurement concepts
# to their LOINC code, unit concepts to UCUM, operator concepts to symbols.
omop_measurement_concepts <- c(
  "3029859" = "50210-4", "3030104" = "50384-7", "3030354" = "33914-3",
  "3049187" = "48642-3", "3053283" = "48643-1", "36303797" = "88294-4",
  "36306178" = "88293-6", "3029829" = "50044-7", "42869913" = "70969-1",
  "3009508" = "14683-7", "3015736" = "2756-5", "3012516" = "1754-1",
  "3004239" = "2162-6", "3027484" = "20509-6", "3046299" = "33358-3"
)
omop_unit_concepts <- c(
  "8751" = "mg/L", "8859" = "ug/mL", "8748" = "ug/L", "8842" = "ng/mL",
  "8840" = "mg/dL", "8736" = "nmol/L", "9014" = "ug/g{creat}",
  "44777646" = "ug/mmol{creat}", "9017" = "mg/g{creat}",
  "9075" = "mg/mmol{creat}", "8906" = "ug/(24.h)", "8909" = "mg/(24.h)"
)
omop_operator_concepts <- c("4172703" = "=", "4171756" = "<",
                            "4171754" = "<=", "4172704" = ">",
                            "4171755" = ">=")

# Presets --------------------------------------------------------------------------

# The columns each format reads, by role; where a role lists several, those
# present are read in turn (a later one where the earlier is missing or, for
# codes, not recognised). `id` and `time` take the first present.
long_presets <- list(
  generic = list(),
  omop = list(
    id = "person_id", time = c("measurement_date", "measurement_datetime"),
    code = "measurement_source_value", code_concept = "measurement_concept_id",
    value = c("value_as_number", "value_source_value"),
    unit_concept = "unit_concept_id", unit = "unit_source_value",
    comparator = "operator_concept_id", ref_high = "range_high"
  ),
  fhir = list(
    id = c("subject", "subject.reference"), time = "effectiveDateTime",
    code = "code.coding.code", system = "code.coding.system",
    value = "valueQuantity.value",
    unit = c("valueQuantity.code", "valueQuantity.unit"),
    comparator = "valueQuantity.comparator",
    ref_high = c("referenceRange.high.value", "referenceRange.high")
  )
)

# Why a row was not placed (the levels of the `reason` of the unplaced rows).
unplaced_reasons <- c(
  "unknown code", "excluded code", "code system not LOINC",
  "no patient or time", "unreadable time", "unreadable value", "no result",
  "unknown comparator", "conflicting comparator", "unknown unit",
  "conflicting unit", "impossible value", "unreadable reference limit",
  "conflicting results"
)

# The reader -----------------------------------------------------------------------

#' Read a laboratory extract in long format into the package's columns
#'
#' Turns an extract with one row per laboratory result (a laboratory
#' system's export, an OMOP CDM `measurement` table, flattened FHIR
#' `Observation`s) into one row per patient and sample with the columns of
#' the package's naming convention, ready for [b2m_annotate()] and
#' [b2m_interpret()]. Results are recognised by their LOINC code, never by
#' their name, converted to the column's unit row by row, and placed in the
#' patient's sample; every row that cannot be placed is reported, none is
#' dropped silently.
#'
#' @section Codes:
#' A row is read when its code is one of the LOINC codes below (checked to
#' be LOINC where the extract gives a code system: `system` equal to
#' `"http://loinc.org"`, `"LOINC"` or the LOINC OID; another system's codes
#' are not read as LOINC, for the same digits are CDC race codes elsewhere)
#' or one of the user's local codes in `codes`. Codes of lab-data.md of
#' confidence P or S are read; codes that are only reported elsewhere (such
#' as 48094-6) are read only through `codes`.
#'
#' `r long_codes_rd()`
#'
#' Other codes are refused with their reason (`"excluded code"` in the
#' unplaced rows): B2M in dialysate (49081-3, 88711-7), other fluids
#' (48166-3, 59217-0, 59218-8), qualitative (43818-4, 43819-2, 43919-0) or
#' in arbitrary units (83076-0, 83079-4), histology (10467-9), urine albumin
#' and albumin ratios, prealbumin, lactate, creatine kinase, HbA1c, MCH/MCHC,
#' platelet volume, pathogen IgM antibodies, blood pH, order panels and the
#' other false friends of a name matcher. Beta-2 globulin of protein
#' electrophoresis, beta-2 glycoprotein I, beta-trace protein and beta-2
#' transferrin have no code here, so they are unknown codes: a name is never
#' read. A few excluded codes are valid results of another method or
#' specimen (albumin by electrophoresis, creatinine in whole blood,
#' race-specific eGFR pairs, ...): `codes` may read them into a column;
#' `codes` may not read a code of another analyte or a false friend.
#'
#' @section Units:
#' Each row's unit (UCUM codes such as `"mg/L"`, `"10*9/L"`,
#' `"mL/min/{1.73_m2}"`, the common local spellings, or an OMOP unit
#' `concept_id`) is converted to the unit of its column; a unit written in
#' the value (`"2.1 mg/L"`) is read when the unit column is empty. A unit
#' that is not one of the column's (`ug/g{creat}` for urine B2M, `umol/L`
#' for albumin), a missing unit (except for pH), or a value impossible in
#' its unit (above the largest plausible value, or negative) leaves the row
#' unplaced. The per-row upper reference limit (`ref_high`) of a serum B2M
#' row becomes `b2m_uln`, of an LDH row `ldh_uln`, converted like the value:
#' `b2m_uln` is always in the unit of `b2m`.
#'
#' @section Samples:
#' Results of one patient on the same calendar day are one sample (for a
#' numeric time, at the same time). With `window`, a sample starts at a
#' patient's earliest result not yet placed and holds every result up to
#' `window` days later (numeric times: `window` in their own unit); the
#' sample's `time` is that first result's. A `POSIXct` time is read in its
#' own time zone (UTC when it has none, never the session's); a character
#' time is read as a date from its first ten characters (`"2024-03-05"`,
#' `"2024-03-05T10:20:00Z"`), its time of day ignored: convert it to
#' `POSIXct` first for windows shorter than a day. Two results of one
#' analyte in one sample are one result when they are the same (value,
#' censoring and limit); different ones are all unplaced
#' (`"conflicting results"`), never averaged or chosen between.
#'
#' @param data A data frame: one row per result.
#' @param id,time Names of the patient column (any atomic type) and of the
#'   time column (a `Date`, a `POSIXct`, a number or ISO 8601 text).
#' @param code Name of the test code column (LOINC or local codes). Several
#'   names are read in turn: a row whose code in the first is missing or not
#'   recognised is read from the next.
#' @param value Name of the result column: numbers, or text as
#'   [b2m_parse_result()] reads it (`"<0.2"`, `"3,4"` with
#'   `decimal_mark = ","`). Several names are read in turn where the earlier
#'   are missing (OMOP `value_as_number`, then `value_source_value`).
#' @param unit Name of the unit column (several: read in turn where the
#'   earlier are empty).
#' @param comparator Name of a column of comparators (`"<"`, `"<="`, `">"`,
#'   `">="`, `"="` or empty; or OMOP operator concept_ids), or `NULL`.
#' @param ref_high Name of the column of each result's upper reference
#'   limit, in the row's unit, or `NULL`.
#' @param codes Local codes: a named character vector, column = code, e.g.
#'   `c(b2m = "B2M-S", albumin = "ALB")` (a column may have several codes).
#'   The columns are those listed under Codes.
#' @param format The column names to expect: `"generic"` (none: name them),
#'   `"omop"` (`person_id`, `measurement_date` or `measurement_datetime`,
#'   `measurement_source_value` then `measurement_concept_id`,
#'   `value_as_number` then `value_source_value`, `unit_concept_id` then
#'   `unit_source_value`, `operator_concept_id`, `range_high`) or `"fhir"`
#'   (flattened Observation: `subject`, `effectiveDateTime`,
#'   `code.coding.code` with `code.coding.system`, `valueQuantity.value`,
#'   `valueQuantity.code` then `valueQuantity.unit`,
#'   `valueQuantity.comparator`, `referenceRange.high.value` or
#'   `referenceRange.high`). Arguments given replace the preset's columns.
#' @param system Name of the column giving each code's system (FHIR
#'   `code.coding.system`, OMOP `vocabulary_id`), or `NULL`.
#' @param window `NULL` (samples are calendar days) or the days (for
#'   numeric times, the time's unit) a sample may span, a number >= 0.
#' @param decimal_mark The decimal mark of text values: `"."` or `","`.
#' @return A data frame with one row per patient and sample, ordered by
#'   patient (in order of first appearance) and time: `id`, `time` (a
#'   `Date` for dates, else the time's type), then one column per analyte
#'   found, in the order of the table under Codes, in the unit given there.
#'   A column with a censored result is a censored result vector
#'   ([b2m_censored]); the others are double.
#'
#'   Attributes: `unplaced`, a data frame of the rows not placed: `row` (in
#'   `data`), `reason` (a factor: unknown code, excluded code, code system
#'   not LOINC, no patient or time, unreadable time, unreadable value, no
#'   result, unknown comparator, conflicting comparator, unknown unit,
#'   conflicting unit, impossible value, unreadable reference limit,
#'   conflicting results) and `detail` (the exclusion's reason, the code or
#'   the unit); `placement`, for every row of `data` the row of the result
#'   it went into (`NA` when unplaced). Rows placed plus rows unplaced are
#'   all the rows of `data`.
#'
#'   When rows are unplaced, one warning of class `b2m_warning_unplaced`
#'   (fields `rows`, `reason`, `count`) counts them by reason with their
#'   first row numbers. Errors: `data` not a data frame, a column name that
#'   is not a string (`b2m_error_type`); a column not in `data`, or no
#'   column for a required role (`b2m_error_column`); `codes` naming an
#'   unknown column or a code that is another analyte's, a bad `window`,
#'   `format` or `decimal_mark` (`b2m_error_value`).
#' @references LOINC (Regenstrief Institute), <https://loinc.org>: the codes
#'   above, as listed in the HL7 mCODE tumour-marker value set and laboratory
#'   test catalogues (Mayo Clinic Laboratories, ARUP). OMOP Common Data
#'   Model v5.4, MEASUREMENT table: <https://ohdsi.github.io/CommonDataModel/>.
#'   HL7 FHIR R4, Observation: <https://hl7.org/fhir/R4/observation.html>.
#'   UCUM, the Unified Code for Units of Measure:
#'   <https://ucum.org/ucum>.
#' @family laboratory data
#' @export
#' @examples
#' extract <- b2m_example("lab_extract")
#' head(extract)
#' wide <- b2m_from_long(extract, id = "patient", time = "date",
#'                       code = "test_code", value = "result", unit = "unit",
#'                       ref_high = "ref_high",
#'                       codes = c(b2m = "B2M-S", albumin = "ALB"))
#' head(wide)
#' table(attr(wide, "unplaced")$reason)
#'
#' # an OMOP measurement table
#' omop <- data.frame(person_id = c(1, 1, 2),
#'                    measurement_date = as.Date("2024-03-01"),
#'                    measurement_concept_id = 0,
#'                    measurement_source_value = c("1952-1", "1751-7", "1952-1"),
#'                    value_as_number = c(2.9, 38, 0.5),
#'                    unit_concept_id = c(8751, 0, 8751),
#'                    unit_source_value = c("mg/L", "g/L", "mg/L"),
#'                    operator_concept_id = c(4172703, 4172703, 4171756),
#'                    range_high = c(2.7, NA, 2.7))
#' b2m_from_long(omop, format = "omop")
b2m_from_long <- function(data, id = NULL, time = NULL, code = NULL,
                          value = NULL, unit = NULL, comparator = NULL,
                          ref_high = NULL, codes = NULL,
                          format = c("generic", "omop", "fhir"),
                          system = NULL, window = NULL, decimal_mark = ".") {
  call <- sys.call()
  check_data_frame(data, "data", call)
  format <- if (missing(format)) "generic" else
    check_choice(format, names(long_presets), "format", call)
  check_decimal_mark(decimal_mark, call)
  check_window(window, call)
  roles <- long_roles(data, format, list(
    id = id, time = time, code = code, value = value, unit = unit,
    comparator = comparator, ref_high = ref_high, system = system), call)
  local <- check_local_codes(codes, call)
  state <- new.env(parent = emptyenv())
  state$reason <- integer(nrow(data))
  state$detail <- list()
  analyte <- read_codes(data, roles, local, state)
  when <- read_times(data[[roles$id]], data[[roles$time]], window, roles,
                     state, call)
  result <- read_results(data, roles, decimal_mark, state)
  result <- convert_results(result, analyte, read_limits(data, roles), state,
                            data, roles)
  wide <- pivot_results(result, analyte, when, window, state)
  report_unplaced(wide, state, data, call)
}

# The table of codes read, for the help page (roxygen runs it).
long_codes_rd <- function() {
  codes <- vapply(long_analytes$column, function(column) {
    paste(long_loinc$code[long_loinc$column == column], collapse = ", ")
  }, character(1))
  codes[long_analytes$column %in% long_limits] <- "(the result's reference range)"
  paste(c("| column | result | unit | LOINC |", "|---|---|---|---|",
          sprintf("| `%s` | %s | %s | %s |", long_analytes$column,
                  long_analytes$meaning, long_analytes$unit, codes)),
        collapse = "\n")
}

# Arguments --------------------------------------------------------------------------

check_window <- function(window, call) {
  if (is.null(window)) return(invisible())
  check_number(window, "window", call)
  if (window >= 0) return(invisible())
  b2m_abort(sprintf("`window` must be 0 or more days, not %s.", window),
            "b2m_error_value", call, arg = "window")
}

# Roles that take one column; the others may take several, read in turn.
single_roles <- c("id", "time", "comparator", "ref_high", "system")

# The columns of each role: the user's, else the preset's that `data` has.
# A user's `code` (`unit`) replaces the preset's concept column too.
long_roles <- function(data, format, given, call) {
  preset <- long_presets[[format]]
  roles <- list()
  for (role in c("id", "time", "code", "code_concept", "value", "unit",
                 "unit_concept", "comparator", "ref_high", "system")) {
    user <- given[[role]]
    if (!is.null(user)) {
      roles[[role]] <- check_role_columns(data, user, role, call)
    } else {
      found <- intersect(preset[[role]], names(data))
      roles[[role]] <- if (role %in% single_roles) utils::head(found, 1) else
        found
    }
  }
  if (!is.null(given$code)) roles$code_concept <- character()
  if (!is.null(given$unit)) roles$unit_concept <- character()
  needs <- list(id = "id", time = "time", code = c("code", "code_concept"),
                value = "value", unit = c("unit", "unit_concept"))
  for (role in names(needs)) {
    if (length(unlist(roles[needs[[role]]])) > 0) next
    b2m_abort(
      sprintf(paste0("`%s` must name a column of `data`%s."), role,
              if (format == "generic") "" else sprintf(
                " (format \"%s\" looks for %s)", format,
                paste0("\"", unlist(preset[needs[[role]]]), "\"",
                       collapse = " or "))),
      "b2m_error_column", call, arg = role
    )
  }
  roles
}

check_role_columns <- function(data, columns, role, call) {
  one <- role %in% single_roles
  if (!is.character(columns) || is.object(columns) || anyNA(columns) ||
      length(columns) == 0 || (one && length(columns) != 1) ||
      anyDuplicated(columns)) {
    b2m_abort(
      sprintf("`%s` must be %s, not %s of length %d.", role,
              if (one) "a single column name" else
                "one or more distinct column names",
              describe_type(columns), length(columns)),
      "b2m_error_type", call, arg = role
    )
  }
  absent <- setdiff(columns, names(data))
  if (length(absent) > 0) {
    b2m_abort(
      sprintf("`%s` names %s, not %s of `data`.", role,
              paste0("\"", absent, "\"", collapse = ", "),
              if (length(absent) > 1) "columns" else "a column"),
      "b2m_error_column", call, arg = role, column = absent
    )
  }
  columns
}

# `codes` as a data frame of local code and column. A column may have
# several codes, a code one column; a code of the LOINC table may not be read
# into another column, nor an excluded code unless it is `mappable`.
check_local_codes <- function(codes, call) {
  if (is.null(codes)) return(data.frame(code = character(), column = character()))
  if (!is.character(codes) || is.object(codes) || anyNA(codes) ||
      !all(nzchar(trimws(codes))) || is.null(names(codes)) ||
      anyNA(names(codes)) || !all(nzchar(names(codes)))) {
    b2m_abort(
      sprintf(paste0("`codes` must be a named character vector, column = ",
                     "code, e.g. c(b2m = \"B2M-S\", albumin = \"ALB\"), not ",
                     "%s."), describe_type(codes)),
      "b2m_error_type", call, arg = "codes"
    )
  }
  check_known_names(codes, setdiff(long_analytes$column, long_limits),
                    "codes", "b2m_error_value", call)
  local <- data.frame(code = trimws(unname(codes)), column = names(codes),
                      stringsAsFactors = FALSE)
  loinc <- match(local$code, long_loinc$code)
  ex <- match(local$code, long_excluded$code)
  clash <- duplicated(local$code) | (!is.na(loinc) &
    long_loinc$column[loinc] != local$column) |
    (!is.na(ex) & !long_excluded$mappable[ex])
  if (any(clash)) {
    k <- which(clash)[1]
    why <- if (!is.na(loinc[k])) sprintf("is LOINC for `%s`",
                                         long_loinc$column[loinc[k]]) else
      if (!is.na(ex[k])) sprintf("is excluded: %s", long_excluded$reason[ex[k]]) else
        "is given for two columns"
    b2m_abort(
      sprintf("`codes` cannot read \"%s\" into `%s`: the code %s.",
              local$code[k], local$column[k], why),
      "b2m_error_value", call, arg = "codes", column = local$column[k]
    )
  }
  local
}

# Unplaced rows --------------------------------------------------------------------

# Marks `rows` (integer) unplaced for `reason`, unless an earlier reason
# holds; `detail` (one per row, or one) says more.
mark_unplaced <- function(state, rows, reason, detail = NA_character_) {
  free <- state$reason[rows] == 0L
  if (!any(free)) return(invisible())
  rows <- rows[free]
  state$reason[rows] <- match(reason, unplaced_reasons)
  detail <- if (length(detail) == 1) rep(detail, length(rows)) else detail[free]
  state$detail[[length(state$detail) + 1]] <- list(rows = rows, text = detail)
  invisible()
}

placed <- function(state) state$reason == 0L

# Codes ------------------------------------------------------------------------------

# The analyte (row of long_analytes) of every row; unreadable codes are
# marked. Each code column is read where the earlier left the code unknown.
read_codes <- function(data, roles, local, state) {
  n <- nrow(data)
  analyte <- rep(NA_integer_, n)
  loinc_ok <- NULL
  if (length(roles$system) == 1) {
    sys <- distinct_text(data[[roles$system]])
    said <- !is.na(sys$text) & nzchar(sys$text)
    loinc_ok <- (!said | tolower(sys$text) %in% loinc_systems)[sys$at]
  }
  pending <- NULL
  columns <- c(roles$code, roles$code_concept)
  for (k in seq_along(columns)) {
    x <- data[[columns[k]]]
    codes <- distinct_text(if (is.null(pending)) x else x[pending])
    if (columns[k] %in% roles$code_concept) {
      concept <- omop_measurement_concepts[codes$text]
      codes$text <- ifelse(is.na(concept), codes$text, concept)
    }
    found <- resolve_codes(codes$text, local)
    column <- found$column[codes$at]
    status <- found$status[codes$at]
    if (!is.null(loinc_ok)) {
      other <- which(!(if (is.null(pending)) loinc_ok else loinc_ok[pending]))
      column[other] <- found$column_other[codes$at[other]]
      status[other] <- found$status_other[codes$at[other]]
    }
    rows <- if (is.null(pending)) seq_len(n) else pending
    analyte[rows] <- column
    bad <- which(status > 0L)
    why <- status[bad]
    text <- codes$text[codes$at[bad]]
    excluded <- why == 1L
    mark_unplaced(state, rows[bad[excluded]], "excluded code",
                  long_excluded$reason[match(text[excluded], long_excluded$code)])
    if (k < length(columns) && any(!excluded)) {
      pending <- rows[bad[!excluded]]
      next
    }
    mark_unplaced(state, rows[bad[why == 3L]], "code system not LOINC",
                  text[why == 3L])
    mark_unplaced(state, rows[bad[why == 2L]], "unknown code", text[why == 2L])
    break
  }
  analyte
}

# For distinct code strings: the column (row of long_analytes) and status
# (0 read, 1 excluded, 2 unknown, 3 not LOINC) of each, read as a LOINC
# code (`column`, `status`) or, when the extract says the code is of another
# system, as a local code only (`column_other`, `status_other`).
resolve_codes <- function(text, local) {
  as_row <- function(column) match(column, long_analytes$column)
  user <- as_row(local$column[match(text, local$code)])
  loinc <- as_row(long_loinc$column[match(text, long_loinc$code)])
  excluded <- !is.na(match(text, long_excluded$code))
  column <- ifelse(is.na(user), loinc, user)
  list(column = column,
       status = ifelse(!is.na(column), 0L, ifelse(excluded, 1L, 2L)),
       column_other = user,
       status_other = ifelse(is.na(user), 3L, 0L))
}

# Times ------------------------------------------------------------------------------

# Patient codes and times as numbers: days for dates (whole days unless a
# window is set), the time itself for numbers. Rows without either are
# marked.
read_times <- function(id, time, window, roles, state, call) {
  if (!is.atomic(id) || is.null(id)) {
    b2m_abort(sprintf("Column \"%s\" (`id`) must be an atomic vector, not %s.",
                      roles$id, describe_type(id)),
              "b2m_error_type", call, arg = "id")
  }
  t <- long_time(time, window, roles$time, state, call)
  gone <- which(is.na(id) | (is.na(t$value) & !t$unreadable))
  mark_unplaced(state, gone, "no patient or time")
  mark_unplaced(state, which(t$unreadable), "unreadable time",
                as.character(time[t$unreadable]))
  t$patient <- match(id, unique(id))
  t$id <- id
  t
}

long_time <- function(time, window, column, state, call) {
  unreadable <- FALSE
  if (inherits(time, "POSIXct")) {
    tz <- attr(time, "tzone", exact = TRUE)
    if (is.null(tz) || !nzchar(tz[1])) tz <- "UTC"
    value <- if (!is.null(window)) as.numeric(time) / 86400 else
      if (tz[1] == "UTC") floor(as.numeric(time) / 86400) else
        as.numeric(as.Date(time, tz = tz[1]))
    kind <- if (is.null(window)) "date" else "posix"
  } else if (inherits(time, "Date")) {
    value <- as.numeric(time)
    if (is.null(window)) value <- floor(value)
    kind <- "date"
  } else if (is.character(time) || is.factor(time)) {
    text <- distinct_text(time)
    day <- as.numeric(as.Date(substr(text$text, 1, 10), format = "%Y-%m-%d",
                              optional = TRUE))
    value <- day[text$at]
    unreadable <- is.na(value) & !is.na(text$text[text$at]) &
      nzchar(text$text[text$at])
    kind <- "date"
  } else if ((is.double(time) || is.integer(time)) && !is.object(time)) {
    value <- as.double(time)
    value[!is.finite(value)] <- NA
    kind <- "number"
  } else {
    b2m_abort(
      sprintf(paste0("Column \"%s\" (`time`) must be a Date, POSIXct, number ",
                     "or date text, not %s."), column, describe_type(time)),
      "b2m_error_type", call, arg = "time"
    )
  }
  list(value = value, kind = kind, unreadable = rep_len(unreadable, length(value)),
       tz = if (kind == "posix") attr(time, "tzone", exact = TRUE))
}

# Results ----------------------------------------------------------------------------

# Value, comparator, bound, unit written in the cell (NULL when none) and
# `bad` (text that is not a result) of every row: the value columns read in
# turn where the earlier are missing, then the comparator column.
read_results <- function(data, roles, decimal_mark, state) {
  out <- NULL
  for (column in roles$value) {
    part <- read_value_column(data[[column]], column, decimal_mark)
    if (is.null(out)) {
      out <- part
      next
    }
    gap <- which(is.na(out$value) & out$comparator == 0L & !out$bad)
    if (length(gap) == 0) break
    if (is.null(out$unit) && !is.null(part$unit)) {
      out$unit <- rep(NA_character_, length(out$value))
    }
    for (field in names(part)) out[[field]][gap] <- part[[field]][gap]
  }
  bad <- which(out$bad)
  mark_unplaced(state, bad, "unreadable value",
                as.character(data[[roles$value[1]]][bad]))
  mark_unplaced(state, which(is.na(out$value) & out$comparator == 0L &
                               !out$bad), "no result")
  if (length(roles$comparator) == 1) {
    out <- apply_comparators(out, data[[roles$comparator]], state)
  }
  out
}

read_value_column <- function(x, column, decimal_mark) {
  n <- length(x)
  if ((is.numeric(x) || is_missing_only(x)) && !is.object(x)) {
    return(list(value = as.double(x), comparator = integer(n),
                bound = rep(NA_real_, n), bad = logical(n)))
  }
  if (!is.character(x) && !is.factor(x)) {
    b2m_abort(
      sprintf(paste0("Column \"%s\" (`value`) must hold numbers or text, ",
                     "not %s."), column, describe_type(x)),
      "b2m_error_type", NULL, arg = "value"
    )
  }
  parsed <- parse_text(x, decimal_mark)
  if (all(is.na(parsed$unit))) parsed$unit <- NULL
  parsed
}

# A comparator column (text, or OMOP operator concept_ids) applied to the
# results: "=" and empty cells leave a result as it is.
apply_comparators <- function(out, x, state) {
  codes <- comparator_codes(x)
  unknown <- which(is.na(codes))
  mark_unplaced(state, unknown, "unknown comparator", as.character(x[unknown]))
  codes[is.na(codes)] <- 0L
  clash <- which(codes > 0L & out$comparator > 0L & codes != out$comparator)
  mark_unplaced(state, clash, "conflicting comparator")
  censor <- which(codes > 0L & out$comparator == 0L & !is.na(out$value))
  out$bound[censor] <- out$value[censor]
  out$value[censor] <- NA_real_
  out$comparator[censor] <- codes[censor]
  out
}

# 0 for none or "=", 1-4 for comparator_symbols, NA when not a comparator.
comparator_codes <- function(x) {
  distinct <- distinct_text(x)
  text <- gsub("[[:space:]]", "", distinct$text)
  if (is.numeric(x)) text <- omop_operator_concepts[text]
  codes <- match(comparator_spellings[text], comparator_symbols)
  codes[is.na(distinct$text) | text %in% c("", "=")] <- 0L
  codes[distinct$at]
}

# Each row's upper reference limit as a number, and `bad` where the limit is
# text that is not a plain number.
read_limits <- function(data, roles) {
  if (length(roles$ref_high) == 0) return(NULL)
  x <- data[[roles$ref_high]]
  if ((is.numeric(x) || is_missing_only(x)) && !is.object(x)) {
    return(list(value = as.double(x), bad = logical(length(x))))
  }
  parsed <- parse_text(as.character(x), ".")
  list(value = parsed$value,
       bad = parsed$bad | parsed$comparator != 0L | !is.na(parsed$unit))
}

# Each row's unit, as distinct strings and each row's index among them
# (distinct_text()): OMOP unit concepts, then the unit columns where the
# earlier are empty, then the unit written in the value.
read_units <- function(data, roles, cell_unit, state) {
  columns <- c(roles$unit_concept, roles$unit)
  if (length(columns) == 1 && is.null(cell_unit) &&
      length(roles$unit_concept) == 0) {
    return(distinct_text(data[[columns]]))
  }
  unit <- NULL
  for (column in columns) {
    x <- distinct_text(data[[column]])
    text <- x$text
    if (column %in% roles$unit_concept) text <- omop_unit_concepts[text]
    part <- unname(text[x$at])
    if (is.null(unit)) {
      unit <- part
    } else {
      empty <- is.na(unit) | !nzchar(unit)
      unit[empty] <- part[empty]
    }
  }
  if (!is.null(cell_unit)) {
    has <- which(!is.na(cell_unit))
    empty <- is.na(unit[has]) | !nzchar(unit[has])
    clash <- has[!empty & normalize_unit(unit[has]) !=
                   normalize_unit(cell_unit[has])]
    mark_unplaced(state, clash, "conflicting unit",
                  paste(unit[clash], "/", cell_unit[clash]))
    unit[has[empty]] <- cell_unit[has[empty]]
  }
  distinct_text(unit)
}

# Values, bounds and reference limits in the unit of their column; rows
# whose unit is not one of the column's, or whose value is impossible in its
# unit, are marked.
convert_results <- function(result, analyte, limits, state, data, roles) {
  distinct <- read_units(data, roles, result$unit, state)
  # one scale per (analyte, unit) pair, read by index: no per-row look-up
  scales <- unit_scales(distinct$text)
  at <- (distinct$at - 1L) * nrow(long_analytes) + analyte
  multiply <- scales$multiply[at]
  divide <- scales$divide[at]
  max <- scales$max[at]
  unknown <- if (anyNA(multiply)) which(placed(state) & is.na(multiply)) else
    integer()
  mark_unplaced(state, unknown, "unknown unit",
                distinct$text[distinct$at[unknown]])
  converted <- result$value * multiply / divide
  impossible <- out_of_range_rows(converted, max, state)
  mark_unplaced(state, impossible, "impossible value",
                paste(result$value[impossible],
                      distinct$text[distinct$at[impossible]]))
  result$value <- converted
  if (any(result$comparator != 0L)) {
    result$bound <- result$bound * multiply / divide
    bad <- out_of_range_rows(result$bound, max, state)
    mark_unplaced(state, bad, "impossible value",
                  distinct$text[distinct$at[bad]])
  }
  result$uln <- limit_values(limits, analyte, multiply / divide, max, state)
  result$unit <- NULL
  result
}

out_of_range <- function(x, max) !is.na(x) & (x < 0 | x > max)

# The placed rows whose `x` is out of range: looked for only when the
# smallest value is negative or one exceeds its maximum, since each
# comparison over a long extract is a fresh vector of its length.
out_of_range_rows <- function(x, max, state) {
  low <- suppressWarnings(min(x, na.rm = TRUE))
  high <- suppressWarnings(max(x / max, na.rm = TRUE))
  if (!(low < 0 || high > 1)) return(integer())
  which(placed(state) & out_of_range(x, max))
}

# The limit of the rows of an analyte that has one (long_limits), in its
# column's unit; NA elsewhere. A limit that is not a positive number possible
# in the unit marks its row.
limit_values <- function(limits, analyte, factor, max, state) {
  if (is.null(limits)) return(NULL)
  has_limit <- long_analytes$column[analyte] %in% names(long_limits)
  uln <- limits$value * factor
  uln[!has_limit] <- NA_real_
  bad <- which(placed(state) & has_limit &
                 (limits$bad | (!is.na(uln) & (uln <= 0 | uln > max))))
  mark_unplaced(state, bad, "unreadable reference limit")
  uln
}

# For every analyte (rows) and distinct unit (columns), as matrices: the
# scale from the unit to the analyte's column's unit and the largest
# plausible value in the column's unit (NA: not a unit of the column).
unit_scales <- function(units) {
  quantity <- rep(long_analytes$quantity, length(units))
  target <- rep(long_analytes$unit, length(units))
  u <- rep(units, each = nrow(long_analytes))
  blank <- is.na(u) | !nzchar(u)
  u[blank] <- long_unitless[quantity[blank]]
  lookup <- long_unit_lookup()
  from <- match(paste(quantity, normalize_unit(u), sep = "|"), lookup$key)
  to <- match(paste(quantity, normalize_unit(target), sep = "|"), lookup$key)
  maxima <- vapply(long_analytes$quantity, function(q) long_quantity(q)$max,
                   numeric(1))
  # value_in_column = value * multiply / divide, a product of exact
  # integers on each side (as b2m_convert()), so 38 g/L is 3.8 g/dL exactly
  list(multiply = lookup$den[from] * lookup$num[to],
       divide = lookup$num[from] * lookup$den[to],
       max = rep(unname(maxima), length(units)) * lookup$num[to] /
         lookup$den[to])
}

# Samples ------------------------------------------------------------------------------

# Each row's sample and the sample's start: rows of a patient sorted by
# time; a sample starts at the earliest row not yet placed and takes every
# row up to `window` later. One pass per sample of the patient with most.
window_samples <- function(patient, time, window) {
  o <- order(patient, time)
  p <- patient[o]
  t <- time[o]
  sample <- integer(length(o))
  start <- numeric(length(o))
  remaining <- seq_along(o)
  used <- 0L
  while (length(remaining) > 0) {
    rp <- p[remaining]
    first <- !duplicated(rp)
    group <- cumsum(first)
    begin <- t[remaining][first][group]
    take <- t[remaining] - begin <= window
    sample[remaining[take]] <- used + group[take]
    start[remaining[take]] <- begin[take]
    used <- used + sum(first)
    remaining <- remaining[!take]
  }
  out <- list(sample = integer(length(o)), start = numeric(length(o)))
  out$sample[o] <- sample
  out$start[o] <- start
  out
}

# TRUE where two results differ (NA equals NA; numbers within 1e-9
# relative, as a unit conversion may change the last bit).
results_differ <- function(x, y) {
  d <- abs(x - y) > 1e-9 * pmax(abs(x), abs(y))
  d[is.na(d)] <- FALSE
  d | xor(is.na(x), is.na(y))
}

# Each row's sample, numbered 1, 2, ... in order of patient and time, the
# sample's start, and the first row of each sample (`heads`, in that order).
# Without a window a sample is a patient and a time: one radix sort of an
# integer key (whole times in a small range) or of (patient, time).
sample_ids <- function(patient, time, window) {
  if (!is.null(window)) {
    grouped <- window_samples(patient, time, window)
    o <- order(patient, grouped$start, grouped$sample)
    sorted <- grouped$sample[o]
    new <- c(TRUE, sorted[-1L] != sorted[-length(sorted)])
    start <- grouped$start
  } else {
    low <- min(time)
    span <- max(time) - low + 1
    if (span * max(patient) < .Machine$integer.max &&
        all(time == floor(time))) {
      key <- (patient - 1L) * as.integer(span) + as.integer(time - low)
      o <- order(key)
      # a sample starts where the sorted key changes
      key <- key[o]
      new <- c(TRUE, key[-1L] != key[-length(key)])
    } else {
      o <- order(patient, time)
      new <- c(TRUE, diff(patient[o]) != 0L | diff(time[o]) != 0)
    }
    start <- time
  }
  sample <- integer(length(o))
  sample[o] <- cumsum(new)
  list(sample = sample, start = start, heads = o[new])
}

# The wide table: one row per patient and sample, one column per analyte
# found. Two different results of one analyte in one sample are marked.
pivot_results <- function(result, analyte, when, window, state) {
  # every row placed (the usual case): their numbers without a vector of
  # them (seq_len() is compact)
  n <- length(state$reason)
  w <- if (n == 0 || max(state$reason) == 0L) seq_len(n) else
    which(placed(state))
  # the placed rows of a column (every row, uncopied, when all are placed)
  pick <- if (length(w) == length(state$reason)) identity else function(x) x[w]
  a <- pick(analyte)
  if (length(w) == 0) {
    return(empty_wide(when, length(state$reason)))
  }
  samples <- sample_ids(pick(when$patient), pick(when$value), window)
  sample <- samples$sample
  heads <- samples$heads
  present <- which(tabulate(a, nrow(long_analytes)) > 0)
  position <- match(seq_len(nrow(long_analytes)), present)[a]
  # a cell per sample and analyte, counted without hashing
  cell <- (sample - 1) * length(present) + position
  repeated <- which(tabulate(cell, length(heads) * length(present))[cell] > 1L)
  value <- pick(result$value)
  comparator <- pick(result$comparator)
  bound <- pick(result$bound)
  uln <- if (!is.null(result$uln)) pick(result$uln)
  keep <- rep(TRUE, length(w))
  write <- keep
  if (length(repeated) > 0) {
    rc <- cell[repeated]
    f <- repeated[match(rc, rc)]
    write[repeated[repeated != f]] <- FALSE
    differ <- results_differ(value[repeated], value[f]) |
      comparator[repeated] != comparator[f] |
      results_differ(bound[repeated], bound[f])
    if (!is.null(uln)) differ <- differ | results_differ(uln[repeated], uln[f])
    if (any(differ)) {
      dropped <- repeated[rc %in% rc[differ]]
      keep[dropped] <- FALSE
      write[dropped] <- FALSE
      mark_unplaced(state, w[dropped], "conflicting results",
                    long_analytes$column[a[dropped]])
      # samples left with no result are not rows
      live <- tabulate(sample[keep], length(heads)) > 0
      if (!all(live)) {
        sample <- cumsum(live)[sample]
        heads <- heads[live]
      }
    }
  }
  columns <- wide_columns(present, position[write], sample[write],
                          length(heads), value[write], comparator[write],
                          bound[write], if (!is.null(uln)) uln[write])
  wide <- c(list(id = when$id[w[heads]],
                 time = wide_time(samples$start[heads], when)), columns)
  wide <- structure(wide, row.names = .set_row_names(length(heads)),
                    class = "data.frame")
  placement <- rep(NA_integer_, length(state$reason))
  placement[w[keep]] <- sample[keep]
  attr(wide, "placement") <- placement
  wide
}

# No row placed: the id and time columns, empty.
empty_wide <- function(when, n) {
  wide <- list(id = when$id[0], time = wide_time(numeric(), when))
  wide <- structure(wide, row.names = .set_row_names(0L), class = "data.frame")
  attr(wide, "placement") <- rep(NA_integer_, n)
  wide
}

wide_time <- function(start, when) {
  switch(when$kind,
         date = structure(start, class = "Date"),
         posix = .POSIXct(start * 86400, tz = when$tz),
         start)
}

# The analyte columns, in the order of long_analytes, each limit after its
# analyte; a column with a censored result is a censored vector. One write
# of every value into a samples x analytes matrix. `present`: the analytes
# found (rows of long_analytes, ascending); `position`: each result's
# analyte among them.
wide_columns <- function(present, position, row, size, value, comparator,
                         bound, uln) {
  # an analyte whose every result was dropped (conflicting) has no column
  found <- tabulate(position, length(present)) > 0
  if (!all(found)) {
    position <- cumsum(found)[position]
    present <- present[found]
  }
  at <- (position - 1) * size + row
  values <- matrix(NA_real_, size, length(present))
  values[at] <- value
  censored <- which(comparator != 0L)
  censored_in <- unique(position[censored])
  codes <- matrix(0L, size, length(censored_in))
  bounds <- matrix(NA_real_, size, length(censored_in))
  slot <- (match(position[censored], censored_in) - 1) * size + row[censored]
  codes[slot] <- comparator[censored]
  bounds[slot] <- bound[censored]
  limited <- which(long_analytes$column[present] %in% names(long_limits))
  limits <- matrix(NA_real_, size, length(limited))
  if (!is.null(uln) && length(limited) > 0) {
    with_limit <- which(position %in% limited)
    limits[(match(position[with_limit], limited) - 1) * size +
             row[with_limit]] <- uln[with_limit]
  }
  out <- list()
  for (k in seq_along(present)) {
    column <- long_analytes$column[present[k]]
    j <- match(k, censored_in)
    out[[column]] <- if (is.na(j)) values[, k] else
      new_censored(values[, k], codes[, j], bounds[, j])
    j <- match(k, limited)
    if (!is.na(j) && any(!is.na(limits[, j]))) {
      out[[long_limits[[column]]]] <- limits[, j]
    }
  }
  out
}

# The rows not placed as the `unplaced` attribute, and the one warning.
report_unplaced <- function(wide, state, data, call) {
  rows <- which(state$reason > 0L)
  marked <- unlist(lapply(state$detail, `[[`, "rows"))
  text <- unlist(lapply(state$detail, `[[`, "text"))
  reason <- factor(unplaced_reasons[state$reason[rows]],
                   levels = unplaced_reasons)
  attr(wide, "unplaced") <- data.frame(
    row = rows, reason = reason, detail = as.character(text[match(rows, marked)]),
    stringsAsFactors = FALSE
  )
  if (length(rows) == 0) return(wide)
  by_reason <- split(rows, reason, drop = TRUE)
  counts <- vapply(names(by_reason), function(r) {
    sprintf("%s %s (%s)", format(length(by_reason[[r]]), big.mark = ","), r,
            format_rows(utils::head(by_reason[[r]], 3), length(by_reason[[r]])))
  }, character(1))
  b2m_warn(
    sprintf(paste0("%s of %s rows of `data` could not be placed: %s. They ",
                   "are listed in attr(<result>, \"unplaced\")."),
            format(length(rows), big.mark = ","),
            format(nrow(data), big.mark = ","), paste(counts, collapse = "; ")),
    "b2m_warning_unplaced", call, rows = rows, reason = reason,
    count = length(rows)
  )
  wide
}
