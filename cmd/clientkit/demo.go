package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/clientkit/clientkit/fakeapi"
)

func init() {
	register("demo", "run every flow end to end against the embedded fake APIs", runDemo)
}

// demoTimeout bounds the whole demo; it normally takes well under a second.
const demoTimeout = 30 * time.Second

// stepResult is one printed demo step.
type stepResult struct {
	Provider string     `json:"provider"`
	Step     string     `json:"step"`
	OK       bool       `json:"ok"`
	Status   int        `json:"status,omitempty"` // the last HTTP status of the step; 0 for local work
	Duration float64    `json:"durationMs"`
	Detail   string     `json:"detail,omitempty"` // what came of it, secrets redacted
	Error    string     `json:"error,omitempty"`
	HTTP     []exchange `json:"http,omitempty"` // every request the step made, retries included
}

// demoStep is one part of the story; it returns a line of detail for the reader.
type demoStep struct {
	provider, name string
	run            func(ctx context.Context) (string, error)
}

// runDemo starts the fake on a loopback port, runs the story against it and prints each step.
func runDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newCommandFlags("demo",
		"Starts the fake Mollie, Dwolla and Formance APIs on a loopback port and runs every flow of the\n"+
			"three providers against them, printing each step with its HTTP status and duration.")
	asJSON := fs.Bool("json", false, "print one JSON object per step")
	generationName := fs.String("formance-generation", "today", "the fake Formance stack's Auth API: today, or 2023 (scope records and endpoints)")
	if err := fs.parse(args, stdout); err != nil {
		return err
	}
	generation, err := fakeapi.ParseFormanceGeneration(*generationName)
	if err != nil {
		return &usageError{msg: fmt.Sprintf("--formance-generation %q is not one of today, 2023", *generationName)}
	}
	ctx, cancel := context.WithTimeout(ctx, demoTimeout)
	defer cancel()

	creds := fakeapi.DefaultCredentials()
	fake, err := fakeapi.NewHandler(fakeapi.WithCredentials(creds), fakeapi.WithFormanceGeneration(generation))
	if err != nil {
		return err
	}
	base, stop, err := serveLoopback(fake)
	if err != nil {
		return err
	}
	defer stop()

	rec := &recorder{base: http.DefaultTransport.(*http.Transport).Clone()}
	story := newDemoStory(base, creds, fake, rec)
	if !*asJSON {
		fmt.Fprintf(stdout, "clientkit demo: fake Mollie, Dwolla and Formance APIs at %s\n\n", base)
	}
	failed := 0
	for _, step := range story.steps() {
		res := runStep(ctx, step, rec)
		if !res.OK {
			failed++
		}
		if *asJSON {
			if err := json.NewEncoder(stdout).Encode(res); err != nil {
				return err
			}
		} else {
			printStep(stdout, res)
		}
		if ctx.Err() != nil {
			break
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d demo step(s) failed", failed)
	}
	if !*asJSON {
		fmt.Fprintln(stdout, "\nevery step passed")
	}
	return nil
}

// runStep runs one step and collects the HTTP exchanges it made.
func runStep(ctx context.Context, step demoStep, rec *recorder) stepResult {
	mark := rec.mark()
	start := time.Now()
	detail, err := step.run(ctx)
	res := stepResult{
		Provider: step.provider, Step: step.name, OK: err == nil,
		Duration: millis(time.Since(start)), Detail: detail, HTTP: rec.since(mark),
	}
	if n := len(res.HTTP); n > 0 {
		res.Status = res.HTTP[n-1].Status
	}
	if err != nil {
		res.Error = err.Error()
	}
	return res
}

// printStep writes a step as one line, followed by its requests when there was more than one.
func printStep(w io.Writer, r stepResult) {
	mark, status := "ok  ", "  - "
	if !r.OK {
		mark = "FAIL"
	}
	if r.Status != 0 {
		status = fmt.Sprint(r.Status)
	}
	fmt.Fprintf(w, "%s %-9s %-36s %s %7.1fms  %s\n", mark, r.Provider, r.Step, status, r.Duration, r.Detail)
	if r.Error != "" {
		fmt.Fprintf(w, "       error: %s\n", r.Error)
	}
	if len(r.HTTP) > 1 {
		for _, e := range r.HTTP {
			outcome := fmt.Sprint(e.Status)
			if e.Status == 0 {
				outcome = e.Error
			}
			fmt.Fprintf(w, "       %-6s %-40s %s %7.1fms\n", e.Method, e.Path, outcome, e.Duration)
		}
	}
}

// serveLoopback serves h on a free 127.0.0.1 port and returns its base URL and a stop function.
func serveLoopback(h http.Handler) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	done := make(chan struct{})
	go func() {
		defer close(done)
		// Serve ends with ErrServerClosed at stop; any other failure shows in the steps as
		// connection errors.
		_ = srv.Serve(ln)
	}()
	stop := func() {
		_ = srv.Close()
		<-done
	}
	return "http://" + ln.Addr().String(), stop, nil
}
