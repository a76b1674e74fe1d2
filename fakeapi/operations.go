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

// Operation ids of the endpoints that are not in the specs.
const (
	// OpClientLinkConsent is the consent page behind a Mollie client link.
	OpClientLinkConsent = "client-link-consent"
	// OpFormanceToken is the Formance stack's OAuth token endpoint.
	OpFormanceToken = "formanceOAuthToken"
)

// operations maps every operation id the fake serves to its endpoint; the ids are the specs'.
var operations = map[string]*operation{}

func init() {
	for _, op := range []*operation{
		{id: "create-client-link", style: styleMollie, idempotent: true, handle: (*Handler).createClientLink},
		{id: "create-oauth-token", style: styleOAuth, handle: (*Handler).createMollieToken},
		{id: OpClientLinkConsent, style: styleMollie, handle: (*Handler).clientLinkConsent},
		{id: "createApplicationAccessToken", style: styleOAuth, handle: (*Handler).createDwollaToken},
		{id: "createClientToken", style: styleDwolla, idempotent: true, handle: (*Handler).createClientToken},
		{id: "listClients", style: styleFormance, handle: (*Handler).listClients},
		{id: "createClient", style: styleFormance, handle: (*Handler).createClient},
		{id: "readClient", style: styleFormance, handle: (*Handler).readClient},
		{id: "updateClient", style: styleFormance, handle: (*Handler).updateClient},
		{id: "deleteClient", style: styleFormance, handle: (*Handler).deleteClient},
		{id: "createSecret", style: styleFormance, handle: (*Handler).createSecret},
		{id: "deleteSecret", style: styleFormance, handle: (*Handler).deleteSecret},
		{id: "addScopeToClient", style: styleFormance, handle: (*Handler).addScopeToClient},
		{id: "deleteScopeFromClient", style: styleFormance, handle: (*Handler).deleteScopeFromClient},
		{id: OpFormanceToken, style: styleOAuth, handle: (*Handler).createFormanceToken},
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
		return operations[OpFormanceToken]
	}
	return nil
}
