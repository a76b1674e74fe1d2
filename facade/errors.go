package facade

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Sentinels for errors.Is; an *APIError matches the one its HTTP status stands for.
var (
	ErrUnauthorized = errors.New("unauthorized")      // 401
	ErrForbidden    = errors.New("forbidden")         // 403
	ErrNotFound     = errors.New("not found")         // 404
	ErrValidation   = errors.New("validation failed") // 400, 422
	ErrRateLimited  = errors.New("rate limited")      // 429
	ErrServer       = errors.New("server error")      // 5xx
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
	Body       []byte        // the first bytes of the raw body
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
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " (after %d attempts)", e.Attempts)
	}
	return b.String()
}

// Is makes errors.Is(err, ErrNotFound) and the other sentinels work.
func (e *APIError) Is(target error) bool {
	return target != nil && target == statusSentinel(e.StatusCode)
}

// statusSentinel maps an HTTP status to its sentinel, or nil.
func statusSentinel(status int) error {
	switch {
	case status == http.StatusUnauthorized:
		return ErrUnauthorized
	case status == http.StatusForbidden:
		return ErrForbidden
	case status == http.StatusNotFound:
		return ErrNotFound
	case status == http.StatusBadRequest, status == http.StatusUnprocessableEntity:
		return ErrValidation
	case status == http.StatusTooManyRequests:
		return ErrRateLimited
	case status >= 500:
		return ErrServer
	}
	return nil
}

// InputError is a bad argument, refused before any request was sent. It matches ErrValidation.
type InputError struct {
	Provider  string
	Operation string
	Field     string // the argument or field at fault, such as "owner.email"
	Problem   string // what is wrong with it
}

// Error names the provider, operation and field, and says what is wrong with the field.
func (e *InputError) Error() string {
	return fmt.Sprintf("%s %s: %s %s", e.Provider, e.Operation, e.Field, e.Problem)
}

// Is makes errors.Is(err, ErrValidation) true.
func (e *InputError) Is(target error) bool { return target == ErrValidation }
