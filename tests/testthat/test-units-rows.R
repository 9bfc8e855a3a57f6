# A unit per row in the pattern, the urine ratio, the B2M equation, the
# dialysis reduction ratio and the trend: each row computes as that row
# alone, in its unit, does.

b2m_units <- names(b2m:::quantity_table$b2m$units)
creatinine_units <- names(b2m:::quantity_table$creatinine_urine$units)

# `x`, in `from`, in each of `to` (a unit per value).
in_units <- function(x, quantity, to, from = b2m:::quantity_table[[quantity]]$canonical) {
  scale <- function(u) b2m:::quantity_table[[quantity]]$units[[u]]
  mapply(function(v, u, f) v * scale(u)[1] * scale(f)[2] /
           (scale(u)[2] * scale(f)[1]), x, to, from, USE.NAMES = FALSE)
}

# Each row of `args` (a list of columns) given to `f` alone.
row_by_row <- function(f, args) {
  lapply(seq_along(args[[1]]), function(i) do.call(f, lapply(args, `[`, i)))
}

test_that("b2m_pattern() takes a unit per row for serum, urine and creatinine", {
  grid <- expand.grid(serum_unit = b2m_units, urine_unit = b2m_units,
                      stringsAsFactors = FALSE)
  n <- nrow(grid)
  # normal, glomerular, tubular, combined and a dilute sample, in mg/L
  serum <- rep_len(c(1.8, 6, 1.8, 8, 1.8), n)
  urine <- rep_len(c(0.15, 0.15, 4, 9, 4), n)
  creatinine_unit <- rep_len(creatinine_units, n)
  creatinine <- in_units(rep_len(c(100, 150, 100, 200, 20), n),
                         "creatinine_urine", creatinine_unit)
  args <- list(serum_b2m = in_units(serum, "b2m", grid$serum_unit),
               urine_b2m = in_units(urine, "b2m_urine", grid$urine_unit),
               serum_unit = grid$serum_unit, urine_unit = grid$urine_unit,
               urine_creatinine = creatinine,
               urine_creatinine_unit = creatinine_unit)
  # (the dilute samples warn)
  alone <- vapply(suppressWarnings(row_by_row(b2m_pattern, args)),
                  as.character, "")
  expect_warning(do.call(b2m_pattern, args),
                 class = "b2m_warning_recollect_urine")
  per_row <- suppressWarnings(do.call(b2m_pattern, args))
  expect_identical(as.character(per_row), alone)
  expect_setequal(alone, c("normal", "glomerular", "tubular", "combined", NA))
  # a limit given is in its row's unit; the default is each row's default
  expect_identical(
    as.character(b2m_pattern(c(2.5, 212), c(150, 150),
                             serum_unit = c("mg/L", "nmol/L"),
                             serum_uln = c(2.34, 198.3))),
    c("glomerular", "glomerular"))
  expect_identical(
    as.character(b2m_pattern(c(2.7, b2m:::default_uln("serum", "nmol/L")),
                             c(0.3, 300), serum_unit = c("mg/L", "nmol/L"),
                             urine_unit = c("mg/L", "ug/L"))),
    c("normal", "normal"))
})

test_that("b2m_urine_ratio() takes a unit per row for B2M and creatinine", {
  grid <- expand.grid(urine_b2m_unit = b2m_units,
                      urine_creatinine_unit = creatinine_units,
                      stringsAsFactors = FALSE)
  n <- nrow(grid)
  # above the trigger, below it, dilute and concentrated (mg/L, mg/dL)
  b2m <- rep_len(c(0.45, 0.12, 0.45, 2), n)
  creatinine <- rep_len(c(100, 150, 20, 350), n)
  args <- list(urine_b2m = in_units(b2m, "b2m_urine", grid$urine_b2m_unit),
               urine_creatinine = in_units(creatinine, "creatinine_urine",
                                           grid$urine_creatinine_unit),
               urine_b2m_unit = grid$urine_b2m_unit,
               urine_creatinine_unit = grid$urine_creatinine_unit)
  alone <- do.call(rbind, suppressWarnings(row_by_row(b2m_urine_ratio, args)))
  per_row <- do.call(b2m_urine_ratio, args)
  expect_equal(per_row, alone, tolerance = 1e-12)
  expect_identical(per_row[3:6], alone[3:6])
  expect_identical(range(per_row$ratio_ug_g), c(80, 2250))
  expect_setequal(per_row$above_osha_trigger, c(TRUE, FALSE, NA))
  expect_true(any(per_row$dilute) && any(per_row$concentrated))
})

