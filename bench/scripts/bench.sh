#!/usr/bin/env bash
# Client benchmarks, interleaved: ROUNDS rounds, each running every benchmark once (-count 1), all
# collected into one file, then summarized by cmd/ratios (medians, ratios to the facade, targets).
# Interleaving spreads the machine's noise over every contender instead of letting one of them
# take a whole quiet or busy stretch.
#
# Environment: ROUNDS (default 7), BENCHTIME (per benchmark and round, default 150ms),
# BENCH (benchmark regexp, default .), OUT (results file, default .results/clients.txt).
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=${ROUNDS:-7}
benchtime=${BENCHTIME:-150ms}
pattern=${BENCH:-.}
out=${OUT:-.results/clients.txt}

bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
mkdir -p "$(dirname "$out")"
go test -c -o "$bin/bench.test" .
go build -o "$bin/ratios" ./cmd/ratios

: > "$out"
for ((i = 1; i <= rounds; i++)); do
	echo "round $i/$rounds" >&2
	"$bin/bench.test" -test.run '^$' -test.bench "$pattern" -test.benchmem \
		-test.count 1 -test.benchtime "$benchtime" >> "$out"
done
"$bin/ratios" -detail "$out" >"${out%.txt}-detail.txt" || true
echo "raw results: bench/$out; every contender's medians: bench/${out%.txt}-detail.txt" >&2
"$bin/ratios" "$out"
