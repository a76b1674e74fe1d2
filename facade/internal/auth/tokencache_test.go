package auth

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/clientkit/clientkit/facade/internal/testutil"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
)

// The cache refreshes 60 s before expiry, or at half the lifetime of a token that lives less
// than 2 minutes.
func TestTokenCacheRefreshMargin(t *testing.T) {
	cases := []struct {
		lifetime, refreshAfter time.Duration
	}{
		{time.Hour, time.Hour - time.Minute},
		{2 * time.Minute, time.Minute},
		{90 * time.Second, 45 * time.Second},
		{10 * time.Second, 5 * time.Second},
	}
	for _, c := range cases {
		t.Run(c.lifetime.String(), func(t *testing.T) {
			clock := testutil.NewManualClock(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
			var fetches atomic.Int32
			cache := NewCache(func(context.Context) (*oauth2.Token, error) {
				fetches.Add(1)
				return &oauth2.Token{AccessToken: "t", ExpiresIn: int64(c.lifetime / time.Second)}, nil
			}, clock.Now)
			fetch := func() {
				_, err := cache.Token(testutil.ShortCtx(t))
				require.NoError(t, err)
			}
			fetch()
			clock.Advance(c.refreshAfter - time.Second)
			fetch()
			assert.Equal(t, int32(1), fetches.Load(), "still fresh a second before the refresh point")
			clock.Advance(time.Second)
			fetch()
			assert.Equal(t, int32(2), fetches.Load(), "refreshed at the refresh point")
		})
	}
}

// hangingSource never answers until released, and counts its calls.
type hangingSource struct {
	release chan struct{}
	calls   atomic.Int32
}

func (s *hangingSource) Token() (*oauth2.Token, error) {
	s.calls.Add(1)
	<-s.release
	return nil, context.Canceled
}

// A token source that hangs holds each call for the fetch timeout at most, and the next call
// starts a fetch of its own rather than joining the stuck one.
func TestSourceThatHangsIsGivenUp(t *testing.T) {
	src := &hangingSource{release: make(chan struct{})}
	t.Cleanup(func() { close(src.release) })
	s := NewSource(src, nil, func(err error) error { return err })
	s.timeout = 50 * time.Millisecond
	for range 2 {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		_, err := s.Token(ctx)
		cancel()
		require.ErrorContains(t, err, "did not answer within 50ms")
	}
	assert.Equal(t, int32(2), src.calls.Load())
}

// RenewAt is the rule the cache and the organization store share.
func TestRenewAt(t *testing.T) {
	issued := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	cases := []struct {
		name   string
		expiry time.Time
		want   time.Time
	}{
		{"an hour", issued.Add(time.Hour), issued.Add(time.Hour - time.Minute)},
		{"90 s", issued.Add(90 * time.Second), issued.Add(45 * time.Second)},
		{"expired before issue", issued.Add(-time.Second), issued.Add(-time.Second)},
		{"no expiry", time.Time{}, time.Time{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, RenewAt(issued, c.expiry))
		})
	}
}
