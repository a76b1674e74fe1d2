package facade_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/facade"
	"github.com/clientkit/clientkit/fakeapi"
	formanceapi "github.com/clientkit/clientkit/gen/formance"
)

// soakOrder is the operation of call i, i modulo its length: every write of the three providers
// that both Formance generations share, and a read.
var soakOrder = []string{fakeapi.OpCreateClientLink, fakeapi.OpCreateClientToken, fakeapi.OpCreateClient,
	fakeapi.OpCreateSecret, fakeapi.OpUpdateClient, fakeapi.OpDeleteClient, fakeapi.OpReadClient}

// soakOps makes one call of each operation.
var soakOps = map[string]func(ctx context.Context, c *faultClients, r soakCall) error{
	fakeapi.OpCreateClientLink: func(ctx context.Context, c *faultClients, r soakCall) error {
		_, err := c.mollie.CreateClientLink(ctx, validLinkRequest(), facade.IdempotencyKey(r.tag))
		return err
	},
	fakeapi.OpCreateClientToken: func(ctx context.Context, c *faultClients, r soakCall) error {
		_, err := c.dwolla.CreateClientToken(ctx, "customer.update", "https://api-sandbox.dwolla.com/customers/1", facade.IdempotencyKey(r.tag))
		return err
	},
	fakeapi.OpCreateClient: func(ctx context.Context, c *faultClients, r soakCall) error {
		_, err := c.formance.CreateClient(ctx, formanceapi.ClientOptions{Name: r.tag})
		return err
	},
	fakeapi.OpCreateSecret: func(ctx context.Context, c *faultClients, r soakCall) error {
		_, err := c.formance.CreateSecret(ctx, r.target, formanceapi.SecretOptions{Name: r.tag})
		return err
	},
	fakeapi.OpUpdateClient: func(ctx context.Context, c *faultClients, r soakCall) error {
		_, err := c.formance.UpdateClient(ctx, r.target, formanceapi.ClientOptions{Name: r.tag})
		return err
	},
	fakeapi.OpDeleteClient: func(ctx context.Context, c *faultClients, r soakCall) error {
		return c.formance.DeleteClient(ctx, r.target)
	},
	fakeapi.OpReadClient: func(ctx context.Context, c *faultClients, r soakCall) error {
		_, err := c.formance.GetClient(ctx, r.target)
		return err
	},
}

// soakTargets creates, before any fault, the Formance client each secret, update or delete
// call acts on; the others get "".
func soakTargets(t *testing.T, c *faultClients, calls int) []string {
	t.Helper()
	targets := make([]string, calls)
	for i := range targets {
		switch soakOrder[i%len(soakOrder)] {
		case fakeapi.OpCreateSecret, fakeapi.OpUpdateClient, fakeapi.OpDeleteClient:
			cl, err := c.formance.CreateClient(context.Background(), formanceapi.ClientOptions{Name: fmt.Sprintf("target-%d", i)})
			require.NoError(t, err)
			targets[i] = cl.ID
		}
	}
	return targets
}

// soakWorld is what the fake holds once the calls are over.
type soakWorld struct {
	requests []fakeapi.Request
	counts   map[fakeapi.Kind]int
	names    map[string]int                 // Formance clients by name
	targets  map[string]*formanceapi.Client // the targets that still exist, by id
}

// observeSoak reads the fake's log, counts and Formance clients.
func observeSoak(t *testing.T, c *faultClients, results []soakCall) soakWorld {
	t.Helper()
	ctx := context.Background()
	w := soakWorld{requests: c.srv.Handler.Requests(), counts: map[fakeapi.Kind]int{}, names: map[string]int{},
		targets: map[string]*formanceapi.Client{}}
	for _, k := range fakeapi.Kinds() {
		w.counts[k] = c.srv.Handler.Count(k)
	}
	clients, err := c.formance.ListClients(ctx)
	require.NoError(t, err)
	for _, cl := range clients {
		w.names[cl.Name]++
	}
	for _, r := range results {
		if r.target == "" || r.op == fakeapi.OpReadClient {
			continue
		}
		cl, err := c.formance.GetClient(ctx, r.target)
		if errors.Is(err, facade.ErrNotFound) {
			continue
		}
		require.NoError(t, err)
		w.targets[r.target] = cl
	}
	return w
}

// checkSoakWrites checks that no write was carried out twice and that every success shows.
func checkSoakWrites(t *testing.T, results []soakCall, w soakWorld) {
	t.Helper()
	processed := processedCreates(w.requests)
	for op, kind := range map[string]fakeapi.Kind{fakeapi.OpCreateClientLink: fakeapi.KindClientLink, fakeapi.OpCreateClientToken: fakeapi.KindClientToken} {
		checkKeyed(t, op, kind, results, processed, w.counts[kind])
	}
	for _, r := range results {
		target := w.targets[r.target]
		switch r.op {
		case fakeapi.OpCreateClient:
			n := w.names[r.tag]
			assert.LessOrEqual(t, n, 1, "client %s created twice", r.tag)
			if r.err == nil {
				assert.Equal(t, 1, n, "client %s missing after a successful create", r.tag)
			}
		case fakeapi.OpCreateSecret:
			require.NotNil(t, target, "the target of %s is gone", r.tag)
			n := 0
			for _, s := range target.Secrets {
				if s.Name == r.tag {
					n++
				}
			}
			assert.LessOrEqual(t, n, 1, "secret %s created twice", r.tag)
			if r.err == nil {
				assert.Equal(t, 1, n, "secret %s missing after a successful create", r.tag)
			}
		case fakeapi.OpUpdateClient:
			require.NotNil(t, target, "the target of %s is gone", r.tag)
			if r.err == nil {
				assert.Equal(t, r.tag, target.Name, "a successful update did not stay")
			}
		case fakeapi.OpDeleteClient:
			if r.err == nil {
				assert.Nil(t, target, "client %s is still there after a successful delete", r.target)
			}
		}
	}
}

// processedCreates counts, per idempotency key, the creates the fake carried out rather than
// replayed or refused: a 2xx answer, delivered or lost (to a dropped connection, or a caller that
// left during a Work fault).
func processedCreates(requests []fakeapi.Request) map[string]int {
	n := map[string]int{}
	for _, r := range requests {
		if r.IdempotencyKey == "" || r.Replayed || strings.Contains(r.Fault, "status") {
			continue
		}
		if r.Status/100 == 2 || r.Lost/100 == 2 {
			n[r.OperationID+" "+r.IdempotencyKey]++
		}
	}
	return n
}

// checkKeyed checks a keyed create: no key carried out twice, every success carried out once,
// and the fake's resources are exactly the keys carried out.
func checkKeyed(t *testing.T, op string, kind fakeapi.Kind, results []soakCall, processed map[string]int, count int) {
	t.Helper()
	total := 0
	for _, r := range results {
		if r.op != op {
			continue
		}
		n := processed[op+" "+r.tag]
		total += n
		assert.LessOrEqual(t, n, 1, "%s %s carried out twice", op, r.tag)
		if r.err == nil {
			assert.Equal(t, 1, n, "%s %s succeeded but the fake did not carry it out", op, r.tag)
		}
	}
	assert.Equal(t, total, count, "%s: resources in the fake", kind)
}
