package fakeapi_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/fakeapi"
	"github.com/clientkit/clientkit/fakeapi/fakeapitest"
)

// serveDirect runs one request through the handler without a network.
func serveDirect(h http.Handler, method, target, body string, headers ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, target, strings.NewReader(body))
	for i := 0; i+1 < len(headers); i += 2 {
		r.Header.Set(headers[i], headers[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestIdempotencyKeysExpire(t *testing.T) {
	clock := newTestClock()
	srv := fakeapitest.NewServer(t, fakeapi.WithClock(clock.Now), fakeapi.WithIdempotencyTTL(time.Hour))
	headers := []string{"Content-Type", jsonType, "Authorization", bearer(srv.Credentials.MollieAccessToken), "Idempotency-Key", "k1"}
	first := send(t, "POST", srv.URL+"/v2/client-links", clientLinkBody, headers...)
	require.Equal(t, http.StatusCreated, first.status)
	clock.Advance(59 * time.Minute)
	assert.Equal(t, "true", send(t, "POST", srv.URL+"/v2/client-links", clientLinkBody, headers...).header.Get("Idempotent-Replayed"))
	clock.Advance(time.Minute)
	again := send(t, "POST", srv.URL+"/v2/client-links", clientLinkBody, headers...)
	assert.Equal(t, http.StatusCreated, again.status)
	assert.Empty(t, again.header.Get("Idempotent-Replayed"), "an expired key starts a new request")
	assert.Equal(t, 2, srv.Handler.Count(fakeapi.KindClientLink))
	_, err := fakeapi.NewHandler(fakeapi.WithIdempotencyTTL(0))
	assert.ErrorContains(t, err, "idempotency TTL")
}

// TestExpiredTokensArePurged: issue 16 point 7 (60,000 expired Dwolla tokens stayed stored).
func TestExpiredTokensArePurged(t *testing.T) {
	clock := newTestClock()
	h, err := fakeapi.NewHandler(fakeapi.WithClock(clock.Now), fakeapi.WithDwollaTokenTTL(time.Minute))
	require.NoError(t, err)
	c := fakeapi.DefaultCredentials()
	auth := basic(c.DwollaClientID, c.DwollaClientSecret)
	issue := func(n int) {
		for range n {
			w := serveDirect(h, "POST", "/token", "grant_type=client_credentials", "Content-Type", formType, "Authorization", auth)
			require.Equal(t, http.StatusOK, w.Code, w.Body.String())
		}
	}
	issue(1100)
	clock.Advance(time.Minute)
	issue(1100)
	assert.Equal(t, 1100, h.Count(fakeapi.KindDwollaToken), "expired tokens are purged as new ones come; live ones stay")
}

func TestDwollaTokenCredentialsInBodyOrHeader(t *testing.T) {
	srv := fakeapitest.NewServer(t)
	c := srv.Credentials
	body := url.Values{"grant_type": {"client_credentials"}, "client_id": {c.DwollaClientID}, "client_secret": {c.DwollaClientSecret}}
	a := send(t, "POST", srv.URL+"/token", body.Encode(), "Content-Type", formType)
	require.Equal(t, http.StatusOK, a.status, "body credentials, as dwolla-v2 sends them: %s", a.body)
	both := send(t, "POST", srv.URL+"/token", body.Encode(), "Content-Type", formType, "Authorization", basic(c.DwollaClientID, c.DwollaClientSecret))
	requireOAuthError(t, both, 400, "invalid_request")
	requireOAuthError(t, send(t, "POST", srv.URL+"/token", "grant_type=client_credentials", "Content-Type", formType), 401, "invalid_client")
	wrong := url.Values{"grant_type": {"client_credentials"}, "client_id": {c.DwollaClientID}, "client_secret": {"nope"}}
	requireOAuthError(t, send(t, "POST", srv.URL+"/token", wrong.Encode(), "Content-Type", formType), 401, "invalid_client")
}

func TestDwollaCustomerURLMustBeADwollaCustomer(t *testing.T) {
	srv := fakeapitest.NewServer(t)
	token := dwollaToken(t, srv)
	post := func(href string) answer {
		return send(t, "POST", srv.URL+"/client-tokens", `{"action":"customer.update","_links":{"customer":{"href":"`+href+`"}}}`,
			"Content-Type", jsonType, "Accept", "application/vnd.dwolla.v1.hal+json", "Authorization", bearer(token))
	}
	for _, ok := range []string{"https://api.dwolla.com/customers/abc", "https://api-sandbox.dwolla.com/customers/abc",
		"http://127.0.0.1:8080/customers/abc", "http://localhost/customers/abc"} {
		assert.Equal(t, http.StatusOK, post(ok).status, ok)
	}
	for _, bad := range []string{"not a url", "/customers/abc", "http://api.dwolla.com/customers/abc",
		"https://evil.example/customers/abc", "https://api.dwolla.com/accounts/abc", "https://api.dwolla.com/customers/",
		"https://api.dwolla.com/customers/a/b", "ftp://127.0.0.1/customers/a"} {
		requireDwollaFieldError(t, post(bad), "/_links/customer/href")
	}
	assert.Equal(t, 4, srv.Handler.Count(fakeapi.KindClientToken))
}

// TestFaultCodesAndAllow: issue 16 point 9.
func TestFaultCodesAndAllow(t *testing.T) {
	srv := fakeapitest.NewServer(t)
	srv.Inject(fakeapi.OpListClients, fakeapi.Fault{Status: http.StatusTooEarly})
	a := send(t, "GET", srv.URL+"/api/auth/clients", "", "Authorization", bearer(srv.Credentials.FormanceToken))
	requireFormanceError(t, a, http.StatusTooEarly, "TOO_EARLY")
	m := send(t, "GET", srv.URL+"/v2/client-links", "")
	assert.Equal(t, http.StatusMethodNotAllowed, m.status)
	assert.Equal(t, "POST", m.header.Get("Allow"))
	d := send(t, "GET", srv.URL+"/token", "")
	assert.Equal(t, http.StatusMethodNotAllowed, d.status)
	assert.Equal(t, "POST", d.header.Get("Allow"))
	tok := send(t, "DELETE", srv.URL+"/oauth2/tokens", "")
	assert.NotEqual(t, http.StatusMethodNotAllowed, tok.status, "DELETE /oauth2/tokens is revocation")
}

// TestHandlerPrintsNoSecret: issue 16 point 3, `%v` of the handler printed every credential and
// token it holds.
func TestHandlerPrintsNoSecret(t *testing.T) {
	srv := fakeapitest.NewServer(t)
	token := dwollaToken(t, srv)
	for _, format := range []string{"%v", "%+v", "%#v", "%s"} {
		out := fmt.Sprintf(format, srv.Handler)
		for _, secret := range []string{token, srv.Credentials.DwollaClientSecret, srv.Credentials.FormanceToken,
			srv.Credentials.MollieAccessToken, srv.Credentials.MollieClientSecret} {
			assert.NotContains(t, out, secret, format)
		}
	}
}
