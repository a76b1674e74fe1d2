package main

import (
	"context"
	"flag"
	"io"

	"github.com/clientkit/clientkit/facade"
	"github.com/clientkit/clientkit/gen/formance"
)

func init() {
	register("formance", "Formance Auth: manage a stack's OAuth clients, their secrets and scopes", runFormance)
}

// formanceAction is a Formance command's work, bound to its parsed flags. It returns the value to
// print as JSON, or nil to print nothing.
type formanceAction func(ctx context.Context, c *facade.Formance) (any, error)

// formanceCommand describes one `clientkit formance clients` command: flags adds the command's
// own flags and returns the action that reads them once they are parsed.
type formanceCommand struct {
	name    string
	summary string
	flags   func(fs *flag.FlagSet) formanceAction
}

// formanceCommands are the commands under `clientkit formance clients`. Deletes, add-scope and
// remove-scope print nothing: exit status 0 says they succeeded.
var formanceCommands = []formanceCommand{
	{"list", "list the stack's clients", func(*flag.FlagSet) formanceAction {
		return func(ctx context.Context, c *facade.Formance) (any, error) {
			clients, err := c.ListClients(ctx)
			if clients == nil {
				clients = []formanceapi.Client{} // print [] rather than null
			}
			return clients, err
		}
	}},
	{"get", "show one client", func(fs *flag.FlagSet) formanceAction {
		id := clientIDFlag(fs)
		return func(ctx context.Context, c *facade.Formance) (any, error) { return c.GetClient(ctx, *id) }
	}},
	{"create", "create a client", func(fs *flag.FlagSet) formanceAction {
		options := clientOptionFlags(fs)
		return func(ctx context.Context, c *facade.Formance) (any, error) { return c.CreateClient(ctx, options()) }
	}},
	{"update", "replace a client's options (give them all, not only the changed ones)", func(fs *flag.FlagSet) formanceAction {
		id := clientIDFlag(fs)
		options := clientOptionFlags(fs)
		return func(ctx context.Context, c *facade.Formance) (any, error) { return c.UpdateClient(ctx, *id, options()) }
	}},
	{"delete", "delete a client; prints nothing", func(fs *flag.FlagSet) formanceAction {
		id := clientIDFlag(fs)
		return func(ctx context.Context, c *facade.Formance) (any, error) { return nil, c.DeleteClient(ctx, *id) }
	}},
	{"add-scope", "grant a scope to a client; prints nothing", func(fs *flag.FlagSet) formanceAction {
		id, scope := clientIDFlag(fs), scopeIDFlag(fs)
		return func(ctx context.Context, c *facade.Formance) (any, error) { return nil, c.AddScope(ctx, *id, *scope) }
	}},
	{"remove-scope", "take a scope away from a client; prints nothing", func(fs *flag.FlagSet) formanceAction {
		id, scope := clientIDFlag(fs), scopeIDFlag(fs)
		return func(ctx context.Context, c *facade.Formance) (any, error) {
			return nil, c.RemoveScope(ctx, *id, *scope)
		}
	}},
	{"create-secret", "add a secret to a client and print it, clear value included (shown only this once)", func(fs *flag.FlagSet) formanceAction {
		id := clientIDFlag(fs)
		name := fs.String("name", "", "secret name (required)")
		metadata := metadataFlag(fs)
		return func(ctx context.Context, c *facade.Formance) (any, error) {
			secret, err := c.CreateSecret(ctx, *id, formanceapi.SecretOptions{Name: *name, Metadata: metadata()})
			if err != nil {
				return nil, err
			}
			return secret.Secret, nil // the generated model, whose JSON holds the clear value
		}
	}},
	{"delete-secret", "remove a secret from a client; prints nothing", func(fs *flag.FlagSet) formanceAction {
		id := clientIDFlag(fs)
		secretID := fs.String("secret-id", "", "secret id (required)")
		return func(ctx context.Context, c *facade.Formance) (any, error) {
			return nil, c.DeleteSecret(ctx, *id, *secretID)
		}
	}},
}

// formanceFlagOf names the flag behind each argument the facade checks.
var formanceFlagOf = map[string]string{
	"clientID": "id",
	"scopeID":  "scope",
	"secretID": "secret-id",
	"name":     "name",
}

func runFormance(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	clients := make([]subcommand, len(formanceCommands))
	for i, fc := range formanceCommands {
		clients[i] = subcommand{name: fc.name, summary: fc.summary, run: fc.run}
	}
	subs := []subcommand{{name: "clients", summary: "manage OAuth clients: " + subNames(clients), subs: clients}}
	return dispatch(ctx, "formance", subs, args, stdout, stderr)
}

