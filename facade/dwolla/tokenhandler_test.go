package dwolla_test

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/facade/dwolla"
	"github.com/clientkit/clientkit/fakeapi"
	"github.com/clientkit/clientkit/fakeapi/fakeapitest"
)

const (
	aliceCustomer = "https://api-sandbox.dwolla.com/customers/5b29279d-6359-4c87-a318-e09095532733"
	bobCustomer   = "https://api-sandbox.dwolla.com/customers/9a8e2c0e-1d47-4f2b-8a38-6a4c4c1b2f51"
)

// newApp serves a TokenHandler on 127.0.0.1, in front of the fake Dwolla; the signed-in user is
// the one the X-Session header names.
func newApp(t *testing.T) (*httptest.Server, *fakeapitest.Server) {
	t.Helper()
	fake := fakeapitest.NewServer(t)
	client, err := dwolla.New(fake.Credentials.DwollaClientID, fake.Credentials.DwollaClientSecret, dwolla.WithBaseURL(fake.URL))
	require.NoError(t, err)
	sessions := map[string]string{"alice-session": aliceCustomer}
	app := httptest.NewServer(&dwolla.TokenHandler{
		Client:  client,
		Actions: []string{"customer.update", "customer.fundingsources.create"},
		Customer: func(r *http.Request) (string, error) {
			if c, ok := sessions[r.Header.Get("X-Session")]; ok {
				return c, nil
			}
			return "", errors.New("not signed in")
		},
	})
	t.Cleanup(app.Close)
	return app, fake
}

// post sends what dwolla-web.js sends to the tokenUrl: a JSON body with the action and the
// customer link, from the app's own page.
func post(t *testing.T, app *httptest.Server, body string, headers ...string) (*http.Response, map[string]string) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, app.URL+"/dwolla/token", strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", app.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("X-Session", "alice-session")
	for i := 0; i+1 < len(headers); i += 2 {
		if headers[i+1] == "" {
			req.Header.Del(headers[i])
		} else {
			req.Header.Set(headers[i], headers[i+1])
		}
	}
	resp, err := app.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out map[string]string
	require.NoError(t, json.Unmarshal(raw, &out), "every answer is JSON: %s", raw)
	return resp, out
}

func componentBody(action, customer string) string {
	return `{"action":"` + action + `","_links":{"customer":{"href":"` + customer + `"}}}`
}

func TestTokenHandlerServesTheSignedInCustomer(t *testing.T) {
	app, fake := newApp(t)
	resp, out := post(t, app, componentBody("customer.update", aliceCustomer))
	require.Equal(t, http.StatusOK, resp.StatusCode, out)
	assert.NotEmpty(t, out["token"])
	assert.Equal(t, "no-store", resp.Header.Get("Cache-Control"))

	resp, out = post(t, app, `{"action":"customer.fundingsources.create"}`) // no link: the session's customer
	require.Equal(t, http.StatusOK, resp.StatusCode, out)
	assert.Equal(t, 2, fake.Handler.Count(fakeapi.KindClientToken))

	// Without Sec-Fetch-Site (older browsers), the Origin of the app's own page is enough.
	resp, out = post(t, app, componentBody("customer.update", aliceCustomer), "Sec-Fetch-Site", "")
	assert.Equal(t, http.StatusOK, resp.StatusCode, out)
}

func TestTokenHandlerRefusals(t *testing.T) {
	app, fake := newApp(t)
	cases := []struct {
		name    string
		body    string
		headers []string
		status  int
		code    string
	}{
		{"a browser-chosen customer", componentBody("customer.update", bobCustomer), nil, http.StatusForbidden, "customer_not_allowed"},
		{"an action off the list", componentBody("customer.transfers.send", aliceCustomer), nil, http.StatusForbidden, "action_not_allowed"},
		{"a cross-site request", componentBody("customer.update", aliceCustomer), []string{"Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"}, http.StatusForbidden, "cross_site"},
		{"another origin", componentBody("customer.update", aliceCustomer), []string{"Sec-Fetch-Site", "", "Origin", "https://evil.example"}, http.StatusForbidden, "cross_site"},
		{"no origin at all", componentBody("customer.update", aliceCustomer), []string{"Sec-Fetch-Site", "", "Origin", ""}, http.StatusForbidden, "cross_site"},
		{"no session", componentBody("customer.update", aliceCustomer), []string{"X-Session", "mallory"}, http.StatusUnauthorized, "no_customer"},
		{"not JSON", "action=customer.update", []string{"Content-Type", "application/x-www-form-urlencoded"}, http.StatusUnsupportedMediaType, "unsupported_media_type"},
		{"garbage", "{", nil, http.StatusBadRequest, "invalid_body"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp, out := post(t, app, c.body, c.headers...)
			assert.Equal(t, c.status, resp.StatusCode)
			assert.Equal(t, c.code, out["error"])
			assert.NotEmpty(t, out["message"])
			assert.Empty(t, out["token"])
		})
	}
	assert.Zero(t, fake.Handler.Count(fakeapi.KindClientToken), "no refusal asked Dwolla for a token")

	resp, err := app.Client().Get(app.URL)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusMethodNotAllowed, resp.StatusCode)
	assert.Equal(t, "POST", resp.Header.Get("Allow"))
}

func TestTokenHandlerHidesDwollasRefusal(t *testing.T) {
	app, fake := newApp(t)
	fake.Inject(fakeapi.OpCreateClientToken, fakeapi.Fault{Status: http.StatusBadRequest})
	resp, out := post(t, app, componentBody("customer.update", aliceCustomer))
	assert.Equal(t, http.StatusBadGateway, resp.StatusCode)
	assert.Equal(t, "token_unavailable", out["error"])
}
