# Benchmarks of the staging systems (run by `make bench`). Rules from
# shared/reference/clinical-rules.md; ages in completed years, so
# "age > 65" is age >= 66.
#
# A stage is returned whenever it is the same for every possible value of the
# missing inputs. Every system is monotone in each criterion, so the stage is
# determined exactly when the stage with every unknown criterion false (LO)
# equals the stage with every unknown criterion true (HI); the base-R and C
# implementations below compute both bounds. A score is NA when any input is.
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE),
                                                  value = TRUE)[1])), "common.R"))

# Base-R helpers -------------------------------------------------------------

lo <- function(x) !is.na(x) & x
hi <- function(x) is.na(x) | x
determined <- function(low, high) {
  low[low != high] <- NA_integer_
  low
}
ordered_codes <- function(codes, levels) {
  structure(as.integer(codes), levels = levels, class = c("ordered", "factor"))
}

# ISS code 1..3 under both bounds (a missing B2M is 0 for LO, infinite for HI).
iss_bounds <- function(b2m, albumin) {
  ge55 <- b2m >= 5.5
  lt35 <- b2m < 3.5
  alb <- albumin >= 3.5
  list(lo = 2L - (hi(lt35) & hi(alb)) + lo(ge55),
       hi = 2L - (lo(lt35) & lo(alb)) + hi(ge55))
}
iss_points <- c(0, 1, 1.5)
r2iss_group <- function(points) findInterval(points, c(0.5, 1.5, 3)) + 1L
cll_group <- function(points) findInterval(points, c(2, 4, 7)) + 1L
binet_rai_advanced <- function(stage) {
  advanced <- !(toupper(stage) %in% c("A", "0"))
  advanced[is.na(stage)] <- NA
  advanced
}
flipi2_group <- function(points) 1L + (points >= 1) + (points >= 3)
mass_group <- function(points) 1L + (points >= 1) + (points >= 2)
# MASS points under a bound: the translocations count once.
mass_points <- function(d, bound) {
  (bound(d$t4_14) | bound(d$t14_16) | bound(d$t14_20)) + bound(d$gain1q) +
    bound(d$del17p) + bound(d$b2m >= 5.5) + bound(d$ldh_high)
}
# IMS/IMWG 2025 criteria 1-4 under a bound (a list of four logical vectors).
imwg2025_criteria <- function(d, bound) {
  level <- match(d$del1p32, c("none", "monoallelic", "biallelic")) - 1L
  del1p32 <- bound(level >= 1L)
  translocation <- bound(d$t4_14) | bound(d$t14_16) | bound(d$t14_20)
  gain1q <- bound(d$gain1q)
  list(bound(d$del17p_ccf >= 20) | bound(d$tp53_mutation),
       translocation & (gain1q | del1p32),
       del1p32 & (gain1q | bound(level >= 2L)),
       bound(d$b2m >= 5.5) & bound(d$creatinine < 1.2))
}
# What risk_imwg2025() is compared on: the risk's codes, then each
# criterion TRUE / FALSE / NA as integers, then the texts of the missing
# inputs, notes and markers assumed negative (the attribute "criteria" of
# the package's result; a list from the base-R and C versions).
imwg2025_codes <- function(x) {
  if (is.factor(x)) x <- c(list(x), as.list(attr(x, "criteria")))
  c(lapply(x[1:5], as.integer), lapply(x[6:8], as.character))
}
imwg2025_inputs <- c("del17p_ccf", "tp53_mutation", "t4_14", "t14_16", "t14_20",
                     "gain1q", "del1p32", "b2m", "creatinine")
imwg2025_note_texts <- c(
  "high risk under the '20% or more' reading, not under the 'more than 20%' reading",
  "B2M at or above 5.5 mg/L not counted: creatinine not below 1.2 mg/dL (renal function not normal)")
# The texts of the "criteria" columns from the bounds of each criterion
# (lists of four logical vectors) and the risk: the missing inputs of the
# open criteria where the risk is open, the notes, and no marker assumed
# negative.
imwg2025_reads <- list(1:2, 3:7, 6:7, 8:9) # the inputs of each criterion
imwg2025_texts <- function(d, low, high, risk) {
  open <- Map(`!=`, low, high)
  code <- 0L
  for (k in seq_along(imwg2025_inputs)) {
    read_open <- Reduce(`|`, open[vapply(imwg2025_reads, function(r) k %in% r, TRUE)])
    code <- code + 2L^(k - 1L) * (is.na(d[[imwg2025_inputs[k]]]) & read_open & is.na(risk))
  }
  sets <- sort(unique(code[code > 0]))
  labels <- vapply(sets, function(u) {
    paste(imwg2025_inputs[bitwAnd(u, 2^(seq_along(imwg2025_inputs) - 1)) > 0],
          collapse = ", ")
  }, "")
  at20 <- lo(d$del17p_ccf == 20)
  renal <- lo(d$b2m >= 5.5) & lo(d$creatinine >= 1.2)
  note_code <- at20 + 2L * renal
  note_labels <- c(imwg2025_note_texts, paste(imwg2025_note_texts, collapse = "; "))
  list(labels[match(code, sets)], note_labels[match(note_code, 1:3)],
       rep(NA_character_, length(risk)))
}

