# Every .Call entry point, on tiny inputs, with one garbage collection forced
# at each of its allocations in turn and a few hundred calls under
# gctorture(TRUE): an object the glue leaves unprotected while something
# allocates is freed, and the call crashes or returns other data. The entry
# points are read from the DLL's registration table, so one without a case
# here fails the test; a case is a list of calls (argument lists), with a
# good result and a bad-values record (the path that allocates most).

# The arguments of r_b2m_trend / r_b2m_trend_summary as b2m_trend() and
# summary() make them; `rcv`: CVA and CVI (percent) or NULL; `path`: NULL
# for r_b2m_trend_summary, else r_b2m_trend's choice of the direct (FALSE)
# or partitioned (TRUE) ordering and pass, NA by size.
trend_args <- function(id, time, value, max = 200, rcv = NULL, path = NULL) {
  keys <- b2m:::trend_keys(id, time, list(id = "id", time = "time"), NULL,
                           path = if (is.null(path)) NA else path)
  factors <- b2m:::rcv_factors(
    if (!is.null(rcv)) b2m:::trend_rcv(rcv[1], rcv[2], 1.96, "lognormal", NULL)
  )
  c(list(keys$order, keys$group, keys$time, keys$ends, measurement(value, max),
         factors), if (!is.null(path)) list(path))
}

# Sex as C reads it: a coded column, list(x, labels, values).
sex <- function(x) b2m:::sex_input(x)

# The arguments of r_stage as stage_system() makes them, for every system
# of the rule table: the system, its inputs taken from `values` (one entry
# per input name of any system, and the units), score or stage (with its
# criteria and the state of every condition).
stage_args <- function(values, score = FALSE) {
  systems <- b2m:::staging_systems()
  if (score) systems <- systems[systems$has_score, ]
  rules <- b2m:::staging_rules()
  lapply(systems$system, function(key) {
    list(key, b2m:::staging_inputs(key, values, NULL), score, !score,
         if (!score) seq_len(sum(rules$system == key)), !score)
  })
}
stage_units <- list(b2m_unit = "mg/L", albumin_unit = "g/dL",
                    hemoglobin_unit = "g/dL", igm_unit = "g/dL",
                    creatinine_unit = "umol/L")
# missing values, a coded clinical stage read a chunk at a time
stage_values <- c(stage_units, list(
  b2m = c(2, 4, 6, NA), albumin = c(4, 3, NA, NA), b2m_uln = 2.7,
  ldh_high = c(FALSE, NA, TRUE, FALSE), del17p = FALSE, t4_14 = TRUE,
  t14_16 = NA, t14_20 = c(FALSE, NA, FALSE, TRUE), gain1q = c(NA, TRUE, FALSE, FALSE), tp53 = c(TRUE, FALSE, NA, FALSE),
  ighv_unmutated = FALSE, clinical_stage = c("A", " ii ", NA, "B"),
  age = c(70, 50, 66, NA), hemoglobin = 13, platelets = c(90, 200, NA, 100),
  igm = 3, ldh = c(200, 300, NA, 250), node_diameter_cm = 4,
  bone_marrow = c(FALSE, TRUE, NA, TRUE), del17p_ccf = c(20, NA, 0, 50),
  tp53_mutation = NA, t14_20 = c(TRUE, FALSE, NA, FALSE),
  del1p32 = c("none", NA, "Biallelic", "monoallelic"),
  creatinine = c(106, 106.08, NA, 90)))
# bad values in several columns; a factor clinical stage
stage_bad_values <- c(stage_units, list(
  b2m = c(Inf, 2), albumin = c(-1, 4), b2m_uln = c(0, 2.7),
  ldh_high = FALSE, del17p = FALSE, t4_14 = TRUE, t14_16 = FALSE,
  t14_20 = FALSE, gain1q = TRUE, tp53 = FALSE, ighv_unmutated = TRUE,
  clinical_stage = factor(c("B", "0")), age = c(-1, 130), hemoglobin = 13,
  platelets = 1e6, igm = 3, ldh = -5, node_diameter_cm = 4,
  bone_marrow = FALSE, del17p_ccf = c(101, 20), tp53_mutation = FALSE,
  t14_20 = FALSE, del1p32 = factor(c("none", "biallelic")),
  creatinine = c(-1, 100)))

