{{/*
Checks the schema cannot express (relations between values). Each message names the values
to change, so a failed install says what to fix.
*/}}
{{- define "kafka-pool-sample.validate" -}}
{{- $fullname := include "kafka-pool-sample.fullname" . -}}
{{- if not (regexMatch "^[a-z]([-a-z0-9]*[a-z0-9])?$" $fullname) -}}
{{- fail (printf "the release name with nameOverride or fullnameOverride gives the objects the name %q, which a Service cannot have: it must be lower-case letters, digits and '-', starting with a letter (an RFC 1035 label, no dots). Choose another release name, or set fullnameOverride" $fullname) -}}
{{- end -}}
{{- $retry := include "kafka-pool-sample.text" .Values.kafka.publishRetryIntervalSec -}}
{{- if and (ne $retry "") (or (lt (float64 $retry) 0.001) (gt (float64 $retry) 3600.0)) -}}
{{- fail (printf "kafka.publishRetryIntervalSec (%s) must be a number of seconds from 0.001 to 3600: the app refuses another at start" $retry) -}}
{{- end -}}
{{- if ne (include "kafka-pool-sample.text" .Values.kafka.queue.maxBytes) "" -}}
{{- if lt (include "kafka-pool-sample.bytes" (list "kafka.queue.maxBytes" .Values.kafka.queue.maxBytes) | int64) 65536 -}}
{{- fail (printf "kafka.queue.maxBytes (%s) must be at least 64KB: the app refuses a smaller bound at start (one queued record holds a few hundred bytes of heap besides its value)" (include "kafka-pool-sample.text" .Values.kafka.queue.maxBytes)) -}}
{{- end -}}
{{- end -}}
{{- if and .Values.autoscaling.enabled (gt (int64 .Values.autoscaling.minReplicas) (int64 .Values.autoscaling.maxReplicas)) -}}
{{- fail (printf "autoscaling.minReplicas (%v) must not exceed autoscaling.maxReplicas (%v)" .Values.autoscaling.minReplicas .Values.autoscaling.maxReplicas) -}}
{{- end -}}
{{- if and .Values.autoscaling.enabled (not .Values.autoscaling.targetCPU) (not .Values.autoscaling.targetMemory) -}}
{{- fail "autoscaling.enabled needs autoscaling.targetCPU or autoscaling.targetMemory" -}}
{{- end -}}
{{- if and (ne (toString .Values.pdb.minAvailable) "") (ne (toString .Values.pdb.maxUnavailable) "") -}}
{{- fail "set only one of pdb.minAvailable and pdb.maxUnavailable" -}}
{{- end -}}
{{- with .Values.updateStrategy -}}
{{- if and (ne (.type | default "RollingUpdate") "Recreate") .rollingUpdate (not (include "kafka-pool-sample.journal.persistent" $)) -}}
{{- if and (regexMatch "^0+%?$" (toString .rollingUpdate.maxSurge)) (regexMatch "^0+%?$" (toString .rollingUpdate.maxUnavailable)) -}}
{{- fail "updateStrategy.rollingUpdate.maxSurge and maxUnavailable are both 0: a rollout could replace no pod, and Kubernetes refuses the Deployment. Set maxSurge: 1 (the default, capacity never drops) or maxUnavailable: 1" -}}
{{- end -}}
{{- end -}}
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
{{- if and (eq .Values.service.type "ClusterIP") (eq (int64 .Values.service.port) (int64 .Values.service.managementPort)) -}}
{{- fail (printf "service.port and service.managementPort are both %v: a Service cannot carry the API and the actuator on one port; give them two" .Values.service.port) -}}
{{- end -}}
{{- if eq (int64 .Values.containerPorts.http) (int64 .Values.containerPorts.management) -}}
{{- fail (printf "containerPorts.http and containerPorts.management are both %v: the actuator would answer on the API's port; give them two" .Values.containerPorts.http) -}}
{{- end -}}
{{- range (.Values.extraEnv | default list) -}}
{{- /* as Spring Boot binds it: SERVER_PORT, server.port, server-port and Server_Port are one setting */ -}}
{{- $key := (toString .name) | upper | replace "." "" | replace "-" "" | replace "_" "" -}}
{{- $port := get (dict "SERVERPORT" "containerPorts.http" "MANAGEMENTSERVERPORT" "containerPorts.management") $key -}}
{{- if $port -}}
{{- fail (printf "extraEnv sets %s, which the chart sets from %s: the container's ports, the probes, the Service and the NetworkPolicy use that value, and would call a port nothing listens on. Set %s instead" .name $port $port) -}}
{{- end -}}
{{- if has $key (list "KAFKASHUTDOWNTIMEOUT" "SPRINGLIFECYCLETIMEOUTPERSHUTDOWNPHASE") -}}
{{- fail (printf "extraEnv sets %s, which the chart sets from shutdown.timeoutSeconds: terminationGracePeriodSeconds and the preStop pause are derived from that value, and with another one here Kubernetes would kill the pod before its drain ends (an emptyDir journal then goes with it). Set shutdown.timeoutSeconds instead" .name) -}}
{{- end -}}
{{- if has $key (list "KAFKAJOURNALDIR" "KAFKAJOURNALMAXBYTES") -}}
{{- fail (printf "extraEnv sets %s, which the chart sets from journal.enabled, journal.mountPath and kafka.journal.maxBytes: the journal's volume is mounted at that path and sized from that bound (a journal beyond its emptyDir's sizeLimit gets the pod evicted, journal and all). Set those values instead" .name) -}}
{{- end -}}
{{- if or (has $key (list "MANAGEMENTSERVERBASEPATH" "MANAGEMENTENDPOINTSWEBBASEPATH")) (hasPrefix "MANAGEMENTENDPOINTSWEBPATHMAPPING" $key) -}}
{{- fail (printf "extraEnv sets %s: the probes, the ServiceMonitor and the NetworkPolicy call /actuator/health/... and /actuator/prometheus on the management port, and this chart does not follow another path; leave it out" .name) -}}
{{- end -}}
{{- end -}}
{{- include "kafka-pool-sample.validateMounts" . -}}
{{- include "kafka-pool-sample.validateJournal" . -}}
{{- include "kafka-pool-sample.validateSecurity" . -}}
{{- include "kafka-pool-sample.validateTopicLimits" . -}}
{{- end -}}

