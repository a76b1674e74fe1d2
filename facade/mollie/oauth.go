package mollie

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"golang.org/x/oauth2"

	"github.com/clientkit/clientkit/facade"
	"github.com/clientkit/clientkit/facade/internal/call"
)

// TokenURL is Mollie's OAuth token endpoint.
const TokenURL = "https://api.mollie.com/oauth2/tokens"

// OAuth exchanges the code from the callback for tokens and refreshes them, as the OAuth app
// ClientID. Formatting, logging or encoding it never shows the client secret, alone or nested in
// an exported field; fmt reads an unexported field without its methods, so keep an OAuth there
// as a pointer.
type OAuth struct {
	ClientID     string       // the OAuth app's id, app_…
	ClientSecret string       // the OAuth app's secret
	RedirectURL  string       // the app's redirect URL; sent when set, and must then match the app's
	TokenURL     string       // empty means TokenURL; a loopback http URL is accepted for a fake
	AuthURL      string       // empty means AuthorizeEndpoint; a loopback http URL is accepted for a fake
	HTTPClient   *http.Client // nil means http.DefaultClient; a token request never outlives Timeout either way (the client's own Timeout, when it has one, for TokenSource's refreshes)
	// Timeout bounds each token request (exchange, refresh, revocation); 0 means
	// DefaultTokenTimeout.
	Timeout time.Duration
	// Logger, when set, gets one debug line per token request, as a client's WithLogger does:
	// method, path, status or the kind of failure, duration; never a header, query, body or token.
	Logger *slog.Logger
}

// Exchange trades the code from ParseCallback for the organization's tokens. Mollie's refusals
// (invalid_grant for an unknown, used or expired code, invalid_client…) come back as a
// *facade.APIError with Operation create-oauth-token and Code the OAuth error.
//
// Mollie API: create-oauth-token, POST /oauth2/tokens with grant_type=authorization_code
// (https://docs.mollie.com/reference/generate-tokens).
func (o *OAuth) Exchange(ctx context.Context, code string) (*Token, error) {
	if err := o.validate(); err != nil {
		return nil, err
	}
	if code == "" {
		return nil, inputError(opCreateOAuthToken, "code", "is empty")
	}
	ctx, cancel := o.context(ctx)
	defer cancel()
	tok, err := o.config().Exchange(ctx, code)
	if err != nil {
		return nil, call.TokenRequestError(provider, opCreateOAuthToken, err)
	}
	return tokenOf(tok), nil
}

// Refresh renews an organization's tokens with its refresh token. When Mollie refuses it with
// invalid_grant (the organization revoked the app, or a newer authorization replaced this one),
// the *facade.APIError also matches facade.ErrReconnectRequired: the organization must go
// through the authorize URL again.
//
// Mollie API: create-oauth-token, POST /oauth2/tokens with grant_type=refresh_token
// (https://docs.mollie.com/reference/generate-tokens).
func (o *OAuth) Refresh(ctx context.Context, refreshToken string) (*Token, error) {
	if err := o.validate(); err != nil {
		return nil, err
	}
	if refreshToken == "" {
		return nil, inputError(opCreateOAuthToken, "refresh token", "is empty")
	}
	ctx, cancel := o.context(ctx)
	defer cancel()
	// An expired token makes x/oauth2 refresh at once, with no other request.
	tok, err := o.config().TokenSource(ctx, &oauth2.Token{RefreshToken: refreshToken, Expiry: time.Unix(1, 0)}).Token()
	if err != nil {
		return nil, refreshError(err)
	}
	return tokenOf(tok), nil
}

// refreshError types a failed refresh: invalid_grant means the authorization is gone.
func refreshError(err error) error {
	err = call.TokenRequestError(provider, opCreateOAuthToken, err)
	var apiErr *facade.APIError
	if errors.As(err, &apiErr) && apiErr.Code == "invalid_grant" {
		apiErr.Err = facade.ErrReconnectRequired
	}
	return err
}

// TokenSource returns an oauth2.TokenSource of t that refreshes it when it expires, for code that
// takes one. Refreshes use ctx, which must outlive the source; a refused refresh is a
// *facade.APIError, as in Refresh. OAuth.Client is the usual way to call Mollie with t.
func (o *OAuth) TokenSource(ctx context.Context, t *Token) oauth2.TokenSource {
	if err := o.validate(); err != nil {
		return failingTokenSource{err}
	}
	if t == nil {
		return failingTokenSource{inputError(opCreateOAuthToken, "token", "is nil")}
	}
	return typedErrorTokenSource{o.config().TokenSource(context.WithValue(ctx, oauth2.HTTPClient, o.client()), t.oauth2())}
}

