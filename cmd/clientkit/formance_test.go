package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/facade/formance"
	"github.com/clientkit/clientkit/fakeapi"
	"github.com/clientkit/clientkit/fakeapi/fakeapitest"
	formanceapi "github.com/clientkit/clientkit/gen/formance"
)

// formanceCLI runs `clientkit formance clients <sub> args…` against srv with its bearer token.
func formanceCLI(t *testing.T, srv *fakeapitest.Server, sub string, args ...string) cliResult {
	t.Helper()
	return runCLI(t, append([]string{"formance", "clients", sub, "--base-url", srv.URL, "--token", srv.Credentials.FormanceToken}, args...)...)
}

func TestFormanceClientsEveryCommand(t *testing.T) {
	clearCredentialEnv(t)
	srv := fakeapitest.NewServer(t)

	var created formance.Client
	formanceCLI(t, srv, "create", "--name", "billing", "--description", "billing service",
		"--redirect-uri", "https://app.example/cb", "--redirect-uri", "https://app.example/cb2",
		"--post-logout-redirect-uri", "https://app.example/bye", "--trusted", "--public=false",
		"--metadata", "team=payments", "--metadata", "tier=gold").decodeStdout(t, &created)
	require.NotEmpty(t, created.ID)
	assert.Equal(t, "billing", created.Name)
	require.NotNil(t, created.Description)
	assert.Equal(t, "billing service", *created.Description)
	assert.Equal(t, []string{"https://app.example/cb", "https://app.example/cb2"}, created.RedirectUris)
	assert.Equal(t, []string{"https://app.example/bye"}, created.PostLogoutRedirectUris)
	require.NotNil(t, created.Trusted)
	assert.True(t, *created.Trusted)
	require.NotNil(t, created.Public)
	assert.False(t, *created.Public)
	require.NotNil(t, created.Metadata)
	assert.Equal(t, formance.Metadata{"team": "payments", "tier": "gold"}, *created.Metadata)

	r := formanceCLI(t, srv, "add-scope", "--client", created.ID, "--scope", "ledger:read")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Empty(t, r.stdout, "add-scope prints nothing")
	r = formanceCLI(t, srv, "add-scope", "--client", created.ID, "--scope", "ledger:write")
	require.Equal(t, 0, r.code, r.stderr)

	var secret formanceapi.Secret
	formanceCLI(t, srv, "create-secret", "--client", created.ID, "--name", "ci", "--metadata", "env=test").decodeStdout(t, &secret)
	require.NotEmpty(t, secret.ID)
	assert.Equal(t, "ci", secret.Name)
	require.NotEmpty(t, secret.Clear, "create-secret prints the clear value, once")
	assert.Equal(t, secret.Clear[len(secret.Clear)-len(secret.LastDigits):], secret.LastDigits)

	var got formance.Client
	formanceCLI(t, srv, "get", "--client", created.ID).decodeStdout(t, &got)
	assert.Equal(t, []string{"ledger:read", "ledger:write"}, got.Scopes)
	require.Len(t, got.Secrets, 1)
	assert.Equal(t, secret.ID, got.Secrets[0].ID)

	r = formanceCLI(t, srv, "remove-scope", "--client", created.ID, "--scope", "ledger:write")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Empty(t, r.stdout)

	var updated formance.Client
	formanceCLI(t, srv, "update", "--client", created.ID, "--name", "billing-v2", "--scope", "ledger:read").decodeStdout(t, &updated)
	assert.Equal(t, "billing-v2", updated.Name)
	assert.Nil(t, updated.Description, "update replaces the options")
	assert.Equal(t, []string{"ledger:read"}, updated.Scopes)

	var list []formance.Client
	formanceCLI(t, srv, "list").decodeStdout(t, &list)
	require.Len(t, list, 1)
	assert.Equal(t, created.ID, list[0].ID)
	assert.NotContains(t, formanceCLI(t, srv, "list").stdout, secret.Clear, "only create-secret shows a secret")

	r = formanceCLI(t, srv, "delete-secret", "--client", created.ID, "--secret-id", secret.ID)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Empty(t, r.stdout)
	assert.Zero(t, srv.Handler.Count(fakeapi.KindFormanceSecret))

	r = formanceCLI(t, srv, "delete", "--client", created.ID)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Empty(t, r.stdout)
	assert.Zero(t, srv.Handler.Count(fakeapi.KindFormanceClient))

	r = formanceCLI(t, srv, "list")
	require.Equal(t, 0, r.code, r.stderr)
	assert.JSONEq(t, "[]", r.stdout, "an empty list prints []")
}

