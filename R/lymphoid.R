# Lymphoid staging: CLL-IPI, IPSSWM, revised IPSSWM, FLIPI2 and PRIMA-PI
# (one mechanism, src/rules.c).

# CLL clinical stages: TRUE for the stages that score a CLL-IPI point (Binet
# B or C, Rai I to IV), FALSE for Binet A and Rai 0. Rai stages may be
# written in Arabic numerals.
advanced_stages <- c(A = FALSE, B = TRUE, C = TRUE, "0" = FALSE, I = TRUE,
                     II = TRUE, III = TRUE, IV = TRUE, "1" = TRUE, "2" = TRUE,
                     "3" = TRUE, "4" = TRUE)

# `clinical_stage` (character or factor) as the flag "advanced stage", a
# coded column read by C through its distinct labels (no per-row copy);
# blank labels are missing, unknown labels an error naming the rows.
advanced_stage <- function(x, arg, call) {
  if (!(is.character(x) || is.factor(x) || is_missing_only(x))) {
    b2m_abort(
      sprintf(paste0("`clinical_stage` must be a character vector or factor ",
                     "of Binet (A-C) or Rai (0-IV) stages, not %s."),
              describe_type(x)),
      "b2m_error_type", call, arg = "clinical_stage")
  }
  input <- coded_input(x, function(labels) {
    unname(advanced_stages[toupper(trimws(labels))])
  })
  if (!is.null(input$unknown)) {
    stop_unknown_labels(input$unknown, "clinical_stage",
                        "a Binet (A, B, C) or Rai (0, I, II, III, IV) stage",
                        call)
  }
  list(value = x, coded = input$coded, arg = arg, num = 1, den = 1,
       max_in_unit = 1)
}

#' CLL International Prognostic Index (CLL-IPI)
#'
#' Adds points (International CLL-IPI working group 2016):
#' * TP53 abnormal (del(17p) and/or TP53 mutation): 4;
#' * IGHV unmutated: 2;
#' * serum B2M > 3.5 mg/L: 2;
#' * clinical stage Binet B or C, or Rai I to IV: 1;
#' * age > 65 years: 1.
#'
#' The total (0 to 10) gives the risk group: **low** 0-1, **intermediate**
#' 2-3, **high** 4-6, **very high** 7-10.
#'
#' Ages are compared in completed years (65.9 years is 65, not > 65): the
#' paper does not say how fractional ages round, and this is the package's
#' documented choice.
#'
#' @section Criteria:
#' `r staging_rd("cll_ipi")`
#'
#' @section Missing values:
#' `stage_cll_ipi()` returns a group whenever it is the same for every
#' possible value of the missing inputs (TP53 abnormal and IGHV unmutated
#' with B2M > 3.5 is very high whatever the stage and age), `NA` otherwise;
#' `score_cll_ipi()` is `NA` when any input is missing.
#'
#' @param tp53 Logical: del(17p) by FISH and/or a TP53 mutation.
#' @param ighv_unmutated Logical: IGHV unmutated.
#' @param b2m Serum B2M, in `b2m_unit`.
#' @param clinical_stage Binet (`"A"`, `"B"`, `"C"`) or Rai (`"0"`, `"I"`,
#'   `"II"`, `"III"`, `"IV"`, also `"1"` to `"4"`) stage, a character vector
#'   or factor; case and surrounding spaces are ignored, and an empty string
#'   (a blank cell of a CSV file) is missing. Other labels are an error of
#'   class `b2m_error_value` naming the rows.
#' @param age Age in years.
#' @param b2m_unit Unit of `b2m`: `r b2m_units_rd()` (the default, `"mg/L"`, is the
#'   paper's).
#'   `r per_row_unit_rd()`
#' @return `stage_cll_ipi()`: an ordered factor with levels `"low"`,
#'   `"intermediate"`, `"high"`, `"very high"`. `score_cll_ipi()`: the
#'   points, a double vector. Flags that are not logical are an error of
#'   class `b2m_error_type`; negative, infinite or impossible numbers (ages
#'   above 120) of class `b2m_error_value`.
#' @references International CLL-IPI working group. An international
#'   prognostic index for patients with chronic lymphocytic leukaemia
#'   (CLL-IPI): a meta-analysis of individual patient data. Lancet Oncol
#'   2016;17(6):779-790. \doi{10.1016/S1470-2045(16)30029-8}
#' @family staging
#' @export
#' @examples
#' stage_cll_ipi(tp53 = c(FALSE, FALSE, TRUE), ighv_unmutated = c(FALSE, TRUE, TRUE),
#'               b2m = c(3.5, 4.0, 3.6), clinical_stage = c("A", "A", "II"),
#'               age = c(65, 70, 66))
#' score_cll_ipi(FALSE, TRUE, 4.0, "A", 70)
stage_cll_ipi <- function(tp53, ighv_unmutated, b2m, clinical_stage, age,
                          b2m_unit = "mg/L") {
  stage_system("cll_ipi", environment())
}

