package call

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/clientkit/clientkit/facade"
)

func TestDecodeOAuthErrorKeepsNoBody(t *testing.T) {
	e := DecodeOAuthError("formance", "oauthToken", 400, http.Header{}, []byte(`{"error":"invalid_request","error_description":"grant_type is required"}`))
	assert.Equal(t, "invalid_request", e.Code)
	assert.Equal(t, "grant_type is required", e.Message)
	assert.Nil(t, e.Body)
	assert.Equal(t, "formance oauthToken: HTTP 400: invalid_request: grant_type is required", e.Error())
}

func TestFetchTokenError(t *testing.T) {
	re := &oauth2.RetrieveError{
		Response:  &http.Response{StatusCode: 400, Header: http.Header{"X-Request-Id": {"r1"}}},
		Body:      []byte("client_secret=SECRET&grant_type=client_credentials"),
		ErrorCode: "invalid_client",
	}
	err := FetchTokenError("dwolla", "createApplicationAccessToken", re)
	var apiErr *facade.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "invalid_client", apiErr.Code, "taken from x/oauth2 when the body is not JSON")
	assert.Equal(t, 400, apiErr.StatusCode)
	assert.Equal(t, "r1", apiErr.RequestID)
	assert.NotContains(t, err.Error(), "SECRET")
	assert.NotErrorIs(t, err, re, "the raw RetrieveError, with its body, is not wrapped")

	netErr := errors.New("dial tcp: connection refused")
	assert.ErrorIs(t, FetchTokenError("dwolla", "createApplicationAccessToken", netErr), netErr)
}

func TestRetryAfterOf(t *testing.T) {
	date := "Tue, 06 Jan 2026 10:00:00 GMT"
	cases := map[string]struct {
		header http.Header
		want   time.Duration
	}{
		"absent":       {http.Header{}, 0},
		"seconds":      {http.Header{"Retry-After": {"30"}}, 30 * time.Second},
		"http date":    {http.Header{"Date": {date}, "Retry-After": {"Tue, 06 Jan 2026 10:00:45 GMT"}}, 45 * time.Second},
		"date in past": {http.Header{"Date": {date}, "Retry-After": {"Tue, 06 Jan 2026 09:00:00 GMT"}}, 0},
		"garbage":      {http.Header{"Retry-After": {"soon"}}, 0},
		"negative":     {http.Header{"Retry-After": {"-5"}}, 0},
	}
	for name, c := range cases {
		assert.Equal(t, c.want, retryAfterOf(c.header), name)
	}
}

func TestReadCapped(t *testing.T) {
	b, err := ReadCapped(strings.NewReader("hello"), 5)
	require.NoError(t, err)
	assert.Equal(t, "hello", string(b))
	b, err = ReadCapped(strings.NewReader("hello!"), 5)
	assert.ErrorIs(t, err, ErrBodyTooLarge)
	assert.Equal(t, "hello", string(b))
}
