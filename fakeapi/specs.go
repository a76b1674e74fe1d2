package fakeapi

import (
	"net/http"
	"strings"

	"github.com/getkin/kin-openapi/routers"

	"github.com/clientkit/clientkit/api"
)

// specRouters holds one kin-openapi router per provider, built from the embedded specs.
type specRouters map[api.Provider]routers.Router

// specs returns the embedded specs' routers, loaded and validated once per process.
func specs() (specRouters, error) {
	rs, err := api.Routers()
	return specRouters(rs), err
}

// providerOf tells which provider serves a path; the three APIs' paths do not collide.
func providerOf(path string) (api.Provider, bool) {
	switch {
	case strings.HasPrefix(path, "/v2/") || path == "/oauth2/tokens":
		return api.Mollie, true
	case path == "/token" || path == "/client-tokens":
		return api.Dwolla, true
	case strings.HasPrefix(path, "/api/auth/"):
		return api.Formance, true
	}
	return "", false
}

// findRoute routes r within its provider's spec.
func (s specRouters) findRoute(p api.Provider, r *http.Request) (*routers.Route, map[string]string, error) {
	return s[p].FindRoute(r)
}
