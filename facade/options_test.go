package facade_test

import (
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/facade"
	"github.com/clientkit/clientkit/facade/dwolla"
	"github.com/clientkit/clientkit/facade/formance"
	"github.com/clientkit/clientkit/facade/mollie"
)

func TestConstructorsRefuseBadArgumentsAndOptions(t *testing.T) {
	tok := mollie.AccessToken("access_x")
	bearer := formance.BearerToken("t")
	const stack = "https://s.formance.cloud"
	cases := []struct {
		name  string
		make  func() error
		field string
	}{
		{"mollie without credentials", func() error { _, err := mollie.New(mollie.Credentials{}); return err }, "mollie.Credentials"},
		{"empty access token", func() error { _, err := mollie.New(mollie.AccessToken("")); return err }, "mollie.AccessToken"},
		{"nil token source", func() error { _, err := mollie.New(mollie.TokenSource(nil)); return err }, "mollie.TokenSource"},
		{"relative base URL", func() error { _, err := mollie.New(tok, mollie.WithBaseURL("/v2")); return err }, "mollie.WithBaseURL"},
		{"plain http base URL", func() error { _, err := mollie.New(tok, mollie.WithBaseURL("http://api.mollie.com")); return err }, "mollie.WithBaseURL"},
		{"base URL with query", func() error { _, err := mollie.New(tok, mollie.WithBaseURL("https://api.mollie.com?x=1")); return err }, "mollie.WithBaseURL"},
		{"base URL with user", func() error {
			_, err := mollie.New(tok, mollie.WithBaseURL("https://u:p4ss@api.mollie.com"))
			return err
		}, "mollie.WithBaseURL"},
		{"empty base URL", func() error { _, err := mollie.New(tok, mollie.WithBaseURL("")); return err }, "mollie.WithBaseURL"},
		{"sandbox and base URL", func() error {
			_, err := dwolla.New("id", "secret", dwolla.WithSandbox(), dwolla.WithBaseURL("https://example.com"))
			return err
		}, "dwolla.WithBaseURL"},
		{"empty dwolla id", func() error { _, err := dwolla.New("", "s"); return err }, "dwolla.New clientID"},
		{"empty dwolla secret", func() error { _, err := dwolla.New("i", ""); return err }, "dwolla.New clientSecret"},
		{"formance without stack", func() error { _, err := formance.New("", bearer); return err }, "formance.New stackURL"},
		{"formance bad stack", func() error { _, err := formance.New("org.formance.cloud", bearer); return err }, "formance.New stackURL"},
		{"formance without credentials", func() error { _, err := formance.New(stack, formance.Credentials{}); return err }, "formance.Credentials"},
		{"formance empty client id", func() error { _, err := formance.New(stack, formance.ClientCredentials("", "s")); return err }, "formance.ClientCredentials clientID"},
		{"nil client", func() error { _, err := mollie.New(tok, facade.WithHTTPClient(nil)); return err }, "WithHTTPClient"},
		{"nil logger", func() error { _, err := dwolla.New("i", "s", facade.WithLogger(nil)); return err }, "WithLogger"},
		{"empty user agent", func() error { _, err := formance.New(stack, bearer, facade.WithUserAgent(" ")); return err }, "WithUserAgent"},
		{"user agent with newline", func() error { _, err := mollie.New(tok, facade.WithUserAgent("a\r\nX-Evil: 1")); return err }, "WithUserAgent"},
		{"negative delay", func() error {
			_, err := mollie.New(tok, facade.WithRetryPolicy(facade.RetryPolicy{BaseDelay: -time.Second}))
			return err
		}, "RetryPolicy.BaseDelay"},
		{"nil option", func() error { _, err := mollie.New(tok, nil); return err }, "mollie.Option"},
		{"nil shared option", func() error { _, err := mollie.New(tok, facade.Option(nil)); return err }, "Option"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.make()
			var inErr *facade.InputError
			require.ErrorAs(t, err, &inErr)
			assert.Equal(t, c.field, inErr.Field)
			assert.ErrorIs(t, err, facade.ErrValidation)
			assert.NotContains(t, err.Error(), "p4ss", "no credential value is echoed")
		})
	}
}

