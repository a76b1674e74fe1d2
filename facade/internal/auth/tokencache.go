package auth

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync/atomic"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/sync/singleflight"
)

// Refresh timing of cached tokens.
const (
	refreshMargin = 60 * time.Second // refresh this long before expiry (at most half the lifetime)…
	fetchTimeout  = 30 * time.Second // …and give one token request this long
)

// RenewAt is when a token issued at issued and expiring at expiry should be replaced:
// min(60 s, lifetime/2) before expiry, so a token that lives under two minutes is replaced at
// half its lifetime; at expiry when it expires before it was issued. It is zero when expiry is.
func RenewAt(issued, expiry time.Time) time.Time {
	if expiry.IsZero() {
		return time.Time{}
	}
	lifetime := max(expiry.Sub(issued), 0)
	return expiry.Add(-min(refreshMargin, lifetime/2))
}

// cachedToken is a token with the time it should be replaced.
type cachedToken struct {
	tok       Token
	refreshAt time.Time // zero: the token does not expire
}

// Cache caches a fetched token and refreshes it before it expires. A token that lives L
// (from its expires_in, counted from when its fetch began) is refreshed min(refreshMargin, L/2)
// before it expires: 60 s before expiry, or at half its lifetime when it lives less than 2
// minutes. A token without an expiry is kept until the provider refuses it. Reads of a valid
// token are one atomic load; concurrent refreshes merge into one fetch.
type Cache struct {
	fetch   func(ctx context.Context) (*oauth2.Token, error)
	clock   func() time.Time
	current atomic.Pointer[cachedToken]
	flight  singleflight.Group
}

// NewCache returns a cache of the tokens fetch gets; clock dates them.
func NewCache(fetch func(context.Context) (*oauth2.Token, error), clock func() time.Time) *Cache {
	return &Cache{fetch: fetch, clock: clock}
}

// Token returns the cached token, or fetches one (once for all concurrent callers).
func (c *Cache) Token(ctx context.Context) (Token, error) {
	if t := c.valid(); t != nil {
		return t.tok, nil
	}
	ch := c.flight.DoChan("token", func() (any, error) {
		if t := c.valid(); t != nil { // refreshed while this call waited for the flight
			return t, nil
		}
		// The fetch serves every waiting call, so it must not die with the first caller's ctx.
		fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), fetchTimeout)
		defer cancel()
		start := c.clock()
		tok, err := c.fetch(fctx)
		if err != nil {
			return nil, err
		}
		if tok.AccessToken == "" {
			return nil, errors.New("the token endpoint returned no access token")
		}
		t := entry(tok, start)
		c.current.Store(t)
		return t, nil
	})
	select {
	case r := <-ch:
		if r.Err != nil {
			return Token{}, r.Err
		}
		return r.Val.(*cachedToken).tok, nil
	case <-ctx.Done():
		return Token{}, ctx.Err()
	}
}

// Seed caches tok, issued at issued, as if it had been fetched: a token the caller already holds.
func (c *Cache) Seed(tok *oauth2.Token, issued time.Time) {
	c.current.Store(entry(tok, issued))
}

// entry is the cache entry of tok, issued at issued: refreshed at RenewAt (a time past is due
// now).
func entry(tok *oauth2.Token, issued time.Time) *cachedToken {
	t := &cachedToken{tok: NewToken(tok.AccessToken)}
	if lifetime, known := lifetimeOf(tok, issued); known {
		t.refreshAt = RenewAt(issued, issued.Add(lifetime))
	}
	return t
}

// lifetimeOf is how long tok lives from its issue: its expires_in (which clientcredentials
// leaves in the raw answer only), else what is left from issued until its Expiry (negative when
// it has passed); known is false when the token does not say.
func lifetimeOf(tok *oauth2.Token, issued time.Time) (lifetime time.Duration, known bool) {
	secs := tok.ExpiresIn
	switch v := tok.Extra("expires_in").(type) {
	case float64:
		secs = int64(v)
	case string:
		secs, _ = strconv.ParseInt(v, 10, 64)
	}
	if secs > 0 {
		return time.Duration(min(secs, maxTokenLifetime)) * time.Second, true
	}
	if !tok.Expiry.IsZero() {
		return tok.Expiry.Sub(issued), true
	}
	return 0, false
}

// maxTokenLifetime (seconds) keeps an absurd expires_in from overflowing a time.Duration.
const maxTokenLifetime = 10 * 365 * 24 * 3600

// valid returns the cached token while it is not due for refresh.
func (c *Cache) valid() *cachedToken {
	t := c.current.Load()
	if t == nil || (!t.refreshAt.IsZero() && !c.clock().Before(t.refreshAt)) {
		return nil
	}
	return t
}

// Invalidate drops bad if it is still the cached token.
func (c *Cache) Invalidate(bad string) bool {
	if t := c.current.Load(); t != nil && t.tok.Value == bad {
		c.current.CompareAndSwap(t, nil)
	}
	return true
}

// Static is a token given by the user; it cannot be renewed.
type Static struct{ tok Token }

// NewStatic returns the Static token value.
func NewStatic(value string) Static { return Static{NewToken(value)} }

// Token returns the static token.
func (s Static) Token(context.Context) (Token, error) { return s.tok, nil }

// Invalidate reports that no other token can be had.
func (s Static) Invalidate(string) bool { return false }

// Source takes tokens from a user's oauth2.TokenSource, which does its own caching. Token
// takes no context and may be slow (a refresh over the network), so it runs apart from the calls
// that wait for it: each call gives up when its ctx ends, and at most one Token call per source is
// under way at a time; later calls join it, unless it has run past the fetch timeout.
type Source struct {
	src     oauth2.TokenSource
	check   func(token string) error // refuses a token before it is sent; may be nil
	wrapErr func(error) error        // types a failed fetch
	timeout time.Duration            // how long a fetch may be waited for; then it is given up
	flight  singleflight.Group
}

// NewSource serves the tokens of src. check (may be nil) refuses a token before it is sent;
// wrapErr types the error of a failed fetch.
func NewSource(src oauth2.TokenSource, check func(token string) error, wrapErr func(error) error) *Source {
	return &Source{src: src, check: check, wrapErr: wrapErr, timeout: fetchTimeout}
}

// Token returns src's current token, fetching it apart from the caller (see Source).
func (s *Source) Token(ctx context.Context) (Token, error) {
	ch := s.flight.DoChan("token", func() (any, error) { return s.src.Token() })
	stuck := time.NewTimer(s.timeout)
	defer stuck.Stop()
	var r singleflight.Result
	select {
	case r = <-ch:
	case <-ctx.Done():
		return Token{}, ctx.Err()
	case <-stuck.C:
		// The source takes no context, so a fetch that hangs cannot be stopped; later calls
		// start a fetch of their own instead of joining it.
		s.flight.Forget("token")
		return Token{}, s.wrapErr(fmt.Errorf("the token source did not answer within %s", s.timeout))
	}
	if r.Err != nil {
		return Token{}, s.wrapErr(r.Err)
	}
	tok, _ := r.Val.(*oauth2.Token)
	if tok == nil || tok.AccessToken == "" {
		return Token{}, s.wrapErr(errors.New("the token source returned no access token"))
	}
	if s.check != nil {
		if err := s.check(tok.AccessToken); err != nil {
			return Token{}, err
		}
	}
	return NewToken(tok.AccessToken), nil
}

// Invalidate reports that src decides on its own when to renew.
func (s *Source) Invalidate(string) bool { return false }
