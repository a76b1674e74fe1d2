// Package upstreamfacts extracts the facts of an OpenAPI document that clientkit's conformance
// checks need (operation ids, methods, paths, parameters, schema shapes, status codes, content
// types, security scheme names) and nothing else: no descriptions, summaries, examples or titles.
// The facts of each upstream spec are kept in api/upstream/<provider>.json, so the checks run in
// any clone without shipping the upstream text.
package upstreamfacts

// File is the content of one facts file: where the facts come from and the facts themselves.
type File struct {
	// Comment says the file is machine-written and how to regenerate it.
	Comment string `json:"comment"`
	// Provider is the api.Provider the facts belong to.
	Provider string `json:"provider"`
	// Provenance records the upstream source.
	Provenance Provenance `json:"provenance"`
	// Facts are the extracted facts.
	Facts Facts `json:"facts"`
}

// Provenance tells where a facts file was extracted from.
type Provenance struct {
	// Repository is the upstream GitHub repository, owner/name.
	Repository string `json:"repository"`
	// Path is the spec's path inside Repository.
	Path string `json:"path"`
	// Commit is the upstream commit the facts describe.
	Commit string `json:"commit"`
	// License is the licence the upstream spec states.
	License string `json:"license,omitempty"`
	// SourceSHA256 is the hex SHA-256 of the exact bytes the facts were extracted from.
	SourceSHA256 string `json:"sourceSha256"`
	// Source says what those bytes were (the upstream file, or an excerpt of it).
	Source string `json:"source,omitempty"`
}

// Facts are the facts of one OpenAPI document.
type Facts struct {
	// OpenAPI is the document's OpenAPI version.
	OpenAPI string `json:"openapi"`
	// SecuritySchemes maps each declared security scheme's name to its type.
	SecuritySchemes map[string]string `json:"securitySchemes,omitempty"`
	// Operations are the document's operations, sorted by id.
	Operations []Operation `json:"operations"`
}

// Operation is the facts of one operation.
type Operation struct {
	// ID is the operationId.
	ID string `json:"operationId"`
	// Method is the upper-case HTTP method.
	Method string `json:"method"`
	// Path is the full path: the first server's base path followed by the path template.
	Path string `json:"path"`
	// Security lists the alternatives of the operation's effective security requirement, each
	// a map from scheme name to scopes; nil when the operation needs none.
	Security []map[string][]string `json:"security,omitempty"`
	// Parameters are the path-level and operation-level parameters.
	Parameters []Parameter `json:"parameters,omitempty"`
	// RequestBody is the request body, if any.
	RequestBody *RequestBody `json:"requestBody,omitempty"`
	// Responses maps each status code (or "default") to its content types and their schemas.
	Responses map[string]map[string]*Schema `json:"responses"`
}

// Parameter is the facts of one parameter.
type Parameter struct {
	// Name is the parameter's name.
	Name string `json:"name"`
	// In is where it goes: path, query, header or cookie.
	In string `json:"in"`
	// Required tells whether it must be sent.
	Required bool `json:"required,omitempty"`
	// Schema is its shape.
	Schema *Schema `json:"schema,omitempty"`
}

// RequestBody is the facts of a request body.
type RequestBody struct {
	// Required tells whether a body must be sent.
	Required bool `json:"required,omitempty"`
	// Content maps each content type to its schema.
	Content map[string]*Schema `json:"content"`
}

// Schema is the shape of a value, with allOf merged and references inlined.
type Schema struct {
	// Type lists the JSON types, sorted.
	Type []string `json:"type,omitempty"`
	// Format is the format keyword.
	Format string `json:"format,omitempty"`
	// Enum lists the allowed values.
	Enum []any `json:"enum,omitempty"`
	// Nullable is OpenAPI 3.0's nullable.
	Nullable bool `json:"nullable,omitempty"`
	// Required lists the required property names, sorted.
	Required []string `json:"required,omitempty"`
	// Properties maps property names to their shapes.
	Properties map[string]*Schema `json:"properties,omitempty"`
	// Items is the shape of array items.
	Items *Schema `json:"items,omitempty"`
	// AdditionalProperties is the shape of the values of a map.
	AdditionalProperties *Schema `json:"additionalProperties,omitempty"`
}
