package mollie

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/clientkit/clientkit/facade"
	mollieapi "github.com/clientkit/clientkit/gen/mollie"
)

const (
	testAppID     = "app_abc123qwerty"
	testAppSecret = "app-secret-should-never-leak"
	testRedirect  = "https://app.example.com/mollie/callback"
	testGoodCode  = "auth_goodcode"
	testRefresh   = "refresh_goodrefresh"
)

// tokenEndpoint is a small Mollie-like token endpoint: it accepts testGoodCode once and
// testRefresh any number of times.
type tokenEndpoint struct {
	calls    atomic.Int32
	usedCode atomic.Bool
}

func (e *tokenEndpoint) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	e.calls.Add(1)
	if r.Method != http.MethodPost || r.URL.Path != "/oauth2/tokens" {
		http.Error(w, "unexpected request", http.StatusNotFound)
		return
	}
	if id, secret, ok := r.BasicAuth(); !ok || id != testAppID || secret != testAppSecret {
		writeOAuthError(w, http.StatusUnauthorized, "invalid_client", "The client credentials are wrong")
		return
	}
	if err := r.ParseForm(); err != nil {
		writeOAuthError(w, http.StatusBadRequest, "invalid_request", "The body does not parse")
		return
	}
	switch r.PostForm.Get("grant_type") {
	case "authorization_code":
		if r.PostForm.Get("redirect_uri") != testRedirect {
			writeOAuthError(w, http.StatusBadRequest, "invalid_grant", "The redirect URI does not match")
			return
		}
		if r.PostForm.Get("code") != testGoodCode || e.usedCode.Swap(true) {
			writeOAuthError(w, http.StatusBadRequest, "invalid_grant", "The authorization code is invalid")
			return
		}
		writeTokens(w, "access_first")
	case "refresh_token":
		if r.PostForm.Get("refresh_token") != testRefresh {
			writeOAuthError(w, http.StatusBadRequest, "invalid_grant", "The refresh token is invalid")
			return
		}
		writeTokens(w, "access_refreshed")
	default:
		writeOAuthError(w, http.StatusBadRequest, "unsupported_grant_type", "")
	}
}

func writeTokens(w http.ResponseWriter, access string) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{
		"access_token": access, "refresh_token": testRefresh, "expires_in": 3600,
		"token_type": "bearer", "scope": "onboarding.read onboarding.write",
	})
}

func writeOAuthError(w http.ResponseWriter, status int, code, description string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": code, "error_description": description})
}

func newTokenServer(t *testing.T) (*tokenEndpoint, *OAuth) {
	t.Helper()
	e := &tokenEndpoint{}
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	return e, &OAuth{
		ClientID: testAppID, ClientSecret: testAppSecret, RedirectURL: testRedirect,
		TokenURL: srv.URL + "/oauth2/tokens", HTTPClient: srv.Client(),
	}
}

func TestMollieOAuthExchange(t *testing.T) {
	_, o := newTokenServer(t)

	tok, err := o.Exchange(t.Context(), testGoodCode)

	require.NoError(t, err)
	assert.Equal(t, "access_first", tok.AccessToken())
	assert.Equal(t, testRefresh, tok.RefreshToken())
	assert.Equal(t, "onboarding.read onboarding.write", tok.Scope)
	assert.False(t, tok.Expiry.IsZero())
}

// assertNoSecrets checks every usual rendering of err for the app secret and the code.
func assertNoSecrets(t *testing.T, err error, secrets ...string) {
	t.Helper()
	for _, out := range []string{err.Error(), fmt.Sprint(err), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err), fmt.Sprintf("%q", err)} {
		for _, s := range secrets {
			assert.NotContains(t, out, s)
		}
	}
}