test_that("the B2M equation takes a unit per row; the expected B2M is in it", {
  units <- rep(b2m_units, 2)
  egfr <- rep(c(90, 30), each = length(b2m_units))
  b2m <- in_units(rep(c(2, 6), each = length(b2m_units)), "b2m", units)
  expected <- b2m_expected(egfr, b2m_unit = units)
  expect_equal(expected, unlist(row_by_row(b2m_expected,
                                           list(egfr = egfr, b2m_unit = units))),
               tolerance = 1e-12)
  # each row in its own unit: the same B2M in mg/L everywhere
  expect_equal(in_units(expected, "b2m", "mg/L", units),
               b2m_expected(egfr), tolerance = 1e-12)
  # one GFR, a unit per row: the rows are the units
  expect_equal(b2m_expected(60, c("mg/L", "ug/L")),
               b2m_expected(60) * c(1, 1000), tolerance = 1e-12)
  args <- list(b2m = b2m, egfr = egfr, b2m_unit = units)
  expect_equal(do.call(b2m_excess, args),
               unlist(row_by_row(b2m_excess, args)), tolerance = 1e-12)
  expect_equal(egfr_b2m(b2m, units),
               unlist(row_by_row(egfr_b2m, args[c(1, 3)])), tolerance = 1e-12)
  # a missing unit only where the GFR is missing
  expect_identical(b2m_expected(c(60, NA), c("mg/L", NA))[2], NA_real_)
  cnd <- tryCatch(b2m_expected(c(60, 30), c("mg/L", NA)), error = identity)
  expect_s3_class(cnd, "b2m_error_unit")
  expect_identical(c(cnd$arg, cnd$rows), c("b2m_unit", "2"))
  expect_error(b2m_expected(c(60, 30, 15), c("mg/L", "ug/L")),
               class = "b2m_error_length")
})

test_that("b2m_reduction_ratio() takes a unit per row for pre and post", {
  units <- b2m_units
  pre <- in_units(rep(30, length(units)), "b2m", units)
  post <- in_units(rep(12, length(units)), "b2m", units)
  args <- list(pre = pre, post = post, weight_pre = rep(72, length(units)),
               weight_post = rep(70, length(units)), unit = units)
  per_row <- do.call(b2m_reduction_ratio, args)
  expect_equal(per_row, unlist(row_by_row(b2m_reduction_ratio, args)),
               tolerance = 1e-12)
  expect_equal(per_row, rep(65, length(units)), tolerance = 1e-12)
  # each row checked in its own unit: 300 is implausible in mg/L only
  cnd <- tryCatch(b2m_reduction_ratio(c(300, 300), c(12, 12),
                                      unit = c("nmol/L", "mg/L")),
                  error = identity)
  expect_s3_class(cnd, "b2m_error_value")
  expect_equal(cnd$rows, 2)
})

test_that("with a unit per row, the rows of each unit are looked at for mg/L", {
  units <- c("ug/L", "mg/L", "ug/L", "ng/mL", "ug/L")
  # the ug/L rows: 2 of 3 below 15 (rows 1 and 5); ng/mL and mg/L rows apart
  urine <- c(5, 0.004, 150, 150, 4)
  for (f in list(function(u, unit) b2m_pattern(1.8, u, urine_unit = unit),
                 function(u, unit) b2m_urine_ratio(u, 100, urine_b2m_unit = unit),
                 function(u, unit) b2m_classify(u, unit, "urine"))) {
    cnd <- tryCatch(f(urine, units), warning = identity)
    expect_s3_class(cnd, "b2m_warning_unit")
    expect_identical(cnd$rows, c(1, 5))
    expect_identical(cnd$values, c(5, 4))
    expect_identical(cnd$unit, "ug/L")
    expect_match(conditionMessage(cnd),
                 "2 of its 3 positive results (5, 4 in rows 1 and 5)",
                 fixed = TRUE)
    expect_match(conditionMessage(cnd), "set those rows of `[a-z0-9_]*unit` to it")
    # 1 of the 3 ug/L rows below 15: the bulk reads as ug/L
    expect_no_warning(f(c(5, 0.004, 150, 150, 40), units))
  }
})

