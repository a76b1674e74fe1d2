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

// newClientLink makes a ClientLink from the create-client-link answer; clock (time.Now in
// production) dates it and later tells whether it has expired.
func newClientLink(resp mollie.ClientLinkResponse, clock func() time.Time) *ClientLink {
	l := &ClientLink{ID: resp.ID, CreatedAt: clock(), Response: resp}
	if resp.Links.ClientLink != nil {
		l.Href = resp.Links.ClientLink.Href
	}
	return l
}
