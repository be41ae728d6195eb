{{/*
The sample app's API security: Spring Security's OAuth2 resource server, configured by its
SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_* variables, and the read-only volume of the issuer's
public key for clusters that cannot reach the issuer.
*/}}

{{/* The object holding the public key: "secret", "configMap", or empty. */}}
{{- define "kafka-pool-sample.jwt.publicKeySource" -}}
{{- $key := .Values.security.jwt.publicKey -}}
{{- if $key.secretName -}}secret{{- else if $key.configMapName -}}configMap{{- end -}}
{{- end -}}

{{/* Path of the mounted public key. */}}
{{- define "kafka-pool-sample.jwt.publicKeyPath" -}}
{{- printf "%s/public.pem" (trimSuffix "/" .Values.security.jwt.publicKey.mountPath) -}}
{{- end -}}

{{/* Whether the public key is mounted: "true" or empty. */}}
{{- define "kafka-pool-sample.jwt.publicKeyMounted" -}}
{{- if and .Values.security.enabled (include "kafka-pool-sample.jwt.publicKeySource" .) -}}true{{- end -}}
{{- end -}}

{{/* SAMPLE_SECURITY_ENABLED always, and the token settings only while security is on. */}}
{{- define "kafka-pool-sample.security.env" -}}
{{- $jwt := .Values.security.jwt }}
- name: SAMPLE_SECURITY_ENABLED
  value: {{ .Values.security.enabled | toString | quote }}
{{- if .Values.security.enabled }}
{{- include "kafka-pool-sample.optionalEnv" (list "SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI" $jwt.issuerUri) }}
{{- include "kafka-pool-sample.optionalEnv" (list "SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_JWK_SET_URI" $jwt.jwkSetUri) }}
{{- if include "kafka-pool-sample.jwt.publicKeyMounted" . }}
- name: SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_PUBLIC_KEY_LOCATION
  value: {{ printf "file:%s" (include "kafka-pool-sample.jwt.publicKeyPath" .) | quote }}
{{- end }}
{{- include "kafka-pool-sample.optionalEnv" (list "SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_AUDIENCES" (join "," ($jwt.audiences | default list))) }}
{{- include "kafka-pool-sample.optionalEnv" (list "SAMPLE_SECURITY_EXPECTED_ISSUER" $jwt.expectedIssuer) }}
{{- end }}
{{- end -}}

{{/* The public key's volume: one item of a Secret or a ConfigMap, renamed to public.pem. */}}
{{- define "kafka-pool-sample.jwt.volume" -}}
{{- $key := .Values.security.jwt.publicKey -}}
{{- $items := list (dict "key" $key.key "path" "public.pem") -}}
- name: jwt-public-key
  {{- if eq (include "kafka-pool-sample.jwt.publicKeySource" .) "secret" }}
  secret:
    secretName: {{ $key.secretName }}
    # 0440: readable by the pod's fsGroup, never writable.
    defaultMode: 288
    items:
      {{- toYaml $items | nindent 6 }}
  {{- else }}
  configMap:
    name: {{ $key.configMapName }}
    defaultMode: 288
    items:
      {{- toYaml $items | nindent 6 }}
  {{- end }}
{{- end -}}

{{/*
The TCP port of the token issuer the app fetches keys from (jwt.issuerUri or jwt.jwkSetUri) while
security is on: the URL's own port, else 443 for https and 80 for http; empty with a public key.
*/}}
{{- define "kafka-pool-sample.jwt.issuerPort" -}}
{{- $jwt := .Values.security.jwt -}}
{{- $uri := $jwt.issuerUri | default $jwt.jwkSetUri -}}
{{- if and .Values.security.enabled $uri -}}
{{- $url := urlParse $uri -}}
{{- $hostPort := regexFind ":[0-9]+$" $url.host -}}
{{- if $hostPort -}}
{{- trimPrefix ":" $hostPort -}}
{{- else if eq (lower $url.scheme) "http" -}}
80
{{- else -}}
443
{{- end -}}
{{- end -}}
{{- end -}}
