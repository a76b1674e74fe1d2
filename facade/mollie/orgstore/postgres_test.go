package orgstore_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/facade/mollie/orgstore"
	"github.com/clientkit/clientkit/facade/mollie/orgstore/internal/orgtest"
	"github.com/clientkit/clientkit/fakeapi"
	"github.com/clientkit/clientkit/internal/pgtest"
)

func TestMigrationIsIdempotent(t *testing.T) {
	store, pool := newPostgres(t) // migrated once
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs { // replicas starting together
		wg.Go(func() { errs[i] = store.Migrate(ctx(t)) })
	}
	wg.Wait()
	for _, err := range errs {
		require.NoError(t, err)
	}
	_, err := pool.Exec(ctx(t), orgstore.Migration())
	require.NoError(t, err, "the printed migration runs again too")
}

// A replica that waited for another's renewal uses the token the other stored: one refresh.
func TestWaitingReplicaUsesTheStoredRenewal(t *testing.T) {
	env := newEnv(t, fakeapi.WithMollieAccessTokenTTL(2*time.Second))
	url := pgtest.NewDatabase(t)
	storeA, _ := postgresAt(t, url)
	storeB, _ := postgresAt(t, url)
	oauthA := *env.oauth
	oauthA.HTTPClient = orgtest.Tagged("A")
	a := env.orgs(t, storeA, func(c *orgstore.Config) { c.OAuth = &oauthA })
	b := env.orgs(t, storeB, nil)
	require.NoError(t, a.Save(ctx(t), "merchant-1", env.connect(t)))
	require.NoError(t, env.link(t, a, "merchant-1"))
	require.NoError(t, env.link(t, b, "merchant-1"))
	time.Sleep(1100 * time.Millisecond) // due in both

	held := env.fake.Hold("A")
	doneA, doneB := make(chan error, 1), make(chan error, 1)
	go func() { doneA <- env.link(t, a, "merchant-1") }()
	<-held // A holds the row lock, its refresh at the token endpoint
	go func() { doneB <- env.link(t, b, "merchant-1") }()
	select {
	case err := <-doneB:
		t.Fatalf("B did not wait for A's renewal: %v", err)
	case <-time.After(300 * time.Millisecond):
	}
	env.fake.Release()
	require.NoError(t, <-doneA)
	require.NoError(t, <-doneB)
	assert.Equal(t, 1, env.refreshes(t, 1), "B used A's renewal")
	assert.Zero(t, env.fake.RefusedRefresh.Load())
	assert.Zero(t, env.fake.Unauthorized.Load())
}

// The lock of a replica whose connection dies mid-renewal is released by PostgreSQL.
func TestDeadReplicaReleasesTheLock(t *testing.T) {
	env := newEnv(t, fakeapi.WithMollieAccessTokenTTL(2*time.Second))
	url := pgtest.NewDatabase(t)
	store, _ := postgresAt(t, url)
	orgs := env.orgs(t, store, nil)
	require.NoError(t, orgs.Save(ctx(t), "merchant-1", env.connect(t)))
	time.Sleep(1100 * time.Millisecond)

	dying, err := pgx.Connect(ctx(t), url)
	require.NoError(t, err)
	tx, err := dying.Begin(ctx(t))
	require.NoError(t, err)
	_, err = tx.Exec(ctx(t), `SELECT 1 FROM clientkit_mollie_organizations WHERE org_key = 'merchant-1' FOR UPDATE`)
	require.NoError(t, err)

	done := make(chan error, 1)
	go func() { done <- env.link(t, orgs, "merchant-1") }()
	select {
	case err := <-done:
		t.Fatalf("the renewal did not wait for the lock: %v", err)
	case <-time.After(300 * time.Millisecond):
	}
	require.NoError(t, dying.PgConn().Conn().Close()) // the process dies: its socket closes
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("the lock of the dead connection was not released")
	}
	assert.Equal(t, 1, env.refreshes(t, 1))
}

// A renewal waits for the lock no longer than Config.RenewTimeout.
func TestRenewalWaitIsBounded(t *testing.T) {
	env := newEnv(t, fakeapi.WithMollieAccessTokenTTL(2*time.Second))
	store, pool := newPostgres(t)
	orgs := env.orgs(t, store, func(c *orgstore.Config) { c.RenewTimeout = 300 * time.Millisecond })
	require.NoError(t, orgs.Save(ctx(t), "merchant-1", env.connect(t)))
	time.Sleep(1100 * time.Millisecond)
	tx, err := pool.Begin(ctx(t))
	require.NoError(t, err)
	defer func() { _ = tx.Rollback(context.Background()) }()
	_, err = tx.Exec(ctx(t), `SELECT 1 FROM clientkit_mollie_organizations WHERE org_key = 'merchant-1' FOR UPDATE`)
	require.NoError(t, err)
	start := time.Now()
	require.ErrorIs(t, env.link(t, orgs, "merchant-1"), context.DeadlineExceeded)
	assert.Less(t, time.Since(start), 5*time.Second)
	assert.Equal(t, 0, env.refreshes(t, 1))
}
