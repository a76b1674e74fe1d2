package fakeapi

import (
	"net/http"
	"net/url"
	"strings"
	"time"
)

// consentPathPrefix is where client links point; the link id follows it.
const consentPathPrefix = "/dashboard/client-link/"

// mollieCodeLifetime is how long an authorization code can be exchanged.
const mollieCodeLifetime = 10 * time.Minute

// consentPageLifetime is how long an interactive consent page can be answered.
const consentPageLifetime = 10 * time.Minute

// maxOpenConsentPages bounds the consent pages shown but not answered.
const maxOpenConsentPages = 1024

// customerDenied is the error_description of a denial by the customer.
const customerDenied = "the customer denied the app access to the organization"

type mollieCode struct {
	scope     string
	createdAt time.Time
	used      bool
	force     bool // asked with approval_prompt=force: replaces the earlier authorizations
}

// consentPage is an interactive consent page shown and not answered yet. Its key, a random nonce,
// is in the page's form only: a POST without it is refused, so another site cannot answer for
// the customer (it cannot read the page to learn the nonce).
type consentPage struct {
	path, linkID, state, scope string
	force                      bool
	expiresAt                  time.Time
}

// clientLinkConsent plays the consent screen behind a client link (see consent); a POST is the
// customer's answer on the interactive page.
func (h *Handler) clientLinkConsent(c *call) reply {
	switch c.r.Method {
	case http.MethodGet:
	case http.MethodPost:
		return h.answerConsent(c)
	default:
		return consentMethodNotAllowed("the consent page")
	}
	link, found := h.st.clientLinks[strings.TrimPrefix(c.r.URL.Path, consentPathPrefix)]
	return h.consent(c, &link, func() (string, string) {
		if !found {
			return "invalid_request", "the client link does not exist"
		}
		if h.cfg.clock().Sub(link.createdAt) > clientLinkLifetime {
			return "invalid_request", "the client link has expired"
		}
		return "", ""
	})
}

// consentMethodNotAllowed is the 405 of a consent screen, which answers GET and, for the
// interactive page's form, POST.
func consentMethodNotAllowed(what string) reply {
	rp := styleMollie.reply(failure{status: http.StatusMethodNotAllowed, message: what + " only answers GET and POST"})
	rp.setHeader("Allow", "GET, POST")
	return rp
}

// consent is what every consent screen of the fake shares. It checks the OAuth parameters of the
// request, then the screen's own conditions (refuse returns an OAuth error code and description,
// or two empty strings); a mistake is sent back to the app's redirect URI as error and
// error_description. Then, by the consent mode, it approves at once (code and state), denies at
// once (error=access_denied, or the error of WithMollieDenial), or shows a page with Approve and
// Deny buttons whose form POSTs the customer's answer to the same path. link is the client link
// behind the screen, nil for the authorize page.
func (h *Handler) consent(c *call, link *clientLink, refuse func() (code, description string)) reply {
	q := c.r.URL.Query()
	state := q.Get("state")
	deny := func(code, description string) reply {
		return h.redirectToApp(http.StatusFound, url.Values{"error": {code}, "error_description": {description}}, state)
	}
	for _, name := range []string{"client_id", "state", "scope"} {
		if q.Get(name) == "" {
			return deny("invalid_request", "the "+name+" parameter is missing")
		}
	}
	if !equalSecret(q.Get("client_id"), h.cfg.creds.MollieClientID) {
		return deny("invalid_client", "the client_id is not the app's")
	}
	prompt := q.Get("approval_prompt")
	if prompt != "" && prompt != "auto" && prompt != "force" {
		return deny("invalid_request", "approval_prompt must be auto or force")
	}
	if code, description := refuse(); code != "" {
		return deny(code, description)
	}
	page := consentPage{path: c.r.URL.Path, state: state, scope: q.Get("scope"), force: prompt == "force"}
	if link != nil {
		page.linkID = link.id
	}
	switch {
	case link != nil && deniesConsent(link.ownerEmail):
		h.settleLink(page.linkID, "denied")
		return deny("access_denied", "test trigger fail+deny: "+customerDenied)
	case h.cfg.consent == ConsentDeny:
		h.settleLink(page.linkID, "denied")
		if d := h.cfg.denial; d != nil {
			return deny(d.code, d.description)
		}
		return deny("access_denied", customerDenied)
	case h.cfg.consent == ConsentInteractive:
		organization := ""
		if link != nil {
			organization = link.name
		}
		return h.consentScreen(page, organization)
	}
	return h.approveConsent(page, http.StatusFound)
}

