package mollie

import (
	"bytes"
	"errors"
	"log/slog"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/clientkit/clientkit/facade"
	"github.com/clientkit/clientkit/facade/internal/testutil"
)

// tokenSourceFunc is an oauth2.TokenSource made of a function.
type tokenSourceFunc func() (*oauth2.Token, error)

func (f tokenSourceFunc) Token() (*oauth2.Token, error) { return f() }

// A token the provider refuses is logged as such, not as a network failure (issue 16, point 9);
// a token source that fails on its own is logged as a token failure too.
func TestTokenFailuresAreLoggedByKind(t *testing.T) {
	refused := &oauth2.RetrieveError{Response: &http.Response{StatusCode: 400, Header: http.Header{}},
		Body: []byte(`{"error":"invalid_grant","error_description":"refresh token refused"}`), ErrorCode: "invalid_grant"}
	tests := map[string]struct {
		err  error
		want string
	}{
		"refused by the token endpoint": {refused, `error="token refused"`},
		"source failed":                 {errors.New("keychain locked"), `error="token unavailable"`},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			api := testutil.NewStubAPI(t, func(w http.ResponseWriter, _ testutil.Recorded) { t.Error("a call went out without a token") })
			var logs bytes.Buffer
			logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
			c, err := New(TokenSource(tokenSourceFunc(func() (*oauth2.Token, error) { return nil, tt.err })),
				WithBaseURL(api.URL), facade.WithLogger(logger), testutil.OneAttempt)
			require.NoError(t, err)

			_, err = c.CreateClientLink(testutil.ShortCtx(t), ClientLinkRequest{
				Owner: ClientLinkOwner{Email: "jan@example.org", GivenName: "Jan", FamilyName: "Jansen"},
				Name:  "Jansen Bikes B.V.", Address: ClientLinkAddress{Country: "NL"},
			})

			require.Error(t, err)
			assert.Contains(t, logs.String(), tt.want)
			assert.NotContains(t, logs.String(), `error=network`)
			assert.NotContains(t, logs.String(), "keychain locked", "no error text in logs")
		})
	}
}
