package fakeapi_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/fakeapi"
	"github.com/clientkit/clientkit/fakeapi/fakeapitest"
)

// TestControlErrorsNameTheField checks that every refusal of POST /_fake/faults says which field
// is wrong and, when they are few, lists the valid values.
func TestControlErrorsNameTheField(t *testing.T) {
	srv := fakeapitest.NewServer(t)
	tests := []struct {
		body, field string
		valid       bool // the answer lists valid values
	}{
		{`{"operationId":"nope","status":500}`, "operationId", true},
		{`{"operationId":"readClient","delay":"soon"}`, "delay", false},
		{`{"operationId":"readClient","delay":"-1s"}`, "delay", false},
		{`{"operationId":"readClient","status":200}`, "status", false},
		{`{"operationId":"readClient","status":"500"}`, "status", false},
		{`{"operationId":"readClient","status":500,"drop":true}`, "drop", false},
		{`{"operationId":"readClient","retryAfter":"2","delay":"1s"}`, "retryAfter", false},
		{`{"operationId":"readClient","status":503,"retryAfter":"soon"}`, "retryAfter", false},
		{`{"operationId":"readClient","status":500,"times":-1}`, "times", false},
		{`{"operationId":"readClient"}`, "status", false},
		{`{"operationId":"readClient","status":500,"extra":1}`, "extra", true},
		{`not json`, "body", false},
	}
	for _, tt := range tests {
		a := send(t, "POST", srv.URL+"/_fake/faults", tt.body, "Content-Type", jsonType)
		require.Equal(t, http.StatusBadRequest, a.status, tt.body)
		var ce fakeapi.ControlError
		require.NoError(t, json.Unmarshal(a.body, &ce), tt.body)
		assert.Equal(t, tt.field, ce.Field, tt.body)
		assert.NotEmpty(t, ce.Error, tt.body)
		if tt.valid {
			assert.NotEmpty(t, ce.Valid, tt.body)
		}
	}
	var ce fakeapi.ControlError
	a := send(t, "POST", srv.URL+"/_fake/faults", `{"operationId":"nope","status":500}`)
	require.NoError(t, json.Unmarshal(a.body, &ce))
	assert.Equal(t, fakeapi.OperationIDs(), ce.Valid)
	assert.Empty(t, srv.Handler.PendingFaults(), "no refused fault is queued")

	a = send(t, "GET", srv.URL+"/_fake/requests?after=x", "")
	require.NoError(t, json.Unmarshal(a.body, &ce))
	assert.Equal(t, "after", ce.Field)
	a = send(t, "DELETE", srv.URL+"/_fake/faults?operationId=nope", "")
	require.NoError(t, json.Unmarshal(a.body, &ce))
	assert.Equal(t, http.StatusBadRequest, a.status)
	assert.Equal(t, "operationId", ce.Field)
}

func TestControlFaultListAndClearOne(t *testing.T) {
	srv := fakeapitest.NewServer(t)
	for _, body := range []string{`{"operationId":"readClient","status":503,"retryAfter":"2","times":2}`,
		`{"operationId":"createClient","delay":"250ms","drop":true}`} {
		require.Equal(t, http.StatusNoContent, send(t, "POST", srv.URL+"/_fake/faults", body, "Content-Type", jsonType).status)
	}
	var faults []fakeapi.FaultRequest
	require.NoError(t, json.Unmarshal(send(t, "GET", srv.URL+"/_fake/faults", "").body, &faults))
	assert.Equal(t, []fakeapi.FaultRequest{
		{OperationID: "createClient", Delay: "250ms", Drop: true, Times: 1},
		{OperationID: "readClient", Status: 503, RetryAfter: "2", Times: 2},
	}, faults)
	require.Equal(t, http.StatusNoContent, send(t, "DELETE", srv.URL+"/_fake/faults?operationId=readClient", "").status)
	assert.Equal(t, []fakeapi.FaultRequest{{OperationID: "createClient", Delay: "250ms", Drop: true, Times: 1}}, srv.Handler.PendingFaults())
}

// TestControlRefusesAnotherSitesForm: a page on another origin must not be able to reset the fake
// or queue faults from a visitor's browser.
func TestControlRefusesAnotherSitesForm(t *testing.T) {
	srv := fakeapitest.NewServer(t, fakeapi.WithInspector())
	formanceClient(t, srv, "kept")
	for _, path := range []string{"/_fake/reset", "/_fake/ui/reset"} {
		a := send(t, "POST", srv.URL+path, "", "Content-Type", formType, "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site")
		assert.Equal(t, http.StatusForbidden, a.status, path)
	}
	assert.Equal(t, 1, srv.Handler.Count(fakeapi.KindFormanceClient))
	a := send(t, "POST", srv.URL+"/_fake/ui/reset", "", "Content-Type", formType, "Origin", srv.URL, "Sec-Fetch-Site", "same-origin")
	assert.Equal(t, http.StatusSeeOther, a.status)
	assert.Zero(t, srv.Handler.Count(fakeapi.KindFormanceClient))
}

