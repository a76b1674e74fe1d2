package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"strings"
)

// conformCreds are the credentials the conform scenarios use; an empty provider is skipped.
type conformCreds struct {
	mollieToken, dwollaID, dwollaSecret, formanceToken, dwollaCustomer string
}

// scenarioState carries values from one step to the next (ids, tokens).
type scenarioState struct {
	creds       conformCreds
	target      string
	clientID    string
	secretID    string
	dwollaToken string
}

// step is one request of a scenario; its operation id names its row in the table.
type step struct {
	provider, operation, method string
	path                        func(s *scenarioState) string
	contentType                 string
	body                        func(s *scenarioState) string
	auth                        func(s *scenarioState) string
	after                       func(s *scenarioState, body []byte)
}

func bearerOf(token func(s *scenarioState) string) func(s *scenarioState) string {
	return func(s *scenarioState) string { return "Bearer " + token(s) }
}

func fixed(v string) func(*scenarioState) string { return func(*scenarioState) string { return v } }

var (
	conformFormanceAuth = bearerOf(func(s *scenarioState) string { return s.creds.formanceToken })
	conformClientPath   = func(s *scenarioState) string { return "/api/auth/clients/" + s.clientID }
)

// scenarios lists one request per operation of our specs that can run without a person in the
// loop (Mollie's code exchange needs a customer's consent, so it is not here), in an order where
// each step has what it needs.
var scenarios = []step{
	{provider: "mollie", operation: "create-client-link", method: http.MethodPost, path: fixed("/v2/client-links"),
		contentType: "application/json",
		body: fixed(`{"owner":{"email":"conform@example.org","givenName":"Con","familyName":"Form"},` +
			`"name":"clientkit conform","address":{"country":"NL"}}`),
		auth: bearerOf(func(s *scenarioState) string { return s.creds.mollieToken })},
	{provider: "dwolla", operation: "createApplicationAccessToken", method: http.MethodPost, path: fixed("/token"),
		contentType: "application/x-www-form-urlencoded", body: fixed("grant_type=client_credentials"),
		auth: func(s *scenarioState) string {
			return "Basic " + base64.StdEncoding.EncodeToString([]byte(s.creds.dwollaID+":"+s.creds.dwollaSecret))
		},
		after: func(s *scenarioState, b []byte) { s.dwollaToken = field(b, "access_token") }},
	{provider: "dwolla", operation: "createClientToken", method: http.MethodPost, path: fixed("/client-tokens"),
		contentType: "application/json",
		body: func(s *scenarioState) string {
			customer := s.creds.dwollaCustomer
			if customer == "" {
				customer = s.target + "/customers/00000000-0000-4000-8000-000000000000"
			}
			b, _ := json.Marshal(map[string]any{"action": "customer.update", "_links": map[string]any{"customer": map[string]string{"href": customer}}})
			return string(b)
		},
		auth: bearerOf(func(s *scenarioState) string { return s.dwollaToken })},
	{provider: "formance", operation: "createClient", method: http.MethodPost, path: fixed("/api/auth/clients"),
		contentType: "application/json", body: fixed(`{"name":"clientkit-conform"}`), auth: conformFormanceAuth,
		after: func(s *scenarioState, b []byte) { s.clientID = field(b, "data", "id") }},
	{provider: "formance", operation: "listClients", method: http.MethodGet, path: fixed("/api/auth/clients"), auth: conformFormanceAuth},
	{provider: "formance", operation: "readClient", method: http.MethodGet, path: conformClientPath, auth: conformFormanceAuth},
	{provider: "formance", operation: "updateClient", method: http.MethodPut, path: conformClientPath,
		contentType: "application/json", body: fixed(`{"name":"clientkit-conform-2"}`), auth: conformFormanceAuth},
	{provider: "formance", operation: "createSecret", method: http.MethodPost,
		path:        func(s *scenarioState) string { return conformClientPath(s) + "/secrets" },
		contentType: "application/json", body: fixed(`{"name":"conform"}`), auth: conformFormanceAuth,
		after: func(s *scenarioState, b []byte) { s.secretID = field(b, "data", "id") }},
	{provider: "formance", operation: "deleteSecret", method: http.MethodDelete,
		path: func(s *scenarioState) string { return conformClientPath(s) + "/secrets/" + s.secretID }, auth: conformFormanceAuth},
	{provider: "formance", operation: "addScopeToClient", method: http.MethodPut,
		path: func(s *scenarioState) string { return conformClientPath(s) + "/scopes/ledger:read" }, auth: conformFormanceAuth},
	{provider: "formance", operation: "deleteScopeFromClient", method: http.MethodDelete,
		path: func(s *scenarioState) string { return conformClientPath(s) + "/scopes/ledger:read" }, auth: conformFormanceAuth},
	{provider: "formance", operation: "deleteClient", method: http.MethodDelete, path: conformClientPath, auth: conformFormanceAuth},
}

// run sends the step through c and returns the answer's status.
func (st step) run(ctx context.Context, c *http.Client, s *scenarioState) (int, error) {
	var body io.Reader
	if st.body != nil {
		body = strings.NewReader(st.body(s))
	}
	req, err := http.NewRequestWithContext(ctx, st.method, s.target+st.path(s), body)
	if err != nil {
		return 0, err
	}
	if st.contentType != "" {
		req.Header.Set("Content-Type", st.contentType)
	}
	if st.provider == "dwolla" {
		req.Header.Set("Accept", "application/vnd.dwolla.v1.hal+json")
	}
	req.Header.Set("Authorization", st.auth(s))
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return resp.StatusCode, err
	}
	if st.after != nil && resp.StatusCode/100 == 2 {
		st.after(s, b)
	}
	return resp.StatusCode, nil
}

// field reads a string at a path of keys in a JSON object; "" when absent.
func field(b []byte, keys ...string) string {
	var v any
	if json.NewDecoder(bytes.NewReader(b)).Decode(&v) != nil {
		return ""
	}
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return ""
		}
		v = m[k]
	}
	s, _ := v.(string)
	return s
}

// skipReason tells why a provider's steps cannot run, or "".
func (c conformCreds) skipReason(provider string) string {
	switch {
	case provider == "mollie" && c.mollieToken == "":
		return "no Mollie access token"
	case provider == "dwolla" && (c.dwollaID == "" || c.dwollaSecret == ""):
		return "no Dwolla client id and secret"
	case provider == "formance" && c.formanceToken == "":
		return "no Formance token"
	}
	return ""
}
