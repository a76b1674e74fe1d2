package call_test

import (
	"net/http"
	"testing"

	"github.com/clientkit/clientkit/facade"
	"github.com/clientkit/clientkit/facade/internal/call"
	"github.com/clientkit/clientkit/facade/internal/decodetest"
)

func FuzzDecodeOAuthError(f *testing.F) {
	decode := func(op string, status int, header http.Header, body []byte) *facade.APIError {
		e := call.DecodeOAuthError("dwolla", op, status, header, body)
		if len(e.Body) != 0 {
			panic("an OAuth error kept the body, which may echo credentials")
		}
		return e
	}
	decodetest.Fuzz(f, "dwolla", decode,
		`{"error":"invalid_client","error_description":"Invalid client credentials."}`,
		`{"error":["x"]}`)
}
