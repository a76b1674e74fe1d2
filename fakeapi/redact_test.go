package fakeapi_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/clientkit/clientkit/fakeapi"
	"github.com/clientkit/clientkit/fakeapi/fakeapitest"
)

// The handler nested in another value, logged by slog or encoded as JSON shows none of the
// credentials it accepts or the tokens it issued (issue 16, point 3; %v alone is in
// TestHandlerPrintsNoSecret).
func TestHandlerNestedPrintsNoSecret(t *testing.T) {
	srv := fakeapitest.NewServer(t)
	token := dwollaToken(t, srv)
	type holder struct {
		Fake  *fakeapi.Handler
		Fakes []*fakeapi.Handler
	}
	values := []any{srv.Handler, holder{Fake: srv.Handler}, &holder{Fakes: []*fakeapi.Handler{srv.Handler}},
		map[string]any{"fake": srv.Handler}}
	var outputs []string
	for _, v := range values {
		var logs bytes.Buffer
		slog.New(slog.NewTextHandler(&logs, nil)).Info("fake", "v", v)
		slog.New(slog.NewJSONHandler(&logs, nil)).Info("fake", "v", v)
		encoded, _ := json.Marshal(v)
		outputs = append(outputs, logs.String(), string(encoded))
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x"} {
			outputs = append(outputs, fmt.Sprintf(verb, v))
		}
	}
	c := srv.Credentials
	for _, out := range outputs {
		for _, secret := range []string{token, c.DwollaClientSecret, c.FormanceToken, c.MollieAccessToken, c.MollieClientSecret} {
			assert.NotContains(t, out, secret)
			assert.NotContains(t, out, fmt.Sprintf("%x", secret))
		}
	}
}
