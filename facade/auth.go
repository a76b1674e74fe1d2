package facade

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
)

// authTransport sets the bearer token on requests to the provider's host. When the provider
// answers that the token is bad (rejected), it drops the token, takes a new one and replays the
// request once.
type authTransport struct {
	base     http.RoundTripper
	host     string // requests to other hosts (a redirect elsewhere) get no token
	tokens   tokenProvider
	rejected func(resp *http.Response) bool // nil: never replay
	bearer   atomic.Pointer[bearerHeader]   // the header value of the last token
}

// bearerHeader is the Authorization value of one token, built once.
type bearerHeader struct {
	token  string
	values []string
}

func (t *authTransport) header(tok string) []string {
	if b := t.bearer.Load(); b != nil && b.token == tok {
		return b.values
	}
	b := &bearerHeader{token: tok, values: []string{"Bearer " + tok}}
	t.bearer.Store(b)
	return b.values
}

func (t *authTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if !strings.EqualFold(req.URL.Host, t.host) {
		return t.base.RoundTrip(req)
	}
	tok, err := t.tokens.token(req.Context())
	if err != nil {
		closeBody(req)
		return nil, err
	}
	resp, err := t.base.RoundTrip(withBearer(req, t.header(tok))) // the base closes req.Body
	if err != nil || t.rejected == nil || !t.rejected(resp) {
		return resp, err
	}
	if req.Body != nil && req.GetBody == nil {
		return resp, nil // the body cannot be sent again
	}
	if !t.tokens.invalidate(tok) {
		return resp, nil
	}
	discard(resp)
	if tok, err = t.tokens.token(req.Context()); err != nil {
		return nil, err
	}
	replay := withBearer(req, t.header(tok))
	if req.GetBody != nil {
		if replay.Body, err = req.GetBody(); err != nil {
			return nil, err
		}
	}
	return t.base.RoundTrip(replay)
}

// withBearer returns a copy of req whose Authorization header is authorization. The slice is
// shared between requests and never modified.
func withBearer(req *http.Request, authorization []string) *http.Request {
	r := new(http.Request)
	*r = *req
	r.Header = make(http.Header, len(req.Header)+1)
	for k, v := range req.Header {
		r.Header[k] = v
	}
	r.Header["Authorization"] = authorization
	return r
}

// closeBody closes the body of a request that will not be sent.
func closeBody(req *http.Request) {
	if req.Body != nil {
		_ = req.Body.Close()
	}
}

// discard reads a little of a response that will not be used, so the connection can be reused,
// and closes it.
func discard(resp *http.Response) {
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 4<<10))
	_ = resp.Body.Close()
}

// anyUnauthorized says a 401 means the token was refused (Formance).
func anyUnauthorized(resp *http.Response) bool {
	return resp.StatusCode == http.StatusUnauthorized
}

// dwollaTokenRejected says a 401 whose code is InvalidAccessToken or ExpiredAccessToken means
// the token was refused. It peeks at the body and puts it back for the caller.
func dwollaTokenRejected(resp *http.Response) bool {
	if resp.StatusCode != http.StatusUnauthorized {
		return false
	}
	body, err := readCapped(resp.Body, maxErrorBody)
	_ = resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if err != nil && !errors.Is(err, errBodyTooLarge) {
		return false
	}
	switch decodeDwollaError("", resp.StatusCode, resp.Header, body).Code {
	case "InvalidAccessToken", "ExpiredAccessToken":
		return true
	}
	return false
}
