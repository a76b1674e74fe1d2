package main

import "fmt"

// ours is the contender the others are compared with.
const ours = "facade"

// target is one goal of the client's speed (issue 12's), checked on the medians of one
// interleaved run.
type target struct {
	what  string
	group string // benchmark group, without the Benchmark prefix
	other string // the contender compared with ours
	check func(us, them summary) (figure string, met bool)
}

var targets = []target{
	{"facade CPU ≤ 1.10× raw", "Clients/FormanceReadClient/mem", "raw", timeAtMost(1.10)},
	{"facade allocs ≤ raw's", "Clients/FormanceReadClient/mem", "raw", func(us, them summary) (string, bool) {
		d := us.allocs - them.allocs
		return fmt.Sprintf("%+.0f", d), d <= 0
	}},
	{"facade ≥ 2.5× faster than formance-sdk-go", "Clients/FormanceReadClient/mem", "formance-sdk-go", speedupAtLeast(2.5)},
	{"facade ≥ 2.5× faster than formance-sdk-go", "Clients/FormanceCreateClient/mem", "formance-sdk-go", speedupAtLeast(2.5)},
	{"token cache: no convoy under 8-way load (≤ 1.25× static token)", "Parallel8/FormanceReadClient/mem", "facade-static-token", timeAtMost(1.25)},
	{"facade no slower than mollie-api-go", "Clients/MollieCreateClientLink/mem", "mollie-api-go", timeAtMost(1.00)},
}

// timeAtMost is met when our time is at most limit times theirs.
func timeAtMost(limit float64) func(us, them summary) (string, bool) {
	return func(us, them summary) (string, bool) {
		r := timeRatio(us, them)
		return fmt.Sprintf("%.2f×", r), r <= limit
	}
}

// speedupAtLeast is met when we are at least limit times faster than them.
func speedupAtLeast(limit float64) func(us, them summary) (string, bool) {
	return func(us, them summary) (string, bool) {
		r := 1 / timeRatio(us, them)
		return fmt.Sprintf("%.2f×", r), r >= limit
	}
}
