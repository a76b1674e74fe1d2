package api

import (
	"fmt"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
)

// Routers returns a kin-openapi router per provider, built once per process from the embedded
// specs and shared by every caller (routing is read-only). The specs' servers take no part:
// the traffic may go to the provider, a sandbox, a fake or a proxy, so routing is by path alone.
// Building a router validates its document.
func Routers() (map[Provider]routers.Router, error) {
	loadOnce.Do(func() { loaded, loadErr = loadRouters() })
	return loaded, loadErr
}

var (
	loadOnce sync.Once
	loaded   map[Provider]routers.Router
	loadErr  error
)

func loadRouters() (map[Provider]routers.Router, error) {
	out := make(map[Provider]routers.Router, len(Providers()))
	for _, p := range Providers() {
		raw, err := Spec(p)
		if err != nil {
			return nil, err
		}
		doc, err := openapi3.NewLoader().LoadFromData(raw)
		if err != nil {
			return nil, fmt.Errorf("api: load %s spec: %w", p, err)
		}
		doc.Servers = nil
		r, err := legacy.NewRouter(doc)
		if err != nil {
			return nil, fmt.Errorf("api: route %s spec: %w", p, err)
		}
		out[p] = r
	}
	return out, nil
}
