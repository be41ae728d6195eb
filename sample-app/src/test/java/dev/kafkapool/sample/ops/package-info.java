/**
 * What an operator runs beside the app: the Helm chart's Grafana dashboard and Prometheus alerts,
 * checked against a real Prometheus (Debian's {@code prometheus} package, which {@code .ci/run}
 * installs) that scrapes the running sample app, and with {@code promtool}.
 */
package dev.kafkapool.sample.ops;
