package mollie

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/clientkit/clientkit/facade"
	"github.com/clientkit/clientkit/facade/internal/call"
	mollieapi "github.com/clientkit/clientkit/gen/mollie"
)

// Mollie operation names, as upstream calls them (the spec's operationIds), and the names of
// this package's helpers that send nothing.
const (
	opCreateClientLink = "create-client-link"
	opCreateOAuthToken = "create-oauth-token"
	opAuthorizeURL     = "authorize-url"
	opParseCallback    = "parse-callback"
	opSignState        = "sign-state"
	opVerifyState      = "verify-state"
)

// CreateClientLink registers the organization in req and returns the link to send its owner to.
// Owner email, given and family name, name and address.country are required; owner.locale, when
// set, must be one of the Locale values; resource, id and _links are never sent. The call
// carries one Idempotency-Key for all its attempts: facade.IdempotencyKey(k) or a fresh UUIDv4.
//
// Mollie API: create-client-link, POST /v2/client-links
// (https://docs.mollie.com/reference/create-client-link).
func (c *Client) CreateClientLink(ctx context.Context, req ClientLinkRequest, opts ...facade.WriteOption) (*ClientLink, error) {
	if c.apiKey {
		return nil, errAPIKey()
	}
	if err := validateClientLinkRequest(req); err != nil {
		return nil, err
	}
	cs := facade.Writes(opts)
	key, err := call.IdempotencyKey(provider, opCreateClientLink, cs)
	if err != nil {
		return nil, err
	}
	req.Resource, req.ID, req.Links = nil, nil, nil // read-only fields
	params := &mollieapi.CreateClientLinkParams{IdempotencyKey: &key}
	var out ClientLinkResponse
	err = c.calls.Do(ctx, opCreateClientLink, cs, &out, func(ctx context.Context) (*http.Request, error) {
		return mollieapi.NewCreateClientLinkRequestWithContext(ctx, c.baseURL, params, req)
	})
	if err != nil {
		return nil, err
	}
	return newClientLink(out, c.clock), nil
}

// validateClientLinkRequest checks the fields Mollie requires and the values it restricts, naming
// the first field at fault.
func validateClientLinkRequest(req mollieapi.ClientLinkRequest) error {
	for _, f := range []struct{ name, value string }{
		{"owner.email", req.Owner.Email},
		{"owner.givenName", req.Owner.GivenName},
		{"owner.familyName", req.Owner.FamilyName},
		{"name", req.Name},
		{"address.country", req.Address.Country},
	} {
		if strings.TrimSpace(f.value) == "" {
			return inputError(opCreateClientLink, f.name, "is required")
		}
	}
	if !strings.Contains(req.Owner.Email, "@") {
		return inputError(opCreateClientLink, "owner.email", "is not an email address")
	}
	if l := req.Owner.Locale; l != nil && (!l.Valid() || *l == mollieapi.LocaleLessThanNil) {
		// The generated enum has a member for the spec's null, which is no locale to send.
		return inputError(opCreateClientLink, "owner.locale", fmt.Sprintf("%q is not a locale Mollie knows, such as nl_NL; leave it unset for the browser's language", *l))
	}
	if c := req.Address.Country; len(c) != 2 || !isUpperASCII(c) {
		return inputError(opCreateClientLink, "address.country", fmt.Sprintf("%q is not an ISO 3166-1 alpha-2 code such as NL", c))
	}
	return nil
}

func isUpperASCII(s string) bool {
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

// inputError is the *InputError of a refused field of the operation op.
func inputError(op, field, problem string) error {
	return &facade.InputError{Provider: provider, Operation: op, Field: field, Problem: problem}
}

// isAPIKey tells a profile API key (live_…, test_…) from an access token.
func isAPIKey(token string) bool {
	return strings.HasPrefix(token, "live_") || strings.HasPrefix(token, "test_")
}

// refuseAPIKey keeps an API key from a token source from being sent to client links.
func refuseAPIKey(token string) error {
	if isAPIKey(token) {
		return errAPIKey()
	}
	return nil
}

func errAPIKey() error {
	return inputError(opCreateClientLink, "access token",
		"is a profile API key (live_… or test_…); client links need an organization access token (access_…) with clients.write")
}
