package fakeapi_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/fakeapi/fakeapitest"
)

// answer is a response read in full.
type answer struct {
	status int
	header http.Header
	body   []byte
}

// json decodes the body into a generic map.
func (a answer) json(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(a.body, &m), "body: %s", a.body)
	return m
}

// noRedirects is a client that reports redirects instead of following them.
var noRedirects = &http.Client{
	Timeout:       10 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// send does one request; headers alternate name and value.
func send(t testing.TB, method, url, body string, headers ...string) answer {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	require.NoError(t, err)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := noRedirects.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return answer{status: resp.StatusCode, header: resp.Header, body: b}
}

func bearer(token string) string { return "Bearer " + token }

// testClock is a settable clock for WithClock.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func newTestClock() *testClock {
	return &testClock{now: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// Shared request bodies and headers.
const (
	clientLinkBody  = `{"owner":{"email":"jan@example.org","givenName":"Jan","familyName":"Jansen"},"name":"Jansen BV","address":{"country":"NL"}}`
	clientTokenBody = `{"action":"customer.update","_links":{"customer":{"href":"https://api-sandbox.dwolla.com/customers/1"}}}`
	jsonType        = "application/json"
	formType        = "application/x-www-form-urlencoded"
	dwollaType      = "application/vnd.dwolla.v1.hal+json"
)

// Shapes of the providers' errors.
func requireMollieError(t *testing.T, a answer, status int, field string) {
	t.Helper()
	require.Equal(t, status, a.status, "body: %s", a.body)
	require.Equal(t, "application/hal+json", a.header.Get("Content-Type"))
	m := a.json(t)
	require.EqualValues(t, status, m["status"])
	require.Equal(t, http.StatusText(status), m["title"])
	require.NotEmpty(t, m["detail"])
	links := m["_links"].(map[string]any)["documentation"].(map[string]any)
	require.NotEmpty(t, links["href"])
	require.Equal(t, "text/html", links["type"])
	if field != "" {
		require.Equal(t, field, m["field"])
	}
}

func requireDwollaError(t *testing.T, a answer, status int, code string) map[string]any {
	t.Helper()
	require.Equal(t, status, a.status, "body: %s", a.body)
	require.Equal(t, dwollaType, a.header.Get("Content-Type"))
	m := a.json(t)
	require.Equal(t, code, m["code"])
	require.NotEmpty(t, m["message"])
	return m
}

// requireDwollaFieldError checks a 400 ValidationError naming path.
func requireDwollaFieldError(t *testing.T, a answer, path string) {
	t.Helper()
	m := requireDwollaError(t, a, http.StatusBadRequest, "ValidationError")
	errs := m["_embedded"].(map[string]any)["errors"].([]any)
	require.Len(t, errs, 1)
	item := errs[0].(map[string]any)
	require.Equal(t, path, item["path"])
	require.NotEmpty(t, item["code"])
	require.NotEmpty(t, item["message"])
}

func requireFormanceError(t *testing.T, a answer, status int, code string) {
	t.Helper()
	require.Equal(t, status, a.status, "body: %s", a.body)
	require.Equal(t, jsonType, a.header.Get("Content-Type"))
	m := a.json(t)
	require.Equal(t, code, m["errorCode"])
	require.NotEmpty(t, m["errorMessage"])
}

func requireOAuthError(t *testing.T, a answer, status int, code string) {
	t.Helper()
	require.Equal(t, status, a.status, "body: %s", a.body)
	require.Equal(t, jsonType, a.header.Get("Content-Type"))
	m := a.json(t)
	require.Equal(t, code, m["error"])
	require.NotEmpty(t, m["error_description"])
}

// mollieLink creates a client link and returns its id and clientLink href.
func mollieLink(t *testing.T, srv *fakeapitest.Server) (id, href string) {
	t.Helper()
	a := send(t, "POST", srv.URL+"/v2/client-links", clientLinkBody,
		"Content-Type", jsonType, "Authorization", bearer(srv.Credentials.MollieAccessToken))
	require.Equal(t, http.StatusCreated, a.status, "body: %s", a.body)
	m := a.json(t)
	return m["id"].(string), m["_links"].(map[string]any)["clientLink"].(map[string]any)["href"].(string)
}

// dwollaToken gets an application token.
func dwollaToken(t *testing.T, srv *fakeapitest.Server) string {
	t.Helper()
	a := send(t, "POST", srv.URL+"/token", "grant_type=client_credentials", "Content-Type", formType,
		"Authorization", basic(srv.Credentials.DwollaClientID, srv.Credentials.DwollaClientSecret))
	require.Equal(t, http.StatusOK, a.status)
	token, _ := a.json(t)["access_token"].(string)
	require.NotEmpty(t, token)
	return token
}

func basic(id, secret string) string {
	req, _ := http.NewRequest("GET", "/", nil)
	req.SetBasicAuth(id, secret)
	return req.Header.Get("Authorization")
}

// formanceClient creates a Formance client and returns its id.
func formanceClient(t testing.TB, srv *fakeapitest.Server, name string) string {
	t.Helper()
	a := send(t, "POST", srv.URL+"/api/auth/clients", `{"name":"`+name+`"}`,
		"Content-Type", jsonType, "Authorization", bearer(srv.Credentials.FormanceToken))
	require.Equal(t, http.StatusCreated, a.status, "body: %s", a.body)
	return a.json(t)["data"].(map[string]any)["id"].(string)
}
