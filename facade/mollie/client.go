package mollie

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"golang.org/x/oauth2"

	"github.com/clientkit/clientkit/facade"
	"github.com/clientkit/clientkit/facade/internal/auth"
	"github.com/clientkit/clientkit/facade/internal/call"
	mollieapi "github.com/clientkit/clientkit/gen/mollie"
)

// provider names Mollie in errors and logs.
const provider = "mollie"

// BaseURL is Mollie's API.
const BaseURL = "https://api.mollie.com"

// Client calls Mollie's API for one organization. It is safe for concurrent use; formatting or
// logging it never shows its credentials.
type Client struct {
	baseURL string
	calls   *call.Caller
	clock   func() time.Time
	apiKey  bool // the static token is a profile API key, which client links refuse
}

// Credentials authenticate a Client: AccessToken or TokenSource. They hold no printable secret.
type Credentials struct {
	tokens func() (auth.Tokens, bool, error) // the tokens, and whether they are a profile API key
}

// AccessToken authenticates with a static organization access token (access_…); client links
// need one with the clients.write permission.
func AccessToken(token string) Credentials {
	return Credentials{tokens: func() (auth.Tokens, bool, error) {
		if token == "" {
			return nil, false, facade.OptionError("mollie.AccessToken", "is empty")
		}
		return auth.NewStatic(token), isAPIKey(token), nil
	}}
}

// TokenSource authenticates with the tokens of ts, such as OAuth.TokenSource returns for a
// connected organization. ts should cache its tokens (oauth2.ReuseTokenSource does).
func TokenSource(ts oauth2.TokenSource) Credentials {
	return Credentials{tokens: func() (auth.Tokens, bool, error) {
		if ts == nil {
			return nil, false, facade.OptionError("mollie.TokenSource", "is nil")
		}
		return auth.NewSource(ts, refuseAPIKey, func(err error) error {
			return call.FetchTokenError(provider, opCreateOAuthToken, err)
		}), false, nil
	}}
}

// New returns a client authenticated by creds. Options are facade.Option (HTTP client, logger,
// retry policy, user agent) and this package's (WithBaseURL).
func New(creds Credentials, opts ...Option) (*Client, error) {
	return newClient(creds, time.Now, opts)
}

// newClient is New with a clock for client-link dates.
func newClient(creds Credentials, clock func() time.Time, opts []Option) (*Client, error) {
	cfg, err := applyOptions(opts)
	if err != nil {
		return nil, err
	}
	if creds.tokens == nil {
		return nil, facade.OptionError("mollie.Credentials", "are missing: use AccessToken or TokenSource")
	}
	tokens, apiKey, err := creds.tokens()
	if err != nil {
		return nil, err
	}
	base := call.Base(provider, cfg.settings)
	transport := &auth.Transport{Base: base, Provider: cfg.baseURL, Tokens: tokens, Refused: auth.AnyUnauthorized}
	return &Client{
		baseURL: cfg.baseURL.String(),
		calls:   call.NewCaller(provider, cfg.settings, transport, decodeError),
		clock:   clock,
		apiKey:  apiKey,
	}, nil
}

// String describes the client without its credentials.
func (c *Client) String() string { return "mollie.Client{BaseURL: " + c.baseURL + "}" }

// Format prints String for every verb, so no credential reaches fmt's reflection.
func (c *Client) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(c.String())) }

// LogValue keeps credentials out of slog output.
func (c *Client) LogValue() slog.Value {
	return slog.GroupValue(slog.String("provider", provider), slog.String("base_url", c.baseURL))
}

// decodeError decodes Mollie's hal error (status, title, detail, field).
func decodeError(op string, status int, header http.Header, body []byte) *facade.APIError {
	e := call.NewAPIError(provider, op, status, header, body)
	var m mollieapi.ErrorResponse
	if json.Unmarshal(body, &m) != nil {
		return e
	}
	e.Title, e.Detail = m.Title, m.Detail
	if m.Field != nil && *m.Field != "" {
		e.Fields = []facade.FieldError{{Path: *m.Field}}
	}
	return e
}