{{/*
The chart's own volume mounts are at distinct paths (Kubernetes refuses a pod that mounts two
volumes at one path): /tmp, the TLS files, the journal and the token key, those that are mounted.
None lies inside a read-only one (the TLS files, the token key): the kubelet cannot make the
directory to mount on there, and the container would not start.
*/}}
{{- define "kafka-pool-sample.validateMounts" -}}
{{- $mounts := list (list "/tmp" "the writable /tmp (fixed)" false) -}}
{{- if include "kafka-pool-sample.tls.mounted" . -}}
{{- $mounts = append $mounts (list .Values.kafka.tls.mountPath "kafka.tls.mountPath" true) -}}
{{- end -}}
{{- if .Values.journal.enabled -}}
{{- $mounts = append $mounts (list .Values.journal.mountPath "journal.mountPath" false) -}}
{{- end -}}
{{- if include "kafka-pool-sample.jwt.publicKeyMounted" . -}}
{{- $mounts = append $mounts (list .Values.security.jwt.publicKey.mountPath "security.jwt.publicKey.mountPath" true) -}}
{{- end -}}
{{- $seen := dict -}}
{{- range $mount := $mounts -}}
{{- $path := trimSuffix "/" (index $mount 0) | default "/" -}}
{{- if hasKey $seen $path -}}
{{- fail (printf "%s and %s are both %s: a pod cannot mount two volumes at one path; give them two" (index (get $seen $path) 1) (index $mount 1) $path) -}}
{{- end -}}
{{- range $other, $first := $seen -}}
{{- $inner := "" -}}{{- $outer := list -}}
{{- if and (index $first 2) (hasPrefix (printf "%s/" $other) $path) -}}
{{- $inner = index $mount 1 -}}{{- $outer = $first -}}
{{- else if and (index $mount 2) (hasPrefix (printf "%s/" $path) $other) -}}
{{- $inner = index $first 1 -}}{{- $outer = $mount -}}
{{- end -}}
{{- if $inner -}}
{{- fail (printf "%s lies inside %s (%s), a read-only volume: the kubelet cannot make a directory to mount on there, and the container would not start; give them separate paths" $inner (index $outer 1) (index $outer 0)) -}}
{{- end -}}
{{- end -}}
{{- $_ := set $seen $path $mount -}}
{{- end -}}
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
{{- if lt (include "kafka-pool-sample.journal.maxBytes" . | int64) 4194304 -}}
{{- fail (printf "kafka.journal.maxBytes (%s) must be at least 4MB: the app refuses a smaller journal at start" (include "kafka-pool-sample.text" .Values.kafka.journal.maxBytes)) -}}
{{- end -}}
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
{{- range $topic, $limit := .Values.kafka.topicLimits -}}
{{- $name := include "kafka-pool-sample.envName" $topic -}}
{{- range $other := $.Values.kafka.topics -}}
{{- if and (ne $other $topic) (eq (include "kafka-pool-sample.envName" $other) $name) -}}
{{- fail (printf "kafka.topicLimits: the variables KAFKA_TOPIC_LIMITS_%s_* of topic %q could be for topic %q of kafka.topics too (both read so as a variable name), and the app would refuse to start; name topics that differ in more than case, dots and dashes, or limit neither" $name $topic $other) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
Whether the chart's NetworkPolicy lets nothing reach the management port: "true" or empty. Rules of
networkPolicy.extraIngress may (the chart does not read their ports): then it is not said.
*/}}
{{- define "kafka-pool-sample.managementClosed" -}}
{{- $np := .Values.networkPolicy -}}
{{- if and $np.enabled (not (or $np.allowExternal $np.managementNSMatchLabels $np.managementPodMatchLabels $np.extraIngress)) }}true{{ end -}}
{{- end -}}

