# The gc-window scan of one .Call routine, run by test-gctorture.R in a fresh
# R process per routine: a crash then ends this process only, and the test
# names the routine, the case and the allocation at which it died.
#
# Usage: Rscript gc-scan.R <library> <job.rds> <result.rds>
# job.rds holds list(routine = name, cases = list of argument lists,
# torture_calls = calls to make under gctorture(TRUE)). Before each forced
# call "case i allocation k" is written to stdout (flushed), so the last line
# names the call that crashed. result.rds receives, per case, list(count,
# collected, differing), and the cases of the torture loop whose result
# differed.
#
# Why one collection at a time: gctorture(TRUE) collects at every allocation,
# so an object the glue allocates is promoted to an older generation at the
# next allocation while it is still protected, and the collections of the
# youngest generation that follow never look at it again: an UNPROTECT before
# the last allocation goes unseen (#11). A single collection forced at
# allocation k, with none before it in the call, meets every object the call
# made young, and frees it if nothing protects it. The allocations are those
# the call makes: Rf_mkChar() of a string R already holds (a name the
# expected result or the package's code keeps alive) allocates nothing, so
# no collection is forced there.

args <- commandArgs(trailingOnly = TRUE)
# Nothing is byte-compiled here: the JIT would otherwise compile a loop or a
# function while a collection is armed (a top-level loop under gctorture(TRUE)
# takes minutes to compile) and shift the allocation counts between calls.
invisible(compiler::enableJIT(0))
library(b2m, lib.loc = args[[1]])
job <- readRDS(args[[2]])
symbol <- getDLLRegisteredRoutines("b2m")$.Call[[job$routine]]$address
calls <- lapply(job$cases,
                function(a) as.call(c(list(quote(.Call), symbol), a)))

# Whether a collection happened is read from R's own report: with
# gcinfo(TRUE) R writes a line on the message stream at every collection,
# sunk here into a file (<result.rds>.log, which keeps R's report of a crash
# for the test to show), so the file grows iff one happened. (Rprofmem logs
# only large vectors and new pages of small ones, not each allocation that
# gctorture2 counts; a finalizer runs later than the collection, not in it.)
gc_log <- file(paste0(args[[3]], ".log"), open = "w+b")

# `call` with one collection forced at the k-th allocation after arming
# (gctorture2(step, wait = k): the first at allocation k, the next `step`
# allocations later, i.e. never here). The count includes the few
# allocations of eval() and of the calls that arm and disarm; an error ends
# the process (the test then reports the call and the log).
forced_at <- function(call, k) {
  before <- seek(gc_log, rw = "write")
  sink(gc_log, type = "message")
  gcinfo(TRUE)
  gctorture2(1e8, wait = k)
  value <- eval(call)
  gctorture2(0)
  gcinfo(FALSE)
  sink(type = "message")
  list(value = value, collected = seek(gc_log, rw = "write") > before)
}

collects_at <- function(call, k) forced_at(call, k)$collected

# Hands out again the nodes a collection freed, before the comparison: R
# reuses the garbage of each size class of small vectors (up to 16 doubles)
# in the order it was allocated, so a result the collection freed is
# overwritten here rather than, by chance, still holding its values.
overwrite_freed <- function() {
  lapply(rep(c(1, 2, 4, 8, 16), each = 100), rep.int, x = -1e300)
}

# The allocations of `call`: the largest k at which the forced collection
# still falls inside it (doubling, then bisection; whether it does is
# monotone in k). A collection R starts on its own can only make the call
# look longer, so scan_case() takes the smaller of two measurements.
allocation_count <- function(call) {
  if (!collects_at(call, 1)) return(0L)
  low <- 1
  while (collects_at(call, 2 * low)) {
    low <- 2 * low
    if (low > 2^24) stop("no end to the allocations of ", job$routine)
  }
  high <- 2 * low
  while (high - low > 1) {
    mid <- (low + high) %/% 2
    if (collects_at(call, mid)) low <- mid else high <- mid
  }
  as.integer(low)
}

scan_case <- function(i) {
  call <- calls[[i]]
  expected <- eval(call)
  count <- min(allocation_count(call), allocation_count(call))
  collected <- 0L
  differing <- integer()
  for (k in seq_len(count)) {
    cat("case", i, "allocation", k, "\n")
    flush(stdout())
    got <- forced_at(call, k)
    junk <- overwrite_freed()
    collected <- collected + got$collected
    if (!identical(got$value, expected)) differing <- c(differing, k)
  }
  list(count = count, collected = collected, differing = differing)
}

scans <- lapply(seq_along(calls), scan_case)
saveRDS(list(scans = scans), args[[3]]) # kept if the loop below crashes

# The loop under gctorture(TRUE): the cases in turn, torture_calls in all, so
# that objects of earlier calls age and older generations are collected too.
cat("torture loop\n")
flush(stdout())
expected <- lapply(calls, eval)
order <- rep_len(seq_along(calls), job$torture_calls)
got <- vector("list", length(order))
gctorture(TRUE)
# `got[j] <- list()`: a routine returning NULL must keep its place
for (j in seq_along(order)) got[j] <- list(eval(calls[[order[[j]]]]))
gctorture(FALSE)
junk <- overwrite_freed()
torture_differing <- unique(order[!mapply(identical, got, expected[order])])

saveRDS(list(scans = scans, torture_differing = torture_differing), args[[3]])
