package conformance

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestViolationsScrubTheExchangesSecrets: the secrets collected when a violation is reported
// are those of the request as sent and of the answer, and none of them reaches the violation.
func TestViolationsScrubTheExchangesSecrets(t *testing.T) {
	v, err := specValidator()
	require.NoError(t, err)
	const body = `{"name":"x","client_secret":"body-secret-3333"}`
	const answer = `{"data":{"id":"s1","clear":"answer-secret-4444"}}`
	req := httptest.NewRequest(http.MethodPost, "/api/auth/clients/c1/secrets?k=query-secret-1111", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer bearer-secret-5555")
	req.AddCookie(&http.Cookie{Name: "sid", Value: "cookie-secret-2222"})

	ex, found := v.checkRequest(req.Context(), req, []byte(body))
	require.Empty(t, found)
	assert.Nil(t, ex.secrets, "nothing is collected while there is nothing to report")
	inRequest := []string{"query-secret-1111", "cookie-secret-2222", "body-secret-3333", "bearer-secret-5555"}
	said := strings.Join(inRequest, " ")
	got := ex.violation(Request, said, said)
	for _, s := range inRequest {
		assert.NotContains(t, got.Field+got.Message, s)
	}

	answerHeader := http.Header{"Content-Type": {"application/json"}}
	v.checkResponse(req.Context(), ex, http.StatusCreated, answerHeader, []byte(answer))
	said += " answer-secret-4444"
	got = ex.violation(Response, said, said)
	for _, s := range append(inRequest, "answer-secret-4444") {
		assert.NotContains(t, got.Field+got.Message, s)
	}

	var want secrets
	want.fromRequest(req, []byte(body))
	want.fromBody("application/json", []byte(answer))
	assert.Equal(t, want, ex.secrets)
}