// consentScreen renders the page with Approve and Deny buttons and remembers its nonce.
func (h *Handler) consentScreen(page consentPage, organization string) reply {
	now := h.cfg.clock()
	for nonce, p := range h.st.consents {
		if !now.Before(p.expiresAt) || len(h.st.consents) >= maxOpenConsentPages {
			delete(h.st.consents, nonce)
		}
	}
	nonce := randomToken("")
	page.expiresAt = now.Add(consentPageLifetime)
	h.st.consents[nonce] = page
	return renderPage(http.StatusOK, "consent.html", map[string]any{
		"App":          h.cfg.creds.MollieClientID,
		"Organization": organization,
		"Scopes":       strings.Fields(page.scope),
		"Action":       page.path,
		"Nonce":        nonce,
	})
}

// answerConsent takes the customer's decision POSTed by an interactive consent page.
func (h *Handler) answerConsent(c *call) reply {
	if err := http.NewCrossOriginProtection().Check(c.r); err != nil {
		return htmlMessage(http.StatusForbidden, "This decision came from another site and was refused.")
	}
	form, err := url.ParseQuery(string(c.body))
	if err != nil {
		return htmlMessage(http.StatusBadRequest, "The form could not be read.")
	}
	nonce := form.Get("nonce")
	page, ok := h.st.consents[nonce]
	delete(h.st.consents, nonce)
	if !ok || page.path != c.r.URL.Path || !h.cfg.clock().Before(page.expiresAt) {
		return htmlMessage(http.StatusBadRequest, "This consent page has expired or was already answered. Open the link again.")
	}
	switch form.Get("decision") {
	case "approve":
		return h.approveConsent(page, http.StatusSeeOther)
	case "deny":
		h.settleLink(page.linkID, "denied")
		return h.redirectToApp(http.StatusSeeOther, url.Values{"error": {"access_denied"}, "error_description": {customerDenied}}, page.state)
	}
	return htmlMessage(http.StatusBadRequest, "The decision must be approve or deny.")
}

// approveConsent issues an authorization code and sends the customer back to the app with it
// (status 302, or 303 after the interactive page's POST).
func (h *Handler) approveConsent(page consentPage, status int) reply {
	now := h.cfg.clock()
	if !admit(h.st.mollieCodes, &h.st.sweeps.mollieCodes, maxMollieCodes,
		func(c *mollieCode) bool { return c.used || now.Sub(c.createdAt) > mollieCodeLifetime }) {
		return h.redirectToApp(status, url.Values{"error": {"temporarily_unavailable"},
			"error_description": {storeFullMessage("Mollie authorization codes", maxMollieCodes)}}, page.state)
	}
	h.settleLink(page.linkID, "approved")
	code := randomToken("auth_")
	h.st.mollieCodes[code] = &mollieCode{scope: page.scope, createdAt: now, force: page.force}
	return h.redirectToApp(status, url.Values{"code": {code}}, page.state)
}

// settleLink records the consent outcome of a link, for the inspector.
func (h *Handler) settleLink(linkID, outcome string) {
	if link, ok := h.st.clientLinks[linkID]; ok {
		link.consent = outcome
		h.st.clientLinks[linkID] = link
	}
}

// redirectToApp answers status (302, or 303 after a POST) to the configured redirect URI with
// params and state added.
func (h *Handler) redirectToApp(status int, params url.Values, state string) reply {
	target, _ := url.Parse(h.cfg.creds.MollieRedirectURI) // checked by config.validate
	q := target.Query()
	for k, v := range params {
		q[k] = v
	}
	if state != "" {
		q.Set("state", state)
	}
	target.RawQuery = q.Encode()
	rp := emptyReply(status)
	rp.setHeader("Location", target.String())
	rp.setHeader("Cache-Control", "no-store")
	if errCode := q.Get("error"); errCode != "" {
		rp.note = errCode + ": " + q.Get("error_description")
	}
	return rp
}
