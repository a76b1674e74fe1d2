package orgstore

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/clientkit/clientkit/facade"
	"github.com/clientkit/clientkit/facade/mollie"
)

// Config configures Organizations.
type Config struct {
	// OAuth is the app whose tokens are stored; it renews them. Required.
	OAuth *mollie.OAuth
	// Store keeps the records; nil means NewMemory().
	Store Store
	// Keys, when set, seals both tokens before they reach the store (see Keyring).
	Keys *Keyring
	// OnRefreshed, when set, is told of every renewal of an organization's tokens, after the
	// new tokens were stored and before they are used, in the process that renewed them (the
	// others read them from the store). It runs on the renewing call: keep it short, and do not
	// call the organization's client from it.
	OnRefreshed func(org string, tok *mollie.Token)
	// OnReconnectRequired, when set, is told once when Mollie refuses an organization's refresh
	// token (invalid_grant): the organization must go through the consent page again. err
	// matches facade.ErrReconnectRequired. The same rules as OnRefreshed apply.
	OnReconnectRequired func(org string, err error)
	// RenewTimeout bounds one renewal: the wait for the organization's lock and the token
	// request (itself bounded by OAuth.Timeout). Zero means DefaultRenewTimeout.
	RenewTimeout time.Duration
}

// DefaultRenewTimeout bounds a renewal when Config.RenewTimeout is zero.
const DefaultRenewTimeout = 45 * time.Second

// maxOrgKey bounds an organization key, which is stored and appears in errors.
const maxOrgKey = 256

// Organizations hands out Mollie clients for the organizations of a Store, keeping their tokens
// current (see the package documentation). It is safe for concurrent use; keep one per process.
type Organizations struct {
	cfg    Config
	mu     sync.Mutex
	tokens map[string]*orgTokens // one per organization asked for, shared by its clients
}

// New returns the Organizations of cfg.
func New(cfg Config) (*Organizations, error) {
	if cfg.OAuth == nil {
		return nil, facade.OptionError("orgstore.Config.OAuth", "is nil")
	}
	if cfg.Store == nil {
		cfg.Store = NewMemory()
	}
	if cfg.RenewTimeout < 0 {
		return nil, facade.OptionError("orgstore.Config.RenewTimeout", fmt.Sprintf("must not be negative, got %s", cfg.RenewTimeout))
	}
	if cfg.RenewTimeout == 0 {
		cfg.RenewTimeout = DefaultRenewTimeout
	}
	return &Organizations{cfg: cfg, tokens: map[string]*orgTokens{}}, nil
}

// Save stores the tokens of org, a new authorization (what OAuth.Exchange returned), replacing
// any earlier ones and clearing a reconnect mark. org is the app's own key for the
// organization.
func (o *Organizations) Save(ctx context.Context, org string, tok *mollie.Token) error {
	if err := checkOrgKey(org); err != nil {
		return err
	}
	if tok == nil || tok.AccessToken() == "" || tok.RefreshToken() == "" {
		return inputError("save", "token", "is nil, or lacks its access or refresh token")
	}
	rec := o.record(org, tok, time.Now())
	if err := o.cfg.Store.Save(ctx, org, rec); err != nil {
		return fmt.Errorf("orgstore: organization %q: saving its tokens: %w", org, err)
	}
	o.tokensOf(org).forget() // the next call reads the new tokens
	return nil
}

// Client returns a client that calls Mollie as org with its stored tokens. It fails at once
// when org is not in the store (ErrNotConnected) or must connect again
// (facade.ErrReconnectRequired). opts are mollie.New's. Clients of the same org share its
// tokens; a client is cheap, but keep it rather than asking for one per call.
func (o *Organizations) Client(ctx context.Context, org string, opts ...mollie.Option) (*mollie.Client, error) {
	if err := checkOrgKey(org); err != nil {
		return nil, err
	}
	t := o.tokensOf(org)
	if _, err := t.AccessToken(ctx); err != nil {
		if errors.Is(err, ErrNotConnected) {
			o.drop(org, t) // keys asked for in vain leave nothing behind
		}
		return nil, err
	}
	return mollie.New(mollie.Provider(t), opts...)
}

// tokensOf returns the token provider of org, shared by all its clients.
func (o *Organizations) tokensOf(org string) *orgTokens {
	o.mu.Lock()
	defer o.mu.Unlock()
	t, ok := o.tokens[org]
	if !ok {
		t = &orgTokens{org: org, orgs: o}
		o.tokens[org] = t
	}
	return t
}

// drop forgets the token provider t of org.
func (o *Organizations) drop(org string, t *orgTokens) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.tokens[org] == t {
		delete(o.tokens, org)
	}
}

// record is the stored form of tok, org's tokens asked for at issued.
func (o *Organizations) record(org string, tok *mollie.Token, issued time.Time) Record {
	access, refresh, keyID := o.cfg.Keys.seal(org, tok.AccessToken(), tok.RefreshToken())
	return Record{AccessToken: access, RefreshToken: refresh, KeyID: keyID, Scope: tok.Scope,
		IssuedAt: issued, Expiry: tok.Expiry}
}

// inputError is the error of a refused argument; it matches facade.ErrValidation.
func inputError(op, field, problem string) error {
	return &facade.InputError{Provider: "orgstore", Operation: op, Field: field, Problem: problem}
}

func checkOrgKey(org string) error {
	if org == "" || len(org) > maxOrgKey {
		return inputError("organization", "org", fmt.Sprintf("must be 1 to %d bytes, got %d", maxOrgKey, len(org)))
	}
	return nil
}

// reconnectError is the error of a call for an organization whose authorization is gone.
func reconnectError(org string) error {
	return fmt.Errorf("orgstore: organization %q: %w", org, facade.ErrReconnectRequired)
}

// isReconnect reports whether err says the refresh token was refused.
func isReconnect(err error) bool { return errors.Is(err, facade.ErrReconnectRequired) }
