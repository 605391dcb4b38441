#!/usr/bin/env bash
# Publish the handbook with mike to the gh-pages branch of `origin`.
#
# The publish workflow (.github/workflows/publish.yml) runs this script, and so
# does tests/site/test_publish.py against a local bare repository: what the test
# deploys is what CI deploys. Which version a ref publishes:
#
#   refs/heads/main               -> "dev", titled "dev (unreleased)": every merged map
#   refs/tags/vYYYY.MM[.N]        -> "YYYY.MM[.N]" (e.g. v2026.11 -> 2026.11), and the
#                                    alias "latest", the site's default, moves to it
#                                    (unless a newer release is already published)
#
# Usage: deploy.sh [REF]   (REF defaults to $GITHUB_REF, as set by GitHub Actions)
#
# Needs: mike and the site's build dependencies on PATH, a checkout with full
# git history (the dates on the pages come from git), a git identity for mike's
# commit (git config user.name/user.email, or GIT_COMMITTER_NAME/_EMAIL) and
# push access to origin.
set -euo pipefail

ref="${1:-${GITHUB_REF:?pass a ref such as refs/tags/v2026.11, or set GITHUB_REF}}"

case "$ref" in
  refs/heads/main)
    version=dev
    title="dev (unreleased)"
    aliases=()
    ;;
  refs/tags/v*)
    version="${ref#refs/tags/v}"
    title="$version"
    aliases=(latest)
    if ! [[ "$version" =~ ^[0-9]{4}\.(0[1-9]|1[0-2])(\.[1-9][0-9]*)?$ ]]; then
      echo "::error::Release tags are vYYYY.MM or vYYYY.MM.N, such as v2026.11 or v2026.11.1; ${ref#refs/tags/} is not one. Delete the tag and push a correct one."
      exit 1
    fi
    ;;
  *)
    echo "::error::Nothing to publish for $ref: only main (as dev) and vYYYY.MM tags are published."
    exit 1
    ;;
esac

cd "$(git rev-parse --show-toplevel)"

# Run a mike command that pushes to gh-pages. When another deploy pushed to
# gh-pages while this one built (a merge to main and a release tag at the same
# time), the push is refused: start again on top of the new gh-pages, up to
# three times. Any other failure fails at once.
mike_push() {
  local attempt start
  for attempt in 1 2 3; do
    start="$(git rev-parse -q --verify refs/remotes/origin/gh-pages || true)"
    if mike "$1" --push "${@:2}"; then
      return 0
    fi
    git fetch --quiet origin "+refs/heads/gh-pages:refs/remotes/origin/gh-pages" || return 1
    if [[ "$(git rev-parse -q --verify refs/remotes/origin/gh-pages)" == "$start" ]]; then
      return 1
    fi
    echo "::warning::gh-pages changed during this deploy (attempt $attempt); deploying again on top of it."
    git update-ref refs/heads/gh-pages refs/remotes/origin/gh-pages
  done
  return 1
}

# `latest` only ever moves forward: a tag of an older release (v2026.10.1 after
# 2026.11, or a re-run of an old tag's workflow) is published without it.
if [[ ${#aliases[@]} -gt 0 ]]; then
  newest="$({ mike list --json | python3 -c 'import json, sys
for v in json.load(sys.stdin): print(v["version"])' | grep -E '^[0-9]{4}\.' || true
    echo "$version"; } | sort -V | tail -n 1)"
  if [[ "$newest" != "$version" ]]; then
    echo "::warning::$version is older than the release $newest: published without moving latest."
    aliases=()
  fi
fi

echo "Publishing $ref as version $version${aliases[*]:+ (alias: ${aliases[*]})}"
mike_push deploy --update-aliases --title "$title" "$version" "${aliases[@]}"

# The site root redirects to the default version: `latest` once there is a
# release, `dev` until then (so the very first deploy can be read at the root).
if [[ "$version" != dev ]]; then
  if ! git show gh-pages:index.html 2>/dev/null | grep -qF 'url=latest/'; then
    mike_push set-default latest
  fi
elif ! git cat-file -e gh-pages:index.html 2>/dev/null; then
  mike_push set-default dev
fi
