package mollie

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/facade"
)

const testLinkHref = "https://my.mollie.com/dashboard/client-link/cl_vZCnNQsV2UtfXxYifWKWH"

func validParams() AuthorizeParams {
	return AuthorizeParams{
		ClientID: "app_abc123qwerty",
		State:    "st8",
		Scopes:   []string{"onboarding.read", "onboarding.write"},
	}
}

func testLink(href string) *ClientLink {
	return newClientLink(clientLinkResponse("cl_vZCnNQsV2UtfXxYifWKWH", href), newTestClock().Now)
}

func TestAuthorizeURL(t *testing.T) {
	tests := []struct {
		name  string
		href  string
		edit  func(*AuthorizeParams)
		want  string
		state string // the state the URL must carry; validParams' when empty
	}{
		{
			name: "documented example",
			href: testLinkHref,
			want: testLinkHref + "?client_id=app_abc123qwerty&state=st8&scope=onboarding.read%20onboarding.write",
		},
		{
			name: "existing query kept in its encoding, state replaced",
			href: testLinkHref + "?lang=nl_NL&state=stale&note=a%20b+c&flag",
			want: testLinkHref + "?lang=nl_NL&note=a%20b+c&flag&client_id=app_abc123qwerty&state=st8&scope=onboarding.read%20onboarding.write",
		},
		{
			name: "every owned parameter replaced, even when its name is escaped",
			href: testLinkHref + "?client_id=app_old&sc%6Fpe=old&approval_prompt=force&keep=1",
			want: testLinkHref + "?keep=1&client_id=app_abc123qwerty&state=st8&scope=onboarding.read%20onboarding.write",
		},
		{
			name: "empty query and empty pairs dropped",
			href: testLinkHref + "?&a=1&&",
			want: testLinkHref + "?a=1&client_id=app_abc123qwerty&state=st8&scope=onboarding.read%20onboarding.write",
		},
		{
			name: "bare question mark",
			href: testLinkHref + "?",
			want: testLinkHref + "?client_id=app_abc123qwerty&state=st8&scope=onboarding.read%20onboarding.write",
		},
		{
			name: "approval prompt force",
			href: testLinkHref,
			edit: func(p *AuthorizeParams) { p.ApprovalPrompt = ApprovalPromptForce },
			want: testLinkHref + "?client_id=app_abc123qwerty&state=st8&scope=onboarding.read%20onboarding.write&approval_prompt=force",
		},
		{
			name: "approval prompt auto",
			href: testLinkHref,
			edit: func(p *AuthorizeParams) { p.ApprovalPrompt = ApprovalPromptAuto },
			want: testLinkHref + "?client_id=app_abc123qwerty&state=st8&scope=onboarding.read%20onboarding.write&approval_prompt=auto",
		},
		{
			name:  "state with query and fragment delimiters",
			href:  testLinkHref,
			edit:  func(p *AuthorizeParams) { p.State = "a&b#c=d+e%f g/h?i;j" },
			want:  testLinkHref + "?client_id=app_abc123qwerty&state=a%26b%23c%3Dd%2Be%25f%20g%2Fh%3Fi%3Bj&scope=onboarding.read%20onboarding.write",
			state: "a&b#c=d+e%f g/h?i;j",
		},
		{
			name:  "unicode state",
			href:  testLinkHref,
			edit:  func(p *AuthorizeParams) { p.State = "zoë-😀" },
			want:  testLinkHref + "?client_id=app_abc123qwerty&state=zo%C3%AB-%F0%9F%98%80&scope=onboarding.read%20onboarding.write",
			state: "zoë-😀",
		},
		{
			name: "mixed-case scopes kept exactly, one scope",
			href: testLinkHref,
			edit: func(p *AuthorizeParams) { p.Scopes = []string{"Onboarding.READ"} },
			want: testLinkHref + "?client_id=app_abc123qwerty&state=st8&scope=Onboarding.READ",
		},
		{
			name: "three scopes with punctuation",
			href: testLinkHref,
			edit: func(p *AuthorizeParams) { p.Scopes = []string{"clients.write", "Payments.Read", "a:b/c"} },
			want: testLinkHref + "?client_id=app_abc123qwerty&state=st8&scope=clients.write%20Payments.Read%20a%3Ab%2Fc",
		},
		{
			name: "loopback http link of a fake",
			href: "http://127.0.0.1:8080/dashboard/client-link/cl_1",
			want: "http://127.0.0.1:8080/dashboard/client-link/cl_1?client_id=app_abc123qwerty&state=st8&scope=onboarding.read%20onboarding.write",
		},
		{
			name: "other loopback addresses",
			href: "http://127.9.8.7/cl",
			want: "http://127.9.8.7/cl?client_id=app_abc123qwerty&state=st8&scope=onboarding.read%20onboarding.write",
		},
		{
			name: "IPv6 loopback",
			href: "http://[::1]:9/cl",
			want: "http://[::1]:9/cl?client_id=app_abc123qwerty&state=st8&scope=onboarding.read%20onboarding.write",
		},
		{
			name: "localhost",
			href: "http://LocalHost:9/cl",
			want: "http://LocalHost:9/cl?client_id=app_abc123qwerty&state=st8&scope=onboarding.read%20onboarding.write",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := validParams()
			if tt.edit != nil {
				tt.edit(&p)
			}

			got, err := testLink(tt.href).AuthorizeURL(p)

			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			assertAuthorizeQuery(t, got, p)
		})
	}
}

