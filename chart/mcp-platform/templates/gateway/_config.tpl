{{/*
The gateway's application.yaml, built from the values. The property names are the gateway's own
(GatewayProperties); the chart module's tests bind this rendered file with those classes and run the
gateway's startup checks on it, so a renamed property fails the build instead of an install.
*/}}

{{/* Paths inside the gateway container. */}}
{{- define "mcp-platform.gateway.paths" -}}
config: /etc/mcp-gateway/config
configRepo: /etc/mcp-gateway/config-repo
secrets: /etc/mcp-gateway/secrets
{{- end }}

{{/* The Secret references of the gateway, resolved (see mcp-platform.secretRef). */}}
{{- define "mcp-platform.gateway.secretRefs" -}}
{{- $owned := include "mcp-platform.componentName" (dict "root" . "component" "gateway") }}
{{- $g := .Values.gateway }}
{{- $refs := dict }}
{{- $_ := set $refs "clientSecret" (include "mcp-platform.secretRef" (dict "ref" $g.auth.upstream.clientSecret "owned" $owned) | fromYaml) }}
{{- $_ := set $refs "tokenEncryptionKey" (include "mcp-platform.secretRef" (dict "ref" $g.auth.tokenEncryptionKey "owned" $owned) | fromYaml) }}
{{- $_ := set $refs "signingKey" (include "mcp-platform.secretRef" (dict "ref" $g.signingKey "owned" $owned) | fromYaml) }}
{{- $_ := set $refs "webhookSecret" (include "mcp-platform.secretRef" (dict "ref" $g.configRepo.webhookSecret "owned" $owned) | fromYaml) }}
{{- $_ := set $refs "configRepoPassword" (include "mcp-platform.secretRef" (dict "ref" $g.configRepo.https.password "owned" $owned) | fromYaml) }}
{{- $_ := set $refs "trustedCertificates" (include "mcp-platform.secretRef" (dict "ref" $g.trustedCertificates "owned" $owned) | fromYaml) }}
{{- $ssh := $g.configRepo.ssh }}
{{- if $ssh.existingSecret }}
{{- $_ := set $refs "sshKey" (dict "name" $ssh.existingSecret "key" $ssh.privateKeyKey) }}
{{- $_ := set $refs "knownHosts" (dict "name" $ssh.existingSecret "key" $ssh.knownHostsKey) }}
{{- else }}
{{- if $ssh.privateKey }}{{ $_ := set $refs "sshKey" (dict "name" $owned "key" $ssh.privateKeyKey) }}{{ end }}
{{- if $ssh.knownHosts }}{{ $_ := set $refs "knownHosts" (dict "name" $owned "key" $ssh.knownHostsKey) }}{{ end }}
{{- end }}
{{- $redis := include "mcp-platform.redis.passwordRef" . | fromYaml }}
{{- if $redis }}{{ $_ := set $refs "redisPassword" $redis }}{{ end }}
{{- $sentinel := include "mcp-platform.redis.sentinelPasswordRef" . | fromYaml }}
{{- if $sentinel }}{{ $_ := set $refs "redisSentinelPassword" $sentinel }}{{ end }}
{{- if and (eq (include "mcp-platform.redis.mode" .) "external") .Values.redis.external.caSecret.name }}
{{- $_ := set $refs "redisCa" (dict "name" .Values.redis.external.caSecret.name "key" .Values.redis.external.caSecret.key) }}
{{- end }}
{{- toYaml $refs }}
{{- end }}

{{/* The files the projected secrets volume holds, keyed like the references above. */}}
{{- define "mcp-platform.gateway.secretFiles" -}}
tokenEncryptionKey: token-encryption.key
signingKey: signing.jwks
sshKey: config-repo-ssh-key
knownHosts: config-repo-known-hosts
redisCa: redis-ca.crt
trustedCertificates: trusted-ca.crt
{{- end }}

{{- define "mcp-platform.gateway.applicationConfig" -}}
{{- $g := .Values.gateway }}
{{- $paths := include "mcp-platform.gateway.paths" . | fromYaml }}
{{- $refs := include "mcp-platform.gateway.secretRefs" . | fromYaml }}
{{- $files := include "mcp-platform.gateway.secretFiles" . | fromYaml }}

{{- $upstream := dict "scopes" $g.auth.upstream.scopes }}
{{- with $g.auth.upstream.issuerUri }}{{ $_ := set $upstream "issuer-uri" . }}{{ end }}
{{- with $g.auth.upstream.clientId }}{{ $_ := set $upstream "client-id" . }}{{ end }}
{{- with $g.auth.upstream.audience }}{{ $_ := set $upstream "audience" . }}{{ end }}
{{- with $g.auth.upstream.groupsClaim }}{{ $_ := set $upstream "groups-claim" . }}{{ end }}
{{- $oidcTest := dict "enabled" $g.auth.oidcTest.enabled }}
{{- with $g.auth.oidcTest.audience }}{{ $_ := set $oidcTest "audience" . }}{{ end }}
{{- $auth := dict "mode" $g.auth.mode "upstream" $upstream "oidc-test" $oidcTest
      "access-token-lifetime" $g.auth.accessTokenLifetime "refresh-token-lifetime" $g.auth.refreshTokenLifetime }}
{{- if $refs.tokenEncryptionKey }}
{{- $_ := set $auth "token-encryption-key-file" (printf "%s/%s" $paths.secrets $files.tokenEncryptionKey) }}
{{- end }}
{{- $documents := dict "enabled" $g.auth.clientMetadata.enabled "allowed-networks" $g.auth.clientMetadata.allowedNetworks
      "fetch-timeout" $g.auth.clientMetadata.fetchTimeout }}
{{- if $refs.trustedCertificates }}
{{- $_ := set $documents "trusted-certificates-file" (printf "%s/%s" $paths.secrets $files.trustedCertificates) }}
{{- end }}
{{- with $g.auth.clientMetadata.pinnedClients }}
{{- $pins := list }}
{{- range . }}
{{- $pin := dict "client-id" .clientId "fetch" (ternary .fetch true (hasKey . "fetch")) }}
{{- with .document }}{{ $_ := set $pin "document" (ternary . (toJson .) (kindIs "string" .)) }}{{ end }}
{{- with .copiedOn }}{{ $_ := set $pin "copied-on" (toString .) }}{{ end }}
{{- $pins = append $pins $pin }}
{{- end }}
{{- $_ := set $documents "pinned-clients" $pins }}
{{- end }}
{{- $_ := set $auth "client-metadata" $documents }}

