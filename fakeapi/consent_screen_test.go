package fakeapi_test

import (
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/fakeapi"
	"github.com/clientkit/clientkit/fakeapi/fakeapitest"
)

var nonceField = regexp.MustCompile(`name="nonce" value="([0-9a-f]+)"`)

// openConsentScreen opens an interactive consent page and returns its nonce.
func openConsentScreen(t *testing.T, srv *fakeapitest.Server, href string) string {
	t.Helper()
	a := send(t, "GET", href+"?"+consentQuery(srv).Encode(), "")
	require.Equal(t, http.StatusOK, a.status, "body: %s", a.body)
	assert.Contains(t, a.header.Get("Content-Type"), "text/html")
	assert.Contains(t, a.header.Get("Content-Security-Policy"), "frame-ancestors 'none'")
	page := string(a.body)
	assert.Contains(t, page, srv.Credentials.MollieClientID)
	assert.Contains(t, page, "Jansen BV")
	assert.Contains(t, page, "<code>clients.write</code>")
	assert.Contains(t, page, "<code>onboarding.read</code>")
	m := nonceField.FindStringSubmatch(page)
	require.NotNil(t, m, "no nonce in the page")
	return m[1]
}

// decide posts the consent form as the fake's own page would.
func decide(t *testing.T, srv *fakeapitest.Server, href, nonce, decision string) answer {
	t.Helper()
	return send(t, "POST", href, url.Values{"nonce": {nonce}, "decision": {decision}}.Encode(),
		"Content-Type", formType, "Origin", srv.URL, "Sec-Fetch-Site", "same-origin")
}

func redirectQuery(t *testing.T, a answer) url.Values {
	t.Helper()
	require.Equal(t, http.StatusSeeOther, a.status, "body: %s", a.body)
	loc, err := url.Parse(a.header.Get("Location"))
	require.NoError(t, err)
	return loc.Query()
}

func TestInteractiveConsentApproveAndDeny(t *testing.T) {
	srv := fakeapitest.NewServer(t, fakeapi.WithConsent(fakeapi.ConsentInteractive))

	_, href := mollieLink(t, srv)
	back := redirectQuery(t, decide(t, srv, href, openConsentScreen(t, srv, href), "approve"))
	assert.Equal(t, "st4te", back.Get("state"))
	require.NotEmpty(t, back.Get("code"))
	tokens := exchange(t, srv, url.Values{"grant_type": {"authorization_code"}, "code": {back.Get("code")}})
	assert.Equal(t, http.StatusOK, tokens.status, "the code from the screen is exchangeable")

	_, href = mollieLink(t, srv)
	back = redirectQuery(t, decide(t, srv, href, openConsentScreen(t, srv, href), "deny"))
	assert.Equal(t, "access_denied", back.Get("error"))
	assert.NotEmpty(t, back.Get("error_description"))
	assert.Equal(t, "st4te", back.Get("state"))
	assert.Empty(t, back.Get("code"))
}

func TestInteractiveConsentRefusesForgedAnswers(t *testing.T) {
	srv := fakeapitest.NewServer(t, fakeapi.WithConsent(fakeapi.ConsentInteractive))
	_, href := mollieLink(t, srv)
	_, otherHref := mollieLink(t, srv)
	nonce := openConsentScreen(t, srv, href)

	assert.Equal(t, http.StatusBadRequest, decide(t, srv, href, "0123abcd", "approve").status, "an unknown nonce")
	assert.Equal(t, http.StatusBadRequest, decide(t, srv, href, "", "approve").status, "no nonce")
	cross := send(t, "POST", href, url.Values{"nonce": {nonce}, "decision": {"approve"}}.Encode(),
		"Content-Type", formType, "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site")
	assert.Equal(t, http.StatusForbidden, cross.status, "another site's form")
	assert.Equal(t, http.StatusBadRequest, decide(t, srv, otherHref, nonce, "approve").status, "another link's nonce")

	nonce = openConsentScreen(t, srv, href)
	assert.Equal(t, http.StatusBadRequest, decide(t, srv, href, nonce, "maybe").status, "an unknown decision")
	nonce = openConsentScreen(t, srv, href)
	redirectQuery(t, decide(t, srv, href, nonce, "approve"))
	assert.Equal(t, http.StatusBadRequest, decide(t, srv, href, nonce, "approve").status, "a nonce is used once")
}

