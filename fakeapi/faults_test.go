package fakeapi_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/fakeapi"
	"github.com/clientkit/clientkit/fakeapi/fakeapitest"
)

func TestFaultStatusInEachShape(t *testing.T) {
	srv := fakeapitest.NewServer(t)
	srv.Inject("create-client-link", fakeapi.Fault{Status: 429, RetryAfter: "3", Times: 2})
	srv.Inject("createClientToken", fakeapi.Fault{Status: 503})
	srv.Inject("createClient", fakeapi.Fault{Status: 500})
	srv.Inject("createApplicationAccessToken", fakeapi.Fault{Status: 503, RetryAfter: "1"})

	mollie := []string{"Content-Type", jsonType, "Authorization", bearer(srv.Credentials.MollieAccessToken)}
	for range 2 {
		a := send(t, "POST", srv.URL+"/v2/client-links", clientLinkBody, mollie...)
		requireMollieError(t, a, 429, "")
		assert.Equal(t, "3", a.header.Get("Retry-After"))
	}
	assert.Zero(t, srv.Handler.Count(fakeapi.KindClientLink), "a status fault does not process the request")
	assert.Equal(t, http.StatusCreated, send(t, "POST", srv.URL+"/v2/client-links", clientLinkBody, mollie...).status, "the fault is used up")

	// A status fault answers before validation: even a request without credentials gets it.
	requireDwollaError(t, send(t, "POST", srv.URL+"/client-tokens", "{}"), 503, "ServiceUnavailable")
	requireFormanceError(t, send(t, "POST", srv.URL+"/api/auth/clients", `{"name":"x"}`, "Content-Type", jsonType,
		"Authorization", bearer(srv.Credentials.FormanceToken)), 500, "INTERNAL")
	a := send(t, "POST", srv.URL+"/token", "grant_type=client_credentials", "Content-Type", formType)
	requireOAuthError(t, a, 503, "temporarily_unavailable")
	assert.Equal(t, "1", a.header.Get("Retry-After"))
	assert.Zero(t, srv.Handler.Count(fakeapi.KindFormanceClient))

	var faulted int
	for _, r := range srv.Handler.Requests() {
		if r.Fault == "status" {
			faulted++
		}
	}
	assert.Equal(t, 5, faulted)
}

func TestFaultDropProcessesTheRequest(t *testing.T) {
	srv := fakeapitest.NewServer(t)
	srv.Inject("createClient", fakeapi.Fault{Drop: true})
	req, err := http.NewRequest("POST", srv.URL+"/api/auth/clients", strings.NewReader(`{"name":"lost"}`))
	require.NoError(t, err)
	req.Header.Set("Content-Type", jsonType)
	req.Header.Set("Authorization", bearer(srv.Credentials.FormanceToken))
	resp, err := http.DefaultTransport.RoundTrip(req) // no retry of the dropped request
	if resp != nil {
		resp.Body.Close()
	}
	require.Error(t, err)
	assert.True(t, errors.Is(err, io.EOF) || strings.Contains(err.Error(), "EOF") || strings.Contains(err.Error(), "reset"), err.Error())
	assert.Equal(t, 1, srv.Handler.Count(fakeapi.KindFormanceClient), "the request was processed")
	last := srv.Handler.Requests()[0]
	assert.Equal(t, "drop", last.Fault)
	assert.Zero(t, last.Status)
	assert.Equal(t, "dropped", last.Outcome, "processed, then dropped")
	assert.Equal(t, http.StatusCreated, last.Lost, "the answer that was lost")
}

func TestFaultDropThenIdempotentRetry(t *testing.T) {
	srv := fakeapitest.NewServer(t)
	srv.Inject("create-client-link", fakeapi.Fault{Drop: true})
	newReq := func() *http.Request {
		req, err := http.NewRequest("POST", srv.URL+"/v2/client-links", strings.NewReader(clientLinkBody))
		require.NoError(t, err)
		req.Header.Set("Content-Type", jsonType)
		req.Header.Set("Authorization", bearer(srv.Credentials.MollieAccessToken))
		req.Header.Set("Idempotency-Key", "retry-me")
		return req
	}
	_, err := http.DefaultTransport.RoundTrip(newReq())
	require.Error(t, err)
	resp, err := http.DefaultTransport.RoundTrip(newReq())
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusCreated, resp.StatusCode)
	assert.Equal(t, "true", resp.Header.Get("Idempotent-Replayed"))
	assert.Equal(t, 1, srv.Handler.Count(fakeapi.KindClientLink))
}

