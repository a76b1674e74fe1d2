// Package facade holds what every clientkit provider package shares: the error types and
// sentinels, the retry policy, and the options of clients and calls. The providers live in
// facade/mollie, facade/dwolla and facade/formance; a program imports the ones it needs, plus
// this package for errors and options.
//
// # Errors
//
// Every method takes a context first and returns a value or an error. A non-2xx answer is always
// an error, never a value:
//
//   - *APIError: the provider answered with a non-2xx status (or a token endpoint refused the
//     credentials). It matches the sentinel of its status with errors.Is.
//   - *InputError: an argument was refused before any request was sent. It names the field and
//     always matches ErrValidation; some also match a more precise sentinel of their package
//     (mollie.ErrClientLinkExpired…).
//   - *RetryError: the call ended without a readable answer (network error, cut or undecodable
//     body, context ended), or a write with an Idempotency-Key still met 409 (in progress) at
//     its last attempt, so its outcome is unknown. errors.Is and errors.As see through it to the
//     cause.
//
// The sentinels, for errors.Is:
//
//	ErrUnauthorized       401
//	ErrForbidden          403
//	ErrNotFound           404
//	ErrConflict           409
//	ErrValidation         400, 422, and every *InputError
//	ErrRateLimited        429
//	ErrServer             5xx
//	ErrReconnectRequired  an OAuth refresh refused with invalid_grant: the organization must connect again
//
// Every message starts with the provider and the operation, as in
// "mollie create-client-link: HTTP 422: …" or "formance readClient: clientID is empty". Secrets
// never appear in errors, logs or formatted values.
package facade
