package mollie

import (
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The account-linking CSRF of issue 16: an attacker signs a state in their own session, starts
// the authorization, and has the victim's browser bring back their state and code. Bound to
// the attacker's session, that state is refused in the victim's.
func TestStateSignerRefusesAStateOfAnotherSession(t *testing.T) {
	s := StateSigner{Key: testStateKey}
	attackers, err := s.Sign([]byte("attacker-session"))
	require.NoError(t, err)

	err = verifyErr(s, attackers, []byte("victim-session"))

	require.ErrorIs(t, err, ErrStateUnbound)
	require.ErrorIs(t, err, ErrStateInvalid)
	assert.NotContains(t, err.Error(), attackers)
	require.NoError(t, verifyErr(s, attackers, []byte("attacker-session")))
}

// Base64 decoders skip CR and LF: each such variant is another text for the same bytes, and
// would slip past a list of used states kept by text.
func TestStateSignerAcceptsOnlyTheCanonicalEncoding(t *testing.T) {
	s := StateSigner{Key: testStateKey}
	state, err := s.Sign(testBinding)
	require.NoError(t, err)
	require.Zero(t, signedStateLen%3, "a whole number of base64 groups: no unused bits to vary")

	variants := map[string]string{
		"CRLF inside":        state[:40] + "\r\n" + state[40:],
		"LF at the end":      state + "\n",
		"CR at the start":    "\r" + state,
		"space inside":       state[:10] + " " + state[10:],
		"padding":            state + "=",
		"standard alphabet":  strings.NewReplacer("-", "+", "_", "/").Replace(state),
		"upper-cased prefix": strings.ToUpper(state[:5]) + state[5:],
	}
	for name, v := range variants {
		if v == state {
			continue // the state had nothing to change for this variant
		}
		t.Run(name, func(t *testing.T) {
			require.ErrorIs(t, verifyErr(s, v, testBinding), ErrStateInvalid)
		})
	}
}

func TestStateSignerOnceAcceptsAStateOnce(t *testing.T) {
	clock := newTestClock()
	used := NewUsedStates(0, clock.Now)
	s := StateSigner{Key: testStateKey, TTL: time.Minute, Clock: clock.Now, Once: used.FirstUse}
	state, err := s.Sign(testBinding)
	require.NoError(t, err)

	v, err := s.Verify(state, testBinding)
	require.NoError(t, err)
	assert.True(t, clock.Now().Add(time.Minute).Equal(v.Expires))
	nonce, err := base64.RawURLEncoding.DecodeString(v.Nonce)
	require.NoError(t, err)
	assert.Len(t, nonce, signedNonceLen)

	err = verifyErr(s, state, testBinding)
	require.ErrorIs(t, err, ErrStateReused)
	assert.NotErrorIs(t, err, ErrStateInvalid)

	other, err := s.Sign(testBinding)
	require.NoError(t, err)
	require.NoError(t, verifyErr(s, other, testBinding), "another state is still welcome")

	clock.Advance(time.Minute)
	require.ErrorIs(t, verifyErr(s, state, testBinding), ErrStateExpired, "expiry is checked before use")
}

func TestStateSignerOnceUnderConcurrentCallbacks(t *testing.T) {
	used := NewUsedStates(0, nil)
	s := StateSigner{Key: testStateKey, Once: used.FirstUse}
	state, err := s.Sign(testBinding)
	require.NoError(t, err)

	var accepted atomic.Int32
	var wg sync.WaitGroup
	for range 50 {
		wg.Go(func() {
			if verifyErr(s, state, testBinding) == nil {
				accepted.Add(1)
			}
		})
	}
	wg.Wait()

	assert.Equal(t, int32(1), accepted.Load())
}

func TestUsedStatesIsBounded(t *testing.T) {
	clock := newTestClock()
	used := NewUsedStates(2, clock.Now)

	require.True(t, used.FirstUse("a", clock.Now().Add(time.Minute)))
	require.True(t, used.FirstUse("b", clock.Now().Add(time.Hour)))
	assert.False(t, used.FirstUse("c", clock.Now().Add(time.Hour)), "full: refuses rather than forgets")
	assert.False(t, used.FirstUse("a", clock.Now().Add(time.Minute)))

	clock.Advance(time.Minute)
	assert.True(t, used.FirstUse("c", clock.Now().Add(time.Hour)), "an expired nonce makes room")
	assert.Equal(t, 2, used.Len())
	assert.False(t, used.FirstUse("b", clock.Now().Add(time.Hour)), "b is still remembered")
}

// A signed state travels through the authorize URL, the callback and the handler as the app
// wires them: bound to a cookie of its own (double submit), and used once.
func TestCallbackHandlerWithBoundSingleUseState(t *testing.T) {
	used := NewUsedStates(0, nil)
	s := StateSigner{Key: testStateKey, Once: used.FirstUse}
	var codes []string
	h := CallbackHandler{
		ExpectedState: func(r *http.Request) (string, error) {
			c, err := r.Cookie("mollie_binding")
			if err != nil {
				return "", err
			}
			state := r.URL.Query().Get("state")
			if _, err := s.Verify(state, []byte(c.Value)); err != nil {
				return "", err
			}
			return state, nil
		},
		OnCode:  func(_ http.ResponseWriter, _ *http.Request, code string) { codes = append(codes, code) },
		OnError: func(w http.ResponseWriter, _ *http.Request, _ error) { w.WriteHeader(http.StatusForbidden) },
	}
	victimCookie, attackerCookie := NewState(), NewState()
	attackersState, err := s.Sign([]byte(attackerCookie))
	require.NoError(t, err)
	victimsState, err := s.Sign([]byte(victimCookie))
	require.NoError(t, err)
	send := func(method, state, cookie string) int {
		r := httptest.NewRequest(method, "/callback?code=auth_x&state="+state, nil)
		r.AddCookie(&http.Cookie{Name: "mollie_binding", Value: cookie})
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w.Code
	}

	assert.Equal(t, http.StatusForbidden, send(http.MethodGet, attackersState, victimCookie), "CSRF: the attacker's state in the victim's browser")
	assert.Equal(t, http.StatusNoContent, send(http.MethodHead, victimsState, victimCookie), "a prefetch uses nothing")
	assert.Equal(t, http.StatusOK, send(http.MethodGet, victimsState, victimCookie))
	assert.Equal(t, http.StatusForbidden, send(http.MethodGet, victimsState, victimCookie), "a replay")
	assert.Equal(t, []string{"auth_x"}, codes)
}

// FuzzSignedState: no text but the one Sign made verifies, whatever is done to it, and a fuzzed
// binding is honoured byte for byte.
func FuzzSignedState(f *testing.F) {
	f.Add("", []byte("session"), []byte("session"))
	f.Add("\r\n", []byte("a"), []byte("b"))
	f.Add("AAAA", []byte{0}, []byte{0, 0})
	f.Add("=", []byte("zoë"), []byte("zoë"))
	s := StateSigner{Key: testStateKey}
	f.Fuzz(func(t *testing.T, noise string, binding, other []byte) {
		if len(binding) == 0 {
			binding = []byte{0}
		}
		state, err := s.Sign(binding)
		require.NoError(t, err)
		v, err := s.Verify(state, binding)
		require.NoError(t, err)
		require.NotEmpty(t, v.Nonce)

		if len(other) > 0 && string(other) != string(binding) {
			require.ErrorIs(t, verifyErr(s, state, other), ErrStateUnbound)
		}
		for _, changed := range []string{noise + state, state + noise, state[:len(state)/2] + noise + state[len(state)/2:], noise} {
			if changed == state {
				continue
			}
			err := verifyErr(s, changed, binding)
			require.ErrorIs(t, err, ErrStateInvalid, "%q", changed)
			assert.NotContains(t, err.Error(), state)
			if len(noise) >= 8 {
				assert.NotContains(t, err.Error(), noise)
			}
		}
	})
}
