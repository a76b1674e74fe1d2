package orgstore_test

import (
	"context"
	"crypto/rand"
	"log"
	"os"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/clientkit/clientkit/facade/mollie"
	"github.com/clientkit/clientkit/facade/mollie/orgstore"
)

// An app with many replicas keeps its connected organizations in PostgreSQL, sealed with a key
// of its own, and is told when one must connect again.
func Example() {
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, os.Getenv("DATABASE_URL"))
	if err != nil {
		log.Fatal(err)
	}
	store := orgstore.NewPostgres(pool)
	if err := store.Migrate(ctx); err != nil {
		log.Fatal(err)
	}
	key := make([]byte, 32) // in a real app: from a secret manager
	_, _ = rand.Read(key)
	keys, err := orgstore.NewKeyring("2026-12", map[string][]byte{"2026-12": key})
	if err != nil {
		log.Fatal(err)
	}
	oauth := &mollie.OAuth{ClientID: "app_…", ClientSecret: os.Getenv("MOLLIE_APP_SECRET")}
	orgs, err := orgstore.New(orgstore.Config{OAuth: oauth, Store: store, Keys: keys,
		OnReconnectRequired: func(org string, err error) { log.Printf("%s must connect again", org) },
	})
	if err != nil {
		log.Fatal(err)
	}

	// In the OAuth callback: the code from the consent page.
	tok, err := oauth.Exchange(ctx, "auth_…")
	if err != nil {
		log.Fatal(err)
	}
	if err := orgs.Save(ctx, "merchant-42", tok); err != nil {
		log.Fatal(err)
	}

	// Anywhere, in any replica, later.
	m, err := orgs.Client(ctx, "merchant-42")
	if err != nil {
		log.Fatal(err)
	}
	_, err = m.CreateClientLink(ctx, mollie.ClientLinkRequest{ /* … */ })
	if err != nil {
		log.Print(err)
	}
}
