# risk_imwg2025(): IMS/IMWG 2025 high-risk myeloma (clinical-rules-2.md B).

# Every input negative and known unless given: no del(17p), TP53 wild type,
# no translocation, no 1q+, no del(1p32), B2M 2 mg/L, creatinine 0.8 mg/dL.
imwg <- function(...) {
  args <- utils::modifyList(
    list(del17p_ccf = 0, tp53_mutation = FALSE, t4_14 = FALSE, t14_16 = FALSE,
         t14_20 = FALSE, gain1q = FALSE, del1p32 = "none", b2m = 2,
         creatinine = 0.8),
    list(...))
  do.call(risk_imwg2025, args)
}
risk <- function(x) as.character(x)
# The largest double below x (x > 0).
nextafter_down <- function(x) x * (1 - .Machine$double.eps / 2)
criteria_of <- function(x) {
  criteria <- attr(x, "criteria")
  unname(as.matrix(criteria[1:4]))
}

test_that("every worked example of the reference file (B.6) reproduces", {
  na <- NA
  # del17p CCF 35 %, everything else NA: high (item 1)
  x <- risk_imwg2025(35, na, na, na, na, na, na, na, na)
  expect_identical(risk(x), "high")
  expect_identical(criteria_of(x), matrix(c(TRUE, NA, NA, NA), 1))
  # CCF 20 %, TP53 wild type: high under >= 20, flagged
  x <- imwg(del17p_ccf = 20)
  expect_identical(risk(x), "high")
  expect_identical(attr(x, "criteria")$notes, paste(
    "high risk under the '20% or more' reading, not under the 'more than",
    "20%' reading"))
  # CCF 15 %, TP53 NA: NA (item 1 not evaluable)
  x <- imwg(del17p_ccf = 15, tp53_mutation = NA)
  expect_identical(risk(x), NA_character_)
  expect_identical(criteria_of(x), matrix(c(NA, FALSE, FALSE, FALSE), 1))
  expect_identical(attr(x, "criteria")$missing, "tp53_mutation")
  # CCF 15 %, TP53 mutated: high (item 1)
  expect_identical(risk(imwg(del17p_ccf = 15, tp53_mutation = TRUE)), "high")
  # t(4;14) alone: standard
  expect_identical(risk(imwg(t4_14 = TRUE)), "standard")
  # t(4;14) + 1q gain: high (item 2)
  x <- imwg(t4_14 = TRUE, gain1q = TRUE)
  expect_identical(risk(x), "high")
  expect_identical(criteria_of(x), matrix(c(FALSE, TRUE, FALSE, FALSE), 1))
  # t(4;14), 1q NA, del(1p32) none: NA
  x <- imwg(t4_14 = TRUE, gain1q = NA)
  expect_identical(risk(x), NA_character_)
  expect_identical(attr(x, "criteria")$missing, "gain1q")
  # t(14;20) + monoallelic del(1p32): high (item 2)
  x <- imwg(t14_20 = TRUE, del1p32 = "monoallelic")
  expect_identical(criteria_of(x), matrix(c(FALSE, TRUE, FALSE, FALSE), 1))
  expect_identical(risk(x), "high")
  # monoallelic del(1p32) + 1q gain, no translocation: high (item 3)
  x <- imwg(del1p32 = "monoallelic", gain1q = TRUE)
  expect_identical(criteria_of(x), matrix(c(FALSE, FALSE, TRUE, FALSE), 1))
  # monoallelic del(1p32) alone: standard; biallelic: high (item 3)
  expect_identical(risk(imwg(del1p32 = "monoallelic")), "standard")
  x <- imwg(del1p32 = "biallelic")
  expect_identical(criteria_of(x), matrix(c(FALSE, FALSE, TRUE, FALSE), 1))
  # B2M 6.0 with creatinine 0.9: high (item 4); with 1.3: standard
  x <- imwg(b2m = 6, creatinine = c(0.9, 1.3))
  expect_identical(risk(x), c("high", "standard"))
  expect_identical(criteria_of(x)[, 4], c(TRUE, FALSE))
  expect_identical(attr(x, "criteria")$notes, c(NA, paste(
    "B2M at or above 5.5 mg/L not counted: creatinine not below 1.2 mg/dL",
    "(renal function not normal)")))
  # B2M 5.5 with creatinine 106 umol/L: high; 106.08 umol/L: standard
  expect_identical(risk(imwg(b2m = 5.5, creatinine = c(106, 106.08),
                             creatinine_unit = "umol/L")),
                   c("high", "standard"))
  # B2M 5.49, creatinine 0.8: standard
  expect_identical(risk(imwg(b2m = 5.49, creatinine = 0.8)), "standard")
  # B2M 6.0, creatinine NA, genetics negative: NA
  x <- imwg(b2m = 6, creatinine = NA)
  expect_identical(risk(x), NA_character_)
  expect_identical(attr(x, "criteria")$missing, "creatinine")
})

