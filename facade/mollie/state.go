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

// Sentinels of StateSigner.Verify's *facade.InputError; they are distinct so an app can tell a
// slow customer from an attack or a replay.
var (
	ErrStateExpired = errors.New("signed state expired")
	ErrStateInvalid = errors.New("signed state is malformed or was tampered with")
	ErrStateUnbound = errors.New("signed state was issued to another session")
	ErrStateReused  = errors.New("signed state was already used")
)

// StateSigner makes and checks signed states: a state carries a random nonce and its expiry,
// authenticated with HMAC-SHA256 under Key together with a binding, a value of the customer's
// session (a session id, or a random value the app keeps in a cookie of its own).
//
// What it protects: a state cannot be forged or altered without Key; it is refused after its
// TTL; it is refused in any session but the one it was signed for (so an attacker cannot make a
// victim's browser complete the attacker's authorization, the account-linking CSRF); only its
// canonical encoding is accepted; and, with Once set, it is accepted once only.
//
// What it does not protect: the binding is only as good as the cookie or session that carries
// it (it must be HttpOnly, Secure and SameSite=Lax or stricter, and unguessable); without Once a
// state may be replayed in the same session until it expires; Once's memory is the app's (the
// in-memory UsedStates is per process, so several instances need a shared store); and the state
// proves nothing about the code that comes with it, which only the token exchange checks.
//
// Formatting or logging a StateSigner never shows the key.
type StateSigner struct {
	Key   []byte           // at least MinStateKeyLen bytes, secret
	TTL   time.Duration    // how long a state is valid; 0 means DefaultStateTTL
	Clock func() time.Time // nil means time.Now
	// Once, when set, is asked by Verify about each state that passed every other check: it
	// must report true the first time it sees nonce and false after (remembering it at least
	// until expires). UsedStates.FirstUse is one, for a single process.
	Once func(nonce string, expires time.Time) bool
}

// VerifiedState is what Verify learns from a good state.
type VerifiedState struct {
	Nonce   string    // the state's random part, base64url: the key to remember it by
	Expires time.Time // when the state stops being valid
}

// A signed state is base64url(nonce | expiry in Unix milliseconds, big-endian | MAC), where
// the MAC covers a label, the nonce, the expiry and the SHA-256 of the binding.
const (
	signedNonceLen  = 32
	signedExpiryLen = 8
	signedMACLen    = sha256.Size
	signedStateLen  = signedNonceLen + signedExpiryLen + signedMACLen
)

// stateMACLabel separates these MACs from any other use of the same key (v2: with a binding).
const stateMACLabel = "clientkit signed oauth state v2\x00"

