# One result per row: b2m_from_long() on a small generic extract.
one_row <- function(code, result, unit, ref_high = NA, ...) {
  data.frame(patient = "A", date = as.Date("2024-01-02"), code = code,
             result = result, unit = unit, ref_high = ref_high,
             stringsAsFactors = FALSE)
}
read_long <- function(data, ...) {
  b2m_from_long(data, id = "patient", time = "date", code = "code",
                value = "result", unit = "unit", ref_high = "ref_high", ...)
}
unplaced_reason <- function(data, ...) {
  out <- suppressWarnings(read_long(data, ...))
  as.character(attr(out, "unplaced")$reason)
}
read_extract <- function() {
  b2m_from_long(b2m_example("lab_extract"), id = "patient", time = "date",
                code = "test_code", value = "result", unit = "unit",
                ref_high = "ref_high", codes = c(b2m = "B2M-S", albumin = "ALB"))
}

test_that("the example extract gives the hand-built wide table", {
  wide <- suppressWarnings(read_extract())
  got <- wide[wide$id %in% c("P02", "P21", "P22", "P23", "P24", "P25"), ]
  day <- as.Date("2024-05-06")
  expect_identical(got$id, c("P02", "P02", "P21", "P22", "P23", "P24", "P25"))
  expect_identical(got$time, as.Date(c("2023-03-21", "2024-02-10", rep("2024-05-06", 5))))
  # laboratory A in mg/L, laboratory B in ug/L; 525 nmol/L at 11,800 g/mol
  expect_identical(as.character(got$b2m),
                   c("3.7", "2.6", ">20", "<0.5", NA, "6.195", "2.1"))
  expect_equal(got$b2m_uln, c(2.7, 2.4, 2.7, 2.4, NA, 229 * 11800 / 1e6, 2.7))
  expect_identical(got$b2m_post_dialysis, c(NA, NA, NA, NA, 9.5, NA, NA))
  expect_identical(got$urine_b2m, c(NA, NA, 350, NA, NA, NA, NA))
  # 40 g/L resent as "40 g/L" and 40 g/L: one result
  expect_identical(got$albumin, c(4, 4, 3.9, 4, NA, 3.2, NA))
  expect_equal(got$creatinine, c(0.9, 80 / 88.4, NA, NA, NA, NA, NA))
  expect_identical(got$cystatin, c(NA, NA, NA, 0.9, NA, NA, NA))
  expect_identical(got$ldh, c(190, 342, NA, NA, NA, NA, NA))
  expect_identical(got$ldh_uln, c(250, 450, NA, NA, NA, NA, NA))
  expect_identical(got$hemoglobin, c(11, 11, NA, NA, NA, NA, NA))
  expect_identical(got$platelets, c(181, 181, NA, NA, NA, NA, NA))
  expect_identical(got$urine_ph, c(NA, NA, 6.5, NA, NA, NA, NA))
  expect_identical(got$egfr_lab_cr2021, c(NA, NA, NA, 88, NA, NA, NA))
  expect_identical(names(wide),
                   c("id", "time", "b2m", "b2m_uln", "b2m_post_dialysis",
                     "urine_b2m", "albumin", "creatinine", "cystatin", "ldh",
                     "ldh_uln", "hemoglobin", "platelets", "urine_ph",
                     "egfr_lab_cr2021"))
  expect_false("P26" %in% wide$id) # only traps: nothing placed
})

test_that("every row of the example extract is used or reported", {
  extract <- b2m_example("lab_extract")
  w <- expect_warning(wide <- read_extract(), class = "b2m_warning_unplaced")
  unplaced <- attr(wide, "unplaced")
  placement <- attr(wide, "placement")
  expect_identical(length(placement), nrow(extract))
  expect_identical(sum(!is.na(placement)) + nrow(unplaced), nrow(extract))
  expect_identical(sort(c(which(!is.na(placement)), unplaced$row)),
                   seq_len(nrow(extract)))
  expect_identical(w$rows, unplaced$row)
  expect_identical(w$count, nrow(unplaced))
  counts <- table(unplaced$reason)
  expect_identical(counts[["unknown code"]], 6L)
  expect_identical(counts[["excluded code"]], 5L)
  expect_identical(counts[["conflicting results"]], 2L)
  expect_identical(counts[["unreadable value"]], 1L)
  expect_identical(counts[["unknown unit"]], 1L)
  # every placed row went to a wide row of its own patient
  used <- which(!is.na(placement))
  expect_identical(wide$id[placement[used]], extract$patient[used])
})

