package pgtest

import (
	"context"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMain(m *testing.M) { os.Exit(Main(m)) }

func TestNewDatabaseIsEmptyAndDroppedAfterwards(t *testing.T) {
	var name string
	t.Run("use", func(t *testing.T) {
		conn, err := pgx.Connect(t.Context(), NewDatabase(t))
		require.NoError(t, err)
		defer conn.Close(context.Background())
		require.NoError(t, conn.QueryRow(t.Context(), "SELECT current_database()").Scan(&name))
		var tables int
		require.NoError(t, conn.QueryRow(t.Context(), "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").Scan(&tables))
		assert.Zero(t, tables)
	})
	conn, err := pgx.Connect(t.Context(), ServerURL(t))
	require.NoError(t, err)
	defer conn.Close(context.Background())
	var left int
	require.NoError(t, conn.QueryRow(t.Context(), "SELECT count(*) FROM pg_database WHERE datname = $1", name).Scan(&left))
	assert.Zero(t, left, "dropped when its test ended")
}

// Without binaries and without CI, the tests are skipped with a message that says what to do.
func TestNoServerSkipsWithAReason(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	saved := debianBinDirs
	debianBinDirs = "/nonexistent/*/bin"
	t.Cleanup(func() { debianBinDirs = saved })
	_, err := binDir()
	var missing *missingError
	require.ErrorAs(t, err, &missing)

	t.Setenv("CI", "")
	var skipped bool
	t.Run("no server", func(t *testing.T) {
		defer func() { skipped = t.Skipped() }()
		skipOrFail(t, err)
	})
	assert.True(t, skipped)
}