test_that("b2m_trend() takes a unit per row and compares a patient's results in mg/L", {
  mg_l <- c(6, 3.1, 2, 3.54, 2.95, 4)
  unit <- c("ug/L", "mg/L", "nmol/L", "mg/dL", "ng/mL", "ug/mL")
  d <- data.frame(id = c(1, 1, 1, 2, 2, 2),
                  date = as.Date("2024-01-01") + c(0, 30, 60, 0, 30, 90),
                  b2m = in_units(mg_l, "b2m", unit))
  per_row <- b2m_trend(d, unit = unit, cva = 3, cvi = 6)
  in_mg_l <- b2m_trend(transform(d, b2m = mg_l), cva = 3, cvi = 6)
  expect_identical(attr(per_row, "unit"), "mg/L")
  expect_equal(per_row$b2m, mg_l, tolerance = 1e-12)
  for (column in c("baseline", "change", "pct_change", "nadir",
                   "pct_from_nadir", "previous", "pct_from_previous")) {
    expect_equal(per_row[[column]], in_mg_l[[column]], tolerance = 1e-12,
                 label = column)
  }
  for (column in c("significant_change", "significant_from_previous",
                   "significant_from_nadir")) {
    expect_identical(per_row[[column]], in_mg_l[[column]], label = column)
  }
  expect_identical(summary(per_row)$trend, summary(in_mg_l)$trend)
  # one unit for the column keeps that unit
  one <- b2m_trend(transform(d, b2m = mg_l * 1000), unit = "ug/L")
  expect_identical(attr(one, "unit"), "ug/L")
  expect_equal(one$baseline, in_mg_l$baseline * 1000)
  # a value impossible in its row's unit (300 mg/L) names the row
  bad <- transform(d, b2m = replace(b2m, 2, 300))
  cnd <- expect_error(b2m_trend(bad, unit = unit), class = "b2m_error_value")
  expect_identical(cnd$rows, 2)
  expect_error(b2m_trend(d, unit = c("mg/L", "ug/L")), class = "b2m_error_length")
  expect_error(b2m_trend(d, unit = replace(unit, 3, "mmol/L")),
               class = "b2m_error_unit")
})

# Staging with a unit per row --------------------------------------------------
# Every staging system with a unit argument: a row whose unit is u gets what
# the same row gets in a call with one unit, u, for the whole column --
# stage, score, criteria, open inputs, condition states and deciding
# conditions -- at each threshold of the rule table as converted into u, a
# hair either side, censored there, and missing.

staging_tables <- list(inputs = b2m:::staging_input_table(),
                       rules = b2m:::staging_rules())

# The scale c(num, den) of `unit` among the units of `quantity`.
unit_scale <- function(quantity, unit) {
  b2m:::quantity_table[[quantity]]$units[[unit]]
}

# Values of input `spec` (a row of the input table) for rows in `units`
# (labels, or NULL for an input in one unit): the thresholds of its rule
# rows converted into each row's unit, beside them by one and by 1000 ulps,
# ordinary values, NA; a measurement is censored at them now and then.
staging_values <- function(spec, units, n) {
  if (!is.na(spec$coding)) {
    labels <- if (spec$coding == "del1p32") b2m:::stage_levels$del1p32 else
      c("A", "B", "C", "0", "I", "II", "III", "IV")
    return(sample(c(labels, NA), n, replace = TRUE))
  }
  if (spec$kind == "flag") return(sample(c(TRUE, FALSE, NA), n, replace = TRUE))
  rules <- staging_tables$rules
  t <- rules$threshold[rules$system == spec$system & rules$input == spec$input &
                         is.na(rules$versus)]
  scale <- if (is.null(units)) c(1, 1) else
    vapply(units, function(u) unit_scale(spec$quantity, u), numeric(2))
  scale <- matrix(scale, nrow = 2, ncol = n)
  if (spec$kind == "limit") {
    return(b2m:::default_uln("serum", "mg/L") * scale[1, ] / scale[2, ] *
             sample(c(0.5, 1, 2), n, replace = TRUE))
  }
  if (length(t) == 0) t <- b2m:::default_uln("serum", "mg/L")
  base <- sample(t, n, replace = TRUE) * scale[1, ] / scale[2, ]
  hair <- sample(c(0, -1, 1, -1000, 1000, NA), n, replace = TRUE,
                 prob = c(3, 2, 2, 1, 1, 1))
  x <- base * (1 + hair * .Machine$double.eps)
  if (spec$kind == "age") x <- round(base) + sample(c(-1, -0.5, 0, 0.5, 1), n, TRUE)
  if (spec$kind != "value") return(x)
  censored <- which(!is.na(x) & stats::runif(n) < 0.2)
  comparator <- integer(n)
  comparator[censored] <- sample(1:4, length(censored), replace = TRUE)
  bound <- rep(NA_real_, n)
  bound[censored] <- x[censored]
  x[censored] <- NA
  b2m:::new_censored(x, comparator, bound)
}

