package fakeapi

import (
	"crypto/sha256"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/api"
)

// validCall is a request that an operation accepts, with the bodies and credential that make it
// fail in each way the conformance test tries.
type validCall struct {
	method, path string
	header       map[string]string // content type, Accept and the accepted credential
	body         string            // empty when the operation takes no body
	missingField string            // the body without a required field
	wrongType    string            // the body with a field of the wrong type or value
	wrongAuth    string            // an Authorization value that is refused
}

// validCalls builds a valid call for every operation of the specs, by operation id.
func validCalls(t *testing.T, h *Handler) map[string]validCall {
	t.Helper()
	c := h.cfg.creds
	dwollaApp := basicAuth(c.DwollaClientID, c.DwollaClientSecret)
	dwollaToken := issueDwollaToken(t, h)
	mollie := map[string]string{"Content-Type": "application/json", "Authorization": "Bearer " + c.MollieAccessToken}
	formance := map[string]string{"Content-Type": "application/json", "Authorization": "Bearer " + c.FormanceToken}
	formanceNoBody := map[string]string{"Authorization": "Bearer " + c.FormanceToken}
	formanceWrong := "Bearer not-the-token"
	return map[string]validCall{
		"create-client-link": {method: "POST", path: "/v2/client-links", header: mollie,
			body:         `{"owner":{"email":"a@b.c","givenName":"A","familyName":"B"},"name":"N","address":{"country":"NL"}}`,
			missingField: `{"name":"N","address":{"country":"NL"}}`,
			wrongType:    `{"owner":{"email":"a@b.c","givenName":"A","familyName":"B"},"name":42,"address":{"country":"NL"}}`,
			wrongAuth:    "Bearer access_wrong"},
		"create-oauth-token": {method: "POST", path: "/oauth2/tokens",
			header: map[string]string{"Content-Type": "application/x-www-form-urlencoded",
				"Authorization": basicAuth(c.MollieClientID, c.MollieClientSecret)},
			body: "grant_type=refresh_token&refresh_token=x", missingField: "refresh_token=x",
			wrongType: "grant_type=password", wrongAuth: basicAuth(c.MollieClientID, "wrong")},
		"createApplicationAccessToken": {method: "POST", path: "/token",
			header: map[string]string{"Content-Type": "application/x-www-form-urlencoded", "Authorization": dwollaApp},
			body:   "grant_type=client_credentials", missingField: "scope=x", wrongType: "grant_type=password",
			wrongAuth: basicAuth(c.DwollaClientID, "wrong")},
		"createClientToken": {method: "POST", path: "/client-tokens",
			header: map[string]string{"Content-Type": "application/json", "Accept": dwollaMediaType,
				"Authorization": "Bearer " + dwollaToken},
			body:         `{"action":"customer.update","_links":{"customer":{"href":"https://api-sandbox.dwolla.com/customers/1"}}}`,
			missingField: `{"_links":{"customer":{"href":"https://api-sandbox.dwolla.com/customers/1"}}}`,
			wrongType:    `{"action":42,"_links":{"customer":{"href":"https://api-sandbox.dwolla.com/customers/1"}}}`,
			wrongAuth:    "Bearer dwolla_wrong"},
		"listClients": {method: "GET", path: "/api/auth/clients", header: formanceNoBody, wrongAuth: formanceWrong},
		"createClient": {method: "POST", path: "/api/auth/clients", header: formance,
			body: `{"name":"x"}`, missingField: `{}`, wrongType: `{"name":42}`, wrongAuth: formanceWrong},
		"readClient": {method: "GET", path: "/api/auth/clients/c1", header: formanceNoBody, wrongAuth: formanceWrong},
		"updateClient": {method: "PUT", path: "/api/auth/clients/c1", header: formance,
			body: `{"name":"x"}`, missingField: `{}`, wrongType: `{"name":42}`, wrongAuth: formanceWrong},
		"deleteClient": {method: "DELETE", path: "/api/auth/clients/c1", header: formanceNoBody, wrongAuth: formanceWrong},
		"createSecret": {method: "POST", path: "/api/auth/clients/c1/secrets", header: formance,
			body: `{"name":"x"}`, missingField: `{}`, wrongType: `{"name":42}`, wrongAuth: formanceWrong},
		"deleteSecret":          {method: "DELETE", path: "/api/auth/clients/c1/secrets/s1", header: formanceNoBody, wrongAuth: formanceWrong},
		"addScopeToClient":      {method: "PUT", path: "/api/auth/clients/c1/scopes/sc1", header: formanceNoBody, wrongAuth: formanceWrong},
		"deleteScopeFromClient": {method: "DELETE", path: "/api/auth/clients/c1/scopes/sc1", header: formanceNoBody, wrongAuth: formanceWrong},
		"listScopes":            {method: "GET", path: "/api/auth/scopes", header: formanceNoBody, wrongAuth: formanceWrong},
		"createScope": {method: "POST", path: "/api/auth/scopes", header: formance,
			body: `{"label":"ledger:read"}`, missingField: `{}`, wrongType: `{"label":42}`, wrongAuth: formanceWrong},
		"readScope": {method: "GET", path: "/api/auth/scopes/sc1", header: formanceNoBody, wrongAuth: formanceWrong},
		"updateScope": {method: "PUT", path: "/api/auth/scopes/sc1", header: formance,
			body: `{"label":"x"}`, missingField: `{}`, wrongType: `{"label":"x","metadata":{"a":1}}`, wrongAuth: formanceWrong},
		"deleteScope":   {method: "DELETE", path: "/api/auth/scopes/sc1", header: formanceNoBody, wrongAuth: formanceWrong},
		"getServerInfo": {method: "GET", path: "/api/auth/_info", header: formanceNoBody, wrongAuth: formanceWrong},
		"revoke-oauth-token": {method: "DELETE", path: "/oauth2/tokens",
			header: map[string]string{"Content-Type": "application/x-www-form-urlencoded",
				"Authorization": basicAuth(c.MollieClientID, c.MollieClientSecret)},
			body: "token_type_hint=refresh_token&token=x", missingField: "token=x",
			wrongType: "token_type_hint=id_token&token=x", wrongAuth: basicAuth(c.MollieClientID, "wrong")},
	}
}

