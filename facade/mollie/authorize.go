package mollie

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/clientkit/clientkit/facade"
	"github.com/clientkit/clientkit/facade/internal/call"
)

// ApprovalPrompt says whether Mollie shows the consent screen to a merchant who already consented.
type ApprovalPrompt string

// The approval prompts Mollie knows. The zero value leaves the parameter out (Mollie then uses auto).
const (
	ApprovalPromptAuto  ApprovalPrompt = "auto"  // show the consent screen only when needed
	ApprovalPromptForce ApprovalPrompt = "force" // always show it; a new consent revokes the older ones
)

// AuthorizeParams are the OAuth parameters appended to a client link.
type AuthorizeParams struct {
	ClientID       string         // the OAuth app's id, app_…
	State          string         // an unguessable value the callback must bring back (NewState, StateSigner)
	Scopes         []string       // the permissions asked for, such as onboarding.read; sent space-separated
	ApprovalPrompt ApprovalPrompt // optional: auto or force
}

// Sentinels of AuthorizeURL's *facade.InputError, besides facade.ErrValidation.
var (
	ErrInvalidClientLink = errors.New("invalid client link")
	ErrClientLinkExpired = errors.New("client link expired")
)

// The query parameters AuthorizeURL owns: any of them already on the link is replaced.
const (
	paramClientID       = "client_id"
	paramState          = "state"
	paramScope          = "scope"
	paramApprovalPrompt = "approval_prompt"
	paramResponseType   = "response_type" // the plain authorize URL's (OAuth.AuthorizeURL)
	paramRedirectURI    = "redirect_uri"
)

// AuthorizeURL builds the URL to send the customer to: the link's href with client_id, state,
// scope (space-separated, encoded as %20) and, when set, approval_prompt. Other query parameters
// of the link are kept as they are. It refuses, with a *facade.InputError naming the field, bad
// parameters, a link that is not https (plain http is allowed for loopback hosts, such as a local
// fake) and a link past ExpiresAt (matching ErrClientLinkExpired).
func (l *ClientLink) AuthorizeURL(p AuthorizeParams) (string, error) {
	if l == nil {
		return "", linkError("link", "is nil")
	}
	u, err := parseLinkHref(l.Href)
	if err != nil {
		return "", err
	}
	if l.CreatedAt.IsZero() {
		return "", linkError("CreatedAt", "is not set, so the link's expiry is unknown")
	}
	if l.Expired() {
		return "", &facade.InputError{Provider: provider, Operation: opAuthorizeURL, Field: "link",
			Problem: fmt.Sprintf("%s expired at %s; create a new one", l.ID, l.ExpiresAt().UTC().Format(time.RFC3339)), Err: ErrClientLinkExpired}
	}
	return p.appendTo(u)
}

// appendTo adds the parameters to u's query, replacing those it owns and keeping the others as
// they are, and returns the URL.
func (p AuthorizeParams) appendTo(u *url.URL, more ...string) (string, error) {
	if err := p.validate(); err != nil {
		return "", err
	}
	kept, err := queryWithout(u.RawQuery, paramClientID, paramState, paramScope, paramApprovalPrompt, paramResponseType, paramRedirectURI)
	if err != nil {
		return "", err
	}
	pairs := append(kept, more...)
	pairs = append(pairs,
		paramClientID+"="+escapeQueryValue(p.ClientID),
		paramState+"="+escapeQueryValue(p.State),
		paramScope+"="+escapeQueryValue(strings.Join(p.Scopes, " ")),
	)
	if p.ApprovalPrompt != "" {
		pairs = append(pairs, paramApprovalPrompt+"="+escapeQueryValue(string(p.ApprovalPrompt)))
	}
	u.RawQuery = strings.Join(pairs, "&")
	return u.String(), nil
}

// validate checks the parameters; the error names the field and never shows the state.
func (p AuthorizeParams) validate() error {
	if !isAppID(p.ClientID) {
		return inputError(opAuthorizeURL, "client_id", fmt.Sprintf("must be an OAuth app id starting with app_, got %q", p.ClientID))
	}
	if p.State == "" {
		return inputError(opAuthorizeURL, "state", "is empty")
	}
	if len(p.Scopes) == 0 {
		return inputError(opAuthorizeURL, "scope", "is empty: give at least one scope")
	}
	for i, s := range p.Scopes {
		if err := checkScope(s); err != nil {
			return inputError(opAuthorizeURL, fmt.Sprintf("scope[%d]", i), fmt.Sprintf("%q %s", s, err))
		}
	}
	switch p.ApprovalPrompt {
	case "", ApprovalPromptAuto, ApprovalPromptForce:
	default:
		return inputError(opAuthorizeURL, "approval_prompt", fmt.Sprintf("must be auto or force, got %q", p.ApprovalPrompt))
	}
	return nil
}

// isAppID tells whether id has the shape of a Mollie OAuth app id: app_ and more.
func isAppID(id string) bool {
	return strings.HasPrefix(id, "app_") && len(id) > len("app_")
}

// checkScope accepts an OAuth scope token (RFC 6749, section 3.3): printable ASCII without space,
// double quote or backslash.
func checkScope(s string) error {
	if s == "" {
		return errors.New("is empty")
	}
	for _, r := range s {
		switch {
		case r == ' ' || r == '\t' || r == '\n' || r == '\r':
			return errors.New("contains whitespace")
		case r < 0x21 || r > 0x7e || r == '"' || r == '\\':
			return fmt.Errorf("contains %q, which a scope cannot hold", r)
		}
	}
	return nil
}

// parseLinkHref parses a client link's href and refuses one that is not an absolute https URL
// (or http on a loopback host), or that carries user info or a fragment.
func parseLinkHref(href string) (*url.URL, error) {
	if href == "" {
		return nil, linkError("href", "is empty")
	}
	u, err := url.Parse(href)
	if err != nil {
		return nil, linkError("href", "does not parse as a URL")
	}
	if u.User != nil {
		return nil, linkError("href", "must not carry user info")
	}
	if err := call.CheckSecureURL(u); err != nil {
		return nil, linkError("href", err.Error())
	}
	if strings.Contains(href, "#") {
		return nil, linkError("href", "must not have a fragment")
	}
	return u, nil
}

// queryWithout returns the pairs of a raw query, in their original encoding, except empty pairs
// and those whose decoded name is one of names.
func queryWithout(rawQuery string, names ...string) ([]string, error) {
	var kept []string
	for pair := range strings.SplitSeq(rawQuery, "&") {
		if pair == "" {
			continue
		}
		rawName, _, _ := strings.Cut(pair, "=")
		name, err := url.QueryUnescape(rawName)
		if err != nil {
			return nil, linkError("href", "has a malformed query parameter name")
		}
		if !slices.Contains(names, name) {
			kept = append(kept, pair)
		}
	}
	return kept, nil
}

// escapeQueryValue escapes a query value with spaces as %20 rather than +, as Mollie documents
// for scope. A literal + is escaped as %2B by url.QueryEscape, so the replacement is exact.
func escapeQueryValue(v string) string {
	return strings.ReplaceAll(url.QueryEscape(v), "+", "%20")
}

// linkError is the *InputError of a client link AuthorizeURL cannot use.
func linkError(field, problem string) error {
	return &facade.InputError{Provider: provider, Operation: opAuthorizeURL, Field: field, Problem: problem, Err: ErrInvalidClientLink}
}