test_that("each recognised LOINC code is read into its column", {
  expected <- list(
    b2m = c("1952-1", "83078-6", "56786-7", "14626-6", "76484-5"),
    b2m_post_dialysis = "87708-4",
    urine_b2m = c("1953-9", "83077-8", "32302-2"),
    urine_b2m_24h = c("54356-1", "50824-2"),
    urine_b2m_excretion = c("10873-8", "56662-0"),
    csf_b2m = c("1951-3", "32301-4"),
    albumin = c("1751-7", "61151-7", "61152-5"),
    creatinine = c("2160-0", "14682-9"), cystatin = "33863-2",
    ldh = c("2532-0", "14804-9", "14805-6"), hemoglobin = "718-7",
    platelets = c("777-3", "26515-7"), igm_total = "2472-9",
    m_protein = "33358-3", urine_creatinine = c("2161-8", "14683-7"),
    urine_ph = c("5803-2", "2756-5", "50560-2"),
    egfr_lab_cr2021 = "98979-8", egfr_lab_crcys2021 = "98980-6",
    egfr_lab_cr2009 = "62238-1", egfr_lab_crcys2012 = "94677-2",
    egfr_lab_cys = "50210-4",
    egfr_lab_mdrd = c("33914-3", "77147-7", "76633-7"),
    egfr_lab_schwartz = "50384-7", egfr_lab_unspecified = "69405-9"
  )
  # a value and a unit of each column
  unit_of <- c(b2m = "mg/L", b2m_post_dialysis = "mg/L", urine_b2m = "ug/L",
               urine_b2m_24h = "ug/L", urine_b2m_excretion = "ug/(24.h)",
               csf_b2m = "mg/L", albumin = "g/dL", creatinine = "mg/dL",
               cystatin = "mg/L", ldh = "U/L", hemoglobin = "g/dL",
               platelets = "10*9/L", igm_total = "g/dL", m_protein = "g/dL",
               urine_creatinine = "mg/dL", urine_ph = "[pH]")
  for (column in names(expected)) {
    for (code in expected[[column]]) {
      unit <- if (startsWith(column, "egfr")) "mL/min/{1.73_m2}" else unit_of[[column]]
      out <- read_long(one_row(code, "1.5", unit))
      expect_identical(names(out), c("id", "time", column), info = code)
      expect_identical(out[[column]], 1.5, info = code)
    }
  }
  expect_setequal(unlist(expected), b2m:::long_loinc$code)
})

test_that("excluded codes and the name traps are never read as B2M", {
  traps <- c("49081-3", "88711-7", "48166-3", "59217-0", "59218-8",
             "43818-4", "43819-2", "43919-0", "83076-0", "83079-4",
             "10467-9", "54355-3", "1754-1", "14957-5", "14338-8",
             "2524-7", "14118-4", "4548-4", "2157-6", "2164-2", "35591-7",
             "87430-5", "58410-2", "2862-1", "59260-0", "88294-4")
  expect_true(all(traps %in% b2m:::long_excluded$code))
  for (code in b2m:::long_excluded$code) {
    expect_identical(unplaced_reason(one_row(code, "3.4", "mg/L")),
                     "excluded code", info = code)
  }
  # local names of false friends (beta-2 globulin in g/L, beta-2
  # glycoprotein I, beta-trace protein, beta-2 transferrin, the B2M gene)
  for (code in c("S-BETA2", "Beta 2 globulin", "B2GP1", "BTP", "B2TF", "B2M",
                 "beta-2-microglobulin", "48094-6")) {
    expect_identical(unplaced_reason(one_row(code, "3.4", "g/L")),
                     "unknown code", info = code)
  }
  # the unconfirmed code is read only through `codes`
  out <- read_long(one_row("48094-6", "3.4", "mg/L"), codes = c(b2m = "48094-6"))
  expect_identical(out$b2m, 3.4)
  # post-dialysis B2M is kept apart from serum B2M
  out <- read_long(rbind(one_row("1952-1", "30", "mg/L"),
                         one_row("87708-4", "9", "mg/L")))
  expect_identical(out$b2m, 30)
  expect_identical(out$b2m_post_dialysis, 9)
})

test_that("codes are read as LOINC only where the code system is LOINC", {
  d <- rbind(one_row("2160-0", "1.1", "mg/dL"), one_row("2160-0", "1.2", "mg/dL"),
             one_row("2160-0", "1.3", "mg/dL"))
  d$date <- d$date + 0:2
  d$system <- c("http://loinc.org", "urn:oid:2.16.840.1.113883.6.238", NA)
  out <- suppressWarnings(read_long(d, system = "system"))
  expect_identical(out$creatinine, c(1.1, 1.3))
  expect_identical(as.character(attr(out, "unplaced")$reason),
                   "code system not LOINC")
  expect_identical(attr(out, "unplaced")$row, 2L)
})

