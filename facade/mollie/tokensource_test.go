package mollie

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/clientkit/clientkit/facade/internal/testutil"

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
	m, err := New(TokenSource(src), WithBaseURL("http://127.0.0.1:1"), testutil.OneAttempt)
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
	testutil.AssertNoGoroutineLeft(t, before)
}

// nilTokenSource returns neither a token nor an error.
type nilTokenSource struct{}

func (nilTokenSource) Token() (*oauth2.Token, error) { return nil, nil }

func TestSourceTokenRefusesNoToken(t *testing.T) {
	m, err := New(TokenSource(nilTokenSource{}), WithBaseURL("http://127.0.0.1:1"), testutil.OneAttempt)
	require.NoError(t, err)
	_, err = m.CreateClientLink(testutil.ShortCtx(t), validLinkRequest())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "no access token")
}
