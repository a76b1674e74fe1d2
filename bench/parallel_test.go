package bench

import (
	"context"
	"fmt"
	"runtime"
	"testing"

	"github.com/clientkit/clientkit/facade/formance"
)

// parallelism is how many goroutines call at once in BenchmarkParallel8.
const parallelism = 8

// parallelReadClient are the contenders of the parallel benchmark. Next to the facade with its
// cached client-credentials token, the facade with a static bearer token shows what the token
// cache costs under contention: with no lock convoy on its hot path the two run alike.
var parallelReadClient = []contender{
	{"facade-static-token", facadeReadClient(formance.BearerToken(staticBearer))},
}

// BenchmarkParallel8 runs Formance readClient from 8 goroutines sharing one client, named
// Parallel8/FormanceReadClient/target/contender.
func BenchmarkParallel8(b *testing.B) {
	contenders := append(append([]contender{}, formanceReadClient...), parallelReadClient...)
	for _, tg := range targets {
		for _, c := range contenders {
			b.Run(fmt.Sprintf("FormanceReadClient/%s/%s", tg.name, c.name), func(b *testing.B) {
				do := prepare(b, c, tg.make(b))
				b.SetParallelism((parallelism + runtime.GOMAXPROCS(0) - 1) / runtime.GOMAXPROCS(0))
				b.ReportAllocs()
				b.ResetTimer()
				b.RunParallel(func(pb *testing.PB) {
					ctx := context.Background()
					for pb.Next() {
						if err := do(ctx); err != nil {
							b.Error(err)
							return
						}
					}
				})
			})
		}
	}
}
