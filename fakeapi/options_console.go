package fakeapi

import (
	"fmt"
	"strings"
)

// Consent is how the Mollie consent page behind a client link answers.
type Consent string

// The consent modes.
const (
	// ConsentApprove approves every valid request at once (the default): a browserless test
	// follows the link and lands on the redirect URI with a code.
	ConsentApprove Consent = "approve"
	// ConsentDeny denies every valid request at once with error=access_denied.
	ConsentDeny Consent = "deny"
	// ConsentInteractive shows a page naming the app, the organization and the scopes, with
	// Approve and Deny buttons, as Mollie's dashboard does.
	ConsentInteractive Consent = "interactive"
)

// Consents lists the consent modes.
func Consents() []Consent { return []Consent{ConsentApprove, ConsentDeny, ConsentInteractive} }

// ParseConsent turns "approve", "deny" or "interactive" into a Consent.
func ParseConsent(s string) (Consent, error) {
	c := Consent(s)
	if err := c.validate(); err != nil {
		return "", err
	}
	return c, nil
}

func (c Consent) validate() error {
	for _, known := range Consents() {
		if c == known {
			return nil
		}
	}
	names := make([]string, 0, 3)
	for _, known := range Consents() {
		names = append(names, string(known))
	}
	return fmt.Errorf("fakeapi: consent %q is not one of %s", string(c), strings.Join(names, ", "))
}

// WithConsent chooses how the consent page answers (default ConsentApprove). ConsentDeny denies
// with error=access_denied; WithMollieDenial denies with an error of your choice.
func WithConsent(c Consent) Option {
	return func(cfg *config) {
		cfg.consent = c
		cfg.denial = nil
	}
}

// WithInspector serves the inspector page at /_fake/: the request log as it grows, the state of
// each provider, the pending faults with a form to add and clear them, and reset. Off by default;
// clientkit serve turns it on. The control API under /_fake/ is served either way.
func WithInspector() Option { return func(cfg *config) { cfg.inspector = true } }

// WithRequestObserver calls observe with every request once it is logged, from the goroutine
// that served it, after the answer is decided and before it is written; observe must be quick
// and safe for concurrent use. clientkit serve --log prints through it.
func WithRequestObserver(observe func(Request)) Option {
	return func(cfg *config) { cfg.observe = observe }
}