func TestFormanceClientsCredentialsFromEnvironment(t *testing.T) {
	clearCredentialEnv(t)
	srv := fakeapitest.NewServer(t)
	var created formance.Client
	formanceCLI(t, srv, "create", "--name", "robot", "--scope", "auth:read", "--scope", "auth:write").decodeStdout(t, &created)
	var secret formanceapi.Secret
	formanceCLI(t, srv, "create-secret", "--client", created.ID, "--name", "robot-secret").decodeStdout(t, &secret)

	t.Run("bearer token", func(t *testing.T) {
		t.Setenv("FORMANCE_BASE_URL", srv.URL)
		t.Setenv("FORMANCE_TOKEN", srv.Credentials.FormanceToken)
		var list []formance.Client
		runCLI(t, "formance", "clients", "list").decodeStdout(t, &list)
		assert.Len(t, list, 1)
	})
	t.Run("client credentials", func(t *testing.T) {
		t.Setenv("FORMANCE_BASE_URL", srv.URL)
		t.Setenv("FORMANCE_CLIENT_ID", created.ID)
		t.Setenv("FORMANCE_CLIENT_SECRET", secret.Clear)
		var got formance.Client
		runCLI(t, "formance", "clients", "get", "--client", created.ID).decodeStdout(t, &got)
		assert.Equal(t, "robot", got.Name)
		assert.Equal(t, 1, srv.Handler.Count(fakeapi.KindFormanceToken), "a token fetched with the client's own credentials")
	})
	t.Run("client credentials as flags", func(t *testing.T) {
		var got formance.Client
		runCLI(t, "formance", "clients", "get", "--base-url", srv.URL, "--auth-client-id", created.ID,
			"--auth-client-secret", secret.Clear, "--client", created.ID).decodeStdout(t, &got)
		assert.Equal(t, created.ID, got.ID)
	})
}

func TestFormanceClientsVerboseShowsNoSecret(t *testing.T) {
	clearCredentialEnv(t)
	srv := fakeapitest.NewServer(t)
	var created formance.Client
	formanceCLI(t, srv, "create", "--name", "robot", "--scope", "auth:read", "--scope", "auth:write").decodeStdout(t, &created)

	r := formanceCLI(t, srv, "create-secret", "--client", created.ID, "--name", "s", "--verbose")
	var secret formanceapi.Secret
	r.decodeStdout(t, &secret)
	require.NotEmpty(t, secret.Clear)
	assert.Contains(t, r.stderr, "path=/api/auth/clients/"+created.ID+"/secrets")
	assert.Contains(t, r.stderr, "status=200")
	assert.NotContains(t, r.stderr, secret.Clear)
	assert.NotContains(t, r.stderr, srv.Credentials.FormanceToken)

	r = runCLI(t, "formance", "clients", "get", "--base-url", srv.URL, "--auth-client-id", created.ID,
		"--auth-client-secret", secret.Clear, "--client", created.ID, "--verbose")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stderr, "path=/api/auth/oauth/token")
	assert.NotContains(t, r.stderr, secret.Clear)
	assert.NotContains(t, r.stdout, secret.Clear)
}

func TestFormanceClientsAPIErrors(t *testing.T) {
	clearCredentialEnv(t)
	srv := fakeapitest.NewServer(t)

	r := formanceCLI(t, srv, "get", "--client", "no-such-client")
	assert.Equal(t, 1, r.code)
	assert.Empty(t, r.stdout)
	assert.Contains(t, r.stderr, "clientkit formance: formance readClient: HTTP 404")
	assert.Contains(t, r.stderr, "\n  provider: formance\n  operation: readClient\n  status: 404\n")
	assert.Contains(t, r.stderr, "\n  attempts: 1")

	r = runCLI(t, "formance", "clients", "list", "--base-url", srv.URL, "--token", "not-the-token")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "\n  status: 401\n")
	assert.NotContains(t, r.stderr, "not-the-token")

	r = runCLI(t, "formance", "clients", "list", "--base-url", srv.URL, "--auth-client-id", "ghost", "--auth-client-secret", "ghost-secret")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "\n  code: invalid_client\n")
	assert.NotContains(t, r.stderr, "ghost-secret")
}

