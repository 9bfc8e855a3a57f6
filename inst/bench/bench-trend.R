# Benchmark of b2m_trend() and its summary: 1e6 rows over 1e5 patients,
# rows shuffled. Not a test; run with
#   R_LIBS=build/lib Rscript inst/bench/bench-trend.R
library(b2m)

set.seed(1)
patients <- 1e5
rows <- 1e6
id <- sprintf("P%06d", sample(patients, rows, replace = TRUE))
date <- as.Date("2015-01-01") + sample(0:3650, rows, replace = TRUE)
data <- data.frame(id = id, date = date, b2m = round(exp(rnorm(rows, 1, 0.5)), 2))
data <- data[!duplicated(data[c("id", "date")]), ]
data$b2m[sample(nrow(data), nrow(data) %/% 20)] <- NA
cat(sprintf("%s rows, %s patients\n", format(nrow(data), big.mark = ","),
            format(length(unique(data$id)), big.mark = ",")))

time_it <- function(label, expr) {
  elapsed <- system.time(expr)[["elapsed"]]
  cat(sprintf("%-28s %6.3f s\n", label, elapsed))
}

for (run in 1:3) {
  time_it("b2m_trend()", tr <- b2m_trend(data, time = "date"))
  time_it("summary(<b2m_trend>)", s <- summary(tr))
}
# The same with integer patient codes (no string hashing).
data$id <- match(data$id, unique(data$id))
time_it("b2m_trend(), integer ids", tr <- b2m_trend(data, time = "date"))
time_it("summary(), integer ids", s <- summary(tr))
