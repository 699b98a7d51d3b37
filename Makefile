# llm-bridge — the two commands a newcomer needs: `make run` and `make test`.
# On a fresh machine only Node and npm exist: Bun is installed with npm when missing.

SHELL := /bin/bash
.DEFAULT_GOAL := run
.PHONY: run test build bench soak fuzz typecheck deps bun chromium clean rotate-key

# Lazy (=), so it is re-resolved after `npm install -g bun` has put bun into npm's global bin.
BUN = $(shell command -v bun 2>/dev/null || echo "$$(npm prefix -g 2>/dev/null)/bin/bun")
CHROMIUM ?= /usr/bin/chromium

bun:
	@if command -v bun >/dev/null 2>&1 || [ -x "$$(npm prefix -g 2>/dev/null)/bin/bun" ]; then :; else \
		echo "Bun not found: installing it with npm (npm install -g bun)"; \
		npm install -g bun; \
	fi
	@"$(BUN)" --version >/dev/null || { echo "Bun is still not runnable at $(BUN); install it from https://bun.sh" >&2; exit 1; }

deps: bun
	"$(BUN)" install --frozen-lockfile

# The console's browser tests drive Chromium through playwright-core.
chromium:
	@if [ -x "$(CHROMIUM)" ]; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		apt-get update && apt-get install -y chromium; \
	else \
		echo "Chromium not found at $(CHROMIUM) and not root: the console browser tests will fail or skip (set CHROMIUM_PATH)"; \
	fi

# Starts llm-bridge on http://127.0.0.1:8787 with its data in ./data. The console is built from
# web/ on its first request, so no separate build step is needed here. Bun's fetch runs at most
# BUN_CONFIG_MAX_HTTP_REQUESTS upstream calls at once (256 unless set, read at process start):
# raised here for a bridge shared by a team. BUN_JSC_forceRAMSize: the JS engine keeps the memory
# policy of a 4 GiB host even on a big one (past 8-16 GiB of RAM it lets the heap grow much more):
# peak RSS under load ~25 % lower for ~3 µs more GC per request (docs/performance.md, memory policy).
# An explicit value in the environment wins for both.
run: deps
	BUN_CONFIG_MAX_HTTP_REQUESTS="$${BUN_CONFIG_MAX_HTTP_REQUESTS:-4096}" \
	BUN_JSC_forceRAMSize="$${BUN_JSC_forceRAMSize:-4294967296}" "$(BUN)" run src/main.ts

# A new URL key in the data directory (DATA_DIR=…, else LLM_BRIDGE_DATA_DIR or ./data); older keys
# keep their URLs working unless RETIRE_OLD=1. Restart the server to apply (docs/operations.md).
rotate-key: deps
	"$(BUN)" run src/main.ts rotate-key $(if $(DATA_DIR),--data-dir "$(DATA_DIR)",) $(if $(RETIRE_OLD),--retire-old,)

test: deps chromium
	"$(BUN)" x tsc --noEmit -p .
	"$(BUN)" test --timeout 30000

typecheck: deps
	"$(BUN)" x tsc --noEmit -p .

# One executable: dist/llm-bridge (server, translators and console assets).
build: deps
	"$(BUN)" run scripts/build-binary.ts

bench: deps
	"$(BUN)" run scripts/bench/run.ts

# The JSON fuzz (test/fuzz) run longer: FUZZ_RUNS runs per property (60 in `make test`).
fuzz: deps
	FUZZ_RUNS="$${FUZZ_RUNS:-1000}" "$(BUN)" test --timeout 0 test/fuzz

# Concurrent streaming traffic with random faults through the bridge (MINUTES=2 by default).
soak: deps
	"$(BUN)" run scripts/soak.ts --minutes $(or $(MINUTES),2)

# Never removes ./data: it holds the server secret that decrypts every issued URL.
clean:
	rm -rf dist web/dist .tmp