#' @rdname stage_cll_ipi
#' @export
score_cll_ipi <- function(tp53, ighv_unmutated, b2m, clinical_stage, age,
                          b2m_unit = "mg/L") {
  stage_system("cll_ipi", environment(), score = TRUE)
}

#' International Prognostic Scoring System for Waldenström macroglobulinaemia
#'
#' Counts the adverse characteristics of Morel 2009: age > 65 years;
#' haemoglobin <= 11.5 g/dL; platelets <= 100 x 10^9/L; serum B2M > 3 mg/L;
#' serum monoclonal protein > 7.0 g/dL (70 g/L). The groups:
#' * **low**: at most one adverse characteristic other than age, and age
#'   <= 65;
#' * **intermediate**: two adverse characteristics, or age > 65 alone;
#' * **high**: more than two.
#'
#' The paper's monoclonal protein is the serum M-spike; quantitative IgM is
#' used in its place by many registries: pass whichever your protocol uses.
#' Ages are compared in completed years (65.9 years is 65).
#'
#' @section Criteria:
#' `r staging_rd("ipsswm")`
#'
#' @section Missing values:
#' `stage_ipsswm()` returns a group whenever it is the same for every
#' possible value of the missing inputs (three adverse characteristics known
#' make it high), `NA` otherwise; `score_ipsswm()` is `NA` when any input is
#' missing.
#'
#' @param age Age in years.
#' @param hemoglobin Haemoglobin, in `hemoglobin_unit`.
#' @param platelets Platelet count, 10^9/L.
#' @param b2m Serum B2M, in `b2m_unit`.
#' @param igm Serum monoclonal protein (IgM), in `igm_unit`.
#' @param hemoglobin_unit `"g/dL"` (the default, as in the paper) or `"g/L"`.
#'   `r per_row_unit_rd()`
#' @param igm_unit `"g/dL"` (the default, as in the paper), `"g/L"` or
#'   `"mg/dL"`.
#'   `r per_row_unit_rd()`
#' @param b2m_unit Unit of `b2m`: `r b2m_units_rd()` (the default, `"mg/L"`, is the
#'   paper's).
#'   `r per_row_unit_rd()`
#' @return `stage_ipsswm()`: an ordered factor with levels `"low"`,
#'   `"intermediate"`, `"high"`. `score_ipsswm()`: the number of adverse
#'   characteristics (0-5), a double vector. Bad values are an error of
#'   class `b2m_error_value` naming the rows.
#' @references Morel P, Duhamel A, Gobbi P, et al. International prognostic
#'   scoring system for Waldenström macroglobulinemia. Blood
#'   2009;113(18):4163-4170. \doi{10.1182/blood-2008-08-174961}
#' @family staging
#' @export
#' @examples
#' stage_ipsswm(age = c(60, 70, 60, 70), hemoglobin = c(12, 12, 11.5, 12),
#'              platelets = c(150, 150, 150, 90), b2m = c(2.5, 2.5, 3.5, 3.1),
#'              igm = 3)
#' score_ipsswm(70, 120, 90, 3.1, 30, hemoglobin_unit = "g/L", igm_unit = "g/L")
stage_ipsswm <- function(age, hemoglobin, platelets, b2m, igm,
                         hemoglobin_unit = "g/dL", igm_unit = "g/dL",
                         b2m_unit = "mg/L") {
  stage_system("ipsswm", environment())
}

