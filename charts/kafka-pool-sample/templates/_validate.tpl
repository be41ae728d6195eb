{{/*
Checks the schema cannot express (relations between values). Each message names the values
to change, so a failed install says what to fix.
*/}}
{{- define "kafka-pool-sample.validate" -}}
{{- if and .Values.autoscaling.enabled (gt (int64 .Values.autoscaling.minReplicas) (int64 .Values.autoscaling.maxReplicas)) -}}
{{- fail (printf "autoscaling.minReplicas (%v) must not exceed autoscaling.maxReplicas (%v)" .Values.autoscaling.minReplicas .Values.autoscaling.maxReplicas) -}}
{{- end -}}
{{- if and .Values.autoscaling.enabled (not .Values.autoscaling.targetCPU) (not .Values.autoscaling.targetMemory) -}}
{{- fail "autoscaling.enabled needs autoscaling.targetCPU or autoscaling.targetMemory" -}}
{{- end -}}
{{- if and (ne (toString .Values.pdb.minAvailable) "") (ne (toString .Values.pdb.maxUnavailable) "") -}}
{{- fail "set only one of pdb.minAvailable and pdb.maxUnavailable" -}}
{{- end -}}
{{- if and .Values.kafka.tls.keyPassword.secretName (not .Values.kafka.tls.clientCertificate.secretName) -}}
{{- fail "kafka.tls.keyPassword.secretName needs kafka.tls.clientCertificate.secretName: there is no key to decrypt" -}}
{{- end -}}
{{- end -}}
