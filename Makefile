# clientkit: `make demo` runs the end-to-end demo, `make test` runs every check CI runs.
GO        ?= go
PROVIDERS := mollie dwolla formance
CODEGEN   := $(GO) run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen

.PHONY: test vet race generate check-generated demo

test: vet race check-generated

# The end-to-end demo: every flow of the three providers against the embedded fake, offline.
demo:
	$(GO) run ./cmd/clientkit demo

vet:
	$(GO) vet ./...

race:
	$(GO) test -race -count=1 ./...

# Each generated file depends on its spec, the shared settings and our client template;
# `make -B generate` forces all.
generate: $(foreach p,$(PROVIDERS),gen/$(p)/client.gen.go)

gen/%/client.gen.go: api/%/openapi.yaml oapi-codegen.yaml templates/client.tmpl go.mod
	@mkdir -p $(@D)
	$(CODEGEN) -config oapi-codegen.yaml -package $* -o $@ $<

# Regenerates into a scratch copy (always, whatever the file times) and compares byte for byte.
check-generated:
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	for p in $(PROVIDERS); do \
		$(CODEGEN) -config oapi-codegen.yaml -package $$p -o "$$tmp/$$p.go" api/$$p/openapi.yaml || exit 1; \
		cmp -s "$$tmp/$$p.go" gen/$$p/client.gen.go || { echo "gen/$$p is stale: run 'make generate' and commit"; exit 1; }; \
	done; echo "gen/ matches the specs"

# Benchmarks (a separate module, bench/; not part of `make test`). `make bench` compares the
# facade with raw net/http and the peer SDKs; `make bench-servers` compares the fake with Prism
# and stripe-mock, installing them first.
.PHONY: bench bench-servers
bench:
	bench/scripts/bench.sh

bench-servers:
	bench/scripts/bench-servers.sh
