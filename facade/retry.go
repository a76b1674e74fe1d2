package facade

// PLACEHOLDER: the retry layer (issue 5) replaces this file. Until then it retries nothing.

import (
	"context"
	"log/slog"
	"net/http"
	"time"
)

// RetryPolicy says how a failed call is retried.
type RetryPolicy struct {
	MaxAttempts    int           // attempts in all, the first included; 1 disables retries
	BaseDelay      time.Duration // first backoff ceiling; doubles per attempt, full jitter
	MaxDelay       time.Duration // ceiling of any one backoff
	MaxRetryAfter  time.Duration // longest Retry-After that is honoured
	AttemptTimeout time.Duration // limit of one attempt; 0 for none
}

// DefaultRetryPolicy is 3 attempts, 500 ms base delay, 5 s cap, full jitter.
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{MaxAttempts: 3, BaseDelay: 500 * time.Millisecond, MaxDelay: 5 * time.Second, MaxRetryAfter: 30 * time.Second}
}

// newRetryTransport wraps base with the retry policy p; a policy carried by a request's context
// (withCallRetryPolicy) wins over p.
func newRetryTransport(base http.RoundTripper, p RetryPolicy, logger *slog.Logger) http.RoundTripper {
	return base
}

type callRetryKey struct{}
type attemptsKey struct{}

// withCallRetryPolicy makes p the policy of the requests made with ctx.
func withCallRetryPolicy(ctx context.Context, p RetryPolicy) context.Context {
	return context.WithValue(ctx, callRetryKey{}, p)
}

// withAttemptCounter returns a context whose requests count their attempts into *n.
func withAttemptCounter(ctx context.Context) (context.Context, *int) {
	n := new(int)
	return context.WithValue(ctx, attemptsKey{}, n), n
}
