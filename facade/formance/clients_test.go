package formance

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/clientkit/clientkit/facade"
	"github.com/clientkit/clientkit/facade/internal/testutil"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	formanceapi "github.com/clientkit/clientkit/gen/formance"
)

const formanceToken = "fmt-static-token-SECRET"

func newTestFormance(t *testing.T, url string, opts ...Option) *Stack {
	t.Helper()
	f, err := New(url, BearerToken(formanceToken), append([]Option{testutil.OneAttempt, WithGeneration(Today)}, opts...)...)
	require.NoError(t, err)
	return f
}

func formanceOptions(name string) formanceapi.ClientOptions {
	desc, trusted := "Back office", true
	return formanceapi.ClientOptions{
		Name:         name,
		Description:  &desc,
		Trusted:      &trusted,
		RedirectUris: []string{"https://app.example.org/callback"},
		Metadata:     &formanceapi.Metadata{"team": "payments"},
	}
}

const formanceClientJSON = `{"id":"c-1","name":"app","description":"Back office","trusted":true,
"redirectUris":["https://app.example.org/callback"],"scopes":["ledger:read"],
"secrets":[{"id":"s-1","name":"ci","lastDigits":"w3Xy"}]}`

func TestFormanceOperations(t *testing.T) {
	type result struct {
		status int
		body   string
	}
	cases := []struct {
		name         string
		method, path string
		answer       result
		golden       string
		call         func(ctx context.Context, f *Stack) (any, error)
		check        func(t *testing.T, v any)
	}{
		{"listClients", "GET", "/api/auth/clients", result{200, `{"data":[` + formanceClientJSON + `]}`}, "",
			func(ctx context.Context, f *Stack) (any, error) { return f.ListClients(ctx) },
			func(t *testing.T, v any) {
				clients := v.([]formanceapi.Client)
				require.Len(t, clients, 1)
				assert.Equal(t, "c-1", clients[0].ID)
				assert.Equal(t, []string{"ledger:read"}, clients[0].Scopes)
			}},
		{"createClient", "POST", "/api/auth/clients", result{201, `{"data":` + formanceClientJSON + `}`}, "create-client.json",
			func(ctx context.Context, f *Stack) (any, error) {
				return f.CreateClient(ctx, formanceOptions("app"))
			},
			func(t *testing.T, v any) { assert.Equal(t, "c-1", v.(*formanceapi.Client).ID) }},
		{"readClient", "GET", "/api/auth/clients/c-1", result{200, `{"data":` + formanceClientJSON + `}`}, "",
			func(ctx context.Context, f *Stack) (any, error) { return f.GetClient(ctx, "c-1") },
			func(t *testing.T, v any) { assert.Equal(t, "w3Xy", v.(*formanceapi.Client).Secrets[0].LastDigits) }},
		{"updateClient", "PUT", "/api/auth/clients/c-1", result{200, `{"data":` + formanceClientJSON + `}`}, "update-client.json",
			func(ctx context.Context, f *Stack) (any, error) {
				return f.UpdateClient(ctx, "c-1", formanceapi.ClientOptions{Name: "app v2", PostLogoutRedirectUris: []string{"https://app.example.org/bye"}})
			},
			func(t *testing.T, v any) { assert.Equal(t, "app", v.(*formanceapi.Client).Name) }},
		{"deleteClient", "DELETE", "/api/auth/clients/c-1", result{204, ""}, "",
			func(ctx context.Context, f *Stack) (any, error) { return nil, f.DeleteClient(ctx, "c-1") }, nil},
		{"createSecret", "POST", "/api/auth/clients/c-1/secrets",
			result{200, `{"data":{"id":"s-2","name":"deploy","lastDigits":"Qz9k","clear":"very-clear-secret-Qz9k","metadata":{"env":"prod"}}}`}, "create-secret.json",
			func(ctx context.Context, f *Stack) (any, error) {
				return f.CreateSecret(ctx, "c-1", formanceapi.SecretOptions{Name: "deploy", Metadata: &formanceapi.Metadata{"env": "prod"}})
			},
			func(t *testing.T, v any) {
				s := v.(*Secret)
				assert.Equal(t, "very-clear-secret-Qz9k", s.Clear())
				assert.Equal(t, "s-2", s.ID)
			}},
		{"deleteSecret", "DELETE", "/api/auth/clients/c-1/secrets/s-2", result{204, ""}, "",
			func(ctx context.Context, f *Stack) (any, error) { return nil, f.DeleteSecret(ctx, "c-1", "s-2") }, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			api := testutil.NewStubAPI(t, func(w http.ResponseWriter, r testutil.Recorded) {
				if c.answer.status == 204 {
					w.WriteHeader(204)
					return
				}
				testutil.Reply(w, c.answer.status, "application/json", c.answer.body)
			})
			v, err := c.call(testutil.ShortCtx(t), newTestFormance(t, api.URL))
			require.NoError(t, err)
			if c.check != nil {
				c.check(t, v)
			}
			reqs := api.Requests()
			require.Len(t, reqs, 1)
			assert.Equal(t, c.method, reqs[0].Method)
			assert.Equal(t, c.path, reqs[0].Path)
			assert.Equal(t, "Bearer "+formanceToken, reqs[0].Header.Get("Authorization"))
			assert.Empty(t, reqs[0].Header.Get("Idempotency-Key"), "Formance takes no idempotency key")
			if c.golden != "" {
				testutil.AssertGolden(t, c.golden, reqs[0].Body)
			}
		})
	}
}

