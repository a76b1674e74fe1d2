package facade

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

// Provider names, as they appear in errors and logs.
const (
	providerMollie   = "mollie"
	providerDwolla   = "dwolla"
	providerFormance = "formance"
)

// Default endpoints and settings.
const (
	mollieBaseURL         = "https://api.mollie.com"
	dwollaProductionURL   = "https://api.dwolla.com"
	dwollaSandboxURL      = "https://api-sandbox.dwolla.com"
	defaultUserAgent      = "clientkit-go"
	defaultRequestTimeout = 60 * time.Second
)

// HttpRequestDoer sends HTTP requests; *http.Client is one. It has the shape of the generated
// clients' doer, so one value serves both.
type HttpRequestDoer interface {
	Do(req *http.Request) (*http.Response, error)
}

// Option configures a client at construction. An option that is invalid, or that does not apply
// to the provider being built, makes the constructor fail.
type Option func(*config) error

// config is what the options of one constructor call add up to.
type config struct {
	provider     string // set by the constructor before the options run
	baseURL      string
	httpClient   *http.Client
	doer         HttpRequestDoer
	userAgent    string
	logger       *slog.Logger
	retry        RetryPolicy
	clock        func() time.Time
	accessToken  string
	tokenSource  oauth2.TokenSource
	clientID     string
	clientSecret string
	sandbox      bool
	bearerToken  string
}

// newConfig applies opts over the defaults of provider.
func newConfig(provider string, opts []Option) (*config, error) {
	c := &config{
		provider:  provider,
		userAgent: defaultUserAgent,
		logger:    slog.New(slog.DiscardHandler),
		retry:     DefaultRetryPolicy(),
		clock:     time.Now,
	}
	for _, o := range opts {
		if o == nil {
			return nil, errors.New("facade: nil Option")
		}
		if err := o(c); err != nil {
			return nil, fmt.Errorf("facade: %s: %w", provider, err)
		}
	}
	return c, nil
}

// WithBaseURL sends requests to baseURL instead of the provider's production endpoint, for
// example a fake server. It must be https, or http on a loopback host. Formance takes its stack
// URL as an argument of NewFormance instead.
func WithBaseURL(baseURL string) Option {
	return func(c *config) error {
		if c.provider == providerFormance {
			return errors.New("WithBaseURL does not apply: pass the stack URL to NewFormance")
		}
		if _, err := parseServiceURL(baseURL); err != nil {
			return fmt.Errorf("WithBaseURL: base URL %w", err)
		}
		c.baseURL = baseURL
		return nil
	}
}

// WithHTTPClient sends requests through hc; its Transport is wrapped with retries and auth, its
// Timeout, Jar and CheckRedirect are kept. Not together with WithDoer.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *config) error {
		if hc == nil {
			return errors.New("WithHTTPClient: nil *http.Client")
		}
		if c.doer != nil {
			return errors.New("WithHTTPClient and WithDoer exclude each other")
		}
		c.httpClient = hc
		return nil
	}
}

// WithDoer sends every request, token requests included, through d. Not together with
// WithHTTPClient.
func WithDoer(d HttpRequestDoer) Option {
	return func(c *config) error {
		if d == nil {
			return errors.New("WithDoer: nil doer")
		}
		if c.httpClient != nil {
			return errors.New("WithHTTPClient and WithDoer exclude each other")
		}
		c.doer = d
		return nil
	}
}

// WithUserAgent puts product (such as "myapp/1.2") in front of clientkit's own User-Agent.
func WithUserAgent(product string) Option {
	return func(c *config) error {
		if strings.TrimSpace(product) == "" {
			return errors.New("WithUserAgent: empty user agent")
		}
		if strings.ContainsFunc(product, func(r rune) bool { return r < ' ' || r == 0x7f }) {
			return errors.New("WithUserAgent: user agent contains control characters")
		}
		c.userAgent = product + " " + defaultUserAgent
		return nil
	}
}

// WithLogger logs each HTTP exchange (method, path, status, duration) at debug level to l.
// Logging is off without it; headers and bodies are never logged.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error {
		if l == nil {
			return errors.New("WithLogger: nil logger")
		}
		c.logger = l
		return nil
	}
}

