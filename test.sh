#!/usr/bin/env bash
# Runs every test on a fresh machine: installs the servers the integration and system tests start themselves
# (RabbitMQ, Redis, PostgreSQL from the OS packages; Testcontainers is used instead when a Docker engine answers) and
# the browser the portal's tests drive (chromium), then builds and runs the whole solution's tests.
set -euo pipefail
cd "$(dirname "$0")"

need=()
if ! docker info >/dev/null 2>&1; then
  # No Docker engine: the fixtures start these servers from the OS packages instead of Testcontainers.
  command -v rabbitmq-server >/dev/null 2>&1 || [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || need+=(rabbitmq-server)
  command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || need+=(postgresql)
fi
# The portal's browser tests drive Debian's chromium with Playwright (Playwright's own browser download is not reachable).
[ -x /usr/bin/chromium ] || need+=(chromium)
# docker-compose.yml is validated with `docker-compose config`, which needs no engine.
command -v docker-compose >/dev/null 2>&1 || docker compose version >/dev/null 2>&1 || need+=(docker-compose)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing ${need[*]} for the tests..."
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# Build once, then run the test projects one after the other: the system tests start whole clusters of servers
# and processes, and on two cores they should not compete with each other.
dotnet build Mit.Platform.sln -c Release
dotnet test Mit.Platform.sln -c Release --no-build -m:1 --logger "console;verbosity=normal" "$@"
