package main

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
)

// sample is one benchmark result line.
type sample struct {
	nsPerOp     float64
	bytesPerOp  float64
	allocsPerOp float64
}

// results holds every sample of every benchmark, by name without the Benchmark prefix and the
// -GOMAXPROCS suffix, and the names in the order they first appeared.
type results struct {
	order   []string
	samples map[string][]sample
}

var procsSuffix = regexp.MustCompile(`-\d+$`)

// parse reads `go test -bench -benchmem` output; lines that are not results are skipped.
func parse(r io.Reader) (*results, error) {
	res := &results{samples: make(map[string][]sample)}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		name := procsSuffix.ReplaceAllString(strings.TrimPrefix(f[0], "Benchmark"), "")
		var s sample
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				return nil, fmt.Errorf("%s: value %q of %s: %w", name, f[i], f[i+1], err)
			}
			switch f[i+1] {
			case "ns/op":
				s.nsPerOp = v
			case "B/op":
				s.bytesPerOp = v
			case "allocs/op":
				s.allocsPerOp = v
			}
		}
		if s.nsPerOp == 0 {
			return nil, fmt.Errorf("%s: no ns/op in %q", name, sc.Text())
		}
		if _, seen := res.samples[name]; !seen {
			res.order = append(res.order, name)
		}
		res.samples[name] = append(res.samples[name], s)
	}
	return res, sc.Err()
}
