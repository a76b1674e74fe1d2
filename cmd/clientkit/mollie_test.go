package main

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/fakeapi"
	"github.com/clientkit/clientkit/fakeapi/fakeapitest"
)

// linkFlags are the required create-client-link flags for a valid organization.
func linkFlags(srv *fakeapitest.Server) []string {
	return []string{"mollie", "create-client-link", "--base-url", srv.URL,
		"--owner-email", "jan@example.org", "--owner-given-name", "Jan", "--owner-family-name", "Jansen",
		"--name", "Jansen BV", "--country", "NL"}
}

func TestMollieCreateClientLink(t *testing.T) {
	clearCredentialEnv(t)
	srv := fakeapitest.NewServer(t)
	args := append(linkFlags(srv), "--access-token", srv.Credentials.MollieAccessToken,
		"--owner-locale", "nl_NL", "--street", "Keizersgracht 126", "--postal-code", "1015 CW", "--city", "Amsterdam",
		"--registration-number", "12345678", "--vat-number", "NL123456789B01", "--legal-entity", "nl-bv",
		"--registration-office", "NL", "--incorporation-date", "2020-01-31")

	var out clientLinkOutput
	runCLI(t, args...).decodeStdout(t, &out)
	assert.True(t, strings.HasPrefix(out.ID, "cl_"), out.ID)
	assert.True(t, strings.HasPrefix(out.Href, srv.URL+"/"), out.Href)
	assert.False(t, out.CreatedAt.IsZero())
	assert.Equal(t, 30*24*time.Hour, out.ExpiresAt.Sub(out.CreatedAt))
	assert.Equal(t, 1, srv.Handler.Count(fakeapi.KindClientLink))
}

func TestMollieCreateClientLinkTokenFromEnvironmentAndIdempotencyKey(t *testing.T) {
	clearCredentialEnv(t)
	srv := fakeapitest.NewServer(t)
	t.Setenv("MOLLIE_ACCESS_TOKEN", srv.Credentials.MollieAccessToken)
	args := append(linkFlags(srv), "--idempotency-key", "cli-test-key-1")

	var first, second clientLinkOutput
	runCLI(t, args...).decodeStdout(t, &first)
	runCLI(t, args...).decodeStdout(t, &second)
	assert.Equal(t, first.ID, second.ID, "the same key replays the first link")
	assert.Equal(t, 1, srv.Handler.Count(fakeapi.KindClientLink))
}

func TestMollieCreateClientLinkVerboseShowsNoToken(t *testing.T) {
	clearCredentialEnv(t)
	srv := fakeapitest.NewServer(t)
	r := runCLI(t, append(linkFlags(srv), "--access-token", srv.Credentials.MollieAccessToken, "--verbose")...)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stderr, "path=/v2/client-links")
	assert.Contains(t, r.stderr, "status=201")
	assert.NotContains(t, r.stderr, srv.Credentials.MollieAccessToken)
	assert.NotContains(t, r.stdout, srv.Credentials.MollieAccessToken)
}

func TestMollieCreateClientLinkAPIError(t *testing.T) {
	clearCredentialEnv(t)
	srv := fakeapitest.NewServer(t)
	r := runCLI(t, append(linkFlags(srv), "--access-token", "access_not_the_right_one")...)
	assert.Equal(t, 1, r.code)
	assert.Empty(t, r.stdout)
	assert.Contains(t, r.stderr, "clientkit mollie: mollie create-client-link: HTTP 401")
	assert.Contains(t, r.stderr, "\n  provider: mollie\n  operation: create-client-link\n  status: 401\n")
	assert.NotContains(t, r.stderr, "access_not_the_right_one")
	assert.Zero(t, srv.Handler.Count(fakeapi.KindClientLink))
}

func TestMollieCreateClientLinkUsageErrors(t *testing.T) {
	clearCredentialEnv(t)
	srv := fakeapitest.NewServer(t)
	token := []string{"--access-token", srv.Credentials.MollieAccessToken}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"missing token", linkFlags(srv), "missing --access-token (or MOLLIE_ACCESS_TOKEN)"},
		{"missing organization", append([]string{"mollie", "create-client-link", "--base-url", srv.URL}, token...),
			"missing --owner-email, --owner-given-name, --owner-family-name, --name, --country"},
		{"everything missing, reported together", []string{"mollie", "create-client-link"},
			"missing --owner-email, --owner-given-name, --owner-family-name, --name, --country, --access-token (or MOLLIE_ACCESS_TOKEN)"},
		{"blank owner email", append(linkFlags(srv), append(token, "--owner-email", " ")...), "--owner-email is required"},
		{"bad email", append(linkFlags(srv), append(token, "--owner-email", "not-an-email")...), "--owner-email is not an email address"},
		{"bad country", append(linkFlags(srv), append(token, "--country", "Netherlands")...), "--country"},
		{"bad locale", append(linkFlags(srv), append(token, "--owner-locale", "klingon")...), `--owner-locale "klingon"`},
		{"bad date", append(linkFlags(srv), append(token, "--incorporation-date", "31-01-2020")...), "--incorporation-date"},
		{"bad idempotency key", append(linkFlags(srv), append(token, "--idempotency-key", "has space")...), "--idempotency-key must be printable"},
		{"API key instead of access token", append(linkFlags(srv), "--access-token", "test_abcdefghijklmnopqrstuvwxyz1234"), "--access-token is a profile API key"},
		{"plain http to a remote host", append(linkFlags(srv), append(token, "--base-url", "http://mollie.example")...), `--base-url "http://mollie.example" must use https`},
		{"base URL that does not parse", append(linkFlags(srv), append(token, "--base-url", "https://mollie example")...), `--base-url "https://mollie example" does not parse as a URL`},
		{"base URL with a password", append(linkFlags(srv), append(token, "--base-url", "https://me:hunter2@mollie.example")...),
			`--base-url "https://[redacted]@mollie.example" must not carry user info`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, tt.args...)
			assert.Equal(t, 2, r.code, r.stderr)
			assert.Contains(t, r.stderr, "clientkit mollie: create-client-link: "+tt.want)
			assert.NotContains(t, r.stderr, "hunter2", "a password in a URL is never printed")
			assert.Empty(t, r.stdout)
		})
	}
	assert.Empty(t, srv.Handler.Requests(), "usage errors send nothing")
}

