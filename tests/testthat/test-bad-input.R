# The catalogue of bad inputs: every exported function, described by a spec
# (helper-bad-input.R), walked through every bad input its arguments' roles
# call for, each with the documented classed error or NA.
#
# A new exported function needs one entry in `bad_input_specs`: a valid call
# with vectors of 3 rows (no NA in its result) and the role of each argument.
# A staging system's functions have theirs in the system's own test file, in
# a top-level test_bad_input(list(...)) (helper-bad-input.R).
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

# The EKFC age: computed from 2 to 100 years, NA with a warning outside.
ekfc_age <- num("age", zero = "na", zero_warning = "b2m_warning_age",
                at_max = "na", at_max_warning = "b2m_warning_age")

# Values and keys of b2m_trend()'s columns, beyond what the frame role covers.
trend_cases <- function() {
  valid <- list(data = data.frame(id = c("a", "a", "b"), day = c(0, 30, 0),
                                  b2m = c(3, 2, 4)),
                id = "id", time = "day", value = "b2m", unit = "mg/L",
                time_unit = "days")
  with_column <- function(column, values) {
    args <- valid
    args$data[[column]] <- values
    args
  }
  with_args <- function(...) utils::modifyList(valid, list(...))
  # a time whose class carries its unit, without time_unit
  with_time <- function(values) {
    args <- with_column("day", values)
    args["time_unit"] <- list(NULL)
    args
  }
  list(
    bad_case("cva without cvi", with_args(cva = 3), "b2m_error_value"),
    bad_case("cvi without cva", with_args(cvi = 5.9), "b2m_error_value"),
    bad_case("cva and cvi", with_args(cva = 3, cvi = 5.9), "ok"),
    bad_case("cva zero", with_args(cva = 0, cvi = 5.9), "b2m_error_value"),
    bad_case("cva negative", with_args(cva = -3, cvi = 5.9), "b2m_error_value"),
    bad_case("cva 100 percent", with_args(cva = 100, cvi = 5.9),
             "b2m_error_value"),
    bad_case("cva a fraction", with_args(cva = 0.03, cvi = 5.9), "ok",
             warning = "b2m_warning_cv"),
    bad_case("cva NA", with_args(cva = NA_real_, cvi = 5.9), "b2m_error_type"),
    bad_case("cva text", with_args(cva = "3", cvi = 5.9), "b2m_error_type"),
    bad_case("cva two numbers", with_args(cva = c(3, 4), cvi = 5.9),
             "b2m_error_type"),
    bad_case("cvi zero", with_args(cva = 3, cvi = 0), "b2m_error_value"),
    bad_case("cvi Inf", with_args(cva = 3, cvi = Inf), "b2m_error_type"),
    bad_case("cvi text", with_args(cva = 3, cvi = "5.9"), "b2m_error_type"),
    bad_case("z zero", with_args(z = 0), "b2m_error_value"),
    bad_case("z negative", with_args(z = -1.96), "b2m_error_value"),
    bad_case("z NA", with_args(z = NA_real_), "b2m_error_type"),
    bad_case("z NULL", replace(valid, "z", list(NULL)), "b2m_error_type"),
    bad_case("z text", with_args(z = "1.96"), "b2m_error_type"),
    bad_case("rcv unknown", with_args(rcv = "log"), "b2m_error_value"),
    bad_case("rcv NA", with_args(rcv = NA_character_), "b2m_error_type"),
    bad_case("rcv both forms", with_args(rcv = c("lognormal", "symmetric")),
             "b2m_error_type"),
    bad_case("rcv symmetric", with_args(cva = 3, cvi = 5.9, rcv = "symmetric"),
             "ok"),
    bad_case("time_unit unknown", with_args(time_unit = "day"),
             "b2m_error_value"),
    bad_case("time_unit NA", with_args(time_unit = NA_character_),
             "b2m_error_type"),
    bad_case("time_unit a number", with_args(time_unit = 1), "b2m_error_type"),
    bad_case("time_unit NULL for a numeric time",
             replace(valid, "time_unit", list(NULL)), "ok",
             warning = "b2m_warning_time_unit"),
    bad_case("time_unit for a Date time",
             with_column("day", as.Date("2024-01-01") + c(0, 30, 0)),
             "b2m_error_value"),
    bad_case("a POSIXlt time",
             with_time(as.POSIXlt("2024-01-01", tz = "UTC") + c(0, 30, 0) * 86400),
             "ok"),
    bad_case("a difftime time", with_time(as.difftime(c(0, 30, 0), units = "days")),
             "ok"),
    bad_case("value zero in row 2", with_column("b2m", c(3, 0, 4)),
             "b2m_error_value"),
    bad_case("value negative in row 2", with_column("b2m", c(3, -2, 4)),
             "b2m_error_value"),
    bad_case("value Inf in row 2", with_column("b2m", c(3, Inf, 4)),
             "b2m_error_value"),
    bad_case("value impossible for the unit in row 2",
             with_column("b2m", c(3, 2000, 4)), "b2m_error_value"),
    bad_case("value NA in row 2", with_column("b2m", c(3, NA, 4)), "ok"),
    bad_case("value all NA", with_column("b2m", c(NA, NA, NA)), "na", 1:3),
    bad_case("value character", with_column("b2m", c("3", "2", "4")),
             "b2m_error_type"),
    bad_case("value factor", with_column("b2m", factor(c(3, 2, 4))),
             "b2m_error_type"),
    bad_case("time character", with_column("day", c("0", "30", "0")),
             "b2m_error_type"),
    bad_case("time factor", with_column("day", factor(c(0, 30, 0))),
             "b2m_error_type"),
    bad_case("time NA in row 2", with_column("day", c(0, NA, 0)),
             "b2m_error_value"),
    bad_case("time Inf in row 2", with_column("day", c(0, Inf, 0)),
             "b2m_error_value"),
    bad_case("id NA in row 2", with_column("id", c("a", NA, "b")),
             "b2m_error_value"),
    bad_case("id a list column", with_column("id", I(list("a", "a", "b"))),
             "b2m_error_type"),
    bad_case("same id and time in two rows", with_column("day", c(0, 0, 0)),
             "b2m_error_value"),
    bad_case("a Date time", with_time(as.Date("2024-01-01") + c(0, 30, 0)),
             "ok"),
    bad_case("a factor id", with_column("id", factor(c("a", "a", "b"))), "ok"),
    bad_case("an integer value", with_column("b2m", c(3L, 2L, 4L)), "ok"),
    bad_case("the value column named as the time column",
             utils::modifyList(valid, list(value = "day")), "b2m_error_column"),
    bad_case("value a matrix column", with_column("b2m", cbind(c(3, 2, 4), 1)),
             "b2m_error_type"),
    bad_case("value a one-column matrix", with_column("b2m", cbind(c(3, 2, 4))),
             "b2m_error_type"),
    bad_case("two value columns", replace(valid, "data",
                                          list(cbind(valid$data, b2m = 1))),
             "b2m_error_column")
  )
}