func TestFormanceClientsUsageErrors(t *testing.T) {
	clearCredentialEnv(t)
	srv := fakeapitest.NewServer(t)
	conn := []string{"--base-url", srv.URL, "--token", srv.Credentials.FormanceToken}
	cmd := func(sub string, args ...string) []string {
		return append([]string{"formance", "clients", sub}, args...)
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"missing base URL", cmd("list", "--token", "t"), "clients list: missing --base-url (or FORMANCE_BASE_URL)"},
		{"missing credentials", cmd("list", "--base-url", srv.URL), "clients list: missing --token (or FORMANCE_TOKEN) or --auth-client-id and --auth-client-secret"},
		{"client id without secret", cmd("list", "--base-url", srv.URL, "--auth-client-id", "c"), "missing --auth-client-secret (or FORMANCE_CLIENT_SECRET)"},
		{"secret without client id", cmd("list", "--base-url", srv.URL, "--auth-client-secret", "s"), "missing --auth-client-id (or FORMANCE_CLIENT_ID)"},
		{"token and client credentials", cmd("list", append(conn, "--auth-client-id", "c", "--auth-client-secret", "s")...), "not both"},
		{"everything missing, reported together", cmd("add-scope"),
			"clients add-scope: missing --base-url (or FORMANCE_BASE_URL), --token (or FORMANCE_TOKEN) or --auth-client-id and --auth-client-secret (or FORMANCE_CLIENT_ID and FORMANCE_CLIENT_SECRET), --client, --scope"},
		{"bad base URL", cmd("list", "--base-url", "http://stack.example", "--token", "t"), `--base-url "http://stack.example" must use https`},
		{"base URL that does not parse", cmd("list", "--base-url", "http://stack example", "--token", "t"), `--base-url "http://stack example" does not parse as a URL`},
		{"base URL with a password", cmd("list", "--base-url", "https://admin:hunter2@stack.example", "--token", "t"),
			`--base-url "https://[redacted]@stack.example" must not carry user info`},
		{"get without client", cmd("get", conn...), "clients get: missing --client"},
		{"create without name", cmd("create", conn...), "clients create: missing --name"},
		{"update without name", cmd("update", append(conn, "--client", "c1")...), "clients update: missing --name"},
		{"add-scope without scope", cmd("add-scope", append(conn, "--client", "c1")...), "clients add-scope: missing --scope"},
		{"delete-secret without secret id", cmd("delete-secret", append(conn, "--client", "c1")...), "clients delete-secret: missing --secret-id"},
		{"create-secret without name", cmd("create-secret", append(conn, "--client", "c1")...), "clients create-secret: missing --name"},
		{"scope the facade refuses", cmd("add-scope", append(conn, "--client", "c1", "--scope", "ledger read")...), `clients add-scope: --scope "ledger read" is not a scope label`},
		{"unknown generation", cmd("list", append(conn, "--generation", "2022")...), `--generation "2022" is not one of detect, today, 2023`},
		{"bad metadata", cmd("create", append(conn, "--name", "n", "--metadata", "novalue")...), `invalid value "novalue" for flag -metadata: want key=value`},
		{"bad boolean", cmd("create", append(conn, "--name", "n", "--public=perhaps")...), "-public"},
		{"flag of another command", cmd("get", append(conn, "--name", "n")...), "flag provided but not defined: -name"},
		{"old target flag", cmd("get", append(conn, "--id", "c1")...), "flag provided but not defined: -id; it is now --client"},
		{"old credentials flag", cmd("list", "--base-url", srv.URL, "--client-id", "c"), "-client-id; it is now --auth-client-id (credentials) or --client"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, tt.args...)
			assert.Equal(t, 2, r.code, r.stderr)
			assert.Contains(t, r.stderr, "clientkit formance: ")
			assert.Contains(t, r.stderr, tt.want)
			assert.NotContains(t, r.stderr, "hunter2", "a password in a URL is never printed")
			assert.Empty(t, r.stdout)
		})
	}
	assert.Empty(t, srv.Handler.Requests(), "usage errors send nothing")
}

func TestFormanceBaseURLWithTheAuthPathIsNormalised(t *testing.T) {
	clearCredentialEnv(t)
	srv := fakeapitest.NewServer(t)
	var created formance.Client
	runCLI(t, "formance", "clients", "create", "--base-url", srv.URL+"/api/auth/clients", "--token", srv.Credentials.FormanceToken,
		"--name", "copied-url").decodeStdout(t, &created)
	var got formance.Client
	formanceCLI(t, srv, "get", "--client", created.ID).decodeStdout(t, &got)
	assert.Equal(t, "copied-url", got.Name)
	for _, req := range srv.Handler.Requests() {
		assert.NotContains(t, req.Path, "/api/auth/clients/api/auth", "the auth path is not doubled")
	}
}

// The same commands work on a 2023 stack, where scopes are records: labels in, labels out.
func TestFormanceClientsOnA2023Stack(t *testing.T) {
	clearCredentialEnv(t)
	srv := fakeapitest.NewServer(t, fakeapi.WithFormanceGeneration(fakeapi.FormanceSeed2023))
	var created formance.Client
	formanceCLI(t, srv, "create", "--name", "legacy", "--scope", "ledger:read").decodeStdout(t, &created)
	assert.Equal(t, []string{"ledger:read"}, created.Scopes)
	r := formanceCLI(t, srv, "add-scope", "--client", created.ID, "--scope", "ledger:write", "--generation", "2023")
	require.Equal(t, 0, r.code, r.stderr)
	var got formance.Client
	formanceCLI(t, srv, "get", "--client", created.ID).decodeStdout(t, &got)
	assert.ElementsMatch(t, []string{"ledger:read", "ledger:write"}, got.Scopes)
	var scopeRecordsMade int
	for _, req := range srv.Handler.Requests() {
		if req.OperationID == "createScope" && req.Status == 201 {
			scopeRecordsMade++
		}
	}
	assert.Equal(t, 2, scopeRecordsMade, "each label became a scope record")
}
