package facade

import (
	"log/slog"
	"net/http"
	"strings"
)

// Settings are the client settings every provider shares. The options of this package fill
// them; the provider packages read them when they build a client.
type Settings struct {
	// HTTPClient sends every request, token requests included. Its Transport is wrapped with
	// auth and logging; its Timeout bounds each whole call, retries included (0 is no limit, as
	// in net/http: the calls' contexts set it), and its Jar and CheckRedirect are kept. Nil means
	// a client with http.DefaultTransport and a 60 s limit per call. A token request is always
	// bounded (60 s when the client sets no Timeout).
	HTTPClient *http.Client
	// UserAgent is the User-Agent header of every request.
	UserAgent string
	// Logger gets one debug line per HTTP exchange and per retry decision; never a header or
	// body. It is never nil once options are applied (a discarding logger by default).
	Logger *slog.Logger
	// RetryPolicy is the policy of every call, unless a call overrides it.
	RetryPolicy RetryPolicy
}

// DefaultUserAgent is the User-Agent clientkit sends; WithUserAgent puts a product in front.
const DefaultUserAgent = "clientkit-go"

// DefaultSettings are the settings before any option: no logging, DefaultRetryPolicy,
// DefaultUserAgent, and a default HTTP client.
func DefaultSettings() Settings {
	return Settings{UserAgent: DefaultUserAgent, Logger: slog.New(slog.DiscardHandler), RetryPolicy: DefaultRetryPolicy()}
}

// Option is a client option that every provider takes: pass it to mollie.New, dwolla.New or
// formance.New. Each provider package has options of its own besides, which the others do not
// accept.
type Option func(*Settings) error

// MollieOption marks Option as accepted by facade/mollie.
func (Option) MollieOption() {}

// DwollaOption marks Option as accepted by facade/dwolla.
func (Option) DwollaOption() {}

// FormanceOption marks Option as accepted by facade/formance.
func (Option) FormanceOption() {}

// WithHTTPClient sends requests through hc (see Settings.HTTPClient). It is the one way to give
// clientkit a transport of your own.
func WithHTTPClient(hc *http.Client) Option {
	return func(s *Settings) error {
		if hc == nil {
			return OptionError("WithHTTPClient", "is nil")
		}
		s.HTTPClient = hc
		return nil
	}
}

// WithUserAgent puts product (such as "myapp/1.2") in front of clientkit's own User-Agent.
func WithUserAgent(product string) Option {
	return func(s *Settings) error {
		if strings.TrimSpace(product) == "" {
			return OptionError("WithUserAgent", "is empty")
		}
		if strings.ContainsFunc(product, func(r rune) bool { return r < ' ' || r == 0x7f }) {
			return OptionError("WithUserAgent", "contains control characters")
		}
		s.UserAgent = product + " " + DefaultUserAgent
		return nil
	}
}

// WithLogger logs each HTTP exchange and retry decision (method, path, status, duration) at debug
// level to l. Logging is off without it; headers, query strings and bodies are never logged.
func WithLogger(l *slog.Logger) Option {
	return func(s *Settings) error {
		if l == nil {
			return OptionError("WithLogger", "is nil")
		}
		s.Logger = l
		return nil
	}
}

// WithRetryPolicy replaces DefaultRetryPolicy for every call of the client; zero fields take the
// default's values. CallRetryPolicy overrides it for one call.
func WithRetryPolicy(p RetryPolicy) Option {
	return func(s *Settings) error {
		if err := p.Validate(); err != nil {
			return err
		}
		s.RetryPolicy = p
		return nil
	}
}

// OptionError is the *InputError of a refused client option or constructor argument; the
// provider packages use it too.
func OptionError(option, problem string) error {
	return &InputError{Provider: "clientkit", Operation: "new-client", Field: option, Problem: problem}
}

// Apply runs o on s; a nil o is refused. Provider packages call it for the shared options they
// are given.
func (o Option) Apply(s *Settings) error {
	if o == nil {
		return OptionError("Option", "is nil")
	}
	return o(s)
}
