package soak

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/facade/mollie"
	"github.com/clientkit/clientkit/facade/mollie/orgstore"
	"github.com/clientkit/clientkit/facade/mollie/orgstore/internal/orgtest"
	"github.com/clientkit/clientkit/fakeapi"
	"github.com/clientkit/clientkit/internal/pgtest"
)

// workerEnv carries a WorkerConfig to a re-executed test binary, which then runs RunWorker
// instead of the tests and prints its Summary as JSON.
const workerEnv = "CLIENTKIT_SOAK_WORKER"

func TestMain(m *testing.M) {
	if cfg := os.Getenv(workerEnv); cfg != "" {
		os.Exit(worker(cfg))
	}
	os.Exit(pgtest.Main(m))
}

func worker(raw string) int {
	var cfg WorkerConfig
	if err := json.Unmarshal([]byte(raw), &cfg); err != nil {
		fmt.Fprintln(os.Stderr, "soak worker:", err)
		return 2
	}
	sum, err := RunWorker(context.Background(), cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "soak worker:", err)
		return 1
	}
	_ = json.NewEncoder(os.Stdout).Encode(sum)
	return 0
}

// params is one soak's size. The defaults are the short soak of `make test`; `make soak` sets
// the CLIENTKIT_SOAK_* variables for the long one.
type params struct {
	procs, goroutines, orgs int
	duration, ttl, pace     time.Duration
}

func soakParams(t *testing.T) params {
	p := params{procs: 4, goroutines: 16, orgs: 50, duration: 8 * time.Second, ttl: 6 * time.Second, pace: 5 * time.Millisecond}
	for name, d := range map[string]*time.Duration{"DURATION": &p.duration, "TOKEN_TTL": &p.ttl, "PACE": &p.pace} {
		if v := os.Getenv("CLIENTKIT_SOAK_" + name); v != "" {
			var err error
			*d, err = time.ParseDuration(v)
			require.NoError(t, err, "CLIENTKIT_SOAK_%s", name)
		}
	}
	for name, n := range map[string]*int{"PROCS": &p.procs, "ORGS": &p.orgs} {
		if v := os.Getenv("CLIENTKIT_SOAK_" + name); v != "" {
			var err error
			*n, err = strconv.Atoi(v)
			require.NoError(t, err, "CLIENTKIT_SOAK_%s", name)
		}
	}
	return p
}

// soakRun is a soak under way: the fake, the store, the organizations.
type soakRun struct {
	p     params
	fake  *orgtest.Fake
	dbURL string
	store *orgstore.Postgres
	orgs  []string
	oauth *mollie.OAuth
}

func newSoak(t *testing.T, p params) *soakRun {
	fake, err := orgtest.StartFake(fakeapi.WithMollieRefreshTokenRotation(), fakeapi.WithMollieAccessTokenTTL(p.ttl))
	require.NoError(t, err)
	t.Cleanup(fake.Close)
	s := &soakRun{p: p, fake: fake, dbURL: pgtest.NewDatabase(t), oauth: orgtest.OAuth(fake.URL, fake.Fake.Credentials())}
	pool, err := pgxpool.New(t.Context(), s.dbURL)
	require.NoError(t, err)
	t.Cleanup(pool.Close)
	s.store = orgstore.NewPostgres(pool)
	require.NoError(t, s.store.Migrate(t.Context()))
	orgs, err := orgstore.New(orgstore.Config{OAuth: s.oauth, Store: s.store})
	require.NoError(t, err)
	for i := range p.orgs { // in order: organization i is the fake's authorization i+1
		org := fmt.Sprintf("org-%04d", i)
		tok, err := orgtest.Connect(t.Context(), s.oauth)
		require.NoError(t, err)
		require.NoError(t, orgs.Save(t.Context(), org, tok))
		s.orgs = append(s.orgs, org)
	}
	return s
}

// start starts a worker process until until.
func (s *soakRun) start(t *testing.T, id string, until time.Time, uncoordinated bool) (*exec.Cmd, *bytes.Buffer) {
	cfg, err := json.Marshal(WorkerConfig{ID: id, DatabaseURL: withQuery(t, s.dbURL, "pool_max_conns", "20"), FakeURL: s.fake.URL,
		Credentials: s.fake.Fake.Credentials(), Orgs: s.orgs, Goroutines: s.p.goroutines, Until: until,
		Pace: s.p.pace, Uncoordinated: uncoordinated})
	require.NoError(t, err)
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), workerEnv+"="+string(cfg))
	out := &bytes.Buffer{}
	cmd.Stdout, cmd.Stderr = out, out
	require.NoError(t, cmd.Start())
	return cmd, out
}

