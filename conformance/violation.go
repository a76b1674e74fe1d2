package conformance

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Direction tells which half of an exchange broke the spec.
type Direction string

// The two directions of an exchange.
const (
	Request  Direction = "request"
	Response Direction = "response"
)

// Violation is one way an exchange breaks the spec.
type Violation struct {
	// Provider is the API the exchange was routed to; empty when no spec matched.
	Provider string `json:"provider,omitempty"`
	// Operation is the operationId; empty when no operation matched.
	Operation string `json:"operation,omitempty"`
	// Method and Path are the request's method and URL path.
	Method string `json:"method"`
	Path   string `json:"path"`
	// Direction is the half at fault.
	Direction Direction `json:"direction"`
	// Field is what is at fault: "body/owner/email" (a JSON pointer into the body), "header
	// Accept", "query limit", "status", "security", "route".
	Field string `json:"field"`
	// Message says what is wrong, without any value from the traffic.
	Message string `json:"message"`
}

// String formats v on one line.
func (v Violation) String() string {
	op := v.Operation
	if op == "" {
		op = "?"
	}
	return fmt.Sprintf("%s %s %s (%s) %s: %s", v.Direction, v.Method, v.Path, op, v.Field, v.Message)
}

// Report is a summary of the exchanges seen and their violations.
type Report struct {
	// Exchanges counts the requests seen.
	Exchanges int `json:"exchanges"`
	// Violations lists every violation in the order found.
	Violations []Violation `json:"violations"`
}

// OK tells whether no violation was seen.
func (r Report) OK() bool { return len(r.Violations) == 0 }

// String formats r as text: a summary line, then one line per violation.
func (r Report) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d exchanges, %d violations\n", r.Exchanges, len(r.Violations))
	for _, v := range r.Violations {
		b.WriteString("  " + v.String() + "\n")
	}
	return b.String()
}

// JSON encodes r.
func (r Report) JSON() []byte {
	if r.Violations == nil {
		r.Violations = []Violation{}
	}
	b, _ := json.Marshal(r) // a Report always encodes
	return b
}
