package fakeapi

import (
	"net/http/httptest"
	"testing"

	"github.com/clientkit/clientkit/api"
)

// A path without parameters is routed by kin-openapi once, then from memory, to the same route;
// a path with parameters is routed by kin-openapi every time, and never remembered.
func TestStaticRoutesAreRememberedAlone(t *testing.T) {
	rs, err := specs()
	if err != nil {
		t.Fatal(err)
	}
	create := httptest.NewRequest("POST", "/api/auth/clients", nil)
	want, _, err := rs.byProvider[api.Formance].FindRoute(create)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		got, params, err := rs.findRoute(api.Formance, create)
		if err != nil || got != want || len(params) != 0 {
			t.Fatalf("findRoute = %v, %v, %v; want %v without parameters", got, params, err, want)
		}
	}
	read := httptest.NewRequest("GET", "/api/auth/clients/c1", nil)
	for range 2 {
		_, params, err := rs.findRoute(api.Formance, read)
		if err != nil || params["clientId"] != "c1" {
			t.Fatalf("findRoute of a client = %v, %v; want clientId c1", params, err)
		}
	}
	if n := len(rs.static.routes); n != 1 {
		t.Errorf("%d routes remembered, want the one without parameters", n)
	}
}
