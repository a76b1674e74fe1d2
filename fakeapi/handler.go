package fakeapi

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/clientkit/clientkit/api"
)

// maxBodyBytes caps request bodies; the APIs' bodies are small.
const maxBodyBytes = 1 << 20

// Handler serves the fake APIs. It is safe for concurrent use.
type Handler struct {
	cfg     config
	routers specRouters
	// validation are the options of every request validation, and paramsOnly the same without
	// the body; kin-openapi only reads them.
	validation, paramsOnly *openapi3filter.Options

	mu sync.Mutex
	st state
}

// NewHandler returns the fake as an http.Handler to mount anywhere; it must see the APIs' paths at
// its root.
func NewHandler(opts ...Option) (*Handler, error) {
	cfg := defaultConfig()
	for _, opt := range opts {
		opt(&cfg)
	}
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	rs, err := specs()
	if err != nil {
		return nil, err
	}
	h := &Handler{cfg: cfg, routers: rs, st: newState()}
	h.validation = &openapi3filter.Options{
		AuthenticationFunc:  h.authenticate,
		SkipSettingDefaults: true,
		KeepValidatedValue:  true,
	}
	paramsOnly := *h.validation
	paramsOnly.ExcludeRequestBody = true
	h.paramsOnly = &paramsOnly
	return h, nil
}

// call is one request on its way through the pipeline.
type call struct {
	r      *http.Request
	body   []byte
	params map[string]string
	// value is the body as request validation decoded it; nil for endpoints outside the specs
	// and for requests without a body.
	value any
	// wholeJSON is true when the body is known to be one JSON value and nothing after it.
	wholeJSON bool
}

// ServeHTTP routes, validates, applies faults, processes and answers one request.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, controlPrefix) {
		h.serveControl(w, r)
		return
	}
	start := time.Now()
	entry := Request{Method: r.Method, Path: r.URL.Path, Time: h.cfg.clock(), Provider: logProvider(r.URL.Path)}
	op, route, params, miss := h.resolve(r)
	if op == nil {
		entry.Status, entry.Message = miss.status, miss.note
		entry.Duration = time.Since(start)
		h.record(entry)
		miss.write(w)
		return
	}
	entry.OperationID = op.id
	if op.idempotent {
		entry.IdempotencyKey = r.Header.Get("Idempotency-Key")
	}
	out := h.process(r, op, route, params)
	entry.Fault = out.fault.name()
	entry.Trigger = out.trigger
	entry.Replayed = out.replayed
	switch {
	case !out.answered:
		entry.Outcome, entry.Lost = "aborted", out.rp.status // 0 when it left before processing
	case out.fault.Drop:
		entry.Outcome, entry.Lost = "dropped", out.rp.status
	default:
		entry.Status, entry.Message = out.rp.status, out.rp.note
	}
	entry.Duration = time.Since(start)
	h.record(entry)
	switch {
	case !out.answered:
		// The caller went away, or the server is shutting down, during a delay. Abort rather than
		// return, which would send an empty, unvalidated 200 to a caller still connected.
		panic(http.ErrAbortHandler)
	case out.fault.Drop:
		dropConnection(w)
	default:
		out.rp.write(w)
	}
}

// outcome is what became of a routed request.
type outcome struct {
	rp       reply
	fault    Fault  // the injected fault that applied, if any
	trigger  string // the test trigger that applied, if any
	replayed bool   // the answer is a replay of an idempotent request
	answered bool   // false when the caller went away before an answer existed
}

