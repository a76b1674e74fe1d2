package upstreamfacts

import (
	"github.com/getkin/kin-openapi/openapi3"
)

// Document rebuilds a minimal document from f: the operations at their full paths with their
// parameters, bodies, answers and schemas inlined, and the security schemes by name and type.
// It exists so that two fact sets can be compared with tools that read OpenAPI (oasdiff).
func (f Facts) Document() *openapi3.T {
	doc := &openapi3.T{
		OpenAPI:    f.OpenAPI,
		Info:       &openapi3.Info{Title: "facts", Version: "0"},
		Paths:      openapi3.NewPaths(),
		Components: &openapi3.Components{SecuritySchemes: openapi3.SecuritySchemes{}},
	}
	for name, typ := range f.SecuritySchemes {
		doc.Components.SecuritySchemes[name] = &openapi3.SecuritySchemeRef{Value: &openapi3.SecurityScheme{Type: typ}}
	}
	for _, o := range f.Operations {
		op := openapi3.NewOperation()
		op.OperationID = o.ID
		op.Responses = openapi3.NewResponses()
		sec := openapi3.SecurityRequirements{}
		for _, alt := range o.Security {
			sec = append(sec, openapi3.SecurityRequirement(alt))
		}
		op.Security = &sec
		for _, p := range o.Parameters {
			op.Parameters = append(op.Parameters, &openapi3.ParameterRef{Value: &openapi3.Parameter{
				Name: p.Name, In: p.In, Required: p.Required, Schema: p.Schema.openAPI(),
			}})
		}
		if rb := o.RequestBody; rb != nil {
			op.RequestBody = &openapi3.RequestBodyRef{Value: &openapi3.RequestBody{Required: rb.Required, Content: toContent(rb.Content)}}
		}
		for status, c := range o.Responses {
			desc := ""
			op.Responses.Set(status, &openapi3.ResponseRef{Value: &openapi3.Response{Description: &desc, Content: toContent(c)}})
		}
		item := doc.Paths.Value(o.Path)
		if item == nil {
			item = &openapi3.PathItem{}
			doc.Paths.Set(o.Path, item)
		}
		item.SetOperation(o.Method, op)
	}
	return doc
}

func toContent(c map[string]*Schema) openapi3.Content {
	out := openapi3.Content{}
	for ct, s := range c {
		out[ct] = &openapi3.MediaType{Schema: s.openAPI()}
	}
	return out
}

func (s *Schema) openAPI() *openapi3.SchemaRef {
	if s == nil {
		return nil
	}
	out := &openapi3.Schema{Format: s.Format, Enum: s.Enum, Nullable: s.Nullable, Required: s.Required}
	if len(s.Type) > 0 {
		t := openapi3.Types(s.Type)
		out.Type = &t
	}
	for name, p := range s.Properties {
		if out.Properties == nil {
			out.Properties = openapi3.Schemas{}
		}
		out.Properties[name] = p.openAPI()
	}
	out.Items = s.Items.openAPI()
	if s.AdditionalProperties != nil {
		out.AdditionalProperties = openapi3.AdditionalProperties{Schema: s.AdditionalProperties.openAPI()}
	}
	return &openapi3.SchemaRef{Value: out}
}