# b2m_by_egfr(): an interpreted cohort's B2M and eGFR columns, by
# convention, beyond what the frame role covers.
by_egfr_spec <- function() {
  data <- data.frame(b2m = c(2, 4, 6), egfr_cr = c(95, 60, 15),
                     b2m_mechanism = factor(c("normal", "normal", "both")))
  valid <- list(data = data, b2m = "b2m", unit = "mg/L")
  column <- function(name, values) {
    args <- valid
    args$data[[name]] <- values
    args
  }
  bad_input_spec(
    valid = valid,
    args = list(data = frame("b2m", missing_column = "b2m_error_column"),
                unit = unit_arg()),
    na_at = function(out, i) is.na(out$b2m_excess[i]),
    extra = list(
      bad_case("no eGFR column", with_arg(valid, "data", data["b2m"]),
               "b2m_error_column"),
      bad_case("only a cystatin C eGFR",
               with_arg(valid, "data", data.frame(b2m = 1:3, egfr_cys = 90)),
               "ok"),
      bad_case("B2M NA in row 2", column("b2m", c(2, NA, 6)), "na", 2L),
      bad_case("eGFR NA in row 2", column("egfr_cr", c(95, NA, 15)), "na", 2L),
      bad_case("B2M negative in row 2", column("b2m", c(2, -4, 6)),
               "b2m_error_value"),
      bad_case("B2M impossible in mg/L", column("b2m", c(2, 4000, 6)),
               "b2m_error_value"),
      bad_case("B2M character", column("b2m", c("2", "4", "6")),
               "b2m_error_type"),
      bad_case("eGFR character", column("egfr_cr", c("95", "60", "15")),
               "b2m_error_type"),
      bad_case("eGFR zero in row 2", column("egfr_cr", c(95, 0, 15)),
               "b2m_error_value"),
      bad_case("eGFR Inf in row 2", column("egfr_cr", c(95, Inf, 15)),
               "b2m_error_value"),
      bad_case("without a mechanism column",
               with_arg(valid, "data", data[c("b2m", "egfr_cr")]), "ok")
    )
  )
}

