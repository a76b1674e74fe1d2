package dwolla

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"

	"github.com/clientkit/clientkit/facade"
	"github.com/clientkit/clientkit/facade/internal/call"
	dwollaapi "github.com/clientkit/clientkit/gen/dwolla"
)

// Dwolla operation names, as upstream calls them.
const (
	opCreateClientToken            = "createClientToken"
	opCreateApplicationAccessToken = "createApplicationAccessToken"
)

// actionPattern matches a client-token action: lower-case words joined by dots, such as
// customer.update or customer.fundingsources.create.
var actionPattern = regexp.MustCompile(`^[a-z]+(\.[a-z]+)+$`)

// CreateClientToken returns a client token that lets a drop-in component perform action (such as
// customer.update) for the customer at customerURL. The call carries one Idempotency-Key for all
// its attempts: facade.IdempotencyKey(k) or a fresh UUIDv4.
//
// Dwolla API: createClientToken, POST /client-tokens
// (https://developers.dwolla.com/docs/api-reference/tokens/create-a-client-token).
func (c *Client) CreateClientToken(ctx context.Context, action, customerURL string, opts ...facade.WriteOption) (string, error) {
	if !actionPattern.MatchString(action) {
		return "", inputError("action",
			fmt.Sprintf("%q is not of the form resource.verb (lower-case words and dots, such as customer.update)", action))
	}
	if err := checkCustomerURL(customerURL); err != nil {
		return "", err
	}
	cs := facade.Writes(opts)
	key, err := call.IdempotencyKey(provider, opCreateClientToken, cs)
	if err != nil {
		return "", err
	}
	params := &dwollaapi.CreateClientTokenParams{
		Accept:         dwollaapi.CreateClientTokenParamsAcceptApplicationVndDwollaV1HalJSON,
		IdempotencyKey: &key,
	}
	body := dwollaapi.ClientTokenRequest{Action: action, Links: dwollaapi.ClientTokenLinks{Customer: dwollaapi.CustomerLink{Href: customerURL}}}
	var out dwollaapi.ClientTokenResponse
	err = c.calls.Do(ctx, opCreateClientToken, cs, &out, func(ctx context.Context) (*http.Request, error) {
		return dwollaapi.NewCreateClientTokenRequestWithContext(ctx, c.baseURL, params, body)
	})
	if err != nil {
		return "", err
	}
	if out.Token == "" {
		return "", &facade.RetryError{Provider: provider, Operation: opCreateClientToken, Attempts: 1,
			Reason: "the answer could not be used", Err: errors.New("the answer has no token")}
	}
	return out.Token, nil
}

// checkCustomerURL accepts an absolute https URL (http on a loopback host) whose path ends in
// /customers/{id}.
func checkCustomerURL(raw string) error {
	bad := func(problem string) error { return inputError("customer URL", problem) }
	u, err := call.ParseServiceURL(raw)
	if err != nil {
		return bad(err.Error())
	}
	parts := strings.Split(strings.TrimSuffix(u.Path, "/"), "/")
	if n := len(parts); n < 3 || parts[n-2] != "customers" || parts[n-1] == "" {
		return bad(fmt.Sprintf("path %q is not /customers/{id}", u.Path))
	}
	return nil
}

// inputError is the *InputError of a refused argument of CreateClientToken.
func inputError(field, problem string) error {
	return &facade.InputError{Provider: provider, Operation: opCreateClientToken, Field: field, Problem: problem}
}
