package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/clientkit/clientkit/api"
	"github.com/clientkit/clientkit/internal/specdiff"
	"github.com/clientkit/clientkit/internal/upstreamfacts"
)

// runBreaking lists the breaking changes of each api/<provider>/openapi.yaml since a git ref.
func runBreaking(args []string, out io.Writer) error {
	fl := flag.NewFlagSet("breaking", flag.ContinueOnError)
	base := fl.String("base", "", "git ref to compare the working tree with")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if *base == "" {
		return errors.New("breaking needs -base")
	}
	failed := false
	for _, p := range api.Providers() {
		path := filepath.Join("api", string(p), "openapi.yaml")
		old, err := exec.Command("git", "show", *base+":"+filepath.ToSlash(path)).Output()
		if err != nil {
			fmt.Fprintf(out, "%s: no spec at %s, nothing to compare\n", p, *base)
			continue
		}
		now, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		changes, err := compareBytes(old, now)
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		broken := specdiff.Breaking(changes)
		fmt.Fprintf(out, "%s: %d breaking, %d other changes since %s\n", p, len(broken), len(changes)-len(broken), *base)
		for _, c := range broken {
			fmt.Fprintln(out, "  "+c.String())
		}
		failed = failed || len(broken) > 0
	}
	if failed {
		return errGate
	}
	return nil
}

func compareBytes(base, revision []byte) ([]specdiff.Change, error) {
	b, err := upstreamfacts.Load(base)
	if err != nil {
		return nil, err
	}
	r, err := upstreamfacts.Load(revision)
	if err != nil {
		return nil, err
	}
	return specdiff.Compare(b, r)
}
