package mollie

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"golang.org/x/oauth2"

	"github.com/clientkit/clientkit/facade/internal/call"
)

// TokenURL is Mollie's OAuth token endpoint.
const TokenURL = "https://api.mollie.com/oauth2/tokens"

// OAuth exchanges the code from the callback for tokens and refreshes them, as the OAuth app
// ClientID. Formatting, logging or encoding it never shows the client secret.
type OAuth struct {
	ClientID     string       // the OAuth app's id, app_…
	ClientSecret string       // the OAuth app's secret
	RedirectURL  string       // the app's redirect URL; sent when set, and must then match the app's
	TokenURL     string       // empty means TokenURL; a loopback http URL is accepted for a fake
	HTTPClient   *http.Client // nil means a client with http.DefaultTransport and a 30 s timeout
}

// Exchange trades the code from ParseCallback for an access token and a refresh token. Mollie's
// refusals (invalid_grant for an unknown, used or expired code, invalid_client…) come back as a
// *facade.APIError with Operation create-oauth-token and Code the OAuth error.
//
// Mollie API: POST /oauth2/tokens with grant_type=authorization_code
// (https://docs.mollie.com/reference/generate-tokens).
func (o *OAuth) Exchange(ctx context.Context, code string) (*oauth2.Token, error) {
	if err := o.validate(); err != nil {
		return nil, err
	}
	if code == "" {
		return nil, inputError(opCreateOAuthToken, "code", "is empty")
	}
	tok, err := o.config().Exchange(o.context(ctx), code)
	if err != nil {
		return nil, call.FetchTokenError(provider, opCreateOAuthToken, err)
	}
	return tok, nil
}

// TokenSource returns a source of t that refreshes it through the token endpoint when it
// expires; give it to New with TokenSource. Refreshes use ctx, which must outlive the source. A
// refused refresh is a *facade.APIError, as in Exchange.
func (o *OAuth) TokenSource(ctx context.Context, t *oauth2.Token) oauth2.TokenSource {
	if err := o.validate(); err != nil {
		return failingTokenSource{err}
	}
	if t == nil {
		return failingTokenSource{inputError(opCreateOAuthToken, "token", "is nil")}
	}
	return typedErrorTokenSource{o.config().TokenSource(o.context(ctx), t)}
}

// Format shows the app's settings without its secret, for every verb.
func (o OAuth) Format(f fmt.State, _ rune) {
	fmt.Fprintf(f, "mollie.OAuth{ClientID:%s ClientSecret:[redacted] RedirectURL:%s TokenURL:%s}", o.ClientID, o.RedirectURL, o.tokenURL())
}

// LogValue keeps the secret out of slog output.
func (o OAuth) LogValue() slog.Value {
	return slog.GroupValue(slog.String("client_id", o.ClientID), slog.String("client_secret", "[redacted]"),
		slog.String("redirect_url", o.RedirectURL), slog.String("token_url", o.tokenURL()))
}

// validate checks the app settings before any request; errors name the field.
func (o *OAuth) validate() error {
	if o == nil {
		return inputError(opCreateOAuthToken, "OAuth", "is nil")
	}
	if !isAppID(o.ClientID) {
		return inputError(opCreateOAuthToken, "OAuth.ClientID", fmt.Sprintf("must be an OAuth app id starting with app_, got %q", o.ClientID))
	}
	if o.ClientSecret == "" {
		return inputError(opCreateOAuthToken, "OAuth.ClientSecret", "is empty")
	}
	if _, err := call.ParseServiceURL(o.tokenURL()); err != nil {
		return inputError(opCreateOAuthToken, "OAuth.TokenURL", err.Error())
	}
	return nil
}

func (o *OAuth) tokenURL() string {
	if o.TokenURL == "" {
		return TokenURL
	}
	return o.TokenURL
}

// config is the x/oauth2 view of the app: credentials over HTTP Basic, as Mollie expects.
func (o *OAuth) config() *oauth2.Config {
	return &oauth2.Config{
		ClientID:     o.ClientID,
		ClientSecret: o.ClientSecret,
		RedirectURL:  o.RedirectURL,
		Endpoint:     oauth2.Endpoint{TokenURL: o.tokenURL(), AuthStyle: oauth2.AuthStyleInHeader},
	}
}

// context makes x/oauth2 use the configured HTTP client, or one bounded in time.
func (o *OAuth) context(ctx context.Context) context.Context {
	hc := o.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: defaultTokenTimeout}
	}
	return context.WithValue(ctx, oauth2.HTTPClient, hc)
}

// defaultTokenTimeout bounds a token request when OAuth.HTTPClient is nil.
const defaultTokenTimeout = 30 * time.Second

// typedErrorTokenSource turns refresh refusals into *APIError, so that the raw body of an
// *oauth2.RetrieveError never reaches an error string.
type typedErrorTokenSource struct{ base oauth2.TokenSource }

func (s typedErrorTokenSource) Token() (*oauth2.Token, error) {
	t, err := s.base.Token()
	if err != nil {
		return nil, call.FetchTokenError(provider, opCreateOAuthToken, err)
	}
	return t, nil
}

// failingTokenSource reports a configuration error on every call.
type failingTokenSource struct{ err error }

func (s failingTokenSource) Token() (*oauth2.Token, error) { return nil, s.err }
