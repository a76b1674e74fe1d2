package facade_test

import (
	"net/http"
	"testing"

	"github.com/clientkit/clientkit/facade/internal/testutil"
)

// newTokenAndJSONStub is a provider that issues a token at /token and answers every other
// request with 200 and body.
func newTokenAndJSONStub(t *testing.T, body string) *testutil.StubAPI {
	return testutil.NewStubAPI(t, func(w http.ResponseWriter, r testutil.Recorded) {
		if r.Path == "/token" {
			testutil.Reply(w, 200, "application/json", `{"access_token":"app-token","token_type":"Bearer","expires_in":3600}`)
			return
		}
		testutil.Reply(w, 200, "application/json", body)
	})
}
