package mollie

import (
	"context"
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/clientkit/clientkit/facade"
	"github.com/clientkit/clientkit/facade/internal/testutil"
	mollieapi "github.com/clientkit/clientkit/gen/mollie"
)

const mollieLinkCreated = `{"resource":"client-link","id":"cl_vZCnNQsV2UtfXxYifWKWH",
"_links":{"clientLink":{"href":"https://my.mollie.com/dashboard/client-link/finalize/cl_vZCnNQsV2UtfXxYifWKWH","type":"text/html"},
"self":{"href":"https://api.mollie.com/v2/client-links/cl_vZCnNQsV2UtfXxYifWKWH","type":"application/hal+json"}}}`

func newTestMollie(t *testing.T, url string, opts ...Option) *Client {
	t.Helper()
	m, err := New(AccessToken("access_org_secret_token"), append([]Option{WithBaseURL(url), testutil.OneAttempt}, opts...)...)
	require.NoError(t, err)
	return m
}

// clientLinkOK answers create-client-link with a created link.
func clientLinkOK(w http.ResponseWriter, _ testutil.Recorded) {
	testutil.Reply(w, http.StatusCreated, "application/hal+json", mollieLinkCreated)
}

func TestMollieCreateClientLink(t *testing.T) {
	api := testutil.NewStubAPI(t, clientLinkOK)
	m := newTestMollie(t, api.URL, facade.WithUserAgent("shop/1.0"))

	link, err := m.CreateClientLink(testutil.ShortCtx(t), validLinkRequest())
	require.NoError(t, err)
	assert.Equal(t, "cl_vZCnNQsV2UtfXxYifWKWH", link.ID)
	assert.Equal(t, "https://my.mollie.com/dashboard/client-link/finalize/cl_vZCnNQsV2UtfXxYifWKWH", link.Href)

	reqs := api.Requests()
	require.Len(t, reqs, 1)
	r := reqs[0]
	assert.Equal(t, http.MethodPost, r.Method)
	assert.Equal(t, "/v2/client-links", r.Path)
	assert.Equal(t, "Bearer access_org_secret_token", r.Header.Get("Authorization"))
	assert.Equal(t, "shop/1.0 clientkit-go", r.Header.Get("User-Agent"))
	assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
	key, err := uuid.Parse(r.Header.Get("Idempotency-Key"))
	require.NoError(t, err, "Idempotency-Key is a UUID")
	assert.Equal(t, uuid.Version(4), key.Version())
	testutil.AssertGolden(t, "create-client-link.json", r.Body)
}

func TestMollieCreateClientLinkDropsReadOnlyFields(t *testing.T) {
	api := testutil.NewStubAPI(t, clientLinkOK)
	req := validLinkRequest()
	id, resource := "cl_mine", "client-link"
	req.ID, req.Resource, req.Links = &id, &resource, &mollieapi.ClientLinkLinks{}

	_, err := newTestMollie(t, api.URL).CreateClientLink(testutil.ShortCtx(t), req)
	require.NoError(t, err)
	testutil.AssertGolden(t, "create-client-link.json", api.Requests()[0].Body)
	assert.Equal(t, "cl_mine", *req.ID, "the caller's value is left alone")
}

func TestMollieIdempotencyKeyOption(t *testing.T) {
	api := testutil.NewStubAPI(t, clientLinkOK)
	m := newTestMollie(t, api.URL)
	_, err := m.CreateClientLink(testutil.ShortCtx(t), validLinkRequest(), facade.IdempotencyKey("order-42-link"))
	require.NoError(t, err)
	_, err = m.CreateClientLink(testutil.ShortCtx(t), validLinkRequest())
	require.NoError(t, err)

	reqs := api.Requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, "order-42-link", reqs[0].Header.Get("Idempotency-Key"))
	assert.NotEqual(t, "order-42-link", reqs[1].Header.Get("Idempotency-Key"), "each call gets its own key")

	_, err = m.CreateClientLink(testutil.ShortCtx(t), validLinkRequest(), facade.IdempotencyKey("has space"))
	var inErr *facade.InputError
	require.ErrorAs(t, err, &inErr)
	assert.Equal(t, "idempotency key", inErr.Field)
	assert.Len(t, api.Requests(), 2, "a bad key sends nothing")
}

