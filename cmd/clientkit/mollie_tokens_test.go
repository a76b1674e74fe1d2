package main

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/fakeapi"
	"github.com/clientkit/clientkit/fakeapi/fakeapitest"
)

// consentCode runs the onboarding up to the callback through the CLI (create-client-link,
// authorize-url) and the fake's consent page, and returns the code that came back.
func consentCode(t *testing.T, srv *fakeapitest.Server) string {
	t.Helper()
	var link clientLinkOutput
	runCLI(t, append(linkFlags(srv), "--access-token", srv.Credentials.MollieAccessToken)...).decodeStdout(t, &link)
	var auth authorizeOutput
	runCLI(t, "mollie", "authorize-url", "--link", link.Href, "--client-id", srv.Credentials.MollieClientID,
		"--scope", "clients.write onboarding.read").decodeStdout(t, &auth)

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, auth.URL, nil)
	require.NoError(t, err)
	browser := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := browser.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusFound, resp.StatusCode)
	loc, err := resp.Location()
	require.NoError(t, err)
	require.Equal(t, auth.State, loc.Query().Get("state"))
	code := loc.Query().Get("code")
	require.NotEmpty(t, code)
	return code
}

// appFlags are the OAuth app's flags for the fake's token endpoint.
func appFlags(srv *fakeapitest.Server) []string {
	return []string{"--token-url", srv.URL + "/oauth2/tokens",
		"--client-id", srv.Credentials.MollieClientID, "--client-secret", srv.Credentials.MollieClientSecret}
}

// tokenJSON is what exchange-code and refresh print.
type tokenJSON struct {
	AccessToken  string    `json:"access_token"`
	TokenType    string    `json:"token_type"`
	RefreshToken string    `json:"refresh_token"`
	Expiry       time.Time `json:"expiry"`
	Scope        string    `json:"scope"`
}

func TestMollieExchangeCodeRedactsTheTokensByDefault(t *testing.T) {
	clearCredentialEnv(t)
	srv := fakeapitest.NewServer(t)
	code := consentCode(t, srv)
	r := runCLI(t, append([]string{"mollie", "exchange-code", "--code", code, "--redirect-url", srv.Credentials.MollieRedirectURI,
		"--verbose"}, appFlags(srv)...)...)
	var tok tokenJSON
	r.decodeStdout(t, &tok)
	assert.Equal(t, "[redacted]", tok.AccessToken)
	assert.Equal(t, "[redacted]", tok.RefreshToken)
	assert.Equal(t, "clients.write onboarding.read", tok.Scope)
	assert.WithinDuration(t, time.Now().Add(time.Hour), tok.Expiry, 5*time.Minute)
	assert.Contains(t, r.stderr, "--show-tokens")
	assert.Contains(t, r.stderr, "path=/oauth2/tokens")
	assert.Contains(t, r.stderr, "status=200")
	for _, secret := range []string{code, srv.Credentials.MollieClientSecret} {
		assert.NotContains(t, r.stdout+r.stderr, secret)
	}
	assert.NotRegexp(t, `(access|refresh)_[a-z0-9]{8}`, r.stdout+r.stderr, "the fake's tokens look like access_… and refresh_…")
	assert.Equal(t, 1, countOperation(srv, fakeapi.OpCreateOAuthToken))
}

func TestMollieExchangeCodeThenRefreshShowingTheTokens(t *testing.T) {
	clearCredentialEnv(t)
	srv := fakeapitest.NewServer(t)
	code := consentCode(t, srv)
	t.Setenv("MOLLIE_CLIENT_ID", srv.Credentials.MollieClientID)
	t.Setenv("MOLLIE_CLIENT_SECRET", srv.Credentials.MollieClientSecret)
	t.Setenv("MOLLIE_REDIRECT_URL", srv.Credentials.MollieRedirectURI)
	tokenURL := srv.URL + "/oauth2/tokens"

	var tok tokenJSON
	runCLI(t, "mollie", "exchange-code", "--code", code, "--token-url", tokenURL, "--show-tokens").decodeStdout(t, &tok)
	assert.True(t, strings.HasPrefix(tok.AccessToken, "access_"), tok.AccessToken)
	assert.True(t, strings.HasPrefix(tok.RefreshToken, "refresh_"), tok.RefreshToken)
	assert.Equal(t, "bearer", strings.ToLower(tok.TokenType))

	// The access token creates client links: the onboarding is finished.
	var link clientLinkOutput
	runCLI(t, append(linkFlags(srv), "--access-token", tok.AccessToken)...).decodeStdout(t, &link)
	assert.True(t, strings.HasPrefix(link.ID, "cl_"), link.ID)

	// The code works once.
	again := runCLI(t, "mollie", "exchange-code", "--code", code, "--token-url", tokenURL)
	assert.Equal(t, 1, again.code)
	assert.Contains(t, again.stderr, "\n  code: invalid_grant\n")
	assert.NotContains(t, again.stderr, code)

	t.Setenv("MOLLIE_REFRESH_TOKEN", tok.RefreshToken)
	var refreshed tokenJSON
	r := runCLI(t, "mollie", "refresh", "--token-url", tokenURL, "--show-tokens")
	r.decodeStdout(t, &refreshed)
	assert.True(t, strings.HasPrefix(refreshed.AccessToken, "access_"), refreshed.AccessToken)
	assert.NotEqual(t, tok.AccessToken, refreshed.AccessToken)
	assert.NotEmpty(t, refreshed.RefreshToken)
	assert.NotContains(t, r.stderr, "--show-tokens", "no redaction note when the tokens are shown")

	var redacted tokenJSON
	r = runCLI(t, "mollie", "refresh", "--token-url", tokenURL, "--refresh-token", tok.RefreshToken)
	r.decodeStdout(t, &redacted)
	assert.Equal(t, "[redacted]", redacted.AccessToken)
	assert.NotContains(t, r.stdout+r.stderr, tok.RefreshToken)

	// Revoking the refresh token ends the authorization: a refresh then asks for a new consent.
	r = runCLI(t, "mollie", "revoke", "--token-url", tokenURL, "--token", tok.RefreshToken)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Empty(t, r.stdout)
	r = runCLI(t, "mollie", "refresh", "--token-url", tokenURL, "--refresh-token", tok.RefreshToken)
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "must connect again")
	r = runCLI(t, "mollie", "revoke", "--token-url", tokenURL, "--token", tok.RefreshToken, "--kind", "id")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, `--kind "id" is not one of refresh, access`)
}

