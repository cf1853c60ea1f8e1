# harness.sh: what the shell test scripts share; sourced as
#   . "$(dirname "$0")/harness.sh" "$1"
# Sets WINNOW (the binary), ROOT (the source tree), W (the command that runs
# winnow: under valgrind in `meson test --setup valgrind`, where SLOW=1 tells
# the scripts to leave out timing-based and very large cases), ASAN (1: an
# AddressSanitizer build, slow and with shadow memory in its RSS), T (a scratch
# directory removed on exit, even after chmod 000 inside it), and ok/fail,
# which print a line and record a failure in FAILED for the final exit.
set -uo pipefail
WINNOW=$(realpath "$1")
ROOT=$(cd "$(dirname "$0")/.." && pwd)
W=("$WINNOW")
SLOW=0
# an AddressSanitizer build: several times slower, and its RSS is shadow memory
ASAN=0
grep -q __asan_init "$WINNOW" && ASAN=1
if [ "${WINNOW_VALGRIND:-0}" = 1 ]; then
	W=("$ROOT/tests/valgrind.sh" "$WINNOW")
	SLOW=1
fi
T=$(mktemp -d)
trap 'chmod -R u+rwx "$T" 2>/dev/null; rm -rf "$T"' EXIT
FAILED=0
fail() { echo "FAIL: $*"; FAILED=1; }
ok() { echo "ok: $*"; }
