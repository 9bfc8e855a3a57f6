# b2m developer targets. `make demo` and `make test` are the quick start;
# every target installs what the machine lacks (.ci/deps.sh).

R ?= R
RSCRIPT ?= Rscript
LIB := build/lib
VERSION := $(shell sed -n 's/^Version: //p' DESCRIPTION)
TARBALL := b2m_$(VERSION).tar.gz
CORE_SRC := $(filter-out src/init.c src/r_%.c,$(wildcard src/*.c))
CTEST_SRC := $(wildcard tests/c/test_*.c) tests/c/main.c
STRICT_FLAGS := -std=c99 -Wall -Wextra -pedantic
# An offline machine: no CRAN incoming checks, no time server.
export _R_CHECK_CRAN_INCOMING_ := false
export _R_CHECK_CRAN_INCOMING_REMOTE_ := false
export _R_CHECK_FUTURE_FILE_TIMESTAMPS_ := false
export _R_CHECK_SYSTEM_CLOCK_ := false
export NOT_CRAN := true

.PHONY: all demo test ctest install check strict sanitize sanitize-c \
  sanitize-r fuzz fuzz-build valgrind lint docs readme readme-check site \
  bench clean

all: test

$(LIB):
	mkdir -p $(LIB)

install: | $(LIB)
	$(R) CMD INSTALL --preclean --no-multiarch --library=$(LIB) . > build/install.log 2>&1 \
	  || { cat build/install.log; exit 1; }

demo:
	bash .ci/deps.sh demo
	$(MAKE) install
	R_LIBS=$(LIB) $(RSCRIPT) inst/scripts/demo.R

# The core's own tests (plain build), then the testthat suite; the last line
# is testthat's "N passed, M failed".
test: ctest
	bash .ci/deps.sh test
	$(MAKE) install
	R_LIBS=$(LIB) $(RSCRIPT) .ci/run-tests.R

ctest:
	mkdir -p tests/c/build
	$(CC) $(STRICT_FLAGS) -Werror -O2 -Isrc -o tests/c/build/ctest $(CORE_SRC) $(CTEST_SRC) -lm
	tests/c/build/ctest

# The core's tests under AddressSanitizer and UndefinedBehaviorSanitizer, the
# fuzz harnesses replaying their committed corpus (without libFuzzer), then
# the testthat suite against a package built with the same sanitizers.
SAN_FLAGS := -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
  -fno-sanitize-recover=all
SAN_ENV := ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
FUZZ_SRC := $(wildcard tests/c/fuzz_*.c)
FUZZ_NAMES := $(patsubst tests/c/fuzz_%.c,%,$(filter-out tests/c/fuzz_replay.c,$(FUZZ_SRC)))

sanitize: sanitize-c sanitize-r

sanitize-c:
	mkdir -p tests/c/build
	$(CC) $(STRICT_FLAGS) $(SAN_FLAGS) \
	  -Isrc -o tests/c/build/ctest-san $(CORE_SRC) $(CTEST_SRC) -lm
	$(SAN_ENV) tests/c/build/ctest-san
	for name in $(FUZZ_NAMES); do \
	  $(CC) $(STRICT_FLAGS) $(SAN_FLAGS) -Isrc -Itests/c \
	    -o tests/c/build/replay_$$name tests/c/fuzz_$$name.c tests/c/fuzz_replay.c \
	    $(CORE_SRC) -lm || exit 1; \
	  printf '%s: ' $$name; \
	  $(SAN_ENV) tests/c/build/replay_$$name tests/c/corpus/$$name/* || exit 1; \
	done

# The package compiled with -fsanitize=address,undefined and the testthat
# suite run against it. R itself is not built with ASan, so the ASan runtime
# must be the first library loaded: it is preloaded (LD_PRELOAD of the
# compiler's libasan), and leak detection is off because R never frees its
# heap at exit (every R object would be reported). Out-of-bounds reads and
# writes, use after free and undefined behaviour in the package still abort
# the run. The install skips its test load, which would run without the
# preload. A compiler without libasan (non-GCC/Clang) cannot do this.
# R serves vectors of up to 128 bytes from its own pools, so an overrun of
# such a small R vector is invisible here (and to valgrind); the fuzz
# harnesses give every core input its exact allocation for that reason.
SAN_LIB := build/lib-san
sanitize-r:
	bash .ci/deps.sh test
	mkdir -p $(SAN_LIB)
	printf 'CFLAGS = $(SAN_FLAGS)\nLDFLAGS = -fsanitize=address,undefined\n' \
	  > build/Makevars.san
	R_MAKEVARS_USER=$(CURDIR)/build/Makevars.san \
	  $(R) CMD INSTALL --preclean --no-test-load --no-multiarch \
	  --library=$(SAN_LIB) . > build/install-san.log 2>&1 \
	  || { cat build/install-san.log; exit 1; }
	LD_PRELOAD=$$($(CC) -print-file-name=libasan.so) \
	  ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  R_LIBS=$(SAN_LIB) $(RSCRIPT) .ci/run-tests.R

# libFuzzer harnesses: every tests/c/fuzz_<entry>.c (a new one needs no line
# here) is built with clang and run for FUZZ_SECONDS from its seed corpus
# tests/c/corpus/<entry>/; new inputs go to tests/c/build/corpus/<entry>/
# (not committed). Any crash or sanitizer report fails the target and leaves
# the input in tests/c/build/.
FUZZ_SECONDS ?= 30
FUZZ_CC ?= clang
FUZZ_FLAGS := -std=c99 -g -O1 -fno-omit-frame-pointer \
  -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZERS := $(patsubst %,tests/c/build/fuzz_%,$(FUZZ_NAMES))

# The staging harness is built without libFuzzer's tracing of integer
# comparisons: the kernel compares data as doubles (never traced), so what it
# traced were the loop bounds of every 128-row block, 3/4 of the harness's
# time for no guidance; edge coverage is instrumented as for the others.
FUZZ_FLAGS_stage := -fno-sanitize-coverage=trace-cmp

tests/c/build/fuzz_%: tests/c/fuzz_%.c $(wildcard tests/c/fuzz*.h) $(CORE_SRC) src/b2m.h
	mkdir -p tests/c/build
	$(FUZZ_CC) $(FUZZ_FLAGS) $(FUZZ_FLAGS_$*) -Isrc -Itests/c -o $@ $< $(CORE_SRC) -lm

fuzz-build: $(FUZZERS)

fuzz:
	bash .ci/deps.sh fuzz
	$(MAKE) fuzz-build
	for name in $(FUZZ_NAMES); do \
	  mkdir -p tests/c/build/corpus/$$name; \
	  echo "fuzzing $$name for $(FUZZ_SECONDS) s"; \
	  $(SAN_ENV) tests/c/build/fuzz_$$name -max_total_time=$(FUZZ_SECONDS) \
	    -print_final_stats=1 -artifact_prefix=tests/c/build/crash_$${name}_ \
	    tests/c/build/corpus/$$name tests/c/corpus/$$name \
	    > tests/c/build/fuzz_$$name.log 2>&1 \
	    || { tail -40 tests/c/build/fuzz_$$name.log; exit 1; }; \
	  grep -E '^stat::number_of_executed_units' tests/c/build/fuzz_$$name.log; \
	done

# The testthat suite under valgrind (memcheck) against a -g -O0 build; fails
# on any invalid read/write, use of uninitialised memory or definite leak
# whose stack passes through b2m (.ci/valgrind-check.sh reads the log, so
# R's own reports do not count; .ci/valgrind.supp holds suppressions).
# gctorture is skipped there and the bad-input catalogue walks its first 12
# cases per function (both take many minutes under valgrind; `make test`
# runs them in full),
# and so is --track-origins (it doubles the time; add it to find the origin
# of an uninitialised value once one is reported).
VG_LIB := build/lib-vg
valgrind:
	bash .ci/deps.sh valgrind
	bash .ci/deps.sh test
	mkdir -p $(VG_LIB)
	printf 'CFLAGS = -g -O0\n' > build/Makevars.vg
	R_MAKEVARS_USER=$(CURDIR)/build/Makevars.vg \
	  $(R) CMD INSTALL --preclean --no-multiarch --library=$(VG_LIB) . \
	  > build/install-vg.log 2>&1 || { cat build/install-vg.log; exit 1; }
	B2M_SKIP_GCTORTURE=true B2M_CATALOGUE_CASES=12 R_LIBS=$(VG_LIB) $(R) -d "valgrind --leak-check=full \
	  --errors-for-leak-kinds=definite \
	  --suppressions=$(CURDIR)/.ci/valgrind.supp \
	  --log-file=$(CURDIR)/build/valgrind.log" --vanilla --slave -f .ci/run-tests.R
	bash .ci/valgrind-check.sh build/valgrind.log

# Static analysis of src/: cppcheck and clang-tidy (.clang-tidy lists the
# checks and why some are off), with R's headers for the glue. Any finding
# fails. cppcheck's "toomanyconfigs" is information, not a finding: R's
# headers have more #ifdef combinations than it tries by default.
R_INCLUDE = $(shell $(RSCRIPT) -e 'cat(R.home("include"))')
lint:
	bash .ci/deps.sh lint
	cppcheck --enable=warning,style,performance,portability --std=c99 \
	  --inline-suppr --error-exitcode=1 --quiet \
	  --suppress=missingIncludeSystem --suppress=toomanyconfigs \
	  -Isrc -I$(R_INCLUDE) src/*.c
	mkdir -p build
	clang-tidy --quiet src/*.c -- -std=c99 -Isrc -I$(R_INCLUDE) \
	  > build/clang-tidy.log 2>&1; status=$$?; \
	  grep -vE 'warnings? generated|non-user code|header-filter' build/clang-tidy.log; \
	  exit $$status
	@echo "lint: cppcheck and clang-tidy clean"

# Compile the package with -Wall -Wextra -pedantic; any warning fails.
strict: | $(LIB)
	printf 'CFLAGS = -g -O2 $(STRICT_FLAGS)\n' > build/Makevars.strict
	R_MAKEVARS_USER=$(CURDIR)/build/Makevars.strict \
	  $(R) CMD INSTALL --preclean --no-multiarch --library=$(LIB) . > build/strict.log 2>&1 \
	  || { cat build/strict.log; exit 1; }
	@if grep -n 'warning:' build/strict.log; then echo "compiler warnings"; exit 1; fi
	@echo "strict compile: no warnings"

# Benchmarks against base R, a bare C loop and CRAN packages (installed into
# inst/bench/lib); each script in its own R process, then RESULTS.md.
# Rows up to B2M_BENCH_MAX (1e6 by default; `make bench B2M_BENCH_MAX=1e7`).
BENCH_OUT := build/bench
# glibc keeps freed memory instead of returning it to the system, so that a
# result vector is not fresh pages one call and reused ones the next: on this
# virtual machine a page fault costs ~10 us, and numeric(1e5) alone took 0.04
# or 2.3 ms depending on the allocator's state, whichever implementation was
# being timed. No allocation is its own mapping (mmap_max=0): glibc's largest
# mmap threshold is 32 MB, so the 80 MB columns of 1e7 rows would otherwise
# be fresh pages at every call while the 8 MB ones of 1e6 rows are reused,
# and a growth ratio between the two sizes would measure the allocator.
# Every implementation runs under the same setting.
bench: export GLIBC_TUNABLES := glibc.malloc.trim_threshold=17179869184:glibc.malloc.mmap_max=0
bench:
	bash .ci/deps.sh bench
	$(MAKE) install
	rm -rf $(BENCH_OUT) && mkdir -p $(BENCH_OUT)
	B2M_BENCH_OUT=$(BENCH_OUT) R_LIBS=$(LIB) $(RSCRIPT) inst/bench/cran.R
	for script in inst/bench/bench-*.R; do \
	  B2M_BENCH_OUT=$(BENCH_OUT) R_LIBS=$(LIB) $(RSCRIPT) $$script || exit 1; \
	done
	B2M_BENCH_OUT=$(BENCH_OUT) R_LIBS=$(LIB) $(RSCRIPT) inst/bench/report.R

docs:
	bash .ci/deps.sh docs
	$(RSCRIPT) -e 'roxygen2::roxygenise()'

# README.md is knitted from README.Rmd with the package of this tree, so
# every example in it shows what running it gives; readme-check fails when
# README.md is not what README.Rmd gives (tests/testthat/test-readme.R
# checks the same in `make test`).
readme:
	bash .ci/deps.sh test
	$(MAKE) install
	R_LIBS=$(LIB) $(RSCRIPT) -e 'knitr::knit("README.Rmd", "README.md", quiet = TRUE)'

readme-check:
	bash .ci/deps.sh test
	$(MAKE) install
	R_LIBS=$(LIB) $(RSCRIPT) -e 'knitr::knit("README.Rmd", "build/README.md", quiet = TRUE)'
	diff -u README.md build/README.md && echo "README.md is up to date"

# The documentation site (pkgdown, _pkgdown.yml) in build/site, then a
# headless-Chromium check that its index and an article render and that
# every figure on them loads (.ci/site-check.sh). pkgdown.internet = FALSE:
# pkgdown would otherwise look the package up on CRAN and Bioconductor for
# the home page's links, which fails on a machine that reaches only package
# registries. Not part of `make test`: building the site takes minutes.
SITE := build/site
site:
	bash .ci/deps.sh site
	$(MAKE) install
	rm -rf $(SITE)
	R_LIBS=$(LIB) $(RSCRIPT) -e 'options(pkgdown.internet = FALSE)' \
	  -e 'pkgdown::build_site(".", override = list(destination = "$(SITE)"), install = FALSE, new_process = FALSE)'
	bash .ci/site-check.sh $(SITE)

# R CMD check --as-cran on the built tarball: Status OK is the bar. The PDF
# manual is not built (--no-manual): these machines have no TeX, and the Rd
# files are still checked and rendered to HTML (validated with tidy).
check: strict
	bash .ci/deps.sh check
	rm -rf check && mkdir -p check
	cd check && $(R) CMD build .. && $(R) CMD check --as-cran --no-manual $(TARBALL)
	@grep -q '^Status: OK' check/b2m.Rcheck/00check.log \
	  || { echo "R CMD check did not end with Status: OK"; exit 1; }

clean:
	rm -rf build check tests/c/build src/*.o src/*.so
