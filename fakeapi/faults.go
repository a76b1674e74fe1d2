package fakeapi

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Fault makes the next calls of one operation misbehave.
type Fault struct {
	// Status, when set (400–599), is answered in the provider's error shape; the request is
	// neither validated nor processed.
	Status int
	// RetryAfter is sent as the Retry-After header of a Status answer (seconds or an HTTP date).
	RetryAfter string
	// Delay is waited once the request is read, before anything else. When the request's
	// context ends first (the caller went away, or the server is shutting down), the answer is
	// aborted and the connection closed.
	Delay time.Duration
	// Work is how long the operation itself takes: waited after the request is processed (its
	// effect applied, its Idempotency-Key reserved), before its answer is kept for the key and
	// sent. Meanwhile a request with the same key gets 409, as from a provider still working on
	// the first. A caller that goes away during Work gets no answer; the work still ends on time.
	Work time.Duration
	// Drop processes the request normally, then closes the connection without answering:
	// the request was received, the answer was lost.
	Drop bool
	// Times is how many calls the fault applies to; 0 means once.
	Times int
}

// Inject queues f for the next calls of operationID. Faults queued for the same operation apply
// one after the other.
func (h *Handler) Inject(operationID string, f Fault) error {
	if _, ok := operations[operationID]; !ok {
		return fmt.Errorf("fakeapi: unknown operation %q; valid ones: %s", operationID, strings.Join(OperationIDs(), ", "))
	}
	if p := f.problem(false); p != nil {
		return p
	}
	h.queueFault(operationID, f)
	return nil
}

// queueFault queues a checked fault.
func (h *Handler) queueFault(operationID string, f Fault) {
	if f.Times == 0 {
		f.Times = 1
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.st.faults[operationID] = append(h.st.faults[operationID], f)
}

// ClearFaults drops every pending fault.
func (h *Handler) ClearFaults() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.st.faults = map[string][]Fault{}
}

// problem is the first rule f breaks, tagged with the control API's name of the field at fault;
// nil when f can be queued. With httpRetryAfter, RetryAfter must also be what RFC 9110 allows:
// the control API asks that, while Inject sends any RetryAfter as it is.
func (f Fault) problem(httpRetryAfter bool) *fieldError {
	switch {
	case f.Status != 0 && (f.Status < 400 || f.Status > 599):
		return badField("status", fmt.Sprintf("fakeapi: fault status %d is not between 400 and 599", f.Status))
	case f.Status != 0 && f.Drop:
		return badField("drop", "fakeapi: a fault cannot both answer a status and drop the connection")
	case f.RetryAfter != "" && f.Status == 0:
		return badField("retryAfter", "fakeapi: fault retryAfter needs a status")
	case httpRetryAfter && f.RetryAfter != "" && !validRetryAfter(f.RetryAfter):
		return badField("retryAfter", fmt.Sprintf("fakeapi: fault retryAfter %q is neither whole seconds nor an HTTP date", f.RetryAfter))
	case f.Delay < 0:
		return badField("delay", fmt.Sprintf("fakeapi: fault delay %s is negative", f.Delay))
	case f.Work < 0:
		return badField("work", fmt.Sprintf("fakeapi: fault work %s is negative", f.Work))
	case f.Work > 0 && f.Status != 0:
		return badField("work", "fakeapi: a fault cannot both answer a status and do work: a status answer skips the operation")
	case f.Times < 0:
		return badField("times", fmt.Sprintf("fakeapi: fault times %d is negative", f.Times))
	case f.Status == 0 && !f.Drop && f.Delay == 0 && f.Work == 0:
		return badField("status", "fakeapi: a fault needs a status, a delay, work or drop")
	}
	return nil
}

// takeFault consumes one application of the first fault queued for operationID.
func (h *Handler) takeFault(operationID string) (Fault, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	queue := h.st.faults[operationID]
	if len(queue) == 0 {
		return Fault{}, false
	}
	f := queue[0]
	if queue[0].Times--; queue[0].Times == 0 {
		queue = queue[1:]
	}
	if len(queue) == 0 {
		delete(h.st.faults, operationID)
	} else {
		h.st.faults[operationID] = queue
	}
	return f, true
}

// name says which parts of f apply, for the request log.
func (f Fault) name() string {
	var parts []string
	if f.Delay > 0 {
		parts = append(parts, "delay")
	}
	if f.Status != 0 {
		parts = append(parts, "status")
	}
	if f.Work > 0 {
		parts = append(parts, "work")
	}
	if f.Drop {
		parts = append(parts, "drop")
	}
	return strings.Join(parts, "+")
}

// statusReply is the answer of a Status fault.
func (f Fault) statusReply(style errorStyle) reply {
	rp := style.reply(failure{status: f.Status, message: "injected fault: " + http.StatusText(f.Status)})
	if f.RetryAfter != "" {
		rp.setHeader("Retry-After", f.RetryAfter)
	}
	return rp
}

// sleep waits for d unless ctx ends first; it returns how much of d was left when ctx ended,
// 0 when d ran out. A Fault's Delay and its Work are both waited this way.
func sleep(ctx context.Context, d time.Duration) time.Duration {
	if d <= 0 {
		return 0
	}
	end := time.Now().Add(d)
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return 0
	case <-ctx.Done():
		return max(time.Until(end), time.Nanosecond)
	}
}
