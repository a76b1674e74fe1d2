package auth

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recordingTransport answers each request with the next status and records what it was sent.
type recordingTransport struct {
	statuses []int
	got      []*http.Request
	bodies   []string
}

func (r *recordingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	r.got = append(r.got, req)
	body := ""
	if req.Body != nil {
		b, _ := io.ReadAll(req.Body)
		_ = req.Body.Close()
		body = string(b)
	}
	r.bodies = append(r.bodies, body)
	status := http.StatusOK
	if len(r.statuses) > 0 {
		status, r.statuses = r.statuses[0], r.statuses[1:]
	}
	return &http.Response{StatusCode: status, Body: io.NopCloser(strings.NewReader("")), Header: http.Header{}, Request: req}, nil
}

// rotatingTokens hands out tok-1, tok-2… and records what was invalidated.
type rotatingTokens struct {
	n           int
	invalidated []string
}

func (r *rotatingTokens) Token(context.Context) (Token, error) {
	r.n++
	return NewToken("tok-" + string(rune('0'+r.n))), nil
}

func (r *rotatingTokens) Invalidate(bad string) bool {
	r.invalidated = append(r.invalidated, bad)
	return true
}

func newTransport(base http.RoundTripper, tokens Tokens, refused func(*http.Response) bool) *Transport {
	u, _ := url.Parse("https://api.example.com")
	return &Transport{Base: base, Provider: u, Tokens: tokens, Refused: refused}
}

func newRequest(t *testing.T, method, target, body string) *http.Request {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, target, strings.NewReader(body))
	require.NoError(t, err)
	return req
}

func TestTokenGoesOnACloneForTheProviderOnly(t *testing.T) {
	base := &recordingTransport{}
	rt := newTransport(base, NewStatic("tok"), nil)
	req := newRequest(t, http.MethodGet, "https://api.example.com/v2/x", "")
	_, err := rt.RoundTrip(req)
	require.NoError(t, err)
	require.Len(t, base.got, 1)
	assert.Equal(t, "Bearer tok", base.got[0].Header.Get("Authorization"))
	assert.Empty(t, req.Header.Get("Authorization"), "the caller's request is not changed")

	for _, elsewhere := range []string{"https://evil.example.com/x", "http://api.example.com/x", "https://api.example.com:8443/x"} {
		_, err := rt.RoundTrip(newRequest(t, http.MethodGet, elsewhere, ""))
		require.NoError(t, err)
		assert.Empty(t, base.got[len(base.got)-1].Header.Values("Authorization"), elsewhere)
	}
}

func TestRefusedTokenIsDroppedAndTheRequestReplayedOnce(t *testing.T) {
	base := &recordingTransport{statuses: []int{401, 401}}
	tokens := &rotatingTokens{}
	rt := newTransport(base, tokens, AnyUnauthorized)
	resp, err := rt.RoundTrip(newRequest(t, http.MethodPost, "https://api.example.com/x", `{"a":1}`))
	require.NoError(t, err)
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode, "a second refusal is the answer")
	require.Len(t, base.got, 2, "one replay, no more")
	assert.Equal(t, "Bearer tok-1", base.got[0].Header.Get("Authorization"))
	assert.Equal(t, "Bearer tok-2", base.got[1].Header.Get("Authorization"))
	assert.Equal(t, []string{`{"a":1}`, `{"a":1}`}, base.bodies, "the replay sends the body again")
	assert.Equal(t, []string{"tok-1"}, tokens.invalidated)
}

func TestStaticTokenIsNotReplayed(t *testing.T) {
	base := &recordingTransport{statuses: []int{401}}
	rt := newTransport(base, NewStatic("tok"), AnyUnauthorized)
	resp, err := rt.RoundTrip(newRequest(t, http.MethodGet, "https://api.example.com/x", ""))
	require.NoError(t, err)
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	assert.Len(t, base.got, 1, "a static token cannot be renewed, so there is nothing to replay")
}