// assertAuthorizeQuery checks that raw carries p exactly once each, decoded back to the same values.
func assertAuthorizeQuery(t *testing.T, raw string, p AuthorizeParams) {
	t.Helper()
	u, err := url.Parse(raw)
	require.NoError(t, err)
	q, err := url.ParseQuery(u.RawQuery)
	require.NoError(t, err)
	assert.Equal(t, []string{p.ClientID}, q["client_id"])
	assert.Equal(t, []string{p.State}, q["state"])
	assert.Equal(t, []string{strings.Join(p.Scopes, " ")}, q["scope"])
	if p.ApprovalPrompt == "" {
		assert.NotContains(t, q, "approval_prompt")
	} else {
		assert.Equal(t, []string{string(p.ApprovalPrompt)}, q["approval_prompt"])
	}
	_, scope, _ := strings.Cut(u.RawQuery, "&scope=")
	scope, _, _ = strings.Cut(scope, "&")
	assert.NotContains(t, scope, "+", "scopes are joined with %20, not +")
	assert.NotContains(t, scope, "%2B")
}

func TestAuthorizeURLDocumentedEncoding(t *testing.T) {
	got, err := testLink(testLinkHref).AuthorizeURL(validParams())

	require.NoError(t, err)
	assert.Contains(t, got, "scope=onboarding.read%20onboarding.write")
	assert.NotContains(t, got, "+")
	assert.NotContains(t, got, "%2B")
	assert.NotContains(t, got, "clientId")
	assert.NotContains(t, got, "approvalPrompt")
	assert.NotContains(t, got, "response_type")
}

func TestAuthorizeURLRefusesBadParams(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*AuthorizeParams)
		field string
	}{
		{"empty client id", func(p *AuthorizeParams) { p.ClientID = "" }, "client_id"},
		{"client id without app_", func(p *AuthorizeParams) { p.ClientID = "abc123" }, "client_id"},
		{"client id in capitals", func(p *AuthorizeParams) { p.ClientID = "APP_abc" }, "client_id"},
		{"client id only the prefix", func(p *AuthorizeParams) { p.ClientID = "app_" }, "client_id"},
		{"empty state", func(p *AuthorizeParams) { p.State = "" }, "state"},
		{"nil scopes", func(p *AuthorizeParams) { p.Scopes = nil }, "scope"},
		{"no scopes", func(p *AuthorizeParams) { p.Scopes = []string{} }, "scope"},
		{"empty scope", func(p *AuthorizeParams) { p.Scopes = []string{"onboarding.read", ""} }, "scope[1]"},
		{"scope with a space", func(p *AuthorizeParams) { p.Scopes = []string{"onboarding.read onboarding.write"} }, "scope[0]"},
		{"scope with a tab", func(p *AuthorizeParams) { p.Scopes = []string{"a\tb"} }, "scope[0]"},
		{"scope with a newline", func(p *AuthorizeParams) { p.Scopes = []string{"a\n"} }, "scope[0]"},
		{"scope with a quote", func(p *AuthorizeParams) { p.Scopes = []string{`a"b`} }, "scope[0]"},
		{"scope with a backslash", func(p *AuthorizeParams) { p.Scopes = []string{`a\b`} }, "scope[0]"},
		{"scope with non-ASCII", func(p *AuthorizeParams) { p.Scopes = []string{"onboarding.réad"} }, "scope[0]"},
		{"scope with a no-break space", func(p *AuthorizeParams) { p.Scopes = []string{"a\u00a0b"} }, "scope[0]"},
		{"unknown approval prompt", func(p *AuthorizeParams) { p.ApprovalPrompt = "never" }, "approval_prompt"},
		{"approval prompt in capitals", func(p *AuthorizeParams) { p.ApprovalPrompt = "Force" }, "approval_prompt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := validParams()
			p.State = "do-not-echo-this-state"
			tt.edit(&p)

			got, err := testLink(testLinkHref).AuthorizeURL(p)

			require.ErrorIs(t, err, facade.ErrValidation)
			assert.Empty(t, got)
			assert.Contains(t, err.Error(), tt.field)
			assert.NotContains(t, err.Error(), "do-not-echo-this-state")
		})
	}
}

