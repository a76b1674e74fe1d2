// Package orgstore keeps the OAuth tokens of the organizations connected to a Mollie app, and
// hands out a Mollie client per organization that renews its tokens through the store.
//
// # The life of a connected organization
//
// After the consent page, the app exchanges the code and saves the tokens under a key of its
// own (its merchant id, say):
//
//	tok, err := oauth.Exchange(ctx, code)
//	err = orgs.Save(ctx, "merchant-42", tok)
//
// From then on, any replica of the app asks for a client by that key:
//
//	m, err := orgs.Client(ctx, "merchant-42", mollie.WithBaseURL(url))
//	link, err := m.CreateClientLink(ctx, req)
//
// The client sends the organization's access token while it is valid, straight from memory (no
// store read). A little before the token expires (a minute, or half the lifetime of a shorter
// one), or when Mollie refuses it, the client renews it with the refresh token. Every renewal is
// written to the store before the new token is used, so a rotated refresh token survives a
// restart and is seen by every replica.
//
// # Many replicas, one refresh
//
// A store serializes the renewals of one organization across every process that shares it
// (Store.Update): the PostgreSQL store holds a row lock while, and only while, the token endpoint
// is called. A replica that waited for the lock reads the token the other one stored and uses it
// instead of refreshing again: one refresh per expiry, whatever the number of replicas. A
// replica that dies holding the lock loses its connection, and the database releases the lock.
//
// # Lost authorizations
//
// When Mollie refuses the refresh token with invalid_grant (the organization revoked the app, or
// connected again elsewhere), the store marks the organization. Config.OnReconnectRequired is
// told once, the failing call returns the *facade.APIError, and every later call returns an error
// matching facade.ErrReconnectRequired without reaching Mollie, until Save stores new tokens.
// Config.OnRefreshed is told of every renewal, after it was stored.
//
// # Tokens at rest
//
// The store never logs tokens, and Record prints none. With Config.Keys (a Keyring), both tokens
// are sealed with AES-GCM before they reach the store, under the id of the key that sealed them,
// so keys can be rotated: records sealed with an older key still open, and are sealed again with
// the current key at their next write.
//
// # Implementations
//
// NewMemory keeps the tokens of one process (the default). NewPostgres keeps them in
// PostgreSQL through pgx: run Postgres.Migrate at start, or apply Migration with your own tool.
package orgstore