func TestMollieOAuthExchangeInvalidGrant(t *testing.T) {
	e, o := newTokenServer(t)
	_, err := o.Exchange(t.Context(), testGoodCode)
	require.NoError(t, err)

	tok, err := o.Exchange(t.Context(), testGoodCode)

	assert.Nil(t, tok)
	var apiErr *facade.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "mollie", apiErr.Provider)
	assert.Equal(t, "create-oauth-token", apiErr.Operation)
	assert.Equal(t, http.StatusBadRequest, apiErr.StatusCode)
	assert.Equal(t, "invalid_grant", apiErr.Code)
	assert.Equal(t, "The authorization code is invalid", apiErr.Message)
	assert.ErrorIs(t, err, facade.ErrValidation)
	assert.Equal(t, "mollie create-oauth-token: HTTP 400: invalid_grant: The authorization code is invalid", err.Error())
	assertNoSecrets(t, err, testAppSecret, testGoodCode)
	assert.Equal(t, int32(2), e.calls.Load())
}

func TestMollieOAuthExchangeUnknownCode(t *testing.T) {
	_, o := newTokenServer(t)

	_, err := o.Exchange(t.Context(), "auth_stolen")

	var apiErr *facade.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "invalid_grant", apiErr.Code)
	assertNoSecrets(t, err, testAppSecret, "auth_stolen")
}

func TestMollieOAuthExchangeWrongSecret(t *testing.T) {
	_, o := newTokenServer(t)
	o.ClientSecret = "wrong-secret-also-secret"

	_, err := o.Exchange(t.Context(), testGoodCode)

	var apiErr *facade.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "invalid_client", apiErr.Code)
	assert.ErrorIs(t, err, facade.ErrUnauthorized)
	assertNoSecrets(t, err, "wrong-secret-also-secret", testGoodCode)
}

func TestMollieOAuthExchangeNonJSONError(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "upstream exploded near "+testGoodCode, http.StatusBadGateway)
	}))
	defer srv.Close()
	o := &OAuth{ClientID: testAppID, ClientSecret: testAppSecret, TokenURL: srv.URL, HTTPClient: srv.Client()}

	_, err := o.Exchange(t.Context(), testGoodCode)

	var apiErr *facade.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusBadGateway, apiErr.StatusCode)
	assert.ErrorIs(t, err, facade.ErrServer)
	assert.Empty(t, apiErr.Body, "the raw body stays out")
	assertNoSecrets(t, err, testAppSecret, testGoodCode)
}

func TestMollieOAuthExchangeNetworkError(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	o := &OAuth{ClientID: testAppID, ClientSecret: testAppSecret, TokenURL: url + "/oauth2/tokens"}

	_, err := o.Exchange(t.Context(), testGoodCode)

	require.Error(t, err)
	var apiErr *facade.APIError
	assert.False(t, errors.As(err, &apiErr))
	var retryErr *facade.RetryError
	require.ErrorAs(t, err, &retryErr, "no answer: the outcome is unknown")
	assert.Equal(t, "create-oauth-token", retryErr.Operation)
	assert.Contains(t, err.Error(), "mollie create-oauth-token")
	assertNoSecrets(t, err, testAppSecret, testGoodCode)
}

