package facade

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strings"
)

// authTransport sets the bearer token on requests to the provider's host. When the provider
// answers that the token is bad (rejected), it drops the token, takes a new one and replays the
// request once.
type authTransport struct {
	base     http.RoundTripper
	host     string // requests to other hosts (a redirect elsewhere) get no token
	tokens   tokenProvider
	rejected func(resp *http.Response) bool // nil: never replay
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
	resp, err := t.base.RoundTrip(withBearer(req, tok)) // the base closes req.Body
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
	replay := withBearer(req, tok)
	if req.GetBody != nil {
		if replay.Body, err = req.GetBody(); err != nil {
			return nil, err
		}
	}
	return t.base.RoundTrip(replay)
}

// withBearer returns a copy of req that carries token.
func withBearer(req *http.Request, token string) *http.Request {
	r := req.Clone(req.Context())
	r.Header.Set("Authorization", "Bearer "+token)
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