test_that("local codes: several per column, never another analyte's code", {
  d <- rbind(one_row("B2M-S", "2.1", "mg/L"), one_row("B2M", "2.2", "mg/L"))
  d$date[2] <- d$date[2] + 1
  out <- read_long(d, codes = c(b2m = "B2M-S", b2m = "B2M"))
  expect_identical(out$b2m, c(2.1, 2.2))
  expect_error(read_long(d, codes = c(b2m = "1751-7")), class = "b2m_error_value")
  expect_error(read_long(d, codes = c(b2m = "49081-3")), class = "b2m_error_value")
  expect_error(read_long(d, codes = c(b2m = "X", albumin = "X")),
               class = "b2m_error_value")
  expect_error(read_long(d, codes = c(beta2 = "X")), class = "b2m_error_value")
  expect_error(read_long(d, codes = c(b2m_uln = "X")), class = "b2m_error_value")
  expect_error(read_long(d, codes = "B2M"), class = "b2m_error_type")
  expect_error(read_long(d, codes = c(b2m = NA)), class = "b2m_error_type")
  # a valid result of another method may be read on purpose
  out <- read_long(one_row("2862-1", "3.9", "g/dL"), codes = c(albumin = "2862-1"))
  expect_identical(out$albumin, 3.9)
})

test_that("each unit is converted to its column's unit row by row", {
  convert <- function(code, result, unit, column) {
    read_long(one_row(code, result, unit))[[column]]
  }
  expect_equal(convert("14626-6", "525", "nmol/L", "b2m"), 525 * 11800 / 1e6)
  expect_equal(convert("1952-1", "2400", "ng/mL", "b2m"), 2.4)
  expect_equal(convert("1952-1", "0.35", "mg/dL", "b2m"), 3.5)
  expect_equal(convert("1952-1", "2.5", "mcg/mL", "b2m"), 2.5)
  expect_equal(convert("1953-9", "1.8", "mg/L", "urine_b2m"), 1800)
  expect_equal(convert("1751-7", "38", "g/L", "albumin"), 3.8)
  expect_equal(convert("1751-7", "3500", "mg/dL", "albumin"), 3.5)
  expect_equal(convert("14682-9", "88.4", "umol/L", "creatinine"), 1)
  expect_equal(convert("2160-0", "9", "mg/L", "creatinine"), 0.9)
  expect_equal(convert("2532-0", "4", "ukat/L", "ldh"), 240)
  expect_equal(convert("718-7", "120", "g/L", "hemoglobin"), 12)
  expect_equal(convert("777-3", "150", "10*3/uL", "platelets"), 150)
  expect_equal(convert("777-3", "150", "G/l", "platelets"), 150)
  # 113.12 g/mol (clinical-rules-2.md G.1): 8.84 mmol/L is 99.998 mg/dL
  expect_equal(convert("14683-7", "8.84", "mmol/L", "urine_creatinine"),
               8.84 * 11312 / 1000)
  expect_equal(convert("56662-0", "10", "nmol/(24.h)", "urine_b2m_excretion"), 118)
  expect_equal(convert("98979-8", "1", "mL/s/1.73m2", "egfr_lab_cr2021"), 60)
  expect_equal(convert("5803-2", "6", NA, "urine_ph"), 6)
  expect_equal(convert("1952-1", "<250", "nmol/L", "b2m") |> attr("bound"),
               250 * 11800 / 1e6)
  # units that are not the column's, a missing unit, impossible values
  expect_identical(unplaced_reason(one_row("1953-9", "120", "ug/g{creat}")),
                   "unknown unit")
  expect_identical(unplaced_reason(one_row("1751-7", "38", "umol/L")),
                   "unknown unit")
  expect_identical(unplaced_reason(one_row("1952-1", "2.1", NA)), "unknown unit")
  expect_identical(unplaced_reason(one_row("1751-7", "40", "g/dL")),
                   "impossible value")
  negative <- one_row("1952-1", "2", "mg/L")
  negative$result <- -1
  expect_identical(unplaced_reason(negative), "impossible value")
  expect_identical(unplaced_reason(one_row("1952-1", "-1", "mg/L")),
                   "unreadable value")
  expect_identical(unplaced_reason(one_row("1952-1", "2.1 ug/L", "mg/L")),
                   "conflicting unit")
  expect_identical(read_long(one_row("1952-1", "2100 ug/L", NA))$b2m, 2.1)
})

