#!/usr/bin/env bash
# Vendors the NL Design System components CSS (EUPL-1.2) into wwwroot, so running the portal needs only the .NET SDK.
# Usage: portal/update-nlds-css.sh [version]   (needs npm; review the diff and the licence before committing)
set -euo pipefail
version="${1:-12.0.0}"
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "@rijkshuisstijl-community/components-css@$version" >/dev/null && tar xzf ./*.tgz)
cp "$work/package/dist/index.css" "$here/wwwroot/css/nlds/components.css"
cp "$work/package/LICENSE.md" "$here/wwwroot/css/nlds/LICENSE.md"
echo "@rijkshuisstijl-community/components-css $version" > "$here/wwwroot/css/nlds/VERSION"
