package facade

import (
	"bytes"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
)

func TestDecodersKeepStatusForAnyBody(t *testing.T) {
	decoders := map[string]func(string, int, http.Header, []byte) *APIError{
		"mollie":   decodeMollieError,
		"dwolla":   decodeDwollaError,
		"formance": decodeFormanceError,
		"oauth": func(op string, s int, h http.Header, b []byte) *APIError {
			return decodeOAuthError("dwolla", op, s, h, b)
		},
	}
	bodies := [][]byte{nil, []byte("<html>bad gateway</html>"), []byte(`{"status":`), []byte(`null`), []byte(`"x"`),
		[]byte(`{"code":5,"errorCode":[],"title":{}}`), bytes.Repeat([]byte("x"), 4000)}
	for name, decode := range decoders {
		for _, body := range bodies {
			e := decode("op", 503, http.Header{}, body)
			require.NotNil(t, e, name)
			assert.Equal(t, 503, e.StatusCode, name)
			assert.ErrorIs(t, e, ErrServer, name)
			assert.Empty(t, e.Code+e.Message+e.Title, "%s %q", name, body)
			assert.LessOrEqual(t, len(e.Body), keptErrorBody, name)
		}
	}
}

func TestDecodeOAuthErrorKeepsNoBody(t *testing.T) {
	e := decodeOAuthError("formance", "oauthToken", 400, http.Header{}, []byte(`{"error":"invalid_request","error_description":"grant_type is required"}`))
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
	err := fetchTokenError("dwolla", opDwollaToken, re)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "invalid_client", apiErr.Code, "taken from x/oauth2 when the body is not JSON")
	assert.Equal(t, 400, apiErr.StatusCode)
	assert.Equal(t, "r1", apiErr.RequestID)
	assert.NotContains(t, err.Error(), "SECRET")
	assert.NotErrorIs(t, err, re, "the raw RetrieveError, with its body, is not wrapped")

	netErr := errors.New("dial tcp: connection refused")
	assert.ErrorIs(t, fetchTokenError("dwolla", opDwollaToken, netErr), netErr)
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
	b, err := readCapped(strings.NewReader("hello"), 5)
	require.NoError(t, err)
	assert.Equal(t, "hello", string(b))
	b, err = readCapped(strings.NewReader("hello!"), 5)
	assert.ErrorIs(t, err, errBodyTooLarge)
	assert.Equal(t, "hello", string(b))
}

func TestOversizedErrorBodyIsCapped(t *testing.T) {
	huge := `{"errorCode":"INTERNAL","errorMessage":"` + strings.Repeat("x", 2*maxErrorBody) + `"}`
	api := newStubAPI(t, func(w http.ResponseWriter, r recorded) { reply(w, 500, "application/json", huge) })
	_, err := newTestFormance(t, api.URL).ListClients(shortCtx(t))
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.ErrorIs(t, err, ErrServer)
	assert.Equal(t, huge[:keptErrorBody], string(apiErr.Body))
	assert.Empty(t, apiErr.Code, "a body cut at the cap does not decode")
}

func TestInputErrorMatchesErrValidation(t *testing.T) {
	err := error(&InputError{Provider: "formance", Operation: "readClient", Field: "clientID", Problem: "is empty"})
	assert.ErrorIs(t, err, ErrValidation)
	assert.NotErrorIs(t, err, ErrNotFound)
	assert.Equal(t, "formance readClient: clientID is empty", err.Error())
}
