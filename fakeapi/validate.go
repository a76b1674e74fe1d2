package fakeapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"regexp"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/clientkit/clientkit/internal/schemacheck"
)

// requestInput prepares r for validation against its route; the same input later validates the
// answer. r's body has been read (see call.body): validateRequest gives kin-openapi a reader of
// it where kin-openapi reads it.
func (h *Handler) requestInput(r *http.Request, route *routers.Route, params map[string]string) *openapi3filter.RequestValidationInput {
	r.Body, r.GetBody = http.NoBody, nil
	return &openapi3filter.RequestValidationInput{
		Request:    r,
		PathParams: params,
		Route:      route,
		Options:    h.validation,
	}
}

// validateRequest checks c's request against its operation, as in.Options say, and leaves the
// decoded body in c.value. kin-openapi checks the credentials and parameters; a JSON body whose
// schema has a compiled check is checked by it, and kin-openapi checks, and explains, any other
// body, including one the check does not accept.
func (h *Handler) validateRequest(c *call, in *openapi3filter.RequestValidationInput) error {
	ctx := c.r.Context()
	schema := jsonBodySchema(in.Route.Operation, c.r.Header.Get("Content-Type"))
	if schema == nil || len(c.body) == 0 {
		setBody(c)
		err := openapi3filter.ValidateRequest(ctx, in)
		c.value = validatedValue(c.r)
		return err
	}
	// The credentials and parameters are checked without the body, which authenticate never
	// reads and kin-openapi would otherwise copy for each security requirement.
	in.Options = h.paramsOnly
	err := openapi3filter.ValidateRequest(ctx, in)
	in.Options = h.validation
	if err != nil {
		return err
	}
	if v, whole, ok := decodeJSONBody(c.body); ok && schemaChecks.Accepts(schema, schemacheck.Request, v) {
		c.value, c.wholeJSON = v, whole
		return nil
	}
	setBody(c)
	err = openapi3filter.ValidateRequestBody(ctx, in, in.Route.Operation.RequestBody.Value)
	c.value = validatedValue(c.r)
	return err
}

// setBody gives c's request a reader of its body again, for kin-openapi to read.
func setBody(c *call) {
	if len(c.body) == 0 {
		return // kin-openapi would copy any other body for each security requirement
	}
	body := c.body
	c.r.Body = io.NopCloser(bytes.NewReader(body))
	c.r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
}

// jsonBodySchema is the schema of op's request body when contentType is plain JSON, which
// kin-openapi decodes with encoding/json alone (not as a file); nil otherwise.
func jsonBodySchema(op *openapi3.Operation, contentType string) *openapi3.Schema {
	if op.RequestBody == nil || op.RequestBody.Value == nil {
		return nil
	}
	mt, _, _ := strings.Cut(contentType, ";")
	if !strings.EqualFold(strings.TrimSpace(mt), "application/json") {
		return nil
	}
	media := op.RequestBody.Value.Content.Get(contentType)
	if media == nil || media.Schema == nil || media.Schema.Value == nil || len(media.Encoding) > 0 ||
		media.Schema.Value.Format == "binary" || decodeRefusesDuplicateNames {
		return nil
	}
	return media.Schema.Value
}

// decodeJSONBody decodes body the way kin-openapi's JSON body decoder does: numbers as
// json.Number, anything after the first value ignored (trailingJSON refuses it later). whole
// tells whether nothing but white space follows the value.
//
// json.Unmarshal is the quicker way, and it yields the very same value for a body that is one
// JSON value without numbers: only numbers decode differently (float64), so a body with any is
// decoded again with the Decoder.
func decodeJSONBody(body []byte) (v any, whole, ok bool) {
	if json.Unmarshal(body, &v) == nil && !hasNumber(v) {
		return v, true, true
	}
	d := json.NewDecoder(bytes.NewReader(body))
	d.UseNumber()
	v = nil
	if err := d.Decode(&v); err != nil {
		return nil, false, false
	}
	return v, len(bytes.TrimLeft(body[d.InputOffset():], jsonSpace)) == 0, true
}

// jsonSpace are the characters JSON allows around a value; Unicode has more spaces.
const jsonSpace = " \t\r\n"

