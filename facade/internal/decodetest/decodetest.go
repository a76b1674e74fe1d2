// Package decodetest checks a provider's error decoder: the same checks and fuzz target for every
// provider package's tests.
package decodetest

import (
	"bytes"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/facade"
	"github.com/clientkit/clientkit/facade/internal/call"
	"github.com/clientkit/clientkit/facade/internal/retry"
)

// Decoder is the shape of a provider's error decoder.
type Decoder func(op string, status int, header http.Header, body []byte) *facade.APIError

// AssertDecoderKeepsStatus checks that decode keeps the status of any body, however broken, and
// makes up no code or message for a body it cannot read.
func AssertKeepsStatus(t *testing.T, decode Decoder) {
	t.Helper()
	bodies := [][]byte{nil, []byte("<html>bad gateway</html>"), []byte(`{"status":`), []byte(`null`), []byte(`"x"`),
		[]byte(`{"code":5,"errorCode":[],"title":{}}`), bytes.Repeat([]byte("x"), 4000)}
	for _, body := range bodies {
		e := decode("op", 503, http.Header{}, body)
		require.NotNil(t, e)
		assert.Equal(t, 503, e.StatusCode)
		assert.ErrorIs(t, e, facade.ErrServer)
		assert.Empty(t, e.Code+e.Message+e.Title, "%q", body)
		assert.LessOrEqual(t, len(e.Body), call.KeptErrorBody)
	}
}

// FuzzDecoder checks that decode never panics and always returns an *APIError with the given
// status, the provider's name, a capped body and a Retry-After within the parser's range.
func Fuzz(f *testing.F, provider string, decode Decoder, seeds ...string) {
	for _, s := range seeds {
		f.Add(422, "5", []byte(s))
		f.Add(503, "", []byte(s))
	}
	f.Add(429, "Fri, 14 Mar 2025 09:26:53 GMT", []byte(""))
	f.Add(400, "-1", []byte("not json"))
	f.Fuzz(func(t *testing.T, status int, retryAfter string, body []byte) {
		header := http.Header{"Retry-After": {retryAfter}, "X-Request-Id": {retryAfter}}
		e := decode("op", status, header, body)
		if e == nil {
			t.Fatal("nil *APIError")
		}
		if e.StatusCode != status || e.Provider != provider || e.Operation != "op" {
			t.Fatalf("got %s %s %d, want %s op %d", e.Provider, e.Operation, e.StatusCode, provider, status)
		}
		if len(e.Body) > call.KeptErrorBody {
			t.Fatalf("kept %d bytes of body, cap %d", len(e.Body), call.KeptErrorBody)
		}
		if e.RetryAfter < 0 || e.RetryAfter > retry.MaxRetryAfter {
			t.Fatalf("RetryAfter %s out of range", e.RetryAfter)
		}
		_ = e.Error()
		_ = e.Is(facade.ErrServer)
	})
}
