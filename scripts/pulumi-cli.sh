#!/usr/bin/env bash
# Provides .bin/pulumi at exactly the pinned version, for the sandbox and the engine tests.
#
# If a `pulumi` of exactly $PULUMI_VERSION is already on PATH it is symlinked; otherwise the CLI is built
# from the Go module proxy (tools/pulumi-cli pins github.com/pulumi/pulumi/pkg/v3). Nothing else is
# downloaded. Idempotent: an existing .bin/pulumi of the right version is kept as is.
set -euo pipefail

PULUMI_VERSION="${PULUMI_VERSION:-v3.259.0}"
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin_dir="${repo_root}/.bin"
target="${bin_dir}/pulumi"
mkdir -p "${bin_dir}"

version_of() { "$1" version 2>/dev/null | tr -d '[:space:]' || true; }

if [[ -x "${target}" && "$(version_of "${target}")" == "${PULUMI_VERSION}" ]]; then
	echo "pulumi-cli: ${target} is already ${PULUMI_VERSION}"
	exit 0
fi

# A pulumi on PATH (but not our own .bin one) of exactly the pinned version is reused.
if on_path="$(PATH="$(echo "${PATH}" | tr ':' '\n' | grep -vxF "${bin_dir}" | paste -sd: -)" command -v pulumi)"; then
	if [[ "$(version_of "${on_path}")" == "${PULUMI_VERSION}" ]]; then
		ln -sfn "${on_path}" "${target}"
		echo "pulumi-cli: using ${on_path} (${PULUMI_VERSION}) from PATH"
		exit 0
	fi
	echo "pulumi-cli: ${on_path} is not ${PULUMI_VERSION}; building the pinned CLI instead"
fi

echo "pulumi-cli: building pulumi ${PULUMI_VERSION} from the Go module proxy into ${target}"
echo "pulumi-cli: a cold build takes about 5 minutes on 2 cores; later builds reuse the Go build cache"
start=$(date +%s)
cd "${repo_root}/tools/pulumi-cli"
echo "pulumi-cli: downloading modules (go mod download)..."
go mod download github.com/pulumi/pulumi/pkg/v3
echo "pulumi-cli: compiling (go build)..."
# Without the -X flag `pulumi version` prints nothing and the Automation API's version check fails.
go build -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=${PULUMI_VERSION}" \
	-o "${target}.tmp" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
mv -f "${target}.tmp" "${target}"
got="$(version_of "${target}")"
if [[ "${got}" != "${PULUMI_VERSION}" ]]; then
	echo "pulumi-cli: built CLI reports version '${got}', want ${PULUMI_VERSION}" >&2
	exit 1
fi
echo "pulumi-cli: built ${target} (${got}) in $(($(date +%s) - start))s"