func TestMollieOAuthExchangeUsesHTTPClient(t *testing.T) {
	e, o := newTokenServer(t)
	var through atomic.Int32
	base := o.HTTPClient.Transport
	o.HTTPClient = &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		through.Add(1)
		return base.RoundTrip(r)
	})}

	_, err := o.Exchange(t.Context(), testGoodCode)

	require.NoError(t, err)
	assert.Equal(t, int32(1), through.Load())
	assert.Equal(t, int32(1), e.calls.Load())
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestMollieOAuthRefusesBadSettingsBeforeIO(t *testing.T) {
	tests := []struct {
		name string
		edit func(*OAuth)
		code string
		want string
	}{
		{"client id without app_", func(o *OAuth) { o.ClientID = "abc" }, testGoodCode, "ClientID"},
		{"empty client id", func(o *OAuth) { o.ClientID = "" }, testGoodCode, "ClientID"},
		{"client id only the prefix", func(o *OAuth) { o.ClientID = "app_" }, testGoodCode, "ClientID"},
		{"empty secret", func(o *OAuth) { o.ClientSecret = "" }, testGoodCode, "ClientSecret"},
		{"plain http token URL", func(o *OAuth) { o.TokenURL = "http://api.mollie.com/oauth2/tokens" }, testGoodCode, "TokenURL"},
		{"token URL without host", func(o *OAuth) { o.TokenURL = "/oauth2/tokens" }, testGoodCode, "TokenURL"},
		{"token URL that does not parse", func(o *OAuth) { o.TokenURL = "https://x/%zz" }, testGoodCode, "TokenURL"},
		{"empty code", func(*OAuth) {}, "", "code is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, o := newTokenServer(t)
			tt.edit(o)

			tok, err := o.Exchange(t.Context(), tt.code)

			require.Error(t, err)
			assert.Nil(t, tok)
			assert.Contains(t, err.Error(), tt.want)
			assert.Zero(t, e.calls.Load(), "no request before the settings are checked")
			assertNoSecrets(t, err, testAppSecret)
		})
	}
}

func TestMollieOAuthDefaultTokenURL(t *testing.T) {
	o := &OAuth{ClientID: testAppID, ClientSecret: testAppSecret}

	c := o.config()

	assert.Equal(t, "https://api.mollie.com/oauth2/tokens", c.Endpoint.TokenURL)
	assert.Equal(t, oauth2.AuthStyleInHeader, c.Endpoint.AuthStyle)
	require.NoError(t, o.validate())
}

func TestMollieOAuthTokenSourceRefreshes(t *testing.T) {
	e, o := newTokenServer(t)
	stale := NewToken("access_stale", testRefresh, time.Unix(1, 0), "")

	tok, err := o.TokenSource(t.Context(), stale).Token()

	require.NoError(t, err)
	assert.Equal(t, "access_refreshed", tok.AccessToken)
	assert.Equal(t, int32(1), e.calls.Load())
}

func TestMollieOAuthTokenSourceKeepsAValidToken(t *testing.T) {
	e, o := newTokenServer(t)
	fresh := NewToken("access_fresh", testRefresh, time.Now().Add(time.Hour), "")

	tok, err := o.TokenSource(t.Context(), fresh).Token()

	require.NoError(t, err)
	assert.Equal(t, "access_fresh", tok.AccessToken)
	assert.Zero(t, e.calls.Load())
}

func TestMollieOAuthTokenSourceRefusedRefresh(t *testing.T) {
	_, o := newTokenServer(t)
	stale := NewToken("access_stale", "refresh_revoked", time.Unix(1, 0), "")

	_, err := o.TokenSource(t.Context(), stale).Token()

	var apiErr *facade.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "create-oauth-token", apiErr.Operation)
	assert.Equal(t, "invalid_grant", apiErr.Code)
	assertNoSecrets(t, err, testAppSecret, "refresh_revoked", "access_stale")
}

func TestMollieOAuthTokenSourceBadInput(t *testing.T) {
	_, o := newTokenServer(t)

	_, err := o.TokenSource(t.Context(), nil).Token()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "token is nil")

	o.ClientSecret = ""
	_, err = o.TokenSource(t.Context(), NewToken("access_x", "", time.Time{}, "")).Token()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "ClientSecret")
}

func TestMollieOAuthNil(t *testing.T) {
	var o *OAuth

	_, err := o.Exchange(t.Context(), testGoodCode)
	require.ErrorContains(t, err, "OAuth is nil")
	_, err = o.TokenSource(t.Context(), NewToken("access_x", "", time.Time{}, "")).Token()
	require.ErrorContains(t, err, "OAuth is nil")
}