#' @rdname stage_ipsswm
#' @export
score_ipsswm <- function(age, hemoglobin, platelets, b2m, igm,
                         hemoglobin_unit = "g/dL", igm_unit = "g/dL",
                         b2m_unit = "mg/L") {
  stage_system("ipsswm", environment(), score = TRUE)
}

#' Revised International Prognostic Scoring System for Waldenström
#' macroglobulinaemia (rIPSSWM)
#'
#' Adds points (Kastritis 2019): age 66-75 years 1, 76 or older 2;
#' serum B2M >= 4 mg/L 1; serum albumin < 3.5 g/dL 1; LDH >= 250 IU/L 1. The
#' total gives the group: **very low** 0, **low** 1, **intermediate** 2,
#' **high** 3, **very high** 4-5.
#'
#' The primary paper's `>=` for B2M and LDH stands (secondary summaries write
#' "> 4" and "> 250"). LDH is compared with the paper's fixed 250 IU/L (its
#' laboratories' upper limits were below 225), not a local limit. Ages are
#' compared in completed years (75.9 years is 75).
#'
#' @section Criteria:
#' `r staging_rd("ripsswm")`
#'
#' @section Missing values:
#' `stage_ripsswm()` returns a group whenever it is the same for every
#' possible value of the missing inputs, `NA` otherwise; `score_ripsswm()`
#' is `NA` when any input is missing.
#'
#' @param age Age in years.
#' @param b2m Serum B2M, in `b2m_unit`.
#' @param ldh Serum LDH, U/L (= IU/L).
#' @param albumin Serum albumin, in `albumin_unit`.
#' @param b2m_unit Unit of `b2m`: `r b2m_units_rd()` (the default, `"mg/L"`, is the
#'   paper's).
#'   `r per_row_unit_rd()`
#' @param albumin_unit `"g/dL"` (the default, as in the paper) or `"g/L"`.
#'   `r per_row_unit_rd()`
#' @return `stage_ripsswm()`: an ordered factor with levels `"very low"`,
#'   `"low"`, `"intermediate"`, `"high"`, `"very high"`. `score_ripsswm()`:
#'   the points (0-5), a double vector.
#' @references Kastritis E, Morel P, Duhamel A, et al. A revised
#'   international prognostic score system for Waldenström's
#'   macroglobulinemia. Leukemia 2019;33(11):2654-2661.
#'   \doi{10.1038/s41375-019-0431-y}
#' @family staging
#' @export
#' @examples
#' stage_ripsswm(age = c(60, 70, 76, 80), b2m = c(3.9, 4.0, 3.9, 5),
#'               ldh = c(240, 240, 250, 300), albumin = c(3.6, 3.6, 3.6, 3.0))
#' score_ripsswm(80, 5, 300, 30, albumin_unit = "g/L")
stage_ripsswm <- function(age, b2m, ldh, albumin, b2m_unit = "mg/L",
                          albumin_unit = "g/dL") {
  stage_system("ripsswm", environment())
}

#' @rdname stage_ripsswm
#' @export
score_ripsswm <- function(age, b2m, ldh, albumin, b2m_unit = "mg/L",
                          albumin_unit = "g/dL") {
  stage_system("ripsswm", environment(), score = TRUE)
}

