{{/*
The durable journal: the volume KAFKA_JOURNAL_DIR points at, and its size. The app keeps an
accepted record in the journal until the broker acknowledges it, and its files never take more
than kafka.journal.maxBytes, so the volume is sized from that value: a volume that filled up
(an emptyDir beyond its sizeLimit gets the pod evicted) would lose the journal it exists for.
*/}}

{{/*
Bytes of a size: a Spring Boot DataSize as the app reads KAFKA_JOURNAL_MAX_BYTES (1GB, 512MB,
1048576; KB, MB, GB and TB are multiples of 1024) or a Kubernetes quantity (1280Mi, 2Gi, 2G).
Usage: include "kafka-pool-sample.bytes" (list "value.name" value) | int64
*/}}
{{- define "kafka-pool-sample.bytes" -}}
{{- $name := index . 0 -}}
{{- $value := index . 1 -}}
{{- $size := include "kafka-pool-sample.text" $value -}}
{{- $units := dict "" 1 "B" 1 "KB" 1024 "MB" 1048576 "GB" 1073741824 "TB" 1099511627776 "Ki" 1024 "Mi" 1048576 "Gi" 1073741824 "Ti" 1099511627776 "k" 1000 "M" 1000000 "G" 1000000000 "T" 1000000000000 -}}
{{- $number := regexFind "^[0-9]+([.][0-9]+)?" $size -}}
{{- $unit := trimPrefix $number $size -}}
{{- if or (not $number) (not (hasKey $units $unit)) -}}
{{- fail (printf "%s: %q is not a size; write e.g. 1GB, 512MB, 2Gi or 1280Mi" $name $size) -}}
{{- end -}}
{{- if contains "." $number -}}
{{- int64 (mulf (float64 $number) (index $units $unit)) -}}
{{- else -}}
{{- mul (int64 $number) (index $units $unit) -}}
{{- end -}}
{{- end -}}

{{/*
A size as the Kubernetes quantity the API server takes: a DataSize's KB, MB, GB and TB (multiples
of 1024, as the app reads them) become Ki, Mi, Gi and Ti, and a trailing B goes; a quantity stays
(the API server refuses "2GB").
*/}}
{{- define "kafka-pool-sample.quantity" -}}
{{- regexReplaceAll "^([0-9]+)B$" (regexReplaceAll "^([0-9]+)([KMGT])B$" (include "kafka-pool-sample.text" .) "${1}${2}i") "${1}" -}}
{{- end -}}

{{/* Bytes of kafka.journal.maxBytes. */}}
{{- define "kafka-pool-sample.journal.maxBytes" -}}
{{- include "kafka-pool-sample.bytes" (list "kafka.journal.maxBytes" .Values.kafka.journal.maxBytes) -}}
{{- end -}}

{{/*
Size of the journal's volume: the given one (journal.sizeLimit for the emptyDir,
journal.persistence.size for a created claim), or maxBytes plus a quarter, in Mi.
Usage: include "kafka-pool-sample.journal.volumeSize" (list $ given)
*/}}
{{- define "kafka-pool-sample.journal.volumeSize" -}}
{{- $context := index . 0 -}}
{{- $given := index . 1 -}}
{{- if $given -}}
{{- include "kafka-pool-sample.quantity" $given -}}
{{- else -}}
{{- $maxBytes := include "kafka-pool-sample.journal.maxBytes" $context | int64 -}}
{{- printf "%dMi" (div (add (div (mul $maxBytes 5) 4) 1048575) 1048576) -}}
{{- end -}}
{{- end -}}

{{/* Whether the journal lives on a PersistentVolumeClaim: "true" or empty. */}}
{{- define "kafka-pool-sample.journal.persistent" -}}
{{- if and .Values.journal.enabled .Values.journal.persistence.enabled -}}true{{- end -}}
{{- end -}}

{{/* The claim the journal is on: the existing one, or the chart's "<fullname>-journal". */}}
{{- define "kafka-pool-sample.journal.claimName" -}}
{{- .Values.journal.persistence.existingClaim | default (printf "%s-journal" (include "kafka-pool-sample.fullname" .)) -}}
{{- end -}}