// process runs a routed request through faults, validation and its operation.
func (h *Handler) process(r *http.Request, op *operation, route *routers.Route, params map[string]string) (out outcome) {
	out.fault, _ = h.takeFault(op.id)
	// The body is read before any delay: only then does the server notice a caller that gives up.
	body, readErr := readBody(r)
	if sleep(r.Context(), out.fault.Delay) > 0 { // the caller went away during the delay
		return out
	}
	out.answered = true
	if out.fault.Status != 0 { // deliberately off-spec: neither the request nor the answer is checked
		out.rp = out.fault.statusReply(op.style)
		return out
	}
	c := &call{r: r, body: body, params: params}
	if route == nil { // an endpoint outside the specs checks its own input
		if readErr != nil {
			out.rp = op.style.reply(unreadableBody())
			return out
		}
		h.mu.Lock()
		out.rp = op.handle(h, c)
		h.mu.Unlock()
		return out
	}

	in := h.requestInput(r, route, params)
	rp, reserved, replayed, trigger := h.answer(in, op, c, readErr)
	out.replayed, out.trigger = replayed, trigger.name
	if trigger.name != "" { // like a status fault, a trigger's answer is not checked
		out.rp = rp
		return out
	}
	if h.cfg.corruptResponse != nil {
		rp = h.cfg.corruptResponse(op.id, rp)
	}
	if err := validateResponse(r.Context(), in, rp); err != nil {
		rp = op.style.reply(failure{status: http.StatusInternalServerError,
			message: "fakeapi: the answer broke the spec: " + err.Error()})
	}
	if encoded, err := rp.encoded(); err != nil {
		rp = op.style.reply(failure{status: http.StatusInternalServerError,
			message: "fakeapi: encode answer: " + err.Error()})
	} else {
		rp = encoded
	}
	if left := sleep(r.Context(), out.fault.Work); left > 0 {
		if reserved != "" { // the work goes on without the caller; its key stays in flight
			time.AfterFunc(left, func() { h.finishIdempotent(reserved, rp) })
		}
		out.answered, out.rp = false, rp // the answer the caller never got
		return out
	}
	if reserved != "" {
		h.finishIdempotent(reserved, rp)
	}
	out.rp = rp
	return out
}

