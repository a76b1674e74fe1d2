package dwolla

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/clientkit/clientkit/facade"
	"github.com/clientkit/clientkit/facade/internal/testutil"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	dwollaID     = "dwolla-key-public"
	dwollaSecret = "dwolla-secret-VERY-SECRET"
)

// dwollaStub serves /token (numbered tokens app-token-1, app-token-2… for the right Basic
// credentials) and answers /client-tokens with handle.
func dwollaStub(t *testing.T, handle func(w http.ResponseWriter, r testutil.Recorded)) (*testutil.StubAPI, *atomic.Int32) {
	t.Helper()
	var issued atomic.Int32
	api := testutil.NewStubAPI(t, func(w http.ResponseWriter, r testutil.Recorded) {
		if r.Path != "/token" {
			handle(w, r)
			return
		}
		want := "Basic " + base64.StdEncoding.EncodeToString([]byte(dwollaID+":"+dwollaSecret))
		if r.Header.Get("Authorization") != want || string(r.Body) != "grant_type=client_credentials" {
			testutil.Reply(w, 401, "application/json", `{"error":"invalid_client","error_description":"bad client"}`)
			return
		}
		n := issued.Add(1)
		testutil.Reply(w, 200, "application/json", fmt.Sprintf(`{"access_token":"app-token-%d","token_type":"Bearer","expires_in":3600}`, n))
	})
	return api, &issued
}

func newTestDwolla(t *testing.T, url string, opts ...Option) *Client {
	t.Helper()
	return newTestDwollaAt(t, url, time.Now, opts...)
}

// newTestDwollaAt is newTestDwolla with a clock for token expiry.
func newTestDwollaAt(t *testing.T, url string, clock func() time.Time, opts ...Option) *Client {
	t.Helper()
	d, err := newClient(dwollaID, dwollaSecret, clock, append([]Option{WithBaseURL(url), testutil.OneAttempt}, opts...))
	require.NoError(t, err)
	return d
}

func clientTokenOK(w http.ResponseWriter, r testutil.Recorded) {
	testutil.Reply(w, 200, "application/vnd.dwolla.v1.hal+json", `{"token":"4adF858jPeQ9RnojMHdqSD2KwsvmhO7Ti7cI5woOiBGCpH5krY"}`)
}

func TestDwollaCreateClientToken(t *testing.T) {
	api, issued := dwollaStub(t, clientTokenOK)
	d := newTestDwolla(t, api.URL)
	customer := api.URL + "/customers/707177c3-bf15-4e7e-b37c-55c3898d9bf4"

	token, err := d.CreateClientToken(testutil.ShortCtx(t), "customer.update", customer)
	require.NoError(t, err)
	assert.Equal(t, "4adF858jPeQ9RnojMHdqSD2KwsvmhO7Ti7cI5woOiBGCpH5krY", token)

	require.Equal(t, 1, api.Count("/client-tokens"))
	r := api.Requests()[1]
	assert.Equal(t, http.MethodPost, r.Method)
	assert.Equal(t, "Bearer app-token-1", r.Header.Get("Authorization"))
	assert.Equal(t, "application/vnd.dwolla.v1.hal+json", r.Header.Get("Accept"))
	assert.NotEmpty(t, r.Header.Get("Idempotency-Key"))
	assert.Contains(t, r.Header.Get("User-Agent"), "clientkit-go")
	testutil.AssertGolden(t, "create-client-token.json", replaceHost(r.Body, api.URL))

	_, err = d.CreateClientToken(testutil.ShortCtx(t), "customer.fundingsources.create", customer)
	require.NoError(t, err)
	assert.Equal(t, int32(1), issued.Load(), "the application token is cached")
}

// replaceHost puts a fixed host in place of the stub's, so golden files do not depend on ports.
func replaceHost(body []byte, url string) []byte {
	return bytes.ReplaceAll(body, []byte(url), []byte("https://api-sandbox.dwolla.com"))
}

