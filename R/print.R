# Printing of the package's data-frame classes (b2m_trend, its summary,
# b2m_by_egfr), and what keeps their printed headers true: the class and its
# attributes survive `[` and dplyr verbs only while every column of the
# object is still there, and attributes that would describe the rows are
# never carried along.

# The attributes each class needs, all describing columns or settings (none
# describes rows). Everything else is dropped when `[` or a dplyr verb makes a
# new object.
class_attributes <- list(
  b2m_trend = c("unit", "columns", "time_unit", "rcv"),
  summary.b2m_trend = c("unit", "slope_per", "falling", "rising", "trend_by",
                        "rcv"),
  b2m_by_egfr = "unit"
)

# Printed like a tibble: every row up to `print_max` rows, else the first
# `print_min` and a count of the rest.
print_max <- 20L
print_min <- 10L

# A b2m_trend on the data-frame class of `data`: a tibble's trend is a
# tibble, a data.table's a data.table (with its own column slots, so `:=`
# works), anything else a plain data frame. `trend` is a
# c("b2m_trend", "data.frame").
trend_in_class_of <- function(trend, data) {
  if (inherits(data, "data.table") &&
      requireNamespace("data.table", quietly = TRUE)) {
    class(trend) <- c("b2m_trend", "data.table", "data.frame")
    return(data.table::setalloccol(trend))
  }
  if (inherits(data, "tbl_df")) {
    class(trend) <- c("b2m_trend", "tbl_df", "tbl", "data.frame")
  }
  trend
}

# `data` (a new data frame made from `template` by `[` or a dplyr verb) with
# the class and attributes of `template` while it still has every column of
# `template` (rows may have gone, columns been added); otherwise without
# `own` (the package's class) and its attributes, as the data frame it is.
restore_class <- function(data, template, own) {
  if (!is.data.frame(data)) return(data)
  intact <- all(names(template) %in% names(data))
  class <- if (intact) class(template) else setdiff(class(template), own)
  kept <- if (intact) attributes(template)[class_attributes[[own]]]
  attributes(data) <- c(
    list(names = names(data), row.names = .row_names_info(data, 0L),
         class = class),
    kept[!vapply(kept, is.null, logical(1))]
  )
  data
}

# A data.table's `[` keeps its own semantics (`:=` modifies in place and
# returns invisibly), so it is passed through untouched; printing reads the
# data, so its header stays right.
restore_subset <- function(own) {
  function(x, ...) {
    if (inherits(x, "data.table")) return(NextMethod())
    restore_class(NextMethod(), x, own)
  }
}

#' @export
`[.b2m_trend` <- restore_subset("b2m_trend")

#' @export
`[.summary.b2m_trend` <- restore_subset("summary.b2m_trend")

#' @export
`[.b2m_by_egfr` <- restore_subset("b2m_by_egfr")

# dplyr's verbs rebuild their result through dplyr_reconstruct(); these
# methods are registered when dplyr is loaded (NAMESPACE, delayed).

#' @exportS3Method dplyr::dplyr_reconstruct
dplyr_reconstruct.b2m_trend <- function(data, template) {
  restore_class(data, template, "b2m_trend")
}

#' @exportS3Method dplyr::dplyr_reconstruct
dplyr_reconstruct.summary.b2m_trend <- function(data, template) {
  restore_class(data, template, "summary.b2m_trend")
}

#' @exportS3Method dplyr::dplyr_reconstruct
dplyr_reconstruct.b2m_by_egfr <- function(data, template) {
  restore_class(data, template, "b2m_by_egfr")
}

# "1 patient", "1,200 patients"
count_of <- function(n, noun) {
  paste(format(n, big.mark = ","), if (n == 1) noun else paste0(noun, "s"))
}