// hasNumber tells whether a decoded JSON value holds a number anywhere.
func hasNumber(v any) bool {
	switch x := v.(type) {
	case float64:
		return true
	case []any:
		return slices.ContainsFunc(x, hasNumber)
	case map[string]any:
		for _, item := range x {
			if hasNumber(item) {
				return true
			}
		}
	}
	return false
}

// validatedValue is the body kin-openapi decoded and kept while validating r; nil when r had
// none.
func validatedValue(r *http.Request) any {
	if validated, ok := r.Body.(interface{ ValidatedValue() any }); ok {
		return validated.ValidatedValue()
	}
	return nil
}

// responseChecks are the options of every response validation: a status the operation does
// not declare (and no default covers) is a violation too.
var responseChecks = &openapi3filter.Options{IncludeResponseStatus: true}

// validateResponse checks a buffered answer against the operation's responses.
func validateResponse(ctx context.Context, in *openapi3filter.RequestValidationInput, rp reply) error {
	if rp.value != nil {
		return validateResponseValue(ctx, in, rp)
	}
	return openapi3filter.ValidateResponse(ctx, &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in,
		Status:                 rp.status,
		Header:                 rp.header,
		Body:                   io.NopCloser(bytes.NewReader(rp.body)),
		Options:                responseChecks,
	})
}

// statusBodyChecks has kin-openapi check the status and headers of an answer but not its body.
var statusBodyChecks = &openapi3filter.Options{IncludeResponseStatus: true, ExcludeResponseBody: true}

// schemaChecks are the compiled checks of the specs' body schemas: a value one accepts is valid,
// and kin-openapi judges (and explains) the others. The specs' routers live as long as the
// process, and so do their schemas' checks.
var schemaChecks schemacheck.Cache

// validateResponseValue checks an answer whose body is still a decoded value (see reply.value)
// exactly as openapi3filter.ValidateResponse checks a body it decodes itself: kin-openapi checks
// the status and headers, then the body's content type and schema are checked here the way
// ValidateResponse does after decoding, which spares encoding the value only to decode it again.
func validateResponseValue(ctx context.Context, in *openapi3filter.RequestValidationInput, rp reply) error {
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in,
		Status:                 rp.status,
		Header:                 rp.header,
		Options:                statusBodyChecks,
	}
	if err := openapi3filter.ValidateResponse(ctx, out); err != nil {
		return err
	}
	// Answers ValidateResponse never checks; no operation of the fake has them.
	switch rp.status {
	case http.StatusNotModified, http.StatusPermanentRedirect, http.StatusTemporaryRedirect, http.StatusMovedPermanently:
		return nil
	}
	if in.Request.Method == http.MethodHead {
		return nil
	}
	response := in.Route.Operation.Responses.Status(rp.status)
	if response == nil {
		response = in.Route.Operation.Responses.Default()
	}
	// ValidateResponse has refused a missing or unresolved response already.
	if response == nil || response.Value == nil || len(response.Value.Content) == 0 {
		return nil
	}
	mime := rp.header.Get("Content-Type")
	media := response.Value.Content.Get(mime)
	if media == nil {
		return &openapi3filter.ResponseError{Input: out, Reason: fmt.Sprintf("response header Content-Type has unexpected value: %q", mime)}
	}
	if media.Schema == nil {
		return nil
	}
	if schemaChecks.Accepts(media.Schema.Value, schemacheck.Response, rp.value) {
		return nil
	}
	// Every spec is labelled 3.0 (see api.Routers), so ValidateResponse would add no JSON Schema
	// 2020 option either.
	if err := media.Schema.Value.VisitJSON(rp.value, openapi3.VisitAsResponse()); err != nil {
		return &openapi3filter.ResponseError{Input: out, Reason: "response body doesn't match schema", Err: err}
	}
	return nil
}

