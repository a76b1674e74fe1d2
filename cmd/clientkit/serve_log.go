package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/clientkit/clientkit/fakeapi"
)

// requestLogger prints serve's --log lines, one per request, whole lines even when requests end
// at the same time.
type requestLogger struct {
	mu     sync.Mutex
	w      io.Writer
	asJSON bool
}

func newRequestLogger(w io.Writer, format string) (*requestLogger, error) {
	switch format {
	case "human":
		return &requestLogger{w: w}, nil
	case "json":
		return &requestLogger{w: w, asJSON: true}, nil
	}
	return nil, flagProblem("log-format", format, "is not one of human, json")
}

// log prints one request. The request log holds no credentials, bodies or query strings, so
// neither does the line.
func (l *requestLogger) log(r fakeapi.Request) {
	var line []byte
	if l.asJSON {
		line, _ = json.Marshal(r) // a Request always encodes
	} else {
		line = []byte(humanLine(r))
	}
	line = append(line, '\n')
	l.mu.Lock()
	defer l.mu.Unlock()
	_, _ = l.w.Write(line)
}

// humanLine is a request as one readable line: time, provider, operation, method, path, status,
// duration, then what applied and why it was refused.
func humanLine(r fakeapi.Request) string {
	var b strings.Builder
	status := "-"
	if r.Status != 0 {
		status = fmt.Sprint(r.Status)
	}
	fmt.Fprintf(&b, "%s %-8s %-28s %-6s %s %s %.3fms", r.Time.UTC().Format("15:04:05.000"),
		orDash(r.Provider), orDash(r.OperationID), r.Method, r.Path, status, float64(r.Duration.Microseconds())/1000)
	if r.Fault != "" {
		b.WriteString(" fault=" + r.Fault)
	}
	if r.Trigger != "" {
		b.WriteString(" trigger=" + r.Trigger)
	}
	if r.Replayed {
		b.WriteString(" replayed")
	}
	if r.Message != "" {
		fmt.Fprintf(&b, " message=%q", r.Message)
	}
	return b.String()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