test_that("risk_imwg2025() boundaries: CCF, B2M and creatinine below, at and above the thresholds", {
  ccf <- imwg(del17p_ccf = c(19.999, 20, 20.001))
  expect_identical(risk(ccf), c("standard", "high", "high"))
  expect_identical(attr(ccf, "criteria")$notes[c(1, 3)], c(NA_character_, NA))
  expect_false(is.na(attr(ccf, "criteria")$notes[2]))
  expect_identical(risk(imwg(del17p_ccf = c(nextafter_down(20), 100))),
                   c("standard", "high"))
  b2m <- risk_imwg2025(0, FALSE, FALSE, FALSE, FALSE, FALSE, "none",
                       c(5.49, 5.5, 5.51), 0.8)
  expect_identical(risk(b2m), c("standard", "high", "high"))
  # the ISS III comparator, in every B2M unit
  expect_identical(risk(imwg(b2m = c(5499, 5500), b2m_unit = "ug/L")),
                   c("standard", "high"))
  expect_identical(risk(imwg(b2m = c(0.549, 0.55), b2m_unit = "mg/dL")),
                   c("standard", "high"))
  expect_identical(stage_iss(c(5.49, 5.5), 4) == "III", c(FALSE, TRUE))
  creatinine <- imwg(b2m = 6, creatinine = c(1.19, nextafter_down(1.2), 1.2, 1.21))
  expect_identical(risk(creatinine), c("high", "high", "standard", "standard"))
  umol <- imwg(b2m = 6, creatinine = c(105, 106, 106.08, 107),
               creatinine_unit = "umol/L")
  expect_identical(risk(umol), c("high", "high", "standard", "standard"))
  # 106.08 / 88.4 is exactly 1.2 in double precision: not below it
  expect_identical(106.08 / 88.4, 1.2)
})

test_that("each criterion is TRUE, FALSE or NA exactly as its inputs allow", {
  # item 1 is TRUE on the CCF alone, FALSE only with both known
  x <- imwg(del17p_ccf = c(35, NA, 5, NA), tp53_mutation = c(NA, TRUE, NA, FALSE))
  expect_identical(criteria_of(x)[, 1], c(TRUE, TRUE, NA, NA))
  # B2M < 5.5 decides item 4 without creatinine; creatinine >= 1.2 without B2M
  x <- imwg(b2m = c(5, NA, NA, 6), creatinine = c(NA, 1.2, 1.1, NA))
  expect_identical(criteria_of(x)[, 4], c(FALSE, FALSE, NA, NA))
  expect_identical(risk(x), c("standard", "standard", NA, NA))
  expect_identical(attr(x, "criteria")$missing, c(NA, NA, "b2m", "creatinine"))
  # del(1p32) unknown: item 3 open (it may be biallelic), item 2 open with a
  # translocation and without 1q+
  x <- imwg(del1p32 = NA, t4_14 = c(FALSE, TRUE, TRUE), gain1q = c(FALSE, FALSE, TRUE))
  expect_identical(criteria_of(x)[, 2], c(FALSE, NA, TRUE))
  expect_identical(criteria_of(x)[, 3], c(NA, NA, NA))
  expect_identical(risk(x), c(NA, NA, "high"))
  expect_identical(attr(x, "criteria")$missing, c("del1p32", "del1p32", NA))
  # a translocation missing: item 2 open only with chromosome 1 abnormal
  x <- imwg(t14_16 = NA, gain1q = c(FALSE, TRUE))
  expect_identical(criteria_of(x)[, 2], c(FALSE, NA))
  # with 1q+ the missing translocation leaves the risk open, and the
  # missing inputs named are those of the open criterion only
  x <- imwg(t14_16 = NA, t14_20 = NA, gain1q = TRUE, b2m = NA, creatinine = 1.5)
  expect_identical(risk(x), NA_character_)
  expect_identical(attr(x, "criteria")$missing, "t14_16, t14_20")
  # every input missing: open, and every input named
  x <- risk_imwg2025(NA, NA, NA, NA, NA, NA, NA, NA, NA)
  expect_identical(criteria_of(x), matrix(NA, 1, 4))
  expect_identical(attr(x, "criteria")$missing, paste(
    "del17p_ccf, tp53_mutation, t4_14, t14_16, t14_20, gain1q, del1p32, b2m,",
    "creatinine"))
})

