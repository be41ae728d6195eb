{{/*
Kafka configuration of the app: the KAFKA_* environment variables of CONTRACT.md and the
read-only TLS volume they point at.
*/}}

{{/*
One env entry, only when the value is given: null and "" leave the variable out so the app's
own default applies. Whole numbers are printed as integers, never as 1e+06.
Usage: include "kafka-pool-sample.optionalEnv" (list "NAME" value)
*/}}
{{- define "kafka-pool-sample.optionalEnv" -}}
{{- $name := index . 0 -}}
{{- $value := index . 1 -}}
{{- if and (not (kindIs "invalid" $value)) (ne (toString $value) "") }}
- name: {{ $name }}
  value: {{ include "kafka-pool-sample.text" $value | quote }}
{{- end }}
{{- end -}}

{{/* The Secret holding the CA: its own Secret (Strimzi cluster CA), or the client certificate's (cert-manager). */}}
{{- define "kafka-pool-sample.tls.caSecretName" -}}
{{- .Values.kafka.tls.caCertificate.secretName | default .Values.kafka.tls.clientCertificate.secretName -}}
{{- end -}}

{{/*
"true" when a CA file is mounted: a Secret to take it from, and a key (an empty
caCertificate.key: no CA file, the JVM's trust store checks the brokers).
*/}}
{{- define "kafka-pool-sample.tls.caMounted" -}}
{{- if and (include "kafka-pool-sample.tls.caSecretName" .) .Values.kafka.tls.caCertificate.key -}}true{{- end -}}
{{- end -}}

{{/* "true" when any TLS file is mounted. */}}
{{- define "kafka-pool-sample.tls.mounted" -}}
{{- if or (include "kafka-pool-sample.tls.caMounted" .) .Values.kafka.tls.clientCertificate.secretName -}}true{{- end -}}
{{- end -}}

{{/* Paths of the mounted files; the env vars and the volume items both use these. */}}
{{- define "kafka-pool-sample.tls.caPath" -}}
{{- printf "%s/ca.crt" (trimSuffix "/" .Values.kafka.tls.mountPath) -}}
{{- end -}}
{{- define "kafka-pool-sample.tls.certPath" -}}
{{- printf "%s/client.crt" (trimSuffix "/" .Values.kafka.tls.mountPath) -}}
{{- end -}}
{{- define "kafka-pool-sample.tls.keyPath" -}}
{{- printf "%s/client.key" (trimSuffix "/" .Values.kafka.tls.mountPath) -}}
{{- end -}}

{{/*
The checksum/kafka-tls pod annotation, only with kafka.tls.rolloutOnChange: the app reloads
renewed certificate files by itself (KAFKA_TLS_RELOAD), so by default nothing rolls the pods.
The chart cannot see the content of a Secret made by cert-manager or Strimzi: `lookup` is empty
under `helm template` (Argo CD, Flux) and only runs at install/upgrade anyway, never when the
certificate is renewed. So the checksum covers what the chart does know (which Secrets and keys)
plus kafka.tls.rolloutChecksum, a value users change to roll the pods.
*/}}
{{- define "kafka-pool-sample.tls.checksum" -}}
{{- $tls := .Values.kafka.tls -}}
{{- $inputs := dict "client" $tls.clientCertificate "ca" $tls.caCertificate "caSecret" (include "kafka-pool-sample.tls.caSecretName" .) "keyPassword" $tls.keyPassword "mountPath" $tls.mountPath "rollout" (toString $tls.rolloutChecksum) -}}
{{- toJson $inputs | sha256sum -}}
{{- end -}}

