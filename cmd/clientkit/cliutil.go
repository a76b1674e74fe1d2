package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"

	"github.com/clientkit/clientkit/facade"
)

// This file holds what the real-API commands (mollie, dwolla, formance) share: sub-command
// dispatch, flag helpers, credentials from flags or the environment, JSON output and the
// mapping of facade errors to exit statuses.

// cliUserAgent is put in front of the facade's User-Agent on every request the CLI sends.
const cliUserAgent = "clientkit-cli"

// subcommand is one node under a provider command: a leaf with run, or a group with subs.
type subcommand struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
	subs    []subcommand
}

// isHelpArg reports whether a command's first argument asks for its usage.
func isHelpArg(arg string) bool {
	return arg == "-h" || arg == "--help" || arg == "-help" || arg == "help"
}

// dispatch runs the sub-command named by args[0] among subs; path is the command line so far
// (such as "formance clients"). Usage errors of a leaf are prefixed with its name below the
// top-level command, so "clientkit formance: clients get: --id is empty" says where it came from.
func dispatch(ctx context.Context, path string, subs []subcommand, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return &usageError{msg: fmt.Sprintf("missing command: one of %s (see clientkit %s --help)", subNames(subs), path)}
	}
	name := args[0]
	if isHelpArg(name) {
		printSubUsage(stdout, path, subs)
		return flag.ErrHelp
	}
	for _, sub := range subs {
		if sub.name != name {
			continue
		}
		if sub.subs != nil {
			return dispatch(ctx, path+" "+name, sub.subs, args[1:], stdout, stderr)
		}
		err := sub.run(ctx, args[1:], stdout, stderr)
		var usage *usageError
		if errors.As(err, &usage) {
			below, _ := strings.CutPrefix(path+" "+name, strings.Fields(path)[0]+" ")
			return &usageError{msg: below + ": " + usage.msg}
		}
		return err
	}
	return &usageError{msg: fmt.Sprintf("unknown command %q: one of %s (see clientkit %s --help)", name, subNames(subs), path)}
}

func subNames(subs []subcommand) string {
	names := make([]string, len(subs))
	for i, s := range subs {
		names[i] = s.name
	}
	return strings.Join(names, ", ")
}

func printSubUsage(w io.Writer, path string, subs []subcommand) {
	fmt.Fprintf(w, "Usage: clientkit %s <command> [flags]\n\nCommands:\n", path)
	for _, s := range subs {
		fmt.Fprintf(w, "  %-20s %s\n", s.name, s.summary)
	}
	fmt.Fprintf(w, "\nRun clientkit %s <command> --help for a command's flags.\n", path)
}

// newFlagSet returns a flag set for the leaf `clientkit <path>`, whose help starts with about.
// It prints nothing while parsing: parseCommandFlags prints the help on --help, and a bad flag
// becomes a usage error that main prints.
func newFlagSet(path, about string) *flag.FlagSet {
	fs := flag.NewFlagSet("clientkit "+path, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: clientkit %s [flags]\n\n%s\n\nFlags:\n", path, about)
		fs.PrintDefaults()
	}
	return fs
}

// parseCommandFlags parses args with a flag set from newFlagSet and prints its help to stdout on
// --help (returning flag.ErrHelp, exit 0).
func parseCommandFlags(fs *flag.FlagSet, args []string, stdout io.Writer) error {
	err := parseFlags(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		fs.SetOutput(stdout)
		fs.Usage()
	}
	return err
}

// verboseFlag adds --verbose, the request log on stderr.
func verboseFlag(fs *flag.FlagSet) *bool {
	return fs.Bool("verbose", false, "log each HTTP exchange (method, path, status, duration) to stderr; never headers, bodies or secrets")
}

