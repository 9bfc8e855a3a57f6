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

run_entries("kidney", entries)
