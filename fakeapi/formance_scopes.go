package fakeapi

import (
	"maps"
	"net/http"
	"slices"
)

// scopeRecord is a scope of a 2023 stack: a label that tokens carry, kept as a record with its
// own id, which clients are granted by id.
type scopeRecord struct {
	id       string
	label    string
	metadata map[string]any // string values, as validation left them
}

// view is the record as the API shows it, as a JSON value for valueReply. Its transient list
// (the records a token with this scope gets too) is always empty: the fake links no records.
func (s scopeRecord) view() map[string]any {
	v := map[string]any{"id": s.id, "label": s.label, "transient": []any{}}
	if len(s.metadata) > 0 {
		v["metadata"] = s.metadata
	}
	return v
}

// decodeScopeOptions reads a validated ScopeOptions body.
func decodeScopeOptions(c *call) (label string, metadata map[string]any, bad *reply) {
	obj, bad := bodyObject(c)
	if bad != nil {
		return "", nil, bad
	}
	label, _ = obj["label"].(string)
	metadata, _ = obj["metadata"].(map[string]any)
	return label, metadata, nil
}

// labelTaken tells whether a record other than except has label. Labels are unique: the 2023
// server's store refused a second record with a label in use (with a 500; the fake says 400).
func (h *Handler) labelTaken(label, except string) *reply {
	for id, s := range h.st.scopeRecords {
		if s.label == label && id != except {
			rp := styleFormance.reply(failure{status: http.StatusBadRequest, field: []string{"label"},
				message: "scope record " + id + " has this label already"})
			return &rp
		}
	}
	return nil
}

// listScopes lists the scope records in the order of their ids.
func (h *Handler) listScopes(*call) reply {
	ids := slices.Sorted(maps.Keys(h.st.scopeRecords))
	views := make([]any, len(ids))
	for i, id := range ids {
		views[i] = h.st.scopeRecords[id].view()
	}
	return formanceData(http.StatusOK, views)
}

func (h *Handler) createScope(c *call) reply {
	label, metadata, bad := decodeScopeOptions(c)
	if bad != nil {
		return *bad
	}
	if taken := h.labelTaken(label, ""); taken != nil {
		return *taken
	}
	if len(h.st.scopeRecords) >= maxScopeRecords {
		return styleFormance.reply(storeFull(http.StatusInsufficientStorage, "Formance scope records", maxScopeRecords))
	}
	record := scopeRecord{id: randomUUID().String(), label: label, metadata: metadata}
	h.st.scopeRecords[record.id] = record
	rp := formanceData(http.StatusCreated, record.view())
	rp.setHeader("Location", "./"+record.id)
	return rp
}

func (h *Handler) readScope(c *call) reply {
	record, ok := h.st.scopeRecords[c.params["scopeId"]]
	if !ok {
		return formanceNotFound()
	}
	return formanceData(http.StatusOK, record.view())
}

// updateScope replaces the label and metadata; the transient scopes stay.
func (h *Handler) updateScope(c *call) reply {
	record, ok := h.st.scopeRecords[c.params["scopeId"]]
	if !ok {
		return formanceNotFound()
	}
	label, metadata, bad := decodeScopeOptions(c)
	if bad != nil {
		return *bad
	}
	if taken := h.labelTaken(label, record.id); taken != nil {
		return *taken
	}
	record.label, record.metadata = label, metadata
	h.st.scopeRecords[record.id] = record
	return formanceData(http.StatusOK, record.view())
}

// deleteScope answers 204 whether or not the record existed, as the 2023 server did. Clients
// keep the id of a deleted record in their scopes.
func (h *Handler) deleteScope(c *call) reply {
	delete(h.st.scopeRecords, c.params["scopeId"])
	return emptyReply(http.StatusNoContent)
}

// Versions the fake's /_info reports: a major version of 2 or more is today's generation.
const (
	formanceTodayVersion = "v2.0.0-clientkit-fake"
	formance2023Version  = "v1.10.0-clientkit-fake"
)

// getServerInfo answers the service's version, which tells the generations apart.
func (h *Handler) getServerInfo(*call) reply {
	version := formanceTodayVersion
	if h.cfg.formanceGeneration == FormanceSeed2023 {
		version = formance2023Version
	}
	return valueReply(http.StatusOK, "application/json", map[string]any{"version": version})
}
