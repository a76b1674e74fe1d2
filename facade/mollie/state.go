package mollie

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/clientkit/clientkit/facade"
)

// stateBytes is the randomness of a state: 256 bits.
const stateBytes = 32

// NewState returns a fresh OAuth state: 256 bits from crypto/rand, base64url without padding
// (43 characters, safe in a URL or cookie). Keep it (in the session or a cookie) and pass it to
// ParseCallback when the customer comes back.
func NewState() string {
	// crypto/rand.Read never fails since Go 1.24; the process stops instead.
	b := make([]byte, stateBytes)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// DefaultStateTTL is how long a signed state is valid when StateSigner.TTL is zero.
const DefaultStateTTL = time.Hour

// MinStateKeyLen is the shortest key a StateSigner accepts, in bytes.
const MinStateKeyLen = 32

// Sentinels of StateSigner.Verify's *facade.InputError; the two are distinct so an app can tell a
// slow customer from an attack.
var (
	ErrStateExpired = errors.New("signed state expired")
	ErrStateInvalid = errors.New("signed state is malformed or was tampered with")
)

// StateSigner makes and checks signed states, for apps that keep no server-side session: a state
// carries a random nonce and its expiry, authenticated with HMAC-SHA256 under Key.
//
// A signed state proves that the app issued it recently, not that the same browser comes back;
// where possible also keep it in a cookie and compare it with ParseCallback.
// Formatting or logging a StateSigner never shows the key.
type StateSigner struct {
	Key   []byte           // at least MinStateKeyLen bytes, secret
	TTL   time.Duration    // how long a state is valid; 0 means DefaultStateTTL
	Clock func() time.Time // nil means time.Now
}

// A signed state is base64url(nonce | expiry in Unix milliseconds, big-endian | MAC).
const (
	signedNonceLen  = 32
	signedExpiryLen = 8
	signedMACLen    = sha256.Size
	signedStateLen  = signedNonceLen + signedExpiryLen + signedMACLen
)

// stateMACLabel separates these MACs from any other use of the same key.
const stateMACLabel = "clientkit signed oauth state v1\x00"

// Sign returns a new signed state, valid for TTL.
func (s StateSigner) Sign() (string, error) {
	ttl, err := s.check()
	if err != nil {
		return "", err
	}
	b := make([]byte, signedNonceLen+signedExpiryLen, signedStateLen)
	_, _ = rand.Read(b[:signedNonceLen])
	binary.BigEndian.PutUint64(b[signedNonceLen:], uint64(s.now().Add(ttl).UnixMilli()))
	b = append(b, s.mac(b)...)
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// Verify checks a state made by Sign with the same key. It returns a *facade.InputError matching
// ErrStateInvalid when the state is malformed or its MAC does not match (compared in constant
// time), or ErrStateExpired when its time is up.
func (s StateSigner) Verify(state string) error {
	if _, err := s.check(); err != nil {
		return err
	}
	b, err := base64.RawURLEncoding.DecodeString(state)
	if err != nil || len(b) != signedStateLen {
		return stateError("is malformed", ErrStateInvalid)
	}
	payload, got := b[:signedNonceLen+signedExpiryLen], b[signedNonceLen+signedExpiryLen:]
	if !hmac.Equal(got, s.mac(payload)) {
		return stateError("does not carry this key's signature", ErrStateInvalid)
	}
	expiry := time.UnixMilli(int64(binary.BigEndian.Uint64(payload[signedNonceLen:])))
	if !s.now().Before(expiry) {
		return stateError("expired at "+expiry.UTC().Format(time.RFC3339), ErrStateExpired)
	}
	return nil
}

// Format shows the signer's settings without its key, for every verb.
func (s StateSigner) Format(f fmt.State, _ rune) {
	fmt.Fprintf(f, "mollie.StateSigner{Key:[redacted] TTL:%s}", s.TTL)
}

// LogValue keeps the key out of slog output.
func (s StateSigner) LogValue() slog.Value {
	return slog.GroupValue(slog.String("key", "[redacted]"), slog.Duration("ttl", s.TTL))
}

// check validates the settings and returns the TTL to use.
func (s StateSigner) check() (time.Duration, error) {
	if len(s.Key) < MinStateKeyLen {
		return 0, inputError(opVerifyState, "StateSigner.Key", fmt.Sprintf("must be at least %d bytes, got %d", MinStateKeyLen, len(s.Key)))
	}
	switch {
	case s.TTL < 0:
		return 0, inputError(opVerifyState, "StateSigner.TTL", fmt.Sprintf("must not be negative, got %s", s.TTL))
	case s.TTL == 0:
		return DefaultStateTTL, nil
	}
	return s.TTL, nil
}

func (s StateSigner) mac(payload []byte) []byte {
	m := hmac.New(sha256.New, s.Key)
	m.Write([]byte(stateMACLabel))
	m.Write(payload)
	return m.Sum(nil)
}

func (s StateSigner) now() time.Time {
	if s.Clock == nil {
		return time.Now()
	}
	return s.Clock()
}

// stateError is the *InputError of a state Verify refuses; it never shows the state.
func stateError(problem string, sentinel error) error {
	return &facade.InputError{Provider: provider, Operation: opVerifyState, Field: "state", Problem: problem, Err: sentinel}
}
