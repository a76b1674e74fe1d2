package formance

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/clientkit/clientkit/facade"
	"github.com/clientkit/clientkit/facade/internal/call"
	formanceapi "github.com/clientkit/clientkit/gen/formance"
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
	opGetServerInfo         = "getServerInfo"
	opListScopes            = "listScopes"
	opCreateScope           = "createScope"
	opOAuthToken            = "oauthToken" // the stack's client-credentials token endpoint
)

// ListClients returns every client of the stack, scopes as labels on either generation.
//
// Formance API: listClients, GET /api/auth/clients (https://docs.formance.com/api-reference).
func (s *Stack) ListClients(ctx context.Context, opts ...facade.CallOption) ([]Client, error) {
	g, err := s.Generation(ctx)
	if err != nil {
		return nil, err
	}
	var out formanceapi.ListClientsResponse
	err = s.call(ctx, opListClients, opts, &out, func(ctx context.Context) (*http.Request, error) {
		return formanceapi.NewListClientsRequestWithContext(ctx, s.stackURL)
	})
	if err != nil {
		return nil, err
	}
	if g == Seed2023 {
		clients := make([]*Client, len(out.Data))
		for i := range out.Data {
			clients[i] = &out.Data[i]
		}
		if err := s.scopeIndex(opts).labelScopes(ctx, clients...); err != nil {
			return nil, err
		}
	}
	return out.Data, nil
}

// CreateClient creates a client; options.Name is required. options.Scopes are scope labels on
// either generation (on a 2023 stack they are granted after the create, see AddScope).
//
// Formance API: createClient, POST /api/auth/clients (https://docs.formance.com/api-reference).
func (s *Stack) CreateClient(ctx context.Context, options ClientOptions, opts ...facade.CallOption) (*Client, error) {
	if options.Name == "" {
		return nil, inputError(opCreateClient, "name", "is required")
	}
	g, err := s.Generation(ctx)
	if err != nil {
		return nil, err
	}
	var out formanceapi.CreateClientResponse
	err = s.call(ctx, opCreateClient, opts, &out, func(ctx context.Context) (*http.Request, error) {
		return formanceapi.NewCreateClientRequestWithContext(ctx, s.stackURL, options)
	})
	c, err := clientOf(opCreateClient, out.Data, err)
	if err != nil {
		return nil, err
	}
	return s.afterWrite(ctx, g, c, options.Scopes, false, opts)
}

// afterWrite gives a client just written the scopes of its options on a 2023 stack, which
// ignores them in the body, and returns it as read afterwards; on today's stacks it returns c.
func (s *Stack) afterWrite(ctx context.Context, g Generation, c *Client, scopes []string, exact bool, opts []facade.CallOption) (*Client, error) {
	if g != Seed2023 {
		return c, nil
	}
	x := s.scopeIndex(opts) // listed once for the grants and the read after them
	if len(scopes) == 0 && !exact {
		return c, x.labelScopes(ctx, c)
	}
	if err := s.grantScopes2023(ctx, c.ID, scopes, exact, opts, x); err != nil {
		return nil, err
	}
	return s.getClient(ctx, c.ID, opts, x)
}

// GetClient returns the client with id clientID, scopes as labels on either generation.
//
// Formance API: readClient, GET /api/auth/clients/{clientId} (https://docs.formance.com/api-reference).
func (s *Stack) GetClient(ctx context.Context, clientID string, opts ...facade.CallOption) (*Client, error) {
	return s.getClient(ctx, clientID, opts, s.scopeIndex(opts))
}

// getClient is GetClient, labelling a 2023 stack's scopes with x.
func (s *Stack) getClient(ctx context.Context, clientID string, opts []facade.CallOption, x *scopeIndex) (*Client, error) {
	if err := requireIDs(opReadClient, "clientID", clientID); err != nil {
		return nil, err
	}
	g, err := s.Generation(ctx)
	if err != nil {
		return nil, err
	}
	var out formanceapi.ReadClientResponse
	err = s.call(ctx, opReadClient, opts, &out, func(ctx context.Context) (*http.Request, error) {
		return formanceapi.NewReadClientRequestWithContext(ctx, s.stackURL, clientID)
	})
	c, err := clientOf(opReadClient, out.Data, err)
	if err != nil {
		return nil, err
	}
	if g != Seed2023 {
		return c, nil
	}
	return c, x.labelScopes(ctx, c)
}

