package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/api"
)

// The routers check values as OpenAPI 3.0 (see Routers): type lists with null and enums with
// null must still mean what the 3.1 specs say.
func TestNullableTypeListsValidate(t *testing.T) {
	rs, err := api.Routers()
	require.NoError(t, err)
	check := func(body string) error {
		req, err := http.NewRequest(http.MethodPost, "http://127.0.0.1/v2/client-links", strings.NewReader(body))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/json")
		route, params, err := rs[api.Mollie].FindRoute(req)
		require.NoError(t, err)
		return openapi3filter.ValidateRequest(context.Background(), &openapi3filter.RequestValidationInput{
			Request: req, PathParams: params, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
		})
	}
	owner := `"owner":{"email":"a@example.org","givenName":"A","familyName":"B"`
	for body, ok := range map[string]bool{
		`{` + owner + `},"name":"N","address":{"country":"NL","city":null}}`:                        true,
		`{` + owner + `},"name":"N","address":{"country":"NL","city":"Utrecht"}}`:                   true,
		`{` + owner + `},"name":"N","address":{"country":"NL","city":7}}`:                           false,
		`{` + owner + `,"locale":null},"name":"N","address":{"country":"NL"}}`:                      true,
		`{` + owner + `,"locale":"nl_NL"},"name":"N","address":{"country":"NL"}}`:                   true,
		`{` + owner + `,"locale":"xx_XX"},"name":"N","address":{"country":"NL"}}`:                   false,
		`{` + owner + `},"name":null,"address":{"country":"NL"}}`:                                   false,
		`{"owner":{"email":"a@example.org","givenName":"A"},"name":"N","address":{"country":"NL"}}`: false,
	} {
		if ok {
			assert.NoError(t, check(body), body)
		} else {
			assert.Error(t, check(body), body)
		}
	}
}
