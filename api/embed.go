// Package api embeds clientkit's OpenAPI specs, one per provider, for the fake server and for
// checks that need the specs at run time.
package api

import (
	"embed"
	"fmt"
)

//go:embed mollie/openapi.yaml dwolla/openapi.yaml formance/openapi.yaml
var specs embed.FS

// Provider names one of the APIs clientkit speaks.
type Provider string

// The providers, named as their folders under api/.
const (
	Mollie   Provider = "mollie"
	Dwolla   Provider = "dwolla"
	Formance Provider = "formance"
)

// Providers lists every provider with a spec, in a fixed order.
func Providers() []Provider { return []Provider{Mollie, Dwolla, Formance} }

// Spec returns the raw OpenAPI document of p.
func Spec(p Provider) ([]byte, error) {
	b, err := specs.ReadFile(string(p) + "/openapi.yaml")
	if err != nil {
		return nil, fmt.Errorf("api: no spec for provider %q", p)
	}
	return b, nil
}
