package conformance_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/conformance"
)

const clientJSON = `{"data":{"id":"c1","name":"worker"}}`

// findViolation returns the violation of op in dir whose field is field.
func findViolation(t *testing.T, vs []conformance.Violation, op string, dir conformance.Direction, field string) conformance.Violation {
	t.Helper()
	for _, v := range vs {
		if v.Operation == op && v.Direction == dir && v.Field == field {
			return v
		}
	}
	t.Fatalf("no %s violation of %s at %q in %v", dir, op, field, vs)
	return conformance.Violation{}
}

func TestTransportNamesWrongFieldType(t *testing.T) {
	up := newStub(t, http.StatusCreated, "application/json", clientJSON)
	tr := conformance.NewTransport(nil)
	status, _, err := send(t, &http.Client{Transport: tr}, http.MethodPost, up.URL+"/api/auth/clients",
		"application/json", `{"name":42}`, bearer("tok-1234"))
	require.NoError(t, err)
	assert.Equal(t, http.StatusCreated, status, "report mode passes the request through")
	v := findViolation(t, tr.Violations(), "createClient", conformance.Request, "body/name")
	assert.Equal(t, "formance", v.Provider)
	assert.Contains(t, v.Message, "string")
	assert.Len(t, tr.Violations(), 1, "the answer is fine: %v", tr.Violations())
}

func TestTransportNamesMissingRequiredField(t *testing.T) {
	up := newStub(t, http.StatusOK, "application/json", `{"data":{"id":"s1","name":"prod","lastDigits":"abcd","clear":"sec-ret-value"}}`)
	tr := conformance.NewTransport(nil)
	_, _, err := send(t, &http.Client{Transport: tr}, http.MethodPost, up.URL+"/api/auth/clients/c1/secrets",
		"application/json", `{"metadata":{}}`, bearer("tok-1234"))
	require.NoError(t, err)
	vs := tr.Violations()
	require.Len(t, vs, 1, "%v", vs)
	assert.Equal(t, "createSecret", vs[0].Operation)
	assert.Equal(t, conformance.Request, vs[0].Direction)
	assert.Contains(t, vs[0].Field+" "+vs[0].Message, "name")
}

func TestTransportNamesUndeclaredStatus(t *testing.T) {
	up := newStub(t, http.StatusTeapot, "application/json", `{}`)
	tr := conformance.NewTransport(nil)
	status, _, err := send(t, &http.Client{Transport: tr}, http.MethodPost, up.URL+"/client-tokens",
		"application/json",
		`{"action":"customer.update","_links":{"customer":{"href":"https://api-sandbox.dwolla.com/customers/x"}}}`,
		http.Header{"Authorization": {"Bearer app-token-xyz"}, "Accept": {"application/vnd.dwolla.v1.hal+json"}})
	require.NoError(t, err)
	assert.Equal(t, http.StatusTeapot, status)
	v := findViolation(t, tr.Violations(), "createClientToken", conformance.Response, "status")
	assert.Contains(t, v.Message, "declares no such status")
	assert.Len(t, tr.Violations(), 1, "the request is fine: %v", tr.Violations())
}

func TestTransportNamesMissingCredential(t *testing.T) {
	up := newStub(t, http.StatusOK, "application/json", `{"data":[]}`)
	tr := conformance.NewTransport(nil)
	_, _, err := send(t, &http.Client{Transport: tr}, http.MethodGet, up.URL+"/api/auth/clients", "", "", nil)
	require.NoError(t, err)
	findViolation(t, tr.Violations(), "listClients", conformance.Request, "security")
}

func TestTransportNamesUnknownRoute(t *testing.T) {
	up := newStub(t, http.StatusOK, "", "")
	tr := conformance.NewTransport(nil)
	_, _, err := send(t, &http.Client{Transport: tr}, http.MethodGet, up.URL+"/v2/payments", "", "", nil)
	require.NoError(t, err)
	vs := tr.Violations()
	require.Len(t, vs, 1)
	assert.Equal(t, "route", vs[0].Field)
	assert.Empty(t, vs[0].Operation)
}

func TestTransportRefuseModeDoesNotSend(t *testing.T) {
	up := newStub(t, http.StatusCreated, "application/json", clientJSON)
	tr := conformance.NewTransport(nil, conformance.WithMode(conformance.ModeRefuse))
	c := &http.Client{Transport: tr}
	_, _, err := send(t, c, http.MethodPost, up.URL+"/api/auth/clients", "application/json", `{"name":42}`, bearer("tok-1234"))
	var refused *conformance.RefusedError
	require.ErrorAs(t, err, &refused)
	assert.Contains(t, err.Error(), "createClient")
	assert.Contains(t, err.Error(), "body/name")
	assert.Zero(t, up.hits.Load(), "a refused request never leaves")

	// A good request still goes out, and the answer is checked and recorded only.
	status, _, err := send(t, c, http.MethodPost, up.URL+"/api/auth/clients", "application/json", `{"name":"w"}`, bearer("tok-1234"))
	require.NoError(t, err)
	assert.Equal(t, http.StatusCreated, status)
	assert.EqualValues(t, 1, up.hits.Load())
	assert.Equal(t, 2, tr.Report().Exchanges)
}

