package orgstore_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/facade/mollie/orgstore"
	"github.com/clientkit/clientkit/fakeapi"
)

func key(b byte) []byte { return bytes.Repeat([]byte{b}, 32) }

func keyring(t *testing.T, current string, keys map[string][]byte) *orgstore.Keyring {
	t.Helper()
	k, err := orgstore.NewKeyring(current, keys)
	require.NoError(t, err)
	return k
}

// Sealed tokens: not in clear at rest; an older key still opens them, and the next renewal
// seals them with the current key.
func TestKeyringSealsAndRotates(t *testing.T) {
	eachStore(t, func(t *testing.T, replica func() orgstore.Store) {
		env := newEnv(t, fakeapi.WithMollieAccessTokenTTL(2*time.Second))
		store := replica()
		v1 := keyring(t, "v1", map[string][]byte{"v1": key(1)})
		orgs := env.orgs(t, store, func(c *orgstore.Config) { c.Keys = v1 })
		tok := env.connect(t)
		require.NoError(t, orgs.Save(ctx(t), "merchant-1", tok))
		rec, err := store.Load(ctx(t), "merchant-1")
		require.NoError(t, err)
		assert.Equal(t, "v1", rec.KeyID)
		assert.NotContains(t, string(rec.AccessToken), tok.AccessToken())
		assert.NotContains(t, string(rec.RefreshToken), tok.RefreshToken())
		require.NoError(t, env.link(t, orgs, "merchant-1"))

		rotated := keyring(t, "v2", map[string][]byte{"v1": key(1), "v2": key(2)})
		restarted := env.orgs(t, replica(), func(c *orgstore.Config) { c.Keys = rotated })
		require.NoError(t, env.link(t, restarted, "merchant-1"), "v1 still opens")
		time.Sleep(1100 * time.Millisecond)
		require.NoError(t, env.link(t, restarted, "merchant-1"))
		rec, err = store.Load(ctx(t), "merchant-1")
		require.NoError(t, err)
		assert.Equal(t, "v2", rec.KeyID, "sealed again with the current key")

		wrong := env.orgs(t, replica(), func(c *orgstore.Config) {
			c.Keys = keyring(t, "v2", map[string][]byte{"v2": key(3)})
		})
		err = env.link(t, wrong, "merchant-1")
		require.Error(t, err)
		assert.Contains(t, err.Error(), `key "v2" does not open`)
		assert.Contains(t, err.Error(), `"merchant-1"`)
		unknown := env.orgs(t, replica(), func(c *orgstore.Config) {
			c.Keys = keyring(t, "v3", map[string][]byte{"v3": key(3)})
		})
		err = env.link(t, unknown, "merchant-1")
		require.Error(t, err)
		assert.Contains(t, err.Error(), `key "v2", which is not in the keyring (v3 (current))`)
		none := env.orgs(t, replica(), nil)
		assert.ErrorContains(t, env.link(t, none, "merchant-1"), "has no Keyring")
	})
}

func TestKeyringErrors(t *testing.T) {
	for name, c := range map[string]struct {
		current string
		keys    map[string][]byte
		want    string
	}{
		"no current":  {"v9", map[string][]byte{"v1": key(1)}, `current key id "v9" is not among the keys`},
		"short key":   {"v1", map[string][]byte{"v1": []byte("short")}, `key "v1" must be 16, 24 or 32 bytes, got 5`},
		"bad id":      {"v 1", map[string][]byte{"v 1": key(1)}, `key id "v 1" must be`},
		"empty ring":  {"", nil, `current key id "" is not among the keys`},
		"long key id": {string(make([]byte, 65)), map[string][]byte{string(make([]byte, 65)): key(1)}, "must be 1 to 64"},
	} {
		_, err := orgstore.NewKeyring(c.current, c.keys)
		require.Error(t, err, name)
		assert.Contains(t, err.Error(), c.want, name)
		assert.NotContains(t, err.Error(), "short\"", name)
	}
}

// Keys, stored tokens and records never reach fmt, slog or JSON.
func TestSecretsStayHidden(t *testing.T) {
	k := keyring(t, "v1", map[string][]byte{"v1": []byte("0123456789abcdef"), "v0": []byte("fedcba9876543210")})
	rec := orgstore.Record{AccessToken: "access_secretvalue", RefreshToken: "refresh_secretvalue", KeyID: "v1"}
	cfg := orgstore.Config{Keys: k}
	var logged bytes.Buffer
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("x", "rec", rec, "keys", k, "secret", rec.RefreshToken, "cfg", cfg)
	js, err := json.Marshal(map[string]any{"rec": rec, "keys": k})
	require.NoError(t, err)
	outputs := []string{logged.String(), string(js)}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
		outputs = append(outputs, fmt.Sprintf(verb, rec), fmt.Sprintf(verb, k), fmt.Sprintf(verb, *k), fmt.Sprintf(verb, cfg),
			fmt.Sprintf(verb, rec.AccessToken))
	}
	for _, out := range outputs {
		assert.NotContains(t, out, "secretvalue")
		assert.NotContains(t, out, "0123456789abcdef")
		assert.NotContains(t, out, "fedcba9876543210")
	}
	assert.Contains(t, fmt.Sprint(k), "v1 (current), v0")
}