test_that("the reference limit becomes b2m_uln and ldh_uln in the column's unit", {
  d <- rbind(one_row("1952-1", "2900", "ug/L", 2400),
             one_row("2532-0", "5", "ukat/L", 4.2),
             one_row("1751-7", "3.5", "g/dL", 5.2))
  out <- read_long(d)
  expect_equal(out$b2m_uln, 2.4)
  expect_equal(out$ldh_uln, 4.2 * 60)
  expect_identical(names(out), c("id", "time", "b2m", "b2m_uln", "albumin",
                                 "ldh", "ldh_uln"))
  expect_identical(unplaced_reason(one_row("1952-1", "2.9", "mg/L", 0)),
                   "unreadable reference limit")
  bad <- one_row("1952-1", "2.9", "mg/L")
  bad$ref_high <- "<2.7"
  expect_identical(unplaced_reason(bad), "unreadable reference limit")
})

test_that("comparators come from the value or a comparator column", {
  d <- rbind(one_row("1952-1", "0.5", "mg/L"), one_row("1952-1", "20", "mg/L"),
             one_row("1952-1", "3", "mg/L"), one_row("1952-1", "<3", "mg/L"))
  d$date <- d$date + 0:3
  d$cmp <- c("<", ">=", "=", NA)
  out <- read_long(d, comparator = "cmp")
  expect_identical(as.character(out$b2m), c("<0.5", ">=20", "3", "<3"))
  d$cmp <- c("<", ">=", "=", ">")
  expect_identical(unplaced_reason(d, comparator = "cmp"), "conflicting comparator")
  d$cmp <- c("<", "about", "=", NA)
  expect_identical(unplaced_reason(d, comparator = "cmp"), "unknown comparator")
})

test_that("results of one day are one sample unless a window is set", {
  d <- rbind(one_row("1952-1", "3", "mg/L"), one_row("1751-7", "3.1", "g/dL"),
             one_row("1751-7", "3.3", "g/dL"), one_row("1952-1", "4", "mg/L"))
  d$date <- as.Date("2024-01-01") + c(0, 0, 3, 10)
  out <- read_long(d)
  expect_identical(out$time, as.Date("2024-01-01") + c(0, 3, 10))
  expect_identical(out$b2m, c(3, NA, 4))
  week <- suppressWarnings(read_long(d, window = 7))
  expect_identical(week$time, as.Date("2024-01-01") + c(0, 10))
  # 3.1 and 3.3 g/dL fall in one sample: neither is chosen
  expect_null(week$albumin)
  expect_identical(unplaced_reason(d, window = 7), c("conflicting results",
                                                     "conflicting results"))
  d$date <- as.POSIXct("2024-01-01 23:30", tz = "UTC") + c(0, 3600, 0, 0)
  expect_identical(read_long(d[1:2, ])$time, as.Date(c("2024-01-01", "2024-01-02")))
  d$date <- c("2024-01-01T08:00:00Z", "2024-01-01T17:00:00Z", "2024-01-02", "bad")
  out <- suppressWarnings(read_long(d))
  expect_identical(out$time, as.Date(c("2024-01-01", "2024-01-02")))
  expect_identical(as.character(attr(out, "unplaced")$reason), "unreadable time")
  d$date <- c(0, 0, 2.5, NA)
  expect_identical(unplaced_reason(d), "no patient or time")
  expect_identical(suppressWarnings(read_long(d))$time, c(0, 2.5))
})

test_that("identical repeats are one result; different ones are all reported", {
  d <- rbind(one_row("1952-1", "3", "mg/L", 2.7), one_row("1952-1", "3000", "ug/L", 2700),
             one_row("1751-7", "3.1", "g/dL"), one_row("1751-7", "3.4", "g/dL"))
  w <- expect_warning(out <- read_long(d), class = "b2m_warning_unplaced")
  expect_identical(out$b2m, 3)
  expect_null(out$albumin)
  expect_identical(attr(out, "placement"), c(1L, 1L, NA, NA))
  expect_identical(w$rows, 3:4)
  expect_match(conditionMessage(w), "2 conflicting results \\(rows 3 and 4\\)")
})

