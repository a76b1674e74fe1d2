package fakeapi

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"regexp"
	"testing"
)

// decodeJSONBody must yield what kin-openapi's decoder (encoding/json with UseNumber, the first
// value only) yields, whichever of its two ways it takes.
func TestDecodeJSONBodyDecodesAsKinOpenAPIDoes(t *testing.T) {
	for _, c := range []struct {
		body  string
		whole bool
	}{
		{`{"name":"a","uris":["x"],"public":true,"meta":null}`, true},
		{" {\"name\":\"a\"} \r\n\t", true},
		{`{"amount":{"value":"10.00"},"n":12345678901234567890}`, true},
		{`[1, 2.50, -3e2]`, true},
		{`{"deep":[{"deeper":[0]}]}`, true},
		{`"text"`, true},
		{`{"name":"a"} {"name":"b"}`, false},
		{`{"name":"a"}x`, false},
		{`{"n":1} trailing`, false},
		{"{\"name\":\"a\"}\f", false}, // only space, tab, CR and LF are JSON's white space
		{"{\"name\":\"a\"}\u00a0", false},
	} {
		d := json.NewDecoder(bytes.NewReader([]byte(c.body)))
		d.UseNumber()
		var want any
		if err := d.Decode(&want); err != nil {
			t.Fatalf("%s: %v", c.body, err)
		}
		got, whole, ok := decodeJSONBody([]byte(c.body))
		if !ok || whole != c.whole || !reflect.DeepEqual(got, want) {
			t.Errorf("decodeJSONBody(%s) = %#v, whole %v, ok %v; want %#v, whole %v", c.body, got, whole, ok, want, c.whole)
		}
	}
	for _, bad := range []string{``, `{`, `{"a":}`, `nul`} {
		if v, _, ok := decodeJSONBody([]byte(bad)); ok {
			t.Errorf("decodeJSONBody(%q) = %#v; want a failure", bad, v)
		}
	}
}

// schemaFailure and validateResponseValue read kin-openapi's OpenAPI 3.0 wording alone: every
// route the fake finds must belong to a document labelled 3.0 (api.Routers relabels the specs).
func TestRoutesAreCheckedAsOpenAPI30(t *testing.T) {
	rs, err := specs()
	if err != nil {
		t.Fatal(err)
	}
	param := regexp.MustCompile(`\{[^}]+\}`)
	routes := 0
	for _, seed := range []string{"/oauth2/tokens", "/token", "/api/auth/clients"} {
		p, _ := providerOf(seed)
		first, _, err := rs.findRoute(p, httptest.NewRequest(http.MethodPost, seed, nil))
		if err != nil {
			t.Fatal(seed, err)
		}
		for path, item := range first.Spec.Paths.Map() {
			for method := range item.Operations() {
				route, _, err := rs.findRoute(p, httptest.NewRequest(method, param.ReplaceAllString(path, "x"), nil))
				if err != nil {
					t.Fatal(method, path, err)
				}
				routes++
				if route.Spec.IsOpenAPI31OrLater() {
					t.Errorf("%s %s is checked as OpenAPI %s", method, path, route.Spec.OpenAPI)
				}
			}
		}
	}
	if routes == 0 {
		t.Fatal("no routes found")
	}
}
