package facade

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
)

// authTransport sets the bearer token on requests to the provider's host, and only there. When
// the provider answers that the token is bad (rejected), it drops the token, takes a new one and
// replays the request once. Its stamp editor lets the common case skip a copy of the request: see
// stamp.
type authTransport struct {
	base     http.RoundTripper
	scheme   string // where the provider is; a request elsewhere (a redirect to another host
	host     string // or port, or to plain http) gets no token
	tokens   tokenProvider
	rejected func(resp *http.Response) bool // nil: never replay
	bearer   atomic.Pointer[bearerHeader]   // the header value of the last token
	noStamp  bool                           // stamp does nothing (see config.newAuth)
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

// stamp is a request editor: it puts the cached token, when there is one, on a request the
// generated client has just built for the provider's host. RoundTrip then finds the header in
// place and sends the request as it is, instead of copying it to add the header.
func (t *authTransport) stamp(_ context.Context, req *http.Request) error {
	if t.noStamp {
		return nil
	}
	if tok, ok := t.tokens.cached(); ok && t.forProvider(req.URL) {
		req.Header["Authorization"] = t.header(tok)
	}
	return nil
}

func (t *authTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if !t.forProvider(req.URL) {
		return t.base.RoundTrip(withoutAuthorization(req))
	}
	tok, err := t.tokens.token(req.Context())
	if err != nil {
		closeBody(req)
		return nil, err
	}
	out, header := req, t.header(tok)
	if !carries(req.Header, header) {
		out = withBearer(req, header)
	}
	resp, err := t.base.RoundTrip(out) // the base closes req.Body
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

// forProvider reports whether u has the provider's scheme and host, the one place the token goes.
func (t *authTransport) forProvider(u *url.URL) bool {
	return strings.EqualFold(u.Scheme, t.scheme) && strings.EqualFold(u.Host, t.host)
}

// carries reports whether h holds exactly the Authorization value authorization.
func carries(h http.Header, authorization []string) bool {
	v := h["Authorization"]
	return len(v) == 1 && v[0] == authorization[0]
}

// withoutAuthorization returns req, or a copy of it without its Authorization header. A request
// for another place carries one only when http.Client copied a stamped token onto a redirect (to
// a subdomain, another port, or plain http); the token goes to the provider alone.
func withoutAuthorization(req *http.Request) *http.Request {
	if _, ok := req.Header["Authorization"]; !ok {
		return req
	}
	r := req.Clone(req.Context())
	r.Header.Del("Authorization")
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
