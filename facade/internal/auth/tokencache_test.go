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
