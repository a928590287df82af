#!/usr/bin/env bash
# clean_npm_env: unset every npm setting inherited from the caller (npm_config_* and
# NPM_CONFIG_* in any case, plus npm run's npm_package_* / npm_lifecycle_* variables),
# except the three that only say where npm's own files are: the cache, the user
# npmrc and the global npmrc. npm then reads the machine's settings from those files
# itself, and nothing a project's .npmrc said (legacy-peer-deps, yes, ...) reaches
# the installs of n8n and Node 24. test/unit/installEnv.test.ts checks this.
clean_npm_env() {
  local name lower
  for name in $(compgen -e); do
    lower="${name,,}"
    case "$lower" in
      npm_config_cache | npm_config_userconfig | npm_config_globalconfig) ;;
      npm_config_* | npm_package_* | npm_lifecycle_* | npm_command | npm_execpath | npm_node_execpath) unset "$name" ;;
    esac
  done
}