# censored measurements (a censored row's interval, the cache of censored
# rows), and a bad bound: the bad-values record
censored <- function(x) b2m_parse_result(x)
stage_censored_values <- utils::modifyList(stage_values, list(
  b2m = censored(c(">20", "<0.5", "<=3.5", NA)), albumin = censored(c("<3", "4", ">=3.5", NA)),
  platelets = censored(c("<100", ">100", "90", NA)), ldh = censored(c(">300", "200", NA, "<250")),
  creatinine = censored(c("<80", ">120", NA, "90")), del17p_ccf = censored(c(">=20", "<20", NA, "50"))))
stage_censored_bad <- utils::modifyList(stage_values, list(
  b2m = censored(c("<0", ">20", "2", "2")), albumin = censored(c("4", ">20", "<3", "4"))))

# A measurement as numeric_input() gives it to C: its values with the scale
# of their unit and the plausible range in that unit.
measurement <- function(value, max, min = 0, num = 1, den = 1) {
  list(value = value, num = num, den = den, min_in_unit = min,
       max_in_unit = max)
}
# creatinine (mg/dL), cystatin C (mg/L), age and eGFR with their ranges
cr <- function(x) measurement(x, 30, 0.05)
cys <- function(x) measurement(x, 15, 0.1)
years <- function(x) measurement(x, 120)
gfr <- function(x) measurement(x, 500, 0.1)

# A measurement with a unit per row as numeric_input(rows_in_c = TRUE) gives
# it to C (the numbers as given, each row's unit coded): read a chunk at a
# time into a buffer of converted values.
per_row <- function(x, quantity, units) {
  b2m:::numeric_input(x, "x", quantity, units, "unit", NULL, per_row = TRUE,
                      coarser = FALSE, rows_in_c = TRUE)
}