# The arguments of `system` for n random rows, every unit argument one unit
# per row (among the quantity's units, synonyms included); a limit equal to
# the value it is compared with in some rows (both in the row's unit).
staging_rows <- function(system, n) {
  inputs <- staging_tables$inputs
  spec <- inputs[inputs$system == system, ]
  args <- list()
  for (i in which(!is.na(spec$unit_arg))) {
    if (is.null(args[[spec$unit_arg[i]]])) {
      args[[spec$unit_arg[i]]] <- sample(
        names(b2m:::quantity_table[[spec$quantity[i]]]$units), n, replace = TRUE)
    }
  }
  for (i in seq_len(nrow(spec))) {
    args[[spec$input[i]]] <- staging_values(
      spec[i, ], if (!is.na(spec$unit_arg[i])) args[[spec$unit_arg[i]]], n)
  }
  versus <- staging_tables$rules[staging_tables$rules$system == system &
                                   !is.na(staging_tables$rules$versus), ]
  for (k in seq_len(nrow(versus))) {
    same <- stats::runif(n) < 0.3
    args[[versus$input[k]]][same] <- args[[versus$versus[k]]][same]
  }
  args
}

# What a staging call says of each row (stage, its attributes, deciding
# conditions, score).
staging_report <- function(system, args) {
  n_conditions <- sum(staging_tables$rules$system == system)
  deciding <- new.env()
  stage <- b2m:::stage_system(system, args, criteria = TRUE,
                              conditions = seq_len(n_conditions),
                              deciding = deciding)
  has_score <- b2m:::staging_systems()$has_score[
    b2m:::staging_systems()$system == system]
  list(stage = as.character(stage), criteria = attr(stage, "criteria"),
       open = attr(stage, "open_inputs"),
       conditions = attr(stage, "conditions"), deciding = deciding$deciding,
       score = if (has_score) b2m:::stage_system(system, args, score = TRUE))
}

# staging_report() of each group of rows sharing their units, each group in
# one unit per argument, put back in row order.
staging_by_unit <- function(system, args, unit_args) {
  n <- length(args[[unit_args[1]]])
  group <- interaction(args[unit_args], drop = TRUE)
  out <- NULL
  for (g in levels(group)) {
    rows <- which(group == g)
    part <- lapply(args, function(x) if (length(x) == n) x[rows] else x)
    for (u in unit_args) part[[u]] <- args[[u]][rows[1]]
    got <- staging_report(system, part)
    if (is.null(out)) {
      out <- rapply(got, function(x) x[rep(NA_integer_, n)], how = "replace")
    }
    for (name in names(got)) {
      if (is.list(got[[name]])) {
        for (k in seq_along(got[[name]])) out[[name]][[k]][rows] <- got[[name]][[k]]
      } else if (!is.null(got[[name]])) {
        out[[name]][rows] <- got[[name]]
      }
    }
  }
  out
}

test_that("staging with a unit per row stages each row as its unit alone", {
  inputs <- staging_tables$inputs
  systems <- unique(inputs$system[!is.na(inputs$unit_arg)])
  expect_gt(length(systems), 0)
  with_seed(13, for (system in systems) {
    args <- staging_rows(system, 600)
    unit_args <- unique(stats::na.omit(inputs$unit_arg[inputs$system == system]))
    per_row <- staging_report(system, args)
    alone <- staging_by_unit(system, args, unit_args)
    expect_identical(per_row, alone, label = system)
    # the rows do reach every stage between them
    expect_gt(length(unique(per_row$stage)), 1, label = system)
  })
})

