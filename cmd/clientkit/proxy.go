package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/clientkit/clientkit/conformance"
)

func init() {
	register("proxy", "a reverse proxy that checks all traffic against the specs", runProxy)
}

// runProxy forwards to --upstream until ctx ends, logging one line per exchange on stdout. It
// stops as serve does: calls still in flight are cancelled, then it prints its report.
func runProxy(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newCommandFlags("proxy",
		"Forwards every request to --upstream until interrupted, checking both directions against the\n"+
			"specs: one line per exchange on stdout, a summary at "+conformance.ReportPath+", and the\n"+
			"report on stderr when it stops.")
	upstream := fs.urlFlag("upstream", "", "`URL` of the server to forward to (required): a sandbox, the fake, another mock")
	addr := fs.String("addr", "127.0.0.1:8081", "address to listen on")
	asJSON := fs.Bool("json", false, "log JSON lines instead of text")
	check := fs.Bool("check", false, "exit 1 on shutdown when any exchange broke the specs")
	refuse := fs.Bool("refuse", false, "answer 400 to a request that breaks the specs instead of forwarding it")
	fs.require("upstream")
	if err := fs.parse(args, stdout); err != nil {
		return err
	}
	u, err := httpURL("upstream", upstream, "https://api-sandbox.dwolla.com")
	if err != nil {
		return err
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
	fmt.Fprintf(stderr, "clientkit proxy: %s -> %s (report at %s%s)\n", baseURL(ln.Addr()), u.Redacted(), baseURL(ln.Addr()), conformance.ReportPath)
	if err := serveUntilDone(ctx, ln, &http.Server{Handler: p, ReadHeaderTimeout: 10 * time.Second}); err != nil {
		return err
	}
	rep := p.Report()
	fmt.Fprint(stderr, "clientkit proxy: stopped: ", rep.String())
	if *check && !rep.OK() {
		return fmt.Errorf("--check: %d violations", len(rep.Violations))
	}
	return nil
}
