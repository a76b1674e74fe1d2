package fakeapi

import (
	"net/http/httptest"
	"testing"
)

// Server is the fake listening on 127.0.0.1 for one test.
type Server struct {
	// URL is the base URL; every provider is served at its root.
	URL string
	// Credentials are the credentials the fake accepts.
	Credentials Credentials
	// Handler is the fake itself, for Requests, Count, Reset and ServeHTTP.
	*Handler

	tb testing.TB
}

// NewServer starts the fake on a loopback port and closes it when the test ends. Invalid options
// fail the test.
func NewServer(tb testing.TB, opts ...Option) *Server {
	tb.Helper()
	h, err := NewHandler(opts...)
	if err != nil {
		tb.Fatalf("fakeapi.NewServer: %v", err)
	}
	srv := httptest.NewServer(h)
	tb.Cleanup(srv.Close)
	return &Server{URL: srv.URL, Credentials: h.cfg.creds, Handler: h, tb: tb}
}

// Inject queues a fault for the next calls of operationID; an unknown operation or an invalid
// fault fails the test.
func (s *Server) Inject(operationID string, f Fault) {
	s.tb.Helper()
	if err := s.Handler.Inject(operationID, f); err != nil {
		s.tb.Fatalf("fakeapi: %v", err)
	}
}
