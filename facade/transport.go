package facade

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"time"
)

// baseTransport is the innermost RoundTripper the options chose, with per-exchange debug logging.
func (c *config) baseTransport() http.RoundTripper {
	var rt http.RoundTripper = http.DefaultTransport
	switch {
	case c.doer != nil:
		rt = doerTransport{c.doer}
	case c.httpClient != nil && c.httpClient.Transport != nil:
		rt = c.httpClient.Transport
	}
	return &logTransport{base: rt, logger: c.logger, provider: c.provider, clock: c.clock}
}

// apiClient is the *http.Client the generated client sends through: retries around auth (which
// wraps the base transport). It keeps the Timeout, Jar and CheckRedirect of a WithHTTPClient
// client.
func (c *config) apiClient(auth *authTransport) *http.Client {
	hc := &http.Client{Timeout: defaultRequestTimeout}
	switch {
	case c.httpClient != nil:
		copied := *c.httpClient
		hc = &copied
	case c.doer != nil:
		hc.Timeout = 0 // the doer has its own
	}
	hc.Transport = newRetryTransport(auth, c.retry, c.logger)
	return hc
}

// newAuth returns the auth transport for the provider at u. Its stamp editor stays off when a
// WithHTTPClient client has a CheckRedirect, which would see a stamped token in the headers of
// every hop; the transport then adds the token to its own copy of each request.
func (c *config) newAuth(base http.RoundTripper, u *url.URL, tokens tokenProvider, rejected func(*http.Response) bool) *authTransport {
	return &authTransport{base: base, scheme: u.Scheme, host: u.Host, tokens: tokens, rejected: rejected,
		noStamp: c.httpClient != nil && c.httpClient.CheckRedirect != nil}
}

// tokenClient is the *http.Client token requests go through: the base transport, no retries.
func (c *config) tokenClient(base http.RoundTripper) *http.Client {
	hc := &http.Client{Transport: base, Timeout: defaultRequestTimeout}
	if c.httpClient != nil && c.httpClient.Timeout > 0 {
		hc.Timeout = c.httpClient.Timeout
	}
	return hc
}

// userAgentEditor sets the User-Agent of every request the generated client builds. The header
// value is one slice shared by every request and never modified.
func (c *config) userAgentEditor() func(context.Context, *http.Request) error {
	ua := []string{c.userAgent}
	return func(_ context.Context, req *http.Request) error {
		req.Header["User-Agent"] = ua
		return nil
	}
}

// doerTransport lets an HttpRequestDoer serve as a RoundTripper.
type doerTransport struct{ doer HttpRequestDoer }

func (t doerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	return t.doer.Do(req)
}

// logTransport logs each exchange at debug level: method, path, status or the kind of error,
// duration. Never headers, query strings, bodies or error texts.
type logTransport struct {
	base     http.RoundTripper
	logger   *slog.Logger
	provider string
	clock    func() time.Time
}

func (t *logTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	if !t.logger.Enabled(ctx, slog.LevelDebug) {
		return t.base.RoundTrip(req)
	}
	start := t.clock()
	resp, err := t.base.RoundTrip(req)
	attrs := []slog.Attr{
		slog.String("provider", t.provider),
		slog.String("method", req.Method),
		slog.String("path", req.URL.Path),
		slog.Duration("duration", t.clock().Sub(start)),
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", errorClass(err)))
	} else {
		attrs = append(attrs, slog.Int("status", resp.StatusCode))
	}
	t.logger.LogAttrs(ctx, slog.LevelDebug, "clientkit http", attrs...)
	return resp, err
}
