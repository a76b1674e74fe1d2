package main

import (
	"context"
	"io"

	"github.com/clientkit/clientkit/facade"
	"github.com/clientkit/clientkit/facade/dwolla"
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
	"action":             "action",
	"customer URL":       "customer",
	"idempotency key":    "idempotency-key",
	"dwolla.WithBaseURL": "base-url",
}

func runDwollaCreateClientToken(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newCommandFlags("dwolla create-client-token",
		"Fetches an application token with the client credentials, creates a client token\n"+
			"(upstream createClientToken) and prints {token} as JSON.")
	baseURL := fs.urlFlag("base-url", "", "Dwolla API base `URL` (default "+dwolla.ProductionURL+", or "+dwolla.SandboxURL+" with --sandbox)")
	sandbox := fs.Bool("sandbox", false, "use Dwolla's sandbox")
	clientID := fs.String("client-id", "", "application key (default $DWOLLA_CLIENT_ID; required)")
	clientSecret := fs.String("client-secret", "", "application secret (default $DWOLLA_CLIENT_SECRET; required)")
	fs.env("client-id", "DWOLLA_CLIENT_ID")
	fs.env("client-secret", "DWOLLA_CLIENT_SECRET")
	action := fs.String("action", "", "what the component may do, such as customer.update (required)")
	customer := fs.urlFlag("customer", "", "the customer's `URL`, such as "+dwolla.ProductionURL+"/customers/{id} (required)")
	idempotencyKey := fs.String("idempotency-key", "", "Idempotency-Key of the request (default: a fresh UUID)")
	verbose := fs.verbose()
	fs.require("client-id", "client-secret", "action", "customer")
	if err := fs.parse(args, stdout); err != nil {
		return err
	}

	var opts []dwolla.Option
	switch {
	case baseURL.raw != "" && *sandbox:
		return &usageError{msg: "--base-url and --sandbox exclude each other"}
	case *sandbox:
		opts = append(opts, dwolla.WithSandbox())
	case baseURL.raw != "":
		opts = append(opts, dwolla.WithBaseURL(baseURL.raw))
	}
	client, err := dwolla.New(*clientID, *clientSecret, withShared(*verbose, stderr, opts...)...)
	if err != nil {
		return fs.callError(err, dwollaFlagOf)
	}
	token, err := client.CreateClientToken(ctx, *action, customer.raw, facade.IdempotencyKey(*idempotencyKey)) // "": a fresh key
	if err != nil {
		return fs.callError(err, dwollaFlagOf)
	}
	return writeJSON(stdout, struct {
		Token string `json:"token"`
	}{token})
}
