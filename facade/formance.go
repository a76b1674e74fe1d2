package facade

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/clientkit/clientkit/gen/formance"
)

// Formance operation names, as upstream calls them.
const (
	opListClients           = "listClients"
	opCreateClient          = "createClient"
	opReadClient            = "readClient"
	opUpdateClient          = "updateClient"
	opDeleteClient          = "deleteClient"
	opCreateSecret          = "createSecret"
	opDeleteSecret          = "deleteSecret"
	opAddScopeToClient      = "addScopeToClient"
	opDeleteScopeFromClient = "deleteScopeFromClient"
	opFormanceToken         = "oauthToken" // the stack's client-credentials token endpoint
)

// formanceTokenPath is where a stack issues client-credentials tokens.
const formanceTokenPath = "/api/auth/oauth/token"

// Formance manages the OAuth clients of a Formance stack, with their secrets and scopes. It is
// safe for concurrent use; formatting or logging it never shows the credentials.
type Formance struct {
	api      *formanceapi.APIClient
	stackURL string
	calls    caller
}

// NewFormance returns a client for the stack at stackURL (such as
// https://org-stack.sandbox.formance.cloud). It needs WithBearerToken or WithClientCredentials.
func NewFormance(stackURL string, opts ...Option) (*Formance, error) {
	u, err := parseServiceURL(stackURL)
	if err != nil {
		return nil, fmt.Errorf("facade: formance: stack URL %w", err)
	}
	cfg, err := newConfig(providerFormance, opts)
	if err != nil {
		return nil, err
	}
	base := cfg.baseTransport()
	var tokens tokenProvider
	switch {
	case cfg.bearerToken != "":
		tokens = staticToken{cfg.bearerToken}
	case cfg.clientID != "":
		tokens = clientCredentialsCache(cfg, base, joinURL(stackURL, formanceTokenPath), opFormanceToken)
	default:
		return nil, errors.New("facade: formance: no credentials: use WithBearerToken or WithClientCredentials")
	}
	auth := cfg.newAuth(base, u, tokens, anyUnauthorized)
	api, err := formanceapi.NewClient(stackURL, formanceapi.WithHTTPClient(cfg.apiClient(auth)),
		formanceapi.WithRequestEditorFn(cfg.userAgentEditor()), formanceapi.WithRequestEditorFn(auth.stamp))
	if err != nil {
		return nil, fmt.Errorf("facade: formance: %w", err)
	}
	return &Formance{api: api, stackURL: stackURL, calls: caller{provider: providerFormance, decode: decodeFormanceError}}, nil
}

// ListClients returns every client of the stack (upstream operation listClients).
func (s *Formance) ListClients(ctx context.Context, opts ...CallOption) ([]formanceapi.Client, error) {
	var out formanceapi.ListClientsResponse
	err := s.call(ctx, opListClients, opts, &out, func(ctx context.Context) (*http.Response, error) {
		return s.api.ListClients(ctx)
	})
	if err != nil {
		return nil, err
	}
	return out.Data, nil
}

// CreateClient creates a client; options.Name is required (upstream operation createClient).
func (s *Formance) CreateClient(ctx context.Context, options formanceapi.ClientOptions, opts ...CallOption) (*formanceapi.Client, error) {
	if options.Name == "" {
		return nil, &InputError{providerFormance, opCreateClient, "name", "is required"}
	}
	var out formanceapi.CreateClientResponse
	err := s.call(ctx, opCreateClient, opts, &out, func(ctx context.Context) (*http.Response, error) {
		return s.api.CreateClient(ctx, options)
	})
	return clientOf(opCreateClient, out.Data, err)
}

// GetClient returns the client with id clientID (upstream operation readClient).
func (s *Formance) GetClient(ctx context.Context, clientID string, opts ...CallOption) (*formanceapi.Client, error) {
	if err := requireIDs(opReadClient, "clientID", clientID); err != nil {
		return nil, err
	}
	var out formanceapi.ReadClientResponse
	err := s.call(ctx, opReadClient, opts, &out, func(ctx context.Context) (*http.Response, error) {
		return s.api.ReadClient(ctx, clientID)
	})
	return clientOf(opReadClient, out.Data, err)
}

// UpdateClient replaces the options of client clientID; options.Name is required (upstream
// operation updateClient).
func (s *Formance) UpdateClient(ctx context.Context, clientID string, options formanceapi.ClientOptions, opts ...CallOption) (*formanceapi.Client, error) {
	if err := requireIDs(opUpdateClient, "clientID", clientID); err != nil {
		return nil, err
	}
	if options.Name == "" {
		return nil, &InputError{providerFormance, opUpdateClient, "name", "is required"}
	}
	var out formanceapi.UpdateClientResponse
	err := s.call(ctx, opUpdateClient, opts, &out, func(ctx context.Context) (*http.Response, error) {
		return s.api.UpdateClient(ctx, clientID, options)
	})
	return clientOf(opUpdateClient, out.Data, err)
}

// DeleteClient deletes client clientID (upstream operation deleteClient). A retry that finds the
// client already gone counts as success.
func (s *Formance) DeleteClient(ctx context.Context, clientID string, opts ...CallOption) error {
	if err := requireIDs(opDeleteClient, "clientID", clientID); err != nil {
		return err
	}
	return deleted(s.call(ctx, opDeleteClient, opts, nil, func(ctx context.Context) (*http.Response, error) {
		return s.api.DeleteClient(ctx, clientID)
	}))
}