# b2m_annotate() and b2m_interpret() take a data frame and three options;
# their inputs' own bad values are the called functions' (above), reported
# with the column involved.
whole_frame_spec <- function(interpret) {
  data <- data.frame(id = 1:3, b2m = c(2, 4, 6), albumin = c(4, 3, 3.2),
                     creatinine = c(0.8, 1.2, 2), age = c(50, 60, 70),
                     sex = c("female", "male", "female"))
  valid <- list(data = data, columns = NULL, units = NULL, overwrite = FALSE,
                systems = NULL)
  # Replaces arguments whole (modifyList() would merge a list into `data`).
  replace <- function(args, ...) {
    new <- list(...)
    for (name in names(new)) args[name] <- list(new[[name]])
    args
  }
  with <- function(...) replace(valid, ...)
  column <- function(name, values) {
    data[[name]] <- values
    with(data = data)
  }
  no_b2m <- if (interpret) "b2m_error_column" else "ok"
  # with a diagnosis, ISS reads the albumin of the myeloma rows only
  diagnosed <- function(diagnosis, albumin) {
    data$diagnosis <- diagnosis
    data$albumin <- albumin
    with(data = data)
  }
  # the inputs of R-ISS, for its derived input "LDH high"
  ldh <- function(ldh_uln, ldh) {
    cbind(data, ldh = ldh, ldh_uln = ldh_uln, del17p = FALSE, t4_14 = FALSE,
          t14_16 = FALSE)
  }
  bad_input_spec(
    valid = valid, args = list(), rows = FALSE,
    extra = c(list(
      bad_case("data a list", with(data = as.list(data)), "b2m_error_type"),
      bad_case("data a matrix", with(data = as.matrix(data)), "b2m_error_type"),
      bad_case("data NULL", with(data = NULL), "b2m_error_type"),
      bad_case("data a character vector", with(data = "cohort.csv"),
               "b2m_error_type"),
      bad_case("data zero rows", with(data = data[0, ]), "empty"),
      bad_case("data with an extra column", column("extra", "x"), "ok"),
      bad_case("data without a B2M column",
               with(data = data[c("id", "albumin")]), no_b2m),
      bad_case("B2M all NA", column("b2m", NA_real_), "ok"),
      bad_case("B2M negative in row 2", column("b2m", c(2, -4, 6)),
               "b2m_error_value"),
      bad_case("B2M Inf in row 2", column("b2m", c(2, Inf, 6)),
               "b2m_error_value"),
      bad_case("B2M impossible in mg/L", column("b2m", c(2, 4000, 6)),
               "b2m_error_value"),
      bad_case("B2M character", column("b2m", c("2", "4", "6")),
               "b2m_error_type"),
      bad_case("B2M factor", column("b2m", factor(c(2, 4, 6))),
               "b2m_error_type"),
      bad_case("albumin in g/L without saying so", column("albumin", c(40, 30, 32)),
               "b2m_error_value"),
      bad_case("albumin in g/L said", replace(
        column("albumin", c(40, 30, 32)), units = c(albumin = "g/L")), "ok"),
      bad_case("sex unknown label", column("sex", c("female", "x", "male")),
               "b2m_error_value"),
      bad_case("sex numeric codes", column("sex", c(1, 2, 1)), "b2m_error_type"),
      bad_case("columns unnamed", with(columns = "b2m"), "b2m_error_type"),
      bad_case("columns a number", with(columns = 1), "b2m_error_type"),
      bad_case("columns with NA", with(columns = c(b2m = NA_character_)),
               "b2m_error_type"),
      bad_case("columns repeated name", with(columns = c(b2m = "b2m", b2m = "x")),
               "b2m_error_type"),
      bad_case("columns unknown input", with(columns = c(nope = "b2m")),
               "b2m_error_column"),
      bad_case("columns mapping to no column", with(columns = c(b2m = "nope")),
               "b2m_error_column"),
      bad_case("columns mapping another name", with(
        data = stats::setNames(data, sub("^b2m$", "B2M", names(data))),
        columns = c(b2m = "B2M")), "ok"),
      bad_case("units unknown unit", with(units = c(albumin = "furlong")),
               "b2m_error_unit"),
      bad_case("units unknown input", with(units = c(nope = "g/L")),
               "b2m_error_unit"),
      bad_case("units a number", with(units = 1), "b2m_error_type"),
      bad_case("units unnamed", with(units = "g/L"), "b2m_error_type"),
      bad_case("overwrite NA", with(overwrite = NA), "b2m_error_type"),
      bad_case("overwrite a string", with(overwrite = "yes"), "b2m_error_type"),
      bad_case("overwrite two values", with(overwrite = c(TRUE, FALSE)),
               "b2m_error_type"),
      bad_case("a result column already there", column("iss", 1),
               "b2m_error_column"),
      bad_case("a result column replaced",
               replace(column("iss", 1), overwrite = TRUE), "ok"),
      bad_case("two B2M columns", with(data = cbind(data, b2m = 1)),
               "b2m_error_column"),
      bad_case("two result columns of one name, overwrite", replace(
        with(data = cbind(data, iss = 1, iss = 2)), overwrite = TRUE),
        "b2m_error_column"),
      bad_case("B2M a matrix column", column("b2m", cbind(data$b2m, 1)),
               "b2m_error_type"),
      bad_case("sex a factor with an unused unknown level",
               column("sex", factor(data$sex, c("female", "male", "U"))),
               "ok"),
      bad_case("sex a factor with an unknown level used",
               column("sex", factor(c("X", "male", "female"))),
               "b2m_error_value"),
      # "not recorded": NA sex with a warning, the staging computed
      bad_case("sex a factor with a level U used",
               column("sex", factor(c("U", "male", "female"))), "ok",
               warning = "b2m_warning_sex"),
      bad_case("sex unknown", column("sex", c("female", "unknown", "male")),
               "ok", warning = "b2m_warning_sex"),
      bad_case("sex a local label", replace(
        column("sex", c("w", "m", "w")), sex_labels = list(female = "w")),
        "ok"),
      bad_case("sex_labels a character vector",
               with(sex_labels = c(female = "w")), "b2m_error_type"),
      bad_case("sex_labels an unknown meaning",
               with(sex_labels = list(other = "x")), "b2m_error_type"),
      bad_case("sex_labels with NA", with(sex_labels = list(female = NA)),
               "b2m_error_type"),
      bad_case("sex_labels a label meaning both",
               with(sex_labels = list(female = "x", male = "X")),
               "b2m_error_value"),
      bad_case("flag_labels a character vector",
               with(flag_labels = "pos"), "b2m_error_type"),
      bad_case("flag_labels empty", with(flag_labels = list()),
               "b2m_error_type"),
      bad_case("flag_labels a label meaning both",
               with(flag_labels = list(true = "1", false = 1)),
               "b2m_error_value"),
      bad_case("creatinine below the smallest plausible value",
               column("creatinine", c(0.8, 0.0005, 2)), "b2m_error_value"),
      bad_case("LDH limit zero", with(data = ldh(0, c(150, 300, 200))),
               "b2m_error_value"),
      # the kidney inputs (heights, urine creatinine, reported values)
      bad_case("height_cm in metres", column("height_cm", c(1.6, 1.7, 1.8)),
               "b2m_error_value"),
      bad_case("height_cm negative", column("height_cm", c(160, -170, 180)),
               "b2m_error_value"),
      bad_case("height_cm Inf", column("height_cm", c(160, Inf, 180)),
               "b2m_error_value"),
      bad_case("height_cm character", column("height_cm", c("160", "170", "180")),
               "b2m_error_type"),
      bad_case("height_cm all NA", column("height_cm", NA_real_), "ok"),
      bad_case("urine creatinine zero", with(data = cbind(
        data, urine_b2m = 400, urine_creatinine = c(100, 0, 50))),
        "b2m_error_value"),
      bad_case("urine creatinine impossible", with(data = cbind(
        data, urine_b2m = 400, urine_creatinine = c(100, 5000, 50))),
        "b2m_error_value"),
      bad_case("urine creatinine character", with(data = cbind(
        data, urine_b2m = 400, urine_creatinine = c("100", "90", "50"))),
        "b2m_error_type"),
      bad_case("urine creatinine unknown unit", replace(with(data = cbind(
        data, urine_b2m = 400, urine_creatinine = c(100, 90, 50))),
        units = c(urine_creatinine = "furlong")), "b2m_error_unit"),
      bad_case("reported eGFR zero", column("egfr", c(60, 0, 30)),
               "b2m_error_value"),
      bad_case("reported eGFR negative", column("egfr", c(60, -5, 30)),
               "b2m_error_value"),
      bad_case("reported eGFR impossible", column("egfr", c(60, 900, 30)),
               "b2m_error_value"),
      bad_case("reported eGFR character", column("egfr", c("60", "45", "30")),
               "b2m_error_type"),
      bad_case("reported eGFR all NA", column("egfr", NA_real_), "ok"),
      bad_case("reported LDH-high numeric", with(data = cbind(
        ldh(250, c(150, 300, 200)), ldh_high = c(1, 0, 1))), "b2m_error_type"),
      bad_case("reported LDH-high a string", with(data = cbind(
        ldh(250, c(150, 300, 200)), ldh_high = c("yes", "no", "yes"))),
        "b2m_error_type"),
      bad_case("reported LDH-high all NA", with(data = cbind(
        ldh(250, c(150, 300, 200)), ldh_high = NA)), "ok"),
      bad_case("LDH limit negative", with(data = ldh(-1, c(150, 300, 200))),
               "b2m_error_value"),
      bad_case("LDH negative", with(data = ldh(250, c(150, -3, 200))),
               "b2m_error_value"),
      bad_case("LDH infinite", with(data = ldh(250, c(150, Inf, 200))),
               "b2m_error_value"),
      bad_case("LDH and its limit valid", with(data = ldh(250, c(150, 300, 200))),
               "ok"),
      bad_case("diagnosis numeric", column("diagnosis", c(1, 2, 3)),
               "b2m_error_type"),
      bad_case("diagnosis a Date", column("diagnosis", Sys.Date() + 0:2),
               "b2m_error_type"),
      bad_case("diagnosis a matrix column",
               column("diagnosis", cbind(c("MM", "CLL", "FL"), "x")),
               "b2m_error_type"),
      bad_case("diagnosis unknown labels", column("diagnosis", c("x", "y", "")),
               "ok"),
      bad_case("diagnosis all NA", column("diagnosis", NA), "ok"),
      bad_case("diagnosis a factor of ICD-10 codes",
               column("diagnosis", factor(c("C90.0", "C91.1", "N18.3"))), "ok"),
      bad_case("diagnosis mapped", replace(
        column("dx", c("MM", "CLL", "FL")), columns = c(diagnosis = "dx")),
        "ok"),
      bad_case("albumin in g/L in rows ISS does not stage",
               diagnosed(c("CLL", "myeloma", "CLL"), c(40, 3, 32)), "ok"),
      bad_case("albumin in g/L in a row ISS stages",
               diagnosed(c("CLL", "CLL", "MM"), c(4, 3, 32)), "b2m_error_value"),
      bad_case("systems chosen",
               with(systems = table_systems("myeloma")[1:2]), "ok"),
      bad_case("systems none", with(systems = character()), "ok"),
      bad_case("systems unknown key", with(systems = c("iss", "ISS")),
               "b2m_error_value"),
      bad_case("systems a kidney equation", with(systems = "ckdepi_cr"),
               "b2m_error_value"),
      bad_case("systems a number", with(systems = 1), "b2m_error_type"),
      bad_case("systems NA", with(systems = NA_character_), "b2m_error_type"),
      bad_case("systems a factor", with(systems = factor("iss")),
               "b2m_error_type")
    ), if (interpret) list(
      bad_case("outcomes TRUE", with(outcomes = TRUE), "ok"),
      bad_case("outcomes NA", with(outcomes = NA), "b2m_error_type"),
      bad_case("outcomes a string", with(outcomes = "yes"), "b2m_error_type"),
      bad_case("outcomes two values", with(outcomes = c(TRUE, FALSE)),
               "b2m_error_type"),
      bad_case("cva without cvi", with(cva = 3), "b2m_error_value"),
      bad_case("cva and cvi", with(cva = 3, cvi = 5.9), "ok"),
      bad_case("cvi a string", with(cva = 3, cvi = "5.9"), "b2m_error_type"),
      bad_case("cva 100", with(cva = 100, cvi = 5.9), "b2m_error_value"),
      bad_case("two samples of a patient at one date",
               with(data = transform(data, id = c(1, 1, 2),
                                     date = as.Date("2024-01-01"))),
               "b2m_error_value")
    ))
  )
}

