// Package dwolla is clientkit's Dwolla client for drop-in components: Client.CreateClientToken
// returns the client token a component needs to act for one customer.
//
// New takes the application's key and secret. The client fetches its application token with the
// client-credentials grant, caches it, refreshes it a minute before it expires, shares one fetch
// between concurrent calls, and replaces it once when Dwolla refuses it. Every POST carries an
// Idempotency-Key, the same on every retry.
//
// TokenHandler serves a component's tokenUrl safely: the customer comes from the app's session,
// never from the browser, the action must be on the app's list, and cross-site requests are
// refused.
//
// Refused arguments are *facade.InputError; Dwolla's answers are *facade.APIError with its code,
// message and the paths of _embedded.errors. See package facade for the rest.
package dwolla