test_that("a row at a threshold converted into its unit is at it", {
  # the rule table's thresholds in every unit of their quantity: the
  # condition's state is doubled (the value equals its threshold) in that
  # unit, whatever the other rows' units, as in a call in that unit alone
  inputs <- staging_tables$inputs
  rules <- staging_tables$rules
  for (system in unique(inputs$system[!is.na(inputs$unit_arg)])) {
    spec <- inputs[inputs$system == system, ]
    for (i in which(!is.na(spec$unit_arg) & spec$kind == "value")) {
      at <- which(rules$system == system & rules$input == spec$input[i] &
                    is.na(rules$versus))
      units <- names(b2m:::quantity_table[[spec$quantity[i]]]$units)
      for (x in at) {
        args <- with_seed(x, staging_rows(system, length(units)))
        args[[spec$unit_arg[i]]] <- units
        # as C converts a threshold: times num, then divided by den
        args[[spec$input[i]]] <- vapply(units, function(u) {
          s <- unit_scale(spec$quantity[i], u)
          rules$threshold[x] * s[1] / s[2]
        }, 1)
        state <- staging_report(system, args)$conditions[[
          which(which(rules$system == system) == x)]]
        alone <- staging_by_unit(system, args, unique(stats::na.omit(spec$unit_arg)))
        expect_identical(
          state, alone$conditions[[which(which(rules$system == system) == x)]],
          label = paste(system, spec$input[i]))
        expect_true(all(abs(state) == 2), label = paste(system, spec$input[i]))
      }
    }
  }
})

test_that("a unit column spelled otherwise, as a factor or with gaps stages alike", {
  # C is first given the units' names; other spellings, a factor's levels
  # and missing units where the value is missing are read from the column
  inputs <- staging_tables$inputs
  for (system in unique(inputs$system[!is.na(inputs$unit_arg)])) {
    args <- with_seed(7, staging_rows(system, 300))
    want <- staging_report(system, args)
    unit_args <- unique(stats::na.omit(inputs$unit_arg[inputs$system == system]))
    spelled <- args
    for (u in unit_args) {
      spelled[[u]] <- toupper(args[[u]])
      spelled[[u]][seq(1, 300, by = 3)] <- args[[u]][seq(1, 300, by = 3)]
    }
    expect_identical(staging_report(system, spelled), want, label = system)
    as_factor <- args
    for (u in unit_args) as_factor[[u]] <- factor(args[[u]])
    expect_identical(staging_report(system, as_factor), want, label = system)
  }
  # a missing unit is fine where the value is missing, an error elsewhere
  expect_identical(as.character(stage_iss(c(2, NA, 300), 4,
                                          b2m_unit = c("mg/L", NA, "ug/L"))),
                   c("I", NA, "I"))
  cnd <- expect_error(stage_iss(c(2, 3, 300), 4, b2m_unit = c("mg/L", NA, "ug/L")),
                      class = "b2m_error_unit")
  expect_identical(cnd$rows, 2)
  cnd <- expect_error(
    stage_iss(b2m_parse_result(c("2", "<3", "300")), 4,
              b2m_unit = c("mg/L", NA, "ug/L")),
    class = "b2m_error_unit")
  expect_identical(cnd$rows, 2)
  cnd <- expect_error(stage_iss(c(2, 3, 300), 4, b2m_unit = c("mg/L", "mg/X", "ug/L")),
                      class = "b2m_error_unit")
  expect_identical(cnd$rows, 2)
  # a value impossible in its row's unit names the row
  cnd <- expect_error(stage_iss(c(2, 3, 300), 4, b2m_unit = c("mg/L", "mg/dL", "mg/L")),
                      class = "b2m_error_value")
  expect_equal(cnd$rows, 3)
})

test_that("a unit per row reaches C as the numbers given, read row by row", {
  cr <- c(1.2, 106)
  units <- c("mg/dL", "umol/L")
  input <- b2m:::numeric_input(cr, "creatinine", "creatinine", units,
                               "creatinine_unit", per_row = TRUE,
                               rows_in_c = TRUE)
  expect_identical(input$value, cr)
  expect_identical(input$unit, "mg/dL")
  # a routine that does not read rows in their units refuses them, rather
  # than reading the numbers as if in one
  expect_error(.Call(b2m:::C_r_b2m_trend, 1:2, 1:2, c(0, 1), 1:2, input,
                     c(NA_real_, NA_real_), NA),
               "reads no unit per row", fixed = TRUE)
})

