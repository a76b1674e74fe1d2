package mollie

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/facade"
	"github.com/clientkit/clientkit/facade/internal/testutil"
	"github.com/clientkit/clientkit/fakeapi"
	"github.com/clientkit/clientkit/fakeapi/fakeapitest"
	mollieapi "github.com/clientkit/clientkit/gen/mollie"
)

var onboardingScopes = []string{"onboarding.read", "onboarding.write", "clients.write"}

func onboardingLinkRequest() mollieapi.ClientLinkRequest {
	return mollieapi.ClientLinkRequest{
		Name:    "Jansen BV",
		Owner:   mollieapi.ClientLinkOwner{Email: "anna@jansen.example", GivenName: "Anna", FamilyName: "Jansen"},
		Address: mollieapi.ClientLinkAddress{Country: "NL"},
	}
}

// onboarding is the app side of one onboarding run against the fake.
type onboarding struct {
	srv   *fakeapitest.Server
	org   *Client
	oauth *OAuth
}

func newOnboarding(t *testing.T, clock *testutil.ManualClock, opts ...fakeapi.Option) *onboarding {
	t.Helper()
	srv := fakeapitest.NewServer(t, append([]fakeapi.Option{fakeapi.WithClock(clock.Now)}, opts...)...)
	org, err := newClient(AccessToken(srv.Credentials.MollieAccessToken), clock.Now, []Option{WithBaseURL(srv.URL)})
	require.NoError(t, err)
	return &onboarding{srv: srv, org: org, oauth: &OAuth{
		ClientID:     srv.Credentials.MollieClientID,
		ClientSecret: srv.Credentials.MollieClientSecret,
		RedirectURL:  srv.Credentials.MollieRedirectURI,
		TokenURL:     srv.URL + "/oauth2/tokens",
	}}
}

