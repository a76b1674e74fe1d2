package conformance

import (
	"fmt"
	"net/http"
	"sync"

	"github.com/getkin/kin-openapi/routers"

	"github.com/clientkit/clientkit/api"
)

// specRouter routes a request to an operation of one provider's spec.
type specRouter struct {
	provider api.Provider
	router   routers.Router
}

// specValidator returns the validator of the embedded specs, built once per process: the
// specs, and so their routers, never change.
var specValidator = sync.OnceValues(func() (*validator, error) {
	rs, err := api.Routers()
	if err != nil {
		return nil, fmt.Errorf("conformance: %w", err)
	}
	out := make([]specRouter, 0, len(rs))
	for _, p := range api.Providers() { // the providers' fixed order
		out = append(out, specRouter{provider: p, router: rs[p]})
	}
	return &validator{routers: out}, nil
})

// route finds the operation of r in any provider's spec; the providers' paths do not collide.
func route(rs []specRouter, r *http.Request) (api.Provider, *routers.Route, map[string]string, bool) {
	for _, sr := range rs {
		rt, params, err := sr.router.FindRoute(r)
		if err == nil {
			return sr.provider, rt, params, true
		}
	}
	return "", nil, nil, false
}