test_that("rows without a result or with an unreadable one are reported", {
  d <- rbind(one_row("1952-1", "", "mg/L"), one_row("1952-1", "hemolysed", "mg/L"))
  d$date[2] <- d$date[2] + 1
  out <- suppressWarnings(read_long(d))
  expect_identical(nrow(out), 0L)
  expect_identical(as.character(attr(out, "unplaced")$reason),
                   c("no result", "unreadable value"))
  expect_identical(attr(out, "unplaced")$detail, c(NA, "hemolysed"))
})

test_that("the OMOP preset reads a measurement table", {
  omop <- data.frame(
    person_id = c(1, 1, 2, 2), measurement_date = as.Date("2024-03-01"),
    measurement_concept_id = c(0, 0, 0, 3009508),
    measurement_source_value = c("1952-1", "1751-7", "1952-1", "local"),
    value_as_number = c(2.9, NA, 0.5, 8.84),
    value_source_value = c("2.9", "38", "0.5", "8.84"),
    unit_concept_id = c(8751, 0, 8751, 0),
    unit_source_value = c("ug/L", "g/L", "mg/L", "mmol/L"),
    operator_concept_id = c(4172703, 4172703, 4171756, NA),
    range_high = c(2.7, NA, 2.7, NA))
  out <- b2m_from_long(omop, format = "omop")
  # the unit concept (8751, mg/L) wins over the source value
  expect_identical(as.character(out$b2m), c("2.9", "<0.5"))
  expect_identical(out$albumin, c(3.8, NA))
  expect_equal(out$urine_creatinine, c(NA, 8.84 * 11312 / 1000))
  expect_identical(out$b2m_uln, c(2.7, 2.7))
  expect_error(b2m_from_long(omop[-1], format = "omop"), class = "b2m_error_column")
})

test_that("the FHIR preset reads flattened Observations", {
  fhir <- data.frame(
    subject = c("Patient/1", "Patient/1", "Patient/2"),
    effectiveDateTime = c("2024-03-01T09:00:00Z", "2024-03-01T09:00:00Z",
                          "2024-03-02T10:00:00+01:00"),
    code.coding.system = c("http://loinc.org", "http://loinc.org",
                           "http://loinc.org"),
    code.coding.code = c("1952-1", "1751-7", "1952-1"),
    valueQuantity.value = c(22, 4.1, 1.9),
    valueQuantity.comparator = c(">", "", NA),
    valueQuantity.code = c("mg/L", "g/dL", NA),
    valueQuantity.unit = c("mg/L", "g/dL", "mg/l"),
    referenceRange.high.value = c(2.4, NA, 2.4),
    stringsAsFactors = FALSE, check.names = FALSE)
  out <- b2m_from_long(fhir, format = "fhir")
  expect_identical(out$id, c("Patient/1", "Patient/2"))
  expect_identical(as.character(out$b2m), c(">22", "1.9"))
  expect_identical(out$albumin, c(4.1, NA))
})

test_that("bad arguments are classed errors naming them", {
  d <- one_row("1952-1", "2", "mg/L")
  expect_error(b2m_from_long(as.list(d)), class = "b2m_error_type")
  expect_error(b2m_from_long(d), class = "b2m_error_column")
  expect_error(read_long(d, window = -1), class = "b2m_error_value")
  expect_error(read_long(d, window = "a week"), class = "b2m_error_type")
  expect_error(read_long(d, format = "hl7"), class = "b2m_error_value")
  expect_error(read_long(d, decimal_mark = ";"), class = "b2m_error_value")
  expect_error(b2m_from_long(d, id = c("patient", "date"), time = "date",
                             code = "code", value = "result", unit = "unit"),
               class = "b2m_error_type")
  cnd <- expect_error(b2m_from_long(d, id = "patient", time = "date", code = "nope",
                                    value = "result", unit = "unit"),
                      class = "b2m_error_column")
  expect_identical(cnd$column, "nope")
  d$date <- list(1)
  expect_error(read_long(d), class = "b2m_error_type")
})

test_that("the reader's units are the package's one table of units", {
  expect_true(all(b2m:::long_analytes$quantity %in%
                    names(b2m:::quantity_table)))
  # urine creatinine in mmol/L through the molecular weight the ratio uses
  expect_identical(b2m:::long_quantity("creatinine_urine")$units[["mmol/L"]],
                   b2m:::quantity_table$creatinine_urine$units[["mmol/L"]])
  # units read from extracts only are not taken by the other functions
  expect_error(stage_iss(2, 4000, albumin_unit = "mg/dL"),
               class = "b2m_error_unit")
  expect_error(egfr_ckdepi_cr(10, 50, "F", "mg/L"), class = "b2m_error_unit")
})
