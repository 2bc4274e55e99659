#!/usr/bin/env bash
# Makes sure Graphviz's `dot` is on PATH for `make diagram` (which renders docs/architecture-<stack>.svg). On a
# machine without it, installs the Debian package `graphviz` (apt-get update once, then apt-get install -y), as root
# or through sudo. Nothing else needs Graphviz: the drift test compares the generated Mermaid and DOT sources.
set -euo pipefail
if command -v dot >/dev/null 2>&1; then
  exit 0
fi
echo "diagram: Graphviz (dot) is not installed; installing the Debian package graphviz"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "diagram: no apt-get here; install Graphviz yourself (it provides the dot command)" >&2
  exit 1
fi
sudo=""
if [[ "$(id -u)" != "0" ]]; then
  sudo="sudo"
fi
$sudo apt-get update
$sudo apt-get install -y graphviz
command -v dot >/dev/null
