#!/usr/bin/env bash
# Installs what a fresh machine lacks for the Makefile's targets: R packages
# from Debian (r-cran-*) where possible, else from the repository R is
# configured with (getOption("repos")); pandoc, qpdf and tidy for R CMD
# check; Chromium for the documentation site's browser check; clang with its
# sanitizer runtime for the fuzzers; cppcheck and clang-tidy for the linter;
# valgrind. The R packages the tests, the vignettes and the check use are
# read from the Suggests field of DESCRIPTION, so a package added there needs
# no line here.
# Usage: .ci/deps.sh [demo|test|check|site|docs|fuzz|lint|valgrind|bench|all]
set -euo pipefail
cd "$(dirname "$0")/.."
need="${1:-all}"

# The package names of DESCRIPTION's Suggests, without version constraints.
suggests() {
  Rscript -e 'fields <- read.dcf("DESCRIPTION", fields = "Suggests")
    pkgs <- trimws(strsplit(gsub("\\([^)]*\\)", "", fields), ",")[[1]])
    cat(pkgs[nzchar(pkgs)], sep = "\n")'
}

# Those of the named R packages that are not installed.
r_missing() {
  [ "$#" -gt 0 ] || return 0
  Rscript -e 'pkgs <- commandArgs(TRUE)
    have <- vapply(pkgs, requireNamespace, logical(1), quietly = TRUE)
    cat(pkgs[!have])' "$@"
}

apt_updated=0
apt_install() {
  [ "$#" -gt 0 ] || return 0
  if ! command -v apt-get >/dev/null 2>&1 || [ "$(id -u)" != 0 ]; then
    return 1
  fi
  # another apt-get may hold the lock: wait for it rather than fall back
  local wait=(-o DPkg::Lock::Timeout=600)
  if [ "$apt_updated" = 0 ]; then
    apt-get "${wait[@]}" update -qq >/dev/null
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get "${wait[@]}" install -y -qq --no-install-recommends "$@" >/dev/null
}

# Debian first, one package at a time so that a name Debian lacks does not
# stop the others; what is still missing comes from R's own repository.
install_r() {
  local missing
  missing=$(r_missing "$@")
  [ -n "$missing" ] || return 0
  echo "installing R packages: $missing"
  for pkg in $missing; do
    apt_install "r-cran-$(echo "$pkg" | tr 'A-Z' 'a-z')" 2>/dev/null || true
  done
  missing=$(r_missing $missing)
  [ -n "$missing" ] || return 0
  echo "installing from getOption(\"repos\"): $missing"
  Rscript -e 'install.packages(commandArgs(TRUE))' $missing
  missing=$(r_missing $missing)
  [ -z "$missing" ] || { echo "could not install: $missing" >&2; exit 1; }
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
  # the demo uses base R only
  demo) ;;
  test) install_r $(suggests) ;;
  check) install_r $(suggests); install_tools pandoc qpdf tidy ;;
  site) install_r $(suggests) pkgdown; install_tools pandoc chromium ;;
  docs) install_r roxygen2 ;;
  fuzz) install_tools clang ;;
  lint) install_tools cppcheck clang-tidy ;;
  valgrind) install_tools valgrind ;;
  bench) install_r bench dplyr ;;
  all) install_r $(suggests) roxygen2 pkgdown; install_tools pandoc qpdf tidy chromium ;;
  *) echo "unknown target $need" >&2; exit 2 ;;
esac
