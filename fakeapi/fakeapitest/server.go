// Package fakeapitest starts clientkit's fake APIs for one test, as net/http/httptest does for a
// handler. It is the only part of the fake that imports "testing".
package fakeapitest

import (
	"context"
	"net"
	"net/http/httptest"
	"testing"

	"github.com/clientkit/clientkit/fakeapi"
)

// Server is the fake listening on 127.0.0.1 for one test.
type Server struct {
	// Server is the listening server: URL, Client and Close.
	*httptest.Server
	// Handler is the fake itself, for its request log, counts, faults and reset.
	Handler *fakeapi.Handler
	// Credentials are the credentials the fake accepts.
	Credentials fakeapi.Credentials

	tb testing.TB
}

// NewServer starts the fake on a loopback port and closes it when the test ends, without waiting
// for requests held by a Delay or Work fault (their callers see the connection close). Invalid
// options fail the test.
func NewServer(tb testing.TB, opts ...fakeapi.Option) *Server {
	tb.Helper()
	h, err := fakeapi.NewHandler(opts...)
	if err != nil {
		tb.Fatalf("fakeapitest.NewServer: %v", err)
	}
	srv := httptest.NewUnstartedServer(h)
	// Every request's context derives from base: cancelling it ends the pending delay and work
	// faults, so closing never waits for them.
	base, cancel := context.WithCancel(context.Background())
	srv.Config.BaseContext = func(net.Listener) context.Context { return base }
	srv.Start()
	tb.Cleanup(func() {
		cancel()
		srv.CloseClientConnections()
		srv.Close()
	})
	return &Server{Server: srv, Handler: h, Credentials: h.Credentials(), tb: tb}
}

// Inject queues a fault for the next calls of operationID (one of the fakeapi.Op… constants); an
// unknown operation or an invalid fault fails the test.
func (s *Server) Inject(operationID string, f fakeapi.Fault) {
	s.tb.Helper()
	if err := s.Handler.Inject(operationID, f); err != nil {
		s.tb.Fatalf("fakeapitest: %v", err)
	}
}
