package orgstore_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/facade"
	"github.com/clientkit/clientkit/facade/mollie"
	"github.com/clientkit/clientkit/facade/mollie/orgstore"
	"github.com/clientkit/clientkit/facade/mollie/orgstore/internal/orgtest"
	"github.com/clientkit/clientkit/fakeapi"
	"github.com/clientkit/clientkit/internal/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// oneAttempt keeps retries out of tests that count calls.
var oneAttempt = facade.WithRetryPolicy(facade.RetryPolicy{MaxAttempts: 1})

// testEnv is the fake Mollie (refresh tokens rotated) and an app's OAuth settings for it.
type testEnv struct {
	fake  *orgtest.Fake
	oauth *mollie.OAuth
}

func newEnv(t *testing.T, opts ...fakeapi.Option) *testEnv {
	t.Helper()
	fake, err := orgtest.StartFake(append([]fakeapi.Option{fakeapi.WithMollieRefreshTokenRotation()}, opts...)...)
	require.NoError(t, err)
	t.Cleanup(fake.Close)
	return &testEnv{fake: fake, oauth: orgtest.OAuth(fake.URL, fake.Fake.Credentials())}
}

// connect runs the consent round trip and returns the organization's tokens.
func (e *testEnv) connect(t *testing.T) *mollie.Token {
	t.Helper()
	tok, err := orgtest.Connect(ctx(t), e.oauth)
	require.NoError(t, err)
	return tok
}

// orgs returns Organizations of store (nil: memory) for the env's app; edit changes the config.
func (e *testEnv) orgs(t *testing.T, store orgstore.Store, edit func(*orgstore.Config)) *orgstore.Organizations {
	t.Helper()
	cfg := orgstore.Config{OAuth: e.oauth, Store: store}
	if edit != nil {
		edit(&cfg)
	}
	o, err := orgstore.New(cfg)
	require.NoError(t, err)
	return o
}

// link creates a client link as org and returns the error.
func (e *testEnv) link(t *testing.T, o *orgstore.Organizations, org string) error {
	t.Helper()
	m, err := o.Client(ctx(t), org, mollie.WithBaseURL(e.fake.URL), oneAttempt)
	if err != nil {
		return err
	}
	_, err = m.CreateClientLink(ctx(t), orgtest.LinkRequest())
	return err
}

// refreshes is the fake's refresh count of the n-th authorization (1-based).
func (e *testEnv) refreshes(t *testing.T, n int) int {
	t.Helper()
	grants := e.fake.Fake.MollieGrants()
	require.GreaterOrEqual(t, len(grants), n)
	return grants[n-1].Refreshes
}

// newPostgres returns a migrated store in a fresh database, with its pool.
func newPostgres(t *testing.T) (*orgstore.Postgres, *pgxpool.Pool) {
	t.Helper()
	return postgresAt(t, pgtest.NewDatabase(t))
}

// postgresAt opens another pool (another "replica") on the database of url.
func postgresAt(t *testing.T, url string) (*orgstore.Postgres, *pgxpool.Pool) {
	t.Helper()
	pool, err := pgxpool.New(ctx(t), url)
	require.NoError(t, err)
	t.Cleanup(pool.Close)
	store := orgstore.NewPostgres(pool)
	require.NoError(t, store.Migrate(ctx(t)))
	return store, pool
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	t.Cleanup(cancel)
	return c
}
