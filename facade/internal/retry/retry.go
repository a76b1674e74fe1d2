// Package retry runs one logical call as attempts under a facade.RetryPolicy: decideRetry says
// whether another attempt may start, planWait how long to pause first.
package retry

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"time"

	"github.com/clientkit/clientkit/facade"
)

// Retrier sends requests again while the policy allows. Its function fields are there so tests
// can record waits and fix the randomness instead of depending on the wall clock.
type Retrier struct {
	Logger *slog.Logger                                     // nil: no logging
	Now    func() time.Time                                 // dates Retry-After and deadlines
	Sleep  func(ctx context.Context, d time.Duration) error // waits d or until ctx ends
	Jitter func(n int64) int64                              // uniform in [0, n)
}

// New returns a Retrier on the wall clock that logs to logger (nil for none).
func New(logger *slog.Logger) *Retrier {
	return &Retrier{Logger: logger, Now: time.Now, Sleep: SleepContext, Jitter: rand.Int64N}
}

// Result is the end of a call's attempts: the last response, or the error that ended them.
type Result struct {
	Response *http.Response
	Attempts int
	// Reason says why no further attempt was made, when Err is set.
	Reason string
	Err    error
}

// Do sends req through send, then again while decideRetry and planWait allow. p must be valid and
// have its defaults. The request's body, if any, must be rewindable (GetBody) to be sent again.
func (t *Retrier) Do(req *http.Request, p facade.RetryPolicy, send func(*http.Request) (*http.Response, error)) Result {
	ctx := req.Context()
	for attempt := 1; ; attempt++ {
		resp, err := t.attempt(req, attempt, p, send)
		retry, reason := decideRetry(req, resp, err, attempt, p)
		var wait time.Duration
		if retry {
			var refusal string
			if wait, refusal = planWait(ctx, resp, attempt, p, t.Now(), t.Jitter); refusal != "" {
				retry, reason = false, refusal
			}
		}
		t.log(req, attempt, resp, err, reason, wait)
		if !retry {
			return Result{Response: resp, Attempts: attempt, Reason: reason, Err: err}
		}
		if resp != nil {
			Discard(resp)
		}
		if err := t.Sleep(ctx, wait); err != nil {
			return Result{Attempts: attempt, Reason: "context ended during backoff", Err: err}
		}
	}
}

// attempt sends one copy of req, with a rewound body after the first. Under an attempt timeout,
// the attempt's context ends when its response body is closed, not before it is read. A
// *url.Error from an http.Client is unwrapped: its text repeats the URL.
func (t *Retrier) attempt(req *http.Request, attempt int, p facade.RetryPolicy, send func(*http.Request) (*http.Response, error)) (*http.Response, error) {
	if attempt == 1 && p.AttemptTimeout <= 0 {
		return unwrapURLError(send(req)) // the first attempt goes out as it came
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
	resp, err := unwrapURLError(send(r))
	if err != nil {
		cancel()
		return nil, err
	}
	resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

// unwrapURLError drops the *url.Error an http.Client wraps its errors in: its text repeats the
// URL, and the call's own error names the operation instead.
func unwrapURLError(resp *http.Response, err error) (*http.Response, error) {
	if err == nil {
		return resp, nil
	}
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		err = urlErr.Err
	}
	return resp, err
}

// log writes one debug line per attempt: no header, body or query string.
func (t *Retrier) log(req *http.Request, attempt int, resp *http.Response, err error, reason string, wait time.Duration) {
	if t.Logger == nil || !t.Logger.Enabled(req.Context(), slog.LevelDebug) {
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
		attrs = append(attrs, slog.String("error", ErrorClass(err)))
	}
	t.Logger.LogAttrs(req.Context(), slog.LevelDebug, "clientkit: attempt", attrs...)
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

// SleepContext waits d, or less when ctx ends first, returning ctx's error then.
func SleepContext(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Discard reads a little of a response that will not be used, so the connection can be reused,
// and closes it.
func Discard(resp *http.Response) {
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 4<<10))
	_ = resp.Body.Close()
}

// ErrorClass names the kind of a network error for logs, without its text.
func ErrorClass(err error) string {
	var apiErr *facade.APIError
	var answerErr *AnswerError
	switch {
	case errors.Is(err, context.Canceled):
		return "canceled"
	case errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	case errors.As(err, &apiErr):
		return "token refused"
	case tokenFetchFailed(err):
		return "token unavailable"
	case neverLeft(err):
		return "dial"
	case errors.As(err, &answerErr):
		return "unreadable answer"
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "connection closed"
	}
	return "network"
}

// TokenError is a token fetch that failed without a refusal from the token endpoint: the
// user's token source failed, or gave nothing. Its text and cause are Err's.
type TokenError struct{ Err error }

// Error is the cause's text.
func (e *TokenError) Error() string { return e.Err.Error() }

// Unwrap returns the cause.
func (e *TokenError) Unwrap() error { return e.Err }
