package conformance

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Mode decides what happens to a request that breaks the spec.
type Mode int

const (
	// ModeReport records violations and sends every request as it is.
	ModeReport Mode = iota
	// ModeRefuse does not send a request that breaks the spec: RoundTrip returns a
	// *RefusedError naming the violations. Answers are only recorded.
	ModeRefuse
)

// Exchange is one request and its answer as the validator saw them.
type Exchange struct {
	// Provider and Operation are where the request was routed; empty when nowhere.
	Provider  string `json:"provider,omitempty"`
	Operation string `json:"operation,omitempty"`
	// Method and Path are the request's method and URL path (never its query).
	Method string `json:"method"`
	Path   string `json:"path"`
	// Status is the answer's status; 0 when there was none.
	Status int `json:"status"`
	// Duration is the time from the request to the end of the answer's body.
	Duration time.Duration `json:"-"`
	// Violations are the violations of both directions.
	Violations []Violation `json:"violations"`
}

// Option configures a Transport or a proxy.
type Option func(*config)

type config struct {
	skip    func(*http.Request) bool
	mode    Mode
	observe func(Exchange)
	log     *logger
}

// WithMode sets what happens to a request that breaks the spec; the default is ModeReport.
func WithMode(m Mode) Option { return func(c *config) { c.mode = m } }

// WithObserver has f called after every exchange, from the goroutine that made it.
func WithObserver(f func(Exchange)) Option { return func(c *config) { c.observe = f } }

// WithSkip has requests for which skip returns true forwarded unchecked and uncounted: for
// endpoints a client calls that the specs do not describe, such as a token endpoint.
func WithSkip(skip func(*http.Request) bool) Option { return func(c *config) { c.skip = skip } }

// RefusedError is returned by a Transport in ModeRefuse for a request that breaks the spec.
type RefusedError struct {
	// Violations are the request's violations.
	Violations []Violation
}

// Error names every violation.
func (e *RefusedError) Error() string {
	parts := make([]string, len(e.Violations))
	for i, v := range e.Violations {
		parts[i] = v.String()
	}
	return "conformance: request not sent: " + strings.Join(parts, "; ")
}

// Transport is an http.RoundTripper that validates each request before it leaves and each answer
// after it arrives, recording every violation. It is safe for concurrent use.
type Transport struct {
	base http.RoundTripper
	cfg  config

	mu         sync.Mutex
	exchanges  int
	violations []Violation
}

// NewTransport wraps base (http.DefaultTransport when nil) in a validating transport.
func NewTransport(base http.RoundTripper, opts ...Option) *Transport {
	if base == nil {
		base = http.DefaultTransport
	}
	t := &Transport{base: base}
	for _, o := range opts {
		o(&t.cfg)
	}
	return t
}

// RoundTrip validates req, sends it (unless ModeRefuse refuses it), then validates the answer.
// The bodies of both are read in full and handed on unchanged.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.cfg.skip != nil && t.cfg.skip(req) {
		return t.base.RoundTrip(req)
	}
	start := time.Now()
	v, err := specValidator()
	if err != nil {
		return nil, err
	}
	body, err := readBody(req.Body)
	if err != nil {
		return nil, err
	}
	ex, found := v.checkRequest(req.Context(), req, body)
	if len(found) > 0 && t.cfg.mode == ModeRefuse {
		t.record(ex, 0, start, found)
		return nil, &RefusedError{Violations: found}
	}
	out := req.Clone(req.Context())
	setBody(out, body)
	if req.Body == http.NoBody {
		out.Body = http.NoBody
	}
	resp, err := t.base.RoundTrip(out)
	if err != nil {
		t.record(ex, 0, start, found)
		return nil, err
	}
	rbody, err := readBody(resp.Body)
	if err != nil {
		t.record(ex, resp.StatusCode, start, found)
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(rbody))
	found = append(found, v.checkResponse(req.Context(), ex, resp.StatusCode, resp.Header, rbody)...)
	t.record(ex, resp.StatusCode, start, found)
	return resp, nil
}

func (t *Transport) record(ex *exchange, status int, start time.Time, found []Violation) {
	t.mu.Lock()
	t.exchanges++
	t.violations = append(t.violations, found...)
	t.mu.Unlock()
	if found == nil {
		found = []Violation{} // JSON lines show an empty list, not null
	}
	e := Exchange{
		Provider: string(ex.provider), Operation: ex.op, Method: ex.method, Path: ex.path,
		Status: status, Duration: time.Since(start), Violations: found,
	}
	if t.cfg.log != nil {
		t.cfg.log.exchange(e)
	}
	if t.cfg.observe != nil {
		t.cfg.observe(e)
	}
}

// Violations returns a copy of every violation recorded so far.
func (t *Transport) Violations() []Violation {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]Violation(nil), t.violations...)
}

// Report summarizes the exchanges and violations recorded so far.
func (t *Transport) Report() Report {
	t.mu.Lock()
	defer t.mu.Unlock()
	return Report{Exchanges: t.exchanges, Violations: append([]Violation(nil), t.violations...)}
}

// Reset forgets what was recorded.
func (t *Transport) Reset() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.exchanges, t.violations = 0, nil
}
