package bench

import (
	"fmt"

	"github.com/clientkit/clientkit/gen/dwolla"
	"github.com/clientkit/clientkit/gen/formance"
	"github.com/clientkit/clientkit/gen/mollie"
)

// What the checks expect back from the canned answers.
const (
	formanceClientName = "billing-worker"
	mollieLinkID       = "cl_vZCnNQsV2UtfXxYifWKWH"
	dwollaToken        = "4adF858jPeQ9RnojMHdqSD2KwsvmhO7Ti7cI5woOiBGCpH5krY"
	dwollaCustomerURL  = "https://api-sandbox.dwolla.com/customers/07d59716-ef22-4fe6-98e8-f3190233dfb8"
)

// The request bodies every contender sends, built per call as a caller would.

func newFormanceClientOptions() formanceapi.ClientOptions {
	return formanceapi.ClientOptions{
		Name:         formanceClientName,
		RedirectUris: []string{"https://billing.example.com/callback"},
	}
}

func newMollieClientLink() mollieapi.ClientLinkRequest {
	return mollieapi.ClientLinkRequest{
		Owner:   mollieapi.ClientLinkOwner{Email: "norris@example.org", GivenName: "Chuck", FamilyName: "Norris"},
		Name:    "Mollie B.V.",
		Address: mollieapi.ClientLinkAddress{Country: "NL"},
	}
}

func newDwollaClientToken() dwollaapi.ClientTokenRequest {
	return dwollaapi.ClientTokenRequest{
		Action: "customer.update",
		Links:  dwollaapi.ClientTokenLinks{Customer: dwollaapi.CustomerLink{Href: dwollaCustomerURL}},
	}
}

// checkFormanceClient checks a decoded Formance client against the canned one.
func checkFormanceClient(c *formanceapi.Client) error {
	if c == nil {
		return fmt.Errorf("no client in the answer")
	}
	if err := expect("client id", c.ID, formanceClientID); err != nil {
		return err
	}
	return expect("client name", c.Name, formanceClientName)
}