// consent sends the customer to authorizeURL and returns the callback URL the fake redirects to,
// without following it into the app.
func consent(t *testing.T, authorizeURL string) *url.URL {
	t.Helper()
	client := &http.Client{
		Timeout:       10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	resp, err := client.Get(authorizeURL)
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	require.Equal(t, http.StatusFound, resp.StatusCode)
	loc, err := resp.Location()
	require.NoError(t, err)
	return loc
}

// authorize creates a link and runs the consent page with a fresh state, returning the callback
// and the state the app kept.
func (o *onboarding) authorize(t *testing.T) (callback *url.URL, state string) {
	t.Helper()
	link, err := o.org.CreateClientLink(t.Context(), onboardingLinkRequest())
	require.NoError(t, err)
	state = NewState()
	authorizeURL, err := link.AuthorizeURL(AuthorizeParams{
		ClientID: o.srv.Credentials.MollieClientID, State: state, Scopes: onboardingScopes,
		ApprovalPrompt: ApprovalPromptForce,
	})
	require.NoError(t, err)
	return consent(t, authorizeURL), state
}

func TestOnboardingEndToEnd(t *testing.T) {
	clock := testutil.NewManualClock(time.Now())
	o := newOnboarding(t, clock)

	callback, state := o.authorize(t)
	wantRedirect, err := url.Parse(o.srv.Credentials.MollieRedirectURI)
	require.NoError(t, err)
	assert.Equal(t, wantRedirect.Host, callback.Host, "sent back to the app's redirect URI")
	assert.Equal(t, wantRedirect.Path, callback.Path)

	code, err := ParseCallbackRequest(&http.Request{Method: http.MethodGet, URL: callback}, state)
	require.NoError(t, err)
	require.NotEmpty(t, code)

	tok, err := o.oauth.Exchange(t.Context(), code)
	require.NoError(t, err)
	assert.NotEmpty(t, tok.AccessToken())
	assert.NotEmpty(t, tok.RefreshToken())
	assert.Equal(t, "onboarding.read onboarding.write clients.write", tok.Scope)

	connected, err := New(TokenSource(o.oauth.TokenSource(t.Context(), tok)), WithBaseURL(o.srv.URL))
	require.NoError(t, err)
	link, err := connected.CreateClientLink(t.Context(), onboardingLinkRequest())
	require.NoError(t, err, "the exchanged token works as the Mollie client's token source")
	assert.NotEmpty(t, link.ID)
}

func TestOnboardingOddStateSurvives(t *testing.T) {
	o := newOnboarding(t, testutil.NewManualClock(time.Now()))
	link, err := o.org.CreateClientLink(t.Context(), onboardingLinkRequest())
	require.NoError(t, err)
	state := "a&b#c=d+e%f zoë;😀"
	authorizeURL, err := link.AuthorizeURL(AuthorizeParams{
		ClientID: o.srv.Credentials.MollieClientID, State: state, Scopes: []string{"Onboarding.Read"},
	})
	require.NoError(t, err)

	callback := consent(t, authorizeURL)
	code, err := ParseCallback(callback.Query(), state)

	require.NoError(t, err)
	assert.NotEmpty(t, code)
}

func TestOnboardingStateMismatchNeverPasses(t *testing.T) {
	o := newOnboarding(t, testutil.NewManualClock(time.Now()))

	callback, _ := o.authorize(t)
	code, err := ParseCallback(callback.Query(), NewState())

	require.ErrorIs(t, err, ErrCallbackStateMismatch)
	assert.Empty(t, code)
}

func TestOnboardingDenied(t *testing.T) {
	o := newOnboarding(t, testutil.NewManualClock(time.Now()), fakeapi.WithMollieDenial("access_denied", "The customer said no"))

	callback, state := o.authorize(t)
	code, err := ParseCallback(callback.Query(), state)

	var authErr *AuthorizeError
	require.ErrorAs(t, err, &authErr)
	assert.Equal(t, "access_denied", authErr.Code)
	assert.Equal(t, "The customer said no", authErr.Description)
	assert.Empty(t, code)
}

func TestOnboardingReplayedCode(t *testing.T) {
	o := newOnboarding(t, testutil.NewManualClock(time.Now()))
	callback, state := o.authorize(t)
	code, err := ParseCallback(callback.Query(), state)
	require.NoError(t, err)
	_, err = o.oauth.Exchange(t.Context(), code)
	require.NoError(t, err)

	tok, err := o.oauth.Exchange(t.Context(), code)

	assert.Nil(t, tok)
	var apiErr *facade.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "mollie", apiErr.Provider)
	assert.Equal(t, "create-oauth-token", apiErr.Operation)
	assert.Equal(t, http.StatusBadRequest, apiErr.StatusCode)
	assert.Equal(t, "invalid_grant", apiErr.Code)
	assert.ErrorIs(t, err, facade.ErrValidation)
	assert.NotContains(t, err.Error(), code)
	assert.NotContains(t, err.Error(), o.srv.Credentials.MollieClientSecret)
}

func TestOnboardingExpiredLink(t *testing.T) {
	clock := testutil.NewManualClock(time.Date(2025, 3, 14, 9, 0, 0, 0, time.UTC))
	o := newOnboarding(t, clock)
	link, err := o.org.CreateClientLink(t.Context(), onboardingLinkRequest())
	require.NoError(t, err)
	params := AuthorizeParams{ClientID: o.srv.Credentials.MollieClientID, State: NewState(), Scopes: onboardingScopes}

	clock.Advance(30*24*time.Hour - time.Second)
	_, err = link.AuthorizeURL(params)
	require.NoError(t, err, "still good one second before its 30 days are up")

	clock.Advance(2 * time.Second)
	authorizeURL, err := link.AuthorizeURL(params)

	require.ErrorIs(t, err, ErrClientLinkExpired)
	assert.Empty(t, authorizeURL)
	assert.Equal(t, time.Date(2025, 4, 13, 9, 0, 0, 0, time.UTC), link.ExpiresAt())
}

// connect runs the whole onboarding and returns the organization's tokens.
func (o *onboarding) connect(t *testing.T) *Token {
	t.Helper()
	callback, state := o.authorize(t)
	code, err := ParseCallback(callback.Query(), state)
	require.NoError(t, err)
	tok, err := o.oauth.Exchange(t.Context(), code)
	require.NoError(t, err)
	return tok
}
