package mollie

import (
	"net/url"

	"github.com/clientkit/clientkit/facade/internal/call"
)

// AuthorizeEndpoint is where Mollie asks an existing organization's consent for an OAuth app.
const AuthorizeEndpoint = "https://my.mollie.com/oauth2/authorize"

// AuthorizeURL builds the URL that asks an organization that already has a Mollie account to
// connect to the app: the authorize endpoint (OAuth.AuthURL, or AuthorizeEndpoint) with
// response_type=code, client_id, redirect_uri (OAuth.RedirectURL, when set), state, scope
// (space-separated) and, when set, approval_prompt. p.ClientID may be left empty: it is then
// OAuth.ClientID. The checks are those of ClientLink.AuthorizeURL; a new organization goes
// through a client link instead.
//
// Mollie docs: https://docs.mollie.com/reference/authorize
func (o *OAuth) AuthorizeURL(p AuthorizeParams) (string, error) {
	if o == nil {
		return "", inputError(opAuthorizeURL, "OAuth", "is nil")
	}
	raw := o.AuthURL
	if raw == "" {
		raw = AuthorizeEndpoint
	}
	u, err := call.ParseServiceURL(raw)
	if err != nil {
		return "", inputError(opAuthorizeURL, "OAuth.AuthURL", err.Error())
	}
	if p.ClientID == "" {
		p.ClientID = o.ClientID
	}
	more := []string{paramResponseType + "=code"}
	if o.RedirectURL != "" {
		if _, err := url.Parse(o.RedirectURL); err != nil {
			return "", inputError(opAuthorizeURL, "OAuth.RedirectURL", "does not parse as a URL")
		}
		more = append(more, paramRedirectURI+"="+escapeQueryValue(o.RedirectURL))
	}
	return p.appendTo(u, more...)
}
