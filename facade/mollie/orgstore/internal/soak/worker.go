// Package soak runs many processes against one PostgreSQL store and one fake Mollie that
// rotates refresh tokens, to show that each organization is renewed once per expiry across
// processes, and that a store without coordination loses organizations. The test re-executes
// its own binary as the worker processes (see RunWorker).
package soak

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/clientkit/clientkit/facade"
	"github.com/clientkit/clientkit/facade/mollie"
	"github.com/clientkit/clientkit/facade/mollie/orgstore"
	"github.com/clientkit/clientkit/facade/mollie/orgstore/internal/orgtest"
	"github.com/clientkit/clientkit/fakeapi"
)

// WorkerConfig is what the test gives a worker process.
type WorkerConfig struct {
	ID            string              // tags the worker's token requests (orgtest.WorkerHeader)
	DatabaseURL   string              // the shared store
	FakeURL       string              // the shared fake
	Credentials   fakeapi.Credentials // the fake's OAuth app
	Orgs          []string            // the organization keys, all saved already
	Goroutines    int                 // callers
	Until         time.Time           // when the callers stop
	Pace          time.Duration       // pause of a caller between two calls
	Uncoordinated bool                // renew without the store's lock (the failure to show)
}

// Summary is what a worker did.
type Summary struct {
	ID        string
	Calls     int64    // client links asked for
	OK        int64    // created
	Reconnect int64    // refused with facade.ErrReconnectRequired
	Failed    int64    // any other error
	Refreshed int64    // renewals this worker made (OnRefreshed)
	Lost      int64    // organizations this worker saw refused (OnReconnectRequired)
	Errors    []string // the first few other errors
}

// RunWorker calls Mollie as random organizations of cfg from cfg.Goroutines goroutines until
// cfg.Until.
func RunWorker(ctx context.Context, cfg WorkerConfig) (Summary, error) {
	pool, err := pgxpool.New(ctx, cfg.DatabaseURL)
	if err != nil {
		return Summary{}, err
	}
	defer pool.Close()
	var store orgstore.Store = orgstore.NewPostgres(pool)
	if cfg.Uncoordinated {
		store = uncoordinated{orgstore.NewPostgres(pool)}
	}
	oauth := orgtest.OAuth(cfg.FakeURL, cfg.Credentials)
	oauth.HTTPClient = orgtest.Tagged(cfg.ID)
	sum := Summary{ID: cfg.ID}
	var refreshed, lost atomic.Int64
	orgs, err := orgstore.New(orgstore.Config{OAuth: oauth, Store: store,
		OnRefreshed:         func(string, *mollie.Token) { refreshed.Add(1) },
		OnReconnectRequired: func(string, error) { lost.Add(1) },
	})
	if err != nil {
		return Summary{}, err
	}
	clients := make([]*mollie.Client, len(cfg.Orgs))
	var mu sync.Mutex
	record := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		sum.Calls++
		switch {
		case err == nil:
			sum.OK++
		case errors.Is(err, facade.ErrReconnectRequired):
			sum.Reconnect++
		default:
			sum.Failed++
			if len(sum.Errors) < 5 {
				sum.Errors = append(sum.Errors, err.Error())
			}
		}
	}
	client := func(i int) (*mollie.Client, error) {
		mu.Lock()
		c := clients[i]
		mu.Unlock()
		if c != nil {
			return c, nil
		}
		c, err := orgs.Client(ctx, cfg.Orgs[i], mollie.WithBaseURL(cfg.FakeURL))
		if err == nil {
			mu.Lock()
			clients[i] = c
			mu.Unlock()
		}
		return c, err
	}
	var wg sync.WaitGroup
	for range cfg.Goroutines {
		wg.Go(func() {
			for time.Now().Before(cfg.Until) && ctx.Err() == nil {
				c, err := client(rand.IntN(len(cfg.Orgs)))
				if err == nil {
					_, err = c.CreateClientLink(ctx, orgtest.LinkRequest())
				}
				record(err)
				time.Sleep(cfg.Pace)
			}
		})
	}
	wg.Wait()
	sum.Refreshed, sum.Lost = refreshed.Load(), lost.Load()
	return sum, nil
}

// uncoordinated renews as a store without cross-process coordination would: read, refresh,
// write, with no lock between processes.
type uncoordinated struct{ *orgstore.Postgres }

func (u uncoordinated) Update(ctx context.Context, org string, renew func(context.Context, orgstore.Record) (*orgstore.Record, error)) (orgstore.Record, error) {
	cur, err := u.Load(ctx, org)
	if err != nil {
		return orgstore.Record{}, err
	}
	next, err := renew(ctx, cur)
	if err != nil || next == nil {
		return cur, err
	}
	if err := u.Save(ctx, org, *next); err != nil {
		return orgstore.Record{}, fmt.Errorf("soak: %w", err)
	}
	return u.Load(ctx, org)
}
