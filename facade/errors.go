package facade

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Sentinels for errors.Is; an *APIError matches the one its HTTP status stands for. The package
// doc lists them with their statuses.
var (
	ErrUnauthorized      = errors.New("unauthorized")
	ErrForbidden         = errors.New("forbidden")
	ErrNotFound          = errors.New("not found")
	ErrConflict          = errors.New("conflict")
	ErrValidation        = errors.New("validation failed")
	ErrRateLimited       = errors.New("rate limited")
	ErrServer            = errors.New("server error")
	ErrReconnectRequired = errors.New("the organization's authorization is gone: it must connect again")
)

// FieldError is one rejected input field, as the provider named it.
type FieldError struct {
	Path    string // Mollie's field, Dwolla's _embedded.errors[].path
	Code    string
	Message string
}

// APIError is a non-2xx answer from a provider, or a failed token fetch.
type APIError struct {
	Provider   string        // mollie, dwolla or formance
	Operation  string        // the upstream operationId
	StatusCode int           // HTTP status
	Code       string        // the provider's error code (Dwolla code, Formance errorCode, OAuth error)
	Title      string        // Mollie's title
	Message    string        // the provider's message (Dwolla message, Formance errorMessage, OAuth error_description)
	Detail     string        // Mollie's detail
	Fields     []FieldError  // the fields the provider blamed
	RequestID  string        // the request id header, when the provider sends one
	RetryAfter time.Duration // from Retry-After, when present
	Attempts   int           // how many attempts the call made
	Body       []byte        // the first bytes of the raw body (none for token endpoints)
	// Err is a more precise cause, such as ErrReconnectRequired; nil for most answers.
	Err error
}

// Error names the provider, operation and status and what the provider said; never a secret.
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: HTTP %d", e.Provider, e.Operation, e.StatusCode)
	for _, s := range []string{e.Code, e.Title, e.Message, e.Detail} {
		if s != "" {
			b.WriteString(": ")
			b.WriteString(s)
		}
	}
	for _, f := range e.Fields {
		if f.Message == "" {
			fmt.Fprintf(&b, " [%s]", f.Path)
		} else {
			fmt.Fprintf(&b, " [%s: %s]", f.Path, f.Message)
		}
	}
	if e.Err != nil {
		fmt.Fprintf(&b, " (%v)", e.Err)
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " (after %d attempts)", e.Attempts)
	}
	return b.String()
}

// Is makes errors.Is(err, ErrNotFound) and the other status sentinels work.
func (e *APIError) Is(target error) bool {
	return target != nil && target == statusSentinel(e.StatusCode)
}

// Unwrap returns the more precise cause, if any.
func (e *APIError) Unwrap() error { return e.Err }

// statusSentinel maps an HTTP status to its sentinel, or nil.
func statusSentinel(status int) error {
	switch {
	case status == http.StatusUnauthorized:
		return ErrUnauthorized
	case status == http.StatusForbidden:
		return ErrForbidden
	case status == http.StatusNotFound:
		return ErrNotFound
	case status == http.StatusConflict:
		return ErrConflict
	case status == http.StatusBadRequest, status == http.StatusUnprocessableEntity:
		return ErrValidation
	case status == http.StatusTooManyRequests:
		return ErrRateLimited
	case status >= 500:
		return ErrServer
	}
	return nil
}

// InputError is a bad argument, refused before any request was sent. It matches ErrValidation,
// and Err when set.
type InputError struct {
	Provider  string
	Operation string
	Field     string // the argument or field at fault, such as "owner.email"
	Problem   string // what is wrong with it
	Err       error  // a more precise sentinel, such as mollie.ErrClientLinkExpired; may be nil
}

// Error names the provider, operation and field, and says what is wrong with the field.
func (e *InputError) Error() string {
	return fmt.Sprintf("%s %s: %s %s", e.Provider, e.Operation, e.Field, e.Problem)
}

// Is makes errors.Is(err, ErrValidation) true.
func (e *InputError) Is(target error) bool { return target == ErrValidation }

// Unwrap returns the more precise sentinel, if any.
func (e *InputError) Unwrap() error { return e.Err }

// RetryError is a call whose outcome is unknown: it ended without an answer that could be read
// (a network error, a body cut short or that does not decode, a context that ended, or a policy
// that let no further attempt start). A write may or may not have been applied. errors.Is and
// errors.As see through it to the cause.
type RetryError struct {
	Provider  string
	Operation string
	Attempts  int    // attempts made, the first included
	Reason    string // why no further attempt was made
	Err       error  // the last attempt's error, or the context's
}

// Error tells the call, the attempts, the reason and the cause; never a header, body or query
// string.
func (e *RetryError) Error() string {
	noun := "attempts"
	if e.Attempts == 1 {
		noun = "attempt"
	}
	return fmt.Sprintf("%s %s: outcome unknown after %d %s, %s: %v", e.Provider, e.Operation, e.Attempts, noun, e.Reason, e.Err)
}

// Unwrap returns the cause.
func (e *RetryError) Unwrap() error { return e.Err }
