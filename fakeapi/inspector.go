package fakeapi

import (
	"net/http"
	"slices"
)

// inspectorRows is how many requests the inspector page shows, the most recent first.
const inspectorRows = 200

// inspectorPage is what the inspector template shows.
type inspectorPage struct {
	Error      string // why the last form was refused, if it was
	Requests   []Request
	State      State
	Faults     []FaultRequest
	Operations []string
	Consent    Consent
}

// serveInspector renders the inspector page, or refuses when WithInspector is off.
func (h *Handler) serveInspector(w http.ResponseWriter, _ *http.Request, status int, formError string) {
	if !h.cfg.inspector {
		controlError(w, http.StatusNotFound, badField("path",
			"fakeapi: the inspector is off (fakeapi.WithInspector turns it on); the control API is served", controlRoutes[1:]...))
		return
	}
	log := h.Requests()
	log = log[max(0, len(log)-inspectorRows):]
	slices.Reverse(log)
	renderPage(status, "inspector.html", inspectorPage{
		Error:      formError,
		Requests:   log,
		State:      h.State(),
		Faults:     h.PendingFaults(),
		Operations: OperationIDs(),
		Consent:    h.cfg.consent,
	}).write(w)
}
