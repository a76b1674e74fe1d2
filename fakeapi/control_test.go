package fakeapi_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/fakeapi"
	"github.com/clientkit/clientkit/fakeapi/fakeapitest"
)

func TestControlEndpoints(t *testing.T) {
	srv := fakeapitest.NewServer(t)
	auth := []string{"Content-Type", jsonType, "Authorization", bearer(srv.Credentials.FormanceToken)}

	a := send(t, "POST", srv.URL+"/_fake/faults", `{"operationId":"readClient","status":503,"retryAfter":"7","times":1}`)
	require.Equal(t, http.StatusNoContent, a.status, "body: %s", a.body)
	id := formanceClient(t, srv, "x")
	got := send(t, "GET", srv.URL+"/api/auth/clients/"+id, "", auth...)
	requireFormanceError(t, got, 503, "INTERNAL")
	assert.Equal(t, "7", got.header.Get("Retry-After"))
	assert.Equal(t, http.StatusOK, send(t, "GET", srv.URL+"/api/auth/clients/"+id, "", auth...).status)

	require.Equal(t, http.StatusNoContent, send(t, "POST", srv.URL+"/_fake/faults", `{"operationId":"readClient","status":500,"times":5}`).status)
	require.Equal(t, http.StatusNoContent, send(t, "DELETE", srv.URL+"/_fake/faults", "").status)
	assert.Equal(t, http.StatusOK, send(t, "GET", srv.URL+"/api/auth/clients/"+id, "", auth...).status)

	for _, bad := range []string{`{"operationId":"nope","status":500}`, `{"operationId":"readClient","delay":"soon"}`,
		`{"operationId":"readClient","status":500,"extra":1}`, `{"operationId":"readClient"}`, `not json`} {
		r := send(t, "POST", srv.URL+"/_fake/faults", bad)
		assert.Equal(t, http.StatusBadRequest, r.status, bad)
		assert.NotEmpty(t, r.json(t)["error"], bad)
	}

	log := send(t, "GET", srv.URL+"/_fake/requests", "")
	require.Equal(t, http.StatusOK, log.status)
	var reqs []fakeapi.Request
	require.NoError(t, json.Unmarshal(log.body, &reqs))
	require.Len(t, reqs, 4, "control calls are not logged")
	assert.Equal(t, "createClient", reqs[0].OperationID)
	assert.Equal(t, 201, reqs[0].Status)
	assert.Equal(t, "status", reqs[1].Fault)
	assert.NotContains(t, string(log.body), srv.Credentials.FormanceToken)

	counts := send(t, "GET", srv.URL+"/_fake/counts", "")
	assert.EqualValues(t, 1, counts.json(t)["formance-client"])

	require.Equal(t, http.StatusNoContent, send(t, "POST", srv.URL+"/_fake/reset", "").status)
	assert.Zero(t, srv.Handler.Count(fakeapi.KindFormanceClient))
	assert.Empty(t, srv.Handler.Requests())
	assert.Equal(t, http.StatusNotFound, send(t, "GET", srv.URL+"/_fake/nothing", "").status)
}

func TestUnknownPath(t *testing.T) {
	srv := fakeapitest.NewServer(t)
	a := send(t, "GET", srv.URL+"/nothing/here", "")
	assert.Equal(t, http.StatusNotFound, a.status)
	assert.NotEmpty(t, a.json(t)["error"])
}

func TestNewHandlerRejectsBadOptions(t *testing.T) {
	c := fakeapi.DefaultCredentials()
	c.MollieClientID = "client_1"
	c.FormanceToken = ""
	_, err := fakeapi.NewHandler(fakeapi.WithCredentials(c), fakeapi.WithDwollaTokenTTL(0))
	require.Error(t, err)
	assert.ErrorContains(t, err, "app_")
	assert.ErrorContains(t, err, "FormanceToken")
	assert.ErrorContains(t, err, "TTL")
}

func TestCredentialsAreRedacted(t *testing.T) {
	c := fakeapi.DefaultCredentials()
	for _, s := range []string{fmt.Sprintf("%v", c), fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", c)} {
		assert.NotContains(t, s, c.MollieClientSecret)
		assert.NotContains(t, s, c.MollieAccessToken)
		assert.NotContains(t, s, c.DwollaClientSecret)
		assert.NotContains(t, s, c.FormanceToken)
		assert.Contains(t, s, c.MollieClientID)
	}
}

// The request log of a long-running fake is bounded and keeps the latest requests.
func TestRequestLogIsBounded(t *testing.T) {
	h, err := fakeapi.NewHandler()
	require.NoError(t, err)
	const calls = 9000
	for i := range calls {
		req := httptest.NewRequest("GET", fmt.Sprintf("/api/auth/clients/c-%d", i), nil)
		req.Header.Set("Authorization", bearer(fakeapi.DefaultCredentials().FormanceToken))
		h.ServeHTTP(httptest.NewRecorder(), req)
	}
	log := h.Requests()
	assert.GreaterOrEqual(t, len(log), 4096)
	assert.Less(t, len(log), calls)
	assert.Equal(t, fmt.Sprintf("/api/auth/clients/c-%d", calls-1), log[len(log)-1].Path)
}