func TestTransportKeepsBodies(t *testing.T) {
	const sent = `{"name":"worker","scopes":["ledger:read"]}`
	up := newStub(t, http.StatusCreated, "application/json", clientJSON)
	tr := conformance.NewTransport(nil)
	_, got, err := send(t, &http.Client{Transport: tr}, http.MethodPost, up.URL+"/api/auth/clients", "application/json", sent, bearer("tok-1234"))
	require.NoError(t, err)
	assert.Equal(t, sent, up.lastBody.Load(), "the upstream gets the body the validator read")
	assert.Equal(t, clientJSON, got, "the caller gets the answer the validator read")
}

// TestTransportNeverShowsSecrets breaks both directions of exchanges full of secrets and checks
// that no secret shows up in the violations, the report's text or its JSON.
func TestTransportNeverShowsSecrets(t *testing.T) {
	secrets := []string{"app-key-7788", "app-secret-9911", "client-secret-4455", "access-tok-2233", "refresh-tok-6677", "auth-code-1357", "clear-secret-8642", "bearer-tok-5566"}
	tokenAnswer := `{"access_token":"access-tok-2233","token_type":"bearer","expires_in":"soon","refresh_token":"refresh-tok-6677"}`
	up := newStub(t, http.StatusOK, "application/json", tokenAnswer)
	tr := conformance.NewTransport(nil)
	c := &http.Client{Transport: tr}
	basic := http.Header{}
	basic.Set("Authorization", "Basic YXBwLWtleS03Nzg4OmFwcC1zZWNyZXQtOTkxMQ==") // app-key-7788:app-secret-9911
	_, _, err := send(t, c, http.MethodPost, up.URL+"/token", "application/x-www-form-urlencoded",
		"grant_type=bogus&client_secret=client-secret-4455&code=auth-code-1357", basic)
	require.NoError(t, err)
	_, _, err = send(t, c, http.MethodPost, up.URL+"/oauth2/tokens", "application/x-www-form-urlencoded",
		"grant_type=authorization_code&code=auth-code-1357&refresh_token=refresh-tok-6677&redirect_uri=x", basic)
	require.NoError(t, err)
	secretAnswer := newStub(t, http.StatusOK, "application/json", `{"data":{"id":42,"clear":"clear-secret-8642"}}`)
	_, _, err = send(t, c, http.MethodPost, secretAnswer.URL+"/api/auth/clients/c1/secrets", "application/json",
		`{"name":"x","client_secret":"client-secret-4455"}`, bearer("bearer-tok-5566"))
	require.NoError(t, err)

	rep := tr.Report()
	require.GreaterOrEqual(t, len(rep.Violations), 3, "%s", rep)
	all := rep.String() + string(rep.JSON())
	for _, v := range rep.Violations {
		b, _ := json.Marshal(v)
		all += v.String() + string(b)
	}
	for _, s := range append(secrets, "YXBwLWtleS03Nzg4OmFwcC1zZWNyZXQtOTkxMQ==") {
		assert.NotContains(t, all, s)
	}
	t.Log(rep)
}

func TestRefusedErrorIsAnError(t *testing.T) {
	err := error(&conformance.RefusedError{Violations: []conformance.Violation{{Operation: "x", Field: "body/a", Message: "m"}}})
	var refused *conformance.RefusedError
	assert.True(t, errors.As(err, &refused))
	assert.True(t, strings.HasPrefix(err.Error(), "conformance: request not sent"))
}

func TestTransportSkip(t *testing.T) {
	up := newStub(t, http.StatusOK, "", "")
	tr := conformance.NewTransport(nil, conformance.WithSkip(func(r *http.Request) bool { return r.URL.Path == "/oauth/token" }))
	c := &http.Client{Transport: tr}
	_, _, err := send(t, c, http.MethodPost, up.URL+"/oauth/token", "", "", nil)
	require.NoError(t, err)
	assert.Equal(t, conformance.Report{}, tr.Report())
	_, _, err = send(t, c, http.MethodPost, up.URL+"/oauth/other", "", "", nil)
	require.NoError(t, err)
	assert.Len(t, tr.Violations(), 1)
}
