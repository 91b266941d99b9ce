#!/usr/bin/env bash
# The one test command (README, .ci/run): installs what the tests need when it is missing, then runs every test.
#   ./test.sh                 all tests (unit + Integration: Kestrel, SQLite files, Chromium, sshd, bubblewrap, Node, CDK synth)
#   ./test.sh --unit          only the fast unit tests (Category!=Integration); installs nothing
#   ./test.sh -- ARGS…        extra arguments passed to `dotnet test` (e.g. -- --filter FullyQualifiedName~Approvals)
set -euo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

unit=0
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --unit) unit=1 ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) sed -n '2,5p' "$0"; exit 0 ;;
    *) echo "test.sh: unknown option '$1' (see ./test.sh --help)" >&2; exit 2 ;;
  esac
  shift
done

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"
  else echo "test.sh: installing packages needs root (or sudo): $*" >&2; return 1
  fi
}

if [ "$unit" -eq 0 ]; then
  # Debian packages the Integration tests drive: the browser tests (Playwright on Debian's chromium, never a
  # downloaded browser), the SSH executor tests (a throw-away sshd on loopback), the local sandbox (bubblewrap).
  need_pkgs=()
  command -v chromium >/dev/null 2>&1 || need_pkgs+=(chromium)
  command -v sshd >/dev/null 2>&1 || [ -x /usr/sbin/sshd ] || need_pkgs+=(openssh-server)
  command -v ssh-keygen >/dev/null 2>&1 || need_pkgs+=(openssh-client)
  command -v bwrap >/dev/null 2>&1 || need_pkgs+=(bubblewrap)
  command -v node >/dev/null 2>&1 || need_pkgs+=(nodejs npm)
  if [ ${#need_pkgs[@]} -gt 0 ]; then
    echo "test.sh: installing ${need_pkgs[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_pkgs[@]}" >/dev/null
  fi

  # Node tools the tests run (asl-validator, aws-local-stepfunctions, jsonata, cdk-nag): installed from the lock file
  # when node_modules is missing or older than the lock.
  if [ -f tools/package-lock.json ]; then
    if [ ! -f tools/node_modules/.package-lock.json ] || [ tools/package-lock.json -nt tools/node_modules/.package-lock.json ]; then
      echo "test.sh: npm ci in tools/"
      (cd tools && npm ci --no-audit --no-fund --loglevel=error)
    fi
  fi
fi

filter=()
[ "$unit" -eq 1 ] && filter=(--filter "Category!=Integration")

log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
dotnet test AeonNova.Serverless.sln "${filter[@]}" "${extra[@]}" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
set -e
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -oE 'Skipped: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$rc" -eq 0 ] && [ "$passed" -eq 0 ]; then
  echo "test.sh: dotnet test ran no test" >&2
  exit 1
fi
exit "$rc"
