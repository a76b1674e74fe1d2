package facade

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

// tokenProvider hands out bearer tokens to the auth RoundTripper.
type tokenProvider interface {
	// token returns a token to send now.
	token(ctx context.Context) (string, error)
	// invalidate drops bad, which the provider refused, so the next token call fetches anew.
	// It reports whether a fresh token can be had, that is whether a replay is worth it.
	invalidate(bad string) bool
	// cached returns a token that may be sent now, without fetching one; false when none is at
	// hand.
	cached() (string, bool)
}

// Refresh timing of cached tokens.
const (
	refreshMargin = 60 * time.Second // refresh this long before expiry (at most half the lifetime)…
	fetchTimeout  = 30 * time.Second // …and give one token request this long
)

// cachedToken is a token with the time it should be replaced.
type cachedToken struct {
	value     string
	refreshAt time.Time // zero: the token does not expire
}

// tokenCache caches a fetched token and refreshes it before it expires. A token that lives L
// (from its expires_in, counted from when its fetch began) is refreshed min(refreshMargin, L/2)
// before it expires: 60 s before expiry, or at half its lifetime when it lives less than 2
// minutes. A token without an expiry is kept until the provider refuses it. Reads of a valid
// token are one atomic load; concurrent refreshes merge into one fetch.
type tokenCache struct {
	fetch   func(ctx context.Context) (*oauth2.Token, error)
	clock   func() time.Time
	current atomic.Pointer[cachedToken]
	flight  singleflight.Group
}

func newTokenCache(fetch func(context.Context) (*oauth2.Token, error), clock func() time.Time) *tokenCache {
	return &tokenCache{fetch: fetch, clock: clock}
}

func (c *tokenCache) token(ctx context.Context) (string, error) {
	if t := c.valid(); t != nil {
		return t.value, nil
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
			return nil, errors.New("token endpoint returned no access token")
		}
		t := &cachedToken{value: tok.AccessToken}
		if lifetime := lifetimeOf(tok); lifetime > 0 {
			t.refreshAt = start.Add(lifetime - min(refreshMargin, lifetime/2))
		}
		c.current.Store(t)
		return t, nil
	})
	select {
	case r := <-ch:
		if r.Err != nil {
			return "", r.Err
		}
		return r.Val.(*cachedToken).value, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// lifetimeOf is how long tok lives from its issue: its expires_in (which
// clientcredentials leaves in the raw answer only), else what is left until its Expiry; 0 when
// it does not say.
func lifetimeOf(tok *oauth2.Token) time.Duration {
	secs := tok.ExpiresIn
	switch v := tok.Extra("expires_in").(type) {
	case float64:
		secs = int64(v)
	case string:
		secs, _ = strconv.ParseInt(v, 10, 64)
	}
	if secs > 0 {
		return time.Duration(min(secs, maxTokenLifetime)) * time.Second
	}
	if !tok.Expiry.IsZero() {
		return max(time.Until(tok.Expiry), time.Second)
	}
	return 0
}

// maxTokenLifetime (seconds) keeps an absurd expires_in from overflowing a time.Duration.
const maxTokenLifetime = 10 * 365 * 24 * 3600

// valid returns the cached token while it is not due for refresh.
func (c *tokenCache) valid() *cachedToken {
	t := c.current.Load()
	if t == nil || (!t.refreshAt.IsZero() && !c.clock().Before(t.refreshAt)) {
		return nil
	}
	return t
}

func (c *tokenCache) cached() (string, bool) {
	if t := c.valid(); t != nil {
		return t.value, true
	}
	return "", false
}

func (c *tokenCache) invalidate(bad string) bool {
	if t := c.current.Load(); t != nil && t.value == bad {
		c.current.CompareAndSwap(t, nil)
	}
	return true
}

// staticToken is a token given by the user; it cannot be renewed.
type staticToken struct{ value string }

func (s staticToken) token(context.Context) (string, error) { return s.value, nil }
func (s staticToken) invalidate(string) bool                { return false }
func (s staticToken) cached() (string, bool)                { return s.value, true }

// sourceToken takes tokens from a user's oauth2.TokenSource, which does its own caching. Token
// takes no context and may be slow (a refresh over the network), so it runs apart from the calls
// that wait for it: each call gives up when its ctx ends, and at most one Token call per source is
// under way at a time; later calls join it.
type sourceToken struct {
	src          oauth2.TokenSource
	check        func(token string) error // refuses a token before it is sent; may be nil
	provider, op string                   // name a failed fetch
	flight       singleflight.Group
}

func (s *sourceToken) token(ctx context.Context) (string, error) {
	ch := s.flight.DoChan("token", func() (any, error) { return s.src.Token() })
	var r singleflight.Result
	select {
	case r = <-ch:
	case <-ctx.Done():
		return "", ctx.Err()
	}
	if r.Err != nil {
		return "", fetchTokenError(s.provider, s.op, r.Err)
	}
	tok, _ := r.Val.(*oauth2.Token)
	if tok == nil || tok.AccessToken == "" {
		return "", fmt.Errorf("%s %s: the token source returned no access token", s.provider, s.op)
	}
	if s.check != nil {
		if err := s.check(tok.AccessToken); err != nil {
			return "", err
		}
	}
	return tok.AccessToken, nil
}

func (s *sourceToken) invalidate(string) bool { return false }

// cached is always false: only the source knows whether its token is still good.
func (s *sourceToken) cached() (string, bool) { return "", false }