func TestFaultDelayHonoursTheCaller(t *testing.T) {
	srv := fakeapitest.NewServer(t)
	srv.Inject("listClients", fakeapi.Fault{Delay: time.Hour})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "GET", srv.URL+"/api/auth/clients", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", bearer(srv.Credentials.FormanceToken))
	_, err = http.DefaultClient.Do(req)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	// The handler gives up when the caller leaves; the log shows a call without an answer.
	require.Eventually(t, func() bool { return len(srv.Handler.Requests()) == 1 }, 5*time.Second, 5*time.Millisecond)
	got := srv.Handler.Requests()[0]
	assert.Equal(t, "delay", got.Fault)
	assert.Zero(t, got.Status)
	assert.Equal(t, "aborted", got.Outcome, "aborted during the delay, not processed")
}

// A POST's body is read before the delay, so the fake notices the caller leaving and creates
// nothing.
func TestFaultDelayedPostHonoursTheCaller(t *testing.T) {
	srv := fakeapitest.NewServer(t)
	srv.Inject("createClient", fakeapi.Fault{Delay: time.Hour})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "POST", srv.URL+"/api/auth/clients", strings.NewReader(`{"name":"late"}`))
	require.NoError(t, err)
	req.Header.Set("Authorization", bearer(srv.Credentials.FormanceToken))
	req.Header.Set("Content-Type", jsonType)
	_, err = http.DefaultClient.Do(req)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.Eventually(t, func() bool { return len(srv.Handler.Requests()) == 1 }, 5*time.Second, 5*time.Millisecond)
	assert.Zero(t, srv.Handler.Requests()[0].Status)
	assert.Zero(t, srv.Handler.Count(fakeapi.KindFormanceClient))
}

func TestFaultDelayThenAnswer(t *testing.T) {
	srv := fakeapitest.NewServer(t)
	srv.Inject("listClients", fakeapi.Fault{Delay: time.Millisecond, Times: 1})
	a := send(t, "GET", srv.URL+"/api/auth/clients", "", "Authorization", bearer(srv.Credentials.FormanceToken))
	assert.Equal(t, http.StatusOK, a.status)
	assert.Equal(t, "delay", srv.Handler.Requests()[0].Fault)
}

func TestInjectRejectsBadFaults(t *testing.T) {
	h, err := fakeapi.NewHandler()
	require.NoError(t, err)
	assert.ErrorContains(t, h.Inject("nope", fakeapi.Fault{Status: 500}), `"nope"`)
	assert.ErrorContains(t, h.Inject("readClient", fakeapi.Fault{Status: 200}), "200")
	assert.ErrorContains(t, h.Inject("readClient", fakeapi.Fault{Status: 500, Drop: true}), "drop")
	assert.ErrorContains(t, h.Inject("readClient", fakeapi.Fault{}), "needs")
	assert.ErrorContains(t, h.Inject("readClient", fakeapi.Fault{Delay: time.Second, Times: -1}), "-1")
	assert.ElementsMatch(t, []string{"create-client-link", "create-oauth-token", "revoke-oauth-token",
		"client-link-consent", "mollie-authorize", "listScopes", "createScope", "readScope", "updateScope",
		"deleteScope", "getServerInfo",
		"createApplicationAccessToken", "createClientToken", "listClients", "createClient", "readClient",
		"updateClient", "deleteClient", "createSecret", "deleteSecret", "addScopeToClient", "deleteScopeFromClient",
		"formanceOAuthToken"}, fakeapi.OperationIDs())
}

// The control API and Inject apply the same rules, but only the control API asks RetryAfter to
// be what RFC 9110 allows: a Go caller may send a malformed one on purpose.
func TestOnlyTheControlAPIChecksRetryAfter(t *testing.T) {
	srv := fakeapitest.NewServer(t)
	require.NoError(t, srv.Handler.Inject("readClient", fakeapi.Fault{Status: 503, RetryAfter: "soon"}))
	a := send(t, "POST", srv.URL+"/_fake/faults", `{"operationId":"readClient","status":503,"retryAfter":"soon"}`, "Content-Type", jsonType)
	assert.Equal(t, http.StatusBadRequest, a.status)
	assert.Len(t, srv.Handler.PendingFaults(), 1)
}
