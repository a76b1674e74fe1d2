package fakeapi

import (
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"time"
)

// reply is a complete, buffered answer: handlers build one, the pipeline validates it against the
// spec and only then writes it.
type reply struct {
	status int
	header http.Header
	body   []byte
	// value, when set, is the JSON body as decoded values (map[string]any, []any, string,
	// json.Number, bool, nil) and body is still empty: the pipeline validates value itself and
	// only then encodes it, so what is written is exactly what was checked.
	value any
	// note says why a request was refused, for the request log; it never holds a secret.
	note string
}

// jsonReply encodes v as the body of an answer with the given status and content type.
func jsonReply(status int, contentType string, v any) reply {
	body, err := json.Marshal(v)
	if err != nil {
		// Only the fake's own types are encoded here; failing to encode one is a bug in the fake.
		return plainError(http.StatusInternalServerError, "fakeapi: encode answer: "+err.Error())
	}
	return reply{status: status, header: contentTypeHeader(contentType), body: body}
}

// tokenReply is an OAuth token answer (RFC 6749 section 5.1), never to be cached: token, its
// type and its lifetime in whole seconds, plus the fields in extra.
func tokenReply(token, tokenType string, lifetime time.Duration, extra map[string]any) reply {
	body := map[string]any{
		"access_token": token,
		"token_type":   tokenType,
		"expires_in":   int(lifetime.Seconds()),
	}
	maps.Copy(body, extra)
	rp := jsonReply(http.StatusOK, "application/json", body)
	rp.setHeader("Cache-Control", "no-store")
	return rp
}

// valueReply is an answer whose body is the JSON value v, built only from the types that
// decoding JSON into an any yields (numbers as json.Number); see reply.value.
func valueReply(status int, contentType string, v any) reply {
	return reply{status: status, header: contentTypeHeader(contentType), value: v}
}

// contentTypeHeader is a header holding only this Content-Type. The answers of each content type
// the fake uses share one, read-only: setHeader copies it before a change.
func contentTypeHeader(contentType string) http.Header {
	if h, ok := sharedContentTypes[contentType]; ok {
		return h
	}
	return http.Header{"Content-Type": {contentType}}
}

// sharedContentTypes are contentTypeHeader's shared maps.
var sharedContentTypes = func() map[string]http.Header {
	m := map[string]http.Header{}
	for _, ct := range []string{"application/json", mollieErrorType, dwollaMediaType} {
		m[ct] = http.Header{"Content-Type": {ct}}
	}
	return m
}()

// setHeader sets one header of the answer. A reply's header map may be shared with other
// replies, so it is copied first; no answer sets more than a few headers.
func (rp *reply) setHeader(key, value string) {
	h := rp.header.Clone()
	if h == nil {
		h = http.Header{}
	}
	h.Set(key, value)
	rp.header = h
}

// encoded returns rp with its value, if any, encoded into its body.
func (rp reply) encoded() (reply, error) {
	if rp.value == nil {
		return rp, nil
	}
	body, err := encodeValue(rp.value)
	if err != nil {
		return reply{}, err
	}
	rp.body, rp.value = body, nil
	return rp, nil
}

// emptyReply is an answer without a body, such as 204.
func emptyReply(status int) reply { return reply{status: status, header: http.Header{}} }

// plainError is a JSON error for paths that belong to no provider.
func plainError(status int, message string) reply {
	body, _ := json.Marshal(map[string]string{"error": message})
	return reply{status: status, header: contentTypeHeader("application/json"), body: body, note: message}
}

func (rp reply) clone() reply {
	return reply{status: rp.status, header: rp.header.Clone(), body: append([]byte(nil), rp.body...), value: rp.value, note: rp.note}
}

func (rp reply) write(w http.ResponseWriter) {
	header := w.Header()
	for k, v := range rp.header {
		header[k] = slices.Clone(v) // the writer's header is the caller's to change; rp's is shared
	}
	w.WriteHeader(rp.status)
	_, _ = w.Write(rp.body)
}
