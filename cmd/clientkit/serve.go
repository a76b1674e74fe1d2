package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/clientkit/clientkit/fakeapi"
)

func init() {
	register("serve", "run the fake Mollie, Dwolla and Formance APIs", runServe)
}

// shutdownGrace bounds how long serve waits for requests in flight when it stops.
const shutdownGrace = 5 * time.Second

// runServe serves the fake until ctx ends (SIGINT or SIGTERM from main).
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	creds := fakeapi.DefaultCredentials()
	fs := newCommandFlags("serve",
		"Serves the fake Mollie, Dwolla and Formance APIs until interrupted, accepting the credentials\n"+
			"below (demo values by default), scriptable under /_fake/.")
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
	gen, err := fakeapi.ParseFormanceGeneration(*generation)
	if err != nil {
		return flagProblem("formance-generation", *generation, "must be today or 2023")
	}
	opts := []fakeapi.Option{fakeapi.WithCredentials(creds), fakeapi.WithDwollaTokenTTL(*ttl), fakeapi.WithFormanceGeneration(gen)}
	if *rotate {
		opts = append(opts, fakeapi.WithMollieRefreshTokenRotation())
	}
	if publicURL.raw != "" {
		opts = append(opts, fakeapi.WithPublicURL(publicURL.raw))
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
	// Shutdown waits for requests in flight but does not cancel their contexts; cancelling the
	// base context when it starts ends pending fault delays, so serve stops promptly.
	requestsCtx, stopRequests := context.WithCancel(context.Background())
	defer stopRequests()
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return requestsCtx },
	}
	srv.RegisterOnShutdown(stopRequests)
	printBanner(stdout, baseURL(ln.Addr()), creds, *ttl)

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
	fmt.Fprintln(stdout, "clientkit serve: stopped")
	return nil
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
	fmt.Fprintf(w, "clientkit serve: fake APIs at %s\n", base)
	fmt.Fprintf(w, "  Mollie    POST %s/v2/client-links  bearer %s\n", base, c.MollieAccessToken)
	fmt.Fprintf(w, "            POST %s/oauth2/tokens    app %s / %s, redirect %s\n", base, c.MollieClientID, c.MollieClientSecret, c.MollieRedirectURI)
	fmt.Fprintf(w, "  Dwolla    POST %s/token            client %s / %s (tokens live %s)\n", base, c.DwollaClientID, c.DwollaClientSecret, ttl)
	fmt.Fprintf(w, "  Formance  %s/api/auth/clients      bearer %s\n", base, c.FormanceToken)
	fmt.Fprintf(w, "  Control   %s/_fake/faults, /_fake/requests, /_fake/counts, /_fake/reset\n", base)
}
