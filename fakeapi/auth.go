package fakeapi

import (
	"context"
	"crypto/subtle"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3filter"
)

// authError is a refused credential; code is the provider's code for it.
type authError struct {
	code    string
	message string
}

func (e *authError) Error() string { return e.message }

// authenticate is the kin-openapi AuthenticationFunc: it checks the credential each security
// scheme of our specs expects.
func (h *Handler) authenticate(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	r := in.RequestValidationInput.Request
	creds := h.cfg.creds
	switch in.SecuritySchemeName {
	case "advancedAccessToken": // Mollie organization access token
		token, ok := bearerToken(r)
		if !ok {
			return &authError{code: "Unauthorized", message: "Missing authentication, or failed to authenticate"}
		}
		if equalSecret(token, creds.MollieAccessToken) {
			return nil // the organization's own token has every permission
		}
		granted, ok := h.mollieTokenScopes(token)
		if !ok {
			return &authError{code: "Unauthorized", message: "Missing authentication, or failed to authenticate"}
		}
		for _, want := range in.Scopes {
			if !slices.Contains(granted, want) {
				// Mollie itself answers 403 here, which the spec does not declare; 401 is.
				return &authError{code: "Unauthorized", message: "the access token lacks the " + want + " scope"}
			}
		}
		return nil
	case "appCredentials": // Mollie OAuth app
		if !basicMatches(r, creds.MollieClientID, creds.MollieClientSecret) {
			return &authError{code: "invalid_client", message: "the app's client id or secret was not accepted"}
		}
		return nil
	case "basicAuth": // Dwolla application key and secret; createDwollaToken checks them, as
		// they may come in the body instead (the spec's empty security alternative)
		return &authError{code: "invalid_client", message: "the client id or secret was not accepted"}
	case "clientCredentials": // Dwolla application token
		token, ok := bearerToken(r)
		if !ok {
			return &authError{code: "InvalidAccessToken", message: "Invalid access token."}
		}
		return h.dwollaTokenCheck(token)
	case "bearerAuth", "Authorization": // Formance
		token, ok := bearerToken(r)
		if !ok {
			return &authError{code: "UNAUTHORIZED", message: "a bearer token is required"}
		}
		if equalSecret(token, creds.FormanceToken) {
			return nil // the static stack token has every permission
		}
		return h.formanceTokenCheck(token, formanceScopesNeeded(in.RequestValidationInput))
	}
	return &authError{code: "Unauthorized", message: "unknown security scheme " + in.SecuritySchemeName}
}

// bearerToken returns the token of an "Authorization: Bearer …" header.
func bearerToken(r *http.Request) (string, bool) {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
		return "", false
	}
	return strings.TrimSpace(token), true
}

// basicCredentials reads HTTP Basic credentials; OAuth clients may form-encode both parts
// (RFC 6749 section 2.3.1), so they are decoded when they can be.
func basicCredentials(r *http.Request) (id, secret string, ok bool) {
	id, secret, ok = r.BasicAuth()
	if !ok {
		return "", "", false
	}
	if v, err := url.QueryUnescape(id); err == nil {
		id = v
	}
	if v, err := url.QueryUnescape(secret); err == nil {
		secret = v
	}
	return id, secret, true
}

func basicMatches(r *http.Request, wantID, wantSecret string) bool {
	id, secret, ok := basicCredentials(r)
	return ok && equalSecret(id, wantID) && equalSecret(secret, wantSecret)
}

// equalSecret compares in constant time.
func equalSecret(got, want string) bool {
	return subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// formanceScopesNeeded are the scopes the operation asks of an OAuth token (auth:read or
// auth:write). Both Formance schemes read the same bearer token, so both check them.
func formanceScopesNeeded(in *openapi3filter.RequestValidationInput) []string {
	if in.Route == nil || in.Route.Operation == nil || in.Route.Operation.Security == nil {
		return nil
	}
	for _, req := range *in.Route.Operation.Security {
		if scopes, ok := req["Authorization"]; ok {
			return scopes
		}
	}
	return nil
}
