package facade

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"

	"golang.org/x/oauth2"
)

// MollieTokenURL is Mollie's OAuth token endpoint.
const MollieTokenURL = "https://api.mollie.com/oauth2/tokens"

// MollieOAuth exchanges the code from the callback for tokens and refreshes them, as the OAuth
// app ClientID. Formatting or logging it never shows the client secret.
type MollieOAuth struct {
	ClientID     string       // the OAuth app's id, app_…
	ClientSecret string       // the OAuth app's secret
	RedirectURL  string       // the app's redirect URL; sent when set, and must then match the app's
	TokenURL     string       // empty means MollieTokenURL; a loopback http URL is accepted for a fake
	HTTPClient   *http.Client // nil means http.DefaultClient
}

// Exchange trades the code from ParseCallback for an access token and a refresh token. Mollie's
// refusals (invalid_grant for an unknown, used or expired code, invalid_client…) come back as an
// *APIError with Provider mollie, Operation create-oauth-token and Code the OAuth error.
func (o *MollieOAuth) Exchange(ctx context.Context, code string) (*oauth2.Token, error) {
	if err := o.validate(); err != nil {
		return nil, err
	}
	if code == "" {
		return nil, errors.New("facade: mollie code exchange: code is empty")
	}
	tok, err := o.config().Exchange(o.context(ctx), code)
	if err != nil {
		return nil, fetchTokenError(providerMollie, opMollieToken, err)
	}
	return tok, nil
}

// TokenSource returns a source of t that refreshes it through the token endpoint when it expires;
// give it to NewMollie with WithTokenSource. Refreshes use ctx, which must outlive the source.
// A refused refresh is an *APIError, as in Exchange.
func (o *MollieOAuth) TokenSource(ctx context.Context, t *oauth2.Token) oauth2.TokenSource {
	if err := o.validate(); err != nil {
		return failingTokenSource{err}
	}
	if t == nil {
		return failingTokenSource{errors.New("facade: mollie token source: token is nil")}
	}
	return typedErrorTokenSource{o.config().TokenSource(o.context(ctx), t)}
}

// Format shows the app's settings without its secret, for every verb.
func (o MollieOAuth) Format(f fmt.State, _ rune) {
	fmt.Fprintf(f, "facade.MollieOAuth{ClientID:%s ClientSecret:[redacted] RedirectURL:%s TokenURL:%s}", o.ClientID, o.RedirectURL, o.tokenURL())
}

// LogValue keeps the secret out of slog output.
func (o MollieOAuth) LogValue() slog.Value {
	return slog.GroupValue(slog.String("client_id", o.ClientID), slog.String("client_secret", "[redacted]"),
		slog.String("redirect_url", o.RedirectURL), slog.String("token_url", o.tokenURL()))
}

// validate checks the app settings before any request; errors name the field.
func (o *MollieOAuth) validate() error {
	if o == nil {
		return errors.New("facade: MollieOAuth is nil")
	}
	if !isMollieAppID(o.ClientID) {
		return fmt.Errorf("facade: MollieOAuth.ClientID must be an OAuth app id starting with app_, got %q", o.ClientID)
	}
	if o.ClientSecret == "" {
		return errors.New("facade: MollieOAuth.ClientSecret is empty")
	}
	u, err := url.Parse(o.tokenURL())
	if err != nil {
		return fmt.Errorf("facade: MollieOAuth.TokenURL does not parse: %v", err)
	}
	if err := checkSecureURL(u); err != nil {
		return fmt.Errorf("facade: MollieOAuth.TokenURL %w", err)
	}
	return nil
}

func (o *MollieOAuth) tokenURL() string {
	if o.TokenURL == "" {
		return MollieTokenURL
	}
	return o.TokenURL
}

// config is the x/oauth2 view of the app: credentials over HTTP Basic, as Mollie expects.
func (o *MollieOAuth) config() *oauth2.Config {
	return &oauth2.Config{
		ClientID:     o.ClientID,
		ClientSecret: o.ClientSecret,
		RedirectURL:  o.RedirectURL,
		Endpoint:     oauth2.Endpoint{TokenURL: o.tokenURL(), AuthStyle: oauth2.AuthStyleInHeader},
	}
}

// context makes x/oauth2 use the configured HTTP client.
func (o *MollieOAuth) context(ctx context.Context) context.Context {
	if o.HTTPClient == nil {
		return ctx
	}
	return context.WithValue(ctx, oauth2.HTTPClient, o.HTTPClient)
}

// typedErrorTokenSource turns refresh refusals into *APIError, so that the raw body of an
// *oauth2.RetrieveError never reaches an error string.
type typedErrorTokenSource struct{ base oauth2.TokenSource }

func (s typedErrorTokenSource) Token() (*oauth2.Token, error) {
	t, err := s.base.Token()
	if err != nil {
		return nil, fetchTokenError(providerMollie, opMollieToken, err)
	}
	return t, nil
}

// failingTokenSource reports a configuration error on every call.
type failingTokenSource struct{ err error }

func (s failingTokenSource) Token() (*oauth2.Token, error) { return nil, s.err }
