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

type mollieCode struct {
	scope     string
	createdAt time.Time
	used      bool
	force     bool // asked with approval_prompt=force: replaces the earlier authorizations
}

// clientLinkConsent plays the consent screen behind a client link: the customer "approves" at
// once and is sent back to the app's redirect URI with code and state, or with error and
// error_description when the link or the parameters are wrong or a denial is configured. Every
// outcome is a 302, as the redirect URI is fixed by configuration.
func (h *Handler) clientLinkConsent(c *call) reply {
	if c.r.Method != http.MethodGet {
		rp := styleMollie.reply(failure{status: http.StatusMethodNotAllowed, message: "the consent page only answers GET"})
		rp.header.Set("Allow", http.MethodGet)
		return rp
	}
	linkID := strings.TrimPrefix(c.r.URL.Path, consentPathPrefix)
	return h.consent(c.r.URL.Query(), func() (string, string) {
		link, ok := h.st.clientLinks[linkID]
		if !ok {
			return "invalid_request", "the client link does not exist"
		}
		if h.cfg.clock().Sub(link.createdAt) > clientLinkLifetime {
			return "invalid_request", "the client link has expired"
		}
		return "", ""
	})
}

// consent is what every consent screen of the fake shares: it checks the OAuth parameters of q,
// then the screen's own conditions (refuse returns an OAuth error code and description, or two
// empty strings), then any configured denial, and redirects to the app with a new code.
func (h *Handler) consent(q url.Values, refuse func() (code, description string)) reply {
	state := q.Get("state")
	deny := func(code, description string) reply {
		return h.redirectToApp(url.Values{"error": {code}, "error_description": {description}}, state)
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
	if d := h.cfg.denial; d != nil {
		return deny(d.code, d.description)
	}
	now := h.cfg.clock()
	if !admit(h.st.mollieCodes, &h.st.sweeps.mollieCodes, maxMollieCodes,
		func(c *mollieCode) bool { return c.used || now.Sub(c.createdAt) > mollieCodeLifetime }) {
		return deny("temporarily_unavailable", storeFullMessage("Mollie authorization codes", maxMollieCodes))
	}
	code := randomToken("auth_")
	h.st.mollieCodes[code] = &mollieCode{scope: q.Get("scope"), createdAt: now, force: prompt == "force"}
	return h.redirectToApp(url.Values{"code": {code}}, state)
}

// redirectToApp answers 302 to the configured redirect URI with params and state added.
func (h *Handler) redirectToApp(params url.Values, state string) reply {
	target, _ := url.Parse(h.cfg.creds.MollieRedirectURI) // checked by config.validate
	q := target.Query()
	for k, v := range params {
		q[k] = v
	}
	if state != "" {
		q.Set("state", state)
	}
	target.RawQuery = q.Encode()
	rp := emptyReply(http.StatusFound)
	rp.header.Set("Location", target.String())
	rp.header.Set("Cache-Control", "no-store")
	return rp
}
