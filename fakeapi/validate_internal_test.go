package fakeapi

import (
	"bytes"
	"encoding/json"
	"reflect"
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
