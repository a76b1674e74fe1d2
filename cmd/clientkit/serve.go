package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/clientkit/clientkit/fakeapi"
)

func init() {
	register("serve", "run the fake Mollie, Dwolla and Formance APIs", runServe)
}

// shutdownGrace bounds how long serve and proxy wait for requests in flight when they stop; then
// every connection left is closed, so a stop never takes much more than this.
const shutdownGrace = 500 * time.Millisecond

// serveTimeouts bound what one connection can hold: a slow client, an idle keep-alive, a slow
// answer.
type serveTimeouts struct {
	read  time.Duration // whole request, headers and body
	write time.Duration // from the end of the headers to the end of the answer; also ends delays
	idle  time.Duration // a keep-alive connection between requests
}

// runServe serves the fake until ctx ends (SIGINT or SIGTERM from main).
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	creds := fakeapi.DefaultCredentials()
	fs := newCommandFlags("serve",
		"Serves the fake Mollie, Dwolla and Formance APIs until interrupted, accepting the credentials\n"+
			"below (demo values by default), with an inspector at /_fake/ and a control API under it.")
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	fs.StringVar(&creds.DwollaClientID, "dwolla-client-id", creds.DwollaClientID, "Dwolla client id accepted by /token")
	fs.StringVar(&creds.DwollaClientSecret, "dwolla-client-secret", creds.DwollaClientSecret, "Dwolla client secret accepted by /token")
	ttl := fs.Duration("dwolla-token-ttl", time.Hour, "lifetime of Dwolla application tokens")
	fs.StringVar(&creds.MollieClientID, "mollie-client-id", creds.MollieClientID, "Mollie OAuth app id (app_…)")
	fs.StringVar(&creds.MollieClientSecret, "mollie-client-secret", creds.MollieClientSecret, "Mollie OAuth app secret")
	redirectURI := fs.urlFlag("mollie-redirect-uri", creds.MollieRedirectURI, "`URL` the consent page redirects to")
	fs.StringVar(&creds.MollieAccessToken, "mollie-access-token", creds.MollieAccessToken, "Mollie organization access token (access_…)")
	fs.StringVar(&creds.FormanceToken, "formance-token", creds.FormanceToken, "static bearer token accepted by Formance")
	publicURL := fs.urlFlag("public-url", "", "base `URL` for links the fake hands out (default: the listening address)")
	generation := fs.String("formance-generation", "today", "Formance Auth API generation to play: today or 2023")
	rotate := fs.Bool("mollie-rotate-refresh-tokens", false, "answer every Mollie refresh with a new refresh token")
	consent := fs.String("consent", string(fakeapi.ConsentApprove), "Mollie consent page: approve (at once), deny (at once) or interactive (a page with Approve and Deny)")
	inspector := fs.Bool("inspector", true, "serve the inspector page at /_fake/")
	logRequests := fs.Bool("log", false, "print one line per request on stderr")
	logFormat := fs.String("log-format", "human", "format of --log lines: human or json")
	var limits serveTimeouts
	fs.DurationVar(&limits.read, "read-timeout", 15*time.Second, "longest time to read one request, headers and body")
	fs.DurationVar(&limits.write, "write-timeout", time.Minute, "longest time to answer one request, fault delays included")
	fs.DurationVar(&limits.idle, "idle-timeout", 30*time.Second, "how long an idle keep-alive connection stays open")
	if err := fs.parse(args, stdout); err != nil {
		return err
	}
	if err := checkListenAddress(*addr); err != nil {
		return err
	}
	for name, u := range map[string]*urlValue{"mollie-redirect-uri": redirectURI, "public-url": publicURL} {
		if err := checkAbsoluteURL(name, u); err != nil {
			return err
		}
	}
	creds.MollieRedirectURI = redirectURI.raw
	if *ttl <= 0 {
		return flagProblem("dwolla-token-ttl", ttl.String(), "must be positive")
	}
	if err := limits.check(); err != nil {
		return err
	}
	mode, err := fakeapi.ParseConsent(*consent)
	if err != nil {
		return flagProblem("consent", *consent, "is not one of approve, deny, interactive")
	}
	gen, err := fakeapi.ParseFormanceGeneration(*generation)
	if err != nil {
		return flagProblem("formance-generation", *generation, "must be today or 2023")
	}
	opts := []fakeapi.Option{fakeapi.WithCredentials(creds), fakeapi.WithDwollaTokenTTL(*ttl),
		fakeapi.WithFormanceGeneration(gen), fakeapi.WithConsent(mode)}
	if *rotate {
		opts = append(opts, fakeapi.WithMollieRefreshTokenRotation())
	}
	if publicURL.raw != "" {
		opts = append(opts, fakeapi.WithPublicURL(publicURL.raw))
	}
	if *inspector {
		opts = append(opts, fakeapi.WithInspector())
	}
	if *logRequests {
		logger, err := newRequestLogger(stderr, *logFormat)
		if err != nil {
			return err
		}
		opts = append(opts, fakeapi.WithRequestObserver(logger.log))
	} else if *logFormat != "human" {
		return flagProblem("log-format", "", "needs --log")
	}
	if _, err := fakeapi.NewHandler(opts...); err != nil { // refuse bad flags before listening
		return &usageError{msg: err.Error()}
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	// Links are built from the configured URL, never from a request's Host header.
	if publicURL.raw == "" {
		opts = append(opts, fakeapi.WithPublicURL(baseURL(ln.Addr())))
	}
	handler, err := fakeapi.NewHandler(opts...)
	if err != nil {
		_ = ln.Close()
		return &usageError{msg: err.Error()}
	}
	defer fakeapi.TuneGC()()
	base := baseURL(ln.Addr())
	printBanner(stdout, base, creds, *ttl)
	if *inspector {
		fmt.Fprintf(stdout, "  Inspector %s/_fake/ (consent page: %s)\n", base, mode)
	}
	srv := &http.Server{
		Handler:           answerWithin(handler, limits.write),
		ReadHeaderTimeout: min(5*time.Second, limits.read),
		ReadTimeout:       limits.read,
		WriteTimeout:      limits.write,
		IdleTimeout:       limits.idle,
	}
	if err := serveUntilDone(ctx, ln, srv); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "clientkit serve: stopped")
	return nil
}

