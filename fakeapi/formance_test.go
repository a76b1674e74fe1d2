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
	requireEmpty404(t, send(t, "GET", base+"/"+other, "", auth...))
	assert.Equal(t, http.StatusNoContent, send(t, "DELETE", base+"/"+other, "", auth...).status, "a delete of an unknown client is 204")
	assert.Equal(t, 1, srv.Handler.Count(fakeapi.KindFormanceClient))
}

// requireEmpty404 checks the Auth service's 404: no body.
func requireEmpty404(t *testing.T, a answer) {
	t.Helper()
	assert.Equal(t, http.StatusNotFound, a.status, "body: %s", a.body)
	assert.Empty(t, a.body)
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

	read := send(t, "GET", base, "", auth...)
	require.Equal(t, http.StatusOK, read.status)
	assert.NotContains(t, string(read.body), clear, "the clear value is shown once")
	client := read.json(t)["data"].(map[string]any)
	secrets := client["secrets"].([]any)
	require.Len(t, secrets, 1)
	assert.Equal(t, secret["lastDigits"], secrets[0].(map[string]any)["lastDigits"])

	assert.Equal(t, http.StatusNoContent, send(t, "DELETE", base+"/secrets/"+secret["id"].(string), "", auth...).status)
	requireEmpty404(t, send(t, "DELETE", base+"/secrets/"+secret["id"].(string), "", auth...))
	assert.Zero(t, srv.Handler.Count(fakeapi.KindFormanceSecret))
}

// TestFormanceTodayScopes: scopes are labels written with the client; the seed era's endpoints
// are gone (404, empty body); /_info answers.
func TestFormanceTodayScopes(t *testing.T) {
	srv := fakeapitest.NewServer(t)
	auth := []string{"Content-Type", jsonType, "Authorization", bearer(srv.Credentials.FormanceToken)}
	base := srv.URL + "/api/auth/clients"
	created := send(t, "POST", base, `{"name":"svc","scopes":["ledger:read","auth:read"]}`, auth...)
	require.Equal(t, http.StatusCreated, created.status, "body: %s", created.body)
	data := created.json(t)["data"].(map[string]any)
	assert.Equal(t, []any{"ledger:read", "auth:read"}, data["scopes"])
	id := data["id"].(string)

	updated := send(t, "PUT", base+"/"+id, `{"name":"svc"}`, auth...)
	require.Equal(t, http.StatusOK, updated.status)
	assert.Equal(t, []any{}, updated.json(t)["data"].(map[string]any)["scopes"], "an update replaces the scopes too")

	requireEmpty404(t, send(t, "PUT", base+"/"+id+"/scopes/ledger:read", "", auth...))
	requireEmpty404(t, send(t, "DELETE", base+"/"+id+"/scopes/ledger:read", "", auth...))
	requireEmpty404(t, send(t, "GET", srv.URL+"/api/auth/scopes", "", auth...))
	requireEmpty404(t, send(t, "POST", srv.URL+"/api/auth/scopes", `{"label":"x"}`, auth...))

	info := send(t, "GET", srv.URL+"/api/auth/_info", "", auth...)
	require.Equal(t, http.StatusOK, info.status)
	assert.Regexp(t, `^v2\.`, info.json(t)["version"])
}