test_that("the criteria attribute has a column per criterion of b2m_rules()", {
  x <- imwg(del17p_ccf = c(0, 50))
  criteria <- attr(x, "criteria")
  rules <- b2m_rules()
  labels <- unique(rules$criterion[rules$system == "imwg2025" &
                                     rules$input != "score"])
  expect_identical(names(criteria), c(labels, "missing", "notes",
                                      "assumed_negative"))
  expect_identical(nrow(criteria), 2L)
  expect_s3_class(x, "ordered")
  expect_identical(levels(x), c("standard", "high"))
  expect_identical(attr(x, "assume_negative"), character())
  # printing shows the risk, not the attributes
  expect_output(print(x), "standard high", fixed = TRUE)
  expect_output(print(x), "attr(, \"criteria\")", fixed = TRUE)
  expect_length(risk_imwg2025(numeric(), logical(), logical(), logical(),
                              logical(), logical(), character(), numeric(),
                              numeric()), 0)
})

test_that("assume_negative takes the named markers' missing values as negative, and says so", {
  x <- imwg(del17p_ccf = c(15, 15, 35), tp53_mutation = c(NA, TRUE, NA),
            assume_negative = "tp53_mutation")
  expect_identical(risk(x), c("standard", "high", "high"))
  expect_identical(attr(x, "assume_negative"), "tp53_mutation")
  expect_identical(attr(x, "criteria")$assumed_negative,
                   c("tp53_mutation", NA, "tp53_mutation"))
  expect_output(print(x), "assumed negative where missing: tp53_mutation")
  # not without being asked
  expect_identical(risk(imwg(del17p_ccf = 15, tp53_mutation = NA)), NA_character_)
  # every kind of marker: a fraction (0), a flag, the ordinal ("none")
  x <- risk_imwg2025(NA, NA, NA, NA, NA, NA, NA, 2, 0.8,
                     assume_negative = b2m:::imwg2025_markers)
  expect_identical(risk(x), "standard")
  expect_identical(attr(x, "criteria")$assumed_negative,
                   paste(b2m:::imwg2025_markers, collapse = ", "))
  x <- imwg(del1p32 = factor(c(NA, "biallelic")), t4_14 = c(TRUE, NA),
            assume_negative = c("del1p32", "t4_14"))
  expect_identical(risk(x), c("standard", "high"))
  # B2M and creatinine are never assumed
  expect_error(imwg(assume_negative = "creatinine"), class = "b2m_error_value")
  err <- tryCatch(imwg(assume_negative = c("tp53", "gain1q")),
                  b2m_error_value = function(e) e)
  expect_identical(err$labels, "tp53")
  expect_identical(err$arg, "assume_negative")
  expect_error(imwg(assume_negative = TRUE), class = "b2m_error_type")
  expect_error(imwg(assume_negative = NA_character_), class = "b2m_error_type")
  expect_error(risk_imwg2025(0, FALSE, FALSE, FALSE, FALSE, FALSE, "none", 2,
                             0.8, assume_negative = NULL),
               class = "b2m_error_type")
})

