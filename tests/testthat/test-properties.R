# Row properties (helper-properties.R) over random inputs with missing values.

b2m_columns <- list(
  b2m = random_numeric(0, 12),
  b2m_uln = random_numeric(1.5, 3.2),
  sex = random_choice(c("female", "male")),
  treated = random_logical()
)

test_that("the vectorized functions are row-wise with missing values", {
  expect_rowwise(function(b2m, b2m_uln) b2m_classify(b2m, uln = b2m_uln),
                 b2m_columns[c("b2m", "b2m_uln")])
  expect_rowwise(function(b2m, b2m_uln) b2m_fold_uln(b2m, uln = b2m_uln),
                 b2m_columns[c("b2m", "b2m_uln")])
  expect_rowwise(function(b2m) b2m_convert(b2m, "mg/L", "nmol/L"),
                 b2m_columns["b2m"])
})

clinical_columns <- list(
  b2m = random_numeric(0.5, 12),
  albumin = random_numeric(2, 5),
  creatinine = random_numeric(0.4, 6),
  cystatin = random_numeric(0.5, 5),
  age = random_numeric(18, 95),
  sex = random_choice(c("female", "male")),
  egfr = random_numeric(5, 130),
  urine_b2m = random_numeric(50, 5000),
  urine_ph = random_numeric(4.5, 8),
  weight_pre = random_numeric(60, 90),
  ldh = random_numeric(100, 600),
  hemoglobin = random_numeric(8, 16),
  platelets = random_numeric(50, 400),
  igm = random_numeric(0.2, 8),
  node = random_numeric(1, 10),
  flag1 = random_logical(),
  flag2 = random_logical(),
  flag3 = random_logical(),
  flag4 = random_logical(),
  binet = random_choice(c("A", "B", "C")),
  del17p_ccf = random_numeric(0, 60),
  del1p32 = random_choice(c("none", "monoallelic", "biallelic"))
)

test_that("the kidney, pattern and dialysis functions are row-wise", {
  cols <- clinical_columns
  expect_rowwise(egfr_ckdepi_cr, cols[c("creatinine", "age", "sex")])
  expect_rowwise(egfr_ckdepi_cys, list(cystatin = cols$cystatin, age = cols$age,
                                       sex = cols$sex))
  expect_rowwise(egfr_ckdepi_crcys, cols[c("creatinine", "cystatin", "age",
                                           "sex")])
  expect_rowwise(egfr_b2m, cols["b2m"])
  expect_rowwise(b2m_expected, cols["egfr"])
  expect_rowwise(b2m_excess, cols[c("b2m", "egfr")])
  expect_rowwise(gfr_category, cols["egfr"])
  # Acid urine warns; the warning is about the rows, not the property.
  expect_rowwise(function(b2m, urine_b2m, urine_ph) {
    suppressWarnings(b2m_pattern(b2m, urine_b2m, urine_ph = urine_ph))
  }, cols[c("b2m", "urine_b2m", "urine_ph")])
  expect_rowwise(function(b2m, albumin, weight_pre) {
    b2m_reduction_ratio(b2m * 3, b2m, weight_pre, weight_pre - albumin)
  }, cols[c("b2m", "albumin", "weight_pre")])
})

test_that("every staging function is row-wise", {
  cols <- clinical_columns
  # a generator for each input of the rule table: flags in turn, a
  # laboratory limit in albumin's range, the node diameter, a clinical stage
  generator <- function(input, kind, k) {
    if (input == "clinical_stage") return(cols["binet"])
    if (kind == "level") return(cols[input])
    if (kind == "flag") return(cols[paste0("flag", (k - 1) %% 4 + 1)])
    if (kind == "limit") return(cols["albumin"])
    if (input == "node_diameter_cm") return(cols["node"])
    cols[input]
  }
  spec <- b2m:::staging_input_table()
  systems <- b2m:::staging_systems()
  for (i in seq_len(nrow(systems))) {
    mine <- spec[spec$system == systems$system[i], ]
    flag_number <- cumsum(mine$kind == "flag")
    gens <- do.call(c, lapply(seq_len(nrow(mine)), function(k) {
      generator(mine$input[k], mine$kind[k], flag_number[k])
    }))
    names(gens) <- mine$input
    for (fun in stats::na.omit(c(systems$stage_fun[i], systems$score_fun[i]))) {
      expect_rowwise(get(fun), gens)
    }
  }
})