func TestFormanceRefusesBadIDsBeforeIO(t *testing.T) {
	api := testutil.NewStubAPI(t, func(w http.ResponseWriter, r testutil.Recorded) { t.Error("no request expected") })
	f := newTestFormance(t, api.URL)
	ctx := testutil.ShortCtx(t)
	checks := map[string]func() error{
		"clientID/get":    func() error { _, err := f.GetClient(ctx, ""); return err },
		"clientID/update": func() error { _, err := f.UpdateClient(ctx, "", formanceOptions("x")); return err },
		"name/update":     func() error { _, err := f.UpdateClient(ctx, "c-1", formanceapi.ClientOptions{}); return err },
		"name/create":     func() error { _, err := f.CreateClient(ctx, formanceapi.ClientOptions{}); return err },
		"clientID/delete": func() error { return f.DeleteClient(ctx, "") },
		"clientID/secret": func() error { _, err := f.CreateSecret(ctx, "", formanceapi.SecretOptions{Name: "x"}); return err },
		"name/secret":     func() error { _, err := f.CreateSecret(ctx, "c-1", formanceapi.SecretOptions{}); return err },
		"clientID/delsec": func() error { return f.DeleteSecret(ctx, "", "s-1") },
		"secretID/delsec": func() error { return f.DeleteSecret(ctx, "c-1", "") },
		"clientID/add":    func() error { return f.AddScope(ctx, "", "sc") },
		"scope/add":       func() error { return f.AddScope(ctx, "c-1", "") },
		"clientID/remove": func() error { return f.RemoveScope(ctx, "", "sc") },
		"scope/remove":    func() error { return f.RemoveScope(ctx, "c-1", "") },
		"scope/space":     func() error { return f.AddScope(ctx, "c-1", "ledger read") },
		"clientID/dots":   func() error { _, err := f.GetClient(ctx, ".."); return err },
		"secretID/dot":    func() error { return f.DeleteSecret(ctx, "c-1", ".") },
		"clientID/scope":  func() error { return f.RemoveScope(ctx, "..", "ledger:read") },
	}
	for name, call := range checks {
		field, _, _ := strings.Cut(name, "/")
		err := call()
		var inErr *facade.InputError
		require.ErrorAs(t, err, &inErr, name)
		assert.Equal(t, field, inErr.Field, name)
		assert.Contains(t, err.Error(), field, name)
	}
	assert.Empty(t, api.Requests())
}

func TestFormanceEscapesIDs(t *testing.T) {
	api := testutil.NewStubAPI(t, func(w http.ResponseWriter, r testutil.Recorded) {
		if r.Path == "/api/auth/scopes" {
			testutil.Reply(w, 200, "application/json", `{"data":[{"id":"sc/1?x","label":"ledger:read"}]}`)
			return
		}
		w.WriteHeader(204)
	})
	f := newTestFormance(t, api.URL, WithGeneration(Seed2023))
	require.NoError(t, f.AddScope(testutil.ShortCtx(t), "a/b c", "ledger:read"))
	reqs := api.Requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, "/api/auth/clients/a%2Fb%20c/scopes/sc%2F1%3Fx", reqs[1].RawPath)
}

func TestFormanceErrorShape(t *testing.T) {
	api := testutil.NewStubAPI(t, func(w http.ResponseWriter, r testutil.Recorded) {
		w.Header().Set("Request-Id", "f-77")
		testutil.Reply(w, 404, "application/json", `{"errorCode":"NOT_FOUND","errorMessage":"client c-9 not found","details":"see logs"}`)
	})
	_, err := newTestFormance(t, api.URL).GetClient(testutil.ShortCtx(t), "c-9")
	var apiErr *facade.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.ErrorIs(t, err, facade.ErrNotFound)
	assert.Equal(t, "readClient", apiErr.Operation)
	assert.Equal(t, "NOT_FOUND", apiErr.Code)
	assert.Equal(t, "client c-9 not found", apiErr.Message)
	assert.Equal(t, "see logs", apiErr.Detail)
	assert.Equal(t, "f-77", apiErr.RequestID)
	assert.Equal(t, "formance readClient: HTTP 404: NOT_FOUND: client c-9 not found: see logs", err.Error())
}

