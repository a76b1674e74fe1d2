package mollie

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/facade"
)

// FuzzAuthorizeRoundTrip builds an authorize URL from fuzzed state, scopes and existing link
// query, reads it back as Mollie would, sends the state back in a callback and parses that: the
// state must survive byte for byte, and a different state must never pass.
func FuzzAuthorizeRoundTrip(f *testing.F) {
	f.Add("st8", "onboarding.read onboarding.write", "", "")
	f.Add("a&b#c=d+e%f g", "Onboarding.READ", "lang=nl&state=old", "force")
	f.Add("zoë-😀", "clients.write", "x=%20+&&client_id=app_old", "auto")
	f.Add("\x00\xff;", "a:b/c", "scope=x;y", "")
	f.Add("%2B", "p+q", "sc%6Fpe=1", "never")
	f.Fuzz(func(t *testing.T, state, scopeList, linkQuery, prompt string) {
		href := testLinkHref
		if linkQuery != "" {
			href += "?" + linkQuery
		}
		p := AuthorizeParams{ClientID: "app_fuzz", State: state, Scopes: strings.Split(scopeList, " "), ApprovalPrompt: ApprovalPrompt(prompt)}

		got, err := testLink(href).AuthorizeURL(p)
		if err != nil {
			require.True(t, errors.Is(err, facade.ErrValidation) || errors.Is(err, ErrInvalidClientLink), "unexpected error %v", err)
			return
		}

		u, err := url.Parse(got)
		require.NoError(t, err)
		assert.Equal(t, "https", u.Scheme)
		assert.Equal(t, "my.mollie.com", u.Host)
		assert.Empty(t, u.Fragment)
		q, err := url.ParseQuery(u.RawQuery)
		if linkValues, linkErr := url.ParseQuery(linkQuery); linkErr == nil {
			require.NoError(t, err, "the URL's own parameters never break the query")
			for name, values := range linkValues {
				switch name {
				case "client_id", "state", "scope", "approval_prompt":
				default:
					assert.Equal(t, values, q[name], "the link's parameter %q is kept", name)
				}
			}
		}
		assert.Equal(t, []string{state}, q["state"])
		assert.Equal(t, []string{"app_fuzz"}, q["client_id"])
		assert.Equal(t, p.Scopes, strings.Split(q.Get("scope"), " "))
		if prompt == "" {
			assert.NotContains(t, q, "approval_prompt")
		} else {
			assert.Equal(t, []string{prompt}, q["approval_prompt"])
		}

		echoed := q.Get("state")
		callback := "/callback?code=auth_fuzz&state=" + url.QueryEscape(echoed)
		code, err := ParseCallbackRequest(httptest.NewRequest(http.MethodGet, callback, nil), state)
		require.NoError(t, err)
		assert.Equal(t, "auth_fuzz", code)

		_, err = ParseCallbackRequest(httptest.NewRequest(http.MethodGet, callback, nil), state+"x")
		require.ErrorIs(t, err, ErrCallbackStateMismatch)
		if len(state) > 1 {
			_, err = ParseCallback(url.Values{"state": {state[:len(state)-1]}, "code": {"auth_fuzz"}}, state)
			require.ErrorIs(t, err, ErrCallbackStateMismatch)
		}
	})
}