func TestRequestLogEntries(t *testing.T) {
	srv := fakeapitest.NewServer(t)
	formanceClient(t, srv, "first")
	send(t, "POST", srv.URL+"/api/auth/clients", `{"name":5}`, "Content-Type", jsonType, "Authorization", bearer(srv.Credentials.FormanceToken))
	send(t, "POST", srv.URL+"/v2/client-links", `{"name":"x"}`, "Content-Type", jsonType, "Authorization", bearer(srv.Credentials.MollieAccessToken))

	log := srv.Handler.Requests()
	require.Len(t, log, 3)
	for i, r := range log {
		assert.Equal(t, uint64(i+1), r.Seq)
		assert.Positive(t, r.Duration)
		assert.Less(t, r.Duration, 5*time.Second)
	}
	assert.Equal(t, "formance", log[0].Provider)
	assert.Empty(t, log[0].Message)
	assert.Equal(t, 400, log[1].Status)
	assert.Equal(t, "name: value must be a string", log[1].Message)
	assert.Equal(t, "mollie", log[2].Provider)
	assert.Equal(t, 422, log[2].Status)
	assert.Contains(t, log[2].Message, "owner")

	var after []fakeapi.Request
	require.NoError(t, json.Unmarshal(send(t, "GET", srv.URL+"/_fake/requests?after=2", "").body, &after))
	require.Len(t, after, 1)
	assert.Equal(t, uint64(3), after[0].Seq)
	srv.Handler.Reset()
	formanceClient(t, srv, "after reset")
	assert.Equal(t, uint64(4), srv.Handler.Requests()[0].Seq, "numbers keep growing over a reset")
}

func TestRequestObserverSeesEveryRequest(t *testing.T) {
	seen := make(chan fakeapi.Request, 4)
	srv := fakeapitest.NewServer(t, fakeapi.WithRequestObserver(func(r fakeapi.Request) { seen <- r }))
	formanceClient(t, srv, "watched")
	select {
	case r := <-seen:
		assert.Equal(t, "createClient", r.OperationID)
		assert.Equal(t, 201, r.Status)
	case <-time.After(5 * time.Second):
		t.Fatal("the observer saw nothing")
	}
}

func TestConsentOptions(t *testing.T) {
	_, err := fakeapi.NewHandler(fakeapi.WithConsent("maybe"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "approve, deny, interactive")
	for _, c := range fakeapi.Consents() {
		got, err := fakeapi.ParseConsent(string(c))
		require.NoError(t, err)
		assert.Equal(t, c, got)
	}

	srv := fakeapitest.NewServer(t, fakeapi.WithConsent(fakeapi.ConsentDeny))
	_, href := mollieLink(t, srv)
	back := consent(t, href, consentQuery(srv))
	assert.Equal(t, "access_denied", back.Get("error"))
	assert.NotEmpty(t, back.Get("error_description"))
	assert.Equal(t, "st4te", back.Get("state"))
	assert.Contains(t, srv.Handler.Requests()[1].Message, "access_denied")

	// The last option wins: WithConsent after WithMollieDenial approves again.
	srv = fakeapitest.NewServer(t, fakeapi.WithMollieDenial("access_denied", "no"), fakeapi.WithConsent(fakeapi.ConsentApprove))
	_, href = mollieLink(t, srv)
	assert.NotEmpty(t, consent(t, href, consentQuery(srv)).Get("code"))
}

func TestInspectorIsOffByDefault(t *testing.T) {
	srv := fakeapitest.NewServer(t)
	a := send(t, "GET", srv.URL+"/_fake/", "")
	assert.Equal(t, http.StatusNotFound, a.status)
	assert.Contains(t, string(a.body), "WithInspector")
}

// TestStateNeverShowsSecrets fills every store, then reads the state as JSON and the inspector
// as HTML: no token, secret or code may appear in clear.
func TestStateNeverShowsSecrets(t *testing.T) {
	srv := fakeapitest.NewServer(t, fakeapi.WithInspector())
	id := formanceClient(t, srv, "shown")
	secret := send(t, "POST", srv.URL+"/api/auth/clients/"+id+"/secrets", `{"name":"s1"}`,
		"Content-Type", jsonType, "Authorization", bearer(srv.Credentials.FormanceToken)).json(t)["data"].(map[string]any)
	clear := secret["clear"].(string)
	dwolla := dwollaToken(t, srv)
	_, href := mollieLink(t, srv)
	code := consent(t, href, consentQuery(srv)).Get("code")
	tokens := exchange(t, srv, url.Values{"grant_type": {"authorization_code"}, "code": {code}}).json(t)

	page := send(t, "GET", srv.URL+"/_fake/", "")
	require.Equal(t, http.StatusOK, page.status)
	assert.Contains(t, string(page.body), "…"+clear[len(clear)-4:], "the inspector shows the last digits")
	assert.Contains(t, string(page.body), "Jansen BV")
	body := string(send(t, "GET", srv.URL+"/_fake/state", "").body) + string(page.body)
	for name, secret := range map[string]string{"clear secret": clear, "Dwolla token": dwolla, "code": code,
		"Mollie token": tokens["access_token"].(string), "refresh token": tokens["refresh_token"].(string),
		"Formance static token": srv.Credentials.FormanceToken, "Mollie organization token": srv.Credentials.MollieAccessToken} {
		assert.NotContains(t, body, secret, name)
	}
	st := srv.Handler.State()
	require.Len(t, st.FormanceClients, 1)
	assert.Equal(t, clear[len(clear)-4:], st.FormanceClients[0].Secrets[0].LastDigits)
	require.Len(t, st.DwollaTokens, 1)
	assert.Equal(t, "…"+dwolla[len(dwolla)-4:], st.DwollaTokens[0].Ends)
	require.Len(t, st.MollieLinks, 1)
	assert.Equal(t, "approved", st.MollieLinks[0].Consent)
	assert.Equal(t, "Jansen BV", st.MollieLinks[0].Organization)
}
