package fakeapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

// controlPrefix is reserved for scripting a served fake; no provider uses it.
const controlPrefix = "/_fake/"

// faultRequest is the JSON body of POST /_fake/faults, for example
// {"operationId":"createClient","status":503,"retryAfter":"2","times":2} or
// {"operationId":"createClientToken","delay":"1s","drop":true}.
type faultRequest struct {
	OperationID string `json:"operationId"`
	Status      int    `json:"status"`
	RetryAfter  string `json:"retryAfter"`
	Delay       string `json:"delay"` // a Go duration such as 250ms
	Drop        bool   `json:"drop"`
	Times       int    `json:"times"`
}

// serveControl answers the /_fake/ endpoints.
func (h *Handler) serveControl(w http.ResponseWriter, r *http.Request) {
	route := r.Method + " " + r.URL.Path
	switch route {
	case "POST /_fake/faults":
		h.postFault(w, r)
	case "DELETE /_fake/faults":
		h.ClearFaults()
		w.WriteHeader(http.StatusNoContent)
	case "GET /_fake/requests":
		jsonReply(http.StatusOK, "application/json", h.Requests()).write(w)
	case "GET /_fake/counts":
		counts := map[Kind]int{}
		for _, k := range Kinds() {
			counts[k] = h.Count(k)
		}
		jsonReply(http.StatusOK, "application/json", counts).write(w)
	case "POST /_fake/reset":
		h.Reset()
		w.WriteHeader(http.StatusNoContent)
	default:
		plainError(http.StatusNotFound, "fakeapi: no control endpoint "+route).write(w)
	}
}

func (h *Handler) postFault(w http.ResponseWriter, r *http.Request) {
	var req faultRequest
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		plainError(http.StatusBadRequest, "fakeapi: fault body: "+err.Error()).write(w)
		return
	}
	f := Fault{Status: req.Status, RetryAfter: req.RetryAfter, Drop: req.Drop, Times: req.Times}
	if req.Delay != "" {
		d, err := time.ParseDuration(req.Delay)
		if err != nil {
			plainError(http.StatusBadRequest, fmt.Sprintf("fakeapi: fault delay %q is not a duration", req.Delay)).write(w)
			return
		}
		f.Delay = d
	}
	if err := h.Inject(req.OperationID, f); err != nil {
		plainError(http.StatusBadRequest, err.Error()).write(w)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
