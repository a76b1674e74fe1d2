package formance

import (
	"net/http"
	"testing"

	"github.com/clientkit/clientkit/facade"
	"github.com/clientkit/clientkit/facade/internal/testutil"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// redirectingTo is a provider that sends every request on to target with a 307.
func redirectingTo(t *testing.T, target *testutil.StubAPI) *testutil.StubAPI {
	return testutil.NewStubAPI(t, func(w http.ResponseWriter, r testutil.Recorded) {
		w.Header().Set("Location", target.URL+r.Path)
		w.WriteHeader(http.StatusTemporaryRedirect)
	})
}

// movedClient answers readClient where a redirect leads.
func movedClient(w http.ResponseWriter, _ testutil.Recorded) {
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write([]byte(`{"data":{"id":"c-1","name":"moved"}}`))
}

// The provider redirects to another port on the same address, which http.Client treats as the
// same domain: the token still goes to the provider's host and port alone.
func TestRedirectElsewhereCarriesNoToken(t *testing.T) {
	elsewhere := testutil.NewStubAPI(t, movedClient)
	provider := redirectingTo(t, elsewhere)
	f := newTestFormance(t, provider.URL)
	got, err := f.GetClient(testutil.ShortCtx(t), "c-1")
	require.NoError(t, err)
	assert.Equal(t, "moved", got.Name)
	require.Len(t, provider.Requests(), 1)
	assert.NotEmpty(t, provider.Requests()[0].Header.Get("Authorization"))
	require.Len(t, elsewhere.Requests(), 1)
	assert.Empty(t, elsewhere.Requests()[0].Header.Values("Authorization"))
}

// A redirect's hop is not a retry: a delete redirected to a 404 is not taken for one whose first
// answer was lost.
func TestRedirectedDeleteThatFindsNothingIsNotFound(t *testing.T) {
	elsewhere := testutil.NewStubAPI(t, func(w http.ResponseWriter, r testutil.Recorded) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(`{"errorCode":"NOT_FOUND","errorMessage":"no such client"}`))
	})
	provider := redirectingTo(t, elsewhere)
	err := newTestFormance(t, provider.URL).DeleteClient(testutil.ShortCtx(t), "c-1")
	require.ErrorIs(t, err, facade.ErrNotFound)
	var apiErr *facade.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 1, apiErr.Attempts)
}

// A CheckRedirect of the user's sees every hop's headers: the token is added to the
// transport's own copy of each request, which CheckRedirect never sees.
func TestCheckRedirectNeverSeesTheToken(t *testing.T) {
	elsewhere := testutil.NewStubAPI(t, movedClient)
	provider := redirectingTo(t, elsewhere)
	var seen []string
	hc := &http.Client{CheckRedirect: func(req *http.Request, via []*http.Request) error {
		seen = append(seen, req.Header.Get("Authorization"))
		for _, v := range via {
			seen = append(seen, v.Header.Get("Authorization"))
		}
		return nil
	}}
	f, err := New(provider.URL, BearerToken("stack-token"), facade.WithHTTPClient(hc), WithGeneration(Today))
	require.NoError(t, err)
	_, err = f.GetClient(testutil.ShortCtx(t), "c-1")
	require.NoError(t, err)
	assert.Equal(t, []string{"", ""}, seen)
	assert.Equal(t, "Bearer stack-token", provider.Requests()[0].Header.Get("Authorization"))
}
