# Myeloma staging: ISS, R-ISS, R2-ISS and MASS (one mechanism, src/rules.c).

#' International Staging System (ISS) for multiple myeloma
#'
#' Stages multiple myeloma by serum B2M and albumin (Greipp 2005):
#' * **I**: B2M < 3.5 mg/L and albumin >= 3.5 g/dL;
#' * **III**: B2M >= 5.5 mg/L (whatever the albumin);
#' * **II**: neither I nor III.
#'
#' Thresholds are converted into the units of the data (3.5 mg/L is exactly
#' 0.35 mg/dL, 3.5 g/dL exactly 35 g/L); the data are not converted.
#'
#' @section Criteria:
#' `r staging_rd("iss")`
#'
#' @section Missing values:
#' A stage is returned whenever it is the same for every possible value of
#' the missing inputs, and is `NA` otherwise: B2M >= 5.5 mg/L is stage III
#' and 3.5 <= B2M < 5.5 stage II without albumin, but B2M < 3.5 needs it.
#'
#' @param b2m Serum B2M, in `b2m_unit`.
#' @param albumin Serum albumin, in `albumin_unit`.
#' @param b2m_unit Unit of `b2m`: `r b2m_units_rd()` (the default, `"mg/L"`, is the
#'   paper's).
#'   `r per_row_unit_rd()`
#' @param albumin_unit Unit of `albumin`: `"g/dL"` (the default, as in the
#'   paper) or `"g/L"`.
#'   `r per_row_unit_rd()`
#' @return An ordered factor with levels `"I"`, `"II"`, `"III"`, of the
#'   common length of the arguments (length-1 arguments are recycled).
#'   Negative, infinite or (for the unit) impossible values are an error of
#'   class `b2m_error_value` naming the rows and the unit probably meant.
#' @references Greipp PR, San Miguel J, Durie BGM, et al. International
#'   staging system for multiple myeloma. J Clin Oncol 2005;23(15):3412-3420.
#'   \doi{10.1200/JCO.2005.04.242}
#' @family staging
#' @export
#' @examples
#' stage_iss(b2m = c(2.5, 2.5, 4.0, 6.0, 6.0, 2.5),
#'           albumin = c(4.0, 3.0, 4.0, 4.5, NA, NA))
#' stage_iss(b2m = 0.55, albumin = 35, b2m_unit = "mg/dL", albumin_unit = "g/L")
stage_iss <- function(b2m, albumin, b2m_unit = "mg/L", albumin_unit = "g/dL") {
  stage_system("iss", environment())
}

#' Revised International Staging System (R-ISS) for multiple myeloma
#'
#' Combines the ISS (see [stage_iss()]) with high-risk chromosomal
#' abnormalities (CA) found by interphase FISH -- del(17p), t(4;14) or
#' t(14;16) -- and serum LDH above the laboratory's upper limit of normal
#' (Palumbo 2015):
#' * **I**: ISS I, no high-risk CA and LDH not high;
#' * **III**: ISS III and (a high-risk CA or high LDH);
#' * **II**: all others.
#'
#' LDH is given as a flag because its limit is the laboratory's: use
#' `ldh_high = ldh > ldh_uln`. The paper calls LDH normal below the limit and
#' high above it; an LDH exactly at the limit is normal (not high) with that
#' expression. t(14;20) and 1q gain are not R-ISS abnormalities.
#'
#' @section Criteria:
#' `r staging_rd("riss")`
#'
#' @section Missing values:
#' A stage is returned whenever it is the same for every possible value of
#' the missing inputs: ISS II is R-ISS II whatever the cytogenetics and LDH;
#' ISS III with del(17p) is III without LDH; ISS I needs every flag to be
#' known FALSE for stage I (one TRUE flag makes it II).
#'
#' @inheritParams stage_iss
#' @param ldh_high Logical: serum LDH above the laboratory's upper limit of
#'   normal.
#' @param del17p,t4_14,t14_16 Logical: del(17p), t(4;14), t(14;16) detected
#'   by interphase FISH.
#' @return An ordered factor with levels `"I"`, `"II"`, `"III"`. Flags that
#'   are not logical are an error of class `b2m_error_type`; bad numbers as in
#'   [stage_iss()].
#' @references Palumbo A, Avet-Loiseau H, Oliva S, et al. Revised
#'   International Staging System for multiple myeloma: a report from
#'   International Myeloma Working Group. J Clin Oncol 2015;33(26):2863-2869.
#'   \doi{10.1200/JCO.2015.61.2267}
#' @family staging
#' @export
#' @examples
#' stage_riss(b2m = c(2.5, 6.0, 6.0, 2.5, 4.0),
#'            albumin = 4.0,
#'            ldh_high = c(FALSE, FALSE, FALSE, FALSE, NA),
#'            del17p = c(FALSE, FALSE, TRUE, FALSE, NA),
#'            t4_14 = c(FALSE, FALSE, FALSE, TRUE, NA),
#'            t14_16 = c(FALSE, FALSE, FALSE, FALSE, NA))
stage_riss <- function(b2m, albumin, ldh_high, del17p, t4_14, t14_16,
                       b2m_unit = "mg/L", albumin_unit = "g/dL") {
  stage_system("riss", environment())
}