{{/*
The projected volume: the client certificate and key, and the CA, each picked by key from its
Secret and renamed to fixed file names. One source when both live in one Secret (cert-manager),
two when they do not (Strimzi: KafkaUser Secret + <cluster>-cluster-ca-cert).
*/}}
{{- define "kafka-pool-sample.tls.volume" -}}
{{- $client := .Values.kafka.tls.clientCertificate -}}
{{- $caSecret := include "kafka-pool-sample.tls.caSecretName" . -}}
{{- $caMounted := include "kafka-pool-sample.tls.caMounted" . -}}
{{- $caItem := dict "key" .Values.kafka.tls.caCertificate.key "path" "ca.crt" -}}
{{- $sources := list -}}
{{- if $client.secretName -}}
{{- $items := list (dict "key" $client.certKey "path" "client.crt") (dict "key" $client.keyKey "path" "client.key") -}}
{{- if and $caMounted (eq $caSecret $client.secretName) -}}
{{- $items = append $items $caItem -}}
{{- end -}}
{{- $sources = append $sources (dict "secret" (dict "name" $client.secretName "items" $items)) -}}
{{- end -}}
{{- if and $caMounted (ne $caSecret $client.secretName) -}}
{{- $sources = append $sources (dict "secret" (dict "name" $caSecret "items" (list $caItem))) -}}
{{- end -}}
- name: kafka-tls
  projected:
    # 0440: readable by the pod's fsGroup, never writable.
    defaultMode: 288
    sources:
      {{- toYaml $sources | nindent 6 }}
{{- end -}}

{{/*
A map key as part of an environment variable name, the way Spring's relaxed binding reads it
back: upper-cased, "." and "-" as "_" (linger.ms is LINGER_MS).
*/}}
{{- define "kafka-pool-sample.envName" -}}
{{- . | upper | replace "." "_" | replace "-" "_" -}}
{{- end -}}

{{/*
KAFKA_TOPIC_LIMITS_<TOPIC>_* of kafka.topicLimits. Two topics that give one <TOPIC> (orders.v1
and orders-v1) are refused in _validate.tpl.
*/}}
{{- define "kafka-pool-sample.topicLimitsEnv" -}}
{{- range $topic, $limit := .Values.kafka.topicLimits }}
{{- $prefix := printf "KAFKA_TOPIC_LIMITS_%s_" (include "kafka-pool-sample.envName" $topic) }}
{{- include "kafka-pool-sample.optionalEnv" (list (print $prefix "RECORDS_PER_SECOND") $limit.recordsPerSecond) }}
{{- include "kafka-pool-sample.optionalEnv" (list (print $prefix "BYTES_PER_SECOND") $limit.bytesPerSecond) }}
{{- include "kafka-pool-sample.optionalEnv" (list (print $prefix "BURST") $limit.burst) }}
{{- end }}
{{- end -}}

{{/*
JAVA_TOOL_OPTIONS: javaToolOptions, plus -Dspring.aot.enabled=true (springAot) while the image's
build-time conditions hold: Kafka enabled, fail-fast on, TLS on with its PEM files mounted and
reloaded, API security off (the JWT decoder's beans depend on settings the build did not have). With other
settings the starter stops a start on the image's generated beans and says so; so an extraEnv
entry for one of the settings those conditions read turns it off as well (its value may come
from a Secret the chart cannot see). Set even when empty, because it replaces the image's own
JAVA_TOOL_OPTIONS, which has Spring AOT on.
*/}}
{{- define "kafka-pool-sample.javaToolOptions" -}}
{{- $options := list -}}
{{- with .Values.javaToolOptions }}{{ $options = append $options . }}{{ end -}}
{{- $kafka := .Values.kafka -}}
{{- $buildSettings := list "KAFKA_ENABLED" "KAFKA_FAIL_FAST" "KAFKA_TLS_ENABLED" "KAFKA_TLS_RELOAD" "KAFKA_TLS_BUNDLE" "KAFKA_TLS_CLIENT_CERT" "SAMPLE_SECURITY_ENABLED" -}}
{{- $overridden := false -}}
{{- range (.Values.extraEnv | default list) -}}
{{- if has .name $buildSettings -}}
{{- $overridden = true -}}
{{- end -}}
{{- end -}}
{{- if and .Values.springAot (not $overridden) (ne (toString $kafka.enabled) "false") (ne (toString $kafka.failFast) "false") (ne (toString $kafka.tls.enabled) "false") (ne (toString $kafka.tls.reload) "false") (include "kafka-pool-sample.tls.mounted" .) (not .Values.security.enabled) }}
{{- $options = append $options "-Dspring.aot.enabled=true" }}
{{- end }}
{{- join " " $options -}}
{{- end -}}

