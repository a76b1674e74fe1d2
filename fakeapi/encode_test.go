package fakeapi

import (
	"bytes"
	"encoding/json"
	"testing"
)

// encodeValue must write the very bytes json.Marshal writes, for the values answers hold and
// for any other.
func TestEncodeValueMatchesJSONMarshal(t *testing.T) {
	values := []any{
		nil, true, false, 0, -42, 1 << 40, "", "plain", `quote " and \ backslash`, "<b>&</b>",
		"tab\tnew\nline\x00\x1f", "é€😀", "\u2028\u2029", "bad \xff utf-8", json.Number("12.5"),
		3.0, 1e21, float32(0.1), []string{"typed"}, map[string]string{"typed": "map"},
		[]any{}, map[string]any{}, []any(nil), map[string]any(nil), []any{1, "a", nil, []any{true}},
		map[string]any{"list": []any(nil), "map": map[string]any(nil)},
		map[string]any{"b": 1, "a": map[string]any{"z": "<", "y": []any{"x"}}, "é": "key", "": nil},
	}
	for _, v := range values {
		want, wantErr := json.Marshal(v)
		got, err := encodeValue(v)
		if (err != nil) != (wantErr != nil) || !bytes.Equal(got, want) {
			t.Errorf("encodeValue(%#v) = %s, %v; json.Marshal gives %s, %v", v, got, err, want, wantErr)
		}
	}
	if _, err := encodeValue(map[string]any{"n": json.Number("not a number")}); err == nil {
		t.Error("encodeValue accepted an invalid json.Number")
	}
}

func FuzzEncodeValueMatchesJSONMarshal(f *testing.F) {
	f.Add("key", "value", int64(7), true)
	f.Add("<&>", "\x00\u2028é", int64(-1), false)
	f.Fuzz(func(t *testing.T, key, s string, n int64, b bool) {
		v := map[string]any{key: []any{s, int(n), b, nil, map[string]any{s: key}}, "fixed": s}
		want, _ := json.Marshal(v)
		got, err := encodeValue(v)
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("encodeValue = %s, %v; json.Marshal gives %s", got, err, want)
		}
	})
}

// BenchmarkEncodeAnswer encodes a Formance client answer with json.Marshal and with encodeValue.
func BenchmarkEncodeAnswer(b *testing.B) {
	v := map[string]any{"data": map[string]any{"id": "3b5f1c2e-8d4a-4f6b-9c1e-2a7d5e9f0b13", "name": "bench",
		"description": "a client made by wrk", "redirectUris": []any{"https://example.com/callback"},
		"scopes": []any{}, "secrets": []any{}}}
	b.Run("json.Marshal", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			out, err := json.Marshal(v)
			if err != nil {
				b.Fatal(err)
			}
			encoded = out
		}
	})
	b.Run("encodeValue", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			out, err := encodeValue(v)
			if err != nil {
				b.Fatal(err)
			}
			encoded = out
		}
	})
}

// encoded keeps the benchmarks' answers alive, as a served answer is.
var encoded []byte
