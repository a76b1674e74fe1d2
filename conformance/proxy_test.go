package conformance_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/conformance"
	"github.com/clientkit/clientkit/fakeapi/fakeapitest"
)

// syncBuffer is a bytes.Buffer safe for the proxy's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startProxy runs a validating proxy in front of upstream on 127.0.0.1.
func startProxy(t *testing.T, upstream string, opts ...conformance.Option) (*conformance.Proxy, string) {
	u, err := url.Parse(upstream)
	require.NoError(t, err)
	p := conformance.NewProxy(u, opts...)
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)
	return p, srv.URL
}

func TestProxyInFrontOfFakeIsClean(t *testing.T) {
	fake := fakeapitest.NewServer(t)
	var log syncBuffer
	p, base := startProxy(t, fake.URL, conformance.WithLog(&log, false))
	c := &http.Client{}
	tok := bearer(fake.Credentials.FormanceToken)
	status, body, err := send(t, c, http.MethodPost, base+"/api/auth/clients", "application/json", `{"name":"worker"}`, tok)
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, status, body)
	status, _, err = send(t, c, http.MethodGet, base+"/api/auth/clients", "", "", tok)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, status)

	rep := p.Report()
	assert.Equal(t, 2, rep.Exchanges)
	assert.True(t, rep.OK(), "%s", rep)
	lines := strings.Split(strings.TrimSpace(log.String()), "\n")
	require.Len(t, lines, 2, log.String())
	assert.Regexp(t, `^POST /api/auth/clients \(createClient\) -> 201 in \S+: ok$`, lines[0])
	assert.NotContains(t, log.String(), fake.Credentials.FormanceToken)

	_, summary, err := send(t, c, http.MethodGet, base+conformance.ReportPath, "", "", nil)
	require.NoError(t, err)
	var got conformance.Report
	require.NoError(t, json.Unmarshal([]byte(summary), &got))
	assert.Equal(t, 2, got.Exchanges)
	assert.Empty(t, got.Violations)
}

// TestProxyReportsBrokenUpstream puts proxies in front of stubs that answer wrong bodies or an
// undeclared status, and sends one wrong request: each violation is logged (as JSON lines) and
// reported with its direction and field.
func TestProxyReportsBrokenUpstream(t *testing.T) {
	stubbed := newStub(t, http.StatusAccepted, "application/json", `{"data":{"id":7}}`)
	var log syncBuffer
	p, base := startProxy(t, stubbed.URL, conformance.WithLog(&log, true))
	c := &http.Client{}
	_, _, err := send(t, c, http.MethodPost, base+"/api/auth/clients/c1/secrets", "application/json", `{"name":5}`, bearer("proxy-secret-token"))
	require.NoError(t, err)
	okStub := newStub(t, http.StatusOK, "application/json", `{"data":{"id":7,"name":"n"}}`)
	p2, base2 := startProxy(t, okStub.URL)
	_, _, err = send(t, c, http.MethodGet, base2+"/api/auth/clients/c1", "", "", bearer("proxy-secret-token"))
	require.NoError(t, err)

	vs := p.Violations()
	findViolation(t, vs, "createSecret", conformance.Request, "body/name")
	// 202 falls to Formance's default answer, whose error shape the body lacks.
	findViolation(t, vs, "createSecret", conformance.Response, "body/errorCode")
	findViolation(t, p2.Violations(), "readClient", conformance.Response, "body/data/id")

	teapot := newStub(t, http.StatusTeapot, "application/json", `{}`)
	p3, base3 := startProxy(t, teapot.URL)
	_, _, err = send(t, c, http.MethodPost, base3+"/client-tokens", "application/json",
		`{"action":"customer.update","_links":{"customer":{"href":"https://api-sandbox.dwolla.com/customers/x"}}}`,
		http.Header{"Authorization": {"Bearer app-token-xyz"}, "Accept": {"application/vnd.dwolla.v1.hal+json"}})
	require.NoError(t, err)
	findViolation(t, p3.Violations(), "createClientToken", conformance.Response, "status")

	var line struct {
		Operation  string                  `json:"operation"`
		Status     int                     `json:"status"`
		Violations []conformance.Violation `json:"violations"`
	}
	require.NoError(t, json.Unmarshal([]byte(strings.TrimSpace(log.String())), &line), log.String())
	assert.Equal(t, "createSecret", line.Operation)
	assert.Equal(t, http.StatusAccepted, line.Status)
	assert.Len(t, line.Violations, len(vs))
	assert.NotContains(t, log.String(), "proxy-secret-token")

	_, text, err := send(t, c, http.MethodGet, base+conformance.ReportPath+"?format=text", "", "", nil)
	require.NoError(t, err)
	assert.Contains(t, text, "request POST /api/auth/clients/c1/secrets (createSecret) body/name")
	assert.Contains(t, text, "response POST /api/auth/clients/c1/secrets (createSecret) body/errorCode")
}

func TestProxyRefuseModeAnswers400(t *testing.T) {
	stubbed := newStub(t, http.StatusCreated, "application/json", clientJSON)
	_, base := startProxy(t, stubbed.URL, conformance.WithMode(conformance.ModeRefuse))
	status, body, err := send(t, &http.Client{}, http.MethodPost, base+"/api/auth/clients", "application/json", `{"name":1}`, bearer("t-1234"))
	require.NoError(t, err)
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Contains(t, body, "body/name")
	assert.Zero(t, stubbed.hits.Load())
}