# b2m_from_long(): a long extract of three results of two patients.
long_cases <- function() {
  data <- data.frame(patient = c("a", "a", "b"),
                     day = as.Date("2024-01-01") + c(0, 0, 3),
                     code = c("1952-1", "1751-7", "1952-1"),
                     result = c(2, 3.8, 4), unit = c("mg/L", "g/dL", "mg/L"),
                     stringsAsFactors = FALSE)
  valid <- list(data = data, id = "patient", time = "day", code = "code",
                value = "result", unit = "unit")
  with <- function(...) utils::modifyList(valid, list(...))
  column <- function(name, values) {
    data[[name]] <- values
    with(data = data)
  }
  spec <- bad_input_spec(
    valid = valid,
    args = list(data = frame(c("id", "time"), missing_column = "b2m_error_column")),
    rows = FALSE,
    extra = list(
      bad_case("code not in the data", with(code = "nope"), "b2m_error_column"),
      bad_case("value not in the data", with(value = "nope"), "b2m_error_column"),
      bad_case("unit NULL", with(unit = NULL), "b2m_error_column"),
      bad_case("value the same column twice", with(value = c("result", "result")),
               "b2m_error_type"),
      bad_case("value two columns read in turn", with(value = c("result", "code")),
               "ok"),
      bad_case("codes unnamed", with(codes = "B2M"), "b2m_error_type"),
      bad_case("codes an unknown column", with(codes = c(beta2 = "B2")),
               "b2m_error_value"),
      bad_case("codes another analyte's LOINC", with(codes = c(b2m = "1751-7")),
               "b2m_error_value"),
      bad_case("window negative", with(window = -1), "b2m_error_value"),
      bad_case("window text", with(window = "7"), "b2m_error_type"),
      bad_case("format unknown", with(format = "hl7"), "b2m_error_value"),
      bad_case("an unknown code", column("code", c("1952-1", "ALB", "1952-1")),
               "ok", warning = "b2m_warning_unplaced"),
      bad_case("a value impossible in its unit", column("result", c(2, 38, 4)),
               "ok", warning = "b2m_warning_unplaced"),
      bad_case("text results", column("result", c("2", "<3.8", ">20")), "ok"),
      bad_case("a result that is not a number", column("result", c("2", "x", "4")),
               "ok", warning = "b2m_warning_unplaced"),
      bad_case("an id missing", column("patient", c("a", NA, "b")), "ok",
               warning = "b2m_warning_unplaced"),
      bad_case("time a list", column("day", I(list(1, 2, 3))), "b2m_error_type"),
      bad_case("id a list", column("patient", I(list(1, 2, 3))), "b2m_error_type"),
      bad_case("value a Date", column("result", as.Date("2024-01-01") + 1:3),
               "b2m_error_type"),
      bad_case("numeric times", column("day", c(0, 0, 3)), "ok"),
      bad_case("POSIXct times", column("day", as.POSIXct("2024-01-01", tz = "UTC") +
                                         c(0, 60, 86400 * 3)), "ok"),
      bad_case("factor codes and units", with(data = transform(
        data, code = factor(code), unit = factor(unit))), "ok")
    )
  )
  spec
}

