package facade_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/facade"
	"github.com/clientkit/clientkit/facade/dwolla"
	"github.com/clientkit/clientkit/facade/formance"
	"github.com/clientkit/clientkit/facade/internal/testutil"
	"github.com/clientkit/clientkit/facade/mollie"
)

func TestUndecodableErrorBodies(t *testing.T) {
	html := "<html><head><title>502 Bad Gateway</title></head><body>" + strings.Repeat("nginx ", 200) + "</body></html>"
	cases := []struct {
		name        string
		status      int
		contentType string
		body        string
		sentinel    error
	}{
		{"html from a proxy", 502, "text/html", html, facade.ErrServer},
		{"truncated json", 422, "application/hal+json", `{"status":422,"title":"Unprocessable En`, facade.ErrValidation},
		{"empty 502", 502, "", "", facade.ErrServer},
		{"json of the wrong shape", 400, "application/json", `["a","b"]`, facade.ErrValidation},
	}
	for _, c := range cases {
		for _, provider := range []string{"mollie", "dwolla", "formance"} {
			t.Run(c.name+"/"+provider, func(t *testing.T) {
				api := testutil.NewStubAPI(t, func(w http.ResponseWriter, r testutil.Recorded) {
					if r.Path == "/token" {
						testutil.Reply(w, 200, "application/json", `{"access_token":"tok","token_type":"Bearer","expires_in":3600}`)
						return
					}
					testutil.Reply(w, c.status, c.contentType, c.body)
				})
				err := callAnyOperation(t, provider, api.URL)
				var apiErr *facade.APIError
				require.ErrorAs(t, err, &apiErr)
				assert.ErrorIs(t, err, c.sentinel)
				assert.Equal(t, c.status, apiErr.StatusCode)
				assert.Equal(t, provider, apiErr.Provider)
				want := c.body[:min(len(c.body), 512)]
				assert.Equal(t, want, string(apiErr.Body), "the first bytes of the body are kept")
				assert.Empty(t, apiErr.Code+apiErr.Title+apiErr.Message)
				assert.Contains(t, err.Error(), fmt.Sprintf("HTTP %d", c.status))
			})
		}
	}
}

// callAnyOperation makes one write call of provider against url and returns its error.
func callAnyOperation(t *testing.T, provider, url string) error {
	t.Helper()
	ctx := testutil.ShortCtx(t)
	switch provider {
	case "mollie":
		m, err := mollie.New(mollie.AccessToken("access_x"), mollie.WithBaseURL(url), testutil.OneAttempt)
		require.NoError(t, err)
		_, err = m.CreateClientLink(ctx, validLinkRequest())
		return err
	case "dwolla":
		d, err := dwolla.New("id", "secret", dwolla.WithBaseURL(url), testutil.OneAttempt)
		require.NoError(t, err)
		_, err = d.CreateClientToken(ctx, "customer.update", url+"/customers/c1")
		return err
	default:
		f, err := formance.New(url, formance.BearerToken("t"), testutil.OneAttempt)
		require.NoError(t, err)
		_, err = f.CreateClient(ctx, formance.ClientOptions{Name: "app"})
		return err
	}
}

func TestOversizedErrorBodyIsCapped(t *testing.T) {
	huge := `{"errorCode":"INTERNAL","errorMessage":"` + strings.Repeat("x", 2<<20) + `"}`
	api := testutil.NewStubAPI(t, func(w http.ResponseWriter, r testutil.Recorded) { testutil.Reply(w, 500, "application/json", huge) })
	f, err := formance.New(api.URL, formance.BearerToken("t"), testutil.OneAttempt)
	require.NoError(t, err)
	_, err = f.ListClients(testutil.ShortCtx(t))
	var apiErr *facade.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.ErrorIs(t, err, facade.ErrServer)
	assert.Equal(t, huge[:512], string(apiErr.Body))
	assert.Empty(t, apiErr.Code, "a body cut at the cap does not decode")
}

func TestInputErrorMatchesErrValidationAndItsCause(t *testing.T) {
	err := error(&facade.InputError{Provider: "formance", Operation: "readClient", Field: "clientID", Problem: "is empty"})
	assert.ErrorIs(t, err, facade.ErrValidation)
	assert.NotErrorIs(t, err, facade.ErrNotFound)
	assert.Equal(t, "formance readClient: clientID is empty", err.Error())

	expired := &facade.InputError{Provider: "mollie", Operation: "authorize-url", Field: "link", Problem: "expired", Err: mollie.ErrClientLinkExpired}
	assert.ErrorIs(t, expired, facade.ErrValidation)
	assert.ErrorIs(t, expired, mollie.ErrClientLinkExpired)
}

func TestAPIErrorMatchesItsStatusAndCause(t *testing.T) {
	for status, want := range map[int]error{401: facade.ErrUnauthorized, 403: facade.ErrForbidden, 404: facade.ErrNotFound,
		409: facade.ErrConflict, 400: facade.ErrValidation, 422: facade.ErrValidation, 429: facade.ErrRateLimited, 503: facade.ErrServer, 418: nil} {
		err := &facade.APIError{Provider: "p", Operation: "op", StatusCode: status}
		testutil.AssertOnlySentinel(t, err, want)
	}
	gone := &facade.APIError{Provider: "mollie", Operation: "create-oauth-token", StatusCode: 400, Code: "invalid_grant", Err: facade.ErrReconnectRequired}
	assert.ErrorIs(t, gone, facade.ErrReconnectRequired)
	assert.ErrorIs(t, gone, facade.ErrValidation)
	assert.Contains(t, gone.Error(), "must connect again")
}

// A nil CallOption among a write's options is skipped, as Calls skips it.
func TestNilCallOptionIsSkipped(t *testing.T) {
	s := facade.Writes([]facade.WriteOption{facade.CallOption(nil), facade.IdempotencyKey("k")})
	assert.Equal(t, "k", s.IdempotencyKey)
}