// requestFailure turns a kin-openapi validation error into a failure in provider-neutral terms;
// style decides the statuses that differ between providers.
func requestFailure(style errorStyle, err error) failure {
	var authErr *authError
	if errors.As(err, &authErr) {
		return failure{status: http.StatusUnauthorized, code: authErr.code, message: authErr.message}
	}
	var reqErr *openapi3filter.RequestError
	if !errors.As(err, &reqErr) {
		return failure{status: http.StatusBadRequest, message: "the request does not match the API: " + err.Error()}
	}
	invalid := invalidStatus(style)
	if p := reqErr.Parameter; p != nil {
		if style == styleDwolla && strings.EqualFold(p.Name, "Accept") {
			return failure{status: http.StatusNotAcceptable, code: "InvalidVersion",
				message: "Accept must be " + dwollaMediaType}
		}
		f := schemaFailure(reqErr.Err)
		f.status = invalid
		f.field = []string{p.Name}
		f.message = fmt.Sprintf("%s %s: %s", p.In, p.Name, f.message)
		return f
	}
	switch {
	case strings.Contains(reqErr.Reason, "Content-Type") || strings.Contains(reqErr.Error(), "unsupported content type"):
		if style == styleOAuth {
			return failure{status: http.StatusBadRequest, message: "the body must be application/x-www-form-urlencoded"}
		}
		return failure{status: http.StatusUnsupportedMediaType,
			message: "unsupported Content-Type " + fmt.Sprintf("%q", reqErr.Input.Request.Header.Get("Content-Type"))}
	case errors.Is(reqErr.Err, openapi3filter.ErrInvalidRequired):
		return failure{status: invalid, message: "the request body is required", fieldCode: "Required"}
	}
	var schemaErr *openapi3.SchemaError
	if errors.As(err, &schemaErr) {
		f := schemaFailure(schemaErr)
		f.status = invalid
		if style == styleOAuth && f.code == "" && len(f.field) == 1 && f.field[0] == "grant_type" && f.fieldCode == "Invalid" {
			f.code = "unsupported_grant_type"
		}
		return f
	}
	return failure{status: invalid, message: "the request body could not be decoded"}
}

// invalidStatus is the status each provider gives a request that breaks the spec.
func invalidStatus(style errorStyle) int {
	if style == styleMollie {
		return http.StatusUnprocessableEntity
	}
	return http.StatusBadRequest
}

// missingProperty names the property in kin-openapi's reason for a missing required one.
var missingProperty = regexp.MustCompile(`property "([^"]+)" is missing`)

// schemaFailure names the failing field of a schema error and says what is wrong with it.
func schemaFailure(err error) failure {
	var se *openapi3.SchemaError
	if !errors.As(err, &se) {
		if errors.Is(err, openapi3filter.ErrInvalidRequired) {
			return failure{message: "is required", fieldCode: "Required"}
		}
		return failure{message: "is invalid", fieldCode: "Invalid"}
	}
	path := se.JSONPointer()
	reason := se.Reason
	if strings.Contains(reason, "cannot convert json.Number") {
		reason = "the number is out of range"
	}
	if se.SchemaField == "required" {
		name := ""
		if m := missingProperty.FindStringSubmatch(reason); m != nil {
			name = m[1]
		}
		if name != "" && (len(path) == 0 || path[len(path)-1] != name) {
			path = append(path, name)
		}
		return failure{field: path, message: strings.Join(path, ".") + " is required", fieldCode: "Required"}
	}
	message := reason
	if len(path) > 0 {
		message = strings.Join(path, ".") + ": " + reason
	}
	return failure{field: path, message: message, fieldCode: "Invalid"}
}

// trailingJSON refuses a JSON body with anything but white space after its value, which
// kin-openapi's decoder would ignore; every provider answers 400 to a body it cannot parse.
func trailingJSON(c *call) (failure, bool) {
	body := c.body
	if c.wholeJSON || len(body) == 0 || json.Valid(body) { // nothing trails
		return failure{}, false
	}
	mt, _, err := mime.ParseMediaType(c.r.Header.Get("Content-Type"))
	if err != nil || !(mt == "application/json" || strings.HasSuffix(mt, "+json")) || len(bytes.TrimSpace(body)) == 0 {
		return failure{}, false
	}
	d := json.NewDecoder(bytes.NewReader(body))
	var v json.RawMessage
	if err := d.Decode(&v); err != nil {
		return failure{}, false // not JSON at all: validation says so, in its own words
	}
	if _, err := d.Token(); err != io.EOF {
		return failure{status: http.StatusBadRequest,
			message: fmt.Sprintf("the request body has data after its JSON value (from byte %d)", d.InputOffset())}, true
	}
	return failure{}, false
}
