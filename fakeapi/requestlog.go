package fakeapi

import (
	"strings"
	"time"

	"github.com/clientkit/clientkit/api"
)

// Request is one call as the fake saw it. It never holds credentials, bodies or query strings.
type Request struct {
	// Seq numbers requests from 1 in the order they were logged; GET /_fake/requests?after=N
	// returns the ones after N.
	Seq            uint64 `json:"seq"`
	Provider       string `json:"provider,omitempty"` // mollie, dwolla or formance
	Method         string `json:"method"`
	Path           string `json:"path"`
	OperationID    string `json:"operationId,omitempty"`
	Status         int    `json:"status"` // 0 when no answer was written
	IdempotencyKey string `json:"idempotencyKey,omitempty"`
	Fault          string `json:"fault,omitempty"`   // the injected fault that applied: delay, status, drop
	Trigger        string `json:"trigger,omitempty"` // the test trigger that applied, such as trigger-429
	Replayed       bool   `json:"replayed,omitempty"`
	// Outcome tells the kinds of Status 0 apart: "dropped" (processed, then the connection was
	// closed by a Drop fault) and "aborted" (the caller left during a delay, so the request was
	// not processed, or, with Fault "work", during a Work fault, after it was processed).
	Outcome string `json:"outcome,omitempty"`
	// Lost is the status of the answer the caller never got, a Drop fault's or one a caller left
	// during Work: 2xx when the request was carried out, or the refusal (such as 409 for a key
	// still in flight) that was lost; 0 when the caller left before any answer existed.
	Lost int `json:"lost,omitempty"`
	// Message says why a request was refused (or a consent denied), naming the field at fault when
	// there is one. It never holds a secret.
	Message string `json:"message,omitempty"`
	// Duration is the time from the request's arrival to its answer, in nanoseconds in JSON.
	Duration time.Duration `json:"durationNs"`
	Time     time.Time     `json:"time"`
}

// Requests returns a copy of the request log, oldest first. A long-running fake keeps at least
// the most recent 4,096 requests and at most twice that.
func (h *Handler) Requests() []Request {
	return h.RequestsAfter(0)
}

// RequestsAfter returns the logged requests whose Seq is above seq, oldest first.
func (h *Handler) RequestsAfter(seq uint64) []Request {
	h.mu.Lock()
	defer h.mu.Unlock()
	log := h.st.log
	// Seq grows by one per entry, so the first entry to return is found by arithmetic.
	if n := len(log); n > 0 && seq >= log[0].Seq {
		skip := min(int(seq-log[0].Seq)+1, n)
		log = log[skip:]
	}
	return append(make([]Request, 0, len(log)), log...)
}

// record logs req, numbering it, and passes it to the observer, if any.
func (h *Handler) record(req Request) {
	h.mu.Lock()
	h.st.seq++
	req.Seq = h.st.seq
	if len(h.st.log) >= 2*maxLoggedRequests { // keep the most recent requests only
		h.st.log = append(h.st.log[:0], h.st.log[len(h.st.log)-maxLoggedRequests+1:]...)
	}
	h.st.log = append(h.st.log, req)
	h.mu.Unlock()
	if h.cfg.observe != nil {
		h.cfg.observe(req)
	}
}

// logProvider names the provider a path belongs to, for the request log.
func logProvider(path string) string {
	if p, ok := providerOf(path); ok {
		return string(p)
	}
	if strings.HasPrefix(path, consentPathPrefix) {
		return string(api.Mollie)
	}
	return ""
}

// maxLoggedRequests bounds the request log of a long-running fake.
const maxLoggedRequests = 4096

// Kind names a resource the fake keeps, for Count.
type Kind string

// The kinds Count knows.
const (
	KindClientLink     Kind = "client-link"     // Mollie client links
	KindMollieToken    Kind = "mollie-token"    // Mollie access tokens issued by /oauth2/tokens
	KindDwollaToken    Kind = "dwolla-token"    // Dwolla application tokens, live or expired
	KindClientToken    Kind = "client-token"    // Dwolla client tokens issued
	KindFormanceClient Kind = "formance-client" // Formance clients
	KindFormanceSecret Kind = "formance-secret" // secrets over all Formance clients
	KindFormanceToken  Kind = "formance-token"  // tokens issued by the Formance token endpoint
)

// Kinds lists every Kind, in a fixed order.
func Kinds() []Kind {
	return []Kind{KindClientLink, KindMollieToken, KindDwollaToken, KindClientToken,
		KindFormanceClient, KindFormanceSecret, KindFormanceToken}
}

// Count returns how many resources of a kind the fake holds; 0 for an unknown kind.
func (h *Handler) Count(kind Kind) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	switch kind {
	case KindClientLink:
		return len(h.st.clientLinks)
	case KindMollieToken:
		return len(h.st.mollieTokens)
	case KindDwollaToken:
		return len(h.st.dwollaTokens)
	case KindClientToken:
		return h.st.clientTokens
	case KindFormanceClient:
		return h.st.formance.len()
	case KindFormanceSecret:
		return h.st.formance.secrets
	case KindFormanceToken:
		return len(h.st.formanceTokens)
	}
	return 0
}

// Reset forgets all state, pending faults and the request log. Sequence numbers keep growing, so
// a poller that asks for requests after the last one it saw never misses new ones.
func (h *Handler) Reset() {
	h.mu.Lock()
	defer h.mu.Unlock()
	seq := h.st.seq
	h.st = newState()
	h.st.seq = seq
}
