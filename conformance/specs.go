package conformance

import (
	"fmt"
	"net/http"

	"github.com/getkin/kin-openapi/routers"

	"github.com/clientkit/clientkit/api"
)

// specRouter routes a request to an operation of one provider's spec.
type specRouter struct {
	provider api.Provider
	router   routers.Router
}

// embeddedRouters returns the embedded specs' routers, in the providers' fixed order.
func embeddedRouters() ([]specRouter, error) {
	rs, err := api.Routers()
	if err != nil {
		return nil, fmt.Errorf("conformance: %w", err)
	}
	out := make([]specRouter, 0, len(rs))
	for _, p := range api.Providers() {
		out = append(out, specRouter{provider: p, router: rs[p]})
	}
	return out, nil
}

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
