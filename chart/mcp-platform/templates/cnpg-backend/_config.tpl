{{/*
cnpg-backend's application.yaml. It accepts only the tokens the gateway signs for it (cnpg.auth.mode=gateway,
keys from the gateway's JWKS over the cluster network); the chart offers no other mode. Property names are the
backend's own (AuthProperties, KubernetesProperties), checked by the chart module's tests.
*/}}
{{- define "mcp-platform.cnpgBackend.applicationConfig" -}}
{{- $c := .Values.cnpgBackend }}
{{- $jwks := printf "http://%s:%d/jwks.json" (include "mcp-platform.serviceHost" (dict "root" . "component" "gateway")) (int .Values.gateway.service.port) }}
{{- $kubernetes := dict "mode" "in-cluster" "request-timeout" $c.kubernetes.requestTimeout "max-concurrent-calls" $c.kubernetes.maxConcurrentCalls }}
{{- with $c.kubernetes.namespace }}{{ $_ := set $kubernetes "namespace" . }}{{ end }}
{{- if $c.kubernetes.impersonate }}
{{- $_ := set $kubernetes "impersonate" true }}
{{- $_ := set $kubernetes "impersonate-user-claim" $c.kubernetes.impersonateUserClaim }}
{{- $_ := set $kubernetes "impersonate-user-prefix" $c.kubernetes.impersonateUserPrefix }}
{{- $_ := set $kubernetes "impersonate-group-prefix" $c.kubernetes.impersonateGroupPrefix }}
{{- end }}
{{- /* The issuer is the gateway's public URL exactly as the gateway is given it: it signs with that string. */}}
{{- $config := dict
      "server" (dict "port" 8081 "shutdown" "graceful")
      "spring" (dict "lifecycle" (dict "timeout-per-shutdown-phase" (printf "%ds" (int $c.shutdownTimeoutSeconds))))
      "cnpg" (dict "kubernetes" $kubernetes
        "auth" (dict "mode" "gateway" "jwks-uri" $jwks "audience" $c.name "issuer" .Values.gateway.publicUrl)) }}
{{- toYaml (mustMergeOverwrite $config (deepCopy $c.extraConfig)) }}
{{- end }}
