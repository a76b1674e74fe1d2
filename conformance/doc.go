// Package conformance checks HTTP traffic against clientkit's OpenAPI specs (the ones package api
// embeds), whatever client or server produced it.
//
// NewTransport wraps any http.RoundTripper: each request is validated before it leaves and each
// answer after it arrives (parameters, bodies, content types, status codes, and the presence of
// the credential each operation's security scheme asks for). Violations are recorded with the
// operation, the direction and the field at fault; in Refuse mode a request that breaks the spec
// is not sent. NewProxy does the same as a reverse proxy in front of any server.
//
// Messages never carry values from the traffic: no header values, tokens, client secrets or
// body fields. Package conformancetest fails a test that saw violations.
package conformance