// clientOptions are the options every command gives a facade client: the CLI's User-Agent and,
// with verbose, a debug logger on stderr.
func clientOptions(verbose bool, stderr io.Writer) []facade.Option {
	opts := []facade.Option{facade.WithUserAgent(cliUserAgent)}
	if verbose {
		opts = append(opts, facade.WithLogger(slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	}
	return opts
}

// setting returns value when a flag gave one, else the environment variable env. Credentials are
// read this way rather than as flag defaults so that --help never prints them.
func setting(value, env string) string {
	if value != "" {
		return value
	}
	return os.Getenv(env)
}

// requireSetting is setting for a value the command cannot do without.
func requireSetting(value, flagName, env string) (string, error) {
	if v := setting(value, env); v != "" {
		return v, nil
	}
	return "", &usageError{msg: fmt.Sprintf("missing --%s or %s", flagName, env)}
}

// clientSetupError turns a facade constructor's refusal into a usage error. The commands check
// their credentials first, so what is left to refuse is the base URL.
func clientSetupError(baseURL string, err error) error {
	return &usageError{msg: fmt.Sprintf("--base-url %q: %v", baseURL, err)}
}

// writeJSON prints v as indented JSON.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// callError sorts the error of a facade call: an *InputError came from the flags, so it is a
// usage error naming the flag (flagOf maps the facade's field names to flags); an *APIError or
// *RetryError is an API failure printed with all its fields; anything else is returned as is.
func callError(err error, flagOf map[string]string) error {
	var input *facade.InputError
	if errors.As(err, &input) {
		field := input.Field
		if f, ok := flagOf[field]; ok {
			field = "--" + f
		}
		return &usageError{msg: field + " " + input.Problem}
	}
	var apiErr *facade.APIError
	var retryErr *facade.RetryError
	if errors.As(err, &apiErr) || errors.As(err, &retryErr) {
		return &apiFailure{err: err}
	}
	return err
}

// apiFailure is a call the provider refused or that got no answer; its message is the error's
// summary followed by one `key: value` line per field that is set.
type apiFailure struct{ err error }

func (e *apiFailure) Unwrap() error { return e.err }

func (e *apiFailure) Error() string {
	var b strings.Builder
	b.WriteString(e.err.Error())
	line := func(key, value string) {
		if value != "" {
			fmt.Fprintf(&b, "\n  %s: %s", key, value)
		}
	}
	var apiErr *facade.APIError
	if errors.As(e.err, &apiErr) {
		line("provider", apiErr.Provider)
		line("operation", apiErr.Operation)
		line("status", strconv.Itoa(apiErr.StatusCode))
		line("code", apiErr.Code)
		line("title", apiErr.Title)
		line("message", apiErr.Message)
		line("detail", apiErr.Detail)
		for _, f := range apiErr.Fields {
			line("field", strings.Join(nonEmpty(f.Path, f.Code, f.Message), ": "))
		}
		line("request id", apiErr.RequestID)
		if apiErr.RetryAfter > 0 {
			line("retry after", apiErr.RetryAfter.String())
		}
		line("attempts", strconv.Itoa(apiErr.Attempts))
		return b.String()
	}
	var retryErr *facade.RetryError
	if errors.As(e.err, &retryErr) {
		line("reason", retryErr.Reason)
		line("attempts", strconv.Itoa(retryErr.Attempts))
	}
	return b.String()
}

func nonEmpty(values ...string) []string {
	var out []string
	for _, v := range values {
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}

// stringList is a repeatable string flag.
type stringList []string

func (l *stringList) String() string { return strings.Join(*l, ", ") }

func (l *stringList) Set(v string) error {
	*l = append(*l, v)
	return nil
}

// keyValues is a repeatable key=value flag.
type keyValues map[string]string

func (m keyValues) String() string {
	pairs := make([]string, 0, len(m))
	for k, v := range m {
		pairs = append(pairs, k+"="+v)
	}
	return strings.Join(pairs, ", ")
}

func (m keyValues) Set(v string) error {
	key, value, ok := strings.Cut(v, "=")
	if !ok || key == "" {
		return errors.New("want key=value")
	}
	if _, dup := m[key]; dup {
		return fmt.Errorf("key %q given twice", key)
	}
	m[key] = value
	return nil
}

// optionalBool is a boolean flag that remembers whether it was given, so an absent flag is left
// out of a request rather than sent as false.
type optionalBool struct {
	set   bool
	value bool
}

func (b *optionalBool) IsBoolFlag() bool { return true }

func (b *optionalBool) String() string {
	if b == nil || !b.set {
		return ""
	}
	return strconv.FormatBool(b.value)
}

func (b *optionalBool) Set(v string) error {
	parsed, err := strconv.ParseBool(v)
	if err != nil {
		return errors.New("want true or false")
	}
	b.set, b.value = true, parsed
	return nil
}

// ptr returns a pointer to b's value, or nil when the flag was not given.
func (b *optionalBool) ptr() *bool {
	if !b.set {
		return nil
	}
	v := b.value
	return &v
}

// optionalString returns a pointer to s, or nil when s is empty.
func optionalString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