func TestLoopbackHTTPIsAccepted(t *testing.T) {
	for _, u := range []string{"http://127.0.0.1:8080", "http://localhost:1", "http://[::1]:9"} {
		_, err := mollie.New(mollie.AccessToken("access_x"), mollie.WithBaseURL(u))
		assert.NoError(t, err, u)
		_, err = formance.New(u+"/", formance.BearerToken("t"))
		assert.NoError(t, err, u)
	}
}

// countingTransport sends through http.DefaultTransport and counts; tests call it from one
// goroutine.
type countingTransport struct{ calls int }

func (c *countingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	c.calls++
	return http.DefaultTransport.RoundTrip(req)
}

func TestWithHTTPClientCarriesEveryRequest(t *testing.T) {
	api := newTokenAndJSONStub(t, `{"token":"ct"}`)
	rt := &countingTransport{}
	d, err := dwolla.New("id", "secret", dwolla.WithBaseURL(api.URL), facade.WithHTTPClient(&http.Client{Transport: rt}))
	require.NoError(t, err)
	_, err = d.CreateClientToken(t.Context(), "customer.update", api.URL+"/customers/c1")
	require.NoError(t, err)
	assert.Equal(t, 2, rt.calls, "the token request and the call")
}

// roundTripFunc lets a function serve as a RoundTripper.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// A transport's answer need not say its length (test doubles rarely do): the body is read to
// its end.
func TestAnswerWithoutContentLength(t *testing.T) {
	rt := roundTripFunc(func(*http.Request) (*http.Response, error) {
		return &http.Response{
			StatusCode: http.StatusOK,
			Header:     http.Header{"Content-Type": {"application/json"}},
			Body:       io.NopCloser(strings.NewReader(`{"data":{"id":"c-1","name":"backoffice"}}`)),
		}, nil
	})
	f, err := formance.New("https://stack.example", formance.BearerToken("tok"), facade.WithHTTPClient(&http.Client{Transport: rt}))
	require.NoError(t, err)
	c, err := f.GetClient(t.Context(), "c-1")
	require.NoError(t, err)
	assert.Equal(t, "backoffice", c.Name)
}

// An option of one provider does not compile for another, nor does an idempotency key for a
// Formance call: the compiler is asked to build such a program, and must refuse each line.
func TestOptionsOfOneProviderDoNotCompileForAnother(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program with the go command")
	}
	lines := map[string]string{
		"dwolla option to formance": `formance.New("https://s.example", formance.BearerToken("t"), dwolla.WithSandbox())`,
		"mollie option to dwolla":   `dwolla.New("i", "s", mollie.WithBaseURL("https://x.example"))`,
		"key on a formance call":    `(&formance.Stack{}).ListClients(context.Background(), facade.IdempotencyKey("k"))`,
	}
	dir, err := os.MkdirTemp(".", "_compilecheck")
	require.NoError(t, err)
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	for name, line := range lines {
		src := "package main\n\nimport (\n\t\"context\"\n\n\t\"github.com/clientkit/clientkit/facade\"\n" +
			"\t\"github.com/clientkit/clientkit/facade/dwolla\"\n\t\"github.com/clientkit/clientkit/facade/formance\"\n" +
			"\t\"github.com/clientkit/clientkit/facade/mollie\"\n)\n\nvar _ = context.Background\nvar _ = facade.ErrValidation\n" +
			"var _ = dwolla.New\nvar _ = mollie.New\n\nfunc main() { _, _ = " + line + " }\n"
		require.NoError(t, os.WriteFile(filepath.Join(dir, "main.go"), []byte(src), 0o644))
		out, err := exec.Command("go", "build", "-o", os.DevNull, "./"+dir).CombinedOutput()
		var exitErr *exec.ExitError
		require.True(t, errors.As(err, &exitErr), "%s compiled:\n%s", name, out)
		assert.Contains(t, string(out), "cannot use", name)
	}
}