// check refuses timeouts that would never let a request through.
func (t serveTimeouts) check() error {
	for _, d := range []struct {
		flag  string
		value time.Duration
	}{{"read-timeout", t.read}, {"write-timeout", t.write}, {"idle-timeout", t.idle}} {
		if d.value <= 0 {
			return flagProblem(d.flag, d.value.String(), "must be positive")
		}
	}
	return nil
}

// serveUntilDone serves srv on ln until ctx ends, then stops within shutdownGrace: requests in
// flight see their context cancelled (which ends fault delays), and as soon as none is left, or
// when the grace runs out, every connection still open is closed, such as an idle keep-alive or a
// connection that never sent a request (Shutdown alone would wait seconds for that one). It sets
// srv's BaseContext and ConnState, which the caller leaves unset.
func serveUntilDone(ctx context.Context, ln net.Listener, srv *http.Server) error {
	requestsCtx, stopRequests := context.WithCancel(context.Background())
	defer stopRequests()
	var busy atomic.Int64 // connections serving a request
	srv.BaseContext = func(net.Listener) context.Context { return requestsCtx }
	srv.ConnState = countBusy(&busy)
	srv.RegisterOnShutdown(stopRequests)

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	graceCtx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	shutdown := make(chan error, 1)
	go func() { shutdown <- srv.Shutdown(graceCtx) }()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	var err error
wait:
	for {
		select {
		case err = <-shutdown:
			break wait
		case <-tick.C:
			if busy.Load() == 0 {
				cancel() // nothing in flight: close what is left now
			}
		}
	}
	if err != nil && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := srv.Close(); err != nil {
		return fmt.Errorf("close: %w", err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// countBusy keeps n equal to the number of connections serving a request.
func countBusy(n *atomic.Int64) func(net.Conn, http.ConnState) {
	var mu sync.Mutex
	active := map[net.Conn]bool{}
	return func(c net.Conn, state http.ConnState) {
		mu.Lock()
		defer mu.Unlock()
		switch {
		case state == http.StateActive:
			active[c] = true
		case active[c]:
			delete(active, c)
		default:
			return
		}
		n.Store(int64(len(active)))
	}
}

// answerWithin gives every request a context that ends with the write timeout, so a fault delay
// longer than that ends when the answer could no longer be written, rather than holding a
// goroutine for the whole delay.
func answerWithin(h http.Handler, d time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), d)
		defer cancel()
		h.ServeHTTP(w, r.WithContext(ctx))
	})
}

// checkListenAddress refuses, as a usage error, an address that is not host:port with a port
// from 0 to 65535; an address that parses but cannot be listened on fails later, with status 1.
func checkListenAddress(addr string) error {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return flagProblem("addr", addr, "is not host:port, such as 127.0.0.1:8080")
	}
	if n, err := strconv.ParseUint(port, 10, 16); err != nil || n > 65535 {
		return flagProblem("addr", addr, "has no port from 0 to 65535")
	}
	return nil
}

// baseURL turns the listening address into a URL a local client can use.
func baseURL(addr net.Addr) string {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok || tcp.IP.IsUnspecified() {
		port := ""
		if ok {
			port = fmt.Sprint(tcp.Port)
		}
		return "http://localhost:" + port
	}
	return "http://" + tcp.String()
}

// printBanner tells the user where the fake listens and which demo credentials it accepts.
func printBanner(w io.Writer, base string, c fakeapi.Credentials, ttl time.Duration) {
	d := fakeapi.DefaultCredentials()
	fmt.Fprintf(w, "clientkit serve: fake APIs at %s\n", base)
	fmt.Fprintf(w, "  Mollie    POST %s/v2/client-links  bearer %s\n", base, shown(c.MollieAccessToken, d.MollieAccessToken))
	fmt.Fprintf(w, "            POST %s/oauth2/tokens    app %s / %s, redirect %s\n", base, c.MollieClientID,
		shown(c.MollieClientSecret, d.MollieClientSecret), c.MollieRedirectURI)
	fmt.Fprintf(w, "  Dwolla    POST %s/token            client %s / %s (tokens live %s)\n", base, c.DwollaClientID,
		shown(c.DwollaClientSecret, d.DwollaClientSecret), ttl)
	fmt.Fprintf(w, "  Formance  %s/api/auth/clients      bearer %s\n", base, shown(c.FormanceToken, d.FormanceToken))
	fmt.Fprintf(w, "  Control   %s/_fake/faults, /_fake/requests, /_fake/state, /_fake/counts, /_fake/reset\n", base)
}

// shown is a credential as the banner prints it: the fake's published demo value as it is, one
// given by flag as [given] (the banner may end up in logs).
func shown(value, demo string) string {
	if value == demo {
		return value
	}
	return "[given]"
}
