package fakeapi_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/fakeapi"
	"github.com/clientkit/clientkit/fakeapi/fakeapitest"
)

// A Work fault applies the write, then holds its Idempotency-Key in flight: a caller that gave
// up leaves the link created, a second request with the key gets 409 until the work is done,
// and a third gets the first answer replayed.
func TestFaultWorkHoldsTheKeyInFlight(t *testing.T) {
	srv := fakeapitest.NewServer(t)
	srv.Inject(fakeapi.OpCreateClientLink, fakeapi.Fault{Work: 300 * time.Millisecond})
	post := func(ctx context.Context) (*http.Response, error) {
		req, err := http.NewRequestWithContext(ctx, "POST", srv.URL+"/v2/client-links", strings.NewReader(clientLinkBody))
		require.NoError(t, err)
		req.Header.Set("Content-Type", jsonType)
		req.Header.Set("Authorization", bearer(srv.Credentials.MollieAccessToken))
		req.Header.Set("Idempotency-Key", "slow-work")
		return http.DefaultClient.Do(req)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := post(ctx)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.Eventually(t, func() bool { return len(srv.Handler.Requests()) == 1 }, 5*time.Second, 5*time.Millisecond)
	assert.Equal(t, "aborted", srv.Handler.Requests()[0].Outcome)
	assert.Equal(t, "work", srv.Handler.Requests()[0].Fault)
	assert.Equal(t, http.StatusCreated, srv.Handler.Requests()[0].Lost, "the answer the caller never got")
	assert.Equal(t, 1, srv.Handler.Count(fakeapi.KindClientLink), "the work was done")

	resp, err := post(context.Background())
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusConflict, resp.StatusCode, "still in flight")

	require.Eventually(t, func() bool {
		resp, err := post(context.Background())
		require.NoError(t, err)
		resp.Body.Close()
		return resp.StatusCode == http.StatusCreated && resp.Header.Get("Idempotent-Replayed") == "true"
	}, 5*time.Second, 50*time.Millisecond)
	assert.Equal(t, 1, srv.Handler.Count(fakeapi.KindClientLink))
}

func TestInjectRejectsBadWork(t *testing.T) {
	h, err := fakeapi.NewHandler()
	require.NoError(t, err)
	assert.ErrorContains(t, h.Inject("createClient", fakeapi.Fault{Work: -time.Second}), "work -1s is negative")
	assert.ErrorContains(t, h.Inject("createClient", fakeapi.Fault{Work: time.Second, Status: 503}), "cannot both answer a status and do work")
	require.NoError(t, h.Inject("createClient", fakeapi.Fault{Work: time.Millisecond}))
}