test_that("rows in their own units are checked against that unit's range, in every chunk", {
  n <- 70000 # more than one chunk of the C glue (65536 rows)
  units <- rep(c("mg/dL", "umol/L"), length.out = n)
  top <- c("mg/dL" = 30, "umol/L" = 2652)
  at_top <- unname(top[units])
  expect_equal(egfr_ckdepi_cr(at_top, 60, "female", creatinine_unit = units),
               egfr_ckdepi_cr(rep(30, n), 60, "female"))
  above <- at_top
  above[n] <- 2652 * (1 + 1e-6) # row 70000 is in umol/L
  err <- expect_error(
    egfr_ckdepi_cr(above, 60, "female", creatinine_unit = units),
    class = "b2m_error_value")
  expect_identical(err$rows, as.numeric(n))
  expect_identical(err$unit, "umol/L")
  expect_match(conditionMessage(err), "row 70000", fixed = TRUE)
  low <- at_top
  low[65537] <- 0.05 * (1 - 1e-6) # the first row of the second chunk, mg/dL
  err <- expect_error(
    egfr_schwartz(low, 120, creatinine_unit = units),
    class = "b2m_error_value")
  expect_identical(err$rows, 65537)
  expect_identical(err$unit, "mg/dL")
})

test_that("a value given once is checked in each row's unit, every row of a chunk", {
  # 2765 is plausible in ng/mL and not in mg/L: the mg/L rows are errors,
  # never a silent NA, whether the value is recycled or not
  units <- c("ng/mL", "mg/L", "ng/mL", "mg/L")
  for (x in list(2765, rep(2765, 4))) {
    err <- expect_error(b2m_convert(x, from = units, to = "mg/L"),
                        class = "b2m_error_value")
    expect_identical(err$rows, c(2, 4))
    expect_identical(err$unit, "mg/L")
    err <- expect_error(stage_iss(x, 4, b2m_unit = units),
                        class = "b2m_error_value")
    expect_identical(err$rows, c(2, 4))
    expect_match(conditionMessage(err), "2765 in rows 2 and 4", fixed = TRUE)
  }
  # the last row of the second chunk (65536 rows each) of a recycled value
  n <- 2 * 65536
  late <- rep("ng/mL", n)
  late[n] <- "mg/L"
  err <- expect_error(b2m_convert(2765, from = late, to = "mg/L"),
                      class = "b2m_error_value")
  expect_identical(err$rows, as.numeric(n))
  expect_identical(b2m_convert(2765, from = late[-n], to = "mg/L"),
                   rep(2.765, n - 1))
})

test_that("a problem C finds after converting a row is reported in the canonical unit", {
  # zero is within every unit's range but no pre-dialysis B2M
  err <- expect_error(
    b2m_reduction_ratio(c(30, 0), c(10, 5), unit = c("mg/L", "nmol/L")),
    class = "b2m_error_value")
  expect_identical(err$arg, "pre")
  expect_identical(err$rows, 2)
  expect_identical(err$unit, "mg/L")
})

