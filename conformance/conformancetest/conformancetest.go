// Package conformancetest checks the HTTP traffic of a test against clientkit's specs: the test
// fails at cleanup, listing every violation its requests or their answers made.
package conformancetest

import (
	"net/http"
	"testing"

	"github.com/clientkit/clientkit/conformance"
)

// Wrap returns a validating transport around base (http.DefaultTransport when nil). When tb
// ends, tb fails with every violation recorded.
func Wrap(tb testing.TB, base http.RoundTripper, opts ...conformance.Option) *conformance.Transport {
	tb.Helper()
	t := conformance.NewTransport(base, opts...)
	tb.Cleanup(func() {
		if r := t.Report(); !r.OK() {
			tb.Errorf("conformance: traffic broke the specs: %s", r)
		}
	})
	return t
}

// Client is an *http.Client whose transport is Wrap(tb, base, opts...).
func Client(tb testing.TB, base http.RoundTripper, opts ...conformance.Option) *http.Client {
	tb.Helper()
	return &http.Client{Transport: Wrap(tb, base, opts...)}
}