# b2m_parse_result(): text in, a censored vector out.
parse_spec <- bad_input_spec(
  valid = list(x = c("2.1", "<0.2", ">20"), decimal_mark = "."),
  args = list(decimal_mark = choice()),
  rows = FALSE,
  extra = list(
    bad_case("x NULL", list(x = NULL), "b2m_error_type"),
    bad_case("x a list", list(x = list("2.1")), "b2m_error_type"),
    bad_case("x a Date", list(x = as.Date("2024-01-01")), "b2m_error_type"),
    bad_case("x a data frame", list(x = data.frame(x = "2.1")), "b2m_error_type"),
    bad_case("x free text in row 2", list(x = c("2.1", "see comment", "3")),
             "b2m_error_value"),
    bad_case("x a thousands separator", list(x = "1,234"), "b2m_error_value"),
    bad_case("x a point with a decimal comma",
             list(x = "3.4", decimal_mark = ","), "b2m_error_value"),
    bad_case("x numbers", list(x = c(2.1, 3)), "ok"),
    bad_case("x a factor", list(x = factor(c("<1", "2"))), "ok"),
    bad_case("x all NA", list(x = c(NA, NA)), "ok"),
    bad_case("x zero-length", list(x = character()), "empty"),
    bad_case("x with units", list(x = c("2.1 mg/L", "3")), "ok")
  )
)

