package orgstore_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/facade/mollie/orgstore"
	"github.com/clientkit/clientkit/fakeapi"
)

// Many callers on two Organizations sharing a store, through several expiries: every refresh the
// fake answered is a stored renewal, and none was refused.
func TestConcurrentCallersRenewOncePerExpiry(t *testing.T) {
	eachStore(t, func(t *testing.T, replica func() orgstore.Store) {
		env := newEnv(t, fakeapi.WithMollieAccessTokenTTL(2*time.Second))
		store := replica()
		replicas := []*orgstore.Organizations{env.orgs(t, store, nil), env.orgs(t, replica(), nil)}
		const orgs = 5
		for i := range orgs {
			require.NoError(t, replicas[0].Save(ctx(t), fmt.Sprintf("merchant-%d", i), env.connect(t)))
		}
		until := time.Now().Add(3 * time.Second)
		var wg sync.WaitGroup
		errs := make(chan error, 32)
		for g := range 16 {
			wg.Go(func() {
				for i := 0; time.Now().Before(until); i++ {
					if err := env.link(t, replicas[g%2], fmt.Sprintf("merchant-%d", (g+i)%orgs)); err != nil {
						errs <- err
						return
					}
					time.Sleep(5 * time.Millisecond)
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			require.NoError(t, err)
		}
		// Whether a call waited past its token's expiry, or an org went unused after its
		// renewal time, depends on the machine's load: the soak checks those with a wider margin.
		assert.Zero(t, env.fake.RefusedRefresh.Load())
		total := 0
		for i := range orgs {
			rec, err := store.Load(ctx(t), fmt.Sprintf("merchant-%d", i))
			require.NoError(t, err)
			assert.EqualValues(t, rec.Generation-1, env.refreshes(t, i+1), "merchant-%d: one stored renewal per refresh", i)
			total += env.refreshes(t, i+1)
		}
		assert.GreaterOrEqual(t, total, orgs, "tokens expired during the run")
	})
}
