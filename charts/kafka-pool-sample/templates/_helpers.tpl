{{/*
Names and labels shared by every template.
Kubernetes names are limited to 63 characters (DNS-1123 label), hence the trunc.
*/}}

{{/* The chart name, or nameOverride. */}}
{{- define "kafka-pool-sample.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
The name of every object: fullnameOverride, or "<release>-<chart>", collapsed to the release
name when the release name already contains the chart name (avoids "kafka-pool-sample-kafka-pool-sample").
*/}}
{{- define "kafka-pool-sample.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* "name-version" for the helm.sh/chart label ("+" is not allowed in label values). */}}
{{- define "kafka-pool-sample.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels that select the pods; they must never change after the first install. */}}
{{- define "kafka-pool-sample.selectorLabels" -}}
app.kubernetes.io/name: {{ include "kafka-pool-sample.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/*
The label that admits a client pod to the API under a locked-down NetworkPolicy:
"<fullname>-client", its name part cut to the 63 characters a label key's name may have.
*/}}
{{- define "kafka-pool-sample.clientLabel" -}}
{{- printf "%s-client" (include "kafka-pool-sample.fullname" . | trunc 56 | trimSuffix "-") -}}
{{- end -}}

{{/*
The Service of the management port: the release's Service when it is a ClusterIP one, else
"<fullname>-management", a ClusterIP Service of its own.
*/}}
{{- define "kafka-pool-sample.managementServiceName" -}}
{{- if eq .Values.service.type "ClusterIP" -}}
{{- include "kafka-pool-sample.fullname" . -}}
{{- else -}}
{{- printf "%s-management" (include "kafka-pool-sample.fullname" . | trunc 52 | trimSuffix "-") -}}
{{- end -}}
{{- end -}}

{{/* The dashboard's ConfigMap: "<fullname>-dashboard". */}}
{{- define "kafka-pool-sample.dashboardName" -}}
{{- printf "%s-dashboard" (include "kafka-pool-sample.fullname" .) -}}
{{- end -}}

{{/* Labels of every object: the selector labels plus version and ownership, then commonLabels. */}}
{{- define "kafka-pool-sample.labels" -}}
{{- include "kafka-pool-sample.labelsWith" (dict "context" .) -}}
{{- end -}}

{{/*
Labels of an object as one map, each key once (the API server refuses a key twice): the object's
own ("extra", e.g. the label a Prometheus operator selects by) over commonLabels over the standard
ones, and the selector's over all (validate refuses commonLabels that would change them).
Usage: include "kafka-pool-sample.labelsWith" (dict "context" $ "extra" .Values.metrics.serviceMonitor.labels)
*/}}
{{- define "kafka-pool-sample.labelsWith" -}}
{{- $context := .context -}}
{{- $standard := dict "helm.sh/chart" (include "kafka-pool-sample.chart" $context) "app.kubernetes.io/managed-by" $context.Release.Service "app.kubernetes.io/part-of" "kafka-pool" -}}
{{- $_ := set $standard "app.kubernetes.io/version" (include "kafka-pool-sample.imageTag" $context | trunc 63 | trimSuffix "-" | trimSuffix "." | trimSuffix "_") -}}
{{- $labels := merge (deepCopy (.extra | default dict)) (deepCopy ($context.Values.commonLabels | default dict)) $standard -}}
{{- $labels = merge (include "kafka-pool-sample.selectorLabels" $context | fromYaml) $labels -}}
{{- toYaml $labels -}}
{{- end -}}

{{/*
Annotations of an object as YAML: its own ("extra") over commonAnnotations; empty when there are none.
Usage: with include "kafka-pool-sample.annotations" (dict "context" $ "extra" .Values.service.annotations)
*/}}
{{- define "kafka-pool-sample.annotations" -}}
{{- $annotations := merge (dict) (.extra | default dict) (.context.Values.commonAnnotations | default dict) -}}
{{- with $annotations -}}
{{- toYaml . -}}
{{- end -}}
{{- end -}}

{{/* The image tag: image.tag, or the chart's appVersion. */}}
{{- define "kafka-pool-sample.imageTag" -}}
{{- .Values.image.tag | default .Chart.AppVersion -}}
{{- end -}}

{{/* repository:tag, or repository@digest when a digest pins the image. */}}
{{- define "kafka-pool-sample.image" -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository (include "kafka-pool-sample.imageTag" .) -}}
{{- end -}}
{{- end -}}

{{/* The ServiceAccount the pods run as. */}}
{{- define "kafka-pool-sample.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "kafka-pool-sample.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/*
The startup probe's path: startupProbe.path when set; otherwise readiness (a pod has started once
it takes traffic, Kafka included), but liveness when fail-fast is off (kafka.failFast=false, or
KAFKA_FAIL_FAST=false in extraEnv): such a pod may start during a broker outage, and should wait
unready then, not be restarted after failureThreshold x periodSeconds.
*/}}
{{- define "kafka-pool-sample.startupProbePath" -}}
{{- $failFastOff := eq (toString .Values.kafka.failFast) "false" -}}
{{- range (.Values.extraEnv | default list) -}}
{{- if eq .name "KAFKA_FAIL_FAST" -}}
{{- $failFastOff = has (lower (trim (toString .value))) (list "false" "off" "no" "0") -}}
{{- end -}}
{{- end -}}
{{- if .Values.startupProbe.path -}}
{{- .Values.startupProbe.path -}}
{{- else if $failFastOff -}}
/actuator/health/liveness
{{- else -}}
/actuator/health/readiness
{{- end -}}
{{- end -}}

{{/*
A value as text, a whole number as an integer (a number of a values file is a float64, and
2147483648 would print as 2.147483648e+09), and null as "" (toString would print "<nil>").
*/}}
{{- define "kafka-pool-sample.text" -}}
{{- if kindIs "invalid" . -}}
{{- else if and (kindIs "float64" .) (eq . (floor .)) -}}
{{- int64 . -}}
{{- else -}}
{{- toString . -}}
{{- end -}}
{{- end -}}

{{/*
Whether extraEnv gives the variable (list . "NAME") a value: "true" or empty. Its value may come from a
Secret (valueFrom) the chart cannot see; an empty value is none.
*/}}
{{- define "kafka-pool-sample.extraEnvSets" -}}
{{- $name := index . 1 -}}
{{- range ((index . 0).Values.extraEnv | default list) -}}
{{- if and (eq .name $name) (or .valueFrom (ne (trim (toString (.value | default ""))) "")) }}true{{ end -}}
{{- end -}}
{{- end -}}

{{/* Whether extraEnv turns the switch (list . "NAME") off (false, off, no or 0, as the starter reads them): "true" or empty. */}}
{{- define "kafka-pool-sample.extraEnvOff" -}}
{{- $name := index . 1 -}}
{{- $off := "" -}}
{{- range ((index . 0).Values.extraEnv | default list) -}}
{{- if eq .name $name -}}
{{- $off = has (lower (trim (toString .value))) (list "false" "off" "no" "0") | ternary "true" "" -}}
{{- end -}}
{{- end -}}
{{- $off -}}
{{- end -}}
