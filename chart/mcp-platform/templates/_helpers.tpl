{{/* Names, labels and images shared by every component. */}}

{{- define "mcp-platform.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* "<release>-<chart>", or the release name alone when it already contains the chart name. */}}
{{- define "mcp-platform.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* A component's object name: "<fullname>-<component>", within the 63 characters of a DNS label. */}}
{{- define "mcp-platform.componentName" -}}
{{- printf "%s-%s" (include "mcp-platform.fullname" .root | trunc (int (sub 62 (len .component))) | trimSuffix "-") .component }}
{{- end }}

{{/* Selector labels: stable for the life of a release (a Deployment's selector cannot change). */}}
{{- define "mcp-platform.selectorLabels" -}}
app.kubernetes.io/name: {{ include "mcp-platform.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "mcp-platform.labels" -}}
{{ include "mcp-platform.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: mcp-platform
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* One of the project's images: registry/repository, then @digest or :tag (the appVersion by default). */}}
{{- define "mcp-platform.image" -}}
{{- $image := .image }}
{{- $ref := printf "%s/%s" .root.Values.image.registry $image.repository }}
{{- if $image.digest }}
{{- printf "%s@%s" $ref $image.digest }}
{{- else }}
{{- printf "%s:%s" $ref (default .root.Chart.AppVersion $image.tag) }}
{{- end }}
{{- end }}

{{- define "mcp-platform.imagePullSecrets" -}}
{{- with .Values.image.pullSecrets }}
imagePullSecrets:
{{- range . }}
  - name: {{ . }}
{{- end }}
{{- end }}
{{- end }}

{{/* In-cluster host names. */}}
{{- define "mcp-platform.serviceHost" -}}
{{- printf "%s.%s.svc.%s" (include "mcp-platform.componentName" .) .root.Release.Namespace .root.Values.clusterDomain }}
{{- end }}

{{/* The gateway's public URL as its own checks canonicalise it: lower case, no trailing slash. */}}
{{- define "mcp-platform.publicUrl" -}}
{{- .Values.gateway.publicUrl | lower | trimSuffix "/" }}
{{- end }}

{{/*
Where a secret value comes from: an existing Secret (existingSecret + key), or `value`, which goes into the
Secret the chart makes for the component. Renders {name, key} as YAML, or nothing when neither is given.
Call with (dict "ref" <values> "owned" <chart Secret name>).
*/}}
{{- define "mcp-platform.secretRef" -}}
{{- if .ref.existingSecret }}
name: {{ .ref.existingSecret }}
key: {{ .ref.key }}
{{- else if .ref.value }}
name: {{ .owned }}
key: {{ .ref.key }}
{{- end }}
{{- end }}
