package specdiff

import (
	"fmt"
	"io"
	"slices"
	"sort"

	"github.com/clientkit/clientkit/internal/upstreamfacts"
)

// Drift is what changed upstream since the pinned facts, and which of the new upstream facts
// our spec does not carry.
type Drift struct {
	// Changes are oasdiff's changes from the pinned facts to the current upstream ones, limited
	// to the pinned operations and security schemes.
	Changes []Change `json:"changes"`
	// Uncovered lists, per operation id, current upstream facts our spec lacks.
	Uncovered map[string][]string `json:"uncovered"`
}

// Failed tells whether upstream has facts our spec does not carry.
func (d Drift) Failed() bool { return len(d.Uncovered) > 0 }

// CheckDrift compares current upstream facts with the pinned ones, and with ours. Only the
// operations and security schemes the pinned facts name take part: a new upstream operation
// is none of our business until we pin it.
func CheckDrift(pinned, current, ours upstreamfacts.Facts) (Drift, error) {
	current = current.Only(pinned.IDs(), pinned.SchemeNames())
	changes, err := Compare(pinned.Document(), current.Document())
	if err != nil {
		return Drift{}, err
	}
	return Drift{Changes: changes, Uncovered: upstreamfacts.Missing(current.Lines(), ours.Lines())}, nil
}

// Print writes d for people: each change with its class, then the uncovered facts.
func (d Drift) Print(w io.Writer) {
	if len(d.Changes) == 0 {
		fmt.Fprintln(w, "no change upstream since the pinned facts")
	}
	for _, c := range d.Changes {
		fmt.Fprintln(w, c)
	}
	ops := make([]string, 0, len(d.Uncovered))
	for op := range d.Uncovered {
		ops = append(ops, op)
	}
	sort.Strings(ops)
	for _, op := range ops {
		name := op
		if name == "" {
			name = "document"
		}
		for _, f := range slices.Sorted(slices.Values(d.Uncovered[op])) {
			fmt.Fprintf(w, "NOT IN OUR SPEC %s: %s\n", name, f)
		}
	}
}
