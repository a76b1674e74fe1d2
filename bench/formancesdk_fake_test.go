package bench

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	formancesdk "github.com/formancehq/formance-sdk-go/v3"
	sdkops "github.com/formancehq/formance-sdk-go/v3/pkg/models/operations"
	"github.com/formancehq/formance-sdk-go/v3/pkg/models/shared"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/fakeapi/fakeapitest"
)

// fakeClientShapes are create bodies covering every field a client can hold in today's
// generation: bare, every option, string metadata, scopes, odd but valid strings.
var fakeClientShapes = []string{
	`{"name":"bare"}`,
	`{"name":"full","description":"d","public":true,"trusted":false,"redirectUris":["https://a.example/cb","http://127.0.0.1/cb"],"postLogoutRedirectUris":["https://a.example/bye"],"metadata":{"team":"ops","empty":"","unicode":"é✓"},"scopes":["ledger:read","payments:write"]}`,
	`{"name":"empty lists","redirectUris":[],"postLogoutRedirectUris":[],"metadata":{},"scopes":[]}`,
	`{"name":"numbers as strings","metadata":{"n":"1e999999","b":"true"}}`,
}

// rawFormance sends a request with the fake's static stack token and decodes the answer.
func rawFormance(t *testing.T, srv *fakeapitest.Server, method, path, body string, want int) map[string]any {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+srv.Credentials.FormanceToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err := srv.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, want, resp.StatusCode, "%s %s", method, path)
	var out map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
	return out
}

// TestFormanceSDKReadsEveryClientOfTheFake: issue 13 — formance-sdk-go v3.8.1 used to fail on
// every ListClients once one client held a non-string metadata value. It now reads every client
// the fake can hold, through the SDK's own client-credentials flow (which asks for auth:read or
// auth:write per operation, as today's server requires).
func TestFormanceSDKReadsEveryClientOfTheFake(t *testing.T) {
	srv := fakeapitest.NewServer(t) // today's generation
	machine := rawFormance(t, srv, "POST", "/api/auth/clients", `{"name":"sdk","scopes":["auth:read","auth:write"]}`, 201)
	id := machine["data"].(map[string]any)["id"].(string)
	secret := rawFormance(t, srv, "POST", "/api/auth/clients/"+id+"/secrets", `{"name":"sdk","metadata":{"k":"v"}}`, 200)
	clear := secret["data"].(map[string]any)["clear"].(string)
	for _, body := range fakeClientShapes {
		rawFormance(t, srv, "POST", "/api/auth/clients", body, 201)
	}
	// What broke the SDK's list before: values it cannot decode into map[string]string.
	for _, bad := range []string{`{"name":"x","metadata":{"a":true}}`, `{"name":"x","metadata":{"a":1e999999}}`} {
		rawFormance(t, srv, "POST", "/api/auth/clients", bad, 400)
	}

	sdk := formancesdk.New(formancesdk.WithServerURL(srv.URL), formancesdk.WithClient(srv.Client()),
		formancesdk.WithSecurity(shared.Security{ClientID: &id, ClientSecret: &clear}))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	list, err := sdk.Auth.V1.ListClients(ctx)
	require.NoError(t, err)
	clients := list.ListClientsResponse.Data
	require.Len(t, clients, len(fakeClientShapes)+1)
	byName := map[string]shared.Client{}
	for _, c := range clients {
		byName[c.Name] = c
		read, err := sdk.Auth.V1.ReadClient(ctx, sdkops.ReadClientRequest{ClientID: c.ID})
		require.NoError(t, err, c.Name)
		assert.Equal(t, c.ID, read.ReadClientResponse.Data.ID)
	}
	full := byName["full"]
	assert.Equal(t, map[string]string{"team": "ops", "empty": "", "unicode": "é✓"}, full.Metadata)
	assert.Equal(t, []string{"ledger:read", "payments:write"}, full.Scopes)
	assert.Equal(t, "1e999999", byName["numbers as strings"].Metadata["n"])
	assert.Equal(t, map[string]string{"k": "v"}, byName["sdk"].Secrets[0].Metadata)

	info, err := sdk.Auth.V1.GetServerInfo(ctx)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(info.ServerInfo.Version, "v2."), info.ServerInfo.Version)

	// Writes through the SDK: create with scopes and metadata, update, secrets, delete.
	created, err := sdk.Auth.V1.CreateClient(ctx, &shared.CreateClientRequest{Name: "by-sdk",
		Metadata: map[string]string{"a": "b"}, Scopes: []string{"ledger:read"}})
	require.NoError(t, err)
	c := created.CreateClientResponse.Data
	assert.Equal(t, []string{"ledger:read"}, c.Scopes)
	updated, err := sdk.Auth.V1.UpdateClient(ctx, sdkops.UpdateClientRequest{ClientID: c.ID,
		CreateClientRequest: &shared.CreateClientRequest{Name: "by-sdk-2", Scopes: []string{"ledger:write"}}})
	require.NoError(t, err)
	assert.Equal(t, []string{"ledger:write"}, updated.UpdateClientResponse.Data.Scopes)
	s, err := sdk.Auth.V1.CreateSecret(ctx, sdkops.CreateSecretRequest{ClientID: c.ID,
		CreateSecretRequest: &shared.CreateSecretRequest{Name: "s"}})
	require.NoError(t, err)
	_, err = sdk.Auth.V1.DeleteSecret(ctx, sdkops.DeleteSecretRequest{ClientID: c.ID, SecretID: s.CreateSecretResponse.Data.ID})
	require.NoError(t, err)
	_, err = sdk.Auth.V1.DeleteClient(ctx, sdkops.DeleteClientRequest{ClientID: c.ID})
	require.NoError(t, err)
	_, err = sdk.Auth.V1.DeleteClient(ctx, sdkops.DeleteClientRequest{ClientID: c.ID})
	require.NoError(t, err, "deleting an unknown client is 204, as on the real server")
	_, err = sdk.Auth.V1.ReadClient(ctx, sdkops.ReadClientRequest{ClientID: c.ID})
	require.Error(t, err, "the client is gone: 404 with an empty body")
	t.Logf("404 as the SDK reports it: %v", err)
}
