package retry

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/clientkit/clientkit/facade"
	"github.com/clientkit/clientkit/facade/internal/testutil"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRetryRetryableStatuses(t *testing.T) {
	for _, status := range []int{408, 425, 429, 500, 502, 503, 504} {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			base := script(step{status: status}, step{status: 200})
			rt, w := testTransport(base, fastPolicy)
			resp, err := rt.RoundTrip(newRequest(t, context.Background(), http.MethodGet, ""))
			require.NoError(t, err)
			assert.Equal(t, 200, resp.StatusCode)
			assert.Equal(t, 2, base.attempts())
			assert.Equal(t, []time.Duration{100 * time.Millisecond}, w.all())
		})
	}
}

func TestRetryFinalStatuses(t *testing.T) {
	for _, status := range []int{200, 201, 204, 301, 400, 401, 403, 404, 409, 422, 501, 505} {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			base := script(step{status: status}, step{status: 200})
			rt, w := testTransport(base, fastPolicy)
			resp, err := rt.RoundTrip(newRequest(t, context.Background(), http.MethodGet, ""))
			require.NoError(t, err)
			assert.Equal(t, status, resp.StatusCode)
			assert.Equal(t, 1, base.attempts())
			assert.Empty(t, w.all())
		})
	}
}

func TestRetryGivesUpAfterMaxAttempts(t *testing.T) {
	base := script(step{status: 503})
	rt, w := testTransport(base, fastPolicy)
	resp, err := rt.RoundTrip(newRequest(t, context.Background(), http.MethodDelete, ""))
	require.NoError(t, err)
	assert.Equal(t, 503, resp.StatusCode)
	assert.Equal(t, 3, base.attempts())
	assert.Equal(t, 3, rt.attempts)
	assert.Equal(t, []time.Duration{100 * time.Millisecond, 200 * time.Millisecond}, w.all())
	// The retried bodies were closed; the returned one is the caller's to read and close.
	require.Len(t, base.bodies, 3)
	assert.True(t, base.bodies[0].closed.Load())
	assert.True(t, base.bodies[1].closed.Load())
	assert.False(t, base.bodies[2].closed.Load())
	got, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	assert.Equal(t, "Service Unavailable", string(got))
}

func TestRetryPostWithoutKey(t *testing.T) {
	for _, method := range []string{http.MethodPost, http.MethodPatch} {
		t.Run(method+" 503 not retried", func(t *testing.T) {
			base := script(step{status: 503}, step{status: 201})
			rt, _ := testTransport(base, fastPolicy)
			resp, err := rt.RoundTrip(newRequest(t, context.Background(), method, `{"a":1}`))
			require.NoError(t, err)
			assert.Equal(t, 503, resp.StatusCode)
			assert.Equal(t, 1, base.attempts())
		})
		t.Run(method+" dropped connection not retried", func(t *testing.T) {
			base := script(step{err: io.ErrUnexpectedEOF}, step{status: 201})
			rt, _ := testTransport(base, fastPolicy)
			_, err := rt.RoundTrip(newRequest(t, context.Background(), method, `{"a":1}`))
			var re *facade.RetryError
			require.ErrorAs(t, err, &re)
			assert.Equal(t, 1, re.Attempts)
			assert.Contains(t, re.Reason, "without Idempotency-Key")
			assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
			assert.Equal(t, 1, base.attempts())
		})
	}
}

func TestRetryPostWithKeyKeepsKeyAndBody(t *testing.T) {
	base := script(step{status: 503}, step{err: io.ErrUnexpectedEOF}, step{status: 201})
	rt, _ := testTransport(base, fastPolicy)
	req := newRequest(t, context.Background(), http.MethodPost, `{"name":"acme"}`)
	key := "k-4e1c"
	req.Header.Set(idempotencyHeader, key)
	resp, err := rt.RoundTrip(req)
	require.NoError(t, err)
	assert.Equal(t, 201, resp.StatusCode)
	require.Equal(t, 3, base.attempts())
	for _, s := range base.sent {
		assert.Equal(t, key, s.key)
		assert.Equal(t, `{"name":"acme"}`, s.body)
	}
}

func TestRetryBodyWithoutGetBody(t *testing.T) {
	base := script(step{status: 503}, step{status: 200})
	rt, _ := testTransport(base, fastPolicy)
	req := newRequest(t, context.Background(), http.MethodPut, "")
	req.Body = io.NopCloser(strings.NewReader("once"))
	resp, err := rt.RoundTrip(req)
	require.NoError(t, err)
	assert.Equal(t, 503, resp.StatusCode)
	assert.Equal(t, 1, base.attempts())
}

func TestRetryNetworkErrorCountsAttempts(t *testing.T) {
	cause := &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}
	base := script(step{err: cause})
	rt, _ := testTransport(base, fastPolicy)
	_, err := rt.RoundTrip(newRequest(t, context.Background(), http.MethodGet, ""))
	var re *facade.RetryError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, 3, re.Attempts)
	assert.ErrorIs(t, err, syscall.ECONNRESET)
	assert.Equal(t, "test op: outcome unknown after 3 attempts, all 3 attempts made: read tcp: connection reset by peer", err.Error())
	assert.NotContains(t, err.Error(), "secret")
}

