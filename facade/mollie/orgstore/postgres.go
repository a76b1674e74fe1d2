package orgstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Postgres is a Store in PostgreSQL, shared by every replica of the app: one row per
// organization in the table clientkit_mollie_organizations (see Migration). Update locks the
// organization's row (SELECT … FOR UPDATE) for the length of its transaction: the token request
// and the write of its answer. A replica that dies in between loses its connection; PostgreSQL
// then rolls the transaction back and releases the lock.
//
// Each renewal in progress holds one connection of the pool: size the pool (pool_max_conns)
// for the renewals a replica may run at once, plus its other use of the database.
type Postgres struct {
	pool *pgxpool.Pool
}

// NewPostgres returns the store in the database of pool. Run Migrate (or apply Migration)
// before its first use.
func NewPostgres(pool *pgxpool.Pool) *Postgres { return &Postgres{pool: pool} }

// Migration returns the SQL that creates the store's table. It can run any number of times.
func Migration() string {
	return `CREATE TABLE IF NOT EXISTS clientkit_mollie_organizations (
	org_key            text PRIMARY KEY,
	access_token       text NOT NULL,        -- sealed when key_id is not empty
	refresh_token      text NOT NULL,        -- sealed when key_id is not empty
	key_id             text NOT NULL DEFAULT '',
	scope              text NOT NULL DEFAULT '',
	issued_at          timestamptz NOT NULL, -- when the access token was asked for
	expires_at         timestamptz,          -- NULL when Mollie did not say
	reconnect_required boolean NOT NULL DEFAULT false,
	generation         bigint NOT NULL,      -- counts the writes of the row
	updated_at         timestamptz NOT NULL DEFAULT now()
);`
}

// migrationLock serializes Migrate across replicas that start together (CREATE TABLE IF NOT
// EXISTS alone can fail when two run at once); an arbitrary constant of this package.
const migrationLock = 0x636b6f7267 // "ckorg"

// Migrate creates the store's table when it does not exist.
func (p *Postgres) Migrate(ctx context.Context) error {
	err := pgx.BeginFunc(ctx, p.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, migrationLock); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, Migration())
		return err
	})
	if err != nil {
		return fmt.Errorf("orgstore: creating the table clientkit_mollie_organizations: %w", err)
	}
	return nil
}

const selectRecord = `SELECT access_token, refresh_token, key_id, scope, issued_at, expires_at,
	reconnect_required, generation FROM clientkit_mollie_organizations WHERE org_key = $1`

// Load returns the record of org.
func (p *Postgres) Load(ctx context.Context, org string) (Record, error) {
	return scanRecord(org, p.pool.QueryRow(ctx, selectRecord, org))
}

// Save stores the record of a new authorization of org.
func (p *Postgres) Save(ctx context.Context, org string, rec Record) error {
	_, err := p.pool.Exec(ctx, `INSERT INTO clientkit_mollie_organizations AS o
		(org_key, access_token, refresh_token, key_id, scope, issued_at, expires_at, reconnect_required, generation)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1)
		ON CONFLICT (org_key) DO UPDATE SET access_token = $2, refresh_token = $3, key_id = $4, scope = $5,
			issued_at = $6, expires_at = $7, reconnect_required = $8, generation = o.generation + 1, updated_at = now()`,
		recordArgs(org, rec)...)
	if err != nil {
		return fmt.Errorf("orgstore: organization %q: saving: %w", org, err)
	}
	return nil
}

// Update runs renew holding the row lock of org (see Store).
func (p *Postgres) Update(ctx context.Context, org string, renew func(context.Context, Record) (*Record, error)) (Record, error) {
	var stored Record
	err := pgx.BeginFunc(ctx, p.pool, func(tx pgx.Tx) error {
		cur, err := scanRecord(org, tx.QueryRow(ctx, selectRecord+` FOR UPDATE`, org))
		if err != nil {
			return err
		}
		next, err := renew(ctx, cur)
		if err != nil || next == nil {
			stored = cur
			return err
		}
		stored = *next
		return tx.QueryRow(ctx, `UPDATE clientkit_mollie_organizations SET access_token = $2, refresh_token = $3,
			key_id = $4, scope = $5, issued_at = $6, expires_at = $7, reconnect_required = $8,
			generation = generation + 1, updated_at = now() WHERE org_key = $1 RETURNING generation`,
			recordArgs(org, *next)...).Scan(&stored.Generation)
	})
	return stored, err
}

// recordArgs are the column values of rec, in the order of the statements above.
func recordArgs(org string, rec Record) []any {
	var expiry *time.Time
	if !rec.Expiry.IsZero() {
		expiry = &rec.Expiry
	}
	// Secrets are passed as plain strings: no driver may format them.
	return []any{org, string(rec.AccessToken), string(rec.RefreshToken), rec.KeyID, rec.Scope,
		rec.IssuedAt, expiry, rec.ReconnectRequired}
}

func scanRecord(org string, row pgx.Row) (Record, error) {
	var rec Record
	var access, refresh string
	var expiry *time.Time
	err := row.Scan(&access, &refresh, &rec.KeyID, &rec.Scope, &rec.IssuedAt, &expiry, &rec.ReconnectRequired, &rec.Generation)
	if errors.Is(err, pgx.ErrNoRows) {
		return Record{}, notConnected(org)
	}
	if err != nil {
		return Record{}, fmt.Errorf("orgstore: organization %q: reading: %w", org, err)
	}
	rec.AccessToken, rec.RefreshToken = Secret(access), Secret(refresh)
	if expiry != nil {
		rec.Expiry = *expiry
	}
	return rec, nil
}
