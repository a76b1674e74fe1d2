package specdiff_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/api"
	"github.com/clientkit/clientkit/internal/specdiff"
	"github.com/clientkit/clientkit/internal/upstreamfacts"
)

// drift runs CheckDrift of the Formance facts against a crafted upstream copy.
func drift(t *testing.T, upstream string) (specdiff.Drift, string) {
	t.Helper()
	pinned, err := upstreamfacts.ReadFile("../../api/upstream/formance.json")
	require.NoError(t, err)
	current, _, err := upstreamfacts.FromSource(context.Background(), "../../testdata/specdiff/drift/"+upstream)
	require.NoError(t, err)
	raw, err := api.Spec(api.Formance)
	require.NoError(t, err)
	ours, err := upstreamfacts.FromData(raw)
	require.NoError(t, err)
	d, err := specdiff.CheckDrift(pinned.Facts, current, ours)
	require.NoError(t, err)
	var buf bytes.Buffer
	d.Print(&buf)
	return d, buf.String()
}

// TestDriftNamesUncoveredChange: upstream added a required request field (which our spec lacks)
// and dropped a response property. Both are named as breaking; the first fails the gate.
func TestDriftNamesUncoveredChange(t *testing.T) {
	d, out := drift(t, "formance-uncovered.json")
	t.Log("\n" + out)
	assert.True(t, d.Failed())
	assert.Contains(t, out, "BREAKING POST /api/auth/clients (createClient): added the new required request property `owner`")
	assert.Contains(t, out, "BREAKING GET /api/auth/clients/{clientId} (readClient): removed the optional property `data/description`")
	assert.Contains(t, out, "NOT IN OUR SPEC createClient: body application/json has owner")
	assert.Equal(t, []string{"createClient"}, keys(d.Uncovered))
}

// TestDriftCoveredChangePasses: upstream added a 404 answer our spec already declares; the change
// is listed as non-breaking and the gate passes.
func TestDriftCoveredChangePasses(t *testing.T) {
	d, out := drift(t, "formance-covered.json")
	assert.False(t, d.Failed(), out)
	require.Len(t, d.Changes, 1)
	assert.False(t, d.Changes[0].Breaking)
	assert.Contains(t, out, "non-breaking GET /api/auth/clients/{clientId} (readClient): added the non-success response with the status `404`")
}

// TestDriftNoChange: the pinned facts against themselves (rebuilt as a document) show nothing.
func TestDriftNoChange(t *testing.T) {
	pinned, err := upstreamfacts.ReadFile("../../api/upstream/mollie.json")
	require.NoError(t, err)
	d, err := specdiff.CheckDrift(pinned.Facts, pinned.Facts, pinned.Facts)
	require.NoError(t, err)
	assert.Empty(t, d.Changes)
	assert.False(t, d.Failed())
}

func keys(m map[string][]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
