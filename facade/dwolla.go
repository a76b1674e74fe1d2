package facade

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/clientkit/clientkit/gen/dwolla"
)

// Dwolla operation names, as upstream calls them.
const (
	opCreateClientToken = "createClientToken"
	opDwollaToken       = "createApplicationAccessToken"
)

// dwollaAction is a client-token action: lower-case words joined by dots, such as
// customer.update or customer.fundingsources.create.
var dwollaAction = regexp.MustCompile(`^[a-z]+(\.[a-z]+)+$`)

// Dwolla creates client tokens for Dwolla drop-in components. It fetches and caches an
// application token with its client credentials. It is safe for concurrent use; formatting or
// logging it never shows the credentials.
type Dwolla struct {
	api     *dwollaapi.APIClient
	baseURL string
	calls   caller
}

// NewDwolla returns a Dwolla client for production (https://api.dwolla.com), the sandbox
// (WithSandbox) or WithBaseURL. It needs WithClientCredentials.
func NewDwolla(opts ...Option) (*Dwolla, error) {
	cfg, err := newConfig(providerDwolla, opts)
	if err != nil {
		return nil, err
	}
	switch {
	case cfg.baseURL != "" && cfg.sandbox:
		return nil, errors.New("facade: dwolla: WithSandbox and WithBaseURL exclude each other")
	case cfg.sandbox:
		cfg.baseURL = dwollaSandboxURL
	case cfg.baseURL == "":
		cfg.baseURL = dwollaProductionURL
	}
	if cfg.clientID == "" {
		return nil, errors.New("facade: dwolla: no credentials: use WithClientCredentials")
	}
	base := cfg.baseTransport()
	tokens := clientCredentialsCache(cfg, base, joinURL(cfg.baseURL, "/token"), opDwollaToken)
	u, _ := url.Parse(cfg.baseURL) // checked by WithBaseURL
	auth := cfg.newAuth(base, u, tokens, dwollaTokenRejected)
	api, err := dwollaapi.NewClient(cfg.baseURL, dwollaapi.WithHTTPClient(cfg.apiClient(auth)),
		dwollaapi.WithRequestEditorFn(cfg.userAgentEditor()), dwollaapi.WithRequestEditorFn(auth.stamp))
	if err != nil {
		return nil, fmt.Errorf("facade: dwolla: %w", err)
	}
	return &Dwolla{api: api, baseURL: cfg.baseURL, calls: caller{provider: providerDwolla, decode: decodeDwollaError}}, nil
}

// CreateClientToken returns a client token that lets a drop-in component perform action (such as
// customer.update) for the customer at customerURL (upstream operation createClientToken). The
// call carries one Idempotency-Key for all its attempts: IdempotencyKey(k) or a fresh UUIDv4.
func (s *Dwolla) CreateClientToken(ctx context.Context, action, customerURL string, opts ...CallOption) (string, error) {
	if !dwollaAction.MatchString(action) {
		return "", &InputError{providerDwolla, opCreateClientToken, "action",
			fmt.Sprintf("%q is not of the form resource.verb (lower-case words and dots, such as customer.update)", action)}
	}
	if err := checkCustomerURL(customerURL); err != nil {
		return "", err
	}
	cc := applyCallOptions(opts)
	key, err := idempotencyKeyOf(providerDwolla, opCreateClientToken, cc)
	if err != nil {
		return "", err
	}
	params := &dwollaapi.CreateClientTokenParams{
		Accept:         dwollaapi.CreateClientTokenParamsAcceptApplicationVndDwollaV1HalJSON,
		IdempotencyKey: &key,
	}
	body := dwollaapi.ClientTokenRequest{Action: action, Links: dwollaapi.ClientTokenLinks{Customer: dwollaapi.CustomerLink{Href: customerURL}}}
	var out dwollaapi.ClientTokenResponse
	err = s.calls.call(ctx, opCreateClientToken, cc, &out, func(ctx context.Context) (*http.Response, error) {
		return s.api.CreateClientToken(ctx, params, body)
	})
	if err != nil {
		return "", err
	}
	if out.Token == "" {
		return "", fmt.Errorf("%s %s: the answer has no token", providerDwolla, opCreateClientToken)
	}
	return out.Token, nil
}

// checkCustomerURL accepts an absolute https URL (http on a loopback host) whose path ends in
// /customers/{id}.
func checkCustomerURL(raw string) error {
	bad := func(problem string) error {
		return &InputError{providerDwolla, opCreateClientToken, "customer URL", problem}
	}
	u, err := parseServiceURL(raw)
	if err != nil {
		return bad(err.Error())
	}
	parts := strings.Split(strings.TrimSuffix(u.Path, "/"), "/")
	if n := len(parts); n < 3 || parts[n-2] != "customers" || parts[n-1] == "" {
		return bad(fmt.Sprintf("path %q is not /customers/{id}", u.Path))
	}
	return nil
}

// clientCredentialsCache fetches tokens from tokenURL with the client-credentials grant (client
// id and secret over HTTP Basic) and caches them. A refusal is an *APIError named op.
func clientCredentialsCache(cfg *config, base http.RoundTripper, tokenURL, op string) *tokenCache {
	cc := &clientcredentials.Config{
		ClientID:     cfg.clientID,
		ClientSecret: cfg.clientSecret,
		TokenURL:     tokenURL,
		AuthStyle:    oauth2.AuthStyleInHeader,
	}
	hc := cfg.tokenClient(base)
	provider := cfg.provider
	return newTokenCache(func(ctx context.Context) (*oauth2.Token, error) {
		tok, err := cc.Token(context.WithValue(ctx, oauth2.HTTPClient, hc))
		if err != nil {
			return nil, fetchTokenError(provider, op, err)
		}
		return tok, nil
	}, cfg.clock)
}

// joinURL appends path to base, with one slash between them.
func joinURL(base, path string) string {
	return strings.TrimSuffix(base, "/") + path
}

// String describes the client without its credentials.
func (s Dwolla) String() string { return "facade.Dwolla{BaseURL: " + s.baseURL + "}" }

// Format prints String for every verb, so no credential reaches fmt's reflection.
func (s Dwolla) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(s.String())) }

// LogValue keeps credentials out of slog output.
func (s Dwolla) LogValue() slog.Value {
	return slog.GroupValue(slog.String("provider", providerDwolla), slog.String("base_url", s.baseURL))
}