{{/*
Values Kubernetes takes that would hurt later, one WARNING paragraph each for the NOTES: the
install goes on, so that an operator who means it is not stopped.
*/}}
{{- define "kafka-pool-sample.warnings" -}}
{{- if and .Values.metrics.serviceMonitor.enabled (include "kafka-pool-sample.managementClosed" .) }}

WARNING: metrics.serviceMonitor is on, but the NetworkPolicy lets nothing reach the management port (networkPolicy.allowExternal=false, networkPolicy.managementNSMatchLabels and managementPodMatchLabels empty): Prometheus's scrapes are refused, no kafka_publisher_* series exist, and the PrometheusRule's alerts cannot fire.
  Set networkPolicy.managementNSMatchLabels to the labels of Prometheus's namespace (e.g. kubernetes.io/metadata.name: monitoring), or add a NetworkPolicy of your own that lets it in.
{{- end }}
{{- if and .Values.pdb.create (regexMatch "^[0-9]+$" (toString .Values.pdb.minAvailable)) -}}
{{- $replicas := .Values.autoscaling.enabled | ternary .Values.autoscaling.minReplicas .Values.replicaCount -}}
{{- if and (gt (int64 .Values.pdb.minAvailable) 0) (ge (int64 .Values.pdb.minAvailable) (int64 $replicas)) }}

WARNING: pdb.minAvailable ({{ .Values.pdb.minAvailable }}) is not below the {{ .Values.autoscaling.enabled | ternary "autoscaling.minReplicas" "replicaCount" }} ({{ $replicas }}): no pod may ever be evicted, so every node drain waits for you.
  Lower it, or use pdb.maxUnavailable.
{{- end }}
{{- end }}
{{- if and .Values.pdb.create (or (eq (toString .Values.pdb.minAvailable) "100%") (regexMatch "^0+%?$" (toString .Values.pdb.maxUnavailable))) }}

WARNING: {{ (eq (toString .Values.pdb.minAvailable) "100%") | ternary "pdb.minAvailable is 100%" (printf "pdb.maxUnavailable is %v" .Values.pdb.maxUnavailable) }}: no pod may ever be evicted, so every node drain waits for you.
  Use pdb.maxUnavailable: 1.
{{- end }}
{{- if and .Values.journal.enabled (not (include "kafka-pool-sample.journal.persistent" .)) }}
{{- $limit := toString (dig "limits" "ephemeral-storage" "" (.Values.resources | default dict)) }}
{{- if regexMatch "^[0-9]+([.][0-9]+)?(Ki|Mi|Gi|Ti|k|M|G|T)?$" $limit }}
{{- $volume := include "kafka-pool-sample.journal.volumeSize" (list . .Values.journal.sizeLimit) }}
{{- $tmp := include "kafka-pool-sample.quantity" (.Values.tmpDir.sizeLimit | default "") }}
{{- $needed := include "kafka-pool-sample.bytes" (list "journal.sizeLimit" $volume) | int64 }}
{{- if $tmp }}{{ $needed = add $needed (include "kafka-pool-sample.bytes" (list "tmpDir.sizeLimit" $tmp) | int64) }}{{ end }}
{{- if lt (include "kafka-pool-sample.bytes" (list "resources.limits.ephemeral-storage" $limit) | int64) $needed }}

WARNING: resources.limits.ephemeral-storage ({{ $limit }}) is below the journal's emptyDir ({{ $volume }}){{ if $tmp }} plus /tmp's ({{ $tmp }}), which the container's logs share too{{ end }}: the kubelet would evict the pod, deleting the journal with it, before the journal is full.
  Raise the limit above the journal's size plus /tmp, lower kafka.journal.maxBytes, or put the journal on a claim (journal.persistence.enabled).
{{- end }}
{{- end }}
{{- end }}
{{- range $resource, $target := dict "cpu" .Values.autoscaling.targetCPU "memory" .Values.autoscaling.targetMemory }}
{{- $resources := $.Values.resources | default dict }}
{{- if and $.Values.autoscaling.enabled $target (not (dig "requests" $resource "" $resources)) (not (dig "limits" $resource "" $resources)) }}

