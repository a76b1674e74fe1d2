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
	auth := &authTransport{base: base, scheme: "https", host: "api.example.com", tokens: staticToken{"tok"}}
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
	auth := &authTransport{base: base, scheme: "https", host: "api.example.com", tokens: staticToken{"tok"}}
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
	auth := &authTransport{base: base, scheme: "https", host: "api.example.com", tokens: rotatedToken{old: "old", current: "new"}}
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
	auth := &authTransport{scheme: "https", host: "api.example.com", tokens: staticToken{"tok"}}
	other := newAuthTestRequest(t, "https://elsewhere.example.com/x")
	require.NoError(t, auth.stamp(t.Context(), other))
	assert.Empty(t, other.Header.Get("Authorization"))

	fromSource := &authTransport{scheme: "https", host: "api.example.com", tokens: &sourceToken{}}
	req := newAuthTestRequest(t, "https://api.example.com/v2/things")
	require.NoError(t, fromSource.stamp(t.Context(), req))
	assert.Empty(t, req.Header.Get("Authorization"), "a token source is only read in the transport, under the call's context")
}

// http.Client copies the headers of the first request onto a redirect to a subdomain, another
// port or plain http, stamped token included; the transport takes it off again.
func TestTokenNeverGoesElsewhere(t *testing.T) {
	for _, url := range []string{
		"https://cdn.api.example.com/v2/things",
		"https://api.example.com:8443/v2/things",
		"http://api.example.com/v2/things",
	} {
		base := &recordingTransport{}
		auth := &authTransport{base: base, scheme: "https", host: "api.example.com", tokens: staticToken{"tok"}}
		req := newAuthTestRequest(t, url)
		require.NoError(t, auth.stamp(t.Context(), req))
		assert.Empty(t, req.Header.Values("Authorization"), url)
		req.Header.Set("Authorization", "Bearer tok")

		_, err := auth.RoundTrip(req)
		require.NoError(t, err)
		require.Len(t, base.got, 1)
		assert.Empty(t, base.got[0].Header.Values("Authorization"), url)
		assert.Equal(t, "Bearer tok", req.Header.Get("Authorization"), "the caller's request is not changed")
	}
}

// redirectingTo is a provider that sends every request on to target with a 307.
func redirectingTo(t *testing.T, target *stubAPI) *stubAPI {
	return newStubAPI(t, func(w http.ResponseWriter, r recorded) {
		w.Header().Set("Location", target.URL+r.Path)
		w.WriteHeader(http.StatusTemporaryRedirect)
	})
}

// movedClient answers readClient where a redirect leads.
func movedClient(w http.ResponseWriter, _ recorded) {
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write([]byte(`{"data":{"id":"c-1","name":"moved"}}`))
}

// The same through a real http.Client: the provider redirects to another port on the same
// address, which http.Client treats as the same domain and so copies the stamped header to.
func TestRedirectElsewhereCarriesNoToken(t *testing.T) {
	elsewhere := newStubAPI(t, movedClient)
	provider := redirectingTo(t, elsewhere)
	f := newTestFormance(t, provider.URL)
	got, err := f.GetClient(shortCtx(t), "c-1")
	require.NoError(t, err)
	assert.Equal(t, "moved", got.Name)
	require.Len(t, provider.requests(), 1)
	assert.NotEmpty(t, provider.requests()[0].Header.Get("Authorization"))
	require.Len(t, elsewhere.requests(), 1)
	assert.Empty(t, elsewhere.requests()[0].Header.Values("Authorization"))
}

// A redirect's hop is not a retry: a delete redirected to a 404 is not taken for one whose first
// answer was lost.
func TestRedirectedDeleteThatFindsNothingIsNotFound(t *testing.T) {
	elsewhere := newStubAPI(t, func(w http.ResponseWriter, r recorded) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(`{"errorCode":"NOT_FOUND","errorMessage":"no such client"}`))
	})
	provider := redirectingTo(t, elsewhere)
	err := newTestFormance(t, provider.URL).DeleteClient(shortCtx(t), "c-1")
	require.ErrorIs(t, err, ErrNotFound)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 1, apiErr.Attempts)
}

// A CheckRedirect of the user's sees every hop's headers, so with one the token is not stamped:
// it is added to the transport's own copy of each request, which CheckRedirect never sees.
func TestCheckRedirectNeverSeesTheToken(t *testing.T) {
	elsewhere := newStubAPI(t, movedClient)
	provider := redirectingTo(t, elsewhere)
	var seen []string
	hc := &http.Client{CheckRedirect: func(req *http.Request, via []*http.Request) error {
		seen = append(seen, req.Header.Get("Authorization"))
		for _, v := range via {
			seen = append(seen, v.Header.Get("Authorization"))
		}
		return nil
	}}
	f, err := NewFormance(provider.URL, WithHTTPClient(hc), WithBearerToken("stack-token"))
	require.NoError(t, err)
	_, err = f.GetClient(shortCtx(t), "c-1")
	require.NoError(t, err)
	assert.Equal(t, []string{"", ""}, seen)
	assert.Equal(t, "Bearer stack-token", provider.requests()[0].Header.Get("Authorization"))
}