gctorture_cases <- list(
  r_b2m_convert = list(
    list(c(2.5, NA, 0), 1000, 1, 2000),
    list(2L, 1e6, 11800, 2000),
    list(c(-1, Inf, 2, -3, -4, -5, -6), 1, 1, 2000),
    list(c(1, 2500), 1, 1, 2000)
  ),
  r_b2m_convert_rows = list(
    list(c(2.5, NA, 2500), b2m:::unit_column(c("mg/L", NA, "ug/L"), "from", b2m:::quantity_table$b2m_urine, c(2.5, NA, 2500), NULL),
         b2m:::unit_column("nmol/L", "to", b2m:::quantity_table$b2m_urine, 1, NULL),
         rep(1, 36), rep(1, 36), rep(0, 6), rep(2000, 6)),
    # an implausible row: the bad-values record
    list(c(1, 5000), b2m:::unit_column(factor(c("mg/L", "mg/L")), "from", b2m:::quantity_table$b2m_urine, 1, NULL),
         b2m:::unit_column("mg/L", "to", b2m:::quantity_table$b2m_urine, 1, NULL),
         rep(1, 36), rep(1, 36), rep(0, 6), rep(2000, 6))
  ),
  r_egfr_ckdepi = list(
    list(0L, cr(c(0.8, NA, 2.4)), cys(NA_real_), years(c(40, 62, 85)),
         sex(c("female", "male", NA))),
    list(2L, cr(1), cys(c(0.7, 1)), years(50), sex(factor("M"))),
    # under 18: the flagged-rows attribute
    list(1L, cr(NA_real_), cys(c(1, 1)), years(c(12, 50)), sex("F")),
    list(0L, cr(c(-1, 0, 100)), cys(NA_real_), years(c(40, 130, -2)), sex(NA)),
    list(2L, cr(c(0.01, 1, 1)), cys(c(1, 0.05, 1)), years(50), sex("F"))
  ),
  r_egfr_ckdepi_race = list(
    list(3L, cr(c(1, NA, 2)), cys(NA_real_), years(c(50, 40, 30)),
         sex(c("F", "M", "M")), c(FALSE, TRUE, NA)),
    list(4L, cr(c(1, -1)), cys(c(1, 0)), years(c(12, 50)), sex("M"), TRUE)
  ),
  r_egfr_ekfc = list(
    list(0L, cr(c(1, 0.5, NA)), years(c(50, 10, 30)), sex(c("M", "F", "F"))),
    # outside 2-100 and above 90: both flagged records
    list(1L, cys(c(1, 1, 1)), years(c(1, 95, 101)), sex(NA)),
    list(1L, cys(c(-1, 1)), years(c(50, 130)), sex(NA))
  ),
  r_egfr_ckid_u25 = list(
    list(2L, years(c(11, 15, 30)), sex(c("M", "F", "F")),
         measurement(c(1.2, 1.6, 1.8), 3), cr(c(0.9, 1.9, NA)),
         cys(c(1.3, 1.6, 1.8))),
    list(0L, years(11), sex("M"), measurement(c(4, 0), 3), cr(c(0.9, -1)),
         cys(NA_real_))
  ),
  # heights in cm
  r_egfr_schwartz = list(
    list(cr(c(0.5, 0.4, NA)), measurement(c(120, 100, 140), 300, num = 100)),
    list(cr(c(0.5, 0.4)), measurement(c(120, 1.4), 300, num = 100)),
    list(cr(c(0, 0.4)), measurement(c(120, 400), 300, num = 100))
  ),
  # urine B2M in ug/L, creatinine in mg/dL; the unit hint's limit and factor
  r_urine_ratio = list(
    list(measurement(c(450, 120, NA), 2e6, num = 1000),
         measurement(c(150, 29.9, 350), 1000), measurement(NA_real_, 1.2),
         0, 20),
    # a B2M that reads like mg/L, with and without bad values
    list(measurement(c(450, 5, NA), 2e6, num = 1000),
         measurement(c(150, 29.9, 350), 1000), measurement(NA_real_, 1.2),
         300, 20),
    list(measurement(c(-1, 5), 2e6, num = 1000), measurement(c(0, 30), 1000),
         measurement(c(1.0, 2), 1.2), 300, 20)
  ),
  r_urine_limits = list(list()),
  r_egfr_b2m = list(
    list(measurement(c(1.5, NA, 9), 200)),
    list(measurement(c(0, -1, 1e4), 200))
  ),
  # the expected B2M in mg/L and in nmol/L (a unit without values)
  r_b2m_expected = list(
    list(gfr(c(15, 60, NA)), b2m:::unit_spec("b2m", "mg/L", "b2m_unit")),
    list(gfr(c(0, 600, -1, 1e-300)), b2m:::unit_spec("b2m", "nmol/L", "b2m_unit"))
  ),
  r_b2m_excess = list(
    list(measurement(c(1.5, 4, NA), 200), gfr(c(95, 60, 15))),
    list(measurement(c(-1, 4, 300), 200), gfr(c(0, 600, 0.01)))
  ),
  r_gfr_category = list(
    list(measurement(c(95, 59.99, NA, 0), 500)),
    list(measurement(c(-1, Inf, 501), 500))
  ),
  r_kidney_constants = list(list()),
  r_pattern_acid_ph = list(list()),
  # serum B2M in mg/L, urine B2M in ug/L, each with its limit; urine pH
  r_b2m_pattern = list(
    list(measurement(c(2, 4, NA), 200), measurement(2.7, 200),
         measurement(c(400, 100, 100), 2e6, num = 1000),
         measurement(300, 2e6, num = 1000), measurement(c(6, 5, NA), 14)),
    list(measurement(c(-2, 4, 300), 200), measurement(c(2.7, 0, 2.7), 200),
         measurement(c(400, -1, 3e6), 2e6, num = 1000),
         measurement(300, 2e6, num = 1000), measurement(15, 14))
  ),
  # B2M in mg/L, weights in kg (NA uncorrected); the largest weight change
  r_b2m_reduction_ratio = list(
    list(measurement(c(30, 35, NA), 200), measurement(c(12, 10, 8), 200),
         measurement(NA_real_, 500, 0.5), measurement(NA_real_, 500, 0.5),
         0.15, FALSE),
    list(measurement(c(30, 35), 200), measurement(c(12, 10), 200),
         measurement(c(72, 60), 500, 0.5), measurement(c(70, 58), 500, 0.5),
         0.15, TRUE),
    list(measurement(c(0, 35, 300, 30), 200),
         measurement(c(12, -1, 8, 12), 200),
         measurement(c(0, 72, 72, 56), 500, 0.5),
         measurement(c(70, 600, 70, 70), 500, 0.5), 0.15, TRUE)
  ),
  # each case by the direct and by the partitioned path (taken by size
  # from 2^21 rows, here forced)
  r_b2m_trend = unlist(lapply(c(FALSE, TRUE), function(path) list(
    trend_args(c("a", "b", "a", "a"), c(30, 0, 0, 60), c(3, 4, NA, 2),
               path = path),
    trend_args(c(1, 1), c(0, 0), c(3, 2), path = path),
    trend_args(c("a", "b"), c(0, 1), c(0, 300), path = path),
    trend_args(c("a", "b", "a", "a"), c(30, 0, 0, 60), c(3, 4, NA, 2),
               rcv = c(3, 5.9), path = path)
  )), recursive = FALSE),
  r_b2m_trend_summary = list(
    trend_args(c("a", "b", "a", "a"), c(30, 0, 0, 60), c(3, 4, NA, 2)),
    trend_args(factor(c("x", "x"), levels = c("w", "x")), c(0, 0), c(3, 2)),
    trend_args(c("a", "b"), c(0, 1), c(-1, 300)),
    trend_args(c("a", "b", "a", "a"), c(30, 0, 0, 60), c(3, 4, NA, 2), rcv = c(3, 5.9))
  ),
  r_stage = c(stage_args(stage_values), stage_args(stage_values, score = TRUE),
              stage_args(stage_bad_values), stage_args(stage_censored_values),
              stage_args(stage_censored_bad)),
  # the rows of codes 2 and NA only (a diagnosis and the rows without one)
  r_stage_where = lapply(
    c(stage_args(stage_values), stage_args(stage_values, score = TRUE),
      stage_args(stage_bad_values), stage_args(stage_censored_values),
      stage_args(stage_censored_bad)),
    function(args) {
      n <- max(lengths(lapply(args[[2]], `[[`, "value")))
      # r_stage's criteria and conditions are not arguments of r_stage_where
      c(args[1:3], list(args[[6]], rep_len(c(2L, 1L, NA_integer_, 2L), n),
                        c(2L, NA_integer_)))
    }),
  # patient codes: strings, doubles (-0 is 0), integers; more than 32
  # patients grow the table; mixed encodings and other types decline (NULL)
  r_b2m_trend_codes = list(
    list(c("b", "a", "b")),
    list(c(2.5, -0, 0, 2.5)),
    list(c(1:100, 100:1)),
    list(c("\u00e9", iconv("\u00e9", "UTF-8", "latin1"))),
    list(complex(1)),
    list(character())
  ),
  # the ordering: insertion sort, a group large enough to be merged, a code
  # outside 1..n_groups (NULL), no rows; direct and partitioned (malloc'ed
  # scratch)
  r_b2m_trend_order = unlist(lapply(c(FALSE, TRUE), function(path) list(
    list(c(2L, 1L, 2L, 1L), c(30, 10, 0, 0), 2, path),
    list(rep(1:2, 40), as.double(80:1), 2, path),
    list(c(1L, 3L), c(0, 1), 2, path),
    list(integer(), numeric(), 0, path)
  )), recursive = FALSE),
  # more than 32 distinct strings: the hash table grows (R_alloc, rehash)
  r_distinct_strings = list(
    list(c("female", "male", NA, "female", "")),
    list(as.character(c(1:100, 50:1, NA))),
    list(character())
  ),
  r_all_missing = list(list(c(NA, NA)), list(c(NA, TRUE)), list(logical())),
  r_any_missing_code = list(list(c(1L, NA)), list(c(2L, 1L)), list(integer())),
  r_scale_outliers = list(
    list(c(2.7, NA, 54), 2.7, 2.7, 20),
    list(c(100, 0.01, 2.7, 1e6, 1e-6, 3e3, 1), 2.7, 2.7, 20),
    list(5L, 300, Inf, 20)
  ),
  # a limit with a unit per row: fine, a bad value of the conversion, and
  # outliers of the converted values (a recycled limit among them)
  r_limit_rows_outliers = local({
    table <- b2m:::quantity_table$b2m
    pairs <- b2m:::unit_pair_tables(table)
    coded <- function(units, x) b2m:::unit_column(units, "unit", table, x, NULL)
    limit <- function(x, units) {
      c(list(x, coded(units, x), coded("mg/L", 1)), unname(pairs),
        list(2.7, 2.7, 20))
    }
    list(limit(c(2.4, NA, 2400), c("mg/L", NA, "ug/L")),
         limit(c(2.4, -1), factor(c("mg/L", "nmol/L"))),
         limit(c(100, 2.4, 0.01), c("mg/L", "ug/L", "mg/L")),
         limit(2.7, c("mg/L", "ug/L")))
  }),
  r_interpret_mechanism = list(
    list(c(2L, 2L, NA, 1L), list(c(40, NA, 80, 90), c(50, 70, 80, 90)),
         c(2, 1, NA, 1), c(NA, NA, 3L, 1L), c(60, 1.5)),
    list(2L, list(), NA_real_, NA_integer_, c(60, 1.5))
  ),
  r_interpret_follow_up = list(
    list(c(1L, 4L, 5L, NA, 6L), list(c(90, 40, 90, NA, 80)),
         c(NA, NA, 3L, NA, 4L), c(TRUE, FALSE, TRUE, TRUE, NA), c(60, 1.5),
         b2m:::follow_up_combinations())
  ),
  r_interpret_comment = list(
    list(c(1L, 2L, 6L, 6L, NA, 2L), c(0.8, 2, 1.5, 1.2, NA, 2),
         list(c(90, 40, NA, 75, NA, 40)), TRUE,
         c(NA, "ISS stage II.", NA, NA, NA, "ISS stage II.")),
    list(4L, NA_real_, list(), FALSE, NA_character_)
  ),
  r_interpret_levels = list(list()),
  # more than 512 groups grow the table (R_alloc, rehash); recycled columns
  r_row_groups = list(
    list(list(factor(c("a", "b", "a", NA)), c(1, NaN, 1, NA), "x",
              c(TRUE, NA, TRUE, FALSE))),
    list(list(1:1000, rep(c(2.5, -1), 500)))
  ),
  r_first_known = list(
    list(list(c(NA, 1, NaN), c(2, NA, NA), c(3, 4, NaN)), NULL),
    list(list(c(NA, 1, NaN), c(2, NA, NA)), c(5L, 7L))
  ),
  # codes (with NA and 0), and logical hits of n rows or recycled
  r_names_of_bits = list(
    list(c(0L, 1L, 6L, NA, 7L, 6L), c("a", "b", "c"), ", ", 6),
    list(list(c(TRUE, NA, FALSE, TRUE), TRUE), c("x", "y"), "; ", 4),
    list(integer(), character(), ", ", 0)
  ),
  # states with NA, each test, a label of two terms, no rows
  r_names_of_states = list(
    list(list(c(2L, -1L, NA, 1L), c(-2L, 1L, 1L, NA)),
         list(c(1L, 3L), c(1L, 1L, 2L, 2L)), c("x", "y"), "; ", 4),
    list(list(integer()), list(c(1L, 1L)), "x", "; ", 0)
  ),
  r_stage_tables = list(list()),
  r_constants = list(list()),
  # B2M in mg/L against its limit (a measurement in the same unit)
  r_b2m_classify = list(
    list(measurement(c(2.69, 2.7, 2.71, NA), 200), measurement(2.7, 200)),
    list(measurement(c(1L, NA, 3L), 200), measurement(c(2.7, 2.7, NA), 200)),
    list(measurement(c(-1, 250, 2), 200), measurement(c(0, 2.7, 2.7), 200)),
    # censored results (">20", "<0.5", ">=2.7"), and a bad bound ("<0")
    list(c(measurement(c(NA, NA, NA, 2), 200),
           list(censor = c(3L, 1L, 4L, 0L), bound = c(20, 0.5, 2.7, NA))),
         measurement(2.7, 200)),
    list(c(measurement(c(NA, 2), 200), list(censor = c(1L, 0L), bound = c(0, NA))),
         measurement(2.7, 200))
  ),
  r_b2m_fold_uln = list(
    list(measurement(c(2.7, 5.4, NA), 200), measurement(2.7, 200)),
    list(measurement(NA, 200), measurement(c(2.7, 3), 200)),
    list(measurement(c(1, -2, 3), 200), measurement(c(2.7, 2.7, 0), 200))
  )
)


