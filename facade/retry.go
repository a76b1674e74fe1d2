package facade

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"time"
)

// RetryPolicy says how a failed call is retried. A zero field takes DefaultRetryPolicy's value,
// except AttemptTimeout, where zero means no limit per attempt.
type RetryPolicy struct {
	MaxAttempts    int           // attempts in all, the first included; 1 disables retries
	BaseDelay      time.Duration // first backoff ceiling; doubles per attempt, full jitter
	MaxDelay       time.Duration // ceiling of any one backoff
	MaxRetryAfter  time.Duration // longest Retry-After that is waited for; a longer one ends the call
	AttemptTimeout time.Duration // limit of one attempt; 0 for none
}

// DefaultRetryPolicy is 3 attempts, 500 ms base delay, 5 s cap, full jitter, and Retry-After
// honoured up to 10 s. A server that asks for a longer pause is not waited for: the call returns
// its answer at once, an *APIError matching ErrRateLimited whose RetryAfter says when to come back.
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{
		MaxAttempts:   3,
		BaseDelay:     500 * time.Millisecond,
		MaxDelay:      5 * time.Second,
		MaxRetryAfter: 10 * time.Second,
	}
}

// check rejects a negative duration, naming its field. A MaxAttempts of zero or less means the
// default, so it is never wrong.
func (p RetryPolicy) check() error {
	for _, f := range []struct {
		name  string
		value time.Duration
	}{
		{"BaseDelay", p.BaseDelay},
		{"MaxDelay", p.MaxDelay},
		{"MaxRetryAfter", p.MaxRetryAfter},
		{"AttemptTimeout", p.AttemptTimeout},
	} {
		if f.value < 0 {
			return fmt.Errorf("retry policy: %s is negative (%s)", f.name, f.value)
		}
	}
	return nil
}

// withDefaults fills the zero fields from DefaultRetryPolicy.
func (p RetryPolicy) withDefaults() RetryPolicy {
	d := DefaultRetryPolicy()
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = d.MaxAttempts
	}
	if p.BaseDelay == 0 {
		p.BaseDelay = d.BaseDelay
	}
	if p.MaxDelay == 0 {
		p.MaxDelay = d.MaxDelay
	}
	if p.MaxRetryAfter == 0 {
		p.MaxRetryAfter = d.MaxRetryAfter
	}
	return p
}

// RetryError is a call that ended without an answer from the provider: a network error, a
// context that ended, or a policy that let no further attempt start. errors.Is and errors.As
// see through it to the cause.
type RetryError struct {
	Attempts int    // attempts made, the first included
	Reason   string // why no further attempt was made
	Err      error  // the last attempt's error, or the context's
}

// Error tells the attempts, the reason and the cause; never a header, body or query string.
func (e *RetryError) Error() string {
	noun := "attempts"
	if e.Attempts == 1 {
		noun = "attempt"
	}
	return fmt.Sprintf("%d %s, %s: %v", e.Attempts, noun, e.Reason, e.Err)
}

// Unwrap returns the cause.
func (e *RetryError) Unwrap() error { return e.Err }

// retryTransport runs each request under a RetryPolicy. sleep and jitter are fields so tests can
// record waits and fix the randomness instead of depending on the wall clock.
type retryTransport struct {
	base   http.RoundTripper
	policy RetryPolicy
	logger *slog.Logger                                     // nil: no logging
	now    func() time.Time                                 // dates Retry-After and deadlines
	sleep  func(ctx context.Context, d time.Duration) error // waits d or until ctx ends
	jitter func(n int64) int64                              // uniform in [0, n)
}

// newRetryTransport wraps base with the retry policy p; a policy carried by a request's context
// (withCallRetryPolicy) wins over p. logger may be nil.
func newRetryTransport(base http.RoundTripper, p RetryPolicy, logger *slog.Logger) http.RoundTripper {
	return &retryTransport{
		base:   base,
		policy: p,
		logger: logger,
		now:    time.Now,
		sleep:  sleepContext,
		jitter: rand.Int64N,
	}
}

