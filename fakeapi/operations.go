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
	// only, when set, is the one Formance generation that has the operation; the other answers
	// 404 as if the path did not exist.
	only   FormanceGeneration
	handle func(h *Handler, c *call) reply
}

// Operation ids, for faults (Handler.Inject) and the request log. Those of spec operations are the
// specs' operationIds; the consent page and Formance's token endpoint are outside the specs.
const (
	OpCreateClientLink             = "create-client-link"           // Mollie POST /v2/client-links
	OpCreateOAuthToken             = "create-oauth-token"           // Mollie POST /oauth2/tokens
	OpRevokeOAuthToken             = "revoke-oauth-token"           // Mollie DELETE /oauth2/tokens
	OpClientLinkConsent            = "client-link-consent"          // Mollie's consent page behind a client link
	OpMollieAuthorize              = "mollie-authorize"             // Mollie GET /oauth2/authorize (outside the spec)
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
	OpDeleteScopeFromClient        = "deleteScopeFromClient"        // Formance DELETE /api/auth/clients/{clientId}/scopes/{scopeId}, 2023
	OpListScopes                   = "listScopes"                   // Formance GET /api/auth/scopes, 2023
	OpCreateScope                  = "createScope"                  // Formance POST /api/auth/scopes, 2023
	OpReadScope                    = "readScope"                    // Formance GET /api/auth/scopes/{scopeId}, 2023
	OpUpdateScope                  = "updateScope"                  // Formance PUT /api/auth/scopes/{scopeId}, 2023
	OpDeleteScope                  = "deleteScope"                  // Formance DELETE /api/auth/scopes/{scopeId}, 2023
	OpGetServerInfo                = "getServerInfo"                // Formance GET /api/auth/_info
	OpFormanceOAuthToken           = "formanceOAuthToken"           // Formance POST /api/auth/oauth/token
)

// operations maps every operation id the fake serves to its endpoint; the ids are the specs'.
var operations = map[string]*operation{}

func init() {
	for _, op := range []*operation{
		{id: OpCreateClientLink, style: styleMollie, idempotent: true, handle: (*Handler).createClientLink},
		{id: OpCreateOAuthToken, style: styleOAuth, handle: (*Handler).createMollieToken},
		{id: OpRevokeOAuthToken, style: styleOAuth, handle: (*Handler).revokeMollieToken},
		{id: OpClientLinkConsent, style: styleMollie, handle: (*Handler).clientLinkConsent},
		{id: OpMollieAuthorize, style: styleMollie, handle: (*Handler).mollieAuthorize},
		{id: OpCreateApplicationAccessToken, style: styleOAuth, handle: (*Handler).createDwollaToken},
		{id: OpCreateClientToken, style: styleDwolla, idempotent: true, handle: (*Handler).createClientToken},
		{id: OpListClients, style: styleFormance, handle: (*Handler).listClients},
		{id: OpCreateClient, style: styleFormance, handle: (*Handler).createClient},
		{id: OpReadClient, style: styleFormance, handle: (*Handler).readClient},
		{id: OpUpdateClient, style: styleFormance, handle: (*Handler).updateClient},
		{id: OpDeleteClient, style: styleFormance, handle: (*Handler).deleteClient},
		{id: OpCreateSecret, style: styleFormance, handle: (*Handler).createSecret},
		{id: OpDeleteSecret, style: styleFormance, handle: (*Handler).deleteSecret},
		{id: OpAddScopeToClient, style: styleFormance, only: FormanceSeed2023, handle: (*Handler).addScopeToClient},
		{id: OpDeleteScopeFromClient, style: styleFormance, only: FormanceSeed2023, handle: (*Handler).deleteScopeFromClient},
		{id: OpListScopes, style: styleFormance, only: FormanceSeed2023, handle: (*Handler).listScopes},
		{id: OpCreateScope, style: styleFormance, only: FormanceSeed2023, handle: (*Handler).createScope},
		{id: OpReadScope, style: styleFormance, only: FormanceSeed2023, handle: (*Handler).readScope},
		{id: OpUpdateScope, style: styleFormance, only: FormanceSeed2023, handle: (*Handler).updateScope},
		{id: OpDeleteScope, style: styleFormance, only: FormanceSeed2023, handle: (*Handler).deleteScope},
		{id: OpGetServerInfo, style: styleFormance, handle: (*Handler).getServerInfo},
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
	case r.URL.Path == mollieAuthorizePath:
		return operations[OpMollieAuthorize]
	case r.URL.Path == formanceTokenPath:
		return operations[OpFormanceOAuthToken]
	}
	return nil
}
