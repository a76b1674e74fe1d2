package fakeapi

import (
	"net/http"
	"strconv"
	"strings"
)

// Test triggers are values in otherwise valid requests that make the fake answer an error, the
// way a provider's sandbox reacts to documented test values. Each is answered in the provider's
// error shape and, like a status fault, is not checked against the spec (500 and 503 are not
// declared by every operation). The README lists them:
//
//   - Mollie create-client-link: owner.email fail+NNN@anything answers NNN; fail+deny@anything
//     makes the consent page deny the link (error=access_denied).
//   - Dwolla createClientToken: a _links.customer.href ending in /customers/trigger-NNN answers NNN.
//   - Formance createClient and updateClient: the name trigger-NNN answers NNN.
//
// NNN is one of triggerStatuses; 429 and 503 answers carry Retry-After: 1.

// triggerStatuses are the statuses a trigger can ask for.
var triggerStatuses = []int{http.StatusBadRequest, http.StatusTooManyRequests, http.StatusInternalServerError,
	http.StatusBadGateway, http.StatusServiceUnavailable}

// trigger is the test trigger a request carried; name is empty when none applied.
type trigger struct {
	name   string // such as trigger-429 or fail+500, for the request log
	status int
}

// triggerOf finds the test trigger in the decoded body of a request for operation opID.
func triggerOf(opID string, body any) trigger {
	switch opID {
	case OpCreateClientLink:
		email, _ := lookupString(body, "owner", "email")
		local, _, _ := strings.Cut(email, "@")
		if rest, ok := strings.CutPrefix(local, "fail+"); ok {
			return statusTrigger("fail+", rest)
		}
	case OpCreateClientToken:
		href, _ := lookupString(body, "_links", "customer", "href")
		if i := strings.LastIndex(href, "/customers/trigger-"); i >= 0 {
			return statusTrigger("trigger-", href[i+len("/customers/trigger-"):])
		}
	case OpCreateClient, OpUpdateClient:
		name, _ := lookupString(body, "name")
		if rest, ok := strings.CutPrefix(name, "trigger-"); ok {
			return statusTrigger("trigger-", rest)
		}
	}
	return trigger{}
}

// statusTrigger is the trigger prefix+code when code is one of triggerStatuses.
func statusTrigger(prefix, code string) trigger {
	status, err := strconv.Atoi(code)
	for _, s := range triggerStatuses {
		if err == nil && s == status {
			return trigger{name: prefix + code, status: status}
		}
	}
	return trigger{}
}

// reply is the answer of t in the style's error shape.
func (t trigger) reply(style errorStyle) reply {
	rp := style.reply(failure{status: t.status, message: "test trigger " + t.name + ": " + http.StatusText(t.status)})
	if t.status == http.StatusTooManyRequests || t.status == http.StatusServiceUnavailable {
		rp.setHeader("Retry-After", "1")
	}
	return rp
}

// deniesConsent tells whether a client link's owner email asks the consent page to deny it.
func deniesConsent(ownerEmail string) bool {
	return strings.HasPrefix(ownerEmail, "fail+deny@")
}

// lookupString follows keys through nested JSON objects to a string.
func lookupString(v any, keys ...string) (string, bool) {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return "", false
		}
		v = m[k]
	}
	s, ok := v.(string)
	return s, ok
}
