package conformance

import (
	"bytes"
	"context"
	"io"
	"net/http"

	"github.com/getkin/kin-openapi/openapi3filter"

	"github.com/clientkit/clientkit/api"
)

// validator checks requests and answers against routed specs; it is safe for concurrent use.
type validator struct {
	routers []specRouter
}

// exchange is one request on its way through the validator, kept to check its answer.
type exchange struct {
	provider api.Provider
	op       string
	method   string
	path     string
	input    *openapi3filter.RequestValidationInput // nil when no operation matched

	// Where the exchange's secrets are: the request as it came (not the copy kin-openapi reads)
	// and its body, then the answer's body once checkResponse has it. They are collected only
	// when a violation is reported, which most exchanges never do.
	req              *http.Request
	body             []byte
	answerType       string
	answer           []byte
	secrets          secrets
	requestCollected bool
	answerCollected  bool
}

// requestChecks validates everything kin-openapi can about a request, reporting every error.
var requestChecks = openapi3filter.Options{MultiError: true, AuthenticationFunc: credentialPresent}

// responseChecks also reports a status the operation does not declare.
var responseChecks = openapi3filter.Options{MultiError: true, IncludeResponseStatus: true}

// checkRequest validates req, whose body (already read) is body. It does not touch req.
func (v *validator) checkRequest(ctx context.Context, req *http.Request, body []byte) (*exchange, []Violation) {
	vr := req.Clone(ctx)
	setBody(vr, body)
	ex := &exchange{method: req.Method, path: req.URL.Path, req: req, body: body}
	p, rt, params, ok := route(v.routers, vr)
	if !ok {
		return ex, []Violation{ex.violation(Request, "route", "no operation of the specs has this method and path")}
	}
	ex.provider, ex.op = p, rt.Operation.OperationID
	opts := requestChecks
	ex.input = &openapi3filter.RequestValidationInput{Request: vr, PathParams: params, Route: rt, Options: &opts}
	return ex, ex.violations(Request, openapi3filter.ValidateRequest(ctx, ex.input))
}

// checkResponse validates an answer to ex.
func (v *validator) checkResponse(ctx context.Context, ex *exchange, status int, header http.Header, body []byte) []Violation {
	if ex.input == nil {
		return nil
	}
	ex.answerType, ex.answer = header.Get("Content-Type"), body
	opts := responseChecks
	err := openapi3filter.ValidateResponse(ctx, &openapi3filter.ResponseValidationInput{
		RequestValidationInput: ex.input,
		Status:                 status,
		Header:                 header,
		Body:                   io.NopCloser(bytes.NewReader(body)),
		Options:                &opts,
	})
	return ex.violations(Response, err)
}

// violation builds a violation of ex with the secrets seen in it so far scrubbed from the
// message: the request's, and the answer's once it is being checked.
func (ex *exchange) violation(dir Direction, field, message string) Violation {
	s := ex.seenSecrets()
	return Violation{
		Provider: string(ex.provider), Operation: ex.op, Method: ex.method, Path: ex.path,
		Direction: dir, Field: s.scrub(field), Message: s.scrub(message),
	}
}

// seenSecrets collects, once each, the secrets of the request and of the answer checked so far.
func (ex *exchange) seenSecrets() secrets {
	if !ex.requestCollected {
		ex.secrets.fromRequest(ex.req, ex.body)
		ex.requestCollected = true
	}
	if ex.answer != nil && !ex.answerCollected {
		ex.secrets.fromBody(ex.answerType, ex.answer)
		ex.answerCollected = true
	}
	return ex.secrets
}

// setBody gives r a fresh reader over body, and GetBody for redirects and retries.
func setBody(r *http.Request, body []byte) {
	if body == nil {
		r.Body, r.GetBody = nil, nil
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	r.ContentLength = int64(len(body))
}

// readBody reads and closes a body; a nil body reads as nil.
func readBody(rc io.ReadCloser) ([]byte, error) {
	if rc == nil || rc == http.NoBody {
		return nil, nil
	}
	defer rc.Close()
	return io.ReadAll(rc)
}
