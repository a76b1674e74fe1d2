package fakeapi_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/fakeapi"
	"github.com/clientkit/clientkit/fakeapi/fakeapitest"
)

func TestCreateClientLink(t *testing.T) {
	srv := fakeapitest.NewServer(t)
	a := send(t, "POST", srv.URL+"/v2/client-links", clientLinkBody,
		"Content-Type", jsonType, "Authorization", bearer(srv.Credentials.MollieAccessToken))
	require.Equal(t, http.StatusCreated, a.status, "body: %s", a.body)
	assert.Equal(t, "application/hal+json", a.header.Get("Content-Type"))
	m := a.json(t)
	assert.Equal(t, "client-link", m["resource"])
	id := m["id"].(string)
	assert.True(t, strings.HasPrefix(id, "cl_"), id)
	href := m["_links"].(map[string]any)["clientLink"].(map[string]any)["href"]
	assert.Equal(t, srv.URL+"/dashboard/client-link/"+id, href)
	assert.NotContains(t, m, "owner", "organization fields never come back")
	assert.Equal(t, 1, srv.Handler.Count(fakeapi.KindClientLink))
}

func TestCreateClientLinkPublicURL(t *testing.T) {
	srv := fakeapitest.NewServer(t, fakeapi.WithPublicURL("https://fake.example/"))
	_, href := mollieLink(t, srv)
	assert.True(t, strings.HasPrefix(href, "https://fake.example/dashboard/client-link/cl_"), href)
}

func TestCreateClientLinkInvalid(t *testing.T) {
	srv := fakeapitest.NewServer(t)
	auth := bearer(srv.Credentials.MollieAccessToken)
	tests := []struct {
		name   string
		body   string
		header []string
		status int
		field  string
	}{
		{"missing required field", `{"owner":{"email":"a@b.c","givenName":"A"},"name":"X","address":{"country":"NL"}}`,
			[]string{"Content-Type", jsonType, "Authorization", auth}, 422, "owner.familyName"},
		{"missing body", ``, []string{"Content-Type", jsonType, "Authorization", auth}, 422, ""},
		{"wrong type", strings.Replace(clientLinkBody, `"Jansen BV"`, `42`, 1),
			[]string{"Content-Type", jsonType, "Authorization", auth}, 422, "name"},
		{"read-only field sent", strings.Replace(clientLinkBody, `{"owner"`, `{"id":"cl_x","owner"`, 1),
			[]string{"Content-Type", jsonType, "Authorization", auth}, 422, "id"},
		{"malformed JSON", `{"owner":`, []string{"Content-Type", jsonType, "Authorization", auth}, 422, ""},
		{"wrong content type", clientLinkBody, []string{"Content-Type", "text/plain", "Authorization", auth}, 415, ""},
		{"missing auth", clientLinkBody, []string{"Content-Type", jsonType}, 401, ""},
		{"wrong token", clientLinkBody, []string{"Content-Type", jsonType, "Authorization", bearer("access_wrong")}, 401, ""},
		{"API key instead of access token", clientLinkBody, []string{"Content-Type", jsonType, "Authorization", bearer("test_abc")}, 401, ""},
		{"basic instead of bearer", clientLinkBody, []string{"Content-Type", jsonType, "Authorization", basic("a", "b")}, 401, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := send(t, "POST", srv.URL+"/v2/client-links", tt.body, tt.header...)
			requireMollieError(t, a, tt.status, tt.field)
		})
	}
	assert.Zero(t, srv.Handler.Count(fakeapi.KindClientLink), "no invalid request creates a link")
}

func TestMollieUnknownPathAndMethod(t *testing.T) {
	srv := fakeapitest.NewServer(t)
	requireMollieError(t, send(t, "GET", srv.URL+"/v2/client-links", ""), 405, "")
	requireMollieError(t, send(t, "GET", srv.URL+"/v2/payments", ""), 404, "")
}

// consent opens the consent page of href with the given query and returns the redirect target.
func consent(t *testing.T, href string, q url.Values) url.Values {
	t.Helper()
	a := send(t, "GET", href+"?"+q.Encode(), "")
	require.Equal(t, http.StatusFound, a.status, "body: %s", a.body)
	loc, err := url.Parse(a.header.Get("Location"))
	require.NoError(t, err)
	require.Equal(t, "127.0.0.1", loc.Host)
	require.Equal(t, "/callback", loc.Path)
	return loc.Query()
}

func consentQuery(srv *fakeapitest.Server) url.Values {
	return url.Values{"client_id": {srv.Credentials.MollieClientID}, "state": {"st4te"}, "scope": {"clients.write onboarding.read"}}
}

