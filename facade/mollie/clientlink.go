package mollie

import (
	"fmt"
	"time"
)

// ClientLinkLifetime is how long Mollie accepts a client link after creating it.
const ClientLinkLifetime = 30 * 24 * time.Hour

// ClientLink is a created Mollie client link. Send the customer to the URL that AuthorizeURL
// builds from it, before ExpiresAt.
//
// An app that stores links can rebuild one from its ID, Href and CreatedAt; the clock is then
// time.Now.
type ClientLink struct {
	ID        string             // cl_…
	Href      string             // where to send the customer, before the OAuth parameters
	CreatedAt time.Time          // when the link was created, for its 30-day expiry
	Response  ClientLinkResponse // the whole answer

	clock func() time.Time // tells whether the link has expired; nil means time.Now
}

// newClientLink makes a ClientLink from the create-client-link answer; clock (time.Now in
// production) dates it and later tells whether it has expired.
func newClientLink(resp ClientLinkResponse, clock func() time.Time) *ClientLink {
	l := &ClientLink{ID: resp.ID, CreatedAt: clock(), Response: resp, clock: clock}
	if resp.Links.ClientLink != nil {
		l.Href = resp.Links.ClientLink.Href
	}
	return l
}

// ExpiresAt is the moment from which Mollie no longer accepts the link.
func (l *ClientLink) ExpiresAt() time.Time {
	return l.CreatedAt.Add(ClientLinkLifetime)
}

// Expired tells whether the link is past its expiry by the link's clock.
func (l *ClientLink) Expired() bool {
	return !l.now().Before(l.ExpiresAt())
}

// String names the link and its expiry; a link holds no secret.
func (l *ClientLink) String() string {
	return fmt.Sprintf("mollie client link %s (expires %s)", l.ID, l.ExpiresAt().UTC().Format(time.RFC3339))
}

func (l *ClientLink) now() time.Time {
	if l.clock == nil {
		return time.Now()
	}
	return l.clock()
}
