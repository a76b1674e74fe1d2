package mollie

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	cbState = "expected-state-value"
	cbCode  = "auth_secretcode123"
)

func TestParseCallback(t *testing.T) {
	tests := []struct {
		name     string
		query    string
		expected string
		wantCode string
		wantErr  error
		wantAuth *AuthorizeError
	}{
		{name: "code and state", query: "code=" + cbCode + "&state=" + cbState, wantCode: cbCode},
		{name: "extra parameters ignored", query: "state=" + cbState + "&code=" + cbCode + "&utm=x", wantCode: cbCode},
		{name: "state with delimiters", query: "state=a%26b%23c%3Dd%2Be%25f&code=" + cbCode, expected: "a&b#c=d+e%f", wantCode: cbCode},
		{name: "unicode state", query: "state=zo%C3%AB-%F0%9F%98%80&code=" + cbCode, expected: "zoë-😀", wantCode: cbCode},
		{name: "denied", query: "error=access_denied&error_description=The+user+denied+access&state=" + cbState,
			wantAuth: &AuthorizeError{Code: "access_denied", Description: "The user denied access"}},
		{name: "error wins over a code", query: "code=" + cbCode + "&error=invalid_scope&state=" + cbState,
			wantAuth: &AuthorizeError{Code: "invalid_scope"}},
		{name: "empty error still an error", query: "error=&code=" + cbCode + "&state=" + cbState,
			wantAuth: &AuthorizeError{}},
		{name: "no state", query: "code=" + cbCode, wantErr: ErrCallbackStateMissing},
		{name: "empty state", query: "state=&code=" + cbCode, wantErr: ErrCallbackStateMissing},
		{name: "no state on an error", query: "error=access_denied", wantErr: ErrCallbackStateMissing},
		{name: "other state", query: "state=attacker&code=" + cbCode, wantErr: ErrCallbackStateMismatch},
		{name: "other state on an error", query: "state=attacker&error=access_denied", wantErr: ErrCallbackStateMismatch},
		{name: "state differs in case", query: "state=EXPECTED-STATE-VALUE&code=" + cbCode, wantErr: ErrCallbackStateMismatch},
		{name: "state prefix", query: "state=expected-state&code=" + cbCode, wantErr: ErrCallbackStateMismatch},
		{name: "state longer", query: "state=" + cbState + "x&code=" + cbCode, wantErr: ErrCallbackStateMismatch},
		{name: "plus decoded as space", query: "state=a+b&code=" + cbCode, expected: "a+b", wantErr: ErrCallbackStateMismatch},
		{name: "no code", query: "state=" + cbState, wantErr: ErrCallbackCodeMissing},
		{name: "empty code", query: "state=" + cbState + "&code=", wantErr: ErrCallbackCodeMissing},
		{name: "two states", query: "state=" + cbState + "&state=" + cbState + "&code=" + cbCode, wantErr: ErrCallbackMalformed},
		{name: "two codes", query: "state=" + cbState + "&code=" + cbCode + "&code=other", wantErr: ErrCallbackMalformed},
		{name: "two errors", query: "state=" + cbState + "&error=a&error=b", wantErr: ErrCallbackMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			expected := tt.expected
			if expected == "" {
				expected = cbState
			}
			q, err := url.ParseQuery(tt.query)
			require.NoError(t, err)

			code, err := ParseCallback(q, expected)
			reqCode, reqErr := ParseCallbackRequest(httptest.NewRequest(http.MethodGet, "/callback?"+tt.query, nil), expected)

			assert.Equal(t, code, reqCode, "from url.Values and from the request alike")
			assert.Equal(t, err, reqErr)
			switch {
			case tt.wantAuth != nil:
				var authErr *AuthorizeError
				require.ErrorAs(t, err, &authErr)
				assert.Equal(t, tt.wantAuth, authErr)
				assert.Empty(t, code)
			case tt.wantErr != nil:
				require.ErrorIs(t, err, tt.wantErr)
				assert.Empty(t, code)
			default:
				require.NoError(t, err)
				assert.Equal(t, tt.wantCode, code)
			}
			if err != nil {
				assert.NotContains(t, err.Error(), cbCode)
				assert.NotContains(t, err.Error(), cbState)
			}
		})
	}
}

func TestParseCallbackRefusesEmptyExpectedState(t *testing.T) {
	q := url.Values{"state": {""}, "code": {cbCode}}

	code, err := ParseCallback(q, "")

	require.Error(t, err)
	assert.Contains(t, err.Error(), "expectedState")
	assert.Empty(t, code)
}

