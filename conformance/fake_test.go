package conformance_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/conformance/conformancetest"
	"github.com/clientkit/clientkit/fakeapi/fakeapitest"
)

// TestRawClientAgainstFakeIsClean sends hand-written net/http requests of every provider to the
// fake through the validating transport: the fake answers by the spec and so do the requests,
// so nothing is recorded (conformancetest would fail the test at cleanup otherwise).
func TestRawClientAgainstFakeIsClean(t *testing.T) {
	srv := fakeapitest.NewServer(t)
	tr := conformancetest.Wrap(t, nil)
	c := &http.Client{Transport: tr}
	creds := srv.Credentials
	ftok := bearer(creds.FormanceToken)

	status, body, err := send(t, c, http.MethodPost, srv.URL+"/api/auth/clients", "application/json", `{"name":"worker","metadata":{"team":"payouts"}}`, ftok)
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, status, body)
	var created struct {
		Data struct{ ID string } `json:"data"`
	}
	require.NoError(t, json.Unmarshal([]byte(body), &created))
	id := created.Data.ID
	for _, call := range []struct{ method, path, body string }{
		{http.MethodGet, "/api/auth/clients", ""},
		{http.MethodGet, "/api/auth/clients/" + id, ""},
		{http.MethodPut, "/api/auth/clients/" + id, `{"name":"worker-2"}`},
		{http.MethodPost, "/api/auth/clients/" + id + "/secrets", `{"name":"prod"}`},
		{http.MethodGet, "/api/auth/clients/unknown-id", ""}, // a 404 the spec declares
		{http.MethodDelete, "/api/auth/clients/" + id, ""},
	} {
		ct := ""
		if call.body != "" {
			ct = "application/json"
		}
		_, _, err := send(t, c, call.method, srv.URL+call.path, ct, call.body, ftok)
		require.NoError(t, err)
	}

	dh := http.Header{}
	dh.Set("Authorization", "Basic "+basicAuth(creds.DwollaClientID, creds.DwollaClientSecret))
	status, body, err = send(t, c, http.MethodPost, srv.URL+"/token", "application/x-www-form-urlencoded", "grant_type=client_credentials", dh)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, status, body)
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	require.NoError(t, json.Unmarshal([]byte(body), &tok))
	status, body, err = send(t, c, http.MethodPost, srv.URL+"/client-tokens", "application/json",
		`{"action":"customer.update","_links":{"customer":{"href":"https://api-sandbox.dwolla.com/customers/6b6f1d6a-4a3b-4b5c-8b8e-3f1f0f0f0f0f"}}}`,
		http.Header{"Authorization": {"Bearer " + tok.AccessToken}, "Accept": {"application/vnd.dwolla.v1.hal+json"}})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, status, body)

	status, body, err = send(t, c, http.MethodPost, srv.URL+"/v2/client-links", "application/json",
		`{"owner":{"email":"jan@example.org","givenName":"Jan","familyName":"Jansen"},"name":"Jansen Bikes B.V.","address":{"country":"NL"}}`,
		bearer(creds.MollieAccessToken))
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, status, body)

	rep := tr.Report()
	assert.Equal(t, 10, rep.Exchanges)
	assert.True(t, rep.OK(), "%s", rep)
}
