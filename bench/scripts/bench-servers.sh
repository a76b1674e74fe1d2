#!/usr/bin/env bash
# Throughput and latency of clientkit's fake (request and response validation, state, request log
# and inspector on) against a ceiling (a bare net/http server answering the same two requests with
# canned bytes: no validation, no state), Prism on our Formance spec and stripe-mock on its own
# bundled spec: one GET and one POST with a JSON (stripe-mock: form) body each, measured with wrk
# over loopback.
#
# Installs what it lacks: wrk (Debian), Prism (npm, into bench/.tools/prism), stripe-mock
# (go install, into bench/.tools/bin). Each server runs alone, pinned to SERVER_CPU, with wrk pinned
# to LOAD_CPU; every process it starts is stopped by PID when it exits.
#
# The machine's speed drifts by more than the differences measured, so the ceiling and the fake
# are measured in ROUNDS rounds, alternating which goes first, each on a fresh process; the
# summary takes the median over rounds of the fake's ratio to the ceiling within a round, and the
# median of its p99. Prism and stripe-mock, far slower, are measured once.
#
# Environment: ROUNDS (default 5), DURATION (per run, default 4s), WARMUP (default 1s), CONNS (default 8),
# CAP (answers per run at most, default 3000000: far above any server measured here, so time
# ends every run), SERVER_CPU (default 0), LOAD_CPU (default 1), SERVERS (which to run, default
# "ceiling fake prism stripe-mock"), FAKE_ROOT (build the fake from another checkout of
# clientkit, for example one with a proposed change applied).
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=${ROUNDS:-5}
duration=${DURATION:-4s}
warmup=${WARMUP:-1s}
conns=${CONNS:-8}
cap=${CAP:-3000000}
server_cpu=${SERVER_CPU:-0}
load_cpu=${LOAD_CPU:-1}
servers=" ${SERVERS:-ceiling fake prism stripe-mock} "
prism_version=5.14.2
stripe_mock_version=v0.203.0

tools=$PWD/.tools
logs=$PWD/.results/servers
mkdir -p "$tools" "$logs"

pids=()
rows=$logs/rows.txt
: >"$rows"
stop_all() {
	for pid in "${pids[@]}"; do
		kill "$pid" 2>/dev/null || true
	done
	for pid in "${pids[@]}"; do
		wait "$pid" 2>/dev/null || true
	done
	pids=()
}
trap stop_all EXIT

install_tools() {
	if ! command -v wrk >/dev/null; then
		echo "installing wrk" >&2
		apt-get update -qq && apt-get install -y -qq wrk >/dev/null
	fi
	if wanted prism && [[ ! -x $tools/prism/node_modules/.bin/prism ]]; then
		echo "installing Prism $prism_version" >&2
		npm install --silent --no-audit --no-fund --prefix "$tools/prism" "@stoplight/prism-cli@$prism_version" >/dev/null
	fi
	if wanted stripe-mock && [[ ! -x $tools/bin/stripe-mock ]]; then
		echo "installing stripe-mock $stripe_mock_version" >&2
		(cd /tmp && GOBIN=$tools/bin GOFLAGS= go install "github.com/stripe/stripe-mock@$stripe_mock_version")
	fi
	echo "building the ceiling" >&2
	go build -o "$tools/bin/ceiling" ./cmd/ceiling
	echo "building the fake${FAKE_ROOT:+ from $FAKE_ROOT}" >&2
	if [[ -n ${FAKE_ROOT:-} ]]; then
		local root
		root=$(cd "$FAKE_ROOT" && pwd)
		sed "s#=> ../#=> $root#" go.mod >"$tools/fake-root.mod"
		cp go.sum "$tools/fake-root.sum"
		go build -modfile="$tools/fake-root.mod" -o "$tools/bin/fakeserve" ./cmd/fakeserve
	else
		go build -o "$tools/bin/fakeserve" ./cmd/fakeserve
	fi
}

# wanted NAME: whether SERVERS names this server.
wanted() { [[ $servers == *" $1 "* ]]; }

# start NAME PROBE_URL COMMAND...: runs COMMAND on the server core and waits until PROBE_URL
# answers anything at all (60 s at most).
start() {
	local name=$1 probe=$2
	shift 2
	taskset -c "$server_cpu" "$@" >"$logs/$name.log" 2>&1 &
	pids+=($!)
	for _ in $(seq 600); do
		if curl -s -o /dev/null --max-time 1 "$probe"; then
			return 0
		fi
		if ! kill -0 "${pids[-1]}" 2>/dev/null; then
			break
		fi
		sleep 0.1
	done
	echo "$name did not start; its log:" >&2
	cat "$logs/$name.log" >&2
	exit 1
}

