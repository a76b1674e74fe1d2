package orgstore

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/clientkit/clientkit/facade/internal/auth"
	"github.com/clientkit/clientkit/facade/mollie"
)

// orgTokens is the mollie.TokenProvider of one organization: its current access token in
// memory, renewed through the store.
type orgTokens struct {
	org     string
	orgs    *Organizations
	current atomic.Pointer[liveToken] // nil until read from the store
	flight  singleflight.Group
}

// liveToken is an access token in use, from the record of generation generation.
type liveToken struct {
	access     string
	renewAt    time.Time // zero: never due by time (only a refusal renews it)
	generation int64
	refused    bool // Mollie refused it: renew before any further use
}

// usable reports whether t may be sent at now.
func (t *liveToken) usable(now time.Time) bool {
	return t != nil && !t.refused && (t.renewAt.IsZero() || now.Before(t.renewAt))
}

// AccessToken returns the organization's access token, renewed first when it is due: the hot
// path is one atomic load and a clock read.
func (t *orgTokens) AccessToken(ctx context.Context) (string, error) {
	if cur := t.current.Load(); cur.usable(time.Now()) {
		return cur.access, nil
	}
	return t.renew(ctx)
}

// Refused marks token as refused when it is the current one, so that the next AccessToken
// renews it. A fresh token can always be asked for: the store decides whether one can be had.
func (t *orgTokens) Refused(token string) bool {
	if cur := t.current.Load(); cur != nil && cur.access == token && !cur.refused {
		refused := *cur
		refused.refused = true
		t.current.CompareAndSwap(cur, &refused)
	}
	return true
}

// forget drops the token in memory, so that the next call reads the store.
func (t *orgTokens) forget() { t.current.Store(nil) }

// renew gets a usable token: once for all the calls of this process that need one, which wait
// for it until their own ctx ends.
func (t *orgTokens) renew(ctx context.Context) (string, error) {
	ch := t.flight.DoChan("renew", func() (any, error) {
		// The renewal serves every waiting call, so it must not end with the first caller's ctx.
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), t.orgs.cfg.RenewTimeout)
		defer cancel()
		return t.renewOnce(rctx)
	})
	select {
	case r := <-ch:
		if r.Err != nil {
			return "", r.Err
		}
		return r.Val.(string), nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// renewOnce adopts the stored token when another process already renewed it, else refreshes it
// under the store's lock, storing the new tokens before they are used.
func (t *orgTokens) renewOnce(ctx context.Context) (string, error) {
	if cur := t.current.Load(); cur.usable(time.Now()) { // renewed while this call waited
		return cur.access, nil
	}
	stale := int64(0) // the generation that must not be used again; 0: none known
	if cur := t.current.Load(); cur != nil {
		stale = cur.generation
	}
	store := t.orgs.cfg.Store
	rec, err := store.Load(ctx, t.org)
	if err != nil {
		return "", err
	}
	if rec.ReconnectRequired {
		return "", reconnectError(t.org)
	}
	if fresh(rec, stale) {
		return t.adopt(rec)
	}
	var refreshed *mollie.Token
	var refusal error
	rec, err = store.Update(ctx, t.org, func(ctx context.Context, cur Record) (*Record, error) {
		if cur.ReconnectRequired {
			return nil, reconnectError(t.org)
		}
		if fresh(cur, stale) { // renewed by another process while this one waited for the lock
			return nil, nil
		}
		next, tok, err := t.refresh(ctx, cur)
		if isReconnect(err) {
			refusal = err
			marked := cur
			marked.ReconnectRequired = true
			return &marked, nil
		}
		refreshed = tok
		return next, err
	})
	if err != nil {
		return "", err
	}
	if refusal != nil {
		t.forget()
		if f := t.orgs.cfg.OnReconnectRequired; f != nil {
			f(t.org, refusal)
		}
		return "", fmt.Errorf("orgstore: organization %q: %w", t.org, refusal)
	}
	if refreshed != nil && t.orgs.cfg.OnRefreshed != nil {
		t.orgs.cfg.OnRefreshed(t.org, refreshed)
	}
	return t.adopt(rec)
}

// fresh reports whether rec holds a token other than generation stale that is not due. Its
// callers have already turned away a record marked ReconnectRequired.
func fresh(rec Record, stale int64) bool {
	at := auth.RenewAt(rec.IssuedAt, rec.Expiry)
	return rec.Generation != stale && (at.IsZero() || time.Now().Before(at))
}

// refresh asks Mollie for new tokens with the refresh token of cur; it returns the record to
// store. Mollie may keep the refresh token: the stored one is then kept.
func (t *orgTokens) refresh(ctx context.Context, cur Record) (*Record, *mollie.Token, error) {
	_, refreshToken, err := t.orgs.cfg.Keys.open(t.org, cur)
	if err != nil {
		return nil, nil, err
	}
	issued := time.Now()
	tok, err := t.orgs.cfg.OAuth.Refresh(ctx, refreshToken)
	if err != nil {
		return nil, nil, err
	}
	if tok.RefreshToken() == "" {
		tok = mollie.NewToken(tok.AccessToken(), refreshToken, tok.Expiry, tok.Scope)
	}
	next := t.orgs.record(t.org, tok, issued)
	return &next, tok, nil
}

// adopt makes the access token of rec the current one.
func (t *orgTokens) adopt(rec Record) (string, error) {
	access, _, err := t.orgs.cfg.Keys.open(t.org, rec)
	if err != nil {
		return "", err
	}
	t.current.Store(&liveToken{access: access, renewAt: auth.RenewAt(rec.IssuedAt, rec.Expiry), generation: rec.Generation})
	return access, nil
}
