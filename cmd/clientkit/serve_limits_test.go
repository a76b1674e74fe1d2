package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// asMainEnv makes the test binary run main with the arguments in it (separated by spaces), so
// that a test can run clientkit as a process and signal it.
const asMainEnv = "CLIENTKIT_TEST_AS_MAIN"

func TestMain(m *testing.M) {
	if args := os.Getenv(asMainEnv); args != "" {
		os.Args = append([]string{"clientkit"}, strings.Fields(args)...)
		main()
		return
	}
	os.Exit(m.Run())
}

var servedAt = regexp.MustCompile(`fake APIs at (http://127\.0\.0\.1:\d+)`)

// TestServeExitsPromptlyOnSIGTERM holds a connection that has sent nothing and an idle
// keep-alive connection open, then sends SIGTERM: clientkit must exit 0 within a second.
func TestServeExitsPromptlyOnSIGTERM(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	// Under -race a process sleeps a second at exit (GORACE atexit_sleep_ms) unless told not to.
	cmd.Env = append(os.Environ(), asMainEnv+"=serve --addr 127.0.0.1:0", "GORACE=atexit_sleep_ms=0")
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	lines := bufio.NewScanner(stdout)
	base := ""
	for base == "" && lines.Scan() {
		if m := servedAt.FindStringSubmatch(lines.Text()); m != nil {
			base = m[1]
		}
	}
	require.NotEmpty(t, base, "serve printed no address")
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	addr := strings.TrimPrefix(base, "http://")

	silent, err := net.Dial("tcp", addr) // connected, never sends a request
	require.NoError(t, err)
	defer silent.Close()
	idle, err := net.Dial("tcp", addr) // one request answered, then kept alive
	require.NoError(t, err)
	defer idle.Close()
	_, err = io.WriteString(idle, "GET /_fake/counts HTTP/1.1\r\nHost: fake\r\n\r\n")
	require.NoError(t, err)
	resp, err := http.ReadResponse(bufio.NewReader(idle), nil)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)

	start := time.Now()
	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	select {
	case err := <-exited:
		assert.NoError(t, err, "exit status")
		assert.Less(t, time.Since(start), time.Second)
	case <-time.After(3 * time.Second):
		t.Fatal("serve did not exit within 3 s of SIGTERM")
	}
}

// startServe runs serve in-process with extra flags and returns its address; it stops with the test.
func startServe(t *testing.T, flags ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() { done <- runServe(ctx, append([]string{"--addr", "127.0.0.1:0"}, flags...), &stdout, &stderr) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			assert.NoError(t, err, "stderr: %s", stderr.String())
		case <-time.After(5 * time.Second):
			t.Error("serve did not stop")
		}
	})
	require.Eventually(t, func() bool { return servedAt.MatchString(stdout.String()) }, 5*time.Second, 10*time.Millisecond,
		"stderr: %s", stderr.String())
	return strings.TrimPrefix(servedAt.FindStringSubmatch(stdout.String())[1], "http://")
}

// closedWithin reads conn until the server closes it and reports how long that took; it fails
// the test when the connection is still open after limit.
func closedWithin(t *testing.T, conn net.Conn, limit time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	require.NoError(t, conn.SetReadDeadline(start.Add(limit)))
	_, err := io.Copy(io.Discard, conn)
	var netErr net.Error
	if errors.As(err, &netErr) && netErr.Timeout() {
		t.Fatalf("the server still held the connection after %s", limit)
	}
	return time.Since(start)
}

func TestServeClosesSlowAndIdleConnections(t *testing.T) {
	addr := startServe(t, "--read-timeout", "300ms", "--idle-timeout", "300ms")

	t.Run("a body that never arrives", func(t *testing.T) {
		conn, err := net.Dial("tcp", addr)
		require.NoError(t, err)
		defer conn.Close()
		_, err = io.WriteString(conn, "POST /api/auth/clients HTTP/1.1\r\nHost: fake\r\nContent-Type: application/json\r\n"+
			"Authorization: Bearer demo_formance_token\r\nContent-Length: 100\r\n\r\n{\"name\":")
		require.NoError(t, err)
		assert.Less(t, closedWithin(t, conn, 3*time.Second), time.Second)
	})
	t.Run("headers that never end", func(t *testing.T) {
		conn, err := net.Dial("tcp", addr)
		require.NoError(t, err)
		defer conn.Close()
		_, err = io.WriteString(conn, "GET /_fake/counts HTTP/1.1\r\nHost: fake\r\n")
		require.NoError(t, err)
		assert.Less(t, closedWithin(t, conn, 3*time.Second), time.Second)
	})
	t.Run("an idle keep-alive", func(t *testing.T) {
		conn, err := net.Dial("tcp", addr)
		require.NoError(t, err)
		defer conn.Close()
		_, err = io.WriteString(conn, "GET /_fake/counts HTTP/1.1\r\nHost: fake\r\n\r\n")
		require.NoError(t, err)
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		require.NoError(t, err)
		resp.Body.Close()
		assert.Less(t, closedWithin(t, conn, 3*time.Second), time.Second)
	})
}

func TestServeTimeoutFlagsMustBePositive(t *testing.T) {
	for _, flag := range []string{"--read-timeout", "--write-timeout", "--idle-timeout"} {
		err := runServe(context.Background(), []string{flag, "0s"}, io.Discard, io.Discard)
		var usage *usageError
		require.ErrorAs(t, err, &usage)
		assert.Contains(t, err.Error(), flag)
	}
}