// UpdateClient replaces every option of client clientID (an option left empty is cleared);
// options.Name is required. On a 2023 stack the client's scope records are then made to match
// options.Scopes (see AddScope and RemoveScope).
//
// Formance API: updateClient, PUT /api/auth/clients/{clientId} (https://docs.formance.com/api-reference).
func (s *Stack) UpdateClient(ctx context.Context, clientID string, options ClientOptions, opts ...facade.CallOption) (*Client, error) {
	if err := requireIDs(opUpdateClient, "clientID", clientID); err != nil {
		return nil, err
	}
	if options.Name == "" {
		return nil, inputError(opUpdateClient, "name", "is required")
	}
	g, err := s.Generation(ctx)
	if err != nil {
		return nil, err
	}
	var out formanceapi.UpdateClientResponse
	err = s.call(ctx, opUpdateClient, opts, &out, func(ctx context.Context) (*http.Request, error) {
		return formanceapi.NewUpdateClientRequestWithContext(ctx, s.stackURL, clientID, options)
	})
	c, err := clientOf(opUpdateClient, out.Data, err)
	if err != nil {
		return nil, err
	}
	return s.afterWrite(ctx, g, c, options.Scopes, true, opts)
}

// DeleteClient deletes client clientID. A retry that finds the
// client already gone counts as success.
//
// Formance API: deleteClient, DELETE /api/auth/clients/{clientId} (https://docs.formance.com/api-reference).
func (s *Stack) DeleteClient(ctx context.Context, clientID string, opts ...facade.CallOption) error {
	if err := requireIDs(opDeleteClient, "clientID", clientID); err != nil {
		return err
	}
	return deleted(s.call(ctx, opDeleteClient, opts, nil, func(ctx context.Context) (*http.Request, error) {
		return formanceapi.NewDeleteClientRequestWithContext(ctx, s.stackURL, clientID)
	}))
}

// call runs the call named op under opts. Formance takes no idempotency key, so its methods take
// facade.CallOption, which cannot carry one.
func (s *Stack) call(ctx context.Context, op string, opts []facade.CallOption, out any, build call.Build) error {
	return s.calls.Do(ctx, op, facade.Calls(opts), out, build)
}

// inputError is the *InputError of a refused argument of the operation op.
func inputError(op, field, problem string) error {
	return &facade.InputError{Provider: provider, Operation: op, Field: field, Problem: problem}
}

// noData is the error of a 2xx answer without the data it should carry: the outcome is unknown.
func noData(op string) error {
	return &facade.RetryError{Provider: provider, Operation: op, Attempts: 1, Reason: "the answer could not be used", Err: errors.New("the answer has no data")}
}

// deleted is the result of a delete call whose error is err. A delete is retried when its answer
// is lost; the retry then finds nothing to delete and gets 404. A 404 after more than one attempt
// therefore means an earlier attempt did the work, and the call succeeded. (It may also be a
// target that was never there, when the first attempt failed before the stack acted; a 404 at
// the first attempt is always kept.)
func deleted(err error) error {
	var apiErr *facade.APIError
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
			return inputError(op, pairs[i], "is empty")
		case ".", "..":
			// A path segment of dots names another path (a parent), not this resource.
			return inputError(op, pairs[i], fmt.Sprintf("%q cannot be an id in a URL path", pairs[i+1]))
		}
	}
	return nil
}

// clientOf returns the client of an answer's data, refusing an answer without one.
func clientOf(op string, c *Client, err error) (*Client, error) {
	if err != nil {
		return nil, err
	}
	if c == nil {
		return nil, noData(op)
	}
	return c, nil
}
