package facade

import (
	"net/http"
	"testing"
	"time"
)

// FuzzParseRetryAfter checks that any header value parses without panic into a wait within
// [0, maxRetryAfter], and that a rejected value yields no wait.
func FuzzParseRetryAfter(f *testing.F) {
	now := time.Date(2025, 3, 14, 9, 26, 53, 0, time.UTC)
	for _, seed := range []string{"", "0", "120", "-1", "1.5", "99999999999999999999",
		now.Add(time.Minute).Format(http.TimeFormat), now.Format(time.RFC850), now.Format(time.ANSIC), "Mon, 99 Foo"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, value string) {
		got, ok := parseRetryAfter(value, now)
		if got < 0 || got > maxRetryAfter {
			t.Fatalf("parseRetryAfter(%q) = %s, out of [0, %s]", value, got, maxRetryAfter)
		}
		if !ok && got != 0 {
			t.Fatalf("parseRetryAfter(%q) rejected the value but returned %s", value, got)
		}
	})
}