// TestFormanceSeed2023Scopes: scope records, granted by id; a label is no id; scopes on the
// client body are ignored.
func TestFormanceSeed2023Scopes(t *testing.T) {
	srv := fakeapitest.NewServer(t, fakeapi.WithFormanceGeneration(fakeapi.FormanceSeed2023))
	auth := []string{"Content-Type", jsonType, "Authorization", bearer(srv.Credentials.FormanceToken)}
	created := send(t, "POST", srv.URL+"/api/auth/clients", `{"name":"svc","scopes":["ledger:read"]}`, auth...)
	require.Equal(t, http.StatusCreated, created.status, "body: %s", created.body)
	data := created.json(t)["data"].(map[string]any)
	assert.Equal(t, []any{}, data["scopes"], "a 2023 server ignores scopes in the body")
	base := srv.URL + "/api/auth/clients/" + data["id"].(string)

	requireEmpty404(t, send(t, "PUT", base+"/scopes/ledger:read", "", auth...))
	rec := send(t, "POST", srv.URL+"/api/auth/scopes", `{"label":"ledger:read","metadata":{"team":"ops"}}`, auth...)
	require.Equal(t, http.StatusCreated, rec.status, "body: %s", rec.body)
	scope := rec.json(t)["data"].(map[string]any)
	scopeID := scope["id"].(string)
	assert.Equal(t, "ledger:read", scope["label"])
	assert.Equal(t, []any{}, scope["transient"], "the fake links no scope records")
	requireFormanceError(t, send(t, "POST", srv.URL+"/api/auth/scopes", `{"label":"ledger:read"}`, auth...), 400, "VALIDATION")

	assert.Equal(t, http.StatusNoContent, send(t, "PUT", base+"/scopes/"+scopeID, "", auth...).status)
	again := send(t, "PUT", base+"/scopes/"+scopeID, "", auth...)
	assert.Equal(t, http.StatusOK, again.status, "the 2023 server answered 200 to a grant it had")
	assert.Empty(t, again.body)
	read := send(t, "GET", base, "", auth...)
	assert.Equal(t, []any{scopeID}, read.json(t)["data"].(map[string]any)["scopes"])

	assert.Equal(t, http.StatusNoContent, send(t, "DELETE", base+"/scopes/"+scopeID, "", auth...).status)
	assert.Equal(t, http.StatusOK, send(t, "DELETE", base+"/scopes/"+scopeID, "", auth...).status)

	upd := send(t, "PUT", srv.URL+"/api/auth/scopes/"+scopeID, `{"label":"ledger:write"}`, auth...)
	require.Equal(t, http.StatusOK, upd.status, "body: %s", upd.body)
	list := send(t, "GET", srv.URL+"/api/auth/scopes", "", auth...)
	assert.Len(t, list.json(t)["data"], 1)
	assert.Equal(t, http.StatusNoContent, send(t, "DELETE", srv.URL+"/api/auth/scopes/"+scopeID, "", auth...).status)
	requireEmpty404(t, send(t, "GET", srv.URL+"/api/auth/scopes/"+scopeID, "", auth...))
	info := send(t, "GET", srv.URL+"/api/auth/_info", "", auth...)
	assert.Regexp(t, `^v1\.`, info.json(t)["version"])
}

// TestFormanceMetadataMustBeStrings: issue 13 (non-string values broke every peer SDK's list)
// and issue 16 point 8 (a number no client can read).
func TestFormanceMetadataMustBeStrings(t *testing.T) {
	srv := fakeapitest.NewServer(t)
	auth := []string{"Content-Type", jsonType, "Authorization", bearer(srv.Credentials.FormanceToken)}
	for _, body := range []string{`{"name":"a","metadata":{"a":true}}`, `{"name":"a","metadata":{"a":1}}`,
		`{"name":"a","metadata":{"a":1e999999}}`, `{"name":"a","metadata":{"a":{"b":"c"}}}`} {
		a := send(t, "POST", srv.URL+"/api/auth/clients", body, auth...)
		requireFormanceError(t, a, 400, "VALIDATION")
		assert.Contains(t, string(a.body), "metadata.a", body)
	}
	assert.Zero(t, srv.Handler.Count(fakeapi.KindFormanceClient))
}

