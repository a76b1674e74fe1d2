package retry

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/clientkit/clientkit/facade"

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
