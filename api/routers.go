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
		r, err := legacy.NewRouter(doc) // validates the document as the version it states
		if err != nil {
			return nil, fmt.Errorf("api: route %s spec: %w", p, err)
		}
		// kin-openapi checks a value against a 3.1 document by compiling a JSON Schema for it on
		// every call (about a millisecond per request body), and against a 3.0 document with its
		// own validator in microseconds. The only 3.1 construct our specs use, a type list with
		// null, that validator reads the same way (TestNullableTypeListsValidate), so values are
		// checked as 3.0.
		doc.OpenAPI = "3.0.3"
		out[p] = r
	}
	return out, nil
}
