package conformance

import (
	"encoding/base64"
	"encoding/json"
	"mime"
	"net/http"
	"net/url"
	"strings"
)

// secretFields are the body fields (JSON or form, at any depth) whose values are secrets.
var secretFields = map[string]bool{
	"clear": true, "access_token": true, "refresh_token": true, "id_token": true, "code": true,
	"client_secret": true, "secret": true, "password": true, "token": true,
}

// minSecret is the shortest value scrubbed; shorter ones would blank ordinary words.
const minSecret = 4

// secrets are the secret values seen in one exchange, scrubbed from its messages as a second
// line of defence: messages are built without values in the first place.
type secrets []string

func (s *secrets) add(v string) {
	if len(v) >= minSecret {
		*s = append(*s, v)
	}
}

// fromRequest collects the credentials of r (Authorization, cookies, every query value) and the
// secret fields of its body.
func (s *secrets) fromRequest(r *http.Request, body []byte) {
	if a := r.Header.Get("Authorization"); a != "" {
		s.add(a)
		_, cred, _ := strings.Cut(a, " ")
		s.add(cred)
		if raw, err := base64.StdEncoding.DecodeString(cred); err == nil {
			user, pass, _ := strings.Cut(string(raw), ":")
			s.add(user)
			s.add(pass)
		}
	}
	for _, c := range r.Cookies() {
		s.add(c.Value)
	}
	for _, vs := range r.URL.Query() {
		for _, v := range vs {
			s.add(v)
		}
	}
	s.fromBody(r.Header.Get("Content-Type"), body)
}

// fromBody collects the values of secret fields of a JSON or form body.
func (s *secrets) fromBody(contentType string, body []byte) {
	if len(body) == 0 {
		return
	}
	mt, _, _ := mime.ParseMediaType(contentType)
	if mt == "application/x-www-form-urlencoded" {
		form, _ := url.ParseQuery(string(body))
		for k, vs := range form {
			if secretFields[k] {
				for _, v := range vs {
					s.add(v)
				}
			}
		}
		return
	}
	var v any
	if json.Unmarshal(body, &v) == nil {
		s.walk(v)
	}
}

func (s *secrets) walk(v any) {
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			if str, ok := x.(string); ok && secretFields[k] {
				s.add(str)
			}
			s.walk(x)
		}
	case []any:
		for _, x := range t {
			s.walk(x)
		}
	}
}

// scrub replaces every secret in msg.
func (s secrets) scrub(msg string) string {
	for _, v := range s {
		msg = strings.ReplaceAll(msg, v, "[redacted]")
	}
	return msg
}
