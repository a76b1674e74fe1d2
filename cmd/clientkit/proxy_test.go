package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/fakeapi/fakeapitest"
)

// startProxyCmd runs `clientkit proxy` with args until the returned stop is called; stop
// returns the exit status.
func startProxyCmd(t *testing.T, args ...string) (base string, stdout *syncBuffer, stop func() int) {
	ctx, cancel := context.WithCancel(context.Background())
	stdout, stderr := &syncBuffer{}, &syncBuffer{}
	done := make(chan int, 1)
	go func() { done <- run(ctx, append([]string{"proxy", "--addr", "127.0.0.1:0"}, args...), stdout, stderr) }()
	pattern := regexp.MustCompile(`clientkit proxy: (http://127\.0\.0\.1:\d+) ->`)
	require.Eventually(t, func() bool { return pattern.MatchString(stderr.String()) }, 5*time.Second, 10*time.Millisecond, stderr.String())
	stop = func() int {
		cancel()
		select {
		case code := <-done:
			return code
		case <-time.After(10 * time.Second):
			t.Fatal("proxy did not stop")
			return -1
		}
	}
	t.Cleanup(func() { cancel() })
	return pattern.FindStringSubmatch(stderr.String())[1], stdout, stop
}

func proxyCall(t *testing.T, method, url, body, token string) int {
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	require.NoError(t, err)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

func TestProxyCommandInFrontOfFake(t *testing.T) {
	fake := fakeapitest.NewServer(t)
	base, stdout, stop := startProxyCmd(t, "--upstream", fake.URL, "--check")
	tok := fake.Credentials.FormanceToken
	assert.Equal(t, http.StatusCreated, proxyCall(t, http.MethodPost, base+"/api/auth/clients", `{"name":"cli"}`, tok))
	assert.Equal(t, http.StatusOK, proxyCall(t, http.MethodGet, base+"/api/auth/clients", "", tok))
	assert.Equal(t, 0, stop(), "--check passes without violations")
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	require.Len(t, lines, 2, stdout.String())
	assert.Contains(t, lines[0], "POST /api/auth/clients (createClient) -> 201")
	assert.NotContains(t, stdout.String(), tok)
}

func TestProxyCommandCheckFailsOnViolations(t *testing.T) {
	broken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		_, _ = io.WriteString(w, `{"data":{"id":7,"name":"n"}}`)
	}))
	t.Cleanup(broken.Close)
	base, stdout, stop := startProxyCmd(t, "--upstream", broken.URL, "--json", "--check")
	proxyCall(t, http.MethodPost, base+"/api/auth/clients", `{"name":3}`, "cli-secret-token")

	resp, err := http.Get(base + "/_proxy/report")
	require.NoError(t, err)
	var rep struct {
		Exchanges  int `json:"exchanges"`
		Violations []struct {
			Direction, Field string
		} `json:"violations"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&rep))
	resp.Body.Close()
	assert.Equal(t, 1, rep.Exchanges)
	var fields []string
	for _, v := range rep.Violations {
		fields = append(fields, v.Direction+" "+v.Field)
	}
	assert.ElementsMatch(t, []string{"request body/name", "response body/data/id"}, fields)

	assert.Equal(t, 1, stop(), "--check fails after violations")
	var line map[string]any
	require.NoError(t, json.Unmarshal([]byte(strings.TrimSpace(stdout.String())), &line), stdout.String())
	assert.Equal(t, "createClient", line["operation"])
	assert.NotContains(t, stdout.String(), "cli-secret-token")
}

// TestProxyCommandStopsWithACallInFlight: Ctrl-C while the upstream has not answered yet ends the
// call and stops the proxy cleanly, with its report and a passing --check.
func TestProxyCommandStopsWithACallInFlight(t *testing.T) {
	arrived, release := make(chan struct{}), make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		close(arrived)
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	t.Cleanup(slow.Close)
	t.Cleanup(func() { close(release) })
	base, _, stop := startProxyCmd(t, "--upstream", slow.URL, "--check")
	answered := make(chan error, 1)
	go func() {
		req, err := http.NewRequest(http.MethodGet, base+"/api/auth/clients", nil)
		if err != nil {
			answered <- err
			return
		}
		req.Header.Set("Authorization", "Bearer in-flight-token")
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		answered <- err
	}()
	select {
	case <-arrived:
	case <-time.After(5 * time.Second):
		t.Fatal("the call never reached the upstream")
	}
	assert.Equal(t, 0, stop(), "a call in flight does not fail the stop")
	select {
	case <-answered:
	case <-time.After(5 * time.Second):
		t.Fatal("the call in flight was never ended")
	}
}

func TestProxyCommandNeedsUpstream(t *testing.T) {
	var stdout, stderr syncBuffer
	assert.Equal(t, 2, run(context.Background(), []string{"proxy"}, &stdout, &stderr))
	assert.Contains(t, stderr.String(), "--upstream")
}
