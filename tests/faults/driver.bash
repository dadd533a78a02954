# tests/faults/driver.bash BUILD SHIM: what run.sh and kill.sh start with:
# testlib.bash and faultlib.bash over the programs in BUILD (a plain
# build) and the shim SHIM, both relative to the top of the tree.
set -u
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export RUBRIC_BIN=$top/$1 RUBRIC_TOP=$top
# shellcheck source=../cli/testlib.bash
source "$top/tests/cli/testlib.bash"
FAULT_BIN=$RUBRIC_BIN
FAULT_SHIM=$(cd "$top/$(dirname "$2")" && pwd)/$(basename "$2")
# shellcheck source=faultlib.bash
source "$top/tests/faults/faultlib.bash"
