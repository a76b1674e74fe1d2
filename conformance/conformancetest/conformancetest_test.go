package conformancetest_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/conformance/conformancetest"
	"github.com/clientkit/clientkit/fakeapi/fakeapitest"
)

// recordingTB catches Errorf and Cleanup so the test can run the cleanups itself.
type recordingTB struct {
	testing.TB
	errors   []string
	cleanups []func()
}

func (r *recordingTB) Helper()          {}
func (r *recordingTB) Cleanup(f func()) { r.cleanups = append(r.cleanups, f) }
func (r *recordingTB) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func (r *recordingTB) runCleanups() {
	for i := len(r.cleanups) - 1; i >= 0; i-- {
		r.cleanups[i]()
	}
}

func post(t *testing.T, c *http.Client, url, body, token string) {
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := c.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
}

// TestClientFailsAtCleanup: a wrong request fails the test when it ends, naming the violation
// and not the token.
func TestClientFailsAtCleanup(t *testing.T) {
	srv := fakeapitest.NewServer(t)
	rec := &recordingTB{TB: t}
	c := conformancetest.Client(rec, nil)
	post(t, c, srv.URL+"/api/auth/clients", `{"name":["not","a","string"]}`, srv.Credentials.FormanceToken)
	require.Empty(t, rec.errors, "nothing fails before cleanup")
	rec.runCleanups()
	require.Len(t, rec.errors, 1)
	assert.Contains(t, rec.errors[0], "request POST /api/auth/clients (createClient) body/name")
	assert.NotContains(t, rec.errors[0], srv.Credentials.FormanceToken)
}

// TestClientPassesCleanTraffic: conforming traffic leaves the test alone.
func TestClientPassesCleanTraffic(t *testing.T) {
	srv := fakeapitest.NewServer(t)
	rec := &recordingTB{TB: t}
	c := conformancetest.Client(rec, nil)
	post(t, c, srv.URL+"/api/auth/clients", `{"name":"ok"}`, srv.Credentials.FormanceToken)
	rec.runCleanups()
	assert.Empty(t, rec.errors)
}
