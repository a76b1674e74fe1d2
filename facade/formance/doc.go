// Package formance is clientkit's client for a Formance stack's Auth service: its OAuth clients,
// their secrets and their scopes.
//
// New takes the stack's URL and its credentials: BearerToken for a token the stack issued, or
// ClientCredentials to fetch tokens from the stack's token endpoint (cached, refreshed before
// they expire, replaced once when refused). A Stack's methods map one to one onto the Auth API's
// operations; each names its operation and path.
//
// A created secret's value comes back once, from Secret.Clear; printing, logging or encoding a
// Secret never shows it. Formance takes no idempotency keys, so a create whose answer was lost
// is not retried (it may have been applied); deletes and updates are retried, and a delete
// retried after a lost answer that finds nothing left counts as done.
//
// Refused arguments are *facade.InputError; the stack's answers are *facade.APIError with its
// errorCode and errorMessage. See package facade for the rest.
package formance