func TestFormanceClientCredentials(t *testing.T) {
	var issued atomic.Int32
	api := testutil.NewStubAPI(t, func(w http.ResponseWriter, r testutil.Recorded) {
		switch r.Path {
		case "/api/auth/oauth/token":
			want := "Basic " + base64.StdEncoding.EncodeToString([]byte("fc-id:fc-secret-SECRET"))
			if r.Header.Get("Authorization") != want {
				testutil.Reply(w, 401, "application/json", `{"error":"invalid_client"}`)
				return
			}
			testutil.Reply(w, 200, "application/json", fmt.Sprintf(`{"access_token":"stack-token-%d","token_type":"Bearer","expires_in":3600}`, issued.Add(1)))
		default:
			if r.Header.Get("Authorization") == "Bearer stack-token-1" {
				testutil.Reply(w, 401, "application/json", `{"errorCode":"UNAUTHORIZED","errorMessage":"token revoked"}`)
				return
			}
			testutil.Reply(w, 201, "application/json", `{"data":`+formanceClientJSON+`}`)
		}
	})
	f, err := New(api.URL, ClientCredentials("fc-id", "fc-secret-SECRET"), testutil.OneAttempt, WithGeneration(Today))
	require.NoError(t, err)
	c, err := f.CreateClient(testutil.ShortCtx(t), formanceOptions("app"))
	require.NoError(t, err)
	assert.Equal(t, "c-1", c.ID)
	assert.Equal(t, int32(2), issued.Load(), "a 401 fetches exactly one new token")
	assert.Equal(t, 2, api.Count("/api/auth/clients"), "and replays the call once")
	reqs := api.Requests()
	assert.Equal(t, reqs[1].Body, reqs[3].Body, "the replay carries the same body")

	static := testutil.NewStubAPI(t, func(w http.ResponseWriter, r testutil.Recorded) {
		testutil.Reply(w, 401, "application/json", `{"errorCode":"UNAUTHORIZED","errorMessage":"bad token"}`)
	})
	_, err = newTestFormance(t, static.URL).ListClients(testutil.ShortCtx(t))
	assert.ErrorIs(t, err, facade.ErrUnauthorized)
	assert.Len(t, static.Requests(), 1, "a static token is not replayed")
}

func TestFormanceMissingData(t *testing.T) {
	api := testutil.NewStubAPI(t, func(w http.ResponseWriter, r testutil.Recorded) { testutil.Reply(w, 200, "application/json", `{}`) })
	_, err := newTestFormance(t, api.URL).GetClient(testutil.ShortCtx(t), "c-1")
	assert.ErrorContains(t, err, "no data")
	api2 := testutil.NewStubAPI(t, func(w http.ResponseWriter, r testutil.Recorded) {
		testutil.Reply(w, 200, "application/json", `{"data":`)
	})
	_, err = newTestFormance(t, api2.URL).GetClient(testutil.ShortCtx(t), "c-1")
	assert.ErrorContains(t, err, "does not decode")
}

// A token fetch that failed sent nothing, so even a create, which takes no idempotency key, is
// tried again.
func TestCreateRetriedWhenTheTokenFetchFailed(t *testing.T) {
	var fetches atomic.Int32
	api := testutil.NewStubAPI(t, func(w http.ResponseWriter, r testutil.Recorded) {
		if r.Path == "/api/auth/oauth/token" {
			if fetches.Add(1) == 1 {
				testutil.Reply(w, 503, "application/json", `{"error":"temporarily_unavailable"}`)
				return
			}
			testutil.Reply(w, 200, "application/json", `{"access_token":"stack-token","token_type":"Bearer","expires_in":3600}`)
			return
		}
		testutil.Reply(w, 201, "application/json", `{"data":`+formanceClientJSON+`}`)
	})
	fast := facade.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond}
	f, err := New(api.URL, ClientCredentials("fc-id", "fc-secret"), facade.WithRetryPolicy(fast), WithGeneration(Today))
	require.NoError(t, err)
	_, err = f.CreateClient(testutil.ShortCtx(t), formanceOptions("app"))
	require.NoError(t, err)
	assert.Equal(t, int32(2), fetches.Load())
	assert.Equal(t, 1, api.Count("/api/auth/clients"), "one create")
}
