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

.PHONY: all demo test ctest install check strict sanitize docs bench clean

all: test

$(LIB):
	mkdir -p $(LIB)

install: | $(LIB)
	$(R) CMD INSTALL --preclean --no-multiarch --library=$(LIB) . > build/install.log 2>&1 \
	  || { cat build/install.log; exit 1; }

demo:
	bash .ci/deps.sh test
	$(MAKE) install
	R_LIBS=$(LIB) $(RSCRIPT) inst/scripts/demo.R

# The core's own tests (plain build), then the testthat suite; the last line
# is testthat's "N passed, M failed".
test: ctest
	bash .ci/deps.sh test
	$(MAKE) install
	R_LIBS=$(LIB) $(RSCRIPT) .ci/run-tests.R

# With OpenMP (threads are tested); `make sanitize` builds without it.
ctest:
	mkdir -p tests/c/build
	$(CC) $(STRICT_FLAGS) -Werror -O2 -fopenmp -Isrc -o tests/c/build/ctest $(CORE_SRC) $(CTEST_SRC) -lm
	tests/c/build/ctest

# The core's tests under AddressSanitizer and UndefinedBehaviorSanitizer.
sanitize:
	mkdir -p tests/c/build
	$(CC) $(STRICT_FLAGS) -g -O1 -fno-omit-frame-pointer \
	  -fsanitize=address,undefined -fno-sanitize-recover=all \
	  -Isrc -o tests/c/build/ctest-san $(CORE_SRC) $(CTEST_SRC) -lm
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 tests/c/build/ctest-san

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
# being timed. Every implementation runs under the same setting.
bench: export GLIBC_TUNABLES := glibc.malloc.trim_threshold=17179869184:glibc.malloc.mmap_threshold=33554432
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