// RoundTrip sends req, then again while decideRetry and planWait allow. It returns the last
// response, or a *RetryError when the last attempt failed without one.
func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	p := t.policy
	if cp, ok := ctx.Value(callRetryKey{}).(RetryPolicy); ok {
		p = cp
	}
	if err := p.check(); err != nil {
		closeBody(req)
		return nil, err
	}
	p = p.withDefaults()
	counter, _ := ctx.Value(attemptsKey{}).(*int)

	for attempt := 1; ; attempt++ {
		if counter != nil {
			*counter = max(*counter, attempt) // a redirect's hop starts again at 1: not a retry
		}
		resp, err := t.attempt(req, attempt, p)
		retry, reason := decideRetry(req, resp, err, attempt, p)
		var wait time.Duration
		if retry {
			var refusal string
			if wait, refusal = planWait(ctx, resp, attempt, p, t.now(), t.jitter); refusal != "" {
				retry, reason = false, refusal
			}
		}
		t.log(req, attempt, resp, err, reason, wait)
		if !retry {
			if err != nil {
				return nil, &RetryError{Attempts: attempt, Reason: reason, Err: err}
			}
			return resp, nil
		}
		if resp != nil {
			discard(resp)
		}
		if err := t.sleep(ctx, wait); err != nil {
			return nil, &RetryError{Attempts: attempt, Reason: "context ended during backoff", Err: err}
		}
	}
}

// attempt sends one copy of req, with a rewound body after the first. Under an attempt timeout,
// the attempt's context ends when its response body is closed, not before it is read.
func (t *retryTransport) attempt(req *http.Request, attempt int, p RetryPolicy) (*http.Response, error) {
	if attempt == 1 && p.AttemptTimeout <= 0 {
		return t.base.RoundTrip(req) // the first attempt goes out as it came
	}
	ctx, cancel := req.Context(), context.CancelFunc(func() {})
	if p.AttemptTimeout > 0 {
		ctx, cancel = context.WithTimeout(ctx, p.AttemptTimeout)
	}
	r := req.Clone(ctx)
	if attempt > 1 && req.GetBody != nil {
		body, err := req.GetBody()
		if err != nil {
			cancel()
			return nil, fmt.Errorf("rewinding the request body: %w", err)
		}
		r.Body = body
	}
	resp, err := t.base.RoundTrip(r)
	if err != nil {
		cancel()
		return nil, err
	}
	resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

// log writes one debug line per attempt: no header, body or query string.
func (t *retryTransport) log(req *http.Request, attempt int, resp *http.Response, err error, reason string, wait time.Duration) {
	if t.logger == nil || !t.logger.Enabled(req.Context(), slog.LevelDebug) {
		return
	}
	attrs := []slog.Attr{
		slog.String("method", req.Method),
		slog.String("path", req.URL.Path),
		slog.Int("attempt", attempt),
		slog.String("decision", reason),
		slog.Duration("wait", wait),
	}
	if resp != nil {
		attrs = append(attrs, slog.Int("status", resp.StatusCode))
	} else {
		attrs = append(attrs, slog.String("error", errorClass(err)))
	}
	t.logger.LogAttrs(req.Context(), slog.LevelDebug, "clientkit: attempt", attrs...)
}

// cancelOnClose ends an attempt's context once its body is closed, not before it is read.
type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (b *cancelOnClose) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}

// sleepContext waits d, or less when ctx ends first, returning ctx's error then.
func sleepContext(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// errorClass names the kind of a network error for logs, without its text.
func errorClass(err error) string {
	switch {
	case errors.Is(err, context.Canceled):
		return "canceled"
	case errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	case neverLeft(err):
		return "dial"
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "connection closed"
	}
	return "network"
}

type callRetryKey struct{}
type attemptsKey struct{}

// withCallRetryPolicy makes p the policy of the requests made with ctx.
func withCallRetryPolicy(ctx context.Context, p RetryPolicy) context.Context {
	return context.WithValue(ctx, callRetryKey{}, p)
}

// withAttemptCounter returns a context whose requests count their attempts into *n: the most
// attempts one request took (a redirect's hop is a request of its own, not a retry). The count is
// written while the request runs; read it after the call has returned.
func withAttemptCounter(ctx context.Context) (context.Context, *int) {
	c := &attemptCounterCtx{Context: ctx}
	return c, &c.n
}

// attemptCounterCtx is a context carrying an attempt counter, in one allocation.
type attemptCounterCtx struct {
	context.Context
	n int
}

func (c *attemptCounterCtx) Value(key any) any {
	if key == (attemptsKey{}) {
		return &c.n
	}
	return c.Context.Value(key)
}