#' Second revision of the ISS (R2-ISS) for multiple myeloma
#'
#' Adds points (D'Agostino 2022): ISS II 1, ISS III 1.5 (see [stage_iss()]);
#' del(17p) 1; LDH above the upper limit of normal 1; t(4;14) 1; 1q gain or
#' amplification 0.5. The total (0 to 5 in steps of 0.5) gives the stage:
#' * **I** (low): 0;
#' * **II** (low-intermediate): 0.5-1;
#' * **III** (intermediate-high): 1.5-2.5;
#' * **IV** (high): 3-5.
#'
#' t(14;16) is not scored.
#'
#' @section Criteria:
#' `r staging_rd("r2iss")`
#'
#' @section Missing values:
#' `stage_r2iss()` returns a stage whenever it is the same for every possible
#' value of the missing inputs (ISS III without 1q status is 1.5 or 2, stage
#' III either way); `score_r2iss()` is `NA` when any input is missing.
#'
#' @inheritParams stage_riss
#' @param del17p,t4_14 Logical: del(17p), t(4;14) detected by interphase
#'   FISH.
#' @param gain1q Logical: 1q gain (3 copies) or amplification (4 or more).
#' @return `stage_r2iss()`: an ordered factor with levels `"I"`, `"II"`,
#'   `"III"`, `"IV"`. `score_r2iss()`: the points, a double vector.
#' @references D'Agostino M, Cairns DA, Lahuerta JJ, et al. Second Revision
#'   of the International Staging System (R2-ISS) for overall survival in
#'   multiple myeloma: a European Myeloma Network (EMN) report within the
#'   HARMONY project. J Clin Oncol 2022;40(29):3406-3418.
#'   \doi{10.1200/JCO.21.02614}
#' @family staging
#' @export
#' @examples
#' b2m <- c(2.5, 2.5, 4.0, 6.0)
#' flags <- list(ldh_high = c(FALSE, FALSE, FALSE, TRUE),
#'               del17p = c(FALSE, FALSE, FALSE, TRUE),
#'               t4_14 = c(FALSE, FALSE, FALSE, TRUE),
#'               gain1q = c(FALSE, TRUE, TRUE, TRUE))
#' score_r2iss(b2m, 4.0, flags$ldh_high, flags$del17p, flags$t4_14, flags$gain1q)
#' stage_r2iss(b2m, 4.0, flags$ldh_high, flags$del17p, flags$t4_14, flags$gain1q)
stage_r2iss <- function(b2m, albumin, ldh_high, del17p, t4_14, gain1q,
                        b2m_unit = "mg/L", albumin_unit = "g/dL") {
  stage_system("r2iss", environment())
}

#' @rdname stage_r2iss
#' @export
score_r2iss <- function(b2m, albumin, ldh_high, del17p, t4_14, gain1q,
                        b2m_unit = "mg/L", albumin_unit = "g/dL") {
  stage_system("r2iss", environment(), score = TRUE)
}

