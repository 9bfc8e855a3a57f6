# Significant change between two results: the reference change value (RCV)
# from the analytical (CVA) and within-subject biological (CVI) variation.

# The limits of the relative change d = (x2 - x1) / x1 beyond which a change
# is significant: `d > up` or `d < down`, strictly. CVs are fractions.
# Symmetric (Fraser 2012): +/- sqrt(2) z sqrt(cva^2 + cvi^2). Log-normal: with
# sigma^2 = ln(1 + cva^2 + cvi^2), exp(+/- sqrt(2) z sigma) - 1, so that a
# fall and a rise of the same log size are equally significant.
rcv_limits <- function(cva, cvi, z, form) {
  if (form == "symmetric") {
    half <- sqrt(2) * z * sqrt(cva^2 + cvi^2)
    return(c(down = -half, up = half))
  }
  sigma <- sqrt(log(1 + cva^2 + cvi^2))
  c(down = exp(-sqrt(2) * z * sigma) - 1, up = exp(sqrt(2) * z * sigma) - 1)
}
