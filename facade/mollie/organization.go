package mollie

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/oauth2"

	"github.com/clientkit/clientkit/facade/internal/auth"
)

// TokenProvider hands a Client the access tokens of one connected organization, renewing them as
// it sees fit: OAuth.Client keeps them in memory; a store shared by many replicas keeps them in a
// database.
type TokenProvider interface {
	// AccessToken returns a token to send now, renewed first when it is due.
	AccessToken(ctx context.Context) (string, error)
	// Refused is told that Mollie refused token (401). It reports whether a fresh token can be
	// had; the Client then asks AccessToken again and replays the call once.
	Refused(token string) bool
}

// Provider authenticates with the tokens of p, a connected organization's.
func Provider(p TokenProvider) Credentials {
	return Credentials{tokens: func() (auth.Tokens, bool, error) {
		if p == nil {
			return nil, false, inputError("new-client", "mollie.Provider", "is nil")
		}
		return &providerTokens{p: p}, false, nil
	}}
}

// providerTokens lets a TokenProvider serve the auth transport. It keeps the last token it
// built, so a call whose token is unchanged builds no header.
type providerTokens struct {
	p    TokenProvider
	last atomic.Pointer[auth.Token] // checked and built from the provider's latest token
}

func (t *providerTokens) Token(ctx context.Context) (auth.Token, error) {
	tok, err := t.p.AccessToken(ctx)
	if err != nil {
		return auth.Token{}, err
	}
	if last := t.last.Load(); last != nil && last.Value == tok {
		return *last, nil
	}
	if err := refuseAPIKey(tok); err != nil {
		return auth.Token{}, err
	}
	built := auth.NewToken(tok)
	t.last.Store(&built)
	return built, nil
}

func (t *providerTokens) Invalidate(bad string) bool { return t.p.Refused(bad) }

// Client returns a client that calls Mollie as the organization whose tokens tok are; its refreshes
// go through o's HTTPClient, its calls through opts' (facade.WithHTTPClient). It keeps the
// tokens in memory: it refreshes the access token a minute before it expires, once for any number
// of concurrent calls, and when Mollie refuses it (401) it refreshes once and replays the call
// once, with the same idempotency key. A refresh Mollie refuses with invalid_grant ends the call
// with an error matching facade.ErrReconnectRequired. onRefresh, when not nil, receives every new
// Token before it is used, so the app can store it (a rotated refresh token included).
func (o *OAuth) Client(tok *Token, onRefresh func(*Token), opts ...Option) (*Client, error) {
	if err := o.validate(); err != nil {
		return nil, err
	}
	if tok == nil || tok.RefreshToken() == "" {
		return nil, inputError(opCreateOAuthToken, "token", "is nil or has no refresh token")
	}
	return New(Credentials{tokens: func() (auth.Tokens, bool, error) {
		return o.memoryTokens(tok, onRefresh), false, nil
	}}, opts...)
}

// memoryTokens caches tok and renews it with its refresh token, keeping the newest refresh token
// (Mollie may rotate it).
func (o *OAuth) memoryTokens(tok *Token, onRefresh func(*Token)) auth.Tokens {
	var mu sync.Mutex
	current := tok
	cache := auth.NewCache(func(ctx context.Context) (*oauth2.Token, error) {
		mu.Lock()
		refresh := current.RefreshToken()
		mu.Unlock()
		next, err := o.Refresh(ctx, refresh)
		if err != nil {
			return nil, err
		}
		if next.RefreshToken() == "" { // Mollie kept the refresh token
			next = NewToken(next.AccessToken(), refresh, next.Expiry, next.Scope)
		}
		mu.Lock()
		current = next
		mu.Unlock()
		if onRefresh != nil {
			onRefresh(next)
		}
		return next.oauth2(), nil
	}, time.Now)
	cache.Seed(tok.oauth2(), time.Now())
	return cache
}