func TestMollieRefreshAPIError(t *testing.T) {
	clearCredentialEnv(t)
	srv := fakeapitest.NewServer(t)
	r := runCLI(t, append([]string{"mollie", "refresh", "--refresh-token", "refresh_unknown_secret_value"}, appFlags(srv)...)...)
	assert.Equal(t, 1, r.code)
	assert.Empty(t, r.stdout)
	assert.Contains(t, r.stderr, "\n  provider: mollie\n  operation: create-oauth-token\n  status: 400\n  code: invalid_grant\n")
	assert.NotContains(t, r.stderr, "refresh_unknown_secret_value")

	r = runCLI(t, "mollie", "refresh", "--refresh-token", "refresh_x", "--token-url", srv.URL+"/oauth2/tokens",
		"--client-id", srv.Credentials.MollieClientID, "--client-secret", "wrong_app_secret_value")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "\n  status: 401\n")
	assert.NotContains(t, r.stderr, "wrong_app_secret_value")
}

func TestMollieTokenCommandsUsageErrors(t *testing.T) {
	clearCredentialEnv(t)
	srv := fakeapitest.NewServer(t)
	exchange := func(args ...string) []string {
		return append([]string{"mollie", "exchange-code", "--code", "code_secret_value"}, args...)
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"exchange: everything missing, reported together", []string{"mollie", "exchange-code"},
			"exchange-code: missing --code, --client-id (or MOLLIE_CLIENT_ID), --client-secret (or MOLLIE_CLIENT_SECRET)"},
		{"refresh: everything missing, reported together", []string{"mollie", "refresh"},
			"refresh: missing --refresh-token (or MOLLIE_REFRESH_TOKEN), --client-id (or MOLLIE_CLIENT_ID), --client-secret (or MOLLIE_CLIENT_SECRET)"},
		{"client id without app_", exchange("--client-id", "client_1", "--client-secret", "s"),
			`exchange-code: --client-id must be an OAuth app id starting with app_, got "client_1"`},
		{"token URL not https", exchange(append(appFlags(srv), "--token-url", "http://mollie.example/oauth2/tokens")...),
			`exchange-code: --token-url "http://mollie.example/oauth2/tokens" must use https`},
		{"token URL with a password", exchange(append(appFlags(srv), "--token-url", "https://me:hunter2@mollie.example/oauth2/tokens")...),
			`exchange-code: --token-url "https://[redacted]@mollie.example/oauth2/tokens" must not carry user info`},
		{"redirect URL that does not parse", exchange(append(appFlags(srv), "--redirect-url", "https://me:hunter2@app example/cb")...),
			`exchange-code: --redirect-url "https://[redacted]@app example/cb" is not an absolute URL`},
		{"relative redirect URL", exchange(append(appFlags(srv), "--redirect-url", "/callback")...),
			`exchange-code: --redirect-url "/callback" is not an absolute URL`},
		{"refresh: token URL that does not parse", []string{"mollie", "refresh", "--refresh-token", "refresh_secret_value",
			"--client-id", "app_x", "--client-secret", "s", "--token-url", "https://mollie example/oauth2/tokens"},
			`refresh: --token-url "https://mollie example/oauth2/tokens" does not parse as a URL`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, tt.args...)
			assert.Equal(t, 2, r.code, r.stderr)
			assert.Contains(t, r.stderr, "clientkit mollie: "+tt.want)
			for _, secret := range []string{"hunter2", "code_secret_value", "refresh_secret_value", srv.Credentials.MollieClientSecret} {
				assert.NotContains(t, r.stderr, secret)
			}
			assert.Empty(t, r.stdout)
		})
	}
	assert.Empty(t, srv.Handler.Requests(), "usage errors send nothing")
}

// countOperation counts the requests the fake logged for the operation op.
func countOperation(srv *fakeapitest.Server, op string) int {
	n := 0
	for _, req := range srv.Handler.Requests() {
		if req.OperationID == op {
			n++
		}
	}
	return n
}