func TestMollieOAuthNeverShowsItsSecret(t *testing.T) {
	o := OAuth{ClientID: testAppID, ClientSecret: testAppSecret, RedirectURL: testRedirect}
	var logs bytes.Buffer
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("oauth", "app", o, "ptr", &o)

	for _, out := range []string{fmt.Sprint(o), fmt.Sprint(&o), fmt.Sprintf("%+v", o), fmt.Sprintf("%#v", &o), fmt.Sprintf("%v", []any{o}), logs.String()} {
		assert.NotContains(t, out, testAppSecret)
		assert.Contains(t, out, testAppID)
		assert.Contains(t, out, "redacted")
	}
}

func TestMollieOAuthExchangeHonoursContext(t *testing.T) {
	_, o := newTokenServer(t)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()

	_, err := o.Exchange(ctx, testGoodCode)

	require.ErrorIs(t, err, context.Canceled)
	assertNoSecrets(t, err, testAppSecret, testGoodCode)
}

// A refused refresh reaches the caller of a Mollie call as the token endpoint's error, named once.
func TestMollieOAuthRefusedRefreshThroughTheClient(t *testing.T) {
	_, o := newTokenServer(t)
	stale := NewToken("access_stale", "refresh_revoked", time.Unix(1, 0), "")
	m, err := New(TokenSource(o.TokenSource(t.Context(), stale)), WithBaseURL("http://127.0.0.1:1"))
	require.NoError(t, err)

	_, err = m.CreateClientLink(t.Context(), mollieapi.ClientLinkRequest{
		Owner: mollieapi.ClientLinkOwner{Email: "a@example.org", GivenName: "A", FamilyName: "B"},
		Name:  "Org", Address: mollieapi.ClientLinkAddress{Country: "NL"},
	})

	var apiErr *facade.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "invalid_grant", apiErr.Code)
	assert.Equal(t, 1, strings.Count(err.Error(), "create-oauth-token"), err.Error())
	assertNoSecrets(t, err, testAppSecret, "refresh_revoked", "access_stale")
}

// A token source's refreshes take no context: with a client of the app's that sets no Timeout,
// OAuth.Timeout still bounds them.
func TestTokenSourceRefreshIsBoundedWithTheAppsClient(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) })
	o := &OAuth{ClientID: testAppID, ClientSecret: testAppSecret, TokenURL: srv.URL + "/oauth2/tokens",
		HTTPClient: &http.Client{}, Timeout: 100 * time.Millisecond}
	done := make(chan error, 1)
	go func() {
		_, err := o.TokenSource(context.Background(), NewToken("access_old", testRefresh, time.Unix(1, 0), "")).Token()
		done <- err
	}()
	select {
	case err := <-done:
		require.Error(t, err)
	case <-time.After(5 * time.Second):
		t.Fatal("the refresh outlived OAuth.Timeout")
	}
}

// With a Logger, each token request is logged as a client's requests are, through the app's
// HTTP client, and no secret reaches the log.
func TestMollieOAuthLogsTokenRequestsWithoutSecrets(t *testing.T) {
	e, o := newTokenServer(t)
	var through atomic.Int32
	base := o.HTTPClient.Transport
	transport := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		through.Add(1)
		return base.RoundTrip(r)
	})
	o.HTTPClient = &http.Client{Transport: transport}
	var logs bytes.Buffer
	o.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))

	_, err := o.Exchange(t.Context(), testGoodCode)
	require.NoError(t, err)
	_, err = o.Refresh(t.Context(), testRefresh)
	require.NoError(t, err)

	assert.Equal(t, int32(2), through.Load())
	assert.Equal(t, int32(2), e.calls.Load())
	assert.Equal(t, 2, strings.Count(logs.String(), "provider=mollie method=POST path=/oauth2/tokens"), logs.String())
	assert.Equal(t, 2, strings.Count(logs.String(), "status=200"), logs.String())
	for _, secret := range []string{testAppSecret, testGoodCode, testRefresh, "access_first", "access_refreshed"} {
		assert.NotContains(t, logs.String(), secret)
	}
	assert.Zero(t, o.HTTPClient.Timeout, "the app's client is left as it is")
}
