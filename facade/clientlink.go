package facade

// PLACEHOLDER: the onboarding work (issue 6) replaces this file.

import (
	"time"

	"github.com/clientkit/clientkit/gen/mollie"
)

// ClientLink is a created Mollie client link.
type ClientLink struct {
	ID        string                    // cl_…
	Href      string                    // where to send the customer, before the OAuth parameters
	CreatedAt time.Time                 // when the link was created, for its 30-day expiry
	Response  mollie.ClientLinkResponse // the whole answer
}

// newClientLink makes a ClientLink from the create-client-link answer, created at now.
func newClientLink(resp mollie.ClientLinkResponse, now time.Time) *ClientLink {
	l := &ClientLink{ID: resp.ID, CreatedAt: now, Response: resp}
	if resp.Links.ClientLink != nil {
		l.Href = resp.Links.ClientLink.Href
	}
	return l
}
