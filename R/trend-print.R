# Printing of b2m_trend() results and their summaries.

# "1 patient", "1,200 patients"
count_of <- function(n, noun) {
  paste(format(n, big.mark = ","), if (n == 1) noun else paste0(noun, "s"))
}

# Printing never fails: a column subset that lost the attributes prints as
# the data frame it is.
#' @export
print.b2m_trend <- function(x, ...) {
  columns <- attr(x, "columns")
  if (!is.null(columns) && !is.null(attr(x, "unit")) &&
      columns[["id"]] %in% names(x)) {
    cat(sprintf("<b2m_trend> %s, %s, B2M in %s\n", count_of(nrow(x), "row"),
                count_of(length(unique(x[[columns[["id"]]]])), "patient"),
                attr(x, "unit")))
  }
  print(structure(x, class = "data.frame"), ...)
  invisible(x)
}

#' @export
print.summary.b2m_trend <- function(x, ...) {
  if (!is.null(attr(x, "falling"))) {
    cat(sprintf(paste0("B2M trends of %s (%s); log slope per %s: ",
                       "falling < %s, rising > %s\n"),
                count_of(nrow(x), "patient"), attr(x, "unit"),
                attr(x, "slope_per"), format(attr(x, "falling")),
                format(attr(x, "rising"))))
  }
  print(structure(x, class = "data.frame"), ...)
  invisible(x)
}
