package fakeapi

import (
	"net/http"
	"time"
)

// clientLinkLifetime is how long a Mollie client link can be used.
const clientLinkLifetime = 30 * 24 * time.Hour

type clientLink struct {
	id         string
	createdAt  time.Time
	name       string // the organization's name, for the consent page
	ownerEmail string // the owner's email, for test triggers; never shown
	consent    string // the consent page's last outcome: "", approved or denied
}

// createClientLink serves create-client-link: it stores the link and points its clientLink at the
// fake's own consent page.
func (h *Handler) createClientLink(c *call) reply {
	if len(c.body) == 0 {
		return styleMollie.reply(failure{status: http.StatusUnprocessableEntity, message: "the request body is required"})
	}
	now := h.cfg.clock()
	if !admit(h.st.clientLinks, &h.st.sweeps.clientLinks, maxClientLinks,
		func(l clientLink) bool { return now.Sub(l.createdAt) > clientLinkLifetime }) {
		return styleMollie.reply(storeFull(http.StatusTooManyRequests, "client links", maxClientLinks))
	}
	link := clientLink{id: randomToken("cl_"), createdAt: now}
	link.name, _ = lookupString(c.value, "name")
	link.ownerEmail, _ = lookupString(c.value, "owner", "email")
	h.st.clientLinks[link.id] = link
	docs := "https://docs.mollie.com/reference/create-client-link"
	return jsonReply(http.StatusCreated, "application/hal+json", map[string]any{
		"resource": "client-link",
		"id":       link.id,
		"_links": map[string]any{
			"clientLink":    map[string]string{"href": h.baseURL(c.r) + consentPathPrefix + link.id, "type": "text/html"},
			"documentation": map[string]string{"href": docs, "type": "text/html"},
		},
	})
}
