# Summarizes bench-servers.sh result rows ("server request req/s p50 p99 answers non-2xx") into a
# table and the issue's targets; exits 1 when a target is missed.
{
	rps[$1, $2] = $3
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

END {
	printf "%-12s %-5s %10s %9s %9s %9s %8s\n", "server", "req", "req/s", "p50 ms", "p99 ms", "answers", "non-2xx"
	for (i = 1; i <= NR; i++) {
		split(row[i], f, " ")
		printf "%-12s %-5s %10d %9.3f %9.3f %9d %8d\n", f[1], f[2], f[3], f[4], f[5], f[6], f[7]
	}
	print ""
	ok = 1
	for (i = 1; i <= NR; i++) {
		split(row[i], f, " ")
		if (f[1] != "fake") continue
		r = f[2]
		s = ratio(rps["fake", r], rps["stripe-mock", r])
		p = ratio(rps["fake", r], rps["prism", r])
		printf "%-4s fake/stripe-mock %5.2f× (≥ 3) %-6s  fake/Prism %5.2f× (≥ 5) %-6s  p99 %.3f ms (< 2) %-6s  non-2xx %d (0) %s\n", \
			r, s, verdict(s >= 3), p, verdict(p >= 5), f[5], verdict(f[5] < 2), f[7], verdict(f[7] == 0)
	}
	exit ok ? 0 : 1
}