# A unit per row, and a row outside its own unit's range (the bad-values
# record), for each routine that reads one.
gctorture_cases$r_egfr_ckdepi <- c(gctorture_cases$r_egfr_ckdepi, list(
  list(0L, per_row(c(1, 106, NA), "creatinine", c("mg/dL", "umol/L", NA)),
       cys(NA_real_), years(50), sex("F")),
  list(0L, per_row(c(1, 1e5), "creatinine", c("mg/dL", "umol/L")),
       cys(NA_real_), years(50), sex("F"))))
gctorture_cases$r_egfr_schwartz <- c(gctorture_cases$r_egfr_schwartz, list(
  list(per_row(c(0.5, 40), "creatinine", c("mg/dL", "umol/L")),
       measurement(c(120, 100), 300, num = 100))))
gctorture_cases$r_egfr_b2m <- c(gctorture_cases$r_egfr_b2m, list(
  list(per_row(c(1.5, 212, 3e4), "b2m", c("mg/L", "nmol/L", "nmol/L")))))
gctorture_cases$r_b2m_excess <- c(gctorture_cases$r_b2m_excess, list(
  list(per_row(c(1.5, 212), "b2m", c("mg/L", "nmol/L")), gfr(c(95, 60)))))
gctorture_cases$r_urine_ratio <- c(gctorture_cases$r_urine_ratio, list(
  list(per_row(c(450, 0.12), "b2m_urine", c("ug/L", "mg/L")),
       per_row(c(150, 2.6), "creatinine_urine", c("mg/dL", "mmol/L")),
       measurement(NA_real_, 1.2), 0, 20)))
