package facade_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/clientkit/clientkit/facade"
	"github.com/clientkit/clientkit/gen/formance"
	"github.com/clientkit/clientkit/gen/mollie"
)

// exampleServer stands in for a provider so the examples run offline.
func exampleServer(routes map[string]string) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := routes[r.Method+" "+r.URL.Path]
		if !ok {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusNotFound)
			_, _ = io.WriteString(w, `{"errorCode":"NOT_FOUND","errorMessage":"no such client"}`)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		if r.Method == http.MethodPost && r.URL.Path == "/v2/client-links" {
			w.WriteHeader(http.StatusCreated)
		}
		_, _ = io.WriteString(w, body)
	}))
}

func ExampleMollie_CreateClientLink() {
	srv := exampleServer(map[string]string{
		"POST /v2/client-links": `{"resource":"client-link","id":"cl_vZCnNQsV2UtfXxYifWKWH",
			"_links":{"clientLink":{"href":"https://my.mollie.com/dashboard/client-link/finalize/cl_vZCnNQsV2UtfXxYifWKWH","type":"text/html"}}}`,
	})
	defer srv.Close()

	m, err := facade.NewMollie(facade.WithAccessToken("access_example"), facade.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	link, err := m.CreateClientLink(context.Background(), mollieapi.ClientLinkRequest{
		Owner:   mollieapi.ClientLinkOwner{Email: "jan@example.org", GivenName: "Jan", FamilyName: "Jansen"},
		Name:    "Jansen Bikes B.V.",
		Address: mollieapi.ClientLinkAddress{Country: "NL"},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(link.ID)
	fmt.Println(link.Href)
	// Output:
	// cl_vZCnNQsV2UtfXxYifWKWH
	// https://my.mollie.com/dashboard/client-link/finalize/cl_vZCnNQsV2UtfXxYifWKWH
}

func ExampleDwolla_CreateClientToken() {
	srv := exampleServer(map[string]string{
		"POST /token":         `{"access_token":"app-token","token_type":"Bearer","expires_in":3600}`,
		"POST /client-tokens": `{"token":"4adF858jPeQ9RnojMHdqSD2KwsvmhO7Ti7cI5woOiBGCpH5krY"}`,
	})
	defer srv.Close()

	d, err := facade.NewDwolla(facade.WithClientCredentials("key", "secret"), facade.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	token, err := d.CreateClientToken(context.Background(), "customer.update", srv.URL+"/customers/707177c3")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(token)
	// Output:
	// 4adF858jPeQ9RnojMHdqSD2KwsvmhO7Ti7cI5woOiBGCpH5krY
}

func ExampleFormance() {
	srv := exampleServer(map[string]string{
		"POST /api/auth/clients":             `{"data":{"id":"c-1","name":"backoffice"}}`,
		"POST /api/auth/clients/c-1/secrets": `{"data":{"id":"s-1","name":"deploy","lastDigits":"Qz9k","clear":"s3cr3t-Qz9k"}}`,
	})
	defer srv.Close()

	f, err := facade.NewFormance(srv.URL, facade.WithBearerToken("stack-token"))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	client, err := f.CreateClient(ctx, formanceapi.ClientOptions{Name: "backoffice"})
	if err != nil {
		log.Fatal(err)
	}
	secret, err := f.CreateSecret(ctx, client.ID, formanceapi.SecretOptions{Name: "deploy"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(client.ID)
	fmt.Println(secret)            // printing never shows the clear value…
	fmt.Println(len(secret.Clear)) // …which is one field away
	_, err = f.GetClient(ctx, "c-404")
	fmt.Println(errors.Is(err, facade.ErrNotFound), err)
	// Output:
	// c-1
	// facade.Secret{ID: s-1, Name: deploy, LastDigits: Qz9k, Clear: [redacted]}
	// 11
	// true formance readClient: HTTP 404: NOT_FOUND: no such client
}
