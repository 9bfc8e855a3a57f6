library(testthat)
library(b2m)

test_check("b2m")