func TestTestTriggers(t *testing.T) {
	srv := fakeapitest.NewServer(t)
	mollie := []string{"Content-Type", jsonType, "Authorization", bearer(srv.Credentials.MollieAccessToken)}
	link := func(email string) string {
		return `{"owner":{"email":"` + email + `","givenName":"A","familyName":"B"},"name":"N","address":{"country":"NL"}}`
	}
	a := send(t, "POST", srv.URL+"/v2/client-links", link("fail+429@example.com"), mollie...)
	requireMollieError(t, a, 429, "")
	assert.Equal(t, "1", a.header.Get("Retry-After"))
	requireMollieError(t, send(t, "POST", srv.URL+"/v2/client-links", link("fail+500@example.com"), mollie...), 500, "")
	assert.Equal(t, http.StatusCreated, send(t, "POST", srv.URL+"/v2/client-links", link("fail+200@example.com"), mollie...).status,
		"a status no trigger offers is an ordinary email")

	dwolla := []string{"Content-Type", jsonType, "Accept", dwollaType, "Authorization", bearer(dwollaToken(t, srv))}
	body := `{"action":"customer.update","_links":{"customer":{"href":"https://api-sandbox.dwolla.com/customers/trigger-503"}}}`
	requireDwollaError(t, send(t, "POST", srv.URL+"/client-tokens", body, dwolla...), 503, "ServiceUnavailable")

	formance := []string{"Content-Type", jsonType, "Authorization", bearer(srv.Credentials.FormanceToken)}
	requireFormanceError(t, send(t, "POST", srv.URL+"/api/auth/clients", `{"name":"trigger-500"}`, formance...), 500, "INTERNAL")
	assert.Zero(t, srv.Handler.Count(fakeapi.KindFormanceClient), "a triggered create stores nothing")
	log := srv.Handler.Requests()
	assert.Equal(t, "trigger-500", log[len(log)-1].Trigger)

	// A trigger only applies to a valid request: validation comes first.
	requireFormanceError(t, send(t, "POST", srv.URL+"/api/auth/clients", `{"name":"trigger-500","public":"yes"}`, formance...), 400, "VALIDATION")

	// fail+deny@ makes the consent page deny the link.
	a = send(t, "POST", srv.URL+"/v2/client-links", link("fail+deny@example.com"), mollie...)
	require.Equal(t, http.StatusCreated, a.status)
	href := a.json(t)["_links"].(map[string]any)["clientLink"].(map[string]any)["href"].(string)
	back := consent(t, href, consentQuery(srv))
	assert.Equal(t, "access_denied", back.Get("error"))
}

// TestInteractiveAuthorizePage: the plain authorize URL shows the same screen, without an
// organization, and takes the answer on its own path.
func TestInteractiveAuthorizePage(t *testing.T) {
	srv := fakeapitest.NewServer(t, fakeapi.WithConsent(fakeapi.ConsentInteractive))
	q := consentQuery(srv)
	q.Set("response_type", "code")
	page := send(t, "GET", srv.URL+"/oauth2/authorize?"+q.Encode(), "")
	require.Equal(t, http.StatusOK, page.status, "body: %s", page.body)
	assert.Contains(t, string(page.body), `action="/oauth2/authorize"`)
	m := nonceField.FindStringSubmatch(string(page.body))
	require.NotNil(t, m)
	_, href := mollieLink(t, srv)
	assert.Equal(t, http.StatusBadRequest, decide(t, srv, href, m[1], "approve").status, "a nonce answers its own page only")

	page = send(t, "GET", srv.URL+"/oauth2/authorize?"+q.Encode(), "")
	m = nonceField.FindStringSubmatch(string(page.body))
	require.NotNil(t, m)
	back := redirectQuery(t, decide(t, srv, srv.URL+"/oauth2/authorize", m[1], "approve"))
	assert.NotEmpty(t, back.Get("code"))
	assert.Equal(t, "st4te", back.Get("state"))
}
