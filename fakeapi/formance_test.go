package fakeapi_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/fakeapi"
	"github.com/clientkit/clientkit/fakeapi/fakeapitest"
)

func TestFormanceClientCRUD(t *testing.T) {
	srv := fakeapitest.NewServer(t)
	auth := []string{"Content-Type", jsonType, "Authorization", bearer(srv.Credentials.FormanceToken)}
	base := srv.URL + "/api/auth/clients"

	created := send(t, "POST", base, `{"name":"billing","public":false,"redirectUris":["https://app.example/cb"],"metadata":{"team":"ops"}}`, auth...)
	require.Equal(t, http.StatusCreated, created.status, "body: %s", created.body)
	client := created.json(t)["data"].(map[string]any)
	id := client["id"].(string)
	assert.Equal(t, "billing", client["name"])
	assert.Equal(t, map[string]any{"team": "ops"}, client["metadata"])

	read := send(t, "GET", base+"/"+id, "", auth...)
	require.Equal(t, http.StatusOK, read.status, "body: %s", read.body)
	assert.Equal(t, client, read.json(t)["data"])

	updated := send(t, "PUT", base+"/"+id, `{"name":"billing-v2","trusted":true}`, auth...)
	require.Equal(t, http.StatusOK, updated.status, "body: %s", updated.body)
	data := updated.json(t)["data"].(map[string]any)
	assert.Equal(t, "billing-v2", data["name"])
	assert.Equal(t, true, data["trusted"])
	assert.NotContains(t, data, "redirectUris", "update replaces the options")

	other := formanceClient(t, srv, "other")
	list := send(t, "GET", base, "", auth...)
	require.Equal(t, http.StatusOK, list.status)
	assert.Len(t, list.json(t)["data"], 2)

	assert.Equal(t, http.StatusNoContent, send(t, "DELETE", base+"/"+other, "", auth...).status)
	requireFormanceError(t, send(t, "GET", base+"/"+other, "", auth...), 404, "NOT_FOUND")
	assert.Equal(t, 1, srv.Handler.Count(fakeapi.KindFormanceClient))
}

func TestFormanceSecretsAndScopes(t *testing.T) {
	srv := fakeapitest.NewServer(t)
	auth := []string{"Content-Type", jsonType, "Authorization", bearer(srv.Credentials.FormanceToken)}
	id := formanceClient(t, srv, "svc")
	base := srv.URL + "/api/auth/clients/" + id

	s := send(t, "POST", base+"/secrets", `{"name":"ci"}`, auth...)
	require.Equal(t, http.StatusOK, s.status, "body: %s", s.body)
	secret := s.json(t)["data"].(map[string]any)
	clear := secret["clear"].(string)
	require.NotEmpty(t, clear)
	assert.Equal(t, clear[len(clear)-4:], secret["lastDigits"])

	assert.Equal(t, http.StatusNoContent, send(t, "PUT", base+"/scopes/ledger:read", "", auth...).status)
	assert.Equal(t, http.StatusNoContent, send(t, "PUT", base+"/scopes/ledger:read", "", auth...).status, "adding twice is harmless")

	read := send(t, "GET", base, "", auth...)
	require.Equal(t, http.StatusOK, read.status)
	assert.NotContains(t, string(read.body), clear, "the clear value is shown once")
	client := read.json(t)["data"].(map[string]any)
	assert.Equal(t, []any{"ledger:read"}, client["scopes"])
	secrets := client["secrets"].([]any)
	require.Len(t, secrets, 1)
	assert.Equal(t, secret["lastDigits"], secrets[0].(map[string]any)["lastDigits"])

	assert.Equal(t, http.StatusNoContent, send(t, "DELETE", base+"/scopes/ledger:read", "", auth...).status)
	requireFormanceError(t, send(t, "DELETE", base+"/scopes/ledger:read", "", auth...), 404, "NOT_FOUND")
	assert.Equal(t, http.StatusNoContent, send(t, "DELETE", base+"/secrets/"+secret["id"].(string), "", auth...).status)
	requireFormanceError(t, send(t, "DELETE", base+"/secrets/"+secret["id"].(string), "", auth...), 404, "NOT_FOUND")
	assert.Zero(t, srv.Handler.Count(fakeapi.KindFormanceSecret))
}

func TestFormanceUnknownIDs(t *testing.T) {
	srv := fakeapitest.NewServer(t)
	auth := []string{"Content-Type", jsonType, "Authorization", bearer(srv.Credentials.FormanceToken)}
	base := srv.URL + "/api/auth/clients/nope"
	for _, c := range []struct{ method, path, body string }{
		{"GET", "", ""}, {"PUT", "", `{"name":"x"}`}, {"DELETE", "", ""},
		{"POST", "/secrets", `{"name":"x"}`}, {"DELETE", "/secrets/s1", ""},
		{"PUT", "/scopes/a", ""}, {"DELETE", "/scopes/a", ""},
	} {
		requireFormanceError(t, send(t, c.method, base+c.path, c.body, auth...), 404, "NOT_FOUND")
	}
}

