package mollie

import (
	"testing"

	"github.com/clientkit/clientkit/facade/internal/decodetest"
)

func TestDecodeErrorKeepsStatusForAnyBody(t *testing.T) {
	decodetest.AssertKeepsStatus(t, decodeError)
}

func FuzzDecodeError(f *testing.F) {
	decodetest.Fuzz(f, provider, decodeError,
		`{"status":422,"title":"Unprocessable Entity","detail":"The owner email is invalid","field":"owner.email","_links":{}}`,
		`{"status":"x","field":null}`)
}
