package retry

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// MaxRetryAfter bounds what ParseRetryAfter returns, so that absurd values cannot overflow a
// time.Duration; anything near it is far over any sensible policy cap.
const MaxRetryAfter = 24 * time.Hour

// ParseRetryAfter reads a Retry-After header: delay-seconds or an HTTP date (taken relative to
// now; a date in the past means no wait). It reports false for an empty, negative or malformed
// value, and caps the result at 24 hours.
func ParseRetryAfter(value string, now time.Time) (time.Duration, bool) {
	value = strings.TrimSpace(value)
	if value == "" {
		return 0, false
	}
	if isDigits(value) {
		secs, err := strconv.ParseInt(value, 10, 64)
		if err != nil || secs > int64(MaxRetryAfter/time.Second) {
			return MaxRetryAfter, true // only digits, so err means too large
		}
		return time.Duration(secs) * time.Second, true
	}
	date, err := http.ParseTime(value)
	if err != nil {
		return 0, false
	}
	wait := date.Sub(now)
	return min(max(wait, 0), MaxRetryAfter), true
}

// isDigits reports a non-empty string of ASCII digits only.
func isDigits(s string) bool {
	for _, r := range []byte(s) {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}
