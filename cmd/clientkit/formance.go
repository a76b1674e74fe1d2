package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/clientkit/clientkit/facade/formance"
	formanceapi "github.com/clientkit/clientkit/gen/formance"
)

func init() {
	register("formance", "Formance Auth: manage a stack's OAuth clients, their secrets and scopes", runFormance)
}

// formanceAction is a Formance command's work, bound to its parsed flags. It returns the value to
// print as JSON, or nil to print nothing.
type formanceAction func(ctx context.Context, s *formance.Stack) (any, error)

// formanceCommand describes one `clientkit formance clients` command: flags adds the command's
// own flags and returns the action that reads them once they are parsed.
type formanceCommand struct {
	name    string
	summary string
	flags   func(fs *commandFlags) formanceAction
}

// formanceCommands are the commands under `clientkit formance clients`. Deletes, add-scope and
// remove-scope print nothing: exit status 0 says they succeeded.
var formanceCommands = []formanceCommand{
	{"list", "list the stack's clients", func(*commandFlags) formanceAction {
		return func(ctx context.Context, s *formance.Stack) (any, error) {
			clients, err := s.ListClients(ctx)
			if clients == nil {
				clients = []formance.Client{} // print [] rather than null
			}
			return clients, err
		}
	}},
	{"get", "show one client", func(fs *commandFlags) formanceAction {
		id := targetClientFlag(fs)
		return func(ctx context.Context, s *formance.Stack) (any, error) { return s.GetClient(ctx, *id) }
	}},
	{"create", "create a client", func(fs *commandFlags) formanceAction {
		options := clientOptionFlags(fs)
		return func(ctx context.Context, s *formance.Stack) (any, error) { return s.CreateClient(ctx, options()) }
	}},
	{"update", "replace a client's options (give them all, not only the changed ones)", func(fs *commandFlags) formanceAction {
		id := targetClientFlag(fs)
		options := clientOptionFlags(fs)
		return func(ctx context.Context, s *formance.Stack) (any, error) { return s.UpdateClient(ctx, *id, options()) }
	}},
	{"delete", "delete a client; prints nothing", func(fs *commandFlags) formanceAction {
		id := targetClientFlag(fs)
		return func(ctx context.Context, s *formance.Stack) (any, error) { return nil, s.DeleteClient(ctx, *id) }
	}},
	{"add-scope", "grant a scope to a client; prints nothing", func(fs *commandFlags) formanceAction {
		id, scope := targetClientFlag(fs), scopeFlag(fs)
		return func(ctx context.Context, s *formance.Stack) (any, error) { return nil, s.AddScope(ctx, *id, *scope) }
	}},
	{"remove-scope", "take a scope away from a client; prints nothing", func(fs *commandFlags) formanceAction {
		id, scope := targetClientFlag(fs), scopeFlag(fs)
		return func(ctx context.Context, s *formance.Stack) (any, error) { return nil, s.RemoveScope(ctx, *id, *scope) }
	}},
	{"create-secret", "add a secret to a client and print it, clear value included (shown only this once)", func(fs *commandFlags) formanceAction {
		id := targetClientFlag(fs)
		name := fs.String("name", "", "secret name (required)")
		fs.require("name")
		metadata := metadataFlag(fs)
		return func(ctx context.Context, s *formance.Stack) (any, error) {
			secret, err := s.CreateSecret(ctx, *id, formance.SecretOptions{Name: *name, Metadata: metadata()})
			if err != nil {
				return nil, err
			}
			// The generated model, whose JSON holds the clear value: printing it is this command's job.
			return formanceapi.Secret{ID: secret.ID, Name: secret.Name, LastDigits: secret.LastDigits,
				Metadata: secret.Metadata, Clear: secret.Clear()}, nil
		}
	}},
	{"delete-secret", "remove a secret from a client; prints nothing", func(fs *commandFlags) formanceAction {
		id := targetClientFlag(fs)
		secretID := fs.String("secret-id", "", "id of the secret to remove (required)")
		fs.require("secret-id")
		return func(ctx context.Context, s *formance.Stack) (any, error) {
			return nil, s.DeleteSecret(ctx, *id, *secretID)
		}
	}},
}

// formanceFlagOf names the flag behind each argument the facade checks.
var formanceFlagOf = map[string]string{
	"clientID":              "client",
	"scope":                 "scope",
	"secretID":              "secret-id",
	"name":                  "name",
	"formance.New stackURL": "base-url",
}

func runFormance(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	clients := make([]subcommand, len(formanceCommands))
	for i, fc := range formanceCommands {
		clients[i] = subcommand{name: fc.name, summary: fc.summary, run: fc.run}
	}
	subs := []subcommand{{name: "clients", summary: "manage OAuth clients: " + subNames(clients), subs: clients}}
	return dispatch(ctx, "formance", subs, args, stdout, stderr)
}

// formanceAbout is the part of every Formance command's help that explains the credentials.
const formanceAbout = "Authenticates with --token (a bearer token the stack issued), or with --auth-client-id and\n" +
	"--auth-client-secret: the credentials of the OAuth client the CLI acts as, for the\n" +
	"client-credentials grant. The client a command acts on is --client."

