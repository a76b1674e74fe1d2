// Package bench measures clientkit against raw net/http and against the providers' own Go SDKs,
// on the same canned answers, through an in-memory transport and over a loopback server.
//
// It is a separate module so that the peers it compares with (formance-sdk-go, mollie-api-go)
// never enter clientkit's own dependency graph. Run it with `make bench` from the repository root;
// `make bench-servers` compares clientkit's fake server with Prism and stripe-mock.
package bench
