package fakeapi

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestOffSpecResponseBecomes500 breaks answers after the handler ran and checks that response
// validation turns them into a 500 naming the violation.
func TestOffSpecResponseBecomes500(t *testing.T) {
	h, err := NewHandler()
	require.NoError(t, err)
	h.cfg.corruptResponse = func(op string, rp reply) reply {
		switch op {
		case "createClient": // name must be a string
			rp.body = bytes.Replace(rp.body, []byte(`"name":"x"`), []byte(`"name":7`), 1)
		case "create-client-link": // id is required
			rp.body = bytes.Replace(rp.body, []byte(`"id":`), []byte(`"ident":`), 1)
		}
		return rp
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)

	do := func(path, body string, header ...string) (int, map[string]any) {
		req, err := http.NewRequest("POST", srv.URL+path, strings.NewReader(body))
		require.NoError(t, err)
		for i := 0; i < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		raw, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		var m map[string]any
		require.NoError(t, json.Unmarshal(raw, &m), string(raw))
		return resp.StatusCode, m
	}
	creds := h.cfg.creds

	status, body := do("/api/auth/clients", `{"name":"x"}`, "Content-Type", "application/json", "Authorization", "Bearer "+creds.FormanceToken)
	assert.Equal(t, http.StatusInternalServerError, status)
	assert.Equal(t, "INTERNAL", body["errorCode"])
	assert.Contains(t, body["errorMessage"], "broke the spec")
	assert.Contains(t, body["errorMessage"], "name")

	status, body = do("/v2/client-links", `{"owner":{"email":"a@b.c","givenName":"A","familyName":"B"},"name":"N","address":{"country":"NL"}}`,
		"Content-Type", "application/json", "Authorization", "Bearer "+creds.MollieAccessToken)
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
		req, err := http.NewRequest("POST", srv.URL+"/v2/client-links",
			strings.NewReader(`{"owner":{"email":"a@b.c","givenName":"A","familyName":"B"},"name":"N","address":{"country":"NL"}}`))
		require.NoError(t, err)
		req.Header.Set("Content-Type", contentType)
		req.Header.Set("Authorization", "Bearer "+h.cfg.creds.MollieAccessToken)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		var body map[string]any
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&body))
		resp.Body.Close()
		assert.Equal(t, http.StatusInternalServerError, resp.StatusCode, "%s: body: %v", contentType, body)
		assert.Contains(t, body["detail"], "broke the spec")
		assert.Contains(t, body["detail"], "status is not supported")
	}
}