{{- $repo := dict "branch" $g.configRepo.branch "path" $g.configRepo.path "poll-interval" $g.configRepo.pollInterval
      "timeout" $g.configRepo.timeout "cache-dir" "/tmp/config-repo" }}
{{- if $g.configRepo.uri }}
{{- $_ := set $repo "uri" $g.configRepo.uri }}
{{- else }}
{{- $_ := set $repo "uri" $paths.configRepo }}
{{- end }}
{{- with $g.configRepo.https.username }}{{ $_ := set $repo "username" . }}{{ end }}
{{- if $refs.sshKey }}{{ $_ := set $repo "ssh-key-file" (printf "%s/%s" $paths.secrets $files.sshKey) }}{{ end }}
{{- if $refs.knownHosts }}{{ $_ := set $repo "known-hosts-file" (printf "%s/%s" $paths.secrets $files.knownHosts) }}{{ end }}
{{- if $refs.trustedCertificates }}{{ $_ := set $repo "trusted-certificates-file" (printf "%s/%s" $paths.secrets $files.trustedCertificates) }}{{ end }}

{{- $gateway := dict "public-url" $g.publicUrl "store" $g.store "auth" $auth "config-repo" $repo
      "session-idle-timeout" $g.sessionIdleTimeout "max-request-size" $g.maxRequestSize
      "backends" (dict "health-interval" $g.backends.healthInterval "health-timeout" $g.backends.healthTimeout
        "max-backoff" $g.backends.maxBackoff "catalog-refresh" $g.backends.catalogRefresh
        "first-connection-wait" $g.backends.firstConnectionWait
        "stdio" (dict "enabled" $g.backends.stdio.enabled "stop-grace" $g.backends.stdio.stopGrace
          "max-message-size" $g.backends.stdio.maxMessageSize "stderr-lines-per-minute" $g.backends.stdio.stderrLinesPerMinute
          "max-processes" $g.backends.stdio.maxProcesses "max-restart-backoff" $g.backends.stdio.maxRestartBackoff)) }}
{{- /* Behind the chart's Ingress the TCP peer is the controller: believe its X-Forwarded-For. */}}
{{- if $g.ingress.enabled }}
{{- $_ := set $gateway "trusted-proxies" $g.ingress.trustedProxies }}
{{- end }}
{{- if $refs.signingKey }}
{{- $_ := set $gateway "identity" (dict "signing-key-file" (printf "%s/%s" $paths.secrets $files.signingKey)) }}
{{- end }}

{{- /* Every interface of the pod: the image's default (loopback) would be unreachable. */}}
{{- $config := dict "gateway" $gateway
      "server" (dict "address" "0.0.0.0" "port" 8080 "shutdown" "graceful")
      "spring" (dict "lifecycle" (dict "timeout-per-shutdown-phase" (printf "%ds" (int $g.shutdownTimeoutSeconds)))) }}
{{- /* The actuator on its own port, with Prometheus metrics: never behind the Service or the Ingress. */}}
{{- $_ := set $config "management" (dict
      "server" (dict "port" (int $g.management.port) "address" "0.0.0.0")
      "endpoints" (dict "web" (dict "exposure" (dict "include" "health,prometheus")))) }}
{{- if $g.tracing.enabled }}
{{- $_ := set $config.management "tracing" (dict "export" (dict "enabled" true)
      "sampling" (dict "probability" $g.tracing.samplingProbability)) }}
{{- $_ := set $config.management "opentelemetry" (dict "tracing" (dict "export" (dict "otlp"
      (dict "endpoint" $g.tracing.endpoint)))) }}
{{- end }}
{{- if eq $g.store "redis" }}
{{- $_ := set $config.spring "data" (dict "redis" (include "mcp-platform.redis.connection" . | fromYaml)) }}
{{- if $refs.redisCa }}
{{- $_ := set $config.spring "ssl" (dict "bundle" (dict "pem" (dict "redis" (dict "truststore"
      (dict "certificate" (printf "file:%s/%s" $paths.secrets $files.redisCa)))))) }}
{{- end }}
{{- $_ := set $config.management "health" (dict "redis" (dict "enabled" true)) }}
{{- end }}
{{- toYaml (mustMergeOverwrite $config (deepCopy $g.extraConfig)) }}
{{- end }}
