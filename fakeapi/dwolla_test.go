package fakeapi_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/fakeapi"
	"github.com/clientkit/clientkit/fakeapi/fakeapitest"
)

func TestDwollaTokenAndClientToken(t *testing.T) {
	srv := fakeapitest.NewServer(t, fakeapi.WithDwollaTokenTTL(10*time.Minute))
	a := send(t, "POST", srv.URL+"/token", "grant_type=client_credentials", "Content-Type", formType,
		"Authorization", basic(srv.Credentials.DwollaClientID, srv.Credentials.DwollaClientSecret))
	require.Equal(t, http.StatusOK, a.status, "body: %s", a.body)
	tok := a.json(t)
	assert.EqualValues(t, 600, tok["expires_in"])
	assert.Equal(t, "Bearer", tok["token_type"])

	ct := send(t, "POST", srv.URL+"/client-tokens", clientTokenBody, "Content-Type", jsonType, "Accept", dwollaType,
		"Authorization", bearer(tok["access_token"].(string)))
	require.Equal(t, http.StatusOK, ct.status, "body: %s", ct.body)
	assert.Equal(t, dwollaType, ct.header.Get("Content-Type"))
	assert.NotEmpty(t, ct.json(t)["token"])
	assert.Equal(t, 1, srv.Handler.Count(fakeapi.KindClientToken))
	assert.Equal(t, 1, srv.Handler.Count(fakeapi.KindDwollaToken))
}

func TestDwollaTokenExpires(t *testing.T) {
	clock := newTestClock()
	srv := fakeapitest.NewServer(t, fakeapi.WithClock(clock.Now), fakeapi.WithDwollaTokenTTL(time.Hour))
	token := dwollaToken(t, srv)
	clock.Advance(time.Hour)
	a := send(t, "POST", srv.URL+"/client-tokens", clientTokenBody, "Content-Type", jsonType, "Accept", dwollaType,
		"Authorization", bearer(token))
	requireDwollaError(t, a, http.StatusUnauthorized, "ExpiredAccessToken")
	assert.Zero(t, srv.Handler.Count(fakeapi.KindClientToken))
}

func TestCreateApplicationAccessTokenInvalid(t *testing.T) {
	srv := fakeapitest.NewServer(t)
	app := basic(srv.Credentials.DwollaClientID, srv.Credentials.DwollaClientSecret)
	tests := []struct {
		name   string
		body   string
		header []string
		status int
		code   string
	}{
		{"missing grant_type", "scope=x", []string{"Content-Type", formType, "Authorization", app}, 400, "invalid_request"},
		{"missing body", "", []string{"Content-Type", formType, "Authorization", app}, 400, "invalid_request"},
		// Every form field is a string: the wrong-type case is a value outside the enum.
		{"wrong value", "grant_type=authorization_code", []string{"Content-Type", formType, "Authorization", app}, 400, "unsupported_grant_type"},
		{"wrong content type", `{"grant_type":"client_credentials"}`, []string{"Content-Type", jsonType, "Authorization", app}, 400, "invalid_request"},
		{"missing auth", "grant_type=client_credentials", []string{"Content-Type", formType}, 401, "invalid_client"},
		{"wrong secret", "grant_type=client_credentials", []string{"Content-Type", formType,
			"Authorization", basic(srv.Credentials.DwollaClientID, "nope")}, 401, "invalid_client"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			requireOAuthError(t, send(t, "POST", srv.URL+"/token", tt.body, tt.header...), tt.status, tt.code)
		})
	}
	assert.Zero(t, srv.Handler.Count(fakeapi.KindDwollaToken))
}

func TestCreateClientTokenInvalid(t *testing.T) {
	srv := fakeapitest.NewServer(t)
	auth := bearer(dwollaToken(t, srv))
	good := []string{"Content-Type", jsonType, "Accept", dwollaType, "Authorization", auth}
	fieldErrors := []struct {
		name string
		body string
		path string
	}{
		{"missing required field", `{"action":"customer.update"}`, "/_links"},
		{"missing nested field", `{"action":"customer.update","_links":{"customer":{}}}`, "/_links/customer/href"},
		{"wrong type", strings.Replace(clientTokenBody, `"customer.update"`, `7`, 1), "/action"},
	}
	for _, tt := range fieldErrors {
		t.Run(tt.name, func(t *testing.T) {
			requireDwollaFieldError(t, send(t, "POST", srv.URL+"/client-tokens", tt.body, good...), tt.path)
		})
	}
	others := []struct {
		name   string
		header []string
		status int
		code   string
	}{
		{"wrong content type", []string{"Content-Type", "text/plain", "Accept", dwollaType, "Authorization", auth}, 415, "UnsupportedMediaType"},
		{"missing Accept", []string{"Content-Type", jsonType, "Authorization", auth}, 406, "InvalidVersion"},
		{"wrong Accept", []string{"Content-Type", jsonType, "Accept", jsonType, "Authorization", auth}, 406, "InvalidVersion"},
		{"missing auth", []string{"Content-Type", jsonType, "Accept", dwollaType}, 401, "InvalidAccessToken"},
		{"unknown token", []string{"Content-Type", jsonType, "Accept", dwollaType, "Authorization", bearer("nope")}, 401, "InvalidAccessToken"},
	}
	for _, tt := range others {
		t.Run(tt.name, func(t *testing.T) {
			requireDwollaError(t, send(t, "POST", srv.URL+"/client-tokens", clientTokenBody, tt.header...), tt.status, tt.code)
		})
	}
	requireDwollaError(t, send(t, "POST", srv.URL+"/client-tokens", `{"action":`, good...), 400, "BadRequest")
	requireDwollaError(t, send(t, "POST", srv.URL+"/client-tokens", ``, good...), 400, "BadRequest")
	assert.Zero(t, srv.Handler.Count(fakeapi.KindClientToken))
}
