package mollie

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/facade/internal/testutil"
	mollieapi "github.com/clientkit/clientkit/gen/mollie"
)

func newTestClock() *testutil.ManualClock {
	return testutil.NewManualClock(time.Date(2025, 3, 14, 9, 26, 53, 0, time.UTC))
}

func clientLinkResponse(id, href string) mollieapi.ClientLinkResponse {
	return mollieapi.ClientLinkResponse{
		ID:       id,
		Resource: "client-link",
		Links:    mollieapi.ClientLinkLinks{ClientLink: &mollieapi.Link{Href: href, Type: "text/html"}},
	}
}

func TestNewClientLink(t *testing.T) {
	clock := newTestClock()
	resp := clientLinkResponse("cl_vZCnNQsV2UtfXxYifWKWH", "https://my.mollie.com/dashboard/client-link/cl_vZCnNQsV2UtfXxYifWKWH")

	l := newClientLink(resp, clock.Now)

	assert.Equal(t, "cl_vZCnNQsV2UtfXxYifWKWH", l.ID)
	assert.Equal(t, "https://my.mollie.com/dashboard/client-link/cl_vZCnNQsV2UtfXxYifWKWH", l.Href)
	assert.Equal(t, clock.Now(), l.CreatedAt)
	assert.Equal(t, resp, l.Response)
	assert.Equal(t, clock.Now().Add(30*24*time.Hour), l.ExpiresAt())
}

func TestNewClientLinkWithoutHref(t *testing.T) {
	l := newClientLink(mollieapi.ClientLinkResponse{ID: "cl_1"}, newTestClock().Now)

	assert.Empty(t, l.Href)
	_, err := l.AuthorizeURL(validParams())
	assert.ErrorIs(t, err, ErrInvalidClientLink)
}

func TestClientLinkExpired(t *testing.T) {
	clock := newTestClock()
	l := newClientLink(clientLinkResponse("cl_1", "https://my.mollie.com/x"), clock.Now)

	clock.Advance(30*24*time.Hour - time.Second)
	assert.False(t, l.Expired(), "one second before the expiry")
	clock.Advance(time.Second)
	assert.True(t, l.Expired(), "at the expiry")
}

func TestClientLinkStoredWithoutClockUsesTimeNow(t *testing.T) {
	fresh := &ClientLink{ID: "cl_1", Href: "https://my.mollie.com/x", CreatedAt: time.Now().Add(-time.Hour)}
	old := &ClientLink{ID: "cl_2", Href: "https://my.mollie.com/x", CreatedAt: time.Now().Add(-31 * 24 * time.Hour)}

	assert.False(t, fresh.Expired())
	assert.True(t, old.Expired())
}

func TestClientLinkString(t *testing.T) {
	l := newClientLink(clientLinkResponse("cl_1", "https://my.mollie.com/x"), newTestClock().Now)

	want := "mollie client link cl_1 (expires 2025-04-13T09:26:53Z)"
	assert.Equal(t, want, l.String())
	assert.Equal(t, want, fmt.Sprintf("%v", l))
	require.Equal(t, want, fmt.Sprintf("%+v", l))
}