// run parses the connection flags and the command's own, then calls the stack and prints the
// result as JSON.
func (fc formanceCommand) run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("formance clients "+fc.name, "Formance Auth: "+fc.summary+".\n"+
		"Authenticates with --token, or with --client-id and --client-secret (client credentials).")
	baseURL := fs.String("base-url", "", "the stack's URL, such as https://org-stack.sandbox.formance.cloud (default $FORMANCE_BASE_URL; required)")
	token := fs.String("token", "", "bearer token issued by the stack (default $FORMANCE_TOKEN)")
	clientID := fs.String("client-id", "", "client id for the client-credentials grant (default $FORMANCE_CLIENT_ID)")
	clientSecret := fs.String("client-secret", "", "client secret for the client-credentials grant (default $FORMANCE_CLIENT_SECRET)")
	verbose := verboseFlag(fs)
	action := fc.flags(fs)
	if err := parseCommandFlags(fs, args, stdout); err != nil {
		return err
	}

	stack, err := requireSetting(*baseURL, "base-url", "FORMANCE_BASE_URL")
	if err != nil {
		return err
	}
	auth, err := formanceAuth(*token, *clientID, *clientSecret)
	if err != nil {
		return err
	}
	client, err := facade.NewFormance(stack, append(clientOptions(*verbose, stderr), auth)...)
	if err != nil {
		return clientSetupError(stack, err)
	}
	result, err := action(ctx, client)
	if err != nil {
		return callError(err, formanceFlagOf)
	}
	if result == nil {
		return nil
	}
	return writeJSON(stdout, result)
}

// formanceAuth picks the credentials from the flags or the environment: a bearer token, or a
// client id and secret, never both.
func formanceAuth(token, clientID, clientSecret string) (facade.Option, error) {
	token = setting(token, "FORMANCE_TOKEN")
	clientID = setting(clientID, "FORMANCE_CLIENT_ID")
	clientSecret = setting(clientSecret, "FORMANCE_CLIENT_SECRET")
	switch {
	case token != "" && (clientID != "" || clientSecret != ""):
		return nil, &usageError{msg: "give --token (or FORMANCE_TOKEN) or --client-id and --client-secret (or FORMANCE_CLIENT_ID and FORMANCE_CLIENT_SECRET), not both"}
	case token != "":
		return facade.WithBearerToken(token), nil
	case clientID == "" && clientSecret == "":
		return nil, &usageError{msg: "missing --token or FORMANCE_TOKEN, or --client-id and --client-secret (FORMANCE_CLIENT_ID and FORMANCE_CLIENT_SECRET)"}
	case clientID == "":
		return nil, &usageError{msg: "missing --client-id or FORMANCE_CLIENT_ID"}
	case clientSecret == "":
		return nil, &usageError{msg: "missing --client-secret or FORMANCE_CLIENT_SECRET"}
	}
	return facade.WithClientCredentials(clientID, clientSecret), nil
}

func clientIDFlag(fs *flag.FlagSet) *string {
	return fs.String("id", "", "client id (required)")
}

func scopeIDFlag(fs *flag.FlagSet) *string {
	return fs.String("scope", "", "scope id (required)")
}

// metadataFlag adds the repeatable --metadata key=value and returns its value as the generated
// model, nil when none was given.
func metadataFlag(fs *flag.FlagSet) func() *formanceapi.Metadata {
	pairs := keyValues{}
	fs.Var(pairs, "metadata", "metadata entry key=value; repeatable")
	return func() *formanceapi.Metadata {
		if len(pairs) == 0 {
			return nil
		}
		m := make(formanceapi.Metadata, len(pairs))
		for k, v := range pairs {
			m[k] = v
		}
		return &m
	}
}

// clientOptionFlags adds the flags of a client's options and returns them as the generated model.
func clientOptionFlags(fs *flag.FlagSet) func() formanceapi.ClientOptions {
	name := fs.String("name", "", "client name (required)")
	description := fs.String("description", "", "client description")
	var redirectURIs, logoutURIs stringList
	fs.Var(&redirectURIs, "redirect-uri", "redirect URI; repeatable")
	fs.Var(&logoutURIs, "post-logout-redirect-uri", "post-logout redirect URI; repeatable")
	var public, trusted optionalBool
	fs.Var(&public, "public", "a public client (no secret, such as a browser app)")
	fs.Var(&trusted, "trusted", "a trusted client (skips the consent screen)")
	metadata := metadataFlag(fs)
	return func() formanceapi.ClientOptions {
		return formanceapi.ClientOptions{
			Name:                   *name,
			Description:            optionalString(*description),
			RedirectUris:           redirectURIs,
			PostLogoutRedirectUris: logoutURIs,
			Public:                 public.ptr(),
			Trusted:                trusted.ptr(),
			Metadata:               metadata(),
		}
	}
}