// outcome is what a soak left behind.
type outcome struct {
	summaries   []Summary
	lost        []string // organizations that no longer work
	refreshes   []int    // the fake's refreshes per organization
	generations []int64  // the store's writes per organization
	elapsed     time.Duration
}

// run runs the workers, killing one mid-refresh when kill is set, and checks every
// organization afterwards.
func (s *soakRun) run(t *testing.T, uncoordinated, kill bool) outcome {
	start := time.Now()
	until := start.Add(s.p.duration)
	type proc struct {
		cmd *exec.Cmd
		out *bytes.Buffer
	}
	var procs []proc
	for i := range s.p.procs {
		cmd, out := s.start(t, fmt.Sprintf("w%d", i), until, uncoordinated)
		procs = append(procs, proc{cmd, out})
	}
	t.Cleanup(func() {
		for _, p := range procs {
			_ = p.cmd.Process.Kill()
		}
	})
	if kill {
		s.killMidRefresh(t, procs[0].cmd, start.Add(s.p.duration*2/5))
		cmd, out := s.start(t, "w0-restarted", until, uncoordinated)
		procs[0] = proc{cmd, out}
	}
	var res outcome
	for _, p := range procs {
		err := p.cmd.Wait()
		require.NoError(t, err, "worker output:\n%s", p.out)
		var sum Summary
		require.NoError(t, json.Unmarshal(p.out.Bytes(), &sum), "worker output:\n%s", p.out)
		res.summaries = append(res.summaries, sum)
	}
	res.elapsed = time.Since(start)

	// Every organization once more, from a fresh process's point of view.
	orgs, err := orgstore.New(orgstore.Config{OAuth: s.oauth, Store: s.store})
	require.NoError(t, err)
	for _, org := range s.orgs {
		c, err := orgs.Client(t.Context(), org, mollie.WithBaseURL(s.fake.URL))
		if err == nil {
			_, err = c.CreateClientLink(t.Context(), orgtest.LinkRequest())
		}
		if err != nil {
			res.lost = append(res.lost, org)
		}
	}
	grants := s.fake.Fake.MollieGrants()
	require.Len(t, grants, len(s.orgs))
	for i, org := range s.orgs {
		rec, err := s.store.Load(t.Context(), org)
		require.NoError(t, err)
		res.refreshes = append(res.refreshes, grants[i].Refreshes)
		res.generations = append(res.generations, rec.Generation)
	}
	return res
}

