// Package auth puts bearer tokens on the requests a provider client sends: a RoundTripper, and
// the token sources behind it (a cache of fetched tokens, a static token, a user's
// oauth2.TokenSource).
package auth

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/clientkit/clientkit/facade/internal/retry"
)

// Token is a bearer token with its Authorization header value, built once per token.
type Token struct {
	Value  string
	Header []string // {"Bearer " + Value}; shared by every request and never modified
}

// NewToken returns the Token of value.
func NewToken(value string) Token {
	return Token{Value: value, Header: []string{"Bearer " + value}}
}

// Tokens hands out bearer tokens to the Transport.
type Tokens interface {
	// Token returns a token to send now.
	Token(ctx context.Context) (Token, error)
	// Invalidate drops bad, which the provider refused, so the next Token call fetches anew. It
	// reports whether a fresh token can be had, that is whether a replay is worth it.
	Invalidate(bad string) bool
}

// Transport sets the bearer token on requests to the provider's scheme and host, and only there.
// When the provider answers that the token was refused, it drops the token, takes a new one and
// replays the request once. Like x/oauth2's Transport it never changes the request it is given:
// it sends a clone with the header set.
type Transport struct {
	Base     http.RoundTripper
	Provider *url.URL                       // the token goes to this scheme and host alone
	Tokens   Tokens                         //
	Refused  func(resp *http.Response) bool // whether an answer refuses the token; nil: never replay
}

// RoundTrip sends req with a token, and once more with a fresh one when the token is refused.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if !t.forProvider(req.URL) {
		return t.Base.RoundTrip(req) // a redirect elsewhere: no token
	}
	tok, err := t.Tokens.Token(req.Context())
	if err != nil {
		closeBody(req)
		return nil, err
	}
	resp, err := t.Base.RoundTrip(withBearer(req, tok)) // the base closes req.Body
	if err != nil || t.Refused == nil || !t.Refused(resp) {
		return resp, err
	}
	if req.Body != nil && req.Body != http.NoBody && req.GetBody == nil {
		return resp, nil // the body cannot be sent again
	}
	if !t.Tokens.Invalidate(tok.Value) {
		return resp, nil
	}
	retry.Discard(resp)
	if tok, err = t.Tokens.Token(req.Context()); err != nil {
		return nil, err
	}
	replay := withBearer(req, tok)
	if req.GetBody != nil {
		if replay.Body, err = req.GetBody(); err != nil {
			return nil, err
		}
	}
	return t.Base.RoundTrip(replay)
}

// withBearer returns a shallow copy of req with its own header map, carrying tok.
func withBearer(req *http.Request, tok Token) *http.Request {
	r := new(http.Request)
	*r = *req
	r.Header = make(http.Header, len(req.Header)+1)
	for k, v := range req.Header {
		r.Header[k] = v
	}
	r.Header["Authorization"] = tok.Header
	return r
}

// forProvider reports whether u has the provider's scheme and host, the one place the token goes.
func (t *Transport) forProvider(u *url.URL) bool {
	return strings.EqualFold(u.Scheme, t.Provider.Scheme) && strings.EqualFold(u.Host, t.Provider.Host)
}

// AnyUnauthorized says a 401 means the token was refused.
func AnyUnauthorized(resp *http.Response) bool {
	return resp.StatusCode == http.StatusUnauthorized
}

// closeBody closes the body of a request that will not be sent.
func closeBody(req *http.Request) {
	if req.Body != nil {
		_ = req.Body.Close()
	}
}
