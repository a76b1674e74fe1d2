package facade

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
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/gen/mollie"
)

// updateGolden rewrites testdata/facade/*.json from what the facade sends.
var updateGolden = flag.Bool("update-golden", false, "rewrite the facade's golden request bodies")

// oneAttempt keeps the retry layer out of tests about single answers.
var oneAttempt = WithRetryPolicy(RetryPolicy{MaxAttempts: 1})

// recorded is one request a stubAPI received.
type recorded struct {
	Method, Path, RawPath string
	Header                http.Header
	Body                  []byte
}

// stubAPI is a per-test provider: it records every request and answers with handle.
type stubAPI struct {
	URL    string
	mu     sync.Mutex
	reqs   []recorded
	handle func(w http.ResponseWriter, r recorded)
}

func newStubAPI(t *testing.T, handle func(w http.ResponseWriter, r recorded)) *stubAPI {
	t.Helper()
	s := &stubAPI{handle: handle}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rec := recorded{Method: r.Method, Path: r.URL.Path, RawPath: r.URL.EscapedPath(), Header: r.Header.Clone(), Body: body}
		s.mu.Lock()
		s.reqs = append(s.reqs, rec)
		s.mu.Unlock()
		s.handle(w, rec)
	}))
	t.Cleanup(srv.Close)
	s.URL = srv.URL
	return s
}

// requests returns what the stub received so far.
func (s *stubAPI) requests() []recorded {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]recorded(nil), s.reqs...)
}

// count returns how many requests went to path.
func (s *stubAPI) count(path string) int {
	n := 0
	for _, r := range s.requests() {
		if r.Path == path {
			n++
		}
	}
	return n
}

// reply writes status with a JSON body of contentType.
func reply(w http.ResponseWriter, status int, contentType, body string) {
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

// assertGolden compares a request body with testdata/facade/name, or rewrites it with
// -update-golden.
func assertGolden(t *testing.T, name string, body []byte) {
	t.Helper()
	path := filepath.Join("..", "testdata", "facade", name)
	if *updateGolden {
		var pretty bytes.Buffer
		require.NoError(t, json.Indent(&pretty, body, "", "  "))
		pretty.WriteByte('\n')
		require.NoError(t, os.WriteFile(path, pretty.Bytes(), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "golden file missing: run go test ./facade/ -update-golden")
	assert.JSONEq(t, string(want), string(body), "request body differs from %s", path)
}

// validLinkRequest is a client-link body with every required field.
func validLinkRequest() mollieapi.ClientLinkRequest {
	city := "Amsterdam"
	return mollieapi.ClientLinkRequest{
		Owner:   mollieapi.ClientLinkOwner{Email: "jan@example.org", GivenName: "Jan", FamilyName: "Jansen"},
		Name:    "Jansen Bikes B.V.",
		Address: mollieapi.ClientLinkAddress{Country: "NL", City: &city},
	}
}

// manualClock is a clock tests move by hand.
type manualClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *manualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *manualClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// statusSentinels are the sentinels an *APIError may match.
var statusSentinels = []error{ErrUnauthorized, ErrForbidden, ErrNotFound, ErrValidation, ErrRateLimited, ErrServer}

// assertOnlySentinel checks that err matches want and no other status sentinel; want nil means
// it matches none.
func assertOnlySentinel(t *testing.T, err, want error) {
	t.Helper()
	for _, s := range statusSentinels {
		assert.Equal(t, s == want, errors.Is(err, s), "errors.Is(err, %v)", s)
	}
}

// shortCtx bounds a test's calls.
func shortCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}
