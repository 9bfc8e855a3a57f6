# Benchmarks of the kidney, serum/urine pattern and dialysis functions (run
# by `make bench`). Equations from shared/reference/clinical-rules.md.
#
# nephro applies min() and max() row by row (apply()), about 100 times slower
# than vectorized R: it is timed at 1e5 rows only.
#
# The C floors for the eGFR equations are the naive loop: one pow() per
# factor as the equation is written, constants as literals. Ages are drawn
# from 19 to 99 years: the equations are for adults and kidney.epi refuses
# ages of 100 and over.
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE),
                                                  value = TRUE)[1])), "common.R"))

egfr_data <- function(n, na) {
  list(creatinine = gen_creatinine(n, na), cystatin = gen_cystatin(n, na),
       age = gen_age(n, na, lo = 19), sex = gen_sex(n, na))
}

# CKD-EPI 2021 creatinine, CKD-EPI 2012 cystatin C, CKD-EPI 2021 combined.
egfr_cr_base <- function(scr, age, female) {
  k <- ifelse(female, 0.7, 0.9)
  a <- ifelse(female, -0.241, -0.302)
  r <- scr / k
  142 * pmin(r, 1)^a * pmax(r, 1)^-1.200 * 0.9938^age * ifelse(female, 1.012, 1)
}
egfr_cys_base <- function(scys, age, female) {
  r <- scys / 0.8
  133 * pmin(r, 1)^-0.499 * pmax(r, 1)^-1.328 * 0.996^age * ifelse(female, 0.932, 1)
}
egfr_crcys_base <- function(scr, scys, age, female) {
  k <- ifelse(female, 0.7, 0.9)
  a <- ifelse(female, -0.219, -0.144)
  r <- scr / k
  q <- scys / 0.8
  135 * pmin(r, 1)^a * pmax(r, 1)^-0.544 * pmin(q, 1)^-0.323 * pmax(q, 1)^-0.778 *
    0.9961^age * ifelse(female, 0.963, 1)
}

# Rows with a missing input give NA in every floor.
sex_missing <- "STRING_ELT(sex, i) == NA_STRING"
female <- "int f = STRING_ELT(sex, i) == c_female;"

egfr_args <- c(creatinine = "double", age = "double", sex = "string")
gfr_levels <- c("G1", "G2", "G3a", "G3b", "G4", "G5")
# nephro codes sex as 1 male, 0 female; the recoding is part of its cost.
nephro_sex <- function(sex) as.integer(sex == "male")

