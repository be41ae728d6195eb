/**
 * Cross-cutting HTTP concerns of the sample: the {@code sample.http.*} limits, strict JSON
 * bodies, and {@code application/problem+json} answers for every error.
 */
package dev.kafkapool.sample.web;
