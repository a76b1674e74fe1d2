package fakeapi

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"net/http"
	"time"
)

// pageFiles are the fake's HTML pages (inspector, consent screen) and the inspector's script.
//
//go:embed pages/*.html pages/*.js
var pageFiles embed.FS

// pageTemplates are the parsed pages; html/template escapes every value they show.
var pageTemplates = template.Must(template.New("pages").Funcs(template.FuncMap{
	"clock":    func(t time.Time) string { return t.UTC().Format("15:04:05.000") },
	"date":     func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") },
	"duration": formatDuration,
	"dict":     templateDict,
}).ParseFS(pageFiles, "pages/*.html"))

// formatDuration shows a request's duration in milliseconds, to the microsecond.
func formatDuration(d time.Duration) string {
	return fmt.Sprintf("%.3f ms", float64(d.Microseconds())/1000)
}

// pageSecurity is the Content-Security-Policy of every page: scripts only from the fake itself,
// no framing (a framed consent screen could be clicked by another site).
const pageSecurity = "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'"

// htmlReply is an HTML page that is never cached, framed or sent on as a referrer.
func htmlReply(status int, body []byte) reply {
	return reply{status: status, body: body, header: http.Header{
		"Content-Type":            {"text/html; charset=utf-8"},
		"Cache-Control":           {"no-store"},
		"Content-Security-Policy": {pageSecurity},
		"X-Frame-Options":         {"DENY"},
		"Referrer-Policy":         {"no-referrer"},
	}}
}

// htmlMessage is a short page telling the customer why their action failed.
func htmlMessage(status int, message string) reply {
	rp := renderPage(status, "message.html", map[string]any{"Title": http.StatusText(status), "Message": message})
	rp.note = message
	return rp
}

// renderPage renders one of pageTemplates as an HTML reply.
func renderPage(status int, name string, data any) reply {
	var body bytes.Buffer
	if err := pageTemplates.ExecuteTemplate(&body, name, data); err != nil {
		return plainError(http.StatusInternalServerError, "fakeapi: render "+name+": "+err.Error())
	}
	return htmlReply(status, body.Bytes())
}

// serveStatic writes one of pageFiles.
func serveStatic(w http.ResponseWriter, name, contentType string) {
	body, err := pageFiles.ReadFile("pages/" + name)
	if err != nil {
		plainError(http.StatusNotFound, "fakeapi: no file "+name).write(w)
		return
	}
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Cache-Control", "no-cache")
	_, _ = w.Write(body)
}

// templateDict builds a map from alternating keys and values, to pass several values to a
// sub-template.
func templateDict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, fmt.Errorf("dict needs key and value pairs, got %d arguments", len(kv))
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		key, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict key %v is not a string", kv[i])
		}
		m[key] = kv[i+1]
	}
	return m, nil
}
