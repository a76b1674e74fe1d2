package formance_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http/httptest"

	"github.com/clientkit/clientkit/facade"
	"github.com/clientkit/clientkit/facade/formance"
	"github.com/clientkit/clientkit/fakeapi"
)

// Create a client and a secret for it; the secret's value is shown once and never printed.
func Example() {
	h, err := fakeapi.NewHandler()
	if err != nil {
		log.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()

	stack, err := formance.New(srv.URL, formance.BearerToken(h.Credentials().FormanceToken))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	client, err := stack.CreateClient(ctx, formance.ClientOptions{Name: "payouts-worker"})
	if err != nil {
		log.Fatal(err)
	}
	secret, err := stack.CreateSecret(ctx, client.ID, formance.SecretOptions{Name: "prod"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(client.Name)
	fmt.Println(secret.Name, secret.Clear() != "", fmt.Sprint(secret) == secret.String())

	_, err = stack.GetClient(ctx, "no-such-client")
	fmt.Println(errors.Is(err, facade.ErrNotFound))
	// Output:
	// payouts-worker
	// prod true true
	// true
}
