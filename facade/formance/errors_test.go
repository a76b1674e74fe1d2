package formance

import (
	"testing"

	"github.com/clientkit/clientkit/facade/internal/decodetest"
)

func TestDecodeErrorKeepsStatusForAnyBody(t *testing.T) {
	decodetest.AssertKeepsStatus(t, decodeError)
}

func FuzzDecodeError(f *testing.F) {
	decodetest.Fuzz(f, provider, decodeError,
		`{"errorCode":"VALIDATION","errorMessage":"name is required","details":"field name"}`,
		`{"errorCode":1}`)
}