// WithRetryPolicy replaces DefaultRetryPolicy for every call of the client; zero fields take the
// default's values. CallRetryPolicy overrides it for one call.
func WithRetryPolicy(p RetryPolicy) Option {
	return func(c *config) error {
		if err := p.check(); err != nil {
			return fmt.Errorf("WithRetryPolicy: %w", err)
		}
		c.retry = p
		return nil
	}
}

// WithClock replaces time.Now, for token expiry and client-link dates; for tests.
func WithClock(now func() time.Time) Option {
	return func(c *config) error {
		if now == nil {
			return errors.New("WithClock: nil clock")
		}
		c.clock = now
		return nil
	}
}

// WithAccessToken authenticates Mollie calls with a static organization access token (access_…).
func WithAccessToken(token string) Option {
	return func(c *config) error {
		if err := only(c, "WithAccessToken", providerMollie); err != nil {
			return err
		}
		if token == "" {
			return errors.New("WithAccessToken: empty token")
		}
		if c.tokenSource != nil {
			return errors.New("WithAccessToken and WithTokenSource exclude each other")
		}
		c.accessToken = token
		return nil
	}
}

// WithTokenSource authenticates Mollie calls with tokens from ts, such as the one an OAuth code
// exchange returns. ts should cache its tokens (oauth2.ReuseTokenSource).
func WithTokenSource(ts oauth2.TokenSource) Option {
	return func(c *config) error {
		if err := only(c, "WithTokenSource", providerMollie); err != nil {
			return err
		}
		if ts == nil {
			return errors.New("WithTokenSource: nil token source")
		}
		if c.accessToken != "" {
			return errors.New("WithAccessToken and WithTokenSource exclude each other")
		}
		c.tokenSource = ts
		return nil
	}
}

// WithClientCredentials authenticates Dwolla or Formance calls with application tokens fetched
// with the client-credentials grant. Tokens are cached and refreshed 60 s before they expire, or
// at half their lifetime when they live less than 2 minutes; one fetch serves concurrent calls.
func WithClientCredentials(clientID, clientSecret string) Option {
	return func(c *config) error {
		if err := only(c, "WithClientCredentials", providerDwolla, providerFormance); err != nil {
			return err
		}
		if clientID == "" {
			return errors.New("WithClientCredentials: empty client id")
		}
		if clientSecret == "" {
			return errors.New("WithClientCredentials: empty client secret")
		}
		if c.bearerToken != "" {
			return errors.New("WithClientCredentials and WithBearerToken exclude each other")
		}
		c.clientID, c.clientSecret = clientID, clientSecret
		return nil
	}
}

// WithSandbox points a Dwolla client at https://api-sandbox.dwolla.com instead of production.
func WithSandbox() Option {
	return func(c *config) error {
		if err := only(c, "WithSandbox", providerDwolla); err != nil {
			return err
		}
		c.sandbox = true
		return nil
	}
}

// WithBearerToken authenticates Formance calls with a static token issued by the stack.
func WithBearerToken(token string) Option {
	return func(c *config) error {
		if err := only(c, "WithBearerToken", providerFormance); err != nil {
			return err
		}
		if token == "" {
			return errors.New("WithBearerToken: empty token")
		}
		if c.clientID != "" {
			return errors.New("WithClientCredentials and WithBearerToken exclude each other")
		}
		c.bearerToken = token
		return nil
	}
}

// only refuses option name unless the client being built is one of providers.
func only(c *config, name string, providers ...string) error {
	for _, p := range providers {
		if c.provider == p {
			return nil
		}
	}
	return fmt.Errorf("%s does not apply to %s clients", name, c.provider)
}

// parseServiceURL checks that raw is an absolute https URL (http only on a loopback host)
// without user info, query or fragment. Its errors read after the name of the field.
func parseServiceURL(raw string) (*url.URL, error) {
	if raw == "" {
		return nil, errors.New("is empty")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, errors.New("does not parse as a URL")
	}
	if err := checkSecureURL(u); err != nil {
		return nil, err
	}
	if u.User != nil {
		return nil, errors.New("must not carry user info")
	}
	if u.RawQuery != "" || u.ForceQuery || strings.Contains(raw, "#") {
		return nil, errors.New("must not have a query or fragment")
	}
	return u, nil
}
