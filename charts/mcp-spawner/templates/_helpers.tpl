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
{{- else if and .Values.gateway.httpRoute.enabled .Values.gateway.httpRoute.hostnames }}
{{- printf "https://%s" (first .Values.gateway.httpRoute.hostnames) }}
{{- end }}
{{- end }}

{{/* The gateway's paths that clients and people use, space-separated: what the Ingress and the
     HTTPRoute route (MCP, OAuth and its /.well-known metadata, the account page, the dashboard).
     Never /metrics, /healthz, /readyz or /health/sessions: those stay inside the cluster. */}}
{{- define "mcp-spawner.gateway.publicPaths" -}}
/mcp /oauth /.well-known /account /admin
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

{{/* Whether caBundle names extra CAs for the operator and the gateway to trust. */}}
{{- define "mcp-spawner.caBundle.enabled" -}}
{{- if or .Values.caBundle.configMapName .Values.caBundle.secretName }}true{{ end }}
{{- end }}

{{/* The init container that makes the JVM's trust store with caBundle's CAs added: the image's
     own CAs (so public ones stay trusted), then each certificate of the PEM bundle. The JVM then
     reads it through javax.net.ssl.trustStore (mcp-spawner.caBundle.javaOptions).
     Takes (dict "ctx" $ "image" <image> "pullPolicy" <policy> "resources" <resources>). */}}
{{- define "mcp-spawner.caBundle.initContainer" -}}
- name: trust-ca-bundle
  image: {{ .image }}
  imagePullPolicy: {{ .pullPolicy }}
  env:
    - name: BUNDLE
      value: /etc/mcp-spawner/ca-bundle/{{ .ctx.Values.caBundle.key }}
    - name: TRUSTSTORE
      value: /etc/mcp-spawner/truststore/cacerts
  command:
    - bash
    - -c
    - |
      set -euo pipefail
      java_home="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
      cp "$java_home/lib/security/cacerts" "$TRUSTSTORE"
      chmod 0644 "$TRUSTSTORE"
      work="$(dirname "$TRUSTSTORE")/pem"
      mkdir -p "$work"
      awk -v dir="$work" '/-----BEGIN CERTIFICATE-----/ { n++; f = sprintf("%s/ca-%03d.pem", dir, n) }
        f { print > f }
        /-----END CERTIFICATE-----/ { close(f); f = "" }' "$BUNDLE"
      n=0
      for pem in "$work"/ca-*.pem; do
        [[ -e "$pem" ]] || continue
        keytool -importcert -noprompt -storetype PKCS12 -keystore "$TRUSTSTORE" -storepass changeit \
          -alias "mcp-spawner-extra-$(basename "$pem" .pem)" -file "$pem" >/dev/null
        n=$((n + 1))
      done
      rm -rf "$work"
      if [[ "$n" -eq 0 ]]; then echo "no certificate in $BUNDLE" >&2; exit 1; fi
      echo "trusting $n extra CA certificate(s) from $BUNDLE"
  resources:
    {{- toYaml .resources | nindent 4 }}
  securityContext:
    {{- toYaml .ctx.Values.securityContext | nindent 4 }}
  volumeMounts:
    - name: ca-bundle
      mountPath: /etc/mcp-spawner/ca-bundle
      readOnly: true
    - name: truststore
      mountPath: /etc/mcp-spawner/truststore
{{- end }}

{{/* The main container's mount of the trust store the init container made. */}}
{{- define "mcp-spawner.caBundle.volumeMount" -}}
- name: truststore
  mountPath: /etc/mcp-spawner/truststore
  readOnly: true
{{- end }}

{{/* The bundle (a ConfigMap or a Secret key) and the trust store's scratch volume. */}}
{{- define "mcp-spawner.caBundle.volumes" -}}
- name: ca-bundle
  {{- if .Values.caBundle.configMapName }}
  configMap:
    name: {{ .Values.caBundle.configMapName }}
  {{- else }}
  secret:
    secretName: {{ .Values.caBundle.secretName }}
  {{- end }}
    items:
      - key: {{ .Values.caBundle.key }}
        path: {{ .Values.caBundle.key }}
- name: truststore
  emptyDir:
    sizeLimit: 8Mi
{{- end }}

{{/* JVM flags that make the trust store the JVM's default (JDK HTTP client, Nimbus JWKS). */}}
{{- define "mcp-spawner.caBundle.javaOptions" -}}
-Djavax.net.ssl.trustStore=/etc/mcp-spawner/truststore/cacerts -Djavax.net.ssl.trustStoreType=PKCS12 -Djavax.net.ssl.trustStorePassword=changeit
{{- end }}

{{/* JAVA_TOOL_OPTIONS of a JVM container: its jvmOptions, and the trust store's flags with caBundle.
     Takes (dict "ctx" $ "jvmOptions" <string>). */}}
{{- define "mcp-spawner.javaToolOptions" -}}
{{- $opts := list }}
{{- with .jvmOptions }}{{ $opts = append $opts . }}{{ end }}
{{- if include "mcp-spawner.caBundle.enabled" .ctx }}{{ $opts = append $opts (include "mcp-spawner.caBundle.javaOptions" .ctx) }}{{ end }}
{{- if $opts }}
- name: JAVA_TOOL_OPTIONS
  value: {{ join " " $opts | quote }}
{{- end }}
{{- end }}
