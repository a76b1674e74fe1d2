package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/clientkit/clientkit/internal/upstreamfacts"
)

// runFacts extracts the facts of an upstream spec into api/upstream/<provider>.json. Provenance
// and the selection of operations come from the flags, else from the file being replaced, else
// (for a raw.githubusercontent.com URL) from the URL.
func runFacts(ctx context.Context, args []string) error {
	fl := flag.NewFlagSet("facts", flag.ContinueOnError)
	provider := fl.String("provider", "", "provider name (mollie, dwolla, formance)")
	src := fl.String("src", "", "upstream spec: a file or an http(s) URL")
	out := fl.String("out", "", "facts file to write (default api/upstream/<provider>.json)")
	all := fl.Bool("all", false, "keep every operation and security scheme, not only those already pinned")
	var p upstreamfacts.Provenance
	fl.StringVar(&p.Repository, "repository", "", "upstream repository, owner/name")
	fl.StringVar(&p.Path, "path", "", "the spec's path in the repository")
	fl.StringVar(&p.Commit, "commit", "", "the upstream commit")
	fl.StringVar(&p.License, "license", "", "the licence upstream states")
	fl.StringVar(&p.Source, "source", "", "what the bytes read are (default: the upstream file)")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if *provider == "" || *src == "" {
		return errors.New("facts needs -provider and -src")
	}
	if *out == "" {
		*out = filepath.Join("api", "upstream", *provider+".json")
	}
	facts, sum, err := upstreamfacts.FromSource(ctx, *src)
	if err != nil {
		return err
	}
	old, err := upstreamfacts.ReadFile(*out)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		*all = true
	case err != nil:
		return err
	}
	if !*all {
		facts = facts.Only(old.Facts.IDs(), old.Facts.SchemeNames())
	}
	fromURL := rawGitHub(*src)
	merged := upstreamfacts.Provenance{
		Repository:   cmp.Or(p.Repository, fromURL.Repository, old.Provenance.Repository),
		Path:         cmp.Or(p.Path, fromURL.Path, old.Provenance.Path),
		Commit:       cmp.Or(p.Commit, fromURL.Commit, old.Provenance.Commit),
		License:      cmp.Or(p.License, old.Provenance.License),
		Source:       cmp.Or(p.Source, "the upstream file"),
		SourceSHA256: sum,
	}
	f := upstreamfacts.File{Comment: upstreamfacts.Comment, Provider: *provider, Provenance: merged, Facts: facts}
	b, err := f.Marshal()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(*out), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(*out, b, 0o644); err != nil {
		return err
	}
	fmt.Printf("%s: %d operations, %d security schemes, source sha256 %s\n", *out, len(facts.Operations), len(facts.SecuritySchemes), sum)
	return nil
}

// rawGitHub reads repository, ref and path from a raw.githubusercontent.com URL.
func rawGitHub(src string) upstreamfacts.Provenance {
	rest, ok := strings.CutPrefix(src, "https://raw.githubusercontent.com/")
	if !ok {
		return upstreamfacts.Provenance{}
	}
	parts := strings.SplitN(rest, "/", 4)
	if len(parts) < 4 {
		return upstreamfacts.Provenance{}
	}
	return upstreamfacts.Provenance{Repository: parts[0] + "/" + parts[1], Commit: parts[2], Path: parts[3]}
}
