#!/usr/bin/env bash
# Everything ./run and ./test need, made idempotent: Debian packages, npm packages, the client
# build, the development certificate and the C++ build (last: the slowest step). A second run
# installs nothing and rebuilds only what changed.
#
#   scripts/setup.sh [--warnings-as-errors] [--server-only]
#
# --warnings-as-errors  configure with -DSIRKEL_WARNINGS_AS_ERRORS=ON (./test)
# --server-only         build only the sirkel binary, not the tests (./run)
#
# Environment: SIRKEL_BUILD_DIR (default build) is the CMake build directory.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

warnings_as_errors=""
targets=()
for arg in "$@"; do
    case "$arg" in
    --warnings-as-errors) warnings_as_errors=ON ;;
    --server-only) targets=(--target sirkel) ;;
    *)
        echo "usage: scripts/setup.sh [--warnings-as-errors] [--server-only]" >&2
        exit 2
        ;;
    esac
done

build_dir="${SIRKEL_BUILD_DIR:-build}"
step() { printf '\n==> %s\n' "$*"; }

# --- Debian packages -------------------------------------------------------------------------

# Each with its reason; README.md "Dependencies" says more.
packages=(
    build-essential g++ cmake ninja-build ccache pkg-config git # the C++ build
    libboost1.81-dev libboost-json1.81-dev libboost-program-options1.81-dev # Beast/Asio, JSON, CLI
    libssl-dev openssl           # TLS, and the development certificate
    libsodium-dev                # every cryptographic operation on the server
    libsqlite3-dev sqlite3       # the embedded database
    doctest-dev                  # C++ unit and integration tests
    clang-format                 # the format check in ./test
    clang libclang-rt-14-dev     # libFuzzer and its sanitizers: the short fuzz run in ./test
    chromium                     # browser tests (Debian's; no browser is ever downloaded)
    prometheus                   # promtool, to check the /metrics output
    testssl.sh                   # the TLS configuration test in ./test
    nginx                        # the reverse-proxy test of deploy/nginx/sirkel.conf
    systemd                      # systemd-analyze, to check deploy/sirkel.service
)

installed() { [[ "$(dpkg-query -W -f='${db:Status-Abbrev}' "$1" 2>/dev/null)" == ii* ]]; }

missing=()
for pkg in "${packages[@]}"; do
    installed "$pkg" || missing+=("$pkg")
done
# Node.js and npm may come from elsewhere than Debian (NodeSource bundles npm in its nodejs):
# only the commands matter, and Debian's npm package would conflict with such a nodejs.
command -v node >/dev/null 2>&1 || installed nodejs || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || installed npm || missing+=(npm)

if ((${#missing[@]})); then
    step "installing Debian packages: ${missing[*]}"
    sudo=()
    if [[ "$(id -u)" != 0 ]]; then
        command -v sudo >/dev/null 2>&1 || {
            echo "setup: need root or sudo to install: ${missing[*]}" >&2
            exit 1
        }
        sudo=(sudo)
    fi
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
        -o Dpkg::Use-Pty=0 "${missing[@]}"
else
    step "Debian packages: all present"
fi

# Vite 7 and playwright-core need Node.js 20.19 or later (Debian 12's own nodejs is 18).
node_version="$(node -p 'process.versions.node')"
IFS=. read -r node_major node_minor _ <<<"$node_version"
if ((node_major < 20 || (node_major == 20 && node_minor < 19))); then
    echo "setup: Node.js $node_version is too old; Sirkel's client build needs 20.19 or later." >&2
    echo "       Install a newer nodejs package (e.g. from NodeSource) and run this again." >&2
    exit 1
fi

# --- npm packages ----------------------------------------------------------------------------

# npm ci only when node_modules is missing or package.json/package-lock.json changed since the
# last install (a stamp inside node_modules records their hash).
npm_install() {
    local dir="$1" stamp="$1/node_modules/.sirkel-install-stamp" want
    want="$(cat "$dir/package.json" "$dir/package-lock.json" | sha256sum | cut -d' ' -f1)"
    if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
        step "npm packages in $dir: up to date"
        return
    fi
    step "npm ci in $dir"
    (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
    echo "$want" >"$stamp"
}
npm_install client-web
npm_install tests/browser

# --- client build ----------------------------------------------------------------------------

dist_index=client-web/dist/index.html
if [[ -f "$dist_index" ]] &&
    [[ -z "$(find client-web -path client-web/node_modules -prune -o -path client-web/dist -prune \
        -o -type f -newer "$dist_index" -print -quit)" ]]; then
    step "client build: up to date"
else
    step "building the web client"
    (cd client-web && npm run build)
fi

# --- development certificate -----------------------------------------------------------------

step "development certificate"
certs/make-dev-cert.sh certs/out

# --- C++ build -------------------------------------------------------------------------------

step "building the server in $build_dir"
configure=(cmake -S . -B "$build_dir")
# Keep the generator of an existing build directory; a new one gets Ninja.
[[ -f "$build_dir/CMakeCache.txt" ]] || configure+=(-G Ninja)
# ./test asks for -Werror; ./run keeps whatever the build directory has (OFF when new), so that
# running one after the other rebuilds nothing.
[[ -z "$warnings_as_errors" ]] || configure+=(-DSIRKEL_WARNINGS_AS_ERRORS="$warnings_as_errors")
"${configure[@]}" >/dev/null
cmake --build "$build_dir" "${targets[@]}"
