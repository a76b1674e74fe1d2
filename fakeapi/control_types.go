package fakeapi

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// FaultRequest is the JSON body of POST /_fake/faults, and one element of the list GET
// /_fake/faults returns, for example
// {"operationId":"createClient","status":503,"retryAfter":"2","times":2} or
// {"operationId":"createClientToken","delay":"1s","drop":true}. See Fault for the meaning of
// each field; OperationID is one of OperationIDs.
type FaultRequest struct {
	OperationID string `json:"operationId"`
	Status      int    `json:"status,omitempty"`
	RetryAfter  string `json:"retryAfter,omitempty"`
	Delay       string `json:"delay,omitempty"` // a Go duration such as 250ms
	Drop        bool   `json:"drop,omitempty"`
	// Times is how many calls the fault applies to (0 means once); in GET /_fake/faults, how
	// many are left.
	Times int `json:"times,omitempty"`
}

// ControlError is the JSON body of every refusal of the control API: what is wrong, the field or
// parameter at fault and, when they are few, its valid values.
type ControlError struct {
	Error string   `json:"error"`
	Field string   `json:"field,omitempty"`
	Valid []string `json:"valid,omitempty"`
}

// fieldError is a ControlError as an error, so that checks can return it.
type fieldError struct{ ControlError }

func (e *fieldError) Error() string { return e.ControlError.Error }

func badField(field, message string, valid ...string) *fieldError {
	return &fieldError{ControlError{Error: message, Field: field, Valid: valid}}
}

// fault turns the request into a checked Fault, or says which field is wrong and what it
// accepts.
func (fr FaultRequest) fault() (Fault, *fieldError) {
	if !slices.Contains(OperationIDs(), fr.OperationID) {
		return Fault{}, badField("operationId", fmt.Sprintf("fakeapi: unknown operationId %q", fr.OperationID), OperationIDs()...)
	}
	f := Fault{Status: fr.Status, RetryAfter: fr.RetryAfter, Drop: fr.Drop, Times: fr.Times}
	if fr.Delay != "" {
		d, err := time.ParseDuration(fr.Delay)
		if err != nil || d < 0 {
			return Fault{}, badField("delay", fmt.Sprintf("fakeapi: delay %q is not a non-negative Go duration such as 250ms or 2s", fr.Delay))
		}
		f.Delay = d
	}
	if p := f.problem(true); p != nil {
		return Fault{}, p
	}
	return f, nil
}

// validRetryAfter accepts what RFC 9110 allows in Retry-After: seconds or an HTTP date.
func validRetryAfter(v string) bool {
	if n, err := strconv.Atoi(v); err == nil {
		return n >= 0
	}
	_, err := http.ParseTime(v)
	return err == nil
}

// faultRequestOf describes a pending fault for GET /_fake/faults.
func faultRequestOf(operationID string, f Fault) FaultRequest {
	fr := FaultRequest{OperationID: operationID, Status: f.Status, RetryAfter: f.RetryAfter, Drop: f.Drop, Times: f.Times}
	if f.Delay > 0 {
		fr.Delay = f.Delay.String()
	}
	return fr
}

// PendingFaults lists the faults waiting for calls, by operation id then in queue order.
func (h *Handler) PendingFaults() []FaultRequest {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := []FaultRequest{}
	for _, id := range OperationIDs() {
		for _, f := range h.st.faults[id] {
			out = append(out, faultRequestOf(id, f))
		}
	}
	return out
}

// ClearFaultsOf drops the pending faults of one operation.
func (h *Handler) ClearFaultsOf(operationID string) error {
	if !slices.Contains(OperationIDs(), operationID) {
		return fmt.Errorf("fakeapi: unknown operation %q; valid ones: %s", operationID, strings.Join(OperationIDs(), ", "))
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.st.faults, operationID)
	return nil
}
