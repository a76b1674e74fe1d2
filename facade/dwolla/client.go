package dwolla

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/clientkit/clientkit/facade"
	"github.com/clientkit/clientkit/facade/internal/auth"
	"github.com/clientkit/clientkit/facade/internal/call"
	dwollaapi "github.com/clientkit/clientkit/gen/dwolla"
)

// provider names Dwolla in errors and logs.
const provider = "dwolla"

// Dwolla's environments.
const (
	ProductionURL = "https://api.dwolla.com"
	SandboxURL    = "https://api-sandbox.dwolla.com"
)

// Client creates client tokens for Dwolla drop-in components. It fetches and caches an
// application token with its client credentials. It is safe for concurrent use; formatting or
// logging it never shows the credentials.
type Client struct {
	baseURL string
	calls   *call.Caller
}

// New returns a client for the Dwolla application with the key clientID and secret
// clientSecret, for production unless WithSandbox or WithBaseURL says otherwise. Options are
// facade.Option (HTTP client, logger, retry policy, user agent) and this package's.
//
// The application token is fetched with the client-credentials grant at POST /token
// (https://developers.dwolla.com/docs/api-reference/tokens/create-an-application-access-token),
// cached, refreshed 60 s before it expires (at half its lifetime when it lives less than two
// minutes), shared by concurrent calls, and replaced once when Dwolla answers
// InvalidAccessToken or ExpiredAccessToken.
func New(clientID, clientSecret string, opts ...Option) (*Client, error) {
	return newClient(clientID, clientSecret, time.Now, opts)
}

// newClient is New with a clock for token expiry.
func newClient(clientID, clientSecret string, clock func() time.Time, opts []Option) (*Client, error) {
	switch {
	case clientID == "":
		return nil, facade.OptionError("dwolla.New clientID", "is empty")
	case clientSecret == "":
		return nil, facade.OptionError("dwolla.New clientSecret", "is empty")
	}
	cfg, err := applyOptions(opts)
	if err != nil {
		return nil, err
	}
	base := call.Base(provider, cfg.settings)
	creds := &clientcredentials.Config{
		ClientID:     clientID,
		ClientSecret: clientSecret,
		TokenURL:     call.JoinURL(cfg.baseURL.String(), "/token"),
		AuthStyle:    oauth2.AuthStyleInHeader,
	}
	tokens := call.ClientCredentialsCache(provider, opCreateApplicationAccessToken, cfg.settings, base, creds, clock)
	transport := &auth.Transport{Base: base, Provider: cfg.baseURL, Tokens: tokens, Refused: tokenRefused}
	return &Client{
		baseURL: cfg.baseURL.String(),
		calls:   call.NewCaller(provider, cfg.settings, transport, decodeError),
	}, nil
}

// String describes the client without its credentials.
func (c *Client) String() string { return "dwolla.Client{BaseURL: " + c.baseURL + "}" }

// Format prints String for every verb, so no credential reaches fmt's reflection.
func (c *Client) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(c.String())) }

// LogValue keeps credentials out of slog output.
func (c *Client) LogValue() slog.Value {
	return slog.GroupValue(slog.String("provider", provider), slog.String("base_url", c.baseURL))
}

// decodeError decodes Dwolla's error (code, message, _embedded.errors[] with paths).
func decodeError(op string, status int, header http.Header, body []byte) *facade.APIError {
	e := call.NewAPIError(provider, op, status, header, body)
	var d dwollaapi.BadRequestError
	if json.Unmarshal(body, &d) != nil {
		return e
	}
	e.Code, e.Message = d.Code, d.Message
	if d.Embedded != nil {
		for _, f := range d.Embedded.Errors {
			e.Fields = append(e.Fields, facade.FieldError{Path: f.Path, Code: f.Code, Message: f.Message})
		}
	}
	return e
}

// tokenRefused says a 401 whose code is InvalidAccessToken or ExpiredAccessToken means the token
// was refused. It peeks at the body and puts it back for the caller.
func tokenRefused(resp *http.Response) bool {
	if resp.StatusCode != http.StatusUnauthorized {
		return false
	}
	body, err := call.ReadCapped(resp.Body, call.MaxErrorBody)
	_ = resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if err != nil && !errors.Is(err, call.ErrBodyTooLarge) {
		return false
	}
	var answer struct {
		Code string `json:"code"`
	}
	if json.Unmarshal(body, &answer) != nil {
		return false
	}
	return answer.Code == "InvalidAccessToken" || answer.Code == "ExpiredAccessToken"
}
