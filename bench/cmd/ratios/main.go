// Command ratios summarizes interleaved `go test -bench -benchmem` output: the median of every
// benchmark over its rounds, each contender's time and allocations next to the facade's, and the
// targets of issue 8. It exits with status 1 when a target is missed or cannot be checked.
//
// Usage: ratios [-detail] [file]   (standard input without a file)
//
// By default it prints one line per benchmark group: the facade's median time and allocations,
// then each other contender as the facade's time ÷ its time (the median of the ratios within each
// round), with its allocations in brackets.
// -detail prints every contender's medians instead.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
)

func main() {
	detail := flag.Bool("detail", false, "print every contender's medians")
	flag.Parse()
	in := io.Reader(os.Stdin)
	if flag.NArg() > 0 {
		f, err := os.Open(flag.Arg(0))
		if err != nil {
			fmt.Fprintln(os.Stderr, "ratios:", err)
			os.Exit(2)
		}
		defer f.Close()
		in = f
	}
	res, err := parse(in)
	if err != nil {
		fmt.Fprintln(os.Stderr, "ratios:", err)
		os.Exit(2)
	}
	if len(res.order) == 0 {
		fmt.Fprintln(os.Stderr, "ratios: no benchmark results in the input")
		os.Exit(2)
	}
	gs := groups(res)
	if *detail {
		printTable(os.Stdout, gs)
	} else {
		printRatios(os.Stdout, gs)
	}
	fmt.Println()
	if !printTargets(os.Stdout, gs) {
		os.Exit(1)
	}
}

// printTable prints one block per group: median ns/op, B/op and allocs/op of each contender, and
// the facade's time and allocations relative to it.
func printTable(w io.Writer, gs []*group) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "benchmark\tcontender\trounds\tns/op\tB/op\tallocs/op\tfacade time ÷ it\tfacade allocs − it")
	for _, g := range gs {
		us, haveUs := g.stats[ours]
		for i, c := range g.contenders {
			s := g.stats[c]
			name := ""
			if i == 0 {
				name = g.name
			}
			ratio, delta := "", ""
			if haveUs && c != ours {
				ratio = fmt.Sprintf("%.2f×", timeRatio(us, s))
				delta = fmt.Sprintf("%+.0f", us.allocs-s.allocs)
			}
			fmt.Fprintf(tw, "%s\t%s\t%d\t%.0f\t%.0f\t%.0f\t%s\t%s\n", name, c, s.rounds, s.ns, s.bytes, s.allocs, ratio, delta)
		}
	}
	_ = tw.Flush()
}

// printRatios prints one line per group: the facade's figures and its time relative to each other
// contender, whose allocations follow in brackets. A group without the facade lists medians.
func printRatios(w io.Writer, gs []*group) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "benchmark\tfacade ns/op\tallocs\tfacade time ÷ other (other's allocs)")
	for _, g := range gs {
		us, ok := g.stats[ours]
		var others []string
		for _, c := range g.contenders {
			s := g.stats[c]
			switch {
			case c == ours:
			case ok:
				others = append(others, fmt.Sprintf("%s %.2f× (%.0f)", c, timeRatio(us, s), s.allocs))
			default:
				others = append(others, fmt.Sprintf("%s %.0f ns/op (%.0f allocs)", c, s.ns, s.allocs))
			}
		}
		if ok {
			fmt.Fprintf(tw, "%s\t%.0f\t%.0f\t%s\n", g.name, us.ns, us.allocs, strings.Join(others, "  "))
		} else {
			fmt.Fprintf(tw, "%s\t-\t-\t%s\n", g.name, strings.Join(others, "  "))
		}
	}
	_ = tw.Flush()
}

// printTargets prints each target with its figure and verdict and reports whether all were met.
func printTargets(w io.Writer, gs []*group) bool {
	byName := make(map[string]*group, len(gs))
	for _, g := range gs {
		byName[g.name] = g
	}
	allMet := true
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "target\tbenchmark\tfigure\tverdict")
	for _, t := range targets {
		figure, verdict := "n/a", "NOT MEASURED"
		if g := byName[t.group]; g != nil {
			us, okUs := g.stats[ours]
			them, okThem := g.stats[t.other]
			if okUs && okThem {
				var met bool
				figure, met = t.check(us, them)
				verdict = "met"
				if !met {
					verdict = "MISSED"
				}
			}
		}
		if verdict != "met" {
			allMet = false
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", t.what, t.group, figure, verdict)
	}
	_ = tw.Flush()
	return allMet
}
