package formance

import (
	"context"
	"net/http"

	"github.com/clientkit/clientkit/facade"
	formanceapi "github.com/clientkit/clientkit/gen/formance"
)

// AddScope grants scope scopeID to client clientID.
//
// Formance API: addScopeToClient, PUT /api/auth/clients/{clientId}/scopes/{scopeId} (https://docs.formance.com/api-reference).
func (s *Stack) AddScope(ctx context.Context, clientID, scopeID string, opts ...facade.CallOption) error {
	if err := requireIDs(opAddScopeToClient, "clientID", clientID, "scopeID", scopeID); err != nil {
		return err
	}
	return s.call(ctx, opAddScopeToClient, opts, nil, func(ctx context.Context) (*http.Request, error) {
		return formanceapi.NewAddScopeToClientRequestWithContext(ctx, s.stackURL, clientID, scopeID)
	})
}

// RemoveScope takes scope scopeID away from client clientID. A retry that finds the scope already gone counts as success.
//
// Formance API: deleteScopeFromClient, DELETE /api/auth/clients/{clientId}/scopes/{scopeId} (https://docs.formance.com/api-reference).
func (s *Stack) RemoveScope(ctx context.Context, clientID, scopeID string, opts ...facade.CallOption) error {
	if err := requireIDs(opDeleteScopeFromClient, "clientID", clientID, "scopeID", scopeID); err != nil {
		return err
	}
	return deleted(s.call(ctx, opDeleteScopeFromClient, opts, nil, func(ctx context.Context) (*http.Request, error) {
		return formanceapi.NewDeleteScopeFromClientRequestWithContext(ctx, s.stackURL, clientID, scopeID)
	}))
}
