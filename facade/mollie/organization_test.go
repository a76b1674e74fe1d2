package mollie

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/facade"
	"github.com/clientkit/clientkit/facade/internal/testutil"
)

// organizationAPI is Mollie for one connected organization: the token endpoint of
// tokenEndpoint, and client links that accept only access_refreshed.
type organizationAPI struct {
	tokens tokenEndpoint
	links  []*http.Request
	mu     chan struct{}
}

func newOrganizationAPI(t *testing.T) (*organizationAPI, *OAuth, string) {
	t.Helper()
	a := &organizationAPI{mu: make(chan struct{}, 1)}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/oauth2/tokens" {
			a.tokens.ServeHTTP(w, r)
			return
		}
		a.mu <- struct{}{}
		a.links = append(a.links, r.Clone(context.Background()))
		<-a.mu
		if r.Header.Get("Authorization") != "Bearer access_refreshed" {
			testutil.Reply(w, http.StatusUnauthorized, "application/hal+json", `{"status":401,"title":"Unauthorized Request","detail":"Missing authentication, or failed to authenticate","_links":{"documentation":{"href":"https://docs.mollie.com","type":"text/html"}}}`)
			return
		}
		testutil.Reply(w, http.StatusCreated, "application/hal+json", mollieLinkCreated)
	}))
	t.Cleanup(srv.Close)
	return a, &OAuth{ClientID: testAppID, ClientSecret: testAppSecret, RedirectURL: testRedirect,
		TokenURL: srv.URL + "/oauth2/tokens", HTTPClient: srv.Client()}, srv.URL
}

// A token the API refuses is dropped: one refresh, one replay with the same idempotency key.
func TestOrganizationClientRefreshesARefusedTokenOnceAndReplays(t *testing.T) {
	api, o, url := newOrganizationAPI(t)
	var refreshed []*Token
	m, err := o.Client(NewToken("access_revoked_early", testRefresh, time.Now().Add(time.Hour), ""),
		func(tok *Token) { refreshed = append(refreshed, tok) }, WithBaseURL(url), testutil.OneAttempt)
	require.NoError(t, err)

	link, err := m.CreateClientLink(testutil.ShortCtx(t), validLinkRequest())
	require.NoError(t, err)
	assert.NotEmpty(t, link.ID)
	assert.Equal(t, int32(1), api.tokens.calls.Load(), "exactly one refresh")
	require.Len(t, api.links, 2, "the call and exactly one replay")
	assert.Equal(t, "Bearer access_revoked_early", api.links[0].Header.Get("Authorization"))
	assert.Equal(t, api.links[0].Header.Get("Idempotency-Key"), api.links[1].Header.Get("Idempotency-Key"))
	require.Len(t, refreshed, 1)
	assert.Equal(t, "access_refreshed", refreshed[0].AccessToken())
	assert.Equal(t, testRefresh, refreshed[0].RefreshToken())

	_, err = m.CreateClientLink(testutil.ShortCtx(t), validLinkRequest())
	require.NoError(t, err)
	assert.Equal(t, int32(1), api.tokens.calls.Load(), "the refreshed token is kept")
}

// An expired token is refreshed before the call, without a refused attempt.
func TestOrganizationClientRefreshesAnExpiredTokenFirst(t *testing.T) {
	api, o, url := newOrganizationAPI(t)
	m, err := o.Client(NewToken("access_expired", testRefresh, time.Now().Add(-time.Minute), ""), nil, WithBaseURL(url))
	require.NoError(t, err)
	_, err = m.CreateClientLink(testutil.ShortCtx(t), validLinkRequest())
	require.NoError(t, err)
	assert.Equal(t, int32(1), api.tokens.calls.Load())
	assert.Len(t, api.links, 1)
}

