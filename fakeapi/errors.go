package fakeapi

import (
	"net/http"
	"strings"
)

// errorStyle is the shape in which an endpoint reports failures.
type errorStyle int

const (
	// styleMollie: application/hal+json {status, title, detail, field?, _links.documentation}.
	styleMollie errorStyle = iota
	// styleDwolla: application/vnd.dwolla.v1.hal+json {code, message, _embedded.errors[]}.
	styleDwolla
	// styleFormance: application/json {errorCode, errorMessage}.
	styleFormance
	// styleOAuth: application/json {error, error_description} (RFC 6749 section 5.2).
	styleOAuth
)

// failure describes what went wrong, independent of the provider's shape.
type failure struct {
	status  int
	code    string   // provider code; the status's usual code when empty
	message string   // for people; never holds a secret
	field   []string // path of the failing request field, if any
	// fieldCode is Dwolla's per-field code: Required or Invalid.
	fieldCode string
}

const (
	mollieErrorType = "application/hal+json"
	dwollaMediaType = "application/vnd.dwolla.v1.hal+json"
	mollieErrorDocs = "https://docs.mollie.com/overview/handling-errors"
)

// reply renders f in the style's shape; its note (for the request log) is f's message.
func (s errorStyle) reply(f failure) reply {
	rp := s.shape(f)
	rp.note = f.logNote()
	return rp
}

// logNote is f's message for the request log, naming the failing field when the message does not.
func (f failure) logNote() string {
	if len(f.field) == 0 {
		return f.message
	}
	field := strings.Join(f.field, ".")
	if strings.Contains(f.message, field) {
		return f.message
	}
	return field + ": " + f.message
}

// shape renders f as the provider's error body.
func (s errorStyle) shape(f failure) reply {
	code := f.code
	if code == "" {
		code = s.defaultCode(f.status)
	}
	switch s {
	case styleMollie:
		body := map[string]any{
			"status": f.status,
			"title":  http.StatusText(f.status),
			"detail": f.message,
			"_links": map[string]any{"documentation": map[string]string{"href": mollieErrorDocs, "type": "text/html"}},
		}
		if len(f.field) > 0 {
			body["field"] = strings.Join(f.field, ".")
		}
		return jsonReply(f.status, mollieErrorType, body)
	case styleDwolla:
		body := map[string]any{"code": code, "message": f.message}
		if len(f.field) > 0 && f.status == http.StatusBadRequest {
			fieldCode := f.fieldCode
			if fieldCode == "" {
				fieldCode = "Invalid"
			}
			body["code"] = "ValidationError"
			body["message"] = "Validation error(s) present. See embedded errors list for more details."
			body["_embedded"] = map[string]any{"errors": []map[string]any{{
				"code": fieldCode, "message": f.message, "path": "/" + strings.Join(f.field, "/"),
			}}}
		}
		return jsonReply(f.status, dwollaMediaType, body)
	case styleFormance:
		return jsonReply(f.status, "application/json", map[string]string{"errorCode": code, "errorMessage": f.logNote()})
	default:
		return jsonReply(f.status, "application/json", map[string]string{"error": code, "error_description": f.message})
	}
}

// defaultCode is the code each provider uses for a status when nothing more specific applies.
func (s errorStyle) defaultCode(status int) string {
	switch s {
	case styleDwolla:
		switch status {
		case 400:
			return "BadRequest"
		case 401:
			return "InvalidAccessToken"
		case 403:
			return "Forbidden"
		case 404:
			return "NotFound"
		case 405:
			return "MethodNotAllowed"
		case 406:
			return "InvalidVersion"
		case 409:
			return "Conflict"
		case 415:
			return "UnsupportedMediaType"
		case 429:
			return "TooManyRequests"
		case 503:
			return "ServiceUnavailable"
		}
		if status >= 500 {
			return "ServerError"
		}
		return "BadRequest"
	case styleFormance:
		switch status {
		case 401:
			return "UNAUTHORIZED"
		case 403:
			return "FORBIDDEN"
		case 404:
			return "NOT_FOUND"
		case 405:
			return "METHOD_NOT_ALLOWED"
		case 409:
			return "CONFLICT"
		case 425:
			return "TOO_EARLY"
		case 429:
			return "TOO_MANY_REQUESTS"
		}
		if status >= 500 {
			return "INTERNAL"
		}
		return "VALIDATION"
	case styleOAuth:
		switch status {
		case 401:
			return "invalid_client"
		case 429, 503:
			return "temporarily_unavailable"
		}
		if status >= 500 {
			return "server_error"
		}
		return "invalid_request"
	}
	return ""
}
