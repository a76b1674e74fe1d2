package api_test

import (
	"context"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/api"
)

// TestSpecsAreValid loads every spec with kin-openapi and validates it with the default, strict
// options: examples, defaults and patterns are checked, and OpenAPI 3.1 documents get JSON Schema
// 2020-12 validation. No option relaxes validation.
func TestSpecsAreValid(t *testing.T) {
	for _, p := range api.Providers() {
		t.Run(string(p), func(t *testing.T) {
			raw, err := api.Spec(p)
			require.NoError(t, err)
			doc, err := openapi3.NewLoader().LoadFromData(raw)
			require.NoError(t, err)
			require.NoError(t, doc.Validate(context.Background()))
		})
	}
}

// TestEveryOperationIsSecured checks that no operation falls back to "no auth": each one names its
// own security requirement.
func TestEveryOperationIsSecured(t *testing.T) {
	for _, p := range api.Providers() {
		raw, err := api.Spec(p)
		require.NoError(t, err)
		doc, err := openapi3.NewLoader().LoadFromData(raw)
		require.NoError(t, err)
		for path, item := range doc.Paths.Map() {
			for method, op := range item.Operations() {
				if assert.NotNil(t, op.Security, "%s %s %s has no security", p, method, path) {
					assert.NotEmpty(t, *op.Security, "%s %s %s has an empty security list", p, method, path)
				}
			}
		}
	}
}

func TestSpecUnknownProvider(t *testing.T) {
	_, err := api.Spec("stripe")
	assert.ErrorContains(t, err, `"stripe"`)
}
