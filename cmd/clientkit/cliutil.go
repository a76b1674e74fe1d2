package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/clientkit/clientkit/facade"
)

// This file holds what the real-API commands (mollie, dwolla, formance) share: sub-command
// dispatch, the options every client gets and JSON output. Flags are in cliflags.go, the
// reporting of failures in clierrors.go.

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
// top-level command, so "clientkit formance: clients get: missing --client" says where it came from.
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

// sharedOptions are the facade options every command gives its client: the CLI's User-Agent and,
// with verbose, a debug logger on stderr. Each provider's New takes them among its own options.
func sharedOptions(verbose bool, stderr io.Writer) []facade.Option {
	opts := []facade.Option{facade.WithUserAgent(cliUserAgent)}
	if verbose {
		opts = append(opts, facade.WithLogger(debugLogger(stderr)))
	}
	return opts
}

// debugLogger writes debug lines as text to w: the request log of --verbose.
func debugLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// writeJSON prints v as indented JSON.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// withShared returns own followed by the shared options, as the option type O of a provider
// package (mollie.Option, dwolla.Option, formance.Option), which every facade.Option satisfies.
func withShared[O any](verbose bool, stderr io.Writer, own ...O) []O {
	for _, o := range sharedOptions(verbose, stderr) {
		own = append(own, any(o).(O))
	}
	return own
}