// A refresh refused with invalid_grant means the organization must connect again.
func TestOrganizationClientRevokedAuthorizationNeedsReconnect(t *testing.T) {
	api, o, url := newOrganizationAPI(t)
	m, err := o.Client(NewToken("access_old", "refresh_revoked", time.Now().Add(-time.Minute), ""), nil, WithBaseURL(url))
	require.NoError(t, err)
	_, err = m.CreateClientLink(testutil.ShortCtx(t), validLinkRequest())
	require.ErrorIs(t, err, facade.ErrReconnectRequired)
	var apiErr *facade.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "invalid_grant", apiErr.Code)
	assert.Empty(t, api.links, "no call goes out without a token")
	testutil.AssertNoSecretIn(t, err, "refresh_revoked", testAppSecret)

	_, err = o.Refresh(testutil.ShortCtx(t), "refresh_revoked")
	assert.ErrorIs(t, err, facade.ErrReconnectRequired)
	_, err = o.Exchange(testutil.ShortCtx(t), "auth_unknown")
	assert.NotErrorIs(t, err, facade.ErrReconnectRequired, "a bad code is not a lost authorization")
}

// A token endpoint that never answers holds no call past OAuth.Timeout, and later calls try again
// instead of waiting on the stuck refresh.
func TestOrganizationClientStuckRefreshIsBounded(t *testing.T) {
	release := make(chan struct{})
	var refreshes atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		refreshes.Add(1)
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) })
	o := &OAuth{ClientID: testAppID, ClientSecret: testAppSecret, TokenURL: srv.URL + "/oauth2/tokens", Timeout: 100 * time.Millisecond}
	m, err := o.Client(NewToken("access_expired", testRefresh, time.Now().Add(-time.Minute), ""), nil, WithBaseURL(srv.URL), testutil.OneAttempt)
	require.NoError(t, err)
	for i := range 2 {
		start := time.Now()
		_, err = m.CreateClientLink(testutil.ShortCtx(t), validLinkRequest())
		require.Error(t, err)
		assert.Less(t, time.Since(start), 5*time.Second, "call %d waited on a stuck refresh", i)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
	}
	assert.Equal(t, int32(2), refreshes.Load(), "the second call made a refresh of its own")
}

func TestTokenNeverShowsItsValues(t *testing.T) {
	tok := NewToken("access_VALUE_1", "refresh_VALUE_2", time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC), "clients.write")
	testutil.AssertNoSecretIn(t, tok, "VALUE")
	testutil.AssertNoSecretIn(t, *tok, "VALUE")
	type session struct{ tok *Token } // an unexported field: fmt reads it without its methods
	testutil.AssertNoSecretIn(t, session{tok}, "VALUE")
	assert.Equal(t, "access_VALUE_1", tok.AccessToken())
	assert.True(t, strings.Contains(tok.String(), "clients.write"))

	o := OAuth{ClientID: testAppID, ClientSecret: testAppSecret}
	testutil.AssertNoSecretIn(t, o, testAppSecret)
	testutil.AssertNoSecretIn(t, &o, testAppSecret)
}

// scriptedProvider hands out its current token.
type scriptedProvider struct{ token string }

func (p *scriptedProvider) AccessToken(context.Context) (string, error) { return p.token, nil }
func (p *scriptedProvider) Refused(string) bool                         { return false }

// A provider's token is built into a header once while it is unchanged; a new token gets its
// own header, and an API key is refused even after a good token.
func TestProviderTokensReuseTheHeaderOfAnUnchangedToken(t *testing.T) {
	p := &scriptedProvider{token: "access_one"}
	tokens := &providerTokens{p: p}
	first, err := tokens.Token(t.Context())
	require.NoError(t, err)
	again, err := tokens.Token(t.Context())
	require.NoError(t, err)
	assert.Equal(t, []string{"Bearer access_one"}, again.Header)
	assert.Same(t, &first.Header[0], &again.Header[0])

	p.token = "access_two"
	next, err := tokens.Token(t.Context())
	require.NoError(t, err)
	assert.Equal(t, []string{"Bearer access_two"}, next.Header)

	p.token = "live_key"
	_, err = tokens.Token(t.Context())
	var inErr *facade.InputError
	require.ErrorAs(t, err, &inErr)
}