test_that("del1p32 is read from its labels, a bad one an error naming the rows", {
  x <- imwg(del1p32 = c(" Monoallelic", "BIALLELIC", "none", ""), gain1q = TRUE)
  expect_identical(risk(x), c("high", "high", "standard", NA))
  expect_identical(risk(imwg(del1p32 = factor("biallelic"))), "high")
  err <- tryCatch(imwg(del1p32 = c("none", "deleted", "none")),
                  b2m_error_value = function(e) e)
  expect_identical(err$rows, 2)
  expect_identical(err$arg, "del1p32")
  expect_error(imwg(del1p32 = 1), class = "b2m_error_type")
  expect_error(imwg(del1p32 = TRUE), class = "b2m_error_type")
})

test_that("bad numbers and flags of risk_imwg2025() are classed errors naming the rows", {
  err <- tryCatch(imwg(del17p_ccf = c(0, 101, -1)), b2m_error_value = function(e) e)
  expect_identical(err$arg, "del17p_ccf")
  expect_identical(err$rows, c(2, 3))
  expect_error(imwg(creatinine = c(0.8, 0.01)), class = "b2m_error_value")
  expect_error(imwg(creatinine = 0.8, creatinine_unit = "mmol/L"),
               class = "b2m_error_unit")
  expect_error(imwg(b2m = 2, b2m_unit = "g/L"), class = "b2m_error_unit")
  expect_error(imwg(tp53_mutation = "yes"), class = "b2m_error_type")
  expect_error(imwg(gain1q = c(TRUE, FALSE), b2m = c(1, 2, 3)),
               class = "b2m_error_length")
})

test_that("risk_imwg2025() is a system of the rule table, named by its prefix", {
  systems <- b2m:::staging_systems()
  mine <- systems[systems$system == "imwg2025", ]
  expect_identical(mine$stage_fun, "risk_imwg2025")
  expect_identical(mine$disease, "myeloma")
  expect_identical(mine$levels[[1]], c("standard", "high"))
  expect_identical(systems$prefix[systems$system == "iss"], "stage")
  rules <- b2m_rules()
  ccf <- rules[rules$system == "imwg2025" & rules$input == "del17p_ccf", ]
  expect_match(ccf$note, "comparator unresolved", fixed = TRUE)
  expect_identical(ccf$confidence, "S")
  # the B2M comparator is the ISS III one
  iss_iii <- rules[rules$system == "iss" & rules$criterion == "ISS III", ]
  b2m <- rules[rules$system == "imwg2025" & rules$input == "b2m", ]
  expect_identical(b2m[c("comparison", "threshold", "unit")],
                   iss_iii[c("comparison", "threshold", "unit")],
                   ignore_attr = TRUE)
  expect_match(b2m_methods("imwg2025"), "10.1200/JCO-24-01893", fixed = TRUE)
})

test_that("a unit per row gives each row's risk and notes as its unit alone", {
  creatinine <- c(1.3, 114.92, 0.9, 79.56)
  units <- c("mg/dL", "umol/L", "mg/dL", "umol/L")
  call <- function(cr, unit) {
    risk_imwg2025(0, FALSE, FALSE, FALSE, FALSE, FALSE, "none", 6, cr,
                  creatinine_unit = unit)
  }
  per_row <- call(creatinine, units)
  alone <- lapply(seq_along(units), function(i) call(creatinine[i], units[i]))
  expect_identical(as.character(per_row),
                   vapply(alone, as.character, ""))
  expect_identical(as.character(per_row), c("standard", "standard", "high", "high"))
  expect_identical(attr(per_row, "criteria")$notes,
                   vapply(alone, function(r) attr(r, "criteria")$notes, ""))
})

test_that("a censored B2M gets the renal note only when its interval decides it", {
  b2m <- b2m_parse_result(c(">20", ">20", "<3", ">=5", "6", ">=5.5"))
  creatinine <- c(1.5, 0.8, 1.5, 1.5, 1.5, 1.2)
  x <- risk_imwg2025(0, FALSE, FALSE, FALSE, FALSE, FALSE, "none", b2m,
                     creatinine)
  expect_identical(as.character(x), c("standard", "high", rep("standard", 4)))
  renal <- paste("B2M at or above 5.5 mg/L not counted: creatinine not below",
                 "1.2 mg/dL (renal function not normal)")
  # ">=5" may lie below 5.5: the note would claim what is not known
  expect_identical(attr(x, "criteria")$notes,
                   c(renal, NA, NA, NA, renal, renal))
})

