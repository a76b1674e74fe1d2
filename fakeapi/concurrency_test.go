package fakeapi_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/clientkit/clientkit/fakeapi"
	"github.com/clientkit/clientkit/fakeapi/fakeapitest"
)

// TestConcurrentUse runs the three providers' flows from many goroutines at once; run it with -race.
func TestConcurrentUse(t *testing.T) {
	srv := fakeapitest.NewServer(t)
	dwolla := dwollaToken(t, srv)
	const workers, rounds = 8, 5
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for r := range rounds {
				send(t, "POST", srv.URL+"/api/auth/clients", fmt.Sprintf(`{"name":"w%d-%d"}`, w, r),
					"Content-Type", jsonType, "Authorization", bearer(srv.Credentials.FormanceToken))
				send(t, "GET", srv.URL+"/api/auth/clients", "", "Authorization", bearer(srv.Credentials.FormanceToken))
				// Every worker repeats one shared key: exactly one link is created for it.
				send(t, "POST", srv.URL+"/v2/client-links", clientLinkBody, "Content-Type", jsonType,
					"Authorization", bearer(srv.Credentials.MollieAccessToken), "Idempotency-Key", "shared")
				send(t, "POST", srv.URL+"/client-tokens", clientTokenBody, "Content-Type", jsonType, "Accept", dwollaType,
					"Authorization", bearer(dwolla))
				_ = srv.Handler.Requests()
			}
		})
	}
	wg.Wait()
	assert.Equal(t, workers*rounds, srv.Handler.Count(fakeapi.KindFormanceClient))
	assert.Equal(t, 1, srv.Handler.Count(fakeapi.KindClientLink))
	assert.Equal(t, workers*rounds, srv.Handler.Count(fakeapi.KindClientToken))
	statuses := map[int]int{}
	for _, r := range srv.Handler.Requests() {
		if r.OperationID == "create-client-link" {
			statuses[r.Status]++
		}
	}
	// Repeats either replay the answer (201) or find the first call still running (409).
	assert.Equal(t, workers*rounds, statuses[http.StatusCreated]+statuses[http.StatusConflict])
}
