package conformance

import (
	"fmt"
	"net/http"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/clientkit/clientkit/api"
)

// specRouter routes a request to an operation of one provider's spec.
type specRouter struct {
	provider api.Provider
	router   routers.Router
}

var (
	loadOnce   sync.Once
	loaded     []specRouter
	loadFailed error
)

// embeddedRouters loads and routes the embedded specs once per process.
func embeddedRouters() ([]specRouter, error) {
	loadOnce.Do(func() { loaded, loadFailed = loadRouters() })
	return loaded, loadFailed
}

func loadRouters() ([]specRouter, error) {
	var out []specRouter
	for _, p := range api.Providers() {
		raw, err := api.Spec(p)
		if err != nil {
			return nil, err
		}
		doc, err := openapi3.NewLoader().LoadFromData(raw)
		if err != nil {
			return nil, fmt.Errorf("conformance: load %s spec: %w", p, err)
		}
		// Traffic goes to production, a sandbox, a fake or a proxy: route on the path alone.
		doc.Servers = nil
		r, err := legacy.NewRouter(doc)
		if err != nil {
			return nil, fmt.Errorf("conformance: route %s spec: %w", p, err)
		}
		out = append(out, specRouter{provider: p, router: r})
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
