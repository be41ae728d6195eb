/**
 * The sample's OpenAPI document (springdoc): {@code /v3/api-docs} and Swagger UI.
 */
package dev.kafkapool.sample.openapi;
