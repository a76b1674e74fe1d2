package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/fakeapi"
)

// startLoggedServe runs serve in-process with --log and the given flags; it returns the fake's
// URL and its stderr.
func startLoggedServe(t *testing.T, flags ...string) (string, *syncBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- runServe(ctx, append([]string{"--addr", "127.0.0.1:0", "--log"}, flags...), &stdout, &stderr)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Error("serve did not stop")
		}
	})
	require.Eventually(t, func() bool { return servedAt.MatchString(stdout.String()) }, 5*time.Second, 10*time.Millisecond)
	return servedAt.FindStringSubmatch(stdout.String())[1], &stderr
}

// runCLI runs clientkit with args and returns its exit status, stdout and stderr.
func runFakeCLI(args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func formanceCreate(t *testing.T, base, name string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, base+"/api/auth/clients", strings.NewReader(`{"name":`+name+`}`))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer demo_formance_token")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	return resp.StatusCode
}

func TestFakeCommandsScriptARunningFake(t *testing.T) {
	base, stderr := startLoggedServe(t)

	code, _, errOut := runFakeCLI("fake", "fault", "add", "--url", base, "--operation", "nope", "--status", "503")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "--operation")
	assert.Contains(t, errOut, "createClient", "the valid operations are listed")
	code, _, errOut = runFakeCLI("fake", "fault", "add", "--url", base, "--operation", "createClient", "--delay", "soon")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "--delay")

	code, _, errOut = runFakeCLI("fake", "fault", "add", "--url", base, "--operation", "createClient", "--status", "503", "--times", "2")
	require.Equal(t, 0, code, errOut)
	code, out, _ := runFakeCLI("fake", "fault", "list", "--url", base)
	require.Equal(t, 0, code)
	var faults []fakeapi.FaultRequest
	require.NoError(t, json.Unmarshal([]byte(out), &faults))
	assert.Equal(t, []fakeapi.FaultRequest{{OperationID: "createClient", Status: 503, Times: 2}}, faults)

	assert.Equal(t, http.StatusServiceUnavailable, formanceCreate(t, base, `"a"`))
	code, _, _ = runFakeCLI("fake", "fault", "clear", "--url", base, "--operation", "createClient")
	require.Equal(t, 0, code)
	assert.Equal(t, http.StatusCreated, formanceCreate(t, base, `"b"`))
	assert.Equal(t, http.StatusBadRequest, formanceCreate(t, base, `7`))

	code, out, _ = runFakeCLI("fake", "requests", "--url", base, "--format", "human")
	require.Equal(t, 0, code)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 3)
	assert.Contains(t, lines[0], "fault=status")
	assert.Contains(t, lines[2], `message="name: value must be a string"`)
	code, out, _ = runFakeCLI("fake", "requests", "--url", base, "--after", "2")
	require.Equal(t, 0, code)
	var log []fakeapi.Request
	require.NoError(t, json.Unmarshal([]byte(out), &log))
	require.Len(t, log, 1)
	assert.Equal(t, 400, log[0].Status)

	code, _, _ = runFakeCLI("fake", "reset", "--url", base)
	require.Equal(t, 0, code)
	code, out, _ = runFakeCLI("fake", "requests", "--url", base)
	require.Equal(t, 0, code)
	assert.JSONEq(t, "[]", out)

	// serve --log printed one line per request, without the bearer token.
	logged := stderr.String()
	assert.Equal(t, 3, strings.Count(logged, "/api/auth/clients "), logged)
	assert.Contains(t, logged, "formance createClient")
	assert.NotContains(t, logged, "demo_formance_token")
}

func TestFakeCommandErrors(t *testing.T) {
	code, _, errOut := runFakeCLI("fake", "reset", "--url", "ftp://x")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "--url")
	code, _, errOut = runFakeCLI("fake", "reset", "--url", "http://user:pw@127.0.0.1:1")
	assert.Equal(t, 2, code)
	assert.NotContains(t, errOut, "pw")
	code, _, errOut = runFakeCLI("fake", "requests", "--format", "xml")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "--format")
	code, _, errOut = runFakeCLI("fake", "reset", "--url", "http://127.0.0.1:1")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "is the fake running")
	code, _, errOut = runFakeCLI("serve", "--log-format", "json")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "--log")
	code, _, errOut = runFakeCLI("serve", "--consent", "maybe")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "approve, deny, interactive")
}

func TestServeLogsJSONLines(t *testing.T) {
	base, stderr := startLoggedServe(t, "--log-format", "json")
	assert.Equal(t, http.StatusBadRequest, formanceCreate(t, base, `7`))
	require.Eventually(t, func() bool { return strings.Contains(stderr.String(), "\n") }, 5*time.Second, 10*time.Millisecond)
	var r fakeapi.Request
	require.NoError(t, json.Unmarshal([]byte(strings.TrimSpace(stderr.String())), &r))
	assert.Equal(t, "createClient", r.OperationID)
	assert.Equal(t, 400, r.Status)
	assert.Equal(t, "name: value must be a string", r.Message)
	assert.Positive(t, r.Duration)
}
