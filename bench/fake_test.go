package bench

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/clientkit/clientkit/fakeapi"
)

// The fake's own cost per request, in process (no network): routing, request validation,
// state, response validation. bench-servers.sh measures the same two requests over loopback.

const fakeCreateBody = `{"name":"bench","redirectUris":["https://example.com/callback"],"description":"a client made by the benchmark"}`

func newFakeHandler(tb testing.TB) (*fakeapi.Handler, string) {
	h, err := fakeapi.NewHandler()
	if err != nil {
		tb.Fatal(err)
	}
	return h, "Bearer " + fakeapi.DefaultCredentials().FormanceToken
}

func serveFake(tb testing.TB, h http.Handler, auth, method, path, body string, want int) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set("Authorization", auth)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != want {
		tb.Fatalf("%s %s: HTTP %d, want %d: %s", method, path, rec.Code, want, rec.Body)
	}
	return rec
}

// BenchmarkFake measures the fake handler on Formance readClient and createClient, named
// Fake/operation/handler/fakeapi.
func BenchmarkFake(b *testing.B) {
	b.Run("FormanceReadClient/handler/fakeapi", func(b *testing.B) {
		h, auth := newFakeHandler(b)
		var created struct{ Data struct{ ID string } }
		rec := serveFake(b, h, auth, http.MethodPost, formanceClientsPath, fakeCreateBody, http.StatusCreated)
		if err := json.Unmarshal(rec.Body.Bytes(), &created); err != nil || created.Data.ID == "" {
			b.Fatalf("no client id in %s (%v)", rec.Body, err)
		}
		path := formanceClientsPath + "/" + created.Data.ID
		b.ReportAllocs()
		for b.Loop() {
			serveFake(b, h, auth, http.MethodGet, path, "", http.StatusOK)
		}
	})
	b.Run("FormanceCreateClient/handler/fakeapi", func(b *testing.B) {
		h, auth := newFakeHandler(b)
		b.ReportAllocs()
		for b.Loop() {
			serveFake(b, h, auth, http.MethodPost, formanceClientsPath, fakeCreateBody, http.StatusCreated)
		}
	})
}