// TestTrailingJSONIsRefused: issue 16 point 8, every provider.
func TestTrailingJSONIsRefused(t *testing.T) {
	srv := fakeapitest.NewServer(t)
	a := send(t, "POST", srv.URL+"/api/auth/clients", `{"name":"a"} {"name":"b"}`, "Content-Type", jsonType,
		"Authorization", bearer(srv.Credentials.FormanceToken))
	requireFormanceError(t, a, 400, "VALIDATION")
	for _, after := range []string{"\f", "\v", "\u00a0", "\u2028"} { // not JSON's white space
		b := send(t, "POST", srv.URL+"/api/auth/clients", `{"name":"a"}`+after, "Content-Type", jsonType,
			"Authorization", bearer(srv.Credentials.FormanceToken))
		requireFormanceError(t, b, 400, "VALIDATION")
	}
	other := fakeapitest.NewServer(t) // this test counts srv's clients at its end
	spaced := send(t, "POST", other.URL+"/api/auth/clients", " {\"name\":\"c\"} \r\n\t", "Content-Type", jsonType,
		"Authorization", bearer(other.Credentials.FormanceToken))
	require.Equal(t, http.StatusCreated, spaced.status, "white space around the value is not trailing data: %s", spaced.body)
	m := send(t, "POST", srv.URL+"/v2/client-links",
		`{"owner":{"email":"a@b.c","givenName":"A","familyName":"B"},"name":"N","address":{"country":"NL"}}x`,
		"Content-Type", jsonType, "Authorization", bearer(srv.Credentials.MollieAccessToken))
	assert.Equal(t, http.StatusBadRequest, m.status, "body: %s", m.body)
	d := send(t, "POST", srv.URL+"/client-tokens",
		`{"action":"customer.update","_links":{"customer":{"href":"https://api-sandbox.dwolla.com/customers/1"}}}]`,
		"Content-Type", jsonType, "Accept", "application/vnd.dwolla.v1.hal+json", "Authorization", bearer(dwollaToken(t, srv)))
	assert.Equal(t, http.StatusBadRequest, d.status, "body: %s", d.body)
	assert.Zero(t, srv.Handler.Count(fakeapi.KindFormanceClient)+srv.Handler.Count(fakeapi.KindClientLink)+
		srv.Handler.Count(fakeapi.KindClientToken))
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
		if c.method == "DELETE" && c.path == "" {
			assert.Equal(t, http.StatusNoContent, send(t, c.method, base, "", auth...).status)
			continue
		}
		requireEmpty404(t, send(t, c.method, base+c.path, c.body, auth...))
	}
}

func TestFormanceClientCredentials(t *testing.T) {
	srv := fakeapitest.NewServer(t)
	auth := []string{"Content-Type", jsonType, "Authorization", bearer(srv.Credentials.FormanceToken)}
	made := send(t, "POST", srv.URL+"/api/auth/clients", `{"name":"machine","scopes":["auth:read"]}`, auth...)
	require.Equal(t, http.StatusCreated, made.status)
	id := made.json(t)["data"].(map[string]any)["id"].(string)
	s := send(t, "POST", srv.URL+"/api/auth/clients/"+id+"/secrets", `{"name":"k"}`, auth...)
	require.Equal(t, http.StatusOK, s.status)
	clear := s.json(t)["data"].(map[string]any)["clear"].(string)
	tokenURL := srv.URL + "/api/auth/oauth/token"

	// HTTP Basic.
	a := send(t, "POST", tokenURL, "grant_type=client_credentials&scope=auth:read", "Content-Type", formType, "Authorization", basic(id, clear))
	require.Equal(t, http.StatusOK, a.status, "body: %s", a.body)
	tok := a.json(t)
	assert.Equal(t, "Bearer", tok["token_type"])
	assert.EqualValues(t, 3600, tok["expires_in"])
	issued := tok["access_token"].(string)
	list := send(t, "GET", srv.URL+"/api/auth/clients", "", "Authorization", bearer(issued))
	assert.Equal(t, http.StatusOK, list.status, "body: %s", list.body)
	// auth:write was not granted: today's server refuses the write.
	requireFormanceError(t, send(t, "POST", srv.URL+"/api/auth/clients", `{"name":"x"}`, "Content-Type", jsonType,
		"Authorization", bearer(issued)), 401, "UNAUTHORIZED")
	requireOAuthError(t, send(t, "POST", tokenURL, "grant_type=client_credentials&scope=auth:write", "Content-Type", formType,
		"Authorization", basic(id, clear)), 400, "invalid_scope")

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
		{"getServerInfo", "GET", srv.URL + "/api/auth/_info", ""},
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
	patch := send(t, "PATCH", c, `{}`, "Authorization", good)
	requireFormanceError(t, patch, 405, "METHOD_NOT_ALLOWED")
	assert.Equal(t, "GET, POST", patch.header.Get("Allow"))
	// Issue 16 point 9: DELETE on the collection is 405, not a 400 about a missing id; a
	// trailing slash names no route.
	del := send(t, "DELETE", c, "", "Authorization", good)
	requireFormanceError(t, del, 405, "METHOD_NOT_ALLOWED")
	assert.Equal(t, "GET, POST", del.header.Get("Allow"))
	requireEmpty404(t, send(t, "GET", c+"/", "", "Authorization", good))
	assert.Equal(t, 1, srv.Handler.Count(fakeapi.KindFormanceClient))
}