# Staging with B2M in a unit per row, as the engine reads it itself: a
# character column (its strings' pointers), a factor of unit names (its
# codes, one missing), and a string that is no unit name (R reads the
# column's own labels).
gctorture_cases$r_stage <- c(gctorture_cases$r_stage, lapply(
  list(c("mg/L", "mg/dL", "mg/L", "mg/dL"),
       factor(c("mg/L", "mg/dL", "mg/L", NA)),
       c("mg/L", "MG/DL", "mg/L", "mg/dL")),
  function(unit) {
    values <- c(stage_units[names(stage_units) != "b2m_unit"],
                list(b2m = c(3, 0.6, 6, NA), albumin = c(4, 4, 3, 3),
                     b2m_unit = unit))
    criteria <- seq_len(sum(b2m:::staging_rules()$system == "iss"))
    list("iss", b2m:::staging_inputs("iss", values, NULL), FALSE, TRUE,
         criteria, TRUE)
  }))
gctorture_cases$r_b2m_pattern <- c(gctorture_cases$r_b2m_pattern, list(
  list(per_row(c(2, 400), "b2m", c("mg/L", "nmol/L")), measurement(2.7, 200),
       per_row(c(400, 0.1), "b2m_urine", c("ug/L", "mg/L")),
       measurement(300, 2e6, num = 1000), measurement(c(6, 5), 14))))
