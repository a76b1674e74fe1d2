package mollie

import mollieapi "github.com/clientkit/clientkit/gen/mollie"

// validLinkRequest is a client-link body with every required field.
func validLinkRequest() ClientLinkRequest {
	city := "Amsterdam"
	return ClientLinkRequest{
		Owner:   mollieapi.ClientLinkOwner{Email: "jan@example.org", GivenName: "Jan", FamilyName: "Jansen"},
		Name:    "Jansen Bikes B.V.",
		Address: mollieapi.ClientLinkAddress{Country: "NL", City: &city},
	}
}
