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
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/clientkit/clientkit/facade"
	"github.com/clientkit/clientkit/facade/internal/testutil"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// step is one scripted answer: a status with headers, or an error.
type step struct {
	status int
	header http.Header
	err    error
}

// sentRequest is what the scripted transport saw of one attempt.
type sentRequest struct {
	method string
	key    string
	body   string
	ctx    context.Context
}

// trackedBody is a response body that remembers being closed.
type trackedBody struct {
	io.Reader
	closed atomic.Bool
}

func (b *trackedBody) Close() error { b.closed.Store(true); return nil }

// scriptedTransport answers attempt i with steps[i] (the last step repeats), recording requests.
type scriptedTransport struct {
	mu     sync.Mutex
	steps  []step
	sent   []sentRequest
	bodies []*trackedBody
}

func script(steps ...step) *scriptedTransport { return &scriptedTransport{steps: steps} }

func (s *scriptedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	var body []byte
	if r.Body != nil {
		body, _ = io.ReadAll(r.Body)
		_ = r.Body.Close()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sent = append(s.sent, sentRequest{method: r.Method, key: r.Header.Get(idempotencyHeader), body: string(body), ctx: r.Context()})
	st := s.steps[min(len(s.sent), len(s.steps))-1]
	if st.err != nil {
		return nil, st.err
	}
	b := &trackedBody{Reader: strings.NewReader(http.StatusText(st.status))}
	s.bodies = append(s.bodies, b)
	h := st.header
	if h == nil {
		h = http.Header{}
	}
	return &http.Response{StatusCode: st.status, Header: h, Body: b, Request: r}, nil
}

func (s *scriptedTransport) attempts() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sent)
}

// waits records the pauses a test transport was asked to make.
type waits struct {
	mu sync.Mutex
	d  []time.Duration
}

func (w *waits) sleep(ctx context.Context, d time.Duration) error {
	w.mu.Lock()
	w.d = append(w.d, d)
	w.mu.Unlock()
	return ctx.Err()
}

func (w *waits) all() []time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]time.Duration(nil), w.d...)
}

// retryRT runs each request through a Retrier as one call, for tests that send requests the way
// an http.Client does.
type retryRT struct {
	retrier  *Retrier
	base     http.RoundTripper
	policy   facade.RetryPolicy
	attempts int // of the last call
}

func (t *retryRT) RoundTrip(req *http.Request) (*http.Response, error) {
	res := t.retrier.Do(req, t.policy.WithDefaults(), t.base.RoundTrip)
	t.attempts = res.Attempts
	if res.Err != nil {
		return nil, &facade.RetryError{Provider: "test", Operation: "op", Attempts: res.Attempts, Reason: res.Reason, Err: res.Err}
	}
	return res.Response, nil
}

// testTransport wraps base with p; it records waits instead of sleeping and its jitter always
// draws the top of the range, so every wait is known.
func testTransport(base http.RoundTripper, p facade.RetryPolicy) (*retryRT, *waits) {
	w := &waits{}
	r := New(nil)
	r.Sleep = w.sleep
	r.Jitter = func(n int64) int64 { return n - 1 }
	return &retryRT{retrier: r, base: base, policy: p}, w
}

// idempotencyHeader is the header decideRetry looks for.
const idempotencyHeader = "Idempotency-Key"

var fastPolicy = facade.RetryPolicy{MaxAttempts: 3, BaseDelay: 100 * time.Millisecond, MaxDelay: time.Second, MaxRetryAfter: 10 * time.Second}

func newRequest(t *testing.T, ctx context.Context, method, body string) *http.Request {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, "http://api.test/v1/things?secret=query", r)
	require.NoError(t, err)
	return req
}

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

func TestRetryAfterHonoured(t *testing.T) {
	now := time.Date(2025, 3, 14, 9, 26, 53, 0, time.UTC)
	for name, tt := range map[string]struct {
		value string
		want  time.Duration
	}{
		"seconds":   {"2", 2 * time.Second},
		"http date": {now.Add(7 * time.Second).Format(http.TimeFormat), 7 * time.Second},
		"at cap":    {"10", 10 * time.Second},
		"garbage":   {"soon", 100 * time.Millisecond}, // falls back to the backoff
	} {
		t.Run(name, func(t *testing.T) {
			base := script(step{status: 429, header: http.Header{"Retry-After": {tt.value}}}, step{status: 200})
			rt, w := testTransport(base, fastPolicy)
			rt.retrier.Now = func() time.Time { return now }
			resp, err := rt.RoundTrip(newRequest(t, context.Background(), http.MethodGet, ""))
			require.NoError(t, err)
			assert.Equal(t, 200, resp.StatusCode)
			assert.Equal(t, []time.Duration{tt.want}, w.all())
		})
	}
}