gctorture_cases$r_b2m_reduction_ratio <- c(gctorture_cases$r_b2m_reduction_ratio, list(
  list(per_row(c(30, 2550), "b2m", c("mg/L", "nmol/L")),
       per_row(c(12, 850), "b2m", c("mg/L", "nmol/L")),
       measurement(NA_real_, 500, 0.5), measurement(NA_real_, 500, 0.5),
       0.15, FALSE)))
gctorture_cases$r_b2m_classify <- c(gctorture_cases$r_b2m_classify, list(
  list(per_row(c(2, 400, -1), "b2m", c("mg/L", "nmol/L", "mg/L")),
       measurement(2.7, 200)),
  # the limit too, and a zero limit (the bad-values record)
  list(per_row(c(2, 400, 3), "b2m", c("mg/L", "nmol/L", "mg/L")),
       per_row(c(2.7, 230, 0), "b2m", c("mg/L", "nmol/L", "mg/L")))))
gctorture_cases$r_b2m_fold_uln <- c(gctorture_cases$r_b2m_fold_uln, list(
  list(per_row(c(2, 400, NA), "b2m", c("mg/L", "nmol/L", "ug/L")),
       per_row(c(2.7, 230, 2700), "b2m", c("mg/L", "nmol/L", "ug/L")))))
