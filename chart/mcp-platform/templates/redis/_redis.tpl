{{/* Which Redis the gateway uses: "builtin", "external", or "" when it keeps its state in memory. */}}
{{- define "mcp-platform.redis.mode" -}}
{{- if eq .Values.gateway.store "redis" }}{{ .Values.redis.mode }}{{ end }}
{{- end }}

{{- define "mcp-platform.redis.builtinSecretName" -}}
{{- default (include "mcp-platform.componentName" (dict "root" . "component" "redis")) .Values.redis.builtin.auth.existingSecret }}
{{- end }}

{{/* The Redis password's Secret reference ({name, key}), or nothing when there is none. */}}
{{- define "mcp-platform.redis.passwordRef" -}}
{{- $mode := include "mcp-platform.redis.mode" . }}
{{- if eq $mode "builtin" }}
name: {{ include "mcp-platform.redis.builtinSecretName" . }}
key: {{ .Values.redis.builtin.auth.key }}
{{- else if and (eq $mode "external") .Values.redis.external.password.existingSecret }}
name: {{ .Values.redis.external.password.existingSecret }}
key: {{ .Values.redis.external.password.key }}
{{- end }}
{{- end }}

{{/*
spring.data.redis.* for the gateway. An external URL is taken apart into host, port, database and TLS:
Spring ignores spring.data.redis.password whenever spring.data.redis.url is set, and the password comes
from a Secret, never from the URL.
*/}}
{{- define "mcp-platform.redis.connection" -}}
{{- if eq (include "mcp-platform.redis.mode" .) "builtin" }}
host: {{ include "mcp-platform.serviceHost" (dict "root" . "component" "redis") }}
port: 6379
{{- else }}
{{- $url := urlParse .Values.redis.external.url }}
{{- $hostPort := splitList ":" $url.host }}
host: {{ first $hostPort }}
port: {{ if gt (len $hostPort) 1 }}{{ last $hostPort }}{{ else }}6379{{ end }}
{{- with trimPrefix "/" $url.path }}
database: {{ . }}
{{- end }}
{{- with .Values.redis.external.username }}
username: {{ . }}
{{- end }}
{{- if eq $url.scheme "rediss" }}
ssl:
  enabled: true
  {{- if .Values.redis.external.caSecret.name }}
  bundle: redis
  {{- end }}
{{- end }}
{{- end }}
{{- end }}
