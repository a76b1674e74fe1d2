# Summarizes bench-servers.sh result rows ("round server request req/s p50 p99 answers non-2xx"):
# every row; then, per request, each server's median req/s over rounds and the fake's ratios: to
# the ceiling, the median over rounds of the ratio within a round; to stripe-mock and Prism, the
# fake's median over theirs; then the issue's targets, on the fake's median p99. Exits 1 when a
# target is missed.
{
	row[NR] = $0
	rps[$1, $2, $3] = $4
	p99[$1, $2, $3] = $6
	bad[$2, $3] += $8
	seen[$2] = 1
	if ($1 > rounds) rounds = $1
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

# median of the count values v[1..count], which it sorts.
function median(v, count,    i, j, t) {
	for (i = 2; i <= count; i++)
		for (j = i; j > 1 && v[j - 1] > v[j]; j--) {
			t = v[j]; v[j] = v[j - 1]; v[j - 1] = t
		}
	if (count == 0) return 0
	if (count % 2) return v[(count + 1) / 2]
	return (v[count / 2] + v[count / 2 + 1]) / 2
}

# column: the median of one measure (rps or p99) of a server's request over the rounds it ran in.
function column(measure, server, r,    v, k, i) {
	k = 0
	for (i = 1; i <= rounds; i++)
		if ((i, server, r) in rps) v[++k] = (measure == "p99") ? p99[i, server, r] : rps[i, server, r]
	return median(v, k)
}

# ceilingRatio: the median over rounds of the fake's req/s over the ceiling's in the same round.
function ceilingRatio(r,    v, k, i) {
	k = 0
	for (i = 1; i <= rounds; i++)
		if ((i, "fake", r) in rps && (i, "ceiling", r) in rps)
			v[++k] = ratio(rps[i, "fake", r], rps[i, "ceiling", r])
	return median(v, k)
}

# cell: "median req/s (ratio)", or "-" for a server that was not measured.
function cell(server, r,    x) {
	if (!seen[server]) return sprintf("%20s", "-")
	x = column("rps", server, r)
	if (server == "ceiling" || !seen["ceiling"]) return sprintf("%20d", x)
	if (server == "fake") return sprintf("%11d (%5.2f×)", x, ceilingRatio(r))
	return sprintf("%11d (%5.2f×)", x, ratio(x, column("rps", "ceiling", r)))
}

END {
	printf "%-5s %-12s %-5s %10s %9s %9s %9s %8s\n", "round", "server", "req", "req/s", "p50 ms", "p99 ms", "answers", "non-2xx"
	for (i = 1; i <= NR; i++) {
		split(row[i], f, " ")
		printf "%-5d %-12s %-5s %10d %9.3f %9.3f %9d %8d\n", f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8]
	}
	print ""
	printf "%-5s %20s %20s %20s %20s   median req/s (fake: median of its ratio to the ceiling per round)\n", "req", "ceiling", "fake", "stripe-mock", "Prism"
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
		fake = column("rps", "fake", r)
		line = sprintf("%-4s", r)
		if (seen["ceiling"]) {
			c = ceilingRatio(r)
			line = line sprintf("  fake/ceiling %4.2f× (≥ 0.6) %-6s", c, verdict(c >= 0.6))
		}
		if (seen["stripe-mock"]) {
			s = ratio(fake, column("rps", "stripe-mock", r))
			line = line sprintf("  fake/stripe-mock %5.2f× (≥ 3) %-6s", s, verdict(s >= 3))
		}
		if (seen["prism"]) {
			p = ratio(fake, column("rps", "prism", r))
			line = line sprintf("  fake/Prism %5.2f× (≥ 5) %-6s", p, verdict(p >= 5))
		}
		q = column("p99", "fake", r)
		line = line sprintf("  p99 %.3f ms (≤ 1) %-6s  non-2xx %d (0) %s", q, verdict(q <= 1), bad["fake", r], verdict(bad["fake", r] == 0))
		print line
	}
	exit ok ? 0 : 1
}