// badRequest is one way of breaking a valid call.
type badRequest struct {
	name  string
	apply func(vc validCall) (body string, header map[string]string, ok bool)
}

func badRequests() []badRequest {
	withBody := func(pick func(validCall) string) func(validCall) (string, map[string]string, bool) {
		return func(vc validCall) (string, map[string]string, bool) { return pick(vc), vc.header, vc.body != "" }
	}
	withHeader := func(name, value string) func(validCall) (string, map[string]string, bool) {
		return func(vc validCall) (string, map[string]string, bool) {
			if _, ok := vc.header[name]; !ok {
				return "", nil, false
			}
			h := map[string]string{}
			for k, v := range vc.header {
				h[k] = v
			}
			if value == "" {
				delete(h, name)
			} else {
				h[name] = value
			}
			return vc.body, h, true
		}
	}
	return []badRequest{
		{"missing required field", withBody(func(vc validCall) string { return vc.missingField })},
		{"wrong type", withBody(func(vc validCall) string { return vc.wrongType })},
		{"oversized body", withBody(func(validCall) string { return strings.Repeat("x", maxBodyBytes+1) })},
		{"wrong content type", withHeader("Content-Type", "text/plain")},
		{"missing auth", withHeader("Authorization", "")},
		{"wrong auth", func(vc validCall) (string, map[string]string, bool) {
			_, h, _ := withHeader("Authorization", vc.wrongAuth)(vc)
			return vc.body, h, true
		}},
		{"missing Accept", withHeader("Accept", "")},
		{"wrong Accept", withHeader("Accept", "application/json")},
	}
}

// TestEveryRefusalIsDeclared sends each kind of bad request to every operation of the specs and
// checks that the answer's status is one the operation declares and that it comes in the
// provider's error shape.
func TestEveryRefusalIsDeclared(t *testing.T) {
	for _, g := range []FormanceGeneration{FormanceToday, FormanceSeed2023} {
		t.Run(g.String(), func(t *testing.T) { testEveryRefusalIsDeclared(t, g) })
	}
}

func testEveryRefusalIsDeclared(t *testing.T, g FormanceGeneration) {
	h, err := NewHandler(WithFormanceGeneration(g))
	require.NoError(t, err)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	calls := validCalls(t, h)

	for _, p := range api.Providers() {
		for path, item := range loadSpec(t, p).Paths.Map() {
			for method, op := range item.Operations() {
				vc, ok := calls[op.OperationID]
				require.True(t, ok, "no valid call for %s %s %s", p, method, path)
				for _, bad := range badRequests() {
					body, header, applies := bad.apply(vc)
					if !applies {
						continue
					}
					t.Run(op.OperationID+"/"+bad.name, func(t *testing.T) {
						status, contentType, got := do(t, srv.URL, vc.method, vc.path, body, header)
						requireDeclaredRefusal(t, p, op, status, contentType, got)
					})
				}
			}
		}
	}
}

