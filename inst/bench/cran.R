# Installs the CRAN packages the benchmarks compare with into the
# benchmark's own library (inst/bench/lib, build-ignored), never into the
# package's Imports or Suggests, and records for RESULTS.md which installed
# and, for those that did not, why. Run by `make bench` before the scripts.
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE),
                                                  value = TRUE)[1])), "common.R"))

comparators <- data.frame(
  pkg = c("kidney.epi", "nephro", "cliot"),
  used_for = c("eGFR (CKD-EPI 2021 creatinine, 2021 creatinine-cystatin C), KDIGO G category",
               "eGFR (CKD-EPI 2021 creatinine, 2012 cystatin C, 2021 creatinine-cystatin C)",
               "ISS and R-ISS (scalar: row by row)"),
  stringsAsFactors = FALSE
)

dir.create(bench_lib, recursive = TRUE, showWarnings = FALSE)
.libPaths(c(bench_lib, .libPaths()))

install_one <- function(pkg) {
  if (cran_available(pkg)) return("installed")
  notes <- character()
  outcome <- withCallingHandlers(
    tryCatch({
      utils::install.packages(pkg, lib = bench_lib,
                              repos = "https://cloud.r-project.org", quiet = TRUE)
      "installed"
    }, error = function(e) conditionMessage(e)),
    warning = function(w) {
      notes <<- c(notes, conditionMessage(w))
      invokeRestart("muffleWarning")
    }
  )
  if (cran_available(pkg)) return("installed")
  paste(c(outcome[outcome != "installed"], notes), collapse = "; ")
}

comparators$status <- vapply(comparators$pkg, install_one, "")
comparators$version <- vapply(comparators$pkg, function(pkg) {
  if (cran_available(pkg)) as.character(utils::packageVersion(pkg, lib.loc = bench_lib))
  else NA_character_
}, "")
print(comparators[c("pkg", "version", "status")], row.names = FALSE)
saveRDS(comparators, file.path(bench_out, "cran.rds"))
