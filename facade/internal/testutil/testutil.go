// Package testutil holds what the facade packages' tests share: a recording stub provider,
// golden request bodies, a manual clock and error assertions. Only tests import it.
package testutil

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/facade"
)

// updateGolden rewrites testdata/facade/*.json from what the facade sends.
var updateGolden = flag.Bool("update-golden", false, "rewrite the facade's golden request bodies")

// OneAttempt keeps the retry layer out of tests about single answers.
var OneAttempt = facade.WithRetryPolicy(facade.RetryPolicy{MaxAttempts: 1})

// Recorded is one request a StubAPI received.
type Recorded struct {
	Method, Path, RawPath string
	Header                http.Header
	Body                  []byte
}

// StubAPI is a per-test provider: it records every request and answers with its handler.
type StubAPI struct {
	URL    string
	mu     sync.Mutex
	reqs   []Recorded
	handle func(w http.ResponseWriter, r Recorded)
}

// NewStubAPI starts a StubAPI on 127.0.0.1 that answers with handle; it closes with the test.
func NewStubAPI(t testing.TB, handle func(w http.ResponseWriter, r Recorded)) *StubAPI {
	t.Helper()
	s := &StubAPI{handle: handle}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rec := Recorded{Method: r.Method, Path: r.URL.Path, RawPath: r.URL.EscapedPath(), Header: r.Header.Clone(), Body: body}
		s.mu.Lock()
		s.reqs = append(s.reqs, rec)
		s.mu.Unlock()
		s.handle(w, rec)
	}))
	t.Cleanup(srv.Close)
	s.URL = srv.URL
	return s
}

// Requests returns what the stub received so far.
func (s *StubAPI) Requests() []Recorded {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Recorded(nil), s.reqs...)
}

// Count returns how many requests went to path.
func (s *StubAPI) Count(path string) int {
	n := 0
	for _, r := range s.Requests() {
		if r.Path == path {
			n++
		}
	}
	return n
}

// Reply writes status with a body of contentType.
func Reply(w http.ResponseWriter, status int, contentType, body string) {
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

// AssertGolden compares a request body with testdata/facade/name at the repository root, or
// rewrites it with -update-golden.
func AssertGolden(t *testing.T, name string, body []byte) {
	t.Helper()
	_, here, _, _ := runtime.Caller(0)
	path := filepath.Join(filepath.Dir(here), "..", "..", "..", "testdata", "facade", name)
	if *updateGolden {
		var pretty bytes.Buffer
		require.NoError(t, json.Indent(&pretty, body, "", "  "))
		pretty.WriteByte('\n')
		require.NoError(t, os.WriteFile(path, pretty.Bytes(), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "golden file missing: run go test with -update-golden")
	assert.JSONEq(t, string(want), string(body), "request body differs from %s", path)
}

// ManualClock is a clock tests move by hand.
type ManualClock struct {
	mu  sync.Mutex
	now time.Time
}

// NewManualClock returns a ManualClock that reads t until it is moved.
func NewManualClock(t time.Time) *ManualClock { return &ManualClock{now: t} }

// Now reads the clock.
func (c *ManualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward by d.
func (c *ManualClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// statusSentinels are the sentinels an *APIError may match.
var statusSentinels = []error{facade.ErrUnauthorized, facade.ErrForbidden, facade.ErrNotFound, facade.ErrConflict,
	facade.ErrValidation, facade.ErrRateLimited, facade.ErrServer}

// AssertOnlySentinel checks that err matches want and no other status sentinel; want nil means
// it matches none.
func AssertOnlySentinel(t *testing.T, err, want error) {
	t.Helper()
	for _, s := range statusSentinels {
		assert.Equal(t, s == want, errors.Is(err, s), "errors.Is(err, %v)", s)
	}
}

// ShortCtx bounds a test's calls.
func ShortCtx(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// AssertNoGoroutineLeft waits up to two seconds for the goroutine count to fall back to before,
// then fails the test with every goroutine's stack.
func AssertNoGoroutineLeft(t testing.TB, before int) {
	t.Helper()
	for range 200 {
		if runtime.NumGoroutine() <= before {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	buf := make([]byte, 1<<16)
	t.Fatalf("%d goroutines, %d before:\n%s", runtime.NumGoroutine(), before, buf[:runtime.Stack(buf, true)])
}
