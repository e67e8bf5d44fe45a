{{/* Egress to DNS and to the API server, shared by the operator and the gateway. */}}
{{- define "mcp-spawner.controlPlaneEgress" -}}
{{- $np := .Values.networkPolicy -}}
- to:
    {{- toYaml $np.dns.to | nindent 4 }}
  ports:
    {{- toYaml $np.dns.ports | nindent 4 }}
- ports:
    {{- range $np.apiServer.ports }}
    - port: {{ . }}
      protocol: TCP
    {{- end }}
  {{- with $np.apiServer.cidrs }}
  to:
    {{- range . }}
    - ipBlock:
        cidr: {{ . }}
    {{- end }}
  {{- end }}
{{- end }}