// exchange posts a token request to /oauth2/tokens with the app's credentials.
func exchange(t *testing.T, srv *fakeapitest.Server, form url.Values) answer {
	t.Helper()
	return send(t, "POST", srv.URL+"/oauth2/tokens", form.Encode(), "Content-Type", formType,
		"Authorization", basic(srv.Credentials.MollieClientID, srv.Credentials.MollieClientSecret))
}

func TestMollieOAuthRoundTrip(t *testing.T) {
	srv := fakeapitest.NewServer(t)
	_, href := mollieLink(t, srv)
	back := consent(t, href, consentQuery(srv))
	require.Equal(t, "st4te", back.Get("state"))
	code := back.Get("code")
	require.NotEmpty(t, code)
	require.Empty(t, back.Get("error"))

	a := exchange(t, srv, url.Values{"grant_type": {"authorization_code"}, "code": {code},
		"redirect_uri": {srv.Credentials.MollieRedirectURI}})
	require.Equal(t, http.StatusOK, a.status, "body: %s", a.body)
	tok := a.json(t)
	access := tok["access_token"].(string)
	assert.True(t, strings.HasPrefix(access, "access_"), access)
	assert.Equal(t, "bearer", tok["token_type"])
	assert.Equal(t, "clients.write onboarding.read", tok["scope"])
	assert.EqualValues(t, 3600, tok["expires_in"])
	refresh := tok["refresh_token"].(string)
	require.NotEmpty(t, refresh)

	// The code works once.
	again := exchange(t, srv, url.Values{"grant_type": {"authorization_code"}, "code": {code}})
	requireOAuthError(t, again, http.StatusBadRequest, "invalid_grant")

	// The issued token creates client links.
	created := send(t, "POST", srv.URL+"/v2/client-links", clientLinkBody, "Content-Type", jsonType, "Authorization", bearer(access))
	assert.Equal(t, http.StatusCreated, created.status, "body: %s", created.body)

	// Refreshing gives a new access token.
	r := exchange(t, srv, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refresh}})
	require.Equal(t, http.StatusOK, r.status, "body: %s", r.body)
	assert.NotEqual(t, access, r.json(t)["access_token"])
	assert.Equal(t, 2, srv.Handler.Count(fakeapi.KindMollieToken))
}

func TestMollieIssuedTokenExpires(t *testing.T) {
	clock := newTestClock()
	srv := fakeapitest.NewServer(t, fakeapi.WithClock(clock.Now))
	_, href := mollieLink(t, srv)
	code := consent(t, href, consentQuery(srv)).Get("code")
	a := exchange(t, srv, url.Values{"grant_type": {"authorization_code"}, "code": {code}})
	require.Equal(t, http.StatusOK, a.status)
	clock.Advance(2 * time.Hour)
	late := send(t, "POST", srv.URL+"/v2/client-links", clientLinkBody, "Content-Type", jsonType,
		"Authorization", bearer(a.json(t)["access_token"].(string)))
	requireMollieError(t, late, http.StatusUnauthorized, "")
}

// TestMollieIssuedTokenNeedsClientsWrite: create-client-link requires the clients.write scope of
// a token issued by /oauth2/tokens, also after a refresh; the organization token needs none.
func TestMollieIssuedTokenNeedsClientsWrite(t *testing.T) {
	srv := fakeapitest.NewServer(t)
	_, href := mollieLink(t, srv) // with the organization token
	q := consentQuery(srv)
	q.Set("scope", "onboarding.read onboarding.write")
	a := exchange(t, srv, url.Values{"grant_type": {"authorization_code"}, "code": {consent(t, href, q).Get("code")}})
	require.Equal(t, http.StatusOK, a.status, "body: %s", a.body)
	tok := a.json(t)

	refreshed := exchange(t, srv, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tok["refresh_token"].(string)}})
	require.Equal(t, http.StatusOK, refreshed.status, "body: %s", refreshed.body)
	for _, access := range []string{tok["access_token"].(string), refreshed.json(t)["access_token"].(string)} {
		refused := send(t, "POST", srv.URL+"/v2/client-links", clientLinkBody, "Content-Type", jsonType, "Authorization", bearer(access))
		requireMollieError(t, refused, http.StatusUnauthorized, "")
		assert.Contains(t, refused.json(t)["detail"], "clients.write")
	}
	assert.Equal(t, 1, srv.Handler.Count(fakeapi.KindClientLink))
}