# load ROUND SERVER REQUEST URL METHOD AUTH [CTYPE BODY]: a warm-up, then the measured run;
# appends one result row to $rows.
load() {
	local round=$1
	shift
	local server=$1 request=$2 url=$3
	export BENCH_METHOD=$4 BENCH_AUTH=$5 BENCH_CTYPE=${6:-} BENCH_BODY=${7:-} BENCH_CAP=$cap
	taskset -c "$load_cpu" wrk -t1 -c"$conns" -d"$warmup" -s scripts/load.lua "$url" >/dev/null
	local out="$logs/$server-$request-$round.wrk"
	taskset -c "$load_cpu" wrk -t1 -c"$conns" -d"$duration" --latency -s scripts/load.lua "$url" >"$out"
	awk -v round="$round" -v server="$server" -v request="$request" '
		function ms(v) {
			if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000
			if (v ~ /ms$/) return substr(v, 1, length(v) - 2) + 0
			if (v ~ /s$/) return substr(v, 1, length(v) - 1) * 1000
			return v
		}
		/^ +50%/ { p50 = ms($2) }
		/^ +99%/ { p99 = ms($2) }
		/^Requests\/sec:/ { rps = $2 }
		/requests in/ { total = $1 }
		/Non-2xx or 3xx responses:/ { bad = $NF }
		END { printf "%d %s %s %.0f %.3f %.3f %d %d\n", round, server, request, rps, p50, p99, total, bad + 0 }
	' "$out" >>"$rows"
}

install_tools

ceiling=http://127.0.0.1:18088
fake=http://127.0.0.1:18089
formance_token="Bearer demo_formance_token"
formance_body='{"name":"bench","redirectUris":["https://example.com/callback"],"description":"a client made by wrk"}'
client_id=3b5f1c2e-8d4a-4f6b-9c1e-2a7d5e9f0b13

# measure_ceiling ROUND: the bare net/http server's two requests.
measure_ceiling() {
	start ceiling "$ceiling/" "$tools/bin/ceiling" -addr 127.0.0.1:18088
	load "$1" ceiling GET "$ceiling/api/auth/clients/$client_id" GET "$formance_token"
	load "$1" ceiling POST "$ceiling/api/auth/clients" POST "$formance_token" application/json "$formance_body"
	stop_all
}

# measure_fake ROUND: the fake's two requests, on a fresh fake (the POSTs fill its store).
measure_fake() {
	start fake "$fake/" "$tools/bin/fakeserve" -addr 127.0.0.1:18089
	client_id=$(curl -s -X POST "$fake/api/auth/clients" -H "Authorization: $formance_token" \
		-H 'Content-Type: application/json' -d "$formance_body" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
	[[ -n $client_id ]] || { echo "the fake did not create a client" >&2; exit 1; }
	load "$1" fake GET "$fake/api/auth/clients/$client_id" GET "$formance_token"
	load "$1" fake POST "$fake/api/auth/clients" POST "$formance_token" application/json "$formance_body"
	stop_all
}

for round in $(seq "$rounds"); do
	echo "round $round of $rounds: the ceiling (net/http, canned bytes) and clientkit's fake" >&2
	if ((round % 2)); then
		if wanted ceiling; then measure_ceiling "$round"; fi
		if wanted fake; then measure_fake "$round"; fi
	else
		if wanted fake; then measure_fake "$round"; fi
		if wanted ceiling; then measure_ceiling "$round"; fi
	fi
done

prism=http://127.0.0.1:14010
if wanted prism; then
	echo "measuring Prism $prism_version" >&2
	start prism "$prism/" node "$tools/prism/node_modules/@stoplight/prism-cli/dist/index.js" mock \
		-h 127.0.0.1 -p 14010 -v silent ../api/formance/openapi.yaml
	load 1 prism GET "$prism/api/auth/clients/$client_id" GET "$formance_token"
	load 1 prism POST "$prism/api/auth/clients" POST "$formance_token" application/json "$formance_body"
	stop_all
fi

stripe=http://127.0.0.1:12111
if wanted stripe-mock; then
	echo "measuring stripe-mock $stripe_mock_version" >&2
	start stripe-mock "$stripe/" "$tools/bin/stripe-mock" -http-addr 127.0.0.1:12111
	load 1 stripe-mock GET "$stripe/v1/customers/cus_bench" GET "Bearer sk_test_123"
	load 1 stripe-mock POST "$stripe/v1/customers" POST "Bearer sk_test_123" application/x-www-form-urlencoded \
		'email=jenny%40example.com&name=Jenny+Rosen&description=a+customer+made+by+wrk'
	stop_all
fi

echo
echo "loopback, $conns connections, $duration per run, $rounds rounds, server on CPU $server_cpu, wrk on CPU $load_cpu"
awk -f scripts/servers-summary.awk "$rows"