test_that("a unit column read in pieces of rows stages every layout of its labels", {
  # C reads the labels 128 rows at a time, a piece holding one or two
  # labels without a look-up per row: one label, two, a third at the end,
  # another spelling or a missing unit at either end of a piece
  piece <- 128
  mgl <- rep("mg/L", piece)
  two <- rep(c("mg/L", "mg/dL"), piece / 2)
  unit <- c(mgl, two, replace(two, piece, "ug/L"),
            replace(rep("mg/dL", piece), 1, "MG/L"),
            replace(rep("nmol/L", piece), piece, NA),
            rep(c("mg/dL", "nmol/L"), piece / 2),
            rep(c("mg/L", "ug/L", "mg/dL", "nmol/L"), 10))
  n <- length(unit)
  canonical <- rep_len(c(2, 3, 4.5, 5, 6, 8, 12), n)
  canonical[5 * piece] <- NA # its unit is missing
  albumin <- rep_len(c(3, 3.4, 3.6, 4.2, NA), n)
  b2m <- canonical
  for (u in unique(stats::na.omit(unit))) {
    rows <- which(unit == u)
    b2m[rows] <- b2m_convert(canonical[rows], "mg/L", tolower(u))
  }
  want <- stage_iss(canonical, albumin)
  expect_identical(stage_iss(b2m, albumin, b2m_unit = unit), want)
  expect_identical(stage_iss(b2m, albumin, b2m_unit = factor(unit)), want)
  expect_setequal(as.character(want), c("I", "II", "III", NA))
  # a label that is no unit at the first and at the last row of a piece
  bad <- replace(unit, c(piece + 1, 3 * piece), "mg/X")
  cnd <- expect_error(stage_iss(b2m, albumin, b2m_unit = bad),
                      class = "b2m_error_unit")
  expect_identical(cnd$rows, c(piece + 1, 3 * piece))
})

test_that("a factor unit column missing where a row has a value names the row", {
  units <- factor(c("mg/dL", NA, "umol/L", NA))
  cnd <- expect_error(
    egfr_ckdepi_cr(c(1, 1.2, 106, NA), 60, "female", creatinine_unit = units),
    class = "b2m_error_unit")
  expect_identical(cnd$rows, 2)
  expect_equal(
    egfr_ckdepi_cr(c(1, NA, 106, NA), 60, "female", creatinine_unit = units),
    egfr_ckdepi_cr(c(1, NA, 106 / 88.4, NA), 60, "female"))
})

test_that("a limit with a unit per row is checked as its converted copy would be", {
  # check_limit_rows() (C, a chunk of 8192 rows at a time) against
  # limit_input() of the same rows, which converts the column: the same
  # condition, fields and message, or none; at the edges of a chunk and in
  # a last chunk of one row
  limit_input <- b2m:::limit_input
  check_limit_rows <- b2m:::check_limit_rows
  outcome <- function(f, x, unit) {
    tryCatch({
      f(x, "b2m_uln", "b2m", unit, "b2m_unit", call = NULL)
      "fine"
    }, error = function(cnd) {
      cnd$call <- NULL
      cnd
    })
  }
  n <- 8193
  set.seed(16)
  unit <- sample(c("mg/L", "ug/L", "nmol/L", "mg/dL"), n, replace = TRUE)
  scale <- vapply(unit, function(u) {
    s <- b2m:::quantity_table$b2m$units[[u]]
    s[1] / s[2]
  }, 1, USE.NAMES = FALSE)
  uln <- 2.4 * scale
  cases <- list(
    list(uln, unit),
    list(uln, factor(unit)),
    list(replace(uln, c(1, 8192, 8193), NA), replace(unit, c(1, 8192, 8193), NA)),
    list(2.7, rep("mg/L", 10)),
    # recycled: a limit in mg/L read in ug/L
    list(2.7, rep(c("mg/L", "ug/L"), 5)),
    # 30 times the limit in some rows, at each edge of the chunks
    list(replace(uln, c(1, 8192, 8193), uln[c(1, 8192, 8193)] * 30), unit),
    list(replace(uln, 8193, 2.4e-4 * scale[8193]), unit),
    list(replace(uln, 8192, 0.1 * scale[8192]), factor(unit)),
    # impossible in the row's unit, without a unit, an unknown unit
    list(replace(uln, 8193, -1), unit),
    list(replace(uln, 8192, 1e9), unit),
    list(uln, replace(unit, 8193, NA)),
    list(uln, replace(unit, 4, "mmol/L")),
    list(uln, replace(unit, 4, "MG/L"))
  )
  for (k in seq_along(cases)) {
    x <- cases[[k]][[1]]
    u <- cases[[k]][[2]]
    expect_identical(outcome(check_limit_rows, x, u),
                     outcome(function(...) limit_input(..., per_row = TRUE), x, u),
                     label = paste("case", k))
  }
  classes <- vapply(cases, function(case) {
    class(outcome(check_limit_rows, case[[1]], case[[2]]))[1]
  }, "")
  expect_identical(classes, rep(c("character", "b2m_error_unit",
                                  "b2m_error_value", "b2m_error_unit",
                                  "character"), c(4, 4, 2, 2, 1)))
})
