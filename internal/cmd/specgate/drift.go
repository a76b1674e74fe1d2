package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"

	"github.com/clientkit/clientkit/api"
	"github.com/clientkit/clientkit/internal/specdiff"
	"github.com/clientkit/clientkit/internal/upstreamfacts"
)

// runDrift compares the current upstream spec with the pinned facts and with our spec.
func runDrift(ctx context.Context, args []string) error {
	fl := flag.NewFlagSet("drift", flag.ContinueOnError)
	provider := fl.String("provider", "", "provider name (mollie, dwolla, formance)")
	upstream := fl.String("upstream", "", "current upstream spec: a file or an http(s) URL")
	facts := fl.String("facts", "", "pinned facts (default api/upstream/<provider>.json)")
	asJSON := fl.Bool("json", false, "print the result as JSON")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if *provider == "" || *upstream == "" {
		return errors.New("drift needs -provider and -upstream")
	}
	if *facts == "" {
		*facts = filepath.Join("api", "upstream", *provider+".json")
	}
	pinned, err := upstreamfacts.ReadFile(*facts)
	if err != nil {
		return err
	}
	current, _, err := upstreamfacts.FromSource(ctx, *upstream)
	if err != nil {
		return err
	}
	raw, err := api.Spec(api.Provider(*provider))
	if err != nil {
		return err
	}
	ours, err := upstreamfacts.FromData(raw)
	if err != nil {
		return err
	}
	d, err := specdiff.CheckDrift(pinned.Facts, current, ours)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(d); err != nil {
			return err
		}
	} else {
		d.Print(os.Stdout)
	}
	if d.Failed() {
		return errGate
	}
	return nil
}
