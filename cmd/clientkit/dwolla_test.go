package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/fakeapi"
	"github.com/clientkit/clientkit/fakeapi/fakeapitest"
)

// tokenFlags are the create-client-token flags for the fake, without credentials.
func tokenFlags(srv *fakeapitest.Server) []string {
	return []string{"dwolla", "create-client-token", "--base-url", srv.URL,
		"--action", "customer.update", "--customer", srv.URL + "/customers/707177c3-bf15-4e7e-b37c-55c3898d9bf4"}
}

func TestDwollaCreateClientToken(t *testing.T) {
	clearCredentialEnv(t)
	srv := fakeapitest.NewServer(t)
	var out struct{ Token string }
	runCLI(t, append(tokenFlags(srv), "--client-id", srv.Credentials.DwollaClientID,
		"--client-secret", srv.Credentials.DwollaClientSecret)...).decodeStdout(t, &out)
	assert.NotEmpty(t, out.Token)
	assert.Equal(t, 1, srv.Handler.Count(fakeapi.KindClientToken))
	assert.Equal(t, 1, srv.Handler.Count(fakeapi.KindDwollaToken))
}

func TestDwollaCreateClientTokenCredentialsFromEnvironmentAndIdempotencyKey(t *testing.T) {
	clearCredentialEnv(t)
	srv := fakeapitest.NewServer(t)
	t.Setenv("DWOLLA_CLIENT_ID", srv.Credentials.DwollaClientID)
	t.Setenv("DWOLLA_CLIENT_SECRET", srv.Credentials.DwollaClientSecret)
	var out struct{ Token string }
	runCLI(t, append(tokenFlags(srv), "--idempotency-key", "dwolla-cli-key-1")...).decodeStdout(t, &out)
	assert.NotEmpty(t, out.Token)
	var keys []string
	for _, req := range srv.Handler.Requests() {
		if req.OperationID == "createClientToken" {
			keys = append(keys, req.IdempotencyKey)
		}
	}
	assert.Equal(t, []string{"dwolla-cli-key-1"}, keys)
}

func TestDwollaCreateClientTokenVerboseShowsNoSecret(t *testing.T) {
	clearCredentialEnv(t)
	srv := fakeapitest.NewServer(t)
	r := runCLI(t, append(tokenFlags(srv), "--client-id", srv.Credentials.DwollaClientID,
		"--client-secret", srv.Credentials.DwollaClientSecret, "--verbose")...)
	require.Equal(t, 0, r.code, r.stderr)
	var out struct{ Token string }
	r.decodeStdout(t, &out)
	assert.Contains(t, r.stderr, "path=/token")
	assert.Contains(t, r.stderr, "path=/client-tokens")
	assert.Contains(t, r.stderr, "status=200")
	assert.NotContains(t, r.stderr, srv.Credentials.DwollaClientSecret)
	assert.NotContains(t, r.stderr, out.Token)
}

func TestDwollaCreateClientTokenAPIError(t *testing.T) {
	clearCredentialEnv(t)
	srv := fakeapitest.NewServer(t)
	r := runCLI(t, append(tokenFlags(srv), "--client-id", srv.Credentials.DwollaClientID,
		"--client-secret", "wrong_secret_value")...)
	assert.Equal(t, 1, r.code)
	assert.Empty(t, r.stdout)
	assert.Contains(t, r.stderr, "\n  provider: dwolla\n")
	assert.Contains(t, r.stderr, "\n  status: 401\n")
	assert.Contains(t, r.stderr, "\n  attempts: 1")
	assert.NotContains(t, r.stderr, "wrong_secret_value")
	assert.Zero(t, srv.Handler.Count(fakeapi.KindClientToken))
}

func TestDwollaCreateClientTokenUsageErrors(t *testing.T) {
	clearCredentialEnv(t)
	srv := fakeapitest.NewServer(t)
	creds := []string{"--client-id", srv.Credentials.DwollaClientID, "--client-secret", srv.Credentials.DwollaClientSecret}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"missing credentials", tokenFlags(srv), "missing --client-id (or DWOLLA_CLIENT_ID), --client-secret (or DWOLLA_CLIENT_SECRET)"},
		{"missing client secret", append(tokenFlags(srv), "--client-id", "id"), "missing --client-secret (or DWOLLA_CLIENT_SECRET)"},
		{"everything missing, reported together", []string{"dwolla", "create-client-token"},
			"missing --client-id (or DWOLLA_CLIENT_ID), --client-secret (or DWOLLA_CLIENT_SECRET), --action, --customer"},
		{"bad action", append(tokenFlags(srv), append(creds, "--action", "Update Customer")...), `--action "Update Customer" is not of the form`},
		{"missing customer", []string{"dwolla", "create-client-token", "--base-url", srv.URL, "--action", "customer.update", creds[0], creds[1], creds[2], creds[3]}, "missing --customer"},
		{"customer not a customer URL", append(tokenFlags(srv), append(creds, "--customer", srv.URL+"/accounts/1")...), `--customer "` + srv.URL + `/accounts/1" path "/accounts/1" is not /customers/{id}`},
		{"customer URL that does not parse", append(tokenFlags(srv), append(creds, "--customer", "https://dwolla example/customers/1")...),
			`--customer "https://dwolla example/customers/1" does not parse as a URL`},
		{"sandbox and base URL", append(tokenFlags(srv), append(creds, "--sandbox")...), "--base-url and --sandbox exclude each other"},
		{"bad base URL", append(tokenFlags(srv), append(creds, "--base-url", "ftp://dwolla.example")...), `--base-url "ftp://dwolla.example" must use https, got scheme "ftp"`},
		{"base URL with a password", append(tokenFlags(srv), append(creds, "--base-url", "https://me:hunter2@dwolla.example")...),
			`--base-url "https://[redacted]@dwolla.example" must not carry user info`},
		{"flag without value", append(tokenFlags(srv), "--action"), "flag needs an argument: -action"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, tt.args...)
			assert.Equal(t, 2, r.code, r.stderr)
			assert.Contains(t, r.stderr, "clientkit dwolla: create-client-token: "+tt.want)
			assert.NotContains(t, r.stderr, "hunter2", "a password in a URL is never printed")
			assert.Empty(t, r.stdout)
		})
	}
	assert.Empty(t, srv.Handler.Requests(), "usage errors send nothing")
}
