package call

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"golang.org/x/oauth2"

	"github.com/clientkit/clientkit/facade"
	"github.com/clientkit/clientkit/facade/internal/retry"
	mollieapi "github.com/clientkit/clientkit/gen/mollie"
)

// Limits on how much of an answer is read and kept.
const (
	MaxErrorBody   = 1 << 20  // error bodies are read up to 1 MiB…
	KeptErrorBody  = 512      // …and their first bytes kept in APIError.Body
	MaxSuccessBody = 32 << 20 // a 2xx body larger than this is refused
)

// ErrBodyTooLarge says a body went past its cap.
var ErrBodyTooLarge = errors.New("response body too large")

// ReadCapped reads r up to limit bytes; when r has more, it returns the first limit bytes and
// ErrBodyTooLarge.
func ReadCapped(r io.Reader, limit int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return b, err
	}
	if int64(len(b)) > limit {
		return b[:limit], ErrBodyTooLarge
	}
	return b, nil
}

// NewAPIError fills what every provider's error shares: status, request id, Retry-After and the
// first bytes of the body.
func NewAPIError(provider, op string, status int, header http.Header, body []byte) *facade.APIError {
	e := &facade.APIError{
		Provider:   provider,
		Operation:  op,
		StatusCode: status,
		RequestID:  requestID(header),
		RetryAfter: retryAfterOf(header),
	}
	if len(body) > 0 {
		e.Body = bytes.Clone(body[:min(len(body), KeptErrorBody)])
	}
	return e
}

// DecodeOAuthError decodes an OAuth 2.0 token endpoint error (error, error_description). It
// keeps no body: a token endpoint may echo the credentials it was sent.
func DecodeOAuthError(provider, op string, status int, header http.Header, body []byte) *facade.APIError {
	e := NewAPIError(provider, op, status, header, nil)
	var o mollieapi.OAuthError
	if json.Unmarshal(body, &o) != nil {
		return e
	}
	e.Code = o.Error
	if o.ErrorDescription != nil {
		e.Message = *o.ErrorDescription
	}
	return e
}

// FetchTokenError turns a failed token fetch into an *facade.APIError when the endpoint answered, without
// the raw body or anything else that may hold the secret.
func FetchTokenError(provider, op string, err error) error {
	var apiErr *facade.APIError
	var retryErr *facade.RetryError
	if errors.As(err, &apiErr) || errors.As(err, &retryErr) {
		return err // already typed, by a token source of ours
	}
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) {
		return &retry.TokenError{Err: fmt.Errorf("%s %s: %w", provider, op, err)}
	}
	var status int
	var header http.Header
	if re.Response != nil {
		status, header = re.Response.StatusCode, re.Response.Header
	}
	e := DecodeOAuthError(provider, op, status, header, re.Body)
	if e.Code == "" {
		e.Code, e.Message = re.ErrorCode, re.ErrorDescription
	}
	return e
}

// TokenRequestError is FetchTokenError for a token request the user makes directly (an exchange,
// a refresh, a revocation): a request that got no answer is a *facade.RetryError.
func TokenRequestError(provider, op string, err error) error {
	err = FetchTokenError(provider, op, err)
	var tokenErr *retry.TokenError
	if errors.As(err, &tokenErr) {
		return &facade.RetryError{Provider: provider, Operation: op, Attempts: 1,
			Reason: "the token endpoint gave no answer", Err: errors.Unwrap(tokenErr.Err)}
	}
	return err
}

// requestIDHeaders are the response headers providers put a request id in.
var requestIDHeaders = []string{"X-Request-Id", "Request-Id", "X-Correlation-Id", "X-Amzn-Trace-Id"}

// requestID returns the first request id header present.
func requestID(h http.Header) string {
	for _, k := range requestIDHeaders {
		if v := h.Get(k); v != "" {
			return v
		}
	}
	return ""
}

// retryAfterOf reads Retry-After (seconds or an HTTP date), dating it against the response's
// Date header, the server's own clock, or against the local clock when there is none. It is 0
// when absent or malformed.
func retryAfterOf(h http.Header) time.Duration {
	now, err := http.ParseTime(h.Get("Date"))
	if err != nil {
		now = time.Now()
	}
	d, _ := retry.ParseRetryAfter(h.Get("Retry-After"), now)
	return d
}