{{/*
The container's resources: .Values.resources, and with the journal on an emptyDir an
ephemeral-storage request of its size plus /tmp's (tmpDir.sizeLimit), in MiB rounded up, unless resources request or limit ephemeral storage
themselves (with only a limit, Kubernetes requests the limit; a request above it is refused). A pod
using more ephemeral storage than it requests is among the first the kubelet evicts under disk
pressure, and an eviction deletes the emptyDir: the very records the journal is there to keep.
*/}}
{{- define "kafka-pool-sample.resources" -}}
{{- $resources := deepCopy (.Values.resources | default dict) -}}
{{- if and .Values.journal.enabled (not (include "kafka-pool-sample.journal.persistent" .)) -}}
{{- $requests := $resources.requests | default dict -}}
{{- $limits := $resources.limits | default dict -}}
{{- if not (or (hasKey $requests "ephemeral-storage") (hasKey $limits "ephemeral-storage")) -}}
{{- $bytes := include "kafka-pool-sample.bytes" (list "journal.sizeLimit" (include "kafka-pool-sample.journal.volumeSize" (list . .Values.journal.sizeLimit))) | int64 -}}
{{- with include "kafka-pool-sample.quantity" (.Values.tmpDir.sizeLimit | default "") -}}
{{- $bytes = add $bytes (include "kafka-pool-sample.bytes" (list "tmpDir.sizeLimit" .) | int64) -}}
{{- end -}}
{{- $_ := set $requests "ephemeral-storage" (printf "%dMi" (div (add $bytes 1048575) 1048576)) -}}
{{- $_ := set $resources "requests" $requests -}}
{{- end -}}
{{- end -}}
{{- toYaml $resources -}}
{{- end -}}

{{/* The journal volume of the pod: the claim, or an emptyDir with a size limit. */}}
{{- define "kafka-pool-sample.journal.volume" -}}
- name: journal
  {{- if include "kafka-pool-sample.journal.persistent" . }}
  persistentVolumeClaim:
    claimName: {{ include "kafka-pool-sample.journal.claimName" . }}
  {{- else }}
  # Lives as long as the pod: it survives OOMKills and container restarts, not the pod's deletion.
  emptyDir:
    sizeLimit: {{ include "kafka-pool-sample.journal.volumeSize" (list . .Values.journal.sizeLimit) | quote }}
  {{- end }}
{{- end -}}

{{/*
Bytes of one segment of the journal, as the app sizes them for kafka.journal.maxBytes: 64MB, or an
eighth of the bound when that is smaller (in whole 4 KB pages, at least 64 KB).
*/}}
{{- define "kafka-pool-sample.journal.segmentBytes" -}}
{{- $maxBytes := include "kafka-pool-sample.journal.maxBytes" . | int64 -}}
{{- min 67108864 (max 65536 (mul (div (div $maxBytes 8) 4096) 4096)) -}}
{{- end -}}

{{/*
Fails unless a journal volume size leaves room above kafka.journal.maxBytes: the app wants room for
its bound plus one segment (it warns at start otherwise, and publish is refused as JOURNAL_FULL once
the disk is full), and a tenth of the bound more for the lock file, the directory and the file
system's own blocks.
Usage: include "kafka-pool-sample.journal.checkSize" (list $ "journal.sizeLimit" value)
*/}}
{{- define "kafka-pool-sample.journal.checkSize" -}}
{{- $context := index . 0 -}}
{{- $name := index . 1 -}}
{{- $given := index . 2 -}}
{{- if $given -}}
{{- $size := include "kafka-pool-sample.bytes" (list $name $given) | int64 -}}
{{- $maxBytes := include "kafka-pool-sample.journal.maxBytes" $context | int64 -}}
{{- $segment := include "kafka-pool-sample.journal.segmentBytes" $context | int64 -}}
{{- $least := add $maxBytes $segment (div $maxBytes 10) -}}
{{- if lt $size $least -}}
{{- fail (printf "%s (%v) must be at least %dMi: kafka.journal.maxBytes (%v), plus one segment of the journal (%dKi: the app wants room for its bound and one more), plus a tenth of the bound for the file system's own blocks; a full volume loses the journal. Raise %s or leave it empty to derive it" $name (include "kafka-pool-sample.text" $given) (div (add $least 1048575) 1048576) (include "kafka-pool-sample.text" $context.Values.kafka.journal.maxBytes) (div $segment 1024) $name) -}}
{{- end -}}
{{- end -}}
{{- end -}}
