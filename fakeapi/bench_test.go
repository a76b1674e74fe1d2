package fakeapi_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/clientkit/clientkit/fakeapi/fakeapitest"
)

// The benchmarks call the handler directly, so they measure routing, validation both ways and
// state, not the network.

func BenchmarkReadClient(b *testing.B) {
	srv := fakeapitest.NewServer(b)
	id := formanceClient(b, srv, "bench")
	auth := bearer(srv.Credentials.FormanceToken)
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest("GET", "/api/auth/clients/"+id, nil)
		req.Header.Set("Authorization", auth)
		rec := httptest.NewRecorder()
		srv.Handler.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
	}
}

func BenchmarkCreateClient(b *testing.B) {
	srv := fakeapitest.NewServer(b)
	auth := bearer(srv.Credentials.FormanceToken)
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest("POST", "/api/auth/clients", strings.NewReader(`{"name":"bench","redirectUris":["https://a.example/cb"]}`))
		req.Header.Set("Authorization", auth)
		req.Header.Set("Content-Type", jsonType)
		rec := httptest.NewRecorder()
		srv.Handler.ServeHTTP(rec, req)
		if rec.Code != http.StatusCreated {
			b.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
	}
}
