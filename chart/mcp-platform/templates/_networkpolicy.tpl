{{/* Egress to the cluster DNS, which every component that resolves a name needs. */}}
{{- define "mcp-platform.networkPolicy.dns" -}}
- to:
    {{- toYaml .Values.networkPolicy.dns.to | nindent 4 }}
  ports:
    - port: 53
      protocol: UDP
    - port: 53
      protocol: TCP
{{- end }}

{{/* A peer: the pods of one of this release's components. */}}
{{- define "mcp-platform.networkPolicy.pods" -}}
podSelector:
  matchLabels:
    {{- include "mcp-platform.selectorLabels" . | nindent 4 }}
{{- end }}
