# The catalogue of bad inputs: every exported function, described by a spec
# (helper-bad-input.R), walked through every bad input its arguments' roles
# call for, each with the documented classed error or NA.
#
# A new exported function needs one entry in `bad_input_specs`: a valid call
# with vectors of 3 rows (no NA in its result) and the role of each argument.
# For example (names as in DESIGN.md):
#   stage_iss = bad_input_spec(
#     valid = list(b2m = c(2, 4, 6), albumin = c(4, 3, 3), b2m_unit = "mg/L",
#                  albumin_unit = "g/dL"),
#     args = list(b2m = num("b2m", "b2m_unit"),
#                 albumin = num("albumin", "albumin_unit", missing = "ok"),
#                 b2m_unit = unit_arg(), albumin_unit = unit_arg())),
#   b2m_trend = bad_input_spec(
#     valid = list(data = followup3, id = "id", time = "date", value = "b2m",
#                  unit = "mg/L"),
#     args = list(data = frame(c("id", "time", "value"), keys = c("id", "time")),
#                 unit = unit_arg()),
#     rows = FALSE)

bad_input_specs <- list(
  b2m_convert = bad_input_spec(
    valid = list(x = c(1.5, 2.5, 40), from = "mg/L", to = "ug/L"),
    # Conversion has no plausibility limit: any finite non-negative value.
    args = list(x = num("b2m", "from", max = FALSE), from = unit_arg(),
                to = unit_arg())
  ),
  b2m_classify = bad_input_spec(
    valid = list(x = c(1.8, 2.5, 3.1), unit = "mg/L", specimen = "serum",
                 uln = c(2.7, 2.34, 2.7)),
    args = list(x = num("b2m", "unit"),
                uln = num("b2m", "unit", positive = TRUE, null = "ok"),
                unit = unit_arg(), specimen = choice())
  ),
  b2m_fold_uln = bad_input_spec(
    valid = list(x = c(1.8, 2.5, 3.1), uln = c(2.7, 2.34, 2.7), unit = "ug/L",
                 specimen = "urine"),
    args = list(x = num("b2m_urine", "unit"),
                uln = num("b2m_urine", "unit", positive = TRUE, null = "ok"),
                unit = unit_arg(), specimen = choice())
  ),
  b2m_reference = bad_input_spec(
    valid = list(specimen = c("serum", "csf")),
    # NULL asks for no specimen: a table with no rows.
    args = list(specimen = choice(vector = TRUE, null = "ok")),
    rows = FALSE
  ),
  b2m_example = bad_input_spec(
    valid = list(name = "followup"),
    args = list(name = choice()),
    rows = FALSE
  )
)

test_that("every exported function has a bad-input spec", {
  exported <- getNamespaceExports("b2m")
  expect_setequal(names(bad_input_specs), exported)
})

test_that("the catalogue has the cases it is meant to have", {
  counts <- vapply(bad_input_specs, function(s) length(bad_input_cases(s)),
                   integer(1))
  # Lower bound: a generator that silently stops producing cases fails here.
  expect_gte(sum(counts), 170)
})

for (name in names(bad_input_specs)) {
  test_that(sprintf("%s() refuses bad input with the documented outcome", name), {
    spec <- bad_input_specs[[name]]
    fun <- getExportedValue("b2m", name)
    for (case in bad_input_cases(spec)) {
      expect_bad_input_case(fun, name, spec, case)
    }
  })
}

# The roles no exported function has yet (logical, label, data frame) are
# checked against two small functions that follow the package's conventions,
# so the generator is known to be right before the first real one lands.
toy_flag <- function(x, flag, sex) {
  call <- sys.call()
  b2m:::check_numeric(x, "x", call)
  b2m:::check_logical(flag, "flag", call)
  if (!is.character(sex) || is.object(sex)) {
    b2m:::b2m_abort("`sex` must be character.", "b2m_error_type", call)
  }
  n <- b2m:::check_sizes(list(x = x, flag = flag, sex = sex), call)
  if (any(!is.na(sex) & !sex %in% c("female", "male"))) {
    b2m:::b2m_abort("unknown `sex`.", "b2m_error_value", call)
  }
  if (any(x < 0 | is.infinite(x), na.rm = TRUE)) {
    b2m:::b2m_abort("bad `x`.", "b2m_error_value", call)
  }
  out <- rep_len(ifelse(flag & sex == "female", x, 2 * x), n)
  out[rep_len(is.na(flag), n) | rep_len(is.na(sex), n)] <- NA
  out
}

toy_per_id <- function(data, id, value) {
  call <- sys.call()
  if (!is.data.frame(data)) {
    b2m:::b2m_abort("`data` must be a data frame.", "b2m_error_type", call)
  }
  for (arg in c("id", "value")) {
    b2m:::check_string(get(arg), arg, call)
    if (!get(arg) %in% names(data)) {
      b2m:::b2m_abort("no such column.", "b2m_error_value", call)
    }
  }
  if (anyDuplicated(data[[id]])) {
    b2m:::b2m_abort("duplicate ids.", "b2m_error_value", call)
  }
  data.frame(id = data[[id]], total = data[[value]])
}

test_that("the logical, label and data-frame roles generate right cases", {
  toy_specs <- list(
    toy_flag = bad_input_spec(
      valid = list(x = c(1, 2, 3), flag = c(TRUE, FALSE, TRUE),
                   sex = c("female", "male", "male")),
      args = list(x = num("b2m", max = FALSE), flag = lgl(), sex = label())
    ),
    toy_per_id = bad_input_spec(
      valid = list(data = data.frame(id = 1:3, b2m = c(1, 2, 3)), id = "id",
                   value = "b2m"),
      args = list(data = frame(c("id", "value"), keys = "id")),
      rows = FALSE
    )
  )
  for (name in names(toy_specs)) {
    cases <- bad_input_cases(toy_specs[[name]])
    for (case in cases) {
      expect_bad_input_case(get(name), name, toy_specs[[name]], case)
    }
  }
  expect_length(bad_input_cases(toy_specs$toy_flag), 36)
  expect_length(bad_input_cases(toy_specs$toy_per_id), 13)
})
