package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/fakeapi"
)

// syncBuffer is a bytes.Buffer safe to write from the server goroutine and read from the test.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestServeAnswersAndStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--formance-token", "tok-123",
			"--mollie-client-id", "app_test"}, &stdout, &stderr)
	}()

	urlPattern := regexp.MustCompile(`fake APIs at (http://127\.0\.0\.1:\d+)`)
	require.Eventually(t, func() bool { return urlPattern.MatchString(stdout.String()) }, 5*time.Second, 10*time.Millisecond)
	base := urlPattern.FindStringSubmatch(stdout.String())[1]
	assert.NotContains(t, stdout.String(), "tok-123", "a credential given by flag is not printed")
	assert.Contains(t, stdout.String(), "bearer [given]")
	assert.Contains(t, stdout.String(), "app_test", "an app id is no secret")
	assert.Contains(t, stdout.String(), fakeapi.DefaultCredentials().DwollaClientSecret, "the published demo values are shown")

	req, err := http.NewRequest("POST", base+"/api/auth/clients", strings.NewReader(`{"name":"cli"}`))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer tok-123")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusCreated, resp.StatusCode, string(body))

	// The Mollie clientLink points at the served address.
	req, err = http.NewRequest("POST", base+"/v2/client-links",
		strings.NewReader(`{"owner":{"email":"a@b.c","givenName":"A","familyName":"B"},"name":"N","address":{"country":"NL"}}`))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer access_demo_clientkit_organization")
	req.Host = "attacker.example" // links come from the served address, not from Host
	resp, err = http.DefaultClient.Do(req)
	require.NoError(t, err)
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusCreated, resp.StatusCode, string(body))
	assert.Contains(t, string(body), base+"/dashboard/client-link/cl_")

	cancel()
	select {
	case code := <-done:
		assert.Equal(t, 0, code, "stderr: %s", stderr.String())
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop")
	}
	assert.Contains(t, stdout.String(), "stopped")
}

func TestCommandLineErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		out  string // expected in stdout+stderr
	}{
		{"no command", nil, 2, "Usage: clientkit"},
		{"help", []string{"--help"}, 0, "serve"},
		{"unknown command", []string{"launch"}, 2, `unknown command "launch"`},
		{"serve help", []string{"serve", "--help"}, 0, "Usage: clientkit serve [flags]"},
		{"serve help lists the flags", []string{"serve", "--help"}, 0, "-mollie-client-id"},
		{"unknown flag", []string{"serve", "--port", "1"}, 2, "port"},
		{"stray argument", []string{"serve", "extra"}, 2, `"extra"`},
		{"mollie id without app_", []string{"serve", "--mollie-client-id", "client_1"}, 2, "app_"},
		{"bad ttl", []string{"serve", "--dwolla-token-ttl", "0s"}, 2, "dwolla-token-ttl"},
		{"bad generation", []string{"serve", "--formance-generation", "2019"}, 2, "2019"},
		{"bad redirect URI", []string{"serve", "--mollie-redirect-uri", "not a url"}, 2, `--mollie-redirect-uri "not a url" is not an absolute URL`},
		{"redirect URI with a password", []string{"serve", "--mollie-redirect-uri", "https://me:hunter2@app example/cb"}, 2,
			`--mollie-redirect-uri "https://[redacted]@app example/cb" is not an absolute URL`},
		{"bad public URL", []string{"serve", "--public-url", "/relative"}, 2, `--public-url "/relative" is not an absolute URL`},
		{"address without a port", []string{"serve", "--addr", "localhost"}, 2, `--addr "localhost" is not host:port`},
		{"port out of range", []string{"serve", "--addr", "127.0.0.1:99999"}, 2, `--addr "127.0.0.1:99999" has no port from 0 to 65535`},
		{"port not a number", []string{"serve", "--addr", "127.0.0.1:http"}, 2, "has no port"},
		{"address that cannot be listened on", []string{"serve", "--addr", "192.0.2.1:0"}, 1, "192.0.2.1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), tt.args, &stdout, &stderr)
			assert.Equal(t, tt.code, code)
			assert.Contains(t, stdout.String()+stderr.String(), tt.out)
			assert.NotContains(t, stdout.String()+stderr.String(), "hunter2")
		})
	}
}

// TestServeStopsDuringADelayFault stops serve while a request waits out a long delay fault: the
// delay must end with the shutdown, the caller must get a closed connection rather than an
// answer, and serve must return without error.
func TestServeStopsDuringADelayFault(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() { done <- runServe(ctx, []string{"--addr", "127.0.0.1:0"}, &stdout, &stderr) }()

	urlPattern := regexp.MustCompile(`fake APIs at (http://127\.0\.0\.1:\d+)`)
	require.Eventually(t, func() bool { return urlPattern.MatchString(stdout.String()) }, 5*time.Second, 10*time.Millisecond)
	base := urlPattern.FindStringSubmatch(stdout.String())[1]

	client := &http.Client{Transport: &http.Transport{}, Timeout: 30 * time.Second}
	defer client.CloseIdleConnections()
	resp, err := client.Post(base+"/_fake/faults", "application/json",
		strings.NewReader(`{"operationId":"createClient","delay":"1h"}`))
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusNoContent, resp.StatusCode)

	// The server asks for the body (100 Continue) only once the handler reads it, right before
	// the delay: from then on the request is in flight.
	reading := make(chan struct{})
	answered := make(chan error, 1)
	go func() {
		trace := &httptrace.ClientTrace{Got100Continue: func() { close(reading) }}
		req, err := http.NewRequestWithContext(httptrace.WithClientTrace(context.Background(), trace),
			"POST", base+"/api/auth/clients", strings.NewReader(`{"name":"slow"}`))
		if err != nil {
			answered <- err
			return
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer demo_formance_token")
		req.Header.Set("Expect", "100-continue")
		transport := &http.Transport{DisableKeepAlives: true, ExpectContinueTimeout: 30 * time.Second}
		resp, err := (&http.Client{Transport: transport, Timeout: 30 * time.Second}).Do(req)
		if err == nil {
			resp.Body.Close()
			err = fmt.Errorf("got an answer: %d", resp.StatusCode)
		}
		answered <- err
	}()
	select {
	case <-reading:
	case err := <-answered:
		t.Fatalf("the delayed request ended before serve stopped: %v", err)
	case <-time.After(5 * time.Second):
		t.Fatal("the delayed request never reached the handler")
	}

	cancel()
	select {
	case err := <-done:
		require.NoError(t, err, "stderr: %s", stderr.String())
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop")
	}
	assert.Contains(t, stdout.String(), "stopped")
	select {
	case err := <-answered:
		assert.NotContains(t, err.Error(), "got an answer", "the caller must see the connection close")
	case <-time.After(5 * time.Second):
		t.Fatal("the delayed request never ended")
	}
}
