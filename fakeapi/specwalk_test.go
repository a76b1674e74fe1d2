package fakeapi

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/api"
)

// The spec walk's plumbing: the error shapes, sending, the fake's observable state, fixtures
// and credentials.

// assertErrorShape checks a 4xx answer's body against the provider's error shape.
func assertErrorShape(t testing.TB, o specOperation, status int, header http.Header, body []byte, where string) {
	if o.provider == api.Formance && status == http.StatusNotFound {
		assert.Empty(t, body, "%s: a Formance 404 has no body", where)
		return
	}
	var decoded map[string]any
	if !assert.NoError(t, json.Unmarshal(body, &decoded), "%s: the %d body is not a JSON object: %.200s", where, status, body) {
		return
	}
	var fields []string
	switch {
	case o.path == "/oauth2/tokens" || o.path == "/token":
		fields = []string{"error", "error_description"}
	case o.provider == api.Mollie:
		fields = []string{"status", "title", "detail", "_links"}
		assert.Equal(t, "application/hal+json", header.Get("Content-Type"), where)
	case o.provider == api.Dwolla:
		fields = []string{"code", "message"}
	default:
		fields = []string{"errorCode", "errorMessage"}
	}
	for _, f := range fields {
		assert.NotEmpty(t, decoded[f], "%s: %s is missing from %s", where, f, body)
	}
}

// send sends one case and reads the whole answer.
func (w *specWalker) send(c specCase) (int, http.Header, []byte) {
	u, err := url.Parse(w.base + c.rawPath)
	require.NoError(w.t, err)
	req := &http.Request{Method: c.method, URL: u, Header: c.header, Body: io.NopCloser(strings.NewReader(c.body)),
		ContentLength: int64(len(c.body)), Host: u.Host}
	resp, err := http.DefaultTransport.RoundTrip(req)
	require.NoError(w.t, err, "%s %s", c.method, c.rawPath)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(w.t, err)
	return resp.StatusCode, resp.Header, body
}

// observe is what the fake holds, as a refusal must leave it: the count of each kind, the
// idempotency keys, the Mollie grants, and every Formance client and scope record as listed.
func (w *specWalker) observe() string {
	var b strings.Builder
	for _, k := range Kinds() {
		fmt.Fprintf(&b, "%s=%d ", k, w.h.Count(k))
	}
	fmt.Fprintf(&b, "keys=%d grants=%d\n", w.h.IdempotencyKeys(), len(w.h.MollieGrants()))
	paths := []string{"/api/auth/clients"}
	if w.gen == FormanceSeed2023 {
		paths = append(paths, "/api/auth/scopes")
	}
	for _, p := range paths {
		r := httptest.NewRequest(http.MethodGet, p, nil)
		r.Header.Set("Authorization", "Bearer "+w.h.cfg.creds.FormanceToken)
		rec := httptest.NewRecorder()
		w.h.ServeHTTP(rec, r)
		b.WriteString(rec.Body.String())
	}
	return b.String()
}

// fixture creates a Formance client with a secret (and, on the 2023 generation, a scope
// record), for the operations that act on one; it returns their ids by path parameter name.
func (w *specWalker) fixture() map[string]string {
	create := func(path, body string) map[string]any {
		r := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
		r.Header.Set("Authorization", "Bearer "+w.h.cfg.creds.FormanceToken)
		r.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		w.h.ServeHTTP(rec, r)
		require.Less(w.t, rec.Code, 300, "fixture %s: %s", path, rec.Body)
		var out struct{ Data map[string]any }
		require.NoError(w.t, json.Unmarshal(rec.Body.Bytes(), &out))
		return out.Data
	}
	client := create("/api/auth/clients", fmt.Sprintf(`{"name":%q}`, w.unique("fixture")))
	id := client["id"].(string)
	secret := create("/api/auth/clients/"+id+"/secrets", `{"name":"fixture"}`)
	ids := map[string]string{"clientId": id, "secretId": secret["id"].(string), "scopeId": "ledger:read"}
	if w.gen == FormanceSeed2023 {
		ids["scopeId"] = create("/api/auth/scopes", fmt.Sprintf(`{"label":%q}`, w.unique("fixture:read")))["id"].(string)
	}
	return ids
}

// credential is the Authorization value o's security accepts, or "" when it needs none.
func (w *specWalker) credential(o specOperation) string {
	c := w.h.cfg.creds
	security := o.op.Security
	if security == nil {
		security = &loadSpec(w.t, o.provider).Security
	}
	for _, req := range *security {
		for name := range req {
			switch name {
			case "advancedAccessToken", "apiKey", "oAuth":
				return "Bearer " + c.MollieAccessToken
			case "appCredentials":
				return basicAuth(c.MollieClientID, c.MollieClientSecret)
			case "clientCredentials":
				return "Bearer " + w.dwolla
			case "basicAuth":
				return basicAuth(c.DwollaClientID, c.DwollaClientSecret)
			case "bearerAuth", "Authorization":
				return "Bearer " + c.FormanceToken
			}
		}
	}
	return ""
}

// pathWith fills o's path template, each parameter from value (already escaped).
func (w *specWalker) pathWith(o specOperation, value func(name string) string) string {
	path := o.path
	for _, p := range o.params {
		if p.Value.In == "path" {
			path = strings.ReplaceAll(path, "{"+p.Value.Name+"}", value(p.Value.Name))
		}
	}
	return path
}

// unique returns prefix with a number no other call returned.
func (w *specWalker) unique(prefix string) string {
	w.n++
	return fmt.Sprintf("%s-%d", prefix, w.n)
}

// uniqueNames gives the bodies' name and label fields values not used before, so a valid
// create never collides with an earlier one.
func (w *specWalker) uniqueNames(bodies ...map[string]any) {
	for _, b := range bodies {
		for _, k := range []string{"name", "label"} {
			if _, ok := b[k].(string); ok {
				b[k] = w.unique(k)
			}
		}
	}
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func without(m map[string]any, key string) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		if k != key {
			out[k] = v
		}
	}
	return out
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}
