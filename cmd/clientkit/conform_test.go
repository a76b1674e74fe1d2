package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/fakeapi/fakeapitest"
)

func TestConformAgainstFakeConforms(t *testing.T) {
	srv := fakeapitest.NewServer(t)
	var stdout, stderr syncBuffer
	code := run(context.Background(), []string{"conform", "--target", srv.URL, "--demo-credentials"}, &stdout, &stderr)
	require.Equal(t, 0, code, stdout.String()+stderr.String())
	out := stdout.String()
	assert.Equal(t, 12, strings.Count(out, "conforms"), out)
	assert.Contains(t, out, "create-oauth-token")
	assert.NotContains(t, out, "violation")
}

// TestConformNamesViolations points conform at a stub that answers every request with 200 and
// an empty object: each operation's row names what is wrong with the answer.
func TestConformNamesViolations(t *testing.T) {
	stub := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{}`)
	}))
	t.Cleanup(stub.Close)
	var stdout, stderr syncBuffer
	code := run(context.Background(), []string{"conform", "--target", stub.URL, "--providers", "formance",
		"--formance-token", "conform-secret-token", "--json"}, &stdout, &stderr)
	assert.Equal(t, 1, code)
	var rows []conformRow
	require.NoError(t, json.Unmarshal([]byte(stdout.String()), &rows), stdout.String())
	require.Len(t, rows, 9)
	assert.Equal(t, "createClient", rows[0].Operation)
	require.NotEmpty(t, rows[0].Violations)
	assert.Equal(t, "response", string(rows[0].Violations[0].Direction))
	// createClient answers 201; a 200 falls to the default answer, an error the body is not.
	assert.Equal(t, "body/errorCode", rows[0].Violations[0].Field)
	assert.NotContains(t, stdout.String()+stderr.String(), "conform-secret-token")
}

// TestConformAndProxyFlags: conform and proxy parse their flags as the other commands do: help
// on stdout without the credentials from the environment, every missing flag in one usage
// error, a URL checked and shown without its password.
func TestConformAndProxyFlags(t *testing.T) {
	t.Setenv("MOLLIE_ACCESS_TOKEN", "access_env_secret_value")
	t.Setenv("FORMANCE_TOKEN", "formance_env_secret_value")
	for _, cmd := range []string{"conform", "proxy"} {
		r := runCLI(t, cmd, "--help")
		require.Equal(t, 0, r.code, cmd)
		assert.Contains(t, r.stdout, "Usage: clientkit "+cmd+" [flags]")
		assert.Empty(t, r.stderr, cmd)
		assert.NotContains(t, r.stdout, "env_secret_value", cmd)
	}
	r := runCLI(t, "conform")
	assert.Equal(t, 2, r.code)
	assert.Equal(t, "clientkit conform: missing --target\n", r.stderr)
	r = runCLI(t, "conform", "--target", "ftp://user:pw@127.0.0.1:1")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, `--target "ftp://[redacted]@127.0.0.1:1" is not an http(s) URL`)
	r = runCLI(t, "proxy", "--upstream", "127.0.0.1:1")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "--upstream")
	r = runCLI(t, "proxy", "--upstream", "http://127.0.0.1:1", "--nope")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "clientkit proxy: flag provided but not defined: -nope")
}
