#!/usr/bin/env bash
# Offline checks of the AWS stack: the template and the state machine.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f template.yaml ]; then echo "static-aws: no template.yaml yet"; exit 0; fi
.venv/bin/cfn-lint template.yaml
