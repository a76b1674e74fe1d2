package retry

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2025, 3, 14, 9, 26, 53, 0, time.UTC)
	date := func(d time.Duration) string { return now.Add(d).Format(http.TimeFormat) }
	tests := []struct {
		name  string
		value string
		want  time.Duration
		ok    bool
	}{
		{"seconds", "2", 2 * time.Second, true},
		{"zero", "0", 0, true},
		{"spaces around", " 7 ", 7 * time.Second, true},
		{"leading zeros", "007", 7 * time.Second, true},
		{"http date ahead", date(90 * time.Second), 90 * time.Second, true},
		{"http date past", date(-time.Hour), 0, true},
		{"rfc 850 date", now.Add(30 * time.Second).Format(time.RFC850), 30 * time.Second, true},
		{"ansi c date", now.Add(45 * time.Second).Format(time.ANSIC), 45 * time.Second, true},
		{"huge seconds capped", "99999999999999999999999", MaxRetryAfter, true},
		{"day and more capped", "86401", MaxRetryAfter, true},
		{"far date capped", date(1000 * time.Hour), MaxRetryAfter, true},
		{"empty", "", 0, false},
		{"blank", "   ", 0, false},
		{"negative", "-5", 0, false},
		{"plus sign", "+5", 0, false},
		{"fraction", "1.5", 0, false},
		{"unit", "5s", 0, false},
		{"garbage", "soon", 0, false},
		{"half a date", "Fri, 14 Mar 2025", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := ParseRetryAfter(tt.value, now)
			assert.Equal(t, tt.ok, ok)
			assert.Equal(t, tt.want, got)
		})
	}
}
