package mollie_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http/httptest"
	"net/url"

	"github.com/clientkit/clientkit/facade"
	"github.com/clientkit/clientkit/facade/mollie"
	"github.com/clientkit/clientkit/fakeapi"
)

// startFake runs clientkit's fake Mollie so the examples run offline.
func startFake() (*httptest.Server, fakeapi.Credentials) {
	h, err := fakeapi.NewHandler()
	if err != nil {
		log.Fatal(err)
	}
	return httptest.NewServer(h), h.Credentials()
}

// Onboard an organization: create a client link, then send its owner to the authorize URL.
func ExampleClient_CreateClientLink() {
	srv, creds := startFake()
	defer srv.Close()

	m, err := mollie.New(mollie.AccessToken(creds.MollieAccessToken), mollie.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	link, err := m.CreateClientLink(context.Background(), mollie.ClientLinkRequest{
		Owner:   mollie.ClientLinkOwner{Email: "jan@example.org", GivenName: "Jan", FamilyName: "Jansen"},
		Name:    "Jansen Bikes B.V.",
		Address: mollie.ClientLinkAddress{Country: "NL"},
	}, facade.IdempotencyKey("onboard-jansen-bikes"))
	if err != nil {
		log.Fatal(err)
	}
	to, err := link.AuthorizeURL(mollie.AuthorizeParams{
		ClientID: creds.MollieClientID,
		State:    mollie.NewState(), // keep it in the customer's session
		Scopes:   []string{"onboarding.read", "onboarding.write"},
	})
	if err != nil {
		log.Fatal(err)
	}
	u, _ := url.Parse(to)
	fmt.Println(u.Query().Get("scope"))
	fmt.Println(link.ExpiresAt().Sub(link.CreatedAt))
	// Output:
	// onboarding.read onboarding.write
	// 720h0m0s
}

// Refused input is an *facade.InputError naming the field, before any request.
func ExampleClient_CreateClientLink_inputError() {
	m, err := mollie.New(mollie.AccessToken("access_example"))
	if err != nil {
		log.Fatal(err)
	}
	_, err = m.CreateClientLink(context.Background(), mollie.ClientLinkRequest{Name: "Jansen Bikes B.V."})
	var inErr *facade.InputError
	fmt.Println(errors.As(err, &inErr), inErr.Field, errors.Is(err, facade.ErrValidation))
	// Output:
	// true owner.email true
}

// The redirect URL's handler checks the state and reads the code, or the customer's refusal.
func ExampleParseCallback() {
	state := "state-kept-in-the-session"
	back, _ := url.ParseQuery("code=auth_code_example&state=" + state)
	code, err := mollie.ParseCallback(back, state)
	fmt.Println(code, err)

	declined, _ := url.ParseQuery("error=access_denied&error_description=The+customer+declined&state=" + state)
	_, err = mollie.ParseCallback(declined, state)
	var refusal *mollie.AuthorizeError
	fmt.Println(errors.As(err, &refusal), refusal.Code)
	// Output:
	// auth_code_example <nil>
	// true access_denied
}
