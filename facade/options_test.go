package facade

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
)

func TestConstructorsRefuseBadOptions(t *testing.T) {
	mollieTok := WithAccessToken("access_x")
	dwollaCreds := WithClientCredentials("id", "secret")
	cases := []struct {
		name string
		make func() error
		want string
	}{
		{"mollie without credentials", func() error { _, err := NewMollie(); return err }, "WithAccessToken or WithTokenSource"},
		{"empty access token", func() error { _, err := NewMollie(WithAccessToken("")); return err }, "empty token"},
		{"token and token source", func() error {
			_, err := NewMollie(mollieTok, WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "a"})))
			return err
		}, "exclude each other"},
		{"nil token source", func() error { _, err := NewMollie(WithTokenSource(nil)); return err }, "nil token source"},
		{"relative base URL", func() error { _, err := NewMollie(mollieTok, WithBaseURL("/v2")); return err }, "base URL"},
		{"plain http base URL", func() error { _, err := NewMollie(mollieTok, WithBaseURL("http://api.mollie.com")); return err }, "https"},
		{"base URL with query", func() error { _, err := NewMollie(mollieTok, WithBaseURL("https://api.mollie.com?x=1")); return err }, "query"},
		{"base URL with user", func() error { _, err := NewMollie(mollieTok, WithBaseURL("https://u:p@api.mollie.com")); return err }, "user info"},
		{"empty base URL", func() error { _, err := NewMollie(mollieTok, WithBaseURL("")); return err }, "empty"},
		{"client credentials on mollie", func() error { _, err := NewMollie(mollieTok, dwollaCreds); return err }, "does not apply to mollie"},
		{"sandbox on formance", func() error {
			_, err := NewFormance("https://s.formance.cloud", WithBearerToken("t"), WithSandbox())
			return err
		}, "does not apply to formance"},
		{"access token on dwolla", func() error { _, err := NewDwolla(mollieTok); return err }, "does not apply to dwolla"},
		{"bearer on dwolla", func() error { _, err := NewDwolla(WithBearerToken("t")); return err }, "does not apply to dwolla"},
		{"dwolla without credentials", func() error { _, err := NewDwolla(); return err }, "WithClientCredentials"},
		{"empty client id", func() error { _, err := NewDwolla(WithClientCredentials("", "s")); return err }, "client id"},
		{"empty client secret", func() error { _, err := NewDwolla(WithClientCredentials("i", "")); return err }, "client secret"},
		{"formance without stack", func() error { _, err := NewFormance("", WithBearerToken("t")); return err }, "stack URL is empty"},
		{"formance bad stack", func() error { _, err := NewFormance("org.formance.cloud", WithBearerToken("t")); return err }, "stack URL"},
		{"formance without credentials", func() error { _, err := NewFormance("https://s.formance.cloud"); return err }, "WithBearerToken or WithClientCredentials"},
		{"formance both credentials", func() error {
			_, err := NewFormance("https://s.formance.cloud", WithBearerToken("t"), dwollaCreds)
			return err
		}, "exclude each other"},
		{"base URL on formance", func() error {
			_, err := NewFormance("https://s.formance.cloud", WithBearerToken("t"), WithBaseURL("https://x.example"))
			return err
		}, "stack URL"},
		{"client and doer", func() error {
			_, err := NewMollie(mollieTok, WithHTTPClient(&http.Client{}), WithDoer(&http.Client{}))
			return err
		}, "exclude each other"},
		{"nil client", func() error { _, err := NewMollie(mollieTok, WithHTTPClient(nil)); return err }, "nil"},
		{"nil doer", func() error { _, err := NewMollie(mollieTok, WithDoer(nil)); return err }, "nil"},
		{"nil logger", func() error { _, err := NewMollie(mollieTok, WithLogger(nil)); return err }, "nil logger"},
		{"nil clock", func() error { _, err := NewMollie(mollieTok, WithClock(nil)); return err }, "nil clock"},
		{"empty user agent", func() error { _, err := NewMollie(mollieTok, WithUserAgent(" ")); return err }, "empty user agent"},
		{"user agent with newline", func() error { _, err := NewMollie(mollieTok, WithUserAgent("a\r\nX-Evil: 1")); return err }, "control"},
		{"negative delay", func() error {
			_, err := NewMollie(mollieTok, WithRetryPolicy(RetryPolicy{BaseDelay: -time.Second}))
			return err
		}, "BaseDelay"},
		{"nil option", func() error { _, err := NewMollie(mollieTok, nil); return err }, "nil Option"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.make()
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
			assert.NotContains(t, err.Error(), "secret\"", "no credential value is echoed")
		})
	}
}

func TestLoopbackHTTPIsAccepted(t *testing.T) {
	for _, u := range []string{"http://127.0.0.1:8080", "http://localhost:1", "http://[::1]:9"} {
		_, err := NewMollie(WithAccessToken("access_x"), WithBaseURL(u))
		assert.NoError(t, err, u)
		_, err = NewFormance(u+"/", WithBearerToken("t"))
		assert.NoError(t, err, u)
	}
}

func TestWithDoerCarriesEveryRequest(t *testing.T) {
	api, issued := dwollaStub(t, clientTokenOK)
	doer := &countingDoer{}
	d, err := NewDwolla(WithBaseURL(api.URL), WithClientCredentials(dwollaID, dwollaSecret), WithDoer(doer))
	require.NoError(t, err)
	_, err = d.CreateClientToken(shortCtx(t), "customer.update", api.URL+"/customers/c1")
	require.NoError(t, err)
	assert.Equal(t, int32(1), issued.Load())
	assert.Equal(t, 2, doer.calls, "the token request and the call")
}

func TestWithHTTPClientKeepsItsTransport(t *testing.T) {
	api := newStubAPI(t, func(w http.ResponseWriter, r recorded) { reply(w, 200, "application/json", `{"data":[]}`) })
	doer := &countingDoer{}
	hc := &http.Client{Transport: doerTransport{doer}, Timeout: time.Minute}
	f, err := NewFormance(api.URL, WithBearerToken("t"), WithHTTPClient(hc))
	require.NoError(t, err)
	clients, err := f.ListClients(shortCtx(t))
	require.NoError(t, err)
	assert.Empty(t, clients)
	assert.Equal(t, 1, doer.calls)
}

// countingDoer sends through http.DefaultClient and counts; tests call it from one goroutine.
type countingDoer struct{ calls int }

func (d *countingDoer) Do(req *http.Request) (*http.Response, error) {
	d.calls++
	return http.DefaultTransport.RoundTrip(req)
}

// A doer's answer need not say its length (test doubles rarely do): the body is read to its end.
func TestDoerAnswerWithoutContentLength(t *testing.T) {
	doer := doerFunc(func(*http.Request) (*http.Response, error) {
		return &http.Response{
			StatusCode: http.StatusOK,
			Header:     http.Header{"Content-Type": {"application/json"}},
			Body:       io.NopCloser(strings.NewReader(`{"data":{"id":"c-1","name":"backoffice"}}`)),
		}, nil
	})
	f, err := NewFormance("https://stack.example", WithDoer(doer), WithBearerToken("tok"))
	require.NoError(t, err)
	c, err := f.GetClient(t.Context(), "c-1")
	require.NoError(t, err)
	assert.Equal(t, "backoffice", c.Name)
}

// doerFunc lets a function serve as an HttpRequestDoer.
type doerFunc func(*http.Request) (*http.Response, error)

func (f doerFunc) Do(r *http.Request) (*http.Response, error) { return f(r) }