bad_input_specs <- list(
  b2m_from_long = long_cases(),
  b2m_parse_result = parse_spec,
  b2m_convert = bad_input_spec(
    valid = list(x = c(1.5, 2.5, 40), from = "mg/L", to = "ug/L"),
    # The specimen is not known: the limit is the largest of any specimen's
    # (urine).
    args = list(x = num("b2m_urine", "from"), from = unit_arg(per_row = TRUE),
                to = unit_arg(per_row = TRUE))
  ),
  b2m_classify = bad_input_spec(
    valid = list(x = c(1.8, 2.5, 3.1), unit = "mg/L", specimen = "serum",
                 uln = c(2.7, 2.34, 2.7)),
    args = list(x = num("b2m", "unit"),
                uln = num("b2m", "unit", positive = TRUE, null = "ok",
                          limit = TRUE),
                unit = unit_arg(per_row = TRUE), specimen = choice()),
    extra = list(censored_continuous_case(
      list(x = c(1.8, 2.5, 3.1), unit = "mg/L", specimen = "serum",
           uln = c(2.7, 2.34, 2.7)), "x"))
  ),
  b2m_fold_uln = bad_input_spec(
    valid = list(x = c(180, 250, 310), uln = c(270, 234, 270), unit = "ug/L",
                 specimen = "urine"),
    args = list(x = num("b2m_urine", "unit"),
                uln = num("b2m_urine", "unit", positive = TRUE, null = "ok",
                          limit = TRUE),
                unit = unit_arg(per_row = TRUE), specimen = choice())
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
  ),

  # Kidney ---------------------------------------------------------------------
  egfr_ckdepi_cr = bad_input_spec(
    valid = list(creatinine = c(0.8, 1.1, 2.4), age = c(40, 62, 85),
                 sex = c("female", "male", "F"), creatinine_unit = "mg/dL"),
    args = list(creatinine = num("creatinine", "creatinine_unit",
                                 positive = TRUE),
                # An age under 18 is NA with a warning (adult equations).
                age = num("age", zero = "na", zero_warning = "b2m_warning_age"),
                sex = label(), creatinine_unit = unit_arg(per_row = TRUE))
  ),
  egfr_ckdepi_cys = bad_input_spec(
    valid = list(cystatin = c(0.7, 1.0, 2.2), age = c(40, 62, 85),
                 sex = c("female", "male", "m")),
    args = list(cystatin = num("cystatin", positive = TRUE),
                age = num("age", zero = "na", zero_warning = "b2m_warning_age"),
                sex = label())
  ),
  egfr_ckdepi_crcys = bad_input_spec(
    valid = list(creatinine = c(70, 100, 210), cystatin = c(0.7, 1.0, 2.2),
                 age = c(40, 62, 85), sex = c("female", "male", "Male"),
                 creatinine_unit = "umol/L"),
    args = list(creatinine = num("creatinine", "creatinine_unit",
                                 positive = TRUE),
                cystatin = num("cystatin", positive = TRUE),
                age = num("age", zero = "na", zero_warning = "b2m_warning_age"),
                sex = label(), creatinine_unit = unit_arg(per_row = TRUE))
  ),
  egfr_ckdepi_cr_2009 = bad_input_spec(
    valid = list(creatinine = c(0.8, 1.1, 2.4), age = c(40, 62, 85),
                 sex = c("female", "male", "F"), black = c(FALSE, TRUE, FALSE),
                 creatinine_unit = "mg/dL"),
    args = list(creatinine = num("creatinine", "creatinine_unit",
                                 positive = TRUE),
                age = num("age", zero = "na", zero_warning = "b2m_warning_age"),
                sex = label(), black = lgl(), creatinine_unit = unit_arg(per_row = TRUE)),
    extra = list(bad_case("black not given",
                          list(creatinine = 1, age = 50, sex = "M"),
                          "b2m_error_type"))
  ),
  egfr_ckdepi_crcys_2012 = bad_input_spec(
    valid = list(creatinine = c(70, 100, 210), cystatin = c(0.7, 1.0, 2.2),
                 age = c(40, 62, 85), sex = c("female", "male", "Male"),
                 black = c(TRUE, FALSE, FALSE), creatinine_unit = "umol/L"),
    args = list(creatinine = num("creatinine", "creatinine_unit",
                                 positive = TRUE),
                cystatin = num("cystatin", positive = TRUE),
                age = num("age", zero = "na", zero_warning = "b2m_warning_age"),
                sex = label(), black = lgl(), creatinine_unit = unit_arg(per_row = TRUE))
  ),
  # EKFC: computed from 2 to 100 years; an age of 0 or 120 is NA with a
  # warning.
  egfr_ekfc_cr = bad_input_spec(
    valid = list(creatinine = c(0.5, 1.1, 2.4), age = c(10, 62, 85),
                 sex = c("female", "male", "F"), creatinine_unit = "mg/dL"),
    args = list(creatinine = num("creatinine", "creatinine_unit",
                                 positive = TRUE),
                age = ekfc_age, sex = label(), creatinine_unit = unit_arg(per_row = TRUE))
  ),
  egfr_ekfc_cys = bad_input_spec(
    valid = list(cystatin = c(0.7, 1.0, 2.2), age = c(10, 62, 85)),
    args = list(cystatin = num("cystatin", positive = TRUE), age = ekfc_age)
  ),
  # CKiD U25: ages 1 to 25 (0 and 120 are NA with a warning); either marker
  # may be left out.
  egfr_ckid_u25 = bad_input_spec(
    valid = list(age = c(5, 11, 20), sex = c("male", "female", "F"),
                 height_m = c(1.1, 1.4, 1.7), creatinine = c(0.4, 0.6, 1.0),
                 cystatin = c(0.8, 1.0, 1.2), creatinine_unit = "mg/dL"),
    args = list(age = num("age", zero = "na", zero_warning = "b2m_warning_age",
                          at_max = "na", at_max_warning = "b2m_warning_age"),
                sex = label(), height_m = num("height", positive = TRUE),
                creatinine = num("creatinine", "creatinine_unit",
                                 positive = TRUE, null = "ok"),
                cystatin = num("cystatin", positive = TRUE, null = "ok"),
                creatinine_unit = unit_arg(per_row = TRUE)),
    extra = list(
      bad_case("no marker", list(age = 5, sex = "M", height_m = 1.1),
               "b2m_error_type"),
      bad_case("height in cm", list(age = 5, sex = "M", height_m = 110,
                                    creatinine = 0.4), "b2m_error_value"))
  ),
  egfr_schwartz = bad_input_spec(
    valid = list(creatinine = c(0.5, 0.4, 0.6), height_cm = c(120, 100, 140),
                 creatinine_unit = "mg/dL"),
    args = list(creatinine = num("creatinine", "creatinine_unit",
                                 positive = TRUE),
                height_cm = num("height", positive = TRUE, fixed_unit = "cm"),
                creatinine_unit = unit_arg(per_row = TRUE)),
    extra = list(bad_case("height in metres",
                          list(creatinine = 0.5, height_cm = c(120, 1.2)),
                          "b2m_error_value"))
  ),
  b2m_urine_ratio = bad_input_spec(
    valid = list(urine_b2m = c(450, 120, 2000), urine_creatinine = c(150, 30, 250),
                 urine_b2m_unit = "ug/L", urine_creatinine_unit = "mg/dL",
                 # whole numbers, so that the generator's integer case is
                 # plausible (1.000 is dilute: the ratio is still computed)
                 specific_gravity = c(1, 1, 1)),
    args = list(urine_b2m = num("b2m_urine", "urine_b2m_unit"),
                urine_creatinine = num("creatinine_urine",
                                       "urine_creatinine_unit", positive = TRUE),
                # a missing specific gravity is one not measured
                specific_gravity = num("specific_gravity", missing = "ok",
                                       null = "ok"),
                urine_b2m_unit = unit_arg(per_row = TRUE),
                urine_creatinine_unit = unit_arg(per_row = TRUE)),
    na_at = function(out, i) is.na(out$ratio_ug_g[i])
  ),
  egfr_b2m = bad_input_spec(
    valid = list(b2m = c(1.5, 2500, 9000), b2m_unit = "ug/L"),
    args = list(b2m = num("b2m", "b2m_unit", positive = TRUE),
                b2m_unit = unit_arg(per_row = TRUE)),
    extra = list(censored_continuous_case(
      list(b2m = c(1.5, 2500, 9000), b2m_unit = "ug/L"), "b2m"))
  ),
  b2m_expected = bad_input_spec(
    valid = list(egfr = c(15, 60, 95), b2m_unit = "nmol/L"),
    args = list(egfr = num("egfr", positive = TRUE),
                b2m_unit = unit_arg(per_row = TRUE))
  ),
  b2m_excess = bad_input_spec(
    valid = list(b2m = c(1.5, 4, 9), egfr = c(95, 60, 15), b2m_unit = "mg/L"),
    args = list(b2m = num("b2m", "b2m_unit"), egfr = num("egfr", positive = TRUE),
                b2m_unit = unit_arg(per_row = TRUE))
  ),
  gfr_category = bad_input_spec(
    valid = list(egfr = c(95, 59.99, 14)),
    # a measured GFR of 0 (anuria) is G5: no smallest plausible value
    args = list(egfr = num("egfr", min = FALSE))
  ),
  b2m_pattern = bad_input_spec(
    # Urine above its limit in every row, so that acid urine (pH 0 in row 2)
    # leaves the pattern standing.
    valid = list(serum_b2m = c(2, 4, 2), urine_b2m = c(400, 500, 600),
                 serum_unit = "mg/L", urine_unit = "ug/L",
                 serum_uln = c(2.7, 2.7, 2.34), urine_uln = c(300, 300, 250),
                 urine_ph = c(6, 6.5, 7), urine_creatinine = c(50, 100, 250),
                 urine_creatinine_unit = "mg/dL"),
    args = list(serum_b2m = num("b2m", "serum_unit"),
                urine_b2m = num("b2m_urine", "urine_unit"),
                serum_uln = num("b2m", "serum_unit", positive = TRUE, null = "ok",
                                limit = TRUE),
                urine_uln = num("b2m_urine", "urine_unit", positive = TRUE,
                                null = "ok", limit = TRUE),
                # A missing pH is taken as not acid.
                urine_ph = num("urine_ph", missing = "ok", null = "ok"),
                # A missing urine creatinine is not judged; the largest
                # plausible one is a sample too concentrated to interpret.
                urine_creatinine = num(
                  "creatinine_urine", "urine_creatinine_unit", positive = TRUE,
                  missing = "ok", null = "ok", at_max = "na",
                  at_max_warning = "b2m_warning_recollect_urine"),
                serum_unit = unit_arg(per_row = TRUE),
                urine_unit = unit_arg(per_row = TRUE),
                urine_creatinine_unit = unit_arg(per_row = TRUE))
  ),
  b2m_reduction_ratio = bad_input_spec(
    # weights close enough that either, recycled, stays within 15 % of the
    # other
    valid = list(pre = c(30, 35, 40), post = c(12, 10, 8),
                 weight_pre = c(72, 74, 76), weight_post = c(70, 72, 74),
                 unit = "mg/L"),
    args = list(pre = num("b2m", "unit", positive = TRUE),
                post = num("b2m", "unit"),
                # One weight without the other is an error, and so are
                # weights more than 15 % apart (0.5 or 500 kg against about
                # 80 kg).
                weight_pre = num("weight", positive = TRUE,
                                 null = "b2m_error_value",
                                 at_max = "b2m_error_value",
                                 at_min = "b2m_error_value"),
                weight_post = num("weight", positive = TRUE,
                                  null = "b2m_error_value",
                                  at_max = "b2m_error_value",
                                  at_min = "b2m_error_value"),
                unit = unit_arg(per_row = TRUE))
  ),

  # Monitoring -------------------------------------------------------------------
  b2m_trend = bad_input_spec(
    valid = list(data = data.frame(id = c("a", "a", "b"), day = c(0, 30, 0),
                                   b2m = c(3, 2, 4)),
                 id = "id", time = "day", value = "b2m", unit = "mg/L",
                 time_unit = "days"),
    args = list(data = frame(c("id", "time", "value"), keys = c("id", "time"),
                             missing_column = "b2m_error_column"),
                unit = unit_arg(per_row = TRUE)),
    na_at = function(out, i) is.na(out$baseline[i]),
    extra = trend_cases()
  ),

  b2m_by_egfr = by_egfr_spec(),

  b2m_annotate = whole_frame_spec(interpret = FALSE),
  b2m_interpret = whole_frame_spec(interpret = TRUE),
  b2m_rules = bad_input_spec(
    valid = list(), args = list(), rows = FALSE,
    extra = list(bad_case("an argument", list(1), "error"))
  ),
  b2m_methods = bad_input_spec(
    valid = list(systems = c("iss", "egfr_cr"), format = "text"),
    args = list(systems = choice(vector = TRUE, null = "ok"),
                format = choice()),
    rows = FALSE,
    extra = list(
      bad_case("systems a list", list(systems = list("iss")), "b2m_error_type"),
      bad_case("systems with NA", list(systems = c("iss", NA)), "b2m_error_type"),
      bad_case("systems an annotated data frame",
               list(systems = data.frame(iss = factor("I"))), "ok"),
      bad_case("systems none", list(systems = character()), "ok")
    )
  ),
  # The data frame's roles by hand: a table of zero rows is a table of
  # zero counts, not an empty result.
  b2m_table = bad_input_spec(
    valid = list(data = data.frame(g = c("a", "a", "b"),
                                   iss = factor(c("I", "II", NA),
                                                c("I", "II", "III"))),
                 by = "g", systems = "iss"),
    args = list(systems = choice(vector = TRUE, null = "ok")),
    rows = FALSE,
    extra = list(
      bad_case("data a list", list(data = list(g = "a", iss = "I")),
               "b2m_error_type"),
      bad_case("data a matrix", list(data = matrix(1)), "b2m_error_type"),
      bad_case("data NULL", list(data = NULL), "b2m_error_type"),
      bad_case("data of zero rows",
               list(data = data.frame(g = character(), iss = factor()),
                    by = "g"), "ok"),
      bad_case("data without a stage column", list(data = data.frame(g = "a")),
               "b2m_error_column"),
      bad_case("by not a column",
               list(data = data.frame(iss = factor("I")), by = "g"),
               "b2m_error_column"),
      bad_case("by a number", list(data = data.frame(iss = factor("I")),
                                   by = 1), "b2m_error_type"),
      bad_case("by two names", list(data = data.frame(g = "a", iss = factor("I")),
                                    by = c("g", "g")), "b2m_error_type"),
      bad_case("by NULL", list(data = data.frame(iss = factor("I")), by = NULL),
               "ok"),
      bad_case("systems a known column the data lacks",
               list(data = data.frame(iss = factor("I")), by = NULL,
                    systems = setdiff(table_systems(), "iss")[1]),
               "b2m_error_column")
    )
  ),
  b2m_diagnosis = bad_input_spec(
    valid = list(x = c("myeloma", "C91.1", "CKD")),
    args = list(x = label(unknown = "ok")),
    extra = list(
      bad_case("x a factor with an unused unknown level",
               list(x = factor(c("MM", "CLL", "FL"),
                               levels = c("MM", "CLL", "FL", "zzz"))), "ok"),
      bad_case("x a blank label in row 2", list(x = c("MM", " ", "FL")), "na",
               na_rows = 2L)
    )
  ),
  b2m_outcomes = bad_input_spec(
    valid = list(systems = systems_with_outcomes()[1:2]),
    args = list(systems = choice(vector = TRUE, null = "ok")),
    rows = FALSE,
    extra = list(
      bad_case("systems with NA", list(systems = c("iss", NA)), "b2m_error_type"),
      bad_case("systems without figures",
               list(systems = systems_without_outcomes()[1]), "ok")
    )
  )
)

test_that("every exported function has a bad-input spec", {
  exported <- getNamespaceExports("b2m")
  # the staging systems' specs are in their own test files
  specs <- c(names(bad_input_specs), bad_input_specs_elsewhere())
  expect_false(anyDuplicated(specs) > 0)
  expect_setequal(specs, exported)
})

test_that("the catalogue has the cases it is meant to have", {
  counts <- vapply(bad_input_specs, function(s) length(bad_input_cases(s)),
                   integer(1))
  # Lower bound: a generator that silently stops producing cases fails here.
  expect_gte(sum(counts), 170)
})

test_bad_input(bad_input_specs)

# The roles no exported function has yet (logical, label, data frame) are
# checked against two small functions that follow the package's conventions,
# so the generator is known to be right before the first real one lands.
toy_flag <- function(x, flag, sex) {
  call <- sys.call()
  b2m:::check_numeric(x, "x", call)
  b2m:::check_logical(flag, "flag", call)
  if (is.factor(sex)) {
    # only the labels rows hold
    sex <- as.character(sex)
  }
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
  expect_length(bad_input_cases(toy_specs$toy_flag), 39)
  expect_length(bad_input_cases(toy_specs$toy_per_id), 13)
})
