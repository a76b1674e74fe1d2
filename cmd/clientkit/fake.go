package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/clientkit/clientkit/fakeapi"
)

func init() {
	register("fake", "script a running fake (clientkit serve): faults, requests, reset", runFake)
}

// fakeSubcommands are the commands under `clientkit fake`.
var fakeSubcommands = []subcommand{
	{name: "fault", summary: "add, clear or list faults", subs: []subcommand{
		{name: "add", summary: "make the next calls of one operation fail, wait or drop", run: runFakeFaultAdd},
		{name: "clear", summary: "drop pending faults, of one operation or all", run: runFakeFaultClear},
		{name: "list", summary: "print the pending faults as JSON", run: runFakeFaultList},
	}},
	{name: "requests", summary: "print the request log", run: runFakeRequests},
	{name: "reset", summary: "forget all state, faults and requests", run: runFakeReset},
}

func runFake(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return dispatch(ctx, "fake", fakeSubcommands, args, stdout, stderr)
}

// defaultFakeURL is where clientkit serve listens by default.
const defaultFakeURL = "http://127.0.0.1:8080"

// fakeControl talks to the control API of a running fake.
type fakeControl struct {
	base   *url.URL
	client *http.Client
}

// fakeURLFlag adds --url and returns a function that checks it once the flags are parsed.
func fakeURLFlag(fs *commandFlags) func() (*fakeControl, error) {
	raw := fs.urlFlag("url", defaultFakeURL, "base `URL` of the running fake")
	return func() (*fakeControl, error) {
		u, err := httpURL("url", raw, defaultFakeURL)
		if err != nil {
			return nil, err
		}
		if u.User != nil {
			return nil, flagProblem("url", raw.String(), "must not carry a user or password")
		}
		u.Path = strings.TrimSuffix(u.Path, "/")
		return &fakeControl{base: u, client: &http.Client{Timeout: 10 * time.Second}}, nil
	}
}

