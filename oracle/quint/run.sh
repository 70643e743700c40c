#!/usr/bin/env bash
# Interoperability with Quint: installs Quint 0.33 (TypeScript backend; antlr4ts pinned to
# 0.5.0-alpha.4, without which it does not run offline) into $QUINT_DIR (default: a cache folder),
# lets `quint run --mbt` write an ITF trace of oracle/quint/relayChain.qnt, and replays it with
# `async-backing check`. Usage: oracle/quint/run.sh [out.itf.json] [steps] [seed]
# With no output file it writes a temporary one; `oracle/quint/run.sh oracle/quint/relayChain.itf.json`
# refreshes the copy the tests read.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd); root=$(cd "$here/../.." && pwd)
out=${1:-$(mktemp --suffix=.itf.json)}; steps=${2:-16}; seed=${3:-7}
work=${QUINT_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/async-backing-quint}
mkdir -p "$work"
if [ ! -x "$work/node_modules/.bin/quint" ]; then
  echo "== installing Quint 0.33 into $work"
  (cd "$work" && { [ -f package.json ] || npm init -y >/dev/null; } && npm install -s --no-audit --no-fund @informalsystems/quint@0.33.0 antlr4ts@0.5.0-alpha.4)
fi
echo "== quint $("$work/node_modules/.bin/quint" --version): $steps steps, seed $seed → $out"
cp "$here/relayChain.qnt" "$work/relayChain.qnt"
(cd "$work" && ./node_modules/.bin/quint run --backend typescript --mbt --step relayBlock --max-samples 1 --max-steps "$steps" --seed "$seed" \
  --invariant numbersPositive --out-itf "$out" relayChain.qnt >/dev/null)
echo "== async-backing check --preset polkadot $out"
node "$root/bin/async-backing.mjs" check --preset polkadot "$out"
