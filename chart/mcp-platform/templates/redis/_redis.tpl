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

{{/* The external Redis's kind: "sentinel", "cluster" or "url" (one server). */}}
{{- define "mcp-platform.redis.externalKind" -}}
{{- $e := .Values.redis.external }}
{{- if $e.sentinel.master }}sentinel{{ else if $e.cluster.nodes }}cluster{{ else }}url{{ end }}
{{- end }}

{{/* The sentinels' own password's Secret reference ({name, key}), or nothing. */}}
{{- define "mcp-platform.redis.sentinelPasswordRef" -}}
{{- if and (eq (include "mcp-platform.redis.mode" .) "external") (eq (include "mcp-platform.redis.externalKind" .) "sentinel") .Values.redis.external.sentinel.password.existingSecret }}
name: {{ .Values.redis.external.sentinel.password.existingSecret }}
key: {{ .Values.redis.external.sentinel.password.key }}
{{- end }}
{{- end }}

{{/* The ports of the external Redis the gateway connects to (one server, the sentinels and the nodes they name, cluster nodes). */}}
{{- define "mcp-platform.redis.externalPorts" -}}
{{- $e := .Values.redis.external }}
{{- $kind := include "mcp-platform.redis.externalKind" . }}
{{- $ports := list }}
{{- if eq $kind "url" }}
{{- $hostPort := splitList ":" (urlParse $e.url).host }}
{{- $ports = append $ports (ternary (last $hostPort) "6379" (gt (len $hostPort) 1)) }}
{{- else }}
{{- range (eq $kind "sentinel" | ternary $e.sentinel.nodes $e.cluster.nodes) }}{{ $ports = append $ports (last (splitList ":" .)) }}{{ end }}
{{- if eq $kind "sentinel" }}
{{- /* The master and replicas the sentinels name, on Redis's usual port; others go in networkPolicy.external.ports. */}}
{{- $ports = append $ports "6379" }}
{{- end }}
{{- end }}
{{- toJson (uniq $ports) }}
{{- end }}

{{/*
spring.data.redis.* for the gateway. An external URL is taken apart into host, port, database and TLS:
Spring ignores spring.data.redis.password whenever spring.data.redis.url is set, and the password comes
from a Secret, never from the URL. A Sentinel group or a cluster is given by its nodes; Spring Boot picks
sentinel, then cluster, then host and port.
*/}}
{{- define "mcp-platform.redis.connection" -}}
{{- $e := .Values.redis.external }}
{{- if eq (include "mcp-platform.redis.mode" .) "builtin" }}
host: {{ include "mcp-platform.serviceHost" (dict "root" . "component" "redis") }}
port: 6379
{{- else }}
{{- $kind := include "mcp-platform.redis.externalKind" . }}
{{- $tls := $e.tls }}
{{- if eq $kind "sentinel" }}
sentinel:
  master: {{ $e.sentinel.master }}
  nodes: {{ $e.sentinel.nodes | toJson }}
{{- else if eq $kind "cluster" }}
cluster:
  nodes: {{ $e.cluster.nodes | toJson }}
{{- else }}
{{- $url := urlParse $e.url }}
{{- $hostPort := splitList ":" $url.host }}
{{- $tls = eq $url.scheme "rediss" }}
host: {{ first $hostPort }}
port: {{ if gt (len $hostPort) 1 }}{{ last $hostPort }}{{ else }}6379{{ end }}
{{- with trimPrefix "/" $url.path }}
database: {{ . }}
{{- end }}
{{- end }}
{{- with $e.username }}
username: {{ . }}
{{- end }}
{{- if $tls }}
ssl:
  enabled: true
  {{- if $e.caSecret.name }}
  bundle: redis
  {{- end }}
{{- end }}
{{- end }}
{{- end }}
