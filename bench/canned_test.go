package bench

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
)

// The canned answers every client under test decodes. They follow clientkit's specs (and the
// providers' real answers), so the facade, the generated client and the peers all accept them.
var (
	formanceClientJSON = []byte(`{"data":{"id":"3b5f1c2e-8d4a-4f6b-9c1e-2a7d5e9f0b13","name":"billing-worker",` +
		`"description":"Posts invoices to the ledger","public":false,"trusted":true,` +
		`"redirectUris":["https://billing.example.com/callback"],` +
		`"postLogoutRedirectUris":["https://billing.example.com/bye"],` +
		`"scopes":["ledger:read","ledger:write"],` +
		`"secrets":[{"id":"6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b","name":"primary","lastDigits":"x9Qz"}],` +
		`"metadata":{"team":"billing"}}}`)

	mollieClientLinkJSON = []byte(`{"resource":"client-link","id":"cl_vZCnNQsV2UtfXxYifWKWH",` +
		`"_links":{"clientLink":{"href":"https://my.mollie.com/dashboard/client-link/cl_vZCnNQsV2UtfXxYifWKWH","type":"text/html"},` +
		`"documentation":{"href":"https://docs.mollie.com/reference/create-client-link","type":"text/html"}}}`)

	dwollaClientTokenJSON = []byte(`{"token":"4adF858jPeQ9RnojMHdqSD2KwsvmhO7Ti7cI5woOiBGCpH5krY"}`)

	// oauthTokenJSON answers both client-credentials endpoints (Formance, Dwolla); the token
	// lives an hour, far longer than any benchmark, so every call after the first uses the cache.
	oauthTokenJSON = []byte(`{"access_token":"bench-access-token","token_type":"Bearer","expires_in":3600}`)
)

// Paths of the canned operations.
const (
	formanceClientsPath  = "/api/auth/clients"
	formanceClientPath   = formanceClientsPath + "/" + formanceClientID
	formanceTokenPath    = "/api/auth/oauth/token"
	mollieClientLinkPath = "/v2/client-links"
	dwollaTokenPath      = "/token"
	dwollaClientTokPath  = "/client-tokens"

	formanceClientID = "3b5f1c2e-8d4a-4f6b-9c1e-2a7d5e9f0b13"
	mollieAccessKey  = "access_benchTokenWithClientsWrite"
	staticBearer     = "bench-access-token"
)

// cannedAnswer is one prepared response: status, headers and body, shared read-only by every call.
type cannedAnswer struct {
	status     int
	statusLine string
	header     http.Header
	body       []byte
}

func answer(status int, contentType string, body []byte) cannedAnswer {
	return cannedAnswer{status: status, statusLine: strconv.Itoa(status) + " " + http.StatusText(status), body: body, header: http.Header{
		"Content-Type":   {contentType},
		"Content-Length": {strconv.Itoa(len(body))},
	}}
}

// route is a request's method and path.
type route struct{ method, path string }

// cannedAnswers holds the answer of each route.
var cannedAnswers = map[route]cannedAnswer{
	{"GET", formanceClientPath}:    answer(http.StatusOK, "application/json", formanceClientJSON),
	{"POST", formanceClientsPath}:  answer(http.StatusCreated, "application/json", formanceClientJSON),
	{"POST", formanceTokenPath}:    answer(http.StatusOK, "application/json", oauthTokenJSON),
	{"POST", mollieClientLinkPath}: answer(http.StatusCreated, "application/hal+json", mollieClientLinkJSON),
	{"POST", dwollaTokenPath}:      answer(http.StatusOK, "application/json", oauthTokenJSON),
	{"POST", dwollaClientTokPath}:  answer(http.StatusOK, "application/vnd.dwolla.v1.hal+json", dwollaClientTokenJSON),
}

var (
	notFound     = answer(http.StatusNotFound, "application/json", []byte(`{"errorCode":"NOT_FOUND","errorMessage":"no canned answer"}`))
	unauthorized = answer(http.StatusUnauthorized, "application/json", []byte(`{"errorCode":"UNAUTHORIZED","errorMessage":"no bearer token"}`))
)

// lookup finds the answer to r; an operation (anything but a token endpoint) sent without a
// bearer token gets a 401, so a contender that skips authentication fails its check.
func lookup(r *http.Request) cannedAnswer {
	a, ok := cannedAnswers[route{r.Method, r.URL.Path}]
	switch {
	case !ok:
		return notFound
	case r.URL.Path != formanceTokenPath && r.URL.Path != dwollaTokenPath && !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer "):
		return unauthorized
	}
	return a
}

// cannedTransport answers every request from cannedAnswers without any I/O, so a benchmark through
// it measures only the client's own CPU and allocations. It reads and closes the request body as a
// real transport would.
type cannedTransport struct{}

func (cannedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		_, _ = io.Copy(io.Discard, r.Body)
		_ = r.Body.Close()
	}
	a := lookup(r)
	return &http.Response{
		Status:        a.statusLine,
		StatusCode:    a.status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        a.header,
		Body:          io.NopCloser(bytes.NewReader(a.body)),
		ContentLength: int64(len(a.body)),
		Request:       r,
	}, nil
}

// cannedHandler serves the same answers over real HTTP.
func cannedHandler(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	a := lookup(r)
	h := w.Header()
	for k, v := range a.header {
		h[k] = v
	}
	w.WriteHeader(a.status)
	_, _ = w.Write(a.body)
}

// target is where a client under test sends its requests, and through what.
type target struct {
	baseURL string
	client  *http.Client
}

// inMemory is the target of the pure-CPU benchmarks.
func inMemory() target {
	return target{baseURL: "https://bench.example", client: &http.Client{Transport: cannedTransport{}}}
}

// loopback starts a server on 127.0.0.1 serving the canned answers, closed with the benchmark.
func loopback(tb testing.TB) target {
	srv := httptest.NewServer(http.HandlerFunc(cannedHandler))
	tb.Cleanup(srv.Close)
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 64
	tb.Cleanup(tr.CloseIdleConnections)
	return target{baseURL: srv.URL, client: &http.Client{Transport: tr}}
}

// targets are both ways every client is measured.
var targets = []struct {
	name string
	make func(testing.TB) target
}{
	{"mem", func(testing.TB) target { return inMemory() }},
	{"loop", loopback},
}
