package fakeapi

import (
	"net/http"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/routers"

	"github.com/clientkit/clientkit/api"
)

// specRouters routes requests within the embedded specs: one kin-openapi router per provider,
// and the routes of paths without parameters found so far, which need no routing again.
type specRouters struct {
	byProvider map[api.Provider]routers.Router
	static     *staticRoutes
}

// staticRoutes remembers the route of each method and path that matched a path template
// without parameters. There are as many as the specs have such operations, a few dozen.
type staticRoutes struct {
	mu     sync.RWMutex
	routes map[staticRoute]*routers.Route
}

type staticRoute struct{ method, path string }

// specs returns the embedded specs' routers, loaded and validated once per process.
func specs() (specRouters, error) {
	rs, err := api.Routers()
	return specRouters{byProvider: rs, static: &staticRoutes{routes: map[staticRoute]*routers.Route{}}}, err
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
	key := staticRoute{r.Method, r.URL.Path}
	s.static.mu.RLock()
	route, ok := s.static.routes[key]
	s.static.mu.RUnlock()
	if ok {
		return route, nil, nil
	}
	route, params, err := s.byProvider[p].FindRoute(r)
	if err == nil && len(params) == 0 && route.Path == r.URL.Path {
		s.static.mu.Lock()
		s.static.routes[key] = route
		s.static.mu.Unlock()
	}
	return route, params, err
}
