package dwolla_test

import (
	"context"
	"fmt"
	"log"
	"net/http/httptest"

	"github.com/clientkit/clientkit/facade/dwolla"
	"github.com/clientkit/clientkit/fakeapi"
)

// A client token for a drop-in component; the application token behind it is fetched once and
// cached.
func ExampleClient_CreateClientToken() {
	h, err := fakeapi.NewHandler()
	if err != nil {
		log.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	creds := h.Credentials()

	d, err := dwolla.New(creds.DwollaClientID, creds.DwollaClientSecret, dwolla.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	token, err := d.CreateClientToken(context.Background(), "customer.update",
		"https://api-sandbox.dwolla.com/customers/707177c3-bf15-4e7e-b37c-55c3898d9bf4")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(token != "")
	// Output:
	// true
}