func TestMollieRefusesAPIKeysBeforeIO(t *testing.T) {
	api := testutil.NewStubAPI(t, clientLinkOK)
	for _, key := range []string{"live_abcdefghijklmnopqrstuvwxyz12", "test_abcdefghijklmnopqrstuvwxyz12"} {
		t.Run(key[:5]+"static", func(t *testing.T) {
			m, err := New(AccessToken(key), WithBaseURL(api.URL))
			require.NoError(t, err)
			_, err = m.CreateClientLink(testutil.ShortCtx(t), validLinkRequest())
			require.Error(t, err)
			assert.Contains(t, err.Error(), "access_")
			assert.NotContains(t, err.Error(), key)
			assert.ErrorIs(t, err, facade.ErrValidation)
		})
		t.Run(key[:5]+"source", func(t *testing.T) {
			ts := oauth2.StaticTokenSource(&oauth2.Token{AccessToken: key})
			m, err := New(TokenSource(ts), WithBaseURL(api.URL), testutil.OneAttempt)
			require.NoError(t, err)
			_, err = m.CreateClientLink(testutil.ShortCtx(t), validLinkRequest())
			var inErr *facade.InputError
			require.ErrorAs(t, err, &inErr)
			assert.Contains(t, inErr.Problem, "access_")
			assert.NotContains(t, err.Error(), key)
		})
	}
	assert.Empty(t, api.Requests())
}

func TestMollieTokenSource(t *testing.T) {
	api := testutil.NewStubAPI(t, clientLinkOK)
	ts := oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "access_from_oauth"})
	m, err := New(TokenSource(ts), WithBaseURL(api.URL))
	require.NoError(t, err)
	_, err = m.CreateClientLink(testutil.ShortCtx(t), validLinkRequest())
	require.NoError(t, err)
	assert.Equal(t, "Bearer access_from_oauth", api.Requests()[0].Header.Get("Authorization"))
}

func TestMollieValidatesRequiredFields(t *testing.T) {
	api := testutil.NewStubAPI(t, func(w http.ResponseWriter, r testutil.Recorded) { t.Error("no request expected") })
	m := newTestMollie(t, api.URL)
	for field, spoil := range map[string]func(*mollieapi.ClientLinkRequest){
		"owner.email":      func(r *mollieapi.ClientLinkRequest) { r.Owner.Email = "" },
		"owner.givenName":  func(r *mollieapi.ClientLinkRequest) { r.Owner.GivenName = " " },
		"owner.familyName": func(r *mollieapi.ClientLinkRequest) { r.Owner.FamilyName = "" },
		"name":             func(r *mollieapi.ClientLinkRequest) { r.Name = "" },
		"address.country":  func(r *mollieapi.ClientLinkRequest) { r.Address.Country = "" },
	} {
		t.Run(field, func(t *testing.T) {
			req := validLinkRequest()
			spoil(&req)
			_, err := m.CreateClientLink(testutil.ShortCtx(t), req)
			var inErr *facade.InputError
			require.ErrorAs(t, err, &inErr)
			assert.Equal(t, field, inErr.Field)
			assert.Contains(t, err.Error(), field)
		})
	}
	for _, country := range []string{"nl", "NLD", "N1"} {
		req := validLinkRequest()
		req.Address.Country = country
		_, err := m.CreateClientLink(testutil.ShortCtx(t), req)
		var inErr *facade.InputError
		require.ErrorAs(t, err, &inErr, country)
		assert.Equal(t, "address.country", inErr.Field)
	}
	req := validLinkRequest()
	req.Owner.Email = "not-an-email"
	_, err := m.CreateClientLink(testutil.ShortCtx(t), req)
	assert.ErrorContains(t, err, "owner.email")
	assert.Empty(t, api.Requests())
}