#' Mayo Additive Staging System (MASS) for multiple myeloma
#'
#' Counts five high-risk factors, one point each (Abdallah 2022):
#' * a high-risk IgH translocation: t(4;14), t(14;16) or t(14;20) by FISH,
#'   one point however many are present;
#' * 1q gain or amplification;
#' * a chromosome 17 abnormality: del(17p), and monosomy 17 if your
#'   laboratory counts it;
#' * ISS III: B2M >= 5.5 mg/L, decided exactly as [stage_iss()] decides it;
#' * LDH above the laboratory's upper limit of normal (`ldh_high`, as in
#'   [stage_riss()] and [stage_r2iss()]).
#'
#' The score (0 to 5) gives the stage: **I** 0, **II** 1, **III** 2 or more.
#'
#' Four readings are not confirmed in the paper's text that was read (the
#' abstract), and are labelled `"U"` in [b2m_rules()]: that the high-risk
#' translocations are these three; that several count once (the abstract
#' models them as one factor, but no explicit sentence was read); whether
#' monosomy 17 counts as a chromosome 17 abnormality; and that elevated LDH
#' means above the upper limit. The copy-number definition of 1q gain is
#' read as in R2-ISS, also unconfirmed. The table below lists them.
#'
#' @section Criteria:
#' `r staging_rd("mass")`
#'
#' @section Missing values:
#' `stage_mass()` returns a stage whenever it is the same for every possible
#' value of the missing inputs: III once two factors are known present; I
#' only when all five are known absent; II when exactly one is present and
#' the other four are known absent. ISS III with LDH unknown and the rest
#' absent is `NA` (II or III); ISS III with 1q gain is III whatever the LDH.
#' One translocation present makes the translocation factor present whatever
#' the other two. `score_mass()` is `NA` when any input is missing.
#'
#' @inheritParams stage_riss
#' @param ldh_high Logical: serum LDH above the laboratory's upper limit of
#'   normal (for example `ldh > ldh_uln`).
#' @param del17p Logical: del(17p) by FISH, and monosomy 17 if your
#'   laboratory counts it as a chromosome 17 abnormality.
#' @param t4_14,t14_16,t14_20 Logical: t(4;14), t(14;16), t(14;20) detected
#'   by FISH.
#' @param gain1q Logical: 1q gain (3 copies) or amplification (4 or more).
#' @return `stage_mass()`: an ordered factor with levels `"I"`, `"II"`,
#'   `"III"`. `score_mass()`: the number of factors present (0 to 5), a
#'   double vector. Flags that are not logical are an error of class
#'   `b2m_error_type`; bad numbers as in [stage_iss()].
#' @references Abdallah NH, Binder M, Rajkumar SV, et al. A simple additive
#'   staging system for newly diagnosed multiple myeloma. Blood Cancer J
#'   2022;12(1). \doi{10.1038/s41408-022-00611-x}
#' @family staging
#' @export
#' @examples
#' b2m <- c(2.5, 6.0, 2.5, 2.5, 6.0)
#' flags <- list(ldh_high = c(FALSE, FALSE, FALSE, FALSE, NA),
#'               del17p = FALSE,
#'               t4_14 = c(FALSE, FALSE, TRUE, TRUE, FALSE),
#'               t14_16 = c(FALSE, FALSE, TRUE, FALSE, FALSE),
#'               t14_20 = FALSE,
#'               gain1q = c(FALSE, FALSE, FALSE, TRUE, TRUE))
#' score_mass(b2m, flags$ldh_high, flags$del17p, flags$t4_14, flags$t14_16,
#'            flags$t14_20, flags$gain1q)
#' stage_mass(b2m, flags$ldh_high, flags$del17p, flags$t4_14, flags$t14_16,
#'            flags$t14_20, flags$gain1q)
stage_mass <- function(b2m, ldh_high, del17p, t4_14, t14_16, t14_20, gain1q,
                       b2m_unit = "mg/L") {
  stage_system("mass", environment())
}

#' @rdname stage_mass
#' @export
score_mass <- function(b2m, ldh_high, del17p, t4_14, t14_16, t14_20, gain1q,
                       b2m_unit = "mg/L") {
  stage_system("mass", environment(), score = TRUE)
}
