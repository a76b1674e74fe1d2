package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBreakingNamesEachChange runs the breaking gate in a scratch git repository whose Mollie
// spec went from testdata/specdiff/breaking/base.yaml (committed) to revision.yaml (working tree).
func TestBreakingNamesEachChange(t *testing.T) {
	td, err := filepath.Abs(filepath.Join("..", "..", "..", "testdata", "specdiff", "breaking"))
	require.NoError(t, err)
	base, err := os.ReadFile(filepath.Join(td, "base.yaml"))
	require.NoError(t, err)
	revision, err := os.ReadFile(filepath.Join(td, "revision.yaml"))
	require.NoError(t, err)

	dir := t.TempDir()
	t.Chdir(dir)
	spec := filepath.Join("api", "mollie", "openapi.yaml")
	require.NoError(t, os.MkdirAll(filepath.Dir(spec), 0o755))
	require.NoError(t, os.WriteFile(spec, base, 0o644))
	git := func(args ...string) {
		cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.test"}, args...)...)
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, string(out))
	}
	git("init", "-q")
	git("add", ".")
	git("commit", "-qm", "base")

	var out bytes.Buffer
	require.NoError(t, runBreaking([]string{"-base", "HEAD"}, &out), "no change yet")
	assert.Contains(t, out.String(), "mollie: 0 breaking")

	require.NoError(t, os.WriteFile(spec, revision, 0o644))
	out.Reset()
	require.ErrorIs(t, runBreaking([]string{"-base", "HEAD"}, &out), errGate)
	t.Log("\n" + out.String())
	for _, want := range []string{
		"mollie: 5 breaking",
		"DELETE /widgets/{id} (deleteWidget): API path removed",
		"optional property `label`",
		"`weight` response's property `type` changed from `integer` to `string`",
		"request property `size` became required",
		"removed the enum value `blue`",
		"dwolla: no spec at HEAD",
	} {
		assert.Contains(t, out.String(), want)
	}
}

func TestRawGitHub(t *testing.T) {
	p := rawGitHub("https://raw.githubusercontent.com/mollie/openapi/abc123/specs/specs.yaml")
	assert.Equal(t, "mollie/openapi", p.Repository)
	assert.Equal(t, "abc123", p.Commit)
	assert.Equal(t, "specs/specs.yaml", p.Path)
	assert.Empty(t, rawGitHub("https://example.com/x.yaml").Repository)
}
