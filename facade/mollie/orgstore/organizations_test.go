package orgstore_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/facade"
	"github.com/clientkit/clientkit/facade/mollie"
	"github.com/clientkit/clientkit/facade/mollie/orgstore"
	"github.com/clientkit/clientkit/fakeapi"
	"github.com/clientkit/clientkit/internal/pgtest"
)

// eachStore runs test with a memory store and with a PostgreSQL store; replica returns
// another handle on the same records (for PostgreSQL, another pool, as another process has).
func eachStore(t *testing.T, test func(t *testing.T, replica func() orgstore.Store)) {
	t.Run("memory", func(t *testing.T) {
		m := orgstore.NewMemory()
		test(t, func() orgstore.Store { return m })
	})
	t.Run("postgres", func(t *testing.T) {
		url := pgtest.NewDatabase(t)
		test(t, func() orgstore.Store { s, _ := postgresAt(t, url); return s })
	})
}

func TestSavedOrganizationCallsMollie(t *testing.T) {
	eachStore(t, func(t *testing.T, replica func() orgstore.Store) {
		env := newEnv(t)
		orgs := env.orgs(t, replica(), nil)
		require.NoError(t, orgs.Save(ctx(t), "merchant-1", env.connect(t)))
		require.NoError(t, env.link(t, orgs, "merchant-1"))
		require.NoError(t, env.link(t, orgs, "merchant-1"))
		assert.Equal(t, 0, env.refreshes(t, 1), "a valid token is not renewed")

		_, err := orgs.Client(ctx(t), "merchant-unknown")
		require.ErrorIs(t, err, orgstore.ErrNotConnected)
		assert.Contains(t, err.Error(), `"merchant-unknown"`)
		_, err = orgs.Client(ctx(t), "")
		require.ErrorIs(t, err, facade.ErrValidation)
		require.ErrorIs(t, orgs.Save(ctx(t), "merchant-2", nil), facade.ErrValidation)
		assert.Zero(t, env.fake.Unauthorized.Load())
	})
}

// Exchange → store → restart → the organization's client works without a new consent, with the
// rotated refresh token the first process stored.
func TestRestartKeepsTheRotatedTokens(t *testing.T) {
	env := newEnv(t, fakeapi.WithMollieAccessTokenTTL(2*time.Second))
	url := pgtest.NewDatabase(t)
	first, _ := postgresAt(t, url)
	orgs := env.orgs(t, first, nil)
	require.NoError(t, orgs.Save(ctx(t), "merchant-1", env.connect(t)))
	require.NoError(t, env.link(t, orgs, "merchant-1"))
	time.Sleep(1100 * time.Millisecond) // due: renewed at half its lifetime
	require.NoError(t, env.link(t, orgs, "merchant-1"))
	require.Equal(t, 1, env.refreshes(t, 1))

	second, _ := postgresAt(t, url) // a new process: nothing in memory
	restarted := env.orgs(t, second, nil)
	require.NoError(t, env.link(t, restarted, "merchant-1"))
	assert.Equal(t, 1, env.refreshes(t, 1), "the stored token is still valid")
	time.Sleep(1100 * time.Millisecond)
	require.NoError(t, env.link(t, restarted, "merchant-1"), "renewed with the rotated refresh token")
	assert.Equal(t, 2, env.refreshes(t, 1))
	assert.Zero(t, env.fake.RefusedRefresh.Load())
	assert.Zero(t, env.fake.Unauthorized.Load())
}

// OnRefreshed is told after the store has the new tokens, and before they are used.
func TestRenewalIsStoredBeforeUse(t *testing.T) {
	eachStore(t, func(t *testing.T, replica func() orgstore.Store) {
		env := newEnv(t, fakeapi.WithMollieAccessTokenTTL(2*time.Second))
		store := replica()
		var events []string
		apiCallsAtEvent := int64(-1)
		orgs := env.orgs(t, store, func(c *orgstore.Config) {
			c.OnRefreshed = func(org string, tok *mollie.Token) {
				rec, err := store.Load(context.Background(), org)
				require.NoError(t, err)
				assert.Equal(t, tok.AccessToken(), string(rec.AccessToken), "stored before the hook")
				assert.Equal(t, tok.RefreshToken(), string(rec.RefreshToken))
				assert.EqualValues(t, 2, rec.Generation)
				events = append(events, org)
				apiCallsAtEvent = env.fake.APICalls.Load()
			}
		})
		require.NoError(t, orgs.Save(ctx(t), "merchant-1", env.connect(t)))
		require.NoError(t, env.link(t, orgs, "merchant-1"))
		time.Sleep(1100 * time.Millisecond)
		require.NoError(t, env.link(t, orgs, "merchant-1"))
		assert.Equal(t, []string{"merchant-1"}, events)
		assert.EqualValues(t, 1, apiCallsAtEvent, "the new token was not used before it was stored")
	})
}