// authorizeOutput is the JSON authorize-url prints.
type authorizeOutput struct {
	URL       string    `json:"url"`
	State     string    `json:"state"`
	ExpiresAt time.Time `json:"expiresAt"`
}

func TestMollieAuthorizeURLFromACreatedLink(t *testing.T) {
	clearCredentialEnv(t)
	srv := fakeapitest.NewServer(t)
	var link clientLinkOutput
	runCLI(t, append(linkFlags(srv), "--access-token", srv.Credentials.MollieAccessToken)...).decodeStdout(t, &link)

	var out authorizeOutput
	runCLI(t, "mollie", "authorize-url", "--link", link.Href, "--created-at", link.CreatedAt.Format(time.RFC3339Nano),
		"--client-id", srv.Credentials.MollieClientID, "--scope", "onboarding.read organizations.read",
		"--scope", "payments.write", "--approval-prompt", "force").decodeStdout(t, &out)

	u, err := url.Parse(out.URL)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(out.URL, link.Href+"?"), out.URL)
	q := u.Query()
	assert.Equal(t, srv.Credentials.MollieClientID, q.Get("client_id"))
	assert.Equal(t, "onboarding.read organizations.read payments.write", q.Get("scope"))
	assert.Equal(t, "force", q.Get("approval_prompt"))
	assert.Len(t, out.State, 43, "a fresh state from mollie.NewState")
	assert.Equal(t, out.State, q.Get("state"))
	assert.True(t, link.ExpiresAt.Equal(out.ExpiresAt), "%s vs %s", link.ExpiresAt, out.ExpiresAt)
}

func TestMollieAuthorizeURLClientIDFromEnvironmentAndGivenState(t *testing.T) {
	clearCredentialEnv(t)
	t.Setenv("MOLLIE_CLIENT_ID", "app_from_env")
	var out authorizeOutput
	runCLI(t, "mollie", "authorize-url", "--link", "https://my.mollie.com/dashboard/client-link/cl_abc123",
		"--state", "my-state", "--scope", "onboarding.read").decodeStdout(t, &out)
	u, err := url.Parse(out.URL)
	require.NoError(t, err)
	assert.Equal(t, "app_from_env", u.Query().Get("client_id"))
	assert.Equal(t, "my-state", u.Query().Get("state"))
	assert.Equal(t, "my-state", out.State)
	assert.False(t, u.Query().Has("approval_prompt"))
	assert.WithinDuration(t, time.Now().Add(30*24*time.Hour), out.ExpiresAt, time.Hour, "created now by default")
}

func TestMollieAuthorizeURLUsageErrors(t *testing.T) {
	clearCredentialEnv(t)
	link := "https://my.mollie.com/dashboard/client-link/cl_abc123"
	base := []string{"mollie", "authorize-url", "--link", link, "--client-id", "app_x", "--scope", "onboarding.read"}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"missing link", []string{"mollie", "authorize-url", "--client-id", "app_x", "--scope", "onboarding.read"}, "missing --link"},
		{"missing client id", []string{"mollie", "authorize-url", "--link", link, "--scope", "onboarding.read"}, "missing --client-id (or MOLLIE_CLIENT_ID)"},
		{"missing scope", []string{"mollie", "authorize-url", "--link", link, "--client-id", "app_x"}, "missing --scope"},
		{"everything missing, reported together", []string{"mollie", "authorize-url"}, "missing --link, --client-id (or MOLLIE_CLIENT_ID), --scope"},
		{"client id without app_", append(base, "--client-id", "client_1"), `--client-id must be an OAuth app id starting with app_, got "client_1"`},
		{"bad scope", append(base, "--scope", `on"boarding`), `--scope "on\"boarding" contains`},
		{"bad created-at", append(base, "--created-at", "yesterday"), `--created-at "yesterday" is not an RFC 3339 time`},
		{"expired link", append(base, "--created-at", "2020-01-01T00:00:00Z"),
			`--created-at "2020-01-01T00:00:00Z" is too old: the link expired at 2020-01-31T00:00:00Z; create a new one`},
		{"link not https", append(base, "--link", "http://mollie.example/cl_1"), `--link "http://mollie.example/cl_1" must use https`},
		{"link with a password", append(base, "--link", "https://me:hunter2@my.mollie.com/cl_1"), `--link "https://[redacted]@my.mollie.com/cl_1" must not carry user info`},
		{"bad approval prompt", append(base, "--approval-prompt", "sometimes"), `--approval-prompt must be auto or force, got "sometimes"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, tt.args...)
			assert.Equal(t, 2, r.code, r.stderr)
			assert.Contains(t, r.stderr, "clientkit mollie: authorize-url: ")
			assert.Contains(t, r.stderr, tt.want)
			assert.NotContains(t, r.stderr, "hunter2", "a password in a URL is never printed")
			assert.Empty(t, r.stdout)
		})
	}
}
