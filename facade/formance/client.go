package formance

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/clientkit/clientkit/facade"
	"github.com/clientkit/clientkit/facade/internal/auth"
	"github.com/clientkit/clientkit/facade/internal/call"
	formanceapi "github.com/clientkit/clientkit/gen/formance"
)

// provider names Formance in errors and logs.
const provider = "formance"

// tokenPath is where a stack issues client-credentials tokens.
const tokenPath = "/api/auth/oauth/token"

// Stack manages the OAuth clients of one Formance stack, with their secrets and scopes. It is
// safe for concurrent use; formatting or logging it never shows the credentials.
type Stack struct {
	stackURL   string
	calls      *call.Caller
	generation atomic.Int32 // a Generation: the configured one, or the detected one once known
}

// Credentials authenticate a Stack: BearerToken or ClientCredentials. They hold no printable
// secret.
type Credentials struct {
	tokens func(cfg *config, base http.RoundTripper, clock func() time.Time) (auth.Tokens, error)
}

// BearerToken authenticates with a static token issued by the stack.
func BearerToken(token string) Credentials {
	return Credentials{tokens: func(*config, http.RoundTripper, func() time.Time) (auth.Tokens, error) {
		if token == "" {
			return nil, facade.OptionError("formance.BearerToken", "is empty")
		}
		return auth.NewStatic(token), nil
	}}
}

// ClientCredentials authenticates with tokens fetched from the stack's token endpoint
// ({stack}/api/auth/oauth/token) with the client-credentials grant, asking for the scopes of
// WithTokenScopes (auth:read and auth:write by default, which today's stacks require). Tokens are
// cached and refreshed before they expire; one fetch serves concurrent calls.
func ClientCredentials(clientID, clientSecret string) Credentials {
	return Credentials{tokens: func(cfg *config, base http.RoundTripper, clock func() time.Time) (auth.Tokens, error) {
		switch {
		case clientID == "":
			return nil, facade.OptionError("formance.ClientCredentials clientID", "is empty")
		case clientSecret == "":
			return nil, facade.OptionError("formance.ClientCredentials clientSecret", "is empty")
		}
		creds := &clientcredentials.Config{
			ClientID:     clientID,
			ClientSecret: clientSecret,
			TokenURL:     call.JoinURL(cfg.stackURL.String(), tokenPath),
			AuthStyle:    oauth2.AuthStyleInHeader,
			Scopes:       cfg.tokenScopes,
		}
		return call.ClientCredentialsCache(provider, opOAuthToken, cfg.settings, base, creds, clock), nil
	}}
}

// New returns a client for the stack at stackURL (such as
// https://acme-prod.eu.formance.cloud), authenticated by creds. Options are facade.Option (HTTP
// client, logger, retry policy, user agent) and this package's.
func New(stackURL string, creds Credentials, opts ...Option) (*Stack, error) {
	return newStack(stackURL, creds, time.Now, opts)
}

// newStack is New with a clock for token expiry.
func newStack(stackURL string, creds Credentials, clock func() time.Time, opts []Option) (*Stack, error) {
	cfg, err := applyOptions(stackURL, opts)
	if err != nil {
		return nil, err
	}
	if creds.tokens == nil {
		return nil, facade.OptionError("formance.Credentials", "are missing: use BearerToken or ClientCredentials")
	}
	base := call.Base(provider, cfg.settings)
	tokens, err := creds.tokens(cfg, base, clock)
	if err != nil {
		return nil, err
	}
	transport := &auth.Transport{Base: base, Provider: cfg.stackURL, Tokens: tokens, Refused: auth.AnyUnauthorized}
	s := &Stack{
		stackURL: cfg.stackURL.String(),
		calls:    call.NewCaller(provider, cfg.settings, transport, decodeError),
	}
	s.generation.Store(int32(cfg.generation))
	return s, nil
}

// String describes the client without its credentials.
func (s *Stack) String() string { return "formance.Stack{StackURL: " + s.stackURL + "}" }

// Format prints String for every verb, so no credential reaches fmt's reflection.
func (s *Stack) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(s.String())) }

// LogValue keeps credentials out of slog output.
func (s *Stack) LogValue() slog.Value {
	return slog.GroupValue(slog.String("provider", provider), slog.String("stack_url", s.stackURL))
}

// decodeError decodes Formance's error (errorCode, errorMessage, details).
func decodeError(op string, status int, header http.Header, body []byte) *facade.APIError {
	e := call.NewAPIError(provider, op, status, header, body)
	var f formanceapi.Error
	if json.Unmarshal(body, &f) != nil {
		return e
	}
	e.Code, e.Message = f.ErrorCode, f.ErrorMessage
	if f.Details != nil {
		e.Detail = *f.Details
	}
	return e
}
