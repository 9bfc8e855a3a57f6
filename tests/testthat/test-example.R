test_that("the example cohort has the documented columns and types", {
  cohort <- b2m_example("cohort")
  expect_identical(nrow(cohort), 500L)
  expect_true(all(c("id", "age", "sex", "b2m", "albumin", "ldh", "ldh_uln",
                    "creatinine", "cystatin", "del17p", "tp53",
                    "clinical_stage", "urine_b2m", "urine_ph") %in% names(cohort)))
  expect_type(cohort$del17p, "logical")
  expect_type(cohort$b2m, "double")
  expect_true(anyNA(cohort$b2m))
  expect_false(anyDuplicated(cohort$id) > 0)
})

test_that("the follow-up data are long format with dates", {
  followup <- b2m_example("followup")
  expect_identical(names(followup), c("id", "date", "b2m"))
  expect_s3_class(followup$date, "Date")
  expect_identical(length(unique(followup$id)), 100L)
  expect_error(b2m_example("other"), class = "b2m_error_value")
})

test_that("the laboratory extract is long format with results as text", {
  extract <- b2m_example("lab_extract")
  expect_identical(names(extract), c("patient", "date", "lab", "test_code",
                                     "test_name", "result", "unit", "ref_high"))
  expect_s3_class(extract$date, "Date")
  expect_type(extract$result, "character")
  expect_true(all(c("<500", ">20", "40 g/L", "hemolysed") %in% extract$result))
  expect_setequal(extract$lab, c("A", "B"))
})
