# Summarizes bench-servers.sh result rows ("server request req/s p50 p99 answers non-2xx"): every
# row, then the four servers side by side per request with their ratios to the ceiling, then the
# issue's targets. Exits 1 when a target is missed.
{
	rps[$1, $2] = $3
	p99[$1, $2] = $5
	bad[$1, $2] = $7
	seen[$1] = 1
	row[NR] = $0
}

function verdict(met) {
	if (met) return "met"
	ok = 0
	return "MISSED"
}

function ratio(a, b) {
	if (b == 0) return 0
	return a / b
}

# cell: "req/s (ratio to the ceiling)", or "-" for a server that was not measured.
function cell(server, r) {
	if (!seen[server]) return sprintf("%20s", "-")
	if (!seen["ceiling"]) return sprintf("%20d", rps[server, r])
	return sprintf("%11d (%5.2f×)", rps[server, r], ratio(rps[server, r], rps["ceiling", r]))
}

END {
	printf "%-12s %-5s %10s %9s %9s %9s %8s\n", "server", "req", "req/s", "p50 ms", "p99 ms", "answers", "non-2xx"
	for (i = 1; i <= NR; i++) {
		split(row[i], f, " ")
		printf "%-12s %-5s %10d %9.3f %9.3f %9d %8d\n", f[1], f[2], f[3], f[4], f[5], f[6], f[7]
	}
	print ""
	printf "%-5s %20s %20s %20s %20s   req/s (× the ceiling)\n", "req", "ceiling", "fake", "stripe-mock", "Prism"
	split("GET POST", reqs, " ")
	for (k = 1; k <= 2; k++) {
		r = reqs[k]
		printf "%-5s %s %s %s %s\n", r, cell("ceiling", r), cell("fake", r), cell("stripe-mock", r), cell("prism", r)
	}
	print ""
	ok = 1
	if (!seen["fake"]) exit 0
	for (k = 1; k <= 2; k++) {
		r = reqs[k]
		line = sprintf("%-4s", r)
		if (seen["ceiling"]) {
			c = ratio(rps["fake", r], rps["ceiling", r])
			line = line sprintf("  fake/ceiling %4.2f× (≥ 0.6) %-6s", c, verdict(c >= 0.6))
		}
		if (seen["stripe-mock"]) {
			s = ratio(rps["fake", r], rps["stripe-mock", r])
			line = line sprintf("  fake/stripe-mock %5.2f× (≥ 3) %-6s", s, verdict(s >= 3))
		}
		if (seen["prism"]) {
			p = ratio(rps["fake", r], rps["prism", r])
			line = line sprintf("  fake/Prism %5.2f× (≥ 5) %-6s", p, verdict(p >= 5))
		}
		line = line sprintf("  p99 %.3f ms (≤ 1) %-6s  non-2xx %d (0) %s", p99["fake", r], verdict(p99["fake", r] <= 1), bad["fake", r], verdict(bad["fake", r] == 0))
		print line
	}
	exit ok ? 0 : 1
}
