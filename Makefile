# clientkit: `make demo` runs the end-to-end demo, `make test` runs every check CI runs.
GO        ?= go
PROVIDERS := mollie dwolla formance
CODEGEN   := $(GO) tool oapi-codegen

.PHONY: test vet race generate check-generated demo lint-workflows fuzz

test: vet race check-generated lint-workflows

# The end-to-end demo: every flow of the three providers against the embedded fake, offline.
demo:
	$(GO) run ./cmd/clientkit demo

vet:
	$(GO) vet ./...

race:
	$(GO) test -race -count=1 ./...

# The fuzz targets, as package:target. `make test` runs their seed corpora and the spec-driven
# walk of the fake (TestSpecDrivenFuzzing, exhaustive and deterministic: every operation, every
# kind of bad request) as unit tests; `make fuzz` runs the walk with its figures, then fuzzes
# each target for FUZZTIME.
FUZZTIME    ?= 30s
FUZZ_TARGETS := ./fakeapi:FuzzHandlerRawRequest ./fakeapi:FuzzSpecOperation ./facade/mollie:FuzzSignedState \
	./facade/mollie:FuzzParseCallbackQuery ./facade/mollie:FuzzAuthorizeRoundTrip

fuzz:
	$(GO) test -count=1 -run 'TestSpecDrivenFuzzing' -v ./fakeapi
	@for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; name=$${t#*:}; \
		echo "fuzz $$name in $$pkg for $(FUZZTIME)"; \
		$(GO) test -run XXX -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
	done

# Every generated file, as config:package:spec:output. Besides gen/, the client template's
# equivalence test has two: the same small spec through our template and through oapi-codegen's.
EQUIV     := templates/equivalence
GENERATED := $(foreach p,$(PROVIDERS),oapi-codegen.yaml:$(p)api:api/$(p)/openapi.yaml:gen/$(p)/client.gen.go) \
	oapi-codegen.yaml:ours:$(EQUIV)/features.yaml:$(EQUIV)/ours/client.gen.go \
	$(EQUIV)/stock.yaml:stock:$(EQUIV)/features.yaml:$(EQUIV)/stock/client.gen.go

# Our templates, in place of oapi-codegen's (see oapi-codegen.yaml).
TEMPLATES := templates/client.tmpl templates/imports.tmpl

# Each generated file depends on its spec, its settings and our templates;
# `make -B generate` forces all.
generate: $(foreach g,$(GENERATED),$(lastword $(subst :, ,$(g))))

gen/%/client.gen.go: api/%/openapi.yaml oapi-codegen.yaml $(TEMPLATES) go.mod
	@mkdir -p $(@D)
	$(CODEGEN) -config oapi-codegen.yaml -package $*api -o $@ $<

$(EQUIV)/ours/client.gen.go: $(EQUIV)/features.yaml oapi-codegen.yaml $(TEMPLATES) go.mod
	@mkdir -p $(@D)
	$(CODEGEN) -config oapi-codegen.yaml -package ours -o $@ $<

$(EQUIV)/stock/client.gen.go: $(EQUIV)/features.yaml $(EQUIV)/stock.yaml go.mod
	@mkdir -p $(@D)
	$(CODEGEN) -config $(EQUIV)/stock.yaml -package stock -o $@ $<

# Regenerates into a scratch copy (always, whatever the file times) and compares byte for byte.
check-generated:
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	for g in $(GENERATED); do \
		set -- $$(echo "$$g" | tr : ' '); \
		$(CODEGEN) -config $$1 -package $$2 -o "$$tmp/$$2.go" $$3 || exit 1; \
		cmp -s "$$tmp/$$2.go" $$4 || { echo "$$4 is stale: run 'make generate' and commit"; exit 1; }; \
	done; echo "generated code matches the specs"

# The long soak of the organization token store (not part of `make test`, which runs a short
# one): 4 worker processes × 16 goroutines × 1,000 organizations on one PostgreSQL (see README,
# "PostgreSQL in tests") and one fake rotating refresh tokens that expire every 6 s, for 60 s,
# one worker SIGKILLed mid-refresh; then the same soak without coordination.
SOAK_ENV := CLIENTKIT_SOAK_DURATION=60s CLIENTKIT_SOAK_ORGS=1000 CLIENTKIT_SOAK_PROCS=4 \
	CLIENTKIT_SOAK_TOKEN_TTL=6s CLIENTKIT_SOAK_PACE=50ms
.PHONY: soak
soak:
	$(SOAK_ENV) $(GO) test -count=1 -v -timeout 15m -run 'TestSoak' ./facade/mollie/orgstore/internal/soak

# Benchmarks (a separate module, bench/; not part of `make test`). `make bench` compares the
# facade with raw net/http and the peer SDKs; `make bench-servers` compares the fake with Prism
# and stripe-mock, installing them first.
.PHONY: bench bench-servers bench-orgstore
bench: bench-orgstore
	bench/scripts/bench.sh

bench-servers:
	bench/scripts/bench-servers.sh

# The hot path of a stored organization (valid token in memory) against a static token: 9
# rounds, each running both back to back; the median of the rounds' ratios (ns/op) must stay
# <= 1.10. Pairing the two within a round keeps the machine's drift out of the ratio.
bench-orgstore:
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(GO) test -c -o "$$tmp/orgstore.test" ./facade/mollie/orgstore && \
	for i in 1 2 3 4 5 6 7 8 9; do \
		"$$tmp/orgstore.test" -test.run '^$$' -test.bench BenchmarkHotPath -test.benchmem -test.benchtime 300ms; \
	done | grep '^BenchmarkHotPath' | tee "$$tmp/out" && \
	awk '/static/ { s = $$3 } /orgstore/ { print $$3 / s, s, $$3 }' "$$tmp/out" | sort -n | sed -n 5p | \
	awk '{ printf "median round: static %d ns/op, orgstore %d ns/op, ratio %.3f (target <= 1.10)\n", $$2, $$3, $$1; exit ($$1 > 1.10) }'

# Spec gates (see README, "Conformance tools"). specgate is a maintainer's tool run from here,
# not part of the clientkit binary.
SPECGATE := $(GO) run ./internal/cmd/specgate
.PHONY: upstream-facts spec-drift spec-breaking

# Rewrites api/upstream/$(PROVIDER).json from an upstream spec (file or URL). Provenance comes
# from REPOSITORY, SPEC_PATH, COMMIT, else the file being replaced, else a raw GitHub URL.
upstream-facts:
	@test -n "$(SRC)" -a -n "$(PROVIDER)" || { echo "usage: make upstream-facts SRC=<file or URL> PROVIDER=<name> [REPOSITORY=o/r SPEC_PATH=p COMMIT=sha]"; exit 2; }
	$(SPECGATE) facts -provider $(PROVIDER) -src $(SRC) -repository "$(REPOSITORY)" -path "$(SPEC_PATH)" -commit "$(COMMIT)"

# Prints what changed upstream since the pinned facts; fails on an upstream fact our spec lacks.
spec-drift:
	@test -n "$(UPSTREAM)" -a -n "$(PROVIDER)" || { echo "usage: make spec-drift UPSTREAM=<file or URL> PROVIDER=<name>"; exit 2; }
	$(SPECGATE) drift -provider $(PROVIDER) -upstream $(UPSTREAM)

# Fails listing each change of api/*/openapi.yaml since BASE that breaks users.
spec-breaking:
	@test -n "$(BASE)" || { echo "usage: make spec-breaking BASE=<git ref>"; exit 2; }
	$(SPECGATE) breaking -base $(BASE)

# Lints the GitHub workflows with actionlint, pinned here. It is run at its own module's
# versions (not a go.mod tool): its go.yaml.in/yaml/v4 pre-release and oasdiff's do not build
# together.
ACTIONLINT := github.com/rhysd/actionlint/cmd/actionlint@v1.7.12
lint-workflows:
	$(GO) run $(ACTIONLINT)
