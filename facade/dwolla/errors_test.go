package dwolla

import (
	"testing"

	"github.com/clientkit/clientkit/facade/internal/decodetest"
)

func TestDecodeErrorKeepsStatusForAnyBody(t *testing.T) {
	decodetest.AssertKeepsStatus(t, decodeError)
}

func FuzzDecodeError(f *testing.F) {
	decodetest.Fuzz(f, provider, decodeError,
		`{"code":"ValidationError","message":"Validation error(s) present.","_embedded":{"errors":[{"code":"Invalid","message":"Invalid action.","path":"/action"}]}}`,
		`{"_embedded":{"errors":null}}`)
}