func TestDwollaRefusesBadInputBeforeIO(t *testing.T) {
	api, _ := dwollaStub(t, clientTokenOK)
	d := newTestDwolla(t, api.URL)
	good := "https://api.dwolla.com/customers/707177c3"
	cases := []struct{ action, url, field string }{
		{"", good, "action"},
		{"update", good, "action"},
		{"Customer.update", good, "action"},
		{"customer..update", good, "action"},
		{"customer.update ", good, "action"},
		{"customer.update.", good, "action"},
		{"customer_1.update", good, "action"},
		{"customer.update", "", "customer URL"},
		{"customer.update", "/customers/707177c3", "customer URL"},
		{"customer.update", "http://api.dwolla.com/customers/707177c3", "customer URL"},
		{"customer.update", "ftp://api.dwolla.com/customers/707177c3", "customer URL"},
		{"customer.update", "https://api.dwolla.com/accounts/707177c3", "customer URL"},
		{"customer.update", "https://api.dwolla.com/customers/", "customer URL"},
		{"customer.update", "https://user:pw@api.dwolla.com/customers/707177c3", "customer URL"},
		{"customer.update", "https://api.dwolla.com/customers/707177c3?x=1", "customer URL"},
		{"customer.update", "https://api.dwolla.com/customers/707177c3#top", "customer URL"},
	}
	for _, c := range cases {
		_, err := d.CreateClientToken(testutil.ShortCtx(t), c.action, c.url)
		var inErr *facade.InputError
		require.ErrorAs(t, err, &inErr, "%q %q", c.action, c.url)
		assert.Equal(t, c.field, inErr.Field, "%q %q", c.action, c.url)
		assert.ErrorIs(t, err, facade.ErrValidation)
		assert.NotContains(t, err.Error(), "pw@", "user info is not echoed")
	}
	assert.Empty(t, api.Requests(), "not even a token request")
}

func TestDwollaConcurrentColdCacheFetchesOneToken(t *testing.T) {
	release := make(chan struct{})
	var tokenHits atomic.Int32
	api := testutil.NewStubAPI(t, func(w http.ResponseWriter, r testutil.Recorded) {
		if r.Path == "/token" {
			tokenHits.Add(1)
			<-release // hold the fetch so the other calls pile up behind it
			testutil.Reply(w, 200, "application/json", `{"access_token":"shared","token_type":"Bearer","expires_in":3600}`)
			return
		}
		clientTokenOK(w, r)
	})
	d := newTestDwolla(t, api.URL)
	customer := api.URL + "/customers/c1"

	const calls = 50
	var started, done sync.WaitGroup
	errs := make(chan error, calls)
	started.Add(calls)
	done.Add(calls)
	for range calls {
		go func() {
			defer done.Done()
			started.Done()
			_, err := d.CreateClientToken(testutil.ShortCtx(t), "customer.update", customer)
			errs <- err
		}()
	}
	started.Wait()
	require.Eventually(t, func() bool { return tokenHits.Load() == 1 }, 5*time.Second, time.Millisecond)
	close(release)
	done.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	assert.Equal(t, int32(1), tokenHits.Load(), "one token request for 50 concurrent calls")
	assert.Equal(t, calls, api.Count("/client-tokens"))
	for _, r := range api.Requests() {
		if r.Path == "/client-tokens" {
			assert.Equal(t, "Bearer shared", r.Header.Get("Authorization"))
		}
	}
}

func TestDwollaReplaysOnceAfterExpiredToken(t *testing.T) {
	for _, code := range []string{"ExpiredAccessToken", "InvalidAccessToken"} {
		t.Run(code, func(t *testing.T) {
			api, issued := dwollaStub(t, func(w http.ResponseWriter, r testutil.Recorded) {
				if r.Header.Get("Authorization") == "Bearer app-token-1" {
					testutil.Reply(w, 401, "application/vnd.dwolla.v1.hal+json", `{"code":"`+code+`","message":"Token is no good"}`)
					return
				}
				clientTokenOK(w, r)
			})
			d := newTestDwolla(t, api.URL)
			_, err := d.CreateClientToken(testutil.ShortCtx(t), "customer.update", api.URL+"/customers/c1")
			require.NoError(t, err)

			assert.Equal(t, int32(2), issued.Load(), "exactly one new token")
			var calls []testutil.Recorded
			for _, r := range api.Requests() {
				if r.Path == "/client-tokens" {
					calls = append(calls, r)
				}
			}
			require.Len(t, calls, 2, "the call is replayed once")
			assert.Equal(t, "Bearer app-token-2", calls[1].Header.Get("Authorization"))
			assert.Equal(t, calls[0].Header.Get("Idempotency-Key"), calls[1].Header.Get("Idempotency-Key"))
			assert.Equal(t, calls[0].Body, calls[1].Body)
		})
	}
}

