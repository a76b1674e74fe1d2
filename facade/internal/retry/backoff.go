package retry

import (
	"math"
	"time"

	"github.com/clientkit/clientkit/facade"
)

// backoff is the pause after the given attempt (1 for the first): a uniform draw from
// [0, min(MaxDelay, BaseDelay·2^(attempt-1))], "full jitter", so that many clients failing
// together do not come back together. jitter(n) draws uniformly from [0, n).
func backoff(attempt int, p facade.RetryPolicy, jitter func(int64) int64) time.Duration {
	ceiling := min(p.BaseDelay, p.MaxDelay)
	for i := 1; i < attempt && ceiling < p.MaxDelay; i++ {
		if ceiling > p.MaxDelay/2 {
			ceiling = p.MaxDelay // doubling would pass the cap, or overflow
		} else {
			ceiling *= 2
		}
	}
	if ceiling <= 0 {
		return 0
	}
	n := int64(ceiling)
	if n < math.MaxInt64 {
		n++
	}
	return time.Duration(jitter(n))
}