{{/* The chart's own environment variables of the app container, in a stable order. */}}
{{/*
KAFKA_STARTUP_TIMEOUT when kafka.startupTimeout is unset: half of what the startup probe allows
(5 s + 5 s x 30 = 155 s by default: 77s), at least a second. The app's 10 s was a fraction of
the probe's budget: a pod short of CPU failed a start that more time would have carried, and was
restarted; with half, the app still gives up, with its report, before the probe kills it. Unset
without a startup probe: the app's default.
*/}}
{{- define "kafka-pool-sample.startupTimeout" -}}
{{- $probe := .Values.startupProbe -}}
{{- if $probe.enabled -}}
{{- $budget := add (int64 $probe.initialDelaySeconds) (mul (int64 $probe.periodSeconds) (int64 $probe.failureThreshold)) -}}
{{- printf "%ds" (max 1 (div $budget 2)) -}}
{{- end -}}
{{- end -}}

{{- define "kafka-pool-sample.chartEnv" -}}
{{- $kafka := .Values.kafka -}}
{{- $tls := $kafka.tls -}}
- name: SERVER_PORT
  value: {{ .Values.containerPorts.http | int64 | toString | quote }}
- name: MANAGEMENT_SERVER_PORT
  value: {{ .Values.containerPorts.management | int64 | toString | quote }}
- name: SERVER_SHUTDOWN
  value: graceful
- name: SPRING_LIFECYCLE_TIMEOUT_PER_SHUTDOWN_PHASE
  value: {{ printf "%ds" (int64 .Values.shutdown.timeoutSeconds) | quote }}
- name: KAFKA_SHUTDOWN_TIMEOUT
  value: {{ printf "%ds" (int64 .Values.shutdown.timeoutSeconds) | quote }}