// A token Mollie refuses is renewed once and the call replayed once.
func TestRefusedTokenIsRenewedAndReplayed(t *testing.T) {
	eachStore(t, func(t *testing.T, replica func() orgstore.Store) {
		env := newEnv(t)
		orgs := env.orgs(t, replica(), nil)
		tok := env.connect(t)
		require.NoError(t, orgs.Save(ctx(t), "merchant-1", tok))
		require.NoError(t, env.oauth.Revoke(ctx(t), mollie.AccessTokenKind, tok.AccessToken()))
		require.NoError(t, env.link(t, orgs, "merchant-1"))
		assert.Equal(t, 1, env.refreshes(t, 1))
		assert.EqualValues(t, 1, env.fake.Unauthorized.Load(), "the revoked token, once")
		assert.EqualValues(t, 2, env.fake.APICalls.Load(), "the call and one replay")
	})
}

// invalid_grant marks the organization: one event, then errors without calls to Mollie, in
// every replica, until new tokens are saved.
func TestLostAuthorizationNeedsReconnect(t *testing.T) {
	eachStore(t, func(t *testing.T, replica func() orgstore.Store) {
		env := newEnv(t)
		var mu sync.Mutex
		var gone []error
		orgs := env.orgs(t, replica(), func(c *orgstore.Config) {
			c.OnReconnectRequired = func(org string, err error) {
				mu.Lock()
				defer mu.Unlock()
				assert.Equal(t, "merchant-1", org)
				gone = append(gone, err)
			}
		})
		other := env.orgs(t, replica(), nil)
		tok := env.connect(t)
		require.NoError(t, orgs.Save(ctx(t), "merchant-1", tok))
		require.NoError(t, env.link(t, other, "merchant-1"))
		require.NoError(t, env.oauth.Revoke(ctx(t), mollie.RefreshTokenKind, tok.RefreshToken()))

		err := env.link(t, orgs, "merchant-1")
		require.ErrorIs(t, err, facade.ErrReconnectRequired)
		var apiErr *facade.APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, "invalid_grant", apiErr.Code)
		assert.NotContains(t, err.Error(), tok.RefreshToken())
		require.Len(t, gone, 1)
		assert.ErrorIs(t, gone[0], facade.ErrReconnectRequired)

		tokens, calls := env.fake.TokenRequests.Load(), env.fake.APICalls.Load()
		require.ErrorIs(t, env.link(t, orgs, "merchant-1"), facade.ErrReconnectRequired)
		_, err = other.Client(ctx(t), "merchant-1") // the other replica's token is still in memory…
		if err == nil {
			err = env.link(t, other, "merchant-1") // …until Mollie refuses it
		}
		require.ErrorIs(t, err, facade.ErrReconnectRequired)
		assert.Equal(t, tokens, env.fake.TokenRequests.Load(), "no token request once marked")
		assert.LessOrEqual(t, env.fake.APICalls.Load(), calls+1, "at most the other replica's stale token")
		assert.Len(t, gone, 1, "told once")

		require.NoError(t, orgs.Save(ctx(t), "merchant-1", env.connect(t)))
		require.NoError(t, env.link(t, orgs, "merchant-1"))
		require.NoError(t, env.link(t, other, "merchant-1"), "the other replica reads the new tokens")
	})
}

func TestConfigErrors(t *testing.T) {
	_, err := orgstore.New(orgstore.Config{})
	require.ErrorIs(t, err, facade.ErrValidation)
	assert.Contains(t, err.Error(), "orgstore.Config.OAuth")
	_, err = orgstore.New(orgstore.Config{OAuth: &mollie.OAuth{}, RenewTimeout: -time.Second})
	require.ErrorIs(t, err, facade.ErrValidation)
	assert.Contains(t, err.Error(), "RenewTimeout")
}