#' Follicular Lymphoma International Prognostic Index 2 (FLIPI2)
#'
#' One point each (Federico 2009): serum B2M above the laboratory's upper
#' limit of normal (`b2m > b2m_uln`); longest diameter of the largest
#' involved node > 6 cm; bone marrow involvement; haemoglobin < 12 g/dL;
#' age > 60 years. The total gives the group: **low** 0, **intermediate** 1-2,
#' **high** 3-5.
#'
#' A B2M equal to its limit is not above it. Ages are compared in completed
#' years (60.9 years is 60).
#'
#' @section Criteria:
#' `r staging_rd("flipi2")`
#'
#' @section Missing values:
#' `stage_flipi2()` returns a group whenever it is the same for every
#' possible value of the missing inputs (a missing limit leaves B2M either
#' above or not), `NA` otherwise; `score_flipi2()` is `NA` when any input is
#' missing.
#'
#' @param age Age in years.
#' @param b2m Serum B2M, in `b2m_unit`.
#' @param b2m_uln The laboratory's upper limit of normal for B2M, in
#'   `b2m_unit`: one value or one per row; it must be positive.
#' @param node_diameter_cm Longest diameter of the largest involved lymph
#'   node, cm.
#' @param bone_marrow Logical: bone marrow involvement.
#' @param hemoglobin Haemoglobin, in `hemoglobin_unit`.
#' @param b2m_unit Unit of `b2m` and `b2m_uln`: `r b2m_units_rd()` (the default is `"mg/L"`).
#'   `r per_row_unit_rd()`
#' @param hemoglobin_unit `"g/dL"` (the default, as in the paper) or `"g/L"`.
#'   `r per_row_unit_rd()`
#' @return `stage_flipi2()`: an ordered factor with levels `"low"`,
#'   `"intermediate"`, `"high"`. `score_flipi2()`: the points (0-5), a double
#'   vector.
#' @references Federico M, Bellei M, Marcheselli L, et al. Follicular
#'   lymphoma international prognostic index 2: a new prognostic index for
#'   follicular lymphoma developed by the international follicular lymphoma
#'   prognostic factor project. J Clin Oncol 2009;27(27):4555-4562.
#'   \doi{10.1200/JCO.2008.21.3991}
#' @family staging
#' @export
#' @examples
#' stage_flipi2(age = c(55, 65, 61), b2m = c(2.0, 2.0, 3.0), b2m_uln = 2.7,
#'              node_diameter_cm = c(4, 4, 7), bone_marrow = c(FALSE, TRUE, FALSE),
#'              hemoglobin = c(13, 13, 11.9))
#' score_flipi2(61, 3.0, 2.7, 7, FALSE, 11.9)
stage_flipi2 <- function(age, b2m, b2m_uln, node_diameter_cm, bone_marrow,
                         hemoglobin, b2m_unit = "mg/L",
                         hemoglobin_unit = "g/dL") {
  stage_system("flipi2", environment())
}

#' @rdname stage_flipi2
#' @export
score_flipi2 <- function(age, b2m, b2m_uln, node_diameter_cm, bone_marrow,
                         hemoglobin, b2m_unit = "mg/L",
                         hemoglobin_unit = "g/dL") {
  stage_system("flipi2", environment(), score = TRUE)
}

#' PRIMA prognostic index (PRIMA-PI) for follicular lymphoma
#'
#' Groups patients by serum B2M and bone marrow involvement (Bachy 2018):
#' * **high**: B2M > 3 mg/L (whatever the marrow);
#' * **intermediate**: B2M <= 3 mg/L with bone marrow involvement;
#' * **low**: B2M <= 3 mg/L without.
#'
#' The index is a decision rule, not a score (no `score_prima_pi()`).
#'
#' @section Criteria:
#' `r staging_rd("prima_pi")`
#'
#' @section Missing values:
#' A group is returned whenever it is the same for every possible value of
#' the missing input: B2M > 3 mg/L is high without marrow status; B2M <= 3
#' needs it, and a missing B2M leaves the group open.
#'
#' @param b2m Serum B2M, in `b2m_unit`.
#' @param bone_marrow Logical: bone marrow involvement.
#' @param b2m_unit Unit of `b2m`: `r b2m_units_rd()` (the default, `"mg/L"`, is the
#'   paper's).
#'   `r per_row_unit_rd()`
#' @return An ordered factor with levels `"low"`, `"intermediate"`, `"high"`.
#' @references Bachy E, Maurer MJ, Habermann TM, et al. A simplified scoring
#'   system in de novo follicular lymphoma treated initially with
#'   immunochemotherapy. Blood 2018;132(1):49-58.
#'   \doi{10.1182/blood-2017-11-816405}
#' @family staging
#' @export
#' @examples
#' stage_prima_pi(b2m = c(3.0, 3.01, 2.5, 3.5), bone_marrow = c(TRUE, FALSE, FALSE, NA))
stage_prima_pi <- function(b2m, bone_marrow, b2m_unit = "mg/L") {
  stage_system("prima_pi", environment())
}
