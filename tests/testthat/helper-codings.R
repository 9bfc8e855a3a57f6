# Sets codings (the options b2m.sex_labels and b2m.flag_labels); each test
# that does resets them at its end.
set_options <- function(...) options(...)
reset_codings <- function() {
  options(b2m.sex_labels = NULL, b2m.flag_labels = NULL)
}
