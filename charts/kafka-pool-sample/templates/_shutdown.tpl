{{/*
Shutdown timing, derived from the shutdown.* values so the pieces cannot disagree.
After the preStop pause, SIGTERM starts Spring's graceful stop: first the HTTP phase (capped by
SPRING_LIFECYCLE_TIMEOUT_PER_SHUTDOWN_PHASE), then the Kafka drain (KAFKA_SHUTDOWN_TIMEOUT).
Kubernetes sends SIGKILL when the grace period ends, counted from the start of preStop, so the
grace period covers all three plus a margin for the JVM to exit.
*/}}
{{- define "kafka-pool-sample.terminationGracePeriodSeconds" -}}
{{- $s := .Values.shutdown -}}
{{- add (int64 $s.preStopSeconds) (mul 2 (int64 $s.timeoutSeconds)) (int64 $s.marginSeconds) -}}
{{- end -}}
