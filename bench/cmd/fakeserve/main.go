// Command fakeserve serves clientkit's fake APIs (package fakeapi) on one address, with the default
// credentials, until it receives SIGINT or SIGTERM. bench-servers.sh measures it with wrk.
//
// Usage: fakeserve [-addr 127.0.0.1:8089] [-cpuprofile file] [-memprofile file]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"
	"time"

	"github.com/clientkit/clientkit/fakeapi"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8089", "address to listen on")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the whole run to this file")
	memProfile := flag.String("memprofile", "", "write an allocation profile of the whole run to this file")
	flag.Parse()
	if err := run(*addr, *cpuProfile, *memProfile); err != nil {
		log.Fatalf("fakeserve: %v", err)
	}
}

func run(addr, cpuProfile, memProfile string) error {
	if memProfile != "" {
		defer writeAllocs(memProfile)
	}
	if cpuProfile != "" {
		f, err := os.Create(cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	fmt.Printf("fakeserve: listening on http://%s\n", ln.Addr())
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return serve(ctx, ln)
}

// serve serves the fake on ln until ctx ends, then shuts down gracefully; ln is closed on return.
func serve(ctx context.Context, ln net.Listener) error {
	h, err := fakeapi.NewHandler(fakeapi.WithInspector())
	if err != nil {
		_ = ln.Close()
		return err
	}
	defer fakeapi.TuneGC()() // as clientkit serve does
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// writeAllocs writes the allocations of the whole run to path.
func writeAllocs(path string) {
	f, err := os.Create(path)
	if err != nil {
		log.Printf("fakeserve: %v", err)
		return
	}
	defer f.Close()
	if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
		log.Printf("fakeserve: %v", err)
	}
}
