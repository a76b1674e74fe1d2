package retry

import (
	"context"
	"io"
	"net/http"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/clientkit/clientkit/facade"
	"github.com/clientkit/clientkit/facade/internal/testutil"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

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
