package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/fakeapi"
)

func TestDemoRunsEveryStep(t *testing.T) {
	for _, generation := range []string{"today", "2023"} {
		t.Run(generation, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), []string{"demo", "--formance-generation", generation}, &stdout, &stderr)
			require.Equal(t, 0, code, "stderr: %s\nstdout: %s", stderr.String(), stdout.String())
			out := stdout.String()
			for _, step := range (&demoStory{}).steps() {
				assert.Contains(t, out, "ok   "+step.provider)
				assert.Contains(t, out, step.name)
			}
			assert.NotContains(t, out, "FAIL")
			assert.Contains(t, out, "every step passed")
			assertNoDemoSecrets(t, out)
			if generation == "today" {
				assert.NotContains(t, out, "/scopes", "today's stacks have no scope endpoints")
			} else {
				assert.Contains(t, out, "/api/auth/scopes")
			}
		})
	}
}

func TestDemoJSONPrintsOneObjectPerStep(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"demo", "--json"}, &stdout, &stderr)
	require.Equal(t, 0, code, stderr.String())

	var results []stepResult
	sc := bufio.NewScanner(&stdout)
	for sc.Scan() {
		var r stepResult
		require.NoError(t, json.Unmarshal(sc.Bytes(), &r), "line %q", sc.Text())
		results = append(results, r)
	}
	steps := (&demoStory{}).steps()
	require.Len(t, results, len(steps))
	byStep := map[string]stepResult{}
	for i, r := range results {
		assert.True(t, r.OK, "step %q: %s", r.Step, r.Error)
		assert.Equal(t, steps[i].name, r.Step)
		byStep[r.Step] = r
	}
	assert.Equal(t, 201, byStep["create an OAuth client"].Status)
	assert.Equal(t, 302, byStep["follow the consent redirect"].Status)
	assert.Zero(t, byStep["parse the callback"].Status, "local work makes no request")

	var statuses []int
	for _, e := range byStep["client token through two 503s"].HTTP {
		if e.Path == "/client-tokens" {
			statuses = append(statuses, e.Status)
		}
	}
	assert.Equal(t, []int{503, 503, 200}, statuses)
	assert.Empty(t, byStep["client token through two 503s"].HTTP[0].Error)
	assertNoDemoSecrets(t, stdout.String())
}

func TestDemoReportsAFailedStep(t *testing.T) {
	rec := &recorder{}
	res := runStep(context.Background(), demoStep{"dwolla", "broken", func(context.Context) (string, error) {
		return "", errors.New("boom")
	}}, rec)
	assert.False(t, res.OK)
	assert.Equal(t, "boom", res.Error)

	var out bytes.Buffer
	printStep(&out, res)
	assert.True(t, strings.HasPrefix(out.String(), "FAIL dwolla"), out.String())
	assert.Contains(t, out.String(), "error: boom")
}

func TestDemoRejectsUnknownFlags(t *testing.T) {
	var stdout, stderr bytes.Buffer
	assert.Equal(t, 2, run(context.Background(), []string{"demo", "--nope"}, &stdout, &stderr))
	assert.Equal(t, 0, run(context.Background(), []string{"demo", "--help"}, &stdout, &stderr))
}

// assertNoDemoSecrets checks that none of the fake's secrets reached the output.
func assertNoDemoSecrets(t *testing.T, out string) {
	t.Helper()
	c := fakeapi.DefaultCredentials()
	for _, secret := range []string{c.MollieAccessToken, c.MollieClientSecret, c.DwollaClientSecret, c.FormanceToken} {
		assert.NotContains(t, out, secret)
	}
	assert.NotContains(t, out, "code=")
}

// TestDemoHidesTheSecretsItHandles runs the story directly, so the test can see the secrets the
// steps obtain (the Formance secret, the OAuth code and tokens) and check none was printed.
func TestDemoHidesTheSecretsItHandles(t *testing.T) {
	creds := fakeapi.DefaultCredentials()
	fake, err := fakeapi.NewHandler(fakeapi.WithCredentials(creds))
	require.NoError(t, err)
	base, stop, err := serveLoopback(fake)
	require.NoError(t, err)
	t.Cleanup(stop)
	rec := &recorder{base: http.DefaultTransport}
	story := newDemoStory(base, creds, fake, rec)

	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	for _, step := range story.steps() {
		res := runStep(context.Background(), step, rec)
		require.True(t, res.OK, "step %q: %s", res.Step, res.Error)
		printStep(&out, res)
		require.NoError(t, enc.Encode(res))
	}
	require.NotNil(t, story.secret)
	require.NotNil(t, story.token)
	for name, secret := range map[string]string{
		"formance secret": story.secret.Clear(), "oauth code": story.code,
		"access token": story.token.AccessToken(), "refresh token": story.token.RefreshToken(),
	} {
		require.NotEmpty(t, secret, name)
		assert.NotContains(t, out.String(), secret, name)
	}
	assertNoDemoSecrets(t, out.String())
}
