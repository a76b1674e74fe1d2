package fakeapi

import (
	"encoding/json"
	"net/http"
)

// reply is a complete, buffered answer: handlers build one, the pipeline validates it against the
// spec and only then writes it.
type reply struct {
	status int
	header http.Header
	body   []byte
}

// jsonReply encodes v as the body of an answer with the given status and content type.
func jsonReply(status int, contentType string, v any) reply {
	body, err := json.Marshal(v)
	if err != nil {
		// Only the fake's own types are encoded here; failing to encode one is a bug in the fake.
		return plainError(http.StatusInternalServerError, "fakeapi: encode answer: "+err.Error())
	}
	h := http.Header{}
	h.Set("Content-Type", contentType)
	return reply{status: status, header: h, body: body}
}

// emptyReply is an answer without a body, such as 204.
func emptyReply(status int) reply { return reply{status: status, header: http.Header{}} }

// plainError is a JSON error for paths that belong to no provider.
func plainError(status int, message string) reply {
	body, _ := json.Marshal(map[string]string{"error": message})
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	return reply{status: status, header: h, body: body}
}

func (rp reply) clone() reply {
	return reply{status: rp.status, header: rp.header.Clone(), body: append([]byte(nil), rp.body...)}
}

func (rp reply) write(w http.ResponseWriter) {
	for k, v := range rp.header {
		w.Header()[k] = v
	}
	w.WriteHeader(rp.status)
	_, _ = w.Write(rp.body)
}