func TestRetryPermanentErrors(t *testing.T) {
	for name, cause := range map[string]error{
		"token fetch 401": fmt.Errorf("token: %w", &facade.APIError{StatusCode: 401}),
		"certificate":     &tls.CertificateVerificationError{Err: errors.New("x509: unknown authority")},
	} {
		t.Run(name, func(t *testing.T) {
			base := script(step{err: cause})
			rt, _ := testTransport(base, fastPolicy)
			_, err := rt.RoundTrip(newRequest(t, context.Background(), http.MethodGet, ""))
			var re *facade.RetryError
			require.ErrorAs(t, err, &re)
			assert.Equal(t, "error is not retryable", re.Reason)
			assert.Equal(t, 1, base.attempts())
		})
	}
	t.Run("token fetch 503", func(t *testing.T) {
		base := script(step{err: &facade.APIError{StatusCode: 503}}, step{status: 200})
		rt, _ := testTransport(base, fastPolicy)
		resp, err := rt.RoundTrip(newRequest(t, context.Background(), http.MethodGet, ""))
		require.NoError(t, err)
		assert.Equal(t, 200, resp.StatusCode)
	})
}

// closedPort returns a 127.0.0.1 address nothing listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())
	return addr
}

func TestRetryPostNeverLeft(t *testing.T) {
	base := &http.Transport{}
	defer base.CloseIdleConnections()
	rt, w := testTransport(base, fastPolicy)
	req, err := http.NewRequest(http.MethodPost, "http://"+closedPort(t)+"/v1/things", strings.NewReader("{}"))
	require.NoError(t, err)
	_, err = rt.RoundTrip(req)
	var re *facade.RetryError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, 3, re.Attempts)
	assert.ErrorIs(t, err, syscall.ECONNREFUSED)
	assert.Len(t, w.all(), 2)
}

func TestRetryLogIsRedacted(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	base := script(step{status: 503}, step{err: io.ErrUnexpectedEOF}, step{status: 200})
	r := New(logger)
	r.Sleep = func(context.Context, time.Duration) error { return nil }
	rt := &retryRT{retrier: r, base: base, policy: fastPolicy}
	req := newRequest(t, context.Background(), http.MethodPut, `{"secret":"body-secret"}`)
	req.Header.Set("Authorization", "Bearer header-secret")
	_, err := rt.RoundTrip(req)
	require.NoError(t, err)
	out := buf.String()
	assert.Equal(t, 3, strings.Count(out, "clientkit: attempt"))
	assert.Contains(t, out, "method=PUT path=/v1/things attempt=1")
	assert.Contains(t, out, "status=503")
	assert.Contains(t, out, `error="connection closed"`)
	assert.Contains(t, out, `decision="final status"`)
	for _, secret := range []string{"header-secret", "body-secret", "query"} {
		assert.NotContains(t, out, secret)
	}
}

func TestRetryHasIdempotencyKey(t *testing.T) {
	assert.True(t, HasIdempotencyKey(http.Header{"Idempotency-Key": {"k"}}))
	assert.True(t, HasIdempotencyKey(http.Header{"idempotency-key": {"k"}}))
	assert.True(t, HasIdempotencyKey(http.Header{"IDEMPOTENCY-KEY": {"", "k"}}))
	assert.False(t, HasIdempotencyKey(http.Header{"Idempotency-Key": {" "}}))
	assert.False(t, HasIdempotencyKey(http.Header{"X-Request-Id": {"k"}}))
}

func TestRetryOverHTTP(t *testing.T) {
	before := runtime.NumGoroutine()
	var (
		mu    sync.Mutex
		seen  []sentRequest
		conns = map[string]bool{}
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		seen = append(seen, sentRequest{method: r.Method, key: r.Header.Get(idempotencyHeader), body: string(body)})
		n := len(seen)
		conns[r.RemoteAddr] = true
		mu.Unlock()
		if n%3 != 0 {
			w.Header().Set("Retry-After", "0")
			http.Error(w, strings.Repeat("busy ", 100), http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusCreated)
	}))
	base := &http.Transport{}
	rt, w := testTransport(base, fastPolicy)
	client := &http.Client{Transport: rt, Timeout: time.Minute}

	req, err := http.NewRequest(http.MethodPost, srv.URL+"/v1/things", strings.NewReader(`{"n":1}`))
	require.NoError(t, err)
	req.Header.Set(idempotencyHeader, "key-1")
	resp, err := client.Do(req)
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	assert.Equal(t, http.StatusCreated, resp.StatusCode)

	resp, err = client.Get(srv.URL + "/v1/things")
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	assert.Equal(t, http.StatusCreated, resp.StatusCode)

	mu.Lock()
	require.Len(t, seen, 6)
	for _, s := range seen[:3] {
		assert.Equal(t, sentRequest{method: http.MethodPost, key: "key-1", body: `{"n":1}`}, s)
	}
	assert.Len(t, conns, 1, "drained bodies let one connection serve every attempt")
	mu.Unlock()
	assert.Equal(t, []time.Duration{0, 0, 0, 0}, w.all())

	base.CloseIdleConnections()
	srv.Close()
	testutil.AssertNoGoroutineLeft(t, before)
}
