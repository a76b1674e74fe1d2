package specdiff_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/internal/specdiff"
	"github.com/clientkit/clientkit/internal/upstreamfacts"
)

var testdata = filepath.Join("..", "..", "testdata", "specdiff")

func load(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(testdata, path))
	require.NoError(t, err)
	return b
}

func compare(t *testing.T, base, revision string) []specdiff.Change {
	t.Helper()
	b, err := upstreamfacts.Load(load(t, base))
	require.NoError(t, err)
	r, err := upstreamfacts.Load(load(t, revision))
	require.NoError(t, err)
	cs, err := specdiff.Compare(b, r)
	require.NoError(t, err)
	return cs
}

// TestCompareNamesEachBreakingChange feeds a crafted pair with five breaking changes and expects
// each to be listed as breaking, naming what changed.
func TestCompareNamesEachBreakingChange(t *testing.T) {
	broken := specdiff.Breaking(compare(t, "breaking/base.yaml", "breaking/revision.yaml"))
	var lines []string
	for _, c := range broken {
		lines = append(lines, c.String())
	}
	all := strings.Join(lines, "\n")
	t.Log("\n" + all)
	for what, want := range map[string][]string{
		"removed operation":  {"api-path-removed", "DELETE /widgets/{id}"},
		"removed property":   {"response-optional-property-removed", "label"},
		"changed type":       {"response-property-type-changed", "weight"},
		"new required field": {"request-property-became-required", "size"},
		"removed enum value": {"request-property-enum-value-removed", "blue"},
	} {
		found := false
		for _, l := range lines {
			if strings.Contains(l, want[0]) && strings.Contains(l, want[1]) {
				found = true
			}
		}
		assert.True(t, found, "%s: no breaking change with %q and %q in\n%s", what, want[0], want[1], all)
	}
}

// TestCompareSameSpecIsQuiet: a spec compared with itself has no change at all.
func TestCompareSameSpecIsQuiet(t *testing.T) {
	assert.Empty(t, compare(t, "breaking/base.yaml", "breaking/base.yaml"))
}

// TestCompareAdditionIsNotBreaking: the reverse of the removal of an operation is an addition,
// which is reported but not breaking.
func TestCompareAdditionIsNotBreaking(t *testing.T) {
	cs := compare(t, "breaking/revision.yaml", "breaking/base.yaml")
	var added bool
	for _, c := range cs {
		if c.ID == "endpoint-added" {
			added = true
			assert.False(t, c.Breaking)
		}
	}
	assert.True(t, added, "%v", cs)
}
