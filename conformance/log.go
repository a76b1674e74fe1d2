package conformance

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// logger writes one line per exchange: method, path, operation, status, duration and
// violations. It never writes headers, query strings or bodies.
type logger struct {
	mu   sync.Mutex
	w    io.Writer
	json bool
}

// WithLog has one line per exchange written to w, as text, or as JSON lines when asJSON.
func WithLog(w io.Writer, asJSON bool) Option {
	return func(c *config) { c.log = &logger{w: w, json: asJSON} }
}

func (l *logger) exchange(e Exchange) {
	var line string
	if l.json {
		b, _ := json.Marshal(struct {
			Exchange
			Millis float64 `json:"ms"`
		}{e, float64(e.Duration.Microseconds()) / 1000})
		line = string(b)
	} else {
		op := e.Operation
		if op == "" {
			op = "?"
		}
		line = fmt.Sprintf("%s %s (%s) -> %d in %s: ", e.Method, e.Path, op, e.Status, e.Duration.Round(time.Millisecond))
		if len(e.Violations) == 0 {
			line += "ok"
		} else {
			parts := make([]string, len(e.Violations))
			for i, v := range e.Violations {
				parts[i] = fmt.Sprintf("%s %s: %s", v.Direction, v.Field, v.Message)
			}
			line += fmt.Sprintf("%d violations: %s", len(parts), strings.Join(parts, "; "))
		}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintln(l.w, line)
}
