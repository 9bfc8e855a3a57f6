# The reference change value: every worked value of clinical-rules-2.md H.3.

test_that("the symmetric RCV reproduces H.3", {
  rcv <- function(cva, cvi) b2m:::rcv_limits(cva, cvi, 1.96, "symmetric")
  expect_equal(unname(rcv(0.02, 0.04)), c(-0.1240, 0.1240), tolerance = 5e-5 / 0.124)
  expect_equal(unname(rcv(0.025, 0.05)), c(-0.1550, 0.1550), tolerance = 5e-5 / 0.155)
  expect_equal(unname(rcv(0.03, 0.059)), c(-0.1835, 0.1835), tolerance = 5e-5 / 0.1835)
  expect_equal(unname(rcv(0.03, 0.10)), c(-0.2894, 0.2894), tolerance = 5e-5 / 0.2894)
})

test_that("the log-normal RCV reproduces H.3 at z 1.96 and 1.645", {
  h3 <- rbind(
    c(0.02, 0.04, 0.1319, -0.1165, 0.1096, -0.0988),
    c(0.025, 0.05, 0.1675, -0.1434, 0.1388, -0.1219),
    c(0.03, 0.059, 0.2011, -0.1675, 0.1663, -0.1426),
    c(0.03, 0.10, 0.3346, -0.2507, 0.2741, -0.2151)
  )
  for (i in seq_len(nrow(h3))) {
    two <- b2m:::rcv_limits(h3[i, 1], h3[i, 2], 1.96, "lognormal")
    one <- b2m:::rcv_limits(h3[i, 1], h3[i, 2], 1.645, "lognormal")
    expect_lt(abs(two[["up"]] - h3[i, 3]), 5e-5 + 1e-12)
    expect_lt(abs(two[["down"]] - h3[i, 4]), 5e-5 + 1e-12)
    expect_lt(abs(one[["up"]] - h3[i, 5]), 5e-5 + 1e-12)
    expect_lt(abs(one[["down"]] - h3[i, 6]), 5e-5 + 1e-12)
  }
})