// Format shows the app's settings without its secret, for every verb.
func (o OAuth) Format(f fmt.State, _ rune) {
	fmt.Fprintf(f, "mollie.OAuth{ClientID:%s ClientSecret:[redacted] RedirectURL:%s TokenURL:%s}", o.ClientID, printableURL(o.RedirectURL), printableURL(o.tokenURL()))
}

// MarshalJSON encodes the app's settings without its secret.
func (o OAuth) MarshalJSON() ([]byte, error) {
	return json.Marshal(map[string]string{"client_id": o.ClientID, "client_secret": redacted,
		"redirect_url": printableURL(o.RedirectURL), "token_url": printableURL(o.tokenURL())})
}

// LogValue keeps the secret out of slog output.
func (o OAuth) LogValue() slog.Value {
	return slog.GroupValue(slog.String("client_id", o.ClientID), slog.String("client_secret", redacted),
		slog.String("redirect_url", printableURL(o.RedirectURL)), slog.String("token_url", printableURL(o.tokenURL())))
}

// printableURL is raw with any password in its user info redacted. validate refuses user info
// in the token URL, but a value is printed before it is validated, and a URL that does not
// parse is printed as a placeholder, since where its password ends is unknown.
func printableURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "[unparseable URL]"
	}
	return u.Redacted()
}

// validate checks the app settings before any request; errors name the field.
func (o *OAuth) validate() error {
	_, err := o.validTokenURL()
	return err
}

// validTokenURL is validate that also returns the token URL it parsed.
func (o *OAuth) validTokenURL() (*url.URL, error) {
	if o == nil {
		return nil, inputError(opCreateOAuthToken, "OAuth", "is nil")
	}
	if !isAppID(o.ClientID) {
		return nil, inputError(opCreateOAuthToken, "OAuth.ClientID", fmt.Sprintf("must be an OAuth app id starting with app_, got %q", o.ClientID))
	}
	if o.ClientSecret == "" {
		return nil, inputError(opCreateOAuthToken, "OAuth.ClientSecret", "is empty")
	}
	u, err := call.ParseServiceURL(o.tokenURL())
	if err != nil {
		return nil, inputError(opCreateOAuthToken, "OAuth.TokenURL", err.Error())
	}
	return u, nil
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

// context bounds one token request in time, whatever the caller's deadline, and makes x/oauth2
// use the configured HTTP client.
func (o *OAuth) context(ctx context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithTimeout(ctx, o.timeout())
	return context.WithValue(ctx, oauth2.HTTPClient, o.client()), cancel
}

// client is OAuth.HTTPClient (http.DefaultClient when nil), with Timeout as its time limit when
// it has none (a token source's refreshes take no context of their own), and its exchanges logged
// to Logger when set.
func (o *OAuth) client() *http.Client {
	hc := o.HTTPClient
	if hc == nil {
		hc = http.DefaultClient
	}
	if hc.Timeout > 0 && o.Logger == nil {
		return hc
	}
	c := *hc
	if c.Timeout <= 0 {
		c.Timeout = o.timeout()
	}
	if o.Logger != nil {
		c.Transport = call.Base(provider, facade.Settings{HTTPClient: hc, Logger: o.Logger})
	}
	return &c
}

// DefaultTokenTimeout bounds one token request when OAuth.Timeout is zero.
const DefaultTokenTimeout = 30 * time.Second

func (o *OAuth) timeout() time.Duration {
	if o.Timeout > 0 {
		return o.Timeout
	}
	return DefaultTokenTimeout
}

// typedErrorTokenSource turns refresh refusals into *APIError (see Refresh), so that the raw
// body of an *oauth2.RetrieveError never reaches an error string.
type typedErrorTokenSource struct{ base oauth2.TokenSource }

func (s typedErrorTokenSource) Token() (*oauth2.Token, error) {
	t, err := s.base.Token()
	if err != nil {
		return nil, refreshError(err)
	}
	return t, nil
}

// failingTokenSource reports a configuration error on every call.
type failingTokenSource struct{ err error }

func (s failingTokenSource) Token() (*oauth2.Token, error) { return nil, s.err }