func TestFormanceClientCredentials(t *testing.T) {
	srv := fakeapitest.NewServer(t)
	auth := []string{"Content-Type", jsonType, "Authorization", bearer(srv.Credentials.FormanceToken)}
	id := formanceClient(t, srv, "machine")
	s := send(t, "POST", srv.URL+"/api/auth/clients/"+id+"/secrets", `{"name":"k"}`, auth...)
	require.Equal(t, http.StatusOK, s.status)
	clear := s.json(t)["data"].(map[string]any)["clear"].(string)
	tokenURL := srv.URL + "/api/auth/oauth/token"

	// HTTP Basic.
	a := send(t, "POST", tokenURL, "grant_type=client_credentials", "Content-Type", formType, "Authorization", basic(id, clear))
	require.Equal(t, http.StatusOK, a.status, "body: %s", a.body)
	tok := a.json(t)
	assert.Equal(t, "Bearer", tok["token_type"])
	assert.EqualValues(t, 3600, tok["expires_in"])
	issued := tok["access_token"].(string)
	list := send(t, "GET", srv.URL+"/api/auth/clients", "", "Authorization", bearer(issued))
	assert.Equal(t, http.StatusOK, list.status, "body: %s", list.body)

	// Form fields.
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {id}, "client_secret": {clear}}
	b := send(t, "POST", tokenURL, form.Encode(), "Content-Type", formType)
	assert.Equal(t, http.StatusOK, b.status, "body: %s", b.body)

	requireOAuthError(t, send(t, "POST", tokenURL, "grant_type=client_credentials", "Content-Type", formType,
		"Authorization", basic(id, "wrong")), 401, "invalid_client")
	requireOAuthError(t, send(t, "POST", tokenURL, "grant_type=client_credentials", "Content-Type", formType), 401, "invalid_client")
	requireOAuthError(t, send(t, "POST", tokenURL, "grant_type=password", "Content-Type", formType,
		"Authorization", basic(id, clear)), 400, "unsupported_grant_type")
	requireOAuthError(t, send(t, "POST", tokenURL, "", "Content-Type", formType, "Authorization", basic(id, clear)), 400, "invalid_request")
	requireOAuthError(t, send(t, "POST", tokenURL, `{}`, "Content-Type", jsonType, "Authorization", basic(id, clear)), 400, "invalid_request")
	assert.Equal(t, 2, srv.Handler.Count(fakeapi.KindFormanceToken))

	// Deleting the client revokes its tokens.
	require.Equal(t, http.StatusNoContent, send(t, "DELETE", srv.URL+"/api/auth/clients/"+id, "", auth...).status)
	requireFormanceError(t, send(t, "GET", srv.URL+"/api/auth/clients", "", "Authorization", bearer(issued)), 401, "UNAUTHORIZED")
}

// TestFormanceInvalidRequests sends each operation a request of every invalid kind it can receive.
func TestFormanceInvalidRequests(t *testing.T) {
	srv := fakeapitest.NewServer(t)
	good := bearer(srv.Credentials.FormanceToken)
	id := formanceClient(t, srv, "target")
	c := srv.URL + "/api/auth/clients"
	type op struct{ name, method, url, body string }
	ops := []op{
		{"listClients", "GET", c, ""},
		{"createClient", "POST", c, `{"name":"n"}`},
		{"readClient", "GET", c + "/" + id, ""},
		{"updateClient", "PUT", c + "/" + id, `{"name":"n"}`},
		{"deleteClient", "DELETE", c + "/" + id, ""},
		{"createSecret", "POST", c + "/" + id + "/secrets", `{"name":"n"}`},
		{"deleteSecret", "DELETE", c + "/" + id + "/secrets/s", ""},
		{"addScopeToClient", "PUT", c + "/" + id + "/scopes/s", ""},
		{"deleteScopeFromClient", "DELETE", c + "/" + id + "/scopes/s", ""},
	}
	for _, o := range ops {
		t.Run(o.name, func(t *testing.T) {
			requireFormanceError(t, send(t, o.method, o.url, o.body, "Content-Type", jsonType), 401, "UNAUTHORIZED")
			requireFormanceError(t, send(t, o.method, o.url, o.body, "Content-Type", jsonType, "Authorization", bearer("wrong")), 401, "UNAUTHORIZED")
			requireFormanceError(t, send(t, o.method, o.url, o.body, "Content-Type", jsonType, "Authorization", basic("a", "b")), 401, "UNAUTHORIZED")
			if o.body == "" {
				return
			}
			requireFormanceError(t, send(t, o.method, o.url, `{}`, "Content-Type", jsonType, "Authorization", good), 400, "VALIDATION")
			requireFormanceError(t, send(t, o.method, o.url, `{"name":5}`, "Content-Type", jsonType, "Authorization", good), 400, "VALIDATION")
			requireFormanceError(t, send(t, o.method, o.url, ``, "Content-Type", jsonType, "Authorization", good), 400, "VALIDATION")
			requireFormanceError(t, send(t, o.method, o.url, `name=n`, "Content-Type", formType, "Authorization", good), 415, "VALIDATION")
		})
	}
	// The message names the failing field.
	missing := send(t, "POST", c, `{}`, "Content-Type", jsonType, "Authorization", good)
	assert.Contains(t, missing.json(t)["errorMessage"], "name is required")
	// Wrong types deeper in the body.
	requireFormanceError(t, send(t, "POST", c, `{"name":"n","redirectUris":"x"}`, "Content-Type", jsonType, "Authorization", good), 400, "VALIDATION")
	requireFormanceError(t, send(t, "POST", c, `{"name":"n","public":"yes"}`, "Content-Type", jsonType, "Authorization", good), 400, "VALIDATION")
	requireFormanceError(t, send(t, "PATCH", c, `{}`, "Authorization", good), 405, "METHOD_NOT_ALLOWED")
	assert.Equal(t, 1, srv.Handler.Count(fakeapi.KindFormanceClient))
}
