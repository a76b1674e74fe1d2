package call

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/clientkit/clientkit/facade"
	"github.com/clientkit/clientkit/facade/internal/auth"
	"github.com/clientkit/clientkit/facade/internal/retry"
)

// DefaultTimeout bounds a whole call, and a token request, when the user's client sets none.
const DefaultTimeout = 60 * time.Second

// Base is the innermost RoundTripper of a client: the user's transport (http.DefaultTransport
// when none), with per-exchange debug logging.
func Base(provider string, s facade.Settings) http.RoundTripper {
	rt := http.DefaultTransport
	if s.HTTPClient != nil && s.HTTPClient.Transport != nil {
		rt = s.HTTPClient.Transport
	}
	return &logTransport{base: rt, logger: s.Logger, provider: provider}
}

// timeout is the limit of a whole call: the user's client's Timeout as it is (0 is none, as in
// net/http), else DefaultTimeout.
func timeout(s facade.Settings) time.Duration {
	if s.HTTPClient != nil {
		return s.HTTPClient.Timeout
	}
	return DefaultTimeout
}

// TokenClient is the *http.Client token requests go through: base, no retries, and always
// bounded in time (DefaultTimeout when the user's client sets none), since one token fetch
// serves many calls.
func TokenClient(s facade.Settings, base http.RoundTripper) *http.Client {
	t := timeout(s)
	if t <= 0 {
		t = DefaultTimeout
	}
	return &http.Client{Transport: base, Timeout: t}
}

// ClientCredentialsCache returns a cache of the tokens creds fetches through TokenClient(s,
// base), dated by clock. A failed fetch is typed by FetchTokenError as the operation op of
// provider.
func ClientCredentialsCache(provider, op string, s facade.Settings, base http.RoundTripper, creds *clientcredentials.Config, clock func() time.Time) *auth.Cache {
	hc := TokenClient(s, base)
	return auth.NewCache(func(ctx context.Context) (*oauth2.Token, error) {
		tok, err := creds.Token(context.WithValue(ctx, oauth2.HTTPClient, hc))
		if err != nil {
			return nil, FetchTokenError(provider, op, err)
		}
		return tok, nil
	}, clock)
}

// NewCaller returns the Caller of a provider client whose attempts go through transport (auth
// around Base). The user's client's Jar and CheckRedirect are kept.
func NewCaller(provider string, s facade.Settings, transport http.RoundTripper, decode func(op string, status int, header http.Header, body []byte) *facade.APIError) *Caller {
	hc := &http.Client{Transport: transport}
	if s.HTTPClient != nil {
		hc.Jar, hc.CheckRedirect = s.HTTPClient.Jar, s.HTTPClient.CheckRedirect
	}
	return &Caller{
		Provider:  provider,
		send:      hc.Do,
		Timeout:   timeout(s),
		Policy:    s.RetryPolicy,
		Retrier:   retry.New(s.Logger),
		UserAgent: []string{s.UserAgent},
		Decode:    decode,
	}
}

// logTransport logs each exchange at debug level: method, path, status or the kind of error,
// duration. Never headers, query strings, bodies or error texts.
type logTransport struct {
	base     http.RoundTripper
	logger   *slog.Logger
	provider string
}

func (t *logTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	if !t.logger.Enabled(ctx, slog.LevelDebug) {
		return t.base.RoundTrip(req)
	}
	start := time.Now()
	resp, err := t.base.RoundTrip(req)
	attrs := []slog.Attr{
		slog.String("provider", t.provider),
		slog.String("method", req.Method),
		slog.String("path", req.URL.Path),
		slog.Duration("duration", time.Since(start)),
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", retry.ErrorClass(err)))
	} else {
		attrs = append(attrs, slog.Int("status", resp.StatusCode))
	}
	t.logger.LogAttrs(ctx, slog.LevelDebug, "clientkit http", attrs...)
	return resp, err
}
