package testutil

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/assert"
)

// AssertNoSecretIn checks that none of secrets shows in any rendering of v: fmt's verbs, slog's
// text and JSON handlers, encoding/json and an error's text, with v on its own and nested in a
// struct, a pointer to a struct, a slice and a map.
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
			fmt.Sprintf("%s", n), logs.String(), string(encoded))
	}
	if err, ok := v.(error); ok {
		outputs = append(outputs, err.Error())
	}
	for _, out := range outputs {
		for _, s := range secrets {
			assert.NotContains(t, out, s)
		}
	}
}
