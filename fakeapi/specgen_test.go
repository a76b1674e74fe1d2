package fakeapi

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// This file makes request bodies from the specs' schemas, for the spec-driven fuzzing of
// specfuzz_test.go: a valid body, and the ways to break it.

// sampleOverrides are values for properties whose schema says less than the fake checks: an
// email, a country, a Dwolla customer URL.
var sampleOverrides = map[string]any{
	"email":   "jan@example.org",
	"country": "NL",
	"href":    "https://api-sandbox.dwolla.com/customers/7c2a0f5e-5d3b-4b8e-9d55-2f1f3b6a9e10",
	"action":  "customer.update",
}

// sample returns a value that schema s accepts: with every writable property when full, with
// the required ones otherwise. depth bounds recursive schemas.
func sample(name string, ref *openapi3.SchemaRef, full bool, depth int) any {
	if ref == nil || ref.Value == nil || depth > 6 {
		return "x"
	}
	s := ref.Value
	if v, ok := sampleOverrides[name]; ok {
		return v
	}
	if s.Example != nil {
		return s.Example
	}
	for _, e := range s.Enum {
		if e != nil {
			return e
		}
	}
	if len(s.AllOf) > 0 {
		merged := map[string]any{}
		for _, sub := range s.AllOf {
			if m, ok := sample(name, sub, full, depth+1).(map[string]any); ok {
				for k, v := range m {
					merged[k] = v
				}
			}
		}
		return merged
	}
	if alt := append(slices.Clone(s.OneOf), s.AnyOf...); len(alt) > 0 {
		return sample(name, alt[0], full, depth+1)
	}
	switch {
	case s.Type.Includes("object") || len(s.Properties) > 0:
		return sampleObject(s, full, depth)
	case s.Type.Includes("array"):
		if !full && s.MinItems == 0 {
			return []any{}
		}
		return []any{sample(name, s.Items, full, depth+1)}
	case s.Type.Includes("integer"), s.Type.Includes("number"):
		if s.Min != nil {
			return *s.Min
		}
		return 1
	case s.Type.Includes("boolean"):
		return true
	}
	switch s.Format {
	case "email":
		return "jan@example.org"
	case "uri", "url":
		return "https://example.org/x"
	case "date-time":
		return "2025-03-14T09:26:53Z"
	case "uuid":
		return "7c2a0f5e-5d3b-4b8e-9d55-2f1f3b6a9e10"
	}
	return "sample-" + strings.ToLower(strings.ReplaceAll(name, "_", "-"))
}

// sampleObject fills an object's required properties, and the others that are not read-only
// when full; with additional properties allowed, full adds one.
func sampleObject(s *openapi3.Schema, full bool, depth int) map[string]any {
	out := map[string]any{}
	for name, prop := range s.Properties {
		required := slices.Contains(s.Required, name)
		if prop.Value != nil && prop.Value.ReadOnly {
			continue
		}
		if required || full {
			out[name] = sample(name, prop, full, depth+1)
		}
	}
	if full && s.AdditionalProperties.Schema != nil {
		out["team"] = sample("team", s.AdditionalProperties.Schema, false, depth+1)
	}
	return out
}

// wrongValue is a value of another type than s asks for.
func wrongValue(ref *openapi3.SchemaRef) any {
	if ref == nil || ref.Value == nil {
		return map[string]any{"unexpected": true}
	}
	s := ref.Value
	switch {
	case s.Type.Includes("string"), len(s.Enum) > 0:
		return 42
	case s.Type.Includes("object"), len(s.Properties) > 0, len(s.AllOf) > 0:
		return "not-an-object"
	case s.Type.Includes("array"):
		return "not-an-array"
	}
	return "not-a-" + strings.Join(*s.Type, "-or-")
}

// bodyShape is what the generator knows of an operation's request body.
type bodyShape struct {
	contentType string
	schema      *openapi3.Schema // the object schema, merged across allOf
}

// bodyOf returns op's request body shape, or false when op takes none.
func bodyOf(op *openapi3.Operation) (bodyShape, bool) {
	if op.RequestBody == nil || op.RequestBody.Value == nil {
		return bodyShape{}, false
	}
	for _, ct := range []string{"application/json", "application/x-www-form-urlencoded"} {
		if mt := op.RequestBody.Value.Content.Get(ct); mt != nil && mt.Schema != nil {
			return bodyShape{contentType: ct, schema: flatten(mt.Schema)}, true
		}
	}
	return bodyShape{}, false
}

// flatten merges an allOf of objects into one object schema (properties and required).
func flatten(ref *openapi3.SchemaRef) *openapi3.Schema {
	s := ref.Value
	if len(s.AllOf) == 0 {
		return s
	}
	merged := &openapi3.Schema{Type: &openapi3.Types{"object"}, Properties: openapi3.Schemas{}}
	for _, sub := range s.AllOf {
		f := flatten(sub)
		for k, v := range f.Properties {
			merged.Properties[k] = v
		}
		merged.Required = append(merged.Required, f.Required...)
	}
	return merged
}

// encode writes body in the shape's content type.
func (b bodyShape) encode(body map[string]any) string {
	if b.contentType == "application/json" {
		return mustJSON(body)
	}
	form := url.Values{}
	for k, v := range body {
		form.Set(k, fmt.Sprint(v))
	}
	return form.Encode()
}

// enumPaths lists the properties of s (top level and one level down) that have an enum, as
// paths of property names.
func enumPaths(s *openapi3.Schema) [][]string {
	var out [][]string
	for name, prop := range s.Properties {
		if prop.Value == nil || prop.Value.ReadOnly {
			continue
		}
		if len(prop.Value.Enum) > 0 {
			out = append(out, []string{name})
		}
		for inner, p := range flatten(prop).Properties {
			if p.Value != nil && len(p.Value.Enum) > 0 {
				out = append(out, []string{name, inner})
			}
		}
	}
	slices.SortFunc(out, func(a, b []string) int { return strings.Compare(strings.Join(a, "."), strings.Join(b, ".")) })
	return out
}

// withValueAt returns a copy of body (full, so nested objects exist) with path set to v.
func withValueAt(body map[string]any, path []string, v any) map[string]any {
	out := map[string]any{}
	for k, val := range body {
		out[k] = val
	}
	if len(path) == 1 {
		out[path[0]] = v
		return out
	}
	inner, _ := out[path[0]].(map[string]any)
	if inner == nil {
		inner = map[string]any{}
	}
	out[path[0]] = withValueAt(inner, path[1:], v)
	return out
}
