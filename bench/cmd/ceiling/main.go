// Command ceiling is the upper bound of bench-servers.sh: a bare net/http server that answers the
// two measured requests (GET /api/auth/clients/{id} and POST /api/auth/clients) with canned bytes,
// with no validation and no state. It reads each request body in full, as any real server must.
//
// Usage: ceiling [-addr 127.0.0.1:18088]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"
)

// Canned answers, shaped like the fake's answers to the same requests.
var (
	readAnswer   = []byte(`{"data":{"id":"3b5f1c2e-8d4a-4f6b-9c1e-2a7d5e9f0b13","name":"bench","redirectUris":["https://example.com/callback"],"description":"a client made by wrk","scopes":[],"secrets":[]}}`)
	createAnswer = []byte(`{"data":{"id":"6a0e2b7c-1f3d-4c5e-8a9b-0c1d2e3f4a5b","name":"bench","redirectUris":["https://example.com/callback"],"description":"a client made by wrk","scopes":[],"secrets":[]}}`)
)

func main() {
	addr := flag.String("addr", "127.0.0.1:18088", "address to listen on")
	flag.Parse()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatalf("ceiling: %v", err)
	}
	fmt.Printf("ceiling: listening on http://%s\n", ln.Addr())
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	srv := &http.Server{Handler: http.HandlerFunc(answer), ReadHeaderTimeout: 5 * time.Second}
	go func() {
		<-ctx.Done()
		shutdownCtx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdownCtx)
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		log.Fatalf("ceiling: %v", err)
	}
}

// answer writes the canned answer of the two measured requests; anything else is 404.
func answer(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	switch {
	case r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/api/auth/clients/"):
		w.Header()["Content-Type"] = []string{"application/json"}
		_, _ = w.Write(readAnswer)
	case r.Method == http.MethodPost && r.URL.Path == "/api/auth/clients":
		w.Header()["Content-Type"] = []string{"application/json"}
		w.WriteHeader(http.StatusCreated)
		_, _ = w.Write(createAnswer)
	default:
		http.NotFound(w, r)
	}
}