func TestMollieValidatesLocale(t *testing.T) {
	api := testutil.NewStubAPI(t, clientLinkOK)
	m := newTestMollie(t, api.URL)
	// "<nil>" is what the generator names the spec's null member; it is no locale either.
	for _, bad := range []mollieapi.Locale{"", "nl", "nl-NL", "xx_XX", "NL_nl", mollieapi.LocaleLessThanNil} {
		req := validLinkRequest()
		req.Owner.Locale = &bad
		_, err := m.CreateClientLink(testutil.ShortCtx(t), req)
		var inErr *facade.InputError
		require.ErrorAs(t, err, &inErr, "locale %q", bad)
		assert.Equal(t, "owner.locale", inErr.Field)
		assert.Contains(t, inErr.Problem, fmt.Sprintf("%q", bad))
	}
	assert.Empty(t, api.Requests(), "no request for an unknown locale")

	good := mollieapi.LocaleNlNL
	req := validLinkRequest()
	req.Owner.Locale = &good
	_, err := m.CreateClientLink(testutil.ShortCtx(t), req)
	require.NoError(t, err)
	assert.Contains(t, string(api.Requests()[0].Body), `"locale":"nl_NL"`)
}

func TestMollieErrorShapes(t *testing.T) {
	cases := []struct {
		name     string
		status   int
		header   map[string]string
		body     string
		sentinel error
		check    func(t *testing.T, e *facade.APIError)
	}{
		{"unprocessable with field", 422, nil,
			`{"status":422,"title":"Unprocessable Entity","detail":"The owner's email address is invalid","field":"owner.email","_links":{"documentation":{"href":"https://docs.mollie.com","type":"text/html"}}}`,
			facade.ErrValidation, func(t *testing.T, e *facade.APIError) {
				assert.Equal(t, "Unprocessable Entity", e.Title)
				assert.Equal(t, "The owner's email address is invalid", e.Detail)
				assert.Equal(t, []facade.FieldError{{Path: "owner.email"}}, e.Fields)
			}},
		{"unauthorized", 401, map[string]string{"X-Request-Id": "req-123"},
			`{"status":401,"title":"Unauthorized Request","detail":"Missing authentication","_links":{"documentation":{"href":"https://docs.mollie.com","type":"text/html"}}}`,
			facade.ErrUnauthorized, func(t *testing.T, e *facade.APIError) {
				assert.Equal(t, "Unauthorized Request", e.Title)
				assert.Equal(t, "req-123", e.RequestID)
			}},
		{"rate limited", 429, map[string]string{"Retry-After": "7"},
			`{"status":429,"title":"Too Many Requests","detail":"Slow down","_links":{"documentation":{"href":"https://docs.mollie.com","type":"text/html"}}}`,
			facade.ErrRateLimited, func(t *testing.T, e *facade.APIError) { assert.Equal(t, int64(7), int64(e.RetryAfter.Seconds())) }},
		{"not found", 404, nil,
			`{"status":404,"title":"Not Found","detail":"No such profile","_links":{"documentation":{"href":"https://docs.mollie.com","type":"text/html"}}}`,
			facade.ErrNotFound, func(t *testing.T, e *facade.APIError) { assert.Equal(t, "No such profile", e.Detail) }},
		{"bad request", 400, nil,
			`{"status":400,"title":"Bad Request","detail":"The request body is not valid JSON","_links":{"documentation":{"href":"https://docs.mollie.com","type":"text/html"}}}`,
			facade.ErrValidation, func(t *testing.T, e *facade.APIError) {
				assert.Equal(t, "The request body is not valid JSON", e.Detail)
			}},
		{"key in flight", 409, nil,
			`{"status":409,"title":"Conflict","detail":"A request with this idempotency key is still being processed","_links":{"documentation":{"href":"https://docs.mollie.com","type":"text/html"}}}`,
			facade.ErrConflict, func(t *testing.T, e *facade.APIError) { assert.Equal(t, "Conflict", e.Title) }},
		{"unsupported media type", 415, nil,
			`{"status":415,"title":"Unsupported Media Type","detail":"Send the body as application/json","_links":{"documentation":{"href":"https://docs.mollie.com","type":"text/html"}}}`,
			nil, func(t *testing.T, e *facade.APIError) { assert.Equal(t, "Unsupported Media Type", e.Title) }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			api := testutil.NewStubAPI(t, func(w http.ResponseWriter, r testutil.Recorded) {
				for k, v := range c.header {
					w.Header().Set(k, v)
				}
				testutil.Reply(w, c.status, "application/hal+json", c.body)
			})
			link, err := newTestMollie(t, api.URL).CreateClientLink(testutil.ShortCtx(t), validLinkRequest())
			assert.Nil(t, link)
			var apiErr *facade.APIError
			require.ErrorAs(t, err, &apiErr)
			testutil.AssertOnlySentinel(t, err, c.sentinel)
			assert.Equal(t, "mollie", apiErr.Provider)
			assert.Equal(t, "create-client-link", apiErr.Operation)
			assert.Equal(t, c.status, apiErr.StatusCode)
			assert.Equal(t, 1, apiErr.Attempts)
			assert.Equal(t, c.body, string(apiErr.Body))
			c.check(t, apiErr)
		})
	}
}

