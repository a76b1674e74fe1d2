package facade

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"slices"
	"strings"
	"time"
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

// Errors of AuthorizeURL; the returned errors wrap one of them and name the field at fault.
var (
	ErrInvalidAuthorizeParams = errors.New("facade: invalid authorize parameters")
	ErrInvalidClientLink      = errors.New("facade: invalid client link")
	ErrClientLinkExpired      = errors.New("facade: client link expired")
)

// The query parameters AuthorizeURL owns: any of them already on the link is replaced.
const (
	paramClientID       = "client_id"
	paramState          = "state"
	paramScope          = "scope"
	paramApprovalPrompt = "approval_prompt"
)

// AuthorizeURL builds the URL to send the customer to: the link's href with client_id, state,
// scope (space-separated, encoded as %20) and, when set, approval_prompt. Other query parameters
// of the link are kept as they are. It refuses bad parameters, a link that is not https (plain
// http is allowed for loopback hosts, such as a local fake) and a link past ExpiresAt.
func (l *ClientLink) AuthorizeURL(p AuthorizeParams) (string, error) {
	if l == nil {
		return "", fmt.Errorf("%w: nil", ErrInvalidClientLink)
	}
	u, err := parseLinkHref(l.Href)
	if err != nil {
		return "", err
	}
	if l.CreatedAt.IsZero() {
		return "", fmt.Errorf("%w: CreatedAt is not set, so its expiry is unknown", ErrInvalidClientLink)
	}
	if l.Expired() {
		return "", fmt.Errorf("%w: link %s expired at %s; create a new one", ErrClientLinkExpired, l.ID, l.ExpiresAt().UTC().Format(time.RFC3339))
	}
	if err := p.validate(); err != nil {
		return "", err
	}
	kept, err := queryWithout(u.RawQuery, paramClientID, paramState, paramScope, paramApprovalPrompt)
	if err != nil {
		return "", err
	}
	pairs := append(kept,
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
	if !isMollieAppID(p.ClientID) {
		return fmt.Errorf("%w: client_id must be an OAuth app id starting with app_, got %q", ErrInvalidAuthorizeParams, p.ClientID)
	}
	if p.State == "" {
		return fmt.Errorf("%w: state is empty", ErrInvalidAuthorizeParams)
	}
	if len(p.Scopes) == 0 {
		return fmt.Errorf("%w: scope: no scopes given", ErrInvalidAuthorizeParams)
	}
	for i, s := range p.Scopes {
		if err := checkScope(s); err != nil {
			return fmt.Errorf("%w: scope[%d] %q %s", ErrInvalidAuthorizeParams, i, s, err)
		}
	}
	switch p.ApprovalPrompt {
	case "", ApprovalPromptAuto, ApprovalPromptForce:
	default:
		return fmt.Errorf("%w: approval_prompt must be auto or force, got %q", ErrInvalidAuthorizeParams, p.ApprovalPrompt)
	}
	return nil
}

// isMollieAppID tells whether id has the shape of a Mollie OAuth app id: app_ and more.
func isMollieAppID(id string) bool {
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
		return nil, fmt.Errorf("%w: href is empty", ErrInvalidClientLink)
	}
	u, err := url.Parse(href)
	if err != nil {
		return nil, fmt.Errorf("%w: href does not parse: %v", ErrInvalidClientLink, err)
	}
	if err := checkSecureURL(u); err != nil {
		return nil, fmt.Errorf("%w: href %w", ErrInvalidClientLink, err)
	}
	if strings.Contains(href, "#") {
		return nil, fmt.Errorf("%w: href must not have a fragment", ErrInvalidClientLink)
	}
	if u.User != nil {
		return nil, fmt.Errorf("%w: href must not carry user info", ErrInvalidClientLink)
	}
	return u, nil
}

// checkSecureURL accepts an absolute URL with a host that is https, or http on a loopback host.
func checkSecureURL(u *url.URL) error {
	if u.Host == "" || u.Hostname() == "" {
		return errors.New("has no host")
	}
	switch u.Scheme {
	case "https":
		return nil
	case "http":
		if isLoopbackHost(u.Hostname()) {
			return nil
		}
		return fmt.Errorf("must use https (plain http only on a loopback host), got host %q", u.Hostname())
	default:
		return fmt.Errorf("must use https, got scheme %q", u.Scheme)
	}
}

// isLoopbackHost tells whether host is localhost, 127.0.0.0/8 or ::1.
func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
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
			return nil, fmt.Errorf("%w: href has a malformed query parameter name: %v", ErrInvalidClientLink, err)
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
