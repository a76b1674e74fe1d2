package main

import (
	"net/http"
	"sync"
	"time"
)

// exchange is one HTTP request the demo made and what came of it.
type exchange struct {
	Method   string  `json:"method"`
	Path     string  `json:"path"`
	Status   int     `json:"status,omitempty"` // 0 when no answer came
	Error    string  `json:"error,omitempty"`  // the transport error, when no answer came
	Duration float64 `json:"durationMs"`
}

// recorder is a RoundTripper that logs every exchange, so each demo step can show the HTTP
// statuses behind it, retries included. It keeps paths only: no query, header or body.
type recorder struct {
	base http.RoundTripper
	mu   sync.Mutex
	log  []exchange
}

// RoundTrip sends req through the base transport and logs the outcome.
func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	start := time.Now()
	resp, err := r.base.RoundTrip(req)
	e := exchange{Method: req.Method, Path: req.URL.Path, Duration: millis(time.Since(start))}
	if err != nil {
		e.Error = "connection failed"
	} else {
		e.Status = resp.StatusCode
	}
	r.mu.Lock()
	r.log = append(r.log, e)
	r.mu.Unlock()
	return resp, err
}

// mark returns a position in the log; since returns what was logged after it.
func (r *recorder) mark() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.log)
}

func (r *recorder) since(mark int) []exchange {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]exchange(nil), r.log[mark:]...)
}

// millis is d in milliseconds, rounded to 0.1 ms.
func millis(d time.Duration) float64 {
	return float64(d.Round(100*time.Microsecond)) / float64(time.Millisecond)
}