WARNING: autoscaling.target{{ eq $resource "cpu" | ternary "CPU" "Memory" }} ({{ $target }} %) is a share of the container's {{ $resource }} request, and neither resources.requests.{{ $resource }} nor a limit to take it from is set: unless a LimitRange of the namespace gives a default request, the HorizontalPodAutoscaler never scales on it.
  Set resources.requests.{{ $resource }}, or leave autoscaling.target{{ eq $resource "cpu" | ternary "CPU" "Memory" }} empty.
{{- end }}
{{- end }}
{{- $timeoutMillis := include "kafka-pool-sample.durationMillis" .Values.kafka.startupTimeout | int64 }}
{{- if and .Values.startupProbe.enabled (ge $timeoutMillis 0) }}
{{- $probe := .Values.startupProbe }}
{{- $budget := add (int64 $probe.initialDelaySeconds) (mul (int64 $probe.periodSeconds) (int64 $probe.failureThreshold)) }}
{{- if gt $timeoutMillis (mul $budget 1000) }}

WARNING: kafka.startupTimeout ({{ .Values.kafka.startupTimeout }}) is longer than the startup probe allows ({{ $budget }} s: initialDelaySeconds + periodSeconds x failureThreshold): the kubelet restarts the container before the app gives up with its report of what is wrong.
  Raise startupProbe.failureThreshold, or lower kafka.startupTimeout (unset, it is half the probe's budget).
{{- end }}
{{- end }}
{{- $allowed := .Values.kafka.topics | default list }}
{{- /* extraEnv may give the allow-list itself (from a Secret or ConfigMap, which the chart cannot read): then the app judges */}}
{{- range $topic, $limit := (eq (include "kafka-pool-sample.extraEnvSets" (list . "KAFKA_TOPICS")) "true") | ternary (dict) .Values.kafka.topicLimits }}
{{- if not (has $topic $allowed) }}

WARNING: kafka.topicLimits.{{ $topic }} names a topic that is not in kafka.topics: the app finds a limit's topic from its variable's name (KAFKA_TOPIC_LIMITS_{{ include "kafka-pool-sample.envName" $topic }}_*) among the allow-listed topics, and will refuse to start.
  Add {{ $topic }} to kafka.topics.
{{- end }}
{{- end }}
{{- end -}}

{{/*
Milliseconds of a duration as Spring Boot reads it (a bare number is seconds; 10s, 500ms, 3m, 1d, or ISO-8601 such as
PT3M, PT2.5S or P1DT2H30M); -1 when it is empty or in no form read here. Digits lose their leading zeros first:
int64 reads 0300 as octal (192), where Spring Boot reads 300.
*/}}
{{- define "kafka-pool-sample.durationMillis" -}}
{{- $value := lower (toString (. | default "")) }}
{{- if regexMatch "^[0-9]+(ns|us|ms|s|m|h|d)?$" $value }}
{{- $number := regexFind "[1-9][0-9]*" $value | default "0" | int64 }}
{{- $unit := regexFind "[a-z]+$" $value | default "s" }}
{{- get (dict "ns" (div $number 1000000) "us" (div $number 1000) "ms" $number "s" (mul $number 1000) "m" (mul $number 60000) "h" (mul $number 3600000) "d" (mul $number 86400000)) $unit }}
{{- else if regexMatch "^\\+?p([0-9]+d)?(t([0-9]+h)?([0-9]+m)?([0-9]+([.,][0-9]*)?s)?)?$" $value }}
{{- $days := regexFind "[0-9]+d" $value | regexFind "[1-9][0-9]*" | default "0" | int64 }}
{{- $time := regexFind "t.*$" $value }}
{{- $hours := regexFind "[0-9]+h" $time | regexFind "[1-9][0-9]*" | default "0" | int64 }}
{{- $minutes := regexFind "[0-9]+m" $time | regexFind "[1-9][0-9]*" | default "0" | int64 }}
{{- $secondsPart := regexFind "[0-9]+([.,][0-9]*)?s" $time }}
{{- $seconds := regexFind "^[0-9]+" $secondsPart | regexFind "[1-9][0-9]*" | default "0" | int64 }}
{{- $fraction := regexFind "[.,][0-9]*" $secondsPart | trimPrefix "." | trimPrefix "," }}
{{- $millis := printf "%s000" $fraction | trunc 3 | regexFind "[1-9][0-9]*" | default "0" | int64 }}
{{- add (mul $days 86400000) (mul $hours 3600000) (mul $minutes 60000) (mul $seconds 1000) $millis }}
{{- else -}}
-1
{{- end }}
{{- end }}