func TestAuthorizeURLRefusesBadLinks(t *testing.T) {
	tests := []struct {
		name, href, want string
	}{
		{"empty", "", "href is empty"},
		{"plain http", "http://my.mollie.com/dashboard/client-link/cl_1", "https"},
		{"http on a name that only starts like localhost", "http://localhost.example.com/cl", "https"},
		{"http on a name ending in a loopback address", "http://127.0.0.1.nip.io/cl", "https"},
		{"http on a private address", "http://10.0.0.1/cl", "https"},
		{"other scheme", "ftp://my.mollie.com/cl", "scheme"},
		{"javascript", "javascript:alert(1)", "no host"},
		{"relative", "/dashboard/client-link/cl_1", "no host"},
		{"no host", "https:///dashboard/client-link/cl_1", "no host"},
		{"port only", "https://:443/cl", "no host"},
		{"fragment", testLinkHref + "#top", "fragment"},
		{"empty fragment", testLinkHref + "#", "fragment"},
		{"fragment after a query", testLinkHref + "?a=1#top", "fragment"},
		{"user info", "https://user:pass@my.mollie.com/cl", "user info"},
		{"does not parse", "https://my.mollie.com/%zz", "does not parse"},
		{"control character", "https://my.mollie.com/\x7f", "does not parse"},
		{"malformed query name", testLinkHref + "?%zz=1", "malformed query"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := testLink(tt.href).AuthorizeURL(validParams())

			require.ErrorIs(t, err, ErrInvalidClientLink)
			assert.Empty(t, got)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestAuthorizeURLRefusesExpiredLink(t *testing.T) {
	clock := newTestClock()
	l := newClientLink(clientLinkResponse("cl_1", testLinkHref), clock.Now)

	clock.Advance(30*24*time.Hour - time.Second)
	_, err := l.AuthorizeURL(validParams())
	require.NoError(t, err, "a link is good until its 30 days are up")

	clock.Advance(2 * time.Second)
	got, err := l.AuthorizeURL(validParams())
	require.ErrorIs(t, err, ErrClientLinkExpired)
	assert.Empty(t, got)
	assert.Contains(t, err.Error(), "cl_1")
	assert.Contains(t, err.Error(), "2025-04-13T09:26:53Z")
	assert.Equal(t, clock.Now().Add(-30*24*time.Hour-time.Second), l.CreatedAt)
}

func TestAuthorizeURLRefusesNilLink(t *testing.T) {
	var l *ClientLink

	_, err := l.AuthorizeURL(validParams())

	require.ErrorIs(t, err, ErrInvalidClientLink)
}

func TestAuthorizeURLRefusesLinkWithoutCreatedAt(t *testing.T) {
	l := &ClientLink{ID: "cl_1", Href: testLinkHref}

	_, err := l.AuthorizeURL(validParams())

	require.ErrorIs(t, err, ErrInvalidClientLink)
	assert.Contains(t, err.Error(), "CreatedAt")
}
