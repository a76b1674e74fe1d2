package facade

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	dwollaID     = "dwolla-key-public"
	dwollaSecret = "dwolla-secret-VERY-SECRET"
)

// dwollaStub serves /token (numbered tokens app-token-1, app-token-2… for the right Basic
// credentials) and answers /client-tokens with handle.
func dwollaStub(t *testing.T, handle func(w http.ResponseWriter, r recorded)) (*stubAPI, *atomic.Int32) {
	t.Helper()
	var issued atomic.Int32
	api := newStubAPI(t, func(w http.ResponseWriter, r recorded) {
		if r.Path != "/token" {
			handle(w, r)
			return
		}
		want := "Basic " + base64.StdEncoding.EncodeToString([]byte(dwollaID+":"+dwollaSecret))
		if r.Header.Get("Authorization") != want || string(r.Body) != "grant_type=client_credentials" {
			reply(w, 401, "application/json", `{"error":"invalid_client","error_description":"bad client"}`)
			return
		}
		n := issued.Add(1)
		reply(w, 200, "application/json", fmt.Sprintf(`{"access_token":"app-token-%d","token_type":"Bearer","expires_in":3600}`, n))
	})
	return api, &issued
}

func newTestDwolla(t *testing.T, url string, opts ...Option) *Dwolla {
	t.Helper()
	d, err := NewDwolla(append([]Option{WithBaseURL(url), WithClientCredentials(dwollaID, dwollaSecret), oneAttempt}, opts...)...)
	require.NoError(t, err)
	return d
}

func clientTokenOK(w http.ResponseWriter, r recorded) {
	reply(w, 200, "application/vnd.dwolla.v1.hal+json", `{"token":"4adF858jPeQ9RnojMHdqSD2KwsvmhO7Ti7cI5woOiBGCpH5krY"}`)
}

func TestDwollaCreateClientToken(t *testing.T) {
	api, issued := dwollaStub(t, clientTokenOK)
	d := newTestDwolla(t, api.URL)
	customer := api.URL + "/customers/707177c3-bf15-4e7e-b37c-55c3898d9bf4"

	token, err := d.CreateClientToken(shortCtx(t), "customer.update", customer)
	require.NoError(t, err)
	assert.Equal(t, "4adF858jPeQ9RnojMHdqSD2KwsvmhO7Ti7cI5woOiBGCpH5krY", token)

	require.Equal(t, 1, api.count("/client-tokens"))
	r := api.requests()[1]
	assert.Equal(t, http.MethodPost, r.Method)
	assert.Equal(t, "Bearer app-token-1", r.Header.Get("Authorization"))
	assert.Equal(t, "application/vnd.dwolla.v1.hal+json", r.Header.Get("Accept"))
	assert.NotEmpty(t, r.Header.Get("Idempotency-Key"))
	assert.Contains(t, r.Header.Get("User-Agent"), "clientkit-go")
	assertGolden(t, "create-client-token.json", replaceHost(r.Body, api.URL))

	_, err = d.CreateClientToken(shortCtx(t), "customer.fundingsources.create", customer)
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
		_, err := d.CreateClientToken(shortCtx(t), c.action, c.url)
		var inErr *InputError
		require.ErrorAs(t, err, &inErr, "%q %q", c.action, c.url)
		assert.Equal(t, c.field, inErr.Field, "%q %q", c.action, c.url)
		assert.ErrorIs(t, err, ErrValidation)
		assert.NotContains(t, err.Error(), "pw@", "user info is not echoed")
	}
	assert.Empty(t, api.requests(), "not even a token request")
}

