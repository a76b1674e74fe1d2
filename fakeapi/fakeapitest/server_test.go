package fakeapitest_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptrace"
	"strings"
	"testing"
	"time"

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

// The cleanup of a test must not wait for a request held by a long delay fault (issue 16): the
// request is cut off and the server closes at once.
func TestCleanupDoesNotWaitForAPendingDelay(t *testing.T) {
	const delay = 20 * time.Second // what a cleanup that waits would take
	done := make(chan error, 1)
	start := time.Now()
	t.Run("server", func(t *testing.T) {
		srv := fakeapitest.NewServer(t)
		srv.Inject(fakeapi.OpListClients, fakeapi.Fault{Delay: delay})
		sent := make(chan struct{})
		ctx := httptrace.WithClientTrace(context.Background(), &httptrace.ClientTrace{
			WroteRequest: func(httptrace.WroteRequestInfo) { close(sent) },
		})
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/api/auth/clients", nil)
		req.Header.Set("Authorization", "Bearer "+srv.Credentials.FormanceToken)
		go func() {
			tr := &http.Transport{}
			defer tr.CloseIdleConnections()
			resp, err := (&http.Client{Transport: tr}).Do(req) // no timeout of its own
			if err == nil {
				resp.Body.Close()
			}
			done <- err
		}()
		select {
		case <-sent:
		case <-time.After(5 * time.Second):
			t.Fatal("the request was not sent")
		}
		time.Sleep(50 * time.Millisecond) // the handler reaches the delay
	})
	if took := time.Since(start); took > 3*time.Second {
		t.Fatalf("the test and its cleanup took %s: the cleanup waited for the delay", took)
	}
	select {
	case err := <-done:
		if err == nil {
			t.Fatal("the held request got an answer, want the connection closed")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the held request is still pending after the server closed")
	}
}
