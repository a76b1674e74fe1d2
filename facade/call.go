package facade

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
)

// caller runs the logical calls of one client and turns their answers into values or errors.
type caller struct {
	provider string
	decode   func(op string, status int, header http.Header, body []byte) *APIError
}

// call runs send, which makes one request through the generated client, under the call's options.
// A 2xx answer is decoded into out (nil when the answer has no body); anything else is an
// *APIError.
func (c caller) call(ctx context.Context, op string, cc callConfig, out any, send func(context.Context) (*http.Response, error)) error {
	if cc.retry != nil {
		ctx = withCallRetryPolicy(ctx, *cc.retry)
	}
	ctx, attempts := withAttemptCounter(ctx)
	resp, err := send(ctx)
	if err != nil {
		return c.sendError(op, err, *attempts)
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		body, _ := readCapped(resp.Body, maxErrorBody) // a short or failed read still makes an error
		apiErr := c.decode(op, resp.StatusCode, resp.Header, body)
		apiErr.Attempts = max(*attempts, 1)
		return apiErr
	}
	body, err := readSuccessBody(resp)
	if err != nil {
		return fmt.Errorf("%s %s: reading the HTTP %d answer: %w", c.provider, op, resp.StatusCode, err)
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(body, out); err != nil {
		return fmt.Errorf("%s %s: the HTTP %d answer does not decode: %w", c.provider, op, resp.StatusCode, err)
	}
	return nil
}

// sendError is the error of a call that got no answer. A failed token fetch or a refused token
// comes back as itself (an *APIError gets the attempt count; it may be shared by concurrent
// calls, so it is copied); a network or context error is wrapped with the call's name.
func (c caller) sendError(op string, err error, attempts int) error {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		copied := *apiErr
		copied.Attempts = max(attempts, 1)
		return &copied
	}
	var inErr *InputError
	if errors.As(err, &inErr) {
		return inErr
	}
	return fmt.Errorf("%s %s: %w", c.provider, op, err)
}

// idempotencyKeyOf returns the caller's key, or a fresh UUIDv4; it refuses a key no provider
// takes (over 255 bytes, or with characters a header cannot carry).
func idempotencyKeyOf(provider, op string, cc callConfig) (string, error) {
	key := cc.idempotencyKey
	if key == "" {
		return newIdempotencyKey(), nil
	}
	if len(key) > 255 {
		return "", &InputError{provider, op, "idempotency key", "is longer than 255 bytes"}
	}
	for _, r := range key {
		if r <= ' ' || r >= 0x7f {
			return "", &InputError{provider, op, "idempotency key", "must be printable ASCII without spaces"}
		}
	}
	return key, nil
}

// readSuccessBody reads a 2xx body, in one allocation when its length is known.
func readSuccessBody(resp *http.Response) ([]byte, error) {
	if n := resp.ContentLength; n > 0 && n <= maxSuccessBody {
		b := make([]byte, n)
		_, err := io.ReadFull(resp.Body, b)
		return b, err
	}
	return readCapped(resp.Body, maxSuccessBody)
}
