# The published rules, written out by hand from the package's clinical
# reference file (sections 2-6), never generated from the C tables: the
# staging and rules tests compare what the C core compiled with these.

published_rule <- function(system, input, comparison, threshold, unit, points) {
  data.frame(system = system, input = input, comparison = comparison,
             threshold = threshold, unit = unit, points = points,
             stringsAsFactors = FALSE)
}

published <- rbind(
  published_rule(
    "ISS", c("b2m", "albumin", "b2m"), c(">=", "<", ">="), c(3.5, 3.5, 5.5),
    c("mg/L", "g/dL", "mg/L"), 1),
  published_rule(
    "R-ISS", c("b2m", "albumin", "b2m", "del17p", "t4_14", "t14_16",
               "ldh_high"),
    c(">=", "<", ">=", rep("is TRUE", 4)), c(3.5, 3.5, 5.5, rep(NA, 4)),
    c("mg/L", "g/dL", "mg/L", rep(NA, 4)), c(1, 1, 1, 2, 2, 2, 2)),
  published_rule(
    "R2-ISS", c("b2m", "albumin", "b2m", "del17p", "ldh_high", "t4_14",
                "gain1q"),
    c(">=", "<", ">=", rep("is TRUE", 4)), c(3.5, 3.5, 5.5, rep(NA, 4)),
    c("mg/L", "g/dL", "mg/L", rep(NA, 4)), c(1, 1, 0.5, 1, 1, 1, 0.5)),
  # clinical-rules-2.md B.1: (1) CCF >= 20 or TP53; (2) a translocation AND
  # (1q+ or del(1p32)); (3) del(1p32) AND (1q+ or biallelic); (4) B2M >= 5.5
  # AND creatinine < 1.2 mg/dL. del(1p32) levels: 1 monoallelic, 2 biallelic.
  published_rule(
    "IMS/IMWG 2025",
    c("del17p_ccf", "tp53_mutation", "t4_14", "t14_16", "t14_20", "gain1q",
      "del1p32", "del1p32", "gain1q", "del1p32", "b2m", "creatinine"),
    c(">=", rep("is TRUE", 5), ">=", ">=", "is TRUE", ">=", ">=", "<"),
    c(20, rep(NA, 5), 1, 1, NA, 2, 5.5, 1.2),
    c("%", rep(NA, 5), rep("level (0 none, 1 monoallelic, 2 biallelic)", 2),
      NA, "level (0 none, 1 monoallelic, 2 biallelic)", "mg/L", "mg/dL"), 1),
  published_rule(
    "CLL-IPI", c("tp53", "ighv_unmutated", "b2m", "clinical_stage", "age"),
    c("is TRUE", "is TRUE", ">", "is TRUE", ">"), c(NA, NA, 3.5, NA, 65),
    c(NA, NA, "mg/L", NA, "years"), c(4, 2, 2, 1, 1)),
  published_rule(
    "IPSSWM", c("age", "hemoglobin", "platelets", "b2m", "igm"),
    c(">", "<=", "<=", ">", ">"), c(65, 11.5, 100, 3, 7),
    c("years", "g/dL", "10^9/L", "mg/L", "g/dL"), 1),
  published_rule(
    "rIPSSWM", c("age", "age", "b2m", "albumin", "ldh"),
    c(">", ">=", ">=", "<", ">="), c(65, 76, 4, 3.5, 250),
    c("years", "years", "mg/L", "g/dL", "U/L"), 1),
  published_rule(
    "FLIPI2", c("b2m", "node_diameter_cm", "bone_marrow", "hemoglobin", "age"),
    c(">", ">", "is TRUE", "<", ">"), c(NA, 6, NA, 12, 60),
    c("mg/L", "cm", NA, "g/dL", "years"), 1),
  published_rule(
    "PRIMA-PI", c("b2m", "bone_marrow"), c(">", "is TRUE"), c(3, NA),
    c("mg/L", NA), c(2, 1)),
  # clinical-rules-2.md C.1: the three translocations are one criterion
  published_rule(
    "MASS", c("t4_14", "t14_16", "t14_20", "gain1q", "del17p", "b2m",
              "ldh_high"),
    c(rep("is TRUE", 5), ">=", "is TRUE"), c(rep(NA, 5), 5.5, NA),
    c(rep(NA, 5), "mg/L", NA), 1)
)

# The groups of each system as score ranges, in the order they are tried.
published_groups <- data.frame(
  system = rep(c("ISS", "R-ISS", "R2-ISS", "IMS/IMWG 2025", "CLL-IPI",
                 "IPSSWM", "rIPSSWM", "FLIPI2", "PRIMA-PI"),
               c(3, 3, 4, 2, 4, 3, 5, 3, 3)),
  group = c("I", "II", "III", "I", "II", "III", "I", "II", "III", "IV",
            "standard", "high", "low", "intermediate", "high", "very high",
            "low", "intermediate", "high",
            "very low", "low", "intermediate", "high", "very high",
            "low", "intermediate", "high", "low", "intermediate", "high"),
  min_score = c(0, 1, 2, 0, 1, 4, 0, 0.5, 1.5, 3, 0, 1, 0, 2, 4, 7, 0, 0, 3,
                0, 1, 2, 3, 4, 0, 1, 3, 0, 1, 2),
  max_score = c(0, 1, 2, 0, 3, 4, 0, 1, 2.5, 5, 0, 4, 1, 3, 6, 10, 1, 2, 5,
                0, 1, 2, 3, 5, 0, 2, 5, 0, 1, 3),
  condition = c(rep(NA, 16), "not age > 65 years", rep(NA, 13)),
  stringsAsFactors = FALSE
)
# clinical-rules-2.md C.2
published_groups <- rbind(published_groups, data.frame(
  system = "MASS", group = c("I", "II", "III"), min_score = c(0, 1, 2),
  max_score = c(0, 1, 5), condition = NA, stringsAsFactors = FALSE
))

