package fakeapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// controlPrefix is reserved for scripting a served fake; no provider uses it.
const controlPrefix = "/_fake/"

// controlRoutes lists the control endpoints, for the refusal of an unknown one.
var controlRoutes = []string{
	"GET /_fake/", "GET /_fake/requests", "GET /_fake/state", "GET /_fake/counts", "GET /_fake/operations",
	"GET /_fake/faults", "POST /_fake/faults", "DELETE /_fake/faults", "POST /_fake/reset",
}

// serveControl answers the /_fake/ endpoints. A POST from a browser must come from the fake's
// own pages (another site's form is refused). The inspector's forms post to /_fake/ui/…, which
// answer with a redirect back to the inspector; every other endpoint speaks JSON.
func (h *Handler) serveControl(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		if err := http.NewCrossOriginProtection().Check(r); err != nil {
			controlError(w, http.StatusForbidden, badField("Origin", "fakeapi: a control request from another site is refused"))
			return
		}
	}
	route := r.Method + " " + r.URL.Path
	switch route {
	case "GET /_fake/":
		h.serveInspector(w, r, http.StatusOK, "")
	case "GET /_fake/inspector.js":
		serveStatic(w, "inspector.js", "text/javascript; charset=utf-8")
	case "GET /_fake/requests":
		h.getRequests(w, r)
	case "GET /_fake/state":
		jsonReply(http.StatusOK, "application/json", h.State()).write(w)
	case "GET /_fake/counts":
		counts := map[Kind]int{}
		for _, k := range Kinds() {
			counts[k] = h.Count(k)
		}
		jsonReply(http.StatusOK, "application/json", counts).write(w)
	case "GET /_fake/operations":
		jsonReply(http.StatusOK, "application/json", OperationIDs()).write(w)
	case "GET /_fake/faults":
		jsonReply(http.StatusOK, "application/json", h.PendingFaults()).write(w)
	case "POST /_fake/faults":
		h.postFault(w, r, false)
	case "POST /_fake/ui/faults":
		h.postFault(w, r, true)
	case "DELETE /_fake/faults":
		h.clearFaults(w, r, r.URL.Query().Get("operationId"), false)
	case "POST /_fake/ui/faults/clear":
		h.clearFaults(w, r, formValue(w, r, "operationId"), true)
	case "POST /_fake/reset":
		h.Reset()
		h.done(w, r, false)
	case "POST /_fake/ui/reset":
		h.Reset()
		h.done(w, r, true)
	default:
		controlError(w, http.StatusNotFound, badField("path", "fakeapi: no control endpoint "+route, controlRoutes...))
	}
}

// getRequests answers the request log, all of it or after=N (the Seq of the last one seen).
func (h *Handler) getRequests(w http.ResponseWriter, r *http.Request) {
	var after uint64
	if v := r.URL.Query().Get("after"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			controlError(w, http.StatusBadRequest, badField("after", fmt.Sprintf("fakeapi: after %q is not a request number (seq)", v)))
			return
		}
		after = n
	}
	jsonReply(http.StatusOK, "application/json", h.RequestsAfter(after)).write(w)
}

// postFault queues the fault in a JSON body, or in the inspector's form when fromPage.
func (h *Handler) postFault(w http.ResponseWriter, r *http.Request, fromPage bool) {
	fr, ferr := decodeFaultRequest(w, r, fromPage)
	var f Fault
	if ferr == nil {
		f, ferr = fr.fault()
	}
	if ferr != nil {
		h.refuse(w, r, ferr, fromPage)
		return
	}
	h.queueFault(fr.OperationID, f)
	h.done(w, r, fromPage)
}

// decodeFaultRequest reads a FaultRequest from JSON or from the inspector's form.
func decodeFaultRequest(w http.ResponseWriter, r *http.Request, fromPage bool) (FaultRequest, *fieldError) {
	var fr FaultRequest
	r.Body = http.MaxBytesReader(w, r.Body, maxBodyBytes)
	if fromPage {
		if err := r.ParseForm(); err != nil {
			return fr, badField("body", "fakeapi: the form could not be read")
		}
		fr = FaultRequest{OperationID: r.PostForm.Get("operationId"), RetryAfter: r.PostForm.Get("retryAfter"),
			Delay: r.PostForm.Get("delay"), Drop: r.PostForm.Get("drop") != ""}
		for _, field := range []struct {
			name string
			to   *int
		}{{"status", &fr.Status}, {"times", &fr.Times}} {
			if v := strings.TrimSpace(r.PostForm.Get(field.name)); v != "" {
				n, err := strconv.Atoi(v)
				if err != nil {
					return fr, badField(field.name, fmt.Sprintf("fakeapi: %s %q is not a whole number", field.name, v))
				}
				*field.to = n
			}
		}
		return fr, nil
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&fr); err != nil {
		return fr, jsonBodyError(err)
	}
	return fr, nil
}

// jsonBodyError names the field of a JSON decoding error when there is one.
func jsonBodyError(err error) *fieldError {
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) && typeErr.Field != "" {
		return badField(typeErr.Field, fmt.Sprintf("fakeapi: %s must be a JSON %s", typeErr.Field, typeErr.Type.Kind()))
	}
	msg := err.Error()
	if field, ok := strings.CutPrefix(msg, "json: unknown field "); ok {
		name := strings.Trim(field, `"`)
		return badField(name, "fakeapi: unknown field "+field, "operationId", "status", "retryAfter", "delay", "drop", "times")
	}
	return badField("body", "fakeapi: the body is not a JSON fault: "+msg)
}

// clearFaults drops the pending faults of operationID, or all when it is empty.
func (h *Handler) clearFaults(w http.ResponseWriter, r *http.Request, operationID string, fromPage bool) {
	if operationID == "" {
		h.ClearFaults()
	} else if err := h.ClearFaultsOf(operationID); err != nil {
		h.refuse(w, r, badField("operationId", fmt.Sprintf("fakeapi: unknown operationId %q", operationID), OperationIDs()...), fromPage)
		return
	}
	h.done(w, r, fromPage)
}

// formValue is one field of the inspector's form; empty when the form cannot be read.
func formValue(w http.ResponseWriter, r *http.Request, name string) string {
	r.Body = http.MaxBytesReader(w, r.Body, maxBodyBytes)
	if err := r.ParseForm(); err != nil {
		return ""
	}
	return r.PostForm.Get(name)
}

// done answers a successful change: 204, or back to the inspector for its forms.
func (h *Handler) done(w http.ResponseWriter, r *http.Request, fromPage bool) {
	if fromPage {
		http.Redirect(w, r, controlPrefix, http.StatusSeeOther)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// refuse answers a bad control request: a ControlError, or the inspector with the error for its
// forms.
func (h *Handler) refuse(w http.ResponseWriter, r *http.Request, e *fieldError, fromPage bool) {
	if fromPage {
		h.serveInspector(w, r, http.StatusBadRequest, e.ControlError.Error)
		return
	}
	controlError(w, http.StatusBadRequest, e)
}

func controlError(w http.ResponseWriter, status int, e *fieldError) {
	jsonReply(status, "application/json", e.ControlError).write(w)
}
