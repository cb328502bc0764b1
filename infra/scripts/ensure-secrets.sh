#!/bin/sh
# azd preprovision hook: create the relay's two secrets once per azd environment.
# They stay in .azure/<env>/.env (git-ignored) and are copied into Key Vault at every provision,
# so they must never change after the first one: RELAY_ENCRYPTION_KEY protects data at rest.
set -eu

ensure() {
  if ! azd env get-values | grep -q "^$1="; then
    azd env set "$1" "$(openssl rand -base64 32)"
    echo "Generated $1 for this azd environment."
  fi
}

ensure RELAY_ADMIN_KEY
ensure RELAY_ENCRYPTION_KEY