// Sign returns a new signed state for the session binding identifies, valid for TTL. binding
// must not be empty: use the session id, or a random value (NewState) the app sets in a cookie
// before sending the customer away and reads back in the callback.
func (s StateSigner) Sign(binding []byte) (string, error) {
	ttl, err := s.check(opSignState, binding)
	if err != nil {
		return "", err
	}
	b := make([]byte, signedNonceLen+signedExpiryLen, signedStateLen)
	_, _ = rand.Read(b[:signedNonceLen])
	binary.BigEndian.PutUint64(b[signedNonceLen:], uint64(s.now().Add(ttl).UnixMilli()))
	b = append(b, s.mac(b, binding)...)
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// Verify checks a state made by Sign with the same key for the same binding. It returns a
// *facade.InputError matching ErrStateInvalid when the state is not in its canonical encoding
// or was signed under another key, ErrStateUnbound when it was signed for another binding (the
// two cannot be told apart by the MAC alone, so a wrong binding also matches ErrStateInvalid),
// ErrStateExpired when its time is up, or ErrStateReused when Once has seen it. MACs are
// compared in constant time; no error shows the state.
func (s StateSigner) Verify(state string, binding []byte) (VerifiedState, error) {
	if _, err := s.check(opVerifyState, binding); err != nil {
		return VerifiedState{}, err
	}
	b, ok := decodeCanonical(state)
	if !ok {
		return VerifiedState{}, stateError("is malformed", ErrStateInvalid)
	}
	payload, got := b[:signedNonceLen+signedExpiryLen], b[signedNonceLen+signedExpiryLen:]
	if !hmac.Equal(got, s.mac(payload, binding)) {
		return VerifiedState{}, stateError("does not carry this key's signature for this session", ErrStateInvalid, ErrStateUnbound)
	}
	v := VerifiedState{
		Nonce:   base64.RawURLEncoding.EncodeToString(payload[:signedNonceLen]),
		Expires: time.UnixMilli(int64(binary.BigEndian.Uint64(payload[signedNonceLen:]))),
	}
	if !s.now().Before(v.Expires) {
		return VerifiedState{}, stateError("expired at "+v.Expires.UTC().Format(time.RFC3339), ErrStateExpired)
	}
	if s.Once != nil && !s.Once(v.Nonce, v.Expires) {
		return VerifiedState{}, stateError("was already used", ErrStateReused)
	}
	return v, nil
}

// decodeCanonical decodes a signed state only in the one encoding Sign produces: the decoder
// skips CR and LF and ignores stray trailing bits, so the text is re-encoded and compared.
func decodeCanonical(state string) ([]byte, bool) {
	if len(state) != base64.RawURLEncoding.EncodedLen(signedStateLen) {
		return nil, false
	}
	b, err := base64.RawURLEncoding.DecodeString(state)
	if err != nil || len(b) != signedStateLen || base64.RawURLEncoding.EncodeToString(b) != state {
		return nil, false
	}
	return b, true
}

// Format shows the signer's settings without its key, for every verb.
func (s StateSigner) Format(f fmt.State, _ rune) {
	fmt.Fprintf(f, "mollie.StateSigner{Key:[redacted] TTL:%s}", s.TTL)
}

// LogValue keeps the key out of slog output.
func (s StateSigner) LogValue() slog.Value {
	return slog.GroupValue(slog.String("key", "[redacted]"), slog.Duration("ttl", s.TTL))
}

// MarshalJSON keeps the key out of JSON, alone or nested in another value.
func (s StateSigner) MarshalJSON() ([]byte, error) {
	return fmt.Appendf(nil, `{"key":"[redacted]","ttl":%q}`, s.TTL), nil
}

// check validates the settings and the binding, and returns the TTL to use.
func (s StateSigner) check(op string, binding []byte) (time.Duration, error) {
	if len(s.Key) < MinStateKeyLen {
		return 0, inputError(op, "StateSigner.Key", fmt.Sprintf("must be at least %d bytes, got %d", MinStateKeyLen, len(s.Key)))
	}
	if len(binding) == 0 {
		return 0, inputError(op, "binding", "is empty: pass the session id or a value of the customer's cookie")
	}
	switch {
	case s.TTL < 0:
		return 0, inputError(op, "StateSigner.TTL", fmt.Sprintf("must not be negative, got %s", s.TTL))
	case s.TTL == 0:
		return DefaultStateTTL, nil
	}
	return s.TTL, nil
}

// mac authenticates payload for binding; the binding enters as its hash, so its length cannot
// blur into the payload's.
func (s StateSigner) mac(payload, binding []byte) []byte {
	bound := sha256.Sum256(binding)
	m := hmac.New(sha256.New, s.Key)
	m.Write([]byte(stateMACLabel))
	m.Write(payload)
	m.Write(bound[:])
	return m.Sum(nil)
}

func (s StateSigner) now() time.Time {
	if s.Clock == nil {
		return time.Now()
	}
	return s.Clock()
}

// stateError is the *InputError of a state Verify refuses; it never shows the state.
func stateError(problem string, sentinels ...error) error {
	return &facade.InputError{Provider: provider, Operation: opVerifyState, Field: "state", Problem: problem, Err: errors.Join(sentinels...)}
}
