package facade

import "time"

// ManualClock lets the external tests (package facade_test) share the internal tests' clock.
type ManualClock = manualClock

// NewManualClock returns a ManualClock that reads t until it is moved.
func NewManualClock(t time.Time) *ManualClock { return &manualClock{now: t} }
