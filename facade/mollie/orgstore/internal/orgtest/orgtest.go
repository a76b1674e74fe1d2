// Package orgtest is what the tests of orgstore share: the fake Mollie behind a watch that
// counts refused calls and refresh refusals and can hold token requests, and the consent round
// trip that connects an organization. Only tests import it.
package orgtest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/clientkit/clientkit/facade/mollie"
	"github.com/clientkit/clientkit/fakeapi"
)

// WorkerHeader tags the token requests of one soak worker, so that Watch can hold them; Watch
// removes it before the fake sees the request.
const WorkerHeader = "X-Orgtest-Worker"

// Watch sits in front of the fake and counts what must never happen: API calls refused (401:
// a token sent expired, revoked or unknown) and refused token requests (400: invalid_grant).
// It can hold the token requests of one worker until their caller goes away.
type Watch struct {
	Fake            *fakeapi.Handler
	Unauthorized    atomic.Int64 // API calls answered 401
	RefusedRefresh  atomic.Int64 // token requests answered 400
	TokenRequests   atomic.Int64 // token requests that reached the fake
	APICalls        atomic.Int64 // API calls that reached the fake
	HeldRequests    atomic.Int64 // token requests held (see Hold)
	AbortedRequests atomic.Int64 // held token requests whose caller went away; never sent on

	mu       sync.Mutex
	holdFrom string         // worker whose token requests are held; "" none
	release  chan struct{}  // closed by Release: held requests go on to the fake
	held     chan struct{}  // receives once per held request
	refusals []string       // who was refused, with the fake's answer
	inFlight map[string]int // token requests at the fake, per worker
}

func (w *Watch) passing(worker string, n int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.inFlight[worker] += n
}

// InFlight counts the token requests of worker that the fake is answering now.
func (w *Watch) InFlight(worker string) int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.inFlight[worker]
}

// Refusals lists the refused token requests: the worker that sent each, and the fake's answer.
func (w *Watch) Refusals() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.refusals...)
}

// NewWatch wraps fake.
func NewWatch(fake *fakeapi.Handler) *Watch {
	return &Watch{Fake: fake, held: make(chan struct{}, 64), release: make(chan struct{}), inFlight: map[string]int{}}
}

// Hold makes the token requests of worker wait until Release, or until their caller goes away
// (then the fake never sees them). The returned channel receives once per held request.
// Hold("") holds no new request, and leaves the held ones waiting.
func (w *Watch) Hold(worker string) <-chan struct{} {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.holdFrom = worker
	return w.held
}

// Release stops holding, and sends the held requests on to the fake.
func (w *Watch) Release() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.holdFrom = ""
	close(w.release)
	w.release = make(chan struct{})
}

func (w *Watch) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	worker := r.Header.Get(WorkerHeader)
	r.Header.Del(WorkerHeader)
	token := r.URL.Path == "/oauth2/tokens" && r.Method == http.MethodPost
	if release := w.holding(worker); token && release != nil {
		// Reading the body to its end lets the server notice when the caller goes away.
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		w.HeldRequests.Add(1)
		w.held <- struct{}{}
		select {
		case <-release:
		case <-r.Context().Done():
		}
		if r.Context().Err() != nil { // the caller died: the fake never sees the request
			w.AbortedRequests.Add(1)
			return
		}
	}
	rec := &statusWriter{ResponseWriter: rw, status: http.StatusOK}
	if token {
		w.passing(worker, +1)
		defer w.passing(worker, -1)
	}
	w.Fake.ServeHTTP(rec, r)
	switch {
	case token:
		w.TokenRequests.Add(1)
		if rec.status == http.StatusBadRequest {
			w.RefusedRefresh.Add(1)
			w.mu.Lock()
			w.refusals = append(w.refusals, fmt.Sprintf("worker %q: %s", worker, rec.body.String()))
			w.mu.Unlock()
		}
	case strings.HasPrefix(r.URL.Path, "/v2/"):
		w.APICalls.Add(1)
		if rec.status == http.StatusUnauthorized {
			w.Unauthorized.Add(1)
		}
	}
}

// holding returns the release channel when the requests of worker are held, else nil.
func (w *Watch) holding(worker string) chan struct{} {
	w.mu.Lock()
	defer w.mu.Unlock()
	if worker == "" || worker != w.holdFrom {
		return nil
	}
	return w.release
}

type statusWriter struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer // the first bytes of the answer
}

func (s *statusWriter) Write(b []byte) (int, error) {
	if n := 512 - s.body.Len(); n > 0 {
		s.body.Write(b[:min(n, len(b))])
	}
	return s.ResponseWriter.Write(b)
}

func (s *statusWriter) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

// Fake is the fake Mollie behind a Watch, on a loopback port.
type Fake struct {
	*Watch
	URL   string
	Close func()
}

// StartFake starts the fake with opts behind a Watch.
func StartFake(opts ...fakeapi.Option) (*Fake, error) {
	h, err := fakeapi.NewHandler(opts...)
	if err != nil {
		return nil, err
	}
	w := NewWatch(h)
	srv := httptest.NewServer(w)
	return &Fake{Watch: w, URL: srv.URL, Close: srv.Close}, nil
}

// OAuth is the fake's OAuth app, as a client of url.
func OAuth(url string, creds fakeapi.Credentials) *mollie.OAuth {
	return &mollie.OAuth{ClientID: creds.MollieClientID, ClientSecret: creds.MollieClientSecret,
		RedirectURL: creds.MollieRedirectURI, TokenURL: url + "/oauth2/tokens", AuthURL: url + "/oauth2/authorize",
		Timeout: 10 * time.Second}
}

// Connect runs the consent round trip of one organization at the fake (authorize page, code,
// exchange) and returns its tokens.
func Connect(ctx context.Context, o *mollie.OAuth) (*mollie.Token, error) {
	authorize, err := o.AuthorizeURL(mollie.AuthorizeParams{State: mollie.NewState(), Scopes: []string{"clients.write"}})
	if err != nil {
		return nil, err
	}
	client := &http.Client{Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, authorize, nil)
	if err != nil {
		return nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	_ = resp.Body.Close()
	loc, err := resp.Location()
	if err != nil {
		return nil, fmt.Errorf("the consent page answered %d without a redirect", resp.StatusCode)
	}
	code := loc.Query().Get("code")
	if code == "" {
		return nil, fmt.Errorf("the consent page sent back no code (error %q)", loc.Query().Get("error"))
	}
	return o.Exchange(ctx, code)
}

// Tagged returns an HTTP client that tags its requests as worker's (see WorkerHeader).
func Tagged(worker string) *http.Client {
	return &http.Client{Transport: tagger{worker, http.DefaultTransport}}
}

type tagger struct {
	worker string
	base   http.RoundTripper
}

func (t tagger) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set(WorkerHeader, t.worker)
	return t.base.RoundTrip(r)
}

// LinkRequest is a valid client link, the call the tests make as an organization.
func LinkRequest() mollie.ClientLinkRequest {
	return mollie.ClientLinkRequest{
		Name:    "Jansen BV",
		Owner:   mollie.ClientLinkOwner{Email: "anna@jansen.example", GivenName: "Anna", FamilyName: "Jansen"},
		Address: mollie.ClientLinkAddress{Country: "NL"},
	}
}