// CreateSecret adds a secret to client clientID; options.Name is required (upstream operation
// createSecret). The result's Clear field holds the secret's value, which the stack never shows
// again; the Secret type keeps it out of formatted and logged output.
func (s *Formance) CreateSecret(ctx context.Context, clientID string, options formanceapi.SecretOptions, opts ...CallOption) (*Secret, error) {
	if err := requireIDs(opCreateSecret, "clientID", clientID); err != nil {
		return nil, err
	}
	if options.Name == "" {
		return nil, &InputError{providerFormance, opCreateSecret, "name", "is required"}
	}
	var out formanceapi.CreateSecretResponse
	err := s.call(ctx, opCreateSecret, opts, &out, func(ctx context.Context) (*http.Response, error) {
		return s.api.CreateSecret(ctx, clientID, options)
	})
	if err != nil {
		return nil, err
	}
	if out.Data == nil {
		return nil, fmt.Errorf("%s %s: the answer has no data", providerFormance, opCreateSecret)
	}
	return &Secret{*out.Data}, nil
}

// DeleteSecret removes secret secretID from client clientID (upstream operation deleteSecret). A
// retry that finds the secret already gone counts as success.
func (s *Formance) DeleteSecret(ctx context.Context, clientID, secretID string, opts ...CallOption) error {
	if err := requireIDs(opDeleteSecret, "clientID", clientID, "secretID", secretID); err != nil {
		return err
	}
	return deleted(s.call(ctx, opDeleteSecret, opts, nil, func(ctx context.Context) (*http.Response, error) {
		return s.api.DeleteSecret(ctx, clientID, secretID)
	}))
}

// AddScope grants scope scopeID to client clientID (upstream operation addScopeToClient).
func (s *Formance) AddScope(ctx context.Context, clientID, scopeID string, opts ...CallOption) error {
	if err := requireIDs(opAddScopeToClient, "clientID", clientID, "scopeID", scopeID); err != nil {
		return err
	}
	return s.call(ctx, opAddScopeToClient, opts, nil, func(ctx context.Context) (*http.Response, error) {
		return s.api.AddScopeToClient(ctx, clientID, scopeID)
	})
}

// RemoveScope takes scope scopeID away from client clientID (upstream operation
// deleteScopeFromClient). A retry that finds the scope already gone counts as success.
func (s *Formance) RemoveScope(ctx context.Context, clientID, scopeID string, opts ...CallOption) error {
	if err := requireIDs(opDeleteScopeFromClient, "clientID", clientID, "scopeID", scopeID); err != nil {
		return err
	}
	return deleted(s.call(ctx, opDeleteScopeFromClient, opts, nil, func(ctx context.Context) (*http.Response, error) {
		return s.api.DeleteScopeFromClient(ctx, clientID, scopeID)
	}))
}

// call runs the call named op under opts. It refuses an idempotency key: Formance takes none, and
// dropping it silently would promise a safety the call does not have.
func (s *Formance) call(ctx context.Context, op string, opts []CallOption, out any, send func(context.Context) (*http.Response, error)) error {
	cc := applyCallOptions(opts)
	if cc.idempotencyKey != "" {
		return &InputError{providerFormance, op, "idempotency key", "is refused: Formance does not take idempotency keys"}
	}
	return s.calls.call(ctx, op, cc, out, send)
}

// deleted is the result of a delete call whose error is err. A delete is retried when its answer
// is lost; the retry then finds nothing to delete and gets 404. A 404 after more than one attempt
// therefore means an earlier attempt did the work, and the call succeeded. (It may also be a
// target that was never there, when the first attempt failed before the stack acted; a 404 at
// the first attempt is always kept.)
func deleted(err error) error {
	var apiErr *APIError
	if errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusNotFound && apiErr.Attempts > 1 {
		return nil
	}
	return err
}

// requireIDs refuses the first id that is empty or a dot segment; pairs alternate a field name
// and its value.
func requireIDs(op string, pairs ...string) error {
	for i := 0; i+1 < len(pairs); i += 2 {
		switch pairs[i+1] {
		case "":
			return &InputError{providerFormance, op, pairs[i], "is empty"}
		case ".", "..":
			// A path segment of dots names another path (a parent), not this resource.
			return &InputError{providerFormance, op, pairs[i], fmt.Sprintf("%q cannot be an id in a URL path", pairs[i+1])}
		}
	}
	return nil
}

// clientOf returns the client of an answer's data, refusing an answer without one.
func clientOf(op string, c *formanceapi.Client, err error) (*formanceapi.Client, error) {
	if err != nil {
		return nil, err
	}
	if c == nil {
		return nil, fmt.Errorf("%s %s: the answer has no data", providerFormance, op)
	}
	return c, nil
}

// String describes the client without its credentials.
func (s Formance) String() string { return "facade.Formance{StackURL: " + s.stackURL + "}" }

// Format prints String for every verb, so no credential reaches fmt's reflection.
func (s Formance) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(s.String())) }

// LogValue keeps credentials out of slog output.
func (s Formance) LogValue() slog.Value {
	return slog.GroupValue(slog.String("provider", providerFormance), slog.String("stack_url", s.stackURL))
}