// run parses the connection flags and the command's own, then calls the stack and prints the
// result as JSON.
func (fc formanceCommand) run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newCommandFlags("formance clients "+fc.name, "Formance Auth: "+fc.summary+".\n"+formanceAbout)
	baseURL := fs.urlFlag("base-url", "", "the stack's `URL`, such as https://org-stack.sandbox.formance.cloud (default $FORMANCE_BASE_URL; required)")
	token := fs.String("token", "", "bearer token issued by the stack (default $FORMANCE_TOKEN)")
	authID := fs.String("auth-client-id", "", "credentials: id of the OAuth client to authenticate as (default $FORMANCE_CLIENT_ID)")
	authSecret := fs.String("auth-client-secret", "", "credentials: that client's secret (default $FORMANCE_CLIENT_SECRET)")
	fs.env("base-url", "FORMANCE_BASE_URL")
	fs.env("token", "FORMANCE_TOKEN")
	fs.env("auth-client-id", "FORMANCE_CLIENT_ID")
	fs.env("auth-client-secret", "FORMANCE_CLIENT_SECRET")
	fs.require("base-url")
	fs.requireCustom(func() string { return missingFormanceCredentials(fs) })
	generation := fs.String("generation", "detect", "the stack's Auth API generation: today, 2023 (Formance v1 stacks, scope records) or detect (ask the stack)")
	verbose := fs.verbose()
	action := fc.flags(fs)
	if err := fs.parse(args, stdout); err != nil {
		return withRenamedFlagHint(err)
	}

	var creds formance.Credentials
	switch {
	case *token != "" && (*authID != "" || *authSecret != ""):
		return &usageError{msg: "give --token or --auth-client-id with --auth-client-secret, not both (the environment counts: FORMANCE_TOKEN, FORMANCE_CLIENT_ID, FORMANCE_CLIENT_SECRET)"}
	case *token != "":
		creds = formance.BearerToken(*token)
	default:
		creds = formance.ClientCredentials(*authID, *authSecret)
	}
	g, ok := formanceGenerations[*generation]
	if !ok {
		return &usageError{msg: fmt.Sprintf("--generation %q is not one of detect, today, 2023", *generation)}
	}
	stack, err := formance.New(baseURL.raw, creds, append(withShared[formance.Option](*verbose, stderr), formance.WithGeneration(g))...)
	if err != nil {
		return fs.callError(err, formanceFlagOf)
	}
	result, err := action(ctx, stack)
	if err != nil {
		return fs.callError(err, formanceFlagOf)
	}
	if result == nil {
		return nil
	}
	return writeJSON(stdout, result)
}

// formanceGenerations are the values of --generation.
var formanceGenerations = map[string]formance.Generation{"detect": formance.Detect, "today": formance.Today, "2023": formance.Seed2023}

// missingFormanceCredentials says which credentials are missing: a token, or a client id and
// secret; "" when there are enough (giving both kinds is refused later, naming them).
func missingFormanceCredentials(fs *commandFlags) string {
	token, id, secret := fs.given("token"), fs.given("auth-client-id"), fs.given("auth-client-secret")
	switch {
	case token || (id && secret):
		return ""
	case id:
		return fs.describe("auth-client-secret")
	case secret:
		return fs.describe("auth-client-id")
	}
	return "--token (or FORMANCE_TOKEN) or --auth-client-id and --auth-client-secret (or FORMANCE_CLIENT_ID and FORMANCE_CLIENT_SECRET)"
}

// renamedFormanceFlags are flags of earlier versions, whose names mixed up the credentials and
// the client acted on, with what replaced them.
var renamedFormanceFlags = map[string]string{
	"id":            "--client (the client to act on)",
	"client-id":     "--auth-client-id (credentials) or --client (the client to act on)",
	"client-secret": "--auth-client-secret",
}

// withRenamedFlagHint adds the new name to the error of a flag that was renamed.
func withRenamedFlagHint(err error) error {
	var usage *usageError
	if !errors.As(err, &usage) {
		return err
	}
	_, name, ok := strings.Cut(usage.msg, "flag provided but not defined: -")
	if hint, renamed := renamedFormanceFlags[name]; ok && renamed {
		return &usageError{msg: usage.msg + "; it is now " + hint}
	}
	return err
}

// targetClientFlag adds --client, the id of the client the command acts on.
func targetClientFlag(fs *commandFlags) *string {
	id := fs.String("client", "", "id of the client to act on (required)")
	fs.require("client")
	return id
}

// scopeFlag adds --scope, the scope to grant or take away.
func scopeFlag(fs *commandFlags) *string {
	scope := fs.String("scope", "", "scope label, such as ledger:read (required)")
	fs.require("scope")
	return scope
}

// metadataFlag adds the repeatable --metadata key=value and returns its value as the model, nil
// when none was given.
func metadataFlag(fs *commandFlags) func() *formance.Metadata {
	pairs := keyValues{}
	fs.Var(pairs, "metadata", "metadata entry key=value; repeatable")
	return func() *formance.Metadata {
		if len(pairs) == 0 {
			return nil
		}
		m := make(formance.Metadata, len(pairs))
		for k, v := range pairs {
			m[k] = v
		}
		return &m
	}
}

// clientOptionFlags adds the flags of a client's options and returns them as the model.
func clientOptionFlags(fs *commandFlags) func() formance.ClientOptions {
	name := fs.String("name", "", "client name (required)")
	fs.require("name")
	description := fs.String("description", "", "client description")
	var redirectURIs, logoutURIs stringList
	fs.Var(&redirectURIs, "redirect-uri", "redirect URI; repeatable")
	fs.Var(&logoutURIs, "post-logout-redirect-uri", "post-logout redirect URI; repeatable")
	var public, trusted optionalBool
	fs.Var(&public, "public", "a public client (no secret, such as a browser app)")
	fs.Var(&trusted, "trusted", "a trusted client (skips the consent screen)")
	metadata := metadataFlag(fs)
	var scopes stringList
	fs.Var(&scopes, "scope", "scope label the client may ask for, such as ledger:read; repeatable")
	return func() formance.ClientOptions {
		return formance.ClientOptions{
			Scopes:                 scopes,
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
