package fakeapi_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/fakeapi"
	"github.com/clientkit/clientkit/fakeapi/fakeapitest"
)

// chromiumPath is Debian's Chromium; the tests never download a browser.
const chromiumPath = "/usr/bin/chromium"

// screenshotDir is where the browser tests leave their screenshots (gitignored).
const screenshotDir = "../.results/browser"

// newBrowser starts a headless Chromium for one test and returns a context driving it. Without
// Chromium the test is skipped, except under CI, where it fails.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is missing; under CI the browser tests must run (apt-get install chromium)", chromiumPath)
		}
		t.Skipf("%s is missing: browser tests skipped (apt-get install chromium to run them)", chromiumPath)
	}
	// The defaults run headless without first-run, background networking or sync; no network
	// beyond the loopback servers of the test is wanted.
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath),
		chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	browserCtx, cancelBrowser := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancelBrowser()
		cancelAlloc()
		cancel()
	})
	require.NoError(t, chromedp.Do(browserCtx), "start Chromium")
	return browserCtx
}

// screenshot saves the page as .results/browser/<name>.png.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)) // quality 100 is a PNG; less is a JPEG
	require.NoError(t, err)
	require.NoError(t, os.MkdirAll(screenshotDir, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(screenshotDir, name+".png"), png, 0o644))
}

// text is the visible text of the element sel selects.
func text[S chromedp.Selectable](t *testing.T, ctx context.Context, sel S) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(sel))
	require.NoError(t, err)
	return s
}

// appServer plays the app behind the redirect URI: it shows the query it was sent back with.
func appServer(t *testing.T) *httptest.Server {
	app := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<!doctype html><title>app callback</title><h1>Back in the app</h1><p id=query>%s</p>",
			strings.ReplaceAll(r.URL.RawQuery, "<", "&lt;"))
	}))
	t.Cleanup(app.Close)
	return app
}

// consentInBrowser opens a client link's consent screen, clicks the button with id button and
// returns the query the app was sent back with.
func consentInBrowser(t *testing.T, ctx context.Context, button string) url.Values {
	app := appServer(t)
	creds := fakeapi.DefaultCredentials()
	creds.MollieRedirectURI = app.URL + "/callback"
	srv := fakeapitest.NewServer(t, fakeapi.WithCredentials(creds), fakeapi.WithConsent(fakeapi.ConsentInteractive))
	_, href := mollieLink(t, srv)

	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(href+"?"+consentQuery(srv).Encode()),
		chromedp.WaitVisible(chromedp.ID("approve")),
	))
	appName := text(t, ctx, chromedp.ID("app"))
	org := text(t, ctx, chromedp.ID("organization"))
	scopes, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("#scopes li")).map(li => li.textContent)`))
	require.NoError(t, err)
	assert.Equal(t, creds.MollieClientID, appName)
	assert.Equal(t, "Jansen BV", org)
	assert.Equal(t, []string{"clients.write", "onboarding.read"}, scopes)
	screenshot(t, ctx, "consent-screen")

	require.NoError(t, chromedp.Do(ctx,
		chromedp.Click(chromedp.ID(button)),
		chromedp.WaitVisible(chromedp.ID("query")),
	))
	query := text(t, ctx, chromedp.ID("query"))
	screenshot(t, ctx, "consent-after-"+button)
	back, err := url.ParseQuery(query)
	require.NoError(t, err)
	return back
}

func TestBrowserConsentApprove(t *testing.T) {
	back := consentInBrowser(t, newBrowser(t), "approve")
	assert.Equal(t, "st4te", back.Get("state"))
	assert.True(t, strings.HasPrefix(back.Get("code"), "auth_"), "code %q", back.Get("code"))
	assert.Empty(t, back.Get("error"))
}

func TestBrowserConsentDeny(t *testing.T) {
	back := consentInBrowser(t, newBrowser(t), "deny")
	assert.Equal(t, "access_denied", back.Get("error"))
	assert.NotEmpty(t, back.Get("error_description"))
	assert.Equal(t, "st4te", back.Get("state"))
	assert.Empty(t, back.Get("code"))
}

// TestBrowserInspector reads a request and a refusal on the inspector, sees a later request
// appear without a reload, adds a fault with the page's form and checks that it applies.
func TestBrowserInspector(t *testing.T) {
	ctx := newBrowser(t)
	srv := fakeapitest.NewServer(t, fakeapi.WithInspector())
	formance := []string{"Content-Type", jsonType, "Authorization", bearer(srv.Credentials.FormanceToken)}
	id := formanceClient(t, srv, "inspected")
	send(t, "POST", srv.URL+"/api/auth/clients", `{"name":5}`, formance...)
	dwolla := dwollaToken(t, srv)
	mollieLink(t, srv)

	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/_fake/"),
		chromedp.WaitVisible(chromedp.ID("log-rows")),
	))
	log := text(t, ctx, chromedp.ID("log-rows"))
	assert.Contains(t, text(t, ctx, chromedp.ID("state-body")), "Jansen BV")
	assert.Contains(t, log, "createClient")
	assert.Contains(t, log, "201")
	assert.Contains(t, log, "name: value must be a string", "the refusal's message names the field")

	// A request made while the page is open shows up through the page's polling.
	send(t, "GET", srv.URL+"/api/auth/clients/"+id, "", formance...)
	waitCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	require.NoError(t, chromedp.Do(waitCtx, chromedp.WaitVisible(chromedp.CSS(`#log-rows tr[data-seq="5"]`))),
		"the new request never appeared")
	announced, err := chromedp.Run(ctx, chromedp.TextContent(chromedp.ID("log-status")))
	require.NoError(t, err)
	assert.Contains(t, announced, "1 new request")
	screenshot(t, ctx, "inspector-log")

	require.NoError(t, chromedp.Do(ctx,
		chromedp.SetValue(chromedp.ID("fault-op"), fakeapi.OpReadClient),
		chromedp.SendKeys(chromedp.ID("fault-status"), "503"),
		chromedp.SendKeys(chromedp.ID("fault-retry"), "3"),
		chromedp.Click(chromedp.ID("add-fault")),
		chromedp.WaitVisible(chromedp.ID("clear-faults")),
	))
	screenshot(t, ctx, "inspector-fault-added")
	got := send(t, "GET", srv.URL+"/api/auth/clients/"+id, "", formance...)
	requireFormanceError(t, got, 503, "INTERNAL")
	assert.Equal(t, "3", got.header.Get("Retry-After"))

	html, err := chromedp.Run(ctx, chromedp.OuterHTML(chromedp.CSS("html")))
	require.NoError(t, err)
	assert.NotContains(t, html, srv.Credentials.FormanceToken)
	assert.NotContains(t, html, dwolla)
	assert.Contains(t, html, "…"+dwolla[len(dwolla)-4:])
}