func TestParseCallbackRequestRefusesBadRequests(t *testing.T) {
	tests := map[string]*http.Request{
		"nil request":         nil,
		"no URL":              {Method: http.MethodGet},
		"bad escape":          {URL: &url.URL{Path: "/cb", RawQuery: "state=" + cbState + "&code=%zz"}},
		"semicolon separator": {URL: &url.URL{Path: "/cb", RawQuery: "state=" + cbState + ";code=" + cbCode}},
	}
	for name, r := range tests {
		t.Run(name, func(t *testing.T) {
			code, err := ParseCallbackRequest(r, cbState)

			require.ErrorIs(t, err, ErrCallbackMalformed)
			assert.Empty(t, code)
			assert.NotContains(t, err.Error(), cbCode)
		})
	}
}

func TestAuthorizeErrorMessage(t *testing.T) {
	tests := []struct {
		err  AuthorizeError
		want string
	}{
		{AuthorizeError{Code: "access_denied", Description: "The user denied access"}, "mollie authorization failed: access_denied: The user denied access"},
		{AuthorizeError{Code: "access_denied"}, "mollie authorization failed: access_denied"},
		{AuthorizeError{}, "mollie authorization failed"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.err.Error())
	}
}

func TestCallbackHandler(t *testing.T) {
	fromCookie := func(r *http.Request) (string, error) {
		c, err := r.Cookie("oauth_state")
		if err != nil {
			return "", err
		}
		return c.Value, nil
	}
	tests := []struct {
		name, method, query string
		cookie, wantAuthErr bool
		wantStatus          int
		wantBody            string
		wantErr             error
	}{
		{name: "code", method: http.MethodGet, query: "state=" + cbState + "&code=" + cbCode, cookie: true, wantStatus: http.StatusOK, wantBody: "got " + cbCode},
		{name: "mismatch", method: http.MethodGet, query: "state=attacker&code=" + cbCode, cookie: true, wantStatus: http.StatusTeapot, wantErr: ErrCallbackStateMismatch},
		{name: "denied", method: http.MethodGet, query: "state=" + cbState + "&error=access_denied", cookie: true, wantAuthErr: true, wantStatus: http.StatusTeapot},
		{name: "no kept state", method: http.MethodGet, query: "state=" + cbState + "&code=" + cbCode, wantStatus: http.StatusTeapot, wantErr: http.ErrNoCookie},
		{name: "post refused", method: http.MethodPost, query: "state=" + cbState + "&code=" + cbCode, cookie: true, wantStatus: http.StatusMethodNotAllowed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var gotErr error
			h := CallbackHandler{
				ExpectedState: fromCookie,
				OnCode:        func(w http.ResponseWriter, _ *http.Request, code string) { _, _ = w.Write([]byte("got " + code)) },
				OnError: func(w http.ResponseWriter, _ *http.Request, err error) {
					gotErr = err
					w.WriteHeader(http.StatusTeapot)
				},
			}
			r := httptest.NewRequest(tt.method, "/callback?"+tt.query, nil)
			if tt.cookie {
				r.AddCookie(&http.Cookie{Name: "oauth_state", Value: cbState})
			}
			w := httptest.NewRecorder()

			h.ServeHTTP(w, r)

			assert.Equal(t, tt.wantStatus, w.Code)
			if tt.wantBody != "" {
				assert.Equal(t, tt.wantBody, w.Body.String())
			}
			if tt.wantErr != nil {
				assert.ErrorIs(t, gotErr, tt.wantErr)
			}
			if tt.wantAuthErr {
				var authErr *AuthorizeError
				assert.ErrorAs(t, gotErr, &authErr)
			}
		})
	}
}

func TestCallbackHandlerDefaults(t *testing.T) {
	r := httptest.NewRequest(http.MethodGet, "/callback?state=attacker&code="+cbCode, nil)

	w := httptest.NewRecorder()
	CallbackHandler{}.ServeHTTP(w, r)
	assert.Equal(t, http.StatusInternalServerError, w.Code, "an unconfigured handler says so")

	w = httptest.NewRecorder()
	CallbackHandler{
		ExpectedState: func(*http.Request) (string, error) { return cbState, nil },
		OnCode:        func(http.ResponseWriter, *http.Request, string) { t.Error("a mismatched state reached OnCode") },
	}.ServeHTTP(w, r)
	assert.Equal(t, http.StatusBadRequest, w.Code)
	assert.NotContains(t, w.Body.String(), cbCode)
	assert.NotContains(t, w.Body.String(), "attacker")
}