test_that("every registered .Call entry point has a gctorture case", {
  registered <- names(getDLLRegisteredRoutines("b2m")$.Call)
  expect_setequal(names(gctorture_cases), registered)
})

# The library the loaded b2m was installed into, or NULL when it was loaded
# from the source tree (pkgload::load_all()), which an Rscript cannot load.
installed_library <- function() {
  path <- find.package("b2m")
  if (file.exists(file.path(path, "Meta", "package.rds"))) dirname(path)
}

# Runs gc-scan.R over the cases of one routine in a fresh R process (so that a
# crash ends that process only): what it saved, with `died` (what was seen)
# when it ended early.
scan_routine <- function(name, cases, lib, torture_calls = 20) {
  files <- tempfile(c("gc-job-", "gc-result-", "gc-out-", "gc-err-"))
  log <- paste0(files[[2]], ".log")
  on.exit(unlink(c(files, log)))
  saveRDS(list(routine = name, cases = cases, torture_calls = torture_calls),
          files[[1]])
  # R CMD check's R_TESTS names a startup file relative to tests/.
  status <- system2(file.path(R.home("bin"), "Rscript"),
                    shQuote(c(test_path("gc-scan.R"), lib, files[1:2])),
                    stdout = files[[3]], stderr = files[[4]], env = "R_TESTS=")
  scan <- if (file.exists(files[[2]])) readRDS(files[[2]]) else list()
  if (status != 0)
    scan$died <- died(name, status, files[[3]], c(log, files[[4]]))
  scan
}

# What a scan process that ended early left: its last progress line and the
# end of what R wrote (the collection reports left out).
died <- function(name, status, progress, outputs) {
  lines <- function(file) if (file.exists(file)) readLines(file, warn = FALSE)
  last <- utils::tail(lines(progress), 1)
  said <- unlist(lapply(outputs, lines))
  said <- said[!grepl("^Garbage collection|Mbytes of .* used", said)]
  paste(c(sprintf("%s: the R process scanning it ended (status %s) during %s",
                  name, status, if (length(last)) last else "start-up"),
          utils::tail(said, 20)), collapse = "\n")
}

test_that("no collection at any allocation of a .Call changes its result", {
  skip_on_cran()
  # `make valgrind` sets this: the collections take many minutes under
  # valgrind and check nothing valgrind does not.
  skip_if(nzchar(Sys.getenv("B2M_SKIP_GCTORTURE")), "gctorture skipped")
  lib <- installed_library()
  skip_if(is.null(lib), "the scan needs b2m installed")
  for (name in names(gctorture_cases)) {
    scan <- scan_routine(name, gctorture_cases[[name]], lib)
    if (!is.null(scan$died)) fail(scan$died)
    for (i in seq_along(scan$scans)) {
      case <- scan$scans[[i]]
      where <- sprintf("%s, case %d (%d allocations)", name, i, case$count)
      # Each forced collection happened inside the call: the scan covered it.
      expect_gt(case$count, 0, label = where)
      expect_identical(case$collected, case$count, info = where)
      # The allocations at which the result differed from an unforced call.
      expect_identical(case$differing, integer(), info = where)
    }
    # The cases whose result differed under gctorture(TRUE).
    if (is.null(scan$died))
      expect_identical(scan$torture_differing, integer(), info = name)
  }
})