func TestMollieNetworkErrorIsWrapped(t *testing.T) {
	api := testutil.NewStubAPI(t, func(w http.ResponseWriter, r testutil.Recorded) {})
	m := newTestMollie(t, api.URL)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := m.CreateClientLink(ctx, validLinkRequest())
	assert.ErrorIs(t, err, context.Canceled)
	assert.Contains(t, err.Error(), "mollie create-client-link")
}

func TestCallRetryPolicyKeepsOneKeyAndCountsAttempts(t *testing.T) {
	api := testutil.NewStubAPI(t, func(w http.ResponseWriter, r testutil.Recorded) {
		testutil.Reply(w, http.StatusServiceUnavailable, "application/hal+json",
			`{"status":503,"title":"Service Unavailable","detail":"Try again","_links":{"documentation":{"href":"https://docs.mollie.com","type":"text/html"}}}`)
	})
	m := newTestMollie(t, api.URL) // one attempt per call by default…
	fast := facade.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond}
	_, err := m.CreateClientLink(testutil.ShortCtx(t), validLinkRequest(), facade.CallRetryPolicy(fast)) // …three for this one
	var apiErr *facade.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.ErrorIs(t, err, facade.ErrServer)
	assert.Equal(t, 3, apiErr.Attempts)
	assert.Contains(t, err.Error(), "after 3 attempts")

	reqs := api.Requests()
	require.Len(t, reqs, 3)
	for _, r := range reqs[1:] {
		assert.Equal(t, reqs[0].Header.Get("Idempotency-Key"), r.Header.Get("Idempotency-Key"), "one key per logical call")
		assert.Equal(t, reqs[0].Body, r.Body)
	}
}

// A token source that hands out an API key is a caller's mistake: the call fails once, without
// retries or backoff.
func TestMollieAPIKeyFromTokenSourceIsNotRetried(t *testing.T) {
	ts := &countingTokenSource{token: &oauth2.Token{AccessToken: "live_abcdefghijklmnopqrstuvwxyz12"}}
	m, err := New(TokenSource(ts), WithBaseURL("http://127.0.0.1:1"), facade.WithRetryPolicy(facade.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond}))
	require.NoError(t, err)
	_, err = m.CreateClientLink(testutil.ShortCtx(t), validLinkRequest())
	var inErr *facade.InputError
	require.ErrorAs(t, err, &inErr)
	assert.Equal(t, int32(1), ts.calls.Load(), "the key was asked for again: the call was retried")
}

// countingTokenSource hands out one token and counts how often it was asked.
type countingTokenSource struct {
	token *oauth2.Token
	calls atomic.Int32
}

func (s *countingTokenSource) Token() (*oauth2.Token, error) {
	s.calls.Add(1)
	return s.token, nil
}