// answer is the reply to a request for a spec operation, before the reply itself is checked: a
// refusal of an unreadable or invalid request, the answer of a test trigger, the outcome of a
// repeated Idempotency-Key, or the operation's own answer. reserved is the idempotency scope this
// call reserved, to be settled with finishIdempotent.
func (h *Handler) answer(in *openapi3filter.RequestValidationInput, op *operation, c *call, readErr error) (rp reply, reserved string, replayed bool, trig trigger) {
	if readErr != nil {
		return op.style.reply(unreadableBody()), "", false, trig
	}
	if err := h.validateRequest(c, in); err != nil {
		return op.style.reply(requestFailure(op.style, err)), "", false, trig
	}
	if f, bad := trailingJSON(c); bad {
		return op.style.reply(f), "", false, trig
	}
	if trig = triggerOf(op.id, c.value); trig.name != "" {
		return trig.reply(op.style), "", false, trig
	}
	scope := ""
	if key := c.r.Header.Get("Idempotency-Key"); op.idempotent && key != "" {
		scope = idempotencyScope(op.id, key)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if scope != "" {
		if prev, handled, replay := h.idempotencyOutcome(op, scope, c.body); handled {
			return prev, "", replay, trig
		}
	}
	return op.handle(h, c), scope, false, trig
}

// readBody reads the request body in full, at most maxBodyBytes. A body of known length is read
// into a buffer of that size, and a request without a body (most GETs) allocates nothing.
func readBody(r *http.Request) ([]byte, error) {
	switch n := r.ContentLength; {
	case r.Body == nil || r.Body == http.NoBody || n == 0:
		return nil, nil
	case n > 0 && n <= maxBodyBytes:
		body := make([]byte, n)
		if _, err := io.ReadFull(r.Body, body); err != nil {
			return nil, err
		}
		// A body longer than its Content-Length is cut by net/http; nothing is left to read.
		return body, nil
	}
	return io.ReadAll(http.MaxBytesReader(nil, r.Body, maxBodyBytes))
}

// unreadableBody is the failure for a body that could not be read or is too large: 400, the
// status every provider declares for a request it cannot read.
func unreadableBody() failure {
	return failure{status: http.StatusBadRequest,
		message: fmt.Sprintf("the request body could not be read or is over %d bytes", maxBodyBytes)}
}

// resolve finds the operation for r. When there is none, miss is the answer to send.
func (h *Handler) resolve(r *http.Request) (op *operation, route *routers.Route, params map[string]string, miss reply) {
	if extra := outsideSpecs(r); extra != nil {
		return extra, nil, nil, reply{}
	}
	provider, ok := providerOf(r.URL.Path)
	if !ok {
		return nil, nil, nil, plainError(http.StatusNotFound, "fakeapi: no API serves "+r.URL.Path)
	}
	style := providerStyle(provider)
	if strings.HasSuffix(r.URL.Path, "/") && r.URL.Path != "/" {
		// The providers' routers match paths exactly; kin-openapi's would ignore the slash.
		return nil, nil, nil, pathNotFound(style, r.URL.Path)
	}
	route, params, op = h.findOperation(provider, r)
	if route == nil {
		if allow := h.allowed(provider, r); allow != "" {
			rp := style.reply(failure{status: http.StatusMethodNotAllowed,
				message: r.Method + " is not allowed on " + r.URL.Path + "; it answers " + allow})
			rp.setHeader("Allow", allow)
			return nil, nil, nil, rp
		}
		return nil, nil, nil, pathNotFound(style, r.URL.Path)
	}
	if op == nil {
		return nil, nil, nil, style.reply(failure{status: http.StatusNotImplemented,
			message: "fakeapi does not implement " + route.Operation.OperationID})
	}
	return op, route, params, reply{}
}

// pathNotFound is a provider's answer to a path it does not serve.
func pathNotFound(style errorStyle, path string) reply {
	if style == styleFormance {
		return formanceNotFound()
	}
	return style.reply(failure{status: http.StatusNotFound, message: "no such path: " + path})
}

// findOperation routes r within its provider's spec. route is nil when no operation of this
// generation has r's method and path; op is nil when the fake does not implement the route's.
func (h *Handler) findOperation(p api.Provider, r *http.Request) (*routers.Route, map[string]string, *operation) {
	route, params, err := h.routers.findRoute(p, r)
	if err != nil {
		return nil, nil, nil
	}
	for _, v := range params {
		if v == "" { // kin-openapi lets a path parameter match nothing; the providers do not
			return nil, nil, nil
		}
	}
	op := operations[route.Operation.OperationID]
	if op != nil && op.only != 0 && op.only != h.cfg.formanceGeneration {
		return nil, nil, nil // removed from (or not yet in) this generation
	}
	return route, params, op
}

// allowed lists, for an Allow header, the methods r's path answers in its provider's spec.
func (h *Handler) allowed(p api.Provider, r *http.Request) string {
	var methods []string
	for _, m := range []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if route, _, _ := h.findOperation(p, probe); route != nil {
			methods = append(methods, m)
		}
	}
	return strings.Join(methods, ", ")
}

func providerStyle(p api.Provider) errorStyle {
	switch p {
	case api.Mollie:
		return styleMollie
	case api.Dwolla:
		return styleDwolla
	}
	return styleFormance
}

// dropConnection closes the connection without an answer.
func dropConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		// Not hijackable (HTTP/2, or a wrapping writer): abort the answer the documented way.
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}

// baseURL is where the fake is reachable, for links it hands out.
func (h *Handler) baseURL(r *http.Request) string {
	if h.cfg.publicURL != "" {
		return h.cfg.publicURL
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + strings.TrimSuffix(r.Host, "/")
}

// Credentials returns the credentials the fake accepts.
func (h *Handler) Credentials() Credentials { return h.cfg.creds }

// String names the handler without its state: the tokens, codes and secrets it holds never reach
// %v or %+v.
func (h *Handler) String() string {
	return fmt.Sprintf("fakeapi.Handler{formance: %s}", h.cfg.formanceGeneration)
}

// GoString keeps %#v from printing the handler's state.
func (h *Handler) GoString() string { return h.String() }
