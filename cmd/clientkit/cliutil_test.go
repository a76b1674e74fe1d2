package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/facade"
)

// cliResult is what one in-process run of clientkit printed and returned.
type cliResult struct {
	code   int
	stdout string
	stderr string
}

// runCLI runs `clientkit args…` in-process with a bounded context.
func runCLI(t *testing.T, args ...string) cliResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var stdout, stderr bytes.Buffer
	code := run(ctx, args, &stdout, &stderr)
	return cliResult{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

// decodeStdout decodes the JSON a successful run printed into v.
func (r cliResult) decodeStdout(t *testing.T, v any) {
	t.Helper()
	require.Equal(t, 0, r.code, "stderr: %s", r.stderr)
	require.NoError(t, json.Unmarshal([]byte(r.stdout), v), "stdout: %s", r.stdout)
}

// clearCredentialEnv empties every variable the commands read, so the machine's environment
// cannot change a test's outcome.
func clearCredentialEnv(t *testing.T) {
	for _, name := range []string{"MOLLIE_ACCESS_TOKEN", "MOLLIE_CLIENT_ID", "MOLLIE_CLIENT_SECRET", "MOLLIE_REDIRECT_URL",
		"MOLLIE_REFRESH_TOKEN", "DWOLLA_CLIENT_ID", "DWOLLA_CLIENT_SECRET",
		"FORMANCE_BASE_URL", "FORMANCE_TOKEN", "FORMANCE_CLIENT_ID", "FORMANCE_CLIENT_SECRET"} {
		t.Setenv(name, "")
	}
}

func TestProviderCommandsDispatch(t *testing.T) {
	clearCredentialEnv(t)
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"top-level help lists the providers", []string{"--help"}, 0, "formance", ""},
		{"mollie help", []string{"mollie", "--help"}, 0, "authorize-url", ""},
		{"dwolla help", []string{"dwolla", "-h"}, 0, "create-client-token", ""},
		{"formance help", []string{"formance", "help"}, 0, "clients", ""},
		{"formance clients help", []string{"formance", "clients", "--help"}, 0, "remove-scope", ""},
		{"leaf help", []string{"formance", "clients", "get", "--help"}, 0, "-client string", ""},
		{"formance help tells credentials from the target", []string{"formance", "clients", "get", "--help"}, 0, "The client a command acts on is --client", ""},
		{"missing sub-command", []string{"mollie"}, 2, "", "missing command: one of create-client-link, authorize-url, exchange-code, refresh"},
		{"missing clients sub-command", []string{"formance", "clients"}, 2, "", "see clientkit formance clients --help"},
		{"unknown sub-command", []string{"dwolla", "create-token"}, 2, "", `unknown command "create-token"`},
		{"unknown nested sub-command", []string{"formance", "clients", "rename"}, 2, "", `unknown command "rename"`},
		{"unknown flag names it", []string{"mollie", "create-client-link", "--colour", "red"}, 2, "", "clientkit mollie: create-client-link: flag provided but not defined: -colour"},
		{"stray argument", []string{"formance", "clients", "list", "extra"}, 2, "", `clients list: unexpected argument "extra"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, tt.args...)
			assert.Equal(t, tt.code, r.code, "stdout: %s\nstderr: %s", r.stdout, r.stderr)
			assert.Contains(t, r.stdout, tt.stdout)
			assert.Contains(t, r.stderr, tt.stderr)
		})
	}
}

func TestEveryCommandHasHelpWithoutCredentials(t *testing.T) {
	clearCredentialEnv(t)
	t.Setenv("MOLLIE_ACCESS_TOKEN", "access_env_secret_value")
	t.Setenv("DWOLLA_CLIENT_SECRET", "dwolla_env_secret_value")
	t.Setenv("FORMANCE_TOKEN", "formance_env_secret_value")
	t.Setenv("MOLLIE_CLIENT_SECRET", "mollie_app_env_secret_value")
	t.Setenv("MOLLIE_REFRESH_TOKEN", "refresh_env_secret_value")
	t.Setenv("FORMANCE_CLIENT_SECRET", "formance_client_env_secret_value")
	leaves := [][]string{{"demo"}, {"serve"}}
	for _, s := range mollieSubcommands {
		leaves = append(leaves, []string{"mollie", s.name})
	}
	for _, s := range dwollaSubcommands {
		leaves = append(leaves, []string{"dwolla", s.name})
	}
	for _, c := range formanceCommands {
		leaves = append(leaves, []string{"formance", "clients", c.name})
	}
	require.Len(t, leaves, 17)
	for _, leaf := range leaves {
		r := runCLI(t, append(leaf, "--help")...)
		require.Equal(t, 0, r.code, leaf)
		assert.Contains(t, r.stdout, "Usage: clientkit "+strings.Join(leaf, " ")+" [flags]")
		switch strings.Join(leaf, " ") {
		case "demo", "serve", "mollie authorize-url": // the fake, and the one command that sends nothing
		case "mollie exchange-code", "mollie refresh", "mollie revoke": // they talk to the token endpoint only
			assert.Contains(t, r.stdout, "-token-url", leaf)
			assert.Contains(t, r.stdout, "-verbose", leaf)
		default:
			assert.Contains(t, r.stdout, "-base-url", leaf)
			assert.Contains(t, r.stdout, "-verbose", leaf)
		}
		assert.NotContains(t, r.stdout+r.stderr, "env_secret_value", leaf)
	}
}

func TestAPIFailureListsTheFields(t *testing.T) {
	fs := newCommandFlags("test", "")
	err := fs.callError(&facade.APIError{
		Provider: "mollie", Operation: "create-client-link", StatusCode: http.StatusUnprocessableEntity,
		Title: "Unprocessable Entity", Detail: "The owner email is invalid",
		Fields:    []facade.FieldError{{Path: "owner.email", Message: "bad address"}},
		RequestID: "req_123", RetryAfter: 2 * time.Second, Attempts: 1,
	}, nil)
	var failure *apiFailure
	require.ErrorAs(t, err, &failure)
	msg := err.Error()
	for _, line := range []string{"provider: mollie", "operation: create-client-link", "status: 422", "title: Unprocessable Entity",
		"detail: The owner email is invalid", "field: owner.email: bad address", "request id: req_123", "retry after: 2s", "attempts: 1"} {
		assert.Contains(t, msg, "\n  "+line)
	}
	assert.NotContains(t, msg, "code:", "unset fields are left out")
	assert.ErrorIs(t, err, facade.ErrValidation, "the facade error stays reachable")

	tokenRefusal := fs.callError(&facade.APIError{Provider: "mollie", Operation: "create-oauth-token", StatusCode: 400, Code: "invalid_grant"}, nil)
	assert.NotContains(t, tokenRefusal.Error(), "attempts:", "a token endpoint's refusal counts no attempts")
	assert.Contains(t, tokenRefusal.Error(), "\n  code: invalid_grant")

	retry := fs.callError(&facade.RetryError{Provider: "dwolla", Operation: "createClientToken", Attempts: 3,
		Reason: "all attempts made", Err: errors.New("connection refused")}, nil)
	require.ErrorAs(t, retry, &failure)
	assert.Contains(t, retry.Error(), "\n  provider: dwolla\n  operation: createClientToken\n  reason: all attempts made\n  attempts: 3")
}

func TestCallErrorTurnsInputErrorsIntoUsageErrors(t *testing.T) {
	fs := newCommandFlags("test", "")
	fs.urlFlag("base-url", "", "")
	require.NoError(t, fs.parse([]string{"--base-url", "http://user:hunter2@stack.example/"}, io.Discard))
	flagOf := map[string]string{"clientID": "client", "scope": "scope", "formance.New stackURL": "base-url"}
	tests := []struct {
		err  *facade.InputError
		want string
	}{
		{&facade.InputError{Provider: "formance", Operation: "readClient", Field: "clientID", Problem: "is empty"}, "--client is empty"},
		{&facade.InputError{Field: "scope[2]", Problem: `"a b" contains whitespace`}, `--scope "a b" contains whitespace`},
		{&facade.InputError{Field: "formance.New stackURL", Problem: "must not carry user info"},
			`--base-url "http://[redacted]@stack.example/" must not carry user info`},
		{&facade.InputError{Field: "unmapped", Problem: "is odd"}, "unmapped is odd"},
	}
	for _, tt := range tests {
		var usage *usageError
		require.ErrorAs(t, fs.callError(tt.err, flagOf), &usage)
		assert.Equal(t, tt.want, usage.msg)
	}

	plain := errors.New("something else")
	assert.Same(t, plain, fs.callError(plain, nil))
}

func TestRedactURLHidesUserInfo(t *testing.T) {
	tests := map[string]string{
		"https://api.mollie.com":                 "https://api.mollie.com",
		"https://user:hunter2@api.example/v2":    "https://[redacted]@api.example/v2",
		"https://hunter2@api.example":            "https://[redacted]@api.example",
		"http://user:hunter2@bad host:80/x":      "http://[redacted]@bad host:80/x", // does not parse
		"user:hunter2@host%zz":                   "[redacted]@host%zz",
		"not a url at all":                       "not a url at all",
		"https://api.example/path@with-at-in-it": "https://api.example/path@with-at-in-it",
	}
	for raw, want := range tests {
		got := redactURL(raw)
		assert.Equal(t, want, got, raw)
		assert.NotContains(t, got, "hunter2", raw)
	}
}

func TestMissingRequiredFlagsAreReportedTogether(t *testing.T) {
	clearCredentialEnv(t)
	fs := newCommandFlags("test", "")
	fs.String("a", "", "")
	fs.String("b", "", "")
	fs.String("token", "", "")
	fs.env("token", "TEST_CLIENTKIT_TOKEN")
	fs.require("a", "b", "token")
	t.Setenv("TEST_CLIENTKIT_TOKEN", "")
	var usage *usageError
	require.ErrorAs(t, fs.parse(nil, io.Discard), &usage)
	assert.Equal(t, "missing --a, --b, --token (or TEST_CLIENTKIT_TOKEN)", usage.msg)

	t.Setenv("TEST_CLIENTKIT_TOKEN", "from-env")
	require.ErrorAs(t, fs.parse([]string{"--b", "x"}, io.Discard), &usage)
	assert.Equal(t, "missing --a", usage.msg)
	require.NoError(t, fs.parse([]string{"--a", "y"}, io.Discard))
	assert.Equal(t, "from-env", fs.Lookup("token").Value.String())
}

func TestRepeatableFlags(t *testing.T) {
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(&bytes.Buffer{})
	var list stringList
	pairs := keyValues{}
	var b optionalBool
	fs.Var(&list, "item", "")
	fs.Var(pairs, "kv", "")
	fs.Var(&b, "b", "")
	require.NoError(t, fs.Parse([]string{"--item", "a", "--item", "b c", "--kv", "k=v=w", "--kv", "empty=", "--b"}))
	assert.Equal(t, stringList{"a", "b c"}, list)
	assert.Equal(t, keyValues{"k": "v=w", "empty": ""}, pairs)
	require.NotNil(t, b.ptr())
	assert.True(t, *b.ptr())

	var unset optionalBool
	assert.Nil(t, unset.ptr(), "an absent flag stays out of the request")
	require.NoError(t, unset.Set("false"))
	require.NotNil(t, unset.ptr())
	assert.False(t, *unset.ptr())

	for _, bad := range [][]string{{"--kv", "novalue"}, {"--kv", "=v"}, {"--kv", "k=1", "--kv", "k=2"}, {"--b=maybe"}} {
		fs := flag.NewFlagSet("test", flag.ContinueOnError)
		fs.SetOutput(&bytes.Buffer{})
		fs.Var(keyValues{}, "kv", "")
		fs.Var(&optionalBool{}, "b", "")
		assert.Error(t, fs.Parse(bad), bad)
	}
}
