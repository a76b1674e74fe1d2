package fakeapi

import (
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/clientkit/clientkit/api"
)

// specRouters holds one kin-openapi router per provider, built from the embedded specs.
type specRouters map[api.Provider]routers.Router

var (
	loadSpecsOnce sync.Once
	loadedRouters specRouters
	loadSpecsErr  error
)

// specs loads, validates and routes the embedded specs once per process.
func specs() (specRouters, error) {
	loadSpecsOnce.Do(func() { loadedRouters, loadSpecsErr = loadRouters() })
	return loadedRouters, loadSpecsErr
}

func loadRouters() (specRouters, error) {
	out := make(specRouters)
	for _, p := range api.Providers() {
		raw, err := api.Spec(p)
		if err != nil {
			return nil, err
		}
		doc, err := openapi3.NewLoader().LoadFromData(raw)
		if err != nil {
			return nil, fmt.Errorf("fakeapi: load %s spec: %w", p, err)
		}
		// The fake answers on whatever host it listens on, so the upstream servers must not
		// take part in routing. NewRouter validates the document.
		doc.Servers = nil
		router, err := legacy.NewRouter(doc)
		if err != nil {
			return nil, fmt.Errorf("fakeapi: route %s spec: %w", p, err)
		}
		out[p] = router
	}
	return out, nil
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
