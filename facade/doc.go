// Package facade is clientkit's user-facing API: typed methods for Mollie client links, Dwolla
// client tokens and Formance Auth clients, with authentication, retries, idempotency keys, typed
// errors and the Mollie onboarding helpers.
//
// Every method takes a context first and returns a value or an error; a non-2xx answer is always
// an error, an *APIError that works with errors.Is against the sentinels (ErrNotFound…) and with
// errors.As. Secrets never appear in errors, logs or formatted values.
package facade
