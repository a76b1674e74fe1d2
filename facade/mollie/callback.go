package mollie

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/clientkit/clientkit/facade"
)

// Sentinels of ParseCallback's *facade.InputError; none of its errors shows the state or the
// code.
var (
	ErrCallbackStateMissing  = errors.New("OAuth callback has no state")
	ErrCallbackStateMismatch = errors.New("OAuth callback state does not match the expected one")
	ErrCallbackCodeMissing   = errors.New("OAuth callback has no code")
	ErrCallbackMalformed     = errors.New("OAuth callback is malformed")
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
		return "", inputError(opParseCallback, "expectedState", "is empty")
	}
	for _, name := range []string{paramState, "code", "error", "error_description"} {
		if len(q[name]) > 1 {
			return "", callbackError(name, fmt.Sprintf("appears %d times", len(q[name])), ErrCallbackMalformed)
		}
	}
	state := q.Get(paramState)
	if state == "" {
		return "", callbackError(paramState, "is missing", ErrCallbackStateMissing)
	}
	if subtle.ConstantTimeCompare([]byte(state), []byte(expectedState)) != 1 {
		return "", callbackError(paramState, "does not match the expected one", ErrCallbackStateMismatch)
	}
	if q.Has("error") {
		return "", &AuthorizeError{Code: q.Get("error"), Description: q.Get("error_description")}
	}
	code = q.Get("code")
	if code == "" {
		return "", callbackError("code", "is missing", ErrCallbackCodeMissing)
	}
	return code, nil
}

// ParseCallbackRequest is ParseCallback for the request that reached the redirect URL. A query
// that does not parse is refused rather than read in part.
func ParseCallbackRequest(r *http.Request, expectedState string) (code string, err error) {
	if r == nil || r.URL == nil {
		return "", callbackError("request", "is nil", ErrCallbackMalformed)
	}
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return "", callbackError("query", "does not parse", ErrCallbackMalformed)
	}
	return ParseCallback(q, expectedState)
}

// CallbackHandler serves the app's redirect URL: it checks the callback against the state kept for
// the customer and hands the code, or the reason there is none, to the app.
type CallbackHandler struct {
	// ExpectedState returns the state kept for this customer, from the session or a cookie. An
	// app that uses StateSigner verifies the query's state here, with the binding of this
	// customer's session (StateSigner.Verify), and returns it.
	ExpectedState func(r *http.Request) (string, error)
	// OnCode receives the code; exchange it with OAuth.Exchange.
	OnCode func(w http.ResponseWriter, r *http.Request, code string)
	// OnError receives an *AuthorizeError, one of the ErrCallback… errors or ExpectedState's
	// error. When nil, the customer gets a plain 400 that tells nothing more.
	OnError func(w http.ResponseWriter, r *http.Request, err error)
}

// ServeHTTP answers GET and HEAD only, as the provider redirects the customer's browser. A HEAD
// (a link prefetcher or scanner, not the customer) gets 204 and consumes nothing: neither
// ExpectedState nor OnCode is called, so the code and a single-use state stay usable.
func (h CallbackHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodGet:
	case http.MethodHead:
		w.WriteHeader(http.StatusNoContent)
		return
	default:
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, http.StatusText(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed)
		return
	}
	if h.ExpectedState == nil || h.OnCode == nil {
		http.Error(w, "callback handler is not configured", http.StatusInternalServerError)
		return
	}
	expected, err := h.ExpectedState(r)
	if err == nil {
		var code string
		if code, err = ParseCallbackRequest(r, expected); err == nil {
			h.OnCode(w, r, code)
			return
		}
	}
	if h.OnError != nil {
		h.OnError(w, r, err)
		return
	}
	http.Error(w, "the authorization could not be completed", http.StatusBadRequest)
}

// callbackError is the *InputError of a callback query ParseCallback refuses.
func callbackError(field, problem string, sentinel error) error {
	return &facade.InputError{Provider: provider, Operation: opParseCallback, Field: field, Problem: problem, Err: sentinel}
}
