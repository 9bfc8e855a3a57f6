#!/usr/bin/env bash
# Installs what a fresh machine lacks for the Makefile's targets: R packages
# from Debian (r-cran-*) where possible, else from CRAN; pandoc, qpdf and tidy
# for R CMD check; clang with its sanitizer runtime for the fuzzers; cppcheck
# and clang-tidy for the linter; valgrind.
# Usage: .ci/deps.sh [test|check|docs|fuzz|lint|valgrind|bench|all]
set -euo pipefail
need="${1:-all}"

r_missing() {
  local missing=()
  for pkg in "$@"; do
    Rscript -e "quit(status = !requireNamespace('$pkg', quietly = TRUE))" \
      >/dev/null 2>&1 || missing+=("$pkg")
  done
  echo "${missing[@]:-}"
}

apt_updated=0
apt_install() {
  [ "$#" -gt 0 ] || return 0
  if ! command -v apt-get >/dev/null 2>&1 || [ "$(id -u)" != 0 ]; then
    return 1
  fi
  if [ "$apt_updated" = 0 ]; then
    apt-get update -qq >/dev/null
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

install_r() {
  local missing
  missing=$(r_missing "$@")
  [ -n "$missing" ] || return 0
  local debs=()
  for pkg in $missing; do debs+=("r-cran-$(echo "$pkg" | tr 'A-Z' 'a-z')"); done
  echo "installing R packages: $missing"
  apt_install "${debs[@]}" || true
  missing=$(r_missing $missing)
  [ -n "$missing" ] || return 0
  local quoted
  quoted=$(printf "'%s'," $missing)
  Rscript -e "install.packages(c(${quoted%,}), repos = 'https://cloud.r-project.org')"
}

install_tools() {
  local debs=()
  for tool in "$@"; do
    case "$tool" in
      # libFuzzer and the sanitizer runtimes are a separate package.
      clang) command -v clang >/dev/null \
               && ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a \
                  >/dev/null 2>&1 \
               || debs+=(clang libclang-rt-14-dev) ;;
      *) command -v "$tool" >/dev/null || debs+=("$tool") ;;
    esac
  done
  [ "${#debs[@]}" -eq 0 ] || { echo "installing tools: ${debs[*]}"; apt_install "${debs[@]}"; }
}

case "$need" in
  test) install_r testthat ;;
  check) install_r testthat knitr rmarkdown; install_tools pandoc qpdf tidy ;;
  docs) install_r roxygen2 ;;
  fuzz) install_tools clang ;;
  lint) install_tools cppcheck clang-tidy ;;
  valgrind) install_tools valgrind ;;
  bench) install_r bench dplyr ;;
  all) install_r testthat knitr rmarkdown roxygen2; install_tools pandoc qpdf tidy ;;
  *) echo "unknown target $need" >&2; exit 2 ;;
esac
