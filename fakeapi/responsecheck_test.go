package fakeapi

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/api"
)

// TestOffSpecResponseBecomes500 breaks answers after the handler ran and checks that response
// validation turns them into a 500 naming the violation.
func TestOffSpecResponseBecomes500(t *testing.T) {
	h, err := NewHandler()
	require.NoError(t, err)
	h.cfg.corruptResponse = func(op string, rp reply) reply {
		switch op {
		case "createClient": // name must be a string; the answer is still a value, not yet a body
			rp.value.(map[string]any)["data"].(map[string]any)["name"] = json.Number("7")
		case "create-client-link": // id is required
			rp.body = bytes.Replace(rp.body, []byte(`"id":`), []byte(`"ident":`), 1)
		}
		return rp
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)

	creds := h.cfg.creds

	status, _, body := do(t, srv.URL, "POST", "/api/auth/clients", `{"name":"x"}`,
		map[string]string{"Content-Type": "application/json", "Authorization": "Bearer " + creds.FormanceToken})
	assert.Equal(t, http.StatusInternalServerError, status)
	assert.Equal(t, "INTERNAL", body["errorCode"])
	assert.Contains(t, body["errorMessage"], "broke the spec")
	assert.Contains(t, body["errorMessage"], "name")

	status, _, body = do(t, srv.URL, "POST", "/v2/client-links", `{"owner":{"email":"a@b.c","givenName":"A","familyName":"B"},"name":"N","address":{"country":"NL"}}`,
		map[string]string{"Content-Type": "application/json", "Authorization": "Bearer " + creds.MollieAccessToken})
	assert.Equal(t, http.StatusInternalServerError, status)
	assert.Contains(t, body["detail"], "broke the spec")
	assert.Contains(t, body["detail"], "id")
}

// TestUndeclaredStatusBecomes500 makes create-client-link answer 200 instead of its declared 201,
// and its refusal of a wrong content type 413 instead of 415: response validation must refuse a
// status the operation does not declare, on refusals too.
func TestUndeclaredStatusBecomes500(t *testing.T) {
	h, err := NewHandler()
	require.NoError(t, err)
	h.cfg.corruptResponse = func(op string, rp reply) reply {
		switch {
		case op != "create-client-link":
		case rp.status == http.StatusCreated:
			rp.status = http.StatusOK
		case rp.status == http.StatusUnsupportedMediaType:
			rp.status = http.StatusRequestEntityTooLarge
		}
		return rp
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)

	for _, contentType := range []string{"application/json", "text/plain"} {
		status, _, body := do(t, srv.URL, "POST", "/v2/client-links",
			`{"owner":{"email":"a@b.c","givenName":"A","familyName":"B"},"name":"N","address":{"country":"NL"}}`,
			map[string]string{"Content-Type": contentType, "Authorization": "Bearer " + h.cfg.creds.MollieAccessToken})
		assert.Equal(t, http.StatusInternalServerError, status, "%s: body: %v", contentType, body)
		assert.Contains(t, body["detail"], "broke the spec")
		assert.Contains(t, body["detail"], "status is not supported")
	}
}

// TestValueAnswersAreCheckedLikeBodies proves that checking an answer's value directly accepts
// and refuses exactly what kin-openapi accepts and refuses once the value is encoded: every case
// is checked both ways against the createClient route.
func TestValueAnswersAreCheckedLikeBodies(t *testing.T) {
	h, err := NewHandler()
	require.NoError(t, err)
	req := httptest.NewRequest("POST", "/api/auth/clients", strings.NewReader(`{"name":"x"}`))
	route, params, err := h.routers.findRoute(api.Formance, req)
	require.NoError(t, err)
	in := h.requestInput(req, route, params)

	client := func(edit func(v map[string]any)) any {
		c := &formanceClient{id: randomUUID(), scopes: []string{"s1"}, options: clientOptions{name: "x",
			description: optional[string]{value: "", set: true}, public: optional[bool]{value: true, set: true},
			redirectURIs: []string{"https://a.example/cb"}, metadata: map[string]any{"n": "1.5", "o": ""}},
			secrets: []formanceSecret{{id: "s", name: "n", lastDigits: "abcd"}}}
		v := c.view()
		edit(v)
		return map[string]any{"data": v}
	}
	keep := func(map[string]any) {}
	cases := []struct {
		name        string
		status      int
		contentType string
		value       any
		valid       bool
	}{
		{"client", http.StatusCreated, "application/json", client(keep), true},
		{"charset parameter", http.StatusCreated, "application/json; charset=utf-8", client(keep), true},
		{"name not a string", http.StatusCreated, "application/json", client(func(v map[string]any) { v["name"] = json.Number("7") }), false},
		{"id missing", http.StatusCreated, "application/json", client(func(v map[string]any) { delete(v, "id") }), false},
		{"public not a boolean", http.StatusCreated, "application/json", client(func(v map[string]any) { v["public"] = "yes" }), false},
		{"secret without lastDigits", http.StatusCreated, "application/json", client(func(v map[string]any) {
			delete(v["secrets"].([]any)[0].(map[string]any), "lastDigits")
		}), false},
		{"scope not a string", http.StatusCreated, "application/json", client(func(v map[string]any) { v["scopes"] = []any{true} }), false},
		{"data not an object", http.StatusCreated, "application/json", map[string]any{"data": []any{}}, false},
		{"undeclared content type", http.StatusCreated, "text/plain", client(keep), false},
		{"missing content type", http.StatusCreated, "", client(keep), false},
		{"client under the default status", http.StatusOK, "application/json", client(keep), false},
		{"declared error", http.StatusBadRequest, "application/json", map[string]any{"errorCode": "VALIDATION", "errorMessage": "m"}, true},
		{"error without message", http.StatusUnauthorized, "application/json", map[string]any{"errorCode": "UNAUTHORIZED"}, false},
		{"error under the default status", http.StatusTeapot, "application/json", map[string]any{"errorCode": "X", "errorMessage": "m"}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rp := valueReply(tc.status, tc.contentType, tc.value)
			encoded, err := rp.encoded()
			require.NoError(t, err)
			require.Nil(t, encoded.value)
			byValue := validateResponse(context.Background(), in, rp)
			byBody := validateResponse(context.Background(), in, encoded)
			assert.Equal(t, tc.valid, byValue == nil, "value: %v", byValue)
			assert.Equal(t, tc.valid, byBody == nil, "body: %v", byBody)
		})
	}
}

// TestValueAnswerWithUndeclaredStatus checks that an operation without a default answer refuses
// a value answered under a status it does not declare.
func TestValueAnswerWithUndeclaredStatus(t *testing.T) {
	h, err := NewHandler()
	require.NoError(t, err)
	req := httptest.NewRequest("POST", "/v2/client-links", strings.NewReader(`{}`))
	route, params, err := h.routers.findRoute(api.Mollie, req)
	require.NoError(t, err)
	in := h.requestInput(req, route, params)
	err = validateResponse(context.Background(), in, valueReply(http.StatusOK, "application/hal+json", map[string]any{}))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "status is not supported")
}