// killMidRefresh holds the token requests of victim from at, SIGKILLs it while one is held
// (the fake never sees it), and stops holding.
func (s *soakRun) killMidRefresh(t *testing.T, victim *exec.Cmd, at time.Time) {
	time.Sleep(time.Until(at))
	held := s.fake.Hold("w0")
	select {
	case <-held:
	case <-time.After(2*s.p.ttl + 10*time.Second):
		t.Fatal("the victim made no token request")
	}
	// A refresh the fake answered before the hold is stored by the victim within moments; give
	// it that time (new requests are held meanwhile). Killing the victim in that window would
	// lose the rotated token with it, which no client can prevent (see the package doc).
	for s.fake.InFlight("w0") > 0 {
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(time.Second)
	require.NoError(t, victim.Process.Kill())
	_ = victim.Wait()
	s.fake.Hold("") // its held requests wait for their dead caller, and are never sent on
	deadline := time.Now().Add(10 * time.Second)
	for s.fake.AbortedRequests.Load() < s.fake.HeldRequests.Load() && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	require.Equal(t, s.fake.HeldRequests.Load(), s.fake.AbortedRequests.Load(), "every held refresh died with the victim")
}

func (o outcome) total() (s Summary) {
	for _, w := range o.summaries {
		s.Calls += w.Calls
		s.OK += w.OK
		s.Reconnect += w.Reconnect
		s.Failed += w.Failed
		s.Refreshed += w.Refreshed
		s.Lost += w.Lost
		s.Errors = append(s.Errors, w.Errors...)
	}
	return s
}

// TestSoak: N processes × 16 goroutines sharing one PostgreSQL store and one fake that rotates
// refresh tokens, one process SIGKILLed mid-refresh: one refresh per expiry, no invalid_grant,
// no call with an expired or revoked token, no organization lost.
func TestSoak(t *testing.T) {
	p := soakParams(t)
	s := newSoak(t, p)
	res := s.run(t, false, true)
	sum := res.total()
	maxPerOrg := int(res.elapsed/(p.ttl/2)) + 1 // renewed at half-life: at most one renewal per half-life
	t.Logf("soak: %d processes (+1 restarted after SIGKILL) × %d goroutines, %d orgs, %s, token TTL %s: %d calls, %d ok, %d failed, %d renewals by workers",
		p.procs, p.goroutines, p.orgs, res.elapsed.Round(time.Second), p.ttl, sum.Calls, sum.OK, sum.Failed, sum.Refreshed)
	t.Logf("soak: fake: %d API calls, %d answered 401, %d token requests, %d refused (invalid_grant), %d refresh requests aborted by the kill",
		s.fake.APICalls.Load(), s.fake.Unauthorized.Load(), s.fake.TokenRequests.Load(), s.fake.RefusedRefresh.Load(), s.fake.AbortedRequests.Load())
	t.Logf("soak: refreshes per org min %d / mean %.1f / max %d (bound %d = one per half-life); lost orgs %d",
		slices.Min(res.refreshes), mean(res.refreshes), slices.Max(res.refreshes), maxPerOrg, len(res.lost))

	assert.Empty(t, res.lost, "no organization lost")
	assert.Zero(t, s.fake.RefusedRefresh.Load(), "no invalid_grant: %v", s.fake.Refusals())
	assert.Zero(t, s.fake.Unauthorized.Load(), "no call with an expired or revoked token")
	assert.Zero(t, sum.Reconnect+sum.Failed, "every call succeeded: %v", sum.Errors)
	mismatched, refreshes, renewals := 0, 0, int64(0)
	for i := range s.orgs {
		refreshes += res.refreshes[i]
		renewals += res.generations[i] - 1
		if int64(res.refreshes[i]) != res.generations[i]-1 { // every refresh stored once, none twice
			mismatched++
		}
	}
	t.Logf("soak: refreshes at the fake %d, renewals in the store %d, orgs where they differ %d", refreshes, renewals, mismatched)
	assert.Zero(t, mismatched, "orgs whose fake refresh count differs from their stored renewals")
	assert.LessOrEqual(t, slices.Max(res.refreshes), maxPerOrg, "no org refreshed more than once per expiry")
	assert.GreaterOrEqual(t, slices.Min(res.refreshes), 1, "every org was renewed")
}

// TestSoakWithoutCoordinationLosesOrganizations is the same soak with a store that renews
// without the lock: processes refresh the same organization at once, the rotated refresh token
// wins once, and the others get invalid_grant.
func TestSoakWithoutCoordinationLosesOrganizations(t *testing.T) {
	p := soakParams(t)
	s := newSoak(t, p)
	res := s.run(t, true, false)
	sum := res.total()
	t.Logf("uncoordinated soak: %d processes × %d goroutines, %d orgs, %s: %d calls, %d refused with reconnect; fake: %d invalid_grant; lost orgs %d of %d",
		p.procs, p.goroutines, p.orgs, res.elapsed.Round(time.Second), sum.Calls, sum.Reconnect, s.fake.RefusedRefresh.Load(), len(res.lost), len(s.orgs))
	assert.NotZero(t, s.fake.RefusedRefresh.Load(), "concurrent refreshes with one rotated refresh token")
	assert.NotEmpty(t, res.lost, "organizations lost without coordination")
}

// withQuery returns raw with the query parameter key=value added.
func withQuery(t *testing.T, raw, key, value string) string {
	u, err := url.Parse(raw)
	require.NoError(t, err)
	q := u.Query()
	q.Set(key, value)
	u.RawQuery = q.Encode()
	return u.String()
}

func mean(xs []int) float64 {
	sum := 0
	for _, x := range xs {
		sum += x
	}
	return float64(sum) / float64(len(xs))
}
