#!/usr/bin/env bash
# Builds the three images (operator, gateway, runner) from their Dockerfiles, after packaging the
# jars they copy, for someone with Docker who wants them in their own registry:
#
#   scripts/build-images.sh                                  # local images, for this machine
#   scripts/build-images.sh --registry registry.example.com/mcp --push \
#       --platform linux/amd64,linux/arm64                   # multi-arch, pushed (needs buildx)
#
# then install the chart with
#   --set operator.image.repository=registry.example.com/mcp/operator \
#   --set gateway.image.repository=registry.example.com/mcp/gateway \
#   --set runner.image.repository=registry.example.com/mcp/runner
# (the tag defaults to the chart's appVersion, which is the Maven version without -SNAPSHOT).
set -euo pipefail
cd "$(dirname "$0")/.."

# The images and the Dockerfile of each. The chart's image repositories are
# ghcr.io/mcp-spawner/<name>, the release workflow pushes the same names (a test checks all three).
IMAGES=(operator gateway runner)
REGISTRY="ghcr.io/mcp-spawner"
TAG=""
PLATFORM=""
PUSH=false
SKIP_BUILD=false

usage() {
  cat <<USAGE
Usage: scripts/build-images.sh [--registry PREFIX] [--tag TAG] [--platform LIST] [--push] [--skip-maven]
  --registry PREFIX  image name prefix (default ${REGISTRY}); images are PREFIX/{operator,gateway,runner}
  --tag TAG          image tag (default: the Maven version without -SNAPSHOT)
  --platform LIST    e.g. linux/amd64,linux/arm64 (buildx; a multi-platform build needs --push)
  --push             push the images (docker login to the registry first)
  --skip-maven       use the jars already in */target instead of running ./mvnw package
USAGE
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --registry) REGISTRY="${2%/}"; shift 2 ;;
    --tag) TAG="$2"; shift 2 ;;
    --platform) PLATFORM="$2"; shift 2 ;;
    --push) PUSH=true; shift ;;
    --skip-maven) SKIP_BUILD=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
done

if [[ -z "$TAG" ]]; then
  # The project's own <version>: the first one in the root pom (it has no parent).
  TAG="$(sed -n 's:^  <version>\(.*\)</version>.*:\1:p' pom.xml | head -1)"
  TAG="${TAG%-SNAPSHOT}"
fi

if [[ "$SKIP_BUILD" != true ]]; then
  ./mvnw -B -ntp -pl "$(IFS=,; echo "${IMAGES[*]}")" -am package -DskipTests
fi

# With --push, target/images/digests.txt gets one "<name> <image>@sha256:..." line per image: what
# the release workflow signs (by digest, never by tag).
mkdir -p target/images
: > target/images/digests.txt
for name in "${IMAGES[@]}"; do
  image="${REGISTRY}/${name}:${TAG}"
  echo "building ${image} from ${name}/Dockerfile"
  if [[ -n "$PLATFORM" || "$PUSH" == true ]]; then
    args=(--file "${name}/Dockerfile" --tag "$image" --metadata-file "target/images/${name}.json")
    [[ -n "$PLATFORM" ]] && args+=(--platform "$PLATFORM")
    if [[ "$PUSH" == true ]]; then args+=(--push); else args+=(--load); fi
    docker buildx build "${args[@]}" .
  else
    docker build --file "${name}/Dockerfile" --tag "$image" .
  fi
  if [[ "$PUSH" == true ]]; then
    digest="$(sed -n 's/.*"containerimage.digest": *"\(sha256:[0-9a-f]*\)".*/\1/p' \
      "target/images/${name}.json" | head -1)"
    [[ -n "$digest" ]] || { echo "no digest for ${image} in target/images/${name}.json" >&2; exit 1; }
    echo "${name} ${image}@${digest}" | tee -a target/images/digests.txt
  fi
done
echo "built: $(for n in "${IMAGES[@]}"; do printf '%s/%s:%s ' "$REGISTRY" "$n" "$TAG"; done)"
