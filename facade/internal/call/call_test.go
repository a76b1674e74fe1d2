package call

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/facade"
)

// answering is a RoundTripper that answers every request with status and body, and counts them.
type answering struct {
	status int
	body   string
	n      int
}

func (a *answering) RoundTrip(req *http.Request) (*http.Response, error) {
	a.n++
	return &http.Response{StatusCode: a.status, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(a.body)), Request: req}, nil
}

func newTestCaller(rt http.RoundTripper) *Caller {
	s := facade.DefaultSettings()
	return NewCaller("test", s, rt, func(op string, status int, header http.Header, body []byte) *facade.APIError {
		return NewAPIError("test", op, status, header, body)
	})
}

func build(t *testing.T) Build {
	return func(ctx context.Context) (*http.Request, error) {
		return http.NewRequestWithContext(ctx, http.MethodGet, "http://127.0.0.1:1/x", nil)
	}
}

func TestNegativeCallRetryPolicyIsAnInputErrorBeforeAnyRequest(t *testing.T) {
	rt := &answering{status: 200, body: `{}`}
	bad := facade.RetryPolicy{MaxDelay: -time.Second}
	err := newTestCaller(rt).Do(t.Context(), "op", facade.CallSettings{RetryPolicy: &bad}, nil, build(t))
	var inErr *facade.InputError
	require.ErrorAs(t, err, &inErr)
	assert.Equal(t, "RetryPolicy.MaxDelay", inErr.Field)
	assert.ErrorIs(t, err, facade.ErrValidation)
	assert.Zero(t, rt.n)
}

func TestCallRetryPolicyWinsOverTheClients(t *testing.T) {
	rt := &answering{status: 503}
	one := facade.RetryPolicy{MaxAttempts: 1}
	err := newTestCaller(rt).Do(t.Context(), "op", facade.CallSettings{RetryPolicy: &one}, nil, build(t))
	var apiErr *facade.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 1, apiErr.Attempts)
	assert.Equal(t, 1, rt.n)
}

func TestUndecodableSuccessIsAnUnknownOutcome(t *testing.T) {
	rt := &answering{status: 200, body: `{"data":`}
	var out map[string]any
	err := newTestCaller(rt).Do(t.Context(), "op", facade.CallSettings{}, &out, build(t))
	var retryErr *facade.RetryError
	require.ErrorAs(t, err, &retryErr)
	assert.Equal(t, "test", retryErr.Provider)
	assert.Contains(t, err.Error(), "test op: outcome unknown")
}