test_that("a risk subset keeps the criteria of its rows, however it is indexed", {
  x <- risk_imwg2025(c(35, 20, 0, NA), NA, FALSE, FALSE, FALSE,
                     c(FALSE, TRUE, NA, FALSE), "none", c(2, 6, 6, NA),
                     c(0.8, 0.8, 1.3, NA))
  criteria <- attr(x, "criteria")
  rows_of <- function(i) {
    out <- criteria[i, , drop = FALSE]
    row.names(out) <- NULL
    out
  }
  for (i in list(c(2, 4), -1, c(TRUE, FALSE), c(NA, 3), integer())) {
    expect_identical(attr(x[i], "criteria"), rows_of(i))
  }
  names(x) <- c("a", "b", "c", "d")
  expect_identical(attr(x[c("d", "b")], "criteria"), rows_of(c(4, 2)))
  expect_identical(attr(c(x[1:2], x[3:4]), "criteria"), criteria)
  # the notes and missing inputs these rows have, for the indexing to move
  expect_identical(criteria$missing[3:4], c(
    "tp53_mutation", "del17p_ccf, tp53_mutation, b2m, creatinine"))
  expect_false(anyNA(criteria$notes[2:3]))
})

# Bad input ---------------------------------------------------------------------
# The catalogue's specs (helper-bad-input.R) of this file's functions: valid
# rows where every input decides the stage, so that a missing input leaves
# it open (NA), except where noted.

test_bad_input(list(
  # Standard risk: a t(4;14) without chromosome 1 abnormality, B2M < 5.5.
  # The other translocations and the creatinine cannot change that.
  risk_imwg2025 = bad_input_spec(
    valid = c(list(del17p_ccf = c(0, 5, 10)),
              no_flags(c("tp53_mutation", "t14_16", "t14_20", "gain1q")),
              list(t4_14 = c(TRUE, TRUE, TRUE), del1p32 = c("none", "None", "none"),
                   b2m = c(2, 3, 5), creatinine = c(0.8, 0.9, 1.0),
                   b2m_unit = "mg/L", creatinine_unit = "mg/dL",
                   assume_negative = "t14_20")),
    args = list(del17p_ccf = num("clonal_fraction"), tp53_mutation = lgl(),
                t4_14 = lgl(missing = "ok"), t14_16 = lgl(missing = "ok"),
                t14_20 = lgl(missing = "ok"), gain1q = lgl(), del1p32 = label(),
                b2m = num("b2m", "b2m_unit"),
                creatinine = num("creatinine", "creatinine_unit", positive = TRUE,
                                 missing = "ok"),
                b2m_unit = unit_arg(per_row = TRUE),
                creatinine_unit = unit_arg(per_row = TRUE),
                assume_negative = choice(vector = TRUE))
  )
))

test_that("a stage sentence names the creatinine condition of the B2M criterion", {
  rules <- b2m:::staging_rules()
  imwg <- rules[rules$system == "imwg2025", ]
  bit <- function(rows) as.integer(sum(2^(rows - 1)))
  b2m_with_creatinine <- which(grepl("^B2M", imwg$criterion))
  high_risk_ca <- which(imwg$criterion == imwg$criterion[1])
  expect_identical(b2m:::deciding_text("imwg2025", bit(b2m_with_creatinine)),
                   "creatinine below 1.2 mg/dL")
  expect_identical(b2m:::deciding_text("imwg2025", bit(high_risk_ca[1])),
                   imwg$criterion[1])
  # both conditions of one criterion: its label once
  expect_identical(b2m:::deciding_text("imwg2025", bit(high_risk_ca)),
                   imwg$criterion[1])
  expect_identical(b2m:::deciding_text("imwg2025", 0L), "")
})
