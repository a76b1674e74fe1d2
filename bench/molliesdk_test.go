package bench

import (
	"context"
	"fmt"
	"net/url"
	"testing"

	"github.com/VictorAvelar/mollie-api-go/v4/mollie"
)

// mollie-api-go v4.16.0 with an organization access token and its idempotency keys on, as the
// facade sends one too.

func init() {
	mollieCreateLink = append(mollieCreateLink, contender{"mollie-api-go", func(tb testing.TB, t target) call {
		c, err := mollie.NewClient(t.client, mollie.NewOrgConfig(true))
		if err != nil {
			tb.Fatal(err)
		}
		if err := c.WithAuthenticationValue(mollieAccessKey); err != nil {
			tb.Fatal(err)
		}
		if c.BaseURL, err = url.Parse(t.baseURL + "/"); err != nil {
			tb.Fatal(err)
		}
		return func(ctx context.Context) error {
			_, link, err := c.ClientLinks.Create(ctx, mollie.CreateClientLink{
				Owner:   mollie.Owner{Email: "norris@example.org", GivenName: "Chuck", FamilyName: "Norris"},
				Name:    "Mollie B.V.",
				Address: &mollie.Address{Country: "NL"},
			})
			if err != nil {
				return err
			}
			if link == nil {
				return fmt.Errorf("create client link: no link in the answer")
			}
			return expect("client link id", link.ID, mollieLinkID)
		}
	}})
}
