package main

import (
	"slices"
	"strings"
)

// summary is the median of each measure over the rounds of one benchmark, and its time in each
// round, in order.
type summary struct {
	rounds   int
	ns       float64
	bytes    float64
	allocs   float64
	perRound []float64
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

func summarize(ss []sample) summary {
	ns := make([]float64, len(ss))
	bs := make([]float64, len(ss))
	as := make([]float64, len(ss))
	for i, s := range ss {
		ns[i], bs[i], as[i] = s.nsPerOp, s.bytesPerOp, s.allocsPerOp
	}
	return summary{rounds: len(ss), ns: median(ns), bytes: median(bs), allocs: median(as), perRound: ns}
}

// timeRatio is a's time ÷ b's: the median over rounds of the ratio within each round. Benchmarks
// of one round run next to each other, so pairing them cancels the machine's slower drifts, which
// a ratio of medians would not.
func timeRatio(a, b summary) float64 {
	n := min(len(a.perRound), len(b.perRound))
	rs := make([]float64, n)
	for i := range n {
		rs[i] = a.perRound[i] / b.perRound[i]
	}
	return median(rs)
}

// group is the benchmarks that share a name up to their last element, the contender: one
// operation on one transport.
type group struct {
	name       string
	contenders []string
	stats      map[string]summary
}

func groups(res *results) []*group {
	var out []*group
	byName := make(map[string]*group)
	for _, full := range res.order {
		name, contender := full, full
		if i := strings.LastIndex(full, "/"); i >= 0 {
			name, contender = full[:i], full[i+1:]
		}
		g := byName[name]
		if g == nil {
			g = &group{name: name, stats: make(map[string]summary)}
			byName[name] = g
			out = append(out, g)
		}
		g.contenders = append(g.contenders, contender)
		g.stats[contender] = summarize(res.samples[full])
	}
	for _, g := range out {
		slices.SortStableFunc(g.contenders, func(a, b string) int { return rank(a) - rank(b) })
	}
	return out
}

// rank puts the baseline first and ours second; the peers keep their order after them.
func rank(contender string) int {
	switch contender {
	case "raw":
		return 0
	case ours:
		return 1
	}
	return 2
}
