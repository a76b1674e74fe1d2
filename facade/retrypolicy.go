package facade

import (
	"fmt"
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
// its answer at once, as an *APIError whose RetryAfter says when to come back.
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{
		MaxAttempts:   3,
		BaseDelay:     500 * time.Millisecond,
		MaxDelay:      5 * time.Second,
		MaxRetryAfter: 10 * time.Second,
	}
}

// Validate refuses a negative duration with an *InputError naming its field. A MaxAttempts of zero
// or less means the default, so it is never wrong.
func (p RetryPolicy) Validate() error {
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
			return &InputError{Provider: "clientkit", Operation: "retry-policy", Field: "RetryPolicy." + f.name,
				Problem: fmt.Sprintf("is negative (%s)", f.value)}
		}
	}
	return nil
}

// WithDefaults returns p with its zero fields filled from DefaultRetryPolicy.
func (p RetryPolicy) WithDefaults() RetryPolicy {
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