func TestDwollaConcurrentColdCacheFetchesOneToken(t *testing.T) {
	release := make(chan struct{})
	var tokenHits atomic.Int32
	api := newStubAPI(t, func(w http.ResponseWriter, r recorded) {
		if r.Path == "/token" {
			tokenHits.Add(1)
			<-release // hold the fetch so the other calls pile up behind it
			reply(w, 200, "application/json", `{"access_token":"shared","token_type":"Bearer","expires_in":3600}`)
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
			_, err := d.CreateClientToken(shortCtx(t), "customer.update", customer)
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
	assert.Equal(t, calls, api.count("/client-tokens"))
	for _, r := range api.requests() {
		if r.Path == "/client-tokens" {
			assert.Equal(t, "Bearer shared", r.Header.Get("Authorization"))
		}
	}
}

func TestDwollaReplaysOnceAfterExpiredToken(t *testing.T) {
	for _, code := range []string{"ExpiredAccessToken", "InvalidAccessToken"} {
		t.Run(code, func(t *testing.T) {
			api, issued := dwollaStub(t, func(w http.ResponseWriter, r recorded) {
				if r.Header.Get("Authorization") == "Bearer app-token-1" {
					reply(w, 401, "application/vnd.dwolla.v1.hal+json", `{"code":"`+code+`","message":"Token is no good"}`)
					return
				}
				clientTokenOK(w, r)
			})
			d := newTestDwolla(t, api.URL)
			_, err := d.CreateClientToken(shortCtx(t), "customer.update", api.URL+"/customers/c1")
			require.NoError(t, err)

			assert.Equal(t, int32(2), issued.Load(), "exactly one new token")
			var calls []recorded
			for _, r := range api.requests() {
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
	api, issued := dwollaStub(t, func(w http.ResponseWriter, r recorded) {
		reply(w, 401, "application/vnd.dwolla.v1.hal+json", `{"code":"InvalidAccessToken","message":"Invalid access token."}`)
	})
	_, err := newTestDwolla(t, api.URL).CreateClientToken(shortCtx(t), "customer.update", api.URL+"/customers/c1")
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.ErrorIs(t, err, ErrUnauthorized)
	assert.Equal(t, "InvalidAccessToken", apiErr.Code)
	assert.Equal(t, "Invalid access token.", apiErr.Message)
	assert.Equal(t, int32(2), issued.Load())
	assert.Equal(t, 2, api.count("/client-tokens"))
}

func TestDwollaOther401IsNotReplayed(t *testing.T) {
	api, issued := dwollaStub(t, func(w http.ResponseWriter, r recorded) {
		reply(w, 401, "application/vnd.dwolla.v1.hal+json", `{"code":"InvalidScope","message":"Not allowed."}`)
	})
	_, err := newTestDwolla(t, api.URL).CreateClientToken(shortCtx(t), "customer.update", api.URL+"/customers/c1")
	assert.ErrorIs(t, err, ErrUnauthorized)
	assert.Equal(t, int32(1), issued.Load())
	assert.Equal(t, 1, api.count("/client-tokens"))
}

func TestDwollaTokenRefusalIsTypedWithoutSecret(t *testing.T) {
	api := newStubAPI(t, func(w http.ResponseWriter, r recorded) {
		w.Header().Set("X-Request-Id", "tok-req-9")
		// A careless server that echoes what it was sent.
		reply(w, 401, "application/json", `{"error":"invalid_client","error_description":"Invalid client credentials.","echo":"`+
			r.Header.Get("Authorization")+` `+dwollaSecret+`"}`)
	})
	d := newTestDwolla(t, api.URL)
	_, err := d.CreateClientToken(shortCtx(t), "customer.update", api.URL+"/customers/c1")
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.ErrorIs(t, err, ErrUnauthorized)
	assert.Equal(t, "dwolla", apiErr.Provider)
	assert.Equal(t, "createApplicationAccessToken", apiErr.Operation)
	assert.Equal(t, 401, apiErr.StatusCode)
	assert.Equal(t, "invalid_client", apiErr.Code)
	assert.Equal(t, "Invalid client credentials.", apiErr.Message)
	assert.Equal(t, "tok-req-9", apiErr.RequestID)
	assertNoSecretIn(t, err, dwollaSecret, base64.StdEncoding.EncodeToString([]byte(dwollaID+":"+dwollaSecret)))
	assert.Equal(t, 0, api.count("/client-tokens"))
}

func TestDwollaTokenBadRequest(t *testing.T) {
	api := newStubAPI(t, func(w http.ResponseWriter, r recorded) {
		reply(w, 400, "application/json", `{"error":"invalid_request","error_description":"grant_type is missing."}`)
	})
	_, err := newTestDwolla(t, api.URL).CreateClientToken(shortCtx(t), "customer.update", api.URL+"/customers/c1")
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assertOnlySentinel(t, err, ErrValidation)
	assert.Equal(t, "createApplicationAccessToken", apiErr.Operation)
	assert.Equal(t, 400, apiErr.StatusCode)
	assert.Equal(t, "invalid_request", apiErr.Code)
	assert.Equal(t, "grant_type is missing.", apiErr.Message)
	assert.Equal(t, 0, api.count("/client-tokens"))
}

func TestDwollaRefreshesAMinuteBeforeExpiry(t *testing.T) {
	api, issued := dwollaStub(t, clientTokenOK)
	clock := &manualClock{now: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	d := newTestDwolla(t, api.URL, WithClock(clock.Now))
	call := func() {
		_, err := d.CreateClientToken(shortCtx(t), "customer.update", api.URL+"/customers/c1")
		require.NoError(t, err)
	}
	call()
	clock.Advance(3600*time.Second - refreshMargin - time.Second)
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
		fields   []FieldError
	}{
		{400, `{"code":"ValidationError","message":"Validation error(s) present. See embedded errors list for more details.",
"_embedded":{"errors":[{"code":"Required","message":"Action is required.","path":"/action","_links":{}},
{"code":"Invalid","message":"Customer is invalid.","path":"/_links/customer/href"}]}}`,
			ErrValidation, "ValidationError", []FieldError{
				{Path: "/action", Code: "Required", Message: "Action is required."},
				{Path: "/_links/customer/href", Code: "Invalid", Message: "Customer is invalid."},
			}},
		{403, `{"code":"Forbidden","message":"Not authorized to create client tokens."}`, ErrForbidden, "Forbidden", nil},
		{429, `{"code":"TooManyRequests","message":"Slow down."}`, ErrRateLimited, "TooManyRequests", nil},
		{406, `{"code":"InvalidVersion","message":"Missing or invalid Accept header."}`, nil, "InvalidVersion", nil},
		{409, `{"code":"RequestInProgress","message":"A request with this key is still being processed."}`, nil, "RequestInProgress", nil},
		{415, `{"code":"UnsupportedMediaType","message":"Send the body as application/json."}`, nil, "UnsupportedMediaType", nil},
	}
	for _, c := range cases {
		t.Run(c.code, func(t *testing.T) {
			api, _ := dwollaStub(t, func(w http.ResponseWriter, r recorded) {
				reply(w, c.status, "application/vnd.dwolla.v1.hal+json", c.body)
			})
			_, err := newTestDwolla(t, api.URL).CreateClientToken(shortCtx(t), "customer.update", api.URL+"/customers/c1")
			var apiErr *APIError
			require.ErrorAs(t, err, &apiErr)
			assertOnlySentinel(t, err, c.sentinel)
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
	prod, err := NewDwolla(WithClientCredentials("id", "secret"))
	require.NoError(t, err)
	assert.Equal(t, "facade.Dwolla{BaseURL: https://api.dwolla.com}", prod.String())
	sandbox, err := NewDwolla(WithClientCredentials("id", "secret"), WithSandbox())
	require.NoError(t, err)
	assert.Equal(t, "facade.Dwolla{BaseURL: https://api-sandbox.dwolla.com}", sandbox.String())
	_, err = NewDwolla(WithClientCredentials("id", "secret"), WithSandbox(), WithBaseURL("https://example.com"))
	assert.ErrorContains(t, err, "WithSandbox")
}
