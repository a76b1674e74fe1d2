package main

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestServeFlagsReachTheFake: --formance-generation 2023 serves the seed era's scope records;
// --mollie-rotate-refresh-tokens is accepted.
func TestServeFlagsReachTheFake(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--formance-generation", "2023",
			"--mollie-rotate-refresh-tokens"}, &stdout, &stderr)
	}()
	urlPattern := regexp.MustCompile(`fake APIs at (http://127\.0\.0\.1:\d+)`)
	require.Eventually(t, func() bool { return urlPattern.MatchString(stdout.String()) }, 5*time.Second, 10*time.Millisecond)
	base := urlPattern.FindStringSubmatch(stdout.String())[1]

	req, err := http.NewRequest("POST", base+"/api/auth/scopes", strings.NewReader(`{"label":"ledger:read"}`))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer demo_formance_token")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusCreated, resp.StatusCode, "scope records exist in the 2023 generation")

	cancel()
	select {
	case code := <-done:
		assert.Equal(t, 0, code, "stderr: %s", stderr.String())
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop")
	}
}
