package formance

import (
	"context"
	"net/http"

	"github.com/clientkit/clientkit/facade"
	formanceapi "github.com/clientkit/clientkit/gen/formance"
)

// CreateSecret adds a secret to client clientID; options.Name is required. The result's Clear field holds the secret's value, which the stack never shows
// again; the Secret type keeps it out of formatted and logged output.
//
// Formance API: createSecret, POST /api/auth/clients/{clientId}/secrets (https://docs.formance.com/api-reference).
func (s *Stack) CreateSecret(ctx context.Context, clientID string, options SecretOptions, opts ...facade.CallOption) (*Secret, error) {
	if err := requireIDs(opCreateSecret, "clientID", clientID); err != nil {
		return nil, err
	}
	if options.Name == "" {
		return nil, inputError(opCreateSecret, "name", "is required")
	}
	var out formanceapi.CreateSecretResponse
	err := s.call(ctx, opCreateSecret, opts, &out, func(ctx context.Context) (*http.Request, error) {
		return formanceapi.NewCreateSecretRequestWithContext(ctx, s.stackURL, clientID, options)
	})
	if err != nil {
		return nil, err
	}
	if out.Data == nil {
		return nil, noData(opCreateSecret)
	}
	return newSecret(*out.Data), nil
}

// DeleteSecret removes secret secretID from client clientID. A
// retry that finds the secret already gone counts as success.
//
// Formance API: deleteSecret, DELETE /api/auth/clients/{clientId}/secrets/{secretId} (https://docs.formance.com/api-reference).
func (s *Stack) DeleteSecret(ctx context.Context, clientID, secretID string, opts ...facade.CallOption) error {
	if err := requireIDs(opDeleteSecret, "clientID", clientID, "secretID", secretID); err != nil {
		return err
	}
	return deleted(s.call(ctx, opDeleteSecret, opts, nil, func(ctx context.Context) (*http.Request, error) {
		return formanceapi.NewDeleteSecretRequestWithContext(ctx, s.stackURL, clientID, secretID)
	}))
}
