package facade

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/clientkit/clientkit/gen/mollie"
)

// Mollie operation names, as upstream calls them.
const (
	opCreateClientLink = "create-client-link"
	opMollieToken      = "create-oauth-token"
)

// Mollie creates Mollie Connect client links with an organization access token. It is safe for
// concurrent use; formatting or logging it never shows the token.
type Mollie struct {
	api     *mollieapi.APIClient
	baseURL string
	clock   func() time.Time
	apiKey  bool // the static token is a profile API key, which client links refuse
	calls   caller
}

// NewMollie returns a Mollie client. It needs WithAccessToken or WithTokenSource; the base URL
// defaults to https://api.mollie.com.
func NewMollie(opts ...Option) (*Mollie, error) {
	cfg, err := newConfig(providerMollie, opts)
	if err != nil {
		return nil, err
	}
	if cfg.baseURL == "" {
		cfg.baseURL = mollieBaseURL
	}
	var tokens tokenProvider
	switch {
	case cfg.accessToken != "":
		tokens = staticToken{cfg.accessToken}
	case cfg.tokenSource != nil:
		tokens = &sourceToken{src: cfg.tokenSource, check: refuseMollieAPIKey, provider: providerMollie, op: opMollieToken}
	default:
		return nil, errors.New("facade: mollie: no credentials: use WithAccessToken or WithTokenSource")
	}
	u, _ := url.Parse(cfg.baseURL) // checked by WithBaseURL
	auth := cfg.newAuth(cfg.baseTransport(), u, tokens, nil)
	api, err := mollieapi.NewClient(cfg.baseURL, mollieapi.WithHTTPClient(cfg.apiClient(auth)),
		mollieapi.WithRequestEditorFn(cfg.userAgentEditor()), mollieapi.WithRequestEditorFn(auth.stamp))
	if err != nil {
		return nil, fmt.Errorf("facade: mollie: %w", err)
	}
	return &Mollie{
		api:     api,
		baseURL: cfg.baseURL,
		clock:   cfg.clock,
		apiKey:  isMollieAPIKey(cfg.accessToken),
		calls:   caller{provider: providerMollie, decode: decodeMollieError},
	}, nil
}

// CreateClientLink registers the organization in req and returns the link to send its owner to
// (upstream operation create-client-link). Owner email, given and family name, name and
// address.country are required; owner.locale, when set, must be one of the generated Locale
// values; resource, id and _links are never sent. The call carries one
// Idempotency-Key for all its attempts: IdempotencyKey(k) or a fresh UUIDv4.
func (s *Mollie) CreateClientLink(ctx context.Context, req mollieapi.ClientLinkRequest, opts ...CallOption) (*ClientLink, error) {
	if s.apiKey {
		return nil, errMollieAPIKey()
	}
	if err := validateClientLinkRequest(req); err != nil {
		return nil, err
	}
	cc := applyCallOptions(opts)
	key, err := idempotencyKeyOf(providerMollie, opCreateClientLink, cc)
	if err != nil {
		return nil, err
	}
	req.Resource, req.ID, req.Links = nil, nil, nil // read-only fields
	params := &mollieapi.CreateClientLinkParams{IdempotencyKey: &key}
	var out mollieapi.ClientLinkResponse
	err = s.calls.call(ctx, opCreateClientLink, cc, &out, func(ctx context.Context) (*http.Response, error) {
		return s.api.CreateClientLink(ctx, params, req)
	})
	if err != nil {
		return nil, err
	}
	return newClientLink(out, s.clock), nil
}

// validateClientLinkRequest checks the fields Mollie requires and the values it restricts, naming
// the first field at fault.
func validateClientLinkRequest(req mollieapi.ClientLinkRequest) error {
	for _, f := range []struct{ name, value string }{
		{"owner.email", req.Owner.Email},
		{"owner.givenName", req.Owner.GivenName},
		{"owner.familyName", req.Owner.FamilyName},
		{"name", req.Name},
		{"address.country", req.Address.Country},
	} {
		if strings.TrimSpace(f.value) == "" {
			return &InputError{providerMollie, opCreateClientLink, f.name, "is required"}
		}
	}
	if !strings.Contains(req.Owner.Email, "@") {
		return &InputError{providerMollie, opCreateClientLink, "owner.email", "is not an email address"}
	}
	if l := req.Owner.Locale; l != nil && (!l.Valid() || *l == mollieapi.LocaleLessThanNil) {
		// The generated enum has a member for the spec's null, which is no locale to send.
		return &InputError{providerMollie, opCreateClientLink, "owner.locale", fmt.Sprintf("%q is not a locale Mollie knows, such as nl_NL; leave it unset for the browser's language", *l)}
	}
	if c := req.Address.Country; len(c) != 2 || !isUpperASCII(c) {
		return &InputError{providerMollie, opCreateClientLink, "address.country", fmt.Sprintf("%q is not an ISO 3166-1 alpha-2 code such as NL", c)}
	}
	return nil
}

func isUpperASCII(s string) bool {
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

// isMollieAPIKey tells a profile API key (live_…, test_…) from an access token.
func isMollieAPIKey(token string) bool {
	return strings.HasPrefix(token, "live_") || strings.HasPrefix(token, "test_")
}

// refuseMollieAPIKey keeps an API key from a token source from being sent to client links.
func refuseMollieAPIKey(token string) error {
	if isMollieAPIKey(token) {
		return errMollieAPIKey()
	}
	return nil
}

func errMollieAPIKey() error {
	return &InputError{providerMollie, opCreateClientLink, "access token",
		"is a profile API key (live_… or test_…); client links need an organization access token (access_…) with clients.write"}
}

// String describes the client without its credentials.
func (s Mollie) String() string { return "facade.Mollie{BaseURL: " + s.baseURL + "}" }

// Format prints String for every verb, so no credential reaches fmt's reflection.
func (s Mollie) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(s.String())) }

// LogValue keeps credentials out of slog output.
func (s Mollie) LogValue() slog.Value {
	return slog.GroupValue(slog.String("provider", providerMollie), slog.String("base_url", s.baseURL))
}
