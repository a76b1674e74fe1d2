package fakeapi_test

import (
	"bytes"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/clientkit/clientkit/fakeapi"
)

// FuzzHandlerRawRequest sends raw requests (method, path with query, header lines, body bytes)
// straight into the fake's handler: it must never panic and never answer a 5xx. The control
// endpoints under /_fake/ are left out: their faults answer 5xx and delay on purpose. Requests
// net/http would refuse before any handler (a method or header that is not a token, a path that
// is not one) are skipped. The seeds are one request per operation family, valid or nearly.
func FuzzHandlerRawRequest(f *testing.F) {
	c := fakeapi.DefaultCredentials()
	basic := func(id, secret string) string {
		return "Basic " + base64.StdEncoding.EncodeToString([]byte(id+":"+secret))
	}
	mollie := "Authorization: Bearer " + c.MollieAccessToken + "\nContent-Type: application/json"
	formance := "Authorization: Bearer " + c.FormanceToken + "\nContent-Type: application/json"
	seeds := []struct{ method, path, headers, body string }{
		{"POST", "/v2/client-links", mollie + "\nIdempotency-Key: k1",
			`{"owner":{"email":"a@b.co","givenName":"A","familyName":"B"},"name":"N","address":{"country":"NL"}}`},
		{"POST", "/oauth2/tokens", "Authorization: " + basic(c.MollieClientID, c.MollieClientSecret) + "\nContent-Type: application/x-www-form-urlencoded",
			"grant_type=refresh_token&refresh_token=x"},
		{"DELETE", "/oauth2/tokens", "Authorization: " + basic(c.MollieClientID, c.MollieClientSecret) + "\nContent-Type: application/x-www-form-urlencoded",
			"token_type_hint=refresh_token&token=x"},
		{"GET", "/oauth2/authorize?client_id=" + c.MollieClientID + "&state=s&scope=clients.write&response_type=code", "", ""},
		{"POST", "/token", "Authorization: " + basic(c.DwollaClientID, c.DwollaClientSecret) + "\nContent-Type: application/x-www-form-urlencoded",
			"grant_type=client_credentials"},
		{"POST", "/client-tokens", "Authorization: Bearer x\nAccept: application/vnd.dwolla.v1.hal+json\nContent-Type: application/json",
			`{"action":"customer.update","_links":{"customer":{"href":"https://api-sandbox.dwolla.com/customers/1"}}}`},
		{"GET", "/api/auth/clients", formance, ""},
		{"POST", "/api/auth/clients", formance, `{"name":"a","metadata":{"k":"v"},"scopes":["ledger:read"]}`},
		{"PUT", "/api/auth/clients/x", formance, `{"name":"b"}`},
		{"DELETE", "/api/auth/clients/x/secrets/y", formance, ""},
		{"PUT", "/api/auth/clients/x/scopes/y", formance, ""},
		{"POST", "/api/auth/oauth/token", "Content-Type: application/x-www-form-urlencoded",
			"grant_type=client_credentials&client_id=a&client_secret=b"},
		{"GET", "/api/auth/_info", formance, ""},
		{"POST", "/api/auth/clients", formance, `{"name":"a","metadata":{"a":1e999999}}`},
		{"POST", "/api/auth/clients", formance, `{"name":"a"} {"name":"b"}`},
		{"OPTIONS", "/api/auth/clients/", formance, ""},
		{"GET", "/api/auth/clients/%2e%2e/secrets", formance, ""},
	}
	for _, s := range seeds {
		f.Add(s.method, s.path, s.headers, []byte(s.body))
	}
	h, err := fakeapi.NewHandler()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, method, target, headers string, body []byte) {
		req, ok := rawRequest(method, target, headers, body)
		if !ok {
			t.Skip("net/http refuses this request before any handler")
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%s %s answered %d: %.300s", method, target, rec.Code, rec.Body.String())
		}
	})
}

// rawRequest builds the request a server would hand its handler, or reports that net/http
// would refuse it first.
func rawRequest(method, target, headers string, body []byte) (*http.Request, bool) {
	if !isToken(method) || !strings.HasPrefix(target, "/") || strings.HasPrefix(target, "/_fake") {
		return nil, false
	}
	u, err := url.ParseRequestURI(target)
	if err != nil || strings.HasPrefix(u.Path, "/_fake") {
		return nil, false
	}
	req := httptest.NewRequest(http.MethodGet, "/", bytes.NewReader(body))
	req.Method, req.URL, req.RequestURI = method, u, target
	for _, line := range strings.Split(headers, "\n") {
		if line == "" {
			continue
		}
		name, value, found := strings.Cut(line, ":")
		value = strings.TrimSpace(value)
		if !found || !isToken(name) || strings.ContainsAny(value, "\r\n\x00") {
			return nil, false
		}
		req.Header.Add(name, value)
	}
	if host := req.Header.Get("Host"); host != "" {
		req.Host = host
		req.Header.Del("Host")
	}
	return req, true
}

// isToken reports an HTTP token (RFC 9110): a method or a header name.
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r > 0x7e || r <= ' ' || strings.ContainsRune(`"(),/:;<=>?@[\]{}`, r) {
			return false
		}
	}
	return true
}
