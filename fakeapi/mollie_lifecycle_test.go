package fakeapi_test

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/fakeapi"
	"github.com/clientkit/clientkit/fakeapi/fakeapitest"
)

// authorize runs the plain authorize page and exchanges its code; it returns the token answer.
func authorize(t *testing.T, srv *fakeapitest.Server, extra url.Values) map[string]any {
	t.Helper()
	q := consentQuery(srv)
	q.Set("response_type", "code")
	for k, v := range extra {
		q[k] = v
	}
	back := consent(t, srv.URL+"/oauth2/authorize", q)
	require.Empty(t, back.Get("error"), back.Get("error_description"))
	a := exchange(t, srv, url.Values{"grant_type": {"authorization_code"}, "code": {back.Get("code")}})
	require.Equal(t, http.StatusOK, a.status, "body: %s", a.body)
	return a.json(t)
}

func revoke(t *testing.T, srv *fakeapitest.Server, hint, token string) answer {
	t.Helper()
	return send(t, "DELETE", srv.URL+"/oauth2/tokens", url.Values{"token_type_hint": {hint}, "token": {token}}.Encode(),
		"Content-Type", formType, "Authorization", basic(srv.Credentials.MollieClientID, srv.Credentials.MollieClientSecret))
}

func createLinkWith(t *testing.T, srv *fakeapitest.Server, token string) int {
	t.Helper()
	return send(t, "POST", srv.URL+"/v2/client-links", clientLinkBody, "Content-Type", jsonType, "Authorization", bearer(token)).status
}

func TestMollieAuthorizePageSharesTheConsentChecks(t *testing.T) {
	srv := fakeapitest.NewServer(t)
	tok := authorize(t, srv, nil)
	assert.NotEmpty(t, tok["refresh_token"])
	for name, q := range map[string]url.Values{
		"no response_type":   {"response_type": {""}},
		"token flow":         {"response_type": {"token"}},
		"foreign redirect":   {"redirect_uri": {"https://evil.example/cb"}},
		"wrong client":       {"client_id": {"app_other"}},
		"bad approval_promt": {"approval_prompt": {"sometimes"}},
	} {
		query := consentQuery(srv)
		query.Set("response_type", "code")
		for k, v := range q {
			query[k] = v
		}
		back := consent(t, srv.URL+"/oauth2/authorize", query)
		assert.NotEmpty(t, back.Get("error"), name)
		assert.Empty(t, back.Get("code"), name)
	}
	// GET shows the page; POST is the interactive page's answer (see consent_screen_test.go).
	put := send(t, "PUT", srv.URL+"/oauth2/authorize", "")
	assert.Equal(t, http.StatusMethodNotAllowed, put.status)
	assert.Equal(t, "GET, POST", put.header.Get("Allow"))
}

func TestMollieRefreshRotationAndCounts(t *testing.T) {
	clock := newTestClock()
	srv := fakeapitest.NewServer(t, fakeapi.WithClock(clock.Now), fakeapi.WithMollieRefreshTokenRotation(),
		fakeapi.WithMollieAccessTokenTTL(5*time.Second))
	tok := authorize(t, srv, nil)
	assert.EqualValues(t, 5, tok["expires_in"])
	access, refresh := tok["access_token"].(string), tok["refresh_token"].(string)
	assert.Equal(t, http.StatusCreated, createLinkWith(t, srv, access))
	clock.Advance(5 * time.Second)
	assert.Equal(t, http.StatusUnauthorized, createLinkWith(t, srv, access), "the token expired")

	next := exchange(t, srv, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refresh}})
	require.Equal(t, http.StatusOK, next.status, "body: %s", next.body)
	rotated := next.json(t)["refresh_token"].(string)
	assert.NotEqual(t, refresh, rotated)
	requireOAuthError(t, exchange(t, srv, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refresh}}), 400, "invalid_grant")
	assert.Equal(t, http.StatusOK, exchange(t, srv, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rotated}}).status)

	grants := srv.Handler.MollieGrants()
	require.Len(t, grants, 1)
	assert.Equal(t, 2, grants[0].Refreshes)
	assert.False(t, grants[0].Revoked)
}

func TestMollieRevocation(t *testing.T) {
	srv := fakeapitest.NewServer(t)
	tok := authorize(t, srv, nil)
	access, refresh := tok["access_token"].(string), tok["refresh_token"].(string)
	second := exchange(t, srv, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refresh}}).json(t)["access_token"].(string)
	assert.Equal(t, http.StatusCreated, createLinkWith(t, srv, access))

	// An access token alone.
	assert.Equal(t, http.StatusNoContent, revoke(t, srv, "access_token", access).status)
	assert.Equal(t, http.StatusUnauthorized, createLinkWith(t, srv, access))
	assert.Equal(t, http.StatusCreated, createLinkWith(t, srv, second))

	// The refresh token: it and every access token issued under it stop working.
	assert.Equal(t, http.StatusNoContent, revoke(t, srv, "refresh_token", refresh).status)
	requireOAuthError(t, exchange(t, srv, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refresh}}), 400, "invalid_grant")
	assert.Equal(t, http.StatusUnauthorized, createLinkWith(t, srv, second))
	assert.True(t, srv.Handler.MollieGrants()[0].Revoked)

	assert.Equal(t, http.StatusNoContent, revoke(t, srv, "refresh_token", "refresh_unknown").status, "unknown tokens are no error")
	requireOAuthError(t, revoke(t, srv, "id_token", "x"), 400, "invalid_request")
	bad := send(t, "DELETE", srv.URL+"/oauth2/tokens", "token_type_hint=access_token&token=x", "Content-Type", formType,
		"Authorization", basic(srv.Credentials.MollieClientID, "wrong"))
	requireOAuthError(t, bad, 401, "invalid_client")
}

func TestMollieForcedConsentReplacesTheAuthorization(t *testing.T) {
	srv := fakeapitest.NewServer(t)
	first := authorize(t, srv, nil)
	authorize(t, srv, url.Values{"approval_prompt": {"force"}})
	requireOAuthError(t, exchange(t, srv, url.Values{"grant_type": {"refresh_token"},
		"refresh_token": {first["refresh_token"].(string)}}), 400, "invalid_grant")
	grants := srv.Handler.MollieGrants()
	require.Len(t, grants, 2)
	assert.True(t, grants[0].Revoked)
	assert.False(t, grants[1].Revoked)
}
