{{/* Spread replicas over nodes, so that losing one node loses one replica. */}}
{{- define "mcp-platform.gateway.affinity" -}}
{{- $g := .Values.gateway }}
{{- $term := dict "topologyKey" "kubernetes.io/hostname" "labelSelector" (dict "matchLabels" (include "mcp-platform.selectorLabels" (dict "root" . "component" "gateway") | fromYaml)) }}
{{- if $g.affinity }}
affinity:
  {{- toYaml $g.affinity | nindent 2 }}
{{- else if eq $g.podAntiAffinity "soft" }}
affinity:
  podAntiAffinity:
    preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 100
        podAffinityTerm:
          {{- toYaml $term | nindent 10 }}
{{- else if eq $g.podAntiAffinity "hard" }}
affinity:
  podAntiAffinity:
    requiredDuringSchedulingIgnoredDuringExecution:
      - {{- toYaml $term | nindent 8 }}
{{- end }}
{{- end }}
