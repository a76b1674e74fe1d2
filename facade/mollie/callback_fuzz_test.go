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

// FuzzParseCallbackQuery feeds raw query strings to the callback parser: it never panics, it
// returns a code only when the query holds exactly one state equal to the expected one and one
// non-empty code, and its errors are typed and never show the code.
func FuzzParseCallbackQuery(f *testing.F) {
	f.Add("state=st8&code=auth_1", "st8")
	f.Add("state=st8&state=st8&code=auth_1", "st8")
	f.Add("state=st8&error=access_denied&code=auth_1", "st8")
	f.Add("state=st8;code=auth_1", "st8")
	f.Add("state=%zz&code=auth_1", "%zz")
	f.Add("code=auth_1&state=st%0D%0A8", "st\r\n8")
	f.Add("state=&code=", "")
	f.Fuzz(func(t *testing.T, rawQuery, expected string) {
		r := &http.Request{Method: http.MethodGet, URL: &url.URL{Path: "/cb", RawQuery: rawQuery}}
		code, err := ParseCallbackRequest(r, expected)
		if err != nil {
			assert.Empty(t, code)
			var inErr *facade.InputError
			var authErr *AuthorizeError
			require.True(t, errors.As(err, &inErr) || errors.As(err, &authErr), "untyped error %v", err)
			if inErr != nil {
				if c := codeIn(rawQuery); len(c) > 3 && !strings.Contains(expected, c) {
					assert.NotContains(t, err.Error(), c)
				}
			}
			return
		}
		q, perr := url.ParseQuery(rawQuery)
		require.NoError(t, perr, "a code from a query that does not parse")
		assert.Equal(t, []string{expected}, q["state"])
		assert.Equal(t, []string{code}, q["code"])
		assert.NotEmpty(t, code)
		assert.NotContains(t, q, "error")
	})
}

// codeIn is the code a raw query carries, if it parses.
func codeIn(rawQuery string) string {
	q, err := url.ParseQuery(rawQuery)
	if err != nil {
		return ""
	}
	return q.Get("code")
}

// A HEAD to the redirect URL (a link prefetcher, a mail scanner) must not use the code: Mollie
// accepts a code once, so the customer's own GET would then fail.
func TestCallbackHandlerHeadConsumesNothing(t *testing.T) {
	h := CallbackHandler{
		ExpectedState: func(*http.Request) (string, error) { t.Error("HEAD asked for the state"); return cbState, nil },
		OnCode:        func(http.ResponseWriter, *http.Request, string) { t.Error("HEAD reached OnCode") },
		OnError:       func(http.ResponseWriter, *http.Request, error) { t.Error("HEAD reached OnError") },
	}
	w := httptest.NewRecorder()

	h.ServeHTTP(w, httptest.NewRequest(http.MethodHead, "/callback?state="+cbState+"&code="+cbCode, nil))

	assert.Equal(t, http.StatusNoContent, w.Code)
	assert.Empty(t, w.Body.String())
}
