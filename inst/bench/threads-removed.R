# How inst/bench/threads-removed.csv was measured: options(b2m.threads = 1)
# against 2 in interleaved rounds (the order of the two drawn at random in
# each), elapsed and CPU time per call, on the package as it was before
# OpenMP was removed (commit 91680b4). It does not run against the package
# now (there is no option to set); it is not a bench-*.R script, so `make
# bench` leaves it alone. Usage: Rscript threads-removed.R rows rounds
# calls_per_round out.csv
library(b2m)
args <- commandArgs(TRUE)
n <- as.numeric(args[1]); rounds <- as.integer(args[2]); reps <- as.integer(args[3])
out <- args[4]
set.seed(1)
flag <- function() sample(c(TRUE, FALSE, NA), n, TRUE, c(0.45, 0.45, 0.1))
num <- function(lo, hi) { x <- runif(n, lo, hi); x[sample.int(n, n %/% 20)] <- NA; x }
d <- list(b2m = num(0.5, 9), albumin = num(2, 5), age = num(30, 90),
          hb = num(8, 16), plt = num(50, 400), igm = num(0.5, 8), ldh = num(100, 500),
          node = num(1, 10), stage = sample(c("A", "B", "C", "0", "I", "II", "III", "IV"), n, TRUE),
          f1 = flag(), f2 = flag(), f3 = flag(), f4 = flag())
calls <- list(
  stage_iss = function() stage_iss(d$b2m, d$albumin),
  stage_riss = function() stage_riss(d$b2m, d$albumin, d$f1, d$f2, d$f3, d$f4),
  stage_r2iss = function() stage_r2iss(d$b2m, d$albumin, d$f1, d$f2, d$f3, d$f4),
  stage_ipsswm = function() stage_ipsswm(d$age, d$hb, d$plt, d$b2m, d$igm),
  stage_ripsswm = function() stage_ripsswm(d$age, d$b2m, d$ldh, d$albumin),
  stage_flipi2 = function() stage_flipi2(d$age, d$b2m, 2.7, d$node, d$f1, d$hb),
  stage_prima_pi = function() stage_prima_pi(d$b2m, d$f1),
  stage_cll_ipi = function() stage_cll_ipi(d$f1, d$f2, d$b2m, d$stage, d$age),
  score_r2iss = function() score_r2iss(d$b2m, d$albumin, d$f1, d$f2, d$f3, d$f4))
time_one <- function(f, threads) {
  old <- options(b2m.threads = threads); on.exit(options(old))
  gc(FALSE)
  t <- system.time(for (i in seq_len(reps)) r <- f(), gcFirst = FALSE)
  c(elapsed = t[["elapsed"]] / reps, cpu = (t[["user.self"]] + t[["sys.self"]]) / reps)
}
# same answer first
for (fn in names(calls)) {
  one <- { options(b2m.threads = 1); calls[[fn]]() }
  two <- { options(b2m.threads = 2); calls[[fn]]() }
  stopifnot(identical(one, two))
}
options(b2m.threads = 1)
for (fn in names(calls)) invisible(calls[[fn]]())
res <- list()
for (r in seq_len(rounds)) {
  for (fn in names(calls)) {
    for (threads in sample(1:2)) {
      t <- time_one(calls[[fn]], threads)
      res[[length(res) + 1]] <- data.frame(rows = n, fn = fn, round = r, threads = threads,
        elapsed = t[["elapsed"]], cpu = t[["cpu"]],
        load1 = as.numeric(strsplit(readLines("/proc/loadavg"), " ")[[1]][1]))
    }
  }
}
res <- do.call(rbind, res)
write.csv(res, out, row.names = FALSE)
s <- aggregate(cbind(elapsed, cpu) ~ fn + threads, res, median)
w <- reshape(s, idvar = "fn", timevar = "threads", direction = "wide")
w$speedup <- w$elapsed.1 / w$elapsed.2
# per-round ratio median
rr <- aggregate(elapsed ~ fn + round, res, function(e) e[1])
ratio <- sapply(split(res, res$fn), function(x) {
  a <- x[x$threads == 1, ]; b <- x[x$threads == 2, ]
  median(a$elapsed[order(a$round)] / b$elapsed[order(b$round)])
})
w$ratio_median <- ratio[w$fn]
print(w, digits = 3)
cat("load during run:", range(res$load1), "\n")
