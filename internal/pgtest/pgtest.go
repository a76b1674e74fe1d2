// Package pgtest gives tests a PostgreSQL database: the server of CLIENTKIT_TEST_DATABASE_URL
// when it is set, else a throwaway cluster started with initdb and pg_ctl on a unix socket in a
// temporary directory, one per test binary, removed when the binary's tests end. Without
// either, tests that need a database skip, and fail under CI.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// EnvURL names the variable that points the tests at an existing server, as a URL
// (postgres://user:password@host:port/database). The tests create and drop databases there, so
// the user needs CREATEDB.
const EnvURL = "CLIENTKIT_TEST_DATABASE_URL"

// Main runs the tests of m and stops the throwaway cluster, if one was started. Call it from
// TestMain: os.Exit(pgtest.Main(m)).
func Main(m *testing.M) int {
	code := m.Run()
	stopCluster()
	return code
}

// ServerURL returns the URL of the server the tests use (its maintenance database), starting
// the throwaway cluster on first use. It skips tb when there is no server to be had, and fails
// it under CI.
func ServerURL(tb testing.TB) string {
	tb.Helper()
	if u := os.Getenv(EnvURL); u != "" {
		return u
	}
	u, err := clusterURL()
	if err != nil {
		skipOrFail(tb, err)
	}
	return u
}

// skipOrFail ends tb for want of a server: a skip that says what is missing, or a failure under
// CI or when a server that is there does not start.
func skipOrFail(tb testing.TB, err error) {
	tb.Helper()
	var missing *missingError
	if errors.As(err, &missing) && os.Getenv("CI") == "" {
		tb.Skipf("PostgreSQL tests skipped: %v; install PostgreSQL (Debian: apt-get install postgresql) or set %s", err, EnvURL)
	}
	tb.Fatalf("pgtest: %v", err)
}

// NewDatabase creates an empty database for tb and returns its URL; the database is dropped
// when tb ends.
func NewDatabase(tb testing.TB) string {
	tb.Helper()
	server := ServerURL(tb)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, server)
	if err != nil {
		tb.Fatalf("pgtest: connecting to the test server: %v", err)
	}
	defer conn.Close(ctx)
	name := "clientkit_test_" + randomHex()
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		tb.Fatalf("pgtest: creating database %s: %v", name, err)
	}
	tb.Cleanup(func() { dropDatabase(tb, server, name) })
	u, err := url.Parse(server)
	if err != nil {
		tb.Fatalf("pgtest: %s must be a URL (postgres://…): %v", EnvURL, err)
	}
	u.Path = "/" + name
	return u.String()
}

func dropDatabase(tb testing.TB, server, name string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, server)
	if err != nil {
		tb.Errorf("pgtest: dropping %s: %v", name, err)
		return
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
		tb.Errorf("pgtest: dropping %s: %v", name, err)
	}
}

func randomHex() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// missingError says that no PostgreSQL server can be had on this machine.
type missingError struct{ what string }

func (e *missingError) Error() string { return e.what }

// describe is for failures of the cluster's commands: what ran and what it printed.
func describe(step string, err error, out []byte) error {
	return fmt.Errorf("%s: %v\n%s", step, err, out)
}