func TestDwollaDoesNotReplayForever(t *testing.T) {
	api, issued := dwollaStub(t, func(w http.ResponseWriter, r testutil.Recorded) {
		testutil.Reply(w, 401, "application/vnd.dwolla.v1.hal+json", `{"code":"InvalidAccessToken","message":"Invalid access token."}`)
	})
	_, err := newTestDwolla(t, api.URL).CreateClientToken(testutil.ShortCtx(t), "customer.update", api.URL+"/customers/c1")
	var apiErr *facade.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.ErrorIs(t, err, facade.ErrUnauthorized)
	assert.Equal(t, "InvalidAccessToken", apiErr.Code)
	assert.Equal(t, "Invalid access token.", apiErr.Message)
	assert.Equal(t, int32(2), issued.Load())
	assert.Equal(t, 2, api.Count("/client-tokens"))
}

func TestDwollaOther401IsNotReplayed(t *testing.T) {
	api, issued := dwollaStub(t, func(w http.ResponseWriter, r testutil.Recorded) {
		testutil.Reply(w, 401, "application/vnd.dwolla.v1.hal+json", `{"code":"InvalidScope","message":"Not allowed."}`)
	})
	_, err := newTestDwolla(t, api.URL).CreateClientToken(testutil.ShortCtx(t), "customer.update", api.URL+"/customers/c1")
	assert.ErrorIs(t, err, facade.ErrUnauthorized)
	assert.Equal(t, int32(1), issued.Load())
	assert.Equal(t, 1, api.Count("/client-tokens"))
}

func TestDwollaTokenRefusalIsTypedWithoutSecret(t *testing.T) {
	api := testutil.NewStubAPI(t, func(w http.ResponseWriter, r testutil.Recorded) {
		w.Header().Set("X-Request-Id", "tok-req-9")
		// A careless server that echoes what it was sent.
		testutil.Reply(w, 401, "application/json", `{"error":"invalid_client","error_description":"Invalid client credentials.","echo":"`+
			r.Header.Get("Authorization")+` `+dwollaSecret+`"}`)
	})
	d := newTestDwolla(t, api.URL)
	_, err := d.CreateClientToken(testutil.ShortCtx(t), "customer.update", api.URL+"/customers/c1")
	var apiErr *facade.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.ErrorIs(t, err, facade.ErrUnauthorized)
	assert.Equal(t, "dwolla", apiErr.Provider)
	assert.Equal(t, "createApplicationAccessToken", apiErr.Operation)
	assert.Equal(t, 401, apiErr.StatusCode)
	assert.Equal(t, "invalid_client", apiErr.Code)
	assert.Equal(t, "Invalid client credentials.", apiErr.Message)
	assert.Equal(t, "tok-req-9", apiErr.RequestID)
	testutil.AssertNoSecretIn(t, err, dwollaSecret, base64.StdEncoding.EncodeToString([]byte(dwollaID+":"+dwollaSecret)))
	assert.Equal(t, 0, api.Count("/client-tokens"))
}

func TestDwollaTokenBadRequest(t *testing.T) {
	api := testutil.NewStubAPI(t, func(w http.ResponseWriter, r testutil.Recorded) {
		testutil.Reply(w, 400, "application/json", `{"error":"invalid_request","error_description":"grant_type is missing."}`)
	})
	_, err := newTestDwolla(t, api.URL).CreateClientToken(testutil.ShortCtx(t), "customer.update", api.URL+"/customers/c1")
	var apiErr *facade.APIError
	require.ErrorAs(t, err, &apiErr)
	testutil.AssertOnlySentinel(t, err, facade.ErrValidation)
	assert.Equal(t, "createApplicationAccessToken", apiErr.Operation)
	assert.Equal(t, 400, apiErr.StatusCode)
	assert.Equal(t, "invalid_request", apiErr.Code)
	assert.Equal(t, "grant_type is missing.", apiErr.Message)
	assert.Equal(t, 0, api.Count("/client-tokens"))
}

