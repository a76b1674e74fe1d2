package orgstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"
)

// Store keeps one Record per organization key. Memory and Postgres implement it; another store
// must keep the promise of Update.
type Store interface {
	// Load returns the record of org, or an error matching ErrNotConnected when there is none.
	Load(ctx context.Context, org string) (Record, error)
	// Save writes the record of a new authorization of org, replacing any earlier one, and
	// increments its Generation (1 for a new org).
	Save(ctx context.Context, org string, rec Record) error
	// Update runs renew on the stored record of org while holding org's lock: no other Update
	// of org runs at the same time, in this process or any other that shares the store. When
	// renew returns a record, it is written (Generation incremented) before Update returns;
	// nil keeps the stored one. Update returns the record stored when it ends. An error of renew
	// writes nothing and is returned as is; a missing org is an error matching ErrNotConnected.
	Update(ctx context.Context, org string, renew func(ctx context.Context, current Record) (*Record, error)) (Record, error)
}

// ErrNotConnected is matched by the error of an organization the store has no tokens for.
var ErrNotConnected = errors.New("the organization is not connected")

// Record is an organization's tokens as a store keeps them.
type Record struct {
	AccessToken  Secret // sealed when KeyID is set
	RefreshToken Secret // sealed when KeyID is set
	KeyID        string // the Keyring key that sealed both tokens; empty when they are in clear
	Scope        string // the granted permissions, space-separated
	// IssuedAt is when the access token was asked for, and Expiry when it expires (zero when
	// Mollie did not say); the token is renewed a little before Expiry.
	IssuedAt, Expiry time.Time
	// ReconnectRequired is set once Mollie refused the refresh token: the organization must
	// go through the consent page again.
	ReconnectRequired bool
	// Generation counts the writes of the record; the store sets it.
	Generation int64
}

// Secret is a token as stored. Formatting, logging or encoding it never shows its value;
// string(s) does.
type Secret string

const redacted = "[redacted]"

// String hides the value.
func (Secret) String() string { return redacted }

// Format hides the value for every verb.
func (Secret) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(redacted)) }

// LogValue hides the value from slog.
func (Secret) LogValue() slog.Value { return slog.StringValue(redacted) }

// MarshalJSON hides the value from JSON.
func (Secret) MarshalJSON() ([]byte, error) { return json.Marshal(redacted) }
