#!/usr/bin/env bash
# A/B of the facade: this checkout's facade ("facade-base") against the facade of another checkout
# of clientkit ("facade"), for example a scratch copy with a proposed change applied, interleaved
# round by round with the raw, gen and peer contenders, then summarized by cmd/ratios, whose targets
# then judge the other checkout.
#
# Usage: scripts/ab.sh OTHER_ROOT
# Environment: ROUNDS (default 5), BENCHTIME (default 150ms),
# BENCH (default 'Clients/.*/mem/|Parallel8/.*/mem/').
set -euo pipefail
other=$(cd "${1:?usage: ab.sh OTHER_ROOT}" && pwd)
cd "$(dirname "$0")/.."

rounds=${ROUNDS:-5}
benchtime=${BENCHTIME:-150ms}
pattern=${BENCH:-Clients/.*/mem/|Parallel8/.*/mem/}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sed "s#=> ../#=> $other#" go.mod >"$work/other.mod"
cp go.sum "$work/other.sum"
go test -c -o "$work/base.test" .
go test -modfile="$work/other.mod" -c -o "$work/other.test" .
go build -o "$work/ratios" ./cmd/ratios

out=.results/ab.txt
mkdir -p .results
: >"$out"
for ((i = 1; i <= rounds; i++)); do
	echo "round $i/$rounds" >&2
	"$work/base.test" -test.run '^$' -test.bench "$pattern" -test.benchmem -test.count 1 -test.benchtime "$benchtime" |
		sed -E 's#/(facade[a-z-]*)-([0-9]+) #/\1-base-\2 #' >>"$out"
	"$work/other.test" -test.run '^$' -test.bench "$pattern" -test.benchmem -test.count 1 -test.benchtime "$benchtime" |
		grep '/facade' >>"$out"
done
echo "raw results: bench/$out" >&2
"$work/ratios" "$out"