func TestRetryAfterOverCapEndsCall(t *testing.T) {
	base := script(step{status: 429, header: http.Header{"Retry-After": {"60"}}}, step{status: 200})
	rt, w := testTransport(base, fastPolicy)
	resp, err := rt.RoundTrip(newRequest(t, context.Background(), http.MethodGet, ""))
	require.NoError(t, err)
	assert.Equal(t, 429, resp.StatusCode)
	assert.Equal(t, "60", resp.Header.Get("Retry-After"))
	assert.Equal(t, 1, base.attempts())
	assert.Empty(t, w.all())
}

func TestRetryNoAttemptPastDeadline(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
	defer cancel()
	slow := facade.RetryPolicy{MaxAttempts: 5, BaseDelay: 40 * time.Minute, MaxDelay: 2 * time.Hour}

	t.Run("response", func(t *testing.T) {
		base := script(step{status: 503})
		rt, w := testTransport(base, slow)
		resp, err := rt.RoundTrip(newRequest(t, ctx, http.MethodGet, ""))
		require.NoError(t, err)
		assert.Equal(t, 503, resp.StatusCode)
		// 40 min fits in the hour, the next 80 min do not.
		assert.Equal(t, 2, base.attempts())
		assert.Equal(t, []time.Duration{40 * time.Minute}, w.all())
	})
	t.Run("error", func(t *testing.T) {
		base := script(step{err: io.ErrUnexpectedEOF})
		rt, _ := testTransport(base, slow)
		_, err := rt.RoundTrip(newRequest(t, ctx, http.MethodGet, ""))
		var re *facade.RetryError
		require.ErrorAs(t, err, &re)
		assert.Equal(t, 2, re.Attempts)
		assert.Contains(t, re.Reason, "would pass the deadline")
	})
}

func TestRetryCancelDuringBackoff(t *testing.T) {
	before := runtime.NumGoroutine()
	ctx, cancel := context.WithCancel(context.Background())
	base := script(step{status: 503})
	rt, _ := testTransport(base, facade.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Hour, MaxDelay: time.Hour})
	waiting := make(chan struct{})
	rt.retrier.Sleep = func(ctx context.Context, d time.Duration) error {
		close(waiting)
		return SleepContext(ctx, d)
	}
	req := newRequest(t, ctx, http.MethodGet, "")
	done := make(chan error, 1)
	go func() {
		_, err := rt.RoundTrip(req)
		done <- err
	}()
	<-waiting
	cancel()
	requireCanceledAfterOneAttempt(t, done)
	assert.Equal(t, 1, base.attempts())
	testutil.AssertNoGoroutineLeft(t, before)
}

func TestBackoffFullJitter(t *testing.T) {
	p := facade.RetryPolicy{BaseDelay: 500 * time.Millisecond, MaxDelay: 5 * time.Second}
	top := func(n int64) int64 { return n - 1 }
	bottom := func(int64) int64 { return 0 }
	for attempt, want := range map[int]time.Duration{1: 500 * time.Millisecond, 2: time.Second, 3: 2 * time.Second, 4: 4 * time.Second, 5: 5 * time.Second, 1000: 5 * time.Second} {
		assert.Equal(t, want, backoff(attempt, p, top), "attempt %d", attempt)
		assert.Zero(t, backoff(attempt, p, bottom), "attempt %d", attempt)
	}
	huge := facade.RetryPolicy{BaseDelay: time.Duration(1<<62 + 1), MaxDelay: time.Duration(1<<63 - 1)}
	assert.Equal(t, huge.MaxDelay-1, backoff(3, huge, top))
}

func TestRetryAttemptTimeout(t *testing.T) {
	blocked := make(chan struct{})
	var calls atomic.Int32
	base := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		if calls.Add(1) == 1 {
			<-r.Context().Done() // the first attempt hangs until its own timeout
			close(blocked)
			return nil, r.Context().Err()
		}
		return &http.Response{StatusCode: 200, Body: io.NopCloser(strings.NewReader("ok")), Request: r}, nil
	})
	rt, _ := testTransport(base, facade.RetryPolicy{MaxAttempts: 2, AttemptTimeout: 10 * time.Millisecond})
	resp, err := rt.RoundTrip(newRequest(t, context.Background(), http.MethodGet, ""))
	require.NoError(t, err)
	<-blocked
	// The second attempt's context lives until its body is closed.
	assert.NoError(t, resp.Request.Context().Err())
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	assert.Equal(t, "ok", string(body))
	require.NoError(t, resp.Body.Close())
	assert.ErrorIs(t, resp.Request.Context().Err(), context.Canceled)
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

func requireCanceledAfterOneAttempt(t *testing.T, done <-chan error) {
	t.Helper()
	select {
	case err := <-done:
		assert.ErrorIs(t, err, context.Canceled)
		var re *facade.RetryError
		require.ErrorAs(t, err, &re)
		assert.Equal(t, 1, re.Attempts)
	case <-time.After(10 * time.Second):
		t.Fatal("the call did not return after cancel")
	}
}

// roundTripFunc lets a function serve as a RoundTripper.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
