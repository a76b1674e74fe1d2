package facade

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recordingTransport answers 200 and keeps the requests it was given.
type recordingTransport struct{ got []*http.Request }

func (r *recordingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	r.got = append(r.got, req)
	return &http.Response{StatusCode: http.StatusOK, Body: http.NoBody, Request: req}, nil
}

// rotatedToken is a provider whose cached token is older than the one it hands out.
type rotatedToken struct{ old, current string }

func (r rotatedToken) token(context.Context) (string, error) { return r.current, nil }
func (r rotatedToken) invalidate(string) bool                { return false }
func (r rotatedToken) cached() (string, bool)                { return r.old, true }

func newAuthTestRequest(t *testing.T, url string) *http.Request {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, url, nil)
	require.NoError(t, err)
	return req
}

func TestStampedRequestIsSentAsIs(t *testing.T) {
	base := &recordingTransport{}
	auth := &authTransport{base: base, host: "api.example.com", tokens: staticToken{"tok"}}
	req := newAuthTestRequest(t, "https://api.example.com/v2/things")
	require.NoError(t, auth.stamp(t.Context(), req))

	_, err := auth.RoundTrip(req)
	require.NoError(t, err)
	require.Len(t, base.got, 1)
	assert.Same(t, req, base.got[0], "a request that carries the current token needs no copy")
	assert.Equal(t, "Bearer tok", base.got[0].Header.Get("Authorization"))
}

func TestUnstampedRequestIsCopied(t *testing.T) {
	base := &recordingTransport{}
	auth := &authTransport{base: base, host: "api.example.com", tokens: staticToken{"tok"}}
	req := newAuthTestRequest(t, "https://api.example.com/v2/things")

	_, err := auth.RoundTrip(req)
	require.NoError(t, err)
	require.Len(t, base.got, 1)
	assert.NotSame(t, req, base.got[0])
	assert.Equal(t, "Bearer tok", base.got[0].Header.Get("Authorization"))
	assert.Empty(t, req.Header.Get("Authorization"), "the caller's request is not changed")
}

func TestStaleStampIsReplaced(t *testing.T) {
	base := &recordingTransport{}
	auth := &authTransport{base: base, host: "api.example.com", tokens: rotatedToken{old: "old", current: "new"}}
	req := newAuthTestRequest(t, "https://api.example.com/v2/things")
	require.NoError(t, auth.stamp(t.Context(), req))
	require.Equal(t, "Bearer old", req.Header.Get("Authorization"))

	_, err := auth.RoundTrip(req)
	require.NoError(t, err)
	require.Len(t, base.got, 1)
	assert.Equal(t, "Bearer new", base.got[0].Header.Get("Authorization"))
	assert.Equal(t, "Bearer old", req.Header.Get("Authorization"), "the caller's request is not changed")
}

func TestStampLeavesOtherHostsAndUncachedTokens(t *testing.T) {
	auth := &authTransport{host: "api.example.com", tokens: staticToken{"tok"}}
	other := newAuthTestRequest(t, "https://elsewhere.example.com/x")
	require.NoError(t, auth.stamp(t.Context(), other))
	assert.Empty(t, other.Header.Get("Authorization"))

	fromSource := &authTransport{host: "api.example.com", tokens: &sourceToken{}}
	req := newAuthTestRequest(t, "https://api.example.com/v2/things")
	require.NoError(t, fromSource.stamp(t.Context(), req))
	assert.Empty(t, req.Header.Get("Authorization"), "a token source is only read in the transport, under the call's context")
}

// http.Client copies the headers of the first request onto a redirect to a subdomain, stamped
// token included; the transport takes it off again.
func TestTokenNeverGoesToAnotherHost(t *testing.T) {
	base := &recordingTransport{}
	auth := &authTransport{base: base, host: "api.example.com", tokens: staticToken{"tok"}}
	req := newAuthTestRequest(t, "https://cdn.api.example.com/v2/things")
	req.Header.Set("Authorization", "Bearer tok")

	_, err := auth.RoundTrip(req)
	require.NoError(t, err)
	require.Len(t, base.got, 1)
	assert.Empty(t, base.got[0].Header.Values("Authorization"))
	assert.Equal(t, "Bearer tok", req.Header.Get("Authorization"), "the caller's request is not changed")
}
