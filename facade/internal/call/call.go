// Package call runs the logical calls of a provider client: it builds the HTTP stack from the
// shared settings, sends a request through the retry loop and turns the answer into a value or
// one of facade's errors.
package call

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"time"

	"github.com/clientkit/clientkit/facade"
	"github.com/clientkit/clientkit/facade/internal/retry"
)

// Caller runs the calls of one provider client.
type Caller struct {
	Provider string
	// send sends one attempt through an http.Client: auth and logging around the user's
	// transport, with the user's Jar and CheckRedirect, and no timeout of its own.
	send func(*http.Request) (*http.Response, error)
	// Timeout bounds a whole call, retries included; 0 for none.
	Timeout time.Duration
	Policy  facade.RetryPolicy
	Retrier *retry.Retrier
	// UserAgent is the User-Agent header value, shared by every request and never modified.
	UserAgent []string
	// Decode turns a non-2xx answer into an *APIError in the provider's shape.
	Decode func(op string, status int, header http.Header, body []byte) *facade.APIError
}

// Build makes the request of one call with its context (the generated
// New<Operation>RequestWithContext).
type Build func(ctx context.Context) (*http.Request, error)

// Do runs the call named op: build's request, sent under the call's settings. A 2xx answer is
// decoded into out (nil when the answer has no body); anything else is an *APIError; no answer
// that can be read is a *RetryError.
func (c *Caller) Do(ctx context.Context, op string, cs facade.CallSettings, out any, build Build) error {
	policy := c.Policy
	if cs.RetryPolicy != nil {
		if err := cs.RetryPolicy.Validate(); err != nil {
			return err
		}
		policy = *cs.RetryPolicy
	}
	if c.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.Timeout)
		defer cancel()
	}
	req, err := build(ctx)
	if err != nil {
		return &facade.InputError{Provider: c.Provider, Operation: op, Field: "request", Problem: err.Error()}
	}
	req.Header["User-Agent"] = c.UserAgent
	// A 2xx answer is read and decoded inside its attempt, so one cut short or undecodable is
	// an attempt's error: the retry loop sends an idempotent request (or a keyed write) again.
	send := func(r *http.Request) (*http.Response, error) {
		resp, err := c.send(r)
		if err != nil || resp.StatusCode < 200 || resp.StatusCode > 299 {
			return resp, err
		}
		return resp, readAnswer(resp, out)
	}
	res := c.Retrier.Do(req, policy.WithDefaults(), send)
	if res.Err != nil {
		return c.sendError(op, res)
	}
	resp := res.Response
	defer resp.Body.Close()
	if resp.StatusCode >= 200 && resp.StatusCode <= 299 {
		return nil // read and decoded by its attempt
	}
	body, _ := ReadCapped(resp.Body, MaxErrorBody) // a short or failed read still makes an error
	apiErr := c.Decode(op, resp.StatusCode, resp.Header, body)
	apiErr.Attempts = res.Attempts
	if resp.StatusCode == http.StatusConflict && retry.HasIdempotencyKey(req.Header) {
		// The provider still works on the first request with this key: what it will do is
		// unknown, and a new key could apply the write twice.
		return c.unknown(op, res.Attempts, "a request with this Idempotency-Key was still in progress at the provider", apiErr)
	}
	return apiErr
}

// readAnswer reads a 2xx answer and decodes it into out (nil when the answer has no body). It
// leaves resp with an empty body. When the answer cannot be read or decoded, it closes resp and
// returns a *retry.AnswerError, and out is left zero.
func readAnswer(resp *http.Response, out any) error {
	body, err := readSuccessBody(resp)
	_ = resp.Body.Close()
	resp.Body = http.NoBody
	switch {
	case errors.Is(err, ErrBodyTooLarge):
		return &retry.AnswerError{Status: resp.StatusCode, Problem: "is over the size cap", Err: err, Final: true}
	case err != nil:
		return &retry.AnswerError{Status: resp.StatusCode, Problem: "could not be read", Err: err}
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(body, out); err != nil {
		if v := reflect.ValueOf(out); v.Kind() == reflect.Pointer && !v.IsNil() {
			v.Elem().SetZero() // a later attempt decodes into a clean value
		}
		return &retry.AnswerError{Status: resp.StatusCode, Problem: "does not decode", Err: err}
	}
	return nil
}

// sendError is the error of a call that got no answer. A failed token fetch or a refused
// argument comes back as itself (an *APIError gets the attempt count; it may be shared by
// concurrent calls, so it is copied); anything else leaves the outcome unknown.
func (c *Caller) sendError(op string, res retry.Result) error {
	var apiErr *facade.APIError
	if errors.As(res.Err, &apiErr) {
		copied := *apiErr
		copied.Attempts = res.Attempts
		return &copied
	}
	var inErr *facade.InputError
	if errors.As(res.Err, &inErr) {
		return inErr
	}
	var tokenErr *facade.RetryError // a token request of a token source's own that got no answer
	if errors.As(res.Err, &tokenErr) {
		return c.unknown(op, res.Attempts, res.Reason, tokenErr)
	}
	var answerErr *retry.AnswerError
	if errors.As(res.Err, &answerErr) {
		return c.unknown(op, res.Attempts, fmt.Sprintf("the HTTP %d answer %s (%s)", answerErr.Status, answerErr.Problem, res.Reason), answerErr.Err)
	}
	return c.unknown(op, res.Attempts, res.Reason, res.Err)
}

// unknown is a *RetryError of the call op.
func (c *Caller) unknown(op string, attempts int, reason string, err error) error {
	return &facade.RetryError{Provider: c.Provider, Operation: op, Attempts: attempts, Reason: reason, Err: err}
}

// readSuccessBody reads a 2xx body, in one allocation when its length is known.
func readSuccessBody(resp *http.Response) ([]byte, error) {
	if n := resp.ContentLength; n > 0 && n <= MaxSuccessBody {
		b := make([]byte, n)
		_, err := io.ReadFull(resp.Body, b)
		return b, err
	}
	return ReadCapped(resp.Body, MaxSuccessBody)
}