// TestIdempotencyRefusalsAreDeclared covers the refusals of a repeated Idempotency-Key: another
// body, and a first request still in flight.
func TestIdempotencyRefusalsAreDeclared(t *testing.T) {
	h, err := NewHandler()
	require.NoError(t, err)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	calls := validCalls(t, h)

	for _, tt := range []struct {
		provider api.Provider
		opID     string
	}{{api.Mollie, "create-client-link"}, {api.Dwolla, "createClientToken"}} {
		op := operationOf(t, tt.provider, tt.opID)
		vc := calls[tt.opID]
		header := map[string]string{"Idempotency-Key": "other-body-" + tt.opID}
		for k, v := range vc.header {
			header[k] = v
		}
		t.Run(tt.opID+"/other body", func(t *testing.T) {
			status, _, _ := do(t, srv.URL, vc.method, vc.path, vc.body, header)
			require.Less(t, status, 300)
			status, contentType, got := do(t, srv.URL, vc.method, vc.path, vc.body+" ", header)
			requireDeclaredRefusal(t, tt.provider, op, status, contentType, got)
		})
		t.Run(tt.opID+"/in flight", func(t *testing.T) {
			inFlight := map[string]string{"Idempotency-Key": "in-flight-" + tt.opID}
			for k, v := range vc.header {
				inFlight[k] = v
			}
			h.mu.Lock()
			h.rememberIdempotency(idempotencyScope(tt.opID, inFlight["Idempotency-Key"]), sha256.Sum256([]byte(vc.body)), h.cfg.clock())
			h.mu.Unlock()
			status, contentType, got := do(t, srv.URL, vc.method, vc.path, vc.body, inFlight)
			require.Equal(t, http.StatusConflict, status)
			requireDeclaredRefusal(t, tt.provider, op, status, contentType, got)
		})
	}
}

// requireDeclaredRefusal checks that a refusal's status is declared by op (or covered by its
// default) and that its body has the provider's error fields.
func requireDeclaredRefusal(t *testing.T, p api.Provider, op *openapi3.Operation, status int, contentType string, body map[string]any) {
	t.Helper()
	require.GreaterOrEqual(t, status, 400, "body: %v", body)
	require.Less(t, status, 500, "body: %v", body)
	declared := op.Responses.Status(status)
	if declared == nil {
		declared = op.Responses.Default()
	}
	require.NotNil(t, declared, "%s answered %d, which it does not declare; body: %v", op.OperationID, status, body)
	if p == api.Formance && status == http.StatusNotFound {
		// The Auth service's 404 has no body (and, for the seed era's operations on today's
		// generation, means the endpoint is gone).
		assert.Nil(t, body, "a Formance 404 has an empty body")
		return
	}
	assert.NotNil(t, declared.Value.Content.Get(contentType), "content type %q is not declared for %d", contentType, status)

	var fields []string
	switch {
	case op.OperationID == "create-oauth-token" || op.OperationID == "revoke-oauth-token" || op.OperationID == "createApplicationAccessToken":
		fields = []string{"error", "error_description"}
	case p == api.Mollie:
		fields = []string{"status", "title", "detail", "_links"}
	case p == api.Dwolla:
		fields = []string{"code", "message"}
	default:
		fields = []string{"errorCode", "errorMessage"}
	}
	for _, f := range fields {
		assert.NotEmpty(t, body[f], "%s is missing from %v", f, body)
	}
}

// do sends one request and decodes its JSON answer.
func do(t *testing.T, base, method, path, body string, header map[string]string) (status int, contentType string, decoded map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, base+path, strings.NewReader(body))
	require.NoError(t, err)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	if len(raw) > 0 {
		require.NoError(t, json.Unmarshal(raw, &decoded), "body: %s", raw)
	}
	return resp.StatusCode, resp.Header.Get("Content-Type"), decoded
}

func loadSpec(t testing.TB, p api.Provider) *openapi3.T {
	t.Helper()
	raw, err := api.Spec(p)
	require.NoError(t, err)
	doc, err := openapi3.NewLoader().LoadFromData(raw)
	require.NoError(t, err)
	return doc
}

func operationOf(t *testing.T, p api.Provider, id string) *openapi3.Operation {
	t.Helper()
	for _, item := range loadSpec(t, p).Paths.Map() {
		for _, op := range item.Operations() {
			if op.OperationID == id {
				return op
			}
		}
	}
	t.Fatalf("%s has no operation %s", p, id)
	return nil
}

func basicAuth(id, secret string) string {
	req, _ := http.NewRequest("GET", "/", nil)
	req.SetBasicAuth(id, secret)
	return req.Header.Get("Authorization")
}

// issueDwollaToken has the fake issue a Dwolla application token.
func issueDwollaToken(t *testing.T, h *Handler) string {
	t.Helper()
	h.mu.Lock()
	defer h.mu.Unlock()
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	r := httptest.NewRequest(http.MethodPost, "/token", strings.NewReader("grant_type=client_credentials"))
	r.SetBasicAuth(h.cfg.creds.DwollaClientID, h.cfg.creds.DwollaClientSecret)
	require.NoError(t, json.Unmarshal(h.createDwollaToken(&call{r: r, body: []byte("grant_type=client_credentials")}).body, &tok))
	return tok.AccessToken
}
