// Package mollie is clientkit's Mollie Connect client: client links that onboard an
// organization to your OAuth app, the authorize URL, OAuth state, the callback, and the code
// exchange and refresh of the organization's tokens.
//
// # Onboarding, end to end
//
//  1. Create a Client with your organization access token (AccessToken) and call
//     Client.CreateClientLink with the organization's details.
//  2. Keep a fresh state (NewState, or StateSigner for apps without a session store: it binds
//     the state to the customer's session and, with Once, accepts it once) and send the owner to
//     ClientLink.AuthorizeURL. A link expires 30 days after its creation
//     (ClientLink.ExpiresAt); AuthorizeURL refuses an expired one.
//  3. In the handler of your redirect URL, ParseCallbackRequest (or CallbackHandler) checks the
//     state and returns the code, or an *AuthorizeError when the owner declined.
//  4. OAuth.Exchange trades the code for the organization's tokens; New(TokenSource(…)) calls
//     Mollie on the organization's behalf and refreshes its token when it expires.
//
// # Errors
//
// Every refused argument is a *facade.InputError naming the field (and matching
// facade.ErrValidation); a few also match a sentinel of this package, such as
// ErrClientLinkExpired or ErrCallbackStateMismatch. Mollie's answers are *facade.APIError with
// its title, detail and field. See package facade for the rest.
//
// Nothing here prints a token, secret, state or code: clients, OAuth and StateSigner redact
// themselves in fmt, slog and JSON output.
package mollie
