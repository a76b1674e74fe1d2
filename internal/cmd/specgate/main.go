// Command specgate keeps clientkit's specs honest. It is run by the Makefile, not shipped:
//
//	specgate facts -provider P -src FILE|URL     rewrite api/upstream/P.json from an upstream spec
//	specgate drift -provider P -upstream FILE|URL  what changed upstream since the pinned facts
//	specgate breaking -base REF                  breaking changes of api/*/openapi.yaml since REF
//
// Exit status: 0 fine, 1 the gate failed, 2 a usage or load error.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
)

// errGate is returned when a gate found something; main exits 1 for it.
var errGate = errors.New("gate failed")

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: specgate facts|drift|breaking [flags]")
		os.Exit(2)
	}
	ctx := context.Background()
	var err error
	switch os.Args[1] {
	case "facts":
		err = runFacts(ctx, os.Args[2:])
	case "drift":
		err = runDrift(ctx, os.Args[2:])
	case "breaking":
		err = runBreaking(os.Args[2:], os.Stdout)
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	switch {
	case err == nil:
	case errors.Is(err, errGate):
		os.Exit(1)
	default:
		fmt.Fprintln(os.Stderr, "specgate:", err)
		os.Exit(2)
	}
}
