package bench

import (
	"context"
	"fmt"
	"testing"
)

// call performs one complete API call (build, send, decode) and checks what it got back, so a
// contender that silently fails cannot look fast.
type call func(ctx context.Context) error

// contender is one implementation of an operation: it prepares a client for a target, once,
// and returns the call to measure.
type contender struct {
	name  string
	setup func(tb testing.TB, t target) call
}

// The operations measured, each with its contenders in the order they are reported. Files named
// after each contender append to these in their init functions.
var (
	formanceReadClient   []contender
	formanceCreateClient []contender
	mollieCreateLink     []contender
	dwollaCreateToken    []contender
)

// operation names an operation and its contenders.
type operation struct {
	name       string
	contenders *[]contender
}

var operations = []operation{
	{"FormanceReadClient", &formanceReadClient},
	{"FormanceCreateClient", &formanceCreateClient},
	{"MollieCreateClientLink", &mollieCreateLink},
	{"DwollaCreateClientToken", &dwollaCreateToken},
}

// prepare sets a contender up for a target and makes one call, which also fills any token cache.
func prepare(tb testing.TB, c contender, t target) call {
	tb.Helper()
	do := c.setup(tb, t)
	if err := do(context.Background()); err != nil {
		tb.Fatalf("%s: first call: %v", c.name, err)
	}
	return do
}

// measure runs do b.N times, serially.
func measure(b *testing.B, do call) {
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if err := do(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkClients measures every contender of every operation, named Op/target/contender.
func BenchmarkClients(b *testing.B) {
	for _, op := range operations {
		for _, tg := range targets {
			for _, c := range *op.contenders {
				b.Run(fmt.Sprintf("%s/%s/%s", op.name, tg.name, c.name), func(b *testing.B) {
					measure(b, prepare(b, c, tg.make(b)))
				})
			}
		}
	}
}

// TestContendersAgree makes one call with every contender on every target: each decodes the
// canned answer and checks it, so the benchmarks compare implementations that all work.
func TestContendersAgree(t *testing.T) {
	checked := append(operations, operation{"Parallel8", &parallelReadClient})
	for _, op := range checked {
		if len(*op.contenders) == 0 {
			t.Errorf("%s has no contenders", op.name)
		}
		for _, tg := range targets {
			for _, c := range *op.contenders {
				t.Run(fmt.Sprintf("%s/%s/%s", op.name, tg.name, c.name), func(t *testing.T) {
					do := prepare(t, c, tg.make(t))
					if err := do(context.Background()); err != nil {
						t.Fatalf("second call: %v", err)
					}
				})
			}
		}
	}
}

// expect reports a mismatch between a decoded field and the canned answer.
func expect(what, got, want string) error {
	if got != want {
		return fmt.Errorf("%s = %q, want %q", what, got, want)
	}
	return nil
}