entries <- list(
  bench_entry(
    "egfr_ckdepi_cr",
    data = egfr_data,
    b2m = function(d) b2m::egfr_ckdepi_cr(d$creatinine, d$age, d$sex),
    base = function(d) egfr_cr_base(d$creatinine, d$age, d$sex == "female"),
    floor = c_loop(egfr_args, "double", paste0("
        if (ISNAN(creatinine[i]) || ISNAN(age[i]) || ", sex_missing, ") {
            out[i] = NA_REAL;
            continue;
        }
        ", female, "
        double k = f ? 0.7 : 0.9, a = f ? -0.241 : -0.302, r = creatinine[i] / k;
        out[i] = 142 * pow(r < 1 ? r : 1, a) * pow(r > 1 ? r : 1, -1.200) *
            pow(0.9938, age[i]) * (f ? 1.012 : 1);")),
    cran = list(
      kidney.epi = cran_impl("kidney.epi", function(d) {
        kidney.epi::egfr.ckdepi.cr.2021(d$creatinine, d$age, d$sex,
                                        creatinine_units = "mg/dl",
                                        label_sex_male = "male",
                                        label_sex_female = "female")
      }, tolerance = 0.0051, absolute = TRUE),
      nephro = cran_impl("nephro", function(d) {
        nephro::CKDEpi2021.creat(d$creatinine, nephro_sex(d$sex), d$age)
      }, max_rows = 1e5)
    )
  ),
  bench_entry(
    "egfr_ckdepi_cys",
    data = egfr_data,
    b2m = function(d) b2m::egfr_ckdepi_cys(d$cystatin, d$age, d$sex),
    base = function(d) egfr_cys_base(d$cystatin, d$age, d$sex == "female"),
    floor = c_loop(c(cystatin = "double", age = "double", sex = "string"), "double",
                   paste0("
        if (ISNAN(cystatin[i]) || ISNAN(age[i]) || ", sex_missing, ") {
            out[i] = NA_REAL;
            continue;
        }
        ", female, "
        double r = cystatin[i] / 0.8;
        out[i] = 133 * pow(r < 1 ? r : 1, -0.499) * pow(r > 1 ? r : 1, -1.328) *
            pow(0.996, age[i]) * (f ? 0.932 : 1);")),
    cran = list(
      nephro = cran_impl("nephro", function(d) {
        nephro::CKDEpi.cys(d$cystatin, nephro_sex(d$sex), d$age)
      }, max_rows = 1e5)
    )
  ),
  bench_entry(
    "egfr_ckdepi_crcys",
    data = egfr_data,
    b2m = function(d) {
      b2m::egfr_ckdepi_crcys(d$creatinine, d$cystatin, d$age, d$sex)
    },
    base = function(d) {
      egfr_crcys_base(d$creatinine, d$cystatin, d$age, d$sex == "female")
    },
    floor = c_loop(c(creatinine = "double", cystatin = "double", age = "double",
                     sex = "string"), "double", paste0("
        if (ISNAN(creatinine[i]) || ISNAN(cystatin[i]) || ISNAN(age[i]) || ",
        sex_missing, ") {
            out[i] = NA_REAL;
            continue;
        }
        ", female, "
        double k = f ? 0.7 : 0.9, a = f ? -0.219 : -0.144;
        double r = creatinine[i] / k, q = cystatin[i] / 0.8;
        out[i] = 135 * pow(r < 1 ? r : 1, a) * pow(r > 1 ? r : 1, -0.544) *
            pow(q < 1 ? q : 1, -0.323) * pow(q > 1 ? q : 1, -0.778) *
            pow(0.9961, age[i]) * (f ? 0.963 : 1);")),
    cran = list(
      kidney.epi = cran_impl("kidney.epi", function(d) {
        kidney.epi::egfr.ckdepi.cr_cys.2021(d$creatinine, d$cystatin, d$age, d$sex,
                                            creatinine_units = "mg/dl",
                                            label_sex_male = "male",
                                            label_sex_female = "female")
      }, tolerance = 0.0051, absolute = TRUE),
      nephro = cran_impl("nephro", function(d) {
        nephro::CKDEpi2021.creat.cys(d$creatinine, d$cystatin, nephro_sex(d$sex), d$age)
      }, max_rows = 1e5)
    )
  ),
  bench_entry(
    # coefficients to be confirmed (reference file): 133 x B2M^-0.852
    "egfr_b2m",
    data = function(n, na) list(b2m = gen_b2m(n, na)),
    b2m = function(d) b2m::egfr_b2m(d$b2m),
    base = function(d) 133 * d$b2m^-0.852,
    floor = c_loop(c(b2m = "double"), "double",
                   "out[i] = 133 * pow(b2m[i], -0.852);")
  ),
  bench_entry(
    "gfr_category",
    data = function(n, na) list(egfr = gen_egfr(n, na)),
    b2m = function(d) b2m::gfr_category(d$egfr),
    base = function(d) {
      structure(6L - findInterval(d$egfr, c(15, 30, 45, 60, 90)),
                levels = gfr_levels, class = c("ordered", "factor"))
    },
    floor = c_loop(c(egfr = "double"), "int", "
        double g = egfr[i];
        out[i] = ISNAN(g) ? NA_INTEGER : g < 15 ? 6 : g < 30 ? 5 : g < 45 ? 4 :
            g < 60 ? 3 : g < 90 ? 2 : 1;"),
    cran = list(
      kidney.epi = cran_impl("kidney.epi", function(d) {
        kidney.epi::ckd.kdigo_category.gfr(d$egfr)
      }, codes = function(x) match(x, gfr_levels))
    )
  ),
  bench_entry(
    "b2m_expected",
    data = function(n, na) list(egfr = gen_egfr(n, na)),
    b2m = function(d) b2m::b2m_expected(d$egfr),
    base = function(d) (d$egfr / 133)^(-1 / 0.852),
    floor = c_loop(c(egfr = "double"), "double",
                   "out[i] = pow(egfr[i] / 133, -1 / 0.852);")
  ),
  bench_entry(
    "b2m_excess",
    data = function(n, na) list(b2m = gen_b2m(n, na), egfr = gen_egfr(n, na)),
    b2m = function(d) b2m::b2m_excess(d$b2m, d$egfr),
    base = function(d) d$b2m / (d$egfr / 133)^(-1 / 0.852),
    floor = c_loop(c(b2m = "double", egfr = "double"), "double",
                   "out[i] = b2m[i] / pow(egfr[i] / 133, -1 / 0.852);")
  ),
  bench_entry(
    # default limits: serum 2.70 mg/L, random urine 300 ug/L; no urine pH
    "b2m_pattern",
    data = function(n, na) {
      list(serum = gen_b2m(n, na),
           urine = with_na(clamp(stats::rlnorm(n, log(150), 1.2), 1, 1e6), na))
    },
    b2m = function(d) b2m::b2m_pattern(d$serum, d$urine),
    base = function(d) {
      structure(1L + (d$serum > 2.7) + 2L * (d$urine > 300),
                levels = c("normal", "glomerular", "tubular", "combined"),
                class = "factor")
    },
    floor = c_loop(c(serum = "double", urine = "double"), "int", "
        out[i] = ISNAN(serum[i]) || ISNAN(urine[i]) ? NA_INTEGER :
            1 + (serum[i] > 2.7) + 2 * (urine[i] > 300);")
  ),
  bench_entry(
    # Bergstrom-Wehle correction of the post-dialysis value
    "b2m_reduction_ratio",
    data = function(n, na) {
      pre <- with_na(clamp(stats::rlnorm(n, log(30), 0.3), 5, 100), na)
      weight_pre <- with_na(clamp(stats::rnorm(n, 75, 12), 35, 180), na)
      list(pre = pre, post = pre * stats::runif(n, 0.2, 0.8),
           weight_pre = weight_pre,
           weight_post = weight_pre - stats::runif(n, 0, 4))
    },
    b2m = function(d) {
      b2m::b2m_reduction_ratio(d$pre, d$post, weight_pre = d$weight_pre,
                               weight_post = d$weight_post)
    },
    base = function(d) {
      corrected <- d$post /
        (1 + (d$weight_pre - d$weight_post) / (0.2 * d$weight_post))
      100 * (1 - corrected / d$pre)
    },
    floor = c_loop(c(pre = "double", post = "double", weight_pre = "double",
                     weight_post = "double"), "double", "
        double corrected = post[i] /
            (1 + (weight_pre[i] - weight_post[i]) / (0.2 * weight_post[i]));
        out[i] = 100 * (1 - corrected / pre[i]);")
  )
)

# The equations of clinical-rules-2.md sections D-G: the historic CKD-EPI
# equations (race term), EKFC, CKiD U25 (its average form, both markers),
# bedside Schwartz and the urine B2M/creatinine ratio.
race_data <- function(n, na) {
  c(egfr_data(n, na), list(black = gen_flag(n, na, 0.15)))
}
# EKFC is computed from 2 years and warns above 90: ages 2 to 90.
ekfc_data <- function(n, na) {
  list(creatinine = gen_creatinine(n, na), cystatin = gen_cystatin(n, na),
       age = with_na(clamp(stats::rnorm(n, 50, 22), 2, 90), na),
       sex = gen_sex(n, na))
}
u25_data <- function(n, na) {
  age <- with_na(stats::runif(n, 1, 25), na)
  list(age = age, sex = gen_sex(n, na),
       height_m = with_na(clamp(0.75 + 0.045 * age + stats::rnorm(n, 0, 0.08),
                                0.6, 2.1), na),
       creatinine = with_na(clamp(stats::rlnorm(n, log(0.6), 0.5), 0.1, 10), na),
       cystatin = with_na(clamp(stats::rlnorm(n, log(1), 0.4), 0.2, 8), na))
}
urine_data <- function(n, na) {
  list(urine_b2m = with_na(clamp(stats::rlnorm(n, log(150), 1.2), 1, 1e6), na),
       urine_creatinine = with_na(clamp(stats::rlnorm(n, log(110), 0.6), 5, 900),
                                  na))
}

# The EKFC floor: Q as the papers give it, the creatinine converted to umol/L.
ekfc_floor_body <- function(marker, q, by_sex) {
  paste0("
        if (ISNAN(", marker, "[i]) || ISNAN(age[i])", if (by_sex)
          paste0(" || ", sex_missing), ") {
            out[i] = NA_REAL;
            continue;
        }
        double a_ = age[i];
        ", if (by_sex) female, "
        double q = ", q, ";
        double r = ", marker, "[i]", if (marker == "creatinine") " * 88.4",
         " / q;
        out[i] = 107.3 / pow(r, r < 1 ? 0.322 : 1.132) *
            (a_ > 40 ? pow(0.990, a_ - 40) : 1);")
}
ekfc_cr_q <- paste(
  "a_ <= 25 ? exp(f ? 3.080 + 0.177 * a_ - 0.223 * log(a_) - 0.00596 * a_ * a_",
  "+ 0.0000686 * a_ * a_ * a_ : 3.200 + 0.259 * a_ - 0.543 * log(a_) -",
  "0.00763 * a_ * a_ + 0.0000790 * a_ * a_ * a_) : (f ? 62 : 80)")

# The urine ratio's six columns, as b2m_urine_ratio() returns them. The floor
# does less than b2m must: it checks no value (negative, infinite, zero
# creatinine, implausible for the unit) and does not count the results that
# read like mg/L (the unit warning's rows and their share), both of which
# b2m does in the same pass.
urine_floor <- c_function("floor_urine_ratio", '
SEXP floor_urine_ratio(SEXP a_b2m, SEXP a_cr)
{
    R_xlen_t n = XLENGTH(a_b2m), i;
    const double *b2m = REAL_RO(a_b2m), *cr = REAL_RO(a_cr);
    SEXP out = PROTECT(Rf_allocVector(VECSXP, 6));
    double *ug_g, *ug_mmol;
    int *above, *dilute, *conc, *recollect;
    SET_VECTOR_ELT(out, 0, Rf_allocVector(REALSXP, n));
    SET_VECTOR_ELT(out, 1, Rf_allocVector(REALSXP, n));
    for (i = 2; i < 6; i++)
        SET_VECTOR_ELT(out, i, Rf_allocVector(LGLSXP, n));
    ug_g = REAL(VECTOR_ELT(out, 0));
    ug_mmol = REAL(VECTOR_ELT(out, 1));
    above = LOGICAL(VECTOR_ELT(out, 2));
    dilute = LOGICAL(VECTOR_ELT(out, 3));
    conc = LOGICAL(VECTOR_ELT(out, 4));
    recollect = LOGICAL(VECTOR_ELT(out, 5));
    for (i = 0; i < n; i++) {
        double c = cr[i], ratio = b2m[i] * 100 / c;
        int d = ISNAN(c) ? NA_LOGICAL : c < 30, k = ISNAN(c) ? NA_LOGICAL : c > 300;
        ug_g[i] = ISNAN(ratio) ? NA_REAL : ratio;
        ug_mmol[i] = ISNAN(ratio) ? NA_REAL : ratio * 113.12 / 1000;
        dilute[i] = d;
        conc[i] = k;
        recollect[i] = d == 1 || k == 1 ? 1 : ISNAN(c) ? NA_LOGICAL : 0;
        above[i] = ISNAN(ratio) || d == 1 || k == 1 ? NA_LOGICAL : ratio > 300;
    }
    UNPROTECT(1);
    return out;
}
', function(routine, d) routine(d$urine_b2m, d$urine_creatinine))

entries <- c(entries, list(
  bench_entry(
    "egfr_ckdepi_cr_2009",
    data = race_data,
    b2m = function(d) {
      b2m::egfr_ckdepi_cr_2009(d$creatinine, d$age, d$sex, d$black)
    },
    base = function(d) {
      f <- d$sex == "female"
      r <- d$creatinine / ifelse(f, 0.7, 0.9)
      141 * pmin(r, 1)^ifelse(f, -0.329, -0.411) * pmax(r, 1)^-1.209 *
        0.993^d$age * ifelse(f, 1.018, 1) * ifelse(d$black, 1.159, 1)
    },
    floor = c_loop(c(egfr_args, black = "logical"), "double", paste0("
        if (ISNAN(creatinine[i]) || ISNAN(age[i]) || ", sex_missing, " ||
            black[i] == NA_LOGICAL) {
            out[i] = NA_REAL;
            continue;
        }
        ", female, "
        double k = f ? 0.7 : 0.9, a = f ? -0.329 : -0.411, r = creatinine[i] / k;
        out[i] = 141 * pow(r < 1 ? r : 1, a) * pow(r > 1 ? r : 1, -1.209) *
            pow(0.993, age[i]) * (f ? 1.018 : 1) * (black[i] ? 1.159 : 1);"))
  ),
  bench_entry(
    "egfr_ckdepi_crcys_2012",
    data = race_data,
    b2m = function(d) {
      b2m::egfr_ckdepi_crcys_2012(d$creatinine, d$cystatin, d$age, d$sex,
                                  d$black)
    },
    base = function(d) {
      f <- d$sex == "female"
      r <- d$creatinine / ifelse(f, 0.7, 0.9)
      q <- d$cystatin / 0.8
      135 * pmin(r, 1)^ifelse(f, -0.248, -0.207) * pmax(r, 1)^-0.601 *
        pmin(q, 1)^-0.375 * pmax(q, 1)^-0.711 * 0.995^d$age *
        ifelse(f, 0.969, 1) * ifelse(d$black, 1.08, 1)
    },
    floor = c_loop(c(creatinine = "double", cystatin = "double", age = "double",
                     sex = "string", black = "logical"), "double", paste0("
        if (ISNAN(creatinine[i]) || ISNAN(cystatin[i]) || ISNAN(age[i]) || ",
        sex_missing, " || black[i] == NA_LOGICAL) {
            out[i] = NA_REAL;
            continue;
        }
        ", female, "
        double k = f ? 0.7 : 0.9, a = f ? -0.248 : -0.207;
        double r = creatinine[i] / k, q = cystatin[i] / 0.8;
        out[i] = 135 * pow(r < 1 ? r : 1, a) * pow(r > 1 ? r : 1, -0.601) *
            pow(q < 1 ? q : 1, -0.375) * pow(q > 1 ? q : 1, -0.711) *
            pow(0.995, age[i]) * (f ? 0.969 : 1) * (black[i] ? 1.08 : 1);"))
  ),
  bench_entry(
    "egfr_ekfc_cr",
    data = ekfc_data,
    b2m = function(d) b2m::egfr_ekfc_cr(d$creatinine, d$age, d$sex),
    base = function(d) {
      f <- d$sex == "female"
      a <- d$age
      child <- ifelse(f, 3.080 + 0.177 * a - 0.223 * log(a) - 0.00596 * a^2 +
                        0.0000686 * a^3,
                      3.200 + 0.259 * a - 0.543 * log(a) - 0.00763 * a^2 +
                        0.0000790 * a^3)
      q <- ifelse(a <= 25, exp(child), ifelse(f, 62, 80))
      r <- d$creatinine * 88.4 / q
      107.3 / r^ifelse(r < 1, 0.322, 1.132) * ifelse(a > 40, 0.990^(a - 40), 1)
    },
    floor = c_loop(c(creatinine = "double", age = "double", sex = "string"),
                   "double", ekfc_floor_body("creatinine", ekfc_cr_q, TRUE))
  ),
  bench_entry(
    "egfr_ekfc_cys",
    data = ekfc_data,
    b2m = function(d) b2m::egfr_ekfc_cys(d$cystatin, d$age),
    base = function(d) {
      q <- ifelse(d$age < 50, 0.83, 0.83 + 0.005 * (d$age - 50))
      r <- d$cystatin / q
      107.3 / r^ifelse(r < 1, 0.322, 1.132) *
        ifelse(d$age > 40, 0.990^(d$age - 40), 1)
    },
    floor = c_loop(c(cystatin = "double", age = "double"), "double",
                   ekfc_floor_body("cystatin",
                                   "a_ < 50 ? 0.83 : 0.83 + 0.005 * (a_ - 50)",
                                   FALSE))
  ),
  bench_entry(
    # the average form: creatinine and cystatin C both given
    "egfr_ckid_u25",
    data = u25_data,
    b2m = function(d) {
      b2m::egfr_ckid_u25(d$age, d$sex, d$height_m, d$creatinine, d$cystatin)
    },
    base = function(d) {
      f <- d$sex == "female"
      a <- d$age
      k_cr <- ifelse(a >= 18, ifelse(f, 41.4, 50.8),
                     ifelse(f, 36.1, 39.0) *
                       ifelse(a < 12, 1.008, ifelse(f, 1.023, 1.045))^(a - 12))
      pivot <- ifelse(f, 12, 15)
      k_cys <- ifelse(a >= 18, ifelse(f, 68.3, 77.1),
                      ifelse(f, 79.9, 87.2) *
                        ifelse(a < pivot, ifelse(f, 1.004, 1.011),
                               ifelse(f, 0.974, 0.960))^(a - pivot))
      (k_cr * d$height_m / d$creatinine + k_cys / d$cystatin) / 2
    },
    floor = c_loop(c(age = "double", sex = "string", height_m = "double",
                     creatinine = "double", cystatin = "double"), "double",
                   paste0("
        if (ISNAN(age[i]) || ", sex_missing, " || ISNAN(height_m[i]) ||
            ISNAN(creatinine[i]) || ISNAN(cystatin[i])) {
            out[i] = NA_REAL;
            continue;
        }
        ", female, "
        double a = age[i], k_cr, k_cys;
        if (a >= 18) {
            k_cr = f ? 41.4 : 50.8;
            k_cys = f ? 68.3 : 77.1;
        } else {
            double pivot = f ? 12 : 15;
            k_cr = (f ? 36.1 : 39.0) *
                pow(a < 12 ? 1.008 : (f ? 1.023 : 1.045), a - 12);
            k_cys = (f ? 79.9 : 87.2) *
                pow(a < pivot ? (f ? 1.004 : 1.011) : (f ? 0.974 : 0.960),
                    a - pivot);
        }
        out[i] = (k_cr * height_m[i] / creatinine[i] + k_cys / cystatin[i]) / 2;"))
  ),
  bench_entry(
    "egfr_schwartz",
    data = function(n, na) {
      list(creatinine = with_na(clamp(stats::rlnorm(n, log(0.6), 0.5), 0.1, 10),
                                na),
           height_cm = with_na(stats::runif(n, 60, 200), na))
    },
    b2m = function(d) b2m::egfr_schwartz(d$creatinine, d$height_cm),
    base = function(d) 0.413 * d$height_cm / d$creatinine,
    floor = c_loop(c(creatinine = "double", height_cm = "double"), "double",
                   "out[i] = 0.413 * height_cm[i] / creatinine[i];")
  ),
  bench_entry(
    "b2m_urine_ratio",
    data = urine_data,
    b2m = function(d) b2m::b2m_urine_ratio(d$urine_b2m, d$urine_creatinine),
    base = function(d) {
      ratio <- d$urine_b2m * 100 / d$urine_creatinine
      dilute <- d$urine_creatinine < 30
      concentrated <- d$urine_creatinine > 300
      recollect <- dilute | concentrated
      data.frame(ratio_ug_g = ratio, ratio_ug_mmol = ratio * 113.12 / 1000,
                 above_osha_trigger = ifelse(recollect, NA, ratio > 300),
                 dilute = dilute, concentrated = concentrated,
                 recollect = recollect)
    },
    floor = urine_floor
  )
))

run_entries("kidney", entries)
