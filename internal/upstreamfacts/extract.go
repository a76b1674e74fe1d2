package upstreamfacts

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

var serverVar = regexp.MustCompile(`\{[^}]*\}`)

// Extract reads the facts of a loaded document (references resolved by the kin-openapi loader).
func Extract(doc *openapi3.T) (Facts, error) {
	base := ""
	if len(doc.Servers) > 0 {
		// Only the base path matters; template variables stand in the host.
		u, err := url.Parse(serverVar.ReplaceAllString(doc.Servers[0].URL, "x"))
		if err != nil {
			return Facts{}, fmt.Errorf("upstreamfacts: server URL: %w", err)
		}
		base = strings.TrimSuffix(u.Path, "/")
	}
	out := Facts{OpenAPI: doc.OpenAPI}
	if doc.Components != nil && len(doc.Components.SecuritySchemes) > 0 {
		out.SecuritySchemes = map[string]string{}
		for name, ref := range doc.Components.SecuritySchemes {
			if ref.Value != nil {
				out.SecuritySchemes[name] = ref.Value.Type
			}
		}
	}
	if doc.Paths == nil {
		return out, nil
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			o := Operation{ID: op.OperationID, Method: method, Path: base + path, Responses: map[string]map[string]*Schema{}}
			sec := op.Security
			if sec == nil {
				sec = &doc.Security
			}
			for _, alt := range *sec {
				m := map[string][]string{}
				for name, scopes := range alt {
					m[name] = slices.Clone(scopes)
				}
				o.Security = append(o.Security, m)
			}
			for _, ref := range append(slices.Clone(item.Parameters), op.Parameters...) {
				if p := ref.Value; p != nil {
					o.Parameters = append(o.Parameters, Parameter{Name: p.Name, In: p.In, Required: p.Required, Schema: schema(p.Schema)})
				}
			}
			sort.Slice(o.Parameters, func(i, j int) bool {
				return o.Parameters[i].In+" "+o.Parameters[i].Name < o.Parameters[j].In+" "+o.Parameters[j].Name
			})
			if rb := op.RequestBody; rb != nil && rb.Value != nil {
				o.RequestBody = &RequestBody{Required: rb.Value.Required, Content: content(rb.Value.Content)}
			}
			if op.Responses != nil {
				for status, resp := range op.Responses.Map() {
					if resp.Value != nil {
						o.Responses[status] = content(resp.Value.Content)
					}
				}
			}
			out.Operations = append(out.Operations, o)
		}
	}
	sort.Slice(out.Operations, func(i, j int) bool {
		a, b := out.Operations[i], out.Operations[j]
		return a.ID+" "+a.Method+" "+a.Path < b.ID+" "+b.Method+" "+b.Path
	})
	return out, nil
}

func content(c openapi3.Content) map[string]*Schema {
	out := map[string]*Schema{}
	for ct, mt := range c {
		if mt == nil {
			continue
		}
		out[ct] = schema(mt.Schema)
	}
	return out
}

// schema copies the facts of ref, merging allOf members into one shape.
func schema(ref *openapi3.SchemaRef) *Schema {
	return schemaSeen(ref, map[*openapi3.Schema]bool{})
}

func schemaSeen(ref *openapi3.SchemaRef, seen map[*openapi3.Schema]bool) *Schema {
	if ref == nil || ref.Value == nil || seen[ref.Value] {
		return nil
	}
	seen[ref.Value] = true
	defer delete(seen, ref.Value)
	s := ref.Value
	out := &Schema{Format: s.Format, Nullable: s.Nullable, Enum: slices.Clone(s.Enum)}
	if s.Type != nil {
		out.Type = slices.Clone([]string(*s.Type))
	}
	out.Required = slices.Clone(s.Required)
	for name, p := range s.Properties {
		if out.Properties == nil {
			out.Properties = map[string]*Schema{}
		}
		out.Properties[name] = schemaSeen(p, seen)
	}
	for _, part := range s.AllOf {
		m := schemaSeen(part, seen)
		if m == nil {
			continue
		}
		for name, p := range m.Properties {
			if out.Properties == nil {
				out.Properties = map[string]*Schema{}
			}
			out.Properties[name] = p
		}
		out.Required = append(out.Required, m.Required...)
		if out.Type == nil {
			out.Type = m.Type
		}
		if out.Format == "" {
			out.Format = m.Format
		}
	}
	slices.Sort(out.Type)
	slices.Sort(out.Required)
	out.Required = slices.Compact(out.Required)
	out.Items = schemaSeen(s.Items, seen)
	out.AdditionalProperties = schemaSeen(s.AdditionalProperties.Schema, seen)
	return out
}
