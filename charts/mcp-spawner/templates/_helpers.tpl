{{/* The chart name, or nameOverride. */}}
{{- define "mcp-spawner.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Prefix of every object name; leaves room for the longest suffix ("-leader-election"). */}}
{{- define "mcp-spawner.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 40 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "mcp-spawner.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels of every object. Call with (dict "ctx" $ "component" "operator"). */}}
{{- define "mcp-spawner.labels" -}}
helm.sh/chart: {{ include "mcp-spawner.chart" .ctx }}
{{ include "mcp-spawner.selectorLabels" . }}
app.kubernetes.io/version: {{ .ctx.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
app.kubernetes.io/part-of: mcp-spawner
{{- with .ctx.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Labels that select one component's pods. Call with (dict "ctx" $ "component" "..."). */}}
{{- define "mcp-spawner.selectorLabels" -}}
app.kubernetes.io/name: {{ include "mcp-spawner.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
{{- with .component }}
app.kubernetes.io/component: {{ . }}
{{- end }}
{{- end }}

{{/*
Labels the operator puts on every session pod (the contract with the operator: see
McpSpawner.LABEL_COMPONENT and LABEL_MANAGED_BY). Session pods are not Helm's, so they are
selected by these and not by the release labels.
*/}}
{{- define "mcp-spawner.sessionPodLabels" -}}
app.kubernetes.io/component: session
app.kubernetes.io/managed-by: mcp-spawner
{{- end }}

{{/* The namespace of McpServers, McpSessions and session pods. */}}
{{- define "mcp-spawner.sessionsNamespace" -}}
{{- default .Release.Namespace .Values.sessions.namespace }}
{{- end }}

{{/* repository:tag or repository@digest. Call with (dict "image" .Values.x.image "ctx" $). */}}
{{- define "mcp-spawner.image" -}}
{{- if .image.digest }}
{{- printf "%s@%s" .image.repository .image.digest }}
{{- else }}
{{- printf "%s:%s" .image.repository (default .ctx.Chart.AppVersion .image.tag) }}
{{- end }}
{{- end }}

{{- define "mcp-spawner.operator.serviceAccountName" -}}
{{- if .Values.operator.serviceAccount.create }}
{{- default (printf "%s-operator" (include "mcp-spawner.fullname" .)) .Values.operator.serviceAccount.name }}
{{- else }}
{{- required "operator.serviceAccount.name is required when operator.serviceAccount.create is false" .Values.operator.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "mcp-spawner.gateway.serviceAccountName" -}}
{{- if .Values.gateway.serviceAccount.create }}
{{- default (printf "%s-gateway" (include "mcp-spawner.fullname" .)) .Values.gateway.serviceAccount.name }}
{{- else }}
{{- required "gateway.serviceAccount.name is required when gateway.serviceAccount.create is false" .Values.gateway.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The URL clients reach the gateway at. */}}
{{- define "mcp-spawner.gateway.publicUrl" -}}
{{- if .Values.gateway.publicUrl }}
{{- .Values.gateway.publicUrl | trimSuffix "/" }}
{{- else if and .Values.gateway.ingress.enabled .Values.gateway.ingress.hosts }}
{{- printf "https://%s" (first .Values.gateway.ingress.hosts) }}
{{- end }}
{{- end }}

{{/* A writable /tmp on a read-only root filesystem (the JVM needs one). */}}
{{- define "mcp-spawner.tmpVolume" -}}
- name: tmp
  emptyDir:
    sizeLimit: 64Mi
{{- end }}

{{/*
users.defaults as MCP_SPAWNER_USER_DEFAULT_* (names: crds UserDefaults), given alike to the gateway
(its fast answer) and the operator (the authority). An empty value sets nothing: no cap, or for
storage the home volume's own size.
*/}}
{{- define "mcp-spawner.userDefaultsEnv" -}}
{{- $defaults := .Values.users.defaults }}
{{- $names := dict "sessions" "SESSIONS" "cpu" "CPU" "memory" "MEMORY" "storage" "STORAGE" "requestsPerMinute" "REQUESTS_PER_MINUTE" "burst" "BURST" }}
{{- range $key := list "sessions" "cpu" "memory" "storage" "requestsPerMinute" "burst" }}
{{- $value := get $defaults $key }}
{{- if and (not (kindIs "invalid" $value)) (ne (toString $value) "") }}
{{- if and (has $key (list "sessions" "requestsPerMinute" "burst")) (not (regexMatch "^[0-9]+$" (toString $value))) }}
{{- fail (printf "users.defaults.%s: must be a whole number, not negative, got %v" $key $value) }}
{{- end }}
- name: MCP_SPAWNER_USER_DEFAULT_{{ get $names $key }}
  value: {{ $value | toString | quote }}
{{- end }}
{{- end }}
{{- end }}
