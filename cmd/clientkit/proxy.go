package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/clientkit/clientkit/conformance"
)

func init() {
	register("proxy", "a reverse proxy that checks all traffic against the specs", runProxy)
}

// runProxy forwards to --upstream until ctx ends, logging one line per exchange on stdout.
func runProxy(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("clientkit proxy", flag.ContinueOnError)
	fs.SetOutput(stderr)
	upstream := fs.String("upstream", "", "URL of the server to forward to (required): a sandbox, the fake, another mock")
	addr := fs.String("addr", "127.0.0.1:8081", "address to listen on")
	asJSON := fs.Bool("json", false, "log JSON lines instead of text")
	check := fs.Bool("check", false, "exit 1 on shutdown when any exchange broke the specs")
	refuse := fs.Bool("refuse", false, "answer 400 to a request that breaks the specs instead of forwarding it")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	u, err := url.Parse(*upstream)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return &usageError{msg: "--upstream must be an http(s) URL"}
	}
	opts := []conformance.Option{conformance.WithLog(stdout, *asJSON)}
	if *refuse {
		opts = append(opts, conformance.WithMode(conformance.ModeRefuse))
	}
	p := conformance.NewProxy(u, opts...)
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: p, ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(stderr, "clientkit proxy: %s -> %s (report at %s%s)\n", baseURL(ln.Addr()), u.Redacted(), baseURL(ln.Addr()), conformance.ReportPath)

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	rep := p.Report()
	fmt.Fprint(stderr, "clientkit proxy: stopped: ", rep.String())
	if *check && !rep.OK() {
		return fmt.Errorf("--check: %d violations", len(rep.Violations))
	}
	return nil
}