// do sends one control request; a refusal becomes an error naming the field and its valid values.
func (c *fakeControl) do(ctx context.Context, method, path string, query url.Values, body any, out any) error {
	u := *c.base
	u.Path += path
	u.RawQuery = query.Encode()
	var reader io.Reader
	if body != nil {
		encoded, err := json.Marshal(body)
		if err != nil {
			return err
		}
		reader = bytes.NewReader(encoded)
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), reader)
	if err != nil {
		return err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.client.Do(req)
	if err != nil {
		return fmt.Errorf("is the fake running at %s? %w", c.base, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return fmt.Errorf("read the answer of %s %s: %w", method, path, err)
	}
	if resp.StatusCode >= 300 {
		return controlFailure(resp.StatusCode, data)
	}
	if out != nil {
		return json.Unmarshal(data, out)
	}
	return nil
}

// controlFailure turns a ControlError answer into an error; a refusal of a field the user gave
// by flag is a usage error.
func controlFailure(status int, body []byte) error {
	var ce fakeapi.ControlError
	if err := json.Unmarshal(body, &ce); err != nil || ce.Error == "" {
		return fmt.Errorf("the fake answered %d: %s", status, bytes.TrimSpace(body))
	}
	msg := ce.Error
	if len(ce.Valid) > 0 {
		msg += " (valid: " + strings.Join(ce.Valid, ", ") + ")"
	}
	if flagName, ok := faultFlagOf[ce.Field]; ok && status == http.StatusBadRequest {
		return flagProblem(flagName, "", msg)
	}
	return fmt.Errorf("the fake answered %d: %s", status, msg)
}

// faultFlagOf names the flag behind each field of a FaultRequest.
var faultFlagOf = map[string]string{
	"operationId": "operation", "status": "status", "retryAfter": "retry-after",
	"delay": "delay", "drop": "drop", "times": "times", "after": "after",
}

func runFakeFaultAdd(ctx context.Context, args []string, stdout, _ io.Writer) error {
	fs := newCommandFlags("fake fault add", "Queues a fault for the next calls of one operation of a running fake\n"+
		"(POST /_fake/faults). It needs --status, --delay or --drop.")
	control := fakeURLFlag(fs)
	var fr fakeapi.FaultRequest
	fs.StringVar(&fr.OperationID, "operation", "", "operation id, such as createClient (required; an unknown one is answered with the list)")
	fs.IntVar(&fr.Status, "status", 0, "answer this status (400–599) in the provider's error shape")
	fs.StringVar(&fr.RetryAfter, "retry-after", "", "Retry-After of a --status answer: seconds or an HTTP date")
	fs.StringVar(&fr.Delay, "delay", "", "wait this long before answering, such as 250ms")
	fs.BoolVar(&fr.Drop, "drop", false, "process the request, then close the connection without answering")
	fs.IntVar(&fr.Times, "times", 1, "how many calls the fault applies to")
	if err := fs.parse(args, stdout); err != nil {
		return err
	}
	c, err := control()
	if err != nil {
		return err
	}
	return c.do(ctx, http.MethodPost, "/_fake/faults", nil, fr, nil)
}

func runFakeFaultClear(ctx context.Context, args []string, stdout, _ io.Writer) error {
	fs := newCommandFlags("fake fault clear", "Drops the pending faults of a running fake: all, or those of --operation.")
	control := fakeURLFlag(fs)
	operation := fs.String("operation", "", "clear only this operation's faults")
	if err := fs.parse(args, stdout); err != nil {
		return err
	}
	c, err := control()
	if err != nil {
		return err
	}
	query := url.Values{}
	if *operation != "" {
		query.Set("operationId", *operation)
	}
	return c.do(ctx, http.MethodDelete, "/_fake/faults", query, nil, nil)
}

func runFakeFaultList(ctx context.Context, args []string, stdout, _ io.Writer) error {
	fs := newCommandFlags("fake fault list", "Prints the pending faults of a running fake as JSON.")
	control := fakeURLFlag(fs)
	if err := fs.parse(args, stdout); err != nil {
		return err
	}
	c, err := control()
	if err != nil {
		return err
	}
	var faults []fakeapi.FaultRequest
	if err := c.do(ctx, http.MethodGet, "/_fake/faults", nil, nil, &faults); err != nil {
		return err
	}
	return writeJSON(stdout, faults)
}

func runFakeRequests(ctx context.Context, args []string, stdout, _ io.Writer) error {
	fs := newCommandFlags("fake requests", "Prints the request log of a running fake, oldest first: JSON, or one line per request.")
	control := fakeURLFlag(fs)
	after := fs.Uint64("after", 0, "only requests whose seq is above this")
	format := fs.String("format", "json", "json or human")
	if err := fs.parse(args, stdout); err != nil {
		return err
	}
	if *format != "json" && *format != "human" {
		return flagProblem("format", *format, "is not one of json, human")
	}
	c, err := control()
	if err != nil {
		return err
	}
	var log []fakeapi.Request
	if err := c.do(ctx, http.MethodGet, "/_fake/requests", url.Values{"after": {fmt.Sprint(*after)}}, nil, &log); err != nil {
		return err
	}
	if *format == "json" {
		return writeJSON(stdout, log)
	}
	for _, r := range log {
		fmt.Fprintln(stdout, humanLine(r))
	}
	return nil
}

func runFakeReset(ctx context.Context, args []string, stdout, _ io.Writer) error {
	fs := newCommandFlags("fake reset", "Makes a running fake forget all state, pending faults and requests.")
	control := fakeURLFlag(fs)
	if err := fs.parse(args, stdout); err != nil {
		return err
	}
	c, err := control()
	if err != nil {
		return err
	}
	return c.do(ctx, http.MethodPost, "/_fake/reset", nil, nil, nil)
}
