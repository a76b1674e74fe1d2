package fakeapi

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// maxStateRows bounds each list of State; the Total fields count everything.
const maxStateRows = 200

// State is what the fake holds, for the inspector and GET /_fake/state. Tokens and secrets appear
// only as their last four characters; codes, refresh tokens and clear secrets never do.
type State struct {
	FormanceClients []FormanceClientState `json:"formanceClients"`
	FormanceTotal   int                   `json:"formanceClientsTotal"`
	MollieLinks     []MollieLinkState     `json:"mollieLinks"`
	MollieLinkTotal int                   `json:"mollieLinksTotal"`
	MollieTokens    []TokenState          `json:"mollieTokens"`
	DwollaTokens    []TokenState          `json:"dwollaTokens"`
	FormanceTokens  []TokenState          `json:"formanceTokens"`
	ClientTokens    int                   `json:"dwollaClientTokens"` // Dwolla client tokens issued
}

// FormanceClientState is one Formance client.
type FormanceClientState struct {
	ID      string        `json:"id"`
	Name    string        `json:"name"`
	Scopes  []string      `json:"scopes"`
	Secrets []SecretState `json:"secrets"`
}

// SecretState is one secret of a Formance client: its name and last digits, as the API shows it.
type SecretState struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	LastDigits string `json:"lastDigits"`
}

// MollieLinkState is one Mollie client link and what its consent page decided.
type MollieLinkState struct {
	ID           string    `json:"id"`
	Organization string    `json:"organization"`
	CreatedAt    time.Time `json:"createdAt"`
	ExpiresAt    time.Time `json:"expiresAt"`
	Consent      string    `json:"consent"` // pending, approved or denied
}

// TokenState is one issued access token, shown by its last four characters.
type TokenState struct {
	Ends      string    `json:"ends"`             // "…" and the token's last four characters
	Detail    string    `json:"detail,omitempty"` // the scope (Mollie) or the client id (Formance)
	ExpiresAt time.Time `json:"expiresAt"`
	Expired   bool      `json:"expired"`
}

// State returns a snapshot of what the fake holds, at most 200 entries per list, the soonest to
// expire (tokens) or the most recent (links) first.
func (h *Handler) State() State {
	h.mu.Lock()
	defer h.mu.Unlock()
	now := h.cfg.clock()
	st := State{FormanceTotal: h.st.formance.len(), MollieLinkTotal: len(h.st.clientLinks), ClientTokens: h.st.clientTokens}
	st.FormanceClients = h.formanceClientStates()
	for _, l := range h.st.clientLinks {
		consent := cmp.Or(l.consent, "pending")
		st.MollieLinks = append(st.MollieLinks, MollieLinkState{ID: l.id, Organization: l.name,
			CreatedAt: l.createdAt, ExpiresAt: l.createdAt.Add(clientLinkLifetime), Consent: consent})
	}
	slices.SortFunc(st.MollieLinks, func(a, b MollieLinkState) int { return b.CreatedAt.Compare(a.CreatedAt) })
	st.MollieLinks = st.MollieLinks[:min(len(st.MollieLinks), maxStateRows)]
	for token, t := range h.st.mollieTokens {
		st.MollieTokens = append(st.MollieTokens, tokenState(token, t.scope, t.expiresAt, now))
	}
	for token, expiresAt := range h.st.dwollaTokens {
		st.DwollaTokens = append(st.DwollaTokens, tokenState(token, "", expiresAt, now))
	}
	for token, t := range h.st.formanceTokens {
		st.FormanceTokens = append(st.FormanceTokens, tokenState(token, t.clientID, t.expiresAt, now))
	}
	st.MollieTokens = soonestFirst(st.MollieTokens)
	st.DwollaTokens = soonestFirst(st.DwollaTokens)
	st.FormanceTokens = soonestFirst(st.FormanceTokens)
	return st
}

// formanceClientStates lists the first clients by id, with h.mu held.
func (h *Handler) formanceClientStates() []FormanceClientState {
	ids := h.st.formance.ids()
	out := make([]FormanceClientState, 0, min(len(ids), maxStateRows))
	for _, id := range ids[:min(len(ids), maxStateRows)] {
		c, ok, err := h.st.formance.get(id)
		if !ok || err != nil {
			continue
		}
		cs := FormanceClientState{ID: id.String(), Name: c.options.name, Scopes: slices.Clone(c.scopes), Secrets: []SecretState{}}
		for _, s := range c.secrets {
			cs.Secrets = append(cs.Secrets, SecretState{ID: s.id, Name: s.name, LastDigits: s.lastDigits})
		}
		out = append(out, cs)
	}
	return out
}

func tokenState(token, detail string, expiresAt, now time.Time) TokenState {
	return TokenState{Ends: lastFour(token), Detail: detail, ExpiresAt: expiresAt, Expired: !now.Before(expiresAt)}
}

// lastFour shows a token by its last four characters only.
func lastFour(token string) string {
	if len(token) <= 8 { // too short to show any part of it
		return "…"
	}
	return "…" + token[len(token)-4:]
}

func soonestFirst(ts []TokenState) []TokenState {
	slices.SortFunc(ts, func(a, b TokenState) int {
		return cmp.Or(a.ExpiresAt.Compare(b.ExpiresAt), strings.Compare(a.Ends, b.Ends))
	})
	return ts[:min(len(ts), maxStateRows)]
}
