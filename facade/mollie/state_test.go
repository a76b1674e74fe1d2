package mollie

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/facade"
)

func TestNewState(t *testing.T) {
	seen := map[string]bool{}
	for range 100 {
		s := NewState()

		raw, err := base64.RawURLEncoding.DecodeString(s)
		require.NoError(t, err, "base64url without padding")
		assert.Len(t, raw, 32, "256 bits")
		assert.Equal(t, s, escapeQueryValue(s), "nothing to escape in a URL")
		assert.False(t, seen[s], "states repeat")
		seen[s] = true
	}
}

var (
	testStateKey = []byte("0123456789abcdef0123456789abcdef")
	testBinding  = []byte("session-of-the-customer")
)

func TestStateSignerRoundTrip(t *testing.T) {
	clock := newTestClock()
	s := StateSigner{Key: testStateKey, TTL: 10 * time.Minute, Clock: clock.Now}

	state, err := s.Sign(testBinding)
	require.NoError(t, err)
	other, err := s.Sign(testBinding)
	require.NoError(t, err)

	assert.NotEqual(t, state, other, "each state has its own nonce")
	assert.Equal(t, state, escapeQueryValue(state), "URL-safe")
	require.NoError(t, verifyErr(s, state, testBinding))
	clock.Advance(10*time.Minute - time.Millisecond)
	require.NoError(t, verifyErr(s, state, testBinding), "valid until its TTL is up")
}

func TestStateSignerExpired(t *testing.T) {
	clock := newTestClock()
	s := StateSigner{Key: testStateKey, TTL: 10 * time.Minute, Clock: clock.Now}
	state, err := s.Sign(testBinding)
	require.NoError(t, err)

	clock.Advance(10 * time.Minute)
	err = verifyErr(s, state, testBinding)

	require.ErrorIs(t, err, ErrStateExpired)
	assert.NotErrorIs(t, err, ErrStateInvalid)
}

func TestStateSignerDefaultTTL(t *testing.T) {
	clock := newTestClock()
	s := StateSigner{Key: testStateKey, Clock: clock.Now}
	state, err := s.Sign(testBinding)
	require.NoError(t, err)

	clock.Advance(DefaultStateTTL - time.Second)
	require.NoError(t, verifyErr(s, state, testBinding))
	clock.Advance(time.Second)
	require.ErrorIs(t, verifyErr(s, state, testBinding), ErrStateExpired)
}

func TestStateSignerWithoutClockUsesTimeNow(t *testing.T) {
	s := StateSigner{Key: testStateKey}
	state, err := s.Sign(testBinding)
	require.NoError(t, err)

	require.NoError(t, verifyErr(s, state, testBinding))
}

func TestStateSignerRefusesTampering(t *testing.T) {
	clock := newTestClock()
	s := StateSigner{Key: testStateKey, Clock: clock.Now}
	state, err := s.Sign(testBinding)
	require.NoError(t, err)
	raw, err := base64.RawURLEncoding.DecodeString(state)
	require.NoError(t, err)

	flip := func(i int) string {
		b := bytes.Clone(raw)
		b[i] ^= 0x01
		return base64.RawURLEncoding.EncodeToString(b)
	}
	otherKey := StateSigner{Key: bytes.Repeat([]byte{7}, 32), Clock: clock.Now}
	fromOtherKey, err := otherKey.Sign(testBinding)
	require.NoError(t, err)

	tests := map[string]string{
		"nonce changed":         flip(0),
		"expiry changed":        flip(signedNonceLen + signedExpiryLen - 1),
		"MAC changed":           flip(len(raw) - 1),
		"signed by another key": fromOtherKey,
		"truncated":             state[:len(state)-1],
		"extended":              state + "A",
		"padded":                state + "==",
		"standard alphabet":     strings.NewReplacer("-", "+", "_", "/").Replace(state) + "~",
		"empty":                 "",
		"a plain random state":  NewState(),
		"not base64":            "%%%",
	}
	for name, tampered := range tests {
		t.Run(name, func(t *testing.T) {
			err := verifyErr(s, tampered, testBinding)

			require.ErrorIs(t, err, ErrStateInvalid)
			assert.NotErrorIs(t, err, ErrStateExpired)
		})
	}
}

func TestStateSignerTamperedExpiryIsNotReportedAsExpired(t *testing.T) {
	clock := newTestClock()
	s := StateSigner{Key: testStateKey, TTL: time.Minute, Clock: clock.Now}
	state, err := s.Sign(testBinding)
	require.NoError(t, err)
	raw, err := base64.RawURLEncoding.DecodeString(state)
	require.NoError(t, err)
	raw[signedNonceLen] = 0x7f // pushes the expiry far into the future

	clock.Advance(time.Hour)
	err = verifyErr(s, base64.RawURLEncoding.EncodeToString(raw), testBinding)

	require.ErrorIs(t, err, ErrStateInvalid, "the MAC is checked before the expiry is trusted")
}

// verifyErr is Verify's error alone.
func verifyErr(s StateSigner, state string, binding []byte) error {
	_, err := s.Verify(state, binding)
	return err
}

func TestStateSignerRefusesBadSettings(t *testing.T) {
	tests := []struct {
		name   string
		signer StateSigner
		want   string
	}{
		{"no key", StateSigner{}, "Key must be at least 32 bytes, got 0"},
		{"short key", StateSigner{Key: testStateKey[:31]}, "Key must be at least 32 bytes, got 31"},
		{"negative TTL", StateSigner{Key: testStateKey, TTL: -time.Second}, "TTL must not be negative"},
	}
	t.Run("empty binding", func(t *testing.T) {
		s := StateSigner{Key: testStateKey}
		state, err := s.Sign(nil)
		require.ErrorIs(t, err, facade.ErrValidation)
		assert.Empty(t, state)
		assert.Contains(t, err.Error(), "binding is empty")
		good, err := s.Sign(testBinding)
		require.NoError(t, err)
		err = verifyErr(s, good, []byte{})
		require.ErrorIs(t, err, facade.ErrValidation)
		assert.Contains(t, err.Error(), "binding is empty")
	})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			state, err := tt.signer.Sign(testBinding)
			require.Error(t, err)
			assert.Empty(t, state)
			assert.Contains(t, err.Error(), tt.want)

			err = verifyErr(tt.signer, "anything", testBinding)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestStateSignerNeverShowsItsKey(t *testing.T) {
	key := []byte("super-secret-key-material-123456")
	s := StateSigner{Key: key, TTL: time.Minute}
	var logs bytes.Buffer
	slog.New(slog.NewTextHandler(&logs, nil)).Info("signer", "s", s)

	for _, out := range []string{
		fmt.Sprint(s), fmt.Sprintf("%+v", s), fmt.Sprintf("%#v", s), fmt.Sprintf("%s", &s),
		fmt.Sprintf("%x", s), fmt.Sprintf("%q", s), logs.String(),
	} {
		assert.NotContains(t, out, string(key))
		assert.NotContains(t, out, fmt.Sprintf("%x", key))
		assert.NotContains(t, out, "115 117 112") // the key's first bytes as %v prints a []byte
		assert.Contains(t, out, "redacted")
	}
}