- name: JAVA_TOOL_OPTIONS
  value: {{ include "kafka-pool-sample.javaToolOptions" . | quote }}
{{- include "kafka-pool-sample.optionalEnv" (list "KAFKA_ENABLED" $kafka.enabled) }}
{{- include "kafka-pool-sample.optionalEnv" (list "KAFKA_BROKERS" $kafka.brokers) }}
{{- include "kafka-pool-sample.optionalEnv" (list "KAFKA_TOPICS" (join "," ($kafka.topics | default list))) }}
{{- include "kafka-pool-sample.optionalEnv" (list "KAFKA_LOG_LABEL" $kafka.logLabel) }}
{{- include "kafka-pool-sample.optionalEnv" (list "KAFKA_NUM_THREADS" $kafka.numThreads) }}
{{- include "kafka-pool-sample.optionalEnv" (list "KAFKA_PUBLISH_RETRY_INTERVAL_SEC" $kafka.publishRetryIntervalSec) }}
{{- include "kafka-pool-sample.optionalEnv" (list "KAFKA_FAIL_FAST" $kafka.failFast) }}
{{- include "kafka-pool-sample.optionalEnv" (list "KAFKA_STARTUP_TIMEOUT" ($kafka.startupTimeout | default (include "kafka-pool-sample.startupTimeout" .))) }}
{{- include "kafka-pool-sample.optionalEnv" (list "KAFKA_MISSING_TOPIC_TIMEOUT" $kafka.missingTopicTimeout) }}
{{- include "kafka-pool-sample.optionalEnv" (list "KAFKA_QUEUE_CAPACITY" $kafka.queue.capacity) }}
{{- include "kafka-pool-sample.optionalEnv" (list "KAFKA_QUEUE_MAX_BYTES" $kafka.queue.maxBytes) }}
{{- if .Values.journal.enabled }}
- name: KAFKA_JOURNAL_DIR
  value: {{ .Values.journal.mountPath | quote }}
{{- include "kafka-pool-sample.optionalEnv" (list "KAFKA_JOURNAL_FSYNC" $kafka.journal.fsync) }}
{{- include "kafka-pool-sample.optionalEnv" (list "KAFKA_JOURNAL_FSYNC_INTERVAL" $kafka.journal.fsyncInterval) }}
{{- include "kafka-pool-sample.optionalEnv" (list "KAFKA_JOURNAL_MAX_BYTES" $kafka.journal.maxBytes) }}
{{- end }}
{{- include "kafka-pool-sample.topicLimitsEnv" . }}
{{- include "kafka-pool-sample.optionalEnv" (list "KAFKA_TLS_ENABLED" $tls.enabled) }}
{{- include "kafka-pool-sample.optionalEnv" (list "KAFKA_TLS_RELOAD" $tls.reload) }}
{{- include "kafka-pool-sample.optionalEnv" (list "KAFKA_TLS_RELOAD_INTERVAL" $tls.reloadInterval) }}
{{- include "kafka-pool-sample.optionalEnv" (list "KAFKA_TLS_EXPIRY_WARNING" $tls.expiryWarning) }}
{{- if include "kafka-pool-sample.tls.caMounted" . }}
- name: KAFKA_TLS_CLIENT_CA
  value: {{ include "kafka-pool-sample.tls.caPath" . | quote }}
{{- end }}
{{- if $tls.clientCertificate.secretName }}
- name: KAFKA_TLS_CLIENT_CERT
  value: {{ include "kafka-pool-sample.tls.certPath" . | quote }}
- name: KAFKA_TLS_CLIENT_KEY
  value: {{ include "kafka-pool-sample.tls.keyPath" . | quote }}
{{- end }}
{{- if $tls.keyPassword.secretName }}
- name: KAFKA_TLS_CLIENT_KEY_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $tls.keyPassword.secretName }}
      key: {{ $tls.keyPassword.key }}
{{- end }}
{{- range $name, $value := $kafka.producer }}
{{- include "kafka-pool-sample.optionalEnv" (list (printf "KAFKA_PRODUCER_%s" (include "kafka-pool-sample.envName" $name)) $value) }}
{{- end }}
{{- include "kafka-pool-sample.security.env" . }}
{{- include "kafka-pool-sample.optionalEnv" (list "SAMPLE_CLIENT_LIMITS_RECORDS_PER_SECOND" .Values.sample.clientLimits.recordsPerSecond) }}
{{- include "kafka-pool-sample.optionalEnv" (list "SAMPLE_CLIENT_LIMITS_BURST" .Values.sample.clientLimits.burst) }}
{{- end -}}

{{/*
The container's environment: the chart's own variables, then extraEnv. A name that extraEnv sets
replaces the chart's entry of that name: Kubernetes would keep both (the API server warns that
the later hides the earlier), a later upgrade without the override could drop both, and
server-side apply refuses the duplicate outright.
*/}}
{{- define "kafka-pool-sample.env" -}}
{{- $extra := .Values.extraEnv | default list -}}
{{- $names := list -}}
{{- range $extra -}}
{{- $names = append $names .name -}}
{{- end -}}
{{- $env := list -}}
{{- range (include "kafka-pool-sample.chartEnv" . | fromYamlArray) -}}
{{- if not (has .name $names) -}}
{{- $env = append $env . -}}
{{- end -}}
{{- end -}}
{{- toYaml (concat $env $extra) -}}
{{- end -}}
