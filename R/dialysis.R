# B2M reduction over a dialysis session.

# The largest change of body weight over one session the correction accepts,
# as a fraction of the post-dialysis weight: the package's own plausibility
# limit. A session removes a few percent of the body weight (ultrafiltration
# above 13 mL/kg/h, about 5 % in four hours, is already considered
# excessive); near a gain of 20 % the correction divides by a number near
# zero and returns any ratio at all, so weights further apart than this are
# a data error (swapped, in pounds, of another session), never a session.
session_weight_change_max <- 0.15

#' B2M reduction ratio over a dialysis session
#'
#' The percentage by which serum B2M falls over a session,
#' 100 x (1 - post / pre). With both body weights, the post-dialysis value is
#' first corrected for haemoconcentration (Bergström and Wehle): B2M is taken
#' to be distributed in the extracellular fluid, 20 % of post-dialysis body
#' weight, so post_corrected = post / (1 + (weight_pre - weight_post) /
#' (0.2 x weight_post)). For example pre 30, post 12 mg/L and 72 -> 70 kg
#' give a corrected post value of 10.5 mg/L and a ratio of 65 % (60 %
#' uncorrected).
#'
#' The 0.2 x post-weight form is the one in common use; it has not been
#' checked against the 1987 letter itself. No guideline
#' target for the ratio is implied.
#'
#' @param pre,post Serum B2M before and after the session, both in `unit`;
#'   `pre` must be positive.
#' @param weight_pre,weight_post Body weight before and after the session, in
#'   kg (0.5 to 500): give both (correction) or neither (no correction).
#'   Giving only one is an error of class `b2m_error_value`, and so are two
#'   weights that differ by more than 15 % of `weight_post` (no session
#'   removes or adds that much: the weights are swapped, in another unit or
#'   of another session).
#' @param unit Unit of `pre` and `post`: `r b2m_units_rd()`. The ratio does not depend on
#'   it; it sets which values are plausible. `r per_row_unit_rd()` A row's
#'   `pre` and `post` are both in that row's unit.
#' @return A double vector of percentages (negative when B2M rose), `NA` where
#'   an input is missing. Bad values are errors of class `b2m_error_value`
#'   naming the rows.
#' @references Bergström J, Wehle B. No change in corrected
#'   beta2-microglobulin concentration after cuprophane haemodialysis. Lancet
#'   1987;1(8533):628-629.
#' @family kidney
#' @export
#' @examples
#' b2m_reduction_ratio(30, 12)
#' b2m_reduction_ratio(30, 12, weight_pre = 72, weight_post = 70)
#' b2m_reduction_ratio(c(35, 40), c(10, 8), c(80, 90), c(77.5, 86))
b2m_reduction_ratio <- function(pre, post, weight_pre = NULL,
                                weight_post = NULL, unit = "mg/L") {
  call <- sys.call()
  before <- numeric_input(pre, "pre", "b2m", unit, "unit", call,
                          per_row = TRUE, rows_in_c = TRUE)
  after <- numeric_input(post, "post", "b2m", unit, "unit", call,
                         per_row = TRUE, rows_in_c = TRUE)
  corrected <- !is.null(weight_pre) || !is.null(weight_post)
  if (corrected && (is.null(weight_pre) || is.null(weight_post))) {
    missing_arg <- if (is.null(weight_pre)) "weight_pre" else "weight_post"
    b2m_abort(
      sprintf(paste0("`%s` is missing: give both `weight_pre` and ",
                     "`weight_post` to correct for haemoconcentration, or ",
                     "neither."), missing_arg),
      "b2m_error_value", call, arg = missing_arg
    )
  }
  w_pre <- if (corrected) {
    c(numeric_input(weight_pre, "weight_pre", "weight", call = call),
      inconsistent = sprintf(paste0(
        "further from `weight_post` than %s %% of it: no session ",
        "removes or adds that much (are the weights swapped, in another unit ",
        "or of another session?)"), 100 * session_weight_change_max))
  }
  w_post <- if (corrected) numeric_input(weight_post, "weight_post", "weight",
                                         call = call)
  check_sizes(Filter(Negate(is.null), list(
    pre = pre, post = post, weight_pre = weight_pre,
    weight_post = weight_post)), call)
  out <- .Call(C_r_b2m_reduction_ratio, before, after,
               or_absent(w_pre, "weight"), or_absent(w_post, "weight"),
               as.double(session_weight_change_max), corrected)
  stop_bad_values(out, list(before, after, w_pre, w_post), call)
}