# C helpers shared by the floors (prepended to the generated file).
floor_prelude <- paste0(floor_prelude, '
#include <string.h>
static int iss_lo(double b, double a)
{
    return 2 - (LT_HI(b, 3.5) && GE_HI(a, 3.5)) + GE_LO(b, 5.5);
}
static int iss_hi(double b, double a)
{
    return 2 - (LT_LO(b, 3.5) && GE_LO(a, 3.5)) + GE_HI(b, 5.5);
}
static int r2iss_group(double p)
{
    return 1 + (p >= 0.5) + (p >= 1.5) + (p >= 3);
}
/* del(1p32): none 0, monoallelic 1, biallelic 2, missing -1. */
static int del1p32_level(SEXP s)
{
    if (s == NA_STRING)
        return -1;
    return CHAR(s)[0] == \'b\' ? 2 : CHAR(s)[0] == \'m\';
}
static int cll_group(int p)
{
    return 1 + (p >= 2) + (p >= 4) + (p >= 7);
}
/* Binet B/C or Rai I-IV: 1; Binet A or Rai 0: 0; missing: -1. */
static int advanced_stage(SEXP s)
{
    const char *c;
    if (s == NA_STRING)
        return -1;
    c = CHAR(s);
    return !((c[0] == \'A\' || c[0] == \'a\' || c[0] == \'0\') && c[1] == \'\\0\');
}
')

# Input ------------------------------------------------------------------------

myeloma_data <- function(n, na) {
  list(b2m = gen_b2m(n, na), albumin = gen_albumin(n, na),
       ldh_high = gen_flag(n, na, 0.15), del17p = gen_flag(n, na, 0.1),
       t4_14 = gen_flag(n, na, 0.12), t14_16 = gen_flag(n, na, 0.04),
       gain1q = gen_flag(n, na, 0.35))
}
cll_data <- function(n, na) {
  list(tp53 = gen_flag(n, na, 0.1), ighv_unmutated = gen_flag(n, na, 0.45),
       b2m = gen_b2m(n, na),
       clinical_stage = with_na(sample(c("A", "B", "C"), n, TRUE, c(0.6, 0.25, 0.15)), na),
       age = gen_age(n, na))
}
wm_data <- function(n, na) {
  list(age = gen_age(n, na), hemoglobin = gen_hemoglobin(n, na),
       platelets = gen_platelets(n, na), b2m = gen_b2m(n, na),
       igm = gen_igm(n, na), ldh = gen_ldh(n, na), albumin = gen_albumin(n, na))
}
fl_data <- function(n, na) {
  list(age = gen_age(n, na), b2m = gen_b2m(n, na), b2m_uln = 2.7,
       node_diameter_cm = with_na(clamp(stats::rlnorm(n, log(3.5), 0.6), 0.5, 30), na),
       bone_marrow = gen_flag(n, na, 0.5), hemoglobin = gen_hemoglobin(n, na))
}

mass_data <- function(n, na) {
  c(myeloma_data(n, na)[c("b2m", "ldh_high", "del17p", "t4_14", "t14_16", "gain1q")],
    list(t14_20 = gen_flag(n, na, 0.02)))
}
# Whole-percent clonal fractions (some exactly at 20, which carry a note).
imwg2025_data <- function(n, na) {
  ccf <- ifelse(stats::runif(n) < 0.15, round(stats::runif(n, 5, 95)), 0)
  list(del17p_ccf = with_na(ccf, na), tp53_mutation = gen_flag(n, na, 0.08),
       t4_14 = gen_flag(n, na, 0.12), t14_16 = gen_flag(n, na, 0.04),
       t14_20 = gen_flag(n, na, 0.02), gain1q = gen_flag(n, na, 0.35),
       del1p32 = with_na(sample(c("none", "monoallelic", "biallelic"), n, TRUE,
                                c(0.8, 0.15, 0.05)), na),
       b2m = gen_b2m(n, na), creatinine = gen_creatinine(n, na))
}

myeloma_args <- c(b2m = "double", albumin = "double", ldh_high = "logical",
                  del17p = "logical", t4_14 = "logical")

# cliot is scalar and takes no missing value: one call per row.
cliot_stage <- function(stage) match(stage, c("Stage I", "Stage II", "Stage III"))

# Entries ----------------------------------------------------------------------

entries <- list(
  bench_entry(
    "stage_iss",
    data = myeloma_data,
    b2m = function(d) b2m::stage_iss(d$b2m, d$albumin),
    base = function(d) {
      b <- iss_bounds(d$b2m, d$albumin)
      ordered_codes(determined(b$lo, b$hi), c("I", "II", "III"))
    },
    floor = c_loop(c(b2m = "double", albumin = "double"), "int", "
        int l = iss_lo(b2m[i], albumin[i]), h = iss_hi(b2m[i], albumin[i]);
        out[i] = l == h ? l : NA_INTEGER;"),
    cran = list(cliot = cran_impl("cliot", scalar = TRUE, function(d) {
      vapply(seq_along(d$b2m), function(i) {
        cliot::iss_multiple_myeloma(d$b2m[i], d$albumin[i])$ISS_Stage
      }, "")
    }, codes = cliot_stage))
  ),
  bench_entry(
    "stage_riss",
    data = myeloma_data,
    b2m = function(d) {
      b2m::stage_riss(d$b2m, d$albumin, ldh_high = d$ldh_high, del17p = d$del17p,
                      t4_14 = d$t4_14, t14_16 = d$t14_16)
    },
    base = function(d) {
      b <- iss_bounds(d$b2m, d$albumin)
      risk <- d$del17p | d$t4_14 | d$t14_16 | d$ldh_high
      code <- function(iss, risk) 2L - (iss == 1L & !risk) + (iss == 3L & risk)
      ordered_codes(determined(code(b$lo, lo(risk)), code(b$hi, hi(risk))),
                    c("I", "II", "III"))
    },
    floor = c_loop(c(myeloma_args, t14_16 = "logical"), "int", "
        int rl = LO(del17p[i]) || LO(t4_14[i]) || LO(t14_16[i]) || LO(ldh_high[i]);
        int rh = HI(del17p[i]) || HI(t4_14[i]) || HI(t14_16[i]) || HI(ldh_high[i]);
        int il = iss_lo(b2m[i], albumin[i]), ih = iss_hi(b2m[i], albumin[i]);
        int l = 2 - (il == 1 && !rl) + (il == 3 && rl);
        int h = 2 - (ih == 1 && !rh) + (ih == 3 && rh);
        out[i] = l == h ? l : NA_INTEGER;"),
    cran = list(cliot = cran_impl("cliot", scalar = TRUE, function(d) {
      risk <- as.numeric(d$del17p | d$t4_14 | d$t14_16)
      ldh <- as.numeric(d$ldh_high)
      vapply(seq_along(d$b2m), function(i) {
        cliot::revised_iss_multiple_myeloma(d$b2m[i], d$albumin[i], ldh[i],
                                            risk[i])$R_ISS_Stage
      }, "")
    }, codes = function(x) cliot_stage(sub("R-ISS ", "", x))))
  ),
  bench_entry(
    "stage_r2iss",
    data = myeloma_data,
    b2m = function(d) {
      b2m::stage_r2iss(d$b2m, d$albumin, ldh_high = d$ldh_high, del17p = d$del17p,
                       t4_14 = d$t4_14, gain1q = d$gain1q)
    },
    base = function(d) {
      b <- iss_bounds(d$b2m, d$albumin)
      low <- iss_points[b$lo] + lo(d$del17p) + lo(d$ldh_high) + lo(d$t4_14) +
        0.5 * lo(d$gain1q)
      high <- iss_points[b$hi] + hi(d$del17p) + hi(d$ldh_high) + hi(d$t4_14) +
        0.5 * hi(d$gain1q)
      ordered_codes(determined(r2iss_group(low), r2iss_group(high)),
                    c("I", "II", "III", "IV"))
    },
    floor = c_loop(c(myeloma_args, gain1q = "logical"), "int", "
        static const double iss_points[] = {0, 0, 1, 1.5};
        double pl = iss_points[iss_lo(b2m[i], albumin[i])] + LO(del17p[i]) +
            LO(ldh_high[i]) + LO(t4_14[i]) + 0.5 * LO(gain1q[i]);
        double ph = iss_points[iss_hi(b2m[i], albumin[i])] + HI(del17p[i]) +
            HI(ldh_high[i]) + HI(t4_14[i]) + 0.5 * HI(gain1q[i]);
        int l = r2iss_group(pl), h = r2iss_group(ph);
        out[i] = l == h ? l : NA_INTEGER;")
  ),
  bench_entry(
    "score_r2iss",
    data = myeloma_data,
    b2m = function(d) {
      b2m::score_r2iss(d$b2m, d$albumin, ldh_high = d$ldh_high, del17p = d$del17p,
                       t4_14 = d$t4_14, gain1q = d$gain1q)
    },
    base = function(d) {
      iss <- iss_bounds(d$b2m, d$albumin)$lo
      iss[is.na(d$b2m) | is.na(d$albumin)] <- NA
      iss_points[iss] + d$del17p + d$ldh_high + d$t4_14 + 0.5 * d$gain1q
    },
    floor = c_loop(c(myeloma_args, gain1q = "logical"), "double", "
        static const double iss_points[] = {0, 0, 1, 1.5};
        if (ISNAN(b2m[i]) || ISNAN(albumin[i]) || del17p[i] == NA_LOGICAL ||
            ldh_high[i] == NA_LOGICAL || t4_14[i] == NA_LOGICAL ||
            gain1q[i] == NA_LOGICAL)
            out[i] = NA_REAL;
        else
            out[i] = iss_points[iss_lo(b2m[i], albumin[i])] + del17p[i] +
                ldh_high[i] + t4_14[i] + 0.5 * gain1q[i];")
  ),
  bench_entry(
    "stage_cll_ipi",
    data = cll_data,
    b2m = function(d) {
      b2m::stage_cll_ipi(tp53 = d$tp53, ighv_unmutated = d$ighv_unmutated,
                         b2m = d$b2m, clinical_stage = d$clinical_stage, age = d$age)
    },
    base = function(d) {
      advanced <- binet_rai_advanced(d$clinical_stage)
      b2m_high <- d$b2m > 3.5
      old <- d$age >= 66
      low <- 4 * lo(d$tp53) + 2 * lo(d$ighv_unmutated) + 2 * lo(b2m_high) +
        lo(advanced) + lo(old)
      high <- 4 * hi(d$tp53) + 2 * hi(d$ighv_unmutated) + 2 * hi(b2m_high) +
        hi(advanced) + hi(old)
      ordered_codes(determined(cll_group(low), cll_group(high)),
                    c("low", "intermediate", "high", "very high"))
    },
    floor = c_loop(c(tp53 = "logical", ighv_unmutated = "logical", b2m = "double",
                     clinical_stage = "string", age = "double"), "int", "
        int adv = advanced_stage(STRING_ELT(clinical_stage, i));
        int pl = 4 * LO(tp53[i]) + 2 * LO(ighv_unmutated[i]) + 2 * GT_LO(b2m[i], 3.5) +
            (adv == 1) + GE_LO(age[i], 66);
        int ph = 4 * HI(tp53[i]) + 2 * HI(ighv_unmutated[i]) + 2 * GT_HI(b2m[i], 3.5) +
            (adv != 0) + GE_HI(age[i], 66);
        int l = cll_group(pl), h = cll_group(ph);
        out[i] = l == h ? l : NA_INTEGER;")
  ),
  bench_entry(
    "score_cll_ipi",
    data = cll_data,
    b2m = function(d) {
      b2m::score_cll_ipi(tp53 = d$tp53, ighv_unmutated = d$ighv_unmutated,
                         b2m = d$b2m, clinical_stage = d$clinical_stage, age = d$age)
    },
    base = function(d) {
      4 * d$tp53 + 2 * d$ighv_unmutated + 2 * (d$b2m > 3.5) +
        binet_rai_advanced(d$clinical_stage) + (d$age >= 66)
    },
    floor = c_loop(c(tp53 = "logical", ighv_unmutated = "logical", b2m = "double",
                     clinical_stage = "string", age = "double"), "double", "
        int adv = advanced_stage(STRING_ELT(clinical_stage, i));
        if (tp53[i] == NA_LOGICAL || ighv_unmutated[i] == NA_LOGICAL ||
            ISNAN(b2m[i]) || adv < 0 || ISNAN(age[i]))
            out[i] = NA_REAL;
        else
            out[i] = 4 * tp53[i] + 2 * ighv_unmutated[i] + 2 * (b2m[i] > 3.5) +
                adv + (age[i] >= 66);")
  ),
  bench_entry(
    "stage_ipsswm",
    data = wm_data,
    b2m = function(d) {
      b2m::stage_ipsswm(age = d$age, hemoglobin = d$hemoglobin,
                        platelets = d$platelets, b2m = d$b2m, igm = d$igm)
    },
    base = function(d) {
      old <- d$age >= 66
      others <- list(d$hemoglobin <= 11.5, d$platelets <= 100, d$b2m > 3, d$igm > 7)
      stage <- function(bound) {
        count <- bound(old) + Reduce(`+`, lapply(others, bound))
        1L + (count >= 2 | bound(old)) + (count >= 3)
      }
      ordered_codes(determined(stage(lo), stage(hi)),
                    c("low", "intermediate", "high"))
    },
    floor = c_loop(c(age = "double", hemoglobin = "double", platelets = "double",
                     b2m = "double", igm = "double"), "int", "
        int ol = GE_LO(age[i], 66), oh = GE_HI(age[i], 66);
        int cl = ol + LE_LO(hemoglobin[i], 11.5) + LE_LO(platelets[i], 100) +
            GT_LO(b2m[i], 3) + GT_LO(igm[i], 7);
        int ch = oh + LE_HI(hemoglobin[i], 11.5) + LE_HI(platelets[i], 100) +
            GT_HI(b2m[i], 3) + GT_HI(igm[i], 7);
        int l = 1 + (cl >= 2 || ol) + (cl >= 3), h = 1 + (ch >= 2 || oh) + (ch >= 3);
        out[i] = l == h ? l : NA_INTEGER;")
  ),
  bench_entry(
    "score_ipsswm",
    data = wm_data,
    b2m = function(d) {
      b2m::score_ipsswm(age = d$age, hemoglobin = d$hemoglobin,
                        platelets = d$platelets, b2m = d$b2m, igm = d$igm)
    },
    base = function(d) {
      as.double((d$age >= 66) + (d$hemoglobin <= 11.5) + (d$platelets <= 100) +
                  (d$b2m > 3) + (d$igm > 7))
    },
    floor = c_loop(c(age = "double", hemoglobin = "double", platelets = "double",
                     b2m = "double", igm = "double"), "double", "
        if (ISNAN(age[i]) || ISNAN(hemoglobin[i]) || ISNAN(platelets[i]) ||
            ISNAN(b2m[i]) || ISNAN(igm[i]))
            out[i] = NA_REAL;
        else
            out[i] = (age[i] >= 66) + (hemoglobin[i] <= 11.5) +
                (platelets[i] <= 100) + (b2m[i] > 3) + (igm[i] > 7);")
  ),
  bench_entry(
    "stage_ripsswm",
    data = wm_data,
    b2m = function(d) {
      b2m::stage_ripsswm(age = d$age, b2m = d$b2m, ldh = d$ldh, albumin = d$albumin)
    },
    base = function(d) {
      criteria <- list(d$age >= 66, d$age >= 76, d$b2m >= 4, d$albumin < 3.5,
                       d$ldh >= 250)
      group <- function(bound) pmin(Reduce(`+`, lapply(criteria, bound)), 4L) + 1L
      ordered_codes(determined(group(lo), group(hi)),
                    c("very low", "low", "intermediate", "high", "very high"))
    },
    floor = c_loop(c(age = "double", b2m = "double", ldh = "double",
                     albumin = "double"), "int", "
        int pl = GE_LO(age[i], 66) + GE_LO(age[i], 76) + GE_LO(b2m[i], 4) +
            LT_LO(albumin[i], 3.5) + GE_LO(ldh[i], 250);
        int ph = GE_HI(age[i], 66) + GE_HI(age[i], 76) + GE_HI(b2m[i], 4) +
            LT_HI(albumin[i], 3.5) + GE_HI(ldh[i], 250);
        int l = 1 + (pl < 4 ? pl : 4), h = 1 + (ph < 4 ? ph : 4);
        out[i] = l == h ? l : NA_INTEGER;")
  ),
  bench_entry(
    "score_ripsswm",
    data = wm_data,
    b2m = function(d) {
      b2m::score_ripsswm(age = d$age, b2m = d$b2m, ldh = d$ldh, albumin = d$albumin)
    },
    base = function(d) {
      as.double((d$age >= 66) + (d$age >= 76) + (d$b2m >= 4) + (d$albumin < 3.5) +
                  (d$ldh >= 250))
    },
    floor = c_loop(c(age = "double", b2m = "double", ldh = "double",
                     albumin = "double"), "double", "
        if (ISNAN(age[i]) || ISNAN(b2m[i]) || ISNAN(ldh[i]) || ISNAN(albumin[i]))
            out[i] = NA_REAL;
        else
            out[i] = (age[i] >= 66) + (age[i] >= 76) + (b2m[i] >= 4) +
                (albumin[i] < 3.5) + (ldh[i] >= 250);")
  ),
  bench_entry(
    "stage_flipi2",
    data = fl_data,
    b2m = function(d) {
      b2m::stage_flipi2(age = d$age, b2m = d$b2m, b2m_uln = d$b2m_uln,
                        node_diameter_cm = d$node_diameter_cm,
                        bone_marrow = d$bone_marrow, hemoglobin = d$hemoglobin)
    },
    base = function(d) {
      criteria <- list(d$age >= 61, d$b2m > d$b2m_uln, d$node_diameter_cm > 6,
                       d$bone_marrow, d$hemoglobin < 12)
      group <- function(bound) flipi2_group(Reduce(`+`, lapply(criteria, bound)))
      ordered_codes(determined(group(lo), group(hi)),
                    c("low", "intermediate", "high"))
    },
    floor = c_loop(c(age = "double", b2m = "double", b2m_uln = "scalar",
                     node_diameter_cm = "double", bone_marrow = "logical",
                     hemoglobin = "double"), "int", "
        int pl = GE_LO(age[i], 61) + GT_LO(b2m[i], b2m_uln) +
            GT_LO(node_diameter_cm[i], 6) + LO(bone_marrow[i]) + LT_LO(hemoglobin[i], 12);
        int ph = GE_HI(age[i], 61) + GT_HI(b2m[i], b2m_uln) +
            GT_HI(node_diameter_cm[i], 6) + HI(bone_marrow[i]) + LT_HI(hemoglobin[i], 12);
        int l = 1 + (pl >= 1) + (pl >= 3), h = 1 + (ph >= 1) + (ph >= 3);
        out[i] = l == h ? l : NA_INTEGER;")
  ),
  bench_entry(
    "score_flipi2",
    data = fl_data,
    b2m = function(d) {
      b2m::score_flipi2(age = d$age, b2m = d$b2m, b2m_uln = d$b2m_uln,
                        node_diameter_cm = d$node_diameter_cm,
                        bone_marrow = d$bone_marrow, hemoglobin = d$hemoglobin)
    },
    base = function(d) {
      as.double((d$age >= 61) + (d$b2m > d$b2m_uln) + (d$node_diameter_cm > 6) +
                  d$bone_marrow + (d$hemoglobin < 12))
    },
    floor = c_loop(c(age = "double", b2m = "double", b2m_uln = "scalar",
                     node_diameter_cm = "double", bone_marrow = "logical",
                     hemoglobin = "double"), "double", "
        if (ISNAN(age[i]) || ISNAN(b2m[i]) || ISNAN(node_diameter_cm[i]) ||
            bone_marrow[i] == NA_LOGICAL || ISNAN(hemoglobin[i]))
            out[i] = NA_REAL;
        else
            out[i] = (age[i] >= 61) + (b2m[i] > b2m_uln) + (node_diameter_cm[i] > 6) +
                bone_marrow[i] + (hemoglobin[i] < 12);")
  ),
  bench_entry(
    "stage_prima_pi",
    data = fl_data,
    b2m = function(d) b2m::stage_prima_pi(b2m = d$b2m, bone_marrow = d$bone_marrow),
    base = function(d) {
      high <- d$b2m > 3
      low <- ifelse(lo(high), 3L, 1L + lo(d$bone_marrow))
      upper <- ifelse(hi(high), 3L, 1L + hi(d$bone_marrow))
      ordered_codes(determined(low, upper), c("low", "intermediate", "high"))
    },
    floor = c_loop(c(b2m = "double", bone_marrow = "logical"), "int", "
        int l = GT_LO(b2m[i], 3) ? 3 : 1 + LO(bone_marrow[i]);
        int h = GT_HI(b2m[i], 3) ? 3 : 1 + HI(bone_marrow[i]);
        out[i] = l == h ? l : NA_INTEGER;")
  )
)

mass_args <- c(b2m = "double", ldh_high = "logical", del17p = "logical",
               t4_14 = "logical", t14_16 = "logical", t14_20 = "logical",
               gain1q = "logical")
mass_call <- function(fun) {
  function(d) {
    fun(b2m = d$b2m, ldh_high = d$ldh_high, del17p = d$del17p, t4_14 = d$t4_14,
        t14_16 = d$t14_16, t14_20 = d$t14_20, gain1q = d$gain1q)
  }
}

entries <- c(entries, list(
  bench_entry(
    "stage_mass",
    data = mass_data,
    b2m = mass_call(b2m::stage_mass),
    base = function(d) {
      ordered_codes(determined(mass_group(mass_points(d, lo)),
                               mass_group(mass_points(d, hi))),
                    c("I", "II", "III"))
    },
    floor = c_loop(mass_args, "int", "
        int pl = (LO(t4_14[i]) || LO(t14_16[i]) || LO(t14_20[i])) + LO(gain1q[i]) +
            LO(del17p[i]) + GE_LO(b2m[i], 5.5) + LO(ldh_high[i]);
        int ph = (HI(t4_14[i]) || HI(t14_16[i]) || HI(t14_20[i])) + HI(gain1q[i]) +
            HI(del17p[i]) + GE_HI(b2m[i], 5.5) + HI(ldh_high[i]);
        int l = 1 + (pl >= 1) + (pl >= 2), h = 1 + (ph >= 1) + (ph >= 2);
        out[i] = l == h ? l : NA_INTEGER;")
  ),
  bench_entry(
    "score_mass",
    data = mass_data,
    b2m = mass_call(b2m::score_mass),
    base = function(d) {
      as.double(pmax(d$t4_14, d$t14_16, d$t14_20) + d$gain1q + d$del17p +
                  (d$b2m >= 5.5) + d$ldh_high)
    },
    floor = c_loop(mass_args, "double", "
        if (ISNAN(b2m[i]) || ldh_high[i] == NA_LOGICAL || del17p[i] == NA_LOGICAL ||
            t4_14[i] == NA_LOGICAL || t14_16[i] == NA_LOGICAL ||
            t14_20[i] == NA_LOGICAL || gain1q[i] == NA_LOGICAL)
            out[i] = NA_REAL;
        else
            out[i] = (t4_14[i] || t14_16[i] || t14_20[i]) + gain1q[i] + del17p[i] +
                (b2m[i] >= 5.5) + ldh_high[i];")
  ),
  bench_entry(
    "risk_imwg2025",
    data = imwg2025_data,
    b2m = function(d) {
      b2m::risk_imwg2025(d$del17p_ccf, d$tp53_mutation, d$t4_14, d$t14_16,
                         d$t14_20, d$gain1q, d$del1p32, d$b2m, d$creatinine)
    },
    # the risk and criteria 1-4, each determined when its bounds agree
    base = function(d) {
      low <- imwg2025_criteria(d, lo)
      high <- imwg2025_criteria(d, hi)
      risk <- determined(1L + Reduce(`|`, low), 1L + Reduce(`|`, high))
      c(list(risk),
        Map(function(l, h) {
          l[l != h] <- NA
          l
        }, low, high),
        imwg2025_texts(d, low, high, risk))
    },
    # The floor writes what the package returns: the risk, each criterion
    # three-valued (its bounds), and the text columns of "criteria" (the
    # missing inputs of the open criteria where the risk is open, the
    # notes, no marker assumed negative), each text joined once.
    floor = c_function("floor_risk_imwg2025", '
/* The text of each code (0: none, NA; else the labels of its bits joined by
 * sep), each joined once: a character vector of n rows. */
static SEXP floor_text(const int *code, R_xlen_t n, const char *const *labels,
                       int n_labels, const char *sep)
{
    SEXP out = PROTECT(Rf_allocVector(STRSXP, n));
    SEXP cache = PROTECT(Rf_allocVector(STRSXP, 1 << n_labels));
    R_xlen_t i;
    int k, j;
    for (k = 1; k < 1 << n_labels; k++) {
        char text[1024] = "";
        for (j = 0; j < n_labels; j++)
            if (k >> j & 1) {
                if (text[0] != 0)
                    strcat(text, sep);
                strcat(text, labels[j]);
            }
        SET_STRING_ELT(cache, k, Rf_mkCharCE(text, CE_UTF8));
    }
    SET_STRING_ELT(cache, 0, NA_STRING);
    for (i = 0; i < n; i++)
        SET_STRING_ELT(out, i, STRING_ELT(cache, code[i]));
    UNPROTECT(2);
    return out;
}

SEXP floor_risk_imwg2025(SEXP a_ccf, SEXP a_tp53, SEXP a_t4_14, SEXP a_t14_16,
                         SEXP a_t14_20, SEXP a_gain1q, SEXP a_del1p32, SEXP a_b2m,
                         SEXP a_creatinine)
{
    static const char *const inputs[] = {"del17p_ccf", "tp53_mutation", "t4_14",
        "t14_16", "t14_20", "gain1q", "del1p32", "b2m", "creatinine"};
    static const char *const notes[] = {
        "high risk under the \'20% or more\' reading, not under the \'more than 20%\' reading",
        "B2M at or above 5.5 mg/L not counted: creatinine not below 1.2 mg/dL (renal function not normal)"};
    /* the inputs each criterion reads, as bits of inputs[] */
    static const int reads[4] = {0x3, 0x7c, 0x60, 0x180};
    R_xlen_t n = XLENGTH(a_ccf), i;
    const double *ccf = REAL_RO(a_ccf), *b2m = REAL_RO(a_b2m),
        *creatinine = REAL_RO(a_creatinine);
    const int *tp53 = LOGICAL_RO(a_tp53), *t4_14 = LOGICAL_RO(a_t4_14),
        *t14_16 = LOGICAL_RO(a_t14_16), *t14_20 = LOGICAL_RO(a_t14_20),
        *gain1q = LOGICAL_RO(a_gain1q);
    SEXP out = PROTECT(Rf_allocVector(VECSXP, 8));
    SEXP codes = PROTECT(Rf_allocVector(INTSXP, 3 * n));
    int *risk, *met[4], *missing = INTEGER(codes), *note = missing + n,
        *assumed = note + n, k;
    SET_VECTOR_ELT(out, 0, Rf_allocVector(INTSXP, n));
    risk = INTEGER(VECTOR_ELT(out, 0));
    for (k = 0; k < 4; k++) {
        SET_VECTOR_ELT(out, k + 1, Rf_allocVector(LGLSXP, n));
        met[k] = LOGICAL(VECTOR_ELT(out, k + 1));
    }
    for (i = 0; i < n; i++) {
        int level = del1p32_level(STRING_ELT(a_del1p32, i));
        int d1l = level >= 1, d1h = level != 0, d2l = level >= 2, d2h = level != 0 && level != 1;
        int tl = LO(t4_14[i]) || LO(t14_16[i]) || LO(t14_20[i]);
        int th = HI(t4_14[i]) || HI(t14_16[i]) || HI(t14_20[i]);
        int gl = LO(gain1q[i]), gh = HI(gain1q[i]);
        int l[4], h[4], open = 0;
        l[0] = GE_LO(ccf[i], 20) || LO(tp53[i]);
        h[0] = GE_HI(ccf[i], 20) || HI(tp53[i]);
        l[1] = tl && (gl || d1l);
        h[1] = th && (gh || d1h);
        l[2] = d1l && (gl || d2l);
        h[2] = d1h && (gh || d2h);
        l[3] = GE_LO(b2m[i], 5.5) && LT_LO(creatinine[i], 1.2);
        h[3] = GE_HI(b2m[i], 5.5) && LT_HI(creatinine[i], 1.2);
        for (k = 0; k < 4; k++) {
            met[k][i] = l[k] == h[k] ? l[k] : NA_LOGICAL;
            open |= l[k] != h[k] ? reads[k] : 0;
        }
        {
            int any_l = l[0] || l[1] || l[2] || l[3], any_h = h[0] || h[1] || h[2] || h[3];
            risk[i] = any_l == any_h ? 1 + any_l : NA_INTEGER;
        }
        missing[i] = 0;
        if (risk[i] == NA_INTEGER)
            missing[i] = open & (!!ISNAN(ccf[i]) | (tp53[i] == NA_LOGICAL) << 1 |
                                 (t4_14[i] == NA_LOGICAL) << 2 |
                                 (t14_16[i] == NA_LOGICAL) << 3 |
                                 (t14_20[i] == NA_LOGICAL) << 4 |
                                 (gain1q[i] == NA_LOGICAL) << 5 | (level < 0) << 6 |
                                 !!ISNAN(b2m[i]) << 7 | !!ISNAN(creatinine[i]) << 8);
        note[i] = (ccf[i] == 20) | (GE_LO(b2m[i], 5.5) && GE_LO(creatinine[i], 1.2)) << 1;
        assumed[i] = 0;
    }
    SET_VECTOR_ELT(out, 5, floor_text(missing, n, inputs, 9, ", "));
    SET_VECTOR_ELT(out, 6, floor_text(note, n, notes, 2, "; "));
    SET_VECTOR_ELT(out, 7, floor_text(assumed, n, inputs, 0, ", "));
    UNPROTECT(2);
    return out;
}
', function(routine, d) {
      routine(d$del17p_ccf, d$tp53_mutation, d$t4_14, d$t14_16, d$t14_20,
              d$gain1q, d$del1p32, d$b2m, d$creatinine)
    }),
    codes = imwg2025_codes
  )
))

run_entries("staging", entries)