func TestMollieTokenExchangeFailures(t *testing.T) {
	srv := fakeapitest.NewServer(t)
	_, href := mollieLink(t, srv)
	code := consent(t, href, consentQuery(srv)).Get("code")

	requireOAuthError(t, exchange(t, srv, url.Values{"grant_type": {"authorization_code"}, "code": {code},
		"redirect_uri": {"https://evil.example/cb"}}), 400, "invalid_grant")
	requireOAuthError(t, exchange(t, srv, url.Values{"grant_type": {"authorization_code"}, "code": {"auth_unknown"}}), 400, "invalid_grant")
	requireOAuthError(t, exchange(t, srv, url.Values{"grant_type": {"authorization_code"}}), 400, "invalid_request")
	requireOAuthError(t, exchange(t, srv, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {"nope"}}), 400, "invalid_grant")
	requireOAuthError(t, exchange(t, srv, url.Values{"grant_type": {"refresh_token"}}), 400, "invalid_request")
	// A refused redirect_uri does not use up the code.
	ok := exchange(t, srv, url.Values{"grant_type": {"authorization_code"}, "code": {code}})
	assert.Equal(t, http.StatusOK, ok.status, "body: %s", ok.body)
}

func TestMollieCodeExpires(t *testing.T) {
	clock := newTestClock()
	srv := fakeapitest.NewServer(t, fakeapi.WithClock(clock.Now))
	_, href := mollieLink(t, srv)
	code := consent(t, href, consentQuery(srv)).Get("code")
	clock.Advance(11 * time.Minute)
	requireOAuthError(t, exchange(t, srv, url.Values{"grant_type": {"authorization_code"}, "code": {code}}), 400, "invalid_grant")
}

func TestCreateOAuthTokenInvalid(t *testing.T) {
	srv := fakeapitest.NewServer(t)
	app := basic(srv.Credentials.MollieClientID, srv.Credentials.MollieClientSecret)
	tests := []struct {
		name   string
		body   string
		header []string
		status int
		code   string
	}{
		{"missing grant_type", "code=x", []string{"Content-Type", formType, "Authorization", app}, 400, "invalid_request"},
		{"missing body", "", []string{"Content-Type", formType, "Authorization", app}, 400, "invalid_request"},
		// Every form field is a string, so the wrong-type case of a form body is a value outside the enum.
		{"wrong value", "grant_type=password", []string{"Content-Type", formType, "Authorization", app}, 400, "unsupported_grant_type"},
		{"wrong content type", `{"grant_type":"refresh_token"}`, []string{"Content-Type", jsonType, "Authorization", app}, 400, "invalid_request"},
		{"missing auth", "grant_type=refresh_token&refresh_token=x", []string{"Content-Type", formType}, 401, "invalid_client"},
		{"wrong secret", "grant_type=refresh_token&refresh_token=x", []string{"Content-Type", formType,
			"Authorization", basic(srv.Credentials.MollieClientID, "wrong")}, 401, "invalid_client"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			requireOAuthError(t, send(t, "POST", srv.URL+"/oauth2/tokens", tt.body, tt.header...), tt.status, tt.code)
		})
	}
}

func TestConsentPageFailures(t *testing.T) {
	clock := newTestClock()
	srv := fakeapitest.NewServer(t, fakeapi.WithClock(clock.Now))
	id, href := mollieLink(t, srv)
	without := func(name string) url.Values {
		q := consentQuery(srv)
		q.Del(name)
		return q
	}
	tests := []struct {
		name      string
		href      string
		query     url.Values
		code      string
		wantState bool
	}{
		{"missing client_id", href, without("client_id"), "invalid_request", true},
		{"missing state", href, without("state"), "invalid_request", false},
		{"missing scope", href, without("scope"), "invalid_request", true},
		{"wrong client_id", href, url.Values{"client_id": {"app_other"}, "state": {"st4te"}, "scope": {"x"}}, "invalid_client", true},
		{"unknown link", strings.Replace(href, id, "cl_unknown", 1), consentQuery(srv), "invalid_request", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			back := consent(t, tt.href, tt.query)
			assert.Equal(t, tt.code, back.Get("error"))
			assert.NotEmpty(t, back.Get("error_description"))
			assert.Empty(t, back.Get("code"))
			if tt.wantState {
				assert.Equal(t, "st4te", back.Get("state"))
			} else {
				assert.False(t, back.Has("state"))
			}
		})
	}

	t.Run("expired link", func(t *testing.T) {
		clock.Advance(30*24*time.Hour + time.Second)
		back := consent(t, href, consentQuery(srv))
		assert.Equal(t, "invalid_request", back.Get("error"))
		assert.Contains(t, back.Get("error_description"), "expired")
		assert.Empty(t, back.Get("code"))
	})
}

func TestConsentPageDenial(t *testing.T) {
	srv := fakeapitest.NewServer(t, fakeapi.WithMollieDenial("access_denied", "The customer said no"))
	_, href := mollieLink(t, srv)
	back := consent(t, href, consentQuery(srv))
	assert.Equal(t, "access_denied", back.Get("error"))
	assert.Equal(t, "The customer said no", back.Get("error_description"))
	assert.Equal(t, "st4te", back.Get("state"))
	assert.Empty(t, back.Get("code"))
}
