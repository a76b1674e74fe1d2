package fakeapitest_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/clientkit/clientkit/fakeapi"
	"github.com/clientkit/clientkit/fakeapi/fakeapitest"
)

func TestNewServerServesTheFakeOnLoopback(t *testing.T) {
	srv := fakeapitest.NewServer(t)
	if !strings.HasPrefix(srv.URL, "http://127.0.0.1:") {
		t.Fatalf("URL %q is not on 127.0.0.1", srv.URL)
	}
	srv.Inject(fakeapi.OpListClients, fakeapi.Fault{Status: http.StatusServiceUnavailable})
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/api/auth/clients", nil)
	req.Header.Set("Authorization", "Bearer "+srv.Credentials.FormanceToken)
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("status %d, want the injected 503", resp.StatusCode)
	}
	if n := len(srv.Handler.Requests()); n != 1 {
		t.Fatalf("request log has %d entries, want 1", n)
	}
}

// recorder is a testing.TB that records Fatalf instead of stopping the test.
type recorder struct {
	testing.TB
	failures []string
}

func (r *recorder) Helper() {}
func (r *recorder) Fatalf(format string, args ...any) {
	r.failures = append(r.failures, fmt.Sprintf(format, args...))
}

func TestInjectOfAnUnknownOperationFailsNamingTheValidOnes(t *testing.T) {
	rec := &recorder{TB: t} // Cleanup is t's, so the server still closes
	srv := fakeapitest.NewServer(rec)
	srv.Inject("createClients", fakeapi.Fault{Status: http.StatusServiceUnavailable})
	if len(rec.failures) != 1 || !strings.Contains(rec.failures[0], fakeapi.OpCreateClient+",") {
		t.Fatalf("failures %q, want one naming %s among the valid ids", rec.failures, fakeapi.OpCreateClient)
	}
}
