package orgstore

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"log/slog"
	"regexp"
	"sort"
	"strings"
)

// Keyring seals tokens with AES-GCM under the app's keys. The current key seals; every key opens
// what it sealed, so a key can be rotated by adding the new one as current and keeping the old
// one until no record uses it. Formatting, logging or encoding a Keyring shows its key ids only.
type Keyring struct {
	current string
	aeads   map[string]cipher.AEAD
}

// keyIDPattern is what a key id may look like; it is stored beside every sealed record.
var keyIDPattern = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// NewKeyring returns a keyring that seals with keys[current] and opens with any of keys. A key
// is 16, 24 or 32 random bytes (AES-128, -192, -256); its id is 1 to 64 letters, digits, dots,
// dashes or underscores.
func NewKeyring(current string, keys map[string][]byte) (*Keyring, error) {
	if _, ok := keys[current]; !ok {
		return nil, fmt.Errorf("orgstore: the current key id %q is not among the keys", current)
	}
	k := &Keyring{current: current, aeads: make(map[string]cipher.AEAD, len(keys))}
	for id, key := range keys {
		if !keyIDPattern.MatchString(id) {
			return nil, fmt.Errorf("orgstore: key id %q must be 1 to 64 letters, digits, '.', '-' or '_'", id)
		}
		block, err := aes.NewCipher(key)
		if err != nil {
			return nil, fmt.Errorf("orgstore: key %q must be 16, 24 or 32 bytes, got %d", id, len(key))
		}
		if k.aeads[id], err = cipher.NewGCM(block); err != nil {
			return nil, fmt.Errorf("orgstore: key %q: %w", id, err)
		}
	}
	return k, nil
}

// seal encrypts the two tokens of org with the current key (nil keyring: kept in clear).
func (k *Keyring) seal(org, access, refresh string) (Secret, Secret, string) {
	if k == nil {
		return Secret(access), Secret(refresh), ""
	}
	aead := k.aeads[k.current]
	return sealOne(aead, org, "access", access), sealOne(aead, org, "refresh", refresh), k.current
}

func sealOne(aead cipher.AEAD, org, field, plain string) Secret {
	nonce := make([]byte, aead.NonceSize(), aead.NonceSize()+len(plain)+aead.Overhead())
	_, _ = rand.Read(nonce) // crypto/rand.Read never fails
	out := aead.Seal(nonce, nonce, []byte(plain), additionalData(org, field))
	return Secret(base64.RawStdEncoding.EncodeToString(out))
}

// additionalData binds a sealed token to its organization and field, so that a sealed value
// moved to another row or column does not open.
func additionalData(org, field string) []byte {
	return []byte("clientkit/orgstore\x00" + org + "\x00" + field)
}

// open decrypts the tokens of rec, an org's record; errors name the org and key id, never a
// token.
func (k *Keyring) open(org string, rec Record) (access, refresh string, err error) {
	if rec.KeyID == "" {
		return string(rec.AccessToken), string(rec.RefreshToken), nil
	}
	if k == nil {
		return "", "", fmt.Errorf("orgstore: organization %q: its tokens are sealed with key %q, and the store has no Keyring", org, rec.KeyID)
	}
	aead, ok := k.aeads[rec.KeyID]
	if !ok {
		return "", "", fmt.Errorf("orgstore: organization %q: its tokens are sealed with key %q, which is not in the keyring (%s)", org, rec.KeyID, k.ids())
	}
	if access, err = openOne(aead, org, "access", rec.AccessToken); err == nil {
		refresh, err = openOne(aead, org, "refresh", rec.RefreshToken)
	}
	if err != nil {
		return "", "", fmt.Errorf("orgstore: organization %q: key %q does not open its tokens: wrong key, or altered data", org, rec.KeyID)
	}
	return access, refresh, nil
}

func openOne(aead cipher.AEAD, org, field string, sealed Secret) (string, error) {
	raw, err := base64.RawStdEncoding.DecodeString(string(sealed))
	if err != nil || len(raw) < aead.NonceSize() {
		return "", fmt.Errorf("not a sealed value")
	}
	plain, err := aead.Open(nil, raw[:aead.NonceSize()], raw[aead.NonceSize():], additionalData(org, field))
	return string(plain), err
}

// ids lists the key ids, current first.
func (k Keyring) ids() string {
	ids := make([]string, 0, len(k.aeads))
	for id := range k.aeads {
		if id != k.current {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	return strings.Join(append([]string{k.current + " (current)"}, ids...), ", ")
}

// String shows the key ids, never the keys.
func (k Keyring) String() string { return "orgstore.Keyring{" + k.ids() + "}" }

// Format prints String for every verb.
func (k Keyring) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(k.String())) }

// LogValue shows the key ids only.
func (k Keyring) LogValue() slog.Value { return slog.StringValue(k.String()) }

// MarshalJSON encodes the key ids only.
func (k Keyring) MarshalJSON() ([]byte, error) { return json.Marshal(k.String()) }
