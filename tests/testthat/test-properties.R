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
