package fakeapi

import (
	"maps"
	"net/http"
	"slices"
	"strings"
)

// operation is one endpoint of the fake. handle runs with Handler.mu held, after the request
// passed validation (for endpoints outside the specs, handle validates its own input).
type operation struct {
	id         string
	style      errorStyle
	idempotent bool // accepts Idempotency-Key
	handle     func(h *Handler, c *call) reply
}

// Operation ids, for faults (Handler.Inject) and the request log. Those of spec operations are the
// specs' operationIds; the consent page and Formance's token endpoint are outside the specs.
const (
	OpCreateClientLink             = "create-client-link"           // Mollie POST /v2/client-links
	OpCreateOAuthToken             = "create-oauth-token"           // Mollie POST /oauth2/tokens
	OpClientLinkConsent            = "client-link-consent"          // Mollie's consent page behind a client link
	OpCreateApplicationAccessToken = "createApplicationAccessToken" // Dwolla POST /token
	OpCreateClientToken            = "createClientToken"            // Dwolla POST /client-tokens
	OpListClients                  = "listClients"                  // Formance GET /api/auth/clients
	OpCreateClient                 = "createClient"                 // Formance POST /api/auth/clients
	OpReadClient                   = "readClient"                   // Formance GET /api/auth/clients/{clientId}
	OpUpdateClient                 = "updateClient"                 // Formance PUT /api/auth/clients/{clientId}
	OpDeleteClient                 = "deleteClient"                 // Formance DELETE /api/auth/clients/{clientId}
	OpCreateSecret                 = "createSecret"                 // Formance POST /api/auth/clients/{clientId}/secrets
	OpDeleteSecret                 = "deleteSecret"                 // Formance DELETE /api/auth/clients/{clientId}/secrets/{secretId}
	OpAddScopeToClient             = "addScopeToClient"             // Formance PUT /api/auth/clients/{clientId}/scopes/{scopeId}
	OpDeleteScopeFromClient        = "deleteScopeFromClient"        // Formance DELETE /api/auth/clients/{clientId}/scopes/{scopeId}
	OpFormanceOAuthToken           = "formanceOAuthToken"           // Formance POST /api/auth/oauth/token
)

// operations maps every operation id the fake serves to its endpoint; the ids are the specs'.
var operations = map[string]*operation{}

func init() {
	for _, op := range []*operation{
		{id: OpCreateClientLink, style: styleMollie, idempotent: true, handle: (*Handler).createClientLink},
		{id: OpCreateOAuthToken, style: styleOAuth, handle: (*Handler).createMollieToken},
		{id: OpClientLinkConsent, style: styleMollie, handle: (*Handler).clientLinkConsent},
		{id: OpCreateApplicationAccessToken, style: styleOAuth, handle: (*Handler).createDwollaToken},
		{id: OpCreateClientToken, style: styleDwolla, idempotent: true, handle: (*Handler).createClientToken},
		{id: OpListClients, style: styleFormance, handle: (*Handler).listClients},
		{id: OpCreateClient, style: styleFormance, handle: (*Handler).createClient},
		{id: OpReadClient, style: styleFormance, handle: (*Handler).readClient},
		{id: OpUpdateClient, style: styleFormance, handle: (*Handler).updateClient},
		{id: OpDeleteClient, style: styleFormance, handle: (*Handler).deleteClient},
		{id: OpCreateSecret, style: styleFormance, handle: (*Handler).createSecret},
		{id: OpDeleteSecret, style: styleFormance, handle: (*Handler).deleteSecret},
		{id: OpAddScopeToClient, style: styleFormance, handle: (*Handler).addScopeToClient},
		{id: OpDeleteScopeFromClient, style: styleFormance, handle: (*Handler).deleteScopeFromClient},
		{id: OpFormanceOAuthToken, style: styleOAuth, handle: (*Handler).createFormanceToken},
	} {
		operations[op.id] = op
	}
}

// OperationIDs lists the operations faults can be injected into.
func OperationIDs() []string {
	return slices.Sorted(maps.Keys(operations))
}

// outsideSpecs returns the endpoint for the paths the specs do not describe.
func outsideSpecs(r *http.Request) *operation {
	switch {
	case strings.HasPrefix(r.URL.Path, consentPathPrefix):
		return operations[OpClientLinkConsent]
	case r.URL.Path == formanceTokenPath:
		return operations[OpFormanceOAuthToken]
	}
	return nil
}
