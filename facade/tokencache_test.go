package facade

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
)

// blockingTokenSource hands out a token only once released, and counts how often it was asked.
type blockingTokenSource struct {
	release chan struct{}
	calls   atomic.Int32
}

func (s *blockingTokenSource) Token() (*oauth2.Token, error) {
	s.calls.Add(1)
	<-s.release
	return &oauth2.Token{AccessToken: "access_slow"}, nil
}

// A token source takes no context: calls waiting on a slow one still end at their deadline, share
// one fetch, and leave nothing running once the source returns.
func TestSourceTokenHonoursDeadline(t *testing.T) {
	before := runtime.NumGoroutine()
	src := &blockingTokenSource{release: make(chan struct{})}
	release := sync.OnceFunc(func() { close(src.release) })
	t.Cleanup(release)
	m, err := NewMollie(WithBaseURL("http://127.0.0.1:1"), WithTokenSource(src), oneAttempt)
	require.NoError(t, err)

	const calls = 2
	results := make(chan error, calls)
	for range calls {
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
			defer cancel()
			_, err := m.CreateClientLink(ctx, validLinkRequest())
			results <- err
		}()
	}
	for range calls {
		select {
		case err := <-results:
			assert.ErrorIs(t, err, context.DeadlineExceeded)
		case <-time.After(10 * time.Second):
			t.Fatal("a call outlived its deadline while the token source blocked")
		}
	}
	assert.Equal(t, int32(1), src.calls.Load(), "one fetch at a time per source")

	release()
	assertNoGoroutineLeft(t, before)
}

// nilTokenSource returns neither a token nor an error.
type nilTokenSource struct{}

func (nilTokenSource) Token() (*oauth2.Token, error) { return nil, nil }

func TestSourceTokenRefusesNoToken(t *testing.T) {
	m, err := NewMollie(WithBaseURL("http://127.0.0.1:1"), WithTokenSource(nilTokenSource{}), oneAttempt)
	require.NoError(t, err)
	_, err = m.CreateClientLink(shortCtx(t), validLinkRequest())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "no access token")
}

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
			clock := &manualClock{now: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
			var fetches atomic.Int32
			cache := newTokenCache(func(context.Context) (*oauth2.Token, error) {
				fetches.Add(1)
				return &oauth2.Token{AccessToken: "t", ExpiresIn: int64(c.lifetime / time.Second)}, nil
			}, clock.Now)
			fetch := func() {
				_, err := cache.token(shortCtx(t))
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
