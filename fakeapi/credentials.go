package fakeapi

import (
	"fmt"
	"log/slog"
)

// Credentials are the secrets the fake accepts from callers.
type Credentials struct {
	// MollieAccessToken is the organization access token (access_…) accepted by create-client-link.
	MollieAccessToken string
	// MollieClientID is the OAuth app id (app_…) of the one app the fake knows.
	MollieClientID string
	// MollieClientSecret is that app's secret, sent over HTTP Basic to /oauth2/tokens.
	MollieClientSecret string
	// MollieRedirectURI is where the consent page sends the customer back.
	MollieRedirectURI string
	// DwollaClientID is the application key accepted by Dwolla's /token.
	DwollaClientID string
	// DwollaClientSecret is the application secret accepted by Dwolla's /token.
	DwollaClientSecret string
	// FormanceToken is a static bearer token accepted by every Formance operation.
	FormanceToken string
}

// DefaultCredentials returns the fixed demo credentials the fake accepts unless told otherwise.
func DefaultCredentials() Credentials {
	return Credentials{
		MollieAccessToken:  "access_demo_clientkit_organization",
		MollieClientID:     "app_demo_clientkit",
		MollieClientSecret: "demo_mollie_client_secret",
		MollieRedirectURI:  "http://127.0.0.1/callback",
		DwollaClientID:     "demo_dwolla_client_id",
		DwollaClientSecret: "demo_dwolla_client_secret",
		FormanceToken:      "demo_formance_token",
	}
}

// String names the public parts only; secrets are redacted.
func (c Credentials) String() string {
	return fmt.Sprintf("fakeapi.Credentials{MollieClientID:%q, MollieRedirectURI:%q, DwollaClientID:%q, secrets:[redacted]}",
		c.MollieClientID, c.MollieRedirectURI, c.DwollaClientID)
}

// GoString keeps %#v from printing the secrets.
func (c Credentials) GoString() string { return c.String() }

// LogValue keeps slog from printing the secrets.
func (c Credentials) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("mollie_client_id", c.MollieClientID),
		slog.String("mollie_redirect_uri", c.MollieRedirectURI),
		slog.String("dwolla_client_id", c.DwollaClientID),
	)
}
