package fakeapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/fakeapi"
	"github.com/clientkit/clientkit/fakeapi/fakeapitest"
)

func TestMollieIdempotentReplay(t *testing.T) {
	srv := fakeapitest.NewServer(t)
	h := []string{"Content-Type", jsonType, "Authorization", bearer(srv.Credentials.MollieAccessToken), "Idempotency-Key", "k-1"}
	first := send(t, "POST", srv.URL+"/v2/client-links", clientLinkBody, h...)
	require.Equal(t, http.StatusCreated, first.status)
	// The header name is case-insensitive.
	lower := append([]string(nil), h...)
	lower[4] = "idempotency-key"
	second := send(t, "POST", srv.URL+"/v2/client-links", clientLinkBody, lower...)
	assert.Equal(t, first.status, second.status)
	assert.Equal(t, string(first.body), string(second.body))
	assert.Equal(t, first.header.Get("Content-Type"), second.header.Get("Content-Type"))
	assert.Equal(t, "true", second.header.Get("Idempotent-Replayed"))
	assert.Equal(t, 1, srv.Handler.Count(fakeapi.KindClientLink))

	other := send(t, "POST", srv.URL+"/v2/client-links", strings.Replace(clientLinkBody, "Jansen BV", "Other BV", 1), h...)
	requireMollieError(t, other, http.StatusUnprocessableEntity, "idempotency-key")

	// A request without a key always creates a link.
	_, href := mollieLink(t, srv)
	require.NotEmpty(t, href)
	assert.Equal(t, 2, srv.Handler.Count(fakeapi.KindClientLink))

	reqs := srv.Handler.Requests()
	require.Len(t, reqs, 4)
	assert.Equal(t, "k-1", reqs[1].IdempotencyKey)
	assert.True(t, reqs[1].Replayed)
	assert.False(t, reqs[0].Replayed)
}

func TestDwollaIdempotentReplay(t *testing.T) {
	srv := fakeapitest.NewServer(t)
	h := []string{"Content-Type", jsonType, "Accept", dwollaType, "Authorization", bearer(dwollaToken(t, srv)), "Idempotency-Key", "abc"}
	first := send(t, "POST", srv.URL+"/client-tokens", clientTokenBody, h...)
	require.Equal(t, http.StatusOK, first.status)
	second := send(t, "POST", srv.URL+"/client-tokens", clientTokenBody, h...)
	assert.Equal(t, http.StatusOK, second.status)
	assert.Equal(t, first.json(t)["token"], second.json(t)["token"])
	assert.Equal(t, 1, srv.Handler.Count(fakeapi.KindClientToken))

	// Keys belong to the account, not the token: a retry after a token refresh still replays.
	refreshed := append([]string(nil), h...)
	refreshed[5] = bearer(dwollaToken(t, srv))
	require.NotEqual(t, h[5], refreshed[5])
	third := send(t, "POST", srv.URL+"/client-tokens", clientTokenBody, refreshed...)
	assert.Equal(t, first.json(t)["token"], third.json(t)["token"])
	assert.Equal(t, 1, srv.Handler.Count(fakeapi.KindClientToken))

	other := send(t, "POST", srv.URL+"/client-tokens", strings.Replace(clientTokenBody, "customers/1", "customers/2", 1), h...)
	requireDwollaError(t, other, http.StatusBadRequest, "InvalidIdempotencyKey")

	// An over-long key breaks the spec (maxLength 255) and names the header.
	long := append([]string(nil), h...)
	long[7] = strings.Repeat("k", 256)
	requireDwollaFieldError(t, send(t, "POST", srv.URL+"/client-tokens", clientTokenBody, long...), "/Idempotency-Key")
	assert.Equal(t, 1, srv.Handler.Count(fakeapi.KindClientToken))
}