func TestDwollaRefreshesAMinuteBeforeExpiry(t *testing.T) {
	api, issued := dwollaStub(t, clientTokenOK)
	clock := testutil.NewManualClock(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	d := newTestDwollaAt(t, api.URL, clock.Now)
	call := func() {
		_, err := d.CreateClientToken(testutil.ShortCtx(t), "customer.update", api.URL+"/customers/c1")
		require.NoError(t, err)
	}
	call()
	clock.Advance(3600*time.Second - time.Minute - time.Second)
	call()
	assert.Equal(t, int32(1), issued.Load(), "still fresh 61 s before expiry")
	clock.Advance(time.Second)
	call()
	assert.Equal(t, int32(2), issued.Load(), "refreshed 60 s before expiry")
}

func TestDwollaErrorShapes(t *testing.T) {
	cases := []struct {
		status   int
		body     string
		sentinel error
		code     string
		fields   []facade.FieldError
	}{
		{400, `{"code":"ValidationError","message":"Validation error(s) present. See embedded errors list for more details.",
"_embedded":{"errors":[{"code":"Required","message":"Action is required.","path":"/action","_links":{}},
{"code":"Invalid","message":"Customer is invalid.","path":"/_links/customer/href"}]}}`,
			facade.ErrValidation, "ValidationError", []facade.FieldError{
				{Path: "/action", Code: "Required", Message: "Action is required."},
				{Path: "/_links/customer/href", Code: "Invalid", Message: "Customer is invalid."},
			}},
		{403, `{"code":"Forbidden","message":"Not authorized to create client tokens."}`, facade.ErrForbidden, "Forbidden", nil},
		{429, `{"code":"TooManyRequests","message":"Slow down."}`, facade.ErrRateLimited, "TooManyRequests", nil},
		{406, `{"code":"InvalidVersion","message":"Missing or invalid Accept header."}`, nil, "InvalidVersion", nil},
		{409, `{"code":"RequestInProgress","message":"A request with this key is still being processed."}`, facade.ErrConflict, "RequestInProgress", nil},
		{415, `{"code":"UnsupportedMediaType","message":"Send the body as application/json."}`, nil, "UnsupportedMediaType", nil},
	}
	for _, c := range cases {
		t.Run(c.code, func(t *testing.T) {
			api, _ := dwollaStub(t, func(w http.ResponseWriter, r testutil.Recorded) {
				testutil.Reply(w, c.status, "application/vnd.dwolla.v1.hal+json", c.body)
			})
			_, err := newTestDwolla(t, api.URL).CreateClientToken(testutil.ShortCtx(t), "customer.update", api.URL+"/customers/c1")
			var apiErr *facade.APIError
			require.ErrorAs(t, err, &apiErr)
			testutil.AssertOnlySentinel(t, err, c.sentinel)
			assert.Equal(t, c.status, apiErr.StatusCode)
			assert.Equal(t, c.code, apiErr.Code)
			assert.NotEmpty(t, apiErr.Message)
			assert.Equal(t, "createClientToken", apiErr.Operation)
			assert.Equal(t, c.fields, apiErr.Fields)
			for _, f := range c.fields {
				assert.Contains(t, err.Error(), f.Path)
			}
		})
	}
}

func TestDwollaEnvironments(t *testing.T) {
	prod, err := New("id", "secret")
	require.NoError(t, err)
	assert.Equal(t, "dwolla.Client{BaseURL: https://api.dwolla.com}", prod.String())
	sandbox, err := New("id", "secret", WithSandbox())
	require.NoError(t, err)
	assert.Equal(t, "dwolla.Client{BaseURL: https://api-sandbox.dwolla.com}", sandbox.String())
	_, err = New("id", "secret", WithSandbox(), WithBaseURL("https://example.com"))
	assert.ErrorContains(t, err, "WithSandbox")
}

func TestLoggingIsOffByDefaultAndRedacted(t *testing.T) {
	api, _ := dwollaStub(t, clientTokenOK)
	_, err := newTestDwolla(t, api.URL).CreateClientToken(testutil.ShortCtx(t), "customer.update", api.URL+"/customers/c1")
	require.NoError(t, err) // nothing to see: no logger, no output; the default handler discards

	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	d := newTestDwolla(t, api.URL, facade.WithLogger(logger))
	_, err = d.CreateClientToken(testutil.ShortCtx(t), "customer.update", api.URL+"/customers/c1?")
	require.Error(t, err, "a query is refused")
	_, err = d.CreateClientToken(testutil.ShortCtx(t), "customer.update", api.URL+"/customers/c1")
	require.NoError(t, err)

	out := logs.String()
	assert.Contains(t, out, "method=POST")
	assert.Contains(t, out, "path=/client-tokens")
	assert.Contains(t, out, "status=200")
	assert.Contains(t, out, "duration=")
	for _, secret := range []string{dwollaSecret, "app-token-", "Authorization", "Bearer", "4adF858jPeQ9",
		base64.StdEncoding.EncodeToString([]byte(dwollaID + ":" + dwollaSecret))} {
		assert.NotContains(t, out, secret)
	}
}
