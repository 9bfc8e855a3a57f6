#!/usr/bin/env bash
# Reads a valgrind log of the testthat suite (`make valgrind`) and fails on
# any memory error or definite leak whose stack passes through the package's
# code (b2m.so, or a source file of src/). Errors of R itself are not ours:
# they are listed in .ci/valgrind.supp when a platform reports any.
# Usage: .ci/valgrind-check.sh build/valgrind.log
set -euo pipefail
log="$1"
[ -s "$log" ] || { echo "no valgrind log at $log" >&2; exit 1; }
grep -q 'ERROR SUMMARY' "$log" || { echo "valgrind did not finish ($log)" >&2; exit 1; }
# A record runs from its heading to the blank "==pid== " line; it is ours when
# a frame names b2m.so or one of the package's C files.
ours=$(ls src/*.c | xargs -n1 basename | paste -sd'|')
awk -v ours="b2m\\.so|\\((${ours//./\\.}):[0-9]+\\)" '
  /^==[0-9]+== $/ { if (record != "" && keep && match(record, ours)) { print record; found++ }
                   record = ""; keep = 0; next }
  /^==[0-9]+== (Invalid (read|write|free)|Mismatched free|Conditional jump|Use of uninitialised|Syscall param|Source and destination overlap)/ { keep = 1 }
  /^==[0-9]+== .* definitely lost in loss record/ { keep = 1 }
  { record = record $0 "\n" }
  END { if (record != "" && keep && match(record, ours)) { print record; found++ }
        printf "valgrind: %d error or leak record(s) in b2m code\n", found
        exit found > 0 }
' "$log"
