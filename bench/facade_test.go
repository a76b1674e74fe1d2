package bench

import (
	"context"
	"testing"

	"github.com/clientkit/clientkit/facade"
	"github.com/clientkit/clientkit/facade/dwolla"
	"github.com/clientkit/clientkit/facade/formance"
	"github.com/clientkit/clientkit/facade/mollie"
)

// clientkit's facade as a user configures it: client credentials (Formance, Dwolla) whose token
// the first call fetches and every later call takes from the cache, or a static access token
// (Mollie); the default retry policy; a fresh idempotency key on every Mollie and Dwolla POST.

func newFacadeFormance(tb testing.TB, t target, auth formance.Credentials) *formance.Stack {
	c, err := formance.New(t.baseURL, auth, facade.WithHTTPClient(t.client), formance.WithGeneration(formance.Today))
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// formanceCredentials is the Formance facade's usual authentication: a cached client-credentials token.
var formanceCredentials = formance.ClientCredentials("bench-client", "bench-secret")

func facadeReadClient(auth formance.Credentials) func(testing.TB, target) call {
	return func(tb testing.TB, t target) call {
		c := newFacadeFormance(tb, t, auth)
		return func(ctx context.Context) error {
			got, err := c.GetClient(ctx, formanceClientID)
			if err != nil {
				return err
			}
			return checkFormanceClient(got)
		}
	}
}

func init() {
	formanceReadClient = append(formanceReadClient, contender{"facade", facadeReadClient(formanceCredentials)})
	formanceCreateClient = append(formanceCreateClient, contender{"facade", func(tb testing.TB, t target) call {
		c := newFacadeFormance(tb, t, formanceCredentials)
		return func(ctx context.Context) error {
			got, err := c.CreateClient(ctx, newFormanceClientOptions())
			if err != nil {
				return err
			}
			return checkFormanceClient(got)
		}
	}})
	mollieCreateLink = append(mollieCreateLink, contender{"facade", func(tb testing.TB, t target) call {
		c, err := mollie.New(mollie.AccessToken(mollieAccessKey), mollie.WithBaseURL(t.baseURL), facade.WithHTTPClient(t.client))
		if err != nil {
			tb.Fatal(err)
		}
		return func(ctx context.Context) error {
			link, err := c.CreateClientLink(ctx, newMollieClientLink())
			if err != nil {
				return err
			}
			return expect("client link id", link.ID, mollieLinkID)
		}
	}})
	dwollaCreateToken = append(dwollaCreateToken, contender{"facade", func(tb testing.TB, t target) call {
		c, err := dwolla.New("bench-key", "bench-secret", dwolla.WithBaseURL(t.baseURL), facade.WithHTTPClient(t.client))
		if err != nil {
			tb.Fatal(err)
		}
		return func(ctx context.Context) error {
			tok, err := c.CreateClientToken(ctx, "customer.update", dwollaCustomerURL)
			if err != nil {
				return err
			}
			return expect("client token", tok, dwollaToken)
		}
	}})
}
