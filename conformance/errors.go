package conformance

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

// violations turns a kin-openapi validation error into violations of ex. Messages are built from
// the errors' reasons and locations only, never from the offending values.
func (ex *exchange) violations(dir Direction, err error) []Violation {
	if err == nil {
		return nil
	}
	// Only a MultiError at the top: the ones inside a RequestError are handled with its context.
	if multi, ok := err.(openapi3.MultiError); ok {
		var out []Violation
		for _, e := range multi {
			out = append(out, ex.violations(dir, e)...)
		}
		return out
	}
	var reqErr *openapi3filter.RequestError
	var secErr *openapi3filter.SecurityRequirementsError
	var respErr *openapi3filter.ResponseError
	switch {
	case errors.As(err, &secErr):
		var why []string
		for _, e := range secErr.Errors {
			why = append(why, e.Error()) // ours, from credentialPresent: names, never values
		}
		return []Violation{ex.violation(dir, "security", "no declared security requirement is met: "+strings.Join(why, "; "))}
	case errors.As(err, &reqErr):
		switch {
		case reqErr.Parameter != nil:
			return ex.schemaViolations(dir, reqErr.Parameter.In+" "+reqErr.Parameter.Name, reqErr.Reason, reqErr.Err)
		case reqErr.RequestBody != nil && strings.Contains(reqErr.Reason, "Content-Type"):
			return []Violation{ex.violation(dir, "header Content-Type", "not a content type the operation accepts")}
		case reqErr.RequestBody != nil:
			return ex.schemaViolations(dir, "body", reqErr.Reason, reqErr.Err)
		}
		return []Violation{ex.violation(dir, "request", reasonOf(reqErr.Reason, reqErr.Err))}
	case errors.As(err, &respErr):
		switch {
		case strings.Contains(respErr.Reason, "status code") || strings.Contains(respErr.Reason, "status is not supported"):
			return []Violation{ex.violation(dir, "status", "the operation declares no such status (nor a default answer)")}
		case strings.Contains(respErr.Reason, "Content-Type"):
			return []Violation{ex.violation(dir, "header Content-Type", "not a content type the answer declares")}
		case respErr.Err != nil:
			return ex.schemaViolations(dir, "body", respErr.Reason, respErr.Err)
		}
		return []Violation{ex.violation(dir, "response", respErr.Reason)}
	}
	// Anything else is reported by location and reason only: error texts may quote values.
	return ex.schemaViolations(dir, string(dir), "", err)
}

// schemaViolations lists the schema errors inside err, each at its JSON pointer below field.
func (ex *exchange) schemaViolations(dir Direction, field, reason string, err error) []Violation {
	if multi, ok := err.(openapi3.MultiError); ok {
		var out []Violation
		for _, e := range multi {
			out = append(out, ex.schemaViolations(dir, field, reason, e)...)
		}
		return out
	}
	var se *openapi3.SchemaError
	if errors.As(err, &se) {
		at := field
		if ptr := se.JSONPointer(); len(ptr) > 0 {
			at += "/" + strings.Join(ptr, "/")
		}
		// allOf, anyOf and oneOf wrap the finding that matters, which has the full pointer.
		if se.Origin != nil && (se.SchemaField == "allOf" || se.SchemaField == "anyOf" || se.SchemaField == "oneOf") {
			return ex.schemaViolations(dir, field, reason, se.Origin)
		}
		if found := jsonSchemaLines(se.Reason); found != nil {
			out := make([]Violation, 0, len(found))
			for _, l := range found {
				out = append(out, ex.violation(dir, strings.TrimSuffix(field+l[1], "/"), l[2]))
			}
			return out
		}
		return []Violation{ex.violation(dir, at, se.Reason)}
	}
	return []Violation{ex.violation(dir, field, reasonOf(reason, err))}
}

// jsonSchemaLine is one finding of the JSON Schema 2020-12 validator kin-openapi uses for
// OpenAPI 3.1 documents: "- at '/pointer': message".
var jsonSchemaLine = regexp.MustCompile(`(?m)^\s*- at '([^']*)': (.*)$`)

// leadingValue is the offending value some of that validator's messages start with
// ("'x' is not valid email", "'x' does not match pattern ...").
var leadingValue = regexp.MustCompile(`^'(?:[^'\\]|\\.)*' `)

// jsonSchemaLines splits a 3.1 validation reason into pointer and message pairs, with any
// quoted offending value replaced; nil when reason is not of that form.
func jsonSchemaLines(reason string) [][]string {
	if !strings.HasPrefix(reason, "jsonschema validation failed") {
		return nil
	}
	found := jsonSchemaLine.FindAllStringSubmatch(reason, -1)
	for _, l := range found {
		l[2] = leadingValue.ReplaceAllString(l[2], "the value ")
	}
	return found
}

// reasonOf prefers kin-openapi's reason; the text of a parse error is left out because it
// quotes the value it could not parse.
func reasonOf(reason string, err error) string {
	var pe *openapi3filter.ParseError
	switch {
	case errors.As(err, &pe):
		return strings.TrimSpace(reason + " (" + fmt.Sprint(pe.Kind) + " error: " + pe.Reason + ")")
	case reason != "":
		return reason
	case err != nil:
		if errors.Is(err, openapi3filter.ErrInvalidRequired) {
			return "required but missing"
		}
		if errors.Is(err, openapi3filter.ErrInvalidEmptyValue) {
			return "empty value"
		}
		return "does not match the spec"
	}
	return "does not match the spec"
}