# The header, then the rows: a tibble or a data.table prints as it always
# does (its own header and its own choice of rows), a plain data frame shows
# its first rows like a tibble. `header` is NULL for an object that has lost
# what the header needs.
print_framed <- function(x, header, own, n = NULL, ...) {
  # A data.table prints nothing right after `:=` (data.table::shouldPrint()
  # says so, once); nor does its header.
  if (inherits(x, "data.table") && requireNamespace("data.table",
                                                    quietly = TRUE) &&
      !data.table::shouldPrint(x)) {
    return(invisible(x))
  }
  if (!is.null(header)) cat(header, "\n", sep = "")
  base <- setdiff(class(x), own)
  plain <- structure(x, class = base)
  if (!identical(base, "data.frame")) {
    print(plain, n = n, ...)
    return(invisible(x))
  }
  rows <- nrow(x)
  shown <- if (!is.null(n)) min(n, rows) else if (rows > print_max) print_min
    else rows
  print(structure(plain[seq_len(shown), , drop = FALSE], class = "data.frame"),
        ...)
  if (shown < rows) {
    cat(sprintf("# ... and %s more %s\n", format(rows - shown, big.mark = ","),
                if (rows - shown == 1) "row" else "rows"))
  }
  invisible(x)
}

#' Print a B2M trend, its summary or a B2M-by-eGFR table
#'
#' A header (rows, patients and unit, counted from the data as it is now),
#' then the rows. A plain data frame shows all its rows up to 20, else the
#' first 10 and how many more there are (as a tibble does); a trend built
#' from a tibble or a data.table prints as one, under the header.
#'
#' The class survives `[`, [head()] and dplyr verbs (`filter()`,
#' `arrange()`, `mutate()`, ...) while every column of the object is still
#' there; an object that has lost a column (`x[, 1:3]`, `dplyr::count()`,
#' `dplyr::select()`, a renamed column) is the data frame it is, without the
#' header. Attributes other than those that describe the columns and the unit
#' are not kept.
#'
#' @param x A [b2m_trend()] result, its [summary()][summary.b2m_trend], or a
#'   [b2m_by_egfr()] result.
#' @param n Number of rows to show (plain data frames; passed on to a
#'   tibble's print method); by default all up to 20, else 10.
#' @param ... Passed to the print method of the underlying data frame.
#' @return `x`, invisibly.
#' @family monitoring
#' @name print.b2m_trend
#' @examples
#' tr <- b2m_trend(b2m_example("followup"), time = "date")
#' tr
#' print(tr, n = 3)
#' summary(tr)
#' # rows of a trend are a trend; a column subset is a plain data frame
#' tr[tr$id == "P003", ]
#' head(tr[, 1:3], 3)
NULL

#' @rdname print.b2m_trend
#' @export
print.b2m_trend <- function(x, n = NULL, ...) {
  columns <- attr(x, "columns")
  header <- if (!is.null(columns) && !is.null(attr(x, "unit")) &&
                columns[["id"]] %in% names(x)) {
    sprintf("<b2m_trend> %s, %s, B2M in %s", count_of(nrow(x), "row"),
            count_of(length(unique(x[[columns[["id"]]]])), "patient"),
            attr(x, "unit"))
  }
  print_framed(x, header, "b2m_trend", n, ...)
}

#' @rdname print.b2m_trend
#' @export
print.summary.b2m_trend <- function(x, n = NULL, ...) {
  rcv <- attr(x, "rcv")
  header <- if (identical(attr(x, "trend_by"), "rcv") && !is.null(rcv)) {
    sprintf(paste0("B2M trends of %s (%s); last value vs baseline beyond the ",
                   "reference change value: falling < %s %%, rising > +%s %%"),
            count_of(nrow(x), "patient"), attr(x, "unit"),
            format(round(rcv$limits[["down"]], 2)),
            format(round(rcv$limits[["up"]], 2)))
  } else if (!is.null(attr(x, "falling"))) {
    sprintf(paste0("B2M trends of %s (%s); log slope per %s: ",
                   "falling < %s, rising > %s"),
            count_of(nrow(x), "patient"), attr(x, "unit"),
            attr(x, "slope_per"), format(attr(x, "falling")),
            format(attr(x, "rising")))
  }
  print_framed(x, header, "summary.b2m_trend", n, ...)
}

#' @rdname print.b2m_trend
#' @export
print.b2m_by_egfr <- function(x, n = NULL, ...) {
  header <- if (!is.null(attr(x, "unit")) &&
                all(c("egfr", "b2m") %in% names(x))) {
    sprintf("<b2m_by_egfr> %s, %d with B2M and eGFR; B2M in %s",
            count_of(nrow(x), "row"),
            sum(is.finite(x$egfr) & is.finite(x$b2m)), attr(x, "unit"))
  }
  print_framed(x, header, "b2m_by_egfr", n, ...)
}
