package main

import (
	"context"
	"io"

	"github.com/clientkit/clientkit/facade"
)

func init() {
	register("dwolla", "Dwolla: create a client token for a drop-in component", runDwolla)
}

// dwollaSubcommands are the commands under `clientkit dwolla`.
var dwollaSubcommands = []subcommand{
	{name: "create-client-token", summary: "create a token that lets a drop-in component act for one customer", run: runDwollaCreateClientToken},
}

func runDwolla(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return dispatch(ctx, "dwolla", dwollaSubcommands, args, stdout, stderr)
}

// dwollaFlagOf names the flag behind each field the facade checks.
var dwollaFlagOf = map[string]string{
	"action":          "action",
	"customer URL":    "customer",
	"idempotency key": "idempotency-key",
}

func runDwollaCreateClientToken(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("dwolla create-client-token",
		"Fetches an application token with the client credentials, creates a client token\n"+
			"(upstream createClientToken) and prints {token} as JSON.")
	baseURL := fs.String("base-url", "", "Dwolla API base URL (default https://api.dwolla.com, or https://api-sandbox.dwolla.com with --sandbox)")
	sandbox := fs.Bool("sandbox", false, "use Dwolla's sandbox")
	clientID := fs.String("client-id", "", "application key (default $DWOLLA_CLIENT_ID)")
	clientSecret := fs.String("client-secret", "", "application secret (default $DWOLLA_CLIENT_SECRET)")
	action := fs.String("action", "", "what the component may do, such as customer.update (required)")
	customer := fs.String("customer", "", "the customer's URL, such as https://api.dwolla.com/customers/{id} (required)")
	idempotencyKey := fs.String("idempotency-key", "", "Idempotency-Key of the request (default: a fresh UUID)")
	verbose := verboseFlag(fs)
	if err := parseCommandFlags(fs, args, stdout); err != nil {
		return err
	}

	if *baseURL != "" && *sandbox {
		return &usageError{msg: "--base-url and --sandbox exclude each other"}
	}
	id, err := requireSetting(*clientID, "client-id", "DWOLLA_CLIENT_ID")
	if err != nil {
		return err
	}
	secret, err := requireSetting(*clientSecret, "client-secret", "DWOLLA_CLIENT_SECRET")
	if err != nil {
		return err
	}
	opts := append(clientOptions(*verbose, stderr), facade.WithClientCredentials(id, secret))
	switch {
	case *sandbox:
		opts = append(opts, facade.WithSandbox())
	case *baseURL != "":
		opts = append(opts, facade.WithBaseURL(*baseURL))
	}
	client, err := facade.NewDwolla(opts...)
	if err != nil {
		return clientSetupError(*baseURL, err)
	}
	token, err := client.CreateClientToken(ctx, *action, *customer, facade.IdempotencyKey(*idempotencyKey)) // "": a fresh key
	if err != nil {
		return callError(err, dwollaFlagOf)
	}
	return writeJSON(stdout, struct {
		Token string `json:"token"`
	}{token})
}