# The kidney equations' coefficients (reference file section 6), in the
# order of the C table, and the KDIGO category bounds.
published_kidney <- data.frame(
  system = rep(c("ckdepi_cr", "ckdepi_cys", "ckdepi_crcys", "egfr_b2m",
                 "kdigo"), c(9, 9, 14, 2, 5)),
  value = c(
    # CKD-EPI 2021 creatinine: 142, kappa M/F, alpha M/F, -1.200, 0.9938^age,
    # 1.012 female
    142, 0.9, 0.7, -0.302, -0.241, -1.200, 0.9938, 1.012,
    # an adult equation: from 18 years on
    18,
    # CKD-EPI 2012 cystatin C: 133, kappa 0.8 both, -0.499 both, -1.328,
    # 0.996^age, 0.932 female
    133, 0.8, 0.8, -0.499, -0.499, -1.328, 0.996, 0.932, 18,
    # CKD-EPI 2021 creatinine-cystatin C: 135, creatinine kappa M/F, alpha
    # M/F, -0.544, cystatin kappa 0.8, -0.323 both, -0.778, 0.9961^age,
    # 0.963 female
    135, 0.9, 0.7, -0.144, -0.219, -0.544, 0.8, 0.8, -0.323, -0.323, -0.778,
    0.9961, 0.963, 18,
    # B2M (Inker 2016, to be confirmed): 133 x B2M^-0.852
    133, -0.852,
    # KDIGO G1 to G4 lower bounds (G5 is below 15)
    90, 60, 45, 30, 15
  ),
  stringsAsFactors = FALSE
)

# The outcome figures per stage (clinical-rules-2.md section A and C.3), in
# the order of each system's stages, with the confidence of the reference:
# P read in the primary paper, S in secondary text. A system without a row
# here has no figure confirmed (R2-ISS).
published_outcome <- function(system, metric, value, unit, confidence) {
  data.frame(system = system, metric = metric, value = value, unit = unit,
             confidence = confidence, stringsAsFactors = FALSE)
}
published_outcomes <- rbind(
  published_outcome("ISS", "median overall survival", c(62, 44, 29), "months", "P"),
  published_outcome("R-ISS", "5-year overall survival", c(82, 62, 40), "%", "S"),
  published_outcome("R-ISS", "5-year progression-free survival", c(55, 36, 24),
                    "%", "S"),
  published_outcome("CLL-IPI", "5-year overall survival",
                    c(93.2, 79.3, 63.3, 23.3), "%", "S"),
  published_outcome("IPSSWM", "5-year survival", c(87, 68, 36), "%", "P"),
  published_outcome("IPSSWM", "median survival", c(142, 99, 43), "months", "S"),
  published_outcome("rIPSSWM", "3-year Waldenstr\u00f6m-related death",
                    c(0, 10, 14, 38, 48), "%", "P"),
  published_outcome("rIPSSWM", "10-year survival", c(84, 59, 37, 19, 9), "%", "P"),
  published_outcome("rIPSSWM", "5-year overall survival", c(95, 86, 78, 47, 36),
                    "%", "S"),
  published_outcome("FLIPI2", "3-year progression-free survival", c(91, 69, 51),
                    "%", "P"),
  published_outcome("FLIPI2", "3-year overall survival", c(99, 96, 84), "%", "P"),
  published_outcome("PRIMA-PI", "5-year progression-free survival", c(69, 55, 37),
                    "%", "P"),
  published_outcome("PRIMA-PI", "5-year event-free survival", c(77, 57, 44), "%",
                    "P"),
  published_outcome("MASS", "median overall survival", c(11.0, 7.0, 4.5),
                    "years", "P")
)

# The DOI of each system's primary publication (clinical-rules.md,
# clinical-rules-2.md section C), in table order.
published_dois <- c(
  "ISS" = "10.1200/JCO.2005.04.242", "R-ISS" = "10.1200/JCO.2015.61.2267",
  "R2-ISS" = "10.1200/JCO.21.02614", "IMS/IMWG 2025" = "10.1200/JCO-24-01893",
  "CLL-IPI" = "10.1016/S1470-2045(16)30029-8",
  "IPSSWM" = "10.1182/blood-2008-08-174961",
  "rIPSSWM" = "10.1038/s41375-019-0431-y", "FLIPI2" = "10.1200/JCO.2008.21.3991",
  "PRIMA-PI" = "10.1182/blood-2017-11-816405",
  "MASS" = "10.1038/s41408-022-00611-x"
)
