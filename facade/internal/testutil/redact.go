package testutil

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// AssertNoSecretIn checks that none of secrets shows, as is, in hex or in base64, in any
// rendering of v: fmt's verbs (%v, %+v, %#v, %s, %q, %x), slog's text and JSON handlers,
// encoding/json and an error's text, with v on its own and nested in a struct, a pointer to a
// struct, a slice and a map.
func AssertNoSecretIn(t *testing.T, v any, secrets ...string) {
	t.Helper()
	type holder struct {
		Value  any
		Values []any
	}
	nested := []any{v, holder{Value: v}, &holder{Values: []any{v}}, []any{v}, map[string]any{"v": v}}
	var outputs []string
	for _, n := range nested {
		var logs bytes.Buffer
		slog.New(slog.NewTextHandler(&logs, nil)).Info("value", "v", n)
		slog.New(slog.NewJSONHandler(&logs, nil)).Info("value", "v", n)
		encoded, _ := json.Marshal(n)
		outputs = append(outputs, fmt.Sprintf("%v", n), fmt.Sprintf("%+v", n), fmt.Sprintf("%#v", n),
			fmt.Sprintf("%s", n), fmt.Sprintf("%q", n), fmt.Sprintf("%x", n), logs.String(), string(encoded))
	}
	if err, ok := v.(error); ok {
		outputs = append(outputs, err.Error())
	}
	for _, out := range outputs {
		for _, s := range secrets {
			for _, form := range secretForms(s) {
				assert.NotContains(t, out, form)
			}
		}
	}
}

// secretForms are the ways a secret shows in output: as is, in hex (%x) and in base64 (a []byte
// in JSON).
func secretForms(s string) []string {
	forms := []string{s, hex.EncodeToString([]byte(s))}
	if len(s) >= 6 { // shorter secrets' base64 is too short to search for without false alarms
		forms = append(forms, strings.TrimRight(base64.StdEncoding.EncodeToString([]byte(s)), "=")[:len(s)*4/3-1])
	}
	return forms
}
