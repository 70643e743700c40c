#!/usr/bin/env bash
# Runs the three tools on the explorer model `one-core-a1-h6` at horizon H and prints each one's
# distinct-state count at block boundaries (they must agree before any time is compared), then the
# wall time of each. Usage: bench/twins/run.sh [H] [quint-samples]
#   Quint 0.33 (TypeScript backend, antlr4ts pinned) is installed in a temporary folder (or $QUINT_DIR),
#   as the Quint anchor (../shared/bench/quint/run.sh) does; Quint has no exhaustive search offline, so its count is the
#   number of distinct states its random simulator visits in [quint-samples] traces (it saturates).
#   SPIN comes from Debian's `spin` package (installed with apt-get when missing).
set -eu
here=$(cd "$(dirname "$0")" && pwd); root=$(cd "$here/../.." && pwd)
H=${1:-6}; SAMPLES=${2:-2000}
work=${QUINT_DIR:-$(mktemp -d)}
if [ ! -x "$work/node_modules/.bin/quint" ]; then
  (cd "$work" && npm init -y >/dev/null && npm install -s --no-audit --no-fund @informalsystems/quint@0.33.0 antlr4ts@0.5.0-alpha.4 >/dev/null 2>&1)
fi
if ! command -v spin >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq spin >/dev/null
fi
spinDir=$(mktemp -d); cp "$here/oneCore.pml" "$spinDir/"
echo "== explorer (npx async-backing explore --model one-core-a1-h6 --horizon $H)"
(cd "$root" && node --import tsx cli/explore.ts --model one-core-a1-h6 --horizon "$H" --no-progress | grep -E "distinct|time")
echo "== SPIN (exhaustive, one d_step per relay block)"
(cd "$spinDir" && spin -a -DH="$H" oneCore.pml >/dev/null && gcc -O2 -w -DH="$H" -DSAFETY -DNOREDUCE -o pan pan.c \
  && /usr/bin/time -f "wall %e s" ./pan -m100000 2>&1 | grep -E "errors:|states, stored|transitions|wall")
echo "== Quint (random simulation, $SAMPLES traces of $H blocks; distinct states visited)"
sed "s/pure val H = [0-9]*/pure val H = $H/" "$here/oneCore.qnt" > "$work/oneCore.qnt"
rm -rf "$work/itf"; mkdir -p "$work/itf"
(cd "$work" && /usr/bin/time -f "wall %e s" ./node_modules/.bin/quint run --backend typescript --max-samples "$SAMPLES" --max-steps "$H" \
  --n-traces "$SAMPLES" --out-itf "$work/itf/t_{seq}.itf.json" --invariant inv oneCore.qnt 2>&1 | grep -E "traces/second|violation|wall")
node "$here/countItf.mjs" "$work/itf"