test_that("a data frame keeps its rows and columns through new B2M columns", {
  add_b2m_columns <- function(data) {
    data$b2m_class <- b2m_classify(data$b2m, uln = data$b2m_uln)
    data$b2m_fold <- b2m_fold_uln(data$b2m, uln = data$b2m_uln)
    data$b2m_ug_l <- b2m_convert(data$b2m, "mg/L", "ug/L")
    data
  }
  expect_keeps_rows(add_b2m_columns, b2m_columns)
})

test_that("a conversion there and back is the identity, NA where NA", {
  units <- c("mg/L", "ug/L", "mg/dL", "nmol/L", "ng/mL", "ug/mL")
  with_seed(2, for (from in units) for (to in units) {
    x <- random_numeric(0, 50)(100)
    back <- b2m_convert(b2m_convert(x, from, to), to, from)
    expect_identical(is.na(back), is.na(x))
    expect_equal(back, x, tolerance = 1e-14)
  })
})

test_that("the property helpers fail on a function that loses or moves rows", {
  expect_failure(expect_keeps_rows(function(d) d[!is.na(d$b2m), ], b2m_columns))
  expect_failure(expect_keeps_rows(function(d) d[rev(seq_len(nrow(d))), ],
                                   b2m_columns))
  expect_failure(expect_keeps_rows(function(d) transform(d, b2m = b2m * 1000),
                                   b2m_columns))
  expect_failure(expect_rowwise(function(b2m) cumsum(b2m), b2m_columns["b2m"]))
  expect_failure(expect_rowwise(function(b2m) b2m[!is.na(b2m)],
                                b2m_columns["b2m"]))
})

# Every input of b2m_annotate()'s convention, with missing values everywhere.
convention_columns <- list(
  b2m = random_numeric(0.5, 12), b2m_uln = random_numeric(2, 3),
  albumin = random_numeric(2, 5), ldh = random_numeric(100, 600),
  ldh_uln = random_numeric(200, 250), age = random_numeric(18, 95),
  sex = random_choice(c("female", "male", "F", "M")),
  creatinine = random_numeric(0.4, 6), cystatin = random_numeric(0.5, 5),
  hemoglobin = random_numeric(8, 16), platelets = random_numeric(50, 400),
  igm = random_numeric(0.2, 8), del17p = random_logical(),
  t4_14 = random_logical(), t14_16 = random_logical(),
  gain1q = random_logical(), tp53 = random_logical(),
  ighv_unmutated = random_logical(),
  clinical_stage = random_choice(c("A", "B", "C", "0", "II")),
  bone_marrow = random_logical(), node_diameter_cm = random_numeric(1, 10),
  urine_b2m = random_numeric(50, 5000), urine_ph = random_numeric(4.5, 8)
)

test_that("b2m_annotate() and b2m_interpret() keep every row and column", {
  # Acid urine warns about its rows; the property is about the rows kept.
  quietly <- function(fun) function(data) suppressWarnings(suppressMessages(fun(data)))
  expect_keeps_rows(quietly(b2m_annotate), convention_columns)
  expect_keeps_rows(quietly(b2m_interpret), convention_columns)
  # with only some inputs, and under other names
  expect_keeps_rows(quietly(function(data) {
    b2m_interpret(data, columns = c(b2m = "B2M"))
  }), list(B2M = random_numeric(0.5, 12), albumin = random_numeric(2, 5)))
})
