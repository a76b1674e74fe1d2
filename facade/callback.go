package facade

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"net/url"
)

// Errors of ParseCallback; none of them shows the state or the code.
var (
	ErrCallbackStateMissing  = errors.New("facade: OAuth callback has no state")
	ErrCallbackStateMismatch = errors.New("facade: OAuth callback state does not match the expected one")
	ErrCallbackCodeMissing   = errors.New("facade: OAuth callback has no code")
	ErrCallbackMalformed     = errors.New("facade: OAuth callback is malformed")
)

// AuthorizeError is the refusal Mollie sends back to the redirect URL, for example when the
// customer denies access (Code access_denied).
type AuthorizeError struct {
	Code        string // the OAuth error, from the error parameter
	Description string // Mollie's explanation, from error_description
}

// Error names the OAuth error and its description.
func (e *AuthorizeError) Error() string {
	msg := "mollie authorization failed"
	if e.Code != "" {
		msg += ": " + e.Code
	}
	if e.Description != "" {
		msg += ": " + e.Description
	}
	return msg
}

// ParseCallback reads the query that comes back to the redirect URL. It first checks that state
// is present, single and equal to expectedState (in constant time); then it returns an
// *AuthorizeError when Mollie sent error (even alongside a code), or else the code.
func ParseCallback(q url.Values, expectedState string) (code string, err error) {
	if expectedState == "" {
		return "", errors.New("facade: ParseCallback: expectedState is empty")
	}
	for _, name := range []string{paramState, "code", "error", "error_description"} {
		if len(q[name]) > 1 {
			return "", fmt.Errorf("%w: parameter %s appears %d times", ErrCallbackMalformed, name, len(q[name]))
		}
	}
	state := q.Get(paramState)
	if state == "" {
		return "", ErrCallbackStateMissing
	}
	if subtle.ConstantTimeCompare([]byte(state), []byte(expectedState)) != 1 {
		return "", ErrCallbackStateMismatch
	}
	if q.Has("error") {
		return "", &AuthorizeError{Code: q.Get("error"), Description: q.Get("error_description")}
	}
	code = q.Get("code")
	if code == "" {
		return "", ErrCallbackCodeMissing
	}
	return code, nil
}

// ParseCallbackRequest is ParseCallback for the request that reached the redirect URL. A query
// that does not parse is refused rather than read in part.
func ParseCallbackRequest(r *http.Request, expectedState string) (code string, err error) {
	if r == nil || r.URL == nil {
		return "", fmt.Errorf("%w: no request", ErrCallbackMalformed)
	}
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return "", fmt.Errorf("%w: query does not parse", ErrCallbackMalformed)
	}
	return ParseCallback(q, expectedState)
}
