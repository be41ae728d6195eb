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
{{- if and (ne (toString .Values.kafka.tls.rolloutChecksum) "") (not .Values.kafka.tls.rolloutOnChange) -}}
{{- fail "kafka.tls.rolloutChecksum rolls the pods only with kafka.tls.rolloutOnChange=true (the app reloads renewed certificates by itself): set both, or neither" -}}
{{- end -}}
{{- range $values := list "commonLabels" "podLabels" -}}
{{- $given := get $.Values $values | default dict -}}
{{- range $name, $value := include "kafka-pool-sample.selectorLabels" $ | fromYaml -}}
{{- if and (hasKey $given $name) (ne (toString (get $given $name)) (toString $value)) -}}
{{- fail (printf "%s must not set %s (to %v): the chart sets it to %v, and the Service, PodDisruptionBudget and Deployment select the pods by it" $values $name (get $given $name) $value) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- include "kafka-pool-sample.validateJournal" . -}}
{{- include "kafka-pool-sample.validateSecurity" . -}}
{{- include "kafka-pool-sample.validateTopicLimits" . -}}
{{- end -}}

{{/*
The journal: its volume leaves room above maxBytes, and a claim serves one process at a time
(the app locks the directory; a second pod on it would fail to start).
*/}}
{{- define "kafka-pool-sample.validateJournal" -}}
{{- $journal := .Values.journal -}}
{{- if and $journal.persistence.enabled (not $journal.enabled) -}}
{{- fail "journal.persistence.enabled needs journal.enabled: there is no journal to keep" -}}
{{- end -}}
{{- if $journal.enabled -}}
{{- if include "kafka-pool-sample.journal.persistent" . -}}
{{- if or .Values.autoscaling.enabled (gt (int64 .Values.replicaCount) 1) -}}
{{- fail (printf "journal.persistence.enabled needs replicaCount: 1 and autoscaling.enabled: false (replicaCount is %v, autoscaling.enabled is %v): one process locks the journal's directory, so a second pod on the claim cannot start. For several replicas keep the journal on its emptyDir (journal.persistence.enabled=false); a journal per replica that survives the loss of its pod needs a StatefulSet, which this chart does not provide" .Values.replicaCount .Values.autoscaling.enabled) -}}
{{- end -}}
{{- if not $journal.persistence.existingClaim -}}
{{- include "kafka-pool-sample.journal.checkSize" (list . "journal.persistence.size" $journal.persistence.size) -}}
{{- end -}}
{{- else -}}
{{- include "kafka-pool-sample.journal.checkSize" (list . "journal.sizeLimit" $journal.sizeLimit) -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Security on needs exactly one way to check token signatures. */}}
{{- define "kafka-pool-sample.validateSecurity" -}}
{{- $jwt := .Values.security.jwt -}}
{{- if and $jwt.publicKey.secretName $jwt.publicKey.configMapName -}}
{{- fail "set only one of security.jwt.publicKey.secretName and security.jwt.publicKey.configMapName" -}}
{{- end -}}
{{- if .Values.security.enabled -}}
{{- $sources := list -}}
{{- if $jwt.issuerUri -}}{{- $sources = append $sources "security.jwt.issuerUri" -}}{{- end -}}
{{- if $jwt.jwkSetUri -}}{{- $sources = append $sources "security.jwt.jwkSetUri" -}}{{- end -}}
{{- if include "kafka-pool-sample.jwt.publicKeySource" . -}}{{- $sources = append $sources "security.jwt.publicKey" -}}{{- end -}}
{{- if ne (len $sources) 1 -}}
{{- fail (printf "security.enabled needs exactly one of security.jwt.issuerUri, security.jwt.jwkSetUri and security.jwt.publicKey (secretName or configMapName) to check token signatures; %s" (empty $sources | ternary "none is set" (printf "set are %s" (join ", " $sources)))) -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Two topics whose variables would have one name (orders.v1 and orders-v1) cannot both be limited. */}}
{{- define "kafka-pool-sample.validateTopicLimits" -}}
{{- $seen := dict -}}
{{- range $topic, $limit := .Values.kafka.topicLimits -}}
{{- $name := include "kafka-pool-sample.envName" $topic -}}
{{- if hasKey $seen $name -}}
{{- fail (printf "kafka.topicLimits: topics %q and %q both give the variables KAFKA_TOPIC_LIMITS_%s_*; limit one of them" (get $seen $name) $topic $name) -}}
{{- end -}}
{{- $_ := set $seen $name $topic -}}
{{- end -}}
{{- end -}}
