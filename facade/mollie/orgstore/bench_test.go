package orgstore_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/facade"
	"github.com/clientkit/clientkit/facade/mollie"
	"github.com/clientkit/clientkit/facade/mollie/orgstore"
	"github.com/clientkit/clientkit/facade/mollie/orgstore/internal/orgtest"
)

// cannedLink answers every request with a created client link, without a network, so that a
// benchmark measures the client alone.
type cannedLink struct{}

var linkJSON = []byte(`{"resource":"client-link","id":"cl_vZCnNQsV2UtfXxYifWKWH","_links":{"clientLink":` +
	`{"href":"https://my.mollie.com/dashboard/client-link/cl_vZCnNQsV2UtfXxYifWKWH","type":"text/html"},` +
	`"documentation":{"href":"https://docs.mollie.com/reference/create-client-link","type":"text/html"}}}`)

func (cannedLink) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		_, _ = io.Copy(io.Discard, r.Body)
		_ = r.Body.Close()
	}
	return &http.Response{StatusCode: http.StatusCreated, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:        http.Header{"Content-Type": {"application/hal+json"}},
		Body:          io.NopCloser(bytes.NewReader(linkJSON)),
		ContentLength: int64(len(linkJSON)), Request: r}, nil
}

// countingStore counts the reads of a store.
type countingStore struct {
	orgstore.Store
	loads, updates atomic.Int64
}

func (c *countingStore) Load(ctx context.Context, org string) (orgstore.Record, error) {
	c.loads.Add(1)
	return c.Store.Load(ctx, org)
}

func (c *countingStore) Update(ctx context.Context, org string, renew func(context.Context, orgstore.Record) (*orgstore.Record, error)) (orgstore.Record, error) {
	c.updates.Add(1)
	return c.Store.Update(ctx, org, renew)
}

// storedClient is a client of a stored organization whose token is valid for an hour.
func storedClient(tb testing.TB, store orgstore.Store) *mollie.Client {
	orgs, err := orgstore.New(orgstore.Config{OAuth: &mollie.OAuth{ClientID: "app_bench", ClientSecret: "bench-secret"}, Store: store})
	require.NoError(tb, err)
	ctx := context.Background()
	require.NoError(tb, orgs.Save(ctx, "merchant-1", mollie.NewToken("access_stored", "refresh_stored", time.Now().Add(time.Hour), "clients.write")))
	c, err := orgs.Client(ctx, "merchant-1", cannedOptions()...)
	require.NoError(tb, err)
	return c
}

func cannedOptions() []mollie.Option {
	return []mollie.Option{facade.WithHTTPClient(&http.Client{Transport: cannedLink{}}), oneAttempt}
}

// While its token is valid, a stored organization's calls read nothing from the store.
func TestHotPathReadsNoStore(t *testing.T) {
	store := &countingStore{Store: orgstore.NewMemory()}
	c := storedClient(t, store)
	loads := store.loads.Load()
	for range 100 {
		_, err := c.CreateClientLink(context.Background(), orgtest.LinkRequest())
		require.NoError(t, err)
	}
	assert.Equal(t, loads, store.loads.Load())
	assert.Zero(t, store.updates.Load())
}

// BenchmarkHotPath compares a call of a stored organization (valid token, in memory) with a call
// of a client with a static token: the store must cost at most 10 % more.
func BenchmarkHotPath(b *testing.B) {
	static, err := mollie.New(mollie.AccessToken("access_static"), cannedOptions()...)
	require.NoError(b, err)
	clients := map[string]*mollie.Client{"static": static, "orgstore": storedClient(b, orgstore.NewMemory())}
	req := orgtest.LinkRequest()
	for _, name := range []string{"static", "orgstore"} {
		b.Run(name, func(b *testing.B) {
			c := clients[name]
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.CreateClientLink(context.Background(), req); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
